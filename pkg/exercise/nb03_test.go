package exercise

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// Each wrong answer below is a learner's function with the mistake written
// in, run by the check on its hidden cases; each right answer is a
// different way a learner may write it. The learner-side code is plain
// loops over the data, independent of the checks' own helpers.

// nb03Want asserts that r is right.
func nb03Want(t *testing.T, what string, r Result) {
	t.Helper()
	if !r.OK || r.What == "" {
		t.Errorf("%s: right answer refused: %v", what, r)
	}
}

// nb03WantWrong asserts that r is wrong and its hint contains hint.
func nb03WantWrong(t *testing.T, what string, r Result, hint string) {
	t.Helper()
	if r.OK {
		t.Errorf("%s: wrong answer accepted: %v", what, r)
		return
	}
	if !strings.Contains(r.Hint, hint) {
		t.Errorf("%s: hint %q, want one containing %q", what, r.Hint, hint)
	}
}

// The lesson's data and its plain loop (the lesson's plainRun without the
// printing), as a learner has them.
var nb03TX, nb03TY = func() (x, y []float64) {
	r := rand.New(rand.NewPCG(1, 1))
	for range 100 {
		xi := 10 * r.Float64()
		x, y = append(x, xi), append(y, 2*xi+5+r.NormFloat64())
	}
	return
}()

func nb03TRun(beta float64, seed uint64) (as, bs []float64) {
	rng := rand.New(rand.NewPCG(seed, seed))
	a, b, ma, mb := 30.0, 30.0, 0.0, 0.0
	as, bs = []float64{a}, []float64{b}
	for range 20000 {
		i := rng.IntN(len(nb03TX))
		r := nb03TY[i] - a*nb03TX[i] - b
		ga, gb := -2*nb03TX[i]*r, -2*r
		ma, mb = beta*ma+(1-beta)*ga, beta*mb+(1-beta)*gb
		a, b = a-0.002*ma, b-0.002*mb
		as, bs = append(as, a), append(bs, b)
	}
	return as, bs
}

func TestNB03Ex1(t *testing.T) {
	nb03Want(t, "loop", NB03Ex1(func(g []float64, beta float64) (m []float64) {
		mk := 0.0
		for _, gk := range g {
			mk = beta*mk + (1-beta)*gk
			m = append(m, mk)
		}
		return
	}))
	nb03Want(t, "indexed, m[k] from m[k−1]", NB03Ex1(func(g []float64, beta float64) []float64 {
		m := make([]float64, len(g))
		for k := range g {
			prev := 0.0
			if k > 0 {
				prev = m[k-1]
			}
			m[k] = beta*prev + (1-beta)*g[k]
		}
		return m
	}))
	nb03Want(t, "written as m + (1−β)(g − m)", NB03Ex1(func(g []float64, beta float64) (m []float64) {
		mk := 0.0
		for _, gk := range g {
			mk += (1 - beta) * (gk - mk)
			m = append(m, mk)
		}
		return
	}))
	// The starter, nil and zero values.
	nb03WantWrong(t, "starter", NB03Ex1(func(g []float64, beta float64) (m []float64) { return }), NotWritten)
	nb03WantWrong(t, "nil", NB03Ex1(nil), NotWritten)
	nb03WantWrong(t, "zeros", NB03Ex1(func(g []float64, beta float64) []float64 { return make([]float64, len(g)) }), NotWritten)
	// Mistakes, each run.
	nb03WantWrong(t, "the source's words: previous raw gradient", NB03Ex1(func(g []float64, beta float64) (m []float64) {
		prev := 0.0
		for _, gk := range g {
			m = append(m, beta*prev+(1-beta)*gk)
			prev = gk
		}
		return
	}), "前回の生の勾配")
	nb03WantWrong(t, "(1−β) missing", NB03Ex1(func(g []float64, beta float64) (m []float64) {
		mk := 0.0
		for _, gk := range g {
			mk = beta*mk + gk
			m = append(m, mk)
		}
		return
	}), "1 − β が掛かっていません")
	nb03WantWrong(t, "β and 1−β swapped", NB03Ex1(func(g []float64, beta float64) (m []float64) {
		mk := 0.0
		for _, gk := range g {
			mk = (1-beta)*mk + beta*gk
			m = append(m, mk)
		}
		return
	}), "入れ替わっています")
	nb03WantWrong(t, "m started at g₁", NB03Ex1(func(g []float64, beta float64) (m []float64) {
		mk := g[0]
		m = append(m, mk)
		for _, gk := range g[1:] {
			mk = beta*mk + (1-beta)*gk
			m = append(m, mk)
		}
		return
	}), "g₁ そのもの")
	nb03WantWrong(t, "m declared inside the loop", NB03Ex1(func(g []float64, beta float64) (m []float64) {
		for _, gk := range g {
			mk := 0.0
			mk = beta*mk + (1-beta)*gk
			m = append(m, mk)
		}
		return
	}), "持ち越していません")
	nb03WantWrong(t, "m₀ returned too", NB03Ex1(func(g []float64, beta float64) []float64 {
		m := []float64{0}
		for _, gk := range g {
			m = append(m, beta*m[len(m)-1]+(1-beta)*gk)
		}
		return m
	}), "m₀ = 0 も入っています")
	nb03WantWrong(t, "the lesson's β = 0.9 whatever beta", NB03Ex1(func(g []float64, _ float64) (m []float64) {
		mk := 0.0
		for _, gk := range g {
			mk = 0.9*mk + 0.1*gk
			m = append(m, mk)
		}
		return
	}), "g = 4, −2, 3")
	nb03WantWrong(t, "panic", NB03Ex1(func(g []float64, beta float64) []float64 { return []float64{g[10]} }), "panic")
	nb03WantWrong(t, "NaN", NB03Ex1(func(g []float64, beta float64) []float64 { return []float64{math.NaN()} }), "NaN")
}

