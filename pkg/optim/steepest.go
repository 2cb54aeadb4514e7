package optim

import (
	"errors"
	"fmt"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
)

// LineSearcher chooses a step α along a search direction d from loc; the
// method then moves to x + α·d. Init checks the parameters (and that p has
// what the search needs) before the first step, without changing them.
// Search errors that wrap ErrBreakdown end a run with status Breakdown (no
// acceptable step); other errors are bad input.
type LineSearcher interface {
	Init(p objective.Problem) error
	Search(e *Evaluator, loc Location, d []float64) (linesearch.Result, error)
}

// SteepestDescent is steepest descent with a line search (seed 003):
//
//	d = −∇f(x),  α = LineSearch(φ),  φ(α) = f(x + α·d),  x ← x + α·d
//
// each coordinate computed as x[i] + (α·d[i]), one rounding per operation.
// The trace's Step is the accepted α and Trials the points the search
// evaluated. LineSearch is required: [Backtracking], [GoldenSection] or
// [GridSearch] ([SeedGridSearch] for the seed's grid). Where ∇f(x) = 0
// exactly there is no direction and the run ends with status
// GradientTolerance (see ErrStationary).
// Introduced in notebooks/05_line_search.ipynb.
type SteepestDescent struct {
	LineSearch LineSearcher
	d          []float64
}

var _ Method = (*SteepestDescent)(nil)

// Init checks that there is a line search and initialises it on p.
func (m *SteepestDescent) Init(p objective.Problem, dim int) error {
	if m.LineSearch == nil {
		return errors.New("optim: SteepestDescent.LineSearch is nil")
	}
	if err := m.LineSearch.Init(p); err != nil {
		return err
	}
	m.d = make([]float64, dim)
	return nil
}

// Step searches along −∇f(x) and moves.
func (m *SteepestDescent) Step(e *Evaluator, loc Location, next []float64) (StepInfo, error) {
	if len(m.d) != len(loc.X) {
		m.d = make([]float64, len(loc.X))
	}
	zero := true
	for i, g := range loc.Grad {
		m.d[i] = -g
		zero = zero && g == 0
	}
	if zero {
		return StepInfo{}, fmt.Errorf("%w: ∇f(x) = 0 exactly, no descent direction", ErrStationary)
	}
	r, err := m.LineSearch.Search(e, loc, m.d)
	if err != nil {
		return StepInfo{}, err
	}
	for i, x := range loc.X {
		next[i] = x + float64(r.Alpha*m.d[i])
	}
	return StepInfo{Step: r.Alpha, Trials: r.Trials}, nil
}

// lineFunc returns φ(α) = f(x + α·d) evaluated through e (counted).
func lineFunc(e *Evaluator, x, d []float64) linesearch.Func {
	buf := make([]float64, len(x))
	return func(a float64) float64 {
		for i := range x {
			buf[i] = x[i] + float64(a*d[i])
		}
		return e.Func(buf)
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
