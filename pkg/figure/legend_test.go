package figure_test

import (
	"math"
	"slices"
	"strings"
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

// Iteration axes are labelled with integers only, at round steps.
func TestIntegerTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		{0, 50, []string{"0", "10", "20", "30", "40", "50"}},
		{0, 12000, []string{"0", "2000", "4000", "6000", "8000", "10000", "12000"}},
		{0, 7, []string{"0", "1", "2", "3", "4", "5", "6", "7"}},
		{-0.5, 3.5, []string{"0", "1", "2", "3"}},
		{0, 1e9, []string{"0", "200000000", "400000000", "600000000", "800000000", "1000000000"}},
	} {
		var got []string
		for _, tk := range (figure.IntegerTicks{}).Ticks(c.lo, c.hi) {
			if tk.Value != math.Trunc(tk.Value) {
				t.Errorf("[%v, %v]: tick at %v is not an integer", c.lo, c.hi, tk.Value)
			}
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("[%v, %v]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
	if ts := (figure.IntegerTicks{}).Ticks(0, math.Inf(1)); ts != nil {
		t.Errorf("an infinite range has ticks %v", ts)
	}
}

// A contour plot writes each level's value on its line.
func TestContourLevelLabels(t *testing.T) {
	p, err := figure.ContourPlot(valley{}, nil, figure.ContourSpec{
		View:   figure.View{XMin: -0.5, XMax: 1.5, YMin: -0.5, YMax: 1.5},
		Levels: []float64{0.25, 2, 1e6}})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := figure.SVG(p, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "contour", svg)
	for _, want := range []string{">0.25</text>", ">2</text>"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("no level label %q", want)
		}
	}
	// The level 1e6 has no line on this view, so no label.
	if strings.Contains(string(svg), ">1e+06</text>") {
		t.Error("a label for a level that is not drawn")
	}
}
