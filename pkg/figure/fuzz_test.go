package figure_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// The fuzz targets feed the figure entry points what a cell could pass and
// require that each call returns an error or a well-formed SVG without
// non-finite numbers, never panicking or hanging (go test -fuzz runs each
// input with a deadline). Run one for a minute with
//
//	go test ./pkg/figure -run '^$' -fuzz FuzzFuncPlot -fuzztime 60s

// checkSVG fails unless svg is well-formed and free of NaN and Inf.
func checkSVG(t *testing.T, name string, svg []byte) {
	t.Helper()
	wellFormed(t, name, svg)
	if s := string(svg); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		t.Fatalf("%s: non-finite number in the SVG", name)
	}
}

func FuzzFuncPlot(f *testing.F) {
	f.Add(-2.5, 2.5, -5.0, 10.0, "f(x)", "x", 0, 432.0, 288.0)
	f.Add(-1e308, 1e308, -1e308, 1e308, "t", "", 0, 0.0, 0.0)
	f.Add(0.0, 1e-300, 0.0, 1e-300, "\xff", "\x00", 1, 72.0, 72.0)
	f.Add(-1.0, 1.0, -1.0, 1.0, "ok", "ok", 10000000, math.NaN(), 1.0)
	f.Fuzz(func(t *testing.T, x0, x1, y0, y1 float64, title, label string, samples int, w, h float64) {
		v := figure.View{XMin: x0, XMax: x1, YMin: y0, YMax: y1, Title: title, XLabel: label, Samples: samples % 50000}
		p, err := figure.FuncPlot(v, figure.Lines{HLines: []float64{0}},
			figure.Func{F: func(x float64) float64 { return 1 / x }, Label: label},
			figure.Func{F: math.Sin, Label: title})
		if err != nil {
			return
		}
		svg, err := figure.SVG(p, vg.Length(w), vg.Length(h))
		if err != nil {
			return
		}
		checkSVG(t, "FuncPlot", svg)
	})
}

func FuzzSeriesPlot(f *testing.F) {
	f.Add(-1e308, 1e308, 0.0, 1.0, 0.0, 0.0, false, "a")
	f.Add(1.0, 2.0, 3.0, 4.0, 0.0, 0.0, true, "b")
	f.Add(0.0, -1.0, math.Inf(1), 4.0, 1.0, 2.0, true, "\x7f")
	f.Fuzz(func(t *testing.T, a, b, c, d, ymin, ymax float64, logY bool, label string) {
		p, err := figure.SeriesPlot(figure.SeriesSpec{YMin: ymin, YMax: ymax, LogY: logY, Title: label},
			figure.Series{Y: []float64{a, b, c, d}, Label: label},
			figure.Series{X: []float64{0, 1, 2}, Y: []float64{d, c, b}})
		if err != nil {
			return
		}
		svg, err := figure.SVG(p, 0, 0)
		if err != nil {
			return
		}
		checkSVG(t, "SeriesPlot", svg)
	})
}

func FuzzPathAndTangent(f *testing.F) {
	f.Add(-5.0, 0.1, 30, -10.0, 20.0, -5.0, 200.0, "lr = 0.1")
	f.Add(1e200, 1.1, 5, -1e308, 1e308, 0.0, 1.0, "")
	f.Add(0.0, 1.0, 3, -1.0, 1.0, -1.0, 1.0, "\xc3")
	f.Fuzz(func(t *testing.T, x0, lr float64, n int, xmin, xmax, ymin, ymax float64, title string) {
		if n < 0 || n > 200 {
			return
		}
		r, err := optim.Minimize1D(objective.Quadratic{A: 5}, x0, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: n})
		if err != nil || len(r.Trace) == 0 {
			return
		}
		v := figure.View{XMin: xmin, XMax: xmax, YMin: ymin, YMax: ymax, Title: title}
		if p, err := figure.PathPlot(objective.Quadratic{A: 5}, r, figure.PathSpec{View: v}); err == nil {
			if svg, err := figure.SVG(p, 0, 0); err == nil {
				checkSVG(t, "PathPlot", svg)
			}
		}
		if a, err := figure.TangentAnimation(objective.Quadratic{A: 5}, r, figure.TangentSpec{View: v, LabelX: xmin, LabelY: ymax}); err == nil {
			if svg, err := a.SVG(); err == nil {
				checkSVG(t, "TangentAnimation", svg)
			}
		}
	})
}

func FuzzContourPlot(f *testing.F) {
	f.Add(-0.5, 1.5, -0.5, 1.5, 20, 0.5, "x1")
	f.Add(-1e308, 1e308, -1.0, 1.0, 2, math.NaN(), "")
	f.Add(-1e150, 1e150, -1e150, 1e150, 3, 1.0, "\x01")
	f.Fuzz(func(t *testing.T, x0, x1, y0, y1 float64, n int, level float64, label string) {
		v := figure.View{XMin: x0, XMax: x1, YMin: y0, YMax: y1, Samples: n % 100, XLabel: label}
		p, err := figure.ContourPlot(valley{}, nil, figure.ContourSpec{View: v, Levels: []float64{level, 2 * level}})
		if err != nil {
			return
		}
		svg, err := figure.SVG(p, 0, 0)
		if err != nil {
			return
		}
		checkSVG(t, "ContourPlot", svg)
	})
}
