package figure_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

const evil = `<script>alert(1)</script>`

// wellFormed fails the test unless svg parses as XML.
func wellFormed(t *testing.T, name string, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", name, err)
		}
	}
}

// checkEscaped fails unless the evil string appears only escaped.
func checkEscaped(t *testing.T, name string, svg []byte) {
	t.Helper()
	wellFormed(t, name, svg)
	if bytes.Contains(svg, []byte("<script")) {
		t.Errorf("%s: contains a raw <script", name)
	}
	if !bytes.Contains(svg, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Errorf("%s: the escaped title is missing", name)
	}
}

// allowedURIs are the only URLs an output may contain: SVG's namespaces.
var allowedURIs = []string{`"http://www.w3.org/2000/svg"`, `"http://www.w3.org/1999/xlink"`}

// checkNoURL fails if out holds a URL other than the SVG namespaces.
func checkNoURL(t *testing.T, name string, out []byte) {
	t.Helper()
	s := string(out)
	for _, u := range allowedURIs {
		s = strings.ReplaceAll(s, u, "")
	}
	for _, scheme := range []string{"http://", "https://"} {
		if i := strings.Index(s, scheme); i >= 0 {
			t.Errorf("%s: external URL at %q", name, s[i:min(len(s), i+60)])
		}
	}
}

func quadRun(t *testing.T, lr float64, n int) *optim.Result {
	t.Helper()
	r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: n})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var quadView = figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200}

