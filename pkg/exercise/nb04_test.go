package exercise

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// The learner-side answers below, right and wrong, are written the way a
// learner would write them — with x*x*x and plain loops, as the lesson's
// gx and gx2 — and run; no wrong answer is a typed-in number.

func nb04DF(x float64) float64  { return 4*x*x*x - 4*x }
func nb04D2F(x float64) float64 { return 12*x*x - 4 }

// nb04Right asserts that r is right and its sentence contains every
// fragment.
func nb04Right(t *testing.T, what string, r Result, fragments ...string) {
	t.Helper()
	if !r.OK {
		t.Errorf("%s: right answer rejected: %v", what, r)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(r.What, f) {
			t.Errorf("%s: sentence %q lacks %q", what, r.What, f)
		}
	}
}

// nb04NoGloss asserts that a hint has no English gloss in parentheses.
func nb04NoGloss(t *testing.T, what string, r Result) {
	t.Helper()
	for _, g := range []string{"(off-by-one)", "(sign flipped)", "(too large)", "(too small)"} {
		if strings.Contains(r.Hint, g) {
			t.Errorf("%s: hint %q has the English gloss %s", what, r.Hint, g)
		}
	}
}

func TestNB04Ex1NewtonStep(t *testing.T) {
	nb04Right(t, "x − f'/f''", NB04Ex1(func(x float64) float64 { return x - nb04DF(x)/nb04D2F(x) }), "2x³/(3x² − 1)", "極大点")
	nb04Right(t, "closed form with math.Pow", NB04Ex1(func(x float64) float64 { return 2 * math.Pow(x, 3) / (3*x*x - 1) }))
	nb04Right(t, "the library's derivatives", NB04Ex1(func(x float64) float64 {
		f := objective.Quartic{}
		return x - f.DF(x)/f.D2F(x)
	}))
	nb04Right(t, "step as a variable", NB04Ex1(func(x float64) (next float64) {
		step := nb04DF(x) / nb04D2F(x)
		next = x
		next -= step
		return
	}))
	wantWrong(t, "starter", NB04Ex1(func(x float64) (next float64) { return }), NotWritten)
	wantWrong(t, "nil", NB04Ex1(nil), NotWritten)
	for _, c := range []struct {
		what string
		f    func(float64) float64
		hint []string
	}{
		{"sign", func(x float64) float64 { return x + nb04DF(x)/nb04D2F(x) }, []string{"足しています", "引きます"}},
		{"gradient step", func(x float64) float64 { return x - nb04DF(x) }, []string{"学習率 1 の勾配降下法"}},
		{"gd 0.01", func(x float64) float64 { return x - 0.01*nb04DF(x) }, []string{"学習率 0.01 の勾配降下法"}},
		{"upside down", func(x float64) float64 { return x - nb04D2F(x)/nb04DF(x) }, []string{"上下逆"}},
		{"step only", func(x float64) float64 { return nb04DF(x) / nb04D2F(x) }, []string{"更新幅 f'(x)/f''(x) だけ"}},
		{"root of f", func(x float64) float64 { return x - (x*x*x*x-2*x*x)/nb04DF(x) }, []string{"f(x) = 0 を解く"}},
		{"numerator without parentheses", func(x float64) float64 { return x - 4*x*x*x - 4*x/(12*x*x-4) }, []string{"分子に括弧"}},
		{"denominator without parentheses", func(x float64) float64 { return x - (4*x*x*x-4*x)/12*x*x - 4 }, []string{"分母に括弧"}},
		{"f'' without its −4", func(x float64) float64 { return x - nb04DF(x)/(12*x*x) }, []string{"newtonStep(2.3)"}},
		{"panics", func(x float64) float64 { var a []float64; return a[int(x)] }, []string{"panic"}},
		{"NaN", func(x float64) float64 { return math.NaN() }, []string{"NaN"}},
	} {
		r := NB04Ex1(c.f)
		wantWrong(t, c.what, r, c.hint...)
		nb04NoGloss(t, c.what, r)
	}
}

// nb04LearnerRatios is a learner's answer to exercise 2: Newton's method
// from x0, the seed's stop, c_k = e_{k+1}/e_k² per update. step and ratio
// let the tests run the typical mistakes.
func nb04LearnerRatios(x0 float64, step func(float64) float64, ratio func(e0, e1 float64) float64, maxIter int, lastToo bool) []float64 {
	var c []float64
	x := x0
	for i := 0; i < maxIter; i++ {
		e0 := x - 1
		x = step(x)
		e1 := x - 1
		if math.Abs(e1) < 1e-10 {
			if lastToo {
				c = append(c, ratio(e0, e1))
			}
			break
		}
		c = append(c, ratio(e0, e1))
	}
	return c
}

