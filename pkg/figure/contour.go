package figure

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// ContourSpec describes a contour figure of a function of two variables.
type ContourSpec struct {
	// View fixes the axes: x_1 runs over [XMin, XMax] (horizontal), x_2
	// over [YMin, YMax]; Samples is the grid size per side (0 means 80).
	View View
	// Levels are the values of f drawn as level sets, each labelled with
	// its value on one of its lines: the middle of the longest, unless the
	// path or a minimum's star is there (then where the label covers the
	// least of them, and no other label); nil means 12 levels
	// spaced geometrically (evenly on a log scale) when f ≥ 0 on the grid,
	// as suits valleys like (x₁−1)² + 10(x₁²−x₂)², and evenly otherwise.
	Levels []float64
	// Minima are marked with black stars; each X must have two
	// coordinates (objective.Valley{}.Minima() fits as it is).
	Minima []objective.MinimumND
	// Until, when positive, draws only the iterates up to iteration Until
	// (by Iterate.K): the first 11 iterates of a long run are Until: 10.
	Until int
	// Color is the colour of the path; nil means Red.
	Color color.Color
	// Markers draws a dot at each iterate; paths longer than 200 iterates
	// get none, whatever this says, to keep the figure small.
	Markers bool
}

// valueGrid is f sampled on a regular grid.
type valueGrid struct {
	xs, ys []float64
	z      [][]float64 // z[row=y][col=x]
}

// viridis is a few control points of matplotlib's default colour map.
var viridis = [...][3]float64{
	{0.267, 0.005, 0.329}, {0.283, 0.141, 0.458}, {0.254, 0.265, 0.530},
	{0.207, 0.372, 0.553}, {0.164, 0.471, 0.558}, {0.128, 0.567, 0.551},
	{0.135, 0.659, 0.518}, {0.267, 0.749, 0.441}, {0.478, 0.821, 0.318},
	{0.741, 0.873, 0.150}, {0.993, 0.906, 0.144},
}

// darker returns c at 70 % brightness, for text readable on white.
func darker(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.RGBA{R: uint8(r >> 8 * 7 / 10), G: uint8(g >> 8 * 7 / 10), B: uint8(b >> 8 * 7 / 10), A: 0xff}
}

// viridisAt returns the colour at t ∈ [0, 1].
func viridisAt(t float64) color.Color {
	t = math.Max(0, math.Min(1, t)) * float64(len(viridis)-1)
	i := int(t)
	if i >= len(viridis)-1 {
		i = len(viridis) - 2
	}
	f := t - float64(i)
	var c [3]uint8
	for k := range c {
		v := viridis[i][k]*(1-f) + viridis[i+1][k]*f
		c[k] = uint8(math.Round(255 * v))
	}
	return color.RGBA{R: c[0], G: c[1], B: c[2], A: 0xff}
}

// autoLevels picks n contour levels for the sampled values.
func autoLevels(zs []float64, n int) []float64 {
	s := slices.Clone(zs)
	slices.Sort(s)
	q := func(p float64) float64 { return s[int(math.Round(p*float64(len(s)-1)))] }
	lo, hi := q(0.005), q(0.95)
	if s[0] >= 0 {
		lo = math.Max(lo, hi*1e-4)
		if lo > 0 && hi > lo {
			out := make([]float64, n)
			for i := range out {
				out[i] = lo * math.Pow(hi/lo, float64(i)/float64(n-1))
			}
			return out
		}
	}
	if !(hi > lo) {
		return []float64{lo}
	}
	return Linspace(lo, hi, n)
}

// ContourPlot draws level sets of a function of two variables and, when r is
// not nil, the run's path over them (up to spec.Until; titled r.Method when
// spec.View.Title is empty): the iterates x_0, x_1, … joined by a
// line, the start marked with a ring — the zig-zag of steepest descent in
// the valley f = (x₁−1)² + 10(x₁²−x₂)² of seed 003. A diverged run shows its
// finite part and "（発散）" in the title. It fails if f is not finite
// anywhere on the grid.
func ContourPlot(p objective.Problem, r *optim.Result, spec ContourSpec) (*plot.Plot, error) {
	if p == nil {
		return nil, errors.New("figure: ContourPlot needs an objective, got nil")
	}
	if r != nil && spec.View.Title == "" {
		spec.View.Title = r.Method
	}
	bg, labels, err := contourBackground(p, spec, r != nil && r.Status == optim.Diverged)
	if err != nil {
		return nil, err
	}
	if r != nil {
		ps, err := contourPath(r, spec)
		if err != nil {
			return nil, err
		}
		bg.Add(ps...)
		labels.avoid.add(ps...)
	}
	setLimits(bg, spec.View)
	return bg, nil
}

