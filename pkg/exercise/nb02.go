package exercise

import (
	"fmt"
	"math"

	"github.com/gradnb/gradnb/pkg/objective"
)

// The checks of notebooks/02_momentum.ipynb. The loss is seed 000's
// L = (5 − x)², started at x₀ = −5 with learning rate η = 0.2 and momentum
// coefficient α = 0.8 unless an exercise says otherwise. The right answers
// come from plain loops written here (and, in the tests, from pkg/optim as
// an independent cross-check), never from the learner's code.

// The notebook's quadratic: its minimum, start, and the source's η and α.
const (
	nb02A     = 5.0
	nb02Start = -5.0
	nb02LR    = 0.2
	nb02Alpha = 0.8
	nb02Iters = 50
)

// nb02Grad is dL/dx of (5 − x)².
func nb02Grad(x float64) float64 { return -2 * (nb02A - x) }

// nb02Variant names the update rules the momentum checks compare with: the
// right ones and the typical mistakes.
type nb02Variant int

const (
	nb02Heavy    nb02Variant = iota // v ← αv − η∇L(x), x ← x + v, v₀ = 0
	nb02Lazy                        // seed 000's class: the first call only sets v = 0
	nb02Ascent                      // v ← αv + η∇L(x): the sign flipped
	nb02Stale                       // x ← x + v before v is updated
	nb02Nesterov                    // v ← αv − η∇L(x + αv), x ← x + v
	nb02LookFull                    // Nesterov with the look-ahead x + v (α missing)
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
		}
		xs = append(xs, x)
	}
	return xs
}

// nb02Max returns the largest value of xs and its index.
func nb02Max(xs []float64) (float64, int) {
	k := 0
	for i, x := range xs {
		if x > xs[k] {
			k = i
		}
	}
	return xs[k], k
}

// NB02Ex1 checks exercise 1 of notebook 02: xs must be x₀ … x₅₀ (51
// values) of the textbook heavy-ball momentum v ← αv − η·dL/dx, x ← x + v
// from v = 0, on (5 − x)² from −5 with η = 0.2 and α = 0.8. The hints
// recognise the source's class (x does not move on the first update), the
// gradient's sign flipped, x moved with the old velocity, α and η swapped,
// and plain gradient descent (v declared inside the loop, so αv is always
// 0); the generic trace diagnoses catch a loop one update short or long.
func NB02Ex1(xs []float64) Result {
	want := nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, nb02Heavy)
	mx, k := nb02Max(want)
	return Trace{
		Name: "x",
		Want: want,
		Tol:  Tol{Rel: 1e-9, Abs: 1e-9},
		What: fmt.Sprintf("教科書どおりの形は 1 回目から x₁ = %.3f に動き、x_%d = %.3f まで行き過ぎて x₅₀ = %.6f に着きます（元資料の表示はこれを更新 1 回ぶん遅らせたもの）。", want[1], k, mx, want[nb02Iters]),
		Wrong: []WrongTrace{
			{nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, nb02Lazy),
				"x[1] = x[0] = −5：1 回目に x が動いていません。それは元資料のクラスの癖です。v = 0 から始めて、1 回目から v ← αv − η·dL/dx を計算してください。"},
			{nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, nb02Ascent),
				"x が 5 から遠ざかっています：勾配の符号が逆です (sign flipped)。速度の更新は v ← αv − η·dL/dx（マイナス）です。"},
			{nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, nb02Stale),
				"x を古い速度で動かしています：先に v ← αv − η·dL/dx を計算し、その新しい v で x ← x + v としてください。"},
			{nb02Run(nb02Grad, nb02Start, nb02Alpha, nb02LR, nb02Iters, nb02Heavy),
				"α と η が入れ替わっています：学習率 η = 0.2 は勾配に、モーメンタム係数 α = 0.8 は前の速度に掛けます。"},
			{nb02Run(nb02Grad, nb02Start, nb02LR, 0, nb02Iters, nb02Heavy),
				"それは勾配降下法 (α = 0) の経過です：速度が次の更新に持ち越されていません。v をループの外で v := 0.0 と宣言し、毎回 v ← αv − η·dL/dx で前の v を使ってください。"},
		},
	}.Check(xs)
}

