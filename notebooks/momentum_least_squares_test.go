package notebooks_test

import (
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// The independent computations of notebook 03, written without pkg/: the
// data (objective.LineData's documented recipe), the one-sample gradients,
// SGD, averaged momentum and RMSProp as plain loops, the sample draw of
// optim.Stochastic (rand.New(rand.NewPCG(seed, seed)), one IntN(n) per
// update — the generator is documented, IntN is the natural reading of
// "uniformly" and is what the library does), the convergence rule and the
// amplitude measures as the notebook defines them in its text. Products are
// rounded one at a time (float64(…)) as pkg/ does, so the iterates agree to
// the last bit on every architecture.

const (
	nb03N     = 20000 // updates per run
	nb03Eta   = 0.002
	nb03Beta  = 0.9
	nb03Tol   = 0.1
	nb03Win   = 300
	nb03Seeds = 200
)

// nb03Data draws the 100 samples: x uniform in [0, 10), y = 2x + 5 + ε,
// ε standard normal, from rand.New(rand.NewPCG(1, 1)).
func nb03Data() (x, y []float64) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y = make([]float64, 100), make([]float64, 100)
	for i := range x {
		x[i] = 10 * r.Float64()
		y[i] = 2*x[i] + 5 + 1*r.NormFloat64()
	}
	return x, y
}

// nb03Run is one stochastic run from a = b = 30: the sample drawn, the
// iterates, the one-sample gradients and the averaged gradients of each
// update. step turns a gradient into the next point; it returns the state
// it wants recorded.
type nb03Trace struct {
	sample         []int
	a, b           []float64 // nb03N+1 iterates
	ga, gb, ma, mb []float64 // per update
}

func nb03Stochastic(x, y []float64, seed uint64, step func(th, g []float64) (m []float64)) nb03Trace {
	rng := rand.New(rand.NewPCG(seed, seed))
	t := nb03Trace{a: []float64{30}, b: []float64{30}}
	th := []float64{30, 30}
	for n := 0; n < nb03N; n++ {
		i := rng.IntN(len(x))
		r := y[i] - float64(th[0]*x[i]) - th[1]
		g := []float64{-2 * x[i] * r, -2 * r}
		t.sample = append(t.sample, i)
		t.ga, t.gb = append(t.ga, g[0]), append(t.gb, g[1])
		m := step(th, g)
		if m != nil {
			t.ma, t.mb = append(t.ma, m[0]), append(t.mb, m[1])
		}
		t.a, t.b = append(t.a, th[0]), append(t.b, th[1])
	}
	return t
}

// nb03Momentum: m ← βm + (1−β)g, θ ← θ − η·m (β = 0 is SGD).
func nb03Momentum(x, y []float64, beta float64, seed uint64) nb03Trace {
	m := []float64{0, 0}
	return nb03Stochastic(x, y, seed, func(th, g []float64) []float64 {
		for j := range th {
			m[j] = float64(beta*m[j]) + float64((1-beta)*g[j])
			th[j] = th[j] - float64(nb03Eta*m[j])
		}
		return []float64{m[0], m[1]}
	})
}

// nb03RMSProp: s ← αs + (1−α)g², θ ← θ − lr·g/(√s + ε), torch's form.
func nb03RMSProp(x, y []float64, lr, alpha, eps float64, seed uint64) nb03Trace {
	s := []float64{0, 0}
	return nb03Stochastic(x, y, seed, func(th, g []float64) []float64 {
		for j := range th {
			s[j] = float64(alpha*s[j]) + float64((1-alpha)*float64(g[j]*g[j]))
			th[j] = th[j] - float64(lr*g[j])/(math.Sqrt(s[j])+eps)
		}
		return nil
	})
}

// nb03Converged is the notebook's rule: the first k from which window
// consecutive iterates have |a − a*| < tol and |b − b*| < tol; −1 if none.
func nb03Converged(a, b []float64, as, bs, tol float64, window int) int {
	run := 0
	for k := range a {
		if math.Abs(a[k]-as) < tol && math.Abs(b[k]-bs) < tol {
			run++
			if run == window {
				return k - window + 1
			}
		} else {
			run = 0
		}
	}
	return -1
}

// nb03SD is the population standard deviation of the second half v[len/2:].
func nb03SD(v []float64) float64 {
	w := v[len(v)/2:]
	return math.Sqrt(stat.PopVariance(w, nil))
}

func nb03Steps(v []float64) []float64 {
	d := make([]float64, len(v)-1)
	for k := range d {
		d[k] = v[k+1] - v[k]
	}
	return d
}

func nb03Count(k int) string {
	if k < 0 {
		return fmt.Sprintf("%d 回では収束せず", nb03N)
	}
	return fmt.Sprintf("%d 回目", k)
}