func TestNB03Ex2(t *testing.T) {
	// The cases' spread from integer boundaries, which the check relies on.
	for _, c := range nb03Ex2Cases {
		r := math.Log(1-c.frac) / math.Log(c.beta)
		if f := r - math.Floor(r); f < 0.1 || f > 0.9 {
			t.Errorf("case %v: log(1 − frac)/log β = %.3f is too close to an integer", c, r)
		}
	}
	loop := func(beta, frac float64) (n int) {
		m := 0.0
		for m < frac {
			m = beta*m + (1-beta)*1
			n++
		}
		return
	}
	nb03Want(t, "loop", NB03Ex2(loop))
	nb03Want(t, "closed form, rounded up", NB03Ex2(func(beta, frac float64) int {
		return int(math.Ceil(math.Log(1-frac) / math.Log(beta)))
	}))
	nb03Want(t, "loop on 1 − βⁿ", NB03Ex2(func(beta, frac float64) (n int) {
		for n = 1; 1-math.Pow(beta, float64(n)) < frac; n++ {
		}
		return
	}))
	nb03WantWrong(t, "starter", NB03Ex2(func(beta, frac float64) (n int) { return }), NotWritten)
	nb03WantWrong(t, "nil", NB03Ex2(nil), NotWritten)
	nb03WantWrong(t, "rule of thumb 1/(1 − β)", NB03Ex2(func(beta, frac float64) int { return int(math.Round(1 / (1 - beta))) }), "目安")
	nb03WantWrong(t, "closed form rounded down", NB03Ex2(func(beta, frac float64) int {
		return int(math.Log(1-frac) / math.Log(beta))
	}), "1 つ少なく")
	nb03WantWrong(t, "loop that stops one short", NB03Ex2(func(beta, frac float64) (n int) {
		m := 0.0
		for {
			m = beta*m + (1-beta)*1
			if m >= frac {
				return
			}
			n++
		}
	}), "1 つ少なく")
	nb03WantWrong(t, "counting m₀ as well", NB03Ex2(func(beta, frac float64) (n int) {
		m := 0.0
		n = 1
		for m < frac {
			m = beta*m + (1-beta)*1
			n++
		}
		return
	}), "1 つ多く")
	nb03WantWrong(t, "the lesson's case whatever the arguments", NB03Ex2(func(_, _ float64) (n int) {
		m := 0.0
		for m < 0.9 {
			m = 0.9*m + 0.1
			n++
		}
		return
	}), "引数に関係なく")
	nb03WantWrong(t, "(1 − β) missing", NB03Ex2(func(beta, frac float64) (n int) {
		m := 0.0
		for m < frac {
			m = beta*m + 1
			n++
		}
		return
	}), "1 回目で追いついた")
	nb03WantWrong(t, "β and 1 − β swapped", NB03Ex2(func(beta, frac float64) (n int) {
		m := 0.0
		for m < frac {
			m = (1-beta)*m + beta
			n++
		}
		return
	}), "β = ")
	nb03WantWrong(t, "panic", NB03Ex2(func(beta, frac float64) int { panic("boom") }), "panic")
}

