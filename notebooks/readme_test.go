package notebooks_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"os/exec"
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
			XLabel: "parameter x", YLabel: "loss function L"}})
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

// TestREADMEProgram builds and runs the Go program the README shows under
// "Using pkg/ from your own Go program", so the README cannot drift from the
// API: it must compile, print the run's method and status and the source's
// first trace line, and write a well-formed self-animating SVG.
func TestREADMEProgram(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(readme, []byte("```go\npackage main\n"))
	if start < 0 {
		t.Fatal("README has no ```go block with package main")
	}
	body := readme[start+len("```go\n"):]
	end := bytes.Index(body, []byte("\n```\n"))
	if end < 0 {
		t.Fatal("README's Go block is not closed")
	}
	// The program lives in testdata (ignored by ./...) inside the module,
	// so it builds against this checkout.
	dir := filepath.Join("testdata", "readme-program")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "main.go"), body[:end+1], 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "readme-program")
	if out, err := exec.Command("go", "build", "-o", bin, "./"+dir).CombinedOutput(); err != nil {
		t.Fatalf("the README's program does not build: %v\n%s", err, out)
	}
	run := exec.Command(bin)
	run.Dir = t.TempDir()
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("the README's program failed: %v\n%s", err, out)
	}
	for _, want := range []string{
		"GradientDescent(lr=0.1) iteration limit\n",
		"0-th iteration, x=-5.000, loss: 100.000, grad: -20.000\n",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the README's program printed\n%s\nwithout %q", out, want)
		}
	}
	svg, err := os.ReadFile(filepath.Join(run.Dir, "gd.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Errorf("gd.svg is not well-formed XML: %v", err)
	}
	if n := bytes.Count(svg, []byte("data-frame=")); n != 30 {
		t.Errorf("gd.svg has %d frames, want 30", n)
	}
}
