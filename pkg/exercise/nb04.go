package exercise

import (
	"fmt"
	"math"
	"slices"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// The checks of notebooks/04_newton_vs_gradient_descent.ipynb. The
// function is seed 002's f(x) = x⁴ − 2x² ([objective.Quartic]). Each
// check calls the learner's function on inputs the statement does not
// show, and computes the right answers — and the answers of the typical
// mistakes, by running the mistakes — here, independently of the
// learner's code: closed forms, pkg/objective's derivatives and plain
// loops, each bounded.

// nb04F is the notebook's function.
var nb04F = objective.Quartic{}

// nb04NewtonMap is one Newton step on x⁴ − 2x² in closed form:
// x − (4x³ − 4x)/(12x² − 4) = 2x³/(3x² − 1).
func nb04NewtonMap(x float64) float64 { return 2 * x * x * x / (3*x*x - 1) }

// nb04Safe calls f, turning a panic into an error, so that a learner's
// function that panics gives a ✗ with a hint instead of crashing the
// check.
func nb04Safe[T any](f func() T) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return f(), nil
}

// nb04Panicked is the hint for a learner's function that panicked.
func nb04Panicked(call string, err error) Result {
	return Failf("%s を呼ぶと panic しました（%v）：配列の範囲外の添字や、nil のままの値を使っていないか確かめてください。", call, err)
}

// NB04Ex1 checks exercise 1 of notebook 04: newtonStep(x) must return the
// point one Newton step after x, x − f'(x)/f″(x), for f(x) = x⁴ − 2x². It
// is compared at seven points (the statement names none) with the closed
// form 2x³/(3x² − 1); the typical mistakes (adding the step, the gradient
// step, f″/f', the step alone, Newton's root-finding step on f, the
// numerator without parentheses) get their own hints.
func NB04Ex1(newtonStep func(x float64) float64) Result {
	df, d2f := nb04F.DF, nb04F.D2F
	return Func{
		Name: "newtonStep",
		Want: nb04NewtonMap,
		At:   []float64{2.3, 1.7, 0.7, 0.52, 0.35, -0.3, -1.4},
		// Different correct formulas (x*x*x, math.Pow, the closed form)
		// agree to a few ulps; 1e−9 relative leaves room and rejects
		// every mistake below.
		Tol:  Tol{Rel: 1e-9, Abs: 1e-12},
		What: "newtonStep(x) = x − f'(x)/f''(x) = 2x³/(3x² − 1)：f'' > 0 の所では谷へ、f'' < 0 の所（|x| < 1/√3）では極大点 0 の側へ跳ぶ 1 歩です。",
		Wrong: []WrongFunc{
			{F: func(x float64) float64 { return x + df(x)/d2f(x) },
				Hint: "f'(x)/f''(x) を足しています：ニュートン法も勾配降下法と同じく、更新幅を x から引きます。"},
			{F: func(x float64) float64 { return x - df(x) },
				Hint: "f'(x) を f''(x) で割っていません：それは学習率 1 の勾配降下法です。ニュートン法では 1/f''(x) が学習率の役割をします。"},
			{F: func(x float64) float64 { return x - 0.01*df(x) },
				Hint: "それは学習率 0.01 の勾配降下法の 1 歩です：ニュートン法では学習率の代わりに 1/f''(x) を掛けます。"},
			{F: func(x float64) float64 { return x - d2f(x)/df(x) },
				Hint: "分数が上下逆です：曲率を傾きで割るのではなく、傾き f'(x) を曲率 f''(x) で割ります。"},
			{F: func(x float64) float64 { return df(x) / d2f(x) },
				Hint: "更新幅 f'(x)/f''(x) だけを返しています：返すのは 1 歩後の位置、つまり x から更新幅を引いた値です。"},
			{F: func(x float64) float64 { return x - nb04F.F(x)/df(x) },
				Hint: "それは f(x) = 0 を解くニュートン法 x − f(x)/f'(x) です：最小点では傾きが 0 なので、f'(x) = 0 を解く x − f'(x)/f''(x) を使います。"},
			{F: func(x float64) float64 { return x - 4*x*x*x - 4*x/(12*x*x-4) },
				Hint: "分子に括弧がありません：掛け算・割り算は引き算より先に計算されるので、4x/(12x² − 4) だけが割られています。f'(x) 全体を括弧で囲んでから f''(x) 全体で割ってください。"},
			{F: func(x float64) float64 { return x - (4*x*x*x-4*x)/12*x*x - 4 },
				Hint: "分母に括弧がありません：/12*x*x - 4 は「12 で割ってから x² を掛け、4 を引く」と計算されます。f''(x) = 12x² − 4 全体を括弧で囲んでください。"},
		},
		Factors: []float64{},
	}.Check(newtonStep)
}

