package exercise

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// The learner-side computations below are written the way a learner would
// write them, with x*x*x and plain loops, independently of pkg/objective
// and pkg/optim, which the checks use.

func nb04DF(x float64) float64  { return 4*x*x*x - 4*x }
func nb04D2F(x float64) float64 { return 12*x*x - 4 }

// nb04Newton runs x ← x − lr·f'(x)/f″(x) from x0 with seed 002's stop
// (after an update, |x − 1| < 1e−10; at most maxIter updates) and returns
// every iterate.
func nb04Newton(x0, lr float64, maxIter int) []float64 {
	xs := []float64{x0}
	x := x0
	for range maxIter {
		x -= lr * nb04DF(x) / nb04D2F(x)
		xs = append(xs, x)
		if math.Abs(x-1) < 1e-10 {
			break
		}
	}
	return xs
}

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

func TestNB04Ex1NewtonStep(t *testing.T) {
	nb04Right(t, "x − f'/f''", NB04Ex1(func(x float64) float64 { return x - nb04DF(x)/nb04D2F(x) }),
		"2 → 1.4545", "0.4 → −0.246", "0.55 → −3.597")
	// The closed form and a library-free math.Pow version pass too.
	nb04Right(t, "closed form", NB04Ex1(func(x float64) float64 { return 2 * math.Pow(x, 3) / (3*x*x - 1) }))
	wantWrong(t, "starter", NB04Ex1(func(x float64) (next float64) { return }), NotWritten)
	wantWrong(t, "nil", NB04Ex1(nil), NotWritten)
	wantWrong(t, "sign", NB04Ex1(func(x float64) float64 { return x + nb04DF(x)/nb04D2F(x) }), "sign flipped", "引きます")
	wantWrong(t, "gradient step", NB04Ex1(func(x float64) float64 { return x - nb04DF(x) }), "学習率 1 の勾配降下法")
	wantWrong(t, "gd 0.01", NB04Ex1(func(x float64) float64 { return x - 0.01*nb04DF(x) }), "学習率 0.01 の勾配降下法")
	wantWrong(t, "upside down", NB04Ex1(func(x float64) float64 { return x - nb04D2F(x)/nb04DF(x) }), "上下逆")
	wantWrong(t, "step only", NB04Ex1(func(x float64) float64 { return nb04DF(x) / nb04D2F(x) }), "更新幅")
	wantWrong(t, "root of f", NB04Ex1(func(x float64) float64 { return x - (x*x*x*x-2*x*x)/nb04DF(x) }), "f(x) = 0 を解く")
	// Written by hand without parentheses around the numerator.
	wantWrong(t, "no parentheses", NB04Ex1(func(x float64) float64 { return x - 4*x*x*x - 4*x/(12*x*x-4) }), "括弧", "f'(x) 全体")
	// A mistake nobody listed still gets the point where it differs.
	wantWrong(t, "other", NB04Ex1(func(x float64) float64 { return x - nb04DF(x)/(12*x*x) }), "newtonStep(2)")
}

func TestNB04Ex2QuadraticConvergence(t *testing.T) {
	xs := nb04Newton(2, 1, 20)
	if len(xs) != 7 {
		t.Fatalf("Newton from 2 should stop after 6 updates, made %d", len(xs)-1)
	}
	e5, e6 := xs[5]-1, xs[6]-1
	c := e6 / (e5 * e5)
	// Theory: e_{k+1} ≈ f‴(1)/(2f″(1))·e_k² = 24/16·e_k².
	if math.Abs(c-1.5) > 0.01 {
		t.Fatalf("the learner's e₆/e₅² = %v is not near the theory's 1.5", c)
	}
	nb04Right(t, "e6/e5²", NB04Ex2(c), "1.5", "2 次収束")
	wantWrong(t, "starter", NB04Ex2(0), NotWritten)
	wantWrong(t, "not squared", NB04Ex2(e6/e5), "分母を 2 乗")
	wantWrong(t, "inverse", NB04Ex2((e5*e5)/e6), "上下逆")
	wantWrong(t, "x not error", NB04Ex2(xs[6]/(xs[5]*xs[5])), "x そのもの")
	// Go reads e6/e5*e5 as (e6/e5)*e5.
	wantWrong(t, "precedence", NB04Ex2(e6/e5*e5), "e6/(e5*e5)", "括弧")
	wantWrong(t, "earlier pair", NB04Ex2((xs[3]-1)/((xs[2]-1)*(xs[2]-1))), "e₆/e₅²")
}

