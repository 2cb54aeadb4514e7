package exercise

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gradnb/gradnb/pkg/objective"
)

// The checks of notebooks/02_momentum.ipynb. The lesson's loss is seed
// 000's L = (5 − x)², started at x₀ = −5 with learning rate η = 0.2 and
// momentum coefficient α = 0.8. Each check calls the learner's function on
// cases the statement does not show (other losses, starts, rates,
// coefficients and counts), and computes every right answer here with a
// plain loop or a closed form, never with the learner's code. A learner's
// function that panics, does not return within nb02Timeout, or returns NaN
// gets a ✗ with a hint; a nil function is NotWritten.

// The lesson's quadratic and the source's hyperparameters.
const (
	nb02A     = 5.0
	nb02Start = -5.0
	nb02LR    = 0.2
	nb02Alpha = 0.8
	nb02Iters = 50
)

// nb02Timeout bounds each call of a learner's function: a loop that does
// not end is reported, not waited for.
const nb02Timeout = 2 * time.Second

// nb02CallHint is the hint for a call that panicked or did not return.
func nb02CallHint(what string, err error) string {
	if errors.Is(err, errTimeout) {
		return fmt.Sprintf("%s が %v たっても終わりません：ループの終わりの条件を確かめてください（回数で終わるループにしてください）。", what, nb02Timeout)
	}
	return fmt.Sprintf("%s で panic しました（%v）：スライスの添字や、空のスライスを確かめてください。", what, err)
}

// nb02Grad is dL/dx of (5 − x)².
func nb02Grad(x float64) float64 { return -2 * (nb02A - x) }

// nb02Variant names an update rule: the right ones and the typical
// mistakes the checks recognise.
type nb02Variant int

const (
	nb02Heavy      nb02Variant = iota // v ← αv − η∇L(x), x ← x + v, v₀ = 0
	nb02Lazy                          // seed 000's class: the first call only sets v = 0
	nb02Ascent                        // v ← αv + η∇L(x): the sign flipped
	nb02Stale                         // x ← x + v before v is updated
	nb02Nesterov                      // v ← αv − η∇L(x + αv), x ← x + v
	nb02LookFull                      // Nesterov with the look-ahead x + v (α missing)
	nb02Reset                         // v declared inside the loop: gradient descent
	nb02NesterovUp                    // Nesterov with the sign flipped
)

// nb02Run returns x₀ … x_n of the given update rule on grad from x0.
func nb02Run(grad func(float64) float64, x0, lr, alpha float64, n int, how nb02Variant) []float64 {
	xs := []float64{x0}
	x, v := x0, 0.0
	for k := range n {
		switch how {
		case nb02Heavy:
			v = alpha*v - lr*grad(x)
			x += v
		case nb02Lazy:
			if k > 0 {
				v = alpha*v - lr*grad(x)
			}
			x += v
		case nb02Ascent:
			v = alpha*v + lr*grad(x)
			x += v
		case nb02Stale:
			g := grad(x)
			x += v
			v = alpha*v - lr*g
		case nb02Nesterov:
			v = alpha*v - lr*grad(x+alpha*v)
			x += v
		case nb02LookFull:
			v = alpha*v - lr*grad(x+v)
			x += v
		case nb02NesterovUp:
			v = alpha*v + lr*grad(x+alpha*v)
			x += v
		case nb02Reset:
			v = -lr * grad(x)
			x += v
		}
		xs = append(xs, x)
	}
	return xs
}

// nb02Case is one hidden case of a loop exercise: a loss given by its
// gradient, a start, η, α and the number of updates.
type nb02Case struct {
	desc      string
	grad      func(float64) float64
	x0, lr, a float64
	n         int
}

