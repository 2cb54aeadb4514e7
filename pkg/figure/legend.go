package figure

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bestLegend is a plotter that draws nothing but, when the plot is drawn
// and the canvas size is known, puts the legend in the corner of the data
// area that covers the fewest plotted points — matplotlib's loc='best',
// which gonum/plot lacks. Lines count by their length: each segment is
// sampled every two points (in canvas units), so a curve under a corner
// weighs as much as the ink it would hide. Ties go, in order, to the upper
// right, upper left, lower left and lower right, matplotlib's order.
//
// It must be the last plotter added: gonum/plot draws the legend after
// every plotter, so the placement is decided just in time.
type bestLegend struct {
	lines  []plotter.XYs // joined points
	points plotter.XYs   // isolated points (markers)
	// noTopLeft keeps the upper left corner free for the notes an
	// explorable figure writes there.
	noTopLeft bool
}

// corners in matplotlib's order of preference: (top, left).
var corners = [4][2]bool{{true, false}, {true, true}, {false, true}, {false, false}}

// Plot implements plot.Plotter: it chooses p.Legend's corner.
func (b *bestLegend) Plot(c draw.Canvas, p *plot.Plot) {
	size := p.Legend.Rectangle(c).Size()
	if size.X <= 0 || size.Y <= 0 {
		return
	}
	trX, trY := p.Transforms(&c)
	const pad = vg.Length(4) // margin around the legend box
	rects := make([]vg.Rectangle, 4)
	for i, tl := range corners {
		r := vg.Rectangle{}
		if tl[1] {
			r.Min.X, r.Max.X = c.Min.X, c.Min.X+size.X
		} else {
			r.Min.X, r.Max.X = c.Max.X-size.X, c.Max.X
		}
		if tl[0] {
			r.Min.Y, r.Max.Y = c.Max.Y-size.Y, c.Max.Y
		} else {
			r.Min.Y, r.Max.Y = c.Min.Y, c.Min.Y+size.Y
		}
		r.Min.X -= pad
		r.Min.Y -= pad
		r.Max.X += pad
		r.Max.Y += pad
		rects[i] = r
	}
	var counts [4]int
	hit := func(pt vg.Point) {
		for i, r := range rects {
			if pt.X >= r.Min.X && pt.X <= r.Max.X && pt.Y >= r.Min.Y && pt.Y <= r.Max.Y {
				counts[i]++
			}
		}
	}
	canvasPt := func(xy plotter.XY) (vg.Point, bool) {
		pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		return pt, finite(float64(pt.X)) && finite(float64(pt.Y))
	}
	for _, xy := range b.points {
		if pt, ok := canvasPt(xy); ok && c.Contains(pt) {
			hit(pt)
		}
	}
	for _, line := range b.lines {
		for i := 1; i < len(line); i++ {
			a, okA := canvasPt(line[i-1])
			z, okZ := canvasPt(line[i])
			if !okA || !okZ {
				continue
			}
			d := math.Hypot(float64(z.X-a.X), float64(z.Y-a.Y))
			n := min(int(d/2)+1, 10000) // a segment far off the canvas costs at most this
			for k := range n {
				t := vg.Length(float64(k) / float64(n))
				pt := vg.Point{X: a.X + t*(z.X-a.X), Y: a.Y + t*(z.Y-a.Y)}
				if c.Contains(pt) {
					hit(pt)
				}
			}
		}
	}
	if b.noTopLeft {
		counts[1] = math.MaxInt
	}
	best := 0
	for i := range counts {
		if counts[i] < counts[best] {
			best = i
		}
	}
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
	box := rects[best]
	box.Min.X += pad / 2
	box.Max.X -= pad / 2
	box.Min.Y += pad / 2
	box.Max.Y -= pad / 2
	c.Fill(box.Path())
}

// legendData collects the points of the plotters it knows for bestLegend.
func legendData(b *bestLegend, ps ...plot.Plotter) {
	for _, p := range ps {
		switch p := p.(type) {
		case *Polyline:
			b.lines = append(b.lines, p.Pieces...)
		case *plotter.Line:
			b.lines = append(b.lines, p.XYs)
		case *plotter.Scatter:
			b.points = append(b.points, p.XYs...)
		}
	}
}

// placeLegend adds, as p's last plotter, a bestLegend over the given
// plotters (those already on p and any drawn later, such as the frames of
// an animation). It does nothing when the legend is empty.
func placeLegend(p *plot.Plot, ps ...plot.Plotter) *bestLegend {
	b := &bestLegend{}
	legendData(b, ps...)
	p.Add(b)
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
