package figure

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gradnb/gradnb/pkg/objective"
)

// DefaultSamples is the number of points a curve is drawn with when
// View.Samples is zero: smooth at the figures' size, and small, since
// every figure and animation in a notebook carries its curve.
const DefaultSamples = 200

// DefaultSize is the side of the square figures of seeds 004 and 000
// (matplotlib's figsize=(6, 6), at 72 points per inch as SVG).
const DefaultSize = 6 * vg.Inch

// View fixes what a one-dimensional figure shows.
type View struct {
	// XMin, XMax, YMin, YMax are the axis limits (the source's xlim, ylim).
	XMin, XMax, YMin, YMax float64
	// Title, XLabel and YLabel label the figure.
	Title, XLabel, YLabel string
	// Samples is the number of points the curve is drawn with; 0 means
	// DefaultSamples.
	Samples int
	// Grid draws grid lines at the ticks (matplotlib's plt.grid()).
	Grid bool
	// TitleLeft puts the title flush left over the axes, as
	// plt.title(…, loc='left'); use a Figure's Suptitle for a centred
	// heading above it.
	TitleLeft bool
}

func (v View) check() error {
	if err := checkSpan("x", v.XMin, v.XMax); err != nil {
		return fmt.Errorf("%w (View.XMin, XMax)", err)
	}
	if err := checkSpan("y", v.YMin, v.YMax); err != nil {
		return fmt.Errorf("%w (View.YMin, YMax)", err)
	}
	if v.Samples < 0 || v.Samples > MaxSamples {
		return fmt.Errorf("figure: View.Samples = %d is not in [0, %d] (0 means %d)", v.Samples, MaxSamples, DefaultSamples)
	}
	return checkTexts("View.Title", v.Title, "View.XLabel", v.XLabel, "View.YLabel", v.YLabel)
}

// Linspace returns n evenly spaced numbers over [a, b], like numpy.linspace.
func Linspace(a, b float64, n int) []float64 {
	out := make([]float64, n)
	if n == 1 {
		out[0] = a
		return out
	}
	step := (b - a) / float64(n-1)
	for i := range out {
		out[i] = a + float64(i)*step
	}
	if n > 1 {
		out[n-1] = b
	}
	return out
}

// newPlot returns a plot with v's labels and limits.
func newPlot(v View) *plot.Plot {
	p := plot.New()
	p.Title.Text = v.Title
	p.Title.TextStyle.Font.Size = 14
	p.X.Label.Text = v.XLabel
	p.Y.Label.Text = v.YLabel
	p.X.Tick.Marker, p.Y.Tick.Marker = LinearTicks{}, LinearTicks{}
	setAxesTitle(p, v.TitleLeft)
	if v.Grid {
		addGrid(p)
	}
	setLimits(p, v)
	return p
}

// setLimits fixes the axes to v; call it after adding plotters, which
// widen the axes to their data.
func setLimits(p *plot.Plot, v View) {
	p.X.Min, p.X.Max = v.XMin, v.XMax
	p.Y.Min, p.Y.Max = v.YMin, v.YMax
}

