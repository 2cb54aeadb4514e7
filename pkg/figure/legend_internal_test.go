package figure

import (
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// recorder is a canvas that draws and remembers, in page coordinates,
// the extent of every string written and of every area filled in the
// legend's white (framealpha 0.8).
type recorder struct {
	safeCanvas
	col   color.Color
	texts []drawnText
	boxes []vg.Rectangle // the legend's white boxes
}

// drawnText is a string as drawn: its text and its ink's extent (advance
// width, ascent above and descent below the baseline).
type drawnText struct {
	s string
	r vg.Rectangle
}

func (c *recorder) SetColor(col color.Color) { c.col = col; c.safeCanvas.SetColor(col) }

func (c *recorder) Fill(p vg.Path) {
	if c.col == (color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xcc}) {
		r := vg.Rectangle{Min: vg.Point{X: vg.Length(math.Inf(1)), Y: vg.Length(math.Inf(1))},
			Max: vg.Point{X: vg.Length(math.Inf(-1)), Y: vg.Length(math.Inf(-1))}}
		for _, pc := range p {
			if pc.Type == vg.MoveComp || pc.Type == vg.LineComp {
				r.Min.X, r.Min.Y = min(r.Min.X, pc.Pos.X), min(r.Min.Y, pc.Pos.Y)
				r.Max.X, r.Max.Y = max(r.Max.X, pc.Pos.X), max(r.Max.Y, pc.Pos.Y)
			}
		}
		c.boxes = append(c.boxes, r)
	}
	c.safeCanvas.Fill(p)
}

func (c *recorder) FillString(f font.Face, pt vg.Point, s string) {
	e := f.Extents()
	c.texts = append(c.texts, drawnText{s: s, r: vg.Rectangle{
		Min: vg.Point{X: pt.X, Y: pt.Y - e.Descent},
		Max: vg.Point{X: pt.X + f.Width(s), Y: pt.Y + e.Ascent},
	}})
	c.safeCanvas.FillString(f, pt, s)
}

// text returns the extent of the string s as last drawn (a legend is
// drawn after the axes, whose labels may read the same), and whether it
// was drawn. The extent of rotated text (a y-axis label) is not in page
// coordinates.
func (c *recorder) text(s string) (vg.Rectangle, bool) {
	for i := len(c.texts) - 1; i >= 0; i-- {
		if c.texts[i].s == s {
			return c.texts[i].r, true
		}
	}
	return vg.Rectangle{}, false
}

// inside reports whether r lies in outer (to a hundredth of a point).
func inside(r, outer vg.Rectangle) bool {
	const eps = 0.01
	return r.Min.X >= outer.Min.X-eps && r.Min.Y >= outer.Min.Y-eps &&
		r.Max.X <= outer.Max.X+eps && r.Max.Y <= outer.Max.Y+eps
}

// checkLegend checks, on what rec recorded when p was drawn on da's page:
// one white legend box inside the data area da, the text of every label
// inside that box, and no label over the panel's title.
func checkLegend(t *testing.T, name string, rec *recorder, p *plot.Plot, da draw.Canvas, labels []string) {
	t.Helper()
	if len(rec.boxes) != 1 {
		t.Fatalf("%s: %d legend boxes drawn, want 1", name, len(rec.boxes))
	}
	box := rec.boxes[0]
	if !inside(box, da.Rectangle) {
		t.Errorf("%s: the legend box %v is not inside the data area %v", name, box, da.Rectangle)
	}
	title, hasTitle := rec.text(p.Title.Text)
	if p.Title.Text != "" && !hasTitle {
		t.Errorf("%s: the title %q was not drawn", name, p.Title.Text)
	}
	for _, l := range labels {
		r, ok := rec.text(l)
		switch {
		case !ok:
			t.Errorf("%s: the label %q was not drawn", name, l)
		case !inside(r, box):
			t.Errorf("%s: the label %q at %v is not inside the legend box %v", name, l, r, box)
		case hasTitle && overlaps(r, title):
			t.Errorf("%s: the label %q at %v covers the title at %v", name, l, r, title)
		}
	}
}

