package optim

import (
	"errors"
	"fmt"
	"math"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
)

// LineSearcher chooses a step α along a search direction d from loc; the
// method then moves to x + α·d. Validate checks the parameters before the
// first step. Search errors that wrap ErrBreakdown end a run with status
// Breakdown (no acceptable step); other errors are bad input.
type LineSearcher interface {
	Validate(p objective.Problem) error
	Search(e *Evaluator, loc Location, d []float64) (linesearch.Result, error)
}

// SteepestDescent is steepest descent with a line search (seed 003):
//
//	d = −∇f(x),  α = LineSearch(φ),  φ(α) = f(x + α·d),  x ← x + α·d
//
// each coordinate computed as x[i] + (α·d[i]), one rounding per operation.
// The trace's Step is the accepted α and Trials the points the search
// evaluated. LineSearch is required: [Backtracking], [ExactLineSearch] or
// [GridSearch] ([SeedGridSearch] for the seed's grid).
// Introduced in notebooks/05_line_search.ipynb.
type SteepestDescent struct {
	LineSearch LineSearcher
	d          []float64
}

var (
	_ Method         = (*SteepestDescent)(nil)
	_ ProblemChecker = (*SteepestDescent)(nil)
)

// CheckProblem validates the line search against the problem.
func (m *SteepestDescent) CheckProblem(p objective.Problem) error {
	if m.LineSearch == nil {
		return errors.New("optim: SteepestDescent.LineSearch is nil")
	}
	return m.LineSearch.Validate(p)
}