// Curve returns a line plotter for f over [a, b] with n samples, leaving out
// points where f is not finite.
func Curve(f func(float64) float64, a, b float64, n int, c color.Color) (*plotter.Line, error) {
	var xys plotter.XYs
	for _, x := range Linspace(a, b, n) {
		if y := f(x); !math.IsNaN(y) && !math.IsInf(y, 0) {
			xys = append(xys, plotter.XY{X: x, Y: y})
		}
	}
	if len(xys) == 0 {
		return nil, errors.New("figure: the curve has no finite point")
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	return l, nil
}

// Point returns a filled circle at (x, y), as matplotlib's scatter.
func Point(x, y float64, c color.Color) (*plotter.Scatter, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
		return nil, fmt.Errorf("figure: point (%v, %v) is not finite", x, y)
	}
	s, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	if err != nil {
		return nil, err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	return s, nil
}

// Tangent returns the tangent line of f at x0 across the view's x range:
// y = f'(x0)(x − x0) + f(x0). The plot clips it to the axes.
func Tangent(f objective.Func1D, x0 float64, v View, c color.Color) (*plotter.Line, error) {
	if f == nil {
		return nil, errors.New("figure: Tangent needs an objective, got nil")
	}
	return tangentLine(x0, f.F(x0), f.DF(x0), v, c)
}

// tangentLine is the line through (x0, y0) of slope g across the view.
func tangentLine(x0, y0, g float64, v View, c color.Color) (*plotter.Line, error) {
	if !finite(x0) || !finite(y0) || !finite(g) {
		return nil, fmt.Errorf("figure: tangent at x = %v (f = %v, slope %v) is not finite", x0, y0, g)
	}
	l, err := plotter.NewLine(plotter.XYs{
		{X: v.XMin, Y: g*(v.XMin-x0) + y0},
		{X: v.XMax, Y: g*(v.XMax-x0) + y0},
	})
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	return l, nil
}

// LossPlot returns the plot of f over the view, the loss curve of seeds 004
// and 000, with the axes fixed to the view.
func LossPlot(f objective.Func1D, v View) (*plot.Plot, error) {
	p, _, err := lossPlot(f, v)
	return p, err
}

// lossPlot is LossPlot that also returns the curve.
func lossPlot(f objective.Func1D, v View) (*plot.Plot, plot.Plotter, error) {
	if f == nil {
		return nil, nil, errors.New("figure: LossPlot needs an objective, got nil")
	}
	if err := v.check(); err != nil {
		return nil, nil, err
	}
	n := v.Samples
	if n == 0 {
		n = DefaultSamples
	}
	curve, err := Curve(f.F, v.XMin, v.XMax, n, Blue)
	if err != nil {
		return nil, nil, err
	}
	p := newPlot(v)
	p.Add(curve)
	setLimits(p, v)
	return p, curve, nil
}

// Marker is a point on the curve of a one-dimensional objective, drawn with
// its tangent line if Tangent is set, and named in the legend if Label is set.
type Marker struct {
	X       float64
	Color   color.Color
	Tangent bool
	Label   string
}

// LossWithMarkers returns LossPlot with each marker drawn on the curve: the
// figures of seed 004 that show the start, its tangent, and the point after
// one update ("previous x", "next x").
func LossWithMarkers(f objective.Func1D, v View, ms ...Marker) (*plot.Plot, error) {
	p, curve, err := lossPlot(f, v)
	if err != nil {
		return nil, err
	}
	drawn := []plot.Plotter{curve}
	for _, m := range ms {
		if err := checkText("Marker.Label", m.Label); err != nil {
			return nil, err
		}
		pt, err := Point(m.X, f.F(m.X), m.Color)
		if err != nil {
			return nil, err
		}
		if m.Tangent {
			t, err := Tangent(f, m.X, v, m.Color)
			if err != nil {
				return nil, err
			}
			p.Add(t)
			drawn = append(drawn, t)
		}
		p.Add(pt)
		drawn = append(drawn, pt)
		if m.Label != "" {
			p.Legend.Add(m.Label, pt)
		}
	}
	placeLegend(p, drawn...)
	setLimits(p, v)
	return p, nil
}

// SVG renders p to SVG bytes of size w × h (zero means DefaultSize). It
// fails, instead of drawing something malformed or hanging, when a size is
// not between MinSize and MaxSize, a title or label is not valid text, an
// axis range is not finite, or the SVG exceeds DefaultFigureBudget.
func SVG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	if p == nil {
		return nil, errors.New("figure: SVG of a nil plot")
	}
	if w == 0 {
		w = DefaultSize
	}
	if h == 0 {
		h = DefaultSize
	}
	if err := checkSize(w, h); err != nil {
		return nil, err
	}
	if err := checkPlot(p); err != nil {
		return nil, err
	}
	var c safeCanvas
	settle([]*layout{layoutOf(p)}, func() {
		c = newCanvas(w, h)
		p.Draw(page(c))
	})
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	if err := checkBudget("figure", p.Title.Text, buf.Len(), DefaultFigureBudget); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// page is the canvas a single plot is drawn on: the whole figure less a
// margin on the right and at the top, so that the last tick label of the x
// axis and the title are not cut at the figure's edge.
func page(c safeCanvas) draw.Canvas {
	return draw.Crop(draw.New(c), 0, -vg.Points(10), 0, -vg.Points(4))
}

// WithTitle returns a copy of v with the given title.
func (v View) WithTitle(title string) View {
	v.Title = title
	return v
}