func TestNB04Ex2QuadraticConvergence(t *testing.T) {
	newton := func(x float64) float64 { return x - nb04DF(x)/nb04D2F(x) }
	sq := func(e0, e1 float64) float64 { return e1 / (e0 * e0) }
	right := func(x0 float64) []float64 { return nb04LearnerRatios(x0, newton, sq, 20, true) }
	// Theory: c_k → f‴(1)/(2f″(1)) = 1.5; the measured c_k differ from it
	// at first (0.27 from 3, 2.8 from 0.8), which is what the exercise is
	// about.
	if c := right(3); math.Abs(c[0]-1.5) < 1 || math.Abs(c[len(c)-2]-1.5) > 1e-2 {
		t.Fatalf("from 3: c = %v, want far from 1.5 first and near it before the last", c)
	}
	nb04Right(t, "learner's loop (x*x*x)", NB04Ex2(right), "1.5", "2 次収束")
	// The spread of correct methods: math.Pow's cube, the library's
	// derivatives (a correctly rounded cube) and optim's Newton run all
	// pass within nb04RatioTol.
	nb04Right(t, "math.Pow", NB04Ex2(func(x0 float64) []float64 {
		return nb04LearnerRatios(x0, func(x float64) float64 {
			return x - (4*math.Pow(x, 3)-4*x)/(12*math.Pow(x, 2)-4)
		}, sq, 20, true)
	}))
	nb04Right(t, "optim.Newton's trace", NB04Ex2(func(x0 float64) (c []float64) {
		r, err := optim.Minimize1D(objective.Quartic{}, x0, &optim.Newton{}, &optim.Settings{MaxIter: 20, Target: []float64{1}, XTol: 1e-10})
		if err != nil {
			panic(err)
		}
		for k := 0; k+1 < len(r.Trace); k++ {
			e0, e1 := r.Trace[k].X[0]-1, r.Trace[k+1].X[0]-1
			c = append(c, e1/(e0*e0))
		}
		return
	}))
	wantWrong(t, "starter", NB04Ex2(func(x0 float64) (c []float64) { return }), NotWritten)
	wantWrong(t, "nil", NB04Ex2(nil), NotWritten)
	for _, c := range []struct {
		what string
		f    func(float64) []float64
		hint []string
	}{
		{"not squared", func(x0 float64) []float64 {
			return nb04LearnerRatios(x0, newton, func(e0, e1 float64) float64 { return e1 / e0 }, 20, true)
		}, []string{"2 乗していません"}},
		{"upside down", func(x0 float64) []float64 {
			return nb04LearnerRatios(x0, newton, func(e0, e1 float64) float64 { return e0 * e0 / e1 }, 20, true)
		}, []string{"上下逆"}},
		{"precedence", func(x0 float64) []float64 {
			return nb04LearnerRatios(x0, newton, func(e0, e1 float64) float64 { return e1 / e0 * e0 }, 20, true)
		}, []string{"(e1/e0)*e0", "括弧"}},
		{"x instead of e", func(x0 float64) (c []float64) {
			x := x0
			for range 20 {
				next := newton(x)
				c = append(c, next/(x*x))
				x = next
				if math.Abs(x-1) < 1e-10 {
					break
				}
			}
			return
		}, []string{"x そのもの"}},
		{"always from 2", func(float64) []float64 { return right(2) }, []string{"x = 2 から"}},
		{"theory value", func(x0 float64) []float64 {
			c := right(x0)
			for k := range c {
				c[k] = 1.5
			}
			return c
		}, []string{"全部同じ値", "理論値ではなく"}},
		{"last ratio not recorded", func(x0 float64) []float64 { return nb04LearnerRatios(x0, newton, sq, 20, false) },
			[]string{"最後の更新の比が足りません"}},
		{"gradient descent", func(x0 float64) []float64 {
			return nb04LearnerRatios(x0, func(x float64) float64 { return x - 0.01*nb04DF(x) }, sq, 20, true)
		}, []string{"勾配降下法"}},
		{"one extra update", func(x0 float64) []float64 {
			c := right(x0)
			e0 := nb04Errors(x0, len(c)+1)[len(c)]
			return append(c, (newton(e0+1)-1)/(e0*e0))
		}, []string{"1 つ多すぎます"}},
		{"index out of range", func(x0 float64) []float64 { var a []float64; _ = a[3]; return a }, []string{"panic"}},
		{"divides by e = 0", func(x0 float64) []float64 { return append(right(x0), 1/(0*x0)) }, []string{"Inf"}},
	} {
		r := NB04Ex2(c.f)
		wantWrong(t, c.what, r, c.hint...)
		nb04NoGloss(t, c.what, r)
	}
}

