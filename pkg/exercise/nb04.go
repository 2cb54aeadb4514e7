package exercise

import (
	"fmt"
	"math"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// The checks of notebooks/04_newton_vs_gradient_descent.ipynb. The
// function is seed 002's f(x) = x⁴ − 2x² ([objective.Quartic]); the
// right answers come from closed forms or from runs of pkg/optim, never
// from the learner's method.

// nb04F is the notebook's function.
var nb04F = objective.Quartic{}

// nb04NewtonMap is one Newton step on x⁴ − 2x² in closed form:
// x − (4x³ − 4x)/(12x² − 4) = 2x³/(3x² − 1).
func nb04NewtonMap(x float64) float64 { return 2 * x * x * x / (3*x*x - 1) }

// NB04Ex1 checks exercise 1 of notebook 04: newtonStep(x) must return the
// point one Newton step after x, x − f'(x)/f″(x), for f(x) = x⁴ − 2x². It
// is compared at six points with the closed form 2x³/(3x² − 1); the
// typical mistakes (adding the step, the gradient step, f″/f', the step
// alone, Newton's root-finding step on f, the numerator without
// parentheses) get their own hints.
func NB04Ex1(newtonStep func(x float64) float64) Result {
	df, d2f := nb04F.DF, nb04F.D2F
	return Func{
		Name: "newtonStep",
		Want: nb04NewtonMap,
		At:   []float64{2, 1.5, 0.7, 0.55, 0.4, -0.3},
		Tol:  Tol{Rel: 1e-9, Abs: 1e-12},
		What: "newtonStep(x) = x − f'(x)/f''(x) = 2x³/(3x² − 1)：1 歩で 2 → 1.4545…、0.4 → −0.246…、0.55 → −3.597… と、本文の経過のとおりに跳びます。",
		Wrong: []WrongFunc{
			{F: func(x float64) float64 { return x + df(x)/d2f(x) },
				Hint: "f'(x)/f''(x) を足しています (sign flipped)：ニュートン法も勾配降下法と同じく、更新幅を x から引きます：x − f'(x)/f''(x)。"},
			{F: func(x float64) float64 { return x - df(x) },
				Hint: "f'(x) を f''(x) で割っていません：x − f'(x) は学習率 1 の勾配降下法です。ニュートン法では 1/f''(x) が学習率の役割をします。"},
			{F: func(x float64) float64 { return x - 0.01*df(x) },
				Hint: "それは学習率 0.01 の勾配降下法の 1 歩です：ニュートン法では学習率の代わりに 1/f''(x) を掛けます。"},
			{F: func(x float64) float64 { return x - d2f(x)/df(x) },
				Hint: "分数が上下逆です：f''(x)/f'(x) ではなく f'(x)/f''(x)（傾きを曲率で割る）です。"},
			{F: func(x float64) float64 { return df(x) / d2f(x) },
				Hint: "更新幅 f'(x)/f''(x) だけを返しています：返すのは 1 歩後の位置 x − f'(x)/f''(x) です。"},
			{F: func(x float64) float64 { return x - nb04F.F(x)/df(x) },
				Hint: "それは f(x) = 0 を解くニュートン法 x − f(x)/f'(x) です：最小値では傾きが 0 なので、f'(x) = 0 を解く x − f'(x)/f''(x) を使います。"},
			{F: func(x float64) float64 { return x - 4*x*x*x - 4*x/(12*x*x-4) },
				Hint: "分子に括弧がありません：x - 4*x*x*x - 4*x/(12*x*x-4) では 4x/(12x² − 4) だけが割られます。x - (4*x*x*x-4*x)/(12*x*x-4) と、f'(x) 全体を f''(x) 全体で割ってください。"},
		},
		Factors: []float64{},
	}.Check(newtonStep)
}

// nb04Seed are seed 002's settings: at most 20 updates, stop after an
// update when |x − 1| < 1e−10.
func nb04Seed(maxIter int) *optim.Settings {
	return &optim.Settings{MaxIter: maxIter, Target: []float64{1}, XTol: 1e-10}
}

// nb04Run runs m on the quartic from x0, or returns a Result for the
// checker's own failure.
func nb04Run(x0 float64, m optim.Method, s *optim.Settings) (*optim.Result, *Result) {
	r, err := optim.Minimize1D(nb04F, x0, m, s)
	if err != nil || len(r.Trace) < 3 {
		res := Failf("確認用の計算が失敗しました（教材の誤り）：%v", err)
		return nil, &res
	}
	return r, nil
}

// nb04LastRatio returns e_n/e_{n−1}^p for the last two iterates of r,
// with e = x − 1.
func nb04LastRatio(r *optim.Result, p float64) float64 {
	t := r.Trace
	en, em := t[len(t)-1].X[0]-1, t[len(t)-2].X[0]-1
	return en / math.Pow(em, p)
}

// NB04Ex2 checks exercise 2 of notebook 04: c must be e₆/e₅², the last
// two errors e = x − 1 of Newton's method from x = 2 under the seed's
// settings (6 updates). Theory gives c → f‴(1)/(2f″(1)) = 24/16 = 1.5;
// the check compares with the run of optim.Newton. e₆/e₅ (not squared),
// its inverse, the ratio of x instead of x − 1 and e6/e5*e5 (which Go
// reads as (e6/e5)*e5 = e₆) get their own hints.
func NB04Ex2(c float64) Result {
	r, bad := nb04Run(2, &optim.Newton{}, nb04Seed(20))
	if bad != nil {
		return *bad
	}
	t := r.Trace
	n := len(t) - 1
	want := nb04LastRatio(r, 2)
	xn, xm := t[n].X[0], t[n-1].X[0]
	return Number{
		Name: "e₆/e₅²",
		Want: want,
		// e₆ ≈ 2·10⁻¹² carries a rounding error of about 2·10⁻¹⁶: 10⁻⁴
		// relative. Any correct computation lands within 10⁻³.
		Tol:  Tol{Rel: 1e-3},
		What: fmt.Sprintf("e₆/e₅² = %.4f：理論の f'''(1)/(2f''(1)) = 24/16 = 1.5 とほぼ一致します。誤差が毎回「前の誤差の 2 乗 × 1.5」になる、これが 2 次収束です。", want),
		Wrong: []Wrong{
			{Value: nb04LastRatio(r, 1),
				Hint: "e₆/e₅ を計算しています：2 次収束では比 e₆/e₅ は 0 に近づいてしまいます。分母を 2 乗して e₆/e₅² にしてください。"},
			{Value: 1 / want,
				Hint: "上下逆です：e₅²/e₆ ではなく e₆/e₅²（新しい誤差 ÷ 古い誤差の 2 乗）です。"},
			{Value: xn / (xm * xm),
				Hint: "誤差ではなく x そのものの比になっています：e = x − 1（最小値 1 からのずれ）を使ってください。"},
			{Value: nb04LastRatio(r, 1) * (xm - 1),
				Hint: "それは e₆ そのものです：e6/e5*e5 は左から (e6/e5)*e5 と計算されるので、e5 で割ってまた掛けたことになります。e6/(e5*e5) と分母を括弧で囲んでください。"},
		},
		Factors: []float64{},
	}.Check(c)
}

// NB04Ex3 checks exercise 3 of notebook 04: damped Newton
// optim.Newton{LR: 0.5} from x = 2, stopped after an update when
// |x − 1| < 1e−10 (at most 100 updates). n must be the number of updates
// and ratio the last ratio of errors e_n/e_{n−1} (e = x − 1), which is
// 1 − LR = 0.5: the damping turns quadratic convergence into linear. The
// count of full Newton, len(r.Trace) and seedRun's cap of 20 updates get
// their own hints.
func NB04Ex3(n int, ratio float64) Result {
	r, bad := nb04Run(2, &optim.Newton{LR: 0.5}, nb04Seed(100))
	if bad != nil {
		return *bad
	}
	full, bad := nb04Run(2, &optim.Newton{}, nb04Seed(100))
	if bad != nil {
		return *bad
	}
	wantN := len(r.Trace) - 1
	fullN := len(full.Trace) - 1
	wantR := nb04LastRatio(r, 1)
	count := Count{
		Name: "更新回数",
		Want: wantN,
		What: fmt.Sprintf("LR = 0.5 では %d 回（LR = 1 なら %d 回）。", wantN, fullN),
		Wrong: []WrongCount{
			{Value: fullN, Hint: fmt.Sprintf("%d 回は普通のニュートン法（LR = 1）の回数です：optim.Newton{LR: 0.5} で 1 歩を半分にしてください。", fullN)},
			{Value: wantN + 1, Hint: fmt.Sprintf("%d は len(r.Trace) で、出発点 x₀ も数えています (off-by-one)：更新回数は len(r.Trace) − 1 です。", wantN+1)},
			{Value: 20, Hint: "20 回は上限で止まった回数です：seedRun は最大 20 回で打ち切ります。問題文の optim.Settings{MaxIter: 100, …} で走らせてください。"},
		},
	}.Check(n)
	rat := Number{
		Name: "e_n/e_(n−1)",
		Want: wantR,
		Tol:  Tol{Rel: 1e-3},
		What: fmt.Sprintf("誤差は毎回 %.4f 倍（= 1 − LR）：減衰させると 2 次収束が失われ、ずれが一定の割合でしか縮まない 1 次収束になります。", wantR),
		Wrong: []Wrong{
			{Value: nb04LastRatio(full, 1), Hint: "その比は LR = 1 の普通のニュートン法のものです：optim.Newton{LR: 0.5} の経過から計算してください。"},
			{Value: 1 / wantR, Hint: "上下逆です：新しい誤差 ÷ 古い誤差 e_n/e_(n−1) です。"},
			{Value: nb04LastRatio(r, 2), Hint: "e_n/e_(n−1)² を計算しています：この問題では 2 乗しない比 e_n/e_(n−1) です（比が一定なら 1 次収束）。"},
		},
		Factors: []float64{},
	}.Check(ratio)
	return All(count, rat)
}

// nb04MaxStableLR is the largest learning rate k/1000 (k = 1 … 300) for
// which gradient descent from x = 2 does not diverge in 1000 updates,
// as optim.GradientDescent reports it, and whether every smaller one
// also does not diverge.
func nb04MaxStableLR() (best float64, monotone bool, err error) {
	monotone = true
	diverged := false
	for k := 1; k <= 300; k++ {
		lr := float64(k) / 1000
		r, err := optim.Minimize1D(nb04F, 2, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: 1000})
		if err != nil {
			return 0, false, err
		}
		if r.Status == optim.Diverged {
			diverged = true
			continue
		}
		if diverged {
			monotone = false
		}
		best = lr
	}
	return best, monotone, nil
}

