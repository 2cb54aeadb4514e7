package figure

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RefLine is a plotter for a horizontal or vertical reference line across
// the whole plot (matplotlib's axhline and axvline). It does not widen the
// axes.
type RefLine struct {
	// Vertical selects a line x = At; otherwise the line is y = At.
	Vertical bool
	At       float64
	draw.LineStyle
}

// HLine returns a thin grey dashed reference line y = at.
func HLine(at float64) *RefLine {
	return &RefLine{At: at, LineStyle: draw.LineStyle{Color: Gray, Width: vg.Points(0.75), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}}
}

// VLine returns a thin grey dashed reference line x = at.
func VLine(at float64) *RefLine {
	l := HLine(at)
	l.Vertical = true
	return l
}

// Plot implements plot.Plotter. Lines outside the axes, or at a non-finite
// position, are not drawn.
func (l *RefLine) Plot(c draw.Canvas, p *plot.Plot) {
	if !finite(l.At) {
		return
	}
	trX, trY := p.Transforms(&c)
	if l.Vertical {
		if x := trX(l.At); c.ContainsX(x) {
			c.StrokeLine2(l.LineStyle, x, c.Min.Y, x, c.Max.Y)
		}
		return
	}
	if y := trY(l.At); c.ContainsY(y) {
		c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (l *RefLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}
