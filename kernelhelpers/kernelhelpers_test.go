package kernelhelpers_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	kh "github.com/gradnb/gradnb/kernelhelpers"
	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// TangentBudget is the size budget of issue 5: a 30-frame animation of the
// tangent-line kind, as the notebook receives it (HTML with the base64
// flipbook and the player script).
const TangentBudget = 66 << 10

func tangentAnimation(tb testing.TB, frames int) *figure.Animation {
	tb.Helper()
	f := objective.Quadratic{A: 5}
	r, err := optim.Minimize1D(f, -5, &optim.GradientDescent{LR: 0.1}, &optim.Settings{MaxIter: frames})
	if err != nil {
		tb.Fatal(err)
	}
	a, err := figure.TangentAnimation(f, r, figure.TangentSpec{
		View: figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200,
			XLabel: "parameter x", YLabel: "loss function L", Title: "Gradient descent, lr = 0.1"},
		LabelX: -8, LabelY: 180})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func TestTangentAnimationBudget(t *testing.T) {
	a := tangentAnimation(t, 30)
	if a.Len() != 30 {
		t.Fatalf("%d frames, want 30", a.Len())
	}
	h, err := kh.AnimationHTML(a, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) > TangentBudget {
		t.Errorf("30-frame tangent animation: %d bytes of HTML, over the budget of %d", len(h), TangentBudget)
	}
	t.Logf("30-frame tangent animation: %d bytes of HTML", len(h))
}

var dataURI = regexp.MustCompile(`src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]*)"`)

// decoded returns the HTML with every embedded SVG decoded and appended, so
// that checks see the images' content too.
func decoded(t *testing.T, h string) string {
	t.Helper()
	ms := dataURI.FindAllStringSubmatch(h, -1)
	if len(ms) == 0 {
		t.Fatalf("no data:image/svg+xml;base64 image in %.200s", h)
	}
	out := h
	for _, m := range ms {
		b, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatal(err)
		}
		out += "\n" + string(b)
	}
	return out
}

func checkNoURL(t *testing.T, name, s string) {
	t.Helper()
	s = strings.ReplaceAll(s, `"http://www.w3.org/2000/svg"`, "")
	s = strings.ReplaceAll(s, `"http://www.w3.org/1999/xlink"`, "")
	for _, scheme := range []string{"http://", "https://"} {
		if i := strings.Index(s, scheme); i >= 0 {
			t.Errorf("%s: external URL at %q", name, s[i:min(len(s), i+60)])
		}
	}
}

const evil = `<script>alert(1)</script>`

