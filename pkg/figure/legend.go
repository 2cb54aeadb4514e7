package figure

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bestLegend is a plotter that draws the plot's legend itself, in the data
// area, where it covers the fewest plotted points — matplotlib's
// loc='best', which gonum/plot lacks — and clear of the plot's note block
// and reference labels (see layout). Lines count by their length: each
// segment is sampled every two points (in canvas units), so a curve under
// a place weighs as much as the ink it would hide. The places are the four
// corners, then the middle of the top and of the bottom edge; ties go to
// the first in that order: upper right, upper left, lower left, lower
// right (matplotlib's order), upper centre, lower centre.
//
// gonum/plot draws a legend in the data area widened by the room its tick
// labels and glyphs take and, in a Grid, by the room plot.Align leaves, so
// an offset computed from the data area alone puts it too high (over a
// panel's title) or too far out. bestLegend therefore takes the legend's
// entries off the plot when the plot is built (p.Legend keeps its style,
// and Top and Left tell where the legend was last drawn) and draws them
// at a rectangle computed on the data area it is given. Entries added to
// p.Legend after the figure is built are drawn by gonum/plot, where it
// puts them.
//
// Where every one of these places covers ink, the legend goes outside the
// data area, to its right at its top: the data area gives up the room
// (see layout and room).
//
// It must be the last plotter added that draws: what is added after it
// may draw over the legend.
type bestLegend struct {
	lay *layout
}

// Plot implements plot.Plotter: it draws the legend at its place.
func (b *bestLegend) Plot(c draw.Canvas, p *plot.Plot) {
	b.lay.decide(c, p)
	size := legendSize(b.lay.legend, c)
	if size.X <= 0 || size.Y <= 0 {
		return
	}
	pos := legendPlaces[b.lay.corner]
	if b.lay.legendOut {
		pos = legendPlaces[0] // right of the data area, at its top
	}
	leg := b.lay.legend
	leg.Top, leg.Left, leg.XOffs, leg.YOffs = false, pos.x < 0, 0, 0
	p.Legend.Top, p.Legend.Left = pos.top, pos.x < 0
	r := b.lay.legendAt
	// A white box under the legend, as matplotlib's frame (framealpha
	// 0.8): where every place holds data, lines under the legend do not
	// cross its text.
	box := vg.Rectangle{
		Min: vg.Point{X: r.Min.X + legendPad/2, Y: r.Min.Y + legendPad/2},
		Max: vg.Point{X: r.Max.X - legendPad/2, Y: r.Max.Y - legendPad/2},
	}
	c.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xcc})
	c.Fill(box.Path())
	// gonum/plot's Legend.Draw, bottom-aligned (Top false), fills its
	// canvas with the entries' rows exactly; each row's text reaches half
	// the font's descent below and above its row.
	half := leg.TextStyle.FontExtents().Descent / 2
	rows := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: r.Min.X + legendPad, Y: r.Min.Y + legendPad + half},
		Max: vg.Point{X: r.Max.X - legendPad, Y: r.Max.Y - legendPad - half},
	}}
	leg.Draw(rows)
}

// legendSize returns the size of the legend's entries, text included (it
// reaches a font descent further than leg.Rectangle says); zero when the
// legend has no entries.
func legendSize(leg plot.Legend, c draw.Canvas) vg.Point {
	s := leg.Rectangle(c).Size()
	if s.X <= 0 || s.Y <= 0 {
		return vg.Point{}
	}
	s.Y += leg.TextStyle.FontExtents().Descent
	return s
}

// placeLegend adds, as p's last plotter, a bestLegend over the given
// plotters (those already on p and any drawn later, such as the frames of
// an animation), moves p's legend entries to it, and records its layout
// as p's. It does nothing visible when the legend is empty.
func placeLegend(p *plot.Plot, ps ...plot.Plotter) *bestLegend {
	b := &bestLegend{lay: &layout{legend: p.Legend}}
	if b.lay.legend.Padding == 0 {
		// Rows a descent apart, so that one row's descenders do not
		// touch the next row's capitals.
		b.lay.legend.Padding = b.lay.legend.TextStyle.FontExtents().Descent
	}
	p.Legend = plot.Legend{
		TextStyle: p.Legend.TextStyle, Padding: p.Legend.Padding,
		Top: p.Legend.Top, Left: p.Legend.Left,
		YPosition: p.Legend.YPosition, ThumbnailWidth: p.Legend.ThumbnailWidth,
	}
	b.lay.ink.add(ps...)
	p.Add(b)
	registerLayout(p, b.lay)
	return b
}
