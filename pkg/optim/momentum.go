package optim

import (
	"math"
)

// MomentumState is the velocity of [Momentum].
type MomentumState struct {
	// V is the velocity v; nil before the first step.
	V []float64
}

// Reset clears the velocity.
func (s *MomentumState) Reset() { s.V = nil }

// Momentum is the heavy-ball momentum method of seed 000 (Polyak 1964):
//
//	v ← Momentum·v − LR·∇f(x)
//	x ← x + v
//
// with v = 0 at the start, so the first step is a plain gradient step
// x₁ = x₀ − LR·∇f(x₀). (seed 000 writes α for Momentum and η for LR.) This
// is the Sutskever form; torch.optim.SGD(momentum=μ) writes the same
// iterates as b ← μb + ∇f(x), x ← x − LR·b with b = −v/LR at constant LR.
// On (x − 3)² from x₀ = 0 with LR 0.1 and Momentum 0.9: x₁ = 0.6, x₂ = 1.62.
//
// LR has no default and must be positive and finite; Momentum must be in
// [0, 1) (0 is plain gradient descent). The state is reported as "v".
//
// LazyVelocity reproduces the Momentum class of seed 000, whose first call
// only sets v = 0 and returns x unchanged, so its printed trace is the
// textbook trace delayed by one iteration (x₁ = 0, x₂ = 0.6 in the example
// above). It is a quirk of that source, never the default; set it only to
// reproduce the seed's printout.
//
// Nesterov switches to Nesterov's accelerated gradient in Sutskever's form,
// which evaluates the gradient at the look-ahead point x + Momentum·v:
//
//	v ← Momentum·v − LR·∇f(x + Momentum·v)
//	x ← x + v
//
// at the cost of one extra gradient evaluation per step.
// Introduced in notebooks/02_momentum.ipynb.
type Momentum struct {
	LR, Momentum float64
	Nesterov     bool
	LazyVelocity bool
	State        MomentumState
	look, lg     []float64
}

var _ Method = (*Momentum)(nil)

// Init validates the hyperparameters and resets the velocity.
func (m *Momentum) Init(dim int) error {
	if err := checkLR("Momentum", "LR", m.LR); err != nil {
		return err
	}
	if err := checkUnit("Momentum", "Momentum", m.Momentum); err != nil {
		return err
	}
	m.State.Reset()
	return nil
}

// Step makes one heavy-ball (or Nesterov) update.
func (m *Momentum) Step(e *Evaluator, loc Location, next []float64) (StepInfo, error) {
	n := len(loc.X)
	if m.State.V == nil {
		m.State.V = make([]float64, n)
		if m.LazyVelocity {
			copy(next, loc.X)
			return StepInfo{Step: m.LR, State: map[string][]float64{"v": m.State.V}, Note: "LazyVelocity: first call only sets v = 0"}, nil
		}
	}
	g := loc.Grad
	if m.Nesterov {
		if len(m.look) != n {
			m.look, m.lg = make([]float64, n), make([]float64, n)
		}
		for i := range m.look {
			m.look[i] = loc.X[i] + float64(m.Momentum*m.State.V[i])
		}
		e.Grad(m.lg, m.look)
		g = m.lg
	}
	v := m.State.V
	for i := range v {
		v[i] = float64(m.Momentum*v[i]) - float64(m.LR*g[i])
		next[i] = v[i] + loc.X[i]
	}
	return StepInfo{Step: m.LR, State: map[string][]float64{"v": v}}, nil
}

// AveragedMomentumState is the averaged gradient of [AveragedMomentum].
type AveragedMomentumState struct {
	// M is the running average m; nil before the first step.
	M []float64
}

// Reset clears the average.
func (s *AveragedMomentumState) Reset() { s.M = nil }