// nb04Ex2Starts are the starts exercise 2's check runs the learner's
// function from (the statement shows none of them): all right of 1/√3,
// so Newton reaches 1, in 5 to 7 updates.
var nb04Ex2Starts = []float64{1.3, 0.8, 2.5, 3}

// nb04Ratios runs Newton's method with the given step from x0 under the
// seed's rule (at most 20 updates; stop after an update when
// |x − 1| < 1e−10) and returns r(e_k, e_{k+1}) for each update, e = x − 1.
func nb04Ratios(x0 float64, step func(float64) float64, r func(e0, e1, x0, x1 float64) float64) []float64 {
	var cs []float64
	x := x0
	for range 20 {
		next := step(x)
		cs = append(cs, r(x-1, next-1, x, next))
		x = next
		if math.Abs(x-1) < 1e-10 {
			break
		}
	}
	return cs
}

// nb04RatioTol is how far a correct c_k = e_{k+1}/e_k² may be from the
// check's: x_k computed with x*x*x, math.Pow or a correctly rounded cube
// differ by a few ulps (4·10⁻¹⁵ absolute at most), which moves c_k by
// 4·10⁻¹⁵/e_k² + 8·10⁻¹⁵·|c_k|/|e_k|. That is 10⁻¹¹ on the first ratios
// and large only on the last one, where e_{k+1} is itself a few ulps.
func nb04RatioTol(e0, c float64) float64 {
	return 1e-9*math.Abs(c) + 4e-15/(e0*e0) + 8e-15*math.Abs(c)/math.Abs(e0)
}