// It returns the plot and its level labels, whose avoid the caller fills
// with the plotters of the paths it draws over the levels.
func contourBackground(p objective.Problem, spec ContourSpec, diverged bool) (*plot.Plot, *levelLabels, error) {
	v := spec.View
	if diverged {
		v.Title += "（発散）"
	}
	if err := v.check(); err != nil {
		return nil, nil, err
	}
	n := v.Samples
	if n == 0 {
		n = 80
	}
	if n < 2 || n > MaxContourSamples {
		return nil, nil, fmt.Errorf("figure: ContourSpec.View.Samples = %d is not in [2, %d] (0 means 80)", n, MaxContourSamples)
	}
	g := &valueGrid{xs: Linspace(v.XMin, v.XMax, n), ys: Linspace(v.YMin, v.YMax, n)}
	var all []float64
	x := make([]float64, 2)
	for _, y := range g.ys {
		row := make([]float64, n)
		for c, xv := range g.xs {
			x[0], x[1] = xv, y
			z := p.Func(x)
			if !finite(z) {
				return nil, nil, fmt.Errorf("figure: f(%v, %v) = %v is not finite; contours need a finite function on the view", xv, y, z)
			}
			row[c] = z
			all = append(all, z)
		}
		g.z = append(g.z, row)
	}
	levels := slices.Clone(spec.Levels)
	for _, l := range levels {
		if !finite(l) {
			return nil, nil, fmt.Errorf("figure: contour level %v is not finite", l)
		}
	}
	if len(levels) == 0 {
		levels = autoLevels(all, 12)
	}
	slices.Sort(levels)
	pl := newPlot(v)
	labels := &levelLabels{}
	for i, z := range levels {
		t := 0.0
		if len(levels) > 1 {
			t = float64(i) / float64(len(levels)-1)
		}
		pieces := levelLines(g, z)
		pl.Add(&Polyline{Pieces: pieces, LineStyle: lineStyle(viridisAt(t), Solid)})
		if lbl := levelLabelAt(pieces, z, darker(viridisAt(t))); lbl != nil {
			labels.labels = append(labels.labels, lbl)
		}
	}
	pl.Add(labels) // after every line, so no line crosses a label
	var stars plotter.XYs
	for i, m := range spec.Minima {
		if len(m.X) != 2 {
			return nil, nil, fmt.Errorf("figure: ContourSpec.Minima[%d] has %d coordinates, a contour plot needs 2", i, len(m.X))
		}
		if finite(m.X[0]) && finite(m.X[1]) {
			stars = append(stars, plotter.XY{X: m.X[0], Y: m.X[1]})
		}
	}
	if len(stars) > 0 {
		s, err := plotter.NewScatter(stars)
		if err != nil {
			return nil, nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: Black, Radius: vg.Points(6), Shape: StarGlyph{}}
		pl.Add(s)
		for _, xy := range stars {
			labels.avoid.discs = append(labels.avoid.discs, disc{at: xy, r: s.GlyphStyle.Radius})
		}
	}
	setLimits(pl, v)
	return pl, labels, nil
}

// contourPath returns the plotters of a run's path in the plane.
func contourPath(r *optim.Result, spec ContourSpec) ([]plot.Plotter, error) {
	var xys plotter.XYs
	for _, it := range upTo(r.Trace, spec.Until) {
		if len(it.X) != 2 {
			return nil, fmt.Errorf("figure: iterate %d has %d coordinates, a contour path needs 2", it.K, len(it.X))
		}
		if finite(it.X[0]) && finite(it.X[1]) {
			xys = append(xys, plotter.XY{X: it.X[0], Y: it.X[1]})
		}
	}
	if len(xys) == 0 {
		return nil, errors.New("figure: the run has no finite iterate")
	}
	c := spec.Color
	if c == nil {
		c = Red
	}
	var ps []plot.Plotter
	if len(xys) > 1 {
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = c, vg.Points(1.2)
		ps = append(ps, l)
	}
	if spec.Markers && len(xys) <= 200 {
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
		ps = append(ps, s)
	}
	start, err := plotter.NewScatter(xys[:1])
	if err != nil {
		return nil, err
	}
	start.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(5), Shape: draw.RingGlyph{}}
	return append(ps, start), nil
}

