package notebooks_test

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// Seed 002's printed listings: gradient descent with lr = 0.01 from x = 2
// (20 lines) and Newton's method from x = 2 (6 lines, stopped by
// |x − 1| < 1e−10), copied from the source document.
var (
	seed002GD = []string{
		"iter:0 2.0",
		"iter:1 1.76",
		"iter:2 1.61232896",
		"iter:3 1.5091654023014192",
		"iter:4 1.4320422081467723",
		"iter:5 1.3718537670818505",
		"iter:6 1.3234557123052246",
		"iter:7 1.2836707795677516",
		"iter:8 1.2504077544406735",
		"iter:9 1.22222258571841",
		"iter:10 1.1980798739184826",
		"iter:11 1.177214336033959",
		"iter:12 1.1590459825555366",
		"iter:13 1.143125902304502",
		"iter:14 1.129100349749648",
		"iter:15 1.1166862256266712",
		"iter:16 1.1056538960762419",
		"iter:17 1.0958148793962101",
		"iter:18 1.0870128450049137",
		"iter:19 1.079116917392435",
	}
	seed002Newton = []string{
		"iter:0 2.0",
		"iter:1 1.4545454545454546",
		"iter:2 1.1510467893775467",
		"iter:3 1.0253259289766978",
		"iter:4 1.0009084519430513",
		"iter:5 1.0000012353089454",
	}
)

// The quartic of seed 002, written independently of pkg/objective. Python
// evaluates x**3 with the C library's pow, which returns the correctly
// rounded cube; q4Cube gets it from an exact big.Float product rounded once.
// (math.Pow(x, 3) and x*x*x both differ in the last bit often enough to
// change the printed listings.)
func q4Cube(x float64) float64 {
	b := new(big.Float).SetPrec(256).SetFloat64(x)
	c := new(big.Float).SetPrec(256).Mul(b, b)
	c.Mul(c, b)
	v, _ := c.Float64()
	return v
}

func q4F(x float64) float64 {
	return math.Pow(x, 4) - float64(2*float64(x*x))
}
func q4DF(x float64) float64  { return float64(4*q4Cube(x)) - float64(4*x) }
func q4D2F(x float64) float64 { return float64(12*float64(x*x)) - 4 }

