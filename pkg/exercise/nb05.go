package exercise

import (
	"fmt"
	"math"
)

// The checks of notebooks/05_line_search.ipynb. The function is seed 003's
// valley f(x₁, x₂) = (x₁ − 1)² + 10(x₁² − x₂)² from (0, 1). The right
// answers come from plain loops written here (the formulas of f and ∇f,
// the grid scanned point by point, Armijo backtracking by halving), from
// closed forms, or from both, never from pkg/optim, which is what a
// learner calls.

// nb05F is f with curvature b: (x₁ − 1)² + b(x₁² − x₂)².
func nb05F(b, x1, x2 float64) float64 {
	u := x1*x1 - x2
	return (x1-1)*(x1-1) + b*u*u
}

// nb05G is ∇f with b = 10.
func nb05G(x1, x2 float64) (float64, float64) {
	return 40*x1*x1*x1 - 40*x1*x2 + 2*x1 - 2, -20 * (x1*x1 - x2)
}

// nb05Grid runs steepest descent from (0, 1) with the seed's grid search
// over γ ∈ arange(−0.5, 0.5, step) along x + γ·s·∇f (s = 1 as the seed
// writes it, s = −1 along −∇f), scanning every point, for n updates. It
// returns x_0 … x_n.
func nb05Grid(step, s float64, n int) [][2]float64 {
	m := int(math.Ceil(1 / step))
	delta := (-0.5 + step) - -0.5
	x1, x2 := 0.0, 1.0
	xs := [][2]float64{{x1, x2}}
	for range n {
		g1, g2 := nb05G(x1, x2)
		g1, g2 = s*g1, s*g2
		best, fb := 0, math.Inf(1)
		for i := range m {
			gm := -0.5 + float64(i)*delta
			if f := nb05F(10, x1+gm*g1, x2+gm*g2); f < fb {
				best, fb = i, f
			}
		}
		gm := -0.5 + float64(best)*delta
		x1, x2 = x1+gm*g1, x2+gm*g2
		xs = append(xs, [2]float64{x1, x2})
	}
	return xs
}

// nb05Point checks a point (x1, x2) against want and known wrong points.
func nb05Point(name string, x1, x2 float64, want [2]float64, tol Tol, what string, wrong map[[2]float64]string) Result {
	for _, v := range []float64{x1, x2} {
		if bad(v) != "" {
			return Fail(badHint(name, v))
		}
	}
	if tol.Close(x1, want[0]) && tol.Close(x2, want[1]) {
		return Pass(what)
	}
	if x1 == 0 && x2 == 0 {
		return Fail(NotWritten)
	}
	for _, w := range nb05Sorted(wrong) {
		if tol.Close(x1, w[0]) && tol.Close(x2, w[1]) {
			return Fail(wrong[w])
		}
	}
	return Failf("%s = (%.8g, %.8g) は正しい点 (%.8g, %.8g) と違います：格子（Start, Stop, Step）、向き（AlongGradient）と更新回数を確かめてください。",
		name, x1, x2, want[0], want[1])
}

// nb05Sorted returns the keys of m in a fixed order, so that hints are
// deterministic when two wrong answers are close.
func nb05Sorted(m map[[2]float64]string) [][2]float64 {
	var ks [][2]float64
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j][0] < ks[i][0] || ks[j][0] == ks[i][0] && ks[j][1] < ks[i][1] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// NB05Ex1 checks exercise 1 of notebook 05: (x1, x2) must be x_500 of
// steepest descent from (0, 1) with the seed's grid made coarse,
// arange(−0.5, 0.5, 1e−3) (1000 points) along x + γ∇f, as the seed writes
// it. The answer is computed here by scanning the grid point by point. The
// seed's fine grid (the grid not changed), x_499 and x_501 (off-by-one),
// the grid along −∇f and the grid 1e−4 get their own hints.
func NB05Ex1(x1, x2 float64) Result {
	coarse := nb05Grid(1e-3, 1, 501)
	fine := nb05Grid(1e-4, 1, 500)
	want := coarse[500]
	return nb05Point("x_500", x1, x2, want, Tol{Abs: 1e-7},
		fmt.Sprintf("x_500 = (%.6f, %.6f)：1000 点の粗い格子でも、1000 万点の元資料の x_500 = (0.998390, 0.996699) と (1, 1) への近さはほとんど変わりません（むしろ少し近い）。直線探索は厳密でなくてもよい、という考えがバックトラッキングにつながります。", want[0], want[1]),
		map[[2]float64]string{
			{0.9983903907211243, 0.9966985111428072}: "それは元資料の 1000 万点の格子（Step 1e-7）の x_500 です：Grid の Step を 1e-3 に変えてください。",
			coarse[499]:                              "それは x_499 です (off-by-one)：MaxIter を 500 にして、r.Trace[500].X（または r.X()）を答えてください。",
			coarse[501]:                              "それは x_501 です (off-by-one)：更新は 500 回、答えは r.Trace[500].X です。",
			nb05Grid(1e-3, -1, 500)[500]:             "格子が −∇f の向き（AlongGradient: false）になっています：元資料は x + γ∇f と書くので AlongGradient: true にします。格子 [−0.5, 0.5) は左右対称ではないので、結果が少し変わります。",
			fine[500]:                                "それは Step 1e-4（1 万点）の格子の x_500 です：1000 点にするには Step を 1e-3 にします。",
		})
}

