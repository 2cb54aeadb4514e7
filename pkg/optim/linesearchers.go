package optim

import (
	"fmt"
	"math"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
)

// Backtracking is the Armijo backtracking line search for
// [SteepestDescent]: it is linesearch.Backtracking (same fields, same
// defaults — DecreaseFactor 1e−4, ContractionFactor 0.5, InitialStep 1,
// MaxTrials 100), searching along d from the run's x. If no step is
// accepted the run ends with status Breakdown.
// Introduced in notebooks/05_line_search.ipynb.
type Backtracking linesearch.Backtracking

var _ LineSearcher = (*Backtracking)(nil)

// Init checks the parameters.
func (b *Backtracking) Init(objective.Problem) error {
	if _, err := linesearch.Backtracking(*b).Validate(); err != nil {
		return fmt.Errorf("optim: %w", err)
	}
	return nil
}

// Search runs the backtracking search along d.
func (b *Backtracking) Search(e *Evaluator, loc Location, d []float64) (linesearch.Result, error) {
	r, err := linesearch.Backtracking(*b).Search(lineFunc(e, loc.X, d), loc.F, dot(loc.Grad, d))
	if err != nil {
		return r, breakdown(LineSearchFailed, "%v", err)
	}
	return r, nil
}

// GoldenSection is the exact line search for [SteepestDescent]: it
// minimises φ(α) = f(x + α·d) over α ≥ 0 by golden-section search after
// bracketing; it is linesearch.GoldenSection (same fields and defaults:
// InitialStep 1, Tol 1e−10, MaxTrials 200). If φ is not finite at any
// trial step the run ends with status Breakdown.
// Introduced in notebooks/05_line_search.ipynb.
type GoldenSection linesearch.GoldenSection

var _ LineSearcher = (*GoldenSection)(nil)

// Init checks the parameters.
func (g *GoldenSection) Init(objective.Problem) error {
	if _, err := linesearch.GoldenSection(*g).Validate(); err != nil {
		return fmt.Errorf("optim: %w", err)
	}
	return nil
}

// Search runs the golden-section search along d.
func (g *GoldenSection) Search(e *Evaluator, loc Location, d []float64) (linesearch.Result, error) {
	r, err := linesearch.GoldenSection(*g).Search(lineFunc(e, loc.X, d), loc.F)
	if err != nil {
		return r, breakdown(LineSearchFailed, "%v", err)
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
// The problem's Func must be safe for concurrent use when Workers ≠ 1.
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

// Init checks the grid, and for Fast that the problem is a
// LinePolynomial.
func (s *GridSearch) Init(p objective.Problem) error {
	if err := s.Grid.Validate(); err != nil {
		return fmt.Errorf("optim: GridSearch: %w", err)
	}
	if s.Fast {
		if _, ok := p.(objective.LinePolynomial); !ok {
			return fmt.Errorf("optim: GridSearch.Fast needs an objective.LinePolynomial, not %T", p)
		}
	}
	if s.KeepTrials < 0 {
		return paramError("GridSearch", "KeepTrials", s.KeepTrials, "is negative")
	}
	if s.Tol < 0 || math.IsNaN(s.Tol) || math.IsInf(s.Tol, 0) {
		return paramError("GridSearch", "Tol", s.Tol, "must be ≥ 0 and finite (0: the default)")
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
		coeffs, cerr := e.AlongLine(x, dir)
		if cerr != nil {
			return linesearch.Result{}, fmt.Errorf("optim: GridSearch.Fast: %w", cerr)
		}
		var pr linesearch.PolyArgmin
		pr, err = g.ArgminPolynomial(phi, coeffs, s.Tol, 0)
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
		return linesearch.Result{}, breakdown(LineSearchFailed, "GridSearch: φ is +Inf or NaN on the whole grid")
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
