package figure_test

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

func run1D(t *testing.T, m optim.Method, n int) *optim.Result {
	t.Helper()
	r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, m, &optim.Settings{MaxIter: n})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRunsBadInput: every bad argument of the run figures is an error that
// names what is wrong, never a panic or a malformed figure.
func TestRunsBadInput(t *testing.T) {
	r := run1D(t, &optim.GradientDescent{LR: 0.1}, 10)
	valleyRun, err := optim.Minimize(valley{}, []float64{0, 1}, &optim.GradientDescent{LR: 0.01}, &optim.Settings{MaxIter: 5})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, want string
		f          func() error
	}{
		{"no run", "no run", func() error { _, err := figure.CompareRuns(figure.RunsSpec{}); return err }},
		{"nil run", "at least one iterate", func() error { _, err := figure.CompareRuns(figure.RunsSpec{}, r, nil); return err }},
		{"empty run", "at least one iterate", func() error { _, err := figure.CompareRuns(figure.RunsSpec{}, &optim.Result{}); return err }},
		{"labels", "2 labels for 1 runs", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Labels: []string{"a", "b"}}, r)
			return err
		}},
		{"until", "Until = -1", func() error { _, err := figure.CompareRuns(figure.RunsSpec{Until: -1}, r); return err }},
		{"coord out of range", "Coord(1, \"b\") measures coordinate 1, but iterate 0 has 1 coordinates", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Measure: figure.Coord(1, "b")}, r)
			return err
		}},
		{"negative coord", "Coord(-1", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Measure: figure.Coord(-1, "")}, r)
			return err
		}},
		{"distance dims", "DistanceTo a point of 1 coordinates, but iterate 0 has 2", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Measure: figure.DistanceTo([]float64{1})}, valleyRun)
			return err
		}},
		{"distance NaN", "x*[0] = NaN", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Measure: figure.DistanceTo([]float64{math.NaN()})}, r)
			return err
		}},
		{"loss gap Inf", "LossGap(+Inf)", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Measure: figure.LossGap(math.Inf(1))}, r)
			return err
		}},
		{"no Of", "has no Of function", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Measure: figure.Measure{Name: "q"}}, r)
			return err
		}},
		{"bad name", "not valid UTF-8", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Measure: figure.Measure{Name: "\xff", Of: figure.Loss().Of}}, r)
			return err
		}},
		{"ref NaN", "Refs[0] (\"x*\") at y = NaN", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Series: figure.SeriesSpec{Refs: []figure.Ref{{At: math.NaN(), Label: "x*"}}}}, r)
			return err
		}},
		{"ref on log", "not positive on a log scale", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Measure: figure.LossGap(0), Series: figure.SeriesSpec{Refs: []figure.Ref{{At: 0}}}}, r)
			return err
		}},
		{"ref label", "control character", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Series: figure.SeriesSpec{Refs: []figure.Ref{{At: 1, Label: "a\x01"}}}}, r)
			return err
		}},
		{"nil colour", "Colors[\"x\"] is nil", func() error {
			_, err := figure.CompareRuns(figure.RunsSpec{Series: figure.SeriesSpec{Colors: map[string]color.Color{"x": nil}}}, r)
			return err
		}},
		{"explorer no runs", "at least one value", func() error {
			_, err := figure.SeriesExplorer(nil, figure.Explore{Param: "lr"}, figure.RunsSpec{})
			return err
		}},
		{"explorer no param", "Explore.Param", func() error {
			_, err := figure.SeriesExplorer([]*optim.Result{r}, figure.Explore{}, figure.RunsSpec{})
			return err
		}},
		{"explorer nil run", "run 1", func() error {
			_, err := figure.SeriesExplorer([]*optim.Result{r, nil}, figure.Explore{Param: "lr"}, figure.RunsSpec{})
			return err
		}},
		{"explorer default", "Default = 3", func() error {
			_, err := figure.SeriesExplorer([]*optim.Result{r}, figure.Explore{Param: "lr", Default: 3}, figure.RunsSpec{})
			return err
		}},
		{"explorer overflow", "not finite", func() error {
			huge := &optim.Result{Trace: optim.Trace{{X: []float64{-1e308}}, {K: 1, X: []float64{1e308}}}}
			_, err := figure.SeriesExplorer([]*optim.Result{huge}, figure.Explore{Param: "lr"}, figure.RunsSpec{})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.f()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// TestRunSeriesUsesK: a thinned trace is drawn at its true iterations.
func TestRunSeriesUsesK(t *testing.T) {
	r := &optim.Result{Method: "M", Trace: optim.Trace{{K: 0, X: []float64{1}, F: 4}, {K: 10, X: []float64{2}, F: 1}, {K: 500, X: []float64{3}, F: 0.5}}}
	s, err := figure.RunSeries(r, figure.Loss(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{0, 10, 500}; !equal(s.X, want) || !equal(s.Y, []float64{4, 1, 0.5}) || s.Label != "M" {
		t.Errorf("RunSeries = %+v, want X %v, Y [4 1 0.5], label M", s, want)
	}
	s, err = figure.RunSeries(r, figure.Measure{}, 10) // zero Measure: x; Until 10
	if err != nil {
		t.Fatal(err)
	}
	if !equal(s.X, []float64{0, 10}) || !equal(s.Y, []float64{1, 2}) {
		t.Errorf("RunSeries(until 10) = %+v, want X [0 10], Y [1 2]", s)
	}
	g := &optim.Result{Trace: optim.Trace{{X: []float64{0, 0}, Grad: []float64{3, 4}}}}
	if s, err := figure.RunSeries(g, figure.GradNorm(), 0); err != nil || s.Y[0] != 5 {
		t.Errorf("GradNorm of (3, 4) = %v, %v; want 5", s.Y, err)
	}
	if s, err := figure.RunSeries(g, figure.DistanceTo([]float64{3, 4}), 0); err != nil || s.Y[0] != 5 {
		t.Errorf("DistanceTo (3, 4) from 0 = %v, %v; want 5", s.Y, err)
	}
	g.Trace[0].Grad = nil
	if _, err := figure.RunSeries(g, figure.GradNorm(), 0); err == nil || !strings.Contains(err.Error(), "0 gradient components") {
		t.Errorf("GradNorm without a gradient: %v, want an error", err)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestColorsKeepMeaning: a label mapped by Colors has its colour in every
// plot, and series without a mapped colour avoid the mapped ones, so no
// two series of one plot share a colour.
func TestColorsKeepMeaning(t *testing.T) {
	colors := figure.ColorsFor("momentum", "RMSProp")
	hex := func(c color.Color) string {
		r, g, b, _ := c.RGBA()
		const d = "0123456789ABCDEF"
		return string([]byte{'#', d[r>>12], d[(r>>8)&15], d[g>>12], d[(g>>8)&15], d[b>>12], d[(b>>8)&15]})
	}
	render := func(ss ...figure.Series) string {
		p, err := figure.SeriesPlot(figure.SeriesSpec{Colors: colors}, ss...)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := figure.SVG(p, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return string(svg)
	}
	y := []float64{1, 2, 3}
	a := render(figure.Series{Y: y, Label: "RMSProp"}, figure.Series{Y: y, Label: "other"})
	b := render(figure.Series{Y: y, Label: "momentum"}, figure.Series{Y: y, Label: "RMSProp"})
	rms := hex(figure.Orange)
	for name, svg := range map[string]string{"a": a, "b": b} {
		if !strings.Contains(svg, "stroke:"+rms) {
			t.Errorf("plot %s: RMSProp is not drawn in %s", name, rms)
		}
	}
	// "other" is neither C0 (momentum's) nor C1 (RMSProp's): it takes C2.
	if !strings.Contains(a, "stroke:"+hex(figure.C2)) || strings.Contains(a, "stroke:"+hex(figure.Blue)) {
		t.Errorf("plot a: the unmapped series should take C2, not momentum's C0")
	}
}

// TestSeriesExplorerFrames: one frame per run, each with its own line and
// its label and ending; the background holds the reference line once, and
// each frame writes its label where that frame's line does not pass.
func TestSeriesExplorerFrames(t *testing.T) {
	runs := []*optim.Result{run1D(t, &optim.GradientDescent{LR: 0.1}, 20), run1D(t, &optim.GradientDescent{LR: 1.1}, 40)}
	a, err := figure.SeriesExplorer(runs, figure.Explore{Param: "lr"}, figure.RunsSpec{
		Series: figure.SeriesSpec{Refs: []figure.Ref{{At: 5, Label: "x* = 5"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 2 || a.Labels[0] != runs[0].Method || a.Labels[1] != runs[1].Method {
		t.Fatalf("frames %d, labels %q; want 2 frames labelled by Method", a.Len(), a.Labels)
	}
	svg, err := a.SVG()
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "series explorer", svg)
	s := string(svg)
	if n := strings.Count(s, "x* = 5"); n != a.Len() {
		t.Errorf("the reference label appears %d times, want once per frame (%d)", n, a.Len())
	}
	if !strings.Contains(s, "回の更新で発散") {
		t.Errorf("the lr = 1.1 frame does not say the run diverged")
	}
	if !strings.Contains(s, "更新 20 回, x = 4.885") {
		t.Errorf("the lr = 0.1 frame does not say how it ended")
	}
}

func TestBallAnimation(t *testing.T) {
	f := objective.Quadratic{A: 5}
	r := run1D(t, &optim.Momentum{LR: 0.2, Momentum: 0.8}, 10)
	valleyRun, err := optim.Minimize(valley{}, []float64{0, 1}, &optim.GradientDescent{LR: 0.01}, &optim.Settings{MaxIter: 5})
	if err != nil {
		t.Fatal(err)
	}
	view := figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200}
	for _, c := range []struct {
		name, want string
		f          objective.Func1D
		r          *optim.Result
		spec       figure.BallSpec
	}{
		{"nil objective", "needs an objective", nil, r, figure.BallSpec{View: view}},
		{"nil run", "at least one iterate", f, nil, figure.BallSpec{View: view}},
		{"2-D run", "iterate 0 has 2 coordinates", f, valleyRun, figure.BallSpec{View: view}},
		{"NaN radius", "Radius = NaN", f, r, figure.BallSpec{View: view, Radius: vg.Length(math.NaN())}},
		{"huge radius", "Radius = 100", f, r, figure.BallSpec{View: view, Radius: 100}},
		{"bad view", "x range [0, 0] must increase", f, r, figure.BallSpec{}},
	} {
		if _, err := figure.BallAnimation(c.f, c.r, c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}

	a, err := figure.BallAnimation(f, r, figure.BallSpec{View: view})
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != len(r.Trace) || a.Title != r.Method {
		t.Errorf("%d frames titled %q, want %d titled %q", a.Len(), a.Title, len(r.Trace), r.Method)
	}
	svg, err := a.SVG()
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "ball", svg)
	// Frame k shows the velocity the method recorded for the step into
	// x_k: v_1 = −η·L'(−5) = 4, v_2 = 0.8·4 − 0.2·L'(−1) = 5.6.
	for k, want := range map[int]string{0: "x = -5.000, v = 0.000", 1: "x = -1.000, v = 4.000", 2: "x = 4.600, v = 5.600"} {
		if got := frameText(t, svg, k); !strings.Contains(got, want) {
			t.Errorf("frame %d: %q does not contain %q", k, got, want)
		}
	}
	// The source's class (LazyVelocity) does not move on its first call:
	// the ball stands still in frame 1.
	lazy := run1D(t, &optim.Momentum{LR: 0.2, Momentum: 0.8, LazyVelocity: true}, 3)
	a, err = figure.BallAnimation(f, lazy, figure.BallSpec{View: view})
	if err != nil {
		t.Fatal(err)
	}
	svg, _ = a.SVG()
	if got := frameText(t, svg, 1); !strings.Contains(got, "x = -5.000, v = 0.000") {
		t.Errorf("lazy frame 1: %q, want the ball at rest at -5", got)
	}
	// An iterate off the chart is named, not drawn.
	far := run1D(t, &optim.GradientDescent{LR: 1.1}, 30)
	a, err = figure.BallAnimation(f, far, figure.BallSpec{View: view})
	if err != nil {
		t.Fatal(err)
	}
	svg, _ = a.SVG()
	if !strings.Contains(string(svg), "は図の外") || !strings.Contains(a.Title, "（発散）") {
		t.Errorf("a run leaving the chart: no off-chart note or no （発散） in %q", a.Title)
	}
}

// frameText returns the text of frame k of a flipbook.
func frameText(t *testing.T, svg []byte, k int) string {
	t.Helper()
	s := string(svg)
	start := strings.Index(s, fmt.Sprintf(`<g data-frame="%d"`, k))
	if start < 0 {
		t.Fatalf("no frame %d", k)
	}
	end := len(s) - start
	if next := strings.Index(s[start+1:], `<g data-frame=`); next >= 0 {
		end = next + 1
	}
	var texts []string
	for _, part := range strings.Split(s[start:start+end], "</text>") {
		if i := strings.LastIndex(part, ">"); i >= 0 {
			texts = append(texts, part[i+1:])
		}
	}
	return strings.Join(texts, " | ")
}

func TestParamsPlot(t *testing.T) {
	r1 := run1D(t, &optim.GradientDescent{LR: 0.1}, 10)
	r2, err := optim.Minimize(valley{}, []float64{0, 1}, &optim.GradientDescent{LR: 0.01}, &optim.Settings{MaxIter: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, want string
		spec       figure.ParamsSpec
		runs       []*optim.Result
	}{
		{"no run", "at least one run", figure.ParamsSpec{}, nil},
		{"nil run", "run 0 has no iterate", figure.ParamsSpec{}, []*optim.Result{nil}},
		{"names", "1 names for 2 coordinates", figure.ParamsSpec{Names: []string{"a"}}, []*optim.Result{r2}},
		{"labels", "1 labels for 2 runs", figure.ParamsSpec{Labels: []string{"x"}}, []*optim.Result{r2, r2}},
		{"optimum short", "Optimum has 1 values; coordinate 1 has none", figure.ParamsSpec{Optimum: []float64{1}}, []*optim.Result{r2}},
		{"coordinate", "iterate 0 has 1 coordinates", figure.ParamsSpec{Coords: []int{0, 1}}, []*optim.Result{r1}},
		{"no coords", "no coordinate", figure.ParamsSpec{Coords: []int{}}, []*optim.Result{r1}},
		{"until", "Until = -2", figure.ParamsSpec{Until: -2}, []*optim.Result{r1}},
		{"optimum NaN", "at y = NaN", figure.ParamsSpec{Optimum: []float64{math.NaN(), 1}}, []*optim.Result{r2}},
	} {
		if _, err := figure.ParamsPlot(c.spec, c.runs...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	p, err := figure.ParamsPlot(figure.ParamsSpec{Names: []string{"a", "b"}, Optimum: []float64{1, 1}}, r2, r2)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := figure.SVG(p, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{r2.Method + ": a", r2.Method + ": b", "a* = 1", "b* = 1"} {
		if !strings.Contains(s, want) {
			t.Errorf("the figure of two runs lacks %q", want)
		}
	}
}

// TestSeriesXRangeWhenYClips: with XMin and XMax left zero, the x axis
// covers the whole series and labels 0 even when a fixed y range clips
// the first values (03's a panels zoomed on a* ± 0.3, the run starting
// at a = 30): the x range is the data's, not that of what is left
// inside the y range.
func TestSeriesXRangeWhenYClips(t *testing.T) {
	ys := make([]float64, 2001)
	for i := range ys {
		ys[i] = 2 + 28*math.Exp(-float64(i)/20) + 0.1*math.Sin(float64(i))
	}
	p, err := figure.SeriesPlot(figure.SeriesSpec{YMin: 1.7, YMax: 2.3}, figure.Series{Y: ys, Label: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min != 0 || p.X.Max != 2000 {
		t.Errorf("x range [%v, %v], want [0, 2000]", p.X.Min, p.X.Max)
	}
	var labels []string
	for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if len(labels) == 0 || labels[0] != "0" {
		t.Errorf("x labels %q, want the first to be 0", labels)
	}
}

// TestParamsPlotRunColours: with several runs, a line whose full label
// ("SGD: a") has no colour in Series.Colors takes its run's ("SGD"), the
// run's coordinates told apart by their dashes; with one coordinate
// (Coords: []int{0}) the legend names only the runs and the y axis the
// coordinate — as notebook 03 draws SGD and momentum with one colour map.
func TestParamsPlotRunColours(t *testing.T) {
	r, err := optim.Minimize(valley{}, []float64{0, 1}, &optim.GradientDescent{LR: 0.01}, &optim.Settings{MaxIter: 20})
	if err != nil {
		t.Fatal(err)
	}
	colors := map[string]color.Color{"SGD": figure.Red, "momentum": figure.Green, "a": figure.Cycle(0)}
	draw := func(spec figure.ParamsSpec) string {
		t.Helper()
		spec.Series.Colors, spec.Labels, spec.Names = colors, []string{"SGD", "momentum"}, []string{"a", "b"}
		if spec.Coords != nil {
			spec.Names = spec.Names[:len(spec.Coords)]
		}
		p, err := figure.ParamsPlot(spec, r, r)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := figure.SVG(p, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return string(svg)
	}
	const red, green, c0 = "stroke:#FF0000", "stroke:#008000", "stroke:#1F77B4"
	both := draw(figure.ParamsSpec{})
	for _, want := range []string{">SGD: a<", ">SGD: b<", ">momentum: a<", ">momentum: b<"} {
		if !strings.Contains(both, want) {
			t.Errorf("a and b of two runs: no legend entry %q", want[1:len(want)-1])
		}
	}
	// Four lines and four legend samples, in the runs' two colours; the
	// b lines dotted.
	if n, m := strings.Count(both, red), strings.Count(both, green); n != 4 || m != 4 {
		t.Errorf("a and b of two runs: %d red and %d green strokes, want 4 of each (the runs' colours)", n, m)
	}
	if strings.Contains(both, c0) {
		t.Error("a and b of two runs: a line took a cycle colour, not its run's")
	}
	if n := strings.Count(both, "stroke-dasharray:1.5,2.5"); n != 4 {
		t.Errorf("a and b of two runs: %d dotted strokes, want 4 (b of each run, line and sample)", n)
	}
	one := draw(figure.ParamsSpec{Coords: []int{0}})
	for _, want := range []string{">SGD<", ">momentum<", ">a<"} {
		if !strings.Contains(one, want) {
			t.Errorf("a of two runs: no text %q (legend entries name the runs, the y axis the coordinate)", want[1:len(want)-1])
		}
	}
	if strings.Contains(one, "SGD: a") || strings.Contains(one, ">parameter<") {
		t.Error(`a of two runs: the legend says "SGD: a" or the y axis "parameter"`)
	}
	if n, m := strings.Count(one, red), strings.Count(one, green); n != 2 || m != 2 {
		t.Errorf("a of two runs: %d red and %d green strokes, want 2 of each", n, m)
	}
}
