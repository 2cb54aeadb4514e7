package linesearch

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Func is φ(α) = f(x + α·d), the objective along a line.
type Func func(alpha float64) float64

// Trial is one evaluated point of a line search.
type Trial struct {
	Alpha, Phi float64
}

// Result is the outcome of a line search.
type Result struct {
	// Alpha is the accepted step and Phi = φ(Alpha).
	Alpha, Phi float64
	// Trials lists the evaluated points in order (for a grid, only a
	// sample of them; see Grid.KeepTrials in package optim).
	Trials []Trial
	// Evals counts the evaluations of φ.
	Evals int
}

// ArmijoConditionMet reports whether the step satisfies the Armijo
// (sufficient decrease) condition
//
//	φ(step) ≤ φ(0) + decrease·step·φ'(0)
//
// with currObj = φ(step), initObj = φ(0) and initGrad = φ'(0). The name and
// argument order are those of gonum.org/v1/gonum/optimize.ArmijoConditionMet.
// Introduced in notebooks/05_line_search.ipynb.
func ArmijoConditionMet(currObj, initObj, initGrad, step, decrease float64) bool {
	return currObj <= initObj+decrease*step*initGrad
}

// ParamError is the error for an impossible parameter: Method.Field =
// Value breaks Rule. Match it with errors.As; package optim uses the same
// type (optim.ParamError) for its methods and settings, so one errors.As
// finds a bad line-search factor and a bad learning rate alike.
type ParamError struct {
	// Pkg is the package that rejected the value ("linesearch", "optim"),
	// the prefix of the message.
	Pkg string
	// Method is the type that holds the field ("Backtracking",
	// "GradientDescent") or "Settings".
	Method, Field string
	// Value is the rejected value (a float64 or an int).
	Value any
	// Rule says what is wrong or required, e.g. "must be in (0, 1)".
	Rule string
}