// q4PyStr is Python's str(float) for the values these listings print: the
// shortest round-tripping digits, ".0" on integral values, exponent form
// below 1e−4.
func q4PyStr(x float64) string {
	if a := math.Abs(x); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(x, 'e', -1, 64)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// q4Round3 is str(np.round(x, 3)).
func q4Round3(x float64) string { return q4PyStr(math.RoundToEven(x*1000) / 1000) }

// q4Run is the seed's loop: print, update, stop after an update when
// |x − 1| < 1e−10, at most 20 updates. newton selects the Newton step,
// otherwise x −= lr·f'. It returns the printed lines, the last x and the
// number of updates.
func q4Run(x, lr float64, newton bool) (lines []string, last float64, n int) {
	for i := 0; i < 20; i++ {
		lines = append(lines, fmt.Sprintf("iter:%d %s", i, q4PyStr(x)))
		if newton {
			x = x - q4DF(x)/q4D2F(x)
		} else {
			x = x - float64(lr*q4DF(x))
		}
		n++
		if math.Abs(x-1) < 1e-10 {
			break
		}
	}
	return lines, x, n
}

// q4Converge runs until |f'(x)| ≤ 1e−10 (checked before each update), at
// most maxIter updates, and returns the updates made, where it ended
// ("-1", "0", "1", or "-" if it did not converge) and whether the
// gradient step of the safeguard was taken. method: "gd" (lr 0.01),
// "newton", "safe" (Newton, gradient step with lr 0.01 where f” ≤ 0).
func q4Converge(x float64, method string, maxIter int) (int, string) {
	for n := 0; n <= maxIter; n++ {
		g := q4DF(x)
		if math.Abs(g) <= 1e-10 {
			return n, fmt.Sprintf("%.0f", math.Round(x)+0)
		}
		if n == maxIter {
			break
		}
		h := q4D2F(x)
		switch {
		case method == "gd" || (method == "safe" && h <= 0):
			x = x - float64(0.01*g)
		default:
			x = x - g/h
		}
	}
	return maxIter, "-"
}

// q4Iterates is q4Run's loop returning every iterate x_0 … x_n.
func q4Iterates(x, lr float64, newton bool) []float64 {
	xs := []float64{x}
	for i := 0; i < 20; i++ {
		if newton {
			x = x - q4DF(x)/q4D2F(x)
		} else {
			x = x - float64(lr*q4DF(x))
		}
		xs = append(xs, x)
		if math.Abs(x-1) < 1e-10 {
			break
		}
	}
	return xs
}

// q4Status is the Japanese status of a seed run that ended at last.
func q4Status(last float64) string {
	if math.Abs(last-1) < 1e-10 {
		return "目標に到達"
	}
	return "更新回数の上限"
}

func nb04Stdout(nb *nbrun.Notebook) string {
	var b strings.Builder
	for _, c := range nb.CodeCells() {
		b.WriteString(c.Stdout())
	}
	return b.String()
}

const (
	nb04Lesson    = "04_newton_vs_gradient_descent.ipynb"
	nb04Companion = "04a_newton_vs_gradient_descent_companion.ipynb"
)

// The lesson: the source's functions and loops in plain Go first, then
// optim's exact listings, the variants and the update-size figures.
func TestNotebook04NewtonVsGradientDescent(t *testing.T) {
	name := nb04Lesson
	nb := execute(t, name)
	checkCommitted(t, name, nb)
	out := nb04Stdout(nb)
	has := func(what, s string) {
		t.Helper()
		if !strings.Contains(out, s) {
			t.Errorf("%s: no cell prints %q", what, s)
		}
	}
	md := nb04Markdown(nb)

	// The test's own loop reproduces the source's listings exactly.
	if got, _, _ := q4Run(2, 0.01, false); strings.Join(got, "\n") != strings.Join(seed002GD, "\n") {
		t.Fatalf("the test's own loop does not reproduce seed 002's gradient-descent listing:\n%s", strings.Join(got, "\n"))
	}
	if got, _, n := q4Run(2, 0, true); strings.Join(got, "\n") != strings.Join(seed002Newton, "\n") || n != 6 {
		t.Fatalf("the test's own loop does not reproduce seed 002's Newton listing (%d updates):\n%s", n, strings.Join(got, "\n"))
	}

	// Before any library call: the source's f, gx, gx2 as plain funcs and
	// the update loop in plain Go. No code cell before the plain
	// gradient-descent loop (the first output of the source's experiment)
	// calls into the library.
	first := -1
	for i, c := range nb.Cells {
		if c.Type == "code" && strings.Contains(c.Text(), "iter:1 1.76") {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatal("no cell prints the source's first listing")
	}
	for i, c := range nb.Cells[:first+1] {
		if c.Type == "code" && !strings.HasPrefix(c.Source, "!*go mod edit") {
			for _, lib := range []string{"optim.", "figure.", "kh.", "objective.", "exercise."} {
				if strings.Contains(c.Source, lib) {
					t.Errorf("cell %d, before or in the plain loop, calls the library (%s)", i+1, lib)
				}
			}
		}
	}
	for _, fn := range []string{"func f(x float64)", "func gx(x float64)", "func gx2(x float64)"} {
		if !strings.Contains(nb.Cells[first-1].Source, fn) {
			t.Errorf("the cell before the plain loop does not define %s", fn)
		}
	}
	has("f at the stationary points", fmt.Sprintln("f(-1) =", q4F(-1), " f(0) =", q4F(0), " f(1) =", q4F(1)))

	// The plain gradient-descent loop: x*x*x, Go's %v. Its lines equal the
	// source's except iter:12 … iter:16 in the last digit (and 2 printed
	// as Go's "2"), as the prose says; then the ratios e_(k+1)/e_k, which
	// rise from 0.76 to 0.91 towards the limit 1 − α f''(1) = 0.92.
	{
		x := 2.0
		var lines, ratios []string
		var rs []float64
		for i := 0; i < 20; i++ {
			lines = append(lines, fmt.Sprint("iter:", i, " ", x))
			e := x - 1
			x -= 0.01 * (4*x*x*x - 4*x)
			rs = append(rs, (x-1)/e)
			ratios = append(ratios, fmt.Sprintf("%.2f", (x-1)/e))
		}
		lines = append(lines, fmt.Sprint("20 回更新した後の x = ", x),
			"1 回の更新で誤差が何倍になったか: "+strings.Join(ratios, " "),
			fmt.Sprintf("1 のすぐ近くでの倍率 1 − α f''(1) = %.2f", 1-0.01*q4D2F(1)))
		requireBlock(t, nb, "plain gradient-descent loop", lines)
		for i, line := range seed002GD {
			mine, _ := strconv.ParseFloat(strings.Fields(lines[i])[1], 64)
			seed, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			if differs, want := mine != seed, i >= 12 && i <= 16; differs != want {
				t.Errorf("plain loop at %q: differs %v, want %v (the prose names iter:12 … iter:16)", line, differs, want)
			}
		}
		if ratios[0] != "0.76" || ratios[19] != "0.91" || !strings.Contains(md, "$0.76$ から $0.91$ へと上がっていき") {
			t.Errorf("ratios %v: the prose's 0.76 → 0.91 does not hold", ratios)
		}
		for k := 1; k < len(rs); k++ {
			if rs[k] < rs[k-1] || rs[k] >= 1-0.01*q4D2F(1) {
				t.Errorf("ratio %d = %v: the ratios should rise towards 0.92 from below", k, rs[k])
			}
		}
	}
	// optim prints the source's listings exactly.
	requireBlock(t, nb, "seed 002 gradient-descent listing", append(slices.Clone(seed002GD), "20 回更新して x = 1.0720166163554925（更新回数の上限）"))
	requireBlock(t, nb, "seed 002 Newton listing", append(slices.Clone(seed002Newton), "6 回更新して x = 1.000000000002289（目標に到達）"))

	// The plain Newton loop: the source's listing (x*x*x happens to give
	// the same digits here), the last x and the errors after each update.
	{
		lines := append([]string{"iter:0 2"}, seed002Newton[1:]...)
		var errs []string
		x := 2.0
		for range 6 {
			x = x - (4*x*x*x-4*x)/(12*x*x-4)
			errs = append(errs, fmt.Sprintf("%.2g", x-1))
		}
		lines = append(lines, fmt.Sprint("6 回更新した後の x = ", x), "更新後の誤差 e = x − 1: "+strings.Join(errs, " "))
		requireBlock(t, nb, "plain Newton loop", lines)
		if want := "$0.45 \\to 0.15 \\to 0.025 \\to 0.00091 \\to 1.2 \\times 10^{-6} \\to 2.3 \\times 10^{-12}$"; strings.Join(errs, " ") != "0.45 0.15 0.025 0.00091 1.2e-06 2.3e-12" || !strings.Contains(md, want) {
			t.Errorf("Newton's errors %v: the prose says %s", errs, want)
		}
	}

	// The four variant pairs: the first 7 points, the updates, where each
	// ended, its status, and the library's note on a first step from f'' < 0.
	gdTitles, nmTitles := map[string]bool{}, map[string]bool{}
	for _, c := range []struct {
		x0, lr float64
		method string
	}{{2, 0.001, "GradientDescent(lr=0.001)"}, {-2, 0.01, "GradientDescent(lr=0.01)"}, {-2, 0.15, "GradientDescent(lr=0.15)"},
		{0, 0.01, "GradientDescent(lr=0.01)"}, {-2, 0, "Newton(lr=1)"}, {0, 0, "Newton(lr=1)"}, {0.4, 0, "Newton(lr=1)"}, {0.55, 0, "Newton(lr=1)"}} {
		newton := c.lr == 0
		xs := q4Iterates(c.x0, c.lr, newton)
		last := xs[len(xs)-1]
		line := fmt.Sprintf("%s, x0=%s:", c.method, q4PyStr(c.x0))
		for _, x := range xs[:7] {
			line += fmt.Sprintf(" %.4g", x)
		}
		line += fmt.Sprintf(" …（%d 回更新, x=%.4g, %s）\n", len(xs)-1, last, q4Status(last))
		if newton && q4D2F(c.x0) < 0 {
			line += fmt.Sprintf("  最初の 1 歩の注記: 曲率 f'' = %.4g が負：ニュートン法の 1 歩は極大点に向かう\n", q4D2F(c.x0))
		}
		has(fmt.Sprintf("pair line %s from %v", c.method, c.x0), line)
		if newton {
			nmTitles[fmt.Sprintf("iter:%d, x=%s", len(xs)-1, q4Round3(last))] = true
		} else {
			gdTitles[fmt.Sprintf("iter:%d, lr=%s, x=%s", len(xs)-1, q4PyStr(c.lr), q4Round3(last))] = true
		}
	}
	// The narrative's facts about the variants.
	if xs := q4Iterates(0.4, 0, true); xs[len(xs)-1] != 0 || q4D2F(0.4) >= 0 {
		t.Errorf("Newton from 0.4 should end on the maximum 0 from f'' < 0, got %v", xs[len(xs)-1])
	}
	if xs := q4Iterates(0.55, 0, true); xs[len(xs)-1] != -1 || fmt.Sprintf("%.4g", xs[1]) != "-3.597" || q4D2F(0.55) >= 0 {
		t.Errorf("Newton from 0.55 should jump to −3.597 and end on the far minimum −1, got %v", xs[:2])
	}
	if l, _, _ := q4Run(-2, 0.15, false); l[1] != "iter:1 1.5999999999999996" || l[2] != "iter:2 0.10240000000000093" {
		t.Errorf("lr = 0.15 from −2: the narrative's first steps 1.6 and 0.1024 do not hold: %v", l[:3])
	}

	// Section 3: update sizes and 1/f'' at 2, 1.1 and 0.4.
	for _, x := range []float64{2, 1.1, 0.4} {
		has(fmt.Sprintf("update sizes at %v", x), fmt.Sprintf("x = %3.1f: α·f'(x) = %7.4f, f'(x)/f''(x) = %7.4f, 1/f''(x) = %7.3f\n",
			x, 0.01*q4DF(x), q4DF(x)/q4D2F(x), 1/q4D2F(x)))
	}
	if r := (q4DF(1.1) / q4D2F(1.1)) / (0.01 * q4DF(1.1)); math.Round(r) != 10 {
		t.Errorf("the prose's 'about 10 times' at x = 1.1: the ratio is %v", r)
	}

	problems, err := proseProblems(nb, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	checkStarters(t, nb, name)

	// Figures: the gradient-descent path and its two two-panel variants,
	// the Newton path and its two variants, the update sizes and 1/f''.
	figs := checkOutputs(t, nb)
	nFig, frames := kinds(figs)
	if nFig != 8 || len(frames) != 0 {
		t.Errorf("want 8 figures and no animation, got %d figures and %v", nFig, frames)
	}
	nCheck := 0
	var svgs [][]byte
	for _, f := range figs {
		if f.Kind == "check" {
			nCheck++
		}
		svgs = append(svgs, f.SVG)
	}
	if nCheck != 5 {
		t.Errorf("want the 5 exercise checks as rich outputs, got %d", nCheck)
	}
	all := bytes.Join(svgs, nil)
	gdTitles["iter:20, lr=0.01, x=1.072"] = true
	nmTitles["iter:6, x=1.0"] = true
	for title := range gdTitles {
		if !bytes.Contains(all, []byte(title)) {
			t.Errorf("no figure has the panel title %q", title)
		}
	}
	for title := range nmTitles {
		if !bytes.Contains(all, []byte(title)) {
			t.Errorf("no figure has the panel title %q", title)
		}
	}
	for _, s := range []string{"Gradient Descent Method", "s Method", "minimum val", "Update size", "1 / f"} {
		if !bytes.Contains(all, []byte(s)) {
			t.Errorf("no figure shows %q", s)
		}
	}
	// 400 KB: 8 figures of 11 SVG panels.
	if fi, err := os.Stat(filepath.Join(env.Root, "notebooks", name)); err != nil || fi.Size() > 400<<10 {
		t.Errorf("committed notebook must exist and be ≤ 400 KB: %v", err)
	}
}

// The companion: bit-exactness, the full listings, N(x) and the basins,
// the safeguarded Newton, the explorer.
func TestNotebook04aCompanion(t *testing.T) {
	name := nb04Companion
	nb := execute(t, name)
	checkCommitted(t, name, nb)
	out := nb04Stdout(nb)
	has := func(what, s string) {
		t.Helper()
		if !strings.Contains(out, s) {
			t.Errorf("%s: no cell prints %q", what, s)
		}
	}
	has("f and f' at the stationary points", "f(-1) = -1.0, f'(-1) = 0.0\nf( 0) = 0.0, f'( 0) = 0.0\nf( 1) = -1.0, f'( 1) = 0.0\n")
	has("f'' at 1/√3", fmt.Sprintf("f''(±1/√3) = f''(±%.4f) = %.1g\n", 1/math.Sqrt(3), q4D2F(1/math.Sqrt(3))))
	has("hand-written Newton", "手書きのループ: 6 回, x = 1.000000000002289\noptim:          6 回, x = 1.000000000002289\n")
	// The from-scratch gradient-descent loop (x*x*x) differs from the
	// source in the last digit on exactly iter:12 … iter:16, as the
	// narrative says.
	for i, line := range seed002GD {
		x := 2.0
		var naive string
		for k := 0; k <= i; k++ {
			naive = fmt.Sprintf("iter:%d %s", k, q4PyStr(x))
			x -= 0.01 * (4*x*x*x - 4*x)
		}
		differs := strings.Contains(out, "違う行: optim "+line)
		if want := i >= 12 && i <= 16; differs != want || (naive != line) != want {
			t.Errorf("hand-written loop at %q: notebook reports a difference %v, test loop gives %q, want difference %v", line, differs, naive, want)
		}
	}
	has("cube count", q4CubeCount())

	// Every run's full listing and summary, against the test's loop.
	for _, c := range [][2]float64{{2, 0.001}, {-2, 0.01}, {-2, 0.15}, {0, 0.01}, {-2, 0}, {0, 0}, {0.4, 0}, {0.55, 0}} {
		x0, lr := c[0], c[1]
		lines, last, n := q4Run(x0, lr, lr == 0)
		head := "--- ニュートン法 x0=" + q4PyStr(x0)
		if lr > 0 {
			head = fmt.Sprintf("--- 勾配降下法 lr=%s, x0=%s", q4PyStr(lr), q4PyStr(x0))
		}
		block := append([]string{head}, lines...)
		block = append(block, fmt.Sprintf("まとめ: %d 回更新, x=%s, 移動量 %.4g（%s）", n, q4Round3(last), last-x0, q4Status(last)))
		requireBlock(t, nb, fmt.Sprintf("listing lr=%v from %v", lr, x0), block)
	}
	has("lr 0.15 factor", fmt.Sprintf("1 − 0.15 f''(1) = %.1f 倍\n", 1-0.15*q4D2F(1)))

	// Section 3: 1/f'' across the pole, the first Newton step and where
	// each start ends, the fine scan of the mixed band.
	for _, x := range []float64{0.57, 0.58} {
		has(fmt.Sprintf("1/f'' at %v", x), fmt.Sprintf("x = %4.2f: f''(x) = %7.3f, 1/f''(x) = %8.3f\n", x, q4D2F(x), 1/q4D2F(x)))
	}
	if prose := fmt.Sprintf("$x = 0.57$ と $0.58$ の $1/f''$ は $%.3f$ と $%.3f$", 1/q4D2F(0.57), 1/q4D2F(0.58)); !strings.Contains(nb04Markdown(nb), prose) {
		t.Errorf("the prose after the 1/f'' table does not say %q", prose)
	}
	has("boundaries", fmt.Sprintf("境目: 1/√5 = %.4f, 1/√3 = %.4f\n", 1/math.Sqrt(5), 1/math.Sqrt(3)))
	for _, x0 := range []float64{0.3, 0.4, 0.44, 0.45, 0.5, 0.55, 0.57, 0.575, 0.58, 0.6, 0.7, 0.8, 0.9, 1.5, 2} {
		n, w := q4Converge(x0, "newton", 200)
		step := q4DF(x0) / q4D2F(x0)
		has(fmt.Sprintf("first Newton step from %v", x0), fmt.Sprintf("%5.3f  %9.4f  %9.4f  %7.2f  %7.2f  %6s  %6d\n",
			x0, q4DF(x0), q4D2F(x0), step, x0-step, w, n))
	}
	for i := 0; i <= 28; i++ {
		x0 := 0.44 + 0.005*float64(i)
		n, w := q4Converge(x0, "newton", 200)
		has(fmt.Sprintf("band scan %.3f", x0), fmt.Sprintf("%.3f→%2s (%2d)", x0, w, n))
		want := "-1"
		switch {
		case x0 < 0.447:
			want = "0"
		case x0 > 0.452 && x0 < 0.467, x0 > 0.577:
			want = "1"
		}
		if w != want {
			t.Errorf("narrative: Newton from %.3f should reach %s, reaches %s", x0, want, w)
		}
	}
	// Section 4: the three methods from the same starts, and the
	// safeguard's gradient steps (counted here where f'' ≤ 0, by NoteKind
	// in the notebook; the prose quotes both counts).
	for _, x0 := range []float64{-2, 0, 0.1, 0.4, 0.5, 0.55, 0.6, 0.8, 2} {
		row := fmt.Sprintf("%5.2f", x0)
		for _, m := range []string{"gd", "newton", "safe"} {
			n, w := q4Converge(x0, m, 5000)
			row += fmt.Sprintf("   %5d → %2s  ", n, w)
		}
		has(fmt.Sprintf("comparison from %v", x0), row+"\n")
	}
	for _, x0 := range []float64{0.1, 0.4} {
		x, n, safe := x0, 0, 0
		for ; n < 5000 && math.Abs(q4DF(x)) > 1e-10; n++ {
			if h := q4D2F(x); h <= 0 {
				safe++
				x = x - float64(0.01*q4DF(x))
			} else {
				x = x - q4DF(x)/h
			}
		}
		has(fmt.Sprintf("safeguard count from %v", x0), fmt.Sprintf("安全装置つき、x0 = %.1f: %d 回のうち %d 回が勾配の 1 歩（最初の注記: 曲率 f'' = %.4g が 0 以下なので、安全装置が勾配降下法の 1 歩に切り替えた）\n",
			x0, n, safe, q4D2F(x0)))
		if prose := fmt.Sprintf("$%.1f$ からは %d 回のうち %d 回", x0, n, safe); !strings.Contains(nb04Markdown(nb), prose) {
			t.Errorf("the prose after the comparison does not say %q", prose)
		}
	}
	// Section 5: the basins, 200 starts, counts by destination and the
	// most updates; the prose on Newton: every start with |x0| > 1/√3
	// reaches the nearer minimum, in 3 updates at the fewest (near 1), 7
	// at both ends of the grid, and the most, 12, just outside 1/√3.
	for _, m := range []struct{ method, name string }{{"gd", "勾配降下法 (α = 0.01)"}, {"newton", "ニュートン法"}, {"safe", "安全装置つきニュートン法"}} {
		count := map[string]int{}
		worst := 0
		for i := range 200 {
			n, w := q4Converge(-2.5+(float64(i)+0.5)*0.025, m.method, 5000)
			count[w]++
			worst = max(worst, n)
		}
		has("basins of "+m.name, fmt.Sprintf("%s → -1: %3d, +1: %3d, 0: %3d, 未収束: %d, 最大 %d 回\n",
			m.name, count["-1"], count["1"], count["0"], count["-"], worst))
	}
	{
		fewest, most, mostAt := 1<<30, 0, 0.0
		for i := range 200 {
			x0 := -2.5 + (float64(i)+0.5)*0.025
			if math.Abs(x0) <= 1/math.Sqrt(3) {
				continue
			}
			n, w := q4Converge(x0, "newton", 5000)
			if want := fmt.Sprintf("%.0f", math.Copysign(1, x0)); w != want {
				t.Errorf("narrative: Newton from %v should reach the nearer minimum %s, reaches %s", x0, want, w)
			}
			if (i == 0 || i == 199) && n != 7 {
				t.Errorf("narrative: Newton from the grid's end %v takes 7 updates, took %d", x0, n)
			}
			fewest = min(fewest, n)
			if n > most {
				most, mostAt = n, math.Abs(x0)
			}
		}
		if fewest != 3 || most != 12 || mostAt > 0.6 {
			t.Errorf("narrative: Newton outside ±1/√3 takes 3 … 12 updates, the most just outside 1/√3; got %d … %d (the most at |x0| = %v)", fewest, most, mostAt)
		}
	}
	// Section 6: the explorable's runs, gradient descent from 2 with
	// lr = 0.01 … 0.20, the seed's loop, declared diverged once |f|
	// exceeds 10⁴ × max(|f(2)|, 1).
	for i := 1; i <= 20; i++ {
		lr := 0.01 * float64(i)
		x, n, status := 2.0, 0, "更新回数の上限"
		var x1 float64
		for n < 20 {
			x = x - float64(lr*q4DF(x))
			n++
			if n == 1 {
				x1 = x
			}
			if math.IsInf(x, 0) || math.IsNaN(x) || math.Abs(q4F(x)) > 1e4*8 {
				status = "発散"
				break
			}
			if math.Abs(x-1) < 1e-10 {
				status = "目標に到達"
				break
			}
		}
		has(fmt.Sprintf("explorer lr=%.2f", lr), fmt.Sprintf("lr=%.2f: x1=%7.3f, %2d 回更新, x=%s（%s）\n", lr, x1, n, q4Round3(x), status))
		if (status == "発散") != (i >= 17) {
			t.Errorf("narrative: lr = %.2f should diverge iff lr ≥ 0.17; status %s", lr, status)
		}
	}

	problems, err := proseProblems(nb, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	// Figures: f; f, f', f''; the basins — and one explorable of 20 frames.
	figs := checkOutputs(t, nb)
	nFig, frames := kinds(figs)
	if nFig != 3 || len(frames) != 0 {
		t.Errorf("want 3 figures and no animation, got %d figures and %v", nFig, frames)
	}
	var explorables []Figure
	var svgs [][]byte
	for _, f := range figs {
		if f.Kind == "explorable" {
			explorables = append(explorables, f)
		}
		svgs = append(svgs, f.SVG)
	}
	if len(explorables) != 1 || explorables[0].Frames != 20 {
		t.Errorf("want one explorable of 20 frames, got %d (%v)", len(explorables), explorables)
	}
	all := bytes.Join(svgs, nil)
	for _, s := range []string{"reaches 0", "GradientDescent(lr=0.01)", "Newton(lr=1)", "Newton(lr=1, safeguarded, fallback_lr=0.01)", "try another lr"} {
		if !bytes.Contains(all, []byte(s)) {
			t.Errorf("no figure shows %q", s)
		}
	}
	if fi, err := os.Stat(filepath.Join(env.Root, "notebooks", name)); err != nil || fi.Size() > 500<<10 {
		t.Errorf("committed notebook must exist and be ≤ 500 KB: %v", err)
	}
}

// q4CubeCount is the line of the cell that counts how often x*x*x and
// math.Pow(x, 3) differ from the correctly rounded cube (here q4Cube, an
// exact big.Float product rounded once) on 100 000 seeded x in [0.5, 2);
// objective.Cube is counted by the notebook and must never differ.
func q4CubeCount() string {
	rng := rand.New(rand.NewPCG(4, 4))
	const n = 100000
	naive, pow := 0, 0
	for range n {
		x := 0.5 + 1.5*rng.Float64()
		c := q4Cube(x)
		if x*x*x != c {
			naive++
		}
		if math.Pow(x, 3) != c {
			pow++
		}
	}
	return fmt.Sprintf("正しく丸めた 3 乗とずれた x（%d 個中）: x*x*x %d 個（%.1f %%）、math.Pow(x, 3) %d 個、objective.Cube 0 個\n",
		n, naive, 100*float64(naive)/n, pow)
}

// nb04Markdown returns the notebook's markdown cells, joined.
func nb04Markdown(nb *nbrun.Notebook) string {
	var b strings.Builder
	for _, c := range nb.Cells {
		if c.Type == "markdown" {
			b.WriteString(c.Source + "\n")
		}
	}
	return b.String()
}

func init() {
	// The source's first experiment prints this line first after its
	// start; the lesson's plain loop prints it as the source does.
	firstOutput[nb04Lesson] = "iter:1 1.76"
	whereWent[nb04Lesson] = []Moved{
		{From: "# 04 勾配降下法とニュートン法：$f(x) = x^4 - 2x^2$ で比べる", To: nb04Lesson, Heading: "# 04 勾配降下法とニュートン法"},
		{From: "### 記号", To: nb04Companion, Heading: "### 記号"},
		{From: "## 準備：このリポジトリのパッケージを使う", To: nb04Companion, Heading: "## 準備：このリポジトリのパッケージを使う"},
		{From: "## 1. 関数の設定", To: nb04Lesson, Heading: "## 1. 関数の設定"},
		{From: "## 2. 勾配降下法", To: nb04Lesson, Heading: "勾配降下法"},
		{From: "### ライブラリを使わずに書くと", To: nb04Companion, Heading: "### ライブラリを使わずに書くと"},
		{From: "### 他の学習率・初期値", To: nb04Lesson, Heading: "### 他の学習率・初期値"},
		{From: "## 3. ニュートン法", To: nb04Lesson, Heading: "## 2. ニュートン法"},
		{From: "### 他の初期値", To: nb04Lesson, Heading: "### 他の初期値"},
		{From: "## 4. なぜこうなるのか：更新幅と $1/f''$", To: nb04Lesson, Heading: "## 3. なぜこうなるのか"},
		{From: "## 5. さらに：安全装置つきニュートン法、収束までの回数、学習率を動かす", To: nb04Companion, Heading: "## 4. さらに：安全装置つきニュートン法"},
		{From: "### 安全装置つきニュートン法", To: nb04Companion, Heading: "### 安全装置つきニュートン法"},
		{From: "### 収束までの回数と「引き込み領域」", To: nb04Companion, Heading: "### 収束までの回数と「引き込み領域」"},
		{From: "### 学習率を動かせる図", To: nb04Companion, Heading: "### 学習率を動かせる図"},
		{From: "## まとめ", To: nb04Lesson, Heading: "## まとめ"},
		{From: "## 練習問題", To: nb04Lesson, Heading: "## 練習問題"},
	}
	// Numbers the prose may quote that no cell prints (TestProseNumbers).
	proseAllowed[nb04Lesson] = map[string]string{
		"29":    "the source document's title, 「ステップ29：…」",
		"1e-10": "the source's stopping threshold |x − 1| < 1e−10, set in the cells as 1e-10 (an order of magnitude in the prose, which only printed numbers satisfy)",
	}
	proseAllowed[nb04Companion] = map[string]string{
		"1e-10": "the stopping thresholds |x − 1| < 1e−10 and |f'(x)| ≤ 1e−10, set in the cells as 1e-10",
	}
}
