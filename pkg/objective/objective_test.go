package objective_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

func exactPow(x float64, n int) float64 {
	b := new(big.Float).SetPrec(1000).SetFloat64(x)
	r := new(big.Float).SetPrec(1000).SetFloat64(1)
	for range n {
		r.Mul(r, b)
	}
	f, _ := r.Float64() // rounds to nearest even
	return f
}

// Cube and Pow4 against the exact power rounded once (math/big).
func TestCubePow4CorrectlyRounded(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 2, 1.76, 1.1590459825555366, 1e-100, -3e70, 1e103, 1e200, math.SmallestNonzeroFloat64}
	for range 50000 {
		xs = append(xs, (r.Float64()*6-3)*math.Pow(10, float64(r.IntN(21)-10)))
	}
	naive := 0
	for _, x := range xs {
		if got, want := objective.Cube(x), exactPow(x, 3); got != want || math.Signbit(got) != math.Signbit(want) {
			t.Fatalf("Cube(%v) = %v, exact %v", x, got, want)
		}
		if got, want := objective.Pow4(x), exactPow(x, 4); got != want || math.Signbit(got) != math.Signbit(want) {
			t.Fatalf("Pow4(%v) = %v, exact %v", x, got, want)
		}
		if x*x*x != exactPow(x, 3) {
			naive++
		}
	}
	if naive == 0 {
		t.Error("x*x*x was always correctly rounded: the test points are too easy")
	}
	if !math.IsInf(objective.Cube(1e200), 1) || !math.IsInf(objective.Pow4(-1e100), 1) || !math.IsNaN(objective.Cube(math.NaN())) {
		t.Error("overflow or NaN not propagated")
	}
}

// Asymmetric points: derivative bugs that swap or mirror terms show here.
var pts1 = []float64{-1.7, -0.37, 0.2, 0.55, 1.3, 2.9}

