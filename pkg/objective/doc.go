// Package objective holds the functions the gradnb notebooks minimise.
//
// Every objective is a named type that carries its own derivatives and known
// minima, so a derivative is written exactly once, here, and never retyped
// in a notebook cell or a plotting function.
//
// One-dimensional objectives implement [Func1D]: F(x), DF(x) and D2F(x) on a
// plain float64, which reads naturally in a notebook cell (f.DF(x)):
// [Quadratic] (a − x)², [Wavy] sin x + 0.05(5 − x)², [Quartic] x⁴ − 2x².
// [AsND] views any Func1D as a one-dimensional [Problem], the n-dimensional
// form whose method set — Func(x), Grad(dst, x), Hess(dst, x) — matches
// gonum.org/v1/gonum/optimize.Problem, so gonum can serve as an independent
// oracle in tests. The n-dimensional objectives are [Valley]
// (x₁ − 1)² + 10(x₁² − x₂)² and [LeastSquares] for the line y = a·x + b,
// which also offers per-sample losses and gradients ([SampleProblem]) for
// stochastic methods and its closed-form solution.
//
// Capabilities a method may use are interfaces an objective implements,
// never type switches in package optim: [Hessianer], [SampleProblem],
// [LinePolynomial] (φ along a line as polynomial coefficients) and
// [LineScanner] (a tight loop over many points of a line, which [Valley]
// implements for seed 003's 10⁷-point grid line search).
//
// Where a source document's printed numbers are reproduced, the objective
// rounds one operation at a time as Python does, with a correctly rounded
// cube ([Cube]) for x**3.
//
// Error contract: constructors that take data ([NewLeastSquares]) return an
// error prefixed "objective:" that names the bad value (empty data,
// mismatched lengths, NaN or ±Inf). The functions themselves never panic on
// finite input and never validate it; NaN or ±Inf in gives NaN or ±Inf out,
// and the run loop in package optim turns that into a "diverged" status.
package objective
