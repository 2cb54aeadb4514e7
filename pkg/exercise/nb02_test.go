package exercise_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gradnb/gradnb/pkg/exercise"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// Notebook 02's checks, each run on answers written the way a learner
// writes them: right formulations (a plain loop, the library, a closed
// form) must pass, and each typical mistake, computed by running the
// mistaken code, must fail with its own hint.

func nb02OK(t *testing.T, what string, r exercise.Result) {
	t.Helper()
	if !r.OK {
		t.Errorf("%s: refused: %s", what, r.Hint)
	}
}

func nb02Bad(t *testing.T, what string, r exercise.Result, fragments ...string) {
	t.Helper()
	if r.OK {
		t.Errorf("%s: accepted: %s", what, r.What)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(r.Hint, f) {
			t.Errorf("%s: hint %q lacks %q", what, r.Hint, f)
		}
	}
	for _, english := range []string{"(off-by-one)", "(sign flipped)", "(too large)", "(too small)"} {
		if strings.Contains(r.Hint, english) && !strings.Contains(exercise.NotWritten, english) {
			t.Errorf("%s: hint %q has the English gloss %s", what, r.Hint, english)
		}
	}
}

// nb02Loop is a learner's loop for exercises 1 and 5: step gets x, v, the
// gradient, η and α and returns the new x and v.
func nb02Loop(step func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64)) func(func(float64) float64, float64, float64, float64, int) []float64 {
	return func(g func(float64) float64, x0, lr, a float64, n int) []float64 {
		x, v := x0, 0.0
		xs := []float64{x}
		for range n {
			x, v = step(x, v, g, lr, a)
			xs = append(xs, x)
		}
		return xs
	}
}

// funcObjective wraps a gradient as a 1-D objective for optim (F is not
// used by momentum's steps, only recorded; DivergenceFactor is off).
type funcObjective struct{ g func(float64) float64 }

func (f funcObjective) F(x float64) float64   { return 0 }
func (f funcObjective) DF(x float64) float64  { return f.g(x) }
func (f funcObjective) D2F(x float64) float64 { return 0 }

