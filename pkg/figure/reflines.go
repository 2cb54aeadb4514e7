package figure

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
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

// refLabel is a Ref: a dashed line y = At with its label at the right end,
// over a white box so that the lines under it do not cross the text.
type refLabel struct {
	line  *RefLine
	label string
	style text.Style
}

func newRefLabel(r Ref) *refLabel {
	c := r.Color
	if c == nil {
		c = Black
	}
	l := HLine(r.At)
	l.Color, l.Width = c, vg.Points(1)
	sty := plot.New().Title.TextStyle
	sty.Font.Size = 11
	sty.Color = c
	sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
	return &refLabel{line: l, label: r.Label, style: sty}
}

// Plot implements plot.Plotter.
func (r *refLabel) Plot(c draw.Canvas, p *plot.Plot) {
	r.line.Plot(c, p)
	if r.label == "" {
		return
	}
	_, trY := p.Transforms(&c)
	y := trY(r.line.At)
	if !c.ContainsY(y) {
		return
	}
	// Above the line, unless that leaves the data area.
	pt := vg.Point{X: c.Max.X - vg.Points(4), Y: y + vg.Points(2)}
	sty := r.style
	if h := sty.Rectangle(r.label).Size().Y; pt.Y+h > c.Max.Y {
		sty.YAlign = draw.YTop
		pt.Y = y - vg.Points(2)
	}
	boxText(c, sty, pt, r.label)
}

// boxText writes s at pt over a white box with a small margin, so that
// lines under the text do not cross it.
func boxText(c draw.Canvas, sty text.Style, pt vg.Point, s string) {
	r := sty.Rectangle(s)
	m := vg.Points(2)
	box := vg.Rectangle{
		Min: vg.Point{X: pt.X + r.Min.X - m, Y: pt.Y + r.Min.Y - m},
		Max: vg.Point{X: pt.X + r.Max.X + m, Y: pt.Y + r.Max.Y + m},
	}
	c.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd9}) // white, 85 % opaque
	c.Fill(box.Path())
	c.FillText(sty, pt, s)
}
