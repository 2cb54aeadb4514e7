package notebooks_test

import (
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/gradnb/gradnb/notebooks/nbrun"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// seed05Rows is the table seed 003 prints, as its page shows it (the page
// collapsed runs of spaces).
var seed05Rows = []string{
	"Iter: 1, x: [ 0.0998848 0.001152 ]",
	"Iter: 2, x: [ 0.36070906 0.02723477]",
	"Iter: 3, x: [ 0.35167097 0.11761506]",
	"Iter: 4, x: [ 0.44424751 0.12687296]",
	"Iter: 5, x: [ 0.43824528 0.18689394]",
	"Iter: 10, x: [ 0.57217842 0.28642287]",
	"Iter: 20, x: [ 0.6772309 0.43291189]",
	"Iter: 30, x: [ 0.7394933 0.52795907]",
	"Iter: 40, x: [ 0.78289396 0.59811139]",
	"Iter: 50, x: [ 0.81554999 0.65307488]",
	"Iter: 100, x: [ 0.90619007 0.81570209]",
	"Iter: 200, x: [ 0.96896765 0.93720982]",
	"Iter: 300, x: [ 0.98869242 0.97691039]",
	"Iter: 400, x: [ 0.99575609 0.99130582]",
	"Iter: 500, x: [ 0.9983905 0.99669874]",
}

var seed05Display = []int{1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500}

// The valley f = (x₁−1)² + 10(x₁²−x₂)² and its gradient, written here
// independently of pkg/objective.
func valley05F(x1, x2 float64) float64 {
	u := x1*x1 - x2
	return (x1-1)*(x1-1) + 10*u*u
}

func valley05G(x1, x2 float64) (float64, float64) {
	return 40*x1*x1*x1 - 40*x1*x2 + 2*x1 - 2, -20 * (x1*x1 - x2)
}

func inf05(a, b float64) float64 { return math.Max(math.Abs(a), math.Abs(b)) }

// rowX parses the x of a line "Iter: k, x: [ a  b]".
func rowX(t *testing.T, line string) []float64 {
	t.Helper()
	i, j := strings.Index(line, "["), strings.Index(line, "]")
	if i < 0 || j < i {
		t.Fatalf("not a table row: %q", line)
	}
	var x []float64
	for _, f := range strings.Fields(line[i+1 : j]) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			t.Fatalf("row %q: %v", line, err)
		}
		x = append(x, v)
	}
	return x
}

// markdown returns the text of every markdown cell of nb.
func markdown(nb *nbrun.Notebook) string {
	var b strings.Builder
	for _, c := range nb.Cells {
		if c.Type == "markdown" {
			b.WriteString(c.Source + "\n")
		}
	}
	return b.String()
}

// cellWith returns the stdout of the first code cell whose stdout contains s.
func cellWith(t *testing.T, nb *nbrun.Notebook, s string) string {
	t.Helper()
	for _, c := range nb.CodeCells() {
		if out := c.Stdout(); strings.Contains(out, s) {
			return out
		}
	}
	t.Fatalf("no cell prints %q", s)
	return ""
}

// grab returns the submatches of re in s, failing when it does not match.
func grab(t *testing.T, s, re string) []string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no match for %q in:\n%s", re, s)
	}
	return m
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// bruteSteps runs the seed's search sequentially, as plain Go: n iterations
// of the 10⁷-point grid γᵢ = −0.5 + i·δ along x + γ∇f.
func bruteSteps(n int) [][2]float64 {
	x1, x2 := 0.0, 1.0
	start := -0.5
	delta := (start + 0.0000001) - start
	var out [][2]float64
	for range n {
		g1, g2 := valley05G(x1, x2)
		best, fb := 0, math.Inf(1)
		for i := range 10_000_000 {
			gm := start + float64(i)*delta
			if f := valley05F(x1+gm*g1, x2+gm*g2); f < fb {
				best, fb = i, f
			}
		}
		gm := start + float64(best)*delta
		x1, x2 = x1+gm*g1, x2+gm*g2
		out = append(out, [2]float64{x1, x2})
	}
	return out
}

// cube2Valley05 is the valley with x1³ rounded twice in the gradient (the
// notebook's variant, written again here).
type cube2Valley05 struct{ objective.Valley }

func (cube2Valley05) Grad(g, x []float64) {
	x1, x2 := x[0], x[1]
	cube := float64(float64(x1*x1) * x1)
	g[0] = float64(float64(40*cube)-float64(float64(40*x1)*x2)+float64(2*x1)) - 2
	g[1] = float64(-20 * (float64(x1*x1) - x2))
}