func nb03Median(c []int) (int, string) {
	v := make([]int, len(c))
	for i, k := range c {
		v[i] = k
		if k < 0 {
			v[i] = math.MaxInt
		}
	}
	slices.Sort(v)
	if m := v[len(v)/2]; m != math.MaxInt {
		return m, strconv.Itoa(m)
	}
	return math.MaxInt, "-"
}

// nb03WithoutTables returns the notebook without its table outputs, which
// carry HTML but no SVG, so that checkOutputs can check the figures; it
// also returns the tables.
func nb03WithoutTables(nb *nbrun.Notebook) (*nbrun.Notebook, []*nbrun.Output) {
	out := &nbrun.Notebook{}
	var tables []*nbrun.Output
	for _, c := range nb.Cells {
		cc := &nbrun.Cell{Type: c.Type, Source: c.Source}
		for _, o := range c.Outputs {
			if strings.HasPrefix(o.Data["text/plain"], "table:") {
				tables = append(tables, o)
				continue
			}
			cc.Outputs = append(cc.Outputs, o)
		}
		out.Cells = append(out.Cells, cc)
	}
	return out, tables
}

// nb03TableRows parses the rows of a kernelhelpers table, skipping the
// "… rows not shown …" row.
func nb03TableRows(h string) [][]string {
	var rows [][]string
	td := regexp.MustCompile(`<td[^>]*>(.*?)</td>`)
	for _, tr := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(h, -1) {
		if strings.Contains(tr[1], "colspan") {
			continue
		}
		var cells []string
		for _, m := range td.FindAllStringSubmatch(tr[1], -1) {
			cells = append(cells, html.UnescapeString(m[1]))
		}
		if len(cells) > 0 {
			rows = append(rows, cells)
		}
	}
	return rows
}

