package objective

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Func1D is a twice-differentiable function of one variable.
type Func1D interface {
	// F returns f(x).
	F(x float64) float64
	// DF returns the first derivative f'(x).
	DF(x float64) float64
	// D2F returns the second derivative f″(x).
	D2F(x float64) float64
}

// Minimum is a known local minimum of a one-dimensional objective.
type Minimum struct {
	X, F float64
	// Global reports whether this minimum is the global one.
	Global bool
}

// Problem is a function of n variables with its gradient, in the method set
// of gonum.org/v1/gonum/optimize.Problem.
type Problem interface {
	// Func returns f(x).
	Func(x []float64) float64
	// Grad stores ∇f(x) in grad, which has the length of x.
	Grad(grad, x []float64)
}

// Dimensioner is a Problem of fixed dimension. The run loop in package optim
// rejects a starting point of another length before the first step.
type Dimensioner interface {
	// Dim returns the number of variables.
	Dim() int
}

// LineScanner is a Problem that evaluates itself along a line at many
// evenly spaced points in one tight loop, as a grid line search needs
// (seed 003 scans 10⁷ points per step).
type LineScanner interface {
	Problem
	// ScanLine evaluates f(x + tᵢ·d) at tᵢ = start + float64(i)·delta for
	// lo ≤ i < hi — each product and sum rounded on its own, so each value
	// equals Func at the point with coordinates x[j] + tᵢ·d[j] — and
	// returns the smallest value and its first index (lo and +Inf if no
	// value is below +Inf; NaN values are skipped).
	ScanLine(x, d []float64, start, delta float64, lo, hi int) (best int, val float64)
}

// MinimumND is a known local minimum of an n-dimensional objective.
type MinimumND struct {
	X []float64
	F float64
	// Global reports whether this minimum is the global one.
	Global bool
}

// Hessianer is a Problem that also knows its Hessian.
type Hessianer interface {
	Problem
	// Hess stores ∇²f(x) in hess, an n×n symmetric matrix.
	Hess(hess *mat.SymDense, x []float64)
}

// AsND views a one-dimensional objective as a Problem of dimension 1 that
// also implements Hessianer and Dimensioner. The derivatives are f's own; nothing is
// approximated.
func AsND(f Func1D) Hessianer { return nd1{f} }

type nd1 struct{ f Func1D }

func (p nd1) Dim() int                 { return 1 }
func (p nd1) Func(x []float64) float64 { return p.f.F(x[0]) }
func (p nd1) Grad(g, x []float64)      { g[0] = p.f.DF(x[0]) }
func (p nd1) Hess(h *mat.SymDense, x []float64) {
	h.SetSym(0, 0, p.f.D2F(x[0]))
}

// Func1DOf returns the one-dimensional objective behind p when p was made by
// AsND, and false otherwise.
func Func1DOf(p Problem) (Func1D, bool) {
	if q, ok := p.(nd1); ok {
		return q.f, true
	}
	return nil, false
}

// Quadratic is the loss L(x) = (A − x)², minimised at x = A.
//
// With A = 5 and the start x = −5 it is the loss of the gradient-descent and
// momentum lessons (seeds 004 and 000).
// Introduced in notebooks/01_gradient_descent.ipynb.
type Quadratic struct {
	// A is the position of the minimum.
	A float64
}

// F returns (A − x)².
func (q Quadratic) F(x float64) float64 { d := q.A - x; return d * d }

// DF returns −2(A − x).
func (q Quadratic) DF(x float64) float64 { return -2.0 * (q.A - x) }

// D2F returns 2.
func (q Quadratic) D2F(float64) float64 { return 2 }

// Minima returns the single minimum x = A, L = 0.
func (q Quadratic) Minima() []Minimum { return []Minimum{{X: q.A, F: 0, Global: true}} }

// Wavy is the loss L(x) = sin x + 0.05(5 − x)² of seed 004's third step: a
// parabola with ripples, so it has several local minima. From x = −10, gradient
// descent with learning rate 1.0 stops in the local minimum near −0.935 and
// learning rate 3.0 jumps out of it but oscillates around the global minimum
// near 4.74.
// Introduced in notebooks/01_gradient_descent.ipynb.
type Wavy struct{}

// F returns sin x + 0.05(5 − x)².
func (Wavy) F(x float64) float64 { d := 5 - x; return math.Sin(x) + 0.05*d*d }

// DF returns cos x − 0.1(5 − x).
func (Wavy) DF(x float64) float64 { return math.Cos(x) - 0.10*(5-x) }

// D2F returns −sin x + 0.1.
func (Wavy) D2F(x float64) float64 { return -math.Sin(x) + 0.1 }

// Minima returns every local minimum of Wavy, in increasing x. They lie where
// cos x = 0.1(5 − x), which needs |0.5 − 0.1x| ≤ 1, so all of them are in
// [−5, 15]; each is found by Newton's method from a bracketing grid and
// polished to full precision.
func (w Wavy) Minima() []Minimum {
	var ms []Minimum
	// f' changes sign from − to + exactly once in each such bracket.
	const lo, hi, n = -5.0, 15.0, 2000
	h := (hi - lo) / n
	for i := 0; i < n; i++ {
		a, b := lo+float64(i)*h, lo+float64(i+1)*h
		if !(w.DF(a) < 0 && w.DF(b) >= 0) {
			continue
		}
		// Bisection: robust and exact to the last bit.
		for range 200 {
			m := 0.5 * (a + b)
			if m == a || m == b {
				break
			}
			if w.DF(m) < 0 {
				a = m
			} else {
				b = m
			}
		}
		ms = append(ms, Minimum{X: b, F: w.F(b)})
	}
	best := 0
	for i := range ms {
		if ms[i].F < ms[best].F {
			best = i
		}
	}
	if len(ms) > 0 {
		ms[best].Global = true
	}
	return ms
}
