package kernelhelpers

import (
	"fmt"
	"html"
	"os"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/gradnb/gradnb/pkg/exercise"
)

// GradingEnv is the environment variable that turns on grading mode: when
// it is "1", [Check] of a wrong answer ends the cell's program with exit
// status 1, so that nbgrader's autograder, which counts a test cell as
// passed when it runs without error, scores it 0. Without it a wrong
// answer only shows its hint and the notebook runs on.
const GradingEnv = "GRADNB_GRADING"

// Grading reports whether grading mode is on (GRADNB_GRADING=1).
func Grading() bool { return os.Getenv(GradingEnv) == "1" }

// CheckHTML returns the HTML Check shows for r: one line, ✓ on green or ✗
// on amber, with r's sentence escaped.
func CheckHTML(r exercise.Result) string {
	color, bg := "#b26a00", "#fff4e0"
	if r.OK {
		color, bg = "#2e7d32", "#e8f5e9"
	}
	return fmt.Sprintf(`<div class="gradnb-check" style="border-left:4px solid %s;background:%s;padding:4px 10px;margin:2px 0">%s</div>`,
		color, bg, html.EscapeString(r.String()))
}

// Check shows the result of an exercise check: "✓ " and what the right
// answer shows, or "✗ " and a hint. In a notebook it is one MIME bundle
// (text/html from [CheckHTML], text/plain the same line); outside a
// notebook it prints the line on standard output. In grading mode (see
// [GradingEnv]) a wrong answer then prints a line on standard error and
// ends the program with exit status 1. It returns nil, or the error of
// the display.
//
// When [Recording] (inside a JupyterHub, or [RecordEnv]=1), Check also
// appends the result to the learner's record file ([RecordPath]) for the
// teacher's progress page; that never shows anything or fails the cell.
func Check(r exercise.Result) error {
	var err error
	if gonbui.IsNotebook {
		gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML:  CheckHTML(r),
			protocol.MIMETextPlain: r.String(),
		}})
		gonbui.Sync() // the output must reach GoNB before the program ends
		err = gonbui.Error()
	} else {
		fmt.Println(r.String())
	}
	record(r)
	if !r.OK && Grading() {
		fmt.Fprintf(os.Stderr, "grading (%s=1): wrong answer: %s\n", GradingEnv, r.Hint)
		os.Exit(1)
	}
	return err
}