// nb02Cases are the cases exercises 1 and 5 call the learner's loop on:
// the lesson's run first, then cases the statement does not show.
var nb02Cases = []nb02Case{
	{"L = (5 − x)²、x₀ = −5、η = 0.2、α = 0.8、50 回", nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters},
	{"L = (3 − x)²、x₀ = 0、η = 0.1、α = 0.9、20 回", func(x float64) float64 { return -2 * (3 - x) }, 0, 0.1, 0.9, 20},
	{"L = sin x + 0.05(5 − x)²、x₀ = −10、η = 1、α = 0.7、100 回", objective.Wavy{}.DF, -10, 1, 0.7, 100},
	{"L = x⁴ − 2x²、x₀ = 2、η = 0.01、α = 0.5、30 回", func(x float64) float64 { return 4*x*x*x - 4*x }, 2, 0.01, 0.5, 30},
	{"L = (5 − x)²、x₀ = 0、η = 0.3、α = 0（勾配降下法）、10 回", nb02Grad, 0, 0.3, 0, 10},
	{"L = (5 − x)²、x₀ = 1、η = 0.2、α = 0.8、1 回", nb02Grad, 1, nb02LR, nb02Alpha, 1},
	{"L = (5 − x)²、x₀ = 7、η = 0.2、α = 0.8、0 回（出発点だけ）", nb02Grad, 7, nb02LR, nb02Alpha, 0},
}

// nb02LoopFunc is the signature of exercises 1 and 5: x₀ … x_n of a
// momentum method on the loss whose gradient is grad.
type nb02LoopFunc = func(grad func(float64) float64, x0, lr, alpha float64, n int) []float64

// nb02WrongLoop is a known wrong update rule and its hint.
type nb02WrongLoop struct {
	how  nb02Variant
	hint string
	swap bool // η and α exchanged
}

// nb02CheckLoop calls f on every case of nb02Cases and compares its whole
// trace with the rule want. For the first case that differs it names the
// case and diagnoses the mistake: a rule of wrongs, the notebook's own
// run returned whatever the arguments, the source's η and α or start used
// in place of the arguments, the generic trace diagnoses.
func nb02CheckLoop(f nb02LoopFunc, want nb02Variant, wrongs []nb02WrongLoop, what string) Result {
	if f == nil {
		return Fail(NotWritten)
	}
	lesson := nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, want)
	tol := Tol{Rel: 1e-9, Abs: 1e-9}
	for i, c := range nb02Cases {
		got, err := within(nb02Timeout, func() []float64 { return f(c.grad, c.x0, c.lr, c.a, c.n) })
		if err != nil {
			return Fail(nb02CallHint(fmt.Sprintf("（%s）の場合", c.desc), err))
		}
		w := nb02Run(c.grad, c.x0, c.lr, c.a, c.n, want)
		if tol.CloseAll(got, w) {
			continue
		}
		if i == 0 && len(got) == 0 {
			return Fail(NotWritten)
		}
		prefix := fmt.Sprintf("（%s）の場合：", c.desc)
		if i > 0 && tol.CloseAll(got, lesson) {
			return Fail(prefix + "引数に関係なく元資料の設定（x₀ = −5、η = 0.2、α = 0.8、50 回）の経過を返しています。関数の中では xInitial や eta ではなく、引数の grad、x0、lr、alpha、n を使ってください。")
		}
		if len(got) == 0 {
			return Fail(prefix + fmt.Sprintf("空のスライスが返りました：出発点 x₀ から x_%d まで %d 個を返してください。", c.n, c.n+1))
		}
		var known []WrongTrace
		for _, wr := range wrongs {
			lr, a := c.lr, c.a
			if wr.swap {
				lr, a = a, lr
			}
			known = append(known, WrongTrace{nb02Run(c.grad, c.x0, lr, a, c.n, wr.how), wr.hint})
		}
		if c.lr != nb02LR || c.a != nb02Alpha {
			known = append(known, WrongTrace{nb02Run(c.grad, c.x0, nb02LR, nb02Alpha, c.n, want),
				"学習率 0.2 とモーメンタム係数 0.8（元資料の lr と momentum）で計算しています：引数の lr と alpha を使ってください。"})
		}
		if c.x0 != nb02Start {
			known = append(known, WrongTrace{nb02Run(c.grad, nb02Start, c.lr, c.a, c.n, want),
				"出発点 −5（元資料の xInitial）から計算しています：引数の x0 から始めてください。"})
		}
		r := Trace{Name: "x", Want: w, Tol: tol, Wrong: known}.Check(got)
		if r.OK { // cannot happen: CloseAll failed above
			continue
		}
		return Fail(prefix + r.Hint)
	}
	return Pass(what)
}

