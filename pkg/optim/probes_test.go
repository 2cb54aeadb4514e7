package optim_test

import (
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
	"gonum.org/v1/gonum/mat"
)

// Issue 11's probes: each input once made the library panic, stall or
// report the wrong status.

// A finite start whose loss or gradient is not finite is an error wrapping
// ErrFunc or ErrGrad that names the value, never a run with an empty trace.
func TestNonFiniteStart(t *testing.T) {
	ls, err := objective.NewLeastSquares([]float64{1e200, -1e200}, []float64{1e200, -1e200})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		run  func() (*optim.Result, error)
		want error
	}{
		{"quartic at 1e80", func() (*optim.Result, error) {
			return optim.Minimize1D(objective.Quartic{}, 1e80, &optim.GradientDescent{LR: 0.1}, nil)
		}, optim.ErrFunc},
		{"quadratic at 1e200", func() (*optim.Result, error) {
			return optim.Minimize1D(objective.Quadratic{A: 5}, 1e200, &optim.GradientDescent{LR: 0.1}, nil)
		}, optim.ErrFunc},
		{"least squares ±1e200", func() (*optim.Result, error) {
			return optim.Minimize(ls, []float64{0, 0}, &optim.GradientDescent{LR: 0.1}, nil)
		}, optim.ErrFunc},
		{"gradient overflows, loss finite", func() (*optim.Result, error) {
			// (5 − x)² at x = −1e154 is 1e308 (finite); its derivative 2e154
			// is finite too, so use a function whose derivative overflows.
			return optim.Minimize1D(steep{}, 1, &optim.GradientDescent{LR: 0.1}, nil)
		}, optim.ErrGrad},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := c.run()
			if !errors.Is(err, c.want) {
				if r != nil {
					t.Logf("status %v, %d iterates", r.Status, len(r.Trace))
				}
				t.Fatalf("err = %v, want one wrapping %v", err, c.want)
			}
			if !strings.Contains(err.Error(), "Inf") && !strings.Contains(err.Error(), "NaN") {
				t.Errorf("error %q does not name the value", err)
			}
		})
	}
}

// steep is f(x) = x with f'(x) = +Inf: a finite loss with a non-finite
// gradient.
type steep struct{}

func (steep) F(x float64) float64 { return x }
func (steep) DF(float64) float64  { return math.Inf(1) }
func (steep) D2F(float64) float64 { return 0 }

// Every Result method is safe on an empty trace (a zero Result).
func TestResultMethodsOnEmptyTrace(t *testing.T) {
	var r optim.Result
	if r.X() != nil {
		t.Errorf("X() = %v, want nil", r.X())
	}
	if len(r.Updates()) != 0 {
		t.Errorf("Updates() = %v, want none", r.Updates())
	}
	var b strings.Builder
	if err := r.Fprint(&b, optim.FormatIteration); err != nil || b.Len() != 0 {
		t.Errorf("Fprint wrote %q, %v; want nothing", b.String(), err)
	}
	if got := r.Trace.Xs(0); len(got) != 0 {
		t.Errorf("Xs(0) = %v", got)
	}
	if got := r.Trace.Fs(); len(got) != 0 {
		t.Errorf("Fs() = %v", got)
	}
	if r.Status != optim.NotFinished || r.Status.String() != "not finished" {
		t.Errorf("zero Status = %d %q, want NotFinished", r.Status, r.Status)
	}
}

// cliff is f(x) = −x for x ≤ 0 and +Inf beyond: from x = 0 the descent
// direction is +x, and φ(α) = +Inf for every α > 0.
type cliff struct{}

func (cliff) F(x float64) float64 {
	if x > 0 {
		return math.Inf(1)
	}
	return -x
}
func (cliff) DF(float64) float64  { return -1 }
func (cliff) D2F(float64) float64 { return 0 }