// NB04Ex4 checks exercise 4 of notebook 04: lr must be the largest
// learning rate on the grid 0.001, 0.002, …, 0.300 for which gradient
// descent from x = 2 does not diverge (1000 updates). The exact boundary
// 1/6 (where the first step lands on −2 and the run 2-cycles between ±2)
// is accepted too; 0.16 (read off the notebook's 0.01 grid), the next grid
// point and 2/f″(1) = 0.25 get their own hints.
func NB04Ex4(lr float64) Result {
	best, _, err := nb04MaxStableLR()
	if err != nil {
		return Failf("確認用の計算が失敗しました（教材の誤り）：%v", err)
	}
	return Number{
		Name: "学習率",
		Want: best,
		// Accepts the exact boundary 1/6 = 0.16667 and rejects the
		// neighbouring grid points 0.165 and 0.167.
		Tol:  Tol{Abs: 7e-4},
		What: fmt.Sprintf("%.3f：1 歩目 x₁ = 2 − 24α が −2 より内側に着地する最大の学習率です（境目は 2 − 24α = −2、α = 1/6）。", best),
		Wrong: []Wrong{
			{Value: best - 0.006, Hint: "0.16 は 0.01 刻みの図で読める値です：0.001 刻みで 0.161, 0.162, … も試してください。"},
			{Value: best + 0.001, Hint: "その学習率では発散します：1 歩目 x₁ = 2 − 24α が −2 より外に出ると、そこでの傾きがもっと大きいので、跳ぶたびに遠くなります。1 つ小さい値を試してください。"},
			{Value: 0.25, Hint: "0.25 = 2/f''(1) は最小値のすぐ近くで振動が収まる条件です：出発点 x = 2 では傾き f'(2) = 24 が大きいので、もっと小さい学習率で発散し始めます。"},
		},
		Factors: []float64{},
	}.Check(lr)
}

