package exercise

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// Each exercise's right answers are written in two ways (one of them
// through the library a learner calls); each typical wrong answer is the
// mistake itself, written and run, never a number typed in.

func nb05Hint(t *testing.T, what string, r Result, part string) {
	t.Helper()
	if r.OK || !strings.Contains(r.Hint, part) {
		t.Errorf("%s: got %v, want a hint with %q", what, r, part)
	}
}

func nb05OK(t *testing.T, what string, r Result) {
	t.Helper()
	if !r.OK {
		t.Errorf("%s: right answer refused: %v", what, r)
	}
}

// golden minimises a unimodal phi on [a, b] by golden-section search.
func golden(phi func(float64) float64, a, b, tol float64) float64 {
	r := (math.Sqrt(5) - 1) / 2
	for b-a > tol {
		c, d := b-r*(b-a), a+r*(b-a)
		if phi(c) < phi(d) {
			b = d
		} else {
			a = c
		}
	}
	return (a + b) / 2
}

// ---------------------------------------------------------------- exercise 1

type gridSearch = func(phi func(float64) float64, start, stop, step float64) float64

// gridLoop is the grid search written with a count and a comparison; the
// variants change one thing each.
func gridLoop(ceil, inclusive, skipFirst, orEqual, accumulate, retPhi, retIndex bool) gridSearch {
	return func(phi func(float64) float64, start, stop, step float64) (gamma float64) {
		delta := (start + step) - start
		var n int
		if ceil {
			n = int(math.Ceil((stop - start) / step))
		} else {
			n = int((stop - start) / step)
		}
		if inclusive {
			n++
		}
		best, bi, bf := start, 0, math.Inf(1)
		g := start
		i0 := 0
		if skipFirst {
			i0 = 1
			g += delta
		}
		for i := i0; i < n; i++ {
			if !accumulate {
				g = start + float64(i)*delta
			}
			f := phi(g)
			if f < bf || orEqual && f == bf {
				best, bi, bf = g, i, f
			}
			if accumulate {
				g += step
			}
		}
		switch {
		case retPhi:
			return bf
		case retIndex:
			return float64(bi)
		}
		return best
	}
}

func TestNB05Ex1(t *testing.T) {
	right := gridLoop(true, false, false, false, false, false, false)
	nb05OK(t, "ceil count", NB05Ex1(right))
	// Another right formulation: walk while γ < stop, accumulating γ.
	nb05OK(t, "while γ < stop, γ += step", NB05Ex1(func(phi func(float64) float64, start, stop, step float64) (gamma float64) {
		best := math.Inf(1)
		for g := start; g < stop-step/2; g += step {
			if f := phi(g); f < best {
				gamma, best = g, f
			}
		}
		return
	}))
	// The same with the plain condition γ < stop (accumulated γ may add a
	// last point a hair below stop; no hidden case has its minimum there).
	nb05OK(t, "while γ < stop", NB05Ex1(func(phi func(float64) float64, start, stop, step float64) (gamma float64) {
		best := math.Inf(1)
		for g := start; g < stop; g += step {
			if f := phi(g); f < best {
				gamma, best = g, f
			}
		}
		return
	}))
	// The library's grid, used directly (linesearch.Grid).
	nb05OK(t, "linesearch.Grid", NB05Ex1(func(phi func(float64) float64, start, stop, step float64) float64 {
		grid := linesearch.Grid{Start: start, Stop: stop, Step: step}
		best, bf := 0.0, math.Inf(1)
		for i := range grid.Len() {
			if f := phi(grid.At(i)); f < bf {
				best, bf = grid.At(i), f
			}
		}
		return best
	}))
	nb05Hint(t, "starter", NB05Ex1(func(phi func(float64) float64, start, stop, step float64) (gamma float64) { return }), NotWritten)
	nb05Hint(t, "nil", NB05Ex1(nil), NotWritten)
	nb05Hint(t, "stop included", NB05Ex1(gridLoop(true, true, false, false, false, false, false)), "stop を含みません")
	nb05Hint(t, "count rounded down", NB05Ex1(gridLoop(false, false, false, false, false, false, false)), "切り上げ")
	nb05Hint(t, "first point skipped", NB05Ex1(gridLoop(true, false, true, false, false, false, false)), "最初の格子点")
	nb05Hint(t, "<= keeps the last", NB05Ex1(gridLoop(true, false, false, true, false, false, false)), "最初の点を残す")
	nb05Hint(t, "φ's value returned", NB05Ex1(gridLoop(true, false, false, false, false, true, false)), "φ の最小値")
	nb05Hint(t, "index returned", NB05Ex1(gridLoop(true, false, false, false, false, false, true)), "番号 i")
	// A continuous minimiser (golden section on [start, stop]) is off the grid.
	nb05Hint(t, "golden section", NB05Ex1(func(phi func(float64) float64, start, stop, step float64) float64 {
		return golden(phi, start, stop, 1e-12)
	}), "格子点ではありません")
	nb05Hint(t, "panics", NB05Ex1(func(phi func(float64) float64, start, stop, step float64) float64 { panic("oops") }), "panic")
	nb05Hint(t, "NaN", NB05Ex1(func(phi func(float64) float64, start, stop, step float64) float64 { return math.NaN() }), "NaN")
	nb05Hint(t, "calls φ without end", NB05Ex1(func(phi func(float64) float64, start, stop, step float64) float64 {
		for {
			phi(start)
		}
	}), "終わりません")
}