// nb05Backtrack counts the updates of steepest descent from (0, 1) with
// Armijo backtracking (c = 1e−4, from α = 1, α ← ρα) until
// ‖∇f‖∞ ≤ 1e−6, at most 50,000, and the trial steps of all searches.
func nb05Backtrack(rho float64) (iters, trials int, xs [][2]float64) {
	x1, x2 := 0.0, 1.0
	xs = [][2]float64{{x1, x2}}
	for k := 0; k < 50000; k++ {
		g1, g2 := nb05G(x1, x2)
		if math.Max(math.Abs(g1), math.Abs(g2)) <= 1e-6 {
			return k, trials, xs
		}
		f, slope := nb05F(10, x1, x2), -(g1*g1 + g2*g2)
		for a := 1.0; ; a *= rho {
			y1, y2 := x1-a*g1, x2-a*g2
			trials++
			if nb05F(10, y1, y2) <= f+1e-4*a*slope {
				x1, x2 = y1, y2
				break
			}
		}
		xs = append(xs, [2]float64{x1, x2})
	}
	return -1, trials, xs
}

// NB05Ex2 checks exercise 2 of notebook 05: n08 and n02 must be the
// numbers of updates steepest descent with optim.Backtracking needs from
// (0, 1) to ‖∇f‖∞ ≤ 1e−6 with ContractionFactor 0.8 and 0.2. The answers
// come from a plain backtracking loop; the default factor's count (the
// factor not changed), the two answers swapped, len(r.Trace) (one too
// many), 50,000 or any other count too large (GradTol left out: the run
// went to its limit or until the line search broke down) and 100 (MaxIter
// left out: optim's default limit) get their own hints.
func NB05Ex2(n08, n02 int) Result {
	w08, t08, _ := nb05Backtrack(0.8)
	w02, t02, _ := nb05Backtrack(0.2)
	w05, _, _ := nb05Backtrack(0.5)
	if w08 < 0 || w02 < 0 || w05 < 0 {
		return Fail("確認用の計算が収束しませんでした（教材の誤り）。")
	}
	if n08 == w02 && n02 == w08 {
		return Fail("2 つの答えが入れ替わっています：1 つ目が ContractionFactor 0.8、2 つ目が 0.2 の回数です。")
	}
	// Too many updates that no known slip explains: the run did not stop
	// at ‖∇f‖∞ ≤ 1e−6 (without GradTol, ContractionFactor 0.8 ends in a
	// line-search breakdown after 4326 updates).
	for _, c := range []struct {
		name      string
		got, want int
	}{{"ContractionFactor 0.8 の回数", n08, w08}, {"ContractionFactor 0.2 の回数", n02, w02}} {
		if c.got > c.want+1 && c.got != 50000 && c.got != w05 && c.got != w08 {
			return Failf("%s = %d は多すぎます：‖∇f‖∞ ≤ 10⁻⁶ で止める GradTol: 1e-6 を Settings に入れましたか（本文の compareRun と同じ）。GradTol がないと、上限まで、または直線探索がそれ以上 f を下げられなくなるまで回り続けます。", c.name, c.got)
		}
	}
	wrong := func(self int) []WrongCount {
		return []WrongCount{
			{Value: w05, Hint: fmt.Sprintf("%d は既定の ContractionFactor 0.5 の回数です：&optim.Backtracking{ContractionFactor: …} で縮小率を変えてください。", w05)},
			{Value: self + 1, Hint: fmt.Sprintf("%d は len(r.Trace) で、出発点 x₀ も数えています (off-by-one)：更新の回数は len(r.Trace) − 1 です。", self+1)},
			{Value: 50000, Hint: "50000 は上限の回数です：‖∇f‖∞ ≤ 10⁻⁶ で止まっていません。Settings に GradTol: 1e-6 を入れてください（本文の compareRun と同じ &optim.Settings{MaxIter: 50000, GradTol: 1e-6}）。"},
			{Value: 100, Hint: "100 は MaxIter を書かなかったときの既定の上限です：&optim.Settings{MaxIter: 50000, GradTol: 1e-6}（本文の compareRun と同じ）にしてください。"},
		}
	}
	return All(
		Count{Name: "ContractionFactor 0.8 の回数", Want: w08, Wrong: wrong(w08),
			What: fmt.Sprintf("更新回数は縮小率 0.8 で %d 回、0.2 で %d 回（0.5 では %d 回）、1 回の探索で試す α は平均 %.1f 個と %.1f 個：この関数では縮小率が小さいほど更新回数も試行も少なくて済みました。どの縮小率が速いかは問題によって変わるので、縮小率は試して決める値です。",
				w08, w02, w05, float64(t08)/float64(w08), float64(t02)/float64(w02))}.Check(n08),
		Count{Name: "ContractionFactor 0.2 の回数", Want: w02, Wrong: wrong(w02)}.Check(n02),
	)
}

