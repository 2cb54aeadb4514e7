package figure

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Series is one line of a SeriesPlot: values against iteration (or any x).
type Series struct {
	// X are the abscissae, increasing; nil means 0, 1, 2, … (iterations).
	X []float64
	// Y are the values; the first non-finite one ends the series, which is
	// then marked as diverged.
	Y []float64
	// Label names the series in the legend; empty means no entry.
	Label string
	// Color is the line's colour; nil means the next colour of
	// matplotlib's cycle that no series of the plot has, nor one like it
	// (C3 is not used beside Red).
	Color color.Color
	// Style is the dash pattern.
	Style LineStyle
}

// SeriesSpec describes a SeriesPlot.
type SeriesSpec struct {
	Title, XLabel, YLabel string
	// XMin, XMax restrict the plot to an x range (a zoom on the first 50
	// iterations: XMin 0, XMax 50); both zero means the whole series.
	XMin, XMax float64
	// YMin, YMax fix the y range; both zero means the range of the data
	// shown.
	YMin, YMax float64
	// LogY uses a logarithmic y axis (f − f* against iteration). Values ≤ 0
	// cannot be drawn there and leave gaps.
	LogY bool
	// Grid draws grid lines.
	Grid bool
	// Columns is the number of columns the x range is divided into for
	// decimation (see Decimate): 0 means 500, about one per pixel column
	// of a 6-inch figure; negative keeps every point.
	Columns int
	// Colors gives a series its colour by its label, so that a label keeps
	// its colour in every panel of a Grid (build it once with ColorsFor and
	// pass it to each panel). A series' own Color comes first; series
	// whose label is not in the map take the first colours of matplotlib's
	// cycle that no other series of the plot uses.
	Colors map[string]color.Color
	// Refs are labelled horizontal reference lines (the optimum a* of a
	// parameter); an automatic y range includes them.
	Refs []Ref
}

// Ref is a dashed horizontal reference line y = At across a plot, with its
// label ("a* = 2.031") over a white box just above or below the line, at
// its right or left end or else along it: wherever the plot's series pass
// least (in an explorable, each frame places it for its own line, and
// where its line passes every such place, right of the data area at the
// line's height), clear of the legend and of the other labels.
type Ref struct {
	At    float64
	Label string
	// Color is the line's and the label's colour; nil means black.
	Color color.Color
}

// DefaultColumns is the decimation resolution of a SeriesPlot.
const DefaultColumns = 500

// Decimate thins a long series for drawing: it divides [xs[0], xs[n−1]]
// into cols equal columns and keeps, in their original order, the first and
// last point of each column and the points where y is smallest and largest
// in it (the "M4" rule). A line through the kept points covers the same
// pixels as the full series at that resolution, so 10,000 iterations cost at
// most 4·cols points. xs must be increasing and every value finite; series
// of at most 4·cols points are returned unchanged (not copied).
func Decimate(xs, ys []float64, cols int) (dx, dy []float64) {
	n := len(xs)
	if cols <= 0 || n <= 4*cols {
		return xs, ys
	}
	x0, x1 := xs[0], xs[n-1]
	width := (x1 - x0) / float64(cols)
	col := func(x float64) int {
		c := int((x - x0) / width)
		return min(max(c, 0), cols-1)
	}
	for i := 0; i < n; {
		c := col(xs[i])
		j := i
		lo, hi := i, i
		for j < n && col(xs[j]) == c {
			if ys[j] < ys[lo] {
				lo = j
			}
			if ys[j] > ys[hi] {
				hi = j
			}
			j++
		}
		last := j - 1
		keep := []int{i, lo, hi, last}
		// Sort the four indices (insertion sort) and drop repeats.
		for a := 1; a < 4; a++ {
			for b := a; b > 0 && keep[b] < keep[b-1]; b-- {
				keep[b], keep[b-1] = keep[b-1], keep[b]
			}
		}
		for k, idx := range keep {
			if k > 0 && idx == keep[k-1] {
				continue
			}
			dx = append(dx, xs[idx])
			dy = append(dy, ys[idx])
		}
		i = j
	}
	return dx, dy
}