func TestEscaping(t *testing.T) {
	var f quartic
	r := quadRun(t, 0.1, 10)
	v := quadView.WithTitle(evil)
	v.XLabel = evil

	fp, err := figure.FuncPlot(v, figure.Lines{Minima: f.Minima(), MinimaLabel: evil}, figure.Func{F: f.F, Label: evil})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := figure.SVG(fp, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkEscaped(t, "FuncPlot", svg)

	vl := v
	vl.TitleLeft = true
	pp, err := figure.PathPlot(objective.Quadratic{A: 5}, r, figure.PathSpec{View: vl, PathLabel: evil})
	if err != nil {
		t.Fatal(err)
	}
	fig, err := figure.Grid(figure.GridSpec{Suptitle: evil}, figure.PanelOf(pp, nil))
	if err != nil {
		t.Fatal(err)
	}
	svg, err = fig.SVG()
	if err != nil {
		t.Fatal(err)
	}
	checkEscaped(t, "Grid with a left title", svg)
	if n := bytes.Count(svg, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")); n != 4 {
		// Suptitle, left title, x label, legend: each drawn exactly once
		// (the hidden centred title must not be drawn).
		t.Errorf("Grid: the title text appears %d times, want 4", n)
	}

	sp, err := figure.SeriesPlot(figure.SeriesSpec{Title: evil}, figure.Series{Y: []float64{1, 2, 3}, Label: evil})
	if err != nil {
		t.Fatal(err)
	}
	svg, err = figure.SVG(sp, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkEscaped(t, "SeriesPlot", svg)

	a, err := figure.PathExplorer(objective.Quadratic{A: 5}, []*optim.Result{r, r},
		figure.Explore{Param: evil, Labels: []string{evil, `"quoted" & 'single'`}}, figure.PathSpec{View: v})
	if err != nil {
		t.Fatal(err)
	}
	svg, err = a.SVG()
	if err != nil {
		t.Fatal(err)
	}
	checkEscaped(t, "PathExplorer", svg)
	if !bytes.Contains(svg, []byte(`data-label="&#34;quoted&#34; &amp; &#39;single&#39;"`)) {
		t.Errorf("PathExplorer: the quoted label is not escaped as an attribute")
	}
}

func TestNoExternalURL(t *testing.T) {
	goldens, err := filepath.Glob(filepath.Join("testdata", "*_golden.svg"))
	if err != nil || len(goldens) < 8 {
		t.Fatalf("found %d golden files (%v)", len(goldens), err)
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		wellFormed(t, g, b)
		checkNoURL(t, g, b)
	}
	// The filter keeps only the namespace attributes themselves.
	if s := strings.ReplaceAll(`xmlns="http://www.w3.org/2000/svg" href="http://www.w3.org/2000/svg/x"`, allowedURIs[0], ""); !strings.Contains(s, "http://") {
		t.Fatal("URL filter removed a foreign URL")
	}
}

func TestDivergedRuns(t *testing.T) {
	f := objective.Quadratic{A: 5}
	r := quadRun(t, 1.5, 40)
	if r.Status != optim.Diverged {
		t.Fatalf("lr = 1.5 on (5 - x)^2: status %v, want diverged", r.Status)
	}
	p, err := figure.PathPlot(f, r, figure.PathSpec{View: quadView.WithTitle("lr = 1.5")})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "lr = 1.5（発散）" {
		t.Errorf("PathPlot title %q does not say the run diverged", p.Title.Text)
	}
	if _, err := figure.SVG(p, 0, 0); err != nil {
		t.Fatal(err)
	}

	// A series with an overflow: drawn up to it, and labelled.
	ys := []float64{1, 10, 100, 1e300, math.Inf(1), math.NaN(), 3}
	sp, err := figure.SeriesPlot(figure.SeriesSpec{LogY: true}, figure.Series{Y: ys, Label: "f"})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := figure.SVG(sp, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("f (4 個の値の後に発散)")) {
		t.Error("SeriesPlot: the legend does not say the series diverged")
	}
	if bytes.Contains(svg, []byte("Inf")) || bytes.Contains(svg, []byte("NaN")) {
		t.Error("SeriesPlot: non-finite number in the SVG")
	}
	sp, err = figure.SeriesPlot(figure.SeriesSpec{Title: "run"}, figure.Series{Y: []float64{1, 2, math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	if sp.Title.Text != "run (2 個の値の後に発散)" {
		t.Errorf("SeriesPlot without label: title %q", sp.Title.Text)
	}

	// A 2-D run that diverges on the valley.
	vr, err := optim.Minimize(valley{}, []float64{0, 1}, &optim.GradientDescent{LR: 0.5}, &optim.Settings{MaxIter: 50})
	if err != nil {
		t.Fatal(err)
	}
	if vr.Status != optim.Diverged {
		t.Fatalf("valley with lr 0.5: status %v, want diverged", vr.Status)
	}
	cp, err := figure.ContourPlot(valley{}, vr, figure.ContourSpec{View: figure.View{XMin: -1, XMax: 2, YMin: -1, YMax: 2, Title: "valley"}})
	if err != nil {
		t.Fatal(err)
	}
	if cp.Title.Text != "valley（発散）" {
		t.Errorf("ContourPlot title %q", cp.Title.Text)
	}
	if _, err := figure.SVG(cp, 0, 0); err != nil {
		t.Fatal(err)
	}

	// An explorable whose values include diverging runs.
	runs := []*optim.Result{quadRun(t, 0.1, 30), r}
	a, err := figure.PathExplorer(f, runs, figure.Explore{Param: "lr", Labels: []string{"lr = 0.1", "lr = 1.5"}}, figure.PathSpec{View: quadView})
	if err != nil {
		t.Fatal(err)
	}
	svg, err = a.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("回の更新で発散")) {
		t.Error("PathExplorer: the diverged run's frame does not say so")
	}
}

// onOneSide reports whether every x of the piece lies on one side of c.
func onOneSide(piece []float64, c float64) bool {
	below, above := false, false
	for _, x := range piece {
		below = below || x < c
		above = above || x > c
	}
	return !(below && above)
}

func TestFuncLinePoles(t *testing.T) {
	var f quartic
	v := figure.View{XMin: -2.5, XMax: 2.5, YMin: -5, YMax: 5}
	pole := 1 / math.Sqrt(3)
	for _, n := range []int{50, 400, 500, 1001} {
		l, err := figure.FuncLine(func(x float64) float64 { return 1 / f.D2F(x) }, v, n, figure.Blue, figure.Solid)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Pieces) != 3 {
			t.Errorf("n = %d: 1/f'' drawn in %d pieces, want 3", n, len(l.Pieces))
		}
		for _, piece := range l.Pieces {
			var xs []float64
			for _, xy := range piece {
				if !(xy.Y >= -5.2 && xy.Y <= 5.2) || math.IsNaN(xy.X) {
					t.Fatalf("n = %d: point %v outside the clip band", n, xy)
				}
				xs = append(xs, xy.X)
			}
			if !onOneSide(xs, pole) || !onOneSide(xs, -pole) {
				t.Errorf("n = %d: a piece crosses a pole: x from %v to %v", n, xs[0], xs[len(xs)-1])
			}
		}
	}
	// A steep but continuous function is one piece, even where it crosses
	// the whole band between two samples.
	l, err := figure.FuncLine(func(x float64) float64 { return 1e4 * x }, v, 50, figure.Blue, figure.Solid)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Pieces) != 1 {
		t.Errorf("steep line drawn in %d pieces, want 1", len(l.Pieces))
	}
	// Infinite values split the curve and never reach the pieces.
	l, err = figure.FuncLine(func(x float64) float64 {
		if math.Abs(x) < 0.3 {
			return math.Inf(1)
		}
		return x
	}, v, 100, figure.Blue, figure.Solid)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Pieces) != 2 {
		t.Errorf("curve with an infinite stretch drawn in %d pieces, want 2", len(l.Pieces))
	}
}

func TestDecimate(t *testing.T) {
	n := 10000
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
		ys[i] = math.Sin(float64(i)*0.37) * float64(i%97)
	}
	ys[4321] = 1000 // a spike must survive
	ys[777] = -1000
	dx, dy := figure.Decimate(xs, ys, 100)
	if len(dx) > 400 || len(dx) < 200 {
		t.Errorf("decimated to %d points, want between 200 and 400", len(dx))
	}
	if dx[0] != 0 || dx[len(dx)-1] != float64(n-1) {
		t.Errorf("first and last points lost: %v … %v", dx[0], dx[len(dx)-1])
	}
	found := 0
	for i := range dx {
		if i > 0 && dx[i] <= dx[i-1] {
			t.Fatalf("x not increasing at %d", i)
		}
		if dy[i] == 1000 || dy[i] == -1000 {
			found++
		}
		if ys[int(dx[i])] != dy[i] {
			t.Fatalf("point %d is not a point of the series", i)
		}
	}
	if found != 2 {
		t.Errorf("%d of the 2 extremes kept", found)
	}
	// Short series come back as they are.
	sx, _ := figure.Decimate(xs[:100], ys[:100], 100)
	if len(sx) != 100 {
		t.Errorf("short series changed to %d points", len(sx))
	}
}

