package exercise_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/exercise"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// Each exercise of notebook 01 is tested with the starter, at least two
// right formulations and at least four typical wrong answers, each wrong
// answer computed by running the mistake (the learner's function written
// wrongly), never by typing the number it gives.

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

func TestNB01Ex1(t *testing.T) {
	// Right: the plain loop, the library's trace, and a loop that records
	// after each update with the start appended first.
	plain := func(df func(float64) float64, x0, lr float64, num int) []float64 {
		xs := []float64{x0}
		x := x0
		for k := 0; k < num; k++ {
			x = x - lr*df(x)
			xs = append(xs, x)
		}
		return xs
	}
	wantOK(t, "plain loop", exercise.NB01Ex1(plain))
	indexed := func(df func(float64) float64, x0, lr float64, num int) []float64 {
		xs := make([]float64, num+1)
		xs[0] = x0
		for k := 1; k <= num; k++ {
			g := df(xs[k-1])
			xs[k] = xs[k-1] - lr*g
		}
		return xs
	}
	wantOK(t, "indexed slice", exercise.NB01Ex1(indexed))
	// The library needs F and D2F too; wrap df with dummies (unused by
	// gradient descent).
	lib := func(df func(float64) float64, x0, lr float64, num int) []float64 {
		r, err := optim.Minimize1D(gradOnly(df), x0, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: max(num, 1), DivergenceFactor: math.Inf(1)})
		if err != nil {
			t.Fatal(err)
		}
		xs := r.Trace.Xs(0)
		return xs[:num+1]
	}
	wantOK(t, "optim.Minimize1D", exercise.NB01Ex1(lib))

	wantHint(t, "starter", exercise.NB01Ex1(func(df func(float64) float64, x0, lr float64, num int) (xs []float64) { return }), exercise.NotWritten)
	wantHint(t, "nil", exercise.NB01Ex1(nil), exercise.NotWritten)

	// Wrong, each by running the mistake.
	ascent := func(df func(float64) float64, x0, lr float64, num int) []float64 {
		xs, x := []float64{x0}, x0
		for k := 0; k < num; k++ {
			x = x + lr*df(x)
			xs = append(xs, x)
		}
		return xs
	}
	wantHint(t, "sign flipped", exercise.NB01Ex1(ascent), "勾配の向き", "引きます")
	once := func(df func(float64) float64, x0, lr float64, num int) []float64 {
		xs, x, g := []float64{x0}, x0, df(x0)
		for k := 0; k < num; k++ {
			x = x - lr*g
			xs = append(xs, x)
		}
		return xs
	}
	wantHint(t, "gradient at x0 only", exercise.NB01Ex1(once), "1 回しか")
	short := func(df func(float64) float64, x0, lr float64, num int) []float64 {
		xs, x := []float64{x0}, x0
		for k := 0; k < num-1; k++ {
			x = x - lr*df(x)
			xs = append(xs, x)
		}
		return xs
	}
	wantHint(t, "loop one short", exercise.NB01Ex1(short), "1 回早く")
	noStart := func(df func(float64) float64, x0, lr float64, num int) []float64 {
		var xs []float64
		x := x0
		for k := 0; k < num; k++ {
			x = x - lr*df(x)
			xs = append(xs, x)
		}
		return xs
	}
	wantHint(t, "x0 not recorded", exercise.NB01Ex1(noStart), "出発点")
	fixedLR := func(df func(float64) float64, x0, _ float64, num int) []float64 { return plain(df, x0, 0.1, num) }
	wantHint(t, "lr fixed at 0.1", exercise.NB01Ex1(fixedLR), "0.1 のまま")
	lessonGrad := func(_ func(float64) float64, x0, lr float64, num int) []float64 {
		return plain(func(x float64) float64 { return -2.0 * (5 - x) }, x0, lr, num)
	}
	wantHint(t, "the lesson's gradient", exercise.NB01Ex1(lessonGrad), "df で計算")
	over := func(df func(float64) float64, x0, lr float64, num int) []float64 { return plain(df, x0, lr, num+1) }
	wantHint(t, "one update too many", exercise.NB01Ex1(over), "1 回多く")
	// A panic and a loop that never ends are ✗ with a hint, not a crash.
	wantHint(t, "panic", exercise.NB01Ex1(func(df func(float64) float64, x0, lr float64, num int) []float64 {
		xs := make([]float64, num)
		xs[num] = x0
		return xs
	}), "panic")
	wantHint(t, "NaN", exercise.NB01Ex1(func(df func(float64) float64, x0, lr float64, num int) []float64 {
		return plain(df, math.NaN(), lr, num)
	}), "NaN")
	if testing.Short() {
		return
	}
	wantHint(t, "endless loop", exercise.NB01Ex1(func(df func(float64) float64, x0, lr float64, num int) []float64 {
		xs, x := []float64{x0}, x0
		for k := 0; k < num; k += 0 { // the increment forgotten
			x = x - lr*df(x)
		}
		return append(xs, x)
	}), "終わりません")
}

