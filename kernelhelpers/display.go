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
	return report(send(h, fmt.Sprintf("animation: %d frames, %s", a.Len(), a.Title)))
}
