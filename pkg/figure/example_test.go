package figure_test

import (
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// The examples define their own objectives, so that the golden files do not
// change when package objective does.

// quartic is x⁴ − 2x², seed 002's function.
type quartic struct{}

func (quartic) F(x float64) float64   { return x*x*x*x - 2*x*x }
func (quartic) DF(x float64) float64  { return 4*x*x*x - 4*x }
func (quartic) D2F(x float64) float64 { return 12*x*x - 4 }
func (quartic) Minima() []objective.Minimum {
	return []objective.Minimum{{X: -1, F: -1, Global: true}, {X: 1, F: -1, Global: true}}
}

// valley is (x₁−1)² + 10(x₁²−x₂)², seed 003's function.
type valley struct{}

func (valley) Func(x []float64) float64 {
	a, b := x[0]-1, x[0]*x[0]-x[1]
	return a*a + 10*b*b
}

func (valley) Grad(g, x []float64) {
	b := x[0]*x[0] - x[1]
	g[0] = 2*(x[0]-1) + 40*x[0]*b
	g[1] = -20 * b
}

// save writes an SVG into testdata, where the golden tests look for it.
func save(name string, svg []byte, err error) {
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", name), svg, 0o644); err != nil {
		log.Fatal(err)
	}
}

// savePlot renders a plot at w × h points and saves it.
func savePlot(name string, p *plot.Plot, err error, w, h float64) {
	if err != nil {
		log.Fatal(err)
	}
	svg, err := figure.SVG(p, vg.Points(w), vg.Points(h))
	save(name, svg, err)
}

// gd runs gradient descent on f from x0 for n updates, stopping at |x − 1| <
// 1e−10 as seed 002 does.
func gd(f objective.Func1D, x0, lr float64, n int) *optim.Result {
	r, err := optim.Minimize1D(f, x0, &optim.GradientDescent{LR: lr},
		&optim.Settings{MaxIter: n, Target: []float64{1}, XTol: 1e-10})
	if err != nil {
		log.Fatal(err)
	}
	return r
}

// ExampleFuncPlot draws f, f' and f” of x⁴ − 2x² on one plot with a legend,
// the two minima starred and a reference line y = 0, as seed 002 does.
func ExampleFuncPlot() {
	var f quartic
	v := figure.View{XMin: -2.5, XMax: 2.5, YMin: -5, YMax: 10,
		XLabel: "x", YLabel: "f(x)", Title: "f(x) = x^4 - 2x^2", Grid: true}
	p, err := figure.FuncPlot(v, figure.Lines{HLines: []float64{0}, Minima: f.Minima()},
		figure.Func{F: f.F, Label: "f(x)"},
		figure.Func{F: f.DF, Label: "f'(x)"},
		figure.Func{F: f.D2F, Label: "f''(x)"})
	savePlot("funcplot.svg", p, err, 576, 432)
}

// ExampleFuncPlot_poles draws 1/f”(x), which has poles at ±1/√3: the curve
// is split there instead of being joined across the pole.
func ExampleFuncPlot_poles() {
	var f quartic
	v := figure.View{XMin: -2.5, XMax: 2.5, YMin: -5, YMax: 5,
		XLabel: "x", YLabel: "update", Title: "Learning rate of Newton's method", Grid: true}
	p, err := figure.FuncPlot(v, figure.Lines{VLines: []float64{-1 / math.Sqrt(3), 1 / math.Sqrt(3)}},
		figure.Func{F: f.F, Label: "f(x)", Style: figure.Dotted},
		figure.Func{F: f.DF, Label: "f'(x)"},
		figure.Func{F: f.D2F, Label: "f''(x)"},
		figure.Func{F: func(x float64) float64 { return 1 / f.D2F(x) }, Label: "1 / f''(x)"})
	savePlot("poles.svg", p, err, 576, 432)
}

// ExamplePathPlot draws seed 002's gradient-descent figure: 20 updates with
// lr = 0.01 from x = 2 on the curve, a left title and a suptitle.
func ExamplePathPlot() {
	var f quartic
	r := gd(f, 2, 0.01, 20)
	v := figure.View{XMin: -2.5, XMax: 2.5, YMin: -2, YMax: 10, XLabel: "x", YLabel: "f(x)",
		Title: fmt.Sprintf("iter:%d, lr=0.01, x=%.3f", len(r.Trace)-1, r.X()[0]),
		Grid:  true, TitleLeft: true}
	fig, err := figure.Grid(figure.GridSpec{Suptitle: "Gradient Descent Method", Width: 576, Height: 432},
		figure.PanelOf(figure.PathPlot(f, r, figure.PathSpec{View: v, Lines: figure.Lines{Minima: f.Minima()}})))
	if err != nil {
		log.Fatal(err)
	}
	svg, err := fig.SVG()
	save("path.svg", svg, err)
}