func TestNB03Ex2Timeout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the timeout")
	}
	nb03WantWrong(t, "endless loop (m never equals frac exactly)", NB03Ex2(func(beta, frac float64) (n int) {
		m := 0.0
		for m != frac {
			m = beta*m + (1 - beta)
			n++
		}
		return
	}), "終わりません")
}

func TestNB03Ex3(t *testing.T) {
	nb03Want(t, "sums", NB03Ex3(func(xs, ys []float64, b float64) float64 {
		var sxy, sxx float64
		for i := range xs {
			sxy += xs[i] * (ys[i] - b)
			sxx += xs[i] * xs[i]
		}
		return sxy / sxx
	}))
	nb03Want(t, "means, from ∂L/∂a = 0", NB03Ex3(func(xs, ys []float64, b float64) float64 {
		n := float64(len(xs))
		var mx, mxy, mxx float64
		for i := range xs {
			mx += xs[i] / n
			mxy += xs[i] * ys[i] / n
			mxx += xs[i] * xs[i] / n
		}
		return (mxy - b*mx) / mxx
	}))
	nb03Want(t, "a* − (x̄/mean x²)(b − b*) with the library's a*, b*", NB03Ex3(func(xs, ys []float64, b float64) float64 {
		ls, _ := objective.NewLeastSquares(xs, ys)
		a0, b0, _ := ls.Solve()
		var mx, mxx float64
		for i := range xs {
			mx += xs[i]
			mxx += xs[i] * xs[i]
		}
		return a0 - mx/mxx*(b-b0)
	}))
	nb03WantWrong(t, "starter", NB03Ex3(func(xs, ys []float64, b float64) (a float64) { return }), NotWritten)
	nb03WantWrong(t, "nil", NB03Ex3(nil), NotWritten)
	nb03WantWrong(t, "a* of the data", NB03Ex3(func(xs, ys []float64, b float64) float64 {
		ls, _ := objective.NewLeastSquares(xs, ys)
		a, _, _ := ls.Solve()
		return a
	}), "閉じた式の解 a*")
	nb03WantWrong(t, "b's sign flipped", NB03Ex3(func(xs, ys []float64, b float64) float64 {
		var sxy, sxx float64
		for i := range xs {
			sxy += xs[i] * (ys[i] + b)
			sxx += xs[i] * xs[i]
		}
		return sxy / sxx
	}), "符号が逆")
	nb03WantWrong(t, "b left out", NB03Ex3(func(xs, ys []float64, b float64) float64 {
		var sxy, sxx float64
		for i := range xs {
			sxy += xs[i] * ys[i]
			sxx += xs[i] * xs[i]
		}
		return sxy / sxx
	}), "b を使っていません")
	nb03WantWrong(t, "a*'s denominator", NB03Ex3(func(xs, ys []float64, b float64) float64 {
		mx := 0.0
		for _, x := range xs {
			mx += x / float64(len(xs))
		}
		var sxy, sxx float64
		for i := range xs {
			sxy += xs[i] * (ys[i] - b)
			sxx += (xs[i] - mx) * (xs[i] - mx)
		}
		return sxy / sxx
	}), "分母が Σ(x − x̄)²")
	nb03WantWrong(t, "∂L/∂b = 0 solved for a", NB03Ex3(func(xs, ys []float64, b float64) float64 {
		var sx, sy float64
		for i := range xs {
			sx += xs[i]
			sy += ys[i]
		}
		return (sy - b*float64(len(xs))) / sx
	}), "∂L/∂b = 0")
	nb03WantWrong(t, "the lesson's data whatever xs, ys", NB03Ex3(func(_, _ []float64, b float64) float64 {
		var sxy, sxx float64
		for i := range nb03TX {
			sxy += nb03TX[i] * (nb03TY[i] - b)
			sxx += nb03TX[i] * nb03TX[i]
		}
		return sxy / sxx
	}), "x = 1, 2, 3")
	nb03WantWrong(t, "empty data: NaN", NB03Ex3(func(xs, ys []float64, b float64) float64 { return math.NaN() }), "NaN")
}

