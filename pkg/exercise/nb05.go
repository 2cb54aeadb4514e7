package exercise

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// The checks of notebooks/05_line_search.ipynb. The function is seed 003's
// valley f(x₁, x₂) = (x₁ − 1)² + 10(x₁² − x₂)². Each exercise asks for a
// function; the check calls it on cases the statement does not show (other
// functions φ, grids, factors ρ, values of b, quadratics) and runs descent
// with it from starts the statement does not give, comparing with plain
// loops and closed forms written here, never with pkg/optim, which is what
// a learner may call. A learner's function that panics, returns NaN, loops
// or calls φ without end gets a ✗ with a hint, never a crash or a hang.

// nb05F is f with curvature b: (x₁ − 1)² + b(x₁² − x₂)².
func nb05F(b, x1, x2 float64) float64 {
	u := x1*x1 - x2
	return (x1-1)*(x1-1) + b*u*u
}

// nb05G is ∇f with b = 10.
func nb05G(x1, x2 float64) (float64, float64) {
	return 40*x1*x1*x1 - 40*x1*x2 + 2*x1 - 2, -20 * (x1*x1 - x2)
}

// errNB05Calls ends a learner's function that calls φ too often (a loop
// that does not end but keeps calling φ); errTimeout one that does not
// return in time.
var errNB05Calls = errors.New("phi の呼び出しが多すぎます")

// nb05Limited wraps phi so that it panics with errNB05Calls after max calls.
func nb05Limited(phi func(float64) float64, max int) func(float64) float64 {
	n := 0
	return func(a float64) float64 {
		n++
		if n > max {
			panic(errNB05Calls)
		}
		return phi(a)
	}
}

// nb05CallHint is the hint for a learner's function that failed to return.
func nb05CallHint(name string, err error) Result {
	switch {
	case errors.Is(err, errNB05Calls):
		return Failf("%s が phi を何万回も呼んで終わりません：ループが終わる条件（と、ループの中で値を変えているか）を確かめてください。", name)
	case errors.Is(err, errTimeout):
		return Failf("%s が時間内に終わりません：ループが終わる条件を確かめてください。", name)
	}
	return Failf("%s を呼ぶと panic しました：%v", name, err)
}

// ---------------------------------------------------------------- exercise 1

// nb05GridArgmin is np.argmin over np.arange(start, stop, step): the first
// grid point γᵢ = start + i·δ, δ = (start + step) − start, i < ⌈(stop −
// start)/step⌉, where phi is smallest.
func nb05GridArgmin(phi func(float64) float64, start, stop, step float64) float64 {
	delta := (start + step) - start
	n := int(math.Ceil((stop - start) / step))
	best, fb := start, math.Inf(1)
	for i := 0; i < n; i++ {
		g := start + float64(i)*delta
		if f := phi(g); f < fb {
			best, fb = g, f
		}
	}
	return best
}

// nb05GridCase is one hidden case of exercise 1.
type nb05GridCase struct {
	name              string
	phi               func(float64) float64
	start, stop, step float64
	wrong             map[string]float64 // a typical mistake's answer → its hint
}

func nb05GridCases() []nb05GridCase {
	flat := func(g float64) float64 { return math.Max(math.Abs(g-0.01)-0.215, 0) }
	return []nb05GridCase{
		{name: "φ(γ) = (γ − 0.123456)² + 1、格子 [−0.5, 0.5) 間隔 0.001", phi: func(g float64) float64 { return (g-0.123456)*(g-0.123456) + 1 },
			start: -0.5, stop: 0.5, step: 1e-3},
		{name: "φ(γ) = −γ、格子 [−1, 1) 間隔 0.25", phi: func(g float64) float64 { return -g }, start: -1, stop: 1, step: 0.25,
			wrong: map[string]float64{"stop = 1 の点まで調べています：np.arange(start, stop, step) は stop を含みません（γ < stop の点だけ）。": 1}},
		{name: "φ(γ) = −γ、格子 [−1, 0.9) 間隔 0.25", phi: func(g float64) float64 { return -g }, start: -1, stop: 0.9, step: 0.25,
			wrong: map[string]float64{
				"格子点が 1 つ足りません：(stop − start)/step が整数でないとき、点の数は切り捨てではなく切り上げです（最後の点 0.75 は 0.9 より小さい）。": 0.5,
				"stop を超えた点まで調べています：格子点は stop より小さい点だけです。":                                              1}},
		{name: "φ(γ) = γ、格子 [−0.3, 0.7) 間隔 0.1", phi: func(g float64) float64 { return g }, start: -0.3, stop: 0.7, step: 0.1,
			wrong: map[string]float64{"最初の格子点 γ = start を調べていません：i は 0 から数えます。": -0.2}},
		{name: "最小値 0 をとる点が −0.2 から 0.2 まで続く φ、格子 [−0.5, 0.5) 間隔 0.05", phi: flat, start: -0.5, stop: 0.5, step: 0.05,
			wrong: map[string]float64{"最小値をとる点が複数あるとき、最後の点を選んでいます：np.argmin と同じく最初の点を残すには、「より小さいとき」だけ更新します。": 0.2}},
		{name: "谷の関数の (−0.5, 0.5) から勾配の向きの φ、格子 [−0.5, 0.5) 間隔 0.0001", phi: func(g float64) float64 {
			g1, g2 := nb05G(-0.5, 0.5)
			return nb05F(10, -0.5+g*g1, 0.5+g*g2)
		}, start: -0.5, stop: 0.5, step: 1e-4},
	}
}