// nb05Hessian returns the eigenvalues of the Hessian of f with curvature b
// at (1, 1), [[2 + 8b, −4b], [−4b, 2b]], in closed form.
func nb05Hessian(b float64) (lmin, lmax float64) {
	a, c, d := 2+8*b, 2*b, -4*b
	r := math.Hypot((a-c)/2, d)
	return (a+c)/2 - r, (a+c)/2 + r
}

// NB05Ex3 checks exercise 3 of notebook 05: for
// f = (x₁ − 1)² + 100(x₁² − x₂)², kappa must be the condition number
// λmax/λmin of the Hessian at (1, 1) and alphaMax the stability limit
// 2/λmax of a constant step there. The b = 10 values (the notebook's),
// 1/κ, √κ (the ellipses' axis ratio), the Hessian without the 2 of
// (x₁ − 1)², 1/λmax and 2/λmin get their own hints.
func NB05Ex3(kappa, alphaMax float64) Result {
	lmin, lmax := nb05Hessian(100)
	lmin10, lmax10 := nb05Hessian(10)
	if math.IsInf(kappa, 0) || kappa > 1e9 || kappa < -1e9 {
		return Fail("κ が無限大（またはとても大きい）です：λmin が 0 になっています。(x₁ − 1)² の 2 階微分 2 を ∇²f の左上に入れ忘れていませんか（∇²f(1, 1) = [[2 + 8b, −4b], [−4b, 2b]]）。")
	}
	k := Number{Name: "κ", Want: lmax / lmin, Tol: Tol{Rel: 1e-3},
		What: fmt.Sprintf("κ = %.0f（b = 10 では %.0f）：b を 10 倍にすると谷はさらに細くなり、κ もほぼ 10 倍になります。", lmax/lmin, lmax10/lmin10),
		Wrong: []Wrong{
			{Value: lmax10 / lmin10, Hint: "それは b = 10（本文の関数）の κ です：ヘッセ行列の成分の 10 を b = 100 にしてください。∇²f(1, 1) = [[2 + 8b, −4b], [−4b, 2b]]。"},
			{Value: lmin / lmax, Hint: "上下逆です：κ = λmax/λmin（大きい固有値 ÷ 小さい固有値）で、1 以上になります。"},
			{Value: math.Sqrt(lmax / lmin), Hint: "それは √κ（等高線の楕円の長い軸と短い軸の比）です：κ は固有値の比 λmax/λmin そのもので、平方根はとりません。"},
		},
		Factors: []float64{},
	}.Check(kappa)
	a := Number{Name: "αmax", Want: 2 / lmax, Tol: Tol{Rel: 1e-3},
		What: fmt.Sprintf("αmax = 2/λmax = %.5f：一定のステップ幅はさらに 10 分の 1 近くまで小さくしなければならず、谷底の向きの収束率 1 − αλmin は 1 に近づきます。", 2/lmax),
		Wrong: []Wrong{
			{Value: 2 / lmax10, Hint: "それは b = 10 の 2/λmax です：b = 100 のヘッセ行列の λmax を使ってください。"},
			{Value: 1 / lmax, Hint: "1/λmax になっています：1 − αλmax が −1 より大きい（> −1）条件から α < 2/λmax です。"},
			{Value: 2 / lmin, Hint: "λmin を使っています：安定性を決めるのは最も急な向き、つまり大きい固有値 λmax で、α < 2/λmax です。"},
		},
		Factors: []float64{},
	}.Check(alphaMax)
	return All(k, a)
}

