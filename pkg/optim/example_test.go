package optim_test

import (
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
// field and the value.
func ExampleGradientDescent_invalid() {
	_, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: -0.1}, nil)
	fmt.Println(err)
	// Output:
	// optim: GradientDescent.LR = -0.1: the learning rate must be positive and finite
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
