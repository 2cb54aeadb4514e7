package exercise

import (
	"fmt"
	"math"
)

// Wrong is a known wrong answer and the hint it deserves, for example the
// value a loop that stops one iteration early gives.
type Wrong struct {
	Value float64
	Hint  string
}

// DefaultFactors are the factor errors a Number check detects when its
// Factors are nil: an answer 10, 2 or 100 times too large or too small.
var DefaultFactors = []float64{10, 2, 100}

// Number describes a numeric answer and how to diagnose a wrong one.
type Number struct {
	// Name is how hints call the answer, e.g. "|x₃₀ − 5|".
	Name string
	// Want is the right value.
	Want float64
	// Tol is the tolerance; the zero Tol means DefaultTol.
	Tol Tol
	// What is the sentence shown with ✓.
	What string
	// Wrong lists known wrong answers, tried in order before the generic
	// diagnoses.
	Wrong []Wrong
	// Factors are the factor errors to detect (each k and 1/k); nil means
	// DefaultFactors, an empty non-nil slice none.
	Factors []float64
}

// Check checks got. The diagnoses, in order: NaN or infinity; 0 (the
// starter's zero value) when Want is not 0; right; a known Wrong answer; a
// flipped sign; a factor error; too large or too small.
func (n Number) Check(got float64) Result {
	tol := n.Tol.orDefault()
	name := n.Name
	if name == "" {
		name = "答え"
	}
	if bad(got) != "" {
		return Fail(badHint(name, got))
	}
	if tol.Close(got, n.Want) {
		return Pass(n.What)
	}
	if got == 0 {
		return Fail(NotWritten)
	}
	for _, w := range n.Wrong {
		if tol.Close(got, w.Value) {
			return Fail(w.Hint)
		}
	}
	if tol.Close(-got, n.Want) {
		return Failf("%s = %.6g は符号が逆です：引き算の向きか、勾配の符号を確かめてください。", name, got)
	}
	factors := n.Factors
	if factors == nil {
		factors = DefaultFactors
	}
	for _, k := range factors {
		if k == 0 || k == 1 {
			continue
		}
		if tol.Close(got, k*n.Want) || tol.Close(-got, k*n.Want) {
			return Failf("%s = %.6g は正しい値のちょうど %g 倍です：どこかで係数 %g を余分に掛けていませんか。", name, got, k, k)
		}
		if tol.Close(got*k, n.Want) || tol.Close(-got*k, n.Want) {
			return Failf("%s = %.6g は正しい値のちょうど 1/%g です：係数 %g が抜けていませんか。", name, got, k, k)
		}
	}
	dir := "大きすぎます"
	if math.Abs(got) < math.Abs(n.Want) {
		dir = "小さすぎます"
	}
	return Failf("%s = %.6g は%s。式と反復回数をもう一度確かめてください。", name, got, dir)
}

// WrongCount is a known wrong count and the hint it deserves.
type WrongCount struct {
	Value int
	Hint  string
}

// Count describes an integer answer, such as a number of iterations.
type Count struct {
	// Name is how hints call the answer, e.g. "収束までの回数".
	Name string
	// Want is the right count.
	Want int
	// What is the sentence shown with ✓.
	What string
	// Wrong lists known wrong answers, tried before the generic diagnoses.
	Wrong []WrongCount
}

// Check checks got. The diagnoses, in order: right; 0 (the starter's zero
// value); a known Wrong answer; one off (off-by-one); too large or too
// small.
func (c Count) Check(got int) Result {
	name := c.Name
	if name == "" {
		name = "答え"
	}
	switch {
	case got == c.Want:
		return Pass(c.What)
	case got == 0:
		return Fail(NotWritten)
	}
	for _, w := range c.Wrong {
		if got == w.Value {
			return Fail(w.Hint)
		}
	}
	switch got - c.Want {
	case 1:
		return Failf("%s = %d は 1 つ多すぎます：数え始め（0 回目か 1 回目か）とループの終わりの条件を確かめてください。", name, got)
	case -1:
		return Failf("%s = %d は 1 つ少なすぎます：数え始め（0 回目か 1 回目か）とループの終わりの条件を確かめてください。", name, got)
	}
	dir := "大きすぎます"
	if got < c.Want {
		dir = "小さすぎます"
	}
	return Failf("%s = %d は%s。", name, got, dir)
}

// describe formats a value for a hint.
func describe(x float64) string { return fmt.Sprintf("%.6g", x) }
