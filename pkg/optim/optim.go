package optim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
	"gonum.org/v1/gonum/mat"
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
	// fallback to a gradient step, a singular Hessian.
	Note string
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

// Problem returns the wrapped problem, for methods that need more of it;
// prefer the counting methods Hess and SampleGrad.
func (e *Evaluator) Problem() objective.Problem { return e.p }

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

// Status says why a run stopped. The zero Status, NotFinished, is that of
// a Result that no run has finished.
type Status int

const (
	// NotFinished: the zero value; Minimize never returns it.
	NotFinished Status = iota
	// IterationLimit: Settings.MaxIter updates were made.
	IterationLimit
	// GradientTolerance: ‖∇f(x)‖∞ ≤ Settings.GradTol before an update, or
	// the method found ∇f(x) = 0 exactly and had no direction left (see
	// ErrStationary).
	GradientTolerance
	// TargetReached: max|x − Settings.Target| < Settings.XTol after an update.
	TargetReached
	// Diverged: an iterate or its loss was not finite, or the loss exploded
	// (see Settings.DivergenceFactor). Result.Reason says which.
	Diverged
	// Breakdown: the method could not take a step (zero curvature, a
	// singular Hessian, a line search with no acceptable step).
	// Result.Reason and the last iterate's Note say why.
	Breakdown
)

var statusNames = [...]string{"not finished", "iteration limit", "gradient tolerance", "target reached", "diverged", "breakdown"}

// String returns the status in words.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Settings control the run loop. A nil *Settings means all defaults.
type Settings struct {
	// MaxIter is the number of updates; 0 means 100.
	MaxIter int
	// GradTol stops the run before an update when ‖∇f(x)‖∞ ≤ GradTol;
	// 0 disables the test.
	GradTol float64
	// Target and XTol stop the run after an update when
	// max_i |x_i − Target_i| < XTol, as the sources do (|x − 1| < 1e−10).
	// XTol = 0 or a nil Target disables the test.
	Target []float64
	XTol   float64
	// DivergenceFactor declares a run diverged when
	// |f(x_k)| > DivergenceFactor · max(|f(x_0)|, 1); 0 means 1e4 and +Inf
	// keeps only the test for non-finite values. Other values must be ≥ 1
	// (below 1 a run that does not change the loss would be "diverged").
	DivergenceFactor float64
	// TraceCap bounds the memory of a run: once the trace holds TraceCap
	// iterates, it keeps the first TraceCap/2 verbatim and thins the rest
	// (every 2nd, then every 4th, … iterate, by iteration number), always
	// keeping the last iterate; Iterate.K is the true iteration number.
	// 0 means DefaultTraceCap; otherwise it must be at least 4. FullTrace
	// keeps every iterate regardless (memory then grows with MaxIter).
	TraceCap  int
	FullTrace bool
}

// DefaultTraceCap is the trace length beyond which a run thins its trace
// when Settings.TraceCap is zero: about 15 MB for a 1-D gradient descent
// run, 40 MB for Adam, so a MaxIter typo (1e8) cannot exhaust a shared
// server's memory.
const DefaultTraceCap = 100_000

// DefaultDivergenceFactor is the loss growth that counts as divergence when
// Settings.DivergenceFactor is zero.
const DefaultDivergenceFactor = 1e4

// Iterate is one entry of a trace: the point x_K and what was known there.
type Iterate struct {
	// K is the iteration number, 0 for the start. In a thinned trace (see
	// Settings.TraceCap) K may skip numbers; it is always the true one.
	K int
	// X is x_K, F is f(x_K) and Grad is ∇f(x_K).
	X    []float64
	F    float64
	Grad []float64
	// Step and State describe the update made from this iterate (zero and
	// nil for the last iterate of a run, from which no update was made).
	Step  float64
	State *MethodState
	// Trials are the line-search trial points of the update (see
	// StepInfo.Trials), Note its remark (see StepInfo.Note).
	Trials []linesearch.Trial
	Note   string
}

// Trace is the sequence of iterates of one run, x_0 first. It holds every
// iterate unless the run was longer than Settings.TraceCap.
type Trace []Iterate

// Result is the outcome of Minimize.
type Result struct {
	// Method names the method and its effective hyperparameters, from its
	// String method (fmt.Stringer), e.g. "GradientDescent(lr=0.1)"; the
	// method's Go type if it has none. Figures use it as a default title.
	Method string
	// Trace holds every finite iterate; the last one is where the run ended.
	Trace  Trace
	Status Status
	// Reason explains the status in one sentence, e.g. why a run diverged.
	Reason string
	Stats  Stats
}

// X returns the last iterate's x, or nil if the trace is empty (as in a
// zero Result).
func (r *Result) X() []float64 {
	if len(r.Trace) == 0 {
		return nil
	}
	return r.Trace[len(r.Trace)-1].X
}

