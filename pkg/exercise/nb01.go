package exercise

import (
	"fmt"
	"math"

	"github.com/gradnb/gradnb/pkg/objective"
)

// The exercises of notebooks/01_gradient_descent.ipynb. Each right answer
// is computed here independently of the way a learner is expected to
// compute it: a closed form where there is one, otherwise a plain loop over
// the objective's own derivative.

// nb01Start and nb01Tol are the quadratic's start x₀ = −5 and the accuracy
// 10⁻³ of exercise 1.
const (
	nb01Start = -5.0
	nb01Tol   = 1e-3
)

// firstBelow returns the smallest k ≥ 0 with d0·q^k < tol (0 < q < 1): the
// closed form ⌊log(tol/d0) / log q⌋ + 1, corrected by one if rounding put it
// on the wrong side.
func firstBelow(d0, q, tol float64) int {
	k := int(math.Floor(math.Log(tol/d0)/math.Log(q))) + 1
	for k > 0 && d0*math.Pow(q, float64(k-1)) < tol {
		k--
	}
	for d0*math.Pow(q, float64(k)) >= tol {
		k++
	}
	return k
}

// NB01Ex1 checks exercise 1 of notebook 01: on L = (5 − x)² from x₀ = −5,
// the first k with |x_k − 5| < 10⁻³, for learning rates 0.1 (k01) and 0.9
// (k09). Both are 42: |x_k − 5| = 10·|1 − 2μ|^k and |1 − 2μ| = 0.8 for both
// rates. The hints recognise the count without the start's distance 10
// (0.8^k < 10⁻³ gives 31), the count for the loss instead of the distance
// ((x_k − 5)² < 10⁻³ gives 26) and the count one short or one over.
func NB01Ex1(k01, k09 int) Result {
	d0 := math.Abs(nb01Start - 5)
	want := firstBelow(d0, 0.8, nb01Tol)
	noFactor := firstBelow(1, 0.8, nb01Tol)
	byLoss := firstBelow(d0*d0, 0.8*0.8, nb01Tol) // L = (x_k − 5)² = 100·0.64^k
	hintNoFactor := fmt.Sprintf("%d は 0.8^k < 10⁻³ の答えです：出発点は 5 から |x₀ − 5| = %g 離れているので、ずれは %g × 0.8^k です。", noFactor, d0, d0)
	count := func(name string, got int) Result {
		return Count{
			Name: name,
			Want: want,
			Wrong: []WrongCount{
				{noFactor, hintNoFactor},
				{byLoss, fmt.Sprintf("%s = %d は損失 L = (5 − x)² が 10⁻³ を下回る回数です：問題は x のずれ |x_k − 5| < 10⁻³ です（損失はずれの 2 乗）。", name, byLoss)},
				{want - 1, fmt.Sprintf("%s = %d は 1 つ少なすぎます (off-by-one)：%d 回更新した時点のずれは %.3g で、まだ 10⁻³ 以上です。", name, want-1, want-1, d0*math.Pow(0.8, float64(want-1)))},
			},
		}.Check(got)
	}
	if k01 == 0 && k09 == 0 {
		return Fail(NotWritten)
	}
	r := All(count("μ = 0.1 の k", k01), count("μ = 0.9 の k", k09))
	if r.OK {
		return Pass(fmt.Sprintf("どちらも k = %d：|1 − 2μ| が同じ 0.8 なので、0.9 は左右に跳びながら 0.1 と同じ速さで近づきます（元資料の「収束が遅くなっている」は当たりません）。", want))
	}
	return r
}

// nb01C and nb01A define exercise 2's loss L(x) = c(a − x)².
const (
	nb01C = 4.0
	nb01A = 5.0
)