// ExampleGrid puts two runs side by side with a shared suptitle: seed 002's
// "lr 0.001 from 2" next to "lr 0.01 from −2".
func ExampleGrid() {
	var f quartic
	panel := func(x0, lr float64) figure.Panel {
		r := gd(f, x0, lr, 20)
		v := figure.View{XMin: -2.5, XMax: 2.5, YMin: -2, YMax: 10, XLabel: "x", YLabel: "f(x)",
			Title: fmt.Sprintf("iter:%d, lr=%v, x=%.3f", len(r.Trace)-1, lr, r.X()[0]),
			Grid:  true, TitleLeft: true}
		return figure.PanelOf(figure.PathPlot(f, r, figure.PathSpec{View: v, Lines: figure.Lines{Minima: f.Minima()}}))
	}
	fig, err := figure.Grid(figure.GridSpec{Cols: 2, Suptitle: "Gradient Descent Method"},
		panel(2, 0.001), panel(-2, 0.01))
	if err != nil {
		log.Fatal(err)
	}
	svg, err := fig.SVG()
	save("grid.svg", svg, err)
}

// ExampleContourPlot draws the level sets of the valley
// (x₁−1)² + 10(x₁²−x₂)² with the zig-zag path of gradient descent from
// (0, 1).
func ExampleContourPlot() {
	r, err := optim.Minimize(valley{}, []float64{0, 1}, &optim.GradientDescent{LR: 0.045},
		&optim.Settings{MaxIter: 60})
	if err != nil {
		log.Fatal(err)
	}
	p, err := figure.ContourPlot(valley{}, r, figure.ContourSpec{
		View: figure.View{XMin: -0.5, XMax: 1.5, YMin: -0.5, YMax: 1.5,
			XLabel: "x1", YLabel: "x2", Title: "Gradient descent in a valley, lr = 0.045"},
		Minima:  []objective.MinimumND{{X: []float64{1, 1}, F: 0, Global: true}},
		Markers: true,
	})
	savePlot("contour.svg", p, err, 432, 432)
}

// sgdRuns returns the parameters a and b of a line fit y = ax + b by
// stochastic gradient descent, plain and with seed 001's momentum
// (β = 0.9, averaging the gradients), over n iterations.
func sgdRuns(n int) (sgdA, sgdB, momA, momB []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs, ys := make([]float64, 100), make([]float64, 100)
	for i := range xs {
		xs[i] = 10 * rng.Float64()
		ys[i] = 3*xs[i] + 2 + rng.NormFloat64()
	}
	run := func(beta float64) (as, bs []float64) {
		a, b, ga, gb := 30.0, 30.0, 0.0, 0.0
		pick := rand.New(rand.NewPCG(3, 4))
		for range n {
			as, bs = append(as, a), append(bs, b)
			i := pick.IntN(len(xs))
			e := a*xs[i] + b - ys[i]
			ga = beta*ga + (1-beta)*2*e*xs[i]
			gb = beta*gb + (1-beta)*2*e
			a -= 0.002 * ga
			b -= 0.002 * gb
		}
		return as, bs
	}
	sgdA, sgdB = run(0)
	momA, momB = run(0.9)
	return
}

// ExampleSeriesPlot draws the parameters a and b of SGD and of momentum over
// 12,000 iterations, as seed 001 does; each series is decimated to at most
// 2,000 points.
func ExampleSeriesPlot() {
	sa, sb, ma, mb := sgdRuns(12000)
	p, err := figure.SeriesPlot(figure.SeriesSpec{Title: "SGD and momentum", XLabel: "iteration", YLabel: "parameter", Grid: true},
		figure.Series{Y: sa, Label: "SGD a"}, figure.Series{Y: sb, Label: "SGD b"},
		figure.Series{Y: ma, Label: "momentum a"}, figure.Series{Y: mb, Label: "momentum b"})
	savePlot("series.svg", p, err, 576, 360)
}

// ExampleSeriesPlot_zoom shows the first 50 iterations of a.
func ExampleSeriesPlot_zoom() {
	sa, _, ma, _ := sgdRuns(12000)
	p, err := figure.SeriesPlot(figure.SeriesSpec{Title: "The first 50 updates of a", XLabel: "iteration", YLabel: "a",
		XMin: 0, XMax: 50, Grid: true},
		figure.Series{Y: sa, Label: "SGD"}, figure.Series{Y: ma, Label: "momentum"})
	savePlot("series_zoom.svg", p, err, 576, 360)
}

