package exercise

import (
	"fmt"
	"math"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// The checks of notebooks/03_momentum_least_squares.ipynb. The notebook
// fits y = a·x + b to objective.LineData(100, 2, 5, 1, 1) from a = b = 30
// with SGD and seed 001's averaged momentum (η = 0.002, β = 0.9, 20,000
// updates, sample-draw seed 1); the right answers come from closed forms
// or from runs of pkg/optim, never from the learner's method.

// The notebook's settings.
const (
	nb03Eta     = 0.002
	nb03Beta    = 0.9
	nb03Updates = 20000
	nb03RMSLR   = 0.01
	nb03Rho     = 0.99
)

// nb03Problem is the notebook's least-squares problem and its closed-form
// solution.
func nb03Problem() (*objective.LeastSquares, float64, float64, error) {
	x, y := objective.LineData(100, 2, 5, 1, 1)
	ls, err := objective.NewLeastSquares(x, y)
	if err != nil {
		return nil, 0, 0, err
	}
	a, b, err := ls.Solve()
	return ls, a, b, err
}

// nb03Fit runs m from a = b = 30 for the notebook's 20,000 updates.
func nb03Fit(ls *objective.LeastSquares, m optim.Method) (*optim.Result, error) {
	return optim.Minimize(ls, []float64{30, 30}, m, &optim.Settings{MaxIter: nb03Updates})
}

// nb03Momentum is seed 001's averaged momentum with coefficient beta,
// one sample per update drawn with seed 1.
func nb03Momentum(beta float64) optim.Method {
	return &optim.Stochastic{Method: &optim.AveragedMomentum{LR: nb03Eta, Beta: beta}, Seed: 1}
}

// nb03Broken is the result shown when the checker's own computation fails.
func nb03Broken(err error) Result {
	return Failf("確認用の計算が失敗しました（教材の誤り）：%v", err)
}

// NB03Ex1 checks exercise 1 of notebook 03: n must be the number of
// updates m ← βm + (1−β)·1 (β = 0.9, m = 0 at first) after which m ≥ 0.9
// for the first time. From m_n = 1 − βⁿ that is the smallest n with
// βⁿ ≤ 0.1, ⌈log 0.1 / log 0.9⌉ = 22. The "memory of 1/(1−β) = 10
// updates" rule of thumb, its off-by-one, and 21 (log 0.1 / log 0.9 ≈
// 21.85 rounded down, or the loop one short) get their own hints.
func NB03Ex1(n int) Result {
	want := int(math.Ceil(math.Log(0.1) / math.Log(nb03Beta)))
	return Count{
		Name: "回数",
		Want: want,
		What: fmt.Sprintf("%d 回：m_n = 1 − 0.9ⁿ が 0.9 以上になるのは 0.9ⁿ ≤ 0.1 のとき。一定の勾配に 90%% 追いつくのに「直近 10 回」の 2 倍以上かかります。", want),
		Wrong: []WrongCount{
			{Value: 10, Hint: "1/(1 − β) = 10 回は「平均に効く回数」の目安で、90% に追いつく回数ではありません：m_n = 1 − 0.9ⁿ を 0.9 以上にする n を求めてください。"},
			{Value: 9, Hint: "1/(1 − β) − 1 = 9 回は目安の数で、実際の回数ではありません：m_n = 1 − 0.9ⁿ を 0.9 以上にする n を求めてください。"},
			{Value: 1, Hint: "1 回目で m = 0.1 です（m は 0 から始まり、今回の勾配は 1 − β = 10% しか入りません）。m = βm + (1 − β)g をくり返してください。"},
			{Value: want - 1, Hint: fmt.Sprintf("%d 回後の m は 1 − 0.9^%d ≈ %.3f で、まだ 0.9 に届きません (off-by-one)：log 0.1 / log 0.9 ≈ %.2f を切り捨てたか、ループが 1 回少ないようです。式から求めるなら切り上げです。", want-1, want-1, 1-math.Pow(nb03Beta, float64(want-1)), math.Log(0.1)/math.Log(nb03Beta))},
		},
	}.Check(n)
}

// NB03Ex2 checks exercise 2 of notebook 03: lr must be the learning rate
// of heavy-ball momentum v ← βv − lr·g, x ← x + v that reproduces averaged
// momentum with η = 0.002 and β = 0.9, (1 − β)η = 0.0002 (with v = −ηm).
// The same η (steps 10× too large) and η/(1 − β) get their own hints.
func NB03Ex2(lr float64) Result {
	want := (1 - nb03Beta) * nb03Eta
	return Number{
		Name: "lr",
		Want: want,
		Tol:  Tol{Rel: 1e-9},
		What: "lr = (1 − β)η = 0.0002：m ← βm + (1 − β)g に −η を掛けると v ← βv − (1 − β)η g。平均形は、学習率を (1 − β) 倍した重い球の形です。",
		Wrong: []Wrong{
			{Value: nb03Eta, Hint: "同じ η = 0.002 では、重い球の形の 1 回の歩幅が平均形の 10 倍になります：平均形では今回の勾配に (1 − β) が掛かっていることを思い出してください。"},
			{Value: nb03Eta / (1 - nb03Beta), Hint: "(1 − β) で割っています：m ← βm + (1 − β)g の両辺に −η を掛けて、v = −ηm の更新式と見比べてください（(1 − β) は掛け算で入ります）。"},
			{Value: nb03Beta * nb03Eta, Hint: "β を掛けています：今回の勾配に掛かるのは β ではなく 1 − β = 0.1 です。"},
		},
	}.Check(lr)
}

// nb03StepRatio is the standard deviation of Δa over the second half of
// momentum with coefficient beta, divided by SGD's (both seed 1), with
// the notebook's lateSD: population standard deviation of v[len(v)/2:].
func nb03StepRatio(ls *objective.LeastSquares, beta float64, ofSteps bool) (float64, error) {
	m, err := nb03Fit(ls, nb03Momentum(beta))
	if err != nil {
		return 0, err
	}
	s, err := nb03Fit(ls, &optim.SGD{LR: nb03Eta, Seed: 1})
	if err != nil {
		return 0, err
	}
	ma, sa := m.Trace.Xs(0), s.Trace.Xs(0)
	if ofSteps {
		ma, sa = diffs(ma), diffs(sa)
	}
	return secondHalfSD(ma) / secondHalfSD(sa), nil
}

// diffs returns v[k+1] − v[k].
func diffs(v []float64) []float64 {
	d := make([]float64, len(v)-1)
	for k := range d {
		d[k] = v[k+1] - v[k]
	}
	return d
}

// secondHalfSD is the population standard deviation of v[len(v)/2:].
func secondHalfSD(v []float64) float64 {
	w := v[len(v)/2:]
	var mean float64
	for _, x := range w {
		mean += x
	}
	mean /= float64(len(w))
	var s float64
	for _, x := range w {
		s += (x - mean) * (x - mean)
	}
	return math.Sqrt(s / float64(len(w)))
}

// NB03Ex3 checks exercise 3 of notebook 03: ratio must be the standard
// deviation of Δa in the second half for averaged momentum with β = 0.5
// over SGD's (seed 1, 20,000 updates), which the library's runs give;
// it is close to √((1 − β)/(1 + β)) = 0.577. The tolerance (0.5 %)
// accepts any reasonable reading of "the second half". The answer for
// β = 0.9, the ratio of a itself, the inverse, a ratio near 0 (momentum
// run on the full gradient, not wrapped in optim.Stochastic) and a near
// miss (another sample-draw seed) get their own hints.
func NB03Ex3(ratio float64) Result {
	ls, _, _, err := nb03Problem()
	if err != nil {
		return nb03Broken(err)
	}
	want, err := nb03StepRatio(ls, 0.5, true)
	if err != nil {
		return nb03Broken(err)
	}
	of09, err := nb03StepRatio(ls, nb03Beta, true)
	if err != nil {
		return nb03Broken(err)
	}
	ofA, err := nb03StepRatio(ls, 0.5, false)
	if err != nil {
		return nb03Broken(err)
	}
	tol := Tol{Rel: 5e-3}
	switch {
	case ratio > 0 && ratio < 0.01:
		return Fail(fmt.Sprintf("%.3g はほとんど 0 です：AveragedMomentum を optim.Stochastic で包まずに走らせていませんか。包まないと毎回 100 組全部の勾配で進むので、後半にはほとんど動きません（種 1 で 1 組ずつ選ぶには Stochastic{…, Seed: drawSeed}）。", ratio))
	case !tol.Close(ratio, want) && tol.Close(ratio, of09):
		return Fail(fmt.Sprintf("%.3f は β = 0.9 の比です：モーメンタム法の Beta を 0.5 に変えて走らせてください。", ratio))
	case !tol.Close(ratio, want) && tol.Close(ratio, ofA):
		return Fail(fmt.Sprintf("%.3f は a そのものの標準偏差の比です：1 回の更新量 Δa = a_{k+1} − a_k（steps）の標準偏差を比べてください。", ratio))
	case !tol.Close(ratio, want) && math.Abs(ratio/want-1) < 0.1:
		return Fail(fmt.Sprintf("%.3f は近いのですが、%.3f から 0.5%% 以上ずれています：同じ乱数列で比べていますか（どちらも種 1 = drawSeed、2 万回、a = b = 30 から）。後半は k ≥ 10000 の範囲です。", ratio, want))
	}
	return Number{
		Name:    "Δa の標準偏差の比",
		Want:    want,
		Tol:     tol,
		What:    fmt.Sprintf("%.3f：√((1 − β)/(1 + β)) = %.3f に近い値です。β を小さくすると、跳びを抑える効果は弱まります。", want, math.Sqrt((1-0.5)/(1+0.5))),
		Wrong:   []Wrong{{Value: 1 / want, Hint: "上下逆です：モーメンタム法の標準偏差 ÷ SGD の標準偏差 を返してください（1 より小さくなります）。"}},
		Factors: []float64{},
	}.Check(ratio)
}

// nb03LossRule is the first k from which window consecutive iterates of r
// have f − fStar < tol, or −1.
func nb03LossRule(r *optim.Result, fStar, tol float64, window int) int {
	return nb03FirstRun(r, window, func(it optim.Iterate) bool { return it.F-fStar < tol })
}

// nb03AbsRule is step 4's rule: |a − a*| < tol and |b − b*| < tol for
// window consecutive iterates.
func nb03AbsRule(r *optim.Result, a, b, tol float64, window int) int {
	return nb03FirstRun(r, window, func(it optim.Iterate) bool {
		return math.Abs(it.X[0]-a) < tol && math.Abs(it.X[1]-b) < tol
	})
}

// nb03FirstRun is the first k from which window consecutive iterates of r
// satisfy in, or −1.
func nb03FirstRun(r *optim.Result, window int, in func(optim.Iterate) bool) int {
	run := 0
	for k, it := range r.Trace {
		if !in(it) {
			run = 0
			continue
		}
		run++
		if run == window {
			return k - window + 1
		}
	}
	return -1
}

// NB03Ex4 checks exercise 4 of notebook 03: kSGD and kMomentum must be
// the first k from which L(a, b) − L(a*, b*) < 0.3 holds for 300
// consecutive iterates, for SGD and for momentum (seed 1, 20,000
// updates). Swapped answers, −1 (L itself compared with 0.3: L* ≈ 0.93,
// so it never holds), the last k of the window instead of the first, and
// step 4's counts get their own hints; off-by-one is Count's.
func NB03Ex4(kSGD, kMomentum int) Result {
	ls, a, b, err := nb03Problem()
	if err != nil {
		return nb03Broken(err)
	}
	sgd, err := nb03Fit(ls, &optim.SGD{LR: nb03Eta, Seed: 1})
	if err != nil {
		return nb03Broken(err)
	}
	mom, err := nb03Fit(ls, nb03Momentum(nb03Beta))
	if err != nil {
		return nb03Broken(err)
	}
	fStar := ls.Func([]float64{a, b})
	wS, wM := nb03LossRule(sgd, fStar, 0.3, 300), nb03LossRule(mom, fStar, 0.3, 300)
	if kSGD == wM && kMomentum == wS && wS != wM {
		return Fail("SGD とモーメンタム法の答えが入れ替わっています：1 つ目が SGD、2 つ目がモーメンタム法です。")
	}
	if (kSGD == -1 || kMomentum == -1) && wS >= 0 && wM >= 0 {
		return Fail(fmt.Sprintf("−1（収束せず）になっています：どちらも 2 万回のうちに収束します。L(a_k, b_k) そのものではなく、L(a_k, b_k) − L(a*, b*) を 0.3 と比べていますか（L(a*, b*) = %.3f なので、L そのものは 0.3 を下回りません）。", fStar))
	}
	part := func(name string, got, want int, r *optim.Result) Result {
		return Count{
			Name: name,
			Want: want,
			What: fmt.Sprintf("%s %d", name, want),
			Wrong: []WrongCount{
				{Value: want + 299, Hint: fmt.Sprintf("%s = %d は 300 個続いた最後の k です：続き始めた最初の k（最後の k − 299）を返してください。", name, got)},
				{Value: nb03AbsRule(r, a, b, 0.1, 300), Hint: fmt.Sprintf("%s = %d はステップ 4 の判定（|a − a*|, |b − b*| < 0.1）の答えです：判定を L(a, b) − L(a*, b*) < 0.3 に変えてください。", name, got)},
			},
		}.Check(got)
	}
	// One sentence for both parts (All would join the parts' own sentences).
	if r := All(part("SGD の回数", kSGD, wS, sgd), part("モーメンタム法の回数", kMomentum, wM, mom)); !r.OK {
		return r
	}
	return Pass(fmt.Sprintf("SGD %d 回目、モーメンタム法 %d 回目：損失で判定すると、差はステップ 4 の判定（SGD %d 回目、モーメンタム法 %d 回目）よりずっと大きくなります。損失は急な方向のずれ（SGD の大きな跳び）に敏感だからです。",
		wS, wM, nb03AbsRule(sgd, a, b, 0.1, 300), nb03AbsRule(mom, a, b, 0.1, 300)))
}

// NB03Ex5 checks exercise 5 of notebook 03: step must be RMSProp's first
// move |a₁ − a₀| with η = 0.01, ρ = 0.99 and s = 0 at the start: s₁ =
// (1 − ρ)g², so the step is η/√(1 − ρ) = 0.1 whatever g (ε = 1e−8 is
// negligible). η itself (as if s started at g²), η·√(1 − ρ) and
// η/(1 − ρ) get their own hints.
func NB03Ex5(step float64) Result {
	want := nb03RMSLR / math.Sqrt(1-nb03Rho)
	return Number{
		Name: "|a₁ − a₀|",
		Want: want,
		Tol:  Tol{Rel: 1e-6},
		What: "η/√(1 − ρ) = 10η = 0.1：s が 0 から始まるので、1 歩目の RMSProp は η の 10 倍動きます。",
		Wrong: []Wrong{
			{Value: nb03RMSLR, Hint: "η = 0.01 は s = g² のときの 1 歩です：s は 0 から始まるので、1 歩目の s は (1 − ρ)g² です。"},
			{Value: nb03RMSLR * math.Sqrt(1-nb03Rho), Hint: "√(1 − ρ) を掛けています：g を √s = √(1 − ρ)|g| で割るので、√(1 − ρ) は分母に入ります。"},
			{Value: nb03RMSLR / (1 - nb03Rho), Hint: "平方根を忘れています：割るのは s ではなく √s = √(1 − ρ)|g| です。"},
		},
		Factors: []float64{},
	}.Check(step)
}
