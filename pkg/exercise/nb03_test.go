package exercise

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The learner-side computations below are plain loops over the data,
// written independently of pkg/objective and pkg/optim, which the checks
// use: the data recipe objective.LineData documents, one sample drawn per
// update with rand.New(rand.NewPCG(1, 1)).IntN(100), and the updates as
// the notebook states them. Products are rounded one at a time
// (float64(…)) as pkg/optim does, so the iterates agree to the last bit.

// nb03Data draws the notebook's 100 samples: x uniform in [0, 10),
// y = 2x + 5 + ε, ε standard normal, from rand.New(rand.NewPCG(1, 1)).
func nb03Data() (x, y []float64) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y = make([]float64, 100), make([]float64, 100)
	for i := range x {
		x[i] = 10 * r.Float64()
		y[i] = 2*x[i] + 5 + r.NormFloat64()
	}
	return x, y
}

// nb03Plain runs averaged momentum (beta = 0 is SGD) from a = b = 30 for
// 20,000 updates and returns the iterates of a and b.
func nb03Plain(x, y []float64, beta float64) (as, bs []float64) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, b, ma, mb := 30.0, 30.0, 0.0, 0.0
	as, bs = []float64{a}, []float64{b}
	for range 20000 {
		i := rng.IntN(len(x))
		r := y[i] - float64(a*x[i]) - b
		ga, gb := -2*x[i]*r, -2*r
		ma = float64(beta*ma) + float64((1-beta)*ga)
		mb = float64(beta*mb) + float64((1-beta)*gb)
		a, b = a-float64(0.002*ma), b-float64(0.002*mb)
		as, bs = append(as, a), append(bs, b)
	}
	return as, bs
}

// nb03SDHalf is the population standard deviation of v[len(v)/2:].
func nb03SDHalf(v []float64) float64 {
	w := v[len(v)/2:]
	var m, s float64
	for _, x := range w {
		m += x
	}
	m /= float64(len(w))
	for _, x := range w {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(w)))
}

func nb03Diffs(v []float64) []float64 {
	d := make([]float64, len(v)-1)
	for k := range d {
		d[k] = v[k+1] - v[k]
	}
	return d
}

// nb03Pass asserts that r is right.
func nb03Pass(t *testing.T, what string, r Result) {
	t.Helper()
	if !r.OK || r.What == "" {
		t.Errorf("%s: right answer rejected: %v", what, r)
	}
}

func TestNB03Ex1(t *testing.T) {
	n, m := 0, 0.0
	for m < 0.9 {
		m = 0.9*m + 0.1
		n++
	}
	if n != 22 {
		t.Fatalf("the loop gives %d, the notebook's text says 22", n)
	}
	nb03Pass(t, "loop", NB03Ex1(n))
	wantWrong(t, "starter", NB03Ex1(0), NotWritten)
	wantWrong(t, "1/(1−β)", NB03Ex1(10), "1/(1 − β) = 10")
	wantWrong(t, "loop one short", NB03Ex1(n-1), "off-by-one", "切り捨て", "0.891")
	wantWrong(t, "log 0.1 / log 0.9 rounded down", NB03Ex1(int(math.Log(0.1)/math.Log(0.9))), "21.85")
	wantWrong(t, "loop one long", NB03Ex1(n+1), "off-by-one")
	wantWrong(t, "one update", NB03Ex1(1), "m = 0.1")
}

func TestNB03Ex2(t *testing.T) {
	nb03Pass(t, "(1−β)η", NB03Ex2(0.1*0.002))
	nb03Pass(t, "η − βη", NB03Ex2(0.002-0.9*0.002))
	wantWrong(t, "starter", NB03Ex2(0), NotWritten)
	wantWrong(t, "same η", NB03Ex2(0.002), "10 倍")
	wantWrong(t, "divided", NB03Ex2(0.002/0.1), "(1 − β) で割っています")
	wantWrong(t, "β instead of 1−β", NB03Ex2(0.9*0.002), "1 − β = 0.1")
}