func TestNotebook03MomentumLeastSquares(t *testing.T) {
	const name = "03_momentum_least_squares.ipynb"
	nb := execute(t, name)
	checkCommitted(t, name, nb)
	checkStarters(t, nb, name)

	x, y := nb03Data()
	bStar, aStar := stat.LinearRegression(x, y, nil, false)

	// Step 1: the loss at the start and the first sample's gradient.
	{
		var l float64
		for i := range x {
			r := y[i] - x[i]*30 - 30
			l += r * r
		}
		r := y[0] - x[0]*30 - 30
		requireBlock(t, nb, "loss and gradient", []string{fmt.Sprintf(
			"a = b = 30 での損失 L = %.2f、1 組目 (x, y) = (%.4f, %.4f) の勾配 = (%.2f, %.2f)", l/100, x[0], y[0], -2*x[0]*r, -2*r)})
	}

	// Step 2: the plain loop's listing, the source's sheet (its first five
	// rows) and the end of the momentum run.
	sgd, mom := nb03Momentum(x, y, 0, 1), nb03Momentum(x, y, nb03Beta, 1)
	listing := []string{"    k   i     x_i      y_i      a_k      b_k   ∂Q_i/∂a   ∂Q_i/∂b  修正勾配a  修正勾配b"}
	for k := range 5 {
		i := mom.sample[k]
		listing = append(listing, fmt.Sprintf("%5d %3d %7.4f %8.4f %8.4f %8.4f %9.3f %9.3f %9.3f %9.3f",
			k, i, x[i], y[i], mom.a[k], mom.b[k], mom.ga[k], mom.gb[k], mom.ma[k], mom.mb[k]))
	}
	listing = append(listing, fmt.Sprintf("20000 回の更新の後: a = %.4f, b = %.4f", mom.a[nb03N], mom.b[nb03N]))
	requireBlock(t, nb, "the sheet's first rows", listing)
	if want := listing[1]; firstOutput[name] != want {
		t.Errorf("firstOutput is %q, the listing's first row %q", firstOutput[name], want)
	}
	// The first row's 修正勾配 is 10 % of the gradient, the second 90 % of
	// the first's plus 10 % of its gradient (the text).
	if math.Abs(mom.ma[0]-0.1*mom.ga[0]) > 1e-12 || math.Abs(mom.ma[1]-(0.9*mom.ma[0]+0.1*mom.ga[1])) > 1e-9 {
		t.Errorf("the text says the first 修正勾配 is 10%% of the gradient: %g, %g", mom.ma[0], mom.ga[0])
	}

	// Step 3: the library's run equals the plain loop; the closed form.
	requireBlock(t, nb, "library against the plain loop", []string{
		"Stochastic(AveragedMomentum(lr=0.002, beta=0.9), seed=1)（更新回数の上限）と手書きのループの 20000 回の記録: 一致（差は 1e-9 未満）",
		fmt.Sprintf("閉じた式の最小二乗解: a* = %.4f, b* = %.4f（真の直線は a = 2, b = 5）", aStar, bStar)})

	// Step 6: the amplitude both ways, the overshoot measured from the
	// valley floor a(b) = a* − (Σx/Σx²)(b − b*) (∂L/∂a = 0 at that b).
	var sx, sxx float64
	for _, v := range x {
		sx, sxx = sx+v, sxx+v*v
	}
	valley := func(b float64) float64 { return aStar - sx/sxx*(b-bStar) }
	type amp struct{ sdStep, sdA, jump, below float64 }
	var amps [2]amp
	var block []string
	for j, tr := range []nb03Trace{sgd, mom} {
		name := []string{"SGD", "モーメンタム法"}[j]
		var m amp
		low := 0
		for k := 0; k <= 50; k++ {
			m.below = max(m.below, valley(tr.b[k])-tr.a[k])
			if k < 50 {
				m.jump = max(m.jump, math.Abs(tr.a[k+1]-tr.a[k]))
			}
			if tr.a[k] < tr.a[low] {
				low = k
			}
		}
		m.sdStep, m.sdA = nb03SD(nb03Steps(tr.a)), nb03SD(tr.a)
		amps[j] = m
		block = append(block,
			fmt.Sprintf("%s: 後半（k ≥ 10000）の標準偏差: Δa %.5f, a %.4f／最初の 50 回: 最大の跳び %.3f, 谷底より下への行き過ぎ %.3f", name, m.sdStep, m.sdA, m.jump, m.below),
			fmt.Sprintf("%s: 最初の 50 回でいちばん下は %d 回目: a = %.3f（その b = %.2f での谷底 %.3f、a* より %.3f 下）", name, low, tr.a[low], tr.b[low], valley(tr.b[low]), aStar-tr.a[low]))
		// The text: in the first 50 updates b is still far above b*, so the
		// valley floor is below a*.
		if slices.Min(tr.b[:51]) < bStar+15 || valley(tr.b[low]) >= aStar {
			t.Errorf("%s: the text says b stays far above b* in the first 50 updates, the floor below a*: min b %.2f", name, slices.Min(tr.b[:51]))
		}
	}
	s, m := amps[0], amps[1]
	block = append(block, fmt.Sprintf("比（モーメンタム法 / SGD）: 後半の Δa の標準偏差 %.3f（√((1−β)/(1+β)) = %.3f）、後半の a の標準偏差 %.3f",
		m.sdStep/s.sdStep, math.Sqrt((1-nb03Beta)/(1+nb03Beta)), m.sdA/s.sdA))
	requireBlock(t, nb, "the amplitude both ways", block)
	// What the text says about these numbers: the jumps shrink to about
	// the theory's 0.229, the swing of a does not (0.9 to 1); measured from
	// the valley floor SGD barely overshoots (far less than its largest
	// jump) and momentum goes past the floor by more than 7, while SGD's
	// a still goes well below a* (by about 3) without overshooting.
	if r := m.sdStep / s.sdStep; math.Abs(r-math.Sqrt((1-nb03Beta)/(1+nb03Beta))) > 0.01 {
		t.Errorf("the text says the jump ratio is close to √((1−β)/(1+β)): %.3f", r)
	}
	if r := m.sdA / s.sdA; r < 0.9 || r >= 1 {
		t.Errorf("the text says a's swing is about the same: ratio %.3f", r)
	}
	if s.below > 0.05*s.jump || s.below > 0.2 || m.below < 7 || m.below < 40*s.below {
		t.Errorf("the text says SGD barely goes below the valley floor and momentum by over 7: %.3f (SGD's largest jump %.3f), %.3f", s.below, s.jump, m.below)
	}
	if d := aStar - slices.Min(sgd.a[:51]); d < 2.5 {
		t.Errorf("the text says SGD's a goes well below a* (by about 3): %.3f", d)
	}
	if m.jump > s.jump/3 {
		t.Errorf("the text says momentum's largest jump in the first 50 updates is much smaller: %.3f, %.3f", m.jump, s.jump)
	}

	// Figures: the scatter plot, SGD's first 1,000 updates, a and b over
	// all updates, a zoomed, the first 50 updates, the paths over the
	// level sets; no animations, no tables.
	figs := checkOutputs(t, nb)
	nFig, frames := kinds(figs)
	if nFig != 6 || len(frames) != 0 {
		t.Errorf("want 6 figures and no animation, got %d and animations %v", nFig, frames)
	}
	for _, f := range figs {
		if f.Kind == "table" {
			t.Errorf("the lesson shows a table (%s); the sheet is the companion's", f.Plain)
		}
	}
	var checks []string
	for _, c := range nb.CodeCells() {
		if strings.Contains(c.Source, "exercise.NB03Ex") {
			checks = append(checks, c.Source)
		}
	}
	if len(checks) != 5 {
		t.Errorf("want 5 exercise checks, found %d", len(checks))
	}
	if fi, err := os.Stat(filepath.Join(env.Root, "notebooks", name)); err != nil || fi.Size() > 600<<10 {
		t.Errorf("committed notebook must exist and be ≤ 600 KB: %v", err)
	}
}