// NB04Ex2 checks exercise 2 of notebook 04: ratios(x0) must run Newton's
// method from x0 under the seed's rule (at most 20 updates, stop after an
// update when |x − 1| < 1e−10) and return c_k = e_{k+1}/e_k² for every
// update, e = x − 1. The check calls it from four starts the statement
// does not give and compares every c_k; theory says c_k → f‴(1)/(2f″(1))
// = 1.5, and the measured c_k are far from it at first (0.27 … 2.8), so
// the theory value returned as a constant fails. The ratio not squared,
// its inverse, x instead of x − 1, e1/e0*e0 (Go's (e1/e0)·e0), a run from
// x = 2 whatever x0, gradient descent, and a list one short or one long
// get their own hints.
func NB04Ex2(ratios func(x0 float64) []float64) Result {
	if ratios == nil {
		return Fail(NotWritten)
	}
	df, d2f := nb04F.DF, nb04F.D2F
	newton := func(x float64) float64 { return x - df(x)/d2f(x) }
	sq := func(e0, e1, _, _ float64) float64 { return e1 / (e0 * e0) }
	type mistake struct {
		cs   func(x0 float64) []float64
		hint string
	}
	mistakes := []mistake{
		{func(x0 float64) []float64 {
			return nb04Ratios(x0, newton, func(e0, e1, _, _ float64) float64 { return e1 / e0 })
		}, "分母を 2 乗していません：e_(k+1)/e_k は 2 次収束では 0 に近づいてしまいます。c_k = e_(k+1)/e_k² です。"},
		{func(x0 float64) []float64 {
			return nb04Ratios(x0, newton, func(e0, e1, _, _ float64) float64 { return e0 * e0 / e1 })
		}, "上下逆です：新しい誤差 e_(k+1) を、古い誤差の 2 乗 e_k² で割ります。"},
		{func(x0 float64) []float64 {
			return nb04Ratios(x0, newton, func(_, _, x0, x1 float64) float64 { return x1 / (x0 * x0) })
		}, "誤差ではなく x そのものの比になっています：誤差は最小点 1 からのずれ e = x − 1 です。"},
		{func(x0 float64) []float64 {
			return nb04Ratios(x0, newton, func(e0, e1, _, _ float64) float64 { return e1 / e0 * e0 })
		}, "e_(k+1) そのものが返っています：Go は e1/e0*e0 を左から (e1/e0)*e0 と計算するので、割ってまた掛けたことになります。分母の e0*e0 を括弧で囲んでください。"},
		{func(float64) []float64 {
			return nb04Ratios(2, newton, sq)
		}, "どの x0 を渡しても x = 2 から走らせた結果になっています：確認のセルはいろいろな x0 で関数を呼びます。引数 x0 から始めてください。"},
		{func(x0 float64) []float64 {
			return nb04Ratios(x0, func(x float64) float64 { return x - 0.01*df(x) }, sq)
		}, "それは勾配降下法（学習率 0.01）の誤差です：更新を x − f'(x)/f''(x) にしてください。"},
	}
	for _, x0 := range nb04Ex2Starts {
		got, err := nb04Safe(func() []float64 { return ratios(x0) })
		call := fmt.Sprintf("ratios(%g)", x0)
		if err != nil {
			return nb04Panicked(call, err)
		}
		if len(got) == 0 {
			return Fail(NotWritten)
		}
		for k, c := range got {
			if bad(c) != "" {
				return Failf("%s の %d 番目 c_%d が %s です：e_k が 0 になってから割っていませんか。|x − 1| < 1e−10 になったら、その更新の比を記録して止めます。", call, k, k, bad(c))
			}
		}
		want := nb04Ratios(x0, newton, sq)
		es := nb04Errors(x0, len(want))
		if nb04CloseRatios(got, want, es) {
			continue
		}
		constant := true
		for _, c := range got {
			constant = constant && c == got[0]
		}
		if constant {
			return Failf("%s が全部同じ値 %.6g です：c_k は理論値ではなく、経過の誤差から測る値です。最初のうちは 1.5 から遠い値になります。", call, got[0])
		}
		for _, m := range mistakes {
			if nb04LooselyEqual(got, m.cs(x0)) {
				return Fail(m.hint)
			}
		}
		switch {
		case len(got) == len(want)-1 && nb04CloseRatios(got, want[:len(got)], es):
			return Failf("%s の値が %d 個で、最後の更新の比が足りません：|x − 1| < 1e−10 になった更新の比も記録してから止めてください（x0 = %g からは %d 回更新します）。", call, len(got), x0, len(want))
		case len(got) == len(want)+1 && nb04CloseRatios(got[:len(want)], want, es):
			return Failf("%s の値が %d 個で、1 つ多すぎます：更新の後で |x − 1| < 1e−10 なら止めてください（x0 = %g からは %d 回更新します）。", call, len(got), x0, len(want))
		case len(got) != len(want):
			return Failf("%s の値が %d 個です：x0 = %g からは %d 回更新するので、c_k も %d 個のはずです。", call, len(got), x0, len(want), len(want))
		}
		for k := range got {
			if math.Abs(got[k]-want[k]) > nb04RatioTol(es[k], want[k]) {
				return Failf("%s の c_%d = %.6g が違います（c_0〜c_%d は合っています）：%d 回目の更新の前後の誤差 e_%d と e_%d を確かめてください。", call, k, got[k], k-1, k+1, k, k+1)
			}
		}
	}
	return Pass("c_k は最初 1.5 から遠く、x_k が 1 に近づくと f'''(1)/(2f''(1)) = 24/16 = 1.5 に近づきます（最後の比は丸め誤差で乱れます）。誤差が毎回「前の誤差の 2 乗 × 約 1.5」になる、これが 2 次収束です。")
}