// nb03TSD is the population standard deviation of v[len(v)/2:], the
// lesson's lateSD.
func nb03TSD(v []float64) float64 {
	w := v[len(v)/2:]
	var m, s float64
	for _, x := range w {
		m += x / float64(len(w))
	}
	for _, x := range w {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(w)))
}

func nb03TSteps(v []float64) []float64 {
	d := make([]float64, len(v)-1)
	for k := range d {
		d[k] = v[k+1] - v[k]
	}
	return d
}

func TestNB03Ex4(t *testing.T) {
	// The theory value differs from every hidden case's measured ratio by
	// more than 0.5 % (so returning it is a mistake the check must see),
	// and the library and the plain loop agree to the last bit.
	ls, _, _, err := nb03Problem()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range nb03Ex4Cases {
		ma, _, _ := nb03Run(ls, c.beta, c.seed)
		sa, _, _ := nb03Run(ls, 0, c.seed)
		pa, _ := nb03TRun(c.beta, c.seed)
		var lib optim.Method = &optim.Stochastic{Method: &optim.AveragedMomentum{LR: 0.002, Beta: c.beta}, Seed: c.seed}
		r, err := optim.Minimize(ls, []float64{30, 30}, lib, &optim.Settings{MaxIter: 20000})
		if err != nil {
			t.Fatal(err)
		}
		sgd, err := optim.Minimize(ls, []float64{30, 30}, &optim.SGD{LR: 0.002, Seed: c.seed}, &optim.Settings{MaxIter: 20000})
		if err != nil {
			t.Fatal(err)
		}
		la, ls0 := r.Trace.Xs(0), sgd.Trace.Xs(0)
		for k := range ma {
			if ma[k] != pa[k] || ma[k] != la[k] || sa[k] != ls0[k] {
				t.Fatalf("β %g seed %d: the check's run, the plain loop and the library differ at %d: %v, %v, %v (SGD %v, %v)", c.beta, c.seed, k, ma[k], pa[k], la[k], sa[k], ls0[k])
			}
		}
		m := nb03TSD(nb03TSteps(ma)) / nb03TSD(nb03TSteps(sa))
		th := math.Sqrt((1 - c.beta) / (1 + c.beta))
		t.Logf("β %g seed %d: measured %.4f, theory %.4f (%.1f %%)", c.beta, c.seed, m, th, 100*(th/m-1))
		if math.Abs(th/m-1) < 0.005 {
			t.Errorf("β %g seed %d: the theory value %.4f is within 0.5 %% of the measured %.4f", c.beta, c.seed, th, m)
		}
	}
	nb03Want(t, "plain loop", NB03Ex4(func(beta float64, seed uint64) float64 {
		ma, _ := nb03TRun(beta, seed)
		sa, _ := nb03TRun(0, seed)
		return nb03TSD(nb03TSteps(ma)) / nb03TSD(nb03TSteps(sa))
	}))
	nb03Want(t, "library runs, explicit window", NB03Ex4(func(beta float64, seed uint64) float64 {
		fit := func(m optim.Method) []float64 {
			r, _ := optim.Minimize(ls, []float64{30, 30}, m, &optim.Settings{MaxIter: 20000})
			return r.Trace.Xs(0)
		}
		ma := fit(&optim.Stochastic{Method: &optim.AveragedMomentum{LR: 0.002, Beta: beta}, Seed: seed})
		sa := fit(&optim.SGD{LR: 0.002, Seed: seed})
		sd := func(a []float64) float64 {
			var d []float64
			for k := 10000; k <= 19999; k++ {
				d = append(d, a[k+1]-a[k])
			}
			var m, s float64
			for _, x := range d {
				m += x
			}
			m /= float64(len(d))
			for _, x := range d {
				s += (x - m) * (x - m)
			}
			return math.Sqrt(s / float64(len(d)))
		}
		return sd(ma) / sd(sa)
	}))
	nb03WantWrong(t, "starter", NB03Ex4(func(beta float64, seed uint64) (ratio float64) { return }), NotWritten)
	nb03WantWrong(t, "nil", NB03Ex4(nil), NotWritten)
	nb03WantWrong(t, "theory value", NB03Ex4(func(beta float64, _ uint64) float64 { return math.Sqrt((1 - beta) / (1 + beta)) }), "理論値")
	nb03WantWrong(t, "a itself", NB03Ex4(func(beta float64, seed uint64) float64 {
		ma, _ := nb03TRun(beta, seed)
		sa, _ := nb03TRun(0, seed)
		return nb03TSD(ma) / nb03TSD(sa)
	}), "a そのもの")
	nb03WantWrong(t, "upside down", NB03Ex4(func(beta float64, seed uint64) float64 {
		ma, _ := nb03TRun(beta, seed)
		sa, _ := nb03TRun(0, seed)
		return nb03TSD(nb03TSteps(sa)) / nb03TSD(nb03TSteps(ma))
	}), "上下が逆")
	nb03WantWrong(t, "seed 1 always", NB03Ex4(func(beta float64, _ uint64) float64 {
		ma, _ := nb03TRun(beta, 1)
		sa, _ := nb03TRun(0, 1)
		return nb03TSD(nb03TSteps(ma)) / nb03TSD(nb03TSteps(sa))
	}), "seed を使っていません")
	nb03WantWrong(t, "the whole run", NB03Ex4(func(beta float64, seed uint64) float64 {
		ma, _ := nb03TRun(beta, seed)
		sa, _ := nb03TRun(0, seed)
		return nb03SD(nb03TSteps(ma)) / nb03SD(nb03TSteps(sa))
	}), "2 万回すべて")
	nb03WantWrong(t, "β = 0.9 always", NB03Ex4(func(_ float64, seed uint64) float64 {
		ma, _ := nb03TRun(0.9, seed)
		sa, _ := nb03TRun(0, seed)
		return nb03TSD(nb03TSteps(ma)) / nb03TSD(nb03TSteps(sa))
	}), "beta を使っていません")
	nb03WantWrong(t, "window one value short (k > 10000)", NB03Ex4(func(beta float64, seed uint64) float64 {
		ma, _ := nb03TRun(beta, seed)
		sa, _ := nb03TRun(0, seed)
		return nb03SD(nb03TSteps(ma)[10001:]) / nb03SD(nb03TSteps(sa)[10001:])
	}), "近いのですが")
	nb03WantWrong(t, "panic", NB03Ex4(func(beta float64, seed uint64) float64 {
		var a []float64
		return a[3]
	}), "panic")
}

