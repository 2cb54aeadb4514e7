package exercise

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// The exercises of notebooks/01_gradient_descent.ipynb. Each asks the
// learner for a function, and each check calls it on cases the statement
// does not show (other losses, starts, learning rates), comparing with a
// plain loop or a closed form computed here. A learner's function that
// panics, loops for ever or returns NaN gets a ✗ with a hint; the checks
// themselves only run bounded loops.

// nb01Timeout bounds the time a check waits for a learner's function (all
// its calls together); errTimeout is the error when it runs out.
const nb01Timeout = 2 * time.Second

// nb01CallHint is the hint for an error of run: a loop that does not
// end, or a panic.
func nb01CallHint(name string, err error, loop string) Result {
	if errors.Is(err, errTimeout) {
		return Failf("%s が %v たっても終わりません：%s", name, nb01Timeout, loop)
	}
	return Failf("%s を呼ぶと panic しました：%v", name, err)
}

// nb01Descend returns x₀ … x_num of gradient descent x ← x − lr·df(x),
// computed with a plain loop (sign −1 gives the ascent x ← x + lr·df(x)).
func nb01Descend(df func(float64) float64, x0, lr float64, num int, sign float64) []float64 {
	xs := []float64{x0}
	x := x0
	for range num {
		x = x + sign*lr*df(x)
		xs = append(xs, x)
	}
	return xs
}

// The derivatives exercise 1 calls the learner's loop with: none of them
// is the lesson's (5 − x)², whose listings the learner has seen.
func nb01QuadGrad(x float64) float64    { return -2 * (2 - x) }             // L = (2 − x)²
func nb01WavyGrad(x float64) float64    { return math.Cos(x) - 0.10*(5-x) } // sin x + 0.05(5 − x)²
func nb01QuarticGrad(x float64) float64 { return 4*x*x*x - 4*x }            // x⁴ − 2x²

// nb01Ex1Case is one hidden call of exercise 1.
type nb01Ex1Case struct {
	name    string
	df      func(float64) float64
	x0, lr  float64
	num     int
	lessonF bool // the lesson's loss would give a different trace here
}

var nb01Ex1Cases = []nb01Ex1Case{
	{"L = (2 − x)²", nb01QuadGrad, 7, 0.3, 12, true},
	{"L = sin x + 0.05(5 − x)²", nb01WavyGrad, 1.5, 0.7, 20, true},
	{"L = x⁴ − 2x²", nb01QuarticGrad, 0.3, 0.05, 15, true},
	{"L = (2 − x)²（更新 0 回）", nb01QuadGrad, -4, 0.1, 0, false},
}