// record draws p alone on a page of the default size and returns what was
// drawn and the data area.
func record(p *plot.Plot) (*recorder, draw.Canvas) {
	rec := &recorder{safeCanvas: newCanvas(DefaultSize, DefaultSize)}
	pg := draw.Crop(draw.New(rec), 0, -vg.Points(10), 0, -vg.Points(4)) // as page
	da := p.DataCanvas(pg)
	p.Draw(pg)
	return rec, da
}

// TestGridLegendsInPanels: in a Grid, each panel's legend (box and text)
// lies in that panel's data area and not over its title — notebook 04's
// two gradient-descent panels under a suptitle, and its three basin
// panels (points on a log axis, a long y label).
func TestGridLegendsInPanels(t *testing.T) {
	f := objective.Quartic{}
	curve := View{XMin: -2.5, XMax: 2.5, YMin: -2, YMax: 10, Samples: 500, XLabel: "x", YLabel: "f(x)", Grid: true, TitleLeft: true}
	var gd []Panel
	for _, c := range [][2]float64{{2, 0.001}, {-2, 0.01}} {
		r, err := optim.Minimize1D(f, c[0], &optim.GradientDescent{LR: c[1]}, &optim.Settings{MaxIter: 20})
		if err != nil {
			t.Fatal(err)
		}
		gd = append(gd, PanelOf(PathPlot(f, r, PathSpec{View: curve.WithTitle(r.Method), Lines: Lines{Minima: f.Minima()}})))
	}
	var basins []Panel
	for i := range 3 {
		var groups []Points
		for g, c := range []color.Color{Blue, Orange, Red}[:2+i%2] {
			pts := Points{Label: "reaches " + []string{"-1", "1", "0"}[g], Color: c}
			for k := range 80 {
				x := -2.5 + 5*float64(k)/79
				pts.X = append(pts.X, x)
				pts.Y = append(pts.Y, 300+float64(g)*5*x) // along the top
			}
			groups = append(groups, pts)
		}
		v := View{XMin: -2.5, XMax: 2.5, YMin: 1, YMax: 1000, Grid: true, Title: "Newton(lr=1, safeguarded, fallback_lr=0.01)"[:10+10*i],
			XLabel: "start x0", YLabel: "updates to |f'(x)| <= 1e-10"}
		basins = append(basins, PanelOf(ScatterPlot(ScatterSpec{View: v, LogY: true}, groups...)))
	}
	for _, c := range []struct {
		name   string
		spec   GridSpec
		panels []Panel
		labels []string
	}{
		{"gradient descent", GridSpec{Cols: 2, Suptitle: "Gradient Descent Method"}, gd, []string{"f(x)", "minimum val", "x"}},
		{"basins", GridSpec{Cols: 3, Suptitle: "Updates to convergence", Width: 15 * vg.Inch, Height: 5 * vg.Inch}, basins, []string{"reaches -1", "reaches 1"}},
	} {
		fig, err := Grid(c.spec, c.panels...)
		if err != nil {
			t.Fatal(err)
		}
		canvases, _, _ := fig.layout(draw.New(newCanvas(fig.width, fig.height)))
		for i, p := range fig.rows[0] {
			rec := &recorder{safeCanvas: newCanvas(fig.width, fig.height)}
			pc := canvases[0][i]
			pc.Canvas = rec
			da := p.DataCanvas(pc)
			p.Draw(pc)
			checkLegend(t, c.name+" panel "+string(rune('1'+i)), rec, p, da, c.labels)
		}
	}
}

