package kernelhelpers

import (
	"errors"
	"fmt"
	"os"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/figure"
)

// ErrNotNotebook is returned by the display functions outside a GoNB kernel.
var ErrNotNotebook = errors.New("kernelhelpers: not running in a GoNB notebook")

// send publishes one MIME bundle: text/html and its text/plain summary.
func send(htmlContent, plain string) error {
	if !gonbui.IsNotebook {
		return ErrNotNotebook
	}
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMETextHTML:  htmlContent,
		protocol.MIMETextPlain: plain,
	}})
	// Wait until GoNB has the output: it stops reading the pipe when the
	// cell's program exits, so an output still in the pipe would be lost.
	gonbui.Sync()
	return gonbui.Error()
}

// report prints err on standard error, where the notebook shows it, and
// returns it, so that a cell may ignore the returned value.
func report(err error) error {
	if err != nil && gonbui.IsNotebook {
		fmt.Fprintln(os.Stderr, err)
	}
	return err
}

// ShowSVG shows SVG bytes as a figure; caption is its text/plain view and
// text alternative.
func ShowSVG(svg []byte, caption string) error {
	return report(send(FigureHTML(svg, caption), "figure: "+caption))
}

// Show renders a plot at the default size (6 × 6 inches, the sources'
// figsize) and shows it, with its title as caption. It takes the two results
// of a figure constructor as they come, so a cell can write
//
//	kh.Show(figure.LossPlot(f, view))
//
// and a constructor's error is shown instead of the figure.
func Show(p *plot.Plot, err error) error {
	return ShowSized(p, err, figure.DefaultSize, figure.DefaultSize)
}

// ShowSized is Show at w × h.
func ShowSized(p *plot.Plot, err error, w, h vg.Length) error {
	if err != nil {
		return report(err)
	}
	svg, err := figure.SVG(p, w, h)
	if err != nil {
		return report(err)
	}
	return ShowSVG(svg, p.Title.Text)
}

// Play shows an animation with its player. Like Show, it takes a
// constructor's two results: kh.Play(figure.TangentAnimation(f, r, spec)).
// It also shows explorable figures (figure.NewExplorable, PathExplorer,
// ContourExplorer), whose player is a slider over the parameter's values.
func Play(a *figure.Animation, err error) error { return PlayNamed(a, err, "") }

// PlayNamed is Play with a name that salts the output's id, for showing the
// same animation twice in one notebook.
func PlayNamed(a *figure.Animation, err error, name string) error {
	if err != nil {
		return report(err)
	}
	h, err := AnimationHTML(a, name)
	if err != nil {
		return report(err)
	}
	return report(send(h, animationPlain(a)))
}

// ShowFigure shows a Figure (a grid of plots, or a plot with a suptitle).
// Like Show, it takes a constructor's two results:
// kh.ShowFigure(figure.Grid(spec, panels...)).
func ShowFigure(f *figure.Figure, err error) error {
	if err != nil {
		return report(err)
	}
	svg, err := f.SVG()
	if err != nil {
		return report(err)
	}
	return ShowSVG(svg, f.Title())
}

// ShowTable shows a table (see Table and TableHTML).
func ShowTable(t Table) error { return report(send(TableHTML(t), tablePlain(t))) }

// Progress is a progress bar for a long cell, updated in place. Only the
// last update of a display is saved in the notebook, so a cell should end
// with Done, whose summary is what readers of the saved notebook see; a bar
// left without Done keeps its last count, never a blank.
type Progress struct {
	label     string
	total     int
	displayID string
	lastPct   int
}

// NewProgress returns a progress bar for total steps and shows it at 0.
// Outside a notebook it shows nothing and its methods return ErrNotNotebook.
func NewProgress(label string, total int) *Progress {
	p := &Progress{label: label, total: max(total, 1), lastPct: -1}
	if gonbui.IsNotebook {
		// The display id is transient (never saved), so it need not be
		// deterministic; it must only be unique in the kernel's session.
		p.displayID = "gradnb-progress-" + gonbui.UniqueId()
	}
	_ = p.Update(0)
	return p
}

// Update shows done of total steps. It sends an update only when the
// percentage changes (at most 101 updates a bar), so it can be called on
// every iteration.
func (p *Progress) Update(done int) error {
	if !gonbui.IsNotebook {
		return ErrNotNotebook
	}
	pct := 100 * min(max(done, 0), p.total) / p.total
	if pct == p.lastPct {
		return nil
	}
	p.lastPct = pct
	return p.send(done, "")
}

// Done fills the bar and replaces the counts with note (if not empty): the
// final state that the notebook saves.
func (p *Progress) Done(note string) error {
	if !gonbui.IsNotebook {
		return ErrNotNotebook
	}
	p.lastPct = 100
	err := p.send(p.total, note)
	gonbui.Sync() // the final state must reach GoNB before the cell ends
	return err
}

func (p *Progress) send(done int, note string) error {
	gonbui.SendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML:  ProgressHTML(p.label, done, p.total, note),
			protocol.MIMETextPlain: progressPlain(p.label, min(max(done, 0), p.total), p.total, note),
		},
		DisplayID: p.displayID,
	})
	return gonbui.Error()
}