// Error returns "Pkg: Method.Field = Value Rule", with a colon before Rule
// unless it starts with "must" or "is ".
func (e *ParamError) Error() string {
	sep := ": "
	if strings.HasPrefix(e.Rule, "must") || strings.HasPrefix(e.Rule, "is ") {
		sep = " "
	}
	return fmt.Sprintf("%s: %s.%s = %v%s%s", e.Pkg, e.Method, e.Field, e.Value, sep, e.Rule)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Backtracking is the Armijo backtracking line search: starting from
// α = InitialStep it tries α, α·ContractionFactor, α·ContractionFactor², …
// and accepts the first α with
//
//	φ(α) ≤ φ(0) + DecreaseFactor·α·φ'(0).
//
// Defaults (zero value): DecreaseFactor 1e−4, ContractionFactor 0.5 (as in
// gonum's optimize.Backtracking), InitialStep 1, MaxTrials 100. The search
// fails with an error if φ'(0) ≥ 0 (not a descent direction) or if no step
// down to 1e−20 is accepted.
// Introduced in notebooks/05_line_search.ipynb.
type Backtracking struct {
	DecreaseFactor    float64
	ContractionFactor float64
	InitialStep       float64
	MaxTrials         int
}

// Validate checks the parameters and returns the ones in effect.
func (b Backtracking) Validate() (Backtracking, error) {
	if b.DecreaseFactor == 0 {
		b.DecreaseFactor = 1e-4
	}
	if b.ContractionFactor == 0 {
		b.ContractionFactor = 0.5
	}
	if b.InitialStep == 0 {
		b.InitialStep = 1
	}
	if b.MaxTrials == 0 {
		b.MaxTrials = 100
	}
	if !(b.DecreaseFactor > 0 && b.DecreaseFactor < 1) {
		return b, &ParamError{Pkg: "linesearch", Method: "Backtracking", Field: "DecreaseFactor", Value: b.DecreaseFactor, Rule: "must be in (0, 1)"}
	}
	if !(b.ContractionFactor > 0 && b.ContractionFactor < 1) {
		return b, &ParamError{Pkg: "linesearch", Method: "Backtracking", Field: "ContractionFactor", Value: b.ContractionFactor, Rule: "must be in (0, 1)"}
	}
	if !(b.InitialStep > 0) || math.IsInf(b.InitialStep, 0) {
		return b, &ParamError{Pkg: "linesearch", Method: "Backtracking", Field: "InitialStep", Value: b.InitialStep, Rule: "must be positive and finite"}
	}
	if b.MaxTrials < 0 {
		return b, &ParamError{Pkg: "linesearch", Method: "Backtracking", Field: "MaxTrials", Value: b.MaxTrials, Rule: "is negative"}
	}
	return b, nil
}

// Search runs the backtracking search on φ with φ(0) = phi0 and
// φ'(0) = dphi0.
func (b Backtracking) Search(phi Func, phi0, dphi0 float64) (Result, error) {
	b, err := b.Validate()
	if err != nil {
		return Result{}, err
	}
	if !finite(phi0) || !finite(dphi0) {
		return Result{}, fmt.Errorf("linesearch: Backtracking: φ(0) = %v, φ'(0) = %v must be finite", phi0, dphi0)
	}
	if dphi0 >= 0 {
		return Result{}, fmt.Errorf("linesearch: Backtracking: φ'(0) = %v is not negative: not a descent direction", dphi0)
	}
	var r Result
	a := b.InitialStep
	for range b.MaxTrials {
		v := phi(a)
		r.Evals++
		r.Trials = append(r.Trials, Trial{a, v})
		if ArmijoConditionMet(v, phi0, dphi0, a, b.DecreaseFactor) {
			r.Alpha, r.Phi = a, v
			return r, nil
		}
		a *= b.ContractionFactor
		if a < 1e-20 {
			break
		}
	}
	return r, fmt.Errorf("linesearch: Backtracking: no step satisfied the Armijo condition after %d trials (last α = %g)", r.Evals, r.Trials[len(r.Trials)-1].Alpha)
}

// GoldenSection is an exact line search: it minimises φ over α ≥ 0.
// It first brackets a minimum — from α = InitialStep it doubles α while φ
// keeps decreasing, or uses [0, InitialStep] if φ(InitialStep) ≥ φ(0) — then
// shrinks the bracket by the golden ratio 1/φ ≈ 0.618 per evaluation until
// it is shorter than Tol·(1 + α). The accepted step is the best point
// evaluated.
//
// Defaults: InitialStep 1, Tol 1e−10, MaxTrials 200. If φ is not unimodal on
// the bracket the search still returns the best point it saw. If φ is not
// finite at any trial step (so the best step would be 0 and a run would
// stall) the search fails with an error.
// Introduced in notebooks/05_line_search.ipynb.
type GoldenSection struct {
	InitialStep float64
	Tol         float64
	MaxTrials   int
}

// Validate checks the parameters and returns the ones in effect.
func (g GoldenSection) Validate() (GoldenSection, error) {
	if g.InitialStep == 0 {
		g.InitialStep = 1
	}
	if g.Tol == 0 {
		g.Tol = 1e-10
	}
	if g.MaxTrials == 0 {
		g.MaxTrials = 200
	}
	if !(g.InitialStep > 0) || math.IsInf(g.InitialStep, 0) {
		return g, &ParamError{Pkg: "linesearch", Method: "GoldenSection", Field: "InitialStep", Value: g.InitialStep, Rule: "must be positive and finite"}
	}
	if !(g.Tol > 0) || math.IsInf(g.Tol, 0) {
		return g, &ParamError{Pkg: "linesearch", Method: "GoldenSection", Field: "Tol", Value: g.Tol, Rule: "must be positive and finite"}
	}
	if g.MaxTrials < 0 {
		return g, &ParamError{Pkg: "linesearch", Method: "GoldenSection", Field: "MaxTrials", Value: g.MaxTrials, Rule: "is negative"}
	}
	return g, nil
}

// invPhi is 1/φ = (√5 − 1)/2 for the golden ratio φ.
var invPhi = (math.Sqrt(5) - 1) / 2

// Search minimises φ over α ≥ 0, with φ(0) = phi0.
func (g GoldenSection) Search(phi Func, phi0 float64) (Result, error) {
	g, err := g.Validate()
	if err != nil {
		return Result{}, err
	}
	if !finite(phi0) {
		return Result{}, fmt.Errorf("linesearch: GoldenSection: φ(0) = %v is not finite", phi0)
	}
	r := Result{Alpha: 0, Phi: phi0}
	eval := func(a float64) float64 {
		v := phi(a)
		r.Evals++
		r.Trials = append(r.Trials, Trial{a, v})
		if v < r.Phi || (math.IsNaN(r.Phi) && !math.IsNaN(v)) {
			r.Alpha, r.Phi = a, v
		}
		return v
	}
	// Bracket [lo, hi] with an interior point better than both ends.
	lo, hi := 0.0, g.InitialStep
	// Points 0, h, 2h, 4h, …: while φ decreases, slide the bracket right.
	if v := eval(hi); v < phi0 {
		prev, pv := hi, v
		for r.Evals < g.MaxTrials/2 {
			next := 2 * prev
			nv := eval(next)
			hi = next
			if !(nv < pv) || math.IsInf(next, 0) {
				break
			}
			lo, prev, pv = prev, next, nv
		}
	}
	a := hi - invPhi*(hi-lo)
	b := lo + invPhi*(hi-lo)
	fa, fb := eval(a), eval(b)
	for r.Evals < g.MaxTrials && hi-lo > g.Tol*(1+math.Abs(r.Alpha)) {
		// On ties (including +Inf on both) keep the left part, towards
		// α = 0 where φ is finite.
		if fa <= fb || math.IsNaN(fb) {
			hi, b, fb = b, a, fa
			a = hi - invPhi*(hi-lo)
			fa = eval(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + invPhi*(hi-lo)
			fb = eval(b)
		}
	}
	if !finite(r.Phi) {
		return r, fmt.Errorf("linesearch: GoldenSection: no finite φ found (best φ = %v)", r.Phi)
	}
	if r.Alpha == 0 && !slices.ContainsFunc(r.Trials, func(t Trial) bool { return finite(t.Phi) }) {
		// φ(0) is finite but no step is: a zero step would stall the run.
		return r, fmt.Errorf("linesearch: GoldenSection: φ(α) is not finite at any of the %d trial steps in (0, %g] (first: φ(%g) = %v)",
			r.Evals, g.InitialStep, r.Trials[0].Alpha, r.Trials[0].Phi)
	}
	return r, nil
}
