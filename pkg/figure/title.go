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
// draws nothing: the plot reserves room for a title that a leftTitle
// plotter draws at the left.
type hiddenText struct{ text.Handler }

func (hiddenText) Draw(vg.Canvas, string, text.Style, vg.Point) {}

// leftTitle draws the plot's title flush with the left edge of the data
// area, as matplotlib's title(…, loc='left').
type leftTitle struct {
	label string
	style text.Style
	pad   vg.Length
}

func (t *leftTitle) Plot(c draw.Canvas, _ *plot.Plot) {
	c.FillText(t.style, vg.Point{X: c.Min.X, Y: c.Max.Y + t.pad}, t.label)
}

// setTitleLeft moves p's title to the left of the data area.
func setTitleLeft(p *plot.Plot) {
	if p.Title.Text == "" {
		return
	}
	sty := p.Title.TextStyle
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	p.Title.Padding = vg.Points(4)
	p.Title.TextStyle.Handler = hiddenText{p.Title.TextStyle.Handler}
	// Added first, so the curves are drawn over it.
	p.Add(&leftTitle{label: p.Title.Text, style: sty, pad: p.Title.Padding})
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