// ---------------------------------------------------------------- exercise 2

type backtracker = func(phi func(float64) float64, slope, rho float64) float64

func btLoop(c float64, flip, startAtRho, extra, halve bool) backtracker {
	return func(phi func(float64) float64, slope, rho float64) (alpha float64) {
		if halve {
			rho = 0.5
		}
		phi0 := phi(0)
		alpha = 1
		if startAtRho {
			alpha = rho
		}
		s := slope
		if flip {
			s = -slope
		}
		for phi(alpha) > phi0+c*alpha*s {
			alpha *= rho
		}
		if extra {
			alpha *= rho
		}
		return
	}
}

func TestNB05Ex2(t *testing.T) {
	nb05OK(t, "for loop on the condition", NB05Ex2(btLoop(1e-4, false, false, false, false)))
	// Another right formulation: count the trials and use math.Pow.
	nb05OK(t, "α = ρᵏ", NB05Ex2(func(phi func(float64) float64, slope, rho float64) float64 {
		f0 := phi(0)
		for k := 0; ; k++ {
			a := 1.0
			for range k {
				a *= rho
			}
			if phi(a) <= f0+1e-4*a*slope {
				return a
			}
		}
	}))
	// The library's Armijo predicate in the loop.
	nb05OK(t, "linesearch.ArmijoConditionMet", NB05Ex2(func(phi func(float64) float64, slope, rho float64) float64 {
		a := 1.0
		for !linesearch.ArmijoConditionMet(phi(a), phi(0), slope, a, 1e-4) {
			a *= rho
		}
		return a
	}))
	nb05Hint(t, "starter", NB05Ex2(func(phi func(float64) float64, slope, rho float64) (alpha float64) { return }), NotWritten)
	nb05Hint(t, "c left out (any decrease)", NB05Ex2(btLoop(0, false, false, false, false)), "cαφ'(0) の項を入れて")
	nb05Hint(t, "sign of the slope flipped", NB05Ex2(btLoop(1e-4, true, false, false, false)), "符号が逆")
	nb05Hint(t, "first trial ρ", NB05Ex2(btLoop(1e-4, false, true, false, false)), "最初に試す α が ρ")
	nb05Hint(t, "one factor too many", NB05Ex2(btLoop(1e-4, false, false, true, false)), "さらに ρ を掛けて")
	nb05Hint(t, "c = 1e-3", NB05Ex2(btLoop(1e-3, false, false, false, false)), "c = 10⁻⁴ になっているか")
	nb05Hint(t, "c = 0.5", NB05Ex2(btLoop(0.5, false, false, false, false)), "c = 10⁻⁴ になっているか")
	nb05Hint(t, "one factor too few (α/ρ)", NB05Ex2(func(phi func(float64) float64, slope, rho float64) float64 {
		a := 1.0
		for phi(a) > phi(0)+1e-4*a*slope {
			a *= rho
		}
		if a < 1 {
			return a / rho
		}
		return a / rho
	}), "1 つ手前")
	nb05Hint(t, "always halving", NB05Ex2(btLoop(1e-4, false, false, false, true)), "いつも半分")
	// c = 1 (the full linear decrease) is never met by a convex φ: the
	// loop runs until φ's calls are cut off, or returns a tiny α.
	r := NB05Ex2(btLoop(1, false, false, false, false))
	if r.OK {
		t.Errorf("c = 1 accepted: %v", r)
	}
	nb05Hint(t, "α never shrinks", NB05Ex2(func(phi func(float64) float64, slope, rho float64) float64 {
		a := 1.0
		for phi(a) > phi(0)+1e-4*a*slope {
			_ = a * rho
		}
		return a
	}), "終わりません")
	nb05Hint(t, "panics", NB05Ex2(func(phi func(float64) float64, slope, rho float64) float64 { var xs []float64; return xs[int(rho)] }), "panic")
}

// ---------------------------------------------------------------- exercise 3

type conditioner = func(b float64) (kappa, alphaMax float64)