// Init checks that there is a line search.
func (m *SteepestDescent) Init(dim int) error {
	if m.LineSearch == nil {
		return errors.New("optim: SteepestDescent.LineSearch is nil")
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

// Backtracking is the Armijo backtracking line search for
// [SteepestDescent]: the first α in InitialStep·ContractionFactorᵏ with
// f(x + α·d) ≤ f(x) + DecreaseFactor·α·∇f(x)·d. Defaults (zero fields):
// DecreaseFactor 1e−4, ContractionFactor 0.5, InitialStep 1, MaxTrials 100.
// See linesearch.Backtracking. If no step is accepted the run ends with
// status Breakdown.
// Introduced in notebooks/05_line_search.ipynb.
type Backtracking struct {
	DecreaseFactor, ContractionFactor, InitialStep float64
	MaxTrials                                      int
}

func (b *Backtracking) ls() linesearch.Backtracking {
	return linesearch.Backtracking{DecreaseFactor: b.DecreaseFactor, ContractionFactor: b.ContractionFactor,
		InitialStep: b.InitialStep, MaxTrials: b.MaxTrials}
}

// Validate checks the parameters.
func (b *Backtracking) Validate(objective.Problem) error {
	_, err := b.ls().Validate()
	if err != nil {
		return fmt.Errorf("optim: %w", err)
	}
	return nil
}

// Search runs the backtracking search along d.
func (b *Backtracking) Search(e *Evaluator, loc Location, d []float64) (linesearch.Result, error) {
	r, err := b.ls().Search(lineFunc(e, loc.X, d), loc.F, dot(loc.Grad, d))
	if err != nil {
		return r, fmt.Errorf("%w: %v", ErrBreakdown, err)
	}
	return r, nil
}

// ExactLineSearch minimises φ(α) = f(x + α·d) over α ≥ 0 by golden-section
// search after bracketing (see linesearch.GoldenSection). Defaults:
// InitialStep 1, Tol 1e−10, MaxTrials 200.
// Introduced in notebooks/05_line_search.ipynb.
type ExactLineSearch struct {
	InitialStep, Tol float64
	MaxTrials        int
}

func (g *ExactLineSearch) ls() linesearch.GoldenSection {
	return linesearch.GoldenSection{InitialStep: g.InitialStep, Tol: g.Tol, MaxTrials: g.MaxTrials}
}

// Validate checks the parameters.
func (g *ExactLineSearch) Validate(objective.Problem) error {
	if _, err := g.ls().Validate(); err != nil {
		return fmt.Errorf("optim: %w", err)
	}
	return nil
}

// Search runs the golden-section search along d.
func (g *ExactLineSearch) Search(e *Evaluator, loc Location, d []float64) (linesearch.Result, error) {
	r, err := g.ls().Search(lineFunc(e, loc.X, d), loc.F)
	if err != nil {
		return r, fmt.Errorf("%w: %v", ErrBreakdown, err)
	}
	return r, nil
}

// GridSearch is the brute-force line search of seed 003: it evaluates φ at
// every point of Grid (numpy's arange semantics, see linesearch.Grid) and
// takes the smallest, the first on ties, as numpy.argmin does.
//
// AlongGradient makes the grid parametrise x + γ·∇f(x), as the seed's code
// does (x1 = x[0] + gamma*grad[0]), so negative γ descend; the accepted step
// is then reported as α = −γ along d = −∇f, which gives bitwise the same
// point. Without it the grid is over α along d.
//
// The scan is parallel over Workers goroutines (0: GOMAXPROCS) with memory
// independent of the grid size, through [Evaluator.ScanLine] (a tight loop
// with no call per point when the problem is an objective.LineScanner, as
// objective.Valley is).
// Fast instead finds the same grid point without scanning, when the problem
// implements objective.LinePolynomial (see linesearch.Grid.ArgminPolynomial;
// Tol is its tolerance, 0 for the default). KeepTrials > 1 records that many
// evenly spaced grid points (plus the accepted one) as Trials, for drawing;
// otherwise only the accepted point is recorded.
// Introduced in notebooks/05_line_search.ipynb.
type GridSearch struct {
	Grid          linesearch.Grid
	AlongGradient bool
	Fast          bool
	Workers       int
	KeepTrials    int
	Tol           float64
	dir           []float64
}

// SeedGridSearch returns the line search of seed 003:
// gamma = np.arange(-0.5, 0.5, 0.0000001) along x + γ·∇f(x), 10⁷ points.
// With fast set it finds the same points by ArgminPolynomial.
func SeedGridSearch(fast bool) *GridSearch {
	return &GridSearch{Grid: linesearch.Grid{Start: -0.5, Stop: 0.5, Step: 0.0000001}, AlongGradient: true, Fast: fast}
}

// Validate checks the grid, and for Fast that the problem is a
// LinePolynomial.
func (s *GridSearch) Validate(p objective.Problem) error {
	if err := s.Grid.Validate(); err != nil {
		return fmt.Errorf("optim: GridSearch: %w", err)
	}
	if s.Fast {
		if _, ok := p.(objective.LinePolynomial); !ok {
			return fmt.Errorf("optim: GridSearch.Fast needs an objective.LinePolynomial, not %T", p)
		}
	}
	if s.KeepTrials < 0 {
		return fmt.Errorf("optim: GridSearch.KeepTrials = %d is negative", s.KeepTrials)
	}
	return nil
}

// Search scans (or, with Fast, solves) the grid along d.
func (s *GridSearch) Search(e *Evaluator, loc Location, d []float64) (linesearch.Result, error) {
	// The grid parameter t moves along dir: dir = ∇f = −d with
	// AlongGradient, and the step along d is then α = −t.
	dir, sign := d, 1.0
	if s.AlongGradient {
		if len(s.dir) != len(d) {
			s.dir = make([]float64, len(d))
		}
		for i := range d {
			s.dir[i] = -d[i]
		}
		dir, sign = s.dir, -1
	}
	x := loc.X
	evals0 := e.Stats.FuncEvals
	phi := lineFunc(e, x, dir)
	g := s.Grid
	var (
		best int
		val  float64
		err  error
	)
	fast := false
	if s.Fast {
		lp, ok := e.Problem().(objective.LinePolynomial)
		if !ok {
			return linesearch.Result{}, fmt.Errorf("optim: GridSearch.Fast needs an objective.LinePolynomial, not %T", e.Problem())
		}
		var pr linesearch.PolyArgmin
		pr, err = g.ArgminPolynomial(phi, lp.AlongLine(x, dir), s.Tol, 0)
		if err == nil {
			best, val, fast = pr.Index, pr.Phi, true
		}
	}
	if !fast {
		best, val, err = e.ScanLine(x, dir, g, s.Workers)
	}
	if err != nil {
		return linesearch.Result{}, fmt.Errorf("optim: GridSearch: %w", err)
	}
	if math.IsInf(val, 1) {
		return linesearch.Result{}, fmt.Errorf("%w: GridSearch: φ is +Inf or NaN on the whole grid", ErrBreakdown)
	}
	t := g.At(best)
	r := linesearch.Result{Alpha: sign * t, Phi: val}
	if n := g.Len(); s.KeepTrials > 1 {
		for k := range s.KeepTrials {
			i := int(int64(k) * int64(n-1) / int64(s.KeepTrials-1))
			ti := g.At(i)
			r.Trials = append(r.Trials, linesearch.Trial{Alpha: sign * ti, Phi: phi(ti)})
		}
	}
	r.Trials = append(r.Trials, linesearch.Trial{Alpha: r.Alpha, Phi: val})
	r.Evals = e.Stats.FuncEvals - evals0
	return r, nil
}