// Updates returns the iterates from which an update was made: all but the
// last (none for an empty trace). They are the lines the source documents
// print.
func (r *Result) Updates() Trace {
	if len(r.Trace) == 0 {
		return nil
	}
	return r.Trace[:len(r.Trace)-1]
}

// Xs returns x_k[i] for every iterate: the path of coordinate i.
func (t Trace) Xs(i int) []float64 {
	out := make([]float64, len(t))
	for k, it := range t {
		out[k] = it.X[i]
	}
	return out
}

// Fs returns f(x_k) for every iterate.
func (t Trace) Fs() []float64 {
	out := make([]float64, len(t))
	for k, it := range t {
		out[k] = it.F
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func allFinite(xs []float64) bool {
	for _, v := range xs {
		if !finite(v) {
			return false
		}
	}
	return true
}

// ErrEmptyStart is returned when the starting point has no coordinates.
var ErrEmptyStart = errors.New("optim: empty starting point")

// Minimize runs method m on p from x0 and records the trace. It returns an
// error only for bad input (see the package documentation); divergence is a
// Status, not an error.
func Minimize(p objective.Problem, x0 []float64, m Method, s *Settings) (*Result, error) {
	if p == nil {
		return nil, errors.New("optim: nil objective")
	}
	if s == nil {
		s = &Settings{}
	}
	if len(x0) == 0 {
		return nil, ErrEmptyStart
	}
	for i, v := range x0 {
		if !finite(v) {
			return nil, fmt.Errorf("optim: starting point x0[%d] = %v is not finite", i, v)
		}
	}
	maxIter := s.MaxIter
	if maxIter == 0 {
		maxIter = 100
	}
	if maxIter < 0 {
		return nil, &ParamError{Method: "Settings", Field: "MaxIter", Value: s.MaxIter, Rule: "is negative"}
	}
	if s.GradTol < 0 || math.IsNaN(s.GradTol) {
		return nil, &ParamError{Method: "Settings", Field: "GradTol", Value: s.GradTol, Rule: "must be ≥ 0"}
	}
	if s.XTol < 0 || math.IsNaN(s.XTol) {
		return nil, &ParamError{Method: "Settings", Field: "XTol", Value: s.XTol, Rule: "must be ≥ 0"}
	}
	if s.XTol > 0 && s.Target != nil && len(s.Target) != len(x0) {
		return nil, fmt.Errorf("optim: Settings.Target has %d coordinates, x0 has %d", len(s.Target), len(x0))
	}
	factor := s.DivergenceFactor
	if factor == 0 {
		factor = DefaultDivergenceFactor
	}
	if !(factor >= 1) {
		return nil, &ParamError{Method: "Settings", Field: "DivergenceFactor", Value: s.DivergenceFactor, Rule: "must be ≥ 1 (or 0 for the default 1e4, +Inf for no limit)"}
	}
	traceCap := s.TraceCap
	if traceCap == 0 {
		traceCap = DefaultTraceCap
	}
	if traceCap < 4 {
		return nil, &ParamError{Method: "Settings", Field: "TraceCap", Value: s.TraceCap, Rule: "must be ≥ 4 (or 0 for the default)"}
	}
	if s.FullTrace {
		traceCap = math.MaxInt
	}
	if d, ok := p.(objective.Dimensioner); ok && d.Dim() != len(x0) {
		return nil, fmt.Errorf("optim: x0 has %d coordinates, the problem has dimension %d", len(x0), d.Dim())
	}
	if m == nil {
		return nil, errors.New("optim: nil Method")
	}
	if err := m.Init(p, len(x0)); err != nil {
		return nil, err
	}

	e := NewEvaluator(p)
	res := &Result{Method: methodName(m)}
	t := thinner{cap: traceCap, stride: 1}
	x := slices.Clone(x0)
	next := make([]float64, len(x))
	var limit float64
	for k := 0; ; k++ {
		f := e.Func(x)
		g := make([]float64, len(x))
		e.Grad(g, x)
		if k == 0 {
			if !finite(f) {
				return nil, fmt.Errorf("%w: f(x0) = %v at x0 = %v", ErrFunc, f, x0)
			}
			for i, v := range g {
				if !finite(v) {
					return nil, fmt.Errorf("%w: ∇f(x0)[%d] = %v at x0 = %v", ErrGrad, i, v, x0)
				}
			}
		}
		if !finite(f) || !allFinite(g) {
			res.Status, res.Reason = Diverged, fmt.Sprintf("the loss or gradient at iteration %d is not finite (f = %v)", k, f)
			break
		}
		res.Trace = t.add(res.Trace, Iterate{K: k, X: slices.Clone(x), F: f, Grad: g})
		if k == 0 {
			limit = factor * math.Max(math.Abs(f), 1)
		} else if math.Abs(f) > limit {
			res.Status, res.Reason = Diverged, fmt.Sprintf("the loss %.4g at iteration %d exceeds %g × the initial loss", f, k, factor)
			break
		}
		if s.GradTol > 0 && normInf(g) <= s.GradTol {
			res.Status, res.Reason = GradientTolerance, fmt.Sprintf("‖∇f‖∞ = %.3g ≤ %g at iteration %d", normInf(g), s.GradTol, k)
			break
		}
		if k == maxIter {
			res.Status, res.Reason = IterationLimit, fmt.Sprintf("%d updates made", maxIter)
			break
		}
		info, err := m.Step(e, Location{X: x, F: f, Grad: g}, next)
		last := &res.Trace[len(res.Trace)-1]
		if errors.Is(err, ErrStationary) {
			res.Status, res.Reason = GradientTolerance, fmt.Sprintf("∇f = 0 exactly at iteration %d", k)
			break
		}
		if errors.Is(err, ErrBreakdown) {
			last.Note = err.Error()
			res.Status, res.Reason = Breakdown, fmt.Sprintf("iteration %d: %v", k, err)
			break
		}
		if err != nil {
			return nil, err
		}
		last.Step = info.Step
		last.State = info.State.clone()
		last.Trials = slices.Clone(info.Trials)
		last.Note = info.Note
		if !allFinite(next) {
			res.Status, res.Reason = Diverged, fmt.Sprintf("the update from iteration %d gave a non-finite x = %v", k, next)
			break
		}
		x, next = next, x
		if s.XTol > 0 && s.Target != nil && distInf(x, s.Target) < s.XTol {
			// The sources test after the update and print nothing more:
			// record the reached point as the final iterate.
			f := e.Func(x)
			g := make([]float64, len(x))
			e.Grad(g, x)
			res.Trace = t.add(res.Trace, Iterate{K: k + 1, X: slices.Clone(x), F: f, Grad: g})
			res.Status, res.Reason = TargetReached, fmt.Sprintf("|x − target| < %g after %d updates", s.XTol, k+1)
			break
		}
	}
	res.Stats = e.Stats
	return res, nil
}

// thinner bounds a trace at cap iterates: the first cap/2 are kept
// verbatim; after them only iterates whose K is a multiple of stride, plus
// the newest one; when the trace is full, stride doubles and the kept
// middle is halved.
type thinner struct {
	cap, stride int
}

// add appends it to tr, dropping the previous newest iterate if it is
// not on the stride and thinning when full.
func (t *thinner) add(tr Trace, it Iterate) Trace {
	head := t.cap / 2
	if n := len(tr); n > head && tr[n-1].K%t.stride != 0 {
		tr[n-1] = Iterate{}
		tr = tr[:n-1]
	}
	if len(tr) >= t.cap {
		t.stride *= 2
		kept := tr[:head]
		for _, old := range tr[head:] {
			if old.K%t.stride == 0 {
				kept = append(kept, old)
			}
		}
		clear(tr[len(kept):])
		tr = kept
	}
	return append(tr, it)
}

// methodName is m.String() when m has one, else its type name.
func methodName(m Method) string {
	if s, ok := m.(fmt.Stringer); ok {
		return s.String()
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", m), "*")
}

func normInf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func distInf(a, b []float64) float64 {
	m := 0.0
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

// Minimize1D runs m on the one-dimensional objective f from x0: a shorthand
// for Minimize(objective.AsND(f), []float64{x0}, m, s).
func Minimize1D(f objective.Func1D, x0 float64, m Method, s *Settings) (*Result, error) {
	if f == nil {
		return nil, errors.New("optim: nil objective")
	}
	return Minimize(objective.AsND(f), []float64{x0}, m, s)
}

// ParamError is the error for an impossible hyperparameter or setting:
// Method.Field = Value breaks Rule. Match it with errors.As to find which
// field of which method (or "Settings") was wrong.
type ParamError struct {
	// Method is the method's type name ("GradientDescent") or "Settings".
	Method, Field string
	// Value is the rejected value (a float64 or an int).
	Value any
	// Rule says what is wrong or required, e.g. "must be in [0, 1)".
	Rule string
}

// Error returns "optim: Method.Field = Value: Rule" (without the colon
// when Rule starts with "must" or "is").
func (e *ParamError) Error() string {
	sep := ": "
	if strings.HasPrefix(e.Rule, "must") || strings.HasPrefix(e.Rule, "is ") {
		sep = " "
	}
	return fmt.Sprintf("optim: %s.%s = %v%s%s", e.Method, e.Field, e.Value, sep, e.Rule)
}

// checkLR validates a learning rate named field of method.
func checkLR(method, field string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return &ParamError{method, field, v, "the learning rate must be positive and finite"}
	}
	return nil
}

// checkUnit validates a decay rate in [0, 1).
func checkUnit(method, field string, v float64) error {
	if !(v >= 0 && v < 1) {
		return &ParamError{method, field, v, "must be in [0, 1)"}
	}
	return nil
}

// checkPos validates a positive finite constant such as ε.
func checkPos(method, field string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return &ParamError{method, field, v, "must be positive and finite"}
	}
	return nil
}