// ExampleSeriesPlot_log draws f − f* against iteration on a log scale for
// two learning rates on (5 − x)².
func ExampleSeriesPlot_log() {
	var ss []figure.Series
	for _, lr := range []float64{0.1, 0.45} {
		r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: 40})
		if err != nil {
			log.Fatal(err)
		}
		ss = append(ss, figure.Series{Y: r.Trace.Fs(), Label: fmt.Sprintf("lr = %v", lr)})
	}
	p, err := figure.SeriesPlot(figure.SeriesSpec{Title: "f - f* on a log scale", XLabel: "iteration", YLabel: "f - f*",
		LogY: true, Grid: true}, ss...)
	savePlot("series_log.svg", p, err, 576, 360)
}

// ExamplePathExplorer carries 20 runs of gradient descent on (5 − x)², for
// learning rates 0.1 … 1.05, in one explorable figure; it rests on lr = 0.1.
func ExamplePathExplorer() {
	f := objective.Quadratic{A: 5}
	runs, labels, err := learningRateRuns(f)
	if err != nil {
		log.Fatal(err)
	}
	a, err := figure.PathExplorer(f, runs, figure.Explore{Param: "lr", Labels: labels, Default: 0},
		figure.PathSpec{View: figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200,
			XLabel: "parameter x", YLabel: "loss function L", Title: "Gradient descent: try another lr"}})
	if err != nil {
		log.Fatal(err)
	}
	svg, err := a.SVG()
	save("explorer.svg", svg, err)
}

// ExampleTangentAnimation is the flipbook of seed 004: 30 updates with
// lr = 0.1 on (5 − x)², the tangent at each iterate.
func ExampleTangentAnimation() {
	a, err := tangentAnimation(30)
	if err != nil {
		log.Fatal(err)
	}
	svg, err := a.SVG()
	save("tangent.svg", svg, err)
}

func tangentAnimation(n int) (*figure.Animation, error) {
	f := objective.Quadratic{A: 5}
	r, err := optim.Minimize1D(f, -5, &optim.GradientDescent{LR: 0.1}, &optim.Settings{MaxIter: n})
	if err != nil {
		return nil, err
	}
	return figure.TangentAnimation(f, r, figure.TangentSpec{
		View: figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200,
			XLabel: "parameter x", YLabel: "loss function L", Title: "Gradient descent, lr = 0.1"}})
}

// learningRateRuns runs 30 updates of gradient descent on f from −5 for the
// 20 learning rates 0.1, 0.15, …, 1.05 and labels them "lr = 0.10" ….
func learningRateRuns(f objective.Func1D) ([]*optim.Result, []string, error) {
	var runs []*optim.Result
	var labels []string
	for i := range 20 {
		lr := 0.1 + 0.05*float64(i)
		r, err := optim.Minimize1D(f, -5, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: 30})
		if err != nil {
			return nil, nil, err
		}
		runs = append(runs, r)
		labels = append(labels, fmt.Sprintf("lr = %.2f", lr))
	}
	return runs, labels, nil
}

// ExampleScatterPlot draws seed 001's 100 samples of y = 3x + 2 + noise
// with the lines y = a·x + b where SGD and momentum end after 12,000
// iterations.
func ExampleScatterPlot() {
	rng := rand.New(rand.NewPCG(1, 2))
	xs, ys := make([]float64, 100), make([]float64, 100)
	for i := range xs {
		xs[i] = 10 * rng.Float64()
		ys[i] = 3*xs[i] + 2 + rng.NormFloat64()
	}
	sa, sb, ma, mb := sgdRuns(12000)
	line := func(a, b float64) func(float64) float64 { return func(x float64) float64 { return a*x + b } }
	n := len(sa) - 1
	p, err := figure.ScatterPlot(figure.ScatterSpec{
		View: figure.View{XMin: 0, XMax: 10, YMin: -5, YMax: 40, XLabel: "x", YLabel: "y", Title: "Samples and fitted lines", Grid: true},
		Lines: []figure.Func{
			{F: line(sa[n], sb[n]), Label: fmt.Sprintf("SGD: y = %.2fx + %.2f", sa[n], sb[n])},
			{F: line(ma[n], mb[n]), Label: fmt.Sprintf("momentum: y = %.2fx + %.2f", ma[n], mb[n]), Style: figure.Dashed},
		}},
		figure.Points{X: xs, Y: ys, Label: "samples"})
	savePlot("scatter.svg", p, err, 432, 360)
}