// NB04Ex5 checks exercise 5 of notebook 04: t is the learner's type for
// f(x) = x⁴ − 2x² + 0.3x, whose DF the learner writes (F and D2F are
// given in the starter). DF is compared with 4x³ − 4x + 0.3 at asymmetric
// points; F and D2F must still be the given ones. The original quartic's
// derivative (the 0.3 forgotten), 0.3x left undifferentiated and a flipped
// sign get their own hints. The sentence shown with ✓ names the two
// minima and the maximum, found by Newton's method on t.
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
			{F: func(x float64) float64 { return 4*x*x*x - 4*x - 0.3 }, Hint: "0.3 の符号が逆です：f(x) = x⁴ − 2x² + 0.3x なので f'(x) = 4x³ − 4x + 0.3 です。"},
			{F: func(x float64) float64 { return x*x*x*x - 2*x*x + 0.3*x }, Hint: "DF が f(x) そのものを返しています：微分 f'(x) を返してください。"},
		},
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
	return Pass(fmt.Sprintf("DF は正しい：f'(x) = 4x³ − 4x + 0.3。谷は x ≈ %.3f（深いほう）と %.3f、山頂は %.3f に移りますが、f'' は元の関数と同じなので 1/f'' の極は ±1/√3 のままです。",
		pts[0], pts[2], pts[1]))
}
