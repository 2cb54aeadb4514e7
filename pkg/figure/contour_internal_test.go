package figure

import (
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// TestContourLabelsOffThePath: the level labels of a contour plot (the
// numbers written in its data area) do not cover the run's path — its
// line and markers, counted from the path's own plotters — nor each
// other: gradient descent's zig-zag in the valley, and notebook 05's
// steepest descent with backtracking over 500 iterations.
func TestContourLabelsOffThePath(t *testing.T) {
	valley := objective.Valley{}
	gd, err := optim.Minimize(valley, valley.Start(), &optim.GradientDescent{LR: 0.045}, &optim.Settings{MaxIter: 60})
	if err != nil {
		t.Fatal(err)
	}
	sd, err := optim.Minimize(valley, valley.Start(), &optim.SteepestDescent{LineSearch: &optim.Backtracking{}}, &optim.Settings{MaxIter: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		r    *optim.Result
		spec ContourSpec
	}{
		{"gradient descent", gd, ContourSpec{View: View{XMin: -0.5, XMax: 1.5, YMin: -0.5, YMax: 1.5}, Minima: valley.Minima(), Markers: true}},
		{"steepest descent", sd, ContourSpec{View: View{XMin: -0.2, XMax: 1.3, YMin: -0.2, YMax: 1.3}, Minima: valley.Minima()}},
		{"first 10", sd, ContourSpec{View: View{XMin: 0.05, XMax: 0.65, YMin: -0.05, YMax: 0.55}, Minima: valley.Minima(), Until: 10, Markers: true}},
	} {
		p, err := ContourPlot(valley, c.r, c.spec)
		if err != nil {
			t.Fatal(err)
		}
		rec, da := record(p)
		var path ink
		ps, err := contourPath(c.r, c.spec)
		if err != nil {
			t.Fatal(err)
		}
		path.add(ps...)
		var labels []drawnText
		for _, tx := range rec.texts {
			if _, err := strconv.ParseFloat(tx.s, 64); err == nil && inside(tx.r, da.Rectangle) {
				labels = append(labels, tx)
			}
		}
		if len(labels) < 5 {
			t.Fatalf("%s: %d level labels drawn, want at least 5", c.name, len(labels))
		}
		rects := make([]vg.Rectangle, len(labels))
		for i, l := range labels {
			rects[i] = l.r
		}
		for i, h := range path.hits(da, p, rects) {
			if h != 0 {
				t.Errorf("%s: the path crosses the level label %q at %v (%d samples)", c.name, labels[i].s, labels[i].r, h)
			}
			for j := range i {
				if overlaps(rects[i], rects[j]) {
					t.Errorf("%s: the level labels %q and %q overlap", c.name, labels[i].s, labels[j].s)
				}
			}
		}
	}
}

// TestContourLevelValues: a contour plot writes each level's value as
// LinearTicks would, in full, not as "1e+03": notebook 03's levels of
// L(a, b) from 1 to 30000 over the least-squares data.
func TestContourLevelValues(t *testing.T) {
	xs, ys := objective.LineData(100, 2, 5, 1, 1)
	ls, err := objective.NewLeastSquares(xs, ys)
	if err != nil {
		t.Fatal(err)
	}
	r, err := optim.Minimize(ls, []float64{30, 30}, &optim.SGD{LR: 0.002, Seed: 1}, &optim.Settings{MaxIter: 200})
	if err != nil {
		t.Fatal(err)
	}
	levels := []float64{1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000}
	p, err := ContourPlot(ls, r, ContourSpec{View: View{XMin: -12, XMax: 34, YMin: 0, YMax: 34}, Levels: levels, Minima: ls.Minima()})
	if err != nil {
		t.Fatal(err)
	}
	rec, da := record(p)
	drawn := map[string]bool{}
	for _, tx := range rec.texts {
		if inside(tx.r, da.Rectangle) {
			drawn[tx.s] = true
		}
	}
	for _, want := range []string{"100", "300", "1000", "3000", "10000"} {
		if !drawn[want] {
			t.Errorf("level label %q not drawn; drawn: %v", want, drawn)
		}
	}
	for s := range drawn {
		if strings.Contains(s, "e") {
			t.Errorf("level label %q in exponent form", s)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{1000, "1000"}, {30000, "30000"}, {0.25, "0.25"}, {0.123456, "0.123"}, {12345, "12300"}, {-1234.5, "-1230"}, {1e-4, "1e-4"}, {2.5e-5, "2.5e-5"}, {3e7, "3e7"}} {
		if got := valueLabel(c.v); got != c.want {
			t.Errorf("valueLabel(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
