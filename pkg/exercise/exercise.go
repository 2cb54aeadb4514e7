package exercise

import (
	"fmt"
	"math"
	"regexp"
	"runtime"
	"strings"
)

// Result is the outcome of checking one exercise answer.
type Result struct {
	// OK reports whether the answer is right.
	OK bool
	// What says, in one sentence, what the right answer shows; it is shown
	// with ✓.
	What string
	// Hint says, in one or two sentences, what is wrong with this answer
	// and where to look; it is shown with ✗.
	Hint string
	// ID is the exercise checked, "exNN_K" (its nbgrader grade_ids are
	// ID+"_answer" and ID+"_check"), or "" when unknown. [Pass], [Fail],
	// [Failf] and [All], and so the Check methods of [Number], [Count],
	// [Trace] and [Func], fill it in from the call stack: the nearest
	// check function NBNNExK (or a function literal inside it) gives
	// "exNN_K". kernelhelpers.Check records the result under it.
	ID string
}

// String returns the line a learner sees: "✓ " + What or "✗ " + Hint.
func (r Result) String() string {
	if r.OK {
		return "✓ " + r.What
	}
	return "✗ " + r.Hint
}

// Pass returns a right result that shows what.
func Pass(what string) Result { return Result{OK: true, What: what, ID: callerID()} }

// Fail returns a wrong result with the hint.
func Fail(hint string) Result { return Result{Hint: hint, ID: callerID()} }

// Failf returns a wrong result whose hint is formatted as by fmt.Sprintf.
func Failf(format string, args ...any) Result { return Fail(fmt.Sprintf(format, args...)) }

// All returns the first wrong result among rs, or, if every one is right, a
// right result whose What joins theirs. It combines the parts of an answer
// with several parts.
func All(rs ...Result) Result {
	var whats []string
	for _, r := range rs {
		if !r.OK {
			if r.ID == "" {
				r.ID = callerID()
			}
			return r
		}
		if r.What != "" {
			whats = append(whats, r.What)
		}
	}
	return Pass(strings.Join(whats, " "))
}

// checkFunc matches the name of a check function, NBNNExK, or of a
// function literal inside one (NBNNExK.func1, NBNNExK.func1.2), after the
// package path.
var checkFunc = regexp.MustCompile(`^NB(\d{2})Ex(\d+)(?:\.|$)`)

// pkgPrefix is how runtime names this package's functions.
const pkgPrefix = "github.com/gradnb/gradnb/pkg/exercise."

// IDOf returns the exercise id "exNN_K" of the function named fn as
// runtime names it (github.com/gradnb/gradnb/pkg/exercise.NBNNExK or a
// function literal inside it), or "".
func IDOf(fn string) string {
	rest, ok := strings.CutPrefix(fn, pkgPrefix)
	if !ok {
		return ""
	}
	m := checkFunc.FindStringSubmatch(rest)
	if m == nil {
		return ""
	}
	return "ex" + m[1] + "_" + m[2]
}

// callerID returns the id of the nearest check function on the calling
// goroutine's stack (inlined frames included), or "".
func callerID() string {
	var pcs [64]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if id := IDOf(f.Function); id != "" {
			return id
		}
		if !more {
			return ""
		}
	}
}

// NotWritten is the hint for an answer that is still the starter's zero
// value.
const NotWritten = "まだ書かれていません：「// ここに書く」のところに答えを書いてから、このセルと上のセルをもう一度実行してください。"

// Tol is a tolerance: got is close to want when
// |got − want| ≤ Abs + Rel·|want|. Checks use tolerances so that every
// correct method (another loop order, a closed form, a library call) passes.
type Tol struct {
	Rel, Abs float64
}

// DefaultTol accepts the rounding differences of different correct ways to
// compute the same number in float64.
var DefaultTol = Tol{Rel: 1e-9, Abs: 1e-12}

// orDefault returns t, or DefaultTol when t is the zero Tol.
func (t Tol) orDefault() Tol {
	if t == (Tol{}) {
		return DefaultTol
	}
	return t
}

// Close reports whether got is within the tolerance of want. NaN is close
// to nothing; an infinity only to the same infinity.
func (t Tol) Close(got, want float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return false
	}
	if math.IsInf(got, 0) || math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= t.Abs+t.Rel*math.Abs(want)
}

// CloseAll reports whether got and want have the same length and are close
// element by element.
func (t Tol) CloseAll(got, want []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !t.Close(got[i], want[i]) {
			return false
		}
	}
	return true
}

// bad describes a NaN or an infinity, or returns "" for a finite number.
func bad(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN (非数)"
	case math.IsInf(x, 0):
		return fmt.Sprintf("%v (無限大)", x)
	}
	return ""
}

// badHint is the hint for a NaN or infinite value named name.
func badHint(name string, x float64) string {
	return fmt.Sprintf("%s が %s になりました：計算が発散しているか 0 で割っています。学習率と更新の符号を確かめてください。", name, bad(x))
}
