package optim

import (
	"slices"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
)

// Location is the point a method steps from: x with f(x) and ∇f(x) already
// evaluated by the run loop. A method must not modify it.
type Location struct {
	X    []float64
	F    float64
	Grad []float64
}

// StepInfo describes one step of a method.
type StepInfo struct {
	// Step is the step size used: the learning rate for fixed-step methods,
	// the line-search step for steepest descent.
	Step float64
	// State is a snapshot of the method's state after the step; nil for
	// stateless methods. The run loop deep-copies it.
	State *MethodState
	// Trials are the points a line search evaluated, as steps α along the
	// search direction with φ(α); nil for methods without a line search.
	Trials []linesearch.Trial
	// Note is non-empty when the step was unusual: negative curvature, a
	// fallback to a gradient step. It is English prose with the numbers;
	// NoteKind says which remark it is, for programs (and translations).
	Note string
	// NoteKind classifies Note: NoNote when Note is empty. A method that
	// sets a Note but no kind gets OtherNote in the trace.
	NoteKind NoteKind
}

// Method is an optimiser. Init is its one validation entry point: it checks
// the hyperparameters (a bad one is a *ParamError) and that p has what the
// method needs (a Hessian, samples, a polynomial form), applies defaults to
// an internal copy (the caller's fields are never changed) and resets the
// state for a run from a point of dimension dim. Step writes the next point
// into next (which has the length of loc.X) and may evaluate the problem
// further through e, which counts evaluations.
type Method interface {
	Init(p objective.Problem, dim int) error
	Step(e *Evaluator, loc Location, next []float64) (StepInfo, error)
}

// MethodState is a snapshot of a method's state after one step, as
// recorded in Iterate.State. Each method fills only its own fields:
//
//   - Momentum: V, the velocity v
//   - AveragedMomentum: M, the averaged gradient m
//   - RMSProp: S, the running mean square; AdaGrad: S, the sum of squares
//   - Adam: M and V, the first and second moments, and T, the step count
//   - Newton: Curvature, f″(x) (n-D: the smallest Hessian eigenvalue)
//   - Stochastic and SGD: Sample, the index of the sample drawn for the
//     step, with the wrapped method's fields
type MethodState struct {
	V, M, S   []float64
	T         int
	Curvature float64
	Sample    int
}

// clone deep-copies s (nil stays nil).
func (s *MethodState) clone() *MethodState {
	if s == nil {
		return nil
	}
	c := *s
	c.V, c.M, c.S = slices.Clone(s.V), slices.Clone(s.M), slices.Clone(s.S)
	return &c
}
