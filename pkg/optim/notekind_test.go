package optim_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// checkKinds asserts that every iterate's NoteKind is want(k, it) and that
// NoteKind is NoNote exactly when Note is empty.
func checkKinds(t *testing.T, name string, r *optim.Result, want func(it optim.Iterate) optim.NoteKind) {
	t.Helper()
	for _, it := range r.Trace {
		if w := want(it); it.NoteKind != w {
			t.Errorf("%s, iterate %d at x = %v: NoteKind %v, want %v (note %q)", name, it.K, it.X, it.NoteKind, w, it.Note)
		}
		if (it.Note == "") != (it.NoteKind == optim.NoNote) {
			t.Errorf("%s, iterate %d: note %q with kind %v", name, it.K, it.Note, it.NoteKind)
		}
	}
}

// Newton on the quartic: the kind follows the sign of f″ at each iterate,
// computed here from f.D2F, not from the method's state.
func TestNoteKindNewtonQuartic(t *testing.T) {
	f := objective.Quartic{}
	s := &optim.Settings{MaxIter: 50, GradTol: 1e-12}
	for _, x0 := range []float64{0.4, 0.55, 2} {
		r := run1(t, f, x0, &optim.Newton{}, s)
		checkKinds(t, fmt.Sprintf("Newton from %v", x0), r, func(it optim.Iterate) optim.NoteKind {
			if it.K < len(r.Trace)-1 && f.D2F(it.X[0]) < 0 {
				return optim.NegativeCurvature
			}
			return optim.NoNote
		})
		if x0 == 0.4 && r.Trace[0].NoteKind != optim.NegativeCurvature {
			t.Errorf("from 0.4 the first step is not marked: %v", r.Trace[0].NoteKind)
		}
	}
	// Safeguarded: a gradient step wherever f″ ≤ 0, and it is one:
	// x_{k+1} = x_k − FallbackLR·f′(x_k).
	r := run1(t, f, 0.4, &optim.Newton{Safeguarded: true, FallbackLR: 0.1}, s)
	steps := 0
	checkKinds(t, "safeguarded Newton from 0.4", r, func(it optim.Iterate) optim.NoteKind {
		if it.K < len(r.Trace)-1 && f.D2F(it.X[0]) <= 0 {
			steps++
			if next := r.Trace[it.K+1].X[0]; next != it.X[0]-0.1*f.DF(it.X[0]) {
				t.Errorf("iterate %d marked as a gradient step, but went to %v", it.K, next)
			}
			return optim.SafeguardGradientStep
		}
		return optim.NoNote
	})
	if steps == 0 {
		t.Error("safeguarded Newton from 0.4 took no gradient step")
	}
}

// nanCurv is f(x) = x² with f″ = NaN.
type nanCurv struct{}

func (nanCurv) F(x float64) float64  { return x * x }
func (nanCurv) DF(x float64) float64 { return 2 * x }
func (nanCurv) D2F(float64) float64  { return math.NaN() }