func TestNB02Ex1(t *testing.T) {
	heavy := nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v = a*v - lr*g(x)
		return x + v, v
	})
	nb02OK(t, "plain loop", exercise.NB02Ex1(heavy))
	// The same method with the velocity's other sign (torch's buffer
	// scaled by −1): b ← αb + η·g, x ← x − b.
	nb02OK(t, "velocity with the other sign", exercise.NB02Ex1(nb02Loop(func(x, b float64, g func(float64) float64, lr, a float64) (float64, float64) {
		b = a*b + lr*g(x)
		return x - b, b
	})))
	// The library.
	nb02OK(t, "optim.Momentum", exercise.NB02Ex1(func(g func(float64) float64, x0, lr, a float64, n int) []float64 {
		if n == 0 { // MaxIter 0 means the default 100
			return []float64{x0}
		}
		r, err := optim.Minimize1D(funcObjective{g}, x0, &optim.Momentum{LR: lr, Momentum: a}, &optim.Settings{MaxIter: n, DivergenceFactor: math.Inf(1)})
		if err != nil {
			panic(err)
		}
		return r.Trace.Xs(0)
	}))
	// torch.optim.SGD's form: b ← αb + g, x ← x − ηb (the same iterates at
	// constant η, rounded differently).
	nb02OK(t, "torch's form", exercise.NB02Ex1(nb02Loop(func(x, b float64, g func(float64) float64, lr, a float64) (float64, float64) {
		b = a*b + g(x)
		return x - lr*b, b
	})))
	nb02Bad(t, "starter (nil)", exercise.NB02Ex1(nil), exercise.NotWritten)
	nb02Bad(t, "the source's η and α", exercise.NB02Ex1(nb02Loop(func(x, v float64, g func(float64) float64, _, _ float64) (float64, float64) {
		v = 0.8*v - 0.2*g(x)
		return x + v, v
	})), "引数の lr と alpha")
	nb02Bad(t, "the source's start", exercise.NB02Ex1(func(g func(float64) float64, _, lr, a float64, n int) []float64 {
		x, v := -5.0, 0.0
		xs := []float64{x}
		for range n {
			v = a*v - lr*g(x)
			x += v
			xs = append(xs, x)
		}
		return xs
	}), "引数の x0")
	nb02Bad(t, "starter (returns nil)", exercise.NB02Ex1(func(func(float64) float64, float64, float64, float64, int) []float64 { return nil }), exercise.NotWritten)
	// The source's class: the first call only sets v = 0.
	nb02Bad(t, "source's class", exercise.NB02Ex1(func(g func(float64) float64, x0, lr, a float64, n int) []float64 {
		var v *float64
		x := x0
		xs := []float64{x}
		for range n {
			if v == nil {
				v = new(float64)
			} else {
				*v = a**v - lr*g(x)
			}
			x = *v + x
			xs = append(xs, x)
		}
		return xs
	}), "元資料のクラスの癖")
	nb02Bad(t, "sign flipped", exercise.NB02Ex1(nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v = a*v + lr*g(x)
		return x + v, v
	})), "符号が逆")
	nb02Bad(t, "old velocity", exercise.NB02Ex1(nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		return x + v, a*v - lr*g(x)
	})), "古い速度")
	nb02Bad(t, "η and α swapped", exercise.NB02Ex1(nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v = lr*v - a*g(x)
		return x + v, v
	})), "入れ替わって")
	nb02Bad(t, "v declared inside the loop", exercise.NB02Ex1(nb02Loop(func(x, _ float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v := 0.0
		v = a*v - lr*g(x)
		return x + v, 0
	})), "勾配降下法", "ループの外")
	nb02Bad(t, "loop one short", exercise.NB02Ex1(func(g func(float64) float64, x0, lr, a float64, n int) []float64 {
		x, v := x0, 0.0
		xs := []float64{x}
		for k := 1; k < n; k++ {
			v = a*v - lr*g(x)
			x += v
			xs = append(xs, x)
		}
		return xs
	}), "1 回早く")
	nb02Bad(t, "start not recorded", exercise.NB02Ex1(func(g func(float64) float64, x0, lr, a float64, n int) []float64 {
		x, v := x0, 0.0
		var xs []float64
		for range n {
			v = a*v - lr*g(x)
			x += v
			xs = append(xs, x)
		}
		return xs
	}), "出発点")
	// The notebook's constants used inside the function: right for the
	// lesson's case, wrong for every hidden one.
	nb02Bad(t, "the lesson's constants", exercise.NB02Ex1(func(func(float64) float64, float64, float64, float64, int) []float64 {
		return heavy(func(x float64) float64 { return -2 * (5 - x) }, -5, 0.2, 0.8, 50)
	}), "引数", "xInitial")
	// The gradient of (5 − x)² typed in instead of calling grad.
	nb02Bad(t, "own gradient", exercise.NB02Ex1(func(_ func(float64) float64, x0, lr, a float64, n int) []float64 {
		return heavy(func(x float64) float64 { return -2 * (5 - x) }, x0, lr, a, n)
	}), "L = (3 − x)²")
	nb02Bad(t, "panics for n = 0", exercise.NB02Ex1(func(g func(float64) float64, x0, lr, a float64, n int) []float64 {
		xs := heavy(g, x0, lr, a, n)
		_ = xs[1]
		return xs
	}), "panic", "0 回")
}

func TestNB02Ex1Timeout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the check's time limit")
	}
	start := time.Now()
	r := exercise.NB02Ex1(func(g func(float64) float64, x0, lr, a float64, n int) []float64 {
		x, v := x0, 0.0
		xs := []float64{x}
		for k := 0; k < n; { // k++ forgotten
			v = a*v - lr*g(x)
			x += v
			if len(xs) <= n {
				xs = append(xs, x)
			}
		}
		return xs
	})
	nb02Bad(t, "a loop that never ends", r, "終わりません")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the check waited %v", d)
	}
}