// NB01Ex1 checks exercise 1 of notebook 01: descend(df, x0, lr, num) returns
// x₀ = x0, x₁, …, x_num of gradient descent x ← x − lr·df(x). It is called
// on three losses the lesson does not use, with other starts, rates and
// counts, and with num = 0; each trace must equal a plain loop's (to
// rounding: Rel 10⁻⁹, while one update of the mistakes below already moves
// x by more than 10⁻³). The hints recognise the update with the sign
// flipped, the gradient computed once at x0, lr replaced by the lesson's
// 0.1, the lesson's gradient −2(5 − x) used instead of df, and (through
// Trace) a loop one short or one over, x₀ missing and a shifted trace.
func NB01Ex1(descend func(df func(float64) float64, x0, lr float64, num int) []float64) Result {
	if descend == nil {
		return Fail(NotWritten)
	}
	got := make([][]float64, len(nb01Ex1Cases))
	err := run(nb01Timeout, func() {
		for i, c := range nb01Ex1Cases {
			got[i] = descend(c.df, c.x0, c.lr, c.num)
		}
	})
	if err != nil {
		return nb01CallHint("ex01_1", err, "ループは更新回数 num で終わるように書いてください。")
	}
	empty := true
	for _, g := range got {
		empty = empty && len(g) == 0
	}
	if empty {
		return Fail(NotWritten)
	}
	lessonGrad := func(x float64) float64 { return -2 * (5 - x) }
	for i, c := range nb01Ex1Cases {
		fixed := []float64{c.x0}
		for k := 1; k <= c.num; k++ {
			fixed = append(fixed, c.x0-float64(k)*c.lr*c.df(c.x0))
		}
		wrong := []WrongTrace{
			{nb01Descend(c.df, c.x0, c.lr, c.num, +1), "x が勾配の向きに動いています（損失が増える向き）：更新は x から学習率 × 勾配を引きます。"},
			{fixed, "勾配を出発点 x0 で 1 回しか計算していません：勾配は更新のたびに、いまの x で計算し直します。"},
		}
		if c.lr != 0.1 {
			wrong = append(wrong, WrongTrace{nb01Descend(c.df, c.x0, 0.1, c.num, -1), "学習率が引数の lr ではなく 0.1 のままです：受け取った lr を使ってください。"})
		}
		if c.lessonF {
			wrong = append(wrong, WrongTrace{nb01Descend(lessonGrad, c.x0, c.lr, c.num, -1), "授業の (5 − x)² の勾配を使っています：勾配は引数の関数 df で計算してください（確かめるセルは別の損失関数を渡します）。"})
		}
		r := Trace{
			Name:  "x",
			Want:  nb01Descend(c.df, c.x0, c.lr, c.num, -1),
			Wrong: wrong,
		}.Check(got[i])
		if !r.OK {
			return Failf("%s、x0 = %g、lr = %g、num = %d で呼ぶと：%s", c.name, c.x0, c.lr, c.num, r.Hint)
		}
	}
	return Pass("どの損失関数・出発点・学習率・更新回数でも、x₀ から x_num までの num + 1 個が正しく並びました。この数行が勾配降下法のすべてです。")
}

// nb01Ex2Rates are the learning rates exercise 2's check calls the
// learner's count with, in pairs μ and 1 − μ. None puts |x_k − 5| within
// 10⁻⁵ relative of 10⁻³ (log(10⁻⁴)/log|1 − 2μ| is at least 0.05 from an
// integer), so every correct loop gives the same count.
var nb01Ex2Rates = []float64{0.1, 0.9, 0.25, 0.75, 0.4, 0.6, 0.05, 0.95, 0.3, 0.7}

// nb01Count returns the first k with crit(x_k) on (5 − x)² from x₀ = −5
// with learning rate lr, or −1 if there is none within 10⁴ updates.
func nb01Count(lr float64, crit func(x float64) bool) int {
	x := -5.0
	for k := 0; k <= 10000; k++ {
		if crit(x) {
			return k
		}
		x -= lr * -2 * (5 - x)
	}
	return -1
}