func TestSeriesPlotSize(t *testing.T) {
	sa, sb, ma, mb := sgdRuns(12000)
	p, err := figure.SeriesPlot(figure.SeriesSpec{}, figure.Series{Y: sa}, figure.Series{Y: sb}, figure.Series{Y: ma}, figure.Series{Y: mb})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := figure.SVG(p, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 4 × 12,000 points would be about 600 KB; decimated, at most
	// 4 × 4 × 500 points.
	if len(svg) > 120<<10 {
		t.Errorf("4 series of 12,000 points: %d bytes, want ≤ 120 KB", len(svg))
	}
	t.Logf("4 series of 12,000 points: %d bytes", len(svg))
}

func TestGridErrors(t *testing.T) {
	boom := errors.New("boom")
	_, err := figure.Grid(figure.GridSpec{}, figure.PanelOf(nil, boom), figure.PanelOf(nil, nil))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "panel 2 has no plot") {
		t.Errorf("Grid error %v: want both panels' errors", err)
	}
	if _, err := figure.Grid(figure.GridSpec{}); err == nil {
		t.Error("Grid with no panel: no error")
	}
	p, err := figure.FuncPlot(quadView, figure.Lines{}, figure.Func{F: math.Sqrt})
	if err != nil {
		t.Fatal(err)
	}
	fig, err := figure.Grid(figure.GridSpec{Cols: 2}, figure.PanelOf(p, nil), figure.PanelOf(p, nil), figure.PanelOf(p, nil))
	if err != nil {
		t.Fatal(err)
	}
	if w, h := fig.Size(); w != 9*vg.Inch || h != 8*vg.Inch {
		t.Errorf("2 × 2 grid size %v × %v, want 9in × 8in", w, h)
	}
}

func TestExplorableSVG(t *testing.T) {
	f := objective.Quadratic{A: 5}
	runs := []*optim.Result{quadRun(t, 0.1, 5), quadRun(t, 0.5, 5), quadRun(t, 0.9, 5)}
	labels := []string{"lr = 0.1", "lr = 0.5", "lr = 0.9"}
	a, err := figure.PathExplorer(f, runs, figure.Explore{Param: "lr", Labels: labels, Default: 1}, figure.PathSpec{View: quadView})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := a.SVG()
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "explorer", svg)
	for _, want := range []string{
		`data-param="lr" data-rest="1"`,
		`<g data-frame="0" data-label="lr = 0.1" visibility="hidden">`,
		`<g data-frame="1" data-label="lr = 0.5" visibility="visible">`,
		`<g data-frame="2" data-label="lr = 0.9" visibility="hidden">`,
	} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("explorer SVG lacks %s", want)
		}
	}
	if a.Rest() != 1 {
		t.Errorf("Rest() = %d, want 1", a.Rest())
	}
	if _, err := figure.PathExplorer(f, runs, figure.Explore{Param: "lr", Labels: labels[:2]}, figure.PathSpec{View: quadView}); err == nil {
		t.Error("2 labels for 3 runs: no error")
	}
	if _, err := figure.PathExplorer(f, runs, figure.Explore{Param: "lr", Labels: labels, Default: 3}, figure.PathSpec{View: quadView}); err == nil {
		t.Error("Default out of range: no error")
	}
	// Plain animations still rest on their last frame.
	ta, err := tangentAnimation(5)
	if err != nil {
		t.Fatal(err)
	}
	if ta.Rest() != ta.Len()-1 {
		t.Errorf("animation rests on %d of %d frames", ta.Rest(), ta.Len())
	}
}

// TestNoGonbInPkg enforces the one-way dependency: nothing under pkg/
// imports GoNB; only kernelhelpers does.
func TestNoGonbInPkg(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/gradnb/gradnb/pkg/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := string(out)
	if !strings.Contains(deps, "github.com/gradnb/gradnb/pkg/figure\n") {
		t.Fatalf("go list output does not list pkg/figure:\n%s", deps)
	}
	for _, line := range strings.Split(deps, "\n") {
		if strings.HasPrefix(line, "github.com/janpfeifer/gonb") {
			t.Errorf("a package under pkg/ depends on %s", line)
		}
	}
}
