package figure

import (
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours of matplotlib's defaults, which the source documents use.
var (
	Blue   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff} // "C0"
	Orange = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff} // "C1"
	Red    = color.RGBA{R: 0xff, A: 0xff}                   // "r"
	Green  = color.RGBA{G: 0x80, A: 0xff}                   // "g"
	Black  = color.RGBA{A: 0xff}
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
// C9), the colour a curve gets when none is given: ten series of one figure
// get ten colours.
func Cycle(i int) color.Color {
	cs := [...]color.Color{Blue, Orange, C2, C3, C4,
		color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, // C5, brown
		color.RGBA{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff}, // C6, pink
		color.RGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff}, // C7, grey
		color.RGBA{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff}, // C8, olive
		color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff}, // C9, cyan
	}
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

// fillColors gives each nil entry of cs the next colour of matplotlib's
// cycle that is not like a colour of cs, of taken, or one it already gave
// (see likeColor): a curve that has no colour of its own does not take the
// colour of a series that has one, nor a near one (C3, matplotlib's red,
// beside points in pure Red). With the ten colours of the cycle used up,
// the cycle repeats.
func fillColors(cs []color.Color, taken ...color.Color) {
	for _, c := range cs {
		if c != nil {
			taken = append(taken, c)
		}
	}
	next := 0
	for i := range cs {
		if cs[i] != nil {
			continue
		}
		for k := range 10 {
			c := Cycle(next + k)
			if !slices.ContainsFunc(taken, func(t color.Color) bool { return likeColor(t, c) }) {
				next += k
				break
			}
		}
		cs[i] = Cycle(next)
		taken = append(taken, cs[i])
		next++
	}
}

// likeColor reports whether a reader would take two colours for one: their
// CIE94 colour difference (graphic arts weights, on CIELAB under D65, with
// the two chromas' geometric mean as reference) is under 15. Red and C3
// (about 9 apart) and Green and C2 (about 12) are alike; Orange and Red
// (19), blue C0 and cyan C9 (32), grey C7 and brown C5 (28) are not, nor
// any two colours of the cycle (the closest are about 18 apart).
func likeColor(a, b color.Color) bool {
	l1, a1, b1 := lab(a)
	l2, a2, b2 := lab(b)
	c1, c2 := math.Hypot(a1, b1), math.Hypot(a2, b2)
	dl, dc := l1-l2, c1-c2
	dh2 := max((a1-a2)*(a1-a2)+(b1-b2)*(b1-b2)-dc*dc, 0)
	c := math.Sqrt(c1 * c2)
	sc, sh := 1+0.045*c, 1+0.015*c
	return math.Sqrt(dl*dl+(dc/sc)*(dc/sc)+dh2/(sh*sh)) < 15
}

// lab returns the CIELAB coordinates of an sRGB colour (D65 white).
func lab(c color.Color) (l, a, b float64) {
	r, g, bl, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	R, G, B := lin(r), lin(g), lin(bl)
	x := (0.4124*R + 0.3576*G + 0.1805*B) / 0.95047
	y := 0.2126*R + 0.7152*G + 0.0722*B
	z := (0.0193*R + 0.1192*G + 0.9505*B) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return 116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)
}