// Each breakdown names its kind on the last iterate, with the note's text
// unchanged ("optim: breakdown: …").
func TestNoteKindBreakdowns(t *testing.T) {
	for _, c := range []struct {
		name string
		run  func() (*optim.Result, error)
		kind optim.NoteKind
		text string
	}{
		{"1-D zero curvature", func() (*optim.Result, error) { return optim.Minimize1D(linear{}, 1, &optim.Newton{}, nil) },
			optim.ZeroCurvature, "optim: breakdown: zero curvature f''(1) = 0"},
		{"1-D NaN curvature", func() (*optim.Result, error) { return optim.Minimize1D(nanCurv{}, 1, &optim.Newton{}, nil) },
			optim.NonFiniteHessian, "optim: breakdown: f''(1) = NaN is not finite"},
		{"singular Hessian", func() (*optim.Result, error) {
			return optim.Minimize(quad2{[3]float64{1, 1, 1}}, []float64{2, 3}, &optim.Newton{}, nil)
		}, optim.SingularHessian, "optim: breakdown: singular Hessian"},
		{"NaN Hessian entry", func() (*optim.Result, error) {
			return optim.Minimize(nanHess{}, []float64{1, 1}, &optim.Newton{}, nil)
		}, optim.NonFiniteHessian, "non-finite entry ∇²f[0][1] = NaN"},
		{"golden section, no finite φ", func() (*optim.Result, error) {
			return optim.Minimize1D(cliff{}, 0, &optim.SteepestDescent{LineSearch: &optim.GoldenSection{}}, nil)
		}, optim.LineSearchFailed, "optim: breakdown: "},
		{"backtracking, no acceptable step", func() (*optim.Result, error) {
			return optim.Minimize1D(cliff{}, 0, &optim.SteepestDescent{LineSearch: &optim.Backtracking{}}, nil)
		}, optim.LineSearchFailed, "optim: breakdown: "},
		{"grid search, φ = +Inf on the grid", func() (*optim.Result, error) {
			return optim.Minimize1D(cliff{}, 0, &optim.SteepestDescent{LineSearch: &optim.GridSearch{Grid: linesearch.Grid{Start: 0.5, Stop: 1, Step: 0.25}}}, nil)
		}, optim.LineSearchFailed, "whole grid"},
	} {
		r, err := c.run()
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if r.Status != optim.Breakdown {
			t.Errorf("%s: status %v (%s), want breakdown", c.name, r.Status, r.Reason)
			continue
		}
		last := r.Trace[len(r.Trace)-1]
		if last.NoteKind != c.kind || !strings.Contains(last.Note, c.text) {
			t.Errorf("%s: last iterate's note %q kind %v, want %v and %q", c.name, last.Note, last.NoteKind, c.kind, c.text)
		}
		checkKinds(t, c.name, r, func(it optim.Iterate) optim.NoteKind {
			if it.K == last.K {
				return c.kind
			}
			return optim.NoNote
		})
	}
}

