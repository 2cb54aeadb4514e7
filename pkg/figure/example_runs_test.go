package figure_test

import (
	"fmt"
	"log"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// momentumRuns runs 50 updates of momentum (lr = 0.2) on (5 − x)² from −5
// for the momentum coefficients 0, 0.05, …, 0.95, labelled "momentum = 0.80".
func momentumRuns() ([]*optim.Result, []string) {
	var runs []*optim.Result
	var labels []string
	for i := range 20 {
		a := 0.05 * float64(i)
		r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.Momentum{LR: 0.2, Momentum: a}, &optim.Settings{MaxIter: 50})
		if err != nil {
			log.Fatal(err)
		}
		runs, labels = append(runs, r), append(labels, fmt.Sprintf("momentum = %.2f", a))
	}
	return runs, labels
}

// ExampleSeriesExplorer shows x against iteration for 20 momentum
// coefficients, one slider position each, with the minimum x = 5 as a
// reference line: seed 000's momentum, how its overshoot grows with α. It
// rests on momentum = 0.80, the source's value.
func ExampleSeriesExplorer() {
	runs, labels := momentumRuns()
	a, err := figure.SeriesExplorer(runs, figure.Explore{Param: "momentum", Labels: labels, Default: 16},
		figure.RunsSpec{
			Series: figure.SeriesSpec{Title: "x_k for each momentum, lr = 0.2", YLabel: "parameter x",
				YMin: -6, YMax: 16, Grid: true, Refs: []figure.Ref{{At: 5, Label: "minimum x = 5"}}},
			Measure: figure.Coord(0, "x"),
		})
	if err != nil {
		log.Fatal(err)
	}
	svg, err := a.SVG()
	save("series_explorer.svg", svg, err)
}

// ExampleCompareRuns compares five methods on the valley
// (x₁−1)² + 10(x₁²−x₂)² as f − f* against iteration on a log scale, each in
// its own colour, named by its Result.Method: seed 003's comparison.
func ExampleCompareRuns() {
	start := []float64{0, 1}
	var runs []*optim.Result
	for _, m := range []optim.Method{
		&optim.GradientDescent{LR: 0.01},
		&optim.GradientDescent{LR: 0.045},
		&optim.Momentum{LR: 0.01, Momentum: 0.9},
		&optim.SteepestDescent{LineSearch: &optim.Backtracking{}},
		&optim.SteepestDescent{LineSearch: &optim.GoldenSection{}},
	} {
		r, err := optim.Minimize(valley{}, start, m, &optim.Settings{MaxIter: 400})
		if err != nil {
			log.Fatal(err)
		}
		runs = append(runs, r)
	}
	p, err := figure.CompareRuns(figure.RunsSpec{
		Series:  figure.SeriesSpec{Title: "Five methods on the valley from (0, 1)", Grid: true},
		Measure: figure.LossGap(0),
	}, runs...)
	savePlot("compare.svg", p, err, 576, 400)
}

// ExampleColorsFor keeps each method's colour across the panels of a Grid:
// the same map goes to both panels, so "momentum" is blue and "RMSProp"
// orange in each, whatever series the panel holds.
func ExampleColorsFor() {
	f := objective.Quadratic{A: 5}
	run := func(m optim.Method) *optim.Result {
		r, err := optim.Minimize1D(f, -5, m, &optim.Settings{MaxIter: 60})
		if err != nil {
			log.Fatal(err)
		}
		return r
	}
	mom := run(&optim.Momentum{LR: 0.05, Momentum: 0.9})
	rms := run(&optim.RMSProp{LR: 0.3})
	gd := run(&optim.GradientDescent{LR: 0.05})
	colors := figure.ColorsFor("momentum", "RMSProp", "gradient descent")
	fig, err := figure.Grid(figure.GridSpec{Cols: 2, Suptitle: "One colour per method in every panel"},
		figure.PanelOf(figure.CompareRuns(figure.RunsSpec{
			Series:  figure.SeriesSpec{Title: "x", Colors: colors, Refs: []figure.Ref{{At: 5, Label: "x* = 5"}}},
			Measure: figure.Coord(0, "x"), Labels: []string{"RMSProp", "momentum"}}, rms, mom)),
		figure.PanelOf(figure.CompareRuns(figure.RunsSpec{
			Series:  figure.SeriesSpec{Title: "distance to the minimum", Colors: colors},
			Measure: figure.DistanceTo([]float64{5}), Labels: []string{"gradient descent", "momentum"}}, gd, mom)))
	if err != nil {
		log.Fatal(err)
	}
	svg, err := fig.SVG()
	save("colors.svg", svg, err)
}

// ExampleBallAnimation is seed 000's 「図で表すと」: momentum (lr = 0.2,
// momentum = 0.8) as a ball rolling on (5 − x)² from x = −5, its velocity
// v an arrow, overshooting the minimum and rolling back.
func ExampleBallAnimation() {
	f := objective.Quadratic{A: 5}
	r, err := optim.Minimize1D(f, -5, &optim.Momentum{LR: 0.2, Momentum: 0.8}, &optim.Settings{MaxIter: 30})
	if err != nil {
		log.Fatal(err)
	}
	a, err := figure.BallAnimation(f, r, figure.BallSpec{
		View: figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200, XLabel: "parameter x", YLabel: "loss function L"}})
	if err != nil {
		log.Fatal(err)
	}
	svg, err := a.SVG()
	save("ball.svg", svg, err)
}

// lineFit is the least-squares problem of fitting y = a·x + b to 100
// seeded samples of y = 2x + 5 + noise, with its minimum.
func lineFit() (*objective.LeastSquares, []float64) {
	xs, ys := objective.LineData(100, 2, 5, 1, 1)
	ls, err := objective.NewLeastSquares(xs, ys)
	if err != nil {
		log.Fatal(err)
	}
	a, b, err := ls.Solve()
	if err != nil {
		log.Fatal(err)
	}
	return ls, []float64{a, b}
}

// ExampleParamsPlot is the opening figure of seed 001: stochastic gradient
// descent (one sample per update, η = 0.002) fitting y = a·x + b from
// a = b = 30, its a and b oscillating around the least-squares solution,
// drawn as reference lines.
func ExampleParamsPlot() {
	ls, opt := lineFit()
	r, err := optim.Minimize(ls, []float64{30, 30}, &optim.Stochastic{Method: &optim.GradientDescent{LR: 0.002}, Seed: 1},
		&optim.Settings{MaxIter: 5000})
	if err != nil {
		log.Fatal(err)
	}
	p, err := figure.ParamsPlot(figure.ParamsSpec{
		Series:  figure.SeriesSpec{Title: "SGD: a and b oscillate around the optimum", Grid: true},
		Names:   []string{"a", "b"},
		Optimum: opt,
	}, r)
	savePlot("params.svg", p, err, 576, 360)
}
