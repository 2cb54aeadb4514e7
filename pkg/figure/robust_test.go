package figure_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// A nil plot, figure or animation is an error that says so, never a panic.
func TestNilFiguresAreErrors(t *testing.T) {
	if _, err := figure.SVG(nil, 0, 0); err == nil || !strings.Contains(err.Error(), "nil plot") {
		t.Errorf("SVG(nil) = %v", err)
	}
	var f *figure.Figure
	if _, err := f.SVG(); err == nil || !strings.Contains(err.Error(), "nil Figure") {
		t.Errorf("(*Figure)(nil).SVG() = %v", err)
	}
	var a *figure.Animation
	if _, err := a.SVG(); err == nil || !strings.Contains(err.Error(), "nil Animation") {
		t.Errorf("(*Animation)(nil).SVG() = %v", err)
	}
}

// A diverged run animates its finite iterates, says so in the title, and
// labels every frame whose point has left the axes with where it went.
func TestTangentAnimationOfDivergedRun(t *testing.T) {
	f := objective.Quadratic{A: 5}
	r, err := optim.Minimize1D(f, -5, &optim.GradientDescent{LR: 1.1}, &optim.Settings{MaxIter: 30})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != optim.Diverged {
		t.Fatalf("lr = 1.1 on (5 − x)² should diverge, got %v", r.Status)
	}
	a, err := figure.TangentAnimation(f, r, figure.TangentSpec{
		View:   figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200, Title: "lr = 1.1"},
		LabelX: -8, LabelY: 180})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := a.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != len(r.Trace) {
		t.Errorf("frames = %d, want one per finite iterate (%d)", a.Len(), len(r.Trace))
	}
	s := string(svg)
	if !strings.Contains(s, "lr = 1.1（発散）") {
		t.Error("the title does not say the run diverged")
	}
	// Iterate 2 is x = −9.4 with L = 207.36, above the chart's 200; the
	// last one is far outside on both axes.
	last := r.Trace[len(r.Trace)-1]
	for _, want := range []string{
		"(x, L) = (-9.400, 207.360) は図の外",
		fmt.Sprintf("(x, L) = (%.3f, %.3f) は図の外", last.X[0], last.F),
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no frame says %q", want)
		}
	}
	if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		t.Error("non-finite numbers reached the SVG")
	}
}