// seedSame counts the rows of r printed as the seed prints them.
func seedSame(r *optim.Result) int {
	same := 0
	for i, it := range r.Trace.Select(seed05Display...) {
		if strings.Join(strings.Fields(optim.FormatNumpyIter113(it)), " ") == seed05Rows[i] {
			same++
		}
	}
	return same
}

// gdPlain runs constant-step gradient descent from (0, 1) with a plain loop
// and the run loop's rules: stop before an update when ‖∇f‖∞ ≤ tol (tol > 0),
// diverged when |f| > 10⁴·max(|f(x0)|, 1). It returns the iterates.
func gdPlain(lr float64, maxIter int, tol float64) (xs [][2]float64, fs []float64, status string) {
	x1, x2 := 0.0, 1.0
	f0 := valley05F(x1, x2)
	xs, fs = [][2]float64{{x1, x2}}, []float64{f0}
	for k := 0; ; k++ {
		g1, g2 := valley05G(x1, x2)
		if tol > 0 && inf05(g1, g2) <= tol {
			return xs, fs, "converged"
		}
		if k == maxIter {
			return xs, fs, "not converged"
		}
		x1, x2 = x1-lr*g1, x2-lr*g2
		f := valley05F(x1, x2)
		xs, fs = append(xs, [2]float64{x1, x2}), append(fs, f)
		if !(math.Abs(f) <= 1e4*math.Max(f0, 1)) {
			return xs, fs, "diverged"
		}
	}
}

// newtonPlain counts Newton steps (2×2 solve in closed form) to ‖∇f‖∞ ≤ tol.
func newtonPlain(tol float64) (int, [2]float64) {
	x1, x2 := 0.0, 1.0
	for k := 0; k < 100; k++ {
		g1, g2 := valley05G(x1, x2)
		if inf05(g1, g2) <= tol {
			return k, [2]float64{x1, x2}
		}
		a, b, c := 120*x1*x1-40*x2+2, -40*x1, 20.0
		det := a*c - b*b
		x1, x2 = x1-(c*g1-b*g2)/det, x2-(-b*g1+a*g2)/det
	}
	return -1, [2]float64{x1, x2}
}

// backtrackPlain is Armijo backtracking (c = 1e-4, halving from α = 1)
// with a plain loop: iterations to ‖∇f‖∞ ≤ tol, evaluations of f (one per
// iterate plus one per trial), the trials of the first step.
func backtrackPlain(tol float64) (iters, evals int, x [2]float64, first [][2]float64) {
	x1, x2 := 0.0, 1.0
	evals = 1
	for k := 0; k < 100000; k++ {
		g1, g2 := valley05G(x1, x2)
		if inf05(g1, g2) <= tol {
			return k, evals, [2]float64{x1, x2}, first
		}
		f, s := valley05F(x1, x2), -(g1*g1 + g2*g2)
		for a := 1.0; ; a /= 2 {
			y1, y2 := x1-a*g1, x2-a*g2
			fy := valley05F(y1, y2)
			evals++
			if k == 0 {
				first = append(first, [2]float64{a, fy})
			}
			if fy <= f+1e-4*a*s {
				x1, x2 = y1, y2
				break
			}
		}
		evals++ // f at the accepted point, evaluated again by the run loop
	}
	return -1, evals, [2]float64{x1, x2}, first
}

type gonumValley struct{}

func (gonumValley) Func(x []float64) float64 { return valley05F(x[0], x[1]) }
func (gonumValley) Grad(g, x []float64) {
	g[0], g[1] = valley05G(x[0], x[1])
}
func (gonumValley) Hess(h *mat.SymDense, x []float64) {
	h.SetSym(0, 0, 120*x[0]*x[0]-40*x[1]+2)
	h.SetSym(0, 1, -40*x[0])
	h.SetSym(1, 1, 20)
}

var tableRow = regexp.MustCompile(`<tr>(.*?)</tr>`)
var tableCell = regexp.MustCompile(`<t[dh][^>]*>(.*?)</t[dh]>`)

// htmlTable returns the header and body rows of the table output whose
// text/plain starts with "table: "+caption.
func htmlTable(t *testing.T, nb *nbrun.Notebook, caption string) [][]string {
	t.Helper()
	for _, c := range nb.CodeCells() {
		for _, o := range c.Rich() {
			if strings.HasPrefix(o.Data["text/plain"], "table: "+caption) {
				var rows [][]string
				for _, r := range tableRow.FindAllStringSubmatch(o.Data["text/html"], -1) {
					var cells []string
					for _, m := range tableCell.FindAllStringSubmatch(r[1], -1) {
						cells = append(cells, html.UnescapeString(m[1]))
					}
					rows = append(rows, cells)
				}
				return rows
			}
		}
	}
	t.Fatalf("no table %q", caption)
	return nil
}

