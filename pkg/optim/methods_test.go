package optim_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
)

func run1(t *testing.T, f objective.Func1D, x0 float64, m optim.Method, s *optim.Settings) *optim.Result {
	t.Helper()
	r, err := optim.Minimize1D(f, x0, m, s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// The house decision's hand-checked steps on (x − 3)² from 0, η 0.1, μ 0.9:
// v₁ = −0.1·(−6) = 0.6, x₁ = 0.6; v₂ = 0.54 − 0.1·(−4.8) = 1.02, x₂ = 1.62.
func TestMomentumHandChecked(t *testing.T) {
	q := objective.Quadratic{A: 3}
	r := run1(t, q, 0, &optim.Momentum{LR: 0.1, Momentum: 0.9}, &optim.Settings{MaxIter: 2})
	if x := r.Trace.Xs(0); !near(x[1], 0.6, 1e-15) || !near(x[2], 1.62, 1e-15) {
		t.Errorf("default x₁, x₂ = %v, %v; want 0.6, 1.62", x[1], x[2])
	}
	if v := r.Trace[1].State.V[0]; !near(v, 1.02, 1e-15) {
		t.Errorf("v₂ = %v, want 1.02", v)
	}
	r = run1(t, q, 0, &optim.Momentum{LR: 0.1, Momentum: 0.9, LazyVelocity: true}, &optim.Settings{MaxIter: 2})
	if x := r.Trace.Xs(0); x[1] != 0 || !near(x[2], 0.6, 1e-15) {
		t.Errorf("LazyVelocity x₁, x₂ = %v, %v; want 0, 0.6", x[1], x[2])
	}
}

// Seed 000's run (a = 5, x₀ = −5, lr 0.2, momentum 0.8, 50 lines): the
// LazyVelocity trace is the textbook one delayed by exactly one iteration,
// and the seed's class, re-typed here, gives the same numbers.
func TestMomentumLazyVelocityIsDelayed(t *testing.T) {
	q := objective.Quadratic{A: 5}
	s := &optim.Settings{MaxIter: 49}
	def := run1(t, q, -5, &optim.Momentum{LR: 0.2, Momentum: 0.8}, s)
	lazy := run1(t, q, -5, &optim.Momentum{LR: 0.2, Momentum: 0.8, LazyVelocity: true}, s)
	for k := 1; k < len(lazy.Trace); k++ {
		if lazy.Trace[k].X[0] != def.Trace[k-1].X[0] {
			t.Fatalf("lazy x_%d = %v, default x_%d = %v", k, lazy.Trace[k].X[0], k-1, def.Trace[k-1].X[0])
		}
	}
	// The seed's class: v = None; first update sets v = 0 and keeps x.
	var v *float64
	x := -5.0
	for k := range 50 {
		if got := lazy.Trace[k].X[0]; got != x {
			t.Fatalf("iteration %d: x = %v, seed class %v", k, got, x)
		}
		grad := -2.0 * (5 - x)
		if v == nil {
			v = new(float64)
		} else {
			*v = 0.8**v - 0.2*grad
		}
		x = *v + x
	}
	if !near(lazy.X()[0], 5, 0.05) {
		t.Errorf("after 50 lines x = %v, the seed reaches 5", lazy.X()[0])
	}
}

// Nesterov (Sutskever form) by hand on (x − 3)², η 0.1, μ 0.9:
// v₁ = 0.6, x₁ = 0.6; look-ahead 0.6 + 0.54 = 1.14, ∇ = −3.72,
// v₂ = 0.54 + 0.372 = 0.912, x₂ = 1.512.
func TestNesterovHandChecked(t *testing.T) {
	r := run1(t, objective.Quadratic{A: 3}, 0, &optim.Momentum{LR: 0.1, Momentum: 0.9, Nesterov: true}, &optim.Settings{MaxIter: 2})
	if x := r.Trace.Xs(0); !near(x[1], 0.6, 1e-15) || !near(x[2], 1.512, 1e-14) {
		t.Errorf("x₁, x₂ = %v, %v; want 0.6, 1.512", x[1], x[2])
	}
}

// Conformance with the published update equations (torch.optim), first two
// steps on (x − 3)² from 0 computed independently here.
func TestAdaptiveMethodsFirstSteps(t *testing.T) {
	q := objective.Quadratic{A: 3}
	grad := func(x float64) float64 { return 2 * (x - 3) }
	type step func(x float64, k int) float64
	rms := func() step {
		s := 0.0
		return func(x float64, _ int) float64 {
			g := grad(x)
			s = 0.99*s + 0.01*g*g
			return x - 0.1*g/(math.Sqrt(s)+1e-8)
		}
	}
	ada := func() step {
		s := 0.0
		return func(x float64, _ int) float64 {
			g := grad(x)
			s += g * g
			return x - 0.1*g/(math.Sqrt(s)+1e-10)
		}
	}
	adam := func() step {
		m, v := 0.0, 0.0
		return func(x float64, k int) float64 {
			g := grad(x)
			m = 0.9*m + 0.1*g
			v = 0.999*v + 0.001*g*g
			mh, vh := m/(1-math.Pow(0.9, float64(k))), v/(1-math.Pow(0.999, float64(k)))
			return x - 0.1*mh/(math.Sqrt(vh)+1e-8)
		}
	}
	avg := func() step {
		m := 0.0
		return func(x float64, _ int) float64 {
			m = 0.9*m + 0.1*grad(x)
			return x - 0.1*m
		}
	}
	for _, c := range []struct {
		name string
		m    optim.Method
		ref  step
	}{
		{"RMSProp", &optim.RMSProp{LR: 0.1}, rms()},
		{"AdaGrad", &optim.AdaGrad{LR: 0.1}, ada()},
		{"Adam", &optim.Adam{LR: 0.1}, adam()},
		{"AveragedMomentum", &optim.AveragedMomentum{LR: 0.1, Beta: 0.9}, avg()},
	} {
		r := run1(t, q, 0, c.m, &optim.Settings{MaxIter: 5})
		x := 0.0
		for k := 1; k <= 5; k++ {
			x = c.ref(x, k)
			if got := r.Trace[k].X[0]; !near(got, x, 1e-12) {
				t.Errorf("%s: x_%d = %v, update equation gives %v", c.name, k, got, x)
			}
		}
	}
	// Adam's and AdaGrad's first step is LR·sign(g) up to ε: x₁ ≈ 0.1.
	if r := run1(t, q, 0, &optim.Adam{LR: 0.1}, &optim.Settings{MaxIter: 1}); !near(r.X()[0], 0.1, 1e-9) {
		t.Errorf("Adam x₁ = %v, want ≈ 0.1", r.X()[0])
	}
}

// AveragedMomentum(LR, β) is heavy ball with momentum β and rate (1−β)·LR.
func TestAveragedMomentumEqualsHeavyBall(t *testing.T) {
	f := objective.Valley{}
	s := &optim.Settings{MaxIter: 200}
	a, err := optim.Minimize(f, f.Start(), &optim.AveragedMomentum{LR: 0.02, Beta: 0.9}, s)
	if err != nil {
		t.Fatal(err)
	}
	b, err := optim.Minimize(f, f.Start(), &optim.Momentum{LR: 0.002, Momentum: 0.9}, s)
	if err != nil {
		t.Fatal(err)
	}
	for k := range a.Trace {
		for i := range 2 {
			if !near(a.Trace[k].X[i], b.Trace[k].X[i], 1e-9) {
				t.Fatalf("x_%d: averaged %v, heavy ball %v", k, a.Trace[k].X, b.Trace[k].X)
			}
		}
	}
}

func TestFirstOrderMethodsConverge(t *testing.T) {
	f := objective.Valley{}
	for _, m := range []optim.Method{
		&optim.GradientDescent{LR: 0.01},
		&optim.Momentum{LR: 0.002, Momentum: 0.9},
		&optim.Momentum{LR: 0.002, Momentum: 0.9, Nesterov: true},
		&optim.AveragedMomentum{LR: 0.02, Beta: 0.9},
		&optim.RMSProp{LR: 0.001},
		&optim.AdaGrad{LR: 0.5},
		&optim.Adam{LR: 0.01},
	} {
		r, err := optim.Minimize(f, f.Start(), m, &optim.Settings{MaxIter: 20000, GradTol: 1e-6})
		if err != nil {
			t.Fatalf("%T: %v", m, err)
		}
		if x := r.X(); !near(x[0], 1, 1e-3) || !near(x[1], 1, 2e-3) {
			t.Errorf("%T ended at %v (%v: %s), want (1, 1)", m, x, r.Status, r.Reason)
		}
	}
}

func TestNewtonQuarticStarts(t *testing.T) {
	f := objective.Quartic{}
	s := &optim.Settings{MaxIter: 50, GradTol: 1e-12}
	// From 0.4 (seed 002): f″ < 0, Newton heads for the local maximum 0.
	r := run1(t, f, 0.4, &optim.Newton{}, s)
	if x := r.X()[0]; math.Abs(x) > 1e-8 {
		t.Errorf("from 0.4 Newton ended at %v, want the maximum 0", x)
	}
	if !strings.Contains(r.Trace[0].Note, "negative curvature") || r.Trace[0].State.Curvature != f.D2F(0.4) {
		t.Errorf("first step note %q, state %v: want negative curvature f''(0.4)", r.Trace[0].Note, r.Trace[0].State)
	}
	// From 0.55 it jumps over the maximum to the far minimum −1.
	r = run1(t, f, 0.55, &optim.Newton{}, s)
	if x := r.X()[0]; !near(x, -1, 1e-10) {
		t.Errorf("from 0.55 Newton ended at %v, want −1", x)
	}
	// From 0: f' = 0 already, f″ = −4; no move.
	r = run1(t, f, 0, &optim.Newton{}, &optim.Settings{MaxIter: 3})
	for _, it := range r.Trace {
		if it.X[0] != 0 {
			t.Errorf("from 0 Newton moved to %v", it.X[0])
		}
	}
	// Safeguarded from 0.4: gradient steps (towards +1) while f″ ≤ 0.
	r = run1(t, f, 0.4, &optim.Newton{Safeguarded: true, FallbackLR: 0.1}, s)
	if x := r.X()[0]; !near(x, 1, 1e-10) {
		t.Errorf("safeguarded Newton from 0.4 ended at %v, want 1", x)
	}
	if !strings.Contains(r.Trace[0].Note, "safeguard") || r.Trace[1].X[0] != 0.4-0.1*f.DF(0.4) {
		t.Errorf("first safeguarded step: note %q, x₁ %v", r.Trace[0].Note, r.Trace[1].X[0])
	}
}

// linear is f(x) = 3x: f″ = 0 everywhere.
type linear struct{}

func (linear) F(x float64) float64   { return 3 * x }
func (linear) DF(float64) float64    { return 3 }
func (linear) D2F(float64) float64   { return 0 }
func (linear) Minima() []interface{} { return nil }

func TestNewtonZeroCurvatureIsBreakdown(t *testing.T) {
	r := run1(t, linear{}, 1, &optim.Newton{}, nil)
	if r.Status != optim.Breakdown || !strings.Contains(r.Reason, "zero curvature") || len(r.Trace) != 1 {
		t.Errorf("status %v, reason %q, %d iterates: want breakdown at once", r.Status, r.Reason, len(r.Trace))
	}
	if r.Trace[0].Note == "" || !allFinite(r.Trace) {
		t.Errorf("trace %+v: want a note and finite values", r.Trace)
	}
	// Safeguarded falls back to gradient steps instead.
	r = run1(t, linear{}, 1, &optim.Newton{Safeguarded: true, FallbackLR: 0.5}, &optim.Settings{MaxIter: 2})
	if r.Status == optim.Breakdown || r.X()[0] != -2 {
		t.Errorf("safeguarded: status %v, x %v; want x = 1 − 2·1.5 = −2", r.Status, r.X())
	}
}

func allFinite(tr optim.Trace) bool {
	for _, it := range tr {
		for _, v := range append(append([]float64{it.F}, it.X...), it.Grad...) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

// quad2 is a 2-D quadratic ½xᵀAx − bᵀx with a given symmetric A.
type quad2 struct{ a [3]float64 } // a11, a12, a22; b = (1, 1)

func (q quad2) Func(x []float64) float64 {
	return 0.5*(q.a[0]*x[0]*x[0]+2*q.a[1]*x[0]*x[1]+q.a[2]*x[1]*x[1]) - x[0] - x[1]
}
func (q quad2) Grad(g, x []float64) {
	g[0] = q.a[0]*x[0] + q.a[1]*x[1] - 1
	g[1] = q.a[1]*x[0] + q.a[2]*x[1] - 1
}
func (q quad2) Hess(h *mat.SymDense, _ []float64) {
	h.SetSym(0, 0, q.a[0])
	h.SetSym(0, 1, q.a[1])
	h.SetSym(1, 1, q.a[2])
}

func TestNewtonND(t *testing.T) {
	// Positive definite: one step solves A x = b; 2×2 inverse by hand.
	q := quad2{[3]float64{4, 1, 3}}
	r, err := optim.Minimize(q, []float64{0.3, -2}, &optim.Newton{}, &optim.Settings{MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	det := 4*3 - 1.0
	want := []float64{(3 - 1) / det, (4 - 1) / det}
	if x := r.X(); !near(x[0], want[0], 1e-14) || !near(x[1], want[1], 1e-14) {
		t.Errorf("Newton step to %v, want %v", x, want)
	}
	// Indefinite: the step goes to the saddle, with a note.
	r, err = optim.Minimize(quad2{[3]float64{1, 0, -1}}, []float64{2, 3}, &optim.Newton{}, &optim.Settings{MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	if x := r.X(); !near(x[0], 1, 1e-15) || !near(x[1], -1, 1e-15) || !strings.Contains(r.Trace[0].Note, "indefinite") {
		t.Errorf("indefinite: x %v note %q; want the saddle (1, −1) and a note", x, r.Trace[0].Note)
	}
	// Singular: breakdown, no NaN.
	r, err = optim.Minimize(quad2{[3]float64{1, 1, 1}}, []float64{2, 3}, &optim.Newton{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != optim.Breakdown || !strings.Contains(r.Reason, "singular") || !allFinite(r.Trace) {
		t.Errorf("singular: status %v, reason %q", r.Status, r.Reason)
	}
	// Missing Hessian: rejected before the first step.
	type onlyGrad struct{ objective.Problem }
	if _, err := optim.Minimize(onlyGrad{objective.Valley{}}, []float64{0, 1}, &optim.Newton{}, nil); !errors.Is(err, optim.ErrMissingHess) {
		t.Errorf("err = %v, want ErrMissingHess", err)
	}
}

// Newton on the valley against gonum's Newton (an independent
// implementation with its own line search and Hessian modification): both
// must reach the minimum (1, 1). From the seed's start (0, 1) the Hessian is
// indefinite and our pure Newton's first step goes to the saddle direction
// (noted in the trace) before converging quadratically.
func TestNewtonValleyAgainstGonum(t *testing.T) {
	f := objective.Valley{}
	for _, x0 := range [][]float64{{0, 1}, {-1.2, 1}, {2, 3}} {
		r, err := optim.Minimize(f, x0, &optim.Newton{}, &optim.Settings{MaxIter: 50, GradTol: 1e-10})
		if err != nil {
			t.Fatal(err)
		}
		g, err := optimize.Minimize(optimize.Problem{Func: f.Func, Grad: f.Grad, Hess: f.Hess}, x0, nil, &optimize.Newton{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if !near(r.X()[i], g.X[i], 1e-7) || !near(r.X()[i], 1, 1e-7) {
				t.Errorf("from %v: ours %v (%v), gonum %v", x0, r.X(), r.Status, g.X)
			}
		}
	}
}

func TestSteepestDescentLineSearches(t *testing.T) {
	f := objective.Valley{}
	// Backtracking: every accepted step satisfies gonum's Armijo predicate
	// and our trial list ends at the accepted step.
	r, err := optim.Minimize(f, f.Start(), &optim.SteepestDescent{LineSearch: &optim.Backtracking{}}, &optim.Settings{MaxIter: 3000, GradTol: 1e-8})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range r.Updates() {
		g2 := it.Grad[0]*it.Grad[0] + it.Grad[1]*it.Grad[1]
		next := r.Trace[it.K+1]
		if !optimize.ArmijoConditionMet(next.F, it.F, -g2, it.Step, 1e-4) {
			t.Fatalf("iteration %d: step %v fails Armijo", it.K, it.Step)
		}
		if last := it.Trials[len(it.Trials)-1]; last.Alpha != it.Step {
			t.Fatalf("iteration %d: last trial %v, step %v", it.K, last, it.Step)
		}
	}
	if x := r.X(); !near(x[0], 1, 1e-6) || !near(x[1], 1, 1e-6) {
		t.Errorf("backtracking ended at %v (%v)", x, r.Status)
	}
	// gonum's gradient descent with its backtracking reaches the same point.
	g, err := optimize.Minimize(optimize.Problem{Func: f.Func, Grad: f.Grad}, f.Start(),
		&optimize.Settings{GradientThreshold: 1e-8, MajorIterations: 100000},
		&optimize.GradientDescent{Linesearcher: &optimize.Backtracking{}})
	if err != nil {
		t.Fatal(err)
	}
	if !near(g.X[0], r.X()[0], 1e-6) || !near(g.X[1], r.X()[1], 1e-6) {
		t.Errorf("gonum %v, ours %v", g.X, r.X())
	}
	// Exact line search: successive gradients are orthogonal (φ'(α) = 0).
	r, err = optim.Minimize(f, f.Start(), &optim.SteepestDescent{LineSearch: &optim.GoldenSection{}}, &optim.Settings{MaxIter: 20})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k+1 < len(r.Trace); k++ {
		a, b := r.Trace[k].Grad, r.Trace[k+1].Grad
		cos := (a[0]*b[0] + a[1]*b[1]) / math.Hypot(a[0], a[1]) / math.Hypot(b[0], b[1])
		if math.Abs(cos) > 1e-3 {
			t.Errorf("iteration %d: cos(∇f_k, ∇f_k+1) = %v, want ≈ 0", k, cos)
		}
	}
}

// Exact line search on a quadratic: α = gᵀg / gᵀAg.
func TestGoldenSectionQuadratic(t *testing.T) {
	q := quad2{[3]float64{4, 1, 3}}
	x0 := []float64{0.3, -2}
	r, err := optim.Minimize(q, x0, &optim.SteepestDescent{LineSearch: &optim.GoldenSection{}}, &optim.Settings{MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, 2)
	q.Grad(g, x0)
	ag := []float64{4*g[0] + g[1], g[0] + 3*g[1]}
	want := (g[0]*g[0] + g[1]*g[1]) / (g[0]*ag[0] + g[1]*ag[1])
	if got := r.Trace[0].Step; !near(got, want, 1e-8) {
		t.Errorf("α = %v, want %v", got, want)
	}
}

func TestStochastic(t *testing.T) {
	x, y := objective.LineData(100, 2, 1, 0.5, 7)
	ls, err := objective.NewLeastSquares(x, y)
	if err != nil {
		t.Fatal(err)
	}
	// Independent closed form: gonum's stat.LinearRegression (y = α + βx).
	alpha, beta := stat.LinearRegression(x, y, nil, false)
	for _, m := range []optim.Method{
		&optim.SGD{LR: 0.002, Seed: 1},
		&optim.Stochastic{Method: &optim.AveragedMomentum{LR: 0.002, Beta: 0.9}, Seed: 1},
		&optim.Stochastic{Method: &optim.RMSProp{LR: 0.01}, Seed: 1},
	} {
		r, err := optim.Minimize(ls, []float64{30, 30}, m, &optim.Settings{MaxIter: 20000, DivergenceFactor: math.Inf(1)})
		if err != nil {
			t.Fatal(err)
		}
		// The last 1000 iterates average to the least-squares line.
		var a, b float64
		for _, it := range r.Trace[len(r.Trace)-1000:] {
			a += it.X[0] / 1000
			b += it.X[1] / 1000
		}
		if !near(a, beta, 0.05) || !near(b, alpha, 0.3) {
			t.Errorf("%T: mean of last iterates (%v, %v), least squares (%v, %v)", m, a, b, beta, alpha)
		}
		seen := map[int]bool{}
		for _, it := range r.Updates() {
			if it.State == nil || it.State.Sample < 0 || it.State.Sample >= 100 {
				t.Fatalf("%T: iterate %d state %+v: want a sample index in [0, 100)", m, it.K, it.State)
			}
			seen[it.State.Sample] = true
		}
		if len(seen) != 100 {
			t.Errorf("%T: %d distinct samples drawn in 20000 steps, want all 100", m, len(seen))
		}
		if r.Stats.SampleGradEvals != 20000 {
			t.Errorf("%T: %d sample gradients, want 20000", m, r.Stats.SampleGradEvals)
		}
	}
	// Same seed, same run; another seed, another run.
	run := func(seed uint64) optim.Trace {
		r, err := optim.Minimize(ls, []float64{30, 30}, &optim.SGD{LR: 0.002, Seed: seed}, &optim.Settings{MaxIter: 300})
		if err != nil {
			t.Fatal(err)
		}
		return r.Trace
	}
	if a, b := run(3), run(3); !reflect.DeepEqual(a, b) {
		t.Error("same seed gave different traces")
	}
	if a, b := run(3), run(4); reflect.DeepEqual(a, b) {
		t.Error("different seeds gave the same trace")
	}
	// Stochastic needs samples.
	if _, err := optim.Minimize(objective.Valley{}, []float64{0, 1}, &optim.SGD{LR: 0.1}, nil); !errors.Is(err, optim.ErrMissingSamples) {
		t.Errorf("err = %v, want ErrMissingSamples", err)
	}
}

func TestSameRunTwiceIdentical(t *testing.T) {
	f := objective.Valley{}
	for _, mk := range []func() optim.Method{
		func() optim.Method { return &optim.Momentum{LR: 0.002, Momentum: 0.9} },
		func() optim.Method { return &optim.Adam{LR: 0.01} },
		func() optim.Method { return &optim.Newton{} },
		func() optim.Method { return &optim.SteepestDescent{LineSearch: &optim.Backtracking{}} },
		func() optim.Method { return &optim.SteepestDescent{LineSearch: optim.SeedGridSearch(true)} },
	} {
		m := mk()
		a, err := optim.Minimize(f, f.Start(), m, &optim.Settings{MaxIter: 50})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := optim.Minimize(f, f.Start(), m, &optim.Settings{MaxIter: 50}) // same value reused: Init resets
		c, _ := optim.Minimize(f, f.Start(), mk(), &optim.Settings{MaxIter: 50})
		if !reflect.DeepEqual(a.Trace, b.Trace) || !reflect.DeepEqual(a.Trace, c.Trace) {
			t.Errorf("%T: traces differ between identical runs", m)
		}
	}
}

func TestValidation(t *testing.T) {
	q := objective.Quadratic{A: 3}
	bad := []float64{0, -1, math.NaN(), math.Inf(1)}
	for _, lr := range bad {
		for _, c := range []struct {
			m     optim.Method
			field string
		}{
			{&optim.GradientDescent{LR: lr}, "GradientDescent.LR"},
			{&optim.Momentum{LR: lr, Momentum: 0.5}, "Momentum.LR"},
			{&optim.AveragedMomentum{LR: lr, Beta: 0.5}, "AveragedMomentum.LR"},
			{&optim.RMSProp{LR: lr}, "RMSProp.LR"},
			{&optim.AdaGrad{LR: lr}, "AdaGrad.LR"},
			{&optim.Adam{LR: lr}, "Adam.LR"},
		} {
			checkErr(t, q, c.m, "optim: "+c.field+" = "+fmt.Sprint(lr))
		}
		if lr != 0 { // Newton: LR 0 means 1
			checkErr(t, q, &optim.Newton{LR: lr}, "optim: Newton.LR = "+fmt.Sprint(lr))
		}
		checkErr(t, q, &optim.Newton{Safeguarded: true, FallbackLR: lr}, "optim: Newton.FallbackLR = "+fmt.Sprint(lr))
	}
	for _, mu := range []float64{1, 1.5, -0.1, math.NaN(), math.Inf(-1)} {
		checkErr(t, q, &optim.Momentum{LR: 0.1, Momentum: mu}, "optim: Momentum.Momentum = "+fmt.Sprint(mu))
		checkErr(t, q, &optim.AveragedMomentum{LR: 0.1, Beta: mu}, "optim: AveragedMomentum.Beta = "+fmt.Sprint(mu))
		checkErr(t, q, &optim.RMSProp{LR: 0.1, Alpha: mu}, "optim: RMSProp.Alpha = "+fmt.Sprint(mu))
		checkErr(t, q, &optim.Adam{LR: 0.1, Beta2: mu}, "optim: Adam.Beta2 = "+fmt.Sprint(mu))
	}
	checkErr(t, q, &optim.RMSProp{LR: 0.1, Eps: -1}, "optim: RMSProp.Eps = -1")
	checkErr(t, q, &optim.SteepestDescent{LineSearch: &optim.Backtracking{ContractionFactor: 1}}, "ContractionFactor = 1")
	checkErr(t, q, &optim.SteepestDescent{LineSearch: &optim.Backtracking{DecreaseFactor: -0.5}}, "DecreaseFactor = -0.5")
	checkErr(t, q, &optim.SteepestDescent{}, "optim: SteepestDescent.LineSearch is nil")
	checkErr(t, q, &optim.SteepestDescent{LineSearch: &optim.GridSearch{Grid: linesearch.Grid{Start: 1, Stop: 0, Step: 0.1}}}, "is empty")
	checkErr(t, q, &optim.SteepestDescent{LineSearch: &optim.GridSearch{Grid: linesearch.Grid{Start: 0, Stop: 1, Step: 0.1}, Fast: true}}, "LinePolynomial")
	checkErr(t, q, &optim.Stochastic{Seed: 1}, "optim:")
	if _, err := optim.Minimize(objective.Valley{}, []float64{0, 1, 2}, &optim.GradientDescent{LR: 0.1}, nil); err == nil ||
		!strings.Contains(err.Error(), "x0 has 3 coordinates, the problem has dimension 2") {
		t.Errorf("dimension mismatch: err = %v", err)
	}
	if _, err := optim.Minimize(q1(), []float64{math.NaN()}, &optim.GradientDescent{LR: 0.1}, nil); err == nil || !strings.Contains(err.Error(), "x0[0] = NaN") {
		t.Errorf("NaN start: err = %v", err)
	}
}

func q1() objective.Problem { return objective.AsND(objective.Quadratic{A: 3}) }

func checkErr(t *testing.T, f objective.Func1D, m optim.Method, want string) {
	t.Helper()
	p := objective.AsND(f)
	if _, ok := m.(*optim.Stochastic); ok {
		ls, _ := objective.NewLeastSquares([]float64{1, 2}, []float64{1, 2})
		p = ls
	}
	x0 := make([]float64, 1)
	if d, ok := p.(objective.Dimensioner); ok {
		x0 = make([]float64, d.Dim())
	}
	_, err := optim.Minimize(p, x0, m, nil)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%T%+v: err = %v, want it to contain %q", m, m, err, want)
	}
}

func ExampleMomentum() {
	// The house check: (x − 3)² from 0, η = 0.1, μ = 0.9.
	q := objective.Quadratic{A: 3}
	for _, m := range []*optim.Momentum{
		{LR: 0.1, Momentum: 0.9},
		{LR: 0.1, Momentum: 0.9, LazyVelocity: true}, // seed 000's printout
	} {
		r, _ := optim.Minimize1D(q, 0, m, &optim.Settings{MaxIter: 2})
		fmt.Printf("lazy=%v: x1=%.4g x2=%.4g\n", m.LazyVelocity, r.Trace[1].X[0], r.Trace[2].X[0])
	}
	// Output:
	// lazy=false: x1=0.6 x2=1.62
	// lazy=true: x1=0 x2=0.6
}

func ExampleNewton_curvature() {
	// Seed 002: from 0.4 the curvature is negative and Newton heads for the
	// local maximum at 0; the trace says so.
	r, _ := optim.Minimize1D(objective.Quartic{}, 0.4, &optim.Newton{}, &optim.Settings{MaxIter: 2})
	for _, it := range r.Updates() {
		fmt.Printf("x=%.4f f''=%.3f %s\n", it.X[0], it.State.Curvature, it.Note)
	}
	// Output:
	// x=0.4000 f''=-2.080 negative curvature f'' = -2.08: the Newton step heads for a maximum
	// x=-0.2462 f''=-3.273 negative curvature f'' = -3.273: the Newton step heads for a maximum
}

func ExampleSGD() {
	// Least squares for y = a·x + b on 100 noisy samples of y = 2x + 1.
	x, y := objective.LineData(100, 2, 1, 0.5, 7)
	ls, _ := objective.NewLeastSquares(x, y)
	a, b, _ := ls.Solve()
	r, _ := optim.Minimize(ls, []float64{30, 30}, &optim.SGD{LR: 0.002, Seed: 1}, &optim.Settings{MaxIter: 20000})
	fmt.Printf("closed form a=%.1f b=%.1f\n", a, b)
	fmt.Printf("SGD         a=%.1f b=%.1f\n", r.X()[0], r.X()[1])
	// Output:
	// closed form a=2.0 b=1.0
	// SGD         a=2.0 b=1.0
}
