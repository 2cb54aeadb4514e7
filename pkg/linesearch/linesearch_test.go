package linesearch_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"gonum.org/v1/gonum/optimize"
)

func TestArmijoMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 10000 {
		c, i, g, s, d := r.NormFloat64(), r.NormFloat64(), -math.Abs(r.NormFloat64()), r.Float64()*10, r.Float64()
		if linesearch.ArmijoConditionMet(c, i, g, s, d) != optimize.ArmijoConditionMet(c, i, g, s, d) {
			t.Fatalf("disagree at %v %v %v %v %v", c, i, g, s, d)
		}
	}
}

// Awkward one-dimensional functions φ with φ'(0) < 0.
var phis = []struct {
	name      string
	phi, dphi func(float64) float64
}{
	{"quadratic", func(a float64) float64 { return (a - 0.3) * (a - 0.3) }, func(a float64) float64 { return 2 * (a - 0.3) }},
	{"steep quartic", func(a float64) float64 { return math.Pow(a-2, 4) - 8*a }, func(a float64) float64 { return 4*math.Pow(a-2, 3) - 8 }},
	{"wavy", func(a float64) float64 { return -math.Sin(5*a) - a/10 + a*a }, func(a float64) float64 { return -5*math.Cos(5*a) - 0.1 + 2*a }},
	{"flat then cliff", func(a float64) float64 { return -a + math.Exp(10*(a-1)) }, func(a float64) float64 { return -1 + 10*math.Exp(10*(a-1)) }},
}