func TestNB03Ex5(t *testing.T) {
	ls, aStar, bStar, err := nb03Problem()
	if err != nil {
		t.Fatal(err)
	}
	// Every mistake differs from the rule on some hidden case.
	cases, err := nb03Ex5Cases(ls, aStar, bStar)
	if err != nil {
		t.Fatal(err)
	}
	for how := nb03RuleLast; how <= nb03RuleEither; how++ {
		differs := false
		for _, c := range cases {
			differs = differs || nb03Rule(c.as, c.bs, aStar, bStar, c.tol, c.window, how) != nb03Rule(c.as, c.bs, aStar, bStar, c.tol, c.window, nb03RuleRight)
		}
		if !differs {
			t.Errorf("mistake %d gives the right count on every case", how)
		}
	}
	// The learner's aStar, bStar from the lesson's closed form.
	var mx, my, mxy, mxx float64
	for i := range nb03TX {
		mx += nb03TX[i] / 100
		my += nb03TY[i] / 100
		mxy += nb03TX[i] * nb03TY[i] / 100
		mxx += nb03TX[i] * nb03TX[i] / 100
	}
	la := (mxy - mx*my) / (mxx - mx*mx)
	lb := my - la*mx
	in := func(a, b, tol float64) bool { return math.Abs(a-la) < tol && math.Abs(b-lb) < tol }
	nb03Want(t, "run counter", NB03Ex5(func(as, bs []float64, tol float64, window int) int {
		run := 0
		for k := range as {
			if in(as[k], bs[k], tol) {
				run++
				if run == window {
					return k - window + 1
				}
			} else {
				run = 0
			}
		}
		return -1
	}))
	nb03Want(t, "every start k, look ahead", NB03Ex5(func(as, bs []float64, tol float64, window int) int {
	next:
		for k := 0; k+window <= len(as); k++ {
			for j := k; j < k+window; j++ {
				if !in(as[j], bs[j], tol) {
					continue next
				}
			}
			return k
		}
		return -1
	}))
	nb03Want(t, "remember where the run started", NB03Ex5(func(as, bs []float64, tol float64, window int) int {
		start := -1
		for k := range as {
			if !in(as[k], bs[k], tol) {
				start = -1
				continue
			}
			if start < 0 {
				start = k
			}
			if k-start+1 >= window {
				return start
			}
		}
		return -1
	}))
	nb03Want(t, "the lesson's solution (break, named result)", NB03Ex5(func(as, bs []float64, tol float64, window int) (k int) {
		k, run := -1, 0
		for j := range as {
			if math.Abs(as[j]-la) >= tol || math.Abs(bs[j]-lb) >= tol {
				run = 0
				continue
			}
			if run++; run == window {
				k = j - window + 1
				break
			}
		}
		return
	}))
	counter := func(variant func(run *int, ok bool), last bool, never int) NB03Ex5Func {
		return func(as, bs []float64, tol float64, window int) int {
			run := 0
			for k := range as {
				variant(&run, in(as[k], bs[k], tol))
				if run == window {
					if last {
						return k
					}
					return k - window + 1
				}
			}
			return never
		}
	}
	reset := func(run *int, ok bool) {
		if ok {
			*run++
		} else {
			*run = 0
		}
	}
	nb03WantWrong(t, "starter", NB03Ex5(func(as, bs []float64, tol float64, window int) (k int) { return }), NotWritten)
	nb03WantWrong(t, "nil", NB03Ex5(nil), NotWritten)
	nb03WantWrong(t, "last k of the window", NB03Ex5(counter(reset, true, -1)), "最後の k")
	nb03WantWrong(t, "no reset", NB03Ex5(counter(func(run *int, ok bool) {
		if ok {
			*run++
		}
	}, false, -1)), "数え直していません")
	nb03WantWrong(t, "0 when never", NB03Ex5(counter(reset, false, 0)), "−1 を返して")
	nb03WantWrong(t, "first k inside", NB03Ex5(func(as, bs []float64, tol float64, window int) int {
		for k := range as {
			if in(as[k], bs[k], tol) {
				return k
			}
		}
		return -1
	}), "初めて入った k")
	nb03WantWrong(t, "a only", NB03Ex5(func(as, bs []float64, tol float64, window int) int {
		run := 0
		for k := range as {
			if math.Abs(as[k]-la) < tol {
				if run++; run == window {
					return k - window + 1
				}
			} else {
				run = 0
			}
		}
		return -1
	}), "a しか")
	nb03WantWrong(t, "|| for &&", NB03Ex5(func(as, bs []float64, tol float64, window int) int {
		run := 0
		for k := range as {
			if math.Abs(as[k]-la) < tol || math.Abs(bs[k]-lb) < tol {
				if run++; run == window {
					return k - window + 1
				}
			} else {
				run = 0
			}
		}
		return -1
	}), "どちらか")
	nb03WantWrong(t, "run > window (one too many)", NB03Ex5(func(as, bs []float64, tol float64, window int) int {
		run := 0
		for k := range as {
			if in(as[k], bs[k], tol) {
				if run++; run > window {
					return k - window
				}
			} else {
				run = 0
			}
		}
		return -1
	}), "window + 1")
	nb03WantWrong(t, "look ahead one short", NB03Ex5(func(as, bs []float64, tol float64, window int) int {
	next:
		for k := 0; k+window <= len(as); k++ {
			for j := k; j < k+window-1; j++ {
				if !in(as[j], bs[j], tol) {
					continue next
				}
			}
			return k
		}
		return -1
	}), "window − 1")
	nb03WantWrong(t, "the lesson's tol and window whatever the arguments", NB03Ex5(func(as, bs []float64, _ float64, _ int) int {
		run := 0
		for k := range as {
			if in(as[k], bs[k], 0.1) {
				if run++; run == 300 {
					return k - 300 + 1
				}
			} else {
				run = 0
			}
		}
		return -1
	}), "正しくは")
	nb03WantWrong(t, "panic", NB03Ex5(func(as, bs []float64, tol float64, window int) int { return int(as[len(as)]) }), "panic")
}
