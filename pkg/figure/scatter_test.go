package figure_test

import (
	"bytes"
	"image/color"
	"log"
	"math"
	"regexp"
	"strconv"
	"testing"

	"gonum.org/v1/plot/cmpimg"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/optim"
)

// updatesToConverge runs m on seed 002's quartic from x0 until
// |f'(x)| ≤ 1e−10 and returns the number of updates.
func updatesToConverge(x0 float64, m optim.Method) float64 {
	r, err := optim.Minimize1D(quartic{}, x0, m, &optim.Settings{MaxIter: 5000, GradTol: 1e-10})
	if err != nil {
		log.Fatal(err)
	}
	return float64(len(r.Trace) - 1)
}

// ExampleScatterPlot_logY draws, for starts x0 in (0.6, 2.5] on x⁴ − 2x²,
// the updates gradient descent (lr 0.01, a few hundred) and Newton's method
// (a handful) need to reach |f'(x)| ≤ 1e−10 — on one logarithmic scale, so
// both read at a glance.
func ExampleScatterPlot_logY() {
	gd := figure.Points{Label: "gradient descent (lr = 0.01)"}
	nm := figure.Points{Label: "Newton"}
	for i := range 48 {
		x0 := 0.625 + 0.04*float64(i)
		gd.X, gd.Y = append(gd.X, x0), append(gd.Y, updatesToConverge(x0, &optim.GradientDescent{LR: 0.01}))
		nm.X, nm.Y = append(nm.X, x0), append(nm.Y, updatesToConverge(x0, &optim.Newton{}))
	}
	p, err := figure.ScatterPlot(figure.ScatterSpec{LogY: true,
		View: figure.View{XMin: 0.5, XMax: 2.5, YMin: 1, YMax: 1000, Grid: true,
			Title: "Updates to |f'(x)| <= 1e-10", XLabel: "start x0", YLabel: "updates"}}, gd, nm)
	savePlot("scatter_log.svg", p, err, 432, 360)
}

func TestGoldenScatterLog(t *testing.T) {
	cmpimg.CheckPlot(ExampleScatterPlot_logY, t, "scatter_log.svg")
}

// On a log axis a point of 1000 lies three decades above one of 1: the
// distance from the 1 tick to the 10 tick equals that from 100 to 1000,
// read from the drawn SVG.
func TestScatterPlotLogYIsLogarithmic(t *testing.T) {
	p, err := figure.ScatterPlot(figure.ScatterSpec{LogY: true,
		View: figure.View{XMin: 0, XMax: 1, YMin: 1, YMax: 1000}},
		figure.Points{X: []float64{0.5}, Y: []float64{10}})
	if err != nil {
		t.Fatal(err)
	}
	ticks := map[string]float64{}
	for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if tk.Label != "" {
			ticks[tk.Label] = p.Y.Norm(tk.Value)
		}
	}
	for _, l := range []string{"1", "10", "100", "1000"} {
		if _, ok := ticks[l]; !ok {
			t.Fatalf("log axis ticks %v lack %q", ticks, l)
		}
	}
	if d1, d2 := ticks["10"]-ticks["1"], ticks["1000"]-ticks["100"]; math.Abs(d1-d2) > 1e-12 || math.Abs(d1-1.0/3) > 1e-12 {
		t.Errorf("decades at %v: want a third of the axis each", ticks)
	}
	svg, err := figure.SVG(p, 300, 300)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(svg, []byte("NaN")) || bytes.Contains(svg, []byte("Inf")) {
		t.Error("non-finite number in the SVG")
	}
}

func TestScatterPlotLogYRejectsNonPositive(t *testing.T) {
	v := figure.View{XMin: 0, XMax: 1, YMin: 1, YMax: 100}
	_, err := figure.ScatterPlot(figure.ScatterSpec{LogY: true, View: v},
		figure.Points{X: []float64{0.1, 0.2, 0.3}, Y: []float64{5, 0, 7}, Label: "runs"})
	wantErr(t, "zero on a log axis", err, `group 0 ("runs") point 1`, "y = 0", "log axis")
	_, err = figure.ScatterPlot(figure.ScatterSpec{LogY: true, View: v},
		figure.Points{X: []float64{0.1}, Y: []float64{5}}, figure.Points{X: []float64{0.2}, Y: []float64{-3}})
	wantErr(t, "negative on a log axis", err, "group 1", "y = -3")
	v.YMin = 0
	_, err = figure.ScatterPlot(figure.ScatterSpec{LogY: true, View: v}, figure.Points{X: []float64{0.1}, Y: []float64{5}})
	wantErr(t, "YMin 0", err, "View.YMin > 0, got 0")
	v.YMin = -1
	// The same data on a linear axis is fine.
	if _, err := figure.ScatterPlot(figure.ScatterSpec{View: v},
		figure.Points{X: []float64{0.1, 0.2}, Y: []float64{0, -0.5}}); err != nil {
		t.Errorf("linear axis: %v", err)
	}
}

