package exercise_test

import (
	"math"
	"math/cmplx"
	"testing"

	"github.com/gradnb/gradnb/pkg/exercise"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// momentumRun is the library's run of momentum on f from x0: x₀ … x_n.
func momentumRun(t *testing.T, f objective.Func1D, x0 float64, m *optim.Momentum, n int) []float64 {
	t.Helper()
	r, err := optim.Minimize1D(f, x0, m, &optim.Settings{MaxIter: n})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Trace) != n+1 {
		t.Fatalf("%s: %d iterates (%v), want %d", r.Method, len(r.Trace), r.Status, n+1)
	}
	return r.Trace.Xs(0)
}

// learnerLoop is a learner's loop on (5 − x)² from −5 for 50 updates: step
// gets x, v and the gradient function and returns the new x and v.
func learnerLoop(step func(x, v float64, grad func(float64) float64) (float64, float64)) []float64 {
	grad := func(x float64) float64 { return -2 * (5 - x) }
	x, v := -5.0, 0.0
	xs := []float64{x}
	for range 50 {
		x, v = step(x, v, grad)
		xs = append(xs, x)
	}
	return xs
}

func TestNB02Ex1(t *testing.T) {
	loss := objective.Quadratic{A: 5}
	lib := momentumRun(t, loss, -5, &optim.Momentum{LR: 0.2, Momentum: 0.8}, 50)
	// The notebook's numbers: x₁ = −1, the farthest x₄ = 11.256.
	if math.Abs(lib[1]+1) > 1e-12 || math.Abs(lib[4]-11.256) > 1e-12 {
		t.Fatalf("library run: x₁ = %v, x₄ = %v", lib[1], lib[4])
	}
	wantOK(t, "library run", exercise.NB02Ex1(lib))
	wantOK(t, "learner's loop", exercise.NB02Ex1(learnerLoop(func(x, v float64, g func(float64) float64) (float64, float64) {
		v = 0.8*v - 0.2*g(x)
		return x + v, v
	})))
	wantHint(t, "starter", exercise.NB02Ex1(nil), exercise.NotWritten)
	// The source's class: the library's LazyVelocity option.
	lazy := momentumRun(t, loss, -5, &optim.Momentum{LR: 0.2, Momentum: 0.8, LazyVelocity: true}, 50)
	wantHint(t, "source's class", exercise.NB02Ex1(lazy), "元資料のクラスの癖")
	wantHint(t, "sign flipped", exercise.NB02Ex1(learnerLoop(func(x, v float64, g func(float64) float64) (float64, float64) {
		v = 0.8*v + 0.2*g(x)
		return x + v, v
	})), "sign flipped")
	wantHint(t, "old velocity", exercise.NB02Ex1(learnerLoop(func(x, v float64, g func(float64) float64) (float64, float64) {
		return x + v, 0.8*v - 0.2*g(x)
	})), "古い速度")
	wantHint(t, "α and η swapped", exercise.NB02Ex1(learnerLoop(func(x, v float64, g func(float64) float64) (float64, float64) {
		v = 0.2*v - 0.8*g(x)
		return x + v, v
	})), "入れ替わって")
	wantHint(t, "one update short", exercise.NB02Ex1(lib[:50]), "off-by-one")
	// v declared inside the loop: every update starts from v = 0, which is
	// gradient descent.
	wantHint(t, "velocity not carried over", exercise.NB02Ex1(learnerLoop(func(x, _ float64, g func(float64) float64) (float64, float64) {
		v := 0.0
		v = 0.8*v - 0.2*g(x)
		return x + v, 0
	})), "勾配降下法", "ループの外")
	// v ← αv + η·dL/dx, x ← x − v is the same method written with the
	// other sign of v: accepted.
	wantOK(t, "velocity with the other sign", exercise.NB02Ex1(learnerLoop(func(x, v float64, g func(float64) float64) (float64, float64) {
		v = 0.8*v + 0.2*g(x)
		return x - v, v
	})))
}

// forGood is the notebook table's count: one plus the last k with
// |x_k − 5| ≥ 10⁻⁶ in the library's 1000-update run.
func forGood(t *testing.T, alpha float64) int {
	t.Helper()
	n := 0
	for k, x := range momentumRun(t, objective.Quadratic{A: 5}, -5, &optim.Momentum{LR: 0.2, Momentum: alpha}, 1000) {
		if math.Abs(x-5) >= 1e-6 {
			n = k + 1
		}
	}
	return n
}