// gradOnly makes a Func1D from a derivative (F and D2F are never called by
// gradient descent without a divergence test).
type gradOnly func(float64) float64

func (g gradOnly) F(x float64) float64   { return 0 }
func (g gradOnly) DF(x float64) float64  { return g(x) }
func (g gradOnly) D2F(x float64) float64 { return 0 }

func TestNB01Ex2(t *testing.T) {
	// Right: a while-style loop, a bounded for loop, and the library's
	// trace with the target test.
	loop := func(lr float64) (k int) {
		x := -5.0
		for math.Abs(x-5) >= 1e-3 {
			x = x - lr*(-2*(5-x))
			k++
		}
		return k
	}
	wantOK(t, "while loop", exercise.NB01Ex2(loop))
	bounded := func(lr float64) int {
		x := -5.0
		for k := 0; k < 1000; k++ {
			if math.Abs(x-5) < 1e-3 {
				return k
			}
			x -= lr * objective.Quadratic{A: 5}.DF(x)
		}
		return -1
	}
	wantOK(t, "bounded loop", exercise.NB01Ex2(bounded))
	lib := func(lr float64) int {
		r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: 1000, Target: []float64{5}, XTol: 1e-3})
		if err != nil {
			t.Fatal(err)
		}
		return r.Trace[len(r.Trace)-1].K
	}
	wantOK(t, "optim with Target/XTol", exercise.NB01Ex2(lib))
	if k01, k09 := loop(0.1), loop(0.9); k01 != k09 {
		t.Errorf("independent loop: k(0.1) = %d, k(0.9) = %d, want equal", k01, k09)
	}

	wantHint(t, "starter", exercise.NB01Ex2(func(lr float64) (k int) { return }), exercise.NotWritten)

	byLoss := func(lr float64) (k int) {
		x := -5.0
		for (5-x)*(5-x) >= 1e-3 {
			x -= lr * -2 * (5 - x)
			k++
		}
		return k
	}
	wantHint(t, "loss instead of distance", exercise.NB01Ex2(byLoss), "損失", "|x − 5|")
	onePlus := func(lr float64) int { // counts x₀ as the first
		x, k := -5.0, 1
		for math.Abs(x-5) >= 1e-3 {
			x -= lr * -2 * (5 - x)
			k++
		}
		return k
	}
	wantHint(t, "one too many", exercise.NB01Ex2(onePlus), "1 つ多すぎ")
	closedFloor := func(lr float64) int { // the closed form, rounded down
		return int(math.Log(1e-3/10) / math.Log(math.Abs(1-2*lr)))
	}
	wantHint(t, "closed form rounded down", exercise.NB01Ex2(closedFloor), "1 つ少なすぎ")
	constant := func(lr float64) int { return loop(0.1) } // 0.1's count for every rate
	wantHint(t, "a constant", exercise.NB01Ex2(constant), "どの学習率でも")
	wrongStart := func(lr float64) (k int) { // from 0 instead of −5
		x := 0.0
		for math.Abs(x-5) >= 1e-3 {
			x -= lr * -2 * (5 - x)
			k++
		}
		return k
	}
	wantHint(t, "start 0", exercise.NB01Ex2(wrongStart), "lr = ")
	noFactor := func(lr float64) int { // the closed form without |x₀ − 5| = 10
		return int(math.Ceil(math.Log(1e-3) / math.Log(math.Abs(1-2*lr))))
	}
	wantHint(t, "closed form without the start's distance", exercise.NB01Ex2(noFactor), "lr = ")
	if testing.Short() {
		return
	}
	ascent := func(lr float64) (k int) { // the sign flipped: never ends
		x := -5.0
		for math.Abs(x-5) >= 1e-3 {
			x += lr * -2 * (5 - x)
			k++
		}
		return k
	}
	wantHint(t, "sign flipped (endless)", exercise.NB01Ex2(ascent), "終わりません", "符号")
}

