package figure

import (
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gradnb/gradnb/pkg/objective"
)

// Func is one curve of a FuncPlot: a function of x with its legend label.
type Func struct {
	// F is the function; it may return ±Inf or NaN, and may have poles.
	F func(float64) float64
	// Label names the curve in the legend ("f(x)", "f'(x)"); empty means
	// no legend entry.
	Label string
	// Color is the curve's colour; nil means the next colour of
	// matplotlib's cycle (C0, C1, … in order) that no curve of the plot
	// has, nor one like it (C3 is not used beside Red).
	Color color.Color
	// Style is the dash pattern (Solid, Dashed, Dotted).
	Style LineStyle
}

// Lines holds the reference lines and known minima a figure marks.
type Lines struct {
	// HLines and VLines are dashed reference lines y = c and x = c.
	HLines, VLines []float64
	// Minima are drawn as black stars, matplotlib's
	// scatter(marker='*', c='black', s=100), named MinimaLabel in the legend.
	Minima []objective.Minimum
	// MinimaLabel is the legend entry for Minima; empty means
	// "minimum val", the label of seed 002.
	MinimaLabel string
}

// FuncPlot draws several functions over the view, with a legend, the
// reference lines and the starred minima of ls: the figures of seed 002 that
// show f, f' and f″ of x⁴ − 2x² together, the update sizes α·f'(x) and
// f'(x)/f″(x), and 1/f″(x). Each curve is drawn with FuncLine, so poles
// (1/f″ at ±1/√3) split the curve and nothing non-finite reaches gonum/plot.
// Set View.Grid for the source's grid.
func FuncPlot(v View, ls Lines, fs ...Func) (*plot.Plot, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, errors.New("figure: FuncPlot needs at least one function")
	}
	if err := checkText("Lines.MinimaLabel", ls.MinimaLabel); err != nil {
		return nil, err
	}
	p := newPlot(v)
	var drawn []plot.Plotter
	for _, y := range ls.HLines {
		p.Add(HLine(y))
	}
	for _, x := range ls.VLines {
		p.Add(VLine(x))
	}
	colors := make([]color.Color, len(fs))
	for i, f := range fs {
		colors[i] = f.Color
	}
	fillColors(colors)
	for i, f := range fs {
		if f.F == nil {
			return nil, fmt.Errorf("figure: FuncPlot function %d (%s) is nil", i, quote(f.Label))
		}
		if err := checkText(fmt.Sprintf("FuncPlot function %d label", i), f.Label); err != nil {
			return nil, err
		}
		l, err := FuncLine(f.F, v, 0, colors[i], f.Style)
		if err != nil {
			return nil, err
		}
		p.Add(l)
		drawn = append(drawn, l)
		if f.Label != "" {
			p.Legend.Add(f.Label, l)
		}
	}
	stars, err := addMinima(p, ls)
	if err != nil {
		return nil, err
	}
	placeLegend(p, append(drawn, stars)...)
	setLimits(p, v)
	return p, nil
}

// MinimaMarkers returns the minima as black stars at (X, F), matplotlib's
// scatter(marker='*', c='black', s=100). Minima that are not finite are left
// out; it returns nil when none is left.
func MinimaMarkers(ms []objective.Minimum) *plotter.Scatter {
	var xys plotter.XYs
	for _, m := range ms {
		if finite(m.X) && finite(m.F) {
			xys = append(xys, plotter.XY{X: m.X, Y: m.F})
		}
	}
	if len(xys) == 0 {
		return nil
	}
	s, err := plotter.NewScatter(xys)
	if err != nil { // unreachable: the points are finite
		return nil
	}
	s.GlyphStyle = draw.GlyphStyle{Color: Black, Radius: vg.Points(6), Shape: StarGlyph{}}
	return s
}

// addMinima adds ls's minima to p with their legend entry and returns
// their plotter (nil when there are none).
func addMinima(p *plot.Plot, ls Lines) (plot.Plotter, error) {
	if len(ls.Minima) == 0 {
		return nil, nil
	}
	s := MinimaMarkers(ls.Minima)
	if s == nil {
		return nil, errors.New("figure: no minimum is finite")
	}
	p.Add(s)
	label := ls.MinimaLabel
	if label == "" {
		label = "minimum val"
	}
	p.Legend.Add(label, s)
	return s, nil
}
