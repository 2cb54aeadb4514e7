package optim

import (
	"math"

	"github.com/gradnb/gradnb/pkg/objective"
)

// RMSPropState is the running mean square of [RMSProp].
type RMSPropState struct {
	// S is the running average of squared gradients; nil before the first step.
	S []float64
}

// Reset clears the average.
func (s *RMSPropState) Reset() { s.S = nil }

// RMSProp divides each gradient component by the root of its running mean
// square (Tieleman & Hinton 2012), in torch.optim.RMSprop's convention:
//
//	s ← Alpha·s + (1 − Alpha)·g²
//	x ← x − LR·g / (√s + Eps)
//
// with s = 0 at the start; ε is outside the square root (optax's rmsprop puts
// it inside, √(s + ε), and defaults to decay 0.9). Defaults: Alpha 0.99 and
// Eps 1e−8 (torch's). LR has no default. Seed 001 names it as the next
// improvement over momentum. The state is reported in MethodState.S.
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type RMSProp struct {
	LR, Alpha, Eps float64
	State          RMSPropState
}

var _ Method = (*RMSProp)(nil)

func (m *RMSProp) params() (alpha, eps float64) {
	alpha, eps = m.Alpha, m.Eps
	if alpha == 0 {
		alpha = 0.99
	}
	if eps == 0 {
		eps = 1e-8
	}
	return
}

// Init validates the hyperparameters and resets the state.
func (m *RMSProp) Init(objective.Problem, int) error {
	if err := checkLR("RMSProp", "LR", m.LR); err != nil {
		return err
	}
	alpha, eps := m.params()
	if err := checkUnit("RMSProp", "Alpha", alpha); err != nil {
		return err
	}
	if err := checkPos("RMSProp", "Eps", eps); err != nil {
		return err
	}
	m.State.Reset()
	return nil
}

// Step makes one RMSProp update.
func (m *RMSProp) Step(_ *Evaluator, loc Location, next []float64) (StepInfo, error) {
	alpha, eps := m.params()
	if m.State.S == nil {
		m.State.S = make([]float64, len(loc.X))
	}
	s := m.State.S
	for i, g := range loc.Grad {
		s[i] = float64(alpha*s[i]) + float64((1-alpha)*float64(g*g))
		next[i] = loc.X[i] - float64(m.LR*g)/(math.Sqrt(s[i])+eps)
	}
	return StepInfo{Step: m.LR, State: &MethodState{S: s}}, nil
}

// AdaGradState is the gradient-square sum of [AdaGrad].
type AdaGradState struct {
	// S is the sum of squared gradients; nil before the first step.
	S []float64
}

// Reset clears the sum.
func (s *AdaGradState) Reset() { s.S = nil }

// AdaGrad scales each component by the root of its summed squared gradients
// (Duchi, Hazan & Singer 2011), in torch.optim.Adagrad's convention:
//
//	s ← s + g²
//	x ← x − LR·g / (√s + Eps)
//
// with s = 0 at the start and ε outside the root. Defaults: Eps 1e−10
// (torch's). LR has no default. The state is reported in MethodState.S.
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type AdaGrad struct {
	LR, Eps float64
	State   AdaGradState
}

var _ Method = (*AdaGrad)(nil)

// Init validates the hyperparameters and resets the state.
func (m *AdaGrad) Init(objective.Problem, int) error {
	if err := checkLR("AdaGrad", "LR", m.LR); err != nil {
		return err
	}
	if err := checkPos("AdaGrad", "Eps", m.eps()); err != nil {
		return err
	}
	m.State.Reset()
	return nil
}

// eps is Eps with its default.
func (m *AdaGrad) eps() float64 {
	if m.Eps == 0 {
		return 1e-10
	}
	return m.Eps
}

// Step makes one AdaGrad update.
func (m *AdaGrad) Step(_ *Evaluator, loc Location, next []float64) (StepInfo, error) {
	eps := m.eps()
	if m.State.S == nil {
		m.State.S = make([]float64, len(loc.X))
	}
	s := m.State.S
	for i, g := range loc.Grad {
		s[i] += float64(g * g)
		next[i] = loc.X[i] - float64(m.LR*g)/(math.Sqrt(s[i])+eps)
	}
	return StepInfo{Step: m.LR, State: &MethodState{S: s}}, nil
}

// AdamState holds the moment estimates of [Adam].
type AdamState struct {
	// M and V are the first and second moment averages; T counts steps.
	M, V []float64
	T    int
}

// Reset clears the moments.
func (s *AdamState) Reset() { *s = AdamState{} }

// Adam (Kingma & Ba 2015) in torch.optim.Adam's convention:
//
//	m ← Beta1·m + (1 − Beta1)·g,   v ← Beta2·v + (1 − Beta2)·g²
//	m̂ = m/(1 − Beta1ᵗ),            v̂ = v/(1 − Beta2ᵗ)
//	x ← x − LR·m̂ / (√v̂ + Eps)
//
// with m = v = 0 and t counting from 1; ε is added after the root of the
// bias-corrected v̂ (optax's adam does the same by default). Defaults:
// Beta1 0.9, Beta2 0.999, Eps 1e−8. LR has no default. The state is reported
// in MethodState.M, V and T.
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type Adam struct {
	LR, Beta1, Beta2, Eps float64
	State                 AdamState
}

var _ Method = (*Adam)(nil)

func (m *Adam) params() (b1, b2, eps float64) {
	b1, b2, eps = m.Beta1, m.Beta2, m.Eps
	if b1 == 0 {
		b1 = 0.9
	}
	if b2 == 0 {
		b2 = 0.999
	}
	if eps == 0 {
		eps = 1e-8
	}
	return
}

// Init validates the hyperparameters and resets the state.
func (m *Adam) Init(objective.Problem, int) error {
	if err := checkLR("Adam", "LR", m.LR); err != nil {
		return err
	}
	b1, b2, eps := m.params()
	if err := checkUnit("Adam", "Beta1", b1); err != nil {
		return err
	}
	if err := checkUnit("Adam", "Beta2", b2); err != nil {
		return err
	}
	if err := checkPos("Adam", "Eps", eps); err != nil {
		return err
	}
	m.State.Reset()
	return nil
}

// Step makes one Adam update.
func (m *Adam) Step(_ *Evaluator, loc Location, next []float64) (StepInfo, error) {
	b1, b2, eps := m.params()
	st := &m.State
	if st.M == nil {
		st.M, st.V = make([]float64, len(loc.X)), make([]float64, len(loc.X))
	}
	st.T++
	c1 := 1 - math.Pow(b1, float64(st.T))
	c2 := 1 - math.Pow(b2, float64(st.T))
	for i, g := range loc.Grad {
		st.M[i] = float64(b1*st.M[i]) + float64((1-b1)*g)
		st.V[i] = float64(b2*st.V[i]) + float64((1-b2)*float64(g*g))
		mh, vh := st.M[i]/c1, st.V[i]/c2
		next[i] = loc.X[i] - float64(m.LR*mh)/(math.Sqrt(vh)+eps)
	}
	return StepInfo{Step: m.LR, State: &MethodState{M: st.M, V: st.V, T: st.T}}, nil
}