// TestLegendTextInBox: notebook 04's f, f′, f″ figure and its 1/f″
// figure (four entries, the longest "1 / f″(x)"), and a path with the
// label "minimum val": every label's text lies inside the legend's white
// box, and the box inside the data area and the page.
func TestLegendTextInBox(t *testing.T) {
	f := objective.Quartic{}
	c := objective.InflectionQuartic
	v := View{XMin: -2.5, XMax: 2.5, YMin: -5, YMax: 10, Samples: 500, XLabel: "x", YLabel: "f(x)", Grid: true, Title: "f(x) = x^4 - 2x^2"}
	fff, err := FuncPlot(v, Lines{}, Func{F: f.F, Label: "f(x)"}, Func{F: f.DF, Label: "f'(x)"}, Func{F: f.D2F, Label: "f''(x)"})
	if err != nil {
		t.Fatal(err)
	}
	v = View{XMin: -2.5, XMax: 2.5, YMin: -5, YMax: 5, Samples: 500, XLabel: "x", YLabel: "update", Grid: true,
		Title: "Learning rate of Newton's method: 1 / f''(x)"}
	inv, err := FuncPlot(v, Lines{VLines: []float64{-c, c}},
		Func{F: f.F, Label: "f(x)", Style: Dotted}, Func{F: f.DF, Label: "f'(x)"}, Func{F: f.D2F, Label: "f''(x)"},
		Func{F: func(x float64) float64 { return 1 / f.D2F(x) }, Label: "1 / f''(x)"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := optim.Minimize1D(f, 2, &optim.GradientDescent{LR: 0.01}, &optim.Settings{MaxIter: 20})
	if err != nil {
		t.Fatal(err)
	}
	v = View{XMin: -2.5, XMax: 2.5, YMin: -2, YMax: 10, XLabel: "x", YLabel: "f(x)"}
	path, err := PathPlot(f, r, PathSpec{View: v, Lines: Lines{Minima: f.Minima()}})
	if err != nil {
		t.Fatal(err)
	}
	page := vg.Rectangle{Max: vg.Point{X: DefaultSize, Y: DefaultSize}}
	for _, c := range []struct {
		name   string
		p      *plot.Plot
		labels []string
	}{
		{"f, f', f''", fff, []string{"f(x)", "f'(x)", "f''(x)"}},
		{"1/f''", inv, []string{"f(x)", "f'(x)", "f''(x)", "1 / f''(x)"}},
		{"path", path, []string{"f(x)", "minimum val", "x"}},
	} {
		rec, da := record(c.p)
		checkLegend(t, c.name, rec, c.p, da, c.labels)
		if len(rec.boxes) == 1 && !inside(rec.boxes[0], page) {
			t.Errorf("%s: the legend box %v leaves the page", c.name, rec.boxes[0])
		}
	}
}

// TestLegendTopCentre: when ink fills all four corners but not the middle
// of the top edge, the legend goes there, centred.
func TestLegendTopCentre(t *testing.T) {
	v := View{XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	p, err := FuncPlot(v, Lines{},
		Func{F: func(x float64) float64 { return math.Pow(2*math.Abs(x-0.5), 8) }, Label: "a rather long legend label"},
		Func{F: func(float64) float64 { return 0.03 }, Label: "floor"})
	if err != nil {
		t.Fatal(err)
	}
	rec, da := record(p)
	checkLegend(t, "top centre", rec, p, da, []string{"a rather long legend label", "floor"})
	box := rec.boxes[0]
	if mid, want := (box.Min.X+box.Max.X)/2, (da.Min.X+da.Max.X)/2; math.Abs(float64(mid-want)) > 0.5 {
		t.Errorf("the legend box %v is centred at x = %v, want the data area's middle %v", box, mid, want)
	}
	if gap := da.Max.Y - box.Max.Y; gap < 0 || gap > legendPad {
		t.Errorf("the legend box %v is %v below the top of the data area, want at most %v", box, gap, legendPad)
	}
	if h := layoutOf(p).ink.hits(da, p, []vg.Rectangle{box})[0]; h != 0 {
		t.Errorf("the legend covers %d samples of ink", h)
	}
}