func TestNB03Ex3(t *testing.T) {
	x, y := nb03Data()
	sa, _ := nb03Plain(x, y, 0)
	m5, _ := nb03Plain(x, y, 0.5)
	m9, _ := nb03Plain(x, y, 0.9)
	right := nb03SDHalf(nb03Diffs(m5)) / nb03SDHalf(nb03Diffs(sa))
	if math.Abs(right-math.Sqrt(1.0/3)) > 0.03 {
		t.Errorf("the solution says the ratio is close to √(1/3) = 0.577: %.3f", right)
	}
	nb03Pass(t, "plain loop", NB03Ex3(right))
	// Another reading of "the second half": the sample standard deviation
	// (n − 1) of Δa_k for k > 10000.
	sample := func(v []float64) float64 {
		var m, s float64
		for _, x := range v {
			m += x / float64(len(v))
		}
		for _, x := range v {
			s += (x - m) * (x - m)
		}
		return math.Sqrt(s / float64(len(v)-1))
	}
	nb03Pass(t, "k > 10000, n − 1", NB03Ex3(sample(nb03Diffs(m5)[10001:])/sample(nb03Diffs(sa)[10001:])))
	wantWrong(t, "starter", NB03Ex3(0), NotWritten)
	wantWrong(t, "β = 0.9", NB03Ex3(nb03SDHalf(nb03Diffs(m9))/nb03SDHalf(nb03Diffs(sa))), "β = 0.9")
	wantWrong(t, "a itself", NB03Ex3(nb03SDHalf(m5)/nb03SDHalf(sa)), "a そのもの")
	wantWrong(t, "inverse", NB03Ex3(1/right), "上下逆")
	// Momentum on the full gradient (AveragedMomentum not wrapped in
	// optim.Stochastic): after convergence it hardly moves, so the ratio
	// is near 0.
	full := func(beta float64) []float64 {
		a, b, ma, mb := 30.0, 30.0, 0.0, 0.0
		as := []float64{a}
		for range 20000 {
			var ga, gb float64
			for i := range x {
				r := y[i] - a*x[i] - b
				ga, gb = ga-2*x[i]*r/100, gb-2*r/100
			}
			ma, mb = beta*ma+(1-beta)*ga, beta*mb+(1-beta)*gb
			a, b = a-0.002*ma, b-0.002*mb
			as = append(as, a)
		}
		return as
	}
	wantWrong(t, "full gradient", NB03Ex3(nb03SDHalf(nb03Diffs(full(0.5)))/nb03SDHalf(nb03Diffs(sa))), "Stochastic")
	// Another sample-draw seed: close, but not the same draws.
	seed0 := func(beta float64) []float64 {
		rng := rand.New(rand.NewPCG(0, 0))
		a, b, ma, mb := 30.0, 30.0, 0.0, 0.0
		as := []float64{a}
		for range 20000 {
			i := rng.IntN(100)
			r := y[i] - a*x[i] - b
			ma, mb = beta*ma+(1-beta)*(-2*x[i]*r), beta*mb+(1-beta)*(-2*r)
			a, b = a-0.002*ma, b-0.002*mb
			as = append(as, a)
		}
		return as
	}
	if r := nb03SDHalf(nb03Diffs(seed0(0.5))) / nb03SDHalf(nb03Diffs(sa)); math.Abs(r/right-1) > 0.005 {
		wantWrong(t, "seed 0 for momentum", NB03Ex3(r), "種 1")
	}
}

func TestNB03Ex4(t *testing.T) {
	x, y := nb03Data()
	// The closed form a* = Sxy/Sxx, b* = ȳ − a*x̄ and L = mean squared residual.
	var mx, my float64
	for i := range x {
		mx += x[i] / 100
		my += y[i] / 100
	}
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	aS := sxy / sxx
	bS := my - aS*mx
	loss := func(a, b float64) float64 {
		s := 0.0
		for i := range x {
			r := y[i] - a*x[i] - b
			s += r * r
		}
		return s / 100
	}
	first := func(as, bs []float64, ok func(a, b float64) bool) int {
		run := 0
		for k := range as {
			if !ok(as[k], bs[k]) {
				run = 0
				continue
			}
			if run++; run == 300 {
				return k - 299
			}
		}
		return -1
	}
	lossRule := func(a, b float64) bool { return loss(a, b)-loss(aS, bS) < 0.3 }
	absRule := func(a, b float64) bool { return math.Abs(a-aS) < 0.1 && math.Abs(b-bS) < 0.1 }
	sa, sb := nb03Plain(x, y, 0)
	ma, mb := nb03Plain(x, y, 0.9)
	kS, kM := first(sa, sb, lossRule), first(ma, mb, lossRule)
	if kS < 0 || kM < 0 || kS-kM < 2000 {
		t.Errorf("the solution says the loss rule widens the gap: SGD %d, momentum %d", kS, kM)
	}
	nb03Pass(t, "plain loops", NB03Ex4(kS, kM))
	if what, want := NB03Ex4(kS, kM).What, fmt.Sprintf("SGD %d 回目、モーメンタム法 %d 回目：", kS, kM); !strings.HasPrefix(what, want) || strings.Count(what, want) != 1 {
		t.Errorf("the ✓ sentence should name both counts once, starting %q: %q", want, what)
	}
	wantWrong(t, "starter", NB03Ex4(0, 0), NotWritten)
	wantWrong(t, "swapped", NB03Ex4(kM, kS), "入れ替わって")
	wantWrong(t, "last k of the window", NB03Ex4(kS+299, kM), "最後の k")
	wantWrong(t, "step 4's rule", NB03Ex4(kS, first(ma, mb, absRule)), "ステップ 4")
	wantWrong(t, "one late", NB03Ex4(kS, kM+1), "off-by-one")
	// L itself against 0.3: L* ≈ 0.93, so the rule never holds.
	lossOnly := func(a, b float64) bool { return loss(a, b) < 0.3 }
	nS, nM := first(sa, sb, lossOnly), first(ma, mb, lossOnly)
	if nS != -1 || nM != -1 {
		t.Fatalf("L < 0.3 should never hold (L* = %.3f): %d, %d", loss(aS, bS), nS, nM)
	}
	wantWrong(t, "L instead of L − L*", NB03Ex4(nS, nM), "L(a_k, b_k) − L(a*, b*)", fmt.Sprintf("%.3f", loss(aS, bS)))
}

func TestNB03Ex5(t *testing.T) {
	// The first RMSProp step on the first drawn sample, as a plain loop.
	x, y := nb03Data()
	i := rand.New(rand.NewPCG(1, 1)).IntN(100)
	g := -2 * x[i] * (y[i] - 30*x[i] - 30)
	s := 0.99*0 + (1-0.99)*g*g
	step := math.Abs(0.01 * g / (math.Sqrt(s) + 1e-8))
	nb03Pass(t, "first step of a plain loop", NB03Ex5(step))
	nb03Pass(t, "closed form", NB03Ex5(0.01/math.Sqrt(0.01)))
	wantWrong(t, "starter", NB03Ex5(0), NotWritten)
	wantWrong(t, "η", NB03Ex5(0.01), "(1 − ρ)g²")
	wantWrong(t, "times √(1−ρ)", NB03Ex5(0.001), "分母")
	wantWrong(t, "no square root", NB03Ex5(1), "平方根")
}