// NB01Ex2 checks exercise 2 of notebook 01: count(lr) is the first k with
// |x_k − 5| < 10⁻³ for gradient descent on (5 − x)² from x₀ = −5. It is
// called for ten rates, in pairs μ and 1 − μ (0.1 and 0.9 among them),
// and each count must equal a plain loop's. The hints recognise a count
// by the loss instead of the distance, the same count whatever the rate
// (a constant), one too many or too few (through Count), and a loop that
// never ends (the sign of the update flipped).
func NB01Ex2(count func(lr float64) int) Result {
	if count == nil {
		return Fail(NotWritten)
	}
	got := make([]int, len(nb01Ex2Rates))
	err := run(nb01Timeout, func() {
		for i, lr := range nb01Ex2Rates {
			got[i] = count(lr)
		}
	})
	if err != nil {
		return nb01CallHint("ex01_2", err, "x が 5 に近づいていないか、ループの条件が満たされません。更新の符号と、条件 |x − 5| < 10⁻³ を確かめてください。")
	}
	zero, same := true, true
	for _, k := range got {
		zero = zero && k == 0
		same = same && k == got[0]
	}
	if zero {
		return Fail(NotWritten)
	}
	if same {
		return Failf("どの学習率でも %d を返しています：学習率 lr を使って実際に更新し、回数を数えてください。", got[0])
	}
	for i, lr := range nb01Ex2Rates {
		want := nb01Count(lr, func(x float64) bool { return math.Abs(x-5) < 1e-3 })
		byLoss := nb01Count(lr, func(x float64) bool { return (5-x)*(5-x) < 1e-3 })
		name := fmt.Sprintf("lr = %g の回数", lr)
		r := Count{
			Name:  name,
			Want:  want,
			Wrong: []WrongCount{{byLoss, fmt.Sprintf("%s = %d は、損失 (5 − x)² が 10⁻³ を下回る回数です：数えるのは x と 5 のずれ |x − 5| が 10⁻³ を下回るまでです。", name, got[i])}},
		}.Check(got[i])
		if !r.OK {
			if got[i] == 0 {
				return Failf("%s が 0 です：x₀ = −5 は 5 から 10 離れているので、少なくとも 1 回は更新します。", name)
			}
			return r
		}
	}
	return Pass("10 通りの学習率すべてで回数が合い、μ と 1 − μ の回数はどの組でも同じでした：ずれは毎回 1 − 2μ 倍になり、その大きさ |1 − 2μ| が速さを決めます。")
}

// nb01Ex3Cases are the valleys c·(a − x)² exercise 3's check calls the
// learner's function with; the statement shows only c = 4, a = 5.
var nb01Ex3Cases = []struct{ c, a float64 }{{4, 5}, {0.5, -2}, {10, 1}, {2.5, 3}}

// NB01Ex3 checks exercise 3 of notebook 01: steep(c, a) returns the
// derivative df of L(x) = c(a − x)² and the largest stable learning rate
// muMax = 2/L” = 1/c. It is called for four (c, a), three of them not in
// the statement; df is compared with a central difference of L at four
// points around a (Rel 10⁻⁶: the difference's own error is about 10⁻¹⁰),
// muMax with 1/c (Rel 10⁻⁶, so that L” from a finite difference passes
// too; the wrong limits below are at least a factor 2 away). The hints
// recognise df without c, df with a fixed a = 5, a flipped sign and a
// missing 2 (through Func), and the limits 2/c, 1/(2c), 1 and the
// example's 0.25 returned for every c.
func NB01Ex3(steep func(c, a float64) (df func(x float64) float64, muMax float64)) Result {
	if steep == nil {
		return Fail(NotWritten)
	}
	type answer struct {
		df    func(float64) float64
		muMax float64
	}
	got := make([]answer, len(nb01Ex3Cases))
	err := run(nb01Timeout, func() {
		for i, c := range nb01Ex3Cases {
			got[i].df, got[i].muMax = steep(c.c, c.a)
		}
	})
	if err != nil {
		return nb01CallHint("ex01_3", err, "この関数にループは要りません。")
	}
	written := false
	for _, g := range got {
		written = written || g.df != nil || g.muMax != 0
	}
	if !written {
		return Fail(NotWritten)
	}
	for i, cs := range nb01Ex3Cases {
		c, a := cs.c, cs.a
		where := fmt.Sprintf("c = %g、a = %g のとき、", c, a)
		if got[i].df == nil {
			return Fail(where + "df が nil です：勾配を計算する関数を返してください。")
		}
		loss := func(x float64) float64 { d := a - x; return c * d * d }
		var r Result
		if err := run(nb01Timeout, func() {
			r = Func{
				Name: "df",
				Want: CentralDiff(loss),
				At:   []float64{a - 3, a - 0.5, a + 1, a + 4},
				Tol:  Tol{Rel: 1e-6, Abs: 1e-6},
				Wrong: []WrongFunc{
					{func(x float64) float64 { return -2 * (a - x) }, "df に c が掛かっていません：c(a − x)² の微分は −2c(a − x) です。"},
					{func(x float64) float64 { return -2 * c * (5 - x) }, "df が a ではなく 5 を使っています：引数の a を使ってください（確かめるセルは別の a も渡します）。"},
				},
			}.Check(got[i].df)
		}); err != nil {
			return nb01CallHint("df", err, "df にループは要りません。")
		}
		if !r.OK {
			return Fail(where + r.Hint)
		}
		d2 := 2 * c
		m := Number{
			Name: "muMax",
			Want: 2 / d2,
			Tol:  Tol{Rel: 1e-6},
			Wrong: []Wrong{
				{2 / c, fmt.Sprintf("muMax = %g = 2/c です：c(a − x)² の 2 階微分は c ではなく 2c です。", 2/c)},
				{1 / (2 * d2), fmt.Sprintf("muMax = %g は 1/(2c) です：ずれの倍率は 1 − μ·L''、L'' = 2c です。その大きさが 1 を超えない上限を求めてください。", 1/(2*d2))},
				{1, "muMax = 1 は元の (5 − x)²（L'' = 2）の上限です：c(a − x)² では L'' = 2c です。"},
				{0.25, "muMax = 0.25 は c = 4 のときの値です：c を使って式で求めてください（確かめるセルは別の c も渡します）。"},
			},
			Factors: []float64{},
		}.Check(got[i].muMax)
		if !m.OK {
			if got[i].muMax == 0 {
				return Fail(where + "muMax が 0 のままです：上限を式で求めて返してください。")
			}
			return Fail(where + m.Hint)
		}
	}
	return Pass("df = −2c(a − x)、muMax = 1/c：谷が c 倍急になると、発散しない学習率の上限は 1/c 倍になります。")
}