// SeriesPlot draws values against iteration: the parameters a and b of SGD
// and momentum over 10,000 iterations in seed 001, or f − f* on a log scale.
// Long series are thinned with Decimate (so a 10,000-point series costs the
// SVG about as much as 2,000 points), then cut to the view. A series with a
// non-finite value (a diverged run) is drawn up to it, and its legend entry,
// or else the title, says "N 個の値の後に発散".
func SeriesPlot(spec SeriesSpec, ss ...Series) (*plot.Plot, error) {
	p, _, err := seriesPlot(spec, ss, false)
	return p, err
}

// seriesPlot builds a SeriesPlot. With frames set, the lines are not
// added to the plot nor to its legend (they are returned, to be drawn as
// the frames of an explorable figure over the plot as background), but they
// still set the axis ranges, and a diverged series is not named in the
// title.
func seriesPlot(spec SeriesSpec, ss []Series, frames bool) (*plot.Plot, []*Polyline, error) {
	if len(ss) == 0 {
		return nil, nil, errors.New("figure: SeriesPlot needs at least one series")
	}
	if err := checkTexts("SeriesSpec.Title", spec.Title, "SeriesSpec.XLabel", spec.XLabel, "SeriesSpec.YLabel", spec.YLabel); err != nil {
		return nil, nil, err
	}
	zoom := spec.XMin != 0 || spec.XMax != 0
	if zoom && !(spec.XMin < spec.XMax && finite(spec.XMin) && finite(spec.XMax)) {
		return nil, nil, fmt.Errorf("figure: SeriesSpec x range [%v, %v] must be finite and increasing", spec.XMin, spec.XMax)
	}
	fixY := spec.YMin != 0 || spec.YMax != 0
	if fixY && !(spec.YMin < spec.YMax && finite(spec.YMin) && finite(spec.YMax)) {
		return nil, nil, fmt.Errorf("figure: SeriesSpec y range [%v, %v] must be finite and increasing", spec.YMin, spec.YMax)
	}
	if fixY && spec.LogY && spec.YMin <= 0 {
		return nil, nil, fmt.Errorf("figure: SeriesSpec.YMin = %v must be positive on a log scale", spec.YMin)
	}
	for i, r := range spec.Refs {
		if !finite(r.At) || (spec.LogY && r.At <= 0) {
			return nil, nil, fmt.Errorf("figure: SeriesSpec.Refs[%d] (%s) at y = %v cannot be drawn (not finite, or not positive on a log scale)", i, quote(r.Label), r.At)
		}
		if err := checkText(fmt.Sprintf("SeriesSpec.Refs[%d].Label", i), r.Label); err != nil {
			return nil, nil, err
		}
	}
	for l := range spec.Colors {
		if spec.Colors[l] == nil {
			return nil, nil, fmt.Errorf("figure: SeriesSpec.Colors[%s] is nil", quote(l))
		}
	}
	colors := seriesColors(spec.Colors, ss)
	cols := spec.Columns
	if cols == 0 {
		cols = DefaultColumns
	}
	title := spec.Title
	p := plot.New()
	p.Title.TextStyle.Font.Size = 14
	p.X.Label.Text, p.Y.Label.Text = spec.XLabel, spec.YLabel
	p.X.Tick.Marker, p.Y.Tick.Marker = LinearTicks{}, LinearTicks{}
	setAxesTitle(p, false)
	if spec.Grid {
		addGrid(p)
	}
	if spec.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = DecadeTicks{}
	}
	xmin, xmax := math.Inf(1), math.Inf(-1)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	drawn := 0
	var lines []*Polyline
	var ink []plot.Plotter
	for si, s := range ss {
		if err := checkText(fmt.Sprintf("series %d label", si), s.Label); err != nil {
			return nil, nil, err
		}
		if s.X != nil && len(s.X) != len(s.Y) {
			return nil, nil, fmt.Errorf("figure: series %d (%q) has %d x values and %d y values", si, s.Label, len(s.X), len(s.Y))
		}
		xs := s.X
		if xs == nil {
			xs = make([]float64, len(s.Y))
			for i := range xs {
				xs[i] = float64(i)
			}
		}
		// The finite prefix: a run that diverged ends at its first
		// non-finite value.
		n, diverged := len(s.Y), false
		for i := range s.Y {
			if !finite(s.Y[i]) || !finite(xs[i]) {
				n, diverged = i, true
				break
			}
		}
		ys := s.Y[:n]
		xs = xs[:n]
		if len(ys) > 0 {
			if lo, hi := slices.Min(ys), slices.Max(ys); !finite(hi - lo) {
				return nil, nil, fmt.Errorf("figure: the y range [%v, %v] of series %d (%s) is not finite (its width overflows); scale the values", lo, hi, si, quote(s.Label))
			}
			if lo, hi := slices.Min(xs), slices.Max(xs); !finite(hi - lo) {
				return nil, nil, fmt.Errorf("figure: the x range [%v, %v] of series %d (%s) is not finite (its width overflows)", lo, hi, si, quote(s.Label))
			}
		}
		label := s.Label
		if diverged && !frames {
			note := fmt.Sprintf("%d 個の値の後に発散", n)
			if label != "" {
				label += " (" + note + ")"
			} else if title == "" {
				title = note
			} else {
				title += " (" + note + ")"
			}
		}
		if zoom {
			// Keep one point beyond each end so lines reach the frame.
			a, b := 0, len(xs)
			for a < len(xs) && xs[a] < spec.XMin {
				a++
			}
			for b > a && xs[b-1] > spec.XMax {
				b--
			}
			a, b = max(a-1, 0), min(b+1, len(xs))
			xs, ys = xs[a:b], ys[a:b]
		}
		xs, ys = Decimate(xs, ys, cols)
		vs := make([]vertex, len(xs))
		for i := range xs {
			vs[i] = vertex{x: xs[i], y: ys[i]}
			if spec.LogY && !(ys[i] > 0) {
				vs[i].y = math.NaN() // a gap on a log scale
			}
		}
		lo, hi := math.Inf(-1), math.Inf(1)
		if fixY {
			lo, hi = spec.YMin, spec.YMax
			if !spec.LogY {
				pad := 0.02 * (hi - lo)
				lo, hi = lo-pad, hi+pad
			}
		}
		c := colors[si]
		l := &Polyline{Pieces: clipY(vs, lo, hi), LineStyle: lineStyle(c, s.Style)}
		l.Width = vg.Points(1)
		for _, piece := range l.Pieces {
			for _, xy := range piece {
				if zoom && (xy.X < spec.XMin || xy.X > spec.XMax) {
					continue
				}
				drawn++
				ymin, ymax = math.Min(ymin, xy.Y), math.Max(ymax, xy.Y)
			}
		}
		// The x range is the series' own, also where a fixed y range
		// clips it: 0 stays on the axis when the first iterates are off
		// the chart.
		for _, v := range vs {
			if !math.IsNaN(v.y) {
				xmin, xmax = math.Min(xmin, v.x), math.Max(xmax, v.x)
			}
		}
		lines = append(lines, l)
		ink = append(ink, l)
		if !frames {
			p.Add(l)
			if label != "" {
				p.Legend.Add(label, l)
			}
		}
	}
	p.Title.Text = title
	var refs []*refLabel
	for _, r := range spec.Refs {
		if !fixY {
			ymin, ymax = math.Min(ymin, r.At), math.Max(ymax, r.At)
		}
		ref := newRefLabel(r)
		ref.inFrames = frames
		p.Add(ref)
		refs = append(refs, ref)
	}
	if drawn == 0 && !fixY {
		return nil, nil, errors.New("figure: SeriesPlot has no point to draw")
	}
	if zoom {
		xmin, xmax = spec.XMin, spec.XMax
	}
	if fixY {
		ymin, ymax = spec.YMin, spec.YMax
	}
	if xmin == xmax {
		xmin, xmax = xmin-1, xmax+1
	}
	if ymin == ymax {
		if spec.LogY {
			ymin, ymax = ymin/2, ymax*2
		} else {
			ymin, ymax = ymin-1, ymax+1
		}
	}
	if err := checkSpan("x", xmin, xmax); err != nil {
		return nil, nil, fmt.Errorf("%w (SeriesPlot data)", err)
	}
	if err := checkSpan("y", ymin, ymax); err != nil {
		return nil, nil, fmt.Errorf("%w (SeriesPlot data)", err)
	}
	p.X.Min, p.X.Max = xmin, xmax
	p.Y.Min, p.Y.Max = ymin, ymax
	if integral(ss) {
		p.X.Tick.Marker = IntegerTicks{}
	}
	lay := placeLegend(p, ink...).lay
	lay.refs = refs
	for _, r := range refs {
		r.lay = lay
	}
	return p, lines, nil
}