func TestNB01Ex3(t *testing.T) {
	right := func(c, a float64) (df func(x float64) float64, muMax float64) {
		df = func(x float64) float64 { return -2 * c * (a - x) }
		muMax = 2 / (2 * c)
		return
	}
	wantOK(t, "formula", exercise.NB01Ex3(right))
	numeric := func(c, a float64) (func(float64) float64, float64) {
		L := func(x float64) float64 { return c * (a - x) * (a - x) }
		h := 1e-4
		d2 := (L(a+h) - 2*L(a) + L(a-h)) / (h * h) // L'' by a finite difference
		return func(x float64) float64 { return 2 * c * (x - a) }, 2 / d2
	}
	wantOK(t, "expanded df, L'' by a finite difference", exercise.NB01Ex3(numeric))

	wantHint(t, "starter", exercise.NB01Ex3(func(c, a float64) (df func(x float64) float64, muMax float64) { return }), exercise.NotWritten)

	noC := func(c, a float64) (func(float64) float64, float64) {
		return func(x float64) float64 { return -2 * (a - x) }, 1 / c
	}
	wantHint(t, "df without c", exercise.NB01Ex3(noC), "c が掛かっていません")
	fixedA := func(c, a float64) (func(float64) float64, float64) {
		return func(x float64) float64 { return -2 * c * (5 - x) }, 1 / c
	}
	wantHint(t, "a fixed at 5", exercise.NB01Ex3(fixedA), "a ではなく 5")
	flipped := func(c, a float64) (func(float64) float64, float64) {
		return func(x float64) float64 { return 2 * c * (a - x) }, 1 / c
	}
	wantHint(t, "df sign flipped", exercise.NB01Ex3(flipped), "符号が逆")
	noTwo := func(c, a float64) (func(float64) float64, float64) {
		return func(x float64) float64 { return -c * (a - x) }, 1 / c
	}
	wantHint(t, "df without 2", exercise.NB01Ex3(noTwo), "1/2")
	twoOverC := func(c, a float64) (func(float64) float64, float64) {
		df, _ := right(c, a)
		return df, 2 / c // L'' taken as c
	}
	wantHint(t, "muMax = 2/c", exercise.NB01Ex3(twoOverC), "2/c")
	onset := func(c, a float64) (func(float64) float64, float64) {
		df, _ := right(c, a)
		return df, 1 / (2 * 2 * c) // 1/(2·L''): half the limit
	}
	wantHint(t, "muMax = 1/(2c)", exercise.NB01Ex3(onset), "1/(2c)")
	example := func(c, a float64) (func(float64) float64, float64) {
		df, _ := right(c, a)
		return df, 0.25 // the c = 4 answer typed in
	}
	wantHint(t, "muMax = 0.25 for every c", exercise.NB01Ex3(example), "c = 4 のとき")
	original := func(c, a float64) (func(float64) float64, float64) {
		df, _ := right(c, a)
		return df, 1.0 // the original (5 − x)²'s limit
	}
	wantHint(t, "muMax = 1", exercise.NB01Ex3(original), "元の (5 − x)²")
	nilDF := func(c, a float64) (func(float64) float64, float64) { return nil, 1 / c }
	wantHint(t, "df nil", exercise.NB01Ex3(nilDF), "df が nil")
	wantHint(t, "df panics", exercise.NB01Ex3(func(c, a float64) (func(float64) float64, float64) {
		return func(x float64) float64 { var s []float64; return s[int(x)+10] }, 1 / c
	}), "panic")
}

