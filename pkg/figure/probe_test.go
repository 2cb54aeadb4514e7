package figure_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// The probes of issue 11: inputs a learner may type in a cell that used to
// hang, panic or produce a malformed SVG. Each must end, quickly, with an
// error that names the bad value.

// within runs fn and fails the test if it has not returned after d: a hang
// is reported as a failure instead of stalling the test binary until its
// global timeout.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("did not return within %v", d)
	}
}

// wantErr fails unless err is an error whose message contains every part.
func wantErr(t *testing.T, what string, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not mention %q", what, err, p)
		}
	}
}

// render is SVG or, for an error, that error; a successful render must be
// well-formed XML without non-finite numbers.
func render(t *testing.T, name string, p *plot.Plot, err error) error {
	t.Helper()
	if err != nil {
		return err
	}
	svg, err := figure.SVG(p, 300, 300)
	if err == nil {
		wellFormed(t, name, svg)
		if s := string(svg); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Errorf("%s: non-finite number in the SVG", name)
		}
	}
	return err
}

func TestOverflowingSpansAreErrorsNotHangs(t *testing.T) {
	huge := figure.View{XMin: -1e308, XMax: 1e308, YMin: -1e308, YMax: 1e308}
	r := quadRun(t, 0.1, 5)
	within(t, 10*time.Second, func() {
		p, err := figure.FuncPlot(huge, figure.Lines{}, figure.Func{F: math.Sin})
		wantErr(t, "FuncPlot ±1e308", render(t, "funcplot", p, err), "x range", "-1e+308", "not finite")
	})
	within(t, 10*time.Second, func() {
		p, err := figure.PathPlot(objective.Quadratic{A: 5}, r, figure.PathSpec{View: huge})
		wantErr(t, "PathPlot ±1e308", render(t, "path", p, err), "not finite")
	})
	within(t, 10*time.Second, func() {
		p, err := figure.SeriesPlot(figure.SeriesSpec{}, figure.Series{Y: []float64{-1e308, 1e308}})
		wantErr(t, "SeriesPlot {−1e308, 1e308}", render(t, "series", p, err), "y range", "1e+308")
	})
	// A plot built by hand, whose data range overflows, is caught by SVG.
	within(t, 10*time.Second, func() {
		p := plot.New()
		s, err := plotter.NewScatter(plotter.XYs{{X: -1e308, Y: 0}, {X: 1e308, Y: 1}})
		if err != nil {
			t.Error(err)
			return
		}
		p.Add(s)
		_, err = figure.SVG(p, 0, 0)
		wantErr(t, "SVG of a hand-built plot over ±1e308", err, "x range", "not finite")
	})
	// A finite but wide span still draws.
	wide := figure.View{XMin: -1e307, XMax: 1e307, YMin: -1, YMax: 1}
	within(t, 10*time.Second, func() {
		p, err := figure.FuncPlot(wide, figure.Lines{}, figure.Func{F: math.Sin})
		if err := render(t, "wide", p, err); err != nil {
			t.Errorf("a view of ±1e307 is finite and should draw: %v", err)
		}
	})
}

func TestBadTextIsAnError(t *testing.T) {
	for _, bad := range []string{"lr = \xff0.1", "a\x00b", "tab\there", "bell\a", "\u0085next", "x\ufffe"} {
		v := quadView
		v.Title = bad
		p, err := figure.FuncPlot(v, figure.Lines{}, figure.Func{F: math.Sin})
		wantErr(t, "title "+bad, render(t, "title", p, err), "View.Title")

		v = quadView
		v.XLabel = bad
		p, err = figure.LossPlot(objective.Quadratic{A: 5}, v)
		wantErr(t, "x label "+bad, render(t, "xlabel", p, err), "View.XLabel")

		_, err = figure.SeriesPlot(figure.SeriesSpec{}, figure.Series{Y: []float64{1, 2}, Label: bad})
		wantErr(t, "series label "+bad, err, "series 0 label")

		_, err = figure.Grid(figure.GridSpec{Suptitle: bad}, figure.PanelOf(figure.LossPlot(objective.Quadratic{A: 5}, quadView)))
		wantErr(t, "suptitle "+bad, err, "Suptitle")

		a, err := figure.TangentAnimation(objective.Quadratic{A: 5}, quadRun(t, 0.1, 3), figure.TangentSpec{View: quadView})
		if err != nil {
			t.Fatal(err)
		}
		a.Title = bad
		_, err = a.SVG()
		wantErr(t, "animation title "+bad, err, "Animation.Title")
	}
	// A line break is text (gonum/plot draws two lines), not an error.
	v := quadView
	v.Title = "two\nlines"
	lp, err := figure.LossPlot(objective.Quadratic{A: 5}, v)
	if err := render(t, "two lines", lp, err); err != nil {
		t.Errorf("a title with a line break: %v", err)
	}
}

