package optim

import "github.com/gradnb/gradnb/pkg/objective"

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
// [0, 1) (0 is plain gradient descent). The state is reported in MethodState.V.
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
func (m *Momentum) Init(_ objective.Problem, dim int) error {
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
			return StepInfo{Step: m.LR, State: &MethodState{V: m.State.V}, Note: "LazyVelocity: first call only sets v = 0", NoteKind: LazyVelocityStart}, nil
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
	return StepInfo{Step: m.LR, State: &MethodState{V: v}}, nil
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
// defaults. The state is reported in MethodState.M.
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type AveragedMomentum struct {
	LR, Beta float64
	State    AveragedMomentumState
}

var _ Method = (*AveragedMomentum)(nil)

// Init validates the hyperparameters and resets the average.
func (m *AveragedMomentum) Init(objective.Problem, int) error {
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
	return StepInfo{Step: m.LR, State: &MethodState{M: mm}}, nil
}