func TestNotebook03aMomentumLeastSquaresCompanion(t *testing.T) {
	const name = "03a_momentum_least_squares_companion.ipynb"
	nb := execute(t, name)
	checkCommitted(t, name, nb)

	x, y := nb03Data()
	// The closed form against gonum's regression: y = α + βx.
	bStar, aStar := stat.LinearRegression(x, y, nil, false)

	// Full-batch gradient descent, η = 0.002, until max|θ − θ*| < 1e−6
	// after an update; the Hessian and the ratios step 6 predicts from it.
	var predicted [2]float64 // standard-deviation ratios, steep and slow direction
	var halfPeriod float64   // of momentum's oscillation in the steep direction
	{
		th := []float64{30, 30}
		k := 0
		for k < 50000 {
			var ga, gb float64
			for i := range x {
				r := y[i] - float64(th[0]*x[i]) - th[1]
				ga += -2 * x[i] * r
				gb += -2 * r
			}
			th[0] -= float64(0.002 * (ga / 100))
			th[1] -= float64(0.002 * (gb / 100))
			k++
			if max(math.Abs(th[0]-aStar), math.Abs(th[1]-bStar)) < 1e-6 {
				break
			}
		}
		if k < 10000 {
			t.Errorf("the text says full-batch descent takes over 10,000 updates; it took %d", k)
		}
		// The Hessian (2/n)[[Σx², Σx], [Σx, n]] and its eigenvalues.
		var sxx, sx float64
		for _, v := range x {
			sxx += v * v
			sx += v
		}
		h00, h01, h11 := 2*sxx/100, 2*sx/100, 2.0
		tr, det := h00+h11, h00*h11-h01*h01
		lmin, lmax := (tr-math.Sqrt(tr*tr-4*det))/2, (tr+math.Sqrt(tr*tr-4*det))/2
		requireBlock(t, nb, "full-batch descent", []string{
			fmt.Sprintf("全サンプルの最急降下法（η = 0.002）: %d 回の更新で a = %.4f, b = %.4f（目標に到達、解から 1e-06 以内）", k, th[0], th[1])})
		requireBlock(t, nb, "the Hessian", []string{
			fmt.Sprintf("L のヘッセ行列の固有値: λ_min = %.4f, λ_max = %.2f（η·λ_min = %.5f, η·λ_max = %.3f）", lmin, lmax, 0.002*lmin, 0.002*lmax)})
		if lmax/lmin < 100 || math.Abs(0.002*lmin-0.0009) > 0.00005 || math.Abs(0.002*lmax-0.145) > 0.001 {
			t.Errorf("the text says the curvatures differ by over 100×, ηλ_min ≈ 0.0009 and ηλ_max ≈ 0.145: %g, %g", lmin, lmax)
		}
		// The standard-deviation ratio of momentum to SGD on a 1-D quadratic.
		ratio := func(el float64) float64 { return math.Sqrt((2 - el) / (2 - (1-nb03Beta)/(1+nb03Beta)*el)) }
		predicted = [2]float64{ratio(nb03Eta * lmax), ratio(nb03Eta * lmin)}
		requireBlock(t, nb, "predicted amplitude ratios", []string{
			fmt.Sprintf("予測される標準偏差の比: 急な方向（ηλ_max = %.3f）%.3f, 緩やかな方向（ηλ_min = %.5f）%.3f",
				nb03Eta*lmax, predicted[0], nb03Eta*lmin, predicted[1]),
			fmt.Sprintf("勢いが緩やかな方向を速める割合 β/(1−β)·ηλ_min = %.1f%%", 100*nb03Beta/(1-nb03Beta)*nb03Eta*lmin)})
		// Why momentum overshoots: the steep direction's characteristic roots.
		c := (1 + nb03Beta - (1-nb03Beta)*nb03Eta*lmax) / 2
		theta := math.Acos(c / math.Sqrt(nb03Beta))
		requireBlock(t, nb, "characteristic roots", []string{
			fmt.Sprintf("SGD: 1 回ごとのずれの倍率 1 − ηλ_max = %.3f（正なので、平均の動きは谷底を越えない）", 1-nb03Eta*lmax),
			fmt.Sprintf("モーメンタム法: c² − β = %.4f < 0 なので根は複素数。絶対値 √β = %.3f、1 回に %.4f rad 回り、周期 %.1f 回、半周期 %.1f 回",
				c*c-nb03Beta, math.Sqrt(nb03Beta), theta, 2*math.Pi/theta, math.Pi/theta)})
		halfPeriod = math.Pi / theta
	}

	// The spreadsheet: the first and last 10 rows of the momentum run.
	sgd, mom := nb03Momentum(x, y, 0, 1), nb03Momentum(x, y, nb03Beta, 1)
	_, tables := nb03WithoutTables(nb)
	if len(tables) != 2 {
		t.Fatalf("want two tables (the sheet, the 200 seeds), got %d", len(tables))
	}
	if p := tables[0].Data["text/plain"]; p != "table: モーメンタム法（η = 0.002, β = 0.9, a = b = 30 から）のシート (20000 rows × 10 columns)" {
		t.Errorf("table caption: %q", p)
	}
	rows := nb03TableRows(tables[0].Data["text/html"])
	if len(rows) != 20 {
		t.Fatalf("the table shows %d rows, want the first 10 and the last 10", len(rows))
	}
	for r, row := range rows {
		n := r
		if r >= 10 {
			n = nb03N - 20 + r
		}
		i := mom.sample[n]
		want := []string{strconv.Itoa(n), strconv.Itoa(i)}
		for _, v := range []float64{x[i], y[i], mom.a[n], mom.b[n], mom.ga[n], mom.gb[n], mom.ma[n], mom.mb[n]} {
			want = append(want, fmt.Sprintf("%.4f", v))
		}
		if !slices.Equal(row, want) {
			t.Errorf("table row %d:\n got %q\nwant %q", n, row, want)
		}
	}

	// Step 4: final values, convergence counts and amplitudes.
	cS, cM := nb03Converged(sgd.a, sgd.b, aStar, bStar, nb03Tol, nb03Win), nb03Converged(mom.a, mom.b, aStar, bStar, nb03Tol, nb03Win)
	sdS, sdM := nb03SD(sgd.a), nb03SD(mom.a)
	sdSb, sdMb := nb03SD(sgd.b), nb03SD(mom.b)
	dS, dM := nb03SD(nb03Steps(sgd.a)), nb03SD(nb03Steps(mom.a))
	requireBlock(t, nb, "SGD against momentum", []string{
		fmt.Sprintf("閉じた式の解:   a* = %.4f, b* = %.4f", aStar, bStar),
		fmt.Sprintf("SGD:            20000 回後 a = %.4f, b = %.4f", sgd.a[nb03N], sgd.b[nb03N]),
		fmt.Sprintf("モーメンタム法: 20000 回後 a = %.4f, b = %.4f", mom.a[nb03N], mom.b[nb03N]),
		fmt.Sprintf("収束（|a−a*|, |b−b*| < 0.1 が 300 回続く）: SGD %s, モーメンタム法 %s", nb03Count(cS), nb03Count(cM)),
		fmt.Sprintf("a の振幅（k ≥ 10000 の標準偏差）: SGD %.4f, モーメンタム法 %.4f（比 %.3f）", sdS, sdM, sdM/sdS),
		fmt.Sprintf("b の振幅（同じ範囲の標準偏差）: SGD %.4f, モーメンタム法 %.4f（比 %.3f）", sdSb, sdMb, sdMb/sdSb),
		fmt.Sprintf("1 回の更新量 Δa の標準偏差: SGD %.5f, モーメンタム法 %.5f（比 %.3f, √((1−β)/(1+β)) = %.3f）",
			dS, dM, dM/dS, math.Sqrt((1-nb03Beta)/(1+nb03Beta))),
		fmt.Sprintf("修正勾配の分散の倍率 (1−β)/(1+β) = %.3f", (1-nb03Beta)/(1+nb03Beta)),
	})
	// The amplitude measured both ways: the first 50 updates and the second half.
	{
		dev := func(a []float64) float64 { return max(slices.Max(a)-aStar, aStar-slices.Min(a)) }
		jump := func(a []float64) float64 {
			m := 0.0
			for _, d := range nb03Steps(a) {
				m = max(m, math.Abs(d))
			}
			return m
		}
		m50, sh, mh := mom.a[:51], sgd.a[nb03N/2:], mom.a[nb03N/2:]
		kMin := slices.Index(m50, slices.Min(m50))
		requireBlock(t, nb, "the lowest point", []string{
			fmt.Sprintf("モーメンタム法の a が最初の 50 回でいちばん下に来たのは %d 回目（a = %.3f）", kMin, slices.Min(m50))})
		requireBlock(t, nb, "the second half", []string{
			fmt.Sprintf("後半（k ≥ 10000）: a* からの最大のずれ SGD %.4f, モーメンタム法 %.4f／1 回の最大の跳び SGD %.4f, モーメンタム法 %.4f",
				dev(sh), dev(mh), jump(sh), jump(mh))})
		// The prose: the largest deviations after the transient are about
		// the same, the largest jump about a fifth of SGD's; the lowest
		// point is near the half period (about 28).
		if r := jump(mh) / jump(sh); r < 1/5.5 || r > 1/4.5 {
			t.Errorf("the text says momentum's largest jump in the second half is about 1/5 of SGD's: ratio %.3f", r)
		}
		if r := dev(mh) / dev(sh); math.Abs(r-1) > 0.1 {
			t.Errorf("the text says the largest deviations after the transient are about the same: ratio %.3f", r)
		}
		if math.Abs(float64(kMin)-halfPeriod) > 2 || math.Abs(halfPeriod-28) > 0.5 {
			t.Errorf("the text says the lowest point (update %d) matches the half period (about 28): %.1f", kMin, halfPeriod)
		}
	}
	// What the text says about these numbers.
	if !(cM > 0 && cS > cM && float64(cS-cM) < 0.05*float64(cS)) {
		t.Errorf("the text says momentum converged slightly earlier: SGD %d, momentum %d", cS, cM)
	}
	if r := dM / dS; r < 0.2 || r > 0.25 {
		t.Errorf("the text says Δa's standard deviation is about 0.22 times SGD's: %.3f", r)
	}
	if r := sdM / sdS; r < 0.9 || r >= 1 {
		t.Errorf("the text says a's standard deviation is a few %% smaller: ratio %.3f", r)
	}
	if sdMb <= sdSb {
		t.Errorf("the text says b's standard deviation is slightly larger with momentum: %.4f, %.4f", sdMb, sdSb)
	}
	if sdS < 0.04 || sdS > 0.05 {
		t.Errorf("the text says a's standard deviation is about 0.046: %.4f", sdS)
	}
	// Exits from the band of the tol = 0.1 rule in the second half: about
	// as many values outside, SGD leaving it far more often.
	{
		exits := func(a, b []float64) (outside, n int) {
			in := true
			for k := nb03N / 2; k < len(a); k++ {
				ok := math.Abs(a[k]-aStar) < nb03Tol && math.Abs(b[k]-bStar) < nb03Tol
				if !ok {
					outside++
				}
				if in && !ok {
					n++
				}
				in = ok
			}
			return
		}
		so, sn := exits(sgd.a, sgd.b)
		mo, mn := exits(mom.a, mom.b)
		requireBlock(t, nb, "exits from the band", []string{fmt.Sprintf(
			"後半（k ≥ 10000）、範囲 tol = 0.1 の外にいた値: SGD %d 個, モーメンタム法 %d 個／外へ出た回数: SGD %d 回, モーメンタム法 %d 回", so, mo, sn, mn)})
		if math.Abs(float64(so-mo)) > 0.05*float64(so) || sn < 3*mn {
			t.Errorf("the text says about as many values outside the band but SGD leaves it far more often: outside %d, %d; exits %d, %d", so, mo, sn, mn)
		}
	}
	// Step 6: 200 sample-draw seeds, four convergence rules.
	type rule struct {
		tol    float64
		window int
	}
	rules := []rule{{0.2, 300}, {0.15, 300}, {0.1, 300}, {0.1, 1000}}
	counts := make([][2][]int, len(rules))
	var rA, rB, rD float64
	for s := range uint64(nb03Seeds) {
		ts, tm := nb03Momentum(x, y, 0, s), nb03Momentum(x, y, nb03Beta, s)
		rA += nb03SD(tm.a) / nb03SD(ts.a)
		rB += nb03SD(tm.b) / nb03SD(ts.b)
		rD += nb03SD(nb03Steps(tm.a)) / nb03SD(nb03Steps(ts.a))
		for j, ru := range rules {
			counts[j][0] = append(counts[j][0], nb03Converged(ts.a, ts.b, aStar, bStar, ru.tol, ru.window))
			counts[j][1] = append(counts[j][1], nb03Converged(tm.a, tm.b, aStar, bStar, ru.tol, ru.window))
		}
	}
	requireBlock(t, nb, "200 seeds", []string{
		"サンプルを選ぶ乱数の種 0 … 199（データは同じ）",
		fmt.Sprintf("振幅の比（モーメンタム法 / SGD、k ≥ 10000 の標準偏差）の 200 通りの平均: a %.3f, b %.3f, Δa %.3f", rA/nb03Seeds, rB/nb03Seeds, rD/nb03Seeds),
		fmt.Sprintf("Δa の標準偏差は SGD がモーメンタム法の %.1f 倍", nb03Seeds/rD),
	})
	if p := tables[1].Data["text/plain"]; p != "table: 200 通りの種での収束回数（判定ごと） (4 rows × 6 columns)" {
		t.Errorf("200-seed table caption: %q", p)
	}
	var seedRows [][]string
	type summary struct{ medS, medM, faster, ncS, ncM int }
	sums := make([]summary, len(rules))
	for j, ru := range rules {
		var sm summary
		for i := range nb03Seeds {
			s, m := counts[j][0][i], counts[j][1][i]
			if s < 0 {
				sm.ncS++
				s = math.MaxInt
			}
			if m < 0 {
				sm.ncM++
				m = math.MaxInt
			}
			if m < s {
				sm.faster++
			}
		}
		var tS, tM string
		sm.medS, tS = nb03Median(counts[j][0])
		sm.medM, tM = nb03Median(counts[j][1])
		sums[j] = sm
		seedRows = append(seedRows, []string{fmt.Sprintf("%.2f", ru.tol), strconv.Itoa(ru.window), tS, tM,
			fmt.Sprintf("%d/%d", sm.faster, nb03Seeds), fmt.Sprintf("%d, %d", sm.ncS, sm.ncM)})
	}
	if got := nb03TableRows(tables[1].Data["text/html"]); !slices.EqualFunc(got, seedRows, slices.Equal) {
		t.Errorf("200-seed table:\n got %q\nwant %q", got, seedRows)
	}
	// What the text says: loose rules differ by 1–2 % in the median, the
	// tight rule by much more, and with window 1000 SGD never converges.
	for _, j := range []int{0, 1} {
		gap := float64(sums[j].medS-sums[j].medM) / float64(sums[j].medS)
		if gap < 0.005 || gap > 0.025 || sums[j].ncS+sums[j].ncM != 0 || sums[j].faster <= nb03Seeds/2 {
			t.Errorf("rule %v: the text says a 1–2%% gap in the median with momentum faster in most seeds: %+v", rules[j], sums[j])
		}
	}
	if s := sums[2]; float64(s.medS-s.medM) < 0.1*float64(s.medS) || s.faster < 150 {
		t.Errorf("rule %v: the text says momentum wins by much more: %+v", rules[2], s)
	}
	if s := sums[3]; s.ncS != nb03Seeds {
		t.Errorf("rule %v: the text says SGD never converges within 20,000 updates: %+v", rules[3], s)
	}
	if r := rD / nb03Seeds; math.Abs(1/r-4.5) > 0.3 || math.Abs(r-0.22) > 0.01 {
		t.Errorf("the text says Δa varies about 4.5 times more with SGD (ratio 0.22): %.3f", r)
	}
	if d := math.Abs(rA/nb03Seeds - predicted[0]); d > 0.01 {
		t.Errorf("the text says the predicted ratio for a matches the mean over seeds: %.3f against %.3f", predicted[0], rA/nb03Seeds)
	}
	if d := math.Abs(rB/nb03Seeds - predicted[1]); d > 0.01 {
		t.Errorf("the text says the predicted ratio for b matches the mean over seeds: %.3f against %.3f", predicted[1], rB/nb03Seeds)
	}

	// Step 7: RMSProp, lr 0.01, α 0.99, ε 1e−8, seed 1.
	rms := nb03RMSProp(x, y, 0.01, 0.99, 1e-8, 1)
	cR := nb03Converged(rms.a, rms.b, aStar, bStar, nb03Tol, nb03Win)
	requireBlock(t, nb, "RMSProp", []string{
		fmt.Sprintf("RMSProp（η = 0.01, ρ = 0.99）: 20000 回後 a = %.4f, b = %.4f", rms.a[nb03N], rms.b[nb03N]),
		fmt.Sprintf("収束（|a−a*|, |b−b*| < 0.1 が 300 回続く）: RMSProp %s, モーメンタム法 %s", nb03Count(cR), nb03Count(cM)),
		fmt.Sprintf("a の振幅（k ≥ 10000 の標準偏差）: RMSProp %.4f, モーメンタム法 %.4f", nb03SD(rms.a), sdM),
		fmt.Sprintf("b の振幅（同じ範囲の標準偏差）: RMSProp %.4f, モーメンタム法 %.4f", nb03SD(rms.b), sdMb),
	})
	{
		mean := 0.0
		for _, d := range nb03Steps(rms.a[:101]) {
			mean += math.Abs(d) / 100
		}
		requireBlock(t, nb, "RMSProp's first step", []string{fmt.Sprintf(
			"RMSProp の 1 歩目 |a_1 − a_0| = %.4f（η/√(1−ρ) = %.4f）、最初の 100 回の |Δa| の平均 %.4f（η の %.1f 倍）",
			math.Abs(rms.a[1]-rms.a[0]), 0.01/math.Sqrt(1-0.99), mean, mean/0.01)})
		if math.Abs(math.Abs(rms.a[1]-rms.a[0])-0.1) > 1e-6 {
			t.Errorf("the text says RMSProp's first step is 10η = 0.1: %g", rms.a[1]-rms.a[0])
		}
	}
	if !(cR > cM) || !(nb03SD(rms.a) < sdM) || !(nb03SD(rms.b) > sdMb) || slices.Min(rms.b) > 1 {
		t.Errorf("the text says RMSProp converges a little later than momentum, with a smaller a and a larger b amplitude, and b dipping to near 0: count %d, sd a %.4f, sd b %.4f, min b %.2f",
			cR, nb03SD(rms.a), nb03SD(rms.b), slices.Min(rms.b))
	}

	// Figures: the 200 seeds, the 300-update overlay and RMSProp; no
	// animations.
	figs := checkOutputs(t, nb)
	nFig, frames := kinds(figs)
	if nFig != 3 || len(frames) != 0 {
		t.Errorf("want 3 figures and no animation, got %d and animations %v", nFig, frames)
	}
	for _, tb := range tables {
		if h := tb.Data["text/html"]; !strings.HasPrefix(h, `<table class="gradnb-table"`) || strings.Contains(h, "http") {
			t.Errorf("table output is not a self-contained kernelhelpers table: %.80q", h)
		}
	}
	if fi, err := os.Stat(filepath.Join(env.Root, "notebooks", name)); err != nil || fi.Size() > 600<<10 {
		t.Errorf("committed notebook must exist and be ≤ 600 KB: %v", err)
	}
}

