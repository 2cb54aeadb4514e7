package notebooks_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
	"github.com/gradnb/gradnb/pkg/exercise"
)

// The notebook tests execute every notebook through the real client,
// `jupyter nbconvert --execute`, with the gonb kernel registered in a
// private Jupyter data directory. They are skipped under -short. Outside
// CI a missing Jupyter or kernel skips them with a loud message; in CI
// (CI set in the environment) it fails them.

var (
	env      *nbrun.Env
	setupErr error
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if testing.Short() {
			return m.Run()
		}
		root, err := nbrun.FindRoot(".")
		if err != nil {
			setupErr = err
			return m.Run()
		}
		dataDir, err := os.MkdirTemp("", "gradnb-jupyter-")
		if err != nil {
			setupErr = err
			return m.Run()
		}
		defer os.RemoveAll(dataDir)
		env = &nbrun.Env{Root: root, BinDir: filepath.Join(root, "bin"), DataDir: dataDir}
		if setupErr = env.Check(); setupErr == nil {
			_, setupErr = env.InstallKernel()
		}
		return m.Run()
	}()
	os.Exit(code)
}

// runs caches one execution per notebook for the whole test binary.
var runs sync.Map // name → *execution

type execution struct {
	once    sync.Once
	nb      *nbrun.Notebook
	elapsed time.Duration
	log     []byte
	err     error
}

// execute runs notebooks/<name> once and returns the executed notebook.
func execute(t *testing.T, name string) *nbrun.Notebook {
	t.Helper()
	if testing.Short() {
		t.Skip("notebook tests execute real Jupyter; skipped under -short")
	}
	if setupErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("notebook tests need Jupyter and the gonb kernel, and CI must provide them: %v", setupErr)
		}
		t.Skipf("SKIPPING notebook test (not in CI): %v — `make test` sets everything up", setupErr)
	}
	v, _ := runs.LoadOrStore(name, &execution{})
	ex := v.(*execution)
	ex.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		ex.nb, ex.elapsed, ex.log, ex.err = env.Execute(ctx, filepath.Join(env.Root, "notebooks", name), 5*time.Minute)
	})
	if ex.err != nil {
		t.Fatalf("%v\n%s", ex.err, ex.log)
	}
	t.Logf("%s executed in %.1f s", name, ex.elapsed.Seconds())
	if errs := ex.nb.Errors(); len(errs) > 0 {
		t.Fatalf("%s has error outputs:\n%s", name, strings.Join(errs, "\n"))
	}
	return ex.nb
}

