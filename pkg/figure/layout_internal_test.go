package figure

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// dataCanvas returns the data area p is drawn in at the default size, as
// NewAnimation draws frames.
func dataCanvas(p *plot.Plot) draw.Canvas {
	return p.DataCanvas(page(newCanvas(DefaultSize, DefaultSize)))
}

// discHitsRect reports whether a disc of radius r around o meets rect.
func discHitsRect(o vg.Point, r vg.Length, rect vg.Rectangle) bool {
	dx := max(rect.Min.X-o.X, 0, o.X-rect.Max.X)
	dy := max(rect.Min.Y-o.Y, 0, o.Y-rect.Max.Y)
	return math.Hypot(float64(dx), float64(dy)) < float64(r)
}

// TestBallLabelsClear: in every frame of two momentum runs (one fast, one
// slower), the "v" label's box meets neither
// the ball, nor the arrow (shaft and head), nor the loss curve; an arrow
// is at least as long as its head; and the note block ("iteration",
// "x, v") meets nothing the animation draws in any frame: the curve, the
// balls and their arrows.
func TestBallLabelsClear(t *testing.T) {
	f := objective.Quadratic{A: 5}
	v := View{XMin: -10, XMax: 20, YMin: -5, YMax: 200, XLabel: "parameter x", YLabel: "loss function L"}
	arrows, small := 0, 0
	for _, m := range []*optim.Momentum{{LR: 0.2, Momentum: 0.8}, {LR: 0.05, Momentum: 0.7}} {
		r, err := optim.Minimize1D(f, -5, m, &optim.Settings{MaxIter: 30})
		if err != nil {
			t.Fatal(err)
		}
		bg, lay, frames, err := ballFrames(f, r, v, vg.Points(8), Red)
		if err != nil {
			t.Fatal(err)
		}
		c := dataCanvas(bg)
		lay.decide(c, bg)
		if lay.noteAt.Size().X <= 0 {
			t.Fatalf("%s: the note block was not placed", r.Method)
		}
		if h := lay.ink.hits(c, bg, []vg.Rectangle{lay.noteAt})[0]; h != 0 {
			t.Errorf("%s: the note block %v covers %d samples of the curve, balls or arrows", r.Method, lay.noteAt, h)
		}
		for k, ps := range frames {
			for _, p := range ps {
				b, ok := p.(*ball)
				if !ok {
					continue
				}
				g := b.geometry(c, bg)
				if discHitsRect(g.centre, b.radius, lay.noteAt) {
					t.Errorf("%s frame %d: the note block covers the ball", r.Method, k)
				}
				if !g.arrow {
					if b.arrow {
						small++
					}
					continue
				}
				arrows++
				if (g.tip-g.start)*g.dir() < arrowHead {
					t.Errorf("%s frame %d: the arrow (%v to %v) is shorter than its head", r.Method, k, g.start, g.tip)
				}
				box, _ := b.vLabel(c, bg, g)
				if discHitsRect(g.centre, b.radius, box) {
					t.Errorf("%s frame %d: the v label %v covers the ball at %v", r.Method, k, box, g.centre)
				}
				shaft := vg.Rectangle{
					Min: vg.Point{X: min(g.start, g.tip), Y: g.centre.Y - arrowHead/2},
					Max: vg.Point{X: max(g.start, g.tip), Y: g.centre.Y + arrowHead/2},
				}
				if overlaps(box, shaft) {
					t.Errorf("%s frame %d: the v label %v covers the arrow %v", r.Method, k, box, shaft)
				}
				if h := b.curve.hits(c, bg, []vg.Rectangle{box})[0]; h != 0 {
					t.Errorf("%s frame %d: the loss curve crosses the v label %v (%d samples)", r.Method, k, box, h)
				}
			}
		}
	}
	if arrows == 0 || small == 0 {
		t.Errorf("%d arrows drawn, %d too short to draw; want some of each, else the test proves little", arrows, small)
	}
}

