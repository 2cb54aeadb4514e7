package objective

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Valley is the two-variable function of seed 003 (from 「数理計画入門」§4.4),
// a variant of Rosenbrock's banana function:
//
//	f(x₁, x₂) = (x₁ − 1)² + 10(x₁² − x₂)²
//	∇f = (40x₁³ − 40x₁x₂ + 2x₁ − 2, −20(x₁² − x₂))
//	∇²f = [[120x₁² − 40x₂ + 2, −40x₁], [−40x₁, 20]]
//
// Its only minimum is f(1, 1) = 0 at the bottom of a curved valley along
// x₂ = x₁², where steepest descent zig-zags. The standard start is (0, 1)
// ([Valley.Start]).
//
// Func and Grad round each operation as numpy does in the seed's code
// (x1**2 is x1*x1, x1**3 is a correctly rounded cube, see [Cube]), so the
// seed's table can be reproduced.
// Introduced in notebooks/05_line_search.ipynb.
type Valley struct{}

var (
	_ Hessianer      = Valley{}
	_ Dimensioner    = Valley{}
	_ LinePolynomial = Valley{}
	_ LineScanner    = Valley{}
)

// Dim returns 2.
func (Valley) Dim() int { return 2 }

// Start returns the standard start (0, 1) of seed 003.
func (Valley) Start() []float64 { return []float64{0, 1} }

// Func returns (x₁ − 1)² + 10(x₁² − x₂)² (numpy: (x1-1)**2 + 10*(x1**2-x2)**2).
func (Valley) Func(x []float64) float64 { return valleyF(x[0], x[1]) }

// At returns f(x1, x2), the same value as Func without a slice (for tight
// loops such as the grid line search).
func (Valley) At(x1, x2 float64) float64 { return valleyF(x1, x2) }

// valleyF rounds each operation separately; the conversions stop Go from
// fusing a product and a sum into one FMA.
func valleyF(x1, x2 float64) float64 {
	t := x1 - 1
	a := float64(t * t)
	u := float64(x1*x1) - x2
	c := float64(10 * float64(u*u))
	return a + c
}

// Grad stores ∇f(x) in grad (numpy: 40*x1**3 - 40*x1*x2 + 2*x1 - 2 and
// -20*(x1**2-x2)).
func (Valley) Grad(grad, x []float64) {
	x1, x2 := x[0], x[1]
	t := float64(40*Cube(x1)) - float64(float64(40*x1)*x2)
	grad[0] = (t + float64(2*x1)) - 2
	grad[1] = float64(-20 * (float64(x1*x1) - x2))
}

// Hess stores ∇²f(x) in hess.
func (Valley) Hess(hess *mat.SymDense, x []float64) {
	x1, x2 := x[0], x[1]
	hess.SetSym(0, 0, 120*x1*x1-40*x2+2)
	hess.SetSym(0, 1, -40*x1)
	hess.SetSym(1, 1, 20)
}

// Minima returns the minimum f(1, 1) = 0.
func (Valley) Minima() []MinimumND {
	return []MinimumND{{X: []float64{1, 1}, F: 0, Global: true}}
}

// AlongLine returns the coefficients c₀…c₄ of the quartic polynomial
// φ(α) = f(x + α·d) = Σ cₖ αᵏ, computed in float64 (so they carry rounding
// errors of order 1e−16 relative to the terms).
func (Valley) AlongLine(x, d []float64) []float64 {
	// x₁ − 1 + αd₁ = a0 + a1 α; x₁² − x₂ along the line = b0 + b1 α + b2 α².
	a0, a1 := x[0]-1, d[0]
	b0 := x[0]*x[0] - x[1]
	b1 := 2*x[0]*d[0] - d[1]
	b2 := d[0] * d[0]
	return []float64{
		a0*a0 + 10*b0*b0,
		2*a0*a1 + 20*b0*b1,
		a1*a1 + 10*(b1*b1+2*b0*b2),
		20 * b1 * b2,
		10 * b2 * b2,
	}
}

// ScanLine evaluates f at the points x + tᵢ·d, tᵢ = start + i·delta, for
// lo ≤ i < hi, in a tight loop with no call per point, and returns the first
// index of the smallest value and that value (see [LineScanner]). Each
// value is bitwise Func's at the point whose coordinates are
// x[j] + float64(tᵢ·d[j]), with tᵢ = start + float64(float64(i)·delta).
func (Valley) ScanLine(x, d []float64, start, delta float64, lo, hi int) (int, float64) {
	x0, x1, d0, d1 := x[0], x[1], d[0], d[1]
	best, bv := lo, math.Inf(1)
	i := lo
	// Four points per pass, each with its own index counter so the
	// float64 increments do not form one long dependency chain; the
	// counters hold integers below 2⁵³, so they equal float64(i) exactly.
	fa, fb, fc, fd := float64(i), float64(i+1), float64(i+2), float64(i+3)
	for ; i+4 <= hi; i += 4 {
		ta := start + float64(fa*delta)
		tb := start + float64(fb*delta)
		tc := start + float64(fc*delta)
		td := start + float64(fd*delta)
		va := valleyF(x0+float64(ta*d0), x1+float64(ta*d1))
		vb := valleyF(x0+float64(tb*d0), x1+float64(tb*d1))
		vc := valleyF(x0+float64(tc*d0), x1+float64(tc*d1))
		vd := valleyF(x0+float64(td*d0), x1+float64(td*d1))
		fa, fb, fc, fd = fa+4, fb+4, fc+4, fd+4
		// Most passes improve nothing; NaN compares false and is skipped.
		if va < bv || vb < bv || vc < bv || vd < bv {
			if va < bv {
				best, bv = i, va
			}
			if vb < bv {
				best, bv = i+1, vb
			}
			if vc < bv {
				best, bv = i+2, vc
			}
			if vd < bv {
				best, bv = i+3, vd
			}
		}
	}
	for ; i < hi; i++ {
		t := start + float64(float64(i)*delta)
		if v := valleyF(x0+float64(t*d0), x1+float64(t*d1)); v < bv {
			best, bv = i, v
		}
	}
	return best, bv
}