// Text that no constructor checks (a Note or legend entry added by hand)
// is drawn with U+FFFD in place of what XML cannot carry: never malformed.
func TestUncheckedTextIsEscaped(t *testing.T) {
	p, err := figure.LossPlot(objective.Quadratic{A: 5}, quadView)
	if err != nil {
		t.Fatal(err)
	}
	p.Add(figure.NewNote(0.1, 0.9, "bad \xff\x01 note", 12), figure.NewText(0, 100, "text\x1b", 12))
	p.Legend.Add("legend\x02", figure.HLine(0))
	svg, err := figure.SVG(p, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "unchecked text", svg)
	if !strings.Contains(string(svg), "bad \ufffd\ufffd note") {
		t.Error("the note's bad bytes are not replaced by U+FFFD")
	}
}

func TestBadSizesAreErrors(t *testing.T) {
	p, err := figure.LossPlot(objective.Quadratic{A: 5}, quadView)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []vg.Length{vg.Length(math.NaN()), vg.Length(math.Inf(1)), vg.Length(math.Inf(-1)), -1, 1e-9, 0.5, 1e9} {
		_, err := figure.SVG(p, s, 300)
		wantErr(t, "SVG width", err, "size", "between")
		_, err = figure.SVG(p, 300, s)
		wantErr(t, "SVG height", err, "size", "between")
		_, err = figure.Grid(figure.GridSpec{Width: s, Height: 300}, figure.PanelOf(p, nil))
		wantErr(t, "Grid width", err, "GridSpec.Width")
		_, err = figure.NewAnimation(p, s, 300, 1, func(int) []plot.Plotter { return nil })
		wantErr(t, "animation width", err, "size")
	}
	// Zero means the default size.
	if _, err := figure.SVG(p, 0, 0); err != nil {
		t.Errorf("SVG(p, 0, 0): %v", err)
	}
}

func TestTwoDimensionalRunInOneDimensionalFigure(t *testing.T) {
	r, err := optim.Minimize(valley{}, []float64{0, 1}, &optim.GradientDescent{LR: 0.01}, &optim.Settings{MaxIter: 3})
	if err != nil {
		t.Fatal(err)
	}
	f := objective.Quadratic{A: 5}
	_, err = figure.PathPlot(f, r, figure.PathSpec{View: quadView})
	wantErr(t, "PathPlot", err, "2 coordinates")
	_, err = figure.TangentAnimation(f, r, figure.TangentSpec{View: quadView})
	wantErr(t, "TangentAnimation", err, "2 coordinates")
	_, err = figure.PathExplorer(f, []*optim.Result{r}, figure.Explore{Param: "lr", Labels: []string{"a"}}, figure.PathSpec{View: quadView})
	wantErr(t, "PathExplorer", err, "2 coordinates")
}

func TestNilFunctionsAreErrors(t *testing.T) {
	p, err := figure.LossPlot(objective.Quadratic{A: 5}, quadView)
	if err != nil {
		t.Fatal(err)
	}
	_, err = figure.NewAnimation(p, 0, 0, 3, nil)
	wantErr(t, "nil frame function", err, "frame function")
	_, err = figure.NewExplorable(p, 0, 0, figure.Explore{Param: "lr", Labels: []string{"a"}}, nil)
	wantErr(t, "nil explorable frame function", err, "frame function")
	_, err = figure.NewAnimation(p, 0, 0, 2, func(int) []plot.Plotter { return []plot.Plotter{nil} })
	wantErr(t, "nil plotter", err, "plotter 0 is nil")
	_, err = figure.LossPlot(nil, quadView)
	wantErr(t, "LossPlot(nil)", err, "objective")
	_, err = figure.PathPlot(nil, quadRun(t, 0.1, 2), figure.PathSpec{View: quadView})
	wantErr(t, "PathPlot(nil)", err, "objective")
	_, err = figure.ContourPlot(nil, nil, figure.ContourSpec{View: quadView})
	wantErr(t, "ContourPlot(nil)", err, "objective")
}

func TestSampleAndFrameBudgets(t *testing.T) {
	v := quadView
	v.Samples = 1e7
	_, err := figure.LossPlot(objective.Quadratic{A: 5}, v)
	wantErr(t, "View.Samples = 1e7", err, "10000000", "20000")
	_, err = figure.FuncPlot(v, figure.Lines{}, figure.Func{F: math.Sin})
	wantErr(t, "FuncPlot Samples = 1e7", err, "10000000")
	v.Samples = 5000
	_, err = figure.ContourPlot(valley{}, nil, figure.ContourSpec{View: v})
	wantErr(t, "contour Samples = 5000", err, "5000", "1000")
	// The largest accepted curve stays within the figure budget.
	v.Samples = figure.MaxSamples
	lp, err := figure.LossPlot(objective.Quadratic{A: 5}, v)
	if err := render(t, "max samples", lp, err); err != nil {
		t.Errorf("Samples = MaxSamples: %v", err)
	}
	p, _ := figure.LossPlot(objective.Quadratic{A: 5}, quadView)
	_, err = figure.NewAnimation(p, 0, 0, 1e6, func(int) []plot.Plotter { return nil })
	wantErr(t, "a million frames", err, "1000000", "frames")
}