// integral reports whether every series is against its index or against
// whole numbers (iteration numbers Iterate.K): the x axis counts, and gets
// integer ticks.
func integral(ss []Series) bool {
	for _, s := range ss {
		for _, x := range s.X {
			if x != math.Trunc(x) {
				return false
			}
		}
	}
	return true
}

// seriesColors returns each series' colour: its own, else its label's in
// the map, else the next colour of matplotlib's cycle that no series with
// an own or mapped colour uses, nor one like it (see fillColors) — so every
// series of a plot has its own colour, and a mapped label the same one in
// every plot.
func seriesColors(m map[string]color.Color, ss []Series) []color.Color {
	cs := make([]color.Color, len(ss))
	var taken []color.Color
	for i, s := range ss {
		switch {
		case s.Color != nil:
			cs[i] = s.Color
		case s.Label != "" && m[s.Label] != nil:
			cs[i] = m[s.Label]
		}
		if cs[i] != nil {
			taken = append(taken, cs[i])
		}
	}
	for _, c := range m {
		taken = append(taken, c)
	}
	fillColors(cs, taken...)
	return cs
}

// ColorsFor returns a colour map for SeriesSpec.Colors that gives the
// labels, in order, matplotlib's cycle C0, C1, …: pass the same map to
// every panel of a Grid, so that "momentum" is the same colour in each.
func ColorsFor(labels ...string) map[string]color.Color {
	m := make(map[string]color.Color, len(labels))
	for i, l := range labels {
		m[l] = Cycle(i)
	}
	return m
}