// levelLines returns the level set f = z of the sampled grid as polylines,
// by marching squares with linear interpolation along cell edges. Unlike
// gonum's plotter.Contour, whose path order follows Go's map iteration and
// so changes from run to run, the output is deterministic: segments are
// found cell by cell and chained in that order, so the SVG is identical
// byte for byte on every run (the golden tests rely on it).
func levelLines(g *valueGrid, z float64) []plotter.XYs {
	nx, ny := len(g.xs), len(g.ys)
	// An edge is identified by its lower-left grid point and direction:
	// id = 2·(r·nx + c) + (0 horizontal, 1 vertical).
	type seg struct{ a, b int }
	pt := map[int]plotter.XY{}
	edge := func(c, r, dir int) int {
		id := 2*(r*nx+c) + dir
		if _, ok := pt[id]; !ok {
			c2, r2 := c+1-dir, r+dir
			z1, z2 := g.z[r][c], g.z[r2][c2]
			t := (z - z1) / (z2 - z1)
			pt[id] = plotter.XY{
				X: g.xs[c] + t*(g.xs[c2]-g.xs[c]),
				Y: g.ys[r] + t*(g.ys[r2]-g.ys[r]),
			}
		}
		return id
	}
	var segs []seg
	for r := 0; r+1 < ny; r++ {
		for c := 0; c+1 < nx; c++ {
			v00, v10 := g.z[r][c], g.z[r][c+1]
			v01, v11 := g.z[r+1][c], g.z[r+1][c+1]
			k := 0
			if v00 > z {
				k |= 1
			}
			if v10 > z {
				k |= 2
			}
			if v11 > z {
				k |= 4
			}
			if v01 > z {
				k |= 8
			}
			bottom := func() int { return edge(c, r, 0) }
			top := func() int { return edge(c, r+1, 0) }
			left := func() int { return edge(c, r, 1) }
			right := func() int { return edge(c+1, r, 1) }
			switch k {
			case 1, 14:
				segs = append(segs, seg{left(), bottom()})
			case 2, 13:
				segs = append(segs, seg{bottom(), right()})
			case 3, 12:
				segs = append(segs, seg{left(), right()})
			case 4, 11:
				segs = append(segs, seg{right(), top()})
			case 6, 9:
				segs = append(segs, seg{bottom(), top()})
			case 7, 8:
				segs = append(segs, seg{left(), top()})
			case 5, 10: // a saddle: decide by the centre value
				centre := (v00+v10+v01+v11)/4 > z
				if (k == 5) == centre {
					segs = append(segs, seg{left(), top()}, seg{bottom(), right()})
				} else {
					segs = append(segs, seg{left(), bottom()}, seg{right(), top()})
				}
			}
		}
	}
	// Chain the segments into polylines.
	at := map[int][]int{} // edge id → segments touching it, in order
	for i, s := range segs {
		at[s.a] = append(at[s.a], i)
		at[s.b] = append(at[s.b], i)
	}
	used := make([]bool, len(segs))
	next := func(e int) (int, bool) {
		for _, i := range at[e] {
			if !used[i] {
				used[i] = true
				if segs[i].a == e {
					return segs[i].b, true
				}
				return segs[i].a, true
			}
		}
		return 0, false
	}
	var lines []plotter.XYs
	for i, s := range segs {
		if used[i] {
			continue
		}
		used[i] = true
		fwd := []int{s.a, s.b}
		for e, ok := next(s.b); ok; e, ok = next(e) {
			fwd = append(fwd, e)
		}
		var back []int
		for e, ok := next(s.a); ok; e, ok = next(e) {
			back = append(back, e)
		}
		line := make(plotter.XYs, 0, len(back)+len(fwd))
		for j := len(back) - 1; j >= 0; j-- {
			line = append(line, pt[back[j]])
		}
		for _, e := range fwd {
			line = append(line, pt[e])
		}
		lines = append(lines, line)
	}
	return lines
}