func TestNotebook05LineSearch(t *testing.T) {
	const name = "05_line_search.ipynb"
	nb := execute(t, name)
	checkCommitted(t, name, nb)

	// The gradient at the start and its finite-difference check.
	requireBlock(t, nb, "start", []string{"x0 = [0 1],  f(x0) = 11,  ∇f(x0) = [-2 20]"})
	out := cellWith(t, nb, "差分")
	for _, m := range regexp.MustCompile(`式 +(\S+) +差分 +(\S+)`).FindAllStringSubmatch(out, -1) {
		if m[1] != m[2] {
			t.Errorf("gradient %s and finite difference %s differ", m[1], m[2])
		}
	}
	if n := strings.Count(out, "差分"); n != 6 {
		t.Errorf("%d gradient checks, want 6", n)
	}

	// The brute-force run of 500 updates ended; its summary is the saved
	// progress bar.
	var progress, tables, explorables []string
	for _, c := range nb.CodeCells() {
		for _, o := range c.Rich() {
			p := o.Data["text/plain"]
			switch {
			case strings.HasPrefix(p, "table: "):
				tables = append(tables, p)
			case strings.HasPrefix(p, "explorable: "):
				explorables = append(explorables, p)
			case strings.Contains(o.Data["text/html"], "gradnb-progress"):
				progress = append(progress, p)
			}
		}
	}
	wantBar := "全点走査：1 回の更新に 10,000,000 点: 500 回の更新、f の計算 10000000 × 500 回"
	if len(progress) != 1 || progress[0] != wantBar {
		t.Errorf("progress bars %q, want one %q", progress, wantBar)
	}

	// The seed's table, printed from the brute-force scan: 15 rows within
	// 5e-7 of the seed, ≥ 13 identical.
	out = cellWith(t, nb, "Iter: 500, x: [")
	if !strings.Contains(out, "全点走査とビット単位で一致") {
		t.Fatalf("the first table is not the brute-force scan's:\n%s", out)
	}
	var rows []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Iter: ") {
			rows = append(rows, l)
		}
	}
	if len(rows) != 15 {
		t.Fatalf("%d table rows, want 15:\n%s", len(rows), out)
	}
	same, worst := 0, 0.0
	for i, l := range rows {
		if !strings.HasPrefix(l, fmt.Sprintf("Iter: %d, x: [ ", seed05Display[i])) {
			t.Errorf("row %d is not in the seed's format: %q", i, l)
		}
		if strings.Join(strings.Fields(l), " ") == seed05Rows[i] {
			same++
		}
		got, want := rowX(t, l), rowX(t, seed05Rows[i])
		for j := range 2 {
			d := math.Abs(got[j] - want[j])
			worst = math.Max(worst, d)
			if d > 5e-7 {
				t.Errorf("%s: x[%d] off the seed's %v by %.2g > 5e-7", l, j, want[j], d)
			}
		}
	}
	if same < 13 {
		t.Errorf("%d of 15 rows identical to the seed, want ≥ 13", same)
	}
	requireBlock(t, nb, "comparison with the seed", []string{"",
		fmt.Sprintf("元資料と表示が同じ行: %d / 15、差の最大: %.1e", same, worst)})
	if fmt.Sprintf("%.1e", worst) != "2.3e-07" {
		t.Errorf("the narrative says the largest difference is 2.3e-7; it is %.2g", worst)
	}
	// The fast search: its evaluations (recomputed here) and all 501 points
	// equal to the brute-force scan's (the first rows are checked against a
	// plain scan below, and the fast search is checked against the brute
	// force in pkg/optim's tests).
	v := objective.Valley{}
	fast, err := optim.Minimize(v, v.Start(), &optim.SteepestDescent{LineSearch: optim.SeedGridSearch(true)}, &optim.Settings{MaxIter: 500})
	if err != nil {
		t.Fatal(err)
	}
	// Every step it chose is on the grid's negative side (γ = −α < 0), so
	// the positive half of the seed's grid changes nothing, as the
	// narrative says.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, it := range fast.Trace[:500] {
		lo, hi = math.Min(lo, it.Step), math.Max(hi, it.Step)
	}
	if !(lo > 0) {
		t.Errorf("the seed's search chose γ ≥ 0 (α = %v)", lo)
	}
	requireBlock(t, nb, "fast search", []string{
		fmt.Sprintf("高速版（f の計算 %d 回）: 501 個の点 x_0 … x_500 のうち 501 個が全点走査とビット単位で一致", fast.Stats.FuncEvals),
		fmt.Sprintf("選ばれた γ = −α は 500 回とも負: α は %.4f 〜 %.4f", lo, hi)})
	for i, l := range rows {
		if want := optim.FormatNumpyIter113(fast.Trace[seed05Display[i]]); l != want {
			t.Errorf("brute-force row %q, fast search %q", l, want)
		}
	}
	md := markdown(nb)
	for _, s := range []string{fmt.Sprintf("86,%03d 回", fast.Stats.FuncEvals-86000), "$2.3\\times 10^{-7}$", "400 回目と 500 回目",
		fmt.Sprintf("$\\alpha = -\\gamma$ は %.4f〜%.4f", lo, hi)} {
		if !strings.Contains(md, s) {
			t.Errorf("the narrative does not say %q", s)
		}
	}
	// The first two rows against a sequential plain-Go scan of the grid.
	for k, x := range bruteSteps(2) {
		got := rowX(t, rows[k])
		for j := range 2 {
			if math.Abs(got[j]-x[j]) > 5e-9 {
				t.Errorf("row %d: x[%d] = %v, the plain scan gives %.10f", k+1, j, got[j], x[j])
			}
		}
	}
	// The from-scratch cell prints the same first three rows and agrees.
	fs := cellWith(t, nb, "ライブラリの x_3 との差 < 1e-12:")
	for k := range 3 {
		if !strings.Contains(fs, rows[k]+"   (γ_i = ") {
			t.Errorf("from-scratch cell does not print %q", rows[k])
		}
	}
	g1, g2 := valley05G(0, 1)
	moved := fmt.Sprintf("%.3f", 0.0499424*math.Hypot(g1, g2))
	if !strings.Contains(fs, "(γ_i = -0.0499424、i = 4500576 / 10000000、進んだ距離 "+moved+")") || !strings.Contains(fs, "< 1e-12: true") {
		t.Errorf("from-scratch cell:\n%s", fs)
	}
	if moved != "1.004" || !strings.Contains(md, "実際に進んだ距離は 1.004 です") {
		t.Errorf("narrative: the first step moves 1.004; it moves %s", moved)
	}

	// Where the last digits come from: the library with the test's own
	// twice-rounded cube first picks another grid point at update 365, and
	// matches 14 rows against Valley's 13.
	ra, err := optim.Minimize(v, v.Start(), &optim.SteepestDescent{LineSearch: optim.SeedGridSearch(true)}, &optim.Settings{MaxIter: 500})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := optim.Minimize(cube2Valley05{}, v.Start(), &optim.SteepestDescent{LineSearch: optim.SeedGridSearch(true)}, &optim.Settings{MaxIter: 500})
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for k < 500 && ra.Trace[k].Step == rb.Trace[k].Step {
		k++
	}
	if k != 364 || seedSame(ra) != same || seedSame(rb) != 14 {
		t.Errorf("first differing update %d (narrative: 365), rows identical %d and %d (narrative: 13, 14)", k+1, seedSame(ra), seedSame(rb))
	}
	ld := cellWith(t, nb, "初めて違う格子点を選ぶ")
	grab(t, ld, fmt.Sprintf(`%d 回目の更新（x_%d からの探索）で初めて違う格子点を選ぶ: ずれは格子点 1 個分`, k+1, k))
	grab(t, cellWith(t, nb, "x1·x1·x1（2 回丸める）"), `元資料と表示が同じ行: Valley 13 / 15、x1·x1·x1 14 / 15`)
	near := math.Inf(1)
	for _, m := range regexp.MustCompile(`γ\* ([+-]\d)·δ: +([+-]\d+) ulp`).FindAllStringSubmatch(ld, -1) {
		u := atof(t, m[2])
		if m[1] == "+0" && u != 0 || m[1] != "+0" && u <= 0 {
			t.Errorf("the chosen grid point is not the smallest: %q", m[0])
		}
		if m[1] == "-1" || m[1] == "+1" {
			near = math.Min(near, u)
		}
	}
	noise := atof(t, grab(t, ld, `1 ulp 動かすだけで φ は (\d+) ulp 変わる`)[1])
	if !strings.Contains(md, fmt.Sprintf("差がわずか %.0f ulp", near)) || !strings.Contains(md, fmt.Sprintf("$\\varphi$ は %.0f ulp 変わります", noise)) {
		t.Errorf("the appendix does not quote the printed %v and %v ulp", near, noise)
	}
	if !(near >= 10 && near < 100 && noise >= 100 && noise < 1000 && near < noise) {
		t.Errorf("narrative: the neighbour is tens of ulps above (%v), moving x1 by one ulp changes φ by hundreds (%v)", near, noise)
	}

	// Successive steps are orthogonal (cos ≈ 0).
	cs := cellWith(t, nb, "連続する 2 つの移動のなす角の cos")
	ms := regexp.MustCompile(`(?m)^ ?(\d) +(\S+) +(\S+)$`).FindAllStringSubmatch(cs, -1)
	if len(ms) != 6 {
		t.Fatalf("cosine table:\n%s", cs)
	}
	for _, m := range ms {
		if math.Abs(atof(t, m[2])) > 5e-6 || math.Abs(atof(t, m[3])) > 1e-7 {
			t.Errorf("step %s: cosines %s, %s not ≈ 0", m[1], m[2], m[3])
		}
	}

	// Constant steps, 300 iterations, against a plain loop (whose last bits
	// may differ: x1³ is rounded twice here, so the small differences of
	// the 2-cycle get a tolerance).
	cst := cellWith(t, nb, "|x_n − x_{n−1}|")
	for _, lr := range []float64{0.002, 0.005, 0.01, 0.015, 0.019, 0.02, 0.03, 0.05} {
		xs, fs, status := gdPlain(lr, 300, 0)
		n := len(xs) - 1
		st := map[string]string{"not converged": "上限", "diverged": "発散"}[status]
		d := func(a, b [2]float64) float64 { return inf05(a[0]-b[0], a[1]-b[1]) }
		m := grab(t, cst, fmt.Sprintf(`(?m)^%s +%s +%d +(\S+) +(\S+) +(\S+) +(\d+)$`, regexp.QuoteMeta(fmt.Sprint(lr)), st, n))
		// Reversals: moves whose dot product with the previous move is
		// negative, counted on the plain loop's iterates. Up to lr = 0.02
		// there are none; lr = 0.03 settles into a 2-cycle whose start
		// depends on last bits (the plain loop rounds x1³ twice), so its
		// count gets a tolerance and the narrative quotes the printed one.
		rev := 0
		for k := 1; k+1 < len(xs); k++ {
			if (xs[k][0]-xs[k-1][0])*(xs[k+1][0]-xs[k][0])+(xs[k][1]-xs[k-1][1])*(xs[k+1][1]-xs[k][1]) < 0 {
				rev++
			}
		}
		got := int(atof(t, m[4]))
		if d := got - rev; d > 3 || d < -3 || lr <= 0.02 && d != 0 {
			t.Errorf("lr = %v: %d reversals printed, the plain loop has %d", lr, got, rev)
		}
		if lr <= 0.02 && got != 0 || lr == 0.03 && got != 171 {
			t.Errorf("narrative: no reversal up to lr = 0.02, 171 at 0.03; lr = %v has %d", lr, got)
		}
		for j, want := range []float64{fs[n], d(xs[n], xs[n-1]), d(xs[n], xs[n-2])} {
			if got := atof(t, m[j+1]); math.Abs(got-want) > 0.1*math.Abs(want)+1e-12 {
				t.Errorf("lr = %v: column %d is %v, the plain loop gives %.3g", lr, j+1, got, want)
			}
		}
		line := m[0]
		if lr == 0.05 {
			if status != "diverged" || n != 39 {
				t.Errorf("lr = 0.05: %s at %d, the narrative says diverged at 39", status, n)
			}
			requireBlock(t, nb, "divergence reported", []string{line,
				fmt.Sprintf("       39 回目の f = %.4g が最初の値 f(x0) = 11 の 10000 倍を超えたので止めました", fs[n])})
		}
		if lr == 0.03 && !(d(xs[n], xs[n-1]) > 0.1 && d(xs[n], xs[n-2]) < 1e-3) {
			t.Errorf("lr = 0.03 is not a 2-cycle after 300 iterations")
		}
	}
	if !strings.Contains(md, "折り返しは 0 回") || !strings.Contains(md, "300 回の更新で 171 回折り返して") {
		t.Errorf("the narrative does not quote the reversals (0 for lr 0.01 to 0.019, 171 for 0.03)")
	}
	if len(explorables) != 1 || explorables[0] != "explorable: 8 values of lr, 300 updates from (0, 1)" {
		t.Errorf("explorables: %q", explorables)
	}

	// Backtracking's first step, against a plain loop.
	btIters, btEvals, btX, first := backtrackPlain(1e-6)
	block := []string{"試行  α        φ(α)       アルミホ条件"}
	for i, tr := range first {
		block = append(block, fmt.Sprintf("%d     %-8v %10.4f  %v", i+1, tr[0], tr[1], i == len(first)-1))
	}
	block = append(block, "採用: α = 0.0625 → x_1 = [0.125 -0.25]")
	requireBlock(t, nb, "backtracking trials", block)
	if len(first) != 5 || first[4][0] != 0.0625 {
		t.Errorf("the narrative says the fifth trial α = 0.0625 is accepted: %v", first)
	}

	// The comparison table: every cell against the library run here, the
	// iteration counts against plain loops, converged points against the
	// closed-form minimum (1, 1), which gonum's Newton method also finds.
	type entry struct {
		name string // the row's name, as the library's r.Method spells it
		m    optim.Method
	}
	entries := []entry{
		{"GradientDescent(lr=0.001)", &optim.GradientDescent{LR: 0.001}},
		{"GradientDescent(lr=0.01)", &optim.GradientDescent{LR: 0.01}},
		{"GradientDescent(lr=0.019)", &optim.GradientDescent{LR: 0.019}},
		{"GradientDescent(lr=0.02)", &optim.GradientDescent{LR: 0.02}},
		{"GradientDescent(lr=0.05)", &optim.GradientDescent{LR: 0.05}},
		{"SteepestDescent(Backtracking(c1=0.0001, rho=0.5, alpha0=1))", &optim.SteepestDescent{LineSearch: &optim.Backtracking{}}},
		{"SteepestDescent(GoldenSection(tol=1e-10))", &optim.SteepestDescent{LineSearch: &optim.GoldenSection{}}},
		{"Newton(lr=1)", &optim.Newton{}},
	}
	tab := htmlTable(t, nb, "(0, 1) から ‖∇f‖∞ ≤ 1e-6 までの更新回数と計算回数")
	if len(tab) != len(entries)+1 {
		t.Fatalf("comparison table has %d rows, want %d", len(tab), len(entries)+1)
	}
	iters := map[string]int{}
	for i, e := range entries {
		r, err := optim.Minimize(v, v.Start(), e.m, &optim.Settings{MaxIter: 50000, GradTol: 1e-6})
		if err != nil {
			t.Fatal(err)
		}
		x := r.X()
		status := map[optim.Status]string{optim.GradientTolerance: "収束", optim.IterationLimit: "上限",
			optim.Diverged: "発散"}[r.Status]
		if r.Method != e.name {
			t.Errorf("r.Method = %q, want %q", r.Method, e.name)
		}
		want := []string{e.name, status, fmt.Sprint(len(r.Trace) - 1), fmt.Sprint(r.Stats.FuncEvals),
			fmt.Sprint(r.Stats.GradEvals), fmt.Sprint(r.Stats.HessEvals), fmt.Sprintf("%.1e", math.Hypot(x[0]-1, x[1]-1))}
		if fmt.Sprint(tab[i+1]) != fmt.Sprint(want) {
			t.Errorf("table row %d = %q, the library gives %q", i+1, tab[i+1], want)
		}
		iters[e.name] = len(r.Trace) - 1
		if status == "収束" && math.Hypot(x[0]-1, x[1]-1) > 1e-5 {
			t.Errorf("%s converged to %v, not (1, 1)", e.name, x)
		}
		if lr, ok := e.m.(*optim.GradientDescent); ok {
			xs, _, st := gdPlain(lr.LR, 50000, 1e-6)
			if map[string]string{"converged": "収束", "not converged": "上限", "diverged": "発散"}[st] != status || len(xs)-1 != len(r.Trace)-1 {
				t.Errorf("%s: plain loop %s after %d, table %s after %d", e.name, st, len(xs)-1, status, len(r.Trace)-1)
			}
		}
		if e.name == "SteepestDescent(GoldenSection(tol=1e-10))" {
			if per := float64(r.Stats.FuncEvals) / float64(len(r.Trace)-1); per < 45 || per > 55 {
				t.Errorf("narrative: about 50 evaluations of f per search, got %.1f", per)
			}
		}
		if e.name == "SteepestDescent(Backtracking(c1=0.0001, rho=0.5, alpha0=1))" {
			if per := float64(r.Stats.FuncEvals) / float64(len(r.Trace)-1); per < 7 || per > 8 {
				t.Errorf("narrative: 7–8 evaluations of f per search, got %.1f", per)
			}
		}
	}
	// α = 0.02: f falls to its smallest value, then the oscillation grows.
	// The growth amplifies last-bit differences, so the plain loop (x1³
	// rounded twice) agrees with the library only roughly; the printed
	// line is the library's.
	argmin := func(fs []float64) int {
		k := 0
		for j, f := range fs {
			if f < fs[k] {
				k = j
			}
		}
		return k
	}
	r02, err := optim.Minimize(v, v.Start(), &optim.GradientDescent{LR: 0.02}, &optim.Settings{MaxIter: 50000, GradTol: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	fs02 := r02.Trace.Fs()
	kmin := argmin(fs02)
	_, fsPlain, _ := gdPlain(0.02, 50000, 1e-6)
	if kp := argmin(fsPlain); len(fsPlain) != len(fs02) || kp < kmin-50 || kp > kmin+50 || fsPlain[kp] > 2*fs02[kmin] || fsPlain[kp] < fs02[kmin]/2 {
		t.Errorf("α = 0.02: plain loop's smallest f %.2g at %d, library's %.2g at %d", fsPlain[kp], kp, fs02[kmin], kmin)
	}
	requireBlock(t, nb, "lr 0.02", []string{fmt.Sprintf("α = 0.02: f の最小 %.1e（%d 回目）、%d 回目の f = %.1e", fs02[kmin], kmin, len(fs02)-1, fs02[len(fs02)-1])})
	if fmt.Sprintf("%.1e %d %.1e", fs02[kmin], kmin, fs02[len(fs02)-1]) != "4.5e-10 1220 1.3e-02" ||
		!strings.Contains(md, "1220 回目に $4.5\\times10^{-10}$") || !strings.Contains(md, "$f = 1.3\\times10^{-2}$") {
		t.Errorf("narrative: α = 0.02 reaches f = 4.5e-10 at 1220 and 1.3e-2 at 50,000; the plain loop gives %.2g at %d and %.2g", fs02[kmin], kmin, fs02[len(fs02)-1])
	}
	if n, x := newtonPlain(1e-6); n != iters["Newton(lr=1)"] || math.Hypot(x[0]-1, x[1]-1) > 1e-5 {
		t.Errorf("plain Newton: %d steps to %v, table %d", n, x, iters["Newton(lr=1)"])
	}
	if btIters != iters["SteepestDescent(Backtracking(c1=0.0001, rho=0.5, alpha0=1))"] || fmt.Sprint(btEvals) != tab[6][3] || math.Hypot(btX[0]-1, btX[1]-1) > 1e-5 {
		t.Errorf("plain backtracking: %d iterations, %d evaluations, x = %v; table %q", btIters, btEvals, btX, tab[6])
	}
	for name, want := range map[string]int{"GradientDescent(lr=0.001)": 31309, "GradientDescent(lr=0.01)": 3130, "GradientDescent(lr=0.019)": 1647,
		"GradientDescent(lr=0.05)": 39, "SteepestDescent(Backtracking(c1=0.0001, rho=0.5, alpha0=1))": 1392, "SteepestDescent(GoldenSection(tol=1e-10))": 1272, "Newton(lr=1)": 5} {
		if iters[name] != want {
			t.Errorf("narrative: %s takes %d iterations; the run says %d", name, want, iters[name])
		}
	}
	res, err := optimize.Minimize(optimize.Problem{Func: gonumValley{}.Func, Grad: gonumValley{}.Grad, Hess: gonumValley{}.Hess},
		[]float64{0, 1}, &optimize.Settings{GradientThreshold: 1e-10}, &optimize.Newton{})
	if err != nil || math.Hypot(res.X[0]-1, res.X[1]-1) > 1e-8 {
		t.Errorf("gonum's Newton method: %v, %v", res, err)
	}

	// The condition number, in closed form.
	a, b, c := 82.0, -40.0, 20.0
	r := math.Sqrt((a-c)*(a-c)/4 + b*b)
	lmin, lmax := (a+c)/2-r, (a+c)/2+r
	kappa := lmax / lmin
	// An eigenvector for λ is (1, (a − λ)/(−b)), normalised; printed as ±|·|.
	vec := func(l float64) (float64, float64) {
		s := (a - l) / -b
		return 1 / math.Hypot(1, s), math.Abs(s) / math.Hypot(1, s)
	}
	u1, u2 := vec(lmin)
	w1, w2 := vec(lmax)
	requireBlock(t, nb, "condition number", []string{
		"∇²f(1, 1) = [[82, -40], [-40, 20]]",
		fmt.Sprintf("固有値 λmin = %.4f（固有ベクトル ±[%.3f, %.3f]）, λmax = %.4f（±[%.3f, %.3f]）", lmin, u1, u2, lmax, w1, w2),
		fmt.Sprintf("条件数 κ = λmax/λmin = %.1f", kappa),
		fmt.Sprintf("一定のステップ幅が最小点の近くで安定な範囲: α < 2/λmax = %.5f（α = 0.02 なら |1 − α·λmax| = %.3f）", 2/lmax, math.Abs(1-0.02*lmax)),
		fmt.Sprintf("そのとき谷底の向き（λmin の向き）の収束率: 1 − α·λmin > 1 − 2λmin/λmax = %.4f（1 回あたり）", 1-2*lmin/lmax),
		fmt.Sprintf("厳密な直線探索でも、2 次関数なら f − f* の収束率は最悪 ((κ−1)/(κ+1))² = %.4f（1 回あたり）、100 回で %.2f 倍", math.Pow((kappa-1)/(kappa+1), 2), math.Pow((kappa-1)/(kappa+1), 200)),
	})
	// The measured rate of the golden-section run: about constant, a little
	// faster than the worst case for a quadratic.
	gs, err := optim.Minimize(v, v.Start(), &optim.SteepestDescent{LineSearch: &optim.GoldenSection{}}, &optim.Settings{MaxIter: 50000, GradTol: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	gf := gs.Trace.Fs()
	r1, r2 := math.Pow(gf[600]/gf[100], 1.0/500), math.Pow(gf[1100]/gf[600], 1.0/500)
	requireBlock(t, nb, "measured rate", []string{fmt.Sprintf("実際の黄金分割では f が 1 回あたり: 100〜600 回目 %.4f 倍、600〜1100 回目 %.4f 倍", r1, r2)})
	if worst := math.Pow((kappa-1)/(kappa+1), 2); !(r1 < worst && r2 < worst && math.Abs(r1-r2) < 1e-3) ||
		fmt.Sprintf("%.2f %.2f", r1, r2) != "0.98 0.98" || !strings.Contains(md, "約 0.98 倍") {
		t.Errorf("narrative: the golden-section run's f shrinks by about 0.98 per update in both windows, below the worst case; got %v, %v", r1, r2)
	}
	if math.Round(kappa) != 258 || math.Round(math.Sqrt(kappa)) != 16 || fmt.Sprintf("%.4f", 2/lmax) != "0.0197" ||
		fmt.Sprintf("%.3f", math.Pow((kappa-1)/(kappa+1), 2)) != "0.985" || !(2/lmax > 0.019 && 2/lmax < 0.02) {
		t.Errorf("narrative: κ ≈ 258, √κ ≈ 16, 2/λmax ≈ 0.0197 between 0.019 and 0.02, rate ≈ 0.985; got %v, %v, %v", kappa, 2/lmax, math.Pow((kappa-1)/(kappa+1), 2))
	}

	if fmt.Sprintf("%.2f", math.Pow((kappa-1)/(kappa+1), 200)) != "0.21" || fmt.Sprintf("%.4f", 1-2*lmin/lmax) != "0.9923" ||
		!strings.Contains(md, "100 回で $f$ が 0.21 倍") || !strings.Contains(md, "1 - 0.9923") ||
		fmt.Sprintf("%.3f", math.Abs(1-0.02*lmax)) != "1.032" || !strings.Contains(md, "= 1.032$ 倍に育つ") {
		t.Errorf("narrative: 0.21 after 100 exact searches, slowest factor 0.9923")
	}
	// The source's closing remark on 表4.1 is carried.
	if !strings.Contains(md, "表 4.1") || !strings.Contains(md, "厳密な再現ではない") {
		t.Errorf("the source's remark on 表4.1 of 数理計画入門 is missing")
	}
	// No wall-clock time in the committed outputs or the narrative.
	if strings.Contains(md, "秒") || strings.Contains(md, "ミリ秒") {
		t.Errorf("the narrative quotes a time")
	}

	// The five exercises: starter cells run and their checks say "not
	// written yet" (the teacher edition's ✓ is TestEditions').
	checkStarters(t, nb, name)

	// Outputs: three figures (the contour pair, the backtracking trials,
	// f − f*), one explorable, one table, one progress bar.
	if len(tables) != 1 {
		t.Errorf("tables: %q", tables)
	}
	figs := checkOutputs(t, nb)
	nFig, frames := kinds(figs)
	if nFig != 3 || len(frames) != 0 {
		t.Errorf("want 3 figures and no animation, got %d and %v", nFig, frames)
	}
	var images int
	for _, f := range figs {
		if f.SVG != nil {
			images++
		}
	}
	if images != 4 {
		t.Errorf("want 4 outputs with an SVG (3 figures, 1 explorable), got %d", images)
	}
	if fi, err := os.Stat(filepath.Join(env.Root, "notebooks", name)); err != nil || fi.Size() > 600<<10 {
		t.Errorf("committed notebook must exist and be ≤ 600 KB: %v", err)
	}
}