// nb01Ex4Cases are the starts and rates exercise 4's check calls the
// learner's function with, on the wavy loss. With a plain loop the
// gradient one update before the stop is at least 9% above 10⁻⁶ in each,
// so every correct loop gives the same count.
var nb01Ex4Cases = []struct{ x0, lr float64 }{{-10, 1}, {3, 1}, {12, 0.5}, {-3, 1.5}, {8, 0.3}, {6, 1.2}}

// nb01Stop returns the first k with |L'(x_k)| < 10⁻⁶ and x_k on the wavy
// loss (sign −1 gives the ascent), or k = −1 if there is none within 10⁴
// updates.
func nb01Stop(x0, lr, sign float64, crit func(g, dx float64) bool) (int, float64) {
	x := x0
	for k := 0; k <= 10000; k++ {
		g := nb01WavyGrad(x)
		if crit(g, lr*g) {
			return k, x
		}
		x = x + sign*lr*g
	}
	return -1, x
}

// NB01Ex4 checks exercise 4 of notebook 01: stop(x0, lr) runs gradient
// descent on the wavy loss sin x + 0.05(5 − x)² from x0 with learning rate
// lr until the gradient's size falls below 10⁻⁶, and returns the number of
// updates k and x_k. It is called for six starts and rates (the source's
// x₀ = −10, lr 1.0 among them); k must be equal and x_k within 10⁻⁹ of a
// plain loop's. The hints recognise the test on the step |lr·L'| instead of
// the gradient, a missing absolute value, the ascent to a local maximum, a
// count off by one (through Count), and a loop that never ends.
func NB01Ex4(stop func(x0, lr float64) (k int, x float64)) Result {
	if stop == nil {
		return Fail(NotWritten)
	}
	type answer struct {
		k int
		x float64
	}
	got := make([]answer, len(nb01Ex4Cases))
	err := run(nb01Timeout, func() {
		for i, c := range nb01Ex4Cases {
			got[i].k, got[i].x = stop(c.x0, c.lr)
		}
	})
	if err != nil {
		return nb01CallHint("ex01_4", err, "x が谷底に近づいていないか、条件が満たされません。更新の符号と、止める条件（勾配の大きさ）を確かめてください。")
	}
	zero := true
	for _, g := range got {
		zero = zero && g.k == 0 && g.x == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	byGrad := func(g, _ float64) bool { return math.Abs(g) < 1e-6 }
	for i, c := range nb01Ex4Cases {
		where := fmt.Sprintf("x0 = %g、lr = %g のとき、", c.x0, c.lr)
		if bad(got[i].x) != "" {
			return Fail(where + badHint("x", got[i].x))
		}
		wantK, wantX := nb01Stop(c.x0, c.lr, -1, byGrad)
		stepK, _ := nb01Stop(c.x0, c.lr, -1, func(_, dx float64) bool { return math.Abs(dx) < 1e-6 })
		signedK, _ := nb01Stop(c.x0, c.lr, -1, func(g, _ float64) bool { return g < 1e-6 })
		ascK, ascX := nb01Stop(c.x0, c.lr, +1, byGrad)
		if ascK >= 0 && got[i].k == ascK && math.Abs(got[i].x-ascX) < 1e-6 {
			return Fail(where + fmt.Sprintf("x = %.4f は極大点です（勾配はそこでも 0）：x が勾配の向きに登っています。更新は x から学習率 × 勾配を引きます。", got[i].x))
		}
		if got[i].k == signedK && signedK != wantK {
			return Fail(where + "勾配が負のうちに止まっています：条件は勾配の大きさ（絶対値）で書いてください。")
		}
		wrong := []WrongCount{}
		if stepK != wantK {
			wrong = append(wrong, WrongCount{stepK, "動く幅 |lr × 勾配| で止めています：止める条件は勾配そのものの大きさ |L'(x)| < 10⁻⁶ です。"})
		}
		r := Count{Name: "k", Want: wantK, Wrong: wrong}.Check(got[i].k)
		if !r.OK {
			if got[i].k == 0 {
				return Fail(where + "k = 0 です：出発点の勾配は 10⁻⁶ より大きいので、少なくとも 1 回は更新します。")
			}
			return Fail(where + r.Hint)
		}
		if math.Abs(got[i].x-wantX) > 1e-9 {
			return Fail(where + fmt.Sprintf("k = %d は合っていますが、x = %.6g が違います：止まったときの x（k 回更新した後の x）を返してください。", got[i].k, got[i].x))
		}
	}
	var ends []string
	for _, g := range got {
		ends = append(ends, fmt.Sprintf("%.4f", g.x))
	}
	return Pass(fmt.Sprintf("6 通りとも合いました。止まった x は %s：局所解でも最小点でも勾配は 0 になるので、勾配だけでは止まった所が最小点かどうか分かりません。", strings.Join(ends, "、")))
}

// nb01Ex5Lr0s and nb01Ex5K are the initial rates and the updates
// k = 0 … nb01Ex5K−1 exercise 5's check calls the learner's schedule with.
var nb01Ex5Lr0s = []float64{3, 2, 0.8}

const nb01Ex5K = 40

// nb01Schedule is the right schedule, lr0·0.5^⌊k/10⌋.
func nb01Schedule(lr0 float64, k int) float64 { return lr0 * math.Pow(0.5, float64(k/10)) }

// nb01Ex5Wrong are the typical wrong schedules, each with its hint.
var nb01Ex5Wrong = []struct {
	f    func(lr0 float64, k int) float64
	hint string
}{
	{func(lr0 float64, k int) float64 { return lr0 * math.Pow(0.5, float64((k+1)/10)) }, "k = 9 で半分になっています：k = 0〜9 の 10 回は μ₀ のまま、半分になるのは k = 10 からです。"},
	{func(lr0 float64, k int) float64 { return lr0 * math.Pow(0.5, float64(max(k-1, 0)/10)) }, "k = 10 でまだ μ₀ のままです：k = 10 の更新から半分にします。"},
	{func(lr0 float64, k int) float64 { return lr0 * math.Pow(0.5, float64(k)/10) }, "学習率が毎回少しずつ小さくなっています：⌊k/10⌋ は整数の割り算で、10 回のあいだ学習率は変わりません。"},
	{func(lr0 float64, k int) float64 { return lr0 * math.Pow(0.5, float64(k)) }, "毎回半分にしています：半分にするのは 10 回に 1 回です。"},
	{func(lr0 float64, k int) float64 { return lr0 * math.Pow(0.5, float64(k/10+1)) }, "最初の更新からもう半分になっています：k = 0〜9 は μ₀ のままです。"},
	{func(lr0 float64, k int) float64 { return lr0 }, "学習率が μ₀ のまま変わっていません：10 回ごとに半分にしてください。"},
	{func(lr0 float64, k int) float64 { return 3 * math.Pow(0.5, float64(k/10)) }, "μ₀ = 3 に決め打ちしています：引数の lr0 を使ってください（確かめるセルは別の μ₀ も渡します）。"},
}

// NB01Ex5 checks exercise 5 of notebook 01: schedule(lr0, k) is the
// learning rate of update k, lr0·0.5^⌊k/10⌋ (μ₀ for k = 0 … 9, μ₀/2 for
// k = 10 … 19, …). It is called for three lr0 (two not in the statement)
// and every k = 0 … 39 and compared with the formula (the values are
// lr0 times powers of 2, so every correct formulation is exact; DefaultTol).
// Then the source's wavy run from −10 is repeated with lr0 = 3 and the
// learner's schedule. The hints recognise the halving one update early
// (k = 9) or late (k = 11), a smooth 0.5^(k/10), halving every update,
// halving before the first update, no halving and a fixed μ₀ = 3.
func NB01Ex5(schedule func(lr0 float64, k int) float64) Result {
	if schedule == nil {
		return Fail(NotWritten)
	}
	got := make([][]float64, len(nb01Ex5Lr0s))
	err := run(nb01Timeout, func() {
		for i, lr0 := range nb01Ex5Lr0s {
			for k := range nb01Ex5K {
				got[i] = append(got[i], schedule(lr0, k))
			}
		}
	})
	if err != nil {
		return nb01CallHint("ex01_5", err, "この関数にループは要りません。")
	}
	zero := true
	for _, row := range got {
		for _, v := range row {
			zero = zero && v == 0
		}
	}
	if zero {
		return Fail(NotWritten)
	}
	tol := DefaultTol
	matches := func(f func(float64, int) float64) bool {
		for i, lr0 := range nb01Ex5Lr0s {
			for k, v := range got[i] {
				if !tol.Close(v, f(lr0, k)) {
					return false
				}
			}
		}
		return true
	}
	if !matches(nb01Schedule) {
		for i := range got {
			for k, v := range got[i] {
				if bad(v) != "" {
					return Fail(badHint(fmt.Sprintf("lr0 = %g、k = %d の学習率", nb01Ex5Lr0s[i], k), v))
				}
			}
		}
		for _, w := range nb01Ex5Wrong {
			if matches(w.f) {
				return Fail(w.hint)
			}
		}
		for i, lr0 := range nb01Ex5Lr0s {
			for k, v := range got[i] {
				if !tol.Close(v, nb01Schedule(lr0, k)) {
					return Failf("lr0 = %g、k = %d で %.6g を返しています：k = 0〜9 は μ₀、10〜19 は μ₀/2、20〜29 は μ₀/4 です。", lr0, k, v)
				}
			}
		}
	}
	xs := []float64{-10}
	for k := range 30 {
		x := xs[len(xs)-1]
		xs = append(xs, x-nb01Schedule(3, k)*nb01WavyGrad(x))
	}
	return Pass(fmt.Sprintf("どの μ₀、どの k でも正しい学習率です。x₀ = −10、μ₀ = 3 で 30 回更新すると x_30 = %.4f：大きな学習率で局所解の谷を越え、小さくしてから最小点の谷底に落ち着きます。", xs[30]))
}
