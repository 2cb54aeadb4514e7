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