// A line over a log axis is drawn where it is positive and left out
// elsewhere: y = x − 0.5 on [0, 1] appears only right of 0.5 (read from the
// SVG against two markers at x = 0 and x = 1), with no NaN drawn.
func TestScatterPlotLogYLineGap(t *testing.T) {
	v := figure.View{XMin: 0, XMax: 1, YMin: 0.01, YMax: 1}
	p, err := figure.ScatterPlot(figure.ScatterSpec{LogY: true, View: v,
		Lines: []figure.Func{{F: func(x float64) float64 { return x - 0.5 }, Label: "x - 0.5", Color: color.Black}}},
		figure.Points{X: []float64{0, 1}, Y: []float64{0.1, 0.1}, Radius: 1})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := figure.SVG(p, 300, 300)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(svg, []byte("NaN")) || bytes.Contains(svg, []byte("Inf")) {
		t.Fatal("non-finite number in the SVG")
	}
	// Markers: "M(cx+1),cy A1,1 …"; the line: a long black path "Mx,yLx,y…".
	var marks []float64
	for _, m := range regexp.MustCompile(`d="M([0-9.]+),[0-9.]+A1,1 `).FindAllSubmatch(svg, -1) {
		x, _ := strconv.ParseFloat(string(m[1]), 64)
		marks = append(marks, x-1)
	}
	line := regexp.MustCompile(`d="M([0-9.]+),[0-9.]+(L[0-9.]+,[0-9.]+){10,}" style="fill:none;stroke:#000000;stroke-width:1.5"`).FindSubmatch(svg)
	if len(marks) != 2 || line == nil {
		t.Fatalf("markers at %v, line %q: cannot read the SVG", marks, line)
	}
	x0, _ := strconv.ParseFloat(string(line[1]), 64)
	if at := (x0 - marks[0]) / (marks[1] - marks[0]); !(at > 0.5 && at < 0.52) {
		t.Errorf("the line starts at x = %.3f of the axis, want just right of 0.5", at)
	}
}

// A line without a colour takes a cycle colour that no group has, nor one
// like it: beside points in Green and Red (05's backtracking figure), the
// two fitted lines are not C2 (green) and C3 (red) but C0 and C1; a group
// without a colour skips a line's explicit colour too.
func TestScatterPlotFreeColors(t *testing.T) {
	line := func(x float64) float64 { return x }
	for _, c := range []struct {
		name        string
		groups      []figure.Points
		lines       []figure.Func
		want, avoid []string
	}{
		{"explicit groups",
			[]figure.Points{{X: []float64{0}, Y: []float64{0}, Color: figure.Green}, {X: []float64{1}, Y: []float64{1}, Color: figure.Red},
				{X: []float64{2}, Y: []float64{2}, Color: figure.Blue}},
			[]figure.Func{{F: line}, {F: line}},
			[]string{"stroke:#FF7F0E", "stroke:#9467BD"}, []string{"stroke:#2CA02C", "stroke:#D62728", "stroke:#1F77B4"}},
		{"explicit line",
			[]figure.Points{{X: []float64{0}, Y: []float64{0}}},
			[]figure.Func{{F: line, Color: figure.Blue}, {F: line}},
			[]string{"fill:#FF7F0E", "stroke:#1F77B4", "stroke:#2CA02C"}, []string{"fill:#1F77B4"}},
	} {
		p, err := figure.ScatterPlot(figure.ScatterSpec{View: figure.View{XMin: -1, XMax: 3, YMin: -1, YMax: 3}, Lines: c.lines}, c.groups...)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := figure.SVG(p, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !bytes.Contains(svg, []byte(w)) {
				t.Errorf("%s: no %s drawn", c.name, w)
			}
		}
		for _, a := range c.avoid {
			if bytes.Contains(svg, []byte(a)) {
				t.Errorf("%s: %s drawn, a colour a series already has or one like it", c.name, a)
			}
		}
	}
}
