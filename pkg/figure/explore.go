package figure

import (
	"errors"
	"fmt"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// Explore names the parameter values an explorable figure carries.
type Explore struct {
	// Param is the parameter's name, shown next to the slider ("lr").
	Param string
	// Labels name the values, one per frame ("lr = 0.35"); each frame
	// also shows its label in the figure, so views without scripts can tell
	// the values apart. PathExplorer and ContourExplorer take nil Labels to
	// mean each run's Result.Method.
	Labels []string
	// Default is the value shown first, and the only one shown where
	// neither scripts nor SMIL run.
	Default int
}

// withMethods fills in nil Labels with each run's Method
// ("GradientDescent(lr=0.35)"), so a cell need not restate its parameters.
func (e Explore) withMethods(runs []*optim.Result) Explore {
	if e.Labels != nil {
		return e
	}
	for _, r := range runs {
		if r == nil {
			e.Labels = append(e.Labels, "<nil run>")
			continue
		}
		e.Labels = append(e.Labels, r.Method)
	}
	return e
}

func (e Explore) check(n int) error {
	if n == 0 {
		return errors.New("figure: an explorable figure needs at least one value")
	}
	if err := checkText("Explore.Param", e.Param); err != nil {
		return err
	}
	for i, l := range e.Labels {
		if err := checkText(fmt.Sprintf("Explore.Labels[%d]", i), l); err != nil {
			return err
		}
	}
	if e.Param == "" {
		return errors.New("figure: an explorable figure needs Explore.Param, the parameter's name")
	}
	if len(e.Labels) != n {
		return fmt.Errorf("figure: Explore has %d labels for %d values", len(e.Labels), n)
	}
	if e.Default < 0 || e.Default >= n {
		return fmt.Errorf("figure: Explore.Default = %d is not a value index in [0, %d)", e.Default, n)
	}
	return nil
}

// NewExplorable is NewAnimation for a parameter instead of time: frame i
// holds what frame(i) draws for the i-th parameter value, over the
// background bg drawn once. Shown with kernelhelpers.Play, it is a figure
// with a slider labelled e.Param that switches between the precomputed
// values in the browser, without a kernel: in a live notebook, an exported
// page and nbviewer. Where scripts do not run, the image cycles through the
// values by itself (SMIL, 0.8 s each, 2 s on the last) and otherwise rests
// on e.Default. Each frame writes its label over a white box, at the same
// place in every frame: where the frames' lines and points (and, when bg
// was built by this package, its own) are sparsest, clear of the legend;
// where every such place covers some, above the data area, under the
// title (the data area is the lower by the label's height).
func NewExplorable(bg *plot.Plot, w, h vg.Length, e Explore, frame func(i int) []plot.Plotter) (*Animation, error) {
	if len(e.Labels) == 0 {
		return nil, errors.New("figure: an explorable figure needs at least one value")
	}
	if err := e.check(len(e.Labels)); err != nil {
		return nil, err
	}
	if frame == nil {
		return nil, errors.New("figure: NewExplorable needs a frame function, got nil")
	}
	lay := layoutOf(bg)
	if lay == nil {
		lay = &layout{}
		registerLayout(bg, lay)
	}
	frames := make([][]plot.Plotter, len(e.Labels))
	for i := range frames {
		var ps []plot.Plotter
		var box *noteBox
		for _, p := range frame(i) {
			if n, ok := p.(*noteBox); ok && box == nil {
				box = n // the frame's own lines go under the label
				continue
			}
			ps = append(ps, p)
		}
		lay.ink.add(ps...)
		lines := []noteLine{newNoteLine(e.Labels[i], 15)}
		if box != nil {
			lines = append(lines, box.lines...)
		}
		box = &noteBox{lay: lay, lines: lines}
		lay.fit(box)
		frames[i] = append(ps, box)
	}
	a, err := NewAnimation(bg, w, h, len(frames), func(i int) []plot.Plotter { return frames[i] })
	if err != nil {
		return nil, err
	}
	a.Param, a.Labels, a.Default = e.Param, append([]string(nil), e.Labels...), e.Default
	a.Interval, a.Hold = 800*time.Millisecond, 2*time.Second
	return a, nil
}

// runNote says how a run ended, for the frame of an explorable (which
// writes it under the frame's label). With until > 0 only the iterates up
// to iteration until are drawn, so the note describes the last of those,
// not the end of the run.
func runNote(r *optim.Result, until int) *noteBox {
	last := r.Trace[len(r.Trace)-1] // K, not the index: traces may be decimated
	cut := false
	if until > 0 && last.K > until {
		for _, it := range r.Trace {
			if it.K > until {
				break
			}
			last = it
		}
		cut = true
	}
	x := fmt.Sprintf("%.4g", last.X[0])
	if len(last.X) == 2 {
		x = fmt.Sprintf("(%.4g, %.4g)", last.X[0], last.X[1])
	}
	msg := fmt.Sprintf("更新 %d 回, x = %s", last.K, x)
	if r.Status == optim.Diverged && !cut {
		msg = fmt.Sprintf("%d 回の更新で発散", last.K)
	}
	return &noteBox{lines: []noteLine{newNoteLine(msg, 12)}}
}

// PathExplorer is an explorable PathPlot: one frame per run, each showing
// that run's path on the curve of f (the runs differ in one parameter, such
// as the learning rate), with its label and how it ended ("7 回の更新で発散").
// The curve, minima and legend are drawn once. The runs may diverge: each
// frame draws the finite part.
func PathExplorer(f objective.Func1D, runs []*optim.Result, e Explore, spec PathSpec) (*Animation, error) {
	a, _, err := pathExplorer(f, runs, e, spec)
	return a, err
}

// pathExplorer is PathExplorer that also returns the background.
func pathExplorer(f objective.Func1D, runs []*optim.Result, e Explore, spec PathSpec) (*Animation, *plot.Plot, error) {
	e = e.withMethods(runs)
	if err := e.check(len(runs)); err != nil {
		return nil, nil, err
	}
	for i, r := range runs {
		if err := checkRun1D("PathExplorer", f, r); err != nil {
			return nil, nil, fmt.Errorf("run %d (%s): %w", i, e.Labels[i], err)
		}
	}
	bg, drawn, err := pathBackground(f, spec, false)
	if err != nil {
		return nil, nil, err
	}
	c := spec.color()
	frames := make([][]plot.Plotter, len(runs))
	for i, r := range runs {
		l, s, err := pathPlotters(f, r, c, spec.Until)
		if err != nil {
			return nil, nil, fmt.Errorf("figure: run %d (%s): %w", i, e.Labels[i], err)
		}
		frames[i] = []plot.Plotter{l, s, runNote(r, spec.Until)}
		drawn = append(drawn, l)
		if i == 0 {
			_, pl := spec.labels()
			bg.Legend.Add(pl, pathThumb{line: l.LineStyle, glyph: s.GlyphStyle})
		}
	}
	placeLegend(bg, drawn...)
	setLimits(bg, spec.View)
	a, err := NewExplorable(bg, 0, 0, e, func(i int) []plot.Plotter { return frames[i] })
	return a, bg, err
}

// ContourExplorer is an explorable ContourPlot: the level sets drawn once,
// and one frame per run with that run's path in the plane.
func ContourExplorer(p objective.Problem, runs []*optim.Result, e Explore, spec ContourSpec) (*Animation, error) {
	if p == nil {
		return nil, errors.New("figure: ContourExplorer needs an objective, got nil")
	}
	e = e.withMethods(runs)
	if err := e.check(len(runs)); err != nil {
		return nil, err
	}
	bg, labels, err := contourBackground(p, spec, false)
	if err != nil {
		return nil, err
	}
	frames := make([][]plot.Plotter, len(runs))
	for i, r := range runs {
		if r == nil || len(r.Trace) == 0 {
			return nil, fmt.Errorf("figure: run %d (%s) has no iterate", i, e.Labels[i])
		}
		ps, err := contourPath(r, spec)
		if err != nil {
			return nil, fmt.Errorf("figure: run %d (%s): %w", i, e.Labels[i], err)
		}
		labels.avoid.add(ps...)
		frames[i] = append(ps, runNote(r, spec.Until))
	}
	setLimits(bg, spec.View)
	return NewExplorable(bg, 0, 0, e, func(i int) []plot.Plotter { return frames[i] })
}
