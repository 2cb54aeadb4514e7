package optim

import (
	"errors"
	"math/rand/v2"

	"github.com/gradnb/gradnb/pkg/objective"
)

// Stochastic runs Method on one-sample gradients: before each step it draws
// a sample index i uniformly from the problem's samples with its own
// generator, rand.New(rand.NewPCG(Seed, Seed)) (math/rand/v2), re-created by
// Init so the same Seed gives the same run, and hands ∇Qᵢ(x) to Method in
// place of ∇f(x). The trace still records the full-batch loss and gradient
// at every iterate; MethodState.Sample records i.
//
// The problem must implement objective.SampleProblem (objective.LeastSquares
// does). Seed 001's momentum on least squares is
// Stochastic{Method: &AveragedMomentum{LR: 0.002, Beta: 0.9}}.
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type Stochastic struct {
	Method Method
	Seed   uint64
	rng    *rand.Rand
	n      int
	g      []float64
}

var _ Method = (*Stochastic)(nil)

// Init requires a non-empty objective.SampleProblem, re-seeds the
// generator and initialises Method on the problem.
func (s *Stochastic) Init(p objective.Problem, dim int) error {
	if s.Method == nil {
		return errors.New("optim: Stochastic.Method is nil")
	}
	sp, ok := p.(objective.SampleProblem)
	if !ok {
		return ErrMissingSamples
	}
	if sp.Len() == 0 {
		return errors.New("optim: Stochastic: empty data set (0 samples)")
	}
	if err := s.Method.Init(p, dim); err != nil {
		return err
	}
	s.n = sp.Len()
	s.rng = rand.New(rand.NewPCG(s.Seed, s.Seed))
	s.g = make([]float64, dim)
	return nil
}

// Step draws a sample and lets Method step with its gradient.
func (s *Stochastic) Step(e *Evaluator, loc Location, next []float64) (StepInfo, error) {
	if s.rng == nil || s.n == 0 {
		return StepInfo{}, errors.New("optim: Stochastic.Step called before Init")
	}
	i := s.rng.IntN(s.n)
	if err := e.SampleGrad(s.g, i, loc.X); err != nil {
		return StepInfo{}, err
	}
	info, err := s.Method.Step(e, Location{X: loc.X, F: loc.F, Grad: s.g}, next)
	if err != nil {
		return info, err
	}
	st := MethodState{}
	if info.State != nil {
		st = *info.State
	}
	st.Sample = i
	info.State = &st
	return info, nil
}

// SGD is stochastic gradient descent: each step draws one sample i
// uniformly (generator rand.New(rand.NewPCG(Seed, Seed)), re-seeded by Init)
// and follows its gradient,
//
//	x ← x − LR·∇Qᵢ(x).
//
// It is Stochastic{Method: &GradientDescent{LR}, Seed}. LR has no default.
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type SGD struct {
	LR   float64
	Seed uint64
	s    Stochastic
}

var _ Method = (*SGD)(nil)

// Init validates LR, requires a non-empty objective.SampleProblem and
// re-seeds the generator.
func (m *SGD) Init(p objective.Problem, dim int) error {
	if err := checkLR("SGD", "LR", m.LR); err != nil {
		return err
	}
	m.s = Stochastic{Method: &GradientDescent{LR: m.LR}, Seed: m.Seed}
	return m.s.Init(p, dim)
}

// Step makes one SGD update.
func (m *SGD) Step(e *Evaluator, loc Location, next []float64) (StepInfo, error) {
	return m.s.Step(e, loc, next)
}
