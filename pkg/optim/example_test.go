package optim_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// Gradient descent on seed 004's loss L = (5 − x)² from x = −5 with learning
// rate 0.1, printed in the seed's format.
func ExampleMinimize1D() {
	loss := objective.Quadratic{A: 5}
	r, err := optim.Minimize1D(loss, -5, &optim.GradientDescent{LR: 0.1}, &optim.Settings{MaxIter: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	r.Fprint(os.Stdout, optim.FormatIteration)
	fmt.Printf("%s, x = %.4f\n", r.Status, r.X()[0])
	// Output:
	// 0-th iteration, x=-5.000, loss: 100.000, grad: -20.000
	// 1-th iteration, x=-3.000, loss: 64.000, grad: -16.000
	// 2-th iteration, x=-1.400, loss: 40.960, grad: -12.800
	// iteration limit, x = -0.1200
}

// A learning rate above 1 makes gradient descent on (5 − x)² diverge: the
// run stops with the Diverged status and says why, instead of producing
// NaN. Printing shows the last iterate and the reason.
func ExampleMinimize1D_diverged() {
	r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: 1.1}, &optim.Settings{MaxIter: 30})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, len(r.Trace))
	fmt.Println(r.Reason)
	// Output:
	// diverged 27
	// the loss 1.31e+06 at iteration 26 exceeds 10000 × the initial loss
}

// Hyperparameters are validated before the first step; the error names the
// field and the value, and errors.As finds which ones.
func ExampleGradientDescent_invalid() {
	_, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: -0.1}, nil)
	fmt.Println(err)
	var pe *optim.ParamError
	if errors.As(err, &pe) {
		fmt.Println(pe.Method, pe.Field, pe.Value)
	}
	// Output:
	// optim: GradientDescent.LR = -0.1: the learning rate must be positive and finite
	// GradientDescent LR -0.1
}

// A Result names its method and hyperparameters, and each iterate carries
// the method's state as typed fields: here Momentum's velocity v.
func ExampleMomentum_state() {
	r, err := optim.Minimize1D(objective.Quadratic{A: 3}, 0, &optim.Momentum{LR: 0.1, Momentum: 0.9}, &optim.Settings{MaxIter: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Method)
	for _, it := range r.Updates() {
		fmt.Printf("x%d = %.2f, then v = %.3f\n", it.K, it.X[0], it.State.V[0])
	}
	fmt.Printf("x2 = %.2f\n", r.X()[0])
	// Output:
	// Momentum(lr=0.1, momentum=0.9)
	// x0 = 0.00, then v = 0.600
	// x1 = 0.60, then v = 1.020
	// x2 = 1.62
}

// A typo such as MaxIter: 1e8 cannot exhaust memory: beyond
// Settings.TraceCap iterates the trace keeps its first half verbatim and
// thins the rest, always keeping the last iterate with its true K.
func ExampleSettings_traceCap() {
	r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: 1.0},
		&optim.Settings{MaxIter: 1_000_000, TraceCap: 1000})
	if err != nil {
		fmt.Println(err)
		return
	}
	last := r.Trace[len(r.Trace)-1]
	fmt.Println(r.Status, len(r.Trace) <= 1000, r.Trace[499].K, last.K, last.X[0])
	// Output:
	// iteration limit true 499 1000000 -5
}

// Newton's method on the valley of seed 003 from its start (0, 1), in two
// dimensions with a Hessian solve.
func ExampleMinimize() {
	f := objective.Valley{}
	r, err := optim.Minimize(f, []float64{0, 1}, &optim.Newton{}, &optim.Settings{MaxIter: 50, GradTol: 1e-10})
	if err != nil {
		fmt.Println(err)
		return
	}
	x := r.X()
	fmt.Printf("%s after %d updates: x = (%.6f, %.6f)\n", r.Status, len(r.Updates()), x[0], x[1])
	// Output:
	// gradient tolerance after 6 updates: x = (1.000000, 1.000000)
}

// A nil objective is an error, not a panic.
func ExampleMinimize1D_nilObjective() {
	_, err := optim.Minimize1D(nil, 0, &optim.GradientDescent{LR: 0.1}, nil)
	fmt.Println(err)
	_, err = optim.Minimize(nil, []float64{0}, &optim.GradientDescent{LR: 0.1}, nil)
	fmt.Println(err)
	// Output:
	// optim: nil objective
	// optim: nil objective
}
