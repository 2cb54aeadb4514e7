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

var noteKindJapanese = [...]string{
	NoNote:                "注記なし",
	NegativeCurvature:     "曲率 f'' が負：ニュートン法の 1 歩は極大点に向かう",
	IndefiniteHessian:     "ヘッセ行列が正定値でない：ニュートン法の 1 歩は鞍点か極大点に向かう",
	SafeguardGradientStep: "曲率 f'' が 0 以下なので、安全装置が勾配降下法の 1 歩に切り替えた",
	ZeroCurvature:         "曲率 f'' = 0：ニュートン法の 1 歩 f'/f'' が決まらないので停止",
	SingularHessian:       "ヘッセ行列が特異なので停止",
	NonFiniteHessian:      "曲率（ヘッセ行列）が有限の数でないので停止",
	LineSearchFailed:      "直線探索が使える歩幅を見つけられずに停止",
	LazyVelocityStart:     "最初の呼び出しで速度 v = 0 を作っただけで、x は動いていない",
	OtherBreakdown:        "手法が計算を続けられずに停止",
	OtherNote:             "手法の注記（種類の分類なし）",
}

// Japanese returns the kind as a sentence in the notebooks' Japanese
// terms, for text a learner reads, e.g. "曲率 f” が負：ニュートン法の 1 歩は
// 極大点に向かう" for NegativeCurvature. It carries no numbers; see
// [Iterate.NoteJapanese] for the sentence with the curvature.
func (k NoteKind) Japanese() string {
	if k >= 0 && int(k) < len(noteKindJapanese) {
		return noteKindJapanese[k]
	}
	return fmt.Sprintf("注記の種類 %d", int(k))
}

// NoteJapanese returns the note of the update made from it in Japanese:
// its kind's [NoteKind.Japanese], with the curvature f″(x) (n-D: the
// smallest Hessian eigenvalue) where the kind is about a curvature and the
// method recorded it, e.g. "曲率 f” = -2.08 が負：ニュートン法の 1 歩は極大点に
// 向かう". It lets a notebook print a library note in one call, whatever
// the English Note says.
func (it Iterate) NoteJapanese() string {
	if it.State == nil {
		return it.NoteKind.Japanese()
	}
	c := it.State.Curvature
	switch it.NoteKind {
	case NegativeCurvature:
		return fmt.Sprintf("曲率 f'' = %.4g が負：ニュートン法の 1 歩は極大点に向かう", c)
	case IndefiniteHessian:
		return fmt.Sprintf("ヘッセ行列の最小固有値 %.4g：正定値でないので、ニュートン法の 1 歩は鞍点か極大点に向かう", c)
	case SafeguardGradientStep:
		return fmt.Sprintf("曲率 f'' = %.4g が 0 以下なので、安全装置が勾配降下法の 1 歩に切り替えた", c)
	}
	return it.NoteKind.Japanese()
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