// nb05Cos returns the cosines of the angles between successive moves
// x_k − x_{k−1} and x_{k+1} − x_k, k = 1 … n.
func nb05Cos(xs [][2]float64, n int) []float64 {
	var out []float64
	for k := 1; k <= n; k++ {
		var dot, n1, n2 float64
		for i := range 2 {
			u, v := xs[k][i]-xs[k-1][i], xs[k+1][i]-xs[k][i]
			dot, n1, n2 = dot+u*v, n1+u*u, n2+v*v
		}
		out = append(out, dot/math.Sqrt(n1*n2))
	}
	return out
}

// NB05Ex4 checks exercise 4 of notebook 05: cos must hold the cosines of
// the angles between successive moves of steepest descent with
// optim.Backtracking from (0, 1), for k = 1 … 6 (six values). The answer
// comes from a plain backtracking loop. Angles in degrees or radians, the
// list shifted by one (k = 0 … 5 is impossible; k = 2 … 7) and the exact
// search's cosines (≈ 0) get their own hints.
func NB05Ex4(cos []float64) Result {
	_, _, xs := nb05Backtrack(0.5)
	want := nb05Cos(xs, 7)
	tol := Tol{Abs: 1e-6}
	if len(cos) == 0 {
		return Fail(NotWritten)
	}
	for i, c := range cos {
		if bad(c) != "" {
			return Fail(badHint(fmt.Sprintf("cos[%d]", i), c))
		}
	}
	if len(cos) != 6 {
		return Failf("値が %d 個です：k = 1, 2, …, 6 の 6 個を返してください。", len(cos))
	}
	if tol.CloseAll(cos, want[:6]) {
		return Pass(fmt.Sprintf("cos = %.3f, %.3f, …：厳密な直線探索の ≈ 0 と違い、直交していません（−1 に近い値は、移動がほぼ折り返していることを表します）。バックトラッキングは φ が「十分に」下がった最初の α で止まり、φ の最小点（φ' = 0 の点）では止まらないので、次の勾配が今の移動と直交する理由がありません。", want[0], want[1]))
	}
	deg, rad := make([]float64, 6), make([]float64, 6)
	for i := range 6 {
		deg[i], rad[i] = math.Acos(want[i])*180/math.Pi, math.Acos(want[i])
	}
	switch {
	case tol.CloseAll(cos, want[1:7]):
		return Fail("1 つ先にずれています：cos[0] は 1 回目の移動 x₁ − x₀ と 2 回目の移動 x₂ − x₁ の角（k = 1）です。")
	case Tol{Abs: 1e-3}.CloseAll(cos, deg):
		return Fail("角度（度）になっています：答えるのは角そのものではなく cos です（内積 ÷ 長さの積）。")
	case Tol{Abs: 1e-6}.CloseAll(cos, rad):
		return Fail("角度（ラジアン）になっています：答えるのは math.Acos をかける前の cos です。")
	}
	small := true
	for _, c := range cos {
		small = small && math.Abs(c) < 1e-3
	}
	if small {
		return Fail("どれもほぼ 0 です：それは厳密な直線探索（格子・黄金分割）の値です。LineSearch を &optim.Backtracking{} にしてください。")
	}
	for i := range 6 {
		if !tol.Close(cos[i], want[i]) {
			return Failf("cos[%d] = %.6g が違います（k = %d）：k 回目の移動 x_k − x_(k−1) と k+1 回目の移動 x_(k+1) − x_k の内積を、2 つの長さの積で割ってください。", i, cos[i], i+1)
		}
	}
	return Fail("答えが違います。")
}

