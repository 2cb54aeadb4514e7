package figure

import (
	"fmt"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// recordSettled draws p as SVG does (again while its layout takes room
// outside the data area) on a recorder of size w × h, and returns what
// was drawn, the data area and the page.
func recordSettled(p *plot.Plot, w, h vg.Length) (*recorder, draw.Canvas, vg.Rectangle) {
	var rec *recorder
	var pg draw.Canvas
	settle([]*layout{layoutOf(p)}, func() {
		rec = &recorder{safeCanvas: newCanvas(w, h)}
		pg = draw.Crop(draw.New(rec), 0, -vg.Points(10), 0, -vg.Points(4)) // as page
		p.Draw(pg)
	})
	return rec, p.DataCanvas(pg), vg.Rectangle{Max: vg.Point{X: w, Y: h}}
}

// checkClear checks that the box named what covers none of the ink k on
// the data area da of p and lies on the page.
func checkClear(t *testing.T, name, what string, k *ink, p *plot.Plot, da draw.Canvas, box, page vg.Rectangle) {
	t.Helper()
	if box.Size().X <= 0 {
		t.Errorf("%s: the %s was not placed", name, what)
		return
	}
	if h := k.hits(da, p, []vg.Rectangle{box})[0]; h != 0 {
		t.Errorf("%s: the %s at %v covers %d samples of plotted ink", name, what, box, h)
	}
	if !inside(box, page) {
		t.Errorf("%s: the %s at %v leaves the page %v", name, what, box, page)
	}
}

// TestLegendOutside: where every place in the data area holds ink, the
// legend goes right of it: notebook 04's Newton panels from 0.4 and 0.55
// (a Grid; the path from 0.55 jumps to −3.6 and back across the top) and
// notebook 03's SGD and momentum, a and b over their first 200
// updates in a ParamsPlot (four entries). The
// drawn legend box covers no plotted ink, lies on the page, and holds
// its labels; the title is not over it.
func TestLegendOutside(t *testing.T) {
	f := objective.Quartic{}
	curve := View{XMin: -2.5, XMax: 2.5, YMin: -2, YMax: 10, Samples: 500, XLabel: "x", YLabel: "f(x)", Grid: true, TitleLeft: true}
	var panels []Panel
	for _, x0 := range []float64{0.4, 0.55} {
		r, err := optim.Minimize1D(f, x0, &optim.Newton{}, &optim.Settings{MaxIter: 20, Target: []float64{1}, XTol: 1e-10})
		if err != nil {
			t.Fatal(err)
		}
		panels = append(panels, PanelOf(PathPlot(f, r, PathSpec{View: curve.WithTitle(fmt.Sprintf("iter:%d, x=%.3g", len(r.Trace)-1, r.X()[0])), Lines: Lines{Minima: f.Minima()}})))
	}
	fig, err := Grid(GridSpec{Cols: 2, Suptitle: "Newton's Method"}, panels...)
	if err != nil {
		t.Fatal(err)
	}
	var lays []*layout
	for _, p := range fig.rows[0] {
		lays = append(lays, layoutOf(p))
	}
	var rec *recorder
	settle(lays, func() {
		rec = &recorder{safeCanvas: newCanvas(fig.width, fig.height)}
		fig.draw(draw.New(rec))
	})
	canvases, _, _ := fig.layout(draw.New(newCanvas(fig.width, fig.height)))
	page := vg.Rectangle{Max: vg.Point{X: fig.width, Y: fig.height}}
	if len(rec.boxes) != 2 {
		t.Fatalf("Newton grid: %d legend boxes drawn, want 2", len(rec.boxes))
	}
	for i, p := range fig.rows[0] {
		name := fmt.Sprintf("Newton grid panel %d", i+1)
		da := p.DataCanvas(canvases[0][i])
		box := rec.boxes[i]
		checkClear(t, name, "legend", &lays[i].ink, p, da, box, page)
		for _, l := range []string{"f(x)", "minimum val", "x"} {
			if i == 0 {
				break // the labels as last drawn are the right panel's
			}
			if r, ok := rec.text(l); !ok || !inside(r, box) {
				t.Errorf("%s: the label %q (%v) is not inside the legend box %v", name, l, r, box)
			}
		}
		if i == 1 && !lays[i].legendOut {
			t.Errorf("%s: the legend stayed in the data area; every place there holds the path", name)
		}
	}

	ls, err := objective.NewLeastSquares(objective.LineData(100, 2, 5, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	a, b, err := ls.Solve()
	if err != nil {
		t.Fatal(err)
	}
	var runs []*optim.Result
	for _, m := range []optim.Method{&optim.SGD{LR: 0.002, Seed: 1},
		&optim.Stochastic{Method: &optim.AveragedMomentum{LR: 0.002, Beta: 0.9}, Seed: 1}} {
		r, err := optim.Minimize(ls, []float64{30, 30}, m, &optim.Settings{MaxIter: 200})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	p, err := ParamsPlot(ParamsSpec{Series: SeriesSpec{Title: "SGD and momentum", XLabel: "update", Grid: true},
		Names: []string{"a", "b"}, Optimum: []float64{a, b}, Labels: []string{"SGD", "momentum"}}, runs...)
	if err != nil {
		t.Fatal(err)
	}
	rec, da, page := recordSettled(p, 576, 360)
	if len(rec.boxes) != 1 {
		t.Fatalf("ParamsPlot: %d legend boxes drawn, want 1", len(rec.boxes))
	}
	checkClear(t, "ParamsPlot", "legend", &layoutOf(p).ink, p, da, rec.boxes[0], page)
	if !layoutOf(p).legendOut {
		t.Error("ParamsPlot: the legend stayed in the data area; every place there holds a line")
	}
	for _, l := range []string{"SGD: a", "SGD: b", "momentum: a", "momentum: b"} {
		if r, ok := rec.text(l); !ok || !inside(r, rec.boxes[0]) {
			t.Errorf("ParamsPlot: the label %q (%v) is not inside the legend box %v", l, r, rec.boxes[0])
		}
	}
	if title, ok := rec.text(p.Title.Text); ok && overlaps(title, rec.boxes[0]) {
		t.Errorf("ParamsPlot: the title %v is over the legend %v", title, rec.boxes[0])
	}
}

// TestNoteOutside: notebook 01's learning-rate slider on (5 − x)²: in
// some frames the path reaches the parabola's arms near the top corners,
// the curve fills the bottom, and no place in the data area is free over
// all frames, so the label block goes above the data area, under the
// title. It covers no ink of the background or any frame, lies on the
// page, and the title, drawn over it, is not on it.
func TestNoteOutside(t *testing.T) {
	loss := objective.Quadratic{A: 5}
	var runs []*optim.Result
	for i := 1; i <= 11; i++ {
		r, err := optim.Minimize1D(loss, -5, &optim.GradientDescent{LR: float64(i) / 10}, &optim.Settings{MaxIter: 30})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	v := View{XMin: -10, XMax: 20, YMin: -5, YMax: 200, XLabel: "parameter x", YLabel: "loss function L",
		Title: "Gradient descent on (5 - x)^2: try another lr"}
	_, bg, err := pathExplorer(loss, runs, Explore{Param: "lr"}, PathSpec{View: v, CurveLabel: "L(x)", PathLabel: "x_k"})
	if err != nil {
		t.Fatal(err)
	}
	rec, da, page := recordSettled(bg, DefaultSize, DefaultSize)
	lay := layoutOf(bg)
	if !lay.noteOut {
		t.Error("the label block stayed in the data area")
	}
	checkClear(t, "lr slider", "label block", &lay.ink, bg, da, lay.noteAt, page)
	if title, ok := rec.text(v.Title); !ok || overlaps(title, lay.noteAt) {
		t.Errorf("the title (%v, drawn %v) is over the label block %v", title, ok, lay.noteAt)
	}
	if len(rec.boxes) == 1 {
		checkClear(t, "lr slider", "legend", &lay.ink, bg, da, rec.boxes[0], page)
	} else {
		t.Errorf("%d legend boxes drawn, want 1", len(rec.boxes))
	}
}

// TestFrameRefOutside: notebook 02's momentum slider, x_k against
// iteration with the minimum x = 5 as a labelled line: at α = 0.95 the
// run crosses the line all along it, so that frame's label goes right of
// the data area at the line's height. In every frame the label covers
// none of the frame's ink, nor the label block, and lies on the page.
func TestFrameRefOutside(t *testing.T) {
	loss := objective.Quadratic{A: 5}
	var runs []*optim.Result
	for i := range 20 {
		r, err := optim.Minimize1D(loss, -5, &optim.Momentum{LR: 0.2, Momentum: float64(i) / 20}, &optim.Settings{MaxIter: 50})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	_, bg, err := seriesExplorer(runs, Explore{Param: "momentum", Default: 16}, RunsSpec{
		Series: SeriesSpec{Title: "Momentum on L = (5 - x)^2: x_k against iteration", YLabel: "parameter x",
			YMin: -6, YMax: 20, Grid: true, Refs: []Ref{{At: 5, Label: "minimum x = 5"}}},
		Measure: Coord(0, "x")})
	if err != nil {
		t.Fatal(err)
	}
	_, da, page := recordSettled(bg, DefaultSize, DefaultSize)
	lay := layoutOf(bg)
	if len(lay.frameRefs) != len(runs) {
		t.Fatalf("%d frame labels, want %d", len(lay.frameRefs), len(runs))
	}
	_, trY := bg.Transforms(&da)
	for i, f := range lay.frameRefs {
		name := fmt.Sprintf("α = %.2f", float64(i)/20)
		checkClear(t, name, "label "+f.ref.label, f.ink, bg, da, f.at, page)
		if overlaps(f.at, lay.noteAt) {
			t.Errorf("%s: the label %v is under the label block %v", name, f.at, lay.noteAt)
		}
		if i == 19 {
			if y := trY(5); f.at.Min.X < da.Max.X || y < f.at.Min.Y || y > f.at.Max.Y {
				t.Errorf("%s: the label %v is not right of the data area (right edge %v) at the line's height %v", name, f.at, da.Max.X, y)
			}
		}
	}
}
