package optim

import (
	"fmt"
	"math"

	"github.com/gradnb/gradnb/pkg/objective"
	"gonum.org/v1/gonum/mat"
)

// Newton is Newton's method for minimisation: it jumps to the stationary
// point of the local quadratic model,
//
//	x ← x − LR·f'(x)/f″(x)          (one variable, seed 002's (29.5))
//	x ← x − LR·[∇²f(x)]⁻¹ ∇f(x)      (n variables; the Hessian is solved
//	                                  with gonum/mat, Cholesky or LU)
//
// LR = 0 means 1, the full Newton step; 0 < LR < 1 damps it. The problem must
// implement objective.Hessianer (1-D objectives do, through AsND).
//
// Newton's method looks for f' = 0, not for a minimum. Where the curvature
// f″(x) (or the smallest Hessian eigenvalue) is negative it heads for a
// maximum or saddle — seed 002 shows it going to the local maximum 0 of
// [objective.Quartic] from 0.4 and jumping to the far minimum −1 from 0.55.
// That is allowed, but visible: the step's Note says so (NoteKind
// NegativeCurvature, n-D IndefiniteHessian), and
// MethodState.Curvature records f″(x) (n-D: the smallest Hessian eigenvalue). At zero
// curvature or a singular Hessian the pure method cannot step: the run ends
// with status Breakdown and a Note (NoteKind ZeroCurvature, SingularHessian
// or NonFiniteHessian), never with NaN or Inf.
//
// Safeguarded switches to a gradient step x ← x − FallbackLR·∇f(x) whenever
// the curvature is not positive (f″ ≤ 0, or a Hessian that is not positive
// definite), noted in the trace (NoteKind SafeguardGradientStep); FallbackLR
// must then be positive and finite.
// Introduced in notebooks/04_newton_vs_gradient_descent.ipynb.
type Newton struct {
	LR          float64
	Safeguarded bool
	FallbackLR  float64
	h           *mat.SymDense
}

var _ Method = (*Newton)(nil)

// Init validates LR and FallbackLR and requires a Hessian.
func (m *Newton) Init(p objective.Problem, dim int) error {
	if _, ok := p.(objective.Hessianer); !ok {
		return ErrMissingHess
	}
	if m.LR != 0 {
		if err := checkLR("Newton", "LR", m.LR); err != nil {
			return err
		}
	}
	if m.Safeguarded {
		if err := checkLR("Newton", "FallbackLR", m.FallbackLR); err != nil {
			return err
		}
	}
	m.h = mat.NewSymDense(dim, nil)
	return nil
}

func (m *Newton) lr() float64 {
	if m.LR == 0 {
		return 1
	}
	return m.LR
}

func (m *Newton) fallback(loc Location, next []float64, curv float64, why string) StepInfo {
	for i, x := range loc.X {
		next[i] = x - float64(m.FallbackLR*loc.Grad[i])
	}
	return StepInfo{Step: m.FallbackLR, State: &MethodState{Curvature: curv},
		Note: why + "; safeguard: gradient step", NoteKind: SafeguardGradientStep}
}

// Step makes one Newton step.
func (m *Newton) Step(e *Evaluator, loc Location, next []float64) (StepInfo, error) {
	n := len(loc.X)
	if m.h == nil || m.h.SymmetricDim() != n {
		m.h = mat.NewSymDense(n, nil)
	}
	if err := e.Hess(m.h, loc.X); err != nil {
		return StepInfo{}, err
	}
	lr := m.lr()
	if n == 1 {
		g, h := loc.Grad[0], m.h.At(0, 0)
		state := &MethodState{Curvature: h}
		switch {
		case !finite(h):
			return StepInfo{}, breakdown(NonFiniteHessian, "f''(%v) = %v is not finite", loc.X[0], h)
		case h <= 0 && m.Safeguarded:
			return m.fallback(loc, next, h, fmt.Sprintf("f'' = %.4g ≤ 0", h)), nil
		case h == 0:
			return StepInfo{}, breakdown(ZeroCurvature, "zero curvature f''(%v) = 0, the Newton step f'/f'' is undefined", loc.X[0])
		}
		// Python: x -= gx(x) / gx2(x)
		next[0] = loc.X[0] - float64(lr*(g/h))
		info := StepInfo{Step: lr, State: state}
		if h < 0 {
			info.Note = fmt.Sprintf("negative curvature f'' = %.4g: the Newton step heads for a maximum", h)
			info.NoteKind = NegativeCurvature
		}
		return info, nil
	}
	for i := range n {
		for j := i; j < n; j++ {
			if v := m.h.At(i, j); !finite(v) {
				return StepInfo{}, breakdown(NonFiniteHessian, "the Hessian at x = %v has a non-finite entry ∇²f[%d][%d] = %v", loc.X, i, j, v)
			}
		}
	}
	var es mat.EigenSym
	if !es.Factorize(m.h, false) {
		return StepInfo{}, fmt.Errorf("%w: the Hessian's eigenvalues could not be computed", ErrBreakdown)
	}
	ev := es.Values(nil)
	lmin, lmax := ev[0], ev[0]
	for _, v := range ev {
		lmin, lmax = math.Min(lmin, v), math.Max(lmax, v)
	}
	state := &MethodState{Curvature: lmin}
	// Singular: an eigenvalue is zero relative to the largest one (the
	// condition number exceeds 1e14).
	scale := math.Max(math.Abs(lmin), math.Abs(lmax))
	singular := scale == 0
	for _, v := range ev {
		if math.Abs(v) <= 1e-14*scale {
			singular = true
		}
	}
	switch {
	case lmin <= 0 && m.Safeguarded:
		return m.fallback(loc, next, lmin, fmt.Sprintf("Hessian not positive definite (λmin = %.4g)", lmin)), nil
	case singular:
		return StepInfo{}, breakdown(SingularHessian, "singular Hessian at x = %v (eigenvalues %v)", loc.X, ev)
	}
	g := mat.NewVecDense(n, append([]float64(nil), loc.Grad...))
	var dx mat.VecDense
	var note string
	var kind NoteKind
	var ch mat.Cholesky
	if ch.Factorize(m.h) {
		if err := ch.SolveVecTo(&dx, g); err != nil {
			return StepInfo{}, breakdown(SingularHessian, "%v", err)
		}
	} else {
		var lu mat.LU
		lu.Factorize(m.h)
		if err := lu.SolveVecTo(&dx, false, g); err != nil {
			return StepInfo{}, breakdown(SingularHessian, "singular Hessian at x = %v: %v", loc.X, err)
		}
		note = fmt.Sprintf("Hessian indefinite (λmin = %.4g): the Newton step heads for a saddle or maximum", lmin)
		kind = IndefiniteHessian
	}
	for i, x := range loc.X {
		next[i] = x - float64(lr*dx.AtVec(i))
	}
	return StepInfo{Step: lr, State: state, Note: note, NoteKind: kind}, nil
}