// nb04Errors returns e_0 … e_{n−1} of Newton's method from x0.
func nb04Errors(x0 float64, n int) []float64 {
	es := make([]float64, n)
	x := x0
	for k := range es {
		es[k] = x - 1
		x = nb04NewtonMap(x)
	}
	return es
}

// nb04CloseRatios reports whether got and want agree element by element
// within nb04RatioTol.
func nb04CloseRatios(got, want, es []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for k := range got {
		if math.IsNaN(got[k]) || math.Abs(got[k]-want[k]) > nb04RatioTol(es[k], want[k]) {
			return false
		}
	}
	return true
}

// nb04LooselyEqual reports whether got and w have the same length and
// agree to 10⁻⁶ relative except in their last element (which rounding
// decides): enough to recognise a mistake's list, never used to accept.
func nb04LooselyEqual(got, w []float64) bool {
	if len(got) != len(w) || len(w) < 2 {
		return false
	}
	for k := range len(w) - 1 {
		if !(Tol{Rel: 1e-6, Abs: 1e-12}).Close(got[k], w[k]) {
			return false
		}
	}
	return true
}

// nb04Ex3LRs are the learning rates exercise 3's check calls the
// learner's function with; the statement shows none of them.
var nb04Ex3LRs = []float64{0.5, 0.8, 1, 0.9, 0.6, 0.3, 0.25}

// nb04DampedCount is the number of updates of damped Newton
// x ← x − lr·f'(x)/f″(x) from x = 2 until |x − 1| < 1e−10 after an
// update, at most 200; step replaces the update for the mistakes.
func nb04DampedCount(lr float64, step func(x, lr float64) float64) int {
	x := 2.0
	for n := 1; n <= 200; n++ {
		x = step(x, lr) // a diverged x (NaN) runs to the cap, as a learner's loop does
		if math.Abs(x-1) < 1e-10 {
			return n
		}
	}
	return 200
}

