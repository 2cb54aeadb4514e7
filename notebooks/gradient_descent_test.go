package notebooks_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// gdLines computes, with a plain loop independent of pkg/, the lines seed
// 004 prints for gradient descent: "%d-th iteration, x=%.3f, loss: %.3f,
// grad: %.3f" for n = 0 … num−1, each before the update x ← x − lr·grad.
func gdLines(loss, grad func(float64) float64, x, lr float64, num int) []string {
	var lines []string
	for n := 0; n < num; n++ {
		l, g := loss(x), grad(x)
		lines = append(lines, fmt.Sprintf("%d-th iteration, x=%.3f, loss: %.3f, grad: %.3f", n, x, l, g))
		x = x - lr*g
	}
	return lines
}

func quadLoss(x float64) float64 { return (5 - x) * (5 - x) }
func quadGrad(x float64) float64 { return -2.0 * (5 - x) }
func wavyLoss(x float64) float64 { return math.Sin(x) + 0.05*(5-x)*(5-x) }
func wavyGrad(x float64) float64 { return math.Cos(x) - 0.10*(5-x) }

func TestNotebook01GradientDescent(t *testing.T) {
	const name = "01_gradient_descent.ipynb"
	nb := execute(t, name)
	checkCommitted(t, name, nb)

	// The values the source prints in its first steps (seed 004): the loss
	// at x = −5, its gradient and the first update with lr = 0.1 — and the
	// loss and gradient after that update, which the source meant to print.
	requireBlock(t, nb, "initial loss", []string{"loss = 100.0"})
	requireBlock(t, nb, "initial gradient", []string{"gradient of L for x_initial = -20.0"})
	requireBlock(t, nb, "first update", []string{"x_next = -3.0"})
	requireBlock(t, nb, "after the update", []string{"loss = 64.0", "gradient of L for x_next = -16.0"})

	// The 30-iteration traces of the source, computed independently.
	for _, lr := range []float64{0.1, 0.9, 1.0} {
		requireBlock(t, nb, fmt.Sprintf("quadratic, lr = %v", lr), gdLines(quadLoss, quadGrad, -5, lr, 30))
	}
	// lr = 1.0 is an exact 2-cycle between −5 and 15.
	for n, line := range gdLines(quadLoss, quadGrad, -5, 1.0, 30) {
		want := fmt.Sprintf("%d-th iteration, x=%.3f, loss: 100.000, grad: %.3f", n, []float64{-5, 15}[n%2], []float64{-20, 20}[n%2])
		if line != want {
			t.Fatalf("lr = 1.0 is not the exact 2-cycle at n = %d: %q", n, line)
		}
	}
	// lr = 1.1 grows by 1.2 each step; the run stops, diverged, at the first
	// loss above 10⁴ × the initial loss 100, and says so.
	diverged := gdLines(quadLoss, quadGrad, -5, 1.1, 30)
	stop := -1
	for x, n := -5.0, 0; n < 30; n++ {
		if quadLoss(x) > 1e4*100 {
			stop = n
			break
		}
		x = x - 1.1*quadGrad(x)
	}
	if stop != 26 {
		t.Fatalf("independent check: lr = 1.1 should pass 10⁴ × the initial loss at n = 26, got %d", stop)
	}
	requireBlock(t, nb, "quadratic, lr = 1.1", append(diverged[:stop+1:stop+1],
		"diverged: the loss 1.31e+06 at iteration 26 exceeds 10000 × the initial loss"))

	// Step 3: the wavy loss from x = −10.
	requireBlock(t, nb, "wavy loss at the start", []string{fmt.Sprintf("loss = %v", wavyLoss(-10))})
	for _, lr := range []float64{1.0, 3.0} {
		requireBlock(t, nb, fmt.Sprintf("wavy, lr = %v", lr), gdLines(wavyLoss, wavyGrad, -10, lr, 30))
	}

	// The learning-rate sweep on the wavy loss, 30 updates each.
	var sweep []string
	for i := 2; i <= 12; i++ {
		lr, x := 0.25*float64(i), -10.0
		for range 30 {
			x = x - lr*wavyGrad(x)
		}
		sweep = append(sweep, fmt.Sprintf("lr = %.2f  x_30 = %7.3f", lr, x))
	}
	requireBlock(t, nb, "wavy learning-rate sweep", sweep)

	// Figures: four static figures (start, tangent, one update, wavy start)
	// and six animations, 30 frames each but
	// the diverged run's 27 (iterations 0 … 26).
	figs := checkOutputs(t, nb)
	nFig, frames := kinds(figs)
	if nFig != 4 {
		t.Errorf("want 4 figures, got %d", nFig)
	}
	if want := []int{30, 30, 30, 27, 30, 30}; !equalInts(frames, want) {
		t.Errorf("animation frames = %v, want %v", frames, want)
	}
	// Two explorables: 11 learning rates on the quadratic, 11 on the wavy loss.
	var explorables []int
	for _, f := range figs {
		if f.Kind == "explorable" {
			explorables = append(explorables, f.Frames)
		}
	}
	if want := []int{11, 11}; !equalInts(explorables, want) {
		t.Errorf("explorable values = %v, want %v", explorables, want)
	}
	for _, f := range figs {
		if f.Kind == "animation" && len(f.HTML) > 66<<10 {
			t.Errorf("animation %q is %d bytes in the notebook, over 66 KB", f.Plain, len(f.HTML))
		}
	}
	if fi, err := os.Stat(filepath.Join(env.Root, "notebooks", name)); err != nil || fi.Size() > 500<<10 {
		t.Errorf("committed notebook must exist and be ≤ 500 KB: %v, %d bytes", err, fi.Size())
	}
}
