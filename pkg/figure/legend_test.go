package figure_test

import (
	"testing"

	"github.com/gradnb/gradnb/pkg/figure"
)

// The legend goes to the corner with the fewest plotted points: a rising
// diagonal leaves the upper left and lower right free, a falling one the
// upper right and lower left, a line along the top both lower corners;
// ties go to matplotlib's order (upper right, upper left, lower left,
// lower right).
func TestLegendBestCorner(t *testing.T) {
	v := figure.View{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	for _, c := range []struct {
		name      string
		f         func(float64) float64
		top, left bool
	}{
		{"rising", func(x float64) float64 { return x }, true, true},
		{"falling", func(x float64) float64 { return 1 - x }, true, false},
		{"along the top", func(float64) float64 { return 0.97 }, false, true},
		{"along the bottom", func(float64) float64 { return 0.03 }, true, false},
	} {
		p, err := figure.FuncPlot(v, figure.Lines{}, figure.Func{F: c.f, Label: "a rather long legend label"})
		if err != nil {
			t.Fatal(err)
		}
		svg, err := figure.SVG(p, 300, 300)
		if err != nil {
			t.Fatal(err)
		}
		wellFormed(t, c.name, svg)
		if p.Legend.Top != c.top || p.Legend.Left != c.left {
			t.Errorf("%s: legend top=%v left=%v, want top=%v left=%v", c.name, p.Legend.Top, p.Legend.Left, c.top, c.left)
		}
	}
}