// A plain figure has a byte budget: a million scattered points are refused,
// and the error quotes a long title cut short.
func TestFigureBudgetQuotesTitleShort(t *testing.T) {
	xys := make(plotter.XYs, 200000)
	for i := range xys {
		xys[i] = plotter.XY{X: float64(i), Y: math.Sin(float64(i))}
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		t.Fatal(err)
	}
	p := plot.New()
	p.Title.Text = strings.Repeat("long title ", 100000) // 1.1 MB
	p.Add(s)
	_, err = figure.SVG(p, 0, 0)
	wantErr(t, "1 MB title", err, "over its budget", "(1100000 bytes)")
	if err != nil && len(err.Error()) > 300 {
		t.Errorf("the error is %d bytes long; it should quote the title cut short", len(err.Error()))
	}

	a, err := tangentAnimation(30)
	if err != nil {
		t.Fatal(err)
	}
	a.Title = strings.Repeat("x", 1<<20)
	a.Budget = 1000
	_, err = a.SVG()
	wantErr(t, "animation budget", err, "over its budget", "(1048576 bytes)")
	if err != nil && len(err.Error()) > 300 {
		t.Errorf("the animation's error is %d bytes long", len(err.Error()))
	}
}

// counting counts the evaluations of a Func1D.
type counting struct {
	objective.Quadratic
	f, df int
}

func (c *counting) F(x float64) float64  { c.f++; return c.Quadratic.F(x) }
func (c *counting) DF(x float64) float64 { c.df++; return c.Quadratic.DF(x) }

// TangentAnimation draws each tangent from the F and Grad of the trace: it
// evaluates f only for the background curve and never its derivative.
func TestTangentAnimationUsesTheTrace(t *testing.T) {
	r := quadRun(t, 0.1, 30)
	c := &counting{Quadratic: objective.Quadratic{A: 5}}
	a, err := figure.TangentAnimation(c, r, figure.TangentSpec{View: quadView, LabelX: -8, LabelY: 180})
	if err != nil {
		t.Fatal(err)
	}
	if c.df != 0 {
		t.Errorf("DF evaluated %d times; the trace holds every gradient", c.df)
	}
	if c.f > figure.DefaultSamples {
		t.Errorf("F evaluated %d times, more than the curve's %d samples", c.f, figure.DefaultSamples)
	}
	// The title defaults to the run's method.
	if a.Title != "GradientDescent(lr=0.1)" {
		t.Errorf("title = %q, want the run's Method", a.Title)
	}
}

// PathPlot's Until draws the prefix of a run, by iteration number: the
// SVG of a 30-update run cut at 10 equals that of the 10-update run.
func TestPathPlotUntil(t *testing.T) {
	f := objective.Quadratic{A: 5}
	spec := figure.PathSpec{View: quadView.WithTitle("t")}
	short, err := figure.PathPlot(f, quadRun(t, 0.1, 10), spec)
	if err != nil {
		t.Fatal(err)
	}
	spec.Until = 10
	cut, err := figure.PathPlot(f, quadRun(t, 0.1, 30), spec)
	if err != nil {
		t.Fatal(err)
	}
	a, err1 := figure.SVG(short, 0, 0)
	b, err2 := figure.SVG(cut, 0, 0)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if string(a) != string(b) {
		t.Error("PathPlot with Until: 10 differs from the 10-update run")
	}
	// An empty title is the run's method.
	p, err := figure.PathPlot(f, quadRun(t, 0.9, 3), figure.PathSpec{View: quadView})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "GradientDescent(lr=0.9)" {
		t.Errorf("default title = %q", p.Title.Text)
	}
}

func TestScatterPlotBadInput(t *testing.T) {
	v := figure.View{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	_, err := figure.ScatterPlot(figure.ScatterSpec{View: v}, figure.Points{X: []float64{1, 2}, Y: []float64{1}, Label: "d"})
	wantErr(t, "lengths", err, "2 x values and 1 y values")
	_, err = figure.ScatterPlot(figure.ScatterSpec{View: v}, figure.Points{X: []float64{0.5, math.NaN()}, Y: []float64{1, 1}})
	wantErr(t, "NaN point", err, "point 1", "NaN")
	big := make([]float64, figure.MaxPoints+1)
	_, err = figure.ScatterPlot(figure.ScatterSpec{View: v}, figure.Points{X: big, Y: big})
	wantErr(t, "too many points", err, "100001")
	_, err = figure.ScatterPlot(figure.ScatterSpec{View: v, Lines: []figure.Func{{Label: "fit"}}})
	wantErr(t, "nil line", err, `line 0 ("fit") is nil`)
	_, err = figure.ScatterPlot(figure.ScatterSpec{View: v})
	wantErr(t, "empty", err, "at least one")
	// Each group and line gets its own colour, up to ten.
	for i := range 10 {
		for j := range i {
			if figure.Cycle(i) == figure.Cycle(j) {
				t.Errorf("Cycle(%d) = Cycle(%d)", i, j)
			}
		}
	}
}
