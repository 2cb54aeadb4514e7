// Package objective holds the functions the gradnb notebooks minimise.
//
// Every objective is a named type that carries its own derivatives, so a
// derivative is written exactly once, here, and never retyped in a notebook
// cell or a plotting function.
//
// One-dimensional objectives implement [Func1D]: F(x), DF(x) and D2F(x) on a
// plain float64, which reads naturally in a notebook cell (f.DF(x)).
// [AsND] views any Func1D as a one-dimensional [Problem], the n-dimensional
// form whose method set — Func(x), Grad(dst, x), Hess(dst, x) — matches
// gonum.org/v1/gonum/optimize.Problem, so gonum can serve as an independent
// oracle in tests.
//
// Error contract: the functions here never panic on finite input and never
// validate it; NaN or ±Inf in gives NaN or ±Inf out, and the run loop in
// package optim turns that into a "diverged" status.
package objective