// nb05Phi is φ(α) = f(x₀ − α∇f(x₀)) from x₀ = (0, 1), ∇f(x₀) = (−2, 20).
func nb05Phi(a float64) float64 { return nb05F(10, 2*a, 1-20*a) }

// nb05Alpha0 is the minimiser of φ on [0, 0.5], found by scanning and
// refining with Newton's method on φ' (φ is a quartic polynomial).
func nb05Alpha0() float64 {
	best := 0.0
	for i := range 5001 {
		if a := float64(i) * 1e-4; nb05Phi(a) < nb05Phi(best) {
			best = a
		}
	}
	return nb05Root(best)
}

// nb05Root refines a root of φ' from a by Newton's method:
// φ(α) = (2α − 1)² + 10(4α² + 20α − 1)²,
// φ'(α) = 4(2α − 1) + 20(4α² + 20α − 1)(8α + 20),
// φ″(α) = 8 + 20(8α + 20)² + 160(4α² + 20α − 1).
func nb05Root(a float64) float64 {
	for range 50 {
		u := 4*a*a + 20*a - 1
		d1 := 4*(2*a-1) + 20*u*(8*a+20)
		d2 := 8 + 20*(8*a+20)*(8*a+20) + 160*u
		a -= d1 / d2
	}
	return a
}

// NB05Ex5 checks exercise 5 of notebook 05: alpha must be the exact step
// of the first line search from (0, 1), the minimiser of
// φ(α) = f(x₀ − α∇f(x₀)) = (2α − 1)² + 10(4α² + 20α − 1)², to 1e−7 (any
// correct method: a fine scan, golden section, Newton's method on φ').
// The seed's γ (the sign), backtracking's 0.0625, the gradient's
// length-normalised step, φ's other critical points (α < 0) and an answer
// close to α₀ but not to 1e−7 get their own hints.
func NB05Ex5(alpha float64) Result {
	want := nb05Alpha0()
	if d := math.Abs(alpha - want); d > 1e-7 && d < 1e-3 {
		return Failf("α₀ = %.9f は近いですが、10⁻⁷ の精度に足りません（差 %.1e）：格子を細かくするか、二分法やニュートン法の回数を増やしてください。", alpha, d)
	}
	return Number{Name: "α₀", Want: want, Tol: Tol{Abs: 1e-7},
		What: fmt.Sprintf("α₀ = %.9f：元資料の格子が選んだ γ = −0.0499424 は、この値にいちばん近い格子点です（格子の間隔 10⁻⁷）。φ が α の 4 次式なので φ'(α) = 0 は 3 次方程式で、高速版はこれを解いて格子点を選んでいます。", want),
		Wrong: []Wrong{
			{Value: -want, Hint: "符号が逆です：元資料の γ は x + γ∇f の係数なので γ = −α です。答えるのは −∇f の向きに進む幅 α（正の数）です。"},
			{Value: 0.0625, Hint: "0.0625 はバックトラッキングが採用した α です：それは「十分に下がる」α で、φ を最小にする α ではありません。"},
			{Value: want * math.Hypot(2, 20), Hint: "α に ‖∇f(x₀)‖ を掛けています：それは実際に進んだ距離です。φ(α) = f(x₀ − α∇f(x₀)) の α（勾配の長さで割らない）を答えてください。"},
			{Value: want / math.Hypot(2, 20), Hint: "α を ‖∇f(x₀)‖ で割っています：φ(α) = f(x₀ − α∇f(x₀)) では向き −∇f(x₀) を正規化しません。"},
			{Value: nb05Root(-5), Hint: "それは α < 0 の側にある φ のもう一つの極小点です（φ は約 123 で、φ(0) = 11 より大きい）：φ'(0) < 0 < φ'(0.1) なので、α₀ は 0 と 0.1 の間にあります。"},
			{Value: nb05Root(-2.5), Hint: "それは φ の極大点です（φ'' < 0、α < 0）：φ'(0) < 0 < φ'(0.1) なので、求める極小点 α₀ は 0 と 0.1 の間にあります。"},
		},
		Factors: []float64{},
	}.Check(alpha)
}
