package exercise

import (
	"fmt"
	"math"
)

// WrongFunc is a known wrong function and the hint it deserves, for
// example a derivative without its factor 2.
type WrongFunc struct {
	F    func(float64) float64
	Hint string
}

// Func describes an answer that is a function of one variable, such as a
// loss or its derivative; it is compared with Want at the points At.
type Func struct {
	// Name is how hints call the function, e.g. "dL/dx".
	Name string
	// Want is the right function.
	Want func(float64) float64
	// At are the sample points; they should include points where the
	// likely mistakes differ (not only where Want is 0).
	At []float64
	// Tol is the tolerance per point; the zero Tol means DefaultTol.
	Tol Tol
	// What is the sentence shown with ✓.
	What string
	// Wrong lists known wrong functions, tried before the generic
	// diagnoses.
	Wrong []WrongFunc
	// Factors are the factor errors to detect; nil means DefaultFactors.
	Factors []float64
}

// call evaluates f(x), turning a panic into an error.
func call(f func(float64) float64, x float64) (y float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return f(x), nil
}

// Check checks got by evaluating it at every point of At. The diagnoses,
// in order: nil or 0 everywhere (the starter); a panic; a NaN or infinity;
// right; a known Wrong function; a flipped sign; a factor error; the first
// point where it differs.
func (f Func) Check(got func(float64) float64) Result {
	tol := f.Tol.orDefault()
	name := f.Name
	if name == "" {
		name = "f"
	}
	if got == nil {
		return Fail(NotWritten)
	}
	if len(f.At) == 0 || f.Want == nil {
		return Fail("この練習問題の確認には点 (At) と正しい関数 (Want) が必要です（教材の誤り）。")
	}
	ys := make([]float64, len(f.At))
	want := make([]float64, len(f.At))
	zero := true
	for i, x := range f.At {
		y, err := call(got, x)
		if err != nil {
			return Failf("%s(%g) を計算すると panic しました：%v", name, x, err)
		}
		if bad(y) != "" {
			return Fail(badHint(fmt.Sprintf("%s(%g)", name, x), y))
		}
		ys[i], want[i] = y, f.Want(x)
		zero = zero && y == 0
	}
	if tol.CloseAll(ys, want) {
		return Pass(f.What)
	}
	if zero {
		return Fail(NotWritten)
	}
	for _, w := range f.Wrong {
		if w.F != nil && closeFunc(tol, ys, f.At, w.F) {
			return Fail(w.Hint)
		}
	}
	neg := make([]float64, len(ys))
	for i, y := range ys {
		neg[i] = -y
	}
	if tol.CloseAll(neg, want) {
		return Failf("%s は符号が逆です：%s(%g) = %s。引き算の向きを確かめてください。", name, name, f.At[0], describe(ys[0]))
	}
	factors := f.Factors
	if factors == nil {
		factors = DefaultFactors
	}
	for _, k := range factors {
		if k == 0 || k == 1 {
			continue
		}
		if closeScaled(tol, ys, want, k) {
			return Failf("%s はどの点でも正しい値のちょうど %g 倍です：係数 %g を余分に掛けていませんか。", name, k, k)
		}
		if closeScaled(tol, ys, want, 1/k) {
			return Failf("%s はどの点でも正しい値のちょうど 1/%g です：係数 %g が抜けていませんか（微分の係数を確かめてください）。", name, k, k)
		}
	}
	for i, x := range f.At {
		if !tol.Close(ys[i], want[i]) {
			return Failf("%s(%g) = %s が違います：式をもう一度確かめてください。", name, x, describe(ys[i]))
		}
	}
	return Fail("答えが違います。") // unreachable
}

// closeFunc reports whether ys are close to w at the points xs.
func closeFunc(tol Tol, ys, xs []float64, w func(float64) float64) bool {
	for i, x := range xs {
		v, err := call(w, x)
		if err != nil || !tol.Close(ys[i], v) {
			return false
		}
	}
	return true
}

// closeScaled reports whether ys[i] ≈ k·want[i] for every i, with at least
// one want[i] not 0.
func closeScaled(tol Tol, ys, want []float64, k float64) bool {
	nonzero := false
	for i := range ys {
		if !tol.Close(ys[i], k*want[i]) {
			return false
		}
		nonzero = nonzero || want[i] != 0
	}
	return nonzero
}

// CentralDiff returns the central finite difference of f,
// (f(x+h) − f(x−h)) / 2h with h = 10⁻⁵·max(1, |x|): a derivative to check
// a learner's derivative against, independently of its formula. Its error
// is about 10⁻¹⁰·|f‴|, so compare with a Tol of about Rel 10⁻⁶.
func CentralDiff(f func(float64) float64) func(float64) float64 {
	return func(x float64) float64 {
		h := 1e-5 * math.Max(1, math.Abs(x))
		return (f(x+h) - f(x-h)) / (2 * h)
	}
}