// NB04Ex3 checks exercise 3 of notebook 04: updates(lr) must return how
// many updates damped Newton x ← x − lr·f'(x)/f″(x) takes from x = 2
// until |x − 1| < 1e−10 after an update (at most 200). The check calls it
// for seven learning rates from 0.25 to 1; the counts (6 … 85) come from
// the check's own loop. The estimate log(1e−10)/log(1 − lr) from the
// linear rate 1 − lr (a theory value, off by 2 to 5), full Newton's count
// whatever lr, the count plus one, the cap of 20, and damping that divides
// instead of multiplies get their own hints.
func NB04Ex3(updates func(lr float64) int) Result {
	if updates == nil {
		return Fail(NotWritten)
	}
	df, d2f := nb04F.DF, nb04F.D2F
	damped := func(x, lr float64) float64 { return x - lr*df(x)/d2f(x) }
	full := nb04DampedCount(1, damped)
	gots := make([]int, len(nb04Ex3LRs))
	written := false
	for i, lr := range nb04Ex3LRs {
		got, err := nb04Safe(func() int { return updates(lr) })
		if err != nil {
			return nb04Panicked(fmt.Sprintf("updates(%g)", lr), err)
		}
		gots[i], written = got, written || got != 0
	}
	if !written {
		return Fail(NotWritten)
	}
	count := func(step func(x, lr float64) float64, adjust int) []int {
		ns := make([]int, len(nb04Ex3LRs))
		for i, lr := range nb04Ex3LRs {
			ns[i] = nb04DampedCount(lr, step) + adjust
		}
		return ns
	}
	estimate := func(round func(float64) float64) []int {
		ns := make([]int, len(nb04Ex3LRs))
		for i, lr := range nb04Ex3LRs {
			ns[i] = int(round(math.Log(1e-10) / math.Log(1-lr)))
		}
		return ns
	}
	// The typical mistakes, each run over every learning rate; the
	// learner's counts are compared with each whole list.
	for _, m := range []struct {
		ns   []int
		hint string
	}{
		{estimate(math.Ceil), "1 次収束の見積もり log(1e−10)/log(1 − lr) から計算した回数です：実際の経過は最初 1 から遠く、誤差が率 1 − lr で縮むのは 1 の近くだけです。ループを回して数えてください。"},
		{estimate(math.Floor), "1 次収束の見積もり log(1e−10)/log(1 − lr) から計算した回数です：実際の経過は最初 1 から遠く、誤差が率 1 − lr で縮むのは 1 の近くだけです。ループを回して数えてください。"},
		{estimate(math.Round), "1 次収束の見積もり log(1e−10)/log(1 − lr) から計算した回数です：実際の経過は最初 1 から遠く、誤差が率 1 − lr で縮むのは 1 の近くだけです。ループを回して数えてください。"},
		{count(func(x, _ float64) float64 { return damped(x, 1) }, 0), fmt.Sprintf("どの lr でも普通のニュートン法（lr = 1）の %d 回になっています：1 歩に lr を掛けて、1 歩を短くしてください。", full)},
		{count(damped, 1), "どの lr でも 1 つ多すぎます：出発点 x₀ も数えていませんか（経過の長さは更新回数 + 1 です）。"},
		{count(damped, -1), "どの lr でも 1 つ少なすぎます：|x − 1| < 1e−10 を満たした最後の更新も数えてください。"},
		{count(func(x, lr float64) float64 { return x - df(x)/(lr*d2f(x)) }, 0), "lr で割っています：1 歩を短くするには、更新幅 f'(x)/f''(x) に lr を掛けます。"},
		{count(func(x, lr float64) float64 { return x - lr*df(x) }, 0), "それは勾配降下法 x − lr·f'(x) の回数です：減衰つきニュートン法の更新幅は lr·f'(x)/f''(x) です。"},
	} {
		if slices.Equal(gots, m.ns) {
			return Fail(m.hint)
		}
	}
	for i, lr := range nb04Ex3LRs {
		got := gots[i]
		call := fmt.Sprintf("updates(%g)", lr)
		want := nb04DampedCount(lr, damped)
		switch {
		case got == want:
			continue
		case got == 20 && want > 20:
			return Failf("%s = 20 は上限 20 回で止めた回数です：この問題の上限は 200 回です。", call)
		case got <= 0:
			return Failf("%s = %d：更新回数は 1 以上です。x = 2 から更新を繰り返して数えてください。", call, got)
		case got == want+1 || got == want-1:
			return Failf("%s = %d は 1 つずれています：数えるのは更新の回数で、|x − 1| < 1e−10 を満たした最後の更新まで数えます（出発点は数えません）。", call, got)
		}
		return Failf("%s = %d が違います：x = 2 から x ← x − lr·f'(x)/f''(x) を繰り返し、更新の後で |x − 1| < 1e−10 になるまでの更新回数を数えてください。", call, got)
	}
	return Pass(fmt.Sprintf("lr = 1 の %d 回に比べ、lr < 1 では回数がずっと多くなります：1 の近くで誤差が毎回 (1 − lr) 倍にしか縮まない 1 次収束になり、2 次収束の速さは失われます。", full))
}

// nb04Ex4Starts are the starts exercise 4's check calls the learner's
// function from; the statement shows none of them. From each the first
// step decides: the largest stable rate (0.062 … 0.223) lies below the
// local limit 2/f″(1) = 0.25.
var nb04Ex4Starts = []float64{1.9, -2.2, 2.5, 3, 1.8}

// nb04MaxLR scans lr = 0.001·k, k = 1 … 300, and returns the largest lr
// for which gradient descent from x0 does not diverge in iters updates
// (diverged: NaN or |x| > 10⁶), scanning every stepth rate; first
// returns the smallest rate that diverges instead.
func nb04MaxLR(x0 float64, iters, stepK int, first bool) float64 {
	best := 0.0
	for k := stepK; k <= 300; k += stepK {
		lr := float64(k) / 1000
		x, ok := x0, true
		for range iters {
			x -= lr * nb04F.DF(x)
			if math.IsNaN(x) || math.Abs(x) > 1e6 {
				ok = false
				break
			}
		}
		if first && !ok {
			return lr
		}
		if ok {
			best = lr
		}
	}
	return best
}

