package exercise

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/gradnb/gradnb/pkg/linesearch"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// The right answers below come from pkg/optim (what a learner calls), gonum
// (eigenvalues, a 1-D minimiser), and so are independent of the checks'
// plain loops and closed forms.

// nb05Lib runs steepest descent on the valley from (0, 1) with line
// search ls.
func nb05Lib(t *testing.T, ls optim.LineSearcher, s *optim.Settings) *optim.Result {
	t.Helper()
	v := objective.Valley{}
	r, err := optim.Minimize(v, v.Start(), &optim.SteepestDescent{LineSearch: ls}, s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wantHint fails unless r is wrong with a hint containing part.
func nb05Hint(t *testing.T, what string, r Result, part string) {
	t.Helper()
	if r.OK || !strings.Contains(r.Hint, part) {
		t.Errorf("%s: got %v, want a hint with %q", what, r, part)
	}
}

func nb05OK(t *testing.T, what string, r Result) {
	t.Helper()
	if !r.OK {
		t.Errorf("%s: right answer rejected: %v", what, r)
	}
}

func coarseGrid(step float64, along bool) *optim.GridSearch {
	return &optim.GridSearch{Grid: linesearch.Grid{Start: -0.5, Stop: 0.5, Step: step}, AlongGradient: along}
}

func TestNB05Ex1(t *testing.T) {
	r := nb05Lib(t, coarseGrid(1e-3, true), &optim.Settings{MaxIter: 501})
	x := r.Trace[500].X
	nb05OK(t, "library run", NB05Ex1(x[0], x[1]))
	nb05Hint(t, "zero", NB05Ex1(0, 0), "まだ書かれていません")
	x499 := r.Trace[499].X
	nb05Hint(t, "x_499", NB05Ex1(x499[0], x499[1]), "x_499")
	x501 := r.Trace[501].X
	nb05Hint(t, "x_501", NB05Ex1(x501[0], x501[1]), "x_501")
	fine := nb05Lib(t, optim.SeedGridSearch(true), &optim.Settings{MaxIter: 500}).X()
	nb05Hint(t, "fine grid", NB05Ex1(fine[0], fine[1]), "Step を 1e-3")
	d := nb05Lib(t, coarseGrid(1e-3, false), &optim.Settings{MaxIter: 500}).X()
	nb05Hint(t, "along −∇f", NB05Ex1(d[0], d[1]), "AlongGradient: true")
	g4 := nb05Lib(t, coarseGrid(1e-4, true), &optim.Settings{MaxIter: 500}).X()
	nb05Hint(t, "grid 1e-4", NB05Ex1(g4[0], g4[1]), "Step 1e-4")
	nb05Hint(t, "NaN", NB05Ex1(math.NaN(), 1), "NaN")
	// The ✓ sentence says the coarse grid ends slightly nearer (1, 1).
	if math.Hypot(x[0]-1, x[1]-1) >= math.Hypot(fine[0]-1, fine[1]-1) {
		t.Errorf("coarse x_500 %v is not nearer (1, 1) than the fine %v", x, fine)
	}
}

func TestNB05Ex2(t *testing.T) {
	n := func(rho float64) int {
		r := nb05Lib(t, &optim.Backtracking{ContractionFactor: rho}, &optim.Settings{MaxIter: 50000, GradTol: 1e-6})
		if r.Status != optim.GradientTolerance {
			t.Fatalf("ρ = %v: %v", rho, r.Status)
		}
		return len(r.Trace) - 1
	}
	n08, n02, n05 := n(0.8), n(0.2), n(0.5)
	nb05OK(t, "library runs", NB05Ex2(n08, n02))
	nb05Hint(t, "zero", NB05Ex2(0, 0), "まだ書かれていません")
	nb05Hint(t, "swapped", NB05Ex2(n02, n08), "入れ替わって")
	nb05Hint(t, "default factor", NB05Ex2(n05, n02), "既定の ContractionFactor 0.5")
	nb05Hint(t, "len(Trace)", NB05Ex2(n08, n02+1), "len(r.Trace)")
	// GradTol left out: the runs go to the limit, 50,000 (or 100, optim's
	// default, when MaxIter is left out too).
	noTol := func(rho float64, s *optim.Settings) int {
		return len(nb05Lib(t, &optim.Backtracking{ContractionFactor: rho}, s).Trace) - 1
	}
	nb05Hint(t, "no GradTol, 0.8", NB05Ex2(noTol(0.8, &optim.Settings{MaxIter: 50000}), n02), "GradTol: 1e-6")
	nb05Hint(t, "no GradTol, 0.2", NB05Ex2(n08, noTol(0.2, &optim.Settings{MaxIter: 50000})), "GradTol: 1e-6")
	nb05Hint(t, "no MaxIter", NB05Ex2(n08, noTol(0.2, &optim.Settings{GradTol: 1e-6})), "MaxIter を書かなかった")
	// The ✓ sentence: fewer updates and fewer trials per search for 0.2.
	_, tr02, _ := nb05Backtrack(0.2)
	_, tr05, _ := nb05Backtrack(0.5)
	if !(n02 < n05 && n05 < n08 && float64(tr02)/float64(n02) < float64(tr05)/float64(n05)) {
		t.Errorf("updates %d, %d, %d; trials per search %v, %v", n02, n05, n08, float64(tr02)/float64(n02), float64(tr05)/float64(n05))
	}
}

func TestNB05Ex3(t *testing.T) {
	eig := func(b float64) (float64, float64) {
		h := mat.NewSymDense(2, []float64{2 + 8*b, -4 * b, -4 * b, 2 * b})
		var e mat.EigenSym
		if !e.Factorize(h, false) {
			t.Fatal("eigen decomposition failed")
		}
		v := e.Values(nil)
		return v[0], v[1]
	}
	lmin, lmax := eig(100)
	nb05OK(t, "gonum eigenvalues", NB05Ex3(lmax/lmin, 2/lmax))
	nb05Hint(t, "zero", NB05Ex3(0, 0), "まだ書かれていません")
	l10, m10 := eig(10)
	nb05Hint(t, "b = 10", NB05Ex3(m10/l10, 2/lmax), "b = 10")
	nb05Hint(t, "inverted", NB05Ex3(lmin/lmax, 2/lmax), "上下逆")
	nb05Hint(t, "√κ", NB05Ex3(math.Sqrt(lmax/lmin), 2/lmax), "√κ")
	nb05Hint(t, "1/λmax", NB05Ex3(lmax/lmin, 1/lmax), "1/λmax")
	nb05Hint(t, "2/λmin", NB05Ex3(lmax/lmin, 2/lmin), "λmin を使って")
	nb05Hint(t, "missing 2", NB05Ex3(math.Inf(1), 2/lmax), "入れ忘れて")
	// Without the 2 of (x₁ − 1)², gonum's λmin is 0 up to rounding (of
	// either sign): the learner's κ is huge, infinite or negative.
	var e mat.EigenSym
	e.Factorize(mat.NewSymDense(2, []float64{800, -400, -400, 200}), false)
	v := e.Values(nil)
	nb05Hint(t, "missing 2 via gonum", NB05Ex3(v[1]/v[0], 2/v[1]), "入れ忘れて")
}

func TestNB05Ex4(t *testing.T) {
	r := nb05Lib(t, &optim.Backtracking{}, &optim.Settings{MaxIter: 10})
	cos := make([]float64, 8)
	for k := 1; k <= 8; k++ {
		var dot, n1, n2 float64
		for i := range 2 {
			u, v := r.Trace[k].X[i]-r.Trace[k-1].X[i], r.Trace[k+1].X[i]-r.Trace[k].X[i]
			dot, n1, n2 = dot+u*v, n1+u*u, n2+v*v
		}
		cos[k-1] = dot / math.Sqrt(n1*n2)
	}
	nb05OK(t, "library run", NB05Ex4(cos[:6]))
	nb05Hint(t, "nil", NB05Ex4(nil), "まだ書かれていません")
	nb05Hint(t, "shifted", NB05Ex4(cos[1:7]), "1 つ先にずれて")
	nb05Hint(t, "five", NB05Ex4(cos[:5]), "6 個")
	deg := make([]float64, 6)
	for i := range deg {
		deg[i] = math.Acos(cos[i]) * 180 / math.Pi
	}
	nb05Hint(t, "degrees", NB05Ex4(deg), "度")
	exact := nb05Lib(t, optim.SeedGridSearch(true), &optim.Settings{MaxIter: 10})
	var ex []float64
	for k := 1; k <= 6; k++ {
		u0, u1 := exact.Trace[k].X[0]-exact.Trace[k-1].X[0], exact.Trace[k].X[1]-exact.Trace[k-1].X[1]
		v0, v1 := exact.Trace[k+1].X[0]-exact.Trace[k].X[0], exact.Trace[k+1].X[1]-exact.Trace[k].X[1]
		ex = append(ex, (u0*v0+u1*v1)/math.Hypot(u0, u1)/math.Hypot(v0, v1))
	}
	nb05Hint(t, "exact search", NB05Ex4(ex), "厳密な直線探索")
	bad := append([]float64(nil), cos[:6]...)
	bad[3] += 0.1
	nb05Hint(t, "one wrong", NB05Ex4(bad), "cos[3]")
}

func TestNB05Ex5(t *testing.T) {
	// gonum's BFGS on φ with a central-difference derivative.
	phi := func(a float64) float64 {
		return objective.Valley{}.Func([]float64{2 * a, 1 - 20*a})
	}
	res, err := optimize.Minimize(optimize.Problem{
		Func: func(x []float64) float64 { return phi(x[0]) },
		Grad: func(g, x []float64) {
			h := 1e-6
			g[0] = (phi(x[0]+h) - phi(x[0]-h)) / (2 * h)
		},
	}, []float64{0.05}, &optimize.Settings{GradientThreshold: 1e-9}, &optimize.BFGS{})
	if err != nil {
		t.Fatal(err)
	}
	a := res.X[0]
	nb05OK(t, "gonum minimiser", NB05Ex5(a))
	// The seed's grid point is within the tolerance too.
	nb05OK(t, "seed grid", NB05Ex5(0.0499424))
	nb05Hint(t, "zero", NB05Ex5(0), "まだ書かれていません")
	nb05Hint(t, "γ", NB05Ex5(-a), "γ = −α")
	nb05Hint(t, "backtracking", NB05Ex5(0.0625), "バックトラッキング")
	nb05Hint(t, "distance", NB05Ex5(a*math.Hypot(2, 20)), "進んだ距離")
	// Not precise enough: a scan with step 1e-4, bisection stopped early.
	best := 0.0
	for i := range 1001 {
		if x := float64(i) * 1e-4; phi(x) < phi(best) {
			best = x
		}
	}
	nb05Hint(t, "coarse scan", NB05Ex5(best), "精度に足りません")
	lo, hi := 0.0, 0.1
	for range 12 {
		if m := (lo + hi) / 2; 4*(2*m-1)+20*(4*m*m+20*m-1)*(8*m+20) < 0 {
			lo = m
		} else {
			hi = m
		}
	}
	nb05Hint(t, "short bisection", NB05Ex5((lo+hi)/2), "精度に足りません")
	// Newton's method on φ' from a start left of the root's basin ends at
	// φ's other critical points, both at α < 0.
	for _, start := range []float64{-6, -2} {
		x := start
		for range 100 {
			u := 4*x*x + 20*x - 1
			x -= (4*(2*x-1) + 20*u*(8*x+20)) / (8 + 20*(8*x+20)*(8*x+20) + 160*u)
		}
		if x > 0 {
			t.Fatalf("Newton from %v reached %v", start, x)
		}
		nb05Hint(t, "other critical point", NB05Ex5(x), "0 と 0.1 の間")
	}
}
