package optim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gradnb/gradnb/pkg/objective"
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

var statusJapanese = [...]string{"未完了", "更新回数の上限", "勾配が許容値以下", "目標に到達", "発散", "破綻"}

// Japanese returns the status in the notebooks' Japanese terms, for text a
// learner reads: 未完了, 更新回数の上限, 勾配が許容値以下, 目標に到達,
// 発散 or 破綻.
func (s Status) Japanese() string {
	if s >= 0 && int(s) < len(statusJapanese) {
		return statusJapanese[s]
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
		return nil, paramError("Settings", "MaxIter", s.MaxIter, "is negative")
	}
	if s.GradTol < 0 || math.IsNaN(s.GradTol) {
		return nil, paramError("Settings", "GradTol", s.GradTol, "must be ≥ 0")
	}
	if s.XTol < 0 || math.IsNaN(s.XTol) {
		return nil, paramError("Settings", "XTol", s.XTol, "must be ≥ 0")
	}
	if s.XTol > 0 && s.Target != nil && len(s.Target) != len(x0) {
		return nil, fmt.Errorf("optim: Settings.Target has %d coordinates, x0 has %d", len(s.Target), len(x0))
	}
	factor := s.DivergenceFactor
	if factor == 0 {
		factor = DefaultDivergenceFactor
	}
	if !(factor >= 1) {
		return nil, paramError("Settings", "DivergenceFactor", s.DivergenceFactor, "must be ≥ 1 (or 0 for the default 1e4, +Inf for no limit)")
	}
	traceCap := s.TraceCap
	if traceCap == 0 {
		traceCap = DefaultTraceCap
	}
	if traceCap < 4 {
		return nil, paramError("Settings", "TraceCap", s.TraceCap, "must be ≥ 4 (or 0 for the default)")
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
			last.Note, last.NoteKind = err.Error(), breakdownKind(err)
			res.Status, res.Reason = Breakdown, fmt.Sprintf("iteration %d: %v", k, err)
			break
		}
		if err != nil {
			return nil, err
		}
		last.Step = info.Step
		last.State = info.State.clone()
		last.Trials = slices.Clone(info.Trials)
		last.Note, last.NoteKind = info.Note, info.NoteKind
		if last.Note != "" && last.NoteKind == NoNote {
			last.NoteKind = OtherNote
		}
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