// levelLabel is a contour level's value, written on its line as
// matplotlib's clabel does: in the level's colour, over a white box that
// interrupts the line, at one of the places it may go.
type levelLabel struct {
	places []plotter.XY // on the level's lines, the preferred first
	label  string
	style  text.Style
}

// levelLabels draws the labels of a contour plot's levels, each at the
// place on its level's lines where its box covers the least of what is
// drawn over the levels (the path of a run, the minima's stars) and no
// other label; ties go to the middle of the level's longest line. Like a
// layout, it decides once per data area, so the frames of an explorer
// share the background's labels.
type levelLabels struct {
	labels []*levelLabel
	avoid  ink // the paths and markers drawn over the levels

	mu     sync.Mutex
	canvas vg.Rectangle
	at     []vg.Rectangle // each label's box; zero: not drawn
}

// levelLabelPlaces is the number of parts each line of a level is cut
// into; a label may go at each cut.
const levelLabelPlaces = 24

// levelLabelPad is the margin around a label's box in which the path
// should not pass either.
const levelLabelPad = vg.Length(3)

// box returns the label's box (its text with a point on each side) when
// its text is centred at pt.
func (l *levelLabel) box(pt vg.Point) vg.Rectangle {
	r := l.style.Rectangle(l.label)
	return vg.Rectangle{Min: vg.Point{X: pt.X + r.Min.X - 1, Y: pt.Y + r.Min.Y}, Max: vg.Point{X: pt.X + r.Max.X + 1, Y: pt.Y + r.Max.Y}}
}

// grow returns r with a margin d on every side.
func grow(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: r.Min.X - d, Y: r.Min.Y - d}, Max: vg.Point{X: r.Max.X + d, Y: r.Max.Y + d}}
}

// decide places the labels for the data area c, unless that is done.
func (ls *levelLabels) decide(c draw.Canvas, p *plot.Plot) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.at != nil && ls.canvas == c.Rectangle {
		return
	}
	ls.canvas, ls.at = c.Rectangle, make([]vg.Rectangle, len(ls.labels))
	trX, trY := p.Transforms(&c)
	var placed []vg.Rectangle
	for i, l := range ls.labels {
		var boxes, padded []vg.Rectangle
		for _, xy := range l.places {
			pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
			if c.Contains(pt) {
				b := l.box(pt)
				boxes, padded = append(boxes, b), append(padded, grow(b, levelLabelPad))
			}
		}
		if len(boxes) == 0 {
			continue
		}
		hits := ls.avoid.hits(c, p, padded)
		best, bestCost := 0, math.MaxInt
		for k, b := range boxes {
			if cost := boxCost(c, b, hits[k], placed); cost < bestCost {
				best, bestCost = k, cost
			}
		}
		ls.at[i] = boxes[best]
		placed = append(placed, boxes[best])
	}
}

// Plot implements plot.Plotter.
func (ls *levelLabels) Plot(c draw.Canvas, p *plot.Plot) {
	ls.decide(c, p)
	for i, l := range ls.labels {
		b := ls.at[i]
		if b.Size().X <= 0 {
			continue
		}
		c.SetColor(White)
		c.Fill(b.Path())
		r := l.style.Rectangle(l.label)
		pt := vg.Point{X: b.Min.X + 1 - r.Min.X, Y: b.Min.Y - r.Min.Y}
		c.FillText(l.style, pt, l.label)
	}
}

// levelLabelAt returns the label of level z with its places: the middle
// of its longest line first, then points spread along each of its lines;
// nil when the level has no line.
func levelLabelAt(pieces []plotter.XYs, z float64, col color.Color) *levelLabel {
	longest := -1
	for i, p := range pieces {
		if longest < 0 || len(p) > len(pieces[longest]) {
			longest = i
		}
	}
	if longest < 0 || len(pieces[longest]) < 2 {
		return nil
	}
	piece := pieces[longest]
	places := []plotter.XY{piece[len(piece)/2]}
	for _, p := range pieces {
		if len(p) < 2 {
			continue
		}
		for k := 1; k < levelLabelPlaces; k++ {
			places = append(places, p[k*(len(p)-1)/levelLabelPlaces])
		}
	}
	sty := text.Style{Color: col, Font: defaultFont(8), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
	return &levelLabel{places: places, label: valueLabel(z), style: sty}
}
