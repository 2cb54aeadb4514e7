package notebooks_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

var updateImages = flag.Bool("update-images", false, "rewrite notebooks/images/ from the code")

// readmeAnimation is the figure the README shows: seed 004's gradient
// descent with lr = 0.9, oscillating into the minimum, as a flipbook SVG.
func readmeAnimation() ([]byte, error) {
	f := objective.Quadratic{A: 5}
	r, err := optim.Minimize1D(f, -5, &optim.GradientDescent{LR: 0.9}, &optim.Settings{MaxIter: 30})
	if err != nil {
		return nil, err
	}
	a, err := figure.TangentAnimation(f, r, figure.TangentSpec{
		// No title: it defaults to r.Method, "GradientDescent(lr=0.9)", so
		// the learning rate is stated once.
		View: figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200,
			XLabel: "parameter x", YLabel: "loss function L"},
		LabelX: -8, LabelY: 180})
	if err != nil {
		return nil, err
	}
	return a.SVG()
}

// TestREADMEImage keeps notebooks/images/gradient_descent_lr0.9.svg equal to
// what the code draws; regenerate with go test ./notebooks -run README -update-images.
func TestREADMEImage(t *testing.T) {
	got, err := readmeAnimation()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("images", "gradient_descent_lr0.9.svg")
	if *updateImages {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the code draws: regenerate with -update-images", path)
	}
	if n := bytes.Count(got, []byte("data-frame=")); n != 30 {
		t.Errorf("README animation has %d frames, want 30", n)
	}
}