// Backtracking against gonum's Backtracking driven step by step: the same
// accepted step, and the Armijo condition holds, for initial steps 0.001…1000.
func TestBacktrackingAgainstGonum(t *testing.T) {
	for _, p := range phis {
		for _, init := range []float64{0.001, 0.1, 1, 10, 1000} {
			for _, dec := range []float64{0, 1e-4, 0.5} {
				b := linesearch.Backtracking{DecreaseFactor: dec, InitialStep: init}
				phi0, d0 := p.phi(0), p.dphi(0)
				r, err := b.Search(p.phi, phi0, d0)
				if err != nil {
					t.Fatalf("%s from %v: %v", p.name, init, err)
				}
				g := &optimize.Backtracking{DecreaseFactor: dec}
				g.Init(phi0, d0, init)
				step := init
				for {
					op, s, err := g.Iterate(p.phi(step), math.NaN())
					if err != nil {
						t.Fatal(err)
					}
					step = s
					if op == optimize.MajorIteration {
						break
					}
				}
				if r.Alpha != step {
					t.Errorf("%s from %v: α = %v, gonum %v", p.name, init, r.Alpha, step)
				}
				if !linesearch.ArmijoConditionMet(r.Phi, phi0, d0, r.Alpha, b.DecreaseFactor+1e-4*boolf(dec == 0)) {
					t.Errorf("%s: Armijo fails at α = %v", p.name, r.Alpha)
				}
				if n := len(r.Trials); n != r.Evals || r.Trials[n-1].Alpha != r.Alpha || r.Trials[0].Alpha != init {
					t.Errorf("%s: trials %v", p.name, r.Trials)
				}
			}
		}
	}
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestGoldenSection(t *testing.T) {
	// Minimisers by hand: quadratic 0.3; steep quartic 2 + 2^(1/3); the
	// cliff: 1 + ln(0.1)/10.
	want := map[string]float64{"quadratic": 0.3, "steep quartic": 2 + math.Cbrt(2), "flat then cliff": 1 + math.Log(0.1)/10}
	for _, p := range phis {
		for _, init := range []float64{0.001, 1, 1000} {
			r, err := linesearch.GoldenSection{InitialStep: init}.Search(p.phi, p.phi(0))
			if err != nil {
				t.Fatal(err)
			}
			for _, tr := range r.Trials {
				if tr.Phi < r.Phi {
					t.Errorf("%s: trial %v beats the accepted %v", p.name, tr, r.Phi)
				}
			}
			if r.Phi > p.phi(0) {
				t.Errorf("%s: φ(α) = %v > φ(0)", p.name, r.Phi)
			}
			if w, ok := want[p.name]; ok && init < 100 && !(math.Abs(r.Alpha-w) < 1e-6) {
				t.Errorf("%s from %v: α = %v, want %v", p.name, init, r.Alpha, w)
			}
			// A local minimiser: φ' ≈ 0 there.
			if d := p.dphi(r.Alpha); math.Abs(d) > 1e-4 {
				t.Errorf("%s from %v: φ'(%v) = %v", p.name, init, r.Alpha, d)
			}
		}
	}
}

func TestGridNumpySemantics(t *testing.T) {
	g := linesearch.Grid{Start: -0.5, Stop: 0.5, Step: 0.0000001}
	if n := g.Len(); n != 10_000_000 {
		t.Errorf("Len = %d, want 10,000,000", n)
	}
	start, step := -0.5, 0.0000001 // variables: Go folds constants exactly
	d := (start + step) - start
	for _, i := range []int{0, 1, 2, 4999999, 5000000, 9999999} {
		if got, want := g.At(i), start+float64(float64(i)*d); got != want {
			t.Errorf("At(%d) = %v, want %v", i, got, want)
		}
	}
	if g.At(1) != start+step {
		t.Error("the second point must be Start + Step")
	}
	// numpy: len(arange(0, 1, 0.1)) == 10; arange(1, 1.3, 0.1) is
	// [1., 1.1, 1.2, 1.3] (numpy's documented rounding surprise).
	if n := (linesearch.Grid{Start: 0, Stop: 1, Step: 0.1}).Len(); n != 10 {
		t.Errorf("arange(0, 1, 0.1) has %d points", n)
	}
	if n := (linesearch.Grid{Start: 1, Stop: 1.3, Step: 0.1}).Len(); n != 4 {
		t.Errorf("arange(1, 1.3, 0.1) has %d points", n)
	}
	for _, bad := range []linesearch.Grid{{0, 1, 0}, {1, 0, 0.1}, {0, math.NaN(), 1}, {0, 1, 1e-12}} {
		if err := bad.Validate(); err == nil || !strings.HasPrefix(err.Error(), "linesearch:") {
			t.Errorf("%+v: err = %v", bad, err)
		}
	}
}

func TestGridArgmin(t *testing.T) {
	g := linesearch.Grid{Start: -1, Stop: 1, Step: 0.001}
	phi := func(a float64) float64 { return math.Round((a-0.3)*(a-0.3)*100) / 100 } // plateaus: ties
	want, wv := -1, math.Inf(1)
	for i := range g.Len() {
		if v := phi(g.At(i)); v < wv {
			want, wv = i, v
		}
	}
	for _, w := range []int{1, 2, 3, 7, 64} {
		i, v, err := g.Argmin(phi, w)
		if err != nil || i != want || v != wv {
			t.Errorf("workers %d: (%d, %v, %v), sequential (%d, %v)", w, i, v, err, want, wv)
		}
	}
}

// ArgminPolynomial agrees with the full scan on random quartics, including
// ones with two wells, minima at the ends and flat stretches.
func TestArgminPolynomialMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	g := linesearch.Grid{Start: -0.5, Stop: 0.5, Step: 1e-5}
	for trial := range 300 {
		c := []float64{r.NormFloat64(), r.NormFloat64(), r.NormFloat64() * 10, r.NormFloat64(), math.Abs(r.NormFloat64()) * 50}
		if trial%5 == 0 {
			c[4] = 0 // cubic: minimum may sit at an end
		}
		phi := func(a float64) float64 { return (((c[4]*a+c[3])*a+c[2])*a+c[1])*a + c[0] }
		bi, bv, _ := g.Argmin(phi, 2)
		pr, err := g.ArgminPolynomial(phi, c, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Index != bi || pr.Phi != bv {
			t.Fatalf("coeffs %v: polynomial (%d, %v), scan (%d, %v)", c, pr.Index, pr.Phi, bi, bv)
		}
		if pr.Evals > 2000 {
			t.Errorf("coeffs %v: %d evaluations", c, pr.Evals)
		}
	}
	if _, err := g.ArgminPolynomial(func(float64) float64 { return 0 }, []float64{math.NaN()}, 0, 0); err == nil {
		t.Error("NaN coefficient accepted")
	}
}

func FuzzArgminPolynomial(f *testing.F) {
	f.Add(1.0, -2.0, 3.0, 0.5, 4.0)
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(1e10, -1e-10, 1e5, 7.0, 1e-3)
	f.Fuzz(func(t *testing.T, c0, c1, c2, c3, c4 float64) {
		c := []float64{c0, c1, c2, c3, c4}
		for _, v := range c {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e100 {
				return
			}
		}
		g := linesearch.Grid{Start: -1, Stop: 1, Step: 1e-3}
		phi := func(a float64) float64 { return (((c4*a+c3)*a+c2)*a+c1)*a + c0 }
		bi, bv, _ := g.Argmin(phi, 1)
		pr, err := g.ArgminPolynomial(phi, c, 0, 0)
		if err != nil {
			return // too many candidates: documented
		}
		if pr.Phi != bv || pr.Index != bi {
			t.Fatalf("coeffs %v: polynomial (%d, %v), scan (%d, %v)", c, pr.Index, pr.Phi, bi, bv)
		}
	})
}

func ExampleBacktracking() {
	// φ(α) = (α − 0.3)²: φ(0) = 0.09, φ'(0) = −0.6. Trials 1, 0.5, 0.25.
	phi := func(a float64) float64 { return (a - 0.3) * (a - 0.3) }
	r, _ := linesearch.Backtracking{}.Search(phi, phi(0), -0.6)
	for _, tr := range r.Trials {
		fmt.Printf("α=%-5v φ=%.4f armijo=%v\n", tr.Alpha, tr.Phi, linesearch.ArmijoConditionMet(tr.Phi, 0.09, -0.6, tr.Alpha, 1e-4))
	}
	fmt.Println("accepted", r.Alpha)
	// Output:
	// α=1     φ=0.4900 armijo=false
	// α=0.5   φ=0.0400 armijo=true
	// accepted 0.5
}

// Issue 11: φ = +Inf (or NaN) at every α > 0 used to return α = 0 with no
// error, so a run stalled; it is an error naming the value.
func TestGoldenSectionNoFiniteStep(t *testing.T) {
	for _, bad := range []float64{math.Inf(1), math.NaN()} {
		phi := func(a float64) float64 {
			if a > 0 {
				return bad
			}
			return 0
		}
		r, err := linesearch.GoldenSection{}.Search(phi, 0)
		if err == nil || !strings.Contains(err.Error(), "not finite") || !strings.Contains(err.Error(), fmt.Sprint(bad)) {
			t.Errorf("φ = %v beyond 0: result %+v, err %v; want an error naming the value", bad, r.Alpha, err)
		}
	}
}