// NB02Ex1 checks exercise 1 of notebook 02: f(grad, x0, lr, alpha, n)
// must return x₀ … x_n of the textbook heavy ball v ← αv − η·dL/dx,
// x ← x + v from v = 0. It is called on the lesson's run and on six cases
// the statement does not show (other quadratics, the wavy loss, a quartic,
// α = 0, one update, none). The hints recognise the source's class (x
// does not move on the first update), the sign flipped, x moved with the
// old velocity, η and α exchanged, the velocity not carried over (gradient
// descent), and the lesson's own run returned whatever the arguments; the
// generic trace diagnoses catch a loop one update short or long.
func NB02Ex1(f func(grad func(float64) float64, x0, lr, alpha float64, n int) []float64) Result {
	return nb02CheckLoop(f, nb02Heavy, []nb02WrongLoop{
		{how: nb02Lazy, hint: "x[1] が x[0] と同じで、1 回目に x が動いていません。それは元資料のクラスの癖です。v = 0 から始めて、1 回目から v ← αv − η·∂L/∂x を計算してください。"},
		{how: nb02Ascent, hint: "x が最小点から遠ざかっています：勾配の符号が逆です。速度の更新は v ← αv − η·∂L/∂x（マイナス）です。"},
		{how: nb02Stale, hint: "x を古い速度で動かしています：先に v ← αv − η·∂L/∂x を計算し、その新しい v で x ← x + v としてください。"},
		{how: nb02Heavy, swap: true, hint: "α と η が入れ替わっています：学習率 lr は勾配に、モーメンタム係数 alpha は前の速度に掛けます。"},
		{how: nb02Reset, hint: "それは勾配降下法の経過です：速度が次の更新に持ち越されていません。v はループの外で 0 にし、毎回前の v を使って v ← αv − η·∂L/∂x としてください。"},
	}, "隠したケース（ほかの二次関数、波のある関数、4 次関数、α = 0、更新 1 回と 0 回）を含む 7 通りすべてで、教科書どおりの重い球の経過 x₀ … x_n と一致しました。")
}

// nb02ForGood returns one plus the last k ≤ n with |x_k − 5| ≥ tol for
// momentum with coefficient alpha and rate lr on (5 − x)² from −5 (0 if
// there is none): the number of updates after which x stays within tol of 5.
func nb02ForGood(lr, alpha float64, n int, tol float64, how nb02Variant) int {
	last := 0
	for k, x := range nb02Run(nb02Grad, nb02Start, lr, alpha, n, how) {
		if math.Abs(x-nb02A) >= tol {
			last = k + 1
		}
	}
	return last
}

// nb02FirstIn returns the first k ≤ n with |x_k − 5| < tol, or n + 1.
func nb02FirstIn(alpha float64, n int, tol float64) int {
	for k, x := range nb02Run(nb02Grad, nb02Start, nb02LR, alpha, n, nb02Heavy) {
		if math.Abs(x-nb02A) < tol {
			return k
		}
	}
	return n + 1
}

// nb02Rate is q = max(|λ₁|, |λ₂|), the convergence factor of momentum
// on a quadratic with curvature d2: λ are the roots of
// λ² − (1 + α − ηL”)λ + α = 0.
func nb02Rate(lr, alpha, d2 float64) float64 {
	b := 1 + alpha - lr*d2
	disc := b*b - 4*alpha
	if disc < 0 {
		return math.Sqrt(alpha)
	}
	s := math.Sqrt(disc)
	return math.Max(math.Abs((b+s)/2), math.Abs((b-s)/2))
}

