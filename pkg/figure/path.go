package figure

import (
	"errors"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// PathSpec describes a path-on-curve figure.
type PathSpec struct {
	// View fixes the axes and labels. Seed 002 uses ylim (−2, 10), a grid
	// and a left title: View{…, Grid: true, TitleLeft: true}.
	View View
	// Lines holds reference lines and starred minima (seed 002 stars both
	// minima of x⁴ − 2x² and labels them "minimum val").
	Lines Lines
	// CurveLabel and PathLabel are the legend entries of the curve and the
	// path; empty means "f(x)" and "x", the source's labels.
	CurveLabel, PathLabel string
	// Color is the path's colour; nil means Orange (matplotlib's C1, the
	// colour of the source's second plot call).
	Color color.Color
	// Until, when positive, draws only the iterates up to iteration Until
	// (by Iterate.K, so it holds for decimated traces too): the first 11
	// iterates of a run are Until: 10.
	Until int
}

// upTo returns the iterates of tr with K ≤ until, or tr when until ≤ 0.
func upTo(tr optim.Trace, until int) optim.Trace {
	if until <= 0 {
		return tr
	}
	n := 0
	for n < len(tr) && tr[n].K <= until {
		n++
	}
	return tr[:n]
}

func (s PathSpec) labels() (curve, path string) {
	curve, path = s.CurveLabel, s.PathLabel
	if curve == "" {
		curve = "f(x)"
	}
	if path == "" {
		path = "x"
	}
	return curve, path
}

func (s PathSpec) color() color.Color {
	if s.Color == nil {
		return Orange
	}
	return s.Color
}

// pathBackground is the curve with the minima and reference lines; it
// also returns the plotters it drew, for the legend's placement.
func pathBackground(f objective.Func1D, spec PathSpec, diverged bool) (*plot.Plot, []plot.Plotter, error) {
	v := spec.View
	if diverged {
		v.Title += "（発散）"
	}
	if err := v.check(); err != nil {
		return nil, nil, err
	}
	if err := checkTexts("PathSpec.CurveLabel", spec.CurveLabel, "PathSpec.PathLabel", spec.PathLabel, "Lines.MinimaLabel", spec.Lines.MinimaLabel); err != nil {
		return nil, nil, err
	}
	p := newPlot(v)
	for _, y := range spec.Lines.HLines {
		p.Add(HLine(y))
	}
	for _, x := range spec.Lines.VLines {
		p.Add(VLine(x))
	}
	curve, err := FuncLine(f.F, v, 0, Blue, Solid)
	if err != nil {
		return nil, nil, err
	}
	p.Add(curve)
	cl, _ := spec.labels()
	p.Legend.Add(cl, curve)
	stars, err := addMinima(p, spec.Lines)
	if err != nil {
		return nil, nil, err
	}
	return p, []plot.Plotter{curve, stars}, nil
}

// pathPlotters returns the path of run r on f: the iterates (x_k, f(x_k))
// joined by a line, each marked with a dot, as plt.plot(xs, f(xs), marker='o').
// Non-finite iterates are left out (the run loop never records them).
func pathPlotters(f objective.Func1D, r *optim.Result, c color.Color, until int) (*plotter.Line, *plotter.Scatter, error) {
	var xys plotter.XYs
	for _, it := range upTo(r.Trace, until) {
		x := it.X[0]
		y := f.F(x)
		if finite(x) && finite(y) {
			xys = append(xys, plotter.XY{X: x, Y: y})
		}
	}
	if len(xys) == 0 {
		return nil, nil, errors.New("figure: the run has no finite iterate")
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, nil, err
	}
	l.Color, l.Width = c, vg.Points(1.5)
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, nil, err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	return l, s, nil
}

// pathThumb draws a legend entry for a path: a line with a dot.
type pathThumb struct {
	line  draw.LineStyle
	glyph draw.GlyphStyle
}

func (t pathThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.line, c.Min.X, y, c.Max.X, y)
	c.DrawGlyph(t.glyph, c.Center())
}

// PathPlot draws a one-dimensional run on the curve of f: the iterates
// x_0, x_1, … at (x_k, f(x_k)) with dots joined by a line, over the curve,
// with starred minima and a legend — the gradient-descent and Newton figures
// of seed 002 (put "iter:20, lr=0.01, x=1.072" in View.Title with
// TitleLeft, and "Gradient Descent Method" in a Figure's Suptitle). A run
// that diverged shows its finite part and "（発散）" in the title. An
// empty View.Title means r.Method ("GradientDescent(lr=0.1)"), so a cell
// states its learning rate once; spec.Until draws a prefix of the run.
func PathPlot(f objective.Func1D, r *optim.Result, spec PathSpec) (*plot.Plot, error) {
	if err := checkRun1D("PathPlot", f, r); err != nil {
		return nil, err
	}
	if spec.View.Title == "" {
		spec.View.Title = r.Method
	}
	p, drawn, err := pathBackground(f, spec, r.Status == optim.Diverged)
	if err != nil {
		return nil, err
	}
	l, s, err := pathPlotters(f, r, spec.color(), spec.Until)
	if err != nil {
		return nil, err
	}
	p.Add(l, s)
	_, pl := spec.labels()
	p.Legend.Add(pl, pathThumb{line: l.LineStyle, glyph: s.GlyphStyle})
	placeLegend(p, append(drawn, l, s)...)
	setLimits(p, spec.View)
	return p, nil
}