// TestRefLabelsClear: the reference labels of a plot whose series cross
// both lines are placed where no series passes, not on each other, and not
// under the legend.
func TestRefLabelsClear(t *testing.T) {
	osc, smooth := make([]float64, 61), make([]float64, 61)
	for i := range osc {
		k := float64(i)
		osc[i] = 5 + 10*math.Exp(-k/20)*math.Cos(k/3)
		smooth[i] = 5 - 10*math.Exp(-k/5)
	}
	p, err := SeriesPlot(SeriesSpec{Refs: []Ref{{At: 5, Label: "x* = 5"}, {At: 0, Label: "zero"}}},
		Series{Y: osc, Label: "momentum"}, Series{Y: smooth, Label: "RMSProp"})
	if err != nil {
		t.Fatal(err)
	}
	lay := layoutOf(p)
	c := dataCanvas(p)
	lay.decide(c, p)
	var boxes []vg.Rectangle
	for _, r := range lay.refs {
		if r.at.Size().X <= 0 {
			t.Fatalf("the label %q was not placed", r.label)
		}
		if h := lay.ink.hits(c, p, []vg.Rectangle{r.at})[0]; h != 0 {
			t.Errorf("a series crosses the label %q at %v (%d samples)", r.label, r.at, h)
		}
		for _, b := range boxes {
			if overlaps(b, r.at) {
				t.Errorf("the label %q overlaps another", r.label)
			}
		}
		boxes = append(boxes, r.at)
	}
	size := legendSize(lay.legend, c)
	leg := legendCandidates(c, size)[lay.corner]
	for _, b := range boxes {
		if overlaps(b, leg) {
			t.Errorf("the legend %v covers a reference label %v", leg, b)
		}
	}
}