// nb05GridDescent runs n updates of steepest descent on the valley from
// (x1, x2) with the seed's rule x + γ∇f, γ chosen by search on the grid
// [−0.5, 0.5) with step 1e−4, and returns the iterates.
func nb05GridDescent(search func(phi func(float64) float64, start, stop, step float64) float64, x1, x2 float64, n int) [][2]float64 {
	xs := [][2]float64{{x1, x2}}
	for range n {
		g1, g2 := nb05G(x1, x2)
		a1, a2 := x1, x2
		gm := search(func(g float64) float64 { return nb05F(10, a1+g*g1, a2+g*g2) }, -0.5, 0.5, 1e-4)
		x1, x2 = x1+gm*g1, x2+gm*g2
		xs = append(xs, [2]float64{x1, x2})
	}
	return xs
}

// NB05Ex1 checks exercise 1 of notebook 05: search(phi, start, stop, step)
// must return the first point of np.arange(start, stop, step) where phi is
// smallest, as the seed's np.argmin picks it. The check calls it on six
// functions and grids the statement does not show (a quadratic, φ
// decreasing or increasing across the grid, a flat bottom, the valley along
// its gradient from another point), then runs 20 updates of the seed's
// descent with it from (1.4, 1.6) and compares every iterate. The answers
// agree to far below a grid step however the grid point is computed, so a
// quarter step is the tolerance. Hints: stop included, the count rounded
// down, the first point skipped, the last of equal values, φ's value or the
// index returned, a point off the grid.
func NB05Ex1(search func(phi func(float64) float64, start, stop, step float64) float64) Result {
	if search == nil {
		return Fail(NotWritten)
	}
	cases := nb05GridCases()
	got := make([]float64, len(cases))
	for i, c := range cases {
		err := run(10*time.Second, func() {
			got[i] = search(nb05Limited(c.phi, 100_000), c.start, c.stop, c.step)
		})
		if err != nil {
			return nb05CallHint("ex05_1", err)
		}
		if bad(got[i]) != "" {
			return Fail(badHint("ex05_1 の答え", got[i]))
		}
	}
	zero := true
	for _, g := range got {
		zero = zero && g == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	for i, c := range cases {
		want := nb05GridArgmin(c.phi, c.start, c.stop, c.step)
		tol := Tol{Abs: c.step / 4}
		if tol.Close(got[i], want) {
			continue
		}
		for hint, w := range c.wrong {
			if tol.Close(got[i], w) {
				return Fail(hint)
			}
		}
		n := math.Ceil((c.stop - c.start) / c.step)
		switch idx := (want - c.start) / ((c.start + c.step) - c.start); {
		case tol.Close(got[i], c.phi(want)) && !tol.Close(want, c.phi(want)):
			return Failf("%s で %.6g を返しました：それは φ の最小値です。返すのは φ を最小にする γ（格子点）です。", c.name, got[i])
		case math.Abs(got[i]-math.Round(idx)) < 1e-9 && math.Abs(got[i]) > 1:
			return Failf("%s で %.6g を返しました：それは格子点の番号 i です。返すのは γ_i = start + i·δ です。", c.name, got[i])
		case math.Abs(got[i]-c.start-math.Round((got[i]-c.start)/c.step)*c.step) > c.step/4:
			return Failf("%s で %.6g を返しました：格子点ではありません。γ は start から間隔 step で並べた点の中から選んでください。", c.name, got[i])
		case got[i] < c.start || got[i] >= c.start+n*c.step:
			return Failf("%s で %.6g を返しました：格子 [%g, %g) の外です。", c.name, got[i], c.start, c.stop)
		}
		return Failf("%s で %.6g を返しました：φ が最小になる最初の格子点は %.6g です。すべての格子点で φ を計算し、最小の点を選んでいるか確かめてください。", c.name, got[i], want)
	}
	var xs [][2]float64
	err := run(20*time.Second, func() {
		xs = nb05GridDescent(func(phi func(float64) float64, start, stop, step float64) float64 {
			return search(nb05Limited(phi, 100_000), start, stop, step)
		}, 1.4, 1.6, 20)
	})
	if err != nil {
		return nb05CallHint("ex05_1", err)
	}
	want := nb05GridDescent(nb05GridArgmin, 1.4, 1.6, 20)
	for k := range want {
		if !(Tol{Abs: 1e-9}).Close(xs[k][0], want[k][0]) || !(Tol{Abs: 1e-9}).Close(xs[k][1], want[k][1]) {
			return Failf("この関数で谷の上の最急降下法を動かすと、%d 回目の更新で点が正しい道筋からずれました：同じ φ と格子なら、いつも同じ格子点を返すようにしてください。", k)
		}
	}
	return Pass(fmt.Sprintf("問題文にない 6 つの関数と格子で、np.argmin と同じ格子点を選びました。この探索で谷の上を (1.4, 1.6) から 20 回更新すると (%.6f, %.6f) に着きます。", want[20][0], want[20][1]))
}

// ---------------------------------------------------------------- exercise 2

// nb05Armijo is Armijo backtracking: α = 1, α·ρ, α·ρ², … until
// φ(α) ≤ φ(0) + c·α·slope, c = 1e−4.
func nb05Armijo(phi func(float64) float64, slope, rho float64) float64 {
	phi0 := phi(0)
	a := 1.0
	for phi(a) > phi0+1e-4*a*slope {
		a *= rho
	}
	return a
}

// nb05BTDescent runs n updates of steepest descent on the valley from
// (x1, x2) with backtracking bt along −∇f and returns the iterates.
func nb05BTDescent(bt func(phi func(float64) float64, slope, rho float64) float64, x1, x2, rho float64, n int) [][2]float64 {
	xs := [][2]float64{{x1, x2}}
	for range n {
		g1, g2 := nb05G(x1, x2)
		a1, a2 := x1, x2
		a := bt(func(a float64) float64 { return nb05F(10, a1-a*g1, a2-a*g2) }, -(g1*g1 + g2*g2), rho)
		x1, x2 = x1-a*g1, x2-a*g2
		xs = append(xs, [2]float64{x1, x2})
	}
	return xs
}

type nb05BTCase struct {
	name       string
	phi        func(float64) float64
	slope, rho float64
}

func nb05BTCases() []nb05BTCase {
	g1, g2 := nb05G(-0.5, 0.5)
	return []nb05BTCase{
		{"φ(α) = 1 − α + 0.99999α²、φ'(0) = −1、ρ = 0.5", func(a float64) float64 { return 1 - a + 0.99999*a*a }, -1, 0.5},
		{"φ(α) = 1 − α + 0.1α²、φ'(0) = −1、ρ = 0.3", func(a float64) float64 { return 1 - a + 0.1*a*a }, -1, 0.3},
		{"φ(α) = (α − 0.3)² + 1.91、φ'(0) = −0.6、ρ = 0.3", func(a float64) float64 { return (a-0.3)*(a-0.3) + 1.91 }, -0.6, 0.3},
		{"谷の関数の (−0.5, 0.5) から −∇f の向きの φ、ρ = 0.7", func(a float64) float64 { return nb05F(10, -0.5-a*g1, 0.5-a*g2) }, -(g1*g1 + g2*g2), 0.7},
		{"φ(α) = 1 − α + 0.9995α²、φ'(0) = −1、ρ = 0.5", func(a float64) float64 { return 1 - a + 0.9995*a*a }, -1, 0.5},
		{"φ(α) = 1 − α + 1.00005α²、φ'(0) = −1、ρ = 0.5", func(a float64) float64 { return 1 - a + 1.00005*a*a }, -1, 0.5},
	}
}

// NB05Ex2 checks exercise 2 of notebook 05: bt(phi, slope, rho) must be
// Armijo backtracking from α = 1 with c = 1e−4 and factor rho. The check
// calls it on six functions φ and factors ρ the statement does not show
// (one where f falls at α = 1 without falling enough, two where α = 1 is
// accepted at once, one where f rises at α = 1 by less than c·|φ'(0)|, one
// where ρ ≠ 0.5 matters, the valley along −∇f from another point), then
// runs 30 updates of steepest descent with it from (−0.7, 0.2) and
// compares every iterate. Backtracking makes the same products
// α·ρᵏ however it is written, so the answers agree to rounding (1e−12).
// Hints: c left out of the condition (accepts any decrease), the
// condition's sign flipped, the first trial α = ρ instead of 1, one factor
// too many or too few, ρ ignored (always halving), a loop without end.
func NB05Ex2(bt func(phi func(float64) float64, slope, rho float64) float64) Result {
	if bt == nil {
		return Fail(NotWritten)
	}
	cases := nb05BTCases()
	got := make([]float64, len(cases))
	for i, c := range cases {
		err := run(10*time.Second, func() { got[i] = bt(nb05Limited(c.phi, 10_000), c.slope, c.rho) })
		if err != nil {
			return nb05CallHint("ex05_2", err)
		}
		if bad(got[i]) != "" {
			return Fail(badHint("ex05_2 の答え", got[i]))
		}
	}
	zero := true
	for _, g := range got {
		zero = zero && g == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	tol := Tol{Rel: 1e-12}
	matches := func(f func(c nb05BTCase) float64) bool {
		for i, c := range cases {
			if !tol.Close(got[i], f(c)) {
				return false
			}
		}
		return true
	}
	if !matches(func(c nb05BTCase) float64 { return nb05Armijo(c.phi, c.slope, c.rho) }) {
		// Each typical mistake, run on the same cases.
		variant := func(cc, sign float64, first, extra float64, rho func(float64) float64) func(c nb05BTCase) float64 {
			return func(c nb05BTCase) float64 {
				r := rho(c.rho)
				phi0, a := c.phi(0), first
				if first == 0 {
					a = r
				}
				for k := 0; k < 2000 && c.phi(a) > phi0+cc*a*sign*c.slope; k++ {
					a *= r
				}
				return a * math.Pow(r, extra)
			}
		}
		same := func(r float64) float64 { return r }
		for _, m := range []struct {
			f    func(c nb05BTCase) float64
			hint string
		}{
			{variant(0, 1, 1, 0, same), "f が φ(0) より少しでも下がれば受け入れています：アルミホ条件 φ(α) ≤ φ(0) + cαφ'(0)（c = 10⁻⁴）の cαφ'(0) の項を入れてください。"},
			{variant(1e-4, -1, 1, 0, same), "条件の cαφ'(0) の符号が逆です：φ'(0) は負なので、右辺は φ(0) より小さくなります。"},
			{variant(1e-4, 1, 0, 0, same), "最初に試す α が ρ になっています：最初に試すのは α = 1 そのもので、縮めるのは条件を満たさなかった後です。"},
			{variant(1e-4, 1, 1, 1, same), "条件を満たした α にさらに ρ を掛けています：初めて満たした α をそのまま返してください。"},
			{variant(1e-4, 1, 1, -1, same), "条件を満たす 1 つ手前の α（満たした α ÷ ρ）を返しています：条件を確かめてから縮めてください。"},
			{variant(1e-4, 1, 1, 0, func(float64) float64 { return 0.5 }), "いつも半分に縮めています：引数の rho を掛けてください。"},
		} {
			if matches(m.f) {
				return Fail(m.hint)
			}
		}
		for i, c := range cases {
			want := nb05Armijo(c.phi, c.slope, c.rho)
			if tol.Close(got[i], want) {
				continue
			}
			phi0 := c.phi(0)
			switch {
			case c.phi(got[i]) > phi0+1e-4*got[i]*c.slope:
				return Failf("%s で α = %.6g を返しました：この α はアルミホ条件 φ(α) ≤ φ(0) + cαφ'(0)（c = 10⁻⁴）を満たしていません。", c.name, got[i])
			case got[i] < want:
				return Failf("%s で α = %.6g を返しました：α = %.6g がすでに条件を満たしています。c = 10⁻⁴ になっているか、初めて満たした α で止めているかを確かめてください。", c.name, got[i], want)
			}
			return Failf("%s で α = %.6g を返しました：α = 1, ρ, ρ², … と順に試して最初に条件を満たす α は %.6g です。", c.name, got[i], want)
		}
	}
	var xs [][2]float64
	err := run(20*time.Second, func() {
		xs = nb05BTDescent(func(phi func(float64) float64, slope, rho float64) float64 {
			return bt(nb05Limited(phi, 10_000), slope, rho)
		}, -0.7, 0.2, 0.5, 30)
	})
	if err != nil {
		return nb05CallHint("ex05_2", err)
	}
	want := nb05BTDescent(nb05Armijo, -0.7, 0.2, 0.5, 30)
	for k := range want {
		if !(Tol{Abs: 1e-9}).Close(xs[k][0], want[k][0]) || !(Tol{Abs: 1e-9}).Close(xs[k][1], want[k][1]) {
			return Failf("この関数で谷の上の最急降下法を動かすと、%d 回目の更新で点が正しい道筋からずれました：同じ φ、傾き、ρ なら、いつも同じ α を返すようにしてください。", k)
		}
	}
	return Pass(fmt.Sprintf("問題文にない 6 つの φ と ρ で、アルミホ条件を最初に満たす α を返しました。これを使って (−0.7, 0.2) から 30 回更新すると f は %.4g から %.3g まで下がります。", nb05F(10, -0.7, 0.2), nb05F(10, want[30][0], want[30][1])))
}

// ---------------------------------------------------------------- exercise 3

// nb05Eig returns the eigenvalues of the symmetric matrix [[a, d], [d, c]]
// in closed form.
func nb05Eig(a, c, d float64) (lmin, lmax float64) {
	r := math.Hypot((a-c)/2, d)
	lmax = (a+c)/2 + r
	return (a*c - d*d) / lmax, lmax // λmin = det/λmax, without cancellation
}

// nb05Hessian returns the eigenvalues of the Hessian of f with curvature b
// at (1, 1), [[2 + 8b, −4b], [−4b, 2b]].
func nb05Hessian(b float64) (lmin, lmax float64) { return nb05Eig(2+8*b, 2*b, -4*b) }

// nb05Bs are exercise 3's hidden values of b.
var nb05Bs = []float64{0.5, 1, 3, 30, 1000}

// NB05Ex3 checks exercise 3 of notebook 05: cond(b) must return the
// condition number κ = λmax/λmin of ∇²f(1, 1) = [[2 + 8b, −4b], [−4b, 2b]]
// for f = (x₁ − 1)² + b(x₁² − x₂)², and 2/λmax. The check calls it for five
// values of b the statement does not show (0.5 to 1000). A closed form and
// gonum's eigensolver agree to 1e−12 relative at b = 1000, so Rel 1e−9 is
// the tolerance; the approximations (tr H)²/det H and 2/tr H differ by
// 2/κ and 1/κ relative, 9 % and 4 % at b = 0.5. Hints: b not used (b = 10's
// or b = 100's values), the Hessian without the 2 of (x₁ − 1)² or with
// 2 + 12b, the approximations, √κ, 1/κ, the diagonal's ratio, 1/λmax,
// 2/λmin.
func NB05Ex3(cond func(b float64) (kappa, alphaMax float64)) Result {
	if cond == nil {
		return Fail(NotWritten)
	}
	ks, as := make([]float64, len(nb05Bs)), make([]float64, len(nb05Bs))
	for i, b := range nb05Bs {
		if err := run(10*time.Second, func() { ks[i], as[i] = cond(b) }); err != nil {
			return nb05CallHint("ex05_3", err)
		}
	}
	zero := true
	for i := range ks {
		zero = zero && ks[i] == 0 && as[i] == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	tol := Tol{Rel: 1e-9}
	// all reports whether f(b) matches got at every b.
	all := func(got []float64, f func(b float64) float64) bool {
		for i, b := range nb05Bs {
			if !tol.Close(got[i], f(b)) {
				return false
			}
		}
		return true
	}
	kappa := func(b float64) float64 { l, h := nb05Hessian(b); return h / l }
	amax := func(b float64) float64 { _, h := nb05Hessian(b); return 2 / h }
	for i, b := range nb05Bs {
		if math.IsNaN(ks[i]) {
			return Fail(badHint(fmt.Sprintf("b = %g の κ", b), ks[i]))
		}
		if math.IsInf(ks[i], 0) || math.Abs(ks[i]) > 1e12 {
			return Failf("b = %g で κ = %v になりました：λmin が 0 です。(x₁ − 1)² を 2 回微分した 2 を ∇²f の左上に入れ忘れていませんか。", b, ks[i])
		}
		if bad(as[i]) != "" {
			return Fail(badHint(fmt.Sprintf("b = %g の 2/λmax", b), as[i]))
		}
	}
	constant := func(v float64) func(float64) float64 { return func(float64) float64 { return v } }
	kWrong := []struct {
		f    func(float64) float64
		hint string
	}{
		{constant(kappa(10)), "どの b でも b = 10（本文の関数）の κ を返しています：ヘッセ行列を引数 b から作ってください。"},
		{constant(kappa(100)), "どの b でも b = 100 の κ を返しています：ヘッセ行列を引数 b から作ってください。"},
		{func(b float64) float64 { l, h := nb05Eig(2+12*b, 2*b, -4*b); return h / l }, "∂²f/∂x₁² が 2 + 12b になっています：2 + b(12x₁² − 4x₂) の −4x₂ の項を落としていませんか。(1, 1) では 2 + 8b です。"},
		{func(b float64) float64 { a, c := 2+8*b, 2*b; return (a + c) * (a + c) / (a*c - 16*b*b) }, "(tr H)²/det H は κ の近似で、κ + 2 + 1/κ に等しく、κ が小さいとずれます：固有値を求めて λmax/λmin を計算してください。"},
		{func(b float64) float64 { return math.Sqrt(kappa(b)) }, "それは √κ（等高線の楕円の長い軸と短い軸の比）です：κ は固有値の比 λmax/λmin そのもので、平方根はとりません。"},
		{func(b float64) float64 { return 1 / kappa(b) }, "上下が逆です：κ = λmax/λmin（大きい固有値 ÷ 小さい固有値）で、1 以上になります。"},
		{func(b float64) float64 { return (2 + 8*b) / (2 * b) }, "それは対角成分の比です：対角でない成分 −4b があるので、固有値は対角成分と違います。"},
	}
	aWrong := []struct {
		f    func(float64) float64
		hint string
	}{
		{constant(amax(10)), "どの b でも b = 10（本文の関数）の 2/λmax を返しています：ヘッセ行列を引数 b から作ってください。"},
		{constant(amax(100)), "どの b でも b = 100 の 2/λmax を返しています：ヘッセ行列を引数 b から作ってください。"},
		{func(b float64) float64 { return 2 / (2 + 10*b) }, "2/tr H は 2/λmax の近似です（tr H = λmax + λmin）：λmax そのものを使ってください。"},
		{func(b float64) float64 { _, h := nb05Hessian(b); return 1 / h }, "1/λmax になっています：谷を横切る向きのずれは毎回 1 − αλmax 倍になり、その絶対値が 1 未満なのは α < 2/λmax のときです。"},
		{func(b float64) float64 { l, _ := nb05Hessian(b); return 2 / l }, "λmin を使っています：安定性を決めるのは最も急な向き、つまり大きい固有値 λmax で、α < 2/λmax です。"},
		{func(b float64) float64 { _, h := nb05Eig(2+12*b, 2*b, -4*b); return 2 / h }, "∂²f/∂x₁² が 2 + 12b になっています：2 + b(12x₁² − 4x₂) の −4x₂ の項を落としていませんか。(1, 1) では 2 + 8b です。"},
	}
	if !all(ks, kappa) {
		for _, w := range kWrong {
			if all(ks, w.f) {
				return Fail(w.hint)
			}
		}
		for i, b := range nb05Bs {
			if !tol.Close(ks[i], kappa(b)) {
				return Failf("b = %g で κ = %.8g は違います：∇²f(1, 1) を b の式で書き、その 2 つの固有値の比 λmax/λmin を返してください。", b, ks[i])
			}
		}
	}
	if !all(as, amax) {
		for _, w := range aWrong {
			if all(as, w.f) {
				return Fail(w.hint)
			}
		}
		for i, b := range nb05Bs {
			if !tol.Close(as[i], amax(b)) {
				return Failf("b = %g で 2/λmax = %.8g は違います：大きい方の固有値 λmax で 2 を割ってください。", b, as[i])
			}
		}
	}
	return Pass(fmt.Sprintf("問題文にない 5 つの b（0.5〜1000）で κ と 2/λmax が固有値どおりです。b = 1000 では κ = %.0f、2/λmax = %.2e：b を大きくするほど谷は細く、一定のステップ幅は小さくしなければなりません。", kappa(1000), amax(1000)))
}

// ---------------------------------------------------------------- exercise 4

type nb05Quad struct {
	h [2][2]float64
	g [2]float64
}

// nb05ExactStep is gᵀg / gᵀHg.
func nb05ExactStep(h [2][2]float64, g [2]float64) float64 {
	hg := [2]float64{h[0][0]*g[0] + h[0][1]*g[1], h[1][0]*g[0] + h[1][1]*g[1]}
	return (g[0]*g[0] + g[1]*g[1]) / (g[0]*hg[0] + g[1]*hg[1])
}

var nb05Quads = []nb05Quad{
	{[2][2]float64{{3, 1}, {1, 2}}, [2]float64{1, -2}},
	{[2][2]float64{{82, -40}, {-40, 20}}, [2]float64{0.3, 0.1}},
	{[2][2]float64{{1, 0}, {0, 50}}, [2]float64{1, 1}},
	{[2][2]float64{{5, 2}, {2, 1}}, [2]float64{-1, 3}},
}

// nb05QuadDescent runs n updates of steepest descent on ½xᵀHx from x with
// the step rule step and returns the iterates.
func nb05QuadDescent(step func(h [2][2]float64, g [2]float64) float64, h [2][2]float64, x [2]float64, n int) [][2]float64 {
	xs := [][2]float64{x}
	for range n {
		g := [2]float64{h[0][0]*x[0] + h[0][1]*x[1], h[1][0]*x[0] + h[1][1]*x[1]}
		a := step(h, g)
		x = [2]float64{x[0] - a*g[0], x[1] - a*g[1]}
		xs = append(xs, x)
	}
	return xs
}

func nb05Quadf(h [2][2]float64, x [2]float64) float64 {
	return 0.5 * (x[0]*(h[0][0]*x[0]+h[0][1]*x[1]) + x[1]*(h[1][0]*x[0]+h[1][1]*x[1]))
}

// NB05Ex4 checks exercise 4 of notebook 05: step(H, g) must return the
// exact line-search step along −g for f = ½xᵀHx, gᵀg/gᵀHg. The check calls
// it on four (H, g) the statement does not show, then runs 40 updates of
// steepest descent with it on the quadratic model of the valley at (1, 1)
// (H = [[82, −40], [−40, 20]]) from (0.5, 1), nearly along the valley
// floor, and compares every iterate.
// Ways of writing gᵀg/gᵀHg differ by rounding only (Rel 1e−9). Hints: the
// ratio inverted, a factor 2 or ½, the sign, ‖g‖ instead of ‖g‖², 1/gᵀHg,
// 1/tr H, the minimal-gradient step gᵀHg/‖Hg‖².
func NB05Ex4(step func(h [2][2]float64, g [2]float64) float64) Result {
	if step == nil {
		return Fail(NotWritten)
	}
	got := make([]float64, len(nb05Quads))
	for i, q := range nb05Quads {
		if err := run(10*time.Second, func() { got[i] = step(q.h, q.g) }); err != nil {
			return nb05CallHint("ex05_4", err)
		}
		if bad(got[i]) != "" {
			return Fail(badHint("ex05_4 の答え", got[i]))
		}
	}
	zero := true
	for _, g := range got {
		zero = zero && g == 0
	}
	if zero {
		return Fail(NotWritten)
	}
	tol := Tol{Rel: 1e-9}
	type wrong struct {
		f    func(h [2][2]float64, g [2]float64) float64
		hint string
	}
	gg := func(g [2]float64) float64 { return g[0]*g[0] + g[1]*g[1] }
	ghg := func(h [2][2]float64, g [2]float64) float64 { return gg(g) / nb05ExactStep(h, g) }
	hg := func(h [2][2]float64, g [2]float64) [2]float64 {
		return [2]float64{h[0][0]*g[0] + h[0][1]*g[1], h[1][0]*g[0] + h[1][1]*g[1]}
	}
	wrongs := []wrong{
		{func(h [2][2]float64, g [2]float64) float64 { return ghg(h, g) / gg(g) }, "分子と分母が逆です：φ'(α) = −gᵀg + α gᵀHg = 0 を α について解いてください。"},
		{func(h [2][2]float64, g [2]float64) float64 { return 2 * nb05ExactStep(h, g) }, "正しい値のちょうど 2 倍です：φ(α) の α² の項には ½ が付いています。微分すると ½ と 2 が打ち消します。"},
		{func(h [2][2]float64, g [2]float64) float64 { return nb05ExactStep(h, g) / 2 }, "正しい値のちょうど半分です：φ(α) の α² の項 ½α² gᵀHg を微分すると α gᵀHg です。"},
		{func(h [2][2]float64, g [2]float64) float64 { return -nb05ExactStep(h, g) }, "符号が逆です：−g の向きに進むステップ幅 α は正の数です。"},
		{func(h [2][2]float64, g [2]float64) float64 { return math.Sqrt(gg(g)) / ghg(h, g) }, "分子が ‖g‖ になっています：φ'(0) = −gᵀg なので、分子は長さの 2 乗 gᵀg です。"},
		{func(h [2][2]float64, g [2]float64) float64 { return 1 / ghg(h, g) }, "分子の gᵀg が抜けています：φ'(α) = −gᵀg + α gᵀHg です。"},
		{func(h [2][2]float64, g [2]float64) float64 { return 1 / (h[0][0] + h[1][1]) }, "1/tr H は g によらない定数です：厳密な直線探索の α は、g の向きによって変わります。"},
		{func(h [2][2]float64, g [2]float64) float64 { v := hg(h, g); return ghg(h, g) / gg(v) }, "それは勾配の長さ ‖∇f(x − αg)‖ を最小にする α です：最小にするのは f(x − αg) です。"},
	}
	for i, q := range nb05Quads {
		if tol.Close(got[i], nb05ExactStep(q.h, q.g)) {
			continue
		}
		for _, w := range wrongs {
			ok := true
			for j, q := range nb05Quads {
				ok = ok && tol.Close(got[j], w.f(q.h, q.g))
			}
			if ok {
				return Fail(w.hint)
			}
		}
		return Failf("H = %v、g = %v で α = %.8g は違います：φ(α) = f(x − αg) を α で微分して 0 とおいた式を確かめてください。", q.h, q.g, got[i])
	}
	h := nb05Quads[1].h
	var xs [][2]float64
	if err := run(10*time.Second, func() { xs = nb05QuadDescent(step, h, [2]float64{0.5, 1}, 40) }); err != nil {
		return nb05CallHint("ex05_4", err)
	}
	want := nb05QuadDescent(nb05ExactStep, h, [2]float64{0.5, 1}, 40)
	for k := range want {
		if !(Tol{Rel: 1e-6, Abs: 1e-15}).Close(xs[k][0], want[k][0]) || !(Tol{Rel: 1e-6, Abs: 1e-15}).Close(xs[k][1], want[k][1]) {
			return Failf("このステップ幅で 2 次関数の最急降下法を動かすと、%d 回目の更新で点が正しい道筋からずれました。", k)
		}
	}
	lmin, lmax := nb05Eig(82, 20, -40)
	kappa := lmax / lmin
	ratio := math.Pow(nb05Quadf(h, want[40])/nb05Quadf(h, want[0]), 1.0/40)
	return Pass(fmt.Sprintf("問題文にない 4 つの H と g で α = gᵀg/gᵀHg です。谷の 2 次近似 H = [[82, −40], [−40, 20]] で谷底に近い向きの (0.5, 1) から 40 回更新すると、f は 1 回あたり %.4f 倍：最悪の値 ((κ−1)/(κ+1))² = %.4f より少し小さい値です。1 回あたりの減り方は出発点の向きで変わり、最悪の値はその上限です。", ratio, math.Pow((kappa-1)/(kappa+1), 2)))
}

// ---------------------------------------------------------------- exercise 5

// nb05Backtrack counts the updates of steepest descent from (0, 1) with
// Armijo backtracking (c = 1e−4, from α = 1, α ← ρα) until
// ‖∇f‖∞ ≤ 1e−6, at most 50,000 (−1 if it does not get there).
func nb05Backtrack(rho float64) int {
	x1, x2 := 0.0, 1.0
	for k := 0; k < 50000; k++ {
		g1, g2 := nb05G(x1, x2)
		if math.Max(math.Abs(g1), math.Abs(g2)) <= 1e-6 {
			return k
		}
		f, slope := nb05F(10, x1, x2), -(g1*g1 + g2*g2)
		a := 1.0
		for nb05F(10, x1-a*g1, x2-a*g2) > f+1e-4*a*slope {
			a *= rho
		}
		x1, x2 = x1-a*g1, x2-a*g2
	}
	return -1
}

// nb05Rhos are exercise 5's hidden contraction factors.
var nb05Rhos = []float64{0.1, 0.3, 0.4, 0.7}

// NB05Ex5 checks exercise 5 of notebook 05: count(ρ) must return the
// number of updates steepest descent with Armijo backtracking (factor ρ,
// c = 1e−4, from α = 1) needs from (0, 1) to ‖∇f‖∞ ≤ 1e−6, at most 50,000.
// The check calls it for four factors the notebook does not print (0.1,
// 0.3, 0.4, 0.7; the notebook prints 0.5 and 0.2) and compares with a
// plain loop; counts are exact. Hints: len(r.Trace) (the start counted),
// the limit reached (GradTol left out), optim's default limit 100 (MaxIter
// left out), ρ ignored (the same count for every ρ), the golden-section
// search's count.
func NB05Ex5(count func(rho float64) int) Result {
	if count == nil {
		return Fail(NotWritten)
	}
	got := make([]int, len(nb05Rhos))
	for i, rho := range nb05Rhos {
		if err := run(60*time.Second, func() { got[i] = count(rho) }); err != nil {
			return nb05CallHint("ex05_5", err)
		}
	}
	want := make([]int, len(nb05Rhos))
	same, zero, plus1 := true, true, true
	for i, rho := range nb05Rhos {
		want[i] = nb05Backtrack(rho)
		if want[i] < 0 {
			return Fail("確認用の計算が収束しませんでした（教材の誤り）。")
		}
		same = same && got[i] == got[0]
		zero = zero && got[i] == 0
		plus1 = plus1 && got[i] == want[i]+1
	}
	switch {
	case zero:
		return Fail(NotWritten)
	case plus1:
		return Fail("どの ρ でも 1 回多く数えています：r.Trace には出発点 x₀ も入っているので、更新回数は要素の数より 1 少なくなります。")
	case same && got[0] == 100:
		return Fail("どの ρ でも 100 回です：MaxIter を書かないと上限は 100 回です。上限 50,000 回にしてください。")
	case same && got[0] == 50000:
		return Fail("どの ρ でも上限の 50,000 回です：‖∇f‖∞ ≤ 10⁻⁶ で止まっていません。Settings に GradTol を入れてください。")
	case same:
		return Failf("どの ρ でも %d 回です：引数の rho を Backtracking の ContractionFactor に渡していますか。", got[0])
	}
	for i, rho := range nb05Rhos {
		if got[i] != want[i] {
			if got[i] > want[i] {
				return Failf("ρ = %g で %d 回は多すぎます：‖∇f‖∞ ≤ 10⁻⁶ になったところで止めてください（GradTol）。直線探索はバックトラッキングで、c と最初の α は既定のままです。", rho, got[i])
			}
			return Failf("ρ = %g で %d 回は少なすぎます：出発点 (0, 1)、止める条件 ‖∇f‖∞ ≤ 10⁻⁶、上限 50,000 回を確かめてください。", rho, got[i])
		}
	}
	return Pass(fmt.Sprintf("ρ = 0.1, 0.3, 0.4, 0.7 で %d, %d, %d, %d 回：更新回数は ρ とともに滑らかには変わりません。どのステップ幅が選ばれるかで、ジグザグの崩れ方が変わるからです。", want[0], want[1], want[2], want[3]))
}
