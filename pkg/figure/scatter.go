package figure

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MaxPoints is the largest number of points a ScatterPlot draws.
const MaxPoints = 100000

// Points is one group of a ScatterPlot: points of one colour and one
// legend entry (the data of a fit, or the starting points that end in one
// minimum).
type Points struct {
	// X and Y are the coordinates, of equal length and finite.
	X, Y []float64
	// Label names the group in the legend; empty means no entry.
	Label string
	// Color is the points' colour; nil means the next colour of
	// matplotlib's cycle that no group or line of the plot has (nor one
	// like it: C3 is not used beside Red).
	Color color.Color
	// Radius is the dots' radius; zero means 2.5 points.
	Radius vg.Length
}

// ScatterSpec describes a ScatterPlot.
type ScatterSpec struct {
	// View fixes the axes and labels, as for FuncPlot.
	View View
	// Lines are curves drawn over the points, such as fitted lines
	// y = a·x + b; a line without a Color takes the next colour of the
	// cycle that no group or line has (nor one like it), so every series
	// of the figure has its own colour.
	Lines []Func
	// LogY uses a logarithmic y axis with ticks at powers of ten (see
	// DecadeTicks): counts from 1 to 1000 on one scale, such as the
	// updates each start needs to converge. View.YMin and every point's Y
	// must then be positive (anything else is an error naming the value);
	// a Line is left out where it is not positive.
	LogY bool
}

// ScatterPlot draws groups of points, each in its own colour with a legend
// entry, and curves over them: the 100 samples of seed 001 with the lines
// fitted by SGD and momentum, or the basins of attraction of Newton's
// method (the starting points grouped by the minimum they reach, against
// the updates needed, with LogY). The legend goes where it covers the
// fewest points.
func ScatterPlot(spec ScatterSpec, groups ...Points) (*plot.Plot, error) {
	if err := spec.View.check(); err != nil {
		return nil, err
	}
	if spec.LogY && !(spec.View.YMin > 0) {
		return nil, fmt.Errorf("figure: ScatterPlot with LogY needs View.YMin > 0, got %v (a log axis cannot show 0 or below)", spec.View.YMin)
	}
	if len(groups) == 0 && len(spec.Lines) == 0 {
		return nil, errors.New("figure: ScatterPlot needs at least one group of points or line")
	}
	total := 0
	for i, g := range groups {
		if len(g.X) != len(g.Y) {
			return nil, fmt.Errorf("figure: ScatterPlot group %d (%s) has %d x values and %d y values", i, quote(g.Label), len(g.X), len(g.Y))
		}
		if err := checkText(fmt.Sprintf("ScatterPlot group %d label", i), g.Label); err != nil {
			return nil, err
		}
		for k := range g.X {
			if !finite(g.X[k]) || !finite(g.Y[k]) {
				return nil, fmt.Errorf("figure: ScatterPlot group %d (%s) point %d (%v, %v) is not finite", i, quote(g.Label), k, g.X[k], g.Y[k])
			}
			if spec.LogY && !(g.Y[k] > 0) {
				return nil, fmt.Errorf("figure: ScatterPlot group %d (%s) point %d (%v, %v): y = %v cannot be drawn on a log axis (LogY), which needs y > 0", i, quote(g.Label), k, g.X[k], g.Y[k], g.Y[k])
			}
		}
		if rad := float64(g.Radius); !(rad >= 0 && rad <= 50) {
			return nil, fmt.Errorf("figure: ScatterPlot group %d Radius = %v is not in [0, 50] points", i, g.Radius)
		}
		total += len(g.X)
	}
	if total > MaxPoints {
		return nil, fmt.Errorf("figure: ScatterPlot has %d points, over the limit of %d: draw a sample", total, MaxPoints)
	}
	p := newPlot(spec.View)
	if spec.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = DecadeTicks{}
	}
	colors := make([]color.Color, len(groups)+len(spec.Lines))
	for i, g := range groups {
		colors[i] = g.Color
	}
	for i, f := range spec.Lines {
		colors[len(groups)+i] = f.Color
	}
	fillColors(colors)
	var drawn []plot.Plotter
	for i, g := range groups {
		if len(g.X) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(g.X))
		for k := range g.X {
			xys[k] = plotter.XY{X: g.X[k], Y: g.Y[k]}
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		c, r := colors[i], g.Radius
		if r == 0 {
			r = vg.Points(2.5)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: r, Shape: draw.CircleGlyph{}}
		p.Add(s)
		drawn = append(drawn, s)
		if g.Label != "" {
			p.Legend.Add(g.Label, s)
		}
	}
	for i, f := range spec.Lines {
		if f.F == nil {
			return nil, fmt.Errorf("figure: ScatterPlot line %d (%s) is nil", i, quote(f.Label))
		}
		if err := checkText(fmt.Sprintf("ScatterPlot line %d label", i), f.Label); err != nil {
			return nil, err
		}
		c := colors[len(groups)+i]
		fn := f.F
		if spec.LogY {
			fn = positive(f.F)
		}
		l, err := FuncLine(fn, spec.View, 0, c, f.Style)
		if err != nil {
			return nil, fmt.Errorf("figure: ScatterPlot line %d (%s): %w", i, quote(f.Label), err)
		}
		p.Add(l)
		drawn = append(drawn, l)
		if f.Label != "" {
			p.Legend.Add(f.Label, l)
		}
	}
	placeLegend(p, drawn...)
	setLimits(p, spec.View)
	return p, nil
}

// positive returns f where it is positive and NaN (a gap in the line)
// elsewhere: what a log axis can show.
func positive(f func(float64) float64) func(float64) float64 {
	return func(x float64) float64 {
		if y := f(x); y > 0 {
			return y
		}
		return math.NaN()
	}
}