// NB04Ex4 checks exercise 4 of notebook 04: maxLR(x0) must return the
// largest learning rate of 0.001, 0.002, …, 0.300 for which gradient
// descent from x0 does not diverge in 1000 updates (NaN or |x| > 10⁶).
// The check calls it from five starts; the answers come from the check's
// own scan. The local limit 2/f″(1) = 0.25 (the theory value, too large
// from every one of these starts), the first rate that diverges, the
// 0.01 grid, the exact boundary 1/(2(x0² − 1)) off the grid and x0 = 2's
// answer whatever x0 get their own hints.
func NB04Ex4(maxLR func(x0 float64) float64) Result {
	if maxLR == nil {
		return Fail(NotWritten)
	}
	gots := make([]float64, len(nb04Ex4Starts))
	written := false
	for i, x0 := range nb04Ex4Starts {
		got, err := nb04Safe(func() float64 { return maxLR(x0) })
		call := fmt.Sprintf("maxLR(%g)", x0)
		if err != nil {
			return nb04Panicked(call, err)
		}
		if bad(got) != "" {
			return Failf("%s が %s です：見つかった学習率を返してください。", call, bad(got))
		}
		gots[i], written = got, written || got != 0
	}
	if !written {
		return Fail(NotWritten)
	}
	for i, x0 := range nb04Ex4Starts {
		got := gots[i]
		call := fmt.Sprintf("maxLR(%g)", x0)
		want := nb04MaxLR(x0, 1000, 1, false)
		close := func(v float64) bool { return math.Abs(got-v) <= 1e-9 }
		if close(want) {
			continue
		}
		boundary := 1 / (2 * (x0*x0 - 1))
		switch {
		case close(0.25):
			return Failf("%s = 0.25 は 2/f''(1)、最小点のすぐ近くで振動が収まる条件です：出発点では傾き |f'(x0)| が大きく、もっと小さい学習率から 1 歩目で遠くへ跳ばされます。走らせて確かめてください。", call)
		case close(nb04MaxLR(x0, 1000, 1, true)):
			return Failf("%s = %.3f では発散します：それは発散する最小の学習率です。その 1 つ手前を返してください。", call, got)
		case close(nb04MaxLR(x0, 1000, 10, false)):
			return Failf("%s = %.3f は 0.01 刻みで探した値です：0.001 刻みで探してください。", call, got)
		case math.Abs(got-boundary) <= 1e-9:
			return Failf("%s = %.6g は 1 歩目がちょうど −x0 に着く境目 1/(2(x0² − 1)) で、0.001 刻みの格子の値ではありません：格子の学習率を走らせて、発散しない最大のものを返してください。", call, got)
		case close(nb04MaxLR(2, 1000, 1, false)):
			return Failf("%s = %.3f は x0 = 2 のときの答えです：確認のセルはいろいろな x0 で関数を呼びます。引数 x0 から走らせてください。", call, got)
		case close(0.001):
			return Failf("%s = 0.001 は発散しない最小の学習率です：発散しない最大のものを返してください。", call)
		case got == 0:
			return Failf("%s = 0：この出発点でも、小さな学習率なら発散しません。0.001 から 0.300 まで全部試してください。", call)
		}
		return Failf("%s = %.6g が違います：0.001 から 0.300 までの学習率で x0 から 1000 回更新し、発散しない（NaN にも |x| > 10⁶ にもならない）最大の学習率を返してください。", call, got)
	}
	return Pass("どの出発点でも、発散しない最大の学習率は 2/f''(1) = 0.25 より小さく、出発点が遠いほど小さくなります：決めるのは最小点の近くの曲率ではなく、1 歩目が −x0 を越えて外へ跳ぶかどうかです。")
}