// nb02Count is a learner's count for exercise 2, written as a loop that
// remembers the last k outside the band; how varies the typical mistakes.
func nb02Count(alpha float64, lr float64, n int, tol float64, plusOne bool) int {
	x, v := -5.0, 0.0
	last := 0
	for k := 0; k <= n; k++ {
		if math.Abs(x-5) >= tol {
			last = k
			if plusOne {
				last = k + 1
			}
		}
		v = alpha*v - lr*(-2*(5-x))
		x += v
	}
	return last
}

func TestNB02Ex2(t *testing.T) {
	right := func(a float64) int { return nb02Count(a, 0.2, 1000, 1e-6, true) }
	nb02OK(t, "last k outside + 1", exercise.NB02Ex2(right))
	// The library's trace, read backwards.
	nb02OK(t, "optim, backwards", exercise.NB02Ex2(func(a float64) int {
		r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.Momentum{LR: 0.2, Momentum: a}, &optim.Settings{MaxIter: 1000})
		if err != nil {
			panic(err)
		}
		for k := len(r.Trace) - 1; k >= 0; k-- {
			if math.Abs(r.Trace[k].X[0]-5) >= 1e-6 {
				return r.Trace[k].K + 1
			}
		}
		return 0
	}))
	// The prose's numbers: α* needs 19 updates, 0.143 only 15.
	aStar := math.Pow(1-math.Sqrt(0.4), 2)
	if right(aStar) != 19 || right(0.143) != 15 || right(0.15) != 18 {
		t.Errorf("counts: α* %d, 0.143 %d, 0.15 %d", right(aStar), right(0.143), right(0.15))
	}
	nb02Bad(t, "starter", exercise.NB02Ex2(nil), exercise.NotWritten)
	nb02Bad(t, "starter returns 0", exercise.NB02Ex2(func(float64) int { return 0 }), exercise.NotWritten)
	nb02Bad(t, "no + 1", exercise.NB02Ex2(func(a float64) int { return nb02Count(a, 0.2, 1000, 1e-6, false) }), "1 を足した")
	nb02Bad(t, "first entry", exercise.NB02Ex2(func(a float64) int {
		x, v := -5.0, 0.0
		for k := 0; k <= 1000; k++ {
			if math.Abs(x-5) < 1e-6 {
				return k
			}
			v = a*v - 0.2*(-2*(5-x))
			x += v
		}
		return 1001
	}), "初めて入った")
	// Issue 17: the old exercise accepted α = η typed for α (α* and 0.2
	// both gave 19). Typed as a constant now, it ignores the argument.
	nb02Bad(t, "α = η typed", exercise.NB02Ex2(func(float64) int { return right(0.2) }), "alpha")
	nb02Bad(t, "η = α (the argument as the learning rate)", exercise.NB02Ex2(func(a float64) int { return nb02Count(0.8, a, 1000, 1e-6, true) }))
	nb02Bad(t, "50 updates only", exercise.NB02Ex2(func(a float64) int { return nb02Count(a, 0.2, 50, 1e-6, true) }), "50 回")
	nb02Bad(t, "the loss below 1e-6", exercise.NB02Ex2(func(a float64) int {
		x, v := -5.0, 0.0
		last := 0
		for k := 0; k <= 1000; k++ {
			if (5-x)*(5-x) >= 1e-6 {
				last = k + 1
			}
			v = a*v - 0.2*(-2*(5-x))
			x += v
		}
		return last
	}), "損失")
	nb02Bad(t, "the estimate from q", exercise.NB02Ex2(func(a float64) int {
		b := 1 + a - 0.4
		q := math.Sqrt(a)
		if d := b*b - 4*a; d >= 0 {
			q = (math.Abs(b) + math.Sqrt(d)) / 2
		}
		return int(math.Ceil(math.Log(1e-6/10) / math.Log(q)))
	}), "見積もり")
	nb02Bad(t, "the source's lazy class", exercise.NB02Ex2(func(a float64) int {
		x, v := -5.0, 0.0
		last := 0
		for k := 0; k <= 1000; k++ {
			if math.Abs(x-5) >= 1e-6 {
				last = k + 1
			}
			if k > 0 {
				v = a*v - 0.2*(-2*(5-x))
			}
			x += v
		}
		return last
	}), "元資料のクラス")
	nb02Bad(t, "panics", exercise.NB02Ex2(func(a float64) int {
		var xs []float64
		return int(xs[int(a*10)])
	}), "panic")
}

