package figure

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// hiddenText is a text handler that measures like its embedded handler but
// draws nothing: the plot reserves room for its title, which an axesTitle
// plotter draws.
type hiddenText struct{ text.Handler }

func (hiddenText) Draw(vg.Canvas, string, text.Style, vg.Point) {}

// axesTitle draws the plot's title just above the data area, centred over
// it or flush with its left edge (matplotlib's title(…, loc='left')), as
// matplotlib does (above a note block placed there, see layout): gonum/plot centres a title over the whole plot,
// y-axis label included, at the top of the canvas, so in a Grid whose
// panels are aligned a title can float away from its axes. It reads the
// title when the plot is drawn, so a title set later is drawn too.
type axesTitle struct {
	left bool
	pad  vg.Length
}

func (t *axesTitle) Plot(c draw.Canvas, p *plot.Plot) {
	if p.Title.Text == "" {
		return
	}
	sty := p.Title.TextStyle
	if h, ok := sty.Handler.(hiddenText); ok {
		sty.Handler = h.Handler
	}
	sty.YAlign = draw.YBottom
	pt := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y + titleLift(p) + t.pad}
	sty.XAlign = draw.XCenter
	if t.left {
		pt.X, sty.XAlign = c.Min.X, draw.XLeft
	}
	c.FillText(sty, pt, p.Title.Text)
}

// setAxesTitle makes p's title be drawn next to its data area, centred or
// at the left. Call it once, before adding the plotters (the title is
// drawn first, under the curves).
func setAxesTitle(p *plot.Plot, left bool) {
	p.Title.Padding = vg.Points(6)
	p.Title.TextStyle.Handler = hiddenText{p.Title.TextStyle.Handler}
	p.Add(&axesTitle{left: left, pad: p.Title.Padding})
}

// addGrid adds a light grid under everything added later.
func addGrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Horizontal.Color, g.Vertical.Color = LightGray, LightGray
	g.Horizontal.Width, g.Vertical.Width = vg.Points(0.5), vg.Points(0.5)
	p.Add(g)
}

// defaultFont returns the default font at the given size.
func defaultFont(size vg.Length) font.Font {
	f := plot.DefaultFont
	f.Size = size
	return f
}