// TestDecadeTicksOneForm: the labels of a log axis are all plain decimals
// or all exponents, whatever the range.
func TestDecadeTicksOneForm(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		{1e-18, 100, []string{"1e-18", "1e-15", "1e-12", "1e-9", "1e-6", "1e-3", "1e0"}},
		{1e-7, 2, []string{"1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0"}},
		{0.01, 1000, []string{"0.01", "0.1", "1", "10", "100", "1000"}},
		{1, 1e5, []string{"1e0", "1e1", "1e2", "1e3", "1e4", "1e5"}},
	} {
		var got []string
		for _, tk := range (DecadeTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Ticks(%g, %g) labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}

// TestGridSuptitleGap: in what a Grid draws, the highest panel title of
// the top row starts suptitleGap (6 points) under the suptitle's text,
// or topPad under the top of the page without a suptitle, whatever the
// panels: loss plots in one and two columns, notebook 03's one-column
// zoom (long titles, a fixed y range), notebook 04's three basin panels
// on a log scale (plot.Align left about 40 points there), panels without
// a title. The suptitle is drawn last, over the panels' white.
func TestGridSuptitleGap(t *testing.T) {
	f := objective.Quadratic{A: 5}
	v := View{XMin: -10, XMax: 20, YMin: -5, YMax: 200, XLabel: "x", YLabel: "L", Title: "a panel title", TitleLeft: true}
	loss := func(n int, v View) (ps []Panel) {
		for i := range n {
			ps = append(ps, PanelOf(LossPlot(f, v.WithTitle(v.Title+string(rune('A'+i))))))
		}
		return ps
	}
	var zoom []Panel
	for i, title := range []string{"Stochastic(AveragedMomentum(lr=0.002, beta=0.9), seed=1)", "SGD(lr=0.002, seed=1)"} {
		ys := make([]float64, 2001)
		for k := range ys {
			ys[k] = 2 + 28*math.Exp(-float64(k)/(20+float64(i))) + 0.1*math.Sin(float64(k))
		}
		zoom = append(zoom, PanelOf(SeriesPlot(SeriesSpec{Title: title, YMin: 1.7, YMax: 2.3, Grid: true,
			Refs: []Ref{{At: 2, Label: "a*"}}}, Series{Y: ys, Label: "a"})))
	}
	var basins []Panel
	for i := range 3 {
		pts := Points{Label: "reaches -1", Color: Blue}
		for k := range 80 {
			pts.X, pts.Y = append(pts.X, -2.5+5*float64(k)/79), append(pts.Y, 1+float64(k*k%900))
		}
		v := View{XMin: -2.5, XMax: 2.5, YMin: 1, YMax: 1000, Grid: true, Title: "method " + string(rune('A'+i)),
			XLabel: "start x0", YLabel: "updates to |f'(x)| <= 1e-10"}
		basins = append(basins, PanelOf(ScatterPlot(ScatterSpec{View: v, LogY: true}, pts)))
	}
	untitled := v.WithTitle("")
	for _, c := range []struct {
		name   string
		spec   GridSpec
		panels []Panel
	}{
		{"one loss plot", GridSpec{Suptitle: "A suptitle"}, loss(1, v)},
		{"two loss plots", GridSpec{Cols: 2, Suptitle: "A suptitle"}, loss(2, v)},
		{"03 zoom, one column", GridSpec{Cols: 1, Suptitle: "a only, zoomed to a* +/- 0.3"}, zoom},
		{"04 basins", GridSpec{Cols: 3, Suptitle: "Updates to convergence and where each start ends", Width: 15 * vg.Inch, Height: 5 * vg.Inch}, basins},
		{"04 basins, no suptitle", GridSpec{Cols: 3, Width: 15 * vg.Inch, Height: 5 * vg.Inch}, basins},
		{"untitled panels", GridSpec{Cols: 2, Suptitle: "A suptitle"}, []Panel{PanelOf(LossPlot(f, untitled)), PanelOf(LossPlot(f, untitled))}},
	} {
		fig, err := Grid(c.spec, c.panels...)
		if err != nil {
			t.Fatal(err)
		}
		rec := &recorder{safeCanvas: newCanvas(fig.width, fig.height)}
		fig.draw(draw.New(rec))
		// The top of the top row: its titles, else its highest text.
		top := vg.Length(math.Inf(-1))
		for _, p := range fig.rows[0] {
			if r, ok := rec.text(p.Title.Text); ok && p.Title.Text != "" {
				top = max(top, r.Max.Y)
			}
		}
		if math.IsInf(float64(top), -1) {
			for _, tx := range rec.texts {
				if tx.s != fig.Suptitle {
					top = max(top, tx.r.Max.Y)
				}
			}
		}
		want, above := suptitleGap, vg.Length(0)
		if fig.Suptitle != "" {
			sup, ok := rec.text(fig.Suptitle)
			if !ok {
				t.Fatalf("%s: the suptitle was not drawn", c.name)
			}
			above = sup.Min.Y
			if last := rec.texts[len(rec.texts)-1].s; last != fig.Suptitle {
				// A panel's canvas may reach under the suptitle and is
				// painted white: the suptitle must come after.
				t.Errorf("%s: %q drawn after the suptitle", c.name, last)
			}
		} else {
			want, above = topPad, fig.height
		}
		if gap := above - top; math.Abs(float64(gap-want)) > 0.5 {
			t.Errorf("%s: %.1f points between the suptitle (or the page's top) and the panels, want %.1f", c.name, gap.Points(), want.Points())
		}
	}
}

// TestNoteBoxOnlyOverInk: an animation whose note block finds a place no
// curve, tangent or point of any frame passes under draws no white box
// behind it, in any frame (each box would hide nothing and cost bytes).
func TestNoteBoxOnlyOverInk(t *testing.T) {
	f := objective.Quadratic{A: 5}
	r, err := optim.Minimize1D(f, -5, &optim.GradientDescent{LR: 0.1}, &optim.Settings{MaxIter: 30})
	if err != nil {
		t.Fatal(err)
	}
	a, err := TangentAnimation(f, r, TangentSpec{View: View{XMin: -10, XMax: 20, YMin: -5, YMax: 200}})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := a.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), ">iteration: ") {
		t.Fatal("no note drawn")
	}
	if n := strings.Count(string(svg), "fill-opacity:0.85098"); n != 0 {
		t.Errorf("%d white boxes drawn behind a note that covers no ink", n)
	}
}