// nb04LearnerDamped is a learner's answer to exercise 3; step replaces
// the update and maxIter the cap, for the mistakes.
func nb04LearnerDamped(lr float64, step func(x, lr float64) float64, maxIter int) (n int) {
	x := 2.0
	for n < maxIter {
		x = step(x, lr)
		n++
		if math.Abs(x-1) < 1e-10 {
			break
		}
	}
	return
}

func TestNB04Ex3DampedNewton(t *testing.T) {
	damped := func(x, lr float64) float64 { return x - lr*nb04DF(x)/nb04D2F(x) }
	right := func(lr float64) int { return nb04LearnerDamped(lr, damped, 200) }
	if n := right(0.5); n != 36 {
		t.Fatalf("damped Newton with lr 0.5 from 2: %d updates, want 36 (the estimate log(1e−10)/log 0.5 = 33.2 is too small)", n)
	}
	nb04Right(t, "learner's loop", NB04Ex3(right), "1 次収束", "lr = 1 の 6 回")
	nb04Right(t, "optim.Newton{LR: lr}", NB04Ex3(func(lr float64) int {
		r, err := optim.Minimize1D(objective.Quartic{}, 2, &optim.Newton{LR: lr}, &optim.Settings{MaxIter: 200, Target: []float64{1}, XTol: 1e-10})
		if err != nil {
			panic(err)
		}
		return len(r.Trace) - 1
	}))
	nb04Right(t, "while loop on the error", NB04Ex3(func(lr float64) (n int) {
		x := 2.0
		for n == 0 || (math.Abs(x-1) >= 1e-10 && n < 200) {
			x -= lr * (4*x*x*x - 4*x) / (12*x*x - 4)
			n++
		}
		return
	}))
	wantWrong(t, "starter", NB04Ex3(func(lr float64) (n int) { return }), NotWritten)
	wantWrong(t, "nil", NB04Ex3(nil), NotWritten)
	for _, c := range []struct {
		what string
		f    func(float64) int
		hint []string
	}{
		{"theory estimate", func(lr float64) int { return int(math.Ceil(math.Log(1e-10) / math.Log(1-lr))) }, []string{"1 次収束の見積もり"}},
		{"lr ignored", func(lr float64) int { return nb04LearnerDamped(1, damped, 200) }, []string{"普通のニュートン法"}},
		{"counts x0", func(lr float64) int { return nb04LearnerDamped(lr, damped, 200) + 1 }, []string{"どの lr でも 1 つ多すぎます", "出発点 x₀ も数えて"}},
		{"last update not counted", func(lr float64) int { return nb04LearnerDamped(lr, damped, 200) - 1 }, []string{"どの lr でも 1 つ少なすぎます", "最後の更新も数えて"}},
		{"cap 20", func(lr float64) int { return nb04LearnerDamped(lr, damped, 20) }, []string{"上限 20 回"}},
		{"divides by lr", func(lr float64) int {
			return nb04LearnerDamped(lr, func(x, lr float64) float64 { return x - nb04DF(x)/(lr*nb04D2F(x)) }, 200)
		}, []string{"lr で割っています"}},
		{"gradient descent", func(lr float64) int {
			return nb04LearnerDamped(lr, func(x, lr float64) float64 { return x - lr*nb04DF(x) }, 200)
		}, []string{"勾配降下法"}},
		{"lr 0.5's count whatever lr", func(float64) int { return right(0.5) }, []string{"updates(0.8)"}},
		{"panics", func(lr float64) int { var a []int; return a[int(10*lr)] }, []string{"panic"}},
	} {
		r := NB04Ex3(c.f)
		wantWrong(t, c.what, r, c.hint...)
		nb04NoGloss(t, c.what, r)
	}
}