func TestNB02Ex2(t *testing.T) {
	// α* from the discriminant: (1 + α − 0.4)² = 4α has the root
	// α = (1 − √0.4)²; check that it is a double root of λ² − bλ + α.
	aStar := math.Pow(1-math.Sqrt(0.4), 2)
	b := complex(1+aStar-0.4, 0)
	if d := cmplx.Abs(b*b - complex(4*aStar, 0)); d > 1e-12 {
		t.Fatalf("discriminant at α* = %v, want 0", d)
	}
	n := forGood(t, aStar)
	if n != 19 || forGood(t, 0.15) != 18 {
		t.Fatalf("library counts: α* %d, 0.15 %d; want 19, 18", n, forGood(t, 0.15))
	}
	wantOK(t, "library count", exercise.NB02Ex2(n))
	wantHint(t, "starter", exercise.NB02Ex2(0), exercise.NotWritten)
	// 18 is both the table's count for α = 0.15 and α*'s count without
	// the + 1 (the last k with |x_k − 5| ≥ 10⁻⁶): the hint names both.
	wantHint(t, "the table's α = 0.15, or the + 1 forgotten", exercise.NB02Ex2(18), "α = 0.15", "1 を足した")
	wantHint(t, "one over", exercise.NB02Ex2(20), "off-by-one")
	wantHint(t, "far off", exercise.NB02Ex2(40), "大きすぎ")
}

func TestNB02Ex3(t *testing.T) {
	w := objective.Wavy{}
	var xs []float64
	for _, a := range []float64{0.5, 0.6, 0.7, 0.8, 0.9} {
		xs = append(xs, momentumRun(t, w, -10, &optim.Momentum{LR: 1, Momentum: a}, 100)[100])
	}
	// Where they end, against Wavy.Minima: local, global, global, right
	// valley; 0.9 still moving inside the global minimum's valley.
	ms := w.Minima()
	for i, m := range []int{0, 1, 1, 2} {
		if math.Abs(xs[i]-ms[m].X) > 1e-4 {
			t.Errorf("α index %d: x₁₀₀ = %v, want the minimum %v", i, xs[i], ms[m].X)
		}
	}
	if math.Abs(xs[4]-ms[1].X) < 1e-3 || math.Abs(xs[4]-ms[1].X) > 0.5 {
		t.Errorf("α = 0.9: x₁₀₀ = %v, want near but not at %v", xs[4], ms[1].X)
	}
	wantOK(t, "library runs", exercise.NB02Ex3(xs))
	wantHint(t, "starter", exercise.NB02Ex3(nil), exercise.NotWritten)
	wantHint(t, "zeros", exercise.NB02Ex3(make([]float64, 5)), exercise.NotWritten)
	wantHint(t, "four values", exercise.NB02Ex3(xs[:4]), "5 個")
	// Gradient descent: every α gives gradient descent's −0.935.
	gd := momentumRun(t, w, -10, &optim.Momentum{LR: 1, Momentum: 0}, 100)[100]
	gds := []float64{xs[0], gd, gd, gd, gd}
	wantHint(t, "α left out", exercise.NB02Ex3(gds), "勾配降下法", "α = 0.6")
	// The source's class at α = 0.9 (not yet settled, so one late update
	// shows).
	lazy9 := momentumRun(t, w, -10, &optim.Momentum{LR: 1, Momentum: 0.9, LazyVelocity: true}, 100)[100]
	wantHint(t, "lazy first step", exercise.NB02Ex3([]float64{xs[0], xs[1], xs[2], xs[3], lazy9}), "元資料のクラス", "α = 0.9")
	// The notebook's eta (0.2) or xInitial (−5) in place of 1.0 and −10.
	var slow, fromMinus5 []float64
	for _, a := range []float64{0.5, 0.6, 0.7, 0.8, 0.9} {
		slow = append(slow, momentumRun(t, w, -10, &optim.Momentum{LR: 0.2, Momentum: a}, 100)[100])
		fromMinus5 = append(fromMinus5, momentumRun(t, w, -5, &optim.Momentum{LR: 1, Momentum: a}, 100)[100])
	}
	wantHint(t, "eta = 0.2", exercise.NB02Ex3(slow), "学習率 0.2", "1.0")
	wantHint(t, "start −5", exercise.NB02Ex3(fromMinus5), "出発点 −5", "−10")
	// Gradient descent's answer is not mistaken for either.
	wantHint(t, "α left out, not eta", exercise.NB02Ex3(gds), "勾配降下法")
}

