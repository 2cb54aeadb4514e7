package figure

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// More of matplotlib's default colour cycle ("C2" … "C4"), and a light grey
// for grids and reference lines.
var (
	C2        = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff} // "C2", green
	C3        = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff} // "C3", red
	C4        = color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff} // "C4", purple
	LightGray = color.RGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff}
	Gray      = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	White     = color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// Cycle returns matplotlib's i-th default colour (C0, C1, … wrapping after
// C4), the colour a curve gets when none is given.
func Cycle(i int) color.Color {
	cs := [...]color.Color{Blue, Orange, C2, C3, C4}
	return cs[((i%len(cs))+len(cs))%len(cs)]
}

// LineStyle is the dash pattern of a line, as matplotlib's linestyle.
type LineStyle int

const (
	Solid  LineStyle = iota // "-"
	Dashed                  // "--"
	Dotted                  // ":"
)

// lineStyle returns a gonum line style of the given colour and pattern.
func lineStyle(c color.Color, s LineStyle) draw.LineStyle {
	ls := draw.LineStyle{Color: c, Width: vg.Points(1.5)}
	switch s {
	case Dashed:
		ls.Dashes = []vg.Length{vg.Points(5.5), vg.Points(2.4)}
	case Dotted:
		ls.Dashes = []vg.Length{vg.Points(1.5), vg.Points(2.5)}
	}
	return ls
}

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

// StarGlyph is a five-pointed star, matplotlib's marker '*'.
type StarGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (StarGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	r := sty.Radius
	for i := range 10 {
		rad := r
		if i%2 == 1 {
			rad = r * 0.4
		}
		a := math.Pi/2 + float64(i)*math.Pi/5
		q := vg.Point{X: pt.X + rad*vg.Length(math.Cos(a)), Y: pt.Y + rad*vg.Length(math.Sin(a))}
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	c.Fill(p)
}

// Note is a plotter that writes text at a position given as fractions of the
// data area (0, 0 is the lower left corner, 1, 1 the upper right), like
// matplotlib's text with transform=ax.transAxes: it stays in place whatever
// the axis limits.
type Note struct {
	FX, FY float64
	Label  string
	Style  text.Style
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
	c.FillText(n.Style, vg.Point{X: x, Y: y}, n.Label)
}

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
