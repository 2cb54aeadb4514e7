package optim

import (
	"errors"
	"fmt"
)

// NoteKind classifies the remark a method makes about an unusual step
// (StepInfo.Note, Iterate.Note), so a program can act on it or translate it
// without matching the English text, which may change. It is carried beside
// the Note as StepInfo.NoteKind and Iterate.NoteKind; the Note keeps the
// numbers (the curvature, the eigenvalues, the point).
type NoteKind int

const (
	// NoNote: the step was ordinary; Note is empty.
	NoNote NoteKind = iota
	// NegativeCurvature: one-dimensional Newton stepped from a point where
	// f″(x) < 0, so the step heads for a maximum (MethodState.Curvature
	// holds f″(x)).
	NegativeCurvature
	// IndefiniteHessian: n-dimensional Newton stepped with a Hessian that
	// is not positive definite (but not singular), so the step heads for a
	// saddle or maximum (MethodState.Curvature holds the smallest
	// eigenvalue).
	IndefiniteHessian
	// SafeguardGradientStep: safeguarded Newton found f″(x) ≤ 0 (or a
	// Hessian that is not positive definite) and took the gradient step
	// x − FallbackLR·∇f(x) instead (MethodState.Curvature says how
	// negative).
	SafeguardGradientStep
	// ZeroCurvature: one-dimensional Newton met f″(x) = 0 exactly, where
	// the step f′/f″ is undefined; the run ended with status Breakdown.
	ZeroCurvature
	// SingularHessian: n-dimensional Newton met a singular Hessian (an
	// eigenvalue zero relative to the largest, or a failed solve); the run
	// ended with status Breakdown.
	SingularHessian
	// NonFiniteHessian: f″(x) or a Hessian entry was NaN or ±Inf; the run
	// ended with status Breakdown.
	NonFiniteHessian
	// LineSearchFailed: the line search of SteepestDescent found no
	// acceptable step (Backtracking ran out of trials, GoldenSection or
	// GridSearch found no finite φ); the run ended with status Breakdown.
	LineSearchFailed
	// LazyVelocityStart: Momentum with LazyVelocity spent its first call
	// setting v = 0 without moving, as seed 000's class does.
	LazyVelocityStart
	// OtherBreakdown: a method ended the run with an ErrBreakdown it did
	// not classify (a method written outside this package, or an
	// eigenvalue computation that failed).
	OtherBreakdown
	// OtherNote: a method made a Note without a NoteKind (a method written
	// outside this package).
	OtherNote
)

var noteKindNames = [...]string{
	NoNote:                "no note",
	NegativeCurvature:     "negative curvature",
	IndefiniteHessian:     "indefinite Hessian",
	SafeguardGradientStep: "safeguard gradient step",
	ZeroCurvature:         "zero curvature",
	SingularHessian:       "singular Hessian",
	NonFiniteHessian:      "non-finite Hessian",
	LineSearchFailed:      "line search failed",
	LazyVelocityStart:     "lazy velocity start",
	OtherBreakdown:        "other breakdown",
	OtherNote:             "other note",
}

// String returns the kind in words, e.g. "negative curvature".
func (k NoteKind) String() string {
	if k >= 0 && int(k) < len(noteKindNames) {
		return noteKindNames[k]
	}
	return fmt.Sprintf("NoteKind(%d)", int(k))
}

// breakdownError is an ErrBreakdown that says which kind of breakdown it
// is; its text is that of fmt.Errorf("%w: …", ErrBreakdown, …).
type breakdownError struct {
	kind NoteKind
	msg  string
}

func (e *breakdownError) Error() string { return ErrBreakdown.Error() + ": " + e.msg }
func (e *breakdownError) Unwrap() error { return ErrBreakdown }

// breakdown returns an error wrapping ErrBreakdown, of the given kind.
func breakdown(kind NoteKind, format string, args ...any) error {
	return &breakdownError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// breakdownKind is the NoteKind of an error wrapping ErrBreakdown:
// OtherBreakdown unless it came from breakdown.
func breakdownKind(err error) NoteKind {
	var b *breakdownError
	if errors.As(err, &b) {
		return b.kind
	}
	return OtherBreakdown
}