func TestNB04Ex3DampedNewton(t *testing.T) {
	xs := nb04Newton(2, 0.5, 100)
	n := len(xs) - 1
	if math.Abs(xs[n]-1) >= 1e-10 {
		t.Fatalf("damped Newton did not reach the target in 100 updates: %v", xs[n])
	}
	ratio := (xs[n] - 1) / (xs[n-1] - 1)
	if math.Abs(ratio-0.5) > 1e-3 {
		t.Fatalf("damped Newton's error ratio %v is not 1 − LR = 0.5", ratio)
	}
	nb04Right(t, "damped", NB04Ex3(n, ratio), "1 次収束", "LR = 1 なら 6 回")
	wantWrong(t, "starter", NB04Ex3(0, 0), NotWritten)
	wantWrong(t, "full Newton count", NB04Ex3(6, ratio), "LR: 0.5")
	wantWrong(t, "len(trace)", NB04Ex3(n+1, ratio), "len(r.Trace)", "off-by-one")
	// The notebook's seedRun stops after 20 updates; the ratio is already
	// 1 − LR there, so only the count is wrong.
	capped := nb04Newton(2, 0.5, 20)
	c := len(capped) - 1
	wantWrong(t, "seedRun's cap", NB04Ex3(c, (capped[c]-1)/(capped[c-1]-1)), "seedRun", "MaxIter: 100")
	wantWrong(t, "count only", NB04Ex3(n, 0), NotWritten)
	full := nb04Newton(2, 1, 100)
	k := len(full) - 1
	wantWrong(t, "full Newton ratio", NB04Ex3(n, (full[k]-1)/(full[k-1]-1)), "LR = 1 の普通のニュートン法")
	wantWrong(t, "inverse", NB04Ex3(n, 1/ratio), "上下逆")
}

// nb04LearnerMaxLR scans lr = 0.001 … 0.300 with a learner's loop and its
// own divergence rule (|x| > 10⁶ or not finite within 1000 updates).
func nb04LearnerMaxLR() float64 {
	best := 0.0
	for k := 1; k <= 300; k++ {
		lr := float64(k) / 1000
		x, ok := 2.0, true
		for range 1000 {
			x -= lr * nb04DF(x)
			if math.IsNaN(x) || math.Abs(x) > 1e6 {
				ok = false
				break
			}
		}
		if ok {
			best = lr
		}
	}
	return best
}

func TestNB04Ex4LargestLearningRate(t *testing.T) {
	best, monotone, err := nb04MaxStableLR()
	if err != nil || !monotone {
		t.Fatalf("the library's scan: best %v, monotone %v, err %v", best, monotone, err)
	}
	learner := nb04LearnerMaxLR()
	if math.Abs(learner-best) > 1e-12 || math.Abs(best-0.166) > 1e-12 {
		t.Fatalf("learner's scan %v, library's %v: want both 0.166 (the first step 2 − 24α lands inside −2 iff α < 1/6)", learner, best)
	}
	nb04Right(t, "grid", NB04Ex4(learner), "0.166", "1/6")
	nb04Right(t, "exact boundary", NB04Ex4(1.0/6))
	wantWrong(t, "starter", NB04Ex4(0), NotWritten)
	wantWrong(t, "0.01 grid", NB04Ex4(0.16), "0.01 刻み")
	wantWrong(t, "one step too far", NB04Ex4(0.167), "発散します")
	wantWrong(t, "local limit", NB04Ex4(0.25), "2/f''(1)")
	wantWrong(t, "too small", NB04Ex4(0.15), "小さすぎます")
}

// Learner types for exercise 5: F and D2F as the starter gives them.
type (
	nb04Tilted      struct{}
	nb04TiltedNo03  struct{}
	nb04TiltedStub  struct{}
	nb04TiltedBadD2 struct{}
)

func nb04TiltF(x float64) float64 { return x*x*x*x - 2*x*x + 0.3*x }

func (nb04Tilted) F(x float64) float64        { return nb04TiltF(x) }
func (nb04Tilted) DF(x float64) float64       { return 4*x*x*x - 4*x + 0.3 }
func (nb04Tilted) D2F(x float64) float64      { return 12*x*x - 4 }
func (nb04TiltedNo03) F(x float64) float64    { return nb04TiltF(x) }
func (nb04TiltedNo03) DF(x float64) float64   { return 4*x*x*x - 4*x }
func (nb04TiltedNo03) D2F(x float64) float64  { return 12*x*x - 4 }
func (nb04TiltedStub) F(x float64) float64    { return nb04TiltF(x) }
func (nb04TiltedStub) DF(float64) (d float64) { return }
func (nb04TiltedStub) D2F(x float64) float64  { return 12*x*x - 4 }
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
	// The minima of x⁴ − 2x² + 0.3x: roots of 4x³ − 4x + 0.3, by bisection.
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
		"x ≈ "+fmtf3(left), fmtf3(right), "山頂は "+fmtf3(mid))
	wantWrong(t, "nil", NB04Ex5(nil), NotWritten)
	wantWrong(t, "stub", NB04Ex5(nb04TiltedStub{}), NotWritten)
	wantWrong(t, "0.3 forgotten", NB04Ex5(nb04TiltedNo03{}), "0.3 が抜けて")
	wantWrong(t, "D2F changed", NB04Ex5(nb04TiltedBadD2{}), "2 階微分は 0")
}

func fmtf3(x float64) string { return fmt.Sprintf("%.3f", x) }