// NB01Ex2 checks exercise 2 of notebook 01: for L(x) = c(a − x)² with
// c = 4 and a = 5, the derivative df = ∂L/∂x = −2c(a − x) and the largest
// stable learning rate muMax = 2/L” = 2/(2c) = 0.25. The derivative is
// compared with a central finite difference of L at points away from the
// minimum; the hints recognise a derivative without c or without 2, a
// flipped sign, and the limits 2/2 (the original quadratic's), 2/c and
// 1/L” (where the oscillation starts, not the limit).
func NB01Ex2(df func(float64) float64, muMax float64) Result {
	loss := func(x float64) float64 { d := nb01A - x; return nb01C * d * d }
	d2 := 2 * nb01C // L'' of c(a − x)², checked by the test against a finite difference
	dfr := Func{
		Name:  "∂L/∂x",
		Want:  CentralDiff(loss),
		At:    []float64{-5, 0, 2.5, 7, 13},
		Tol:   Tol{Rel: 1e-6, Abs: 1e-6},
		What:  "∂L/∂x = −2c(a − x) = −8(5 − x)。",
		Wrong: []WrongFunc{{func(x float64) float64 { return -2 * (nb01A - x) }, "∂L/∂x に c = 4 が掛かっていません：c(a − x)² の微分は −2c(a − x) です。"}},
	}.Check(df)
	if df == nil && muMax == 0 {
		return Fail(NotWritten)
	}
	if !dfr.OK {
		return dfr
	}
	mu := Number{
		Name: "muMax",
		Want: 2 / d2,
		Tol:  Tol{Rel: 1e-6}, // L'' from a finite difference is right too
		What: fmt.Sprintf("L'' = 2c = %g なので μ < 2/L'' = %g：c 倍急な谷では、学習率の上限が 1/c 倍になります。", d2, 2/d2),
		Wrong: []Wrong{
			{1, "1 は元の (5 − x)² (L'' = 2) の上限です：c(a − x)² では L'' = 2c = 8 になります。"},
			{2 / nb01C, fmt.Sprintf("%g = 2/c です：2 階微分は c ではなく 2c = %g です。", 2/nb01C, d2)},
			{1 / d2, fmt.Sprintf("%g = 1/L'' は 1 回で最小値に着く学習率（ここから上で振動が始まる）です：発散しない上限は倍率 |1 − μL''| が 1 になる 2/L'' です。", 1/d2)},
		},
	}.Check(muMax)
	return All(dfr, mu)
}

// nb01Starts are exercise 3's starting points, run with learning rate 1.0
// for nb01Iters updates.
var nb01Starts = []float64{0, 3, 8, 12}

const nb01Iters = 100

// wavyRun returns x after n gradient-descent updates of step sign·lr on
// the wavy loss from x0 (sign −1 is gradient ascent, the flipped-sign
// mistake).
func wavyRun(x0, lr float64, n int, sign float64) float64 {
	w := objective.Wavy{}
	x := x0
	for range n {
		x = x + sign*lr*w.DF(x)
	}
	return x
}