// nb02AlphaStar is α* = (1 − √(ηL”))², the momentum coefficient at which
// the characteristic roots of momentum on (5 − x)² (L” = 2) coincide.
func nb02AlphaStar(lr float64) float64 {
	s := 1 - math.Sqrt(lr*2)
	return s * s
}

// nb02ForGood returns one plus the last k ≤ n with |x_k − 5| ≥ tol for
// momentum with α on (5 − x)² from −5 with η = 0.2 (0 if there is none):
// the number of updates after which x stays within tol of 5.
func nb02ForGood(alpha float64, n int, tol float64) int {
	last := 0
	for k, x := range nb02Run(nb02Grad, nb02Start, nb02LR, alpha, n, nb02Heavy) {
		if math.Abs(x-nb02A) >= tol {
			last = k + 1
		}
	}
	return last
}

// nb02FirstIn returns the first k with |x_k − 5| < tol for momentum with α
// (the count of a loop that stops at the first entry), or −1.
func nb02FirstIn(alpha float64, n int, tol float64) int {
	for k, x := range nb02Run(nb02Grad, nb02Start, nb02LR, alpha, n, nb02Heavy) {
		if math.Abs(x-nb02A) < tol {
			return k
		}
	}
	return -1
}

// NB02Ex2 checks exercise 2 of notebook 02: with η = 0.2 and the double-
// root coefficient α* = (1 − √0.4)² ≈ 0.1351, the number of updates after
// which |x_k − 5| < 10⁻⁶ for good (one plus the last k ≤ 1000 with
// |x_k − 5| ≥ 10⁻⁶, as in the notebook's table). It is 19, one more than
// the table's α = 0.15 although ρ(α*) is the smallest: with a double root
// e_k = (c₁ + c₂k)ρ^k. The hints recognise the table's 18 (which is also
// α*'s last k with |x_k − 5| ≥ 10⁻⁶, the count without its + 1) and a
// count of the first entry.
func NB02Ex2(n int) Result {
	aStar := nb02AlphaStar(nb02LR)
	want := nb02ForGood(aStar, 1000, 1e-6)
	at015 := nb02ForGood(0.15, 1000, 1e-6)
	wrong := []WrongCount{{at015, fmt.Sprintf(
		"%d は表の α = 0.15 の回数です：α = (1 − √0.4)² で実際に数えてください。", at015)}}
	if want-1 == at015 {
		// Forgetting the + 1 gives the same number: say both.
		wrong[0].Hint = fmt.Sprintf("%d は表の α = 0.15 の回数と同じです。α = 0.15 で数えたのなら α を (1 − √0.4)² に、α* で数えたのなら、最後に |x_k − 5| ≥ 10⁻⁶ だった k に 1 を足したか確かめてください (off-by-one)。", at015)
	}
	if first := nb02FirstIn(aStar, 1000, 1e-6); first != want && first != at015 {
		wrong = append(wrong, WrongCount{first, fmt.Sprintf(
			"%d は |x_k − 5| < 10⁻⁶ に初めて入った k です：その後また出ていないか、最後に 10⁻⁶ 以上だった k を探して 1 を足してください。", first)})
	}
	return Count{
		Name:  "更新回数",
		Want:  want,
		Wrong: wrong,
		What:  fmt.Sprintf("α* では %d 回で、α = 0.15 の %d 回より遅くなります：重根では e_k = (c₁ + c₂k)ρ^k となり、ρ が最小でも k に比例する項のぶん、10⁻⁶ に届くのが遅れます。", want, at015),
	}.Check(n)
}

// nb02WavyAlphas are exercise 3's momentum coefficients, run on the wavy
// loss from −10 with η = 1.0 for 100 updates.
var nb02WavyAlphas = []float64{0.5, 0.6, 0.7, 0.8, 0.9}

