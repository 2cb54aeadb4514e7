package figure

import (
	"image/color"

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