func eigCond(hess func(b float64) []float64, ratio func(lmin, lmax float64) float64, amax func(lmin, lmax float64) float64) conditioner {
	return func(b float64) (float64, float64) {
		var eig mat.EigenSym
		if !eig.Factorize(mat.NewSymDense(2, hess(b)), false) {
			panic("eigen")
		}
		ev := eig.Values(nil)
		return ratio(ev[0], ev[1]), amax(ev[0], ev[1])
	}
}

func TestNB05Ex3(t *testing.T) {
	hess := func(b float64) []float64 { return []float64{2 + 8*b, -4 * b, -4 * b, 2 * b} }
	kap := func(l, h float64) float64 { return h / l }
	two := func(l, h float64) float64 { return 2 / h }
	nb05OK(t, "gonum EigenSym", NB05Ex3(eigCond(hess, kap, two)))
	nb05OK(t, "quadratic formula", NB05Ex3(func(b float64) (float64, float64) {
		a, c, d := 2+8*b, 2*b, -4*b
		tr, det := a+c, a*c-d*d
		disc := math.Sqrt(tr*tr/4 - det)
		lmax := tr/2 + disc
		lmin := det / lmax
		return lmax / lmin, 2 / lmax
	}))
	// The Hessian differentiated at a general point, then evaluated at (1, 1).
	nb05OK(t, "Hessian at (x1, x2)", NB05Ex3(eigCond(func(b float64) []float64 {
		x1, x2 := 1.0, 1.0
		h11, h12, h22 := 2+b*(12*x1*x1-4*x2), -4*b*x1, 2*b
		return []float64{h11, h12, h12, h22}
	}, kap, two)))
	nb05Hint(t, "starter", NB05Ex3(func(b float64) (k, a float64) { return }), NotWritten)
	fixed := func(b0 float64) conditioner {
		return func(float64) (float64, float64) { return eigCond(hess, kap, two)(b0) }
	}
	nb05Hint(t, "b = 10 fixed", NB05Ex3(fixed(10)), "b = 10")
	nb05Hint(t, "b = 100 fixed", NB05Ex3(fixed(100)), "b = 100")
	nb05Hint(t, "2 + 12b", NB05Ex3(eigCond(func(b float64) []float64 { return []float64{2 + 12*b, -4 * b, -4 * b, 2 * b} }, kap, two)), "2 + 12b")
	nb05Hint(t, "without the 2", NB05Ex3(eigCond(func(b float64) []float64 { return []float64{8 * b, -4 * b, -4 * b, 2 * b} }, kap, two)), "2 を ∇²f の左上に")
	nb05Hint(t, "(tr H)²/det H", NB05Ex3(func(b float64) (float64, float64) {
		h := hess(b)
		tr, det := h[0]+h[3], h[0]*h[3]-h[1]*h[2]
		_, a := eigCond(hess, kap, two)(b)
		return tr * tr / det, a
	}), "(tr H)²/det H")
	nb05Hint(t, "√κ", NB05Ex3(eigCond(hess, func(l, h float64) float64 { return math.Sqrt(h / l) }, two)), "√κ")
	nb05Hint(t, "1/κ", NB05Ex3(eigCond(hess, func(l, h float64) float64 { return l / h }, two)), "上下が逆")
	nb05Hint(t, "2/tr H", NB05Ex3(eigCond(hess, kap, func(l, h float64) float64 { return 2 / (l + h) })), "2/tr H")
	nb05Hint(t, "1/λmax", NB05Ex3(eigCond(hess, kap, func(l, h float64) float64 { return 1 / h })), "1/λmax")
	nb05Hint(t, "2/λmin", NB05Ex3(eigCond(hess, kap, func(l, h float64) float64 { return 2 / l })), "λmin を使って")
	nb05Hint(t, "NaN", NB05Ex3(func(b float64) (float64, float64) { return math.NaN(), 1 }), "NaN")
	nb05Hint(t, "panics", NB05Ex3(func(b float64) (float64, float64) { panic("no") }), "panic")
	nb05Hint(t, "diagonal ratio", NB05Ex3(func(b float64) (float64, float64) {
		h := hess(b)
		_, a := eigCond(hess, kap, two)(b)
		return h[0] / h[3], a
	}), "対角成分の比")
}

// ---------------------------------------------------------------- exercise 4