func TestNB02Ex3(t *testing.T) {
	nb02OK(t, "loop", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 {
		v := 0.0
		for range n {
			v = a*v - lr*g
		}
		return v
	}))
	nb02OK(t, "closed form", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 {
		return -lr * g * (1 - math.Pow(a, float64(n))) / (1 - a)
	}))
	nb02OK(t, "library on a straight ramp", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 {
		if n == 0 {
			return 0
		}
		r, err := optim.Minimize1D(funcObjective{func(float64) float64 { return g }}, 0, &optim.Momentum{LR: lr, Momentum: a}, &optim.Settings{MaxIter: n, DivergenceFactor: math.Inf(1)})
		if err != nil {
			panic(err)
		}
		return r.Trace[n].X[0] - r.Trace[n-1].X[0]
	}))
	nb02Bad(t, "starter", exercise.NB02Ex3(nil), exercise.NotWritten)
	nb02Bad(t, "starter returns 0", exercise.NB02Ex3(func(float64, float64, float64, int) float64 { return 0 }), exercise.NotWritten)
	nb02Bad(t, "terminal velocity", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 { return -lr * g / (1 - a) }), "終端速度")
	nb02Bad(t, "one update short", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 {
		v := 0.0
		for k := 1; k < n; k++ {
			v = a*v - lr*g
		}
		return v
	}), "1 回少ない")
	nb02Bad(t, "α^(n+1) in the closed form", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 {
		return -lr * g * (1 - math.Pow(a, float64(n+1))) / (1 - a)
	}), "1 回多い")
	nb02Bad(t, "sign flipped", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 {
		v := 0.0
		for range n {
			v = a*v + lr*g
		}
		return v
	}), "符号が逆")
	nb02Bad(t, "α forgotten", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 {
		v := 0.0
		for range n {
			v = -lr * g
		}
		return v
	}), "勾配降下法")
	nb02Bad(t, "no friction", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 {
		v := 0.0
		for range n {
			v = v - lr*g
		}
		return v
	}), "摩擦")
	nb02Bad(t, "NaN", exercise.NB02Ex3(func(g, lr, a float64, n int) float64 { return math.NaN() }), "NaN")
}

// nb02PassCount is a learner's counter for exercise 4 with a condition
// on each pair.
func nb02PassCount(cond func(x0, x1, a float64) bool) func([]float64, float64) int {
	return func(xs []float64, a float64) int {
		n := 0
		for k := 0; k+1 < len(xs); k++ {
			if cond(xs[k], xs[k+1], a) {
				n++
			}
		}
		return n
	}
}