func TestNB01Ex4(t *testing.T) {
	wavy := objective.Wavy{}
	right := func(x0, lr float64) (k int, x float64) {
		x = x0
		for math.Abs(wavy.DF(x)) >= 1e-6 {
			x = x - lr*wavy.DF(x)
			k++
		}
		return k, x
	}
	wantOK(t, "while loop with the library's DF", exercise.NB01Ex4(right))
	// Another formulation of the gradient (cos x + 0.1x − 0.5) and a
	// bounded loop: the counts do not depend on the last bit.
	own := func(x0, lr float64) (int, float64) {
		x := x0
		for k := 0; k < 100000; k++ {
			g := math.Cos(x) + 0.1*x - 0.5
			if math.Abs(g) < 1e-6 {
				return k, x
			}
			x -= lr * g
		}
		return -1, x
	}
	wantOK(t, "bounded loop, expanded gradient", exercise.NB01Ex4(own))
	lib := func(x0, lr float64) (int, float64) {
		r, err := optim.Minimize1D(wavy, x0, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: 10000, GradTol: 1e-6 * (1 - 1e-15)})
		if err != nil {
			t.Fatal(err)
		}
		last := r.Trace[len(r.Trace)-1]
		return last.K, last.X[0]
	}
	// optim's GradTol stops at |g| ≤ GradTol; with GradTol just below 10⁻⁶
	// it is the statement's strict test.
	wantOK(t, "optim with GradTol", exercise.NB01Ex4(lib))

	wantHint(t, "starter", exercise.NB01Ex4(func(x0, lr float64) (k int, x float64) { return }), exercise.NotWritten)

	byStep := func(x0, lr float64) (k int, x float64) {
		x = x0
		for math.Abs(lr*wavy.DF(x)) >= 1e-6 {
			x -= lr * wavy.DF(x)
			k++
		}
		return k, x
	}
	wantHint(t, "the step instead of the gradient", exercise.NB01Ex4(byStep), "動く幅")
	noAbs := func(x0, lr float64) (k int, x float64) {
		x = x0
		for wavy.DF(x) >= 1e-6 {
			x -= lr * wavy.DF(x)
			k++
		}
		return k, x
	}
	wantHint(t, "no absolute value", exercise.NB01Ex4(noAbs), "絶対値")
	plusOne := func(x0, lr float64) (int, float64) { // counts the test, not the updates
		k, x := right(x0, lr)
		return k + 1, x
	}
	wantHint(t, "one too many", exercise.NB01Ex4(plusOne), "1 つ多すぎ")
	afterUpdate := func(x0, lr float64) (k int, x float64) { // tests after the update: never k = 0, one short here
		x = x0
		for {
			x -= lr * wavy.DF(x)
			if math.Abs(wavy.DF(x)) < 1e-6 {
				return k, x
			}
			k++
		}
	}
	wantHint(t, "counted one short", exercise.NB01Ex4(afterUpdate), "1 つ少なすぎ")
	startX := func(x0, lr float64) (int, float64) { // returns the start, not x_k
		k, _ := right(x0, lr)
		return k, x0
	}
	wantHint(t, "x0 returned", exercise.NB01Ex4(startX), "止まったときの x")
	fixed := func(x0, lr float64) (int, float64) { // 30 updates, as the source
		x := x0
		for range 30 {
			x -= lr * wavy.DF(x)
		}
		return 30, x
	}
	wantHint(t, "30 updates", exercise.NB01Ex4(fixed), "k = 30")
	if testing.Short() {
		return
	}
	ascent := func(x0, lr float64) (k int, x float64) {
		x = x0
		for math.Abs(wavy.DF(x)) >= 1e-6 {
			x += lr * wavy.DF(x)
			k++
		}
		return k, x
	}
	// From −10 the ascent runs off to −∞, where the gradient is NaN and
	// the loop's test ends it.
	wantHint(t, "sign flipped", exercise.NB01Ex4(ascent), "無限大", "符号")
	// From a start where it ends, it ends on a local maximum.
	ascentBounded := func(x0, lr float64) (k int, x float64) {
		x = x0
		for ; k < 10000 && math.Abs(wavy.DF(x)) >= 1e-6; k++ {
			x += lr * wavy.DF(x)
		}
		return k, x
	}
	r := exercise.NB01Ex4(ascentBounded)
	if r.OK {
		t.Errorf("bounded ascent passed")
	}
}