// Golden section with φ = +Inf on the whole bracket is a breakdown with a
// note, not a silent zero step that stalls to the iteration limit.
func TestGoldenSectionAllInfIsBreakdown(t *testing.T) {
	r, err := optim.Minimize1D(cliff{}, 0, &optim.SteepestDescent{LineSearch: &optim.GoldenSection{}}, &optim.Settings{MaxIter: 50})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != optim.Breakdown {
		t.Fatalf("status %v (%s), want breakdown", r.Status, r.Reason)
	}
	if note := r.Trace[len(r.Trace)-1].Note; !strings.Contains(note, "not finite") {
		t.Errorf("note %q does not say φ was not finite", note)
	}
	if len(r.Trace) != 1 {
		t.Errorf("trace has %d iterates, want only x0", len(r.Trace))
	}
}

// Backtracking that lands exactly on the minimum (∇f = 0) has converged.
// On (5 − x)² from 3 the first trial α = 1 of the Armijo search goes to
// 3 + 1·(−f'(3)) = 3 + 4 = 7 — too far — and α = 0.5 lands on 5 exactly.
func TestBacktrackingExactMinimumConverges(t *testing.T) {
	r, err := optim.Minimize1D(objective.Quadratic{A: 5}, 3, &optim.SteepestDescent{LineSearch: &optim.Backtracking{}}, &optim.Settings{MaxIter: 50})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != optim.GradientTolerance {
		t.Fatalf("status %v (%s), want gradient tolerance", r.Status, r.Reason)
	}
	if x := r.X()[0]; x != 5 || len(r.Trace) != 2 {
		t.Errorf("ended at %v after %d iterates, want 5 after 2", x, len(r.Trace))
	}
}

// nanHess is the 2-D bowl x₁² + x₂² whose Hessian has a NaN entry.
type nanHess struct{}

func (nanHess) Func(x []float64) float64 { return x[0]*x[0] + x[1]*x[1] }
func (nanHess) Grad(g, x []float64)      { g[0], g[1] = 2*x[0], 2*x[1] }
func (nanHess) Hess(h *mat.SymDense, _ []float64) {
	h.SetSym(0, 0, 2)
	h.SetSym(0, 1, math.NaN())
	h.SetSym(1, 1, 2)
}