func TestNB02Ex4(t *testing.T) {
	// The range where ρ = √0.8 found numerically: ρ(η) from the roots on
	// a fine grid, against the closed-form bounds.
	rho := func(eta float64) float64 {
		b := 1 + 0.8 - 2*eta
		s := cmplx.Sqrt(complex(b*b-3.2, 0))
		return math.Max(cmplx.Abs((complex(b, 0)+s)/2), cmplx.Abs((complex(b, 0)-s)/2))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 1; i < 200000; i++ {
		eta := float64(i) * 1e-5
		if math.Abs(rho(eta)-math.Sqrt(0.8)) < 1e-9 {
			lo, hi = math.Min(lo, eta), math.Max(hi, eta)
		}
	}
	s := math.Sqrt(0.8)
	clo, chi := (1-s)*(1-s)/2, (1+s)*(1+s)/2
	if math.Abs(lo-clo) > 2e-5 || math.Abs(hi-chi) > 2e-5 {
		t.Fatalf("grid range (%v, %v), closed form (%v, %v)", lo, hi, clo, chi)
	}
	wantOK(t, "closed form", exercise.NB02Ex4(clo, chi))
	wantOK(t, "bisection-accurate", exercise.NB02Ex4(clo*(1+1e-6), chi*(1-1e-6)))
	wantHint(t, "starter", exercise.NB02Ex4(0, 0), exercise.NotWritten)
	wantHint(t, "not divided by L''", exercise.NB02Ex4((1-s)*(1-s), (1+s)*(1+s)), "L'' = 2 で割る")
	wantHint(t, "α for √α", exercise.NB02Ex4(0.02, 1.62), "√α の代わりに α")
	wantHint(t, "swapped", exercise.NB02Ex4(chi, clo), "入れ替わって")
	wantHint(t, "the grid's coarse answer", exercise.NB02Ex4(0.01, 1.79), "lo")
	// The convergence range 0 < η < 2(1 + α)/L'' = 1.8 in place of the
	// complex-root range.
	wantHint(t, "convergence range", exercise.NB02Ex4(0, 1.8), "発散の境界", "収束する範囲")
	wantHint(t, "hi at the divergence bound", exercise.NB02Ex4(clo, 1.8), "発散の境界")
	wantHint(t, "lo = 0", exercise.NB02Ex4(0, chi), "lo = 0", "根は実数")
}

func TestNB02Ex5(t *testing.T) {
	loss := objective.Quadratic{A: 5}
	lib := momentumRun(t, loss, -5, &optim.Momentum{LR: 0.2, Momentum: 0.8, Nesterov: true}, 50)
	wantOK(t, "library's Nesterov", exercise.NB02Ex5(lib))
	// The learner's loop, with the look-ahead gradient.
	wantOK(t, "learner's loop", exercise.NB02Ex5(learnerLoop(func(x, v float64, g func(float64) float64) (float64, float64) {
		v = 0.8*v - 0.2*g(x+0.8*v)
		return x + v, v
	})))
	// Nesterov overshoots less than the heavy ball's 11.256.
	mx := lib[0]
	for _, x := range lib {
		mx = math.Max(mx, x)
	}
	if mx > 7 || mx < 6.9 {
		t.Errorf("Nesterov's farthest x = %v, want about 6.957", mx)
	}
	wantHint(t, "starter", exercise.NB02Ex5(nil), exercise.NotWritten)
	heavy := momentumRun(t, loss, -5, &optim.Momentum{LR: 0.2, Momentum: 0.8}, 50)
	wantHint(t, "heavy ball", exercise.NB02Ex5(heavy), "普通のモーメンタム法", "x + αv")
	wantHint(t, "look-ahead without α", exercise.NB02Ex5(learnerLoop(func(x, v float64, g func(float64) float64) (float64, float64) {
		v = 0.8*v - 0.2*g(x+v)
		return x + v, v
	})), "α を掛け忘れ")
}