// Where each section of notebook 03 as it was went (TestNothingLost), and
// its first output (TestLessonTargets): the first row of the source's
// sheet, as the lesson's plain loop prints it.
func init() {
	const lesson, comp = "03_momentum_least_squares.ipynb", "03a_momentum_least_squares_companion.ipynb"
	firstOutput[lesson] = "    0  99  4.7969  15.6472  30.0000  30.0000  1518.328   316.521   151.833    31.652"
	whereWent[lesson] = []Moved{
		{From: "# 03 モーメンタム法で最小二乗法を解く：SGD との比較", To: lesson, Heading: "# 03 モーメンタム法で最小二乗法を解く"},
		{From: "### 記号", To: comp, Heading: "### 記号"},
		{From: "## 準備：このリポジトリのパッケージを使う", To: comp, Heading: "## 準備：このリポジトリのパッケージを使う"},
		{From: "## ステップ 1：最小二乗法と 100 組のデータ", To: lesson, Heading: "最小二乗法と 100 組のデータ"},
		{From: "## ステップ 2：SGD の振動と、なぜモーメンタム法と言うのか", To: lesson, Heading: "SGD の振動と、なぜモーメンタム法と言うのか"},
		{From: "## ステップ 3：シートで見る最初の更新", To: lesson, Heading: "シートで見る最初の更新"},
		{From: "## ステップ 4：収束の判定、振幅の測り方、2 つの方法の比較", To: comp, Heading: "## 収束の判定、振幅の測り方、2 つの方法の比較"},
		{From: "## ステップ 5：ライブラリを使わずに書くと", To: lesson, Heading: "ライブラリを使わずに書く"},
		{From: "## ステップ 6：200 通りの乱数列で比べる", To: comp, Heading: "## 200 通りの乱数列で比べる"},
		{From: "### なぜ $a$ の揺れ（標準偏差）はほとんど減らないのか", To: comp, Heading: "### なぜ $a$ の揺れ（標準偏差）はほとんど減らないのか"},
		{From: "## ステップ 7：RMSProp", To: comp, Heading: "## RMSProp"},
		{From: "## まとめ", To: lesson, Heading: "## まとめ"},
		{From: "## 練習問題", To: lesson, Heading: "## 練習問題"},
	}
}

// Numbers the prose of notebook 03 and its companion may quote that no
// cell prints (TestProseNumbers).
func init() {
	proseAllowed["03_momentum_least_squares.ipynb"] = map[string]string{
		"8242":  "the source's count for momentum (its data are only pictures, so it cannot be rerun)",
		"10762": "the source's count for SGD (likewise)",
		"90":    "90 % = β = 0.9, the momentum coefficient set in the code, as a percentage",
	}
	proseAllowed["03a_momentum_least_squares_companion.ipynb"] = map[string]string{
		"8242":  "the source's count for momentum (its data are only pictures, so it cannot be rerun)",
		"10762": "the source's count for SGD (likewise)",
		"90":    "90 % = β = 0.9, the momentum coefficient set in the code, as a percentage",
		"10001": "k = 10000 … 20000, both set in the code: 10,001 values",
		"1e-8":  "ε = 10⁻⁸, RMSProp's default Eps (torch's), which the cell leaves at its default",
	}
}