// NB04Ex5 checks exercise 5 of notebook 04: t is the learner's type for
// f(x) = x⁴ − 2x² + 0.3x, whose DF the learner writes (F and D2F are
// given in the starter). DF is compared with 4x³ − 4x + 0.3 at asymmetric
// points the statement does not give; F and D2F must still be the given
// ones. The original quartic's derivative (the 0.3 forgotten), 0.3x left
// undifferentiated, a flipped sign and f itself get their own hints. The
// sentence shown with ✓ names the two minima and the maximum, found by
// Newton's method on t.
func NB04Ex5(t objective.Func1D) Result {
	if t == nil {
		return Fail(NotWritten)
	}
	want := func(x float64) float64 { return 4*x*x*x - 4*x + 0.3 }
	df := Func{
		Name: "DF",
		Want: want,
		At:   []float64{-1.3, -0.6, 0.2, 0.9, 1.7},
		Tol:  Tol{Rel: 1e-9, Abs: 1e-12},
		Wrong: []WrongFunc{
			{F: nb04F.DF, Hint: "それは元の関数 x⁴ − 2x² の微分です：1 次の項 0.3x の微分 0.3 が抜けています。"},
			{F: func(x float64) float64 { return 4*x*x*x - 4*x + 0.3*x }, Hint: "0.3x を微分せずに残しています：0.3x の微分は定数 0.3 です。"},
			{F: func(x float64) float64 { return 4*x*x*x - 4*x - 0.3 }, Hint: "0.3 の符号が逆です：f(x) = x⁴ − 2x² + 0.3x の 1 次の項は +0.3x です。"},
			{F: func(x float64) float64 { return x*x*x*x - 2*x*x + 0.3*x }, Hint: "DF が f(x) そのものを返しています：微分 f'(x) を返してください。"},
			{F: func(x float64) float64 { return 4*x*x*x - 2*x + 0.3 }, Hint: "2x² の微分が 2x になっています：2x² の微分は 4x です。"},
			{F: func(x float64) float64 { return 3*x*x*x - 4*x + 0.3 }, Hint: "x⁴ の微分の係数が違います：x⁴ の微分は 4x³ です。"},
		},
		Factors: []float64{},
	}.Check(t.DF)
	if !df.OK {
		return df
	}
	given := Func{Name: "F", Want: func(x float64) float64 { return x*x*x*x - 2*x*x + 0.3*x },
		At: []float64{-1.3, 0.2, 1.7}, Tol: Tol{Rel: 1e-9, Abs: 1e-12}}.Check(t.F)
	if !given.OK {
		return Fail("F が問題の f(x) = x⁴ − 2x² + 0.3x と違います：F と D2F は最初のセルのまま残し、DF だけを書いてください。")
	}
	curv := Func{Name: "D2F", Want: nb04F.D2F, At: []float64{-1.3, 0.2, 1.7}}.Check(t.D2F)
	if !curv.OK {
		return Fail("D2F が 12x² − 4 と違います：0.3x の 2 階微分は 0 なので、f''(x) は元の関数と同じです。D2F は最初のセルのまま残してください。")
	}
	var pts [3]float64
	for i, x0 := range []float64{-1, 0, 1} {
		r, err := optim.Minimize1D(t, x0, &optim.Newton{}, &optim.Settings{MaxIter: 100, GradTol: 1e-12})
		if err != nil || r.Status != optim.GradientTolerance {
			return Failf("確認用の計算が失敗しました（教材の誤り）：%v", err)
		}
		pts[i] = r.X()[0]
	}
	return Pass(fmt.Sprintf("DF は正しい：f'(x) = 4x³ − 4x + 0.3。最小点は x ≈ %.3f（深いほう）と %.3f、極大点は %.3f に移りますが、f'' は元の関数と同じなので 1/f'' の極は ±1/√3 のままです。",
		pts[0], pts[2], pts[1]))
}
