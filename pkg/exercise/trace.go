package exercise

import "fmt"

// WrongTrace is a known wrong trace and the hint it deserves, for example
// the trace of an update whose gradient has the wrong sign.
type WrongTrace struct {
	Trace []float64
	Hint  string
}

// Trace describes an answer that is a sequence, usually the iterates
// x₀, x₁, …, x_K of a run (K+1 values, the start included).
type Trace struct {
	// Name names the elements in hints: "x" gives "x[3]".
	Name string
	// Want is the right sequence.
	Want []float64
	// Tol is the tolerance per element; the zero Tol means DefaultTol.
	Tol Tol
	// What is the sentence shown with ✓.
	What string
	// Wrong lists known wrong traces, tried before the generic diagnoses.
	Wrong []WrongTrace
}

// Check checks got. The diagnoses, in order: empty (the starter's nil); a
// NaN or infinity; right; a known Wrong trace; one element missing at the
// end (the loop stops one iteration early) or at the start (x₀ not
// recorded); one element too many; shifted by one; the first element that
// differs.
func (t Trace) Check(got []float64) Result {
	tol := t.Tol.orDefault()
	name := t.Name
	if name == "" {
		name = "x"
	}
	n, m := len(got), len(t.Want)
	if n == 0 && m != 0 {
		return Fail(NotWritten)
	}
	for i, x := range got {
		if bad(x) != "" {
			return Fail(badHint(fmt.Sprintf("%s[%d]", name, i), x))
		}
	}
	if tol.CloseAll(got, t.Want) {
		return Pass(t.What)
	}
	for _, w := range t.Wrong {
		if tol.CloseAll(got, w.Trace) {
			return Fail(w.Hint)
		}
	}
	switch {
	case n == m-1 && tol.CloseAll(got, t.Want[:m-1]):
		return Failf("値が %d 個で、最後の 1 個が足りません：ループが 1 回早く終わっています。%s[0] から %s[%d] まで %d 個のはずです。", n, name, name, m-1, m)
	case n == m-1 && tol.CloseAll(got, t.Want[1:]):
		return Failf("値が %d 個で、出発点 %s[0] が入っていません：更新する前に出発点を記録してください。", n, name)
	case n == m+1 && tol.CloseAll(got[:m], t.Want):
		return Failf("値が %d 個で、1 回多く更新しています：%s[0] から %s[%d] まで %d 個のはずです。", n, name, name, m-1, m)
	case n == m && n > 1 && tol.CloseAll(got[:n-1], t.Want[1:]):
		return Failf("1 つ先にずれています：%s[0] に出発点ではなく 1 回更新した値が入っています。記録してから更新してください。", name)
	case n == m && n > 1 && tol.CloseAll(got[1:], t.Want[:m-1]):
		return Failf("1 つ後ろにずれています：%s[1] が出発点と同じです。出発点を 2 回記録していませんか。", name)
	case n != m:
		return Failf("値が %d 個です：%s[0]（出発点）から %s[%d] まで %d 個のはずです。", n, name, name, m-1, m)
	}
	for i := range got {
		if !tol.Close(got[i], t.Want[i]) {
			if i == 0 {
				return Failf("出発点 %s[0] = %s が違います：問題文の初期値を使ってください。", name, describe(got[0]))
			}
			return Failf("%s[%d] = %s から正しい値とずれています（%s[0]〜%s[%d] は合っています）：%d 回目の更新の式を確かめてください。", name, i, describe(got[i]), name, name, i-1, i)
		}
	}
	return Fail("答えが違います。") // unreachable: CloseAll failed, so some element differs
}
