package figure_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// An explorer drawing a prefix of its runs (Until) describes the last drawn
// iterate, not the end of the run.
func TestExplorerNoteFollowsUntil(t *testing.T) {
	f := objective.Quadratic{A: 5}
	var runs []*optim.Result
	for _, lr := range []float64{0.1, 0.2} {
		runs = append(runs, quadRun(t, lr, 200))
	}
	a, err := figure.PathExplorer(f, runs, figure.Explore{Param: "lr"}, figure.PathSpec{View: quadView, Until: 30})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := a.SVG()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		// The iterate the note should name: x_30 of the run, from its trace.
		var x30 float64
		for _, it := range r.Trace {
			if it.K == 30 {
				x30 = it.X[0]
			}
		}
		want := fmt.Sprintf("更新 30 回, x = %.4g", x30)
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("%s: explorer note lacks %q", r.Method, want)
		}
	}
	if bytes.Contains(svg, []byte("200 updates")) {
		t.Error("explorer note describes the end of the run (200 updates), not the drawn prefix (30)")
	}

	// A 2-D run in a contour explorer with Until: the note names (x₁, x₂) at K = 10.
	v := objective.Valley{}
	r, err := optim.Minimize(v, []float64{-1, 1}, &optim.GradientDescent{LR: 0.01}, &optim.Settings{MaxIter: 100})
	if err != nil {
		t.Fatal(err)
	}
	c, err := figure.ContourExplorer(v, []*optim.Result{r}, figure.Explore{Param: "lr"},
		figure.ContourSpec{View: figure.View{XMin: -1.5, XMax: 1.5, YMin: -0.5, YMax: 1.5}, Until: 10})
	if err != nil {
		t.Fatal(err)
	}
	csvg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	it := r.Trace[10]
	if it.K != 10 {
		t.Fatalf("trace index 10 has K = %d", it.K)
	}
	want := fmt.Sprintf("更新 10 回, x = (%.4g, %.4g)", it.X[0], it.X[1])
	if !bytes.Contains(csvg, []byte(want)) {
		t.Errorf("contour explorer note lacks %q", want)
	}
}