// nb04LearnerMaxLR is a learner's answer to exercise 4: scan every
// stepK-th rate of 0.001 … 0.300, iters updates each, divergence as the
// statement defines it (NaN or |x| > 10⁶).
func nb04LearnerMaxLR(x0 float64, iters, stepK int) (best float64) {
	for k := stepK; k <= 300; k += stepK {
		lr := 0.001 * float64(k)
		x, ok := x0, true
		for i := 0; i < iters && ok; i++ {
			x = x - lr*nb04DF(x)
			ok = !math.IsNaN(x) && math.Abs(x) <= 1e6
		}
		if ok {
			best = lr
		}
	}
	return
}

func TestNB04Ex4LargestLearningRate(t *testing.T) {
	right := func(x0 float64) float64 { return nb04LearnerMaxLR(x0, 1000, 1) }
	// The measured answers lie below the local limit 2/f″(1) = 0.25 and
	// just under the first-step boundary 1/(2(x0² − 1)).
	for _, x0 := range nb04Ex4Starts {
		got, b := right(x0), 1/(2*(x0*x0-1))
		if got >= 0.25 || got > b || b-got >= 0.001 {
			t.Errorf("x0 = %v: the scan gives %v, the first-step boundary is %v", x0, got, b)
		}
	}
	nb04Right(t, "learner's scan", NB04Ex4(right), "0.25 より小さく")
	nb04Right(t, "scan with optim's Diverged status", NB04Ex4(func(x0 float64) (lr float64) {
		for k := 300; k >= 1; k-- {
			a := float64(k) / 1000
			r, err := optim.Minimize1D(objective.Quartic{}, x0, &optim.GradientDescent{LR: a}, &optim.Settings{MaxIter: 1000})
			if err != nil {
				panic(err)
			}
			if r.Status != optim.Diverged {
				return a
			}
		}
		return
	}))
	wantWrong(t, "starter", NB04Ex4(func(x0 float64) (lr float64) { return }), NotWritten)
	wantWrong(t, "nil", NB04Ex4(nil), NotWritten)
	for _, c := range []struct {
		what string
		f    func(float64) float64
		hint []string
	}{
		{"theory 2/f''(1)", func(float64) float64 { return 2 / nb04D2F(1) }, []string{"2/f''(1)"}},
		{"first diverging", func(x0 float64) float64 { return right(x0) + 0.001 }, []string{"発散する最小の学習率"}},
		{"0.01 grid", func(x0 float64) float64 { return nb04LearnerMaxLR(x0, 1000, 10) }, []string{"0.01 刻み"}},
		{"exact boundary", func(x0 float64) float64 { return 1 / (2 * (x0*x0 - 1)) }, []string{"格子の値ではありません"}},
		{"x0 = 2 always", func(float64) float64 { return right(2) }, []string{"x0 = 2 のときの答え"}},
		{"smallest", func(x0 float64) (lr float64) {
			for k := 1; k <= 300; k++ {
				a := float64(k) / 1000
				x := x0
				for range 1000 {
					x -= a * nb04DF(x)
				}
				if !math.IsNaN(x) && math.Abs(x) <= 1e6 {
					return a // stops at the first rate that does not diverge
				}
			}
			return
		}, []string{"最小の学習率"}},
		{"panics", func(x0 float64) float64 { var a []float64; return a[int(x0)] }, []string{"panic"}},
		{"NaN", func(x0 float64) float64 { return math.NaN() }, []string{"NaN"}},
	} {
		r := NB04Ex4(c.f)
		wantWrong(t, c.what, r, c.hint...)
		nb04NoGloss(t, c.what, r)
	}
}

// Learner types for exercise 5: F and D2F as the starter gives them.
type (
	nb04Tilted      struct{}
	nb04TiltedPow   struct{}
	nb04TiltedNo03  struct{}
	nb04TiltedNoDif struct{}
	nb04TiltedMinus struct{}
	nb04Tilted2x    struct{}
	nb04TiltedStub  struct{}
	nb04TiltedBadD2 struct{}
)

func nb04TiltF(x float64) float64  { return x*x*x*x - 2*x*x + 0.3*x }
func nb04TiltD2(x float64) float64 { return 12*x*x - 4 }