// nb02AlphaStar is α* = (1 − √(ηL”))² with L” = 2, the coefficient of
// the double root (the smallest q).
func nb02AlphaStar(lr float64) float64 {
	s := 1 - math.Sqrt(lr*2)
	return s * s
}

// nb02Ex2Alphas are the coefficients exercise 2's check calls the
// learner's count with: α*, 0.143 (just above it, and faster), and others
// the lesson's table does not print (its 0.5, 0.8 and 0.95 are left for the learner to compare with).
var nb02Ex2Alphas = []float64{0.1, nb02AlphaStar(nb02LR), 0.143, 0.3, 0.6, 0.7, 0.9}

// nb02Mistake is a typical mistake of a learner's function: its answers
// on every hidden case, computed by running the mistake, and its hint,
// given the index of the first case where the answer is wrong.
type nb02Mistake[T any] struct {
	vals []T
	hint func(i int) string
}

// nb02Diagnose compares got with want case by case (same says whether two
// answers agree). All agree: ok. Otherwise the first mistake whose
// answers agree with got on every case gives its hint, else generic gives
// one for the first case that differs.
func nb02Diagnose[T any](got, want []T, same func(a, b T) bool, mistakes []nb02Mistake[T], generic func(i int) string) (ok bool, hint string) {
	all := func(a, b []T) bool {
		for i := range a {
			if !same(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	if all(got, want) {
		return true, ""
	}
	first := 0
	for first < len(got) && same(got[first], want[first]) {
		first++
	}
	for _, m := range mistakes {
		if all(got, m.vals) {
			return false, m.hint(first)
		}
	}
	return false, generic(first)
}

// nb02Each returns f applied to every element of xs.
func nb02Each[S, T any](xs []S, f func(S) T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// nb02MoreLess says whether got is more or fewer than want.
func nb02MoreLess(got, want float64) string {
	if math.Abs(got) > math.Abs(want) {
		return "正しい値より大きすぎます"
	}
	return "正しい値より小さすぎます"
}

// NB02Ex2 checks exercise 2 of notebook 02: f(alpha) must be the number of
// updates after which |x_k − 5| < 10⁻⁶ for good (one plus the last k ≤ 1000
// with |x_k − 5| ≥ 10⁻⁶) for momentum with η = 0.2 on (5 − x)² from −5. It
// is called for seven coefficients, among them α* = (1 − √0.4)² (19
// updates) and 0.143 (15): the smallest convergence factor q is not the
// fewest updates. The hints recognise, each from its answers on all seven
// coefficients, the count without its + 1, the first entry into the band,
// the source's lazy first step, the loss in place of the distance, a
// count over the lesson's 50 updates only, the estimate from q
// (⌈log(10⁻⁶/10)/log q⌉) in place of a measurement, and a count that
// ignores α.
func NB02Ex2(f func(alpha float64) int) Result {
	if f == nil {
		return Fail(NotWritten)
	}
	const n, tol = 1000, 1e-6
	as := nb02Ex2Alphas
	got := make([]int, len(as))
	for i, a := range as {
		v, err := within(nb02Timeout, func() int { return f(a) })
		if err != nil {
			return Fail(nb02CallHint(fmt.Sprintf("α = %.4g の場合", a), err))
		}
		got[i] = v
	}
	same, zero := true, true
	for _, v := range got {
		same = same && v == got[0]
		zero = zero && v == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	if same {
		return Failf("どの α でも %d が返りました：関数の中で引数の alpha をモーメンタム係数に使ってください（学習率は 0.2 のままです）。", got[0])
	}
	want := nb02Each(as, func(a float64) int { return nb02ForGood(nb02LR, a, n, tol, nb02Heavy) })
	at := func(i int) string { return fmt.Sprintf("α = %.4g で %d が返りました。", as[i], got[i]) }
	mistakes := []nb02Mistake[int]{
		{nb02Each(want, func(w int) int { return w - 1 }), func(i int) string {
			return at(i) + "それは最後に |x_k − 5| ≥ 10⁻⁶ だった k そのものです：回数はその k に 1 を足したものです（x_k から x_{k+1} への更新がまだ要ります）。"
		}},
		{nb02Each(as, func(a float64) int { return nb02FirstIn(a, n, tol) }), func(i int) string {
			return at(i) + "それは |x_k − 5| < 10⁻⁶ に初めて入った k です：揺れてまた外へ出ることがあります。最後に外にいた k を探して 1 を足してください。"
		}},
		{nb02Each(as, func(a float64) int { return nb02ForGood(nb02LR, a, n, tol, nb02Lazy) }), func(i int) string {
			return at(i) + "それは 1 回目に x を動かさない元資料のクラスで数えた回数です：v = 0 から始めて 1 回目から更新してください。"
		}},
		{nb02Each(as, func(a float64) int { return nb02ForGood(nb02LR, a, n, math.Sqrt(tol), nb02Heavy) }), func(i int) string {
			return at(i) + "それは損失 (5 − x)² が 10⁻⁶ を下回ったままになる回数です：問題は x のずれ |x_k − 5| < 10⁻⁶ です。"
		}},
		{nb02Each(as, func(a float64) int { return nb02ForGood(nb02LR, a, nb02Iters, tol, nb02Heavy) }), func(i int) string {
			return at(i) + "それは 50 回の更新だけで数えた値です：1000 回更新して数えてください。"
		}},
		{nb02Each(as, func(a float64) int {
			return int(math.Ceil(math.Log(tol/math.Abs(nb02Start-nb02A)) / math.Log(nb02Rate(nb02LR, a, 2))))
		}), func(i int) string {
			return at(i) + "それは収束率 q から見積もった回数 log(10⁻⁶/10)/log q です：実際に更新して |x_k − 5| を数えてください。見積もりと実測は一致しません。"
		}},
	}
	if ok, hint := nb02Diagnose(got, want, func(a, b int) bool { return a == b }, mistakes, func(i int) string {
		return at(i) + "回数が" + nb02MoreLess(float64(got[i]), float64(want[i])) + "：学習率 0.2、出発点 −5、1000 回の更新と、|x_k − 5| ≥ 10⁻⁶ だった最後の k に 1 を足す数え方を確かめてください。"
	}); !ok {
		return Fail(hint)
	}
	return Pass(fmt.Sprintf("隠した α を含む %d 通りすべてで回数が合いました。収束率 q が最小の α* より、少し大きい α = 0.143 のほうが少ない回数で済みます。", len(as)))
}

// nb02Ex3Case is a case of exercise 3: a constant slope g, η, α and n.
type nb02Ex3Case struct {
	g, lr, a float64
	n        int
}

// nb02Ex3Cases are the cases exercise 3's check calls the learner's
// function on; none is printed in the notebook.
var nb02Ex3Cases = []nb02Ex3Case{
	{2, 0.1, 0.9, 12}, {-3, 0.05, 0.5, 3}, {1, 0.2, 0.8, 1}, {0.5, 0.1, 0.99, 50}, {4, 0.01, 0, 5}, {1.5, 0.1, 0.9, 0}, {-1, 0.3, 0.7, 25},
}

// nb02Slope returns v_n on a constant slope g: v ← αv − ηg n times from 0,
// the closed form −ηg(1 − αⁿ)/(1 − α) computed as a sum, as a learner's
// loop would be compared with it.
func nb02Slope(g, lr, a float64, n int) float64 {
	v := 0.0
	for range n {
		v = a*v - lr*g
	}
	return v
}

// NB02Ex3 checks exercise 3 of notebook 02: f(g, lr, alpha, n) must be the
// velocity v_n after n updates v ← αv − ηg from v₀ = 0 on a slope of
// constant gradient g, that is −ηg(1 − αⁿ)/(1 − α), which approaches the
// terminal velocity −ηg/(1 − α) but does not reach it. It is called on
// seven cases the statement does not show. The hints recognise, each from
// its answers on all seven cases, the terminal velocity, one update too
// few or too many, the sign flipped, gradient descent's −ηg (α
// forgotten) and no friction (−ηgn, α = 1).
func NB02Ex3(f func(g, lr, alpha float64, n int) float64) Result {
	if f == nil {
		return Fail(NotWritten)
	}
	cs := nb02Ex3Cases
	got := make([]float64, len(cs))
	zero := true
	for i, c := range cs {
		v, err := within(nb02Timeout, func() float64 { return f(c.g, c.lr, c.a, c.n) })
		if err != nil {
			return Fail(nb02CallHint(fmt.Sprintf("g = %g、η = %g、α = %g、n = %d の場合", c.g, c.lr, c.a, c.n), err))
		}
		if bad(v) != "" {
			return Fail(badHint(fmt.Sprintf("g = %g、η = %g、α = %g、n = %d の v_n", c.g, c.lr, c.a, c.n), v))
		}
		got[i] = v
		zero = zero && v == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	// A loop and the closed form agree to about 10⁻¹⁵ relative here (50
	// terms at most); 10⁻⁹ accepts both and nothing else.
	tol := Tol{Rel: 1e-9, Abs: 1e-12}
	want := nb02Each(cs, func(c nb02Ex3Case) float64 { return nb02Slope(c.g, c.lr, c.a, c.n) })
	at := func(i int) string {
		c := cs[i]
		return fmt.Sprintf("g = %g、η = %g、α = %g、n = %d で v_n = %.6g が返りました。", c.g, c.lr, c.a, c.n, got[i])
	}
	mistakes := []nb02Mistake[float64]{
		{nb02Each(cs, func(c nb02Ex3Case) float64 { return -c.lr * c.g / (1 - c.a) }), func(i int) string {
			return at(i) + "それは終端速度 −ηg/(1 − α) です：更新を限りなく続けたときの値で、n 回の更新ではまだ届きません。実際に n 回更新してください。"
		}},
		{nb02Each(cs, func(c nb02Ex3Case) float64 { return nb02Slope(c.g, c.lr, c.a, c.n-1) }), func(i int) string {
			return at(i) + "それは 1 回少ない更新の値です：v₀ = 0 から数えて n 回更新してください。"
		}},
		{nb02Each(cs, func(c nb02Ex3Case) float64 { return nb02Slope(c.g, c.lr, c.a, c.n+1) }), func(i int) string {
			return at(i) + "それは 1 回多い更新の値です：v₀ = 0 から数えて n 回更新してください。"
		}},
		{nb02Each(want, func(w float64) float64 { return -w }), func(i int) string {
			return at(i) + "符号が逆です：速度の更新は v ← αv − ηg（マイナス）なので、下り坂（g < 0）で v は正になります。"
		}},
		{nb02Each(cs, func(c nb02Ex3Case) float64 { return nb02Slope(c.g, c.lr, 0, c.n) }), func(i int) string {
			return at(i) + "それは勾配降下法の一歩 −ηg です：前の速度 v に α を掛けて残し、そこに −ηg を足してください。"
		}},
		{nb02Each(cs, func(c nb02Ex3Case) float64 { return -c.lr * c.g * float64(c.n) }), func(i int) string {
			return at(i) + "それは摩擦のない場合（α = 1）の値 −ηgn です：毎回前の速度に α を掛けてください（1 − α の割合が失われます）。"
		}},
	}
	if ok, hint := nb02Diagnose(got, want, tol.Close, mistakes, func(i int) string {
		return at(i) + "速度が" + nb02MoreLess(got[i], want[i]) + "：v₀ = 0 から v ← αv − ηg を n 回くり返した値を返してください。"
	}); !ok {
		return Fail(hint)
	}
	return Pass("隠した 7 通りすべてで v_n = −ηg(1 − αⁿ)/(1 − α) と一致しました：速度は終端速度 −ηg/(1 − α) に近づきますが、有限の回数では届きません。")
}

// nb02Ex4Case is a trace and a minimum for exercise 4.
type nb02Ex4Case struct {
	xs []float64
	a  float64
}

// nb02Pairs counts the k with cond(x_k − a, x_{k+1} − a) over the pairs
// of xs, leaving out the last drop pairs.
func nb02Pairs(xs []float64, a float64, drop int, cond func(d0, d1 float64) bool) int {
	n := 0
	for k := 0; k+1+drop < len(xs); k++ {
		if cond(xs[k]-a, xs[k+1]-a) {
			n++
		}
	}
	return n
}

// nb02Passes counts the k with (x_k − a)(x_{k+1} − a) < 0.
func nb02Passes(xs []float64, a float64) int {
	return nb02Pairs(xs, a, 0, func(d0, d1 float64) bool { return d0*d1 < 0 })
}

// nb02Ex4Cases are the traces exercise 4's check calls the learner's
// counter on: momentum runs on other quadratics and coefficients, gradient
// descent (no pass), hand-made traces that start above the minimum or
// turn back without passing it, one point and none.
func nb02Ex4Cases() []nb02Ex4Case {
	q := func(a float64) func(float64) float64 { return func(x float64) float64 { return -2 * (a - x) } }
	return []nb02Ex4Case{
		{nb02Run(q(2), 10, 0.1, 0.9, 60, nb02Heavy), 2},
		{nb02Run(nb02Grad, nb02Start, nb02LR, 0, 30, nb02Heavy), 5},
		{nb02Run(q(-1), 3, 0.2, 0.5, 40, nb02Heavy), -1},
		{[]float64{3, 7, 6, 4, 4.5, 5.5}, 5},
		{[]float64{8, 6, 4, 6, 9, 7, 3}, 5},
		{[]float64{1, 2, 2.5, 2.2, 1.5, 2.9}, 3},
		{[]float64{4}, 5},
		{nil, 5},
		{nb02Run(nb02Grad, nb02Start, nb02LR, 0.95, 200, nb02Heavy), 5},
	}
}

// NB02Ex4 checks exercise 4 of notebook 02: f(xs, a) must count how many
// times the trace xs passes the minimum a, the k with x_k and x_{k+1} on
// opposite sides of a. It is called on nine traces the statement does not
// show. The hints recognise, each from its answers on all nine traces,
// the turning points counted instead (the ball turning back), only the
// passes from left to right, the points beyond the minimum counted, the
// last pair left out and 5 in place of a; a panic on a trace of one point
// or none is reported.
func NB02Ex4(f func(xs []float64, a float64) int) Result {
	if f == nil {
		return Fail(NotWritten)
	}
	cs := nb02Ex4Cases()
	got := make([]int, len(cs))
	zero := true
	for i, c := range cs {
		xs := append([]float64(nil), c.xs...) // the learner may write into it
		v, err := within(nb02Timeout, func() int { return f(xs, c.a) })
		if err != nil {
			return Fail(nb02CallHint(fmt.Sprintf("%d 個の点の経過 %s（a = %g）", len(c.xs), nb02Short(c.xs), c.a), err))
		}
		got[i] = v
		zero = zero && v == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	want := nb02Each(cs, func(c nb02Ex4Case) int { return nb02Passes(c.xs, c.a) })
	at := func(i int) string {
		return fmt.Sprintf("%d 個の点の経過 %s（a = %g）で %d が返りました。", len(cs[i].xs), nb02Short(cs[i].xs), cs[i].a, got[i])
	}
	turns := func(c nb02Ex4Case) int {
		n := 0
		for k := 0; k+2 < len(c.xs); k++ {
			if (c.xs[k+1]-c.xs[k])*(c.xs[k+2]-c.xs[k+1]) < 0 {
				n++
			}
		}
		return n
	}
	beyond := func(c nb02Ex4Case) int {
		n := 0
		for _, x := range c.xs {
			if x > c.a {
				n++
			}
		}
		return n
	}
	mistakes := []nb02Mistake[int]{
		{nb02Each(cs, turns), func(i int) string {
			return at(i) + "それは向きを変えた回数（速度の符号が変わった回数）です：数えるのは x_k − a の符号が変わった回数、つまり最小点を通り過ぎた回数です。"
		}},
		{nb02Each(cs, func(c nb02Ex4Case) int {
			return nb02Pairs(c.xs, c.a, 0, func(d0, d1 float64) bool { return d0 < 0 && d1 > 0 })
		}), func(i int) string {
			return at(i) + "それは左から右へ通り過ぎた回数だけです：右から左へ戻るときも数えてください。"
		}},
		{nb02Each(cs, beyond), func(i int) string {
			return at(i) + "それは a より右にある点の数です：隣り合う 2 点 x_k、x_{k+1} が a の反対側にある回数を数えてください。"
		}},
		{nb02Each(cs, func(c nb02Ex4Case) int {
			return nb02Pairs(c.xs, c.a, 1, func(d0, d1 float64) bool { return d0*d1 < 0 })
		}), func(i int) string {
			return at(i) + "最後の 2 点の組を数えていません：k は 0 から len(xs) − 2 まで（x_{k+1} が最後の点になるまで）です。"
		}},
		{nb02Each(cs, func(c nb02Ex4Case) int { return nb02Passes(c.xs, nb02A) }), func(i int) string {
			return at(i) + "それは 5 を通り過ぎた回数です：引数の a を使ってください。"
		}},
	}
	if ok, hint := nb02Diagnose(got, want, func(a, b int) bool { return a == b }, mistakes, func(i int) string {
		return at(i) + "回数が" + nb02MoreLess(float64(got[i]), float64(want[i])) + "：隣り合う 2 点 x_k と x_{k+1} が a の反対側にある k を数えてください。"
	}); !ok {
		return Fail(hint)
	}
	return Pass(fmt.Sprintf("隠した %d 通りの経過（勾配降下法、出発点が右の経過、点が 1 個と 0 個を含む）すべてで、最小点を通り過ぎた回数が合いました。", len(cs)))
}

// nb02Short shows the first values of a trace for a hint.
func nb02Short(xs []float64) string {
	if len(xs) == 0 {
		return "（空）"
	}
	var parts []string
	for i, x := range xs {
		if i == 4 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%.4g", x))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// NB02Ex5 checks exercise 5 of notebook 02: f(grad, x0, lr, alpha, n)
// must return x₀ … x_n of Nesterov's momentum v ← αv − η·dL/dx(x + αv),
// x ← x + v from v = 0, on the cases of exercise 1. The hints recognise
// the heavy ball (the gradient at x), the look-ahead x + v (α missing),
// and the sign flipped.
func NB02Ex5(f func(grad func(float64) float64, x0, lr, alpha float64, n int) []float64) Result {
	return nb02CheckLoop(f, nb02Nesterov, []nb02WrongLoop{
		{how: nb02Heavy, hint: "それは普通の重い球（勾配を今の点 x で計算）の経過です：勾配を、慣性だけで進んだ一歩先の点 x + αv（更新前の v）で計算してください。"},
		{how: nb02LookFull, hint: "一歩先の点を x + v にしています：慣性だけで進む先は x + αv です（α を掛け忘れています）。"},
		{how: nb02NesterovUp, hint: "x が最小点から遠ざかっています：勾配の符号が逆です。速度の更新は v ← αv − η·∂L/∂x(x + αv)（マイナス）です。"},
	}, "隠したケースを含む 7 通りすべてで、ネステロフ法の経過 x₀ … x_n と一致しました。")
}