func TestNB02Ex4(t *testing.T) {
	nb02OK(t, "product of the signs", exercise.NB02Ex4(nb02PassCount(func(x0, x1, a float64) bool { return (x0-a)*(x1-a) < 0 })))
	nb02OK(t, "sides compared", exercise.NB02Ex4(func(xs []float64, a float64) int {
		n := 0
		for k := 1; k < len(xs); k++ {
			if (xs[k-1] < a && xs[k] > a) || (xs[k-1] > a && xs[k] < a) {
				n++
			}
		}
		return n
	}))
	nb02Bad(t, "starter", exercise.NB02Ex4(nil), exercise.NotWritten)
	nb02Bad(t, "starter returns 0", exercise.NB02Ex4(func([]float64, float64) int { return 0 }), exercise.NotWritten)
	nb02Bad(t, "turning points", exercise.NB02Ex4(func(xs []float64, a float64) int {
		n := 0
		for k := 1; k+1 < len(xs); k++ {
			if (xs[k]-xs[k-1])*(xs[k+1]-xs[k]) < 0 {
				n++
			}
		}
		return n
	}), "向きを変えた")
	nb02Bad(t, "left to right only", exercise.NB02Ex4(nb02PassCount(func(x0, x1, a float64) bool { return x0 < a && x1 > a })), "右から左")
	nb02Bad(t, "points beyond", exercise.NB02Ex4(func(xs []float64, a float64) int {
		n := 0
		for _, x := range xs {
			if x > a {
				n++
			}
		}
		return n
	}), "右にある点")
	nb02Bad(t, "last pair left out", exercise.NB02Ex4(func(xs []float64, a float64) int {
		n := 0
		for k := 0; k+2 < len(xs); k++ {
			if (xs[k]-a)*(xs[k+1]-a) < 0 {
				n++
			}
		}
		return n
	}), "最後の 2 点")
	nb02Bad(t, "5 for a", exercise.NB02Ex4(nb02PassCount(func(x0, x1, _ float64) bool { return (x0-5)*(x1-5) < 0 })), "引数の a")
	nb02Bad(t, "panics on a short trace", exercise.NB02Ex4(func(xs []float64, a float64) int {
		prev := xs[0]
		n := 0
		for _, x := range xs[1:] {
			if (prev-a)*(x-a) < 0 {
				n++
			}
			prev = x
		}
		return n
	}), "panic")
}

func TestNB02Ex5(t *testing.T) {
	nesterov := nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v = a*v - lr*g(x+a*v)
		return x + v, v
	})
	nb02OK(t, "plain loop", exercise.NB02Ex5(nesterov))
	nb02OK(t, "optim Nesterov", exercise.NB02Ex5(func(g func(float64) float64, x0, lr, a float64, n int) []float64 {
		if n == 0 { // MaxIter 0 means the default 100
			return []float64{x0}
		}
		r, err := optim.Minimize1D(funcObjective{g}, x0, &optim.Momentum{LR: lr, Momentum: a, Nesterov: true}, &optim.Settings{MaxIter: n, DivergenceFactor: math.Inf(1)})
		if err != nil {
			panic(err)
		}
		return r.Trace.Xs(0)
	}))
	// The look-ahead point kept in a variable first.
	nb02OK(t, "look-ahead variable", exercise.NB02Ex5(nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		ahead := x + a*v
		v = a*v - lr*g(ahead)
		return x + v, v
	})))
	nb02Bad(t, "starter", exercise.NB02Ex5(nil), exercise.NotWritten)
	nb02Bad(t, "heavy ball", exercise.NB02Ex5(nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v = a*v - lr*g(x)
		return x + v, v
	})), "普通の重い球")
	nb02Bad(t, "look-ahead x + v", exercise.NB02Ex5(nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v = a*v - lr*g(x+v)
		return x + v, v
	})), "α を掛け忘れ")
	nb02Bad(t, "sign flipped", exercise.NB02Ex5(nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v = a*v + lr*g(x+a*v)
		return x + v, v
	})), "符号が逆")
	// The look-ahead with the velocity already updated: v is changed
	// before the gradient is taken at x + αv.
	nb02Bad(t, "look-ahead after the update", exercise.NB02Ex5(nb02Loop(func(x, v float64, g func(float64) float64, lr, a float64) (float64, float64) {
		v = a * v
		v = v - lr*g(x+a*v)
		return x + v, v
	})), "x[")
	nb02Bad(t, "the lesson's constants", exercise.NB02Ex5(func(func(float64) float64, float64, float64, float64, int) []float64 {
		return nesterov(func(x float64) float64 { return -2 * (5 - x) }, -5, 0.2, 0.8, 50)
	}), "引数")
}