func TestNB05Ex4(t *testing.T) {
	dot := func(a, b [2]float64) float64 { return a[0]*b[0] + a[1]*b[1] }
	mul := func(h [2][2]float64, g [2]float64) [2]float64 { return [2]float64{dot(h[0], g), dot(h[1], g)} }
	nb05OK(t, "gᵀg/gᵀHg", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 { return dot(g, g) / dot(g, mul(h, g)) }))
	nb05OK(t, "gonum", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 {
		H := mat.NewDense(2, 2, []float64{h[0][0], h[0][1], h[1][0], h[1][1]})
		v := mat.NewVecDense(2, []float64{g[0], g[1]})
		return mat.Dot(v, v) / mat.Inner(v, H, v)
	}))
	// Written out, φ'(α) = −gᵀg + α·gᵀHg solved for α. (Minimising φ
	// numerically is not asked: it reaches only √ε relative accuracy.)
	nb05OK(t, "written out", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 {
		num := g[0]*g[0] + g[1]*g[1]
		den := h[0][0]*g[0]*g[0] + (h[0][1]+h[1][0])*g[0]*g[1] + h[1][1]*g[1]*g[1]
		return num / den
	}))
	nb05Hint(t, "starter", NB05Ex4(func(h [2][2]float64, g [2]float64) (a float64) { return }), NotWritten)
	nb05Hint(t, "inverted", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 { return dot(g, mul(h, g)) / dot(g, g) }), "分子と分母が逆")
	nb05Hint(t, "½ lost", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 { return 2 * dot(g, g) / dot(g, mul(h, g)) }), "2 倍")
	nb05Hint(t, "sign", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 { return -dot(g, g) / dot(g, mul(h, g)) }), "符号が逆")
	nb05Hint(t, "‖g‖", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 { return math.Sqrt(dot(g, g)) / dot(g, mul(h, g)) }), "‖g‖")
	nb05Hint(t, "1/gᵀHg", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 { return 1 / dot(g, mul(h, g)) }), "gᵀg が抜けて")
	nb05Hint(t, "1/tr H", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 { return 1 / (h[0][0] + h[1][1]) }), "1/tr H")
	nb05Hint(t, "minimal gradient", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 {
		hg := mul(h, g)
		return dot(g, hg) / dot(hg, hg)
	}), "勾配の長さ")
	nb05Hint(t, "H instead of g: gᵀHg/gᵀH²g inverted", NB05Ex4(func(h [2][2]float64, g [2]float64) float64 { return 1 / h[0][0] }), "違います")
}

// ---------------------------------------------------------------- exercise 5

func libCount(settings func(s *optim.Settings), ls func(rho float64) optim.LineSearcher, plus int) func(rho float64) int {
	return func(rho float64) int {
		v := objective.Valley{}
		s := &optim.Settings{MaxIter: 50000, GradTol: 1e-6}
		settings(s)
		r, err := optim.Minimize(v, v.Start(), &optim.SteepestDescent{LineSearch: ls(rho)}, s)
		if err != nil {
			panic(err)
		}
		return len(r.Trace) - 1 + plus
	}
}

func TestNB05Ex5(t *testing.T) {
	keep := func(*optim.Settings) {}
	bt := func(rho float64) optim.LineSearcher { return &optim.Backtracking{ContractionFactor: rho} }
	nb05OK(t, "library", NB05Ex5(libCount(keep, bt, 0)))
	nb05OK(t, "library, Stats", NB05Ex5(func(rho float64) int {
		v := objective.Valley{}
		r, _ := optim.Minimize(v, v.Start(), &optim.SteepestDescent{LineSearch: bt(rho)}, &optim.Settings{MaxIter: 50000, GradTol: 1e-6})
		return r.Trace[len(r.Trace)-1].K
	}))
	nb05OK(t, "plain loop", NB05Ex5(nb05Backtrack))
	nb05Hint(t, "starter", NB05Ex5(func(rho float64) (n int) { return }), NotWritten)
	nb05Hint(t, "len(r.Trace)", NB05Ex5(libCount(keep, bt, 1)), "1 回多く")
	nb05Hint(t, "no MaxIter", NB05Ex5(libCount(func(s *optim.Settings) { s.MaxIter = 0 }, bt, 0)), "MaxIter")
	nb05Hint(t, "ρ ignored", NB05Ex5(libCount(keep, func(float64) optim.LineSearcher { return &optim.Backtracking{} }, 0)), "rho を")
	nb05Hint(t, "golden section", NB05Ex5(libCount(keep, func(float64) optim.LineSearcher { return &optim.GoldenSection{} }, 0)), "rho を")
	nb05Hint(t, "no GradTol", NB05Ex5(libCount(func(s *optim.Settings) { s.GradTol = 0 }, bt, 0)), "GradTol")
	nb05Hint(t, "from (1, 1)... start (0, 0)", NB05Ex5(func(rho float64) int {
		r, _ := optim.Minimize(objective.Valley{}, []float64{0, 0}, &optim.SteepestDescent{LineSearch: bt(rho)}, &optim.Settings{MaxIter: 50000, GradTol: 1e-6})
		return len(r.Trace) - 1
	}), "ρ = 0.1")
	nb05Hint(t, "panics", NB05Ex5(func(rho float64) int { panic("x") }), "panic")
}