// checkCommitted asserts that the committed notebook's text outputs equal
// the fresh execution's, cell by cell, and that the committed file is in
// normal form (as `make run` writes it).
func checkCommitted(t *testing.T, name string, fresh *nbrun.Notebook) {
	t.Helper()
	path := filepath.Join(env.Root, "notebooks", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := nbrun.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	cc, fc := committed.CodeCells(), fresh.CodeCells()
	if len(cc) != len(fc) {
		t.Fatalf("committed %s has %d code cells, the executed one %d", name, len(cc), len(fc))
	}
	for i := range cc {
		if got, want := cc[i].Text(), fc[i].Text(); got != want {
			t.Errorf("code cell %d: committed text output differs from a fresh run (run `make run`):\n--- committed\n%s\n--- fresh\n%s", i+1, got, want)
		}
	}
	committed.Normalize()
	norm, err := committed.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(norm, data) {
		t.Errorf("committed %s is not in normal form (ids, metadata): regenerate it with `make run`", name)
	}
}

var machinePath = regexp.MustCompile(`/(root|home|tmp|Users)/[A-Za-z0-9_]`)

// Figure is a rich output: a static figure, an animation, an explorable, a
// table or a progress bar.
type Figure struct {
	Kind   string // "figure", "animation", "explorable", "table", "progress" or "check"
	Plain  string
	HTML   string
	SVG    []byte
	Frames int
}

// checkOutputs asserts the properties every output of every notebook must
// have, and returns the figures and animations in order.
func checkOutputs(t *testing.T, nb *nbrun.Notebook) []Figure {
	t.Helper()
	var figs []Figure
	for i, c := range nb.CodeCells() {
		if machinePath.MatchString(c.Text()) {
			t.Errorf("code cell %d shows a machine path: %q", i+1, c.Text())
		}
		for _, o := range c.Rich() {
			if _, ok := o.Data["image/svg+xml"]; ok {
				t.Errorf("code cell %d: output carries image/svg+xml, which nbconvert ≤7.6 mangles; use text/html", i+1)
			}
			plain, ok := o.Data["text/plain"]
			if !ok {
				t.Errorf("code cell %d: rich output without text/plain", i+1)
				continue
			}
			h := o.Data["text/html"]
			if h == "" {
				t.Errorf("code cell %d: rich output without text/html", i+1)
				continue
			}
			for _, u := range []string{"http://", "https://"} {
				for _, m := range regexp.MustCompile(regexp.QuoteMeta(u)+`[^"' )<]*`).FindAllString(h, -1) {
					if m != "http://www.w3.org/2000/svg" && m != "http://www.w3.org/1999/xlink" {
						t.Errorf("code cell %d: output refers to an external URL %q", i+1, m)
					}
				}
			}
			if !strings.Contains(h, "data:image/svg+xml") {
				// Tables and progress bars are HTML only.
				kind := ""
				switch {
				case strings.Contains(h, `class="gradnb-table"`):
					kind = "table"
				case strings.Contains(h, `class="gradnb-progress"`):
					kind = "progress"
				case strings.Contains(h, `class="gradnb-check"`):
					kind = "check"
				default:
					t.Errorf("code cell %d: rich output %q is neither an image nor a gradnb table, progress bar or exercise check", i+1, plain)
					continue
				}
				figs = append(figs, Figure{Kind: kind, Plain: plain, HTML: h})
				continue
			}
			svgs, err := o.EmbeddedSVG()
			if err != nil || len(svgs) != 1 {
				t.Errorf("code cell %d: want one embedded SVG data URI, got %d (%v)", i+1, len(svgs), err)
				continue
			}
			if err := wellFormed(svgs[0]); err != nil {
				t.Errorf("code cell %d: embedded SVG is not well-formed XML: %v", i+1, err)
			}
			f := Figure{Plain: plain, HTML: h, SVG: svgs[0]}
			f.Kind, _, _ = strings.Cut(plain, ":")
			f.Frames = bytes.Count(svgs[0], []byte("data-frame="))
			figs = append(figs, f)
		}
	}
	return figs
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// stdoutWith returns the stdout of the first code cell whose output
// contains every given line as a block of consecutive lines.
func containsBlock(out string, block []string) bool {
	return strings.HasPrefix(out, strings.Join(block, "\n")+"\n") ||
		strings.Contains(out, "\n"+strings.Join(block, "\n")+"\n")
}

func requireBlock(t *testing.T, nb *nbrun.Notebook, what string, block []string) {
	t.Helper()
	for _, c := range nb.CodeCells() {
		if containsBlock(c.Stdout(), block) {
			return
		}
	}
	t.Errorf("%s: no cell prints these %d lines:\n%s", what, len(block), strings.Join(block, "\n"))
}

// kinds counts figures and lists animation frame counts.
func kinds(figs []Figure) (nFig int, frames []int) {
	for _, f := range figs {
		switch f.Kind {
		case "figure":
			nFig++
		case "animation":
			frames = append(frames, f.Frames)
		}
	}
	return nFig, frames
}

func equalInts(a, b []int) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// checkStarters asserts issue 13's shape for the learner's edition: about
// five exercises (four to six), each a valid starter/check/solution group
// (nbrun.FindExercises validates the cells and their nbgrader metadata), and
// each check, run on the committed starter, shows exactly one output, the
// not-written hint. That the solutions turn every check ✓ is TestEditions'.
func checkStarters(t *testing.T, nb *nbrun.Notebook, name string) {
	t.Helper()
	exs, err := nbrun.FindExercises(nb, name)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) < 4 || len(exs) > 6 {
		t.Errorf("%s has %d exercises, want about five", name, len(exs))
	}
	for _, ex := range exs {
		c := nb.Cells[ex.Check]
		var got []string
		for _, o := range c.Rich() {
			got = append(got, o.Data["text/plain"])
		}
		if len(got) != 1 || got[0] != "✗ "+exercise.NotWritten {
			t.Errorf("%s: the check on the starter shows %q, want only %q", ex.ID, got, "✗ "+exercise.NotWritten)
		}
	}
}