// n-D Newton from a point with an indefinite Hessian, pure and safeguarded.
func TestNoteKindIndefiniteHessian(t *testing.T) {
	q := quad2{[3]float64{1, 0, -1}} // eigenvalues 1 and −1
	r, err := optim.Minimize(q, []float64{2, 3}, &optim.Newton{}, &optim.Settings{MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	if k := r.Trace[0].NoteKind; k != optim.IndefiniteHessian {
		t.Errorf("pure Newton: kind %v, want indefinite Hessian", k)
	}
	r, err = optim.Minimize(q, []float64{2, 3}, &optim.Newton{Safeguarded: true, FallbackLR: 0.1}, &optim.Settings{MaxIter: 3})
	if err != nil {
		t.Fatal(err)
	}
	checkKinds(t, "safeguarded n-D", r, func(it optim.Iterate) optim.NoteKind {
		if it.K < len(r.Trace)-1 {
			return optim.SafeguardGradientStep // the Hessian is the same everywhere
		}
		return optim.NoNote
	})
	// Positive definite: no note.
	r, err = optim.Minimize(quad2{[3]float64{4, 1, 3}}, []float64{0.3, -2}, &optim.Newton{}, &optim.Settings{MaxIter: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkKinds(t, "positive definite", r, func(optim.Iterate) optim.NoteKind { return optim.NoNote })
}

func TestNoteKindLazyVelocity(t *testing.T) {
	r := run1(t, objective.Quadratic{A: 3}, 0, &optim.Momentum{LR: 0.1, Momentum: 0.9, LazyVelocity: true}, &optim.Settings{MaxIter: 3})
	checkKinds(t, "lazy velocity", r, func(it optim.Iterate) optim.NoteKind {
		if it.K == 0 {
			return optim.LazyVelocityStart
		}
		return optim.NoNote
	})
}

// outside is a method written outside the package: it notes every step
// without a kind, and breaks down with a plain ErrBreakdown at x ≥ 2.
type outside struct{}

func (outside) Init(objective.Problem, int) error { return nil }
func (outside) Step(_ *optim.Evaluator, loc optim.Location, next []float64) (optim.StepInfo, error) {
	if loc.X[0] >= 2 {
		return optim.StepInfo{}, fmt.Errorf("%w: outside gave up", optim.ErrBreakdown)
	}
	next[0] = loc.X[0] + 1
	return optim.StepInfo{Step: 1, Note: "stepped right"}, nil
}

func TestNoteKindOutsideMethod(t *testing.T) {
	r := run1(t, objective.Quadratic{A: 3}, 0, outside{}, nil)
	if r.Status != optim.Breakdown || len(r.Trace) != 3 {
		t.Fatalf("status %v, %d iterates; want breakdown at x = 2", r.Status, len(r.Trace))
	}
	checkKinds(t, "outside method", r, func(it optim.Iterate) optim.NoteKind {
		if it.K == 2 {
			return optim.OtherBreakdown
		}
		return optim.OtherNote
	})
}

func TestNoteKindString(t *testing.T) {
	seen := map[string]optim.NoteKind{}
	for k := optim.NoNote; k <= optim.OtherNote; k++ {
		s := k.String()
		if s == "" || strings.HasPrefix(s, "NoteKind(") {
			t.Errorf("kind %d has no name: %q", int(k), s)
		}
		if other, dup := seen[s]; dup {
			t.Errorf("kinds %d and %d are both %q", int(other), int(k), s)
		}
		seen[s] = k
	}
	if s := optim.NoteKind(99).String(); s != "NoteKind(99)" {
		t.Errorf("NoteKind(99) = %q", s)
	}
	if s := optim.NegativeCurvature.String(); s != "negative curvature" {
		t.Errorf("NegativeCurvature = %q", s)
	}
	// A kinded breakdown is still ErrBreakdown for errors.Is callers: the
	// run loop's status says so.
	r := run1(t, linear{}, 1, &optim.Newton{}, nil)
	if r.Status != optim.Breakdown || !strings.HasPrefix(r.Reason, "iteration 0: optim: breakdown: zero curvature") {
		t.Errorf("status %v reason %q", r.Status, r.Reason)
	}
}

// Every kind has its own Japanese sentence (no English left), and the
// iterate's sentence puts in the curvature the method recorded.
func TestNoteKindJapanese(t *testing.T) {
	seen := map[string]optim.NoteKind{}
	for k := optim.NoNote; k <= optim.OtherNote; k++ {
		s := k.Japanese()
		if s == "" || strings.HasPrefix(s, "注記の種類") {
			t.Errorf("kind %v has no Japanese sentence: %q", k, s)
		}
		if strings.ContainsAny(s, "abcdeghijklmnopqrstuwyz") {
			t.Errorf("kind %v: %q has English words", k, s)
		}
		if other, dup := seen[s]; dup {
			t.Errorf("kinds %v and %v are both %q", other, k, s)
		}
		seen[s] = k
	}
	if s := optim.NoteKind(99).Japanese(); s != "注記の種類 99" {
		t.Errorf("NoteKind(99).Japanese() = %q", s)
	}
	f := objective.Quartic{}
	s := &optim.Settings{MaxIter: 3}
	r := run1(t, f, 0.4, &optim.Newton{}, s)
	want := fmt.Sprintf("曲率 f'' = %.4g が負：ニュートン法の 1 歩は極大点に向かう", f.D2F(0.4))
	if got := r.Trace[0].NoteJapanese(); got != want || !strings.Contains(got, "-2.08") {
		t.Errorf("Newton from 0.4: %q, want %q", got, want)
	}
	if got := r.Trace[len(r.Trace)-1].NoteJapanese(); got != "注記なし" {
		t.Errorf("last iterate: %q, want 注記なし", got)
	}
	r = run1(t, f, 0.1, &optim.Newton{Safeguarded: true, FallbackLR: 0.01}, s)
	if got := r.Trace[0].NoteJapanese(); got != fmt.Sprintf("曲率 f'' = %.4g が 0 以下なので、安全装置が勾配降下法の 1 歩に切り替えた", f.D2F(0.1)) {
		t.Errorf("safeguarded from 0.1: %q", got)
	}
	r = run1(t, linear{}, 1, &optim.Newton{}, nil)
	if got := r.Trace[len(r.Trace)-1].NoteJapanese(); got != optim.ZeroCurvature.Japanese() {
		t.Errorf("zero curvature: %q", got)
	}
	q := quad2{[3]float64{1, 0, -1}}
	rn, err := optim.Minimize(q, []float64{2, 3}, &optim.Newton{}, &optim.Settings{MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := rn.Trace[0].NoteJapanese(); !strings.Contains(got, "最小固有値 -1") {
		t.Errorf("indefinite Hessian: %q", got)
	}
}
