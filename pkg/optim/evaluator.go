package optim

import (
	"errors"
	"fmt"
	"math"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
	"gonum.org/v1/gonum/mat"
)

// Evaluator wraps a problem and counts its evaluations.
type Evaluator struct {
	p     objective.Problem
	Stats Stats
}

// Stats counts evaluations of the objective during a run.
type Stats struct {
	FuncEvals, GradEvals, HessEvals int
	// SampleGradEvals counts one-sample gradients of stochastic methods.
	SampleGradEvals int
}

// NewEvaluator wraps p.
func NewEvaluator(p objective.Problem) *Evaluator { return &Evaluator{p: p} }

// Func returns f(x) and counts one function evaluation.
func (e *Evaluator) Func(x []float64) float64 { e.Stats.FuncEvals++; return e.p.Func(x) }

// Grad stores ∇f(x) in dst and counts one gradient evaluation.
func (e *Evaluator) Grad(dst, x []float64) { e.Stats.GradEvals++; e.p.Grad(dst, x) }

// AlongLine returns the coefficients of the polynomial φ(α) = f(x + α·d)
// when the problem is an objective.LinePolynomial (no evaluation of f is
// made or counted), and an error naming the problem's type otherwise.
func (e *Evaluator) AlongLine(x, d []float64) ([]float64, error) {
	lp, ok := e.p.(objective.LinePolynomial)
	if !ok {
		return nil, fmt.Errorf("the problem %T is not an objective.LinePolynomial", e.p)
	}
	return lp.AlongLine(x, d), nil
}

// Hess stores ∇²f(x) in dst and counts one Hessian evaluation. It returns
// ErrMissingHess if the problem has no Hessian.
func (e *Evaluator) Hess(dst *mat.SymDense, x []float64) error {
	h, ok := e.p.(objective.Hessianer)
	if !ok {
		return ErrMissingHess
	}
	e.Stats.HessEvals++
	h.Hess(dst, x)
	return nil
}

// SampleGrad stores the gradient of sample i at x in dst and counts one
// sample-gradient evaluation. It returns ErrMissingSamples if the problem is
// not an objective.SampleProblem.
func (e *Evaluator) SampleGrad(dst []float64, i int, x []float64) error {
	s, ok := e.p.(objective.SampleProblem)
	if !ok {
		return ErrMissingSamples
	}
	e.Stats.SampleGradEvals++
	s.SampleGrad(dst, i, x)
	return nil
}

// ScanLine returns the index of the grid point t of g with the smallest
// f(x + t·dir) — the first on ties, NaN skipped, as numpy.argmin on a
// NaN-free array — and that value, scanning over workers goroutines
// (≤ 0: GOMAXPROCS) with memory independent of the grid size. It counts
// g.Len() function evaluations. When the problem is an
// objective.LineScanner its own loop is used; otherwise Func is called per
// point, each coordinate computed as x[j] + float64(t·dir[j]).
func (e *Evaluator) ScanLine(x, dir []float64, g linesearch.Grid, workers int) (int, float64, error) {
	start, delta := g.Start, g.Delta()
	var scan linesearch.Scan
	if ls, ok := e.p.(objective.LineScanner); ok {
		scan = func(lo, hi int) (int, float64) { return ls.ScanLine(x, dir, start, delta, lo, hi) }
	} else {
		scan = func(lo, hi int) (int, float64) {
			buf := make([]float64, len(x))
			best, bv := lo, math.Inf(1)
			for i := lo; i < hi; i++ {
				t := start + float64(float64(i)*delta)
				for j := range x {
					buf[j] = x[j] + float64(t*dir[j])
				}
				if v := e.p.Func(buf); v < bv {
					best, bv = i, v
				}
			}
			return best, bv
		}
	}
	best, val, err := g.ArgminScan(workers, scan)
	if err == nil {
		e.Stats.FuncEvals += g.Len()
	}
	return best, val, err
}

// Errors for problems that lack what a method needs.
var (
	ErrMissingHess    = errors.New("optim: the problem has no Hessian (it does not implement objective.Hessianer)")
	ErrMissingSamples = errors.New("optim: the problem has no samples (it does not implement objective.SampleProblem)")
)

// ErrBreakdown marks a step that cannot be taken (Newton's method at zero
// curvature or with a singular Hessian). A method returns an error wrapping
// it; Minimize then ends the run with status Breakdown instead of failing,
// and keeps the trace.
var ErrBreakdown = errors.New("optim: breakdown")

// ErrStationary marks a step that is not needed: ∇f(x) = 0 exactly, so the
// method has no direction (steepest descent's line search has φ'(0) = 0). A
// method returns an error wrapping it; Minimize then ends the run with
// status GradientTolerance, which is convergence, not a breakdown.
var ErrStationary = errors.New("optim: stationary point")

// ErrFunc and ErrGrad are wrapped by the errors Minimize returns when the
// objective or its gradient is not finite at the starting point (as gonum's
// optimize.ErrFunc and ErrGrad): there is nothing to start from. The error
// names the value and where it was found.
var (
	ErrFunc = errors.New("optim: the objective is not finite at the start")
	ErrGrad = errors.New("optim: the gradient is not finite at the start")
)