// NB01Ex3 checks exercise 3 of notebook 01: the x reached from the starts
// 0, 3, 8 and 12 on the wavy loss after 100 updates with learning rate 1.0,
// in that order. Each run has converged, so any correct loop (and any
// number of updates ≥ 100) agrees to 10⁻⁶; the hints recognise gradient
// ascent (the sign flipped), a wrong number of values and four equal values
// (x not set back to each start, or every run from the same start).
func NB01Ex3(xs []float64) Result {
	if len(xs) == 0 {
		return Fail(NotWritten)
	}
	if len(xs) != len(nb01Starts) {
		return Failf("値が %d 個です：出発点 0, 3, 8, 12 の順に 4 個返してください。", len(xs))
	}
	zero := true
	for _, x := range xs {
		zero = zero && x == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	same := true
	for _, x := range xs {
		same = same && math.Abs(x-xs[0]) < 1e-6
	}
	if same {
		return Failf("4 つの x がすべて同じ %.4g です：出発点ごとに x を x₀（0, 3, 8, 12）に置き直してから 100 回更新していますか。", xs[0])
	}
	var rs []Result
	for i, x0 := range nb01Starts {
		rs = append(rs, Number{
			Name:    fmt.Sprintf("x₀ = %g からの x", x0),
			Want:    wavyRun(x0, 1, nb01Iters, -1),
			Tol:     Tol{Abs: 1e-6},
			Factors: []float64{},
			Wrong: []Wrong{{wavyRun(x0, 1, nb01Iters, +1), fmt.Sprintf(
				"x₀ = %g からの x = %.4g は、勾配の向きに登った (gradient ascent) ときの値です：更新は x ← x − μ·∂L/∂x（符号に注意）。", x0, xs[i])}},
		}.Check(xs[i]))
	}
	r := All(rs...)
	if r.OK {
		var ms []string
		for _, x := range xs {
			ms = append(ms, fmt.Sprintf("%.3f", x))
		}
		return Pass(fmt.Sprintf("着いた谷は %v：同じ学習率でも、出発点がどの谷に入っているかで行き先が決まります。", ms))
	}
	return r
}

// nb01Grid is exercise 4's grid of learning rates, 0.01 … 3.00, and
// nb01EscapeX the x beyond which a run has left the local valley near
// −0.935 (the local maximum between it and the global minimum's valley is
// near 1.18).
const (
	nb01GridN    = 300
	nb01EscapeX  = 2.0
	nb01EscapeIt = 1000
)

// nb01Escape returns the smallest learning rate i/100 (i = 1 … 300) whose
// run from x0 (−10 in the exercise) has x_1000 > 2, or 0 if there is none.
func nb01Escape(x0 float64) float64 {
	for i := 1; i <= nb01GridN; i++ {
		lr := float64(i) / 100
		if wavyRun(x0, lr, nb01EscapeIt, -1) > nb01EscapeX {
			return lr
		}
	}
	return 0
}

// NB01Ex4 checks exercise 4 of notebook 01: the smallest learning rate on
// the grid 0.01, 0.02, …, 3.00 for which gradient descent from x = −10 on
// the wavy loss has left the local valley after 1000 updates (x > 2). The
// hints recognise the stability limit 2/L” ≈ 2.21 of the local minimum
// (above it the iterate 2-cycles inside the valley), the first grid rate
// above that limit, 2.75 from the notebook's 0.25 sweep, and the answer
// from the quadratic's start −5 (the notebook's xInitial, not xInitial2).
func NB01Ex4(mu float64) Result {
	want := nb01Escape(-10)
	fromQuadStart := nb01Escape(nb01Start)
	w := objective.Wavy{}
	limit := 2 / w.D2F(w.Minima()[0].X)
	firstAbove := math.Ceil(limit*100) / 100
	return Number{
		Name: "学習率",
		Want: want,
		Tol:  Tol{Abs: 1e-6},
		What: fmt.Sprintf("%.2f：谷底が不安定になる %.2f を超えても、%.2f 未満では谷の中を行き来するだけで、谷からは出ません。", want, limit, want),
		Wrong: []Wrong{
			{limit, fmt.Sprintf("%.3f は局所解の谷底が不安定になる限界 2/L'' です：そこを超えても x は谷の中で 2 つの値を往復するだけで、谷からは出ません。実際に 0.01 刻みで動かしてみてください。", limit)},
			{firstAbove, fmt.Sprintf("%.2f は限界 2/L'' ≈ %.2f を超える最初の値です：ここでは x は谷の中で往復するだけです。x_1000 > 2 になるかを実際に確かめてください。", firstAbove, limit)},
			{2.75, "2.75 は 0.25 刻みの表の値です：0.01 刻みで調べると、もっと小さい学習率で谷を出ます。"},
			{fromQuadStart, fmt.Sprintf("%.2f は出発点 x₀ = −5（二次関数の出発点 xInitial）からの答えです：この問題の出発点は x₀ = −10（xInitial2）です。", fromQuadStart)},
		},
		Factors: []float64{},
	}.Check(mu)
}

// nb01Schedule returns x_30 on the wavy loss from −10 with learning rate
// lr0·0.5^⌊(k+shift)/every⌋ for update k = 0 … n−1.
func nb01Schedule(lr0 float64, every, shift, n int) float64 {
	w := objective.Wavy{}
	x := -10.0
	for k := range n {
		x -= lr0 * math.Pow(0.5, float64((k+shift)/every)) * w.DF(x)
	}
	return x
}

// NB01Ex5 checks exercise 5 of notebook 01: x_30 on the wavy loss from −10
// when update k = 0 … 29 uses the learning rate 3.0·0.5^⌊k/10⌋ (3.0, then
// 1.5 from k = 10, then 0.75 from k = 20). It settles in the global minimum
// near 4.7385. The hints recognise a constant 3.0, a rate halved already
// before the first update and one halved every update.
func NB01Ex5(x30 float64) Result {
	return Number{
		Name: "x_30",
		Want: nb01Schedule(3, 10, 0, 30),
		Tol:  Tol{Rel: 1e-9, Abs: 1e-9},
		What: "x_30 ≈ 4.7385（最小値）：大きな学習率で局所解の谷を越え、小さくして谷底に落ち着きました（学習率のスケジューリング）。",
		Wrong: []Wrong{
			{nb01Schedule(3, 1<<30, 0, 30), "学習率が 3.0 のまま変わっていません：k = 10 と k = 20 で半分にしてください。"},
			{nb01Schedule(3, 10, 10, 30), "最初の更新から 1.5 になっています：k = 0〜9 は 3.0、k = 10〜19 は 1.5、k = 20〜29 は 0.75 です（半分にするのは 10 回更新した後）。"},
			{nb01Schedule(3, 1, 0, 30), "毎回半分にしています：半分にするのは 10 回に 1 回です。"},
		},
		Factors: []float64{},
	}.Check(x30)
}