// A Hessian containing NaN is named as such, not as "singular".
func TestNewtonNaNHessian(t *testing.T) {
	r, err := optim.Minimize(nanHess{}, []float64{1, 1}, &optim.Newton{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != optim.Breakdown {
		t.Fatalf("status %v, want breakdown", r.Status)
	}
	if !strings.Contains(r.Reason, "NaN") || strings.Contains(r.Reason, "singular") {
		t.Errorf("reason %q should name the NaN entry", r.Reason)
	}
}

// DivergenceFactor below 1, or NaN, is a ParamError on Settings.
func TestDivergenceFactorRejected(t *testing.T) {
	for _, v := range []float64{0.5, -1, math.NaN(), math.Nextafter(1, 0)} {
		_, err := optim.Minimize1D(objective.Quadratic{A: 5}, 0, &optim.GradientDescent{LR: 0.1}, &optim.Settings{DivergenceFactor: v})
		var pe *optim.ParamError
		if !errors.As(err, &pe) || pe.Method != "Settings" || pe.Field != "DivergenceFactor" {
			t.Errorf("DivergenceFactor %v: err = %v, want a ParamError for Settings.DivergenceFactor", v, err)
		}
	}
	for _, v := range []float64{1, math.Inf(1)} {
		if _, err := optim.Minimize1D(objective.Quadratic{A: 5}, 0, &optim.GradientDescent{LR: 0.1}, &optim.Settings{DivergenceFactor: v}); err != nil {
			t.Errorf("DivergenceFactor %v: %v", v, err)
		}
	}
}

// Hyperparameter errors are matchable ParamErrors with the readable
// message kept.
func TestParamError(t *testing.T) {
	_, err := optim.Minimize1D(objective.Quadratic{A: 5}, 0, &optim.Momentum{LR: 0.1, Momentum: 1}, nil)
	var pe *optim.ParamError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, not a ParamError", err)
	}
	if pe.Method != "Momentum" || pe.Field != "Momentum" || pe.Value != 1.0 {
		t.Errorf("ParamError = %+v", pe)
	}
	if want := "optim: Momentum.Momentum = 1 must be in [0, 1)"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

// A long 2-cycle (gradient descent with lr = 1 on the quadratic swaps
// between x0 and 10 − x0) keeps a bounded trace: the first TraceCap/2
// iterates verbatim, the true K everywhere, K strictly increasing, and the
// last iterate the true final one.
func TestTraceCap(t *testing.T) {
	const maxIter, capN = 100_003, 1000
	r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: 1}, &optim.Settings{MaxIter: maxIter, TraceCap: capN})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != optim.IterationLimit {
		t.Fatalf("status %v", r.Status)
	}
	if n := len(r.Trace); n > capN || n < capN/2 {
		t.Fatalf("trace has %d iterates, want between %d and %d", n, capN/2, capN)
	}
	for i, it := range r.Trace {
		if i < capN/2 && it.K != i {
			t.Fatalf("Trace[%d].K = %d: the head is not verbatim", i, it.K)
		}
		if i > 0 && it.K <= r.Trace[i-1].K {
			t.Fatalf("K not increasing at %d: %d after %d", i, it.K, r.Trace[i-1].K)
		}
		// The 2-cycle: even iterations at −5, odd at 15.
		want := -5.0
		if it.K%2 == 1 {
			want = 15
		}
		if it.X[0] != want {
			t.Fatalf("Trace[%d] (K = %d) at x = %v, want %v", i, it.K, it.X[0], want)
		}
	}
	if last := r.Trace[len(r.Trace)-1]; last.K != maxIter {
		t.Errorf("last K = %d, want %d", last.K, maxIter)
	}
	full, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: 1}, &optim.Settings{MaxIter: 5000, TraceCap: capN, FullTrace: true})
	if err != nil || len(full.Trace) != 5001 {
		t.Fatalf("FullTrace: %d iterates, %v; want 5001", len(full.Trace), err)
	}
	if _, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: 1}, &optim.Settings{TraceCap: 3}); err == nil {
		t.Error("TraceCap 3 accepted")
	}
}

// The trace's memory does not grow with MaxIter: the heap in use after a
// run of 2·10⁶ updates is within a few MB of one of 2·10⁵ (both beyond the
// default cap would hold; 156 B per iterate unbounded would be 280 MB
// apart).
func TestTraceMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("long run")
	}
	heap := func(maxIter int) uint64 {
		r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: 1}, &optim.Settings{MaxIter: maxIter})
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		runtime.KeepAlive(r)
		return ms.HeapAlloc
	}
	small, large := heap(200_000), heap(2_000_000)
	if large > small+8<<20 {
		t.Errorf("heap after 2e6 updates %d MB, after 2e5 %d MB: the trace grows with MaxIter", large>>20, small>>20)
	}
}

// A bad line-search factor is the same matchable ParamError as a bad
// learning rate, through SteepestDescent and Minimize.
func TestLineSearchParamError(t *testing.T) {
	_, err := optim.Minimize(objective.Valley{}, []float64{0, 1},
		&optim.SteepestDescent{LineSearch: &optim.Backtracking{ContractionFactor: 1.5}}, nil)
	var pe *optim.ParamError
	if !errors.As(err, &pe) || pe.Method != "Backtracking" || pe.Field != "ContractionFactor" || pe.Value != 1.5 {
		t.Fatalf("err = %v (%+v), want a ParamError for Backtracking.ContractionFactor = 1.5", err, pe)
	}
	if !strings.Contains(err.Error(), "Backtracking.ContractionFactor = 1.5 must be in (0, 1)") {
		t.Errorf("message %q", err)
	}
}
