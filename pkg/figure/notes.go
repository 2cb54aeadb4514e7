package figure

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Note is a plotter that writes text at a position given as fractions of the
// data area (0, 0 is the lower left corner, 1, 1 the upper right), like
// matplotlib's text with transform=ax.transAxes: it stays in place whatever
// the axis limits.
type Note struct {
	FX, FY float64
	Label  string
	Style  text.Style
	// Box draws the text over a white box, so that a curve passing under
	// it does not cross the text.
	Box bool
}

// NewNote returns a Note at (fx, fy) in the default font at the given size,
// anchored at its upper left corner.
func NewNote(fx, fy float64, label string, size vg.Length) *Note {
	sty := plot.New().Title.TextStyle
	sty.Font.Size = size
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	return &Note{FX: fx, FY: fy, Label: label, Style: sty}
}

// Plot implements plot.Plotter.
func (n *Note) Plot(c draw.Canvas, _ *plot.Plot) {
	x := c.Min.X + vg.Length(n.FX)*(c.Max.X-c.Min.X)
	y := c.Min.Y + vg.Length(n.FY)*(c.Max.Y-c.Min.Y)
	if n.Box {
		boxText(c, n.Style, vg.Point{X: x, Y: y}, n.Label)
		return
	}
	c.FillText(n.Style, vg.Point{X: x, Y: y}, n.Label)
}

// Text is a plotter that writes a string at a data position, as
// matplotlib's plt.text.
type Text struct {
	X, Y  float64
	Label string
	Style draw.TextStyle
	// Box draws the text over a white box, so that a curve passing under
	// it does not cross the text.
	Box bool
}

// NewText returns a Text at (x, y) in the default font at the given size.
func NewText(x, y float64, label string, size vg.Length) *Text {
	sty := plot.New().Title.TextStyle // the default handler and font
	sty.Font.Size = size
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	return &Text{X: x, Y: y, Label: label, Style: sty}
}

// Plot implements plot.Plotter.
func (t *Text) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(t.X), Y: trY(t.Y)}
	if t.Box {
		boxText(c, t.Style, pt, t.Label)
		return
	}
	c.FillText(t.Style, pt, t.Label)
}

var _ plot.Plotter = (*Text)(nil)
