package figure

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bestLegend is a plotter that draws nothing but, when the plot is drawn
// and the canvas size is known, puts the legend in the corner of the data
// area that covers the fewest plotted points — matplotlib's loc='best',
// which gonum/plot lacks — and that is clear of the plot's note block and
// reference labels (see layout). Lines count by their length: each segment
// is sampled every two points (in canvas units), so a curve under a corner
// weighs as much as the ink it would hide. Ties go, in order, to the upper
// right, upper left, lower left and lower right, matplotlib's order.
//
// It must be the last plotter added: gonum/plot draws the legend after
// every plotter, so the placement is decided just in time.
type bestLegend struct {
	lay *layout
}

// Plot implements plot.Plotter: it chooses p.Legend's corner.
func (b *bestLegend) Plot(c draw.Canvas, p *plot.Plot) {
	b.lay.decide(c, p)
	size := p.Legend.Rectangle(c).Size()
	if size.X <= 0 || size.Y <= 0 {
		return
	}
	best := b.lay.corner
	p.Legend.Top, p.Legend.Left = corners[best][0], corners[best][1]
	// gonum/plot draws the legend in the data area widened by the tick
	// labels that overhang it; shift it back inside the data area.
	left, right, bottom, top := overhang(c, p)
	p.Legend.XOffs, p.Legend.YOffs = -right, -top
	if p.Legend.Left {
		p.Legend.XOffs = left
	}
	if !p.Legend.Top {
		p.Legend.YOffs = bottom
	}
	// A white box under the legend, as matplotlib's frame (framealpha
	// 0.8): where every corner holds data, lines under the legend do not
	// cross its text.
	c.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xcc})
	box := legendCandidates(c, size)[best]
	box.Min.X += legendPad / 2
	box.Max.X -= legendPad / 2
	box.Min.Y += legendPad / 2
	box.Max.Y -= legendPad / 2
	c.Fill(box.Path())
}

// placeLegend adds, as p's last plotter, a bestLegend over the given
// plotters (those already on p and any drawn later, such as the frames of
// an animation), and records its layout as p's. It does nothing visible
// when the legend is empty.
func placeLegend(p *plot.Plot, ps ...plot.Plotter) *bestLegend {
	b := &bestLegend{lay: &layout{}}
	b.lay.ink.add(ps...)
	p.Add(b)
	registerLayout(p, b.lay)
	return b
}

// overhang returns how far the glyphs around the data area c (the tick
// labels at the ends of the axes, the markers of plotters) reach beyond it
// on each side: gonum/plot pads the data area by as much inside the canvas
// it draws the legend in.
func overhang(c draw.Canvas, p *plot.Plot) (left, right, bottom, top vg.Length) {
	var lo, hi, lo2, hi2 vg.Length
	at := func(n float64, a, b vg.Length) vg.Length { return a + vg.Length(n)*(b-a) }
	box := func(x, y float64, r vg.Rectangle, hasX, hasY bool) {
		if hasX {
			cx := at(x, c.Min.X, c.Max.X)
			lo, hi = min(lo, cx+r.Min.X-c.Min.X), max(hi, cx+r.Max.X-c.Max.X)
		}
		if hasY {
			cy := at(y, c.Min.Y, c.Max.Y)
			lo2, hi2 = min(lo2, cy+r.Min.Y-c.Min.Y), max(hi2, cy+r.Max.Y-c.Max.Y)
		}
	}
	for _, g := range p.GlyphBoxes(p) {
		box(g.X, g.Y, g.Rectangle, true, true)
	}
	if p.X.Tick.Marker != nil {
		for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			if t.Label != "" && t.Value >= p.X.Min && t.Value <= p.X.Max {
				box(p.X.Norm(t.Value), 0, p.X.Tick.Label.Rectangle(t.Label), true, false)
			}
		}
	}
	if p.Y.Tick.Marker != nil {
		for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if t.Label != "" && t.Value >= p.Y.Min && t.Value <= p.Y.Max {
				box(0, p.Y.Norm(t.Value), p.Y.Tick.Label.Rectangle(t.Label), false, true)
			}
		}
	}
	return -lo, hi, -lo2, hi2
}
