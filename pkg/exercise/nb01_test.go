package exercise_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/gradnb/gradnb/pkg/exercise"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// wantHint fails unless r is wrong and its hint contains every fragment.
func wantHint(t *testing.T, what string, r exercise.Result, fragments ...string) {
	t.Helper()
	if r.OK {
		t.Errorf("%s: passed, want a hint containing %q", what, fragments)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(r.Hint, f) {
			t.Errorf("%s: hint %q does not contain %q", what, r.Hint, f)
		}
	}
}

func wantOK(t *testing.T, what string, r exercise.Result) {
	t.Helper()
	if !r.OK {
		t.Errorf("%s: got hint %q, want ✓", what, r.Hint)
	}
}

// firstK is the learner's loop of exercise 1, with the library's run: the
// first k with |x_k − 5| < tol.
func firstK(t *testing.T, lr, d0 float64) int {
	t.Helper()
	r, err := optim.Minimize1D(objective.Quadratic{A: 5}, 5-d0, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range r.Trace {
		if math.Abs(it.X[0]-5) < 1e-3 {
			return it.K
		}
	}
	t.Fatalf("lr %v: |x − 5| never below 1e-3 in 200 updates", lr)
	return -1
}

func TestNB01Ex1(t *testing.T) {
	k01, k09 := firstK(t, 0.1, 10), firstK(t, 0.9, 10)
	if k01 != 42 || k09 != 42 {
		t.Fatalf("independent run: k = %d, %d, want 42, 42", k01, k09)
	}
	wantOK(t, "the library's counts", exercise.NB01Ex1(k01, k09))
	wantHint(t, "starter", exercise.NB01Ex1(0, 0), exercise.NotWritten)
	// Without the start's distance 10: the loop started at 4 instead of −5.
	noFactor := firstK(t, 0.1, 1)
	wantHint(t, "missing factor 10", exercise.NB01Ex1(noFactor, noFactor), "|x₀ − 5| = 10")
	wantHint(t, "one short", exercise.NB01Ex1(41, 42), "off-by-one", "μ = 0.1")
	wantHint(t, "one over", exercise.NB01Ex1(42, 43), "off-by-one", "μ = 0.9")
	// The loss below 10⁻³ instead of the distance: (x_k − 5)² < 10⁻³.
	byLoss := func(lr float64) int {
		x, k := -5.0, 0
		for (5-x)*(5-x) >= 1e-3 {
			x -= lr * -2 * (5 - x)
			k++
		}
		return k
	}
	wantHint(t, "loss instead of distance", exercise.NB01Ex1(byLoss(0.1), byLoss(0.9)), "損失", "|x_k − 5|")
	// Believing the source ("0.9 converges more slowly").
	wantHint(t, "0.9 slower", exercise.NB01Ex1(42, 60), "μ = 0.9", "大きすぎ")
}

func TestNB01Ex2(t *testing.T) {
	loss := func(x float64) float64 { return 4 * (5 - x) * (5 - x) }
	// L'' = 8, from a finite difference: the limit 2/L'' is 0.25.
	d2 := fd.Derivative(loss, 1.3, &fd.Settings{Formula: fd.Central2nd, Step: 1e-3})
	if math.Abs(d2-8) > 1e-6 {
		t.Fatalf("finite-difference L'' = %v, want 8", d2)
	}
	right := func(x float64) float64 { return -8 * (5 - x) }
	wantOK(t, "closed form", exercise.NB01Ex2(right, 2/d2))
	// A finite-difference derivative is a correct method too.
	wantOK(t, "finite difference", exercise.NB01Ex2(func(x float64) float64 {
		return fd.Derivative(loss, x, &fd.Settings{Formula: fd.Central})
	}, 0.25))
	wantHint(t, "starter", exercise.NB01Ex2(nil, 0), exercise.NotWritten)
	wantHint(t, "without c", exercise.NB01Ex2(func(x float64) float64 { return -2 * (5 - x) }, 0.25), "c = 4")
	wantHint(t, "without 2", exercise.NB01Ex2(func(x float64) float64 { return -4 * (5 - x) }, 0.25), "1/2")
	wantHint(t, "sign flipped", exercise.NB01Ex2(func(x float64) float64 { return 8 * (5 - x) }, 0.25), "符号が逆")
	wantHint(t, "derivative right, limit missing", exercise.NB01Ex2(right, 0), exercise.NotWritten)
	wantHint(t, "the original quadratic's limit", exercise.NB01Ex2(right, 1), "L'' = 2c = 8")
	wantHint(t, "2/c", exercise.NB01Ex2(right, 0.5), "2c = 8")
	wantHint(t, "1/L''", exercise.NB01Ex2(right, 0.125), "2/L''")
	// The limit is real: the library's run with the learner's rate just
	// below it converges, just above it diverges.
	f := scaled{c: 4, a: 5}
	for _, c := range []struct {
		lr      float64
		shrinks bool
	}{{0.249, true}, {0.251, false}} {
		r, err := optim.Minimize1D(f, -5, &optim.GradientDescent{LR: c.lr}, &optim.Settings{MaxIter: 2000, DivergenceFactor: math.Inf(1)})
		if err != nil {
			t.Fatal(err)
		}
		if got := math.Abs(r.X()[0]-5) < 10; got != c.shrinks {
			t.Errorf("lr %v: |x − 5| = %v, shrinks = %v, want %v", c.lr, math.Abs(r.X()[0]-5), got, c.shrinks)
		}
	}
}

// scaled is c(a − x)², the type a learner writes for exercise 2.
type scaled struct{ c, a float64 }

func (s scaled) F(x float64) float64   { return s.c * (s.a - x) * (s.a - x) }
func (s scaled) DF(x float64) float64  { return -2 * s.c * (s.a - x) }
func (s scaled) D2F(x float64) float64 { return 2 * s.c }

func TestNB01Ex3(t *testing.T) {
	// The library's runs, 100 and 150 updates: both are right.
	for _, n := range []int{100, 150} {
		var xs []float64
		for _, x0 := range []float64{0, 3, 8, 12} {
			r, err := optim.Minimize1D(objective.Wavy{}, x0, &optim.GradientDescent{LR: 1}, &optim.Settings{MaxIter: n})
			if err != nil {
				t.Fatal(err)
			}
			xs = append(xs, r.X()[0])
		}
		res := exercise.NB01Ex3(xs)
		wantOK(t, "library run", res)
		// The valleys are the minima Wavy.Minima finds: −0.935, 4.74, 4.74, 10.42.
		ms := objective.Wavy{}.Minima()
		for i, m := range []int{0, 1, 1, 2} {
			if math.Abs(xs[i]-ms[m].X) > 1e-6 {
				t.Errorf("start %d: x = %v, want the minimum %v", i, xs[i], ms[m].X)
			}
		}
	}
	wantHint(t, "starter", exercise.NB01Ex3(nil), exercise.NotWritten)
	wantHint(t, "zeros", exercise.NB01Ex3(make([]float64, 4)), exercise.NotWritten)
	wantHint(t, "three values", exercise.NB01Ex3([]float64{1, 2, 3}), "4 個")
	// Gradient ascent: x ← x + μ·dL/dx.
	var up []float64
	for _, x0 := range []float64{0, 3, 8, 12} {
		x := x0
		for range 100 {
			x += objective.Wavy{}.DF(x)
		}
		up = append(up, x)
	}
	wantHint(t, "gradient ascent", exercise.NB01Ex3(up), "gradient ascent", "x₀ = 0")
	// x never set back to each start: the loop continues from the last x
	// (here every run from the notebook's xInitial2 = −10).
	var stuck []float64
	x := -10.0
	for range 4 {
		for range 100 {
			x -= objective.Wavy{}.DF(x)
		}
		stuck = append(stuck, x)
	}
	wantHint(t, "x not reset", exercise.NB01Ex3(stuck), "すべて同じ", "置き直して")
}

func TestNB01Ex4(t *testing.T) {
	// The learner's sweep with an accumulated rate (0.01 added 300 times)
	// and the library's runs: it must find the same rate.
	lr := 0.0
	found := 0.0
	for i := 1; i <= 300 && found == 0; i++ {
		lr += 0.01
		r, err := optim.Minimize1D(objective.Wavy{}, -10, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if r.X()[0] > 2 {
			found = lr
		}
	}
	if math.Abs(found-2.74) > 1e-9 {
		t.Fatalf("independent sweep: first escape at %v, want 2.74", found)
	}
	wantOK(t, "accumulated grid", exercise.NB01Ex4(found))
	wantOK(t, "exact grid", exercise.NB01Ex4(2.74))
	wantHint(t, "starter", exercise.NB01Ex4(0), exercise.NotWritten)
	m := objective.Wavy{}.Minima()[0]
	limit := 2 / objective.Wavy{}.D2F(m.X)
	wantHint(t, "stability limit", exercise.NB01Ex4(limit), "2/L''", "往復")
	wantHint(t, "first rate above the limit", exercise.NB01Ex4(2.22), "2.22", "x_1000 > 2")
	wantHint(t, "the 0.25 sweep", exercise.NB01Ex4(2.75), "0.25 刻み")
	wantHint(t, "too small", exercise.NB01Ex4(2.5), "小さすぎ")
	// The sweep from the quadratic's start xInitial = −5 instead of −10.
	fromMinus5 := 0.0
	for i := 1; i <= 300 && fromMinus5 == 0; i++ {
		r, err := optim.Minimize1D(objective.Wavy{}, -5, &optim.GradientDescent{LR: float64(i) / 100}, &optim.Settings{MaxIter: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if r.X()[0] > 2 {
			fromMinus5 = float64(i) / 100
		}
	}
	if fromMinus5 == 2.74 {
		t.Fatal("the sweep from −5 gives the right answer too; the hint is useless")
	}
	wantHint(t, "start −5", exercise.NB01Ex4(fromMinus5), "x₀ = −5", "xInitial2")
}

func TestNB01Ex5(t *testing.T) {
	// A learner's loop that halves a variable every 10 updates.
	w := objective.Wavy{}
	sched := func(halveAt func(k int) bool, n int) float64 {
		x, lr := -10.0, 3.0
		for k := 0; k < n; k++ {
			if halveAt(k) {
				lr /= 2
			}
			x -= lr * w.DF(x)
		}
		return x
	}
	right := sched(func(k int) bool { return k > 0 && k%10 == 0 }, 30)
	if g := w.Minima()[1]; math.Abs(right-g.X) > 1e-8 {
		t.Fatalf("the schedule should settle at the global minimum %v, got %v", g.X, right)
	}
	wantOK(t, "halving loop", exercise.NB01Ex5(right))
	// More updates only polish it.
	wantOK(t, "100 updates", exercise.NB01Ex5(sched(func(k int) bool { return k > 0 && k%10 == 0 }, 100)))
	wantHint(t, "starter", exercise.NB01Ex5(0), exercise.NotWritten)
	wantHint(t, "constant", exercise.NB01Ex5(sched(func(int) bool { return false }, 30)), "3.0 のまま")
	wantHint(t, "halved at k = 0", exercise.NB01Ex5(sched(func(k int) bool { return k%10 == 0 }, 30)), "最初の更新から 1.5")
	wantHint(t, "halved every update", exercise.NB01Ex5(sched(func(k int) bool { return k > 0 }, 30)), "毎回半分")
}
