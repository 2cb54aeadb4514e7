package figure

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Polyline is a plotter for a line made of separate pieces: a curve split at
// its poles, gaps and exits from the view. Every coordinate is finite.
// It implements plot.Thumbnailer, so it can appear in a legend, and
// plot.DataRanger over its points.
type Polyline struct {
	Pieces []plotter.XYs
	draw.LineStyle
}

// Plot implements plot.Plotter.
func (l *Polyline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, piece := range l.Pieces {
		pts := make([]vg.Point, len(piece))
		for i, xy := range piece {
			pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		}
		c.StrokeLines(l.LineStyle, c.ClipLinesXY(pts)...)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (l *Polyline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}

// DataRange implements plot.DataRanger.
func (l *Polyline) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, piece := range l.Pieces {
		for _, xy := range piece {
			xmin, xmax = math.Min(xmin, xy.X), math.Max(xmax, xy.X)
			ymin, ymax = math.Min(ymin, xy.Y), math.Max(ymax, xy.Y)
		}
	}
	return xmin, xmax, ymin, ymax
}

var (
	_ plot.Plotter     = (*Polyline)(nil)
	_ plot.Thumbnailer = (*Polyline)(nil)
	_ plot.DataRanger  = (*Polyline)(nil)
)

// vertex is a point of a polyline; brk means "do not join to the previous".
type vertex struct {
	x, y float64
	brk  bool
}

// clipY cuts a polyline to the band lo ≤ y ≤ hi, interpolating the points
// where it leaves and re-enters the band, and splitting it at breaks and at
// non-finite points. Pieces of fewer than two points are dropped.
func clipY(vs []vertex, lo, hi float64) []plotter.XYs {
	var pieces []plotter.XYs
	var cur plotter.XYs
	flush := func() {
		if len(cur) >= 2 {
			pieces = append(pieces, cur)
		}
		cur = nil
	}
	ok := func(v vertex) bool { return finite(v.x) && finite(v.y) }
	in := func(y float64) bool { return y >= lo && y <= hi }
	for i, q := range vs {
		if !ok(q) || q.brk || i == 0 || !ok(vs[i-1]) {
			flush()
			if ok(q) && in(q.y) {
				cur = append(cur, plotter.XY{X: q.x, Y: q.y})
			}
			continue
		}
		p := vs[i-1]
		dy := q.y - p.y
		t0, t1 := 0.0, 1.0
		if dy == 0 {
			if !in(p.y) {
				flush()
				continue
			}
		} else {
			a, b := (lo-p.y)/dy, (hi-p.y)/dy
			t0, t1 = math.Max(0, math.Min(a, b)), math.Min(1, math.Max(a, b))
			if t0 > t1 {
				flush()
				continue
			}
		}
		at := func(t float64) plotter.XY {
			switch t {
			case 0:
				return plotter.XY{X: p.x, Y: p.y}
			case 1:
				return plotter.XY{X: q.x, Y: q.y}
			}
			// Clamp: with a huge dy, t·dy is off by more than rounding.
			return plotter.XY{X: p.x + t*(q.x-p.x), Y: math.Max(lo, math.Min(hi, p.y+t*dy))}
		}
		if t0 > 0 || len(cur) == 0 {
			flush()
			cur = append(cur, at(t0))
		}
		cur = append(cur, at(t1))
		if t1 < 1 {
			flush()
		}
	}
	flush()
	return pieces
}

// poleBetween reports whether f jumps between a and b (a pole or a
// discontinuity) rather than rising steeply: it halves the interval towards
// the larger change up to 40 times; a continuous function's change then
// falls below tol, a jump's does not. It returns the innermost interval,
// whose ends lie on either side of the jump, close to it.
func poleBetween(f func(float64) float64, a, fa, b, fb, tol float64) (bool, vertex, vertex) {
	for range 40 {
		if math.Abs(fb-fa) <= tol {
			return false, vertex{}, vertex{}
		}
		m := 0.5 * (a + b)
		if m == a || m == b {
			break
		}
		fm := f(m)
		if !finite(fm) {
			return true, vertex{x: a, y: fa}, vertex{x: b, y: fb}
		}
		if math.Abs(fm-fa) >= math.Abs(fb-fm) {
			b, fb = m, fm
		} else {
			a, fa = m, fm
		}
	}
	return true, vertex{x: a, y: fa}, vertex{x: b, y: fb}
}

// FuncLine samples f at n points over [v.XMin, v.XMax] (n = 0 means
// v.Samples, or DefaultSamples) and returns it as a Polyline cut to the view's y range
// (extended by 2% each way, so lines leave the frame cleanly). The curve is
// split where f is not finite and at poles, which are told apart from steep
// slopes by bisection: 1/f″(x) of x⁴ − 2x², with poles at ±1/√3, is drawn
// as three branches, never joined across a pole, and no huge or infinite
// value reaches gonum/plot.
func FuncLine(f func(float64) float64, v View, n int, c color.Color, s LineStyle) (*Polyline, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	if n <= 0 {
		n = v.Samples
	}
	if n <= 0 {
		n = DefaultSamples
	}
	if n < 2 {
		n = 2
	}
	h := v.YMax - v.YMin
	lo, hi := v.YMin-0.02*h, v.YMax+0.02*h
	tol := 0.25 * h
	var vs []vertex
	px, py := math.NaN(), math.NaN()
	for _, x := range Linspace(v.XMin, v.XMax, n) {
		y := f(x)
		if !finite(y) {
			vs = append(vs, vertex{x: x, y: math.NaN()})
			px, py = x, math.NaN()
			continue
		}
		if finite(py) && math.Abs(y-py) > tol {
			if pole, a, b := poleBetween(f, px, py, x, y, tol); pole {
				vs = append(vs, a)
				b.brk = true
				vs = append(vs, b)
			}
		}
		vs = append(vs, vertex{x: x, y: y})
		px, py = x, y
	}
	return &Polyline{Pieces: clipY(vs, lo, hi), LineStyle: lineStyle(c, s)}, nil
}