func (nb04Tilted) F(x float64) float64        { return nb04TiltF(x) }
func (nb04Tilted) DF(x float64) float64       { return 4*x*x*x - 4*x + 0.3 }
func (nb04Tilted) D2F(x float64) float64      { return nb04TiltD2(x) }
func (nb04TiltedPow) F(x float64) float64     { return nb04TiltF(x) }
func (nb04TiltedPow) DF(x float64) float64    { return 4*math.Pow(x, 3) - 4*x + 3.0/10 }
func (nb04TiltedPow) D2F(x float64) float64   { return nb04TiltD2(x) }
func (nb04TiltedNo03) F(x float64) float64    { return nb04TiltF(x) }
func (nb04TiltedNo03) DF(x float64) float64   { return 4*x*x*x - 4*x }
func (nb04TiltedNo03) D2F(x float64) float64  { return nb04TiltD2(x) }
func (nb04TiltedNoDif) F(x float64) float64   { return nb04TiltF(x) }
func (nb04TiltedNoDif) DF(x float64) float64  { return 4*x*x*x - 4*x + 0.3*x }
func (nb04TiltedNoDif) D2F(x float64) float64 { return nb04TiltD2(x) }
func (nb04TiltedMinus) F(x float64) float64   { return nb04TiltF(x) }
func (nb04TiltedMinus) DF(x float64) float64  { return 4*x*x*x - 4*x - 0.3 }
func (nb04TiltedMinus) D2F(x float64) float64 { return nb04TiltD2(x) }
func (nb04Tilted2x) F(x float64) float64      { return nb04TiltF(x) }
func (nb04Tilted2x) DF(x float64) float64     { return 4*x*x*x - 2*x + 0.3 }
func (nb04Tilted2x) D2F(x float64) float64    { return nb04TiltD2(x) }
func (nb04TiltedStub) F(x float64) float64    { return nb04TiltF(x) }
func (nb04TiltedStub) DF(float64) (d float64) { return }
func (nb04TiltedStub) D2F(x float64) float64  { return nb04TiltD2(x) }
func (nb04TiltedBadD2) F(x float64) float64   { return nb04TiltF(x) }
func (nb04TiltedBadD2) DF(x float64) float64  { return 4*x*x*x - 4*x + 0.3 }
func (nb04TiltedBadD2) D2F(x float64) float64 { return 12*x*x - 4 + 0.3 }

func TestNB04Ex5TiltedQuartic(t *testing.T) {
	// The right DF agrees with a central difference of F, computed here
	// with its own step.
	for _, x := range []float64{-1.3, 0.2, 1.7} {
		h := 1e-6
		fd := (nb04TiltF(x+h) - nb04TiltF(x-h)) / (2 * h)
		if math.Abs(fd-nb04Tilted{}.DF(x)) > 1e-6 {
			t.Fatalf("the test's own DF disagrees with finite differences at %v", x)
		}
	}
	// The stationary points of x⁴ − 2x² + 0.3x: roots of 4x³ − 4x + 0.3, by
	// bisection.
	root := func(a, b float64) float64 {
		for range 200 {
			m := (a + b) / 2
			if (nb04Tilted{}.DF(a) < 0) == (nb04Tilted{}.DF(m) < 0) {
				a = m
			} else {
				b = m
			}
		}
		return a
	}
	left, mid, right := root(-2, -0.5), root(-0.5, 0.5), root(0.5, 2)
	nb04Right(t, "tilted", NB04Ex5(nb04Tilted{}), "±1/√3",
		"x ≈ "+fmtf3(left), fmtf3(right), "極大点は "+fmtf3(mid))
	nb04Right(t, "math.Pow and 3.0/10", NB04Ex5(nb04TiltedPow{}))
	wantWrong(t, "nil", NB04Ex5(nil), NotWritten)
	wantWrong(t, "stub", NB04Ex5(nb04TiltedStub{}), NotWritten)
	wantWrong(t, "0.3 forgotten", NB04Ex5(nb04TiltedNo03{}), "0.3 が抜けて")
	wantWrong(t, "0.3x not differentiated", NB04Ex5(nb04TiltedNoDif{}), "微分せずに")
	wantWrong(t, "sign of 0.3", NB04Ex5(nb04TiltedMinus{}), "符号が逆")
	wantWrong(t, "2x² → 2x", NB04Ex5(nb04Tilted2x{}), "4x です")
	wantWrong(t, "D2F changed", NB04Ex5(nb04TiltedBadD2{}), "2 階微分は 0")
}

func fmtf3(x float64) string { return fmt.Sprintf("%.3f", x) }