// DecadeTicks marks a logarithmic axis at powers of ten, with at most
// about eight labels (every second or third decade on long ranges) and
// unlabelled ticks at the other decades, or at 2…9 × 10ⁿ on short ranges.
// The labels of one axis share one form: plain decimals ("0.01", "1",
// "100") when every labelled decade is between 10⁻³ and 10³, otherwise
// exponents for all ("1e-6", "1e-3", "1e0", "1e3"), never a mix.
type DecadeTicks struct{}

// Ticks implements plot.Ticker.
func (DecadeTicks) Ticks(lo0, hi0 float64) []plot.Tick {
	min, max := lo0, hi0 // the axis range
	if !(min > 0) || !(max > min) {
		return nil
	}
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	step := (hi - lo + 7) / 8
	var ts []plot.Tick
	var labelled, exps []int // indices into ts, and their decades
	plain := true
	for e := lo; e <= hi; e++ {
		v := math.Pow(10, float64(e))
		if v >= min && v <= max {
			t := plot.Tick{Value: v}
			if e%step == 0 {
				labelled, exps = append(labelled, len(ts)), append(exps, e)
				plain = plain && e >= -3 && e <= 3
				t.Label = "x" // written below, in the axis' form
			}
			ts = append(ts, t)
		}
		if hi-lo <= 3 {
			for k := 2; k <= 9; k++ {
				if w := float64(k) * v; w >= min && w <= max {
					ts = append(ts, plot.Tick{Value: w})
				}
			}
		}
	}
	for j, i := range labelled {
		if plain {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'f', -1, 64)
		} else {
			ts[i].Label = "1e" + strconv.Itoa(exps[j])
		}
	}
	return ts
}

// IntegerTicks marks an axis of counts (iterations) at integers only,
// labelled without decimals ("0 10 20", not "0.00 25.00 50.00"): major ticks
// every 1, 2 or 5 × 10ⁿ, at most eight of them, with minor ticks
// between when they fall on integers.
type IntegerTicks struct{}

// Ticks implements plot.Ticker.
func (IntegerTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo) || !finite(hi) || !(hi > lo) {
		return nil
	}
	span := hi - lo
	step := 1.0
	for span/step > 7 {
		switch m := step / math.Pow(10, math.Floor(math.Log10(step))); {
		case m < 1.5:
			step *= 2 // 1 → 2
		case m < 3:
			step *= 2.5 // 2 → 5
		default:
			step *= 2 // 5 → 10
		}
	}
	minor := step / 5
	if step == 2 || minor < 1 || minor != math.Trunc(minor) {
		minor = 1
	}
	var ts []plot.Tick
	if span/minor > 100 {
		minor = step
	}
	for v := math.Ceil(lo/minor) * minor; v <= hi; v += minor {
		if v == 0 {
			v = 0 // not −0
		}
		t := plot.Tick{Value: v}
		if math.Mod(v, step) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', 0, 64)
		}
		ts = append(ts, t)
	}
	return ts
}
