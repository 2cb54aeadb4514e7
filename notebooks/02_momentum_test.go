package notebooks_test

import (
	"fmt"
	"math"
	"math/cmplx"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedMomentum is seed 000's Python class, re-implemented here without
// pkg/: v starts as None (nil); the first call only sets v = 0, and every
// call returns x_next = v + x.
type seedMomentum struct {
	lr, momentum float64
	v            *float64
}

func (m *seedMomentum) update(grad, x float64) float64 {
	if m.v == nil {
		m.v = new(float64)
	} else {
		*m.v = float64(m.momentum**m.v) - float64(m.lr*grad)
	}
	return *m.v + x
}

// momentumXs returns x_0 … x_num of momentum on (5 − x)² from x0: the seed's
// class when lazy, else the textbook heavy ball v ← αv − η∇L, x ← x + v
// from v = 0.
func momentumXs(x0, lr, alpha float64, num int, lazy bool) []float64 {
	xs := []float64{x0}
	x := x0
	if lazy {
		m := &seedMomentum{lr: lr, momentum: alpha}
		for range num {
			x = m.update(quadGrad(x), x)
			xs = append(xs, x)
		}
		return xs
	}
	v := 0.0
	for range num {
		v = float64(alpha*v) - float64(lr*quadGrad(x))
		x = x + v
		xs = append(xs, x)
	}
	return xs
}

// momentumLines formats x_0 … x_{num−1} as the seed prints them.
func momentumLines(xs []float64, num int) []string {
	var lines []string
	for n := 0; n < num; n++ {
		x := xs[n]
		lines = append(lines, fmt.Sprintf("%d-th iteration, x=%.3f, loss: %.3f, grad: %.3f", n, x, quadLoss(x), quadGrad(x)))
	}
	return lines
}

func TestNotebook02Momentum(t *testing.T) {
	const name = "02_momentum.ipynb"
	nb := execute(t, name)
	checkCommitted(t, name, nb)

	requireBlock(t, nb, "start", []string{"loss = 100.0  grad = -20.0"})

	// The source-faithful listing: 50 lines from the seed's class.
	src := momentumLines(momentumXs(-5, 0.2, 0.8, 50, true), 50)
	// What the seed implies: its class does not move x on the first call.
	for i, want := range []string{
		"0-th iteration, x=-5.000, loss: 100.000, grad: -20.000",
		"1-th iteration, x=-5.000, loss: 100.000, grad: -20.000",
		"2-th iteration, x=-1.000, loss: 36.000, grad: -12.000",
	} {
		if src[i] != want {
			t.Fatalf("independent port of the seed's class, line %d = %q, want %q", i, src[i], want)
		}
	}
	requireBlock(t, nb, "source-faithful listing", src)

	// The textbook listing, and that it is the source's listing one
	// iteration early.
	stdXs := momentumXs(-5, 0.2, 0.8, 50, false)
	std := momentumLines(stdXs, 50)
	requireBlock(t, nb, "textbook listing", std)
	for n := 1; n < 50; n++ {
		_, a, _ := strings.Cut(src[n], ",")
		_, b, _ := strings.Cut(std[n-1], ",")
		if a != b {
			t.Fatalf("independent check: source line %d %q is not textbook line %d %q", n, src[n], n-1, std[n-1])
		}
	}
	srcXs := momentumXs(-5, 0.2, 0.8, 50, true)
	side := []string{" n | source's class (LazyVelocity)       | textbook (default)"}
	for n := 0; n < 8; n++ {
		a, b := srcXs[n], stdXs[n]
		side = append(side, fmt.Sprintf("%2d | x=%7.3f loss=%7.3f grad=%7.3f | x=%7.3f loss=%7.3f grad=%7.3f",
			n, a, quadLoss(a), quadGrad(a), b, quadLoss(b), quadGrad(b)))
	}
	side = append(side, "元資料の n 行目 = 教科書の n-1 行目 (n = 1…49): true")
	requireBlock(t, nb, "side by side", side)

	// After 50 updates gradient descent (lr 0.2) is far closer than momentum
	// 0.8: about 8e−11 against 0.03, as the narrative says.
	gdX := -5.0
	for range 50 {
		gdX = gdX - 0.2*quadGrad(gdX)
	}
	gdErr, moErr := math.Abs(gdX-5), math.Abs(stdXs[50]-5)
	if gdErr > 1e-10 || gdErr < 5e-11 || moErr < 0.02 || moErr > 0.04 {
		t.Errorf("independent check: after 50 updates |x - 5| = %v (GD), %v (momentum)", gdErr, moErr)
	}
	requireBlock(t, nb, "after 50 updates", []string{
		fmt.Sprintf("50 回後の |x - 5|: gradient descent %.1e, momentum 0.8 %.1e", gdErr, moErr)})

	// The overshoot: x_3 = 9.24 first past the minimum, the farthest x_4.
	if math.Abs(stdXs[3]-9.24) > 1e-9 || math.Abs(stdXs[4]-11.256) > 1e-9 {
		t.Fatalf("independent check: x_3 = %v, x_4 = %v", stdXs[3], stdXs[4])
	}
	kMax := 0
	for k, x := range stdXs {
		if x > stdXs[kMax] {
			kMax = k
		}
	}
	over := []string{" k      x_k    dL/dx   v (next step)"}
	for k := 0; k < 7; k++ {
		over = append(over, fmt.Sprintf("%2d  %7.3f  %7.3f  %7.3f", k, stdXs[k], quadGrad(stdXs[k]), stdXs[k+1]-stdXs[k]))
	}
	over = append(over,
		fmt.Sprintf("x_3 = %.3f  (最小値 5 を初めて越えた点)", stdXs[3]),
		fmt.Sprintf("最も行き過ぎたのは x_%d = %.3f", kMax, stdXs[kMax]))
	requireBlock(t, nb, "overshoot", over)
	if over[len(over)-1] != "最も行き過ぎたのは x_4 = 11.256" {
		t.Errorf("independent check: the farthest point is %q", over[len(over)-1])
	}

	// The wavy loss from −10 with lr 1.0: gradient descent stuck at −0.935,
	// momentum 0.7 in the global minimum near 4.74.
	wx := func(alpha float64) float64 {
		x, v := -10.0, 0.0
		for range 100 {
			v = float64(alpha*v) - wavyGrad(x)
			x = x + v
		}
		return x
	}
	g, m := wx(0), wx(0.7)
	if math.Abs(g+0.935) > 1e-3 || math.Abs(m-4.739) > 1e-3 {
		t.Fatalf("independent check: wavy ends at %v and %v", g, m)
	}
	requireBlock(t, nb, "wavy", []string{
		fmt.Sprintf("gradient descent: x_100 = %.3f, L = %.3f", g, wavyLoss(g)),
		fmt.Sprintf("momentum 0.7:     x_100 = %.3f, L = %.3f", m, wavyLoss(m)),
	})

	// The rate table: ρ from the characteristic roots, the updates until
	// |x − 5| < 1e−6 for good from a 1000-update plain loop.
	const lr, d2 = 0.2, 2.0
	rho := func(a float64) float64 {
		b := 1 + a - lr*d2
		s := cmplx.Sqrt(complex(b*b-4*a, 0))
		return math.Max(cmplx.Abs((complex(b, 0)+s)/2), cmplx.Abs((complex(b, 0)-s)/2))
	}
	rates := []string{"momentum   rho    updates to |x-5|<1e-6 for good"}
	best, bestN, minRho := 0.0, math.MaxInt, 0.0
	for i := range 20 {
		a := 0.05 * float64(i)
		n := 0
		for k, x := range momentumXs(-5, lr, a, 1000, false) {
			if math.Abs(x-5) >= 1e-6 {
				n = k + 1
			}
		}
		if n < bestN {
			best, bestN = a, n
		}
		if i == 0 || rho(a) < rho(minRho) {
			minRho = a
		}
		rates = append(rates, fmt.Sprintf("  %.2f    %.4f   %3d", a, rho(a), n))
	}
	if best != minRho || math.Abs(best-0.15) > 1e-12 || bestN != 18 {
		t.Errorf("independent check: fastest momentum %v (%d updates), smallest rho at %v; the narrative says 0.15 and 18", best, bestN, minRho)
	}
	aStar := math.Pow(1-math.Sqrt(lr*d2), 2)
	if math.Abs(rho(aStar)-math.Sqrt(aStar)) > 1e-7 || math.Abs(aStar-0.1351) > 1e-4 {
		t.Errorf("independent check: alpha* = %v, rho(alpha*) = %v", aStar, rho(aStar))
	}
	rates = append(rates,
		fmt.Sprintf("理論上の最適: alpha* = (1 - sqrt(0.4))^2 = %.4f, rho = %.4f", aStar, rho(aStar)),
		fmt.Sprintf("20 通りの中で最も速かったのは momentum = %.2f (%d 回)", best, bestN))
	requireBlock(t, nb, "rate table", rates)

	// The stability boundary η·L'' = 2(1 + α): 0.95× converges, 1.05×
	// diverges (the run stops when the loss exceeds 10⁴ × the initial 100).
	stab := []string{"momentum     lr   lr*L''  2(1+momentum)  result"}
	for _, a := range []float64{0, 0.5, 0.8} {
		for _, f := range []float64{0.95, 1.05} {
			eta := f * (1 + a)
			xs := momentumXs(-5, eta, a, 200, false)
			res := fmt.Sprintf("converged, |x_200 - 5| = %.1e", math.Abs(xs[200]-5))
			for k, x := range xs {
				if quadLoss(x) > 1e4*100 {
					res = fmt.Sprintf("diverged after %d updates", k)
					break
				}
			}
			if (f < 1) != strings.HasPrefix(res, "converged") {
				t.Errorf("independent check: momentum %v, lr %v: %s", a, eta, res)
			}
			stab = append(stab, fmt.Sprintf("  %.1f    %.4f  %.3f      %.1f        %s", a, eta, eta*d2, 2*(1+a), res))
		}
	}
	requireBlock(t, nb, "stability boundary", stab)

	// The from-scratch cell.
	requireBlock(t, nb, "from scratch", []string{
		fmt.Sprintf("元資料のクラス: x_50 = %.12f   optim (LazyVelocity): %.12f", srcXs[50], srcXs[50]),
		fmt.Sprintf("教科書どおり:   x_50 = %.12f   optim (既定):         %.12f", stdXs[50], stdXs[50]),
		"一致: true",
		"元資料の x_50 = 教科書の x_49: true",
	})

	// Figures: the start, GD vs momentum, the wavy comparison; two
	// animations of 50 frames (the source's class, the textbook form); two
	// explorables over the 20 momentum values.
	figs := checkOutputs(t, nb)
	nFig, frames := kinds(figs)
	if nFig != 3 {
		t.Errorf("want 3 figures, got %d", nFig)
	}
	if want := []int{50, 50}; !equalInts(frames, want) {
		t.Errorf("animation frames = %v, want %v", frames, want)
	}
	var explorables []int
	for _, f := range figs {
		if f.Kind == "explorable" {
			explorables = append(explorables, f.Frames)
			if !strings.HasPrefix(f.Plain, "explorable: 20 values of momentum, ") {
				t.Errorf("explorable %q: want 20 values of momentum", f.Plain)
			}
		}
		if f.Kind == "animation" && len(f.HTML) > 66<<10 {
			t.Errorf("animation %q is %d bytes in the notebook, over 66 KB", f.Plain, len(f.HTML))
		}
	}
	if want := []int{20, 20}; !equalInts(explorables, want) {
		t.Errorf("explorable frames = %v, want %v", explorables, want)
	}
	if fi, err := os.Stat(filepath.Join(env.Root, "notebooks", name)); err != nil || fi.Size() > 600<<10 {
		t.Errorf("committed notebook must exist and be ≤ 600 KB: %v", err)
	}
}
