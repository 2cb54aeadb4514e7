package optim_test

import (
	"math"
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// checkResult asserts the run-loop contract: a result whose trace has a
// non-finite value, or whose last iterate is not finite, must be Diverged,
// and the trace itself never holds NaN or Inf.
func checkResult(t *testing.T, r *optim.Result, err error) {
	t.Helper()
	if err != nil {
		return // bad input is an error, fine
	}
	if len(r.Trace) == 0 {
		t.Fatal("empty trace")
	}
	if r.Status == optim.NotFinished || r.Method == "" {
		t.Fatalf("status %v, method %q: a finished run has both", r.Status, r.Method)
	}
	for i := 1; i < len(r.Trace); i++ {
		if r.Trace[i].K <= r.Trace[i-1].K {
			t.Fatalf("K not increasing: %d after %d", r.Trace[i].K, r.Trace[i-1].K)
		}
	}
	if !allFinite(r.Trace) {
		t.Fatalf("non-finite value in the trace (status %v)", r.Status)
	}
	for _, it := range r.Trace {
		if st := it.State; st != nil {
			for _, vs := range [][]float64{st.V, st.M, st.S, {st.Curvature}} {
				for _, v := range vs {
					if math.IsNaN(v) {
						t.Fatalf("NaN in state %+v (status %v)", *st, r.Status)
					}
				}
			}
		}
	}
}

// FuzzMethods runs every update rule on the 1-D objectives and the valley
// with arbitrary hyperparameters and starts: no panic, no NaN in the trace,
// and divergence reported as a status.
func FuzzMethods(f *testing.F) {
	f.Add(uint8(0), 0.1, 0.9, 2.0, -1.0)
	f.Add(uint8(1), 0.2, 0.8, -5.0, 3.0)
	f.Add(uint8(2), 1.0, 0.0, 1/math.Sqrt(3), 0.0)
	f.Add(uint8(3), 1e300, 0.5, 1e10, 1e-300)
	f.Add(uint8(4), math.NaN(), 0.99, 0.0, 0.0)
	f.Add(uint8(5), 3.0, -1.0, 0.55, 7.0)
	f.Add(uint8(6), 0.01, 0.5, 0.4, 0.4)
	f.Add(uint8(7), 0.5, 0.1, -1e6, 2.0)
	// Issue 11: a finite start whose loss overflows (quartic at 1e80,
	// quadratic at 1e200) is ErrFunc, not an empty trace.
	f.Add(uint8(0), 0.1, 0.0, 1e80, 0.0)
	f.Add(uint8(0), 0.1, 0.0, 1e200, 1e200)
	// Backtracking from 3 on (5 − x)² lands exactly on 5 (∇f = 0).
	f.Add(uint8(9), 1.0, 0.0, 3.0, 3.0)
	f.Fuzz(func(t *testing.T, which uint8, lr, mu, x0, x1 float64) {
		methods := []optim.Method{
			&optim.GradientDescent{LR: lr},
			&optim.Momentum{LR: lr, Momentum: mu},
			&optim.Momentum{LR: lr, Momentum: mu, LazyVelocity: true, Nesterov: true},
			&optim.AveragedMomentum{LR: lr, Beta: mu},
			&optim.RMSProp{LR: lr, Alpha: mu},
			&optim.AdaGrad{LR: lr},
			&optim.Adam{LR: lr, Beta1: mu},
			&optim.Newton{LR: math.Abs(lr)},
			&optim.Newton{Safeguarded: true, FallbackLR: lr},
			&optim.SteepestDescent{LineSearch: &optim.Backtracking{InitialStep: math.Abs(lr)}},
			&optim.SteepestDescent{LineSearch: &optim.GoldenSection{InitialStep: math.Abs(lr)}},
		}
		m := methods[int(which)%len(methods)]
		s := &optim.Settings{MaxIter: 30}
		for _, fn := range []objective.Func1D{objective.Quadratic{A: 5}, objective.Wavy{}, objective.Quartic{}} {
			r, err := optim.Minimize1D(fn, x0, m, s)
			checkResult(t, r, err)
		}
		r, err := optim.Minimize(objective.Valley{}, []float64{x0, x1}, m, s)
		checkResult(t, r, err)
	})
}

// FuzzStochastic checks SGD-style runs on arbitrary data.
func FuzzStochastic(f *testing.F) {
	f.Add(1.0, 2.0, 3.0, 5.0, 0.01, uint64(1))
	f.Add(0.0, 0.0, 1.0, 1.0, 10.0, uint64(2))
	f.Add(1e200, -1e200, 1.0, 2.0, 1.0, uint64(3))
	f.Fuzz(func(t *testing.T, xa, xb, ya, yb, lr float64, seed uint64) {
		ls, err := objective.NewLeastSquares([]float64{xa, xb}, []float64{ya, yb})
		if err != nil {
			return
		}
		for _, m := range []optim.Method{
			&optim.SGD{LR: lr, Seed: seed},
			&optim.Stochastic{Method: &optim.Adam{LR: lr}, Seed: seed},
		} {
			r, err := optim.Minimize(ls, []float64{0, 0}, m, &optim.Settings{MaxIter: 20})
			checkResult(t, r, err)
		}
	})
}

// FuzzSettings runs gradient descent with arbitrary run-loop settings:
// bad ones are errors, good ones finish with a bounded, increasing trace.
func FuzzSettings(f *testing.F) {
	f.Add(100, 0.0, 0.0, 0.0, 0, false, 1.0)
	f.Add(1000, 1e-3, 1e-12, 0.5, 7, false, 0.1)
	f.Add(5000, 0.0, 0.0, math.Inf(1), 4, false, 1.0)
	f.Add(50, 0.0, 0.0, math.NaN(), 0, true, 0.9)
	f.Add(-1, -1.0, math.NaN(), 1.0, 3, false, 1.1)
	f.Fuzz(func(t *testing.T, maxIter int, gradTol, xTol, factor float64, traceCap int, full bool, lr float64) {
		if maxIter > 20000 {
			maxIter %= 20000
		}
		s := &optim.Settings{MaxIter: maxIter, GradTol: gradTol, XTol: xTol, Target: []float64{5},
			DivergenceFactor: factor, TraceCap: traceCap, FullTrace: full}
		r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: lr}, s)
		checkResult(t, r, err)
		if err != nil {
			return
		}
		if factor != 0 && !(factor >= 1) {
			t.Fatalf("DivergenceFactor %v accepted", factor)
		}
		capN := traceCap
		if capN == 0 {
			capN = optim.DefaultTraceCap
		}
		if !full && len(r.Trace) > capN {
			t.Fatalf("trace of %d iterates exceeds TraceCap %d", len(r.Trace), capN)
		}
		if r.Trace[0].K != 0 {
			t.Fatalf("first iterate K = %d", r.Trace[0].K)
		}
		if r.Status == optim.IterationLimit && r.Trace[len(r.Trace)-1].K != max(maxIter, 100*btoi(maxIter == 0)) {
			t.Fatalf("iteration limit with last K = %d, MaxIter %d", r.Trace[len(r.Trace)-1].K, maxIter)
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