func TestNB01Ex5(t *testing.T) {
	pow := func(lr0 float64, k int) float64 { return lr0 * math.Pow(0.5, float64(k/10)) }
	wantOK(t, "lr0·0.5^⌊k/10⌋", exercise.NB01Ex5(pow))
	halving := func(lr0 float64, k int) (lr float64) {
		lr = lr0
		for i := 10; i <= k; i += 10 {
			lr /= 2
		}
		return
	}
	wantOK(t, "halving loop", exercise.NB01Ex5(halving))
	shift := func(lr0 float64, k int) float64 { return lr0 / float64(int(1)<<(k/10)) }
	wantOK(t, "lr0 / 2^(k/10) by a shift", exercise.NB01Ex5(shift))
	r := exercise.NB01Ex5(pow)
	if !strings.Contains(r.What, "x_30 = 4.7385") {
		t.Errorf("✓ text %q does not name x_30 = 4.7385", r.What)
	}
	wantHint(t, "starter", exercise.NB01Ex5(func(lr0 float64, k int) (lr float64) { return }), exercise.NotWritten)

	early := func(lr0 float64, k int) float64 { // halves at k = 9, 19, …
		lr := lr0
		for i := 9; i <= k; i += 10 {
			lr /= 2
		}
		return lr
	}
	wantHint(t, "boundary at k = 9", exercise.NB01Ex5(early), "k = 9")
	late := func(lr0 float64, k int) float64 { // k > 10 instead of k ≥ 10
		lr := lr0
		for i := 10; i < k; i += 10 {
			lr /= 2
		}
		return lr
	}
	wantHint(t, "boundary at k = 11", exercise.NB01Ex5(late), "k = 10 でまだ")
	smooth := func(lr0 float64, k int) float64 { return lr0 * math.Pow(0.5, float64(k)/10) }
	wantHint(t, "smooth decay", exercise.NB01Ex5(smooth), "整数の割り算")
	every := func(lr0 float64, k int) float64 { // halves on every update
		lr := lr0
		for i := 0; i < k; i++ {
			lr /= 2
		}
		return lr
	}
	wantHint(t, "halving every update", exercise.NB01Ex5(every), "毎回半分")
	first := func(lr0 float64, k int) float64 { return lr0 / 2 * math.Pow(0.5, float64(k/10)) }
	wantHint(t, "halved before the first update", exercise.NB01Ex5(first), "最初の更新から")
	fixed3 := func(lr0 float64, k int) float64 { return pow(3, k) }
	wantHint(t, "μ₀ fixed at 3", exercise.NB01Ex5(fixed3), "決め打ち")
	constant := func(lr0 float64, k int) float64 { return lr0 }
	wantHint(t, "no halving", exercise.NB01Ex5(constant), "変わっていません")
	tenth := func(lr0 float64, k int) float64 { return lr0 * math.Pow(0.1, float64(k/10)) }
	wantHint(t, "×0.1 every 10", exercise.NB01Ex5(tenth), "k = 10")
	wantHint(t, "NaN", exercise.NB01Ex5(func(lr0 float64, k int) float64 { return lr0 * math.Log(float64(k-1)) }), "NaN")
	wantHint(t, "panic", exercise.NB01Ex5(func(lr0 float64, k int) float64 { return []float64{lr0}[k] }), "panic")
}

// The solutions shown in the notebook (its 解答例 cells), with the lesson's
// declarations they use: each passes its check. (make editions executes
// the notebook's own copies through Jupyter.)
func TestNB01NotebookSolutions(t *testing.T) {
	const a, xInitial = 5.0, -5.0
	calcGradient := func(x, a float64) float64 { return -2.0 * (a - x) }
	calcGradient2 := func(x float64) float64 { return math.Cos(x) - 0.10*(5-x) }
	ex01_1 := func(df func(x float64) float64, x0, lr float64, num int) (xs []float64) {
		x := x0
		xs = append(xs, x) // x_0
		for n := 0; n < num; n++ {
			x = x - lr*df(x) // いまの x で勾配を計算して更新
			xs = append(xs, x)
		}
		return
	}
	ex01_2 := func(lr float64) (k int) {
		x := xInitial
		for math.Abs(x-5) >= 1e-3 {
			x = x - lr*calcGradient(x, a)
			k++
		}
		return
	}
	ex01_3 := func(c, a float64) (df func(x float64) float64, muMax float64) {
		df = func(x float64) float64 { return -2 * c * (a - x) }
		d2 := 2 * c    // L'' = 2c
		muMax = 2 / d2 // |1 − μL''| < 1 ⇔ 0 < μ < 2/L''
		return
	}
	ex01_4 := func(x0, lr float64) (k int, x float64) {
		x = x0
		for math.Abs(calcGradient2(x)) >= 1e-6 {
			x = x - lr*calcGradient2(x)
			k++
		}
		return
	}
	ex01_5 := func(lr0 float64, k int) (lr float64) {
		lr = lr0
		for i := 0; i < k/10; i++ { // 10 回ごとに半分
			lr /= 2
		}
		return
	}
	wantOK(t, "solution 1", exercise.NB01Ex1(ex01_1))
	wantOK(t, "solution 2", exercise.NB01Ex2(ex01_2))
	wantOK(t, "solution 3", exercise.NB01Ex3(ex01_3))
	wantOK(t, "solution 4", exercise.NB01Ex4(ex01_4))
	wantOK(t, "solution 5", exercise.NB01Ex5(ex01_5))
	for _, r := range []exercise.Result{exercise.NB01Ex1(ex01_1), exercise.NB01Ex2(ex01_2), exercise.NB01Ex3(ex01_3), exercise.NB01Ex4(ex01_4), exercise.NB01Ex5(ex01_5)} {
		t.Log("✓ " + r.What)
	}
	// The counts the solution of exercise 2 quotes: 42 for 0.1 and 0.9.
	if ex01_2(0.1) != 42 || ex01_2(0.9) != 42 {
		t.Errorf("k(0.1), k(0.9) = %d, %d; the solution text says 42", ex01_2(0.1), ex01_2(0.9))
	}
}
