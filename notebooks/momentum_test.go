package notebooks_test

import (
	"fmt"
	"math"
	"math/cmplx"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/notebooks/nbrun"
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
	// The seed's claim 「50回ほどの更新で、xが目標の5に辿り着いた」, as the
	// prose reads it: the last line is x = 4.975 with loss 0.001, close to
	// 5 but still swinging (line 43 a peak above 5, line 47 a trough below).
	srcXs0 := momentumXs(-5, 0.2, 0.8, 50, true)
	for n, want := range map[int]string{49: "x=4.975, loss: 0.001,", 43: "x=5.093,", 47: "x=4.943,"} {
		if !strings.Contains(src[n], want) {
			t.Errorf("independent check: source line %d = %q, the prose quotes %q", n, src[n], want)
		}
	}
	if !(srcXs0[43] > 5 && srcXs0[43] > srcXs0[42] && srcXs0[43] > srcXs0[44] &&
		srcXs0[47] < 5 && srcXs0[47] < srcXs0[46] && srcXs0[47] < srcXs0[48]) {
		t.Errorf("independent check: lines 43 and 47 are not the last peak and trough: %v", srcXs0[42:49])
	}
	for _, q := range []string{"「50回ほどの更新で、xが目標の5に辿り着いた」", "$x = 4.975$、損失 $0.001$", "`43-th` の $5.093$、`47-th` の $4.943$"} {
		if !strings.Contains(nb02Markdown(nb), q) {
			t.Errorf("the prose no longer says %q; update the test", q)
		}
	}

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
	side := []string{" n | 元資料のクラス（LazyVelocity）     | 教科書どおり（既定）"}
	for n := 0; n < 8; n++ {
		a, b := srcXs[n], stdXs[n]
		side = append(side, fmt.Sprintf("%2d | x=%7.3f loss=%7.3f grad=%7.3f | x=%7.3f loss=%7.3f grad=%7.3f",
			n, a, quadLoss(a), quadGrad(a), b, quadLoss(b), quadGrad(b)))
	}
	side = append(side, "元資料の n 行目 = 教科書の n-1 行目 (n = 1…49): true")
	requireBlock(t, nb, "side by side", side)

	// After 50 updates gradient descent (lr 0.2) is far closer than momentum
	// 0.8: 8.1e−11 against 2.7e−02, as the narrative quotes.
	gdX := -5.0
	for range 50 {
		gdX = gdX - 0.2*quadGrad(gdX)
	}
	gdErr, moErr := fmt.Sprintf("%.1e", math.Abs(gdX-5)), fmt.Sprintf("%.1e", math.Abs(stdXs[50]-5))
	if gdErr != "8.1e-11" || moErr != "2.7e-02" {
		t.Errorf("independent check: after 50 updates |x - 5| = %s (GD), %s (momentum); the prose quotes 8.1e-11 and 2.7e-02", gdErr, moErr)
	}
	requireBlock(t, nb, "after 50 updates", []string{
		fmt.Sprintf("50 回後の |x - 5|：勾配降下法 %s、モーメンタム法 %s", gdErr, moErr)})
	checkQuotedNumbers(t, nb)
	for _, q := range []string{`8.1 \times 10^{-11}`, `2.7 \times 10^{-2}`} {
		if !strings.Contains(nb02Markdown(nb), q) {
			t.Errorf("the prose no longer quotes %q; update the test", q)
		}
	}

	// The overshoot: x_3 = 9.24 first past the minimum, the farthest x_4;
	// the step from x_2 split into the gradient's part and the velocity's.
	if math.Abs(stdXs[3]-9.24) > 1e-9 || math.Abs(stdXs[4]-11.256) > 1e-9 {
		t.Fatalf("independent check: x_3 = %v, x_4 = %v", stdXs[3], stdXs[4])
	}
	kMax := 0
	for k, x := range stdXs {
		if x > stdXs[kMax] {
			kMax = k
		}
	}
	over := []string{" k      x_k    dL/dx   v（次の一歩）"}
	for k := 0; k < 7; k++ {
		over = append(over, fmt.Sprintf("%2d  %7.3f  %7.3f  %7.3f", k, stdXs[k], quadGrad(stdXs[k]), stdXs[k+1]-stdXs[k]))
	}
	push, v1 := -0.2*quadGrad(stdXs[2]), stdXs[2]-stdXs[1]
	carry := 0.8 * v1
	over = append(over,
		fmt.Sprintf("x_3 = %.3f（最小値 5 を初めて越えた点）", stdXs[3]),
		fmt.Sprintf("最も行き過ぎたのは x_%d = %.3f", kMax, stdXs[kMax]),
		fmt.Sprintf("x_2 からの一歩：勾配の分 %.3f + 慣性の分 0.8 × %.3f = %.3f、合わせて %.3f", push, v1, carry, push+carry),
		fmt.Sprintf("勾配の分だけなら x_3 = %.3f、慣性が加わって x_3 = %.3f", stdXs[2]+push, stdXs[2]+push+carry))
	requireBlock(t, nb, "overshoot", over)
	if kMax != 4 || math.Abs(push-0.16) > 1e-12 || math.Abs(carry-4.48) > 1e-12 {
		t.Errorf("independent check: farthest k = %d, push %v, carry %v", kMax, push, carry)
	}

	// The wavy loss from −10 with lr 1.0: gradient descent stuck at −0.935,
	// momentum 0.7 in the global minimum near 4.739.
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
		fmt.Sprintf("%-31s x_100 = %.3f, L = %.3f", "GradientDescent(lr=1)", g, wavyLoss(g)),
		fmt.Sprintf("%-31s x_100 = %.3f, L = %.3f", "Momentum(lr=1, momentum=0.7)", m, wavyLoss(m)),
	})

	// The farthest point for five momentum coefficients (i/20).
	far := []string{"  α    最も右の x_k    k"}
	for _, i := range []int{0, 3, 10, 16, 19} {
		xs := momentumXs(-5, 0.2, float64(i)/20, 50, false)
		k := 0
		for j := range xs {
			if xs[j] > xs[k] {
				k = j
			}
		}
		far = append(far, fmt.Sprintf("%.2f    %8.4f     %2d", float64(i)/20, xs[k], k))
	}
	requireBlock(t, nb, "farthest points", far)
	for i, want := range []string{"0.00      5.0000     50", "0.15      5.0001     12", "0.50      7.1640      4", "0.80     11.2560      4", "0.95     14.1255      4"} {
		if far[i+1] != want {
			t.Errorf("independent check: farthest row %q, the prose says %q", far[i+1], want)
		}
	}

	// The rate table: ρ from the characteristic roots, the updates until
	// |x − 5| < 1e−6 for good from a 1000-update plain loop.
	const lr, d2 = 0.2, 2.0
	rho := func(a float64) float64 {
		b := 1 + a - lr*d2
		s := cmplx.Sqrt(complex(b*b-4*a, 0))
		return math.Max(cmplx.Abs((complex(b, 0)+s)/2), cmplx.Abs((complex(b, 0)-s)/2))
	}
	rates := []string{"  α      ρ     |x-5| < 1e-6 に入ったままになるまでの更新回数"}
	best, bestN, minRho := 0.0, math.MaxInt, 0.0
	counts := map[float64]int{}
	for i := range 20 {
		a := float64(i) / 20
		n := 0
		for k, x := range momentumXs(-5, lr, a, 1000, false) {
			if math.Abs(x-5) >= 1e-6 {
				n = k + 1
			}
		}
		counts[a] = n
		if n < bestN {
			best, bestN = a, n
		}
		if i == 0 || rho(a) < rho(minRho) {
			minRho = a
		}
		rates = append(rates, fmt.Sprintf("%.2f    %.4f   %3d", a, rho(a), n))
	}
	if best != minRho || best != 0.15 || bestN != 18 {
		t.Errorf("independent check: fastest momentum %v (%d updates), smallest rho at %v; the narrative says 0.15", best, bestN, minRho)
	}
	// The prose: ρ = 0.5000 and 24 updates for both 0.10 and 0.25; ρ(0.8) =
	// √0.8 = 0.8944; gradient descent's ρ = 0.6000.
	if fmt.Sprintf("%.4f %.4f %d %d", rho(0.1), rho(0.25), counts[0.1], counts[0.25]) != "0.5000 0.5000 24 24" ||
		fmt.Sprintf("%.4f %.4f %.4f", rho(0.8), math.Sqrt(0.8), rho(0)) != "0.8944 0.8944 0.6000" {
		t.Errorf("independent check: rho(0.1) %v, rho(0.25) %v (%d, %d updates), rho(0.8) %v, rho(0) %v",
			rho(0.1), rho(0.25), counts[0.1], counts[0.25], rho(0.8), rho(0))
	}
	aStar := math.Pow(1-math.Sqrt(lr*d2), 2)
	if math.Abs(rho(aStar)-math.Sqrt(aStar)) > 1e-7 || fmt.Sprintf("%.4f", aStar) != "0.1351" {
		t.Errorf("independent check: alpha* = %v, rho(alpha*) = %v", aStar, rho(aStar))
	}
	rates = append(rates,
		fmt.Sprintf("理論上の最適：α* = (1 - √(ηL''))² = %.4f、ρ = %.4f", aStar, rho(aStar)),
		fmt.Sprintf("20 通りの中で最も速かったのは α = %.2f（%d 回）", best, bestN))
	requireBlock(t, nb, "rate table", rates)

	// The stability boundary η·L'' = 2(1 + α): 0.95× converges, 1.05×
	// diverges (the run stops when the loss exceeds 10⁴ × the initial 100).
	stab := []string{"  α      η      ηL''   2(1+α)   結果"}
	for _, a := range []float64{0, 0.5, 0.8} {
		for _, f := range []float64{0.95, 1.05} {
			eta := f * 2 * (1 + a) / d2
			xs := momentumXs(-5, eta, a, 200, false)
			res := fmt.Sprintf("収束、|x_200 - 5| = %.1e", math.Abs(xs[200]-5))
			for k, x := range xs {
				if quadLoss(x) > 1e4*100 {
					res = fmt.Sprintf("発散（%d 回目の更新で損失が初めの 10⁴ 倍を超えた）", k)
					break
				}
			}
			if (f < 1) != strings.HasPrefix(res, "収束") {
				t.Errorf("independent check: momentum %v, lr %v: %s", a, eta, res)
			}
			stab = append(stab, fmt.Sprintf("%.1f    %.4f  %.3f    %.1f     %s", a, eta, eta*d2, 2*(1+a), res))
		}
	}
	requireBlock(t, nb, "stability boundary", stab)

	// The from-scratch cell: the seed's class ported in the notebook and
	// the library's LazyVelocity option, against this file's own port.
	requireBlock(t, nb, "from scratch", []string{
		fmt.Sprintf("元資料のクラス: x_50 = %.12f   optim (LazyVelocity): %.12f", srcXs[50], srcXs[50]),
		"一致: true",
	})

	// The prose calls α the momentum coefficient, never friction.
	for i, c := range nb.Cells {
		if c.Type == "markdown" && strings.Contains(c.Source, "摩擦の係数") {
			t.Errorf("markdown cell %d calls α 「摩擦の係数」", i+1)
		}
		if strings.Contains(c.Source, "pkg.go.dev") {
			t.Errorf("cell %d links pkg.go.dev, where the module is not published", i+1)
		}
	}

	// The five exercises: the starters run and their checks say "not
	// written yet".
	checkStarters(t, nb, name)

	// Figures: the start, GD vs momentum, the wavy comparison; three
	// animations: the rolling ball (x_0 … x_30, the first 30 updates of the
	// textbook form), the source's class and the textbook form (50 frames
	// each); two explorables over the 20 coefficients (the path on the
	// curve, x_k against iteration).
	figs := checkOutputs(t, nb)
	nFig, frames := kinds(figs)
	if nFig != 3 {
		t.Errorf("want 3 figures, got %d", nFig)
	}
	if want := []int{31, 50, 50}; !equalInts(frames, want) {
		t.Errorf("animation frames = %v, want %v", frames, want)
	}
	var explorables []int
	var ball, series *Figure
	for i, f := range figs {
		if f.Kind == "explorable" {
			explorables = append(explorables, f.Frames)
			if !strings.HasPrefix(f.Plain, "explorable: 20 values of momentum, ") {
				t.Errorf("explorable %q: want 20 values of momentum", f.Plain)
			}
			if strings.HasSuffix(f.Plain, "x_k against iteration") {
				series = &figs[i]
			}
		}
		if f.Kind == "animation" && len(f.HTML) > 66<<10 {
			t.Errorf("animation %q is %d bytes in the notebook, over 66 KB", f.Plain, len(f.HTML))
		}
		if f.Plain == "animation: 31 frames, Momentum(lr=0.2, momentum=0.8)" {
			ball = &figs[i]
		}
	}
	if want := []int{20, 20}; !equalInts(explorables, want) {
		t.Errorf("explorable frames = %v, want %v", explorables, want)
	}

	// The ball: frame k shows x_k and the velocity v_k = x_k − x_{k−1}
	// its arrow draws (none at x_0), from this file's own loop. The prose:
	// the arrow grows downhill and is longest near the bottom (x_2 = 4.6),
	// turns round after the farthest point x_4, and by x_30 the ball has
	// all but stopped (its arrow under 1% of the view's 30 units of x).
	if ball == nil {
		t.Error("no ball animation of Momentum(lr=0.2, momentum=0.8) with 31 frames")
	} else {
		frames := nb02Frames(ball.SVG)
		if len(frames) != 31 {
			t.Errorf("ball: %d frames, want 31", len(frames))
		}
		for k := 0; k <= 30 && k < len(frames); k++ {
			v := 0.0
			if k > 0 {
				v = stdXs[k] - stdXs[k-1]
			}
			if want := fmt.Sprintf("x = %.3f, v = %.3f", stdXs[k], v); !strings.Contains(frames[k], want) {
				t.Errorf("ball frame %d does not show %q", k, want)
			}
		}
		longest := 1
		for k := 1; k <= 30; k++ {
			if math.Abs(stdXs[k]-stdXs[k-1]) > math.Abs(stdXs[longest]-stdXs[longest-1]) {
				longest = k
			}
		}
		v4, v5, v30 := stdXs[4]-stdXs[3], stdXs[5]-stdXs[4], stdXs[30]-stdXs[29]
		// The arrow starts to shrink before the bottom: at x_2 < 5 the
		// gradient still points downhill, but its push −η·dL/dx no longer
		// makes up the (1 − α)·v_2 the velocity loses.
		if !(stdXs[2] < 5 && -0.2*quadGrad(stdXs[2]) < 0.2*(stdXs[2]-stdXs[1])) {
			t.Errorf("independent check: x_2 = %v, push %v, loss of velocity %v", stdXs[2], -0.2*quadGrad(stdXs[2]), 0.2*(stdXs[2]-stdXs[1]))
		}
		if longest != 2 || stdXs[2]-stdXs[1] <= stdXs[1]-stdXs[0] || v4 <= 0 || v5 >= 0 || math.Abs(v30) >= 0.3 || math.Abs(stdXs[30]-5) >= 0.1 {
			t.Errorf("independent check: longest arrow at x_%d, v_1..v_5 = %v, v_30 = %v, x_30 = %v",
				longest, []float64{stdXs[1] - stdXs[0], stdXs[2] - stdXs[1], stdXs[3] - stdXs[2], v4, v5}, v30, stdXs[30])
		}
	}
	// The series explorer: one frame per coefficient, labelled by the run's
	// Method, ending at x_50 from this file's own loop.
	if series == nil {
		t.Error("no series explorer of x_k against iteration")
	} else if frames := nb02Frames(series.SVG); len(frames) != 20 {
		t.Errorf("series explorer: %d frames, want 20", len(frames))
	} else {
		for i, f := range frames {
			a := float64(i) / 20
			xs := momentumXs(-5, 0.2, a, 50, false)
			for _, want := range []string{
				fmt.Sprintf(`data-label="Momentum(lr=0.2, momentum=%v)"`, a),
				fmt.Sprintf("50 updates, x = %.4g", xs[50]),
			} {
				if !strings.Contains(f, want) {
					t.Errorf("series explorer frame %d does not show %q", i, want)
				}
			}
		}
	}
	// 640 KB: two animations of the source's run, the ball, two explorables.
	if fi, err := os.Stat(filepath.Join(env.Root, "notebooks", name)); err != nil || fi.Size() > 640<<10 {
		t.Errorf("committed notebook must exist and be ≤ 640 KB: %v", err)
	}
}

// nb02Frames splits an animation's or explorable's SVG into its frames, in
// order: frame i is the text from its data-frame="i" group to the next.
func nb02Frames(svg []byte) []string {
	parts := strings.Split(string(svg), "<g data-frame=")
	if len(parts) < 2 {
		return nil
	}
	return parts[1:]
}

// nb02Markdown returns the notebook's markdown cells, joined.
func nb02Markdown(nb *nbrun.Notebook) string {
	var b strings.Builder
	for _, c := range nb.Cells {
		if c.Type == "markdown" {
			b.WriteString(c.Source + "\n")
		}
	}
	return b.String()
}