func explorer(t *testing.T, title string) *figure.Animation {
	t.Helper()
	f := objective.Quadratic{A: 5}
	var runs []*optim.Result
	var labels []string
	for _, lr := range []float64{0.1, 0.5, 0.9, 1.1} {
		r, err := optim.Minimize1D(f, -5, &optim.GradientDescent{LR: lr}, &optim.Settings{MaxIter: 20})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
		labels = append(labels, fmt.Sprintf("lr = %v", lr))
	}
	a, err := figure.PathExplorer(f, runs, figure.Explore{Param: "lr", Labels: labels, Default: 2},
		figure.PathSpec{View: figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200, Title: title}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOutputsAreSafe(t *testing.T) {
	a := tangentAnimation(t, 5)
	a.Title = evil
	anim, err := kh.AnimationHTML(a, "")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := kh.AnimationHTML(explorer(t, evil), "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := figure.FuncPlot(figure.View{XMin: 0, XMax: 1, YMin: 0, YMax: 1, Title: evil}, figure.Lines{}, figure.Func{F: func(x float64) float64 { return x }})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := figure.SVG(p, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	fig := kh.FigureHTML(svg, evil)
	for name, h := range map[string]string{"animation": anim, "explorable": ex, "figure": fig} {
		all := decoded(t, h)
		// The only scripts are the player's own, never the title.
		if strings.Contains(all, evil) {
			t.Errorf("%s: the title appears unescaped", name)
		}
		if !strings.Contains(all, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the escaped title is missing", name)
		}
		checkNoURL(t, name, all)
	}
	for name, h := range map[string]string{
		"table":    kh.TableHTML(kh.Table{Caption: evil, Header: []string{evil}, Rows: [][]string{{evil}, {`a & "b"`}}}),
		"progress": kh.ProgressHTML(evil, 1, 2, "") + kh.ProgressHTML("x", 2, 2, evil),
	} {
		if strings.Contains(h, "<script") {
			t.Errorf("%s: raw <script in %s", name, h)
		}
		if !strings.Contains(h, "&lt;script&gt;") {
			t.Errorf("%s: the escaped text is missing", name)
		}
		checkNoURL(t, name, h)
	}
}

var idAttr = regexp.MustCompile(`<div id="([^"]+)"`)

func TestIDs(t *testing.T) {
	one := func(a *figure.Animation, name string) string {
		h, err := kh.AnimationHTML(a, name)
		if err != nil {
			t.Fatal(err)
		}
		m := idAttr.FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("no id in %.100s", h)
		}
		if !strings.Contains(h, fmt.Sprintf("(%q);</script>", m[1])) {
			t.Errorf("the player is not called with the container's id %s", m[1])
		}
		return m[1]
	}
	a, b := tangentAnimation(t, 5), tangentAnimation(t, 6)
	if one(a, "") != one(tangentAnimation(t, 5), "") {
		t.Error("the same animation got different ids")
	}
	if one(a, "") == one(b, "") {
		t.Error("different animations got the same id")
	}
	if one(a, "") == one(a, "second") {
		t.Error("the name does not salt the id")
	}
	if one(explorer(t, "x"), "") == one(explorer(t, "y"), "") {
		t.Error("different explorables got the same id")
	}
}

func TestExplorableHTML(t *testing.T) {
	h, err := kh.AnimationHTML(explorer(t, "try lr"), "")
	if err != nil {
		t.Fatal(err)
	}
	all := decoded(t, h)
	for _, want := range []string{`data-param="lr" data-rest="2"`, `data-label="lr = 0.9" visibility="visible"`, "<script>", `getAttribute('data-param')`} {
		if !strings.Contains(all, want) {
			t.Errorf("explorable output lacks %s", want)
		}
	}
	if n := strings.Count(all, `visibility="visible"`); n != 1 {
		t.Errorf("%d frames visible at rest, want 1", n)
	}
}

func TestTableHTML(t *testing.T) {
	rows := kh.Columns("%.3f", []float64{1, 2, 3, 4, 5, 6, 7}, []float64{0.5, 0.25})
	if len(rows) != 7 || rows[0][0] != "1.000" || rows[1][1] != "0.250" || rows[2][1] != "" {
		t.Fatalf("Columns = %q", rows)
	}
	h := kh.TableHTML(kh.Table{Caption: "run", Header: []string{"k", "x"}, Rows: rows, MaxRows: 4})
	if n := strings.Count(h, "<tr>"); n != 1+4+1 {
		t.Errorf("truncated table has %d rows, want header + 4 + the gap row", n)
	}
	for _, want := range []string{"… 3 rows not shown …", "<td", ">1.000<", ">2.000<", ">6.000<", ">7.000<"} {
		if !strings.Contains(h, want) {
			t.Errorf("truncated table lacks %q", want)
		}
	}
	for _, gone := range []string{">3.000<", ">4.000<", ">5.000<"} {
		if strings.Contains(h, gone) {
			t.Errorf("truncated table shows the middle row %q", gone)
		}
	}
	all := kh.TableHTML(kh.Table{Rows: rows, MaxRows: -1})
	if n := strings.Count(all, "<tr>"); n != 7 {
		t.Errorf("MaxRows -1 shows %d rows, want 7", n)
	}
	long := make([][]string, 1000)
	for i := range long {
		long[i] = []string{fmt.Sprint(i)}
	}
	if n := strings.Count(kh.TableHTML(kh.Table{Rows: long}), "<tr>"); n != kh.DefaultTableRows+1 {
		t.Errorf("default truncation shows %d rows, want %d + the gap row", n, kh.DefaultTableRows)
	}
}

func TestProgressHTML(t *testing.T) {
	for _, c := range []struct {
		done, total int
		note, want  string
	}{
		{0, 100, "", "0 / 100 (0%)"},
		{37, 100, "", "37 / 100 (37%)"},
		{150, 100, "", "100 / 100 (100%)"},
		{-3, 100, "", "0 / 100 (0%)"},
		{1, 3, "", "1 / 3 (33%)"},
		{100, 100, "converged after 8242 updates", "converged after 8242 updates"},
	} {
		h := kh.ProgressHTML("SGD", c.done, c.total, c.note)
		if !strings.Contains(h, "<span>"+c.want+"</span>") {
			t.Errorf("ProgressHTML(%d, %d, %q) = %s, want text %q", c.done, c.total, c.note, h, c.want)
		}
	}
	if h := kh.ProgressHTML("a", 37, 100, ""); !strings.Contains(h, "width:37%") {
		t.Errorf("bar not filled to 37%%: %s", h)
	}
}

func TestOutsideNotebook(t *testing.T) {
	if os.Getenv("GONB_PIPE") != "" {
		t.Skip("running inside a kernel")
	}
	if err := kh.ShowTable(kh.Table{Rows: [][]string{{"1"}}}); !errors.Is(err, kh.ErrNotNotebook) {
		t.Errorf("ShowTable outside a notebook: %v", err)
	}
	p := kh.NewProgress("x", 10)
	if err := p.Update(5); !errors.Is(err, kh.ErrNotNotebook) {
		t.Errorf("Progress.Update outside a notebook: %v", err)
	}
	if err := p.Done("ok"); !errors.Is(err, kh.ErrNotNotebook) {
		t.Errorf("Progress.Done outside a notebook: %v", err)
	}
	if err := kh.ShowFigure(figure.Grid(figure.GridSpec{})); err == nil || errors.Is(err, kh.ErrNotNotebook) {
		t.Errorf("ShowFigure of a failed Grid: %v, want Grid's error", err)
	}
}

// ExampleTableHTML writes the seed-001 style table of a short run.
func ExampleTableHTML() {
	k := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	x := []float64{1.2, 3.4, 5.6, 7.8, 9.0, 2.1, 4.3, 6.5, 8.7, 0.9}
	h := kh.TableHTML(kh.Table{Caption: "SGD updates", Header: []string{"sample", "x"},
		Rows: kh.Columns("%.3f", k, x), MaxRows: 6})
	h += "\n" + kh.ProgressHTML("SGD", 8242, 12000, "")
	if err := os.WriteFile(filepath.Join("testdata", "table.html"), []byte(h), 0o644); err != nil {
		log.Fatal(err)
	}
}

// regen rewrites testdata/*_golden.html, as -regen does for the SVG goldens
// of pkg/figure (gonum's cmpimg compares images, not HTML).
var regen = flag.Bool("regen", false, "regenerate testdata/*_golden.html")

// TestGoldenTable runs ExampleTableHTML, which writes testdata/table.html,
// and compares it byte for byte with testdata/table_golden.html.
func TestGoldenTable(t *testing.T) {
	ExampleTableHTML()
	got, err := os.ReadFile(filepath.Join("testdata", "table.html"))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "table_golden.html")
	if *regen {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("testdata/table.html differs from %s; if intended, run with -regen and look at it", golden)
	}
}

func BenchmarkTangentAnimationHTML(b *testing.B) {
	var size int
	for b.Loop() {
		a := tangentAnimation(b, 30)
		h, err := kh.AnimationHTML(a, "")
		if err != nil {
			b.Fatal(err)
		}
		size = len(h)
	}
	b.ReportMetric(float64(size), "html-bytes")
	b.ReportMetric(float64(size)/1024, "html-KB")
	b.ReportMetric(30, "frames")
}

func TestAnimationHTMLOfNilIsAnError(t *testing.T) {
	if _, err := kh.AnimationHTML(nil, ""); err == nil {
		t.Error("AnimationHTML(nil) returned no error")
	}
}