// AveragedMomentum is momentum in the averaged-gradient form of seed 001
// (an exponential moving average of the gradients):
//
//	m ← Beta·m + (1 − Beta)·∇f(x)
//	x ← x − LR·m
//
// with m = 0 at the start (no bias correction), so the first step is
// (1 − Beta)·LR·∇f(x₀). Seed 001 uses LR 0.002 and Beta 0.9 on least squares
// with one random sample per step (wrap it in [Stochastic]). At constant LR
// it is heavy-ball [Momentum] with Momentum = Beta and learning rate
// (1 − Beta)·LR. torch's SGD(momentum=β, dampening=β) differs only in its
// first step, which sets m = ∇f(x₀).
//
// LR must be positive and finite; Beta must be in [0, 1); there are no
// defaults. The state is reported as "m".
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type AveragedMomentum struct {
	LR, Beta float64
	State    AveragedMomentumState
}

var _ Method = (*AveragedMomentum)(nil)

// Init validates the hyperparameters and resets the average.
func (m *AveragedMomentum) Init(int) error {
	if err := checkLR("AveragedMomentum", "LR", m.LR); err != nil {
		return err
	}
	if err := checkUnit("AveragedMomentum", "Beta", m.Beta); err != nil {
		return err
	}
	m.State.Reset()
	return nil
}

// Step makes one averaged-momentum update.
func (m *AveragedMomentum) Step(_ *Evaluator, loc Location, next []float64) (StepInfo, error) {
	if m.State.M == nil {
		m.State.M = make([]float64, len(loc.X))
	}
	mm := m.State.M
	for i := range mm {
		mm[i] = float64(m.Beta*mm[i]) + float64((1-m.Beta)*loc.Grad[i])
		next[i] = loc.X[i] - float64(m.LR*mm[i])
	}
	return StepInfo{Step: m.LR, State: map[string][]float64{"m": mm}}, nil
}

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
// improvement over momentum. The state is reported as "s".
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
func (m *RMSProp) Init(int) error {
	if err := checkLR("RMSProp", "LR", m.LR); err != nil {
		return err
	}
	if err := checkUnit("RMSProp", "Alpha", m.Alpha); err != nil {
		return err
	}
	if m.Eps != 0 {
		if err := checkPos("RMSProp", "Eps", m.Eps); err != nil {
			return err
		}
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
	return StepInfo{Step: m.LR, State: map[string][]float64{"s": s}}, nil
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
// (torch's). LR has no default. The state is reported as "s".
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type AdaGrad struct {
	LR, Eps float64
	State   AdaGradState
}

var _ Method = (*AdaGrad)(nil)

// Init validates the hyperparameters and resets the state.
func (m *AdaGrad) Init(int) error {
	if err := checkLR("AdaGrad", "LR", m.LR); err != nil {
		return err
	}
	if m.Eps != 0 {
		if err := checkPos("AdaGrad", "Eps", m.Eps); err != nil {
			return err
		}
	}
	m.State.Reset()
	return nil
}

// Step makes one AdaGrad update.
func (m *AdaGrad) Step(_ *Evaluator, loc Location, next []float64) (StepInfo, error) {
	eps := m.Eps
	if eps == 0 {
		eps = 1e-10
	}
	if m.State.S == nil {
		m.State.S = make([]float64, len(loc.X))
	}
	s := m.State.S
	for i, g := range loc.Grad {
		s[i] += float64(g * g)
		next[i] = loc.X[i] - float64(m.LR*g)/(math.Sqrt(s[i])+eps)
	}
	return StepInfo{Step: m.LR, State: map[string][]float64{"s": s}}, nil
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
// as "m" and "v".
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
func (m *Adam) Init(int) error {
	if err := checkLR("Adam", "LR", m.LR); err != nil {
		return err
	}
	if err := checkUnit("Adam", "Beta1", m.Beta1); err != nil {
		return err
	}
	if err := checkUnit("Adam", "Beta2", m.Beta2); err != nil {
		return err
	}
	if m.Eps != 0 {
		if err := checkPos("Adam", "Eps", m.Eps); err != nil {
			return err
		}
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
	return StepInfo{Step: m.LR, State: map[string][]float64{"m": st.M, "v": st.V}}, nil
}