// NB02Ex3 checks exercise 3 of notebook 02: x₁₀₀ of momentum on the wavy
// loss sin x + 0.05(5 − x)² from −10 with η = 1.0 for α = 0.5, 0.6, 0.7,
// 0.8, 0.9, in that order. The hints recognise gradient descent (α left
// out), the source's lazy first step, gradient ascent, and the notebook's
// eta = 0.2 or xInitial = −5 used in place of η = 1.0 and x₀ = −10.
func NB02Ex3(xs []float64) Result {
	if len(xs) == 0 {
		return Fail(NotWritten)
	}
	if len(xs) != len(nb02WavyAlphas) {
		return Failf("値が %d 個です：α = 0.5, 0.6, 0.7, 0.8, 0.9 の順に 5 個返してください。", len(xs))
	}
	zero := true
	for _, x := range xs {
		zero = zero && x == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	g := objective.Wavy{}.DF
	run := func(x0, lr, a float64, how nb02Variant) float64 {
		return nb02Run(g, x0, lr, a, 100, how)[100]
	}
	last := func(a float64, how nb02Variant) float64 { return run(-10, 1, a, how) }
	// Whole answers computed with the notebook's eta or xInitial: some of
	// their values coincide with other mistakes', so recognise them whole.
	for _, m := range []struct {
		x0, lr float64
		hint   string
	}{
		{-10, nb02LR, "5 個とも学習率 0.2（ステップ 2 の eta）で計算した値です：この問題の学習率は 1.0 です。"},
		{nb02Start, 1, "5 個とも出発点 −5（ステップ 2 の xInitial）から計算した値です：この問題の出発点は −10 です。"},
	} {
		same := true
		for i, a := range nb02WavyAlphas {
			same = same && math.Abs(xs[i]-run(m.x0, m.lr, a, nb02Heavy)) <= 1e-6
		}
		if same {
			return Fail(m.hint)
		}
	}
	var rs []Result
	for i, a := range nb02WavyAlphas {
		name := fmt.Sprintf("α = %g の x₁₀₀", a)
		wrong := []Wrong{
			{last(a, nb02Ascent), fmt.Sprintf("%s = %.4g は勾配の向きに登った (gradient ascent) ときの値です：v ← αv − η·dL/dx（マイナス）です。", name, xs[i])},
		}
		if gd := last(0, nb02Heavy); math.Abs(gd-last(a, nb02Heavy)) > 1e-3 {
			wrong = append(wrong, Wrong{gd, fmt.Sprintf("%s = %.4g は勾配降下法（α = 0）の値です：速度 v に α を掛けて残しているか確かめてください。", name, xs[i])})
		}
		if lz := last(a, nb02Lazy); math.Abs(lz-last(a, nb02Heavy)) > 1e-6 {
			wrong = append(wrong, Wrong{lz, fmt.Sprintf("%s = %.4g は 1 回目に x を動かさない元資料のクラスの値です：v = 0 から始めて 1 回目から更新してください。", name, xs[i])})
		}

		rs = append(rs, Number{
			Name:    name,
			Want:    last(a, nb02Heavy),
			Tol:     Tol{Abs: 1e-6},
			Wrong:   wrong,
			Factors: []float64{},
		}.Check(xs[i]))
	}
	r := All(rs...)
	if r.OK {
		return Pass(fmt.Sprintf("x₁₀₀ = %.3f, %.3f, %.3f, %.3f, %.3f：0.5 は局所解に捕まり、0.6 と 0.7 は最も深い谷に落ち着き、0.8 は行き過ぎて右の谷へ、0.9 はまだ揺れています。α は大きければよいわけではありません。", xs[0], xs[1], xs[2], xs[3], xs[4]))
	}
	return r
}

// nb02ComplexRange returns the learning rates (lo, hi) between which the
// characteristic roots of momentum with α on a quadratic with curvature d2
// are complex: (1 + α − ηL”)² < 4α ⇔ (1 − √α)²/L” < η < (1 + √α)²/L”.
func nb02ComplexRange(alpha, d2 float64) (lo, hi float64) {
	s := math.Sqrt(alpha)
	return (1 - s) * (1 - s) / d2, (1 + s) * (1 + s) / d2
}

// NB02Ex4 checks exercise 4 of notebook 02: for α = 0.8 on (5 − x)²
// (L” = 2), the learning rates lo < η < hi between which the
// characteristic roots are complex, so that ρ = √α whatever η is. The
// hints recognise the bounds without the division by L”, α in place of
// √α, the bounds swapped, and the convergence range 0 < η < 2(1 + α)/L”
// (lo = 0 or hi = 1.8) given instead.
func NB02Ex4(lo, hi float64) Result {
	if lo == 0 && hi == 0 {
		return Fail(NotWritten)
	}
	wlo, whi := nb02ComplexRange(nb02Alpha, 2)
	nlo, nhi := nb02ComplexRange(nb02Alpha, 1)
	alo, ahi := (1-nb02Alpha)*(1-nb02Alpha)/2, (1+nb02Alpha)*(1+nb02Alpha)/2
	tol := Tol{Rel: 1e-4}
	if tol.Close(lo, whi) && tol.Close(hi, wlo) {
		return Fail("lo と hi が入れ替わっています：lo が小さいほう、hi が大きいほうです。")
	}
	if conv := 2 * (1 + nb02Alpha) / 2; tol.Close(hi, conv) {
		return Failf("hi = %.6g は発散の境界 ηL'' = 2(1 + α) です：0 < η < %g は収束する範囲（ステップ 7 の 1）で、ここで求めるのは根が複素数になる範囲、つまり判別式 (1 + α − ηL'')² − 4α < 0 となる η です。", hi, conv)
	}
	if lo == 0 {
		return Fail("lo = 0 です：η が 0 に近いとき判別式 (1 + α − ηL'')² − 4α は (1 − α)² > 0 に近く、根は実数です。判別式が 0 になる 2 つの η のうち小さいほうが lo です。")
	}
	bound := func(name string, got, want, noD2, alphaNotSqrt float64) Result {
		return Number{
			Name: name,
			Want: want,
			Tol:  tol,
			Wrong: []Wrong{
				{noD2, fmt.Sprintf("%s = %.6g は L'' = 2 で割る前の値です：判別式は (1 + α − ηL'')² − 4α なので、η = (1 ± √α)²/L'' です。", name, got)},
				{alphaNotSqrt, fmt.Sprintf("%s = %.6g は √α の代わりに α を使った値です：(1 + α − ηL'')² < 4α の平方根をとると |1 + α − ηL''| < 2√α です。", name, got)},
			},
			Factors: []float64{},
		}.Check(got)
	}
	r := All(bound("lo", lo, wlo, nlo, alo), bound("hi", hi, whi, nhi, ahi))
	if r.OK {
		return Pass(fmt.Sprintf("%.5f < η < %.4f では根が複素数で |λ₁| = |λ₂| = √α = %.4f（根の積が α）なので、ρ は η によらず一定です。その外では実数の根の大きいほうが ρ を決め、η = 1.8 を超えると発散します。", wlo, whi, math.Sqrt(nb02Alpha)))
	}
	return r
}

// NB02Ex5 checks exercise 5 of notebook 02: xs must be x₀ … x₅₀ of
// Nesterov's momentum v ← αv − η·dL/dx(x + αv), x ← x + v from v = 0, on
// (5 − x)² from −5 with η = 0.2 and α = 0.8. The hints recognise the
// heavy ball (the gradient at x) and the look-ahead x + v without α.
func NB02Ex5(xs []float64) Result {
	want := nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, nb02Nesterov)
	heavy := nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, nb02Heavy)
	mx, k := nb02Max(want)
	hmx, hk := nb02Max(heavy)
	return Trace{
		Name: "x",
		Want: want,
		Tol:  Tol{Rel: 1e-9, Abs: 1e-9},
		What: fmt.Sprintf("ネステロフ法の行き過ぎは x_%d = %.3f まで（普通のモーメンタム法は x_%d = %.3f）、50 回後のずれは %.1e です：一歩先の勾配が、上り坂に差しかかる前にブレーキをかけます。", k, mx, hk, hmx, math.Abs(want[nb02Iters]-nb02A)),
		Wrong: []WrongTrace{
			{heavy, "それは普通のモーメンタム法の経過です：勾配を今の点 x ではなく、一歩先の点 x + αv（速度を更新する前の v）で計算してください。"},
			{nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, nb02LookFull),
				"一歩先の点を x + v にしています：慣性だけで進む先は x + αv です（α を掛け忘れています）。"},
			{nb02Run(nb02Grad, nb02Start, nb02LR, nb02Alpha, nb02Iters, nb02Ascent),
				"x が 5 から遠ざかっています：勾配の符号が逆です (sign flipped)。"},
		},
	}.Check(xs)
}