func TestDerivatives1D(t *testing.T) {
	for _, f := range []objective.Func1D{objective.Quadratic{A: 5}, objective.Wavy{}, objective.Quartic{}} {
		for _, x := range pts1 {
			d := fd.Derivative(f.F, x, &fd.Settings{Formula: fd.Central})
			d2 := fd.Derivative(f.DF, x, &fd.Settings{Formula: fd.Central})
			dd := fd.Derivative(f.F, x, &fd.Settings{Formula: fd.Central2nd})
			if !near(f.DF(x), d, 1e-6*(1+math.Abs(d))) || !near(f.D2F(x), d2, 1e-6*(1+math.Abs(d2))) || !near(f.D2F(x), dd, 1e-3*(1+math.Abs(dd))) {
				t.Errorf("%T at %v: DF %v (fd %v), D2F %v (fd %v, %v)", f, x, f.DF(x), d, f.D2F(x), d2, dd)
			}
		}
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestQuarticCriticalPoints(t *testing.T) {
	q := objective.Quartic{}
	for _, m := range q.Minima() {
		if q.DF(m.X) != 0 || q.F(m.X) != m.F || q.D2F(m.X) <= 0 {
			t.Errorf("minimum %+v: f' = %v, f = %v, f'' = %v", m, q.DF(m.X), q.F(m.X), q.D2F(m.X))
		}
	}
	if q.DF(0) != 0 || q.D2F(0) >= 0 || q.Maxima()[0].X != 0 {
		t.Error("0 should be a local maximum")
	}
	for _, x := range []float64{objective.InflectionQuartic, -objective.InflectionQuartic} {
		if math.Abs(q.D2F(x)) > 1e-14 {
			t.Errorf("f''(%v) = %v, want 0", x, q.D2F(x))
		}
	}
	// Below the minima everywhere on a grid.
	for x := -3.0; x <= 3; x += 0.01 {
		if q.F(x) < -1 {
			t.Fatalf("f(%v) = %v < −1", x, q.F(x))
		}
	}
}

var pts2 = [][]float64{{0.3, -1.7}, {1.2, 0.4}, {-0.8, 2.5}, {0, 1}}

func checkND(t *testing.T, name string, p objective.Hessianer, x []float64) {
	t.Helper()
	n := len(x)
	g := make([]float64, n)
	p.Grad(g, x)
	want := fd.Gradient(nil, p.Func, x, &fd.Settings{Formula: fd.Central})
	for i := range g {
		if !near(g[i], want[i], 1e-6*(1+math.Abs(want[i]))) {
			t.Errorf("%s at %v: grad %v, fd %v", name, x, g, want)
		}
	}
	h := mat.NewSymDense(n, nil)
	p.Hess(h, x)
	hw := mat.NewSymDense(n, nil)
	fd.Hessian(hw, p.Func, x, nil)
	// fd.Hessian (second differences of Func) is coarse: 1e−2; the
	// finite-difference Jacobian of Grad is the tight check.
	jac := mat.NewDense(n, n, nil)
	fd.Jacobian(jac, func(y, x []float64) { p.Grad(y, x) }, x, &fd.JacobianSettings{Formula: fd.Central})
	for i := range n {
		for j := range n {
			if !near(h.At(i, j), hw.At(i, j), 1e-2*(1+math.Abs(hw.At(i, j)))) || !near(h.At(i, j), jac.At(i, j), 1e-5*(1+math.Abs(jac.At(i, j)))) {
				t.Errorf("%s at %v: Hess[%d,%d] = %v, fd %v, Jacobian of Grad %v", name, x, i, j, h.At(i, j), hw.At(i, j), jac.At(i, j))
			}
		}
	}
}

func TestDerivativesND(t *testing.T) {
	x, y := objective.LineData(20, -1.5, 4, 1, 3)
	ls, err := objective.NewLeastSquares(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range pts2 {
		checkND(t, "Valley", objective.Valley{}, x)
		checkND(t, "LeastSquares", ls, x)
		checkND(t, "AsND(Quartic)", objective.AsND(objective.Quartic{}), x[:1])
	}
	// Seed 003's hand gradient: (40x₁³ − 40x₁x₂ + 2x₁ − 2, −20(x₁² − x₂)).
	g := make([]float64, 2)
	objective.Valley{}.Grad(g, []float64{0.5, -2})
	if g[0] != 40*0.125+40+1-2 || g[1] != -20*(0.25+2) {
		t.Errorf("Valley grad at (0.5, −2) = %v", g)
	}
}

func TestValleyAlongLine(t *testing.T) {
	v := objective.Valley{}
	for _, x := range pts2 {
		d := []float64{0.7, -1.3}
		c := v.AlongLine(x, d)
		for _, a := range []float64{-0.4, 0, 0.25, 1.5} {
			p := 0.0
			for k := len(c) - 1; k >= 0; k-- {
				p = p*a + c[k]
			}
			want := v.Func([]float64{x[0] + a*d[0], x[1] + a*d[1]})
			if !near(p, want, 1e-12*(1+math.Abs(want))) {
				t.Errorf("at %v, α %v: polynomial %v, f %v", x, a, p, want)
			}
		}
	}
	if m := v.Minima()[0]; v.Func(m.X) != 0 {
		t.Errorf("f(1,1) = %v", v.Func(m.X))
	}
}

func TestLeastSquares(t *testing.T) {
	x, y := objective.LineData(100, 2, 1, 0.5, 7)
	x2, y2 := objective.LineData(100, 2, 1, 0.5, 7)
	if fmt.Sprint(x, y) != fmt.Sprint(x2, y2) {
		t.Fatal("LineData is not deterministic")
	}
	ls, err := objective.NewLeastSquares(x, y)
	if err != nil {
		t.Fatal(err)
	}
	a, b, err := ls.Solve()
	if err != nil {
		t.Fatal(err)
	}
	// gonum's regression (y = α + βx) as the independent closed form.
	alpha, beta := stat.LinearRegression(x, y, nil, false)
	if !near(a, beta, 1e-12) || !near(b, alpha, 1e-12) {
		t.Errorf("Solve = (%v, %v), gonum (%v, %v)", a, b, beta, alpha)
	}
	g := make([]float64, 2)
	ls.Grad(g, []float64{a, b})
	if math.Hypot(g[0], g[1]) > 1e-12 {
		t.Errorf("gradient at the solution = %v", g)
	}
	// The full gradient is the mean of the sample gradients.
	th := []float64{0.3, -2}
	ls.Grad(g, th)
	sum := []float64{0, 0}
	gi := make([]float64, 2)
	for i := range ls.Len() {
		ls.SampleGrad(gi, i, th)
		sum[0] += gi[0] / 100
		sum[1] += gi[1] / 100
		fi := fd.Gradient(nil, func(p []float64) float64 { return ls.SampleFunc(i, p) }, th, nil)
		if !near(gi[0], fi[0], 1e-5*(1+math.Abs(fi[0]))) || !near(gi[1], fi[1], 1e-5*(1+math.Abs(fi[1]))) {
			t.Fatalf("sample %d gradient %v, fd %v", i, gi, fi)
		}
	}
	if !near(sum[0], g[0], 1e-9) || !near(sum[1], g[1], 1e-9) {
		t.Errorf("mean sample gradient %v, full gradient %v", sum, g)
	}
}

func TestLeastSquaresErrors(t *testing.T) {
	for _, c := range []struct {
		x, y []float64
		want string
	}{
		{nil, nil, "empty data set"},
		{[]float64{1, 2}, []float64{1}, "len(x) = 2 but len(y) = 1"},
		{[]float64{1, math.NaN()}, []float64{1, 2}, "x[1] = NaN"},
		{[]float64{1, 2}, []float64{math.Inf(1), 2}, "y[0] = +Inf"},
	} {
		_, err := objective.NewLeastSquares(c.x, c.y)
		if err == nil || !strings.HasPrefix(err.Error(), "objective:") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewLeastSquares(%v, %v): err = %v, want %q", c.x, c.y, err, c.want)
		}
	}
	ls, _ := objective.NewLeastSquares([]float64{3, 3}, []float64{1, 2})
	if _, _, err := ls.Solve(); err == nil || !strings.Contains(err.Error(), "x = 3") {
		t.Errorf("Solve with equal x: err = %v", err)
	}
}

func ExampleQuartic() {
	f := objective.Quartic{}
	for _, x := range []float64{2, 1, 0} {
		fmt.Printf("x=%v f=%v f'=%v f''=%v\n", x, f.F(x), f.DF(x), f.D2F(x))
	}
	// Output:
	// x=2 f=8 f'=24 f''=44
	// x=1 f=-1 f'=0 f''=8
	// x=0 f=0 f'=0 f''=-4
}

func ExampleLeastSquares_Solve() {
	ls, _ := objective.NewLeastSquares([]float64{0, 1, 2, 3}, []float64{1, 3, 5, 7})
	a, b, _ := ls.Solve()
	fmt.Println(a, b)
	// Output: 2 1
}
