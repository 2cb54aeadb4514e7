package optim

import "github.com/gradnb/gradnb/pkg/objective"

// GradientDescent is gradient descent with a fixed learning rate:
//
//	x ← x − LR·∇f(x)
//
// LR has no default: zero, negative, NaN or infinite is an error.
// Introduced in notebooks/01_gradient_descent.ipynb.
type GradientDescent struct {
	LR float64
}

var _ Method = (*GradientDescent)(nil)

// Init validates LR.
func (m *GradientDescent) Init(objective.Problem, int) error {
	return checkLR("GradientDescent", "LR", m.LR)
}

// Step writes x − LR·∇f(x) into next.
func (m *GradientDescent) Step(_ *Evaluator, loc Location, next []float64) (StepInfo, error) {
	for i, x := range loc.X {
		// The conversion keeps the product rounded on its own, as in
		// Python, even where Go could fuse it into an FMA.
		next[i] = x - float64(m.LR*loc.Grad[i])
	}
	return StepInfo{Step: m.LR}, nil
}

// String returns "GradientDescent(lr=…)".
func (m *GradientDescent) String() string { return call("GradientDescent", "lr", num(m.LR)) }
