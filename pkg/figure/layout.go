package figure

import (
	"image/color"
	"math"
	"runtime"
	"sync"
	"weak"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ink is what a figure draws that a legend, a note or a label should not
// cover: lines, isolated points and discs (a ball of a given radius, in
// canvas units, around a data point).
type ink struct {
	lines  []plotter.XYs // joined points
	points plotter.XYs   // isolated points (markers)
	discs  []disc
}

// disc is a round glyph of radius r around a data point.
type disc struct {
	at plotter.XY
	r  vg.Length
}

// add collects the data of the plotters it knows.
func (k *ink) add(ps ...plot.Plotter) {
	for _, p := range ps {
		switch p := p.(type) {
		case *Polyline:
			k.lines = append(k.lines, p.Pieces...)
		case *plotter.Line:
			k.lines = append(k.lines, p.XYs)
		case *plotter.Scatter:
			k.points = append(k.points, p.XYs...)
		case *ball:
			k.discs = append(k.discs, disc{at: plotter.XY{X: p.x, Y: p.y}, r: 2 * p.radius})
			if p.arrow {
				k.lines = append(k.lines, plotter.XYs{{X: p.x, Y: p.y}, {X: p.x + p.v, Y: p.y}})
			}
		}
	}
}

// hits returns, for each rectangle, how much of the ink drawn on c it
// covers. Lines count by their length: each segment is sampled every two
// points (in canvas units), so a curve under a rectangle weighs as much as
// the ink it would hide; a point counts one, a disc as its area sampled
// every two points. Ink outside c is not drawn and does not count.
func (k *ink) hits(c draw.Canvas, p *plot.Plot, rects []vg.Rectangle) []int {
	counts := make([]int, len(rects))
	trX, trY := p.Transforms(&c)
	hit := func(pt vg.Point) {
		if !c.Contains(pt) {
			return
		}
		for i, r := range rects {
			if pt.X >= r.Min.X && pt.X <= r.Max.X && pt.Y >= r.Min.Y && pt.Y <= r.Max.Y {
				counts[i]++
			}
		}
	}
	canvasPt := func(xy plotter.XY) (vg.Point, bool) {
		pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		return pt, finite(float64(pt.X)) && finite(float64(pt.Y))
	}
	for _, xy := range k.points {
		if pt, ok := canvasPt(xy); ok {
			hit(pt)
		}
	}
	for _, d := range k.discs {
		o, ok := canvasPt(d.at)
		if !ok {
			continue
		}
		const step = vg.Length(2)
		for dx := -d.r; dx <= d.r; dx += step {
			for dy := -d.r; dy <= d.r; dy += step {
				if dx*dx+dy*dy <= d.r*d.r {
					hit(vg.Point{X: o.X + dx, Y: o.Y + dy})
				}
			}
		}
	}
	for _, line := range k.lines {
		for i := 1; i < len(line); i++ {
			a, okA := canvasPt(line[i-1])
			z, okZ := canvasPt(line[i])
			if !okA || !okZ {
				continue
			}
			d := math.Hypot(float64(z.X-a.X), float64(z.Y-a.Y))
			n := min(int(d/2)+1, 10000) // a segment far off the canvas costs at most this
			for j := range n + 1 {
				t := vg.Length(float64(j) / float64(n))
				hit(vg.Point{X: a.X + t*(z.X-a.X), Y: a.Y + t*(z.Y-a.Y)})
			}
		}
	}
	return counts
}

// layout places, once per canvas, what is written over a plot's data
// area: the labels of its reference lines, its note block (the "iteration"
// or parameter label of an animation and the lines under it) and its
// legend, each where it covers the least ink, and never on each other.
// Every frame of an animation draws with the background's layout, so the
// ink counted is that of the background and of all frames, and a note does
// not jump from frame to frame.
type layout struct {
	ink    ink
	note   vg.Point // the size of the largest note block; zero: none
	refs   []*refLabel
	legend plot.Legend // the legend's entries, drawn by bestLegend

	// frameRefs are the reference labels drawn in the frames of an
	// explorable, in frame order; decide places them too.
	frameRefs []*frameRef

	mu       sync.Mutex
	done     bool
	canvas   vg.Rectangle   // the data area the decision is for
	noteAt   vg.Rectangle   // the note block, with its margin
	noteInk  bool           // whether any ink passes under the note block
	corner   int            // the legend's place in the data area, an index into legendPlaces
	legendAt vg.Rectangle   // the legend, with its margin (in or outside the data area)
	boxes    []vg.Rectangle // everything placed, for labels placed later

	// What covers ink wherever it goes in the data area goes outside
	// it, in room the data area gives up (see room): the legend to its
	// right (legendOut), the note block above it, under the title
	// (noteOut), a frame's reference label to its right at the line's
	// height (refOut). They only turn on while a figure is drawn; grew
	// says one did, so the figure must be drawn again (settle), and
	// reset turns them off before a figure is drawn.
	legendOut, noteOut, refOut bool
	grew                       bool
	legendSz                   vg.Point  // the legend's size, for room
	refW                       vg.Length // the widest frame reference label, with its margin
}

// fit makes room in the note block for n.
func (l *layout) fit(n *noteBox) {
	s := n.size()
	l.note.X = max(l.note.X, s.X)
	l.note.Y = max(l.note.Y, s.Y)
}

// overlapPenalty is the cost of a box over a box already placed: more than
// any amount of ink.
const overlapPenalty = 1 << 40

// notePad is the distance of a note block from the data area's edges.
const notePad = vg.Length(6)

// decide places everything for the data area c, unless that is done.
// Where the least-ink place in the data area of the legend, the note
// block or a frame's reference label still covers ink, it turns on that
// one's place outside the data area and sets grew: the data area c has
// no room for it yet, and the figure is drawn again (settle).
func (l *layout) decide(c draw.Canvas, p *plot.Plot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done && l.canvas == c.Rectangle {
		return
	}
	l.done, l.canvas = true, c.Rectangle
	var placed []vg.Rectangle
	cost := func(r vg.Rectangle, h int) int {
		return boxCost(c, r, h, placed)
	}
	// The reference labels first: each must stay by its line. Those
	// drawn in the frames are placed last, frame by frame.
	for _, ref := range l.refs {
		ref.at = vg.Rectangle{}
		if ref.inFrames {
			continue
		}
		ref.at, _ = ref.place(c, p, &l.ink, l.refs, cost)
		if ref.at.Size().X > 0 {
			placed = append(placed, ref.at)
		}
	}
	// The note block and the legend together: the pair that covers the
	// least ink without overlapping; what covers ink even there goes
	// outside.
	var notes, legends []vg.Rectangle
	l.legendSz = legendSize(l.legend, c)
	hasNote := l.note.X > 0 && l.note.Y > 0
	hasLegend := l.legendSz.X > 0 && l.legendSz.Y > 0
	if hasNote && !l.noteOut {
		notes = noteCandidates(c, l.note)
	}
	if hasLegend && !l.legendOut {
		legends = legendCandidates(c, l.legendSz)
	}
	nh := l.ink.hits(c, p, notes)
	lh := l.ink.hits(c, p, legends)
	bestN, bestL, best := 0, 0, math.MaxInt
	for i := range max(len(notes), 1) {
		for j := range max(len(legends), 1) {
			total := 0
			if len(notes) > 0 {
				total += cost(notes[i], nh[i])
			}
			if len(legends) > 0 {
				total += cost(legends[j], lh[j])
			}
			if len(notes) > 0 && len(legends) > 0 && overlaps(notes[i], legends[j]) {
				total += overlapPenalty
			}
			if total < best {
				bestN, bestL, best = i, j, total
			}
		}
	}
	legendInk := len(legends) > 0 && lh[bestL] > 0
	noteInk := len(notes) > 0 && nh[bestN] > 0
	switch {
	case legendInk: // the legend first: it is static, the note may then fit
		l.legendOut, l.grew = true, true
	case noteInk:
		l.noteOut, l.grew = true, true
	}
	l.noteAt, l.noteInk, l.corner, l.legendAt = vg.Rectangle{}, false, bestL, vg.Rectangle{}
	l.boxes = placed
	switch {
	case hasNote && l.noteOut:
		l.noteAt = vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: c.Max.Y}, Max: vg.Point{
			X: c.Min.X + l.note.X + 2*notePad, Y: c.Max.Y + l.noteRoom()}}
	case len(notes) > 0:
		l.noteAt, l.noteInk = notes[bestN], nh[bestN] > 0
		l.boxes = append(l.boxes, l.noteAt)
	}
	switch {
	case hasLegend && l.legendOut:
		w, h := l.legendSz.X+2*legendPad, l.legendSz.Y+2*legendPad
		l.legendAt = vg.Rectangle{Min: vg.Point{X: c.Max.X + outGap, Y: c.Max.Y - h}, Max: vg.Point{X: c.Max.X + outGap + w, Y: c.Max.Y}}
	case len(legends) > 0:
		l.legendAt = legends[bestL]
		l.boxes = append(l.boxes, l.legendAt)
	}
	l.placeFrameRefs(c, p)
}

// placeFrameRefs places the frames' reference labels on the data area c,
// each where its frame's ink passes least, clear of what is placed and of
// the labels of its frame placed before it; one that covers ink even
// there goes to the right of the data area at its line's height.
func (l *layout) placeFrameRefs(c draw.Canvas, p *plot.Plot) {
	for _, f := range l.frameRefs {
		placed := append([]vg.Rectangle(nil), l.boxes...)
		for _, b := range f.before {
			if b.at.Size().X > 0 {
				placed = append(placed, b.at)
			}
		}
		cost := func(r vg.Rectangle, h int) int { return boxCost(c, r, h, placed) }
		var h int
		f.at, h = f.ref.place(c, p, f.ink, l.refs, cost)
		if f.at.Size().X <= 0 || h == 0 {
			continue
		}
		size := f.at.Size()
		l.refW = max(l.refW, size.X)
		if !l.refOut {
			l.refOut, l.grew = true, true
			continue
		}
		_, trY := p.Transforms(&c)
		y := max(c.Min.Y, min(c.Max.Y-size.Y, trY(f.ref.line.At)-size.Y/2))
		f.at = vg.Rectangle{Min: vg.Point{X: c.Max.X + outGap, Y: y}, Max: vg.Point{X: c.Max.X + outGap + size.X, Y: y + size.Y}}
	}
}

// outGap is the space between the data area and what is placed outside
// it.
const outGap = vg.Length(6)

// noteRoom is the height of the room above the data area for the note
// block; call with l.mu held.
func (l *layout) noteRoom() vg.Length {
	if !l.noteOut || l.note.Y <= 0 {
		return 0
	}
	return l.note.Y + 2*notePad
}

// rightRoom is the width of the room right of the data area for the
// legend and the frames' reference labels; call with l.mu held.
func (l *layout) rightRoom() vg.Length {
	var w vg.Length
	if l.legendOut && l.legendSz.X > 0 {
		w = l.legendSz.X + 2*legendPad
	}
	if l.refOut {
		w = max(w, l.refW)
	}
	if w == 0 {
		return 0
	}
	return outGap + w
}

// titleLift returns how far above its data area p's title goes to clear
// the note block placed there; zero when there is none.
func titleLift(p *plot.Plot) vg.Length {
	l := layoutOf(p)
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.noteRoom()
}

// reset forgets every decision, those to place anything outside the data
// area included, before a figure is drawn. A nil layout does nothing.
func (l *layout) reset() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done, l.grew = false, false
	l.legendOut, l.noteOut, l.refOut, l.refW = false, false, false, 0
}

// regrew reports, and forgets, whether l turned on a place outside the
// data area since it was last asked. A nil layout did not.
func (l *layout) regrew() bool {
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	g := l.grew
	l.grew = false
	return g
}

// settle calls draw, which draws a figure whose plots have the layouts
// lays on a new page, until no layout turned on a place outside its data
// area while it drew (at most once for each such place).
func settle(lays []*layout, draw func()) {
	for _, l := range lays {
		l.reset()
	}
	for range 6 {
		draw()
		grew := false
		for _, l := range lays {
			grew = l.regrew() || grew
		}
		if !grew {
			return
		}
	}
}

// room is a plotter that draws nothing: as a plot.GlyphBoxer it makes
// gonum/plot give up the room of the data area that its layout places
// things in outside the data area (right of it and above it), and it
// has the layout decide when the plot is drawn, so that an animation's
// background decides for its frames.
type room struct{ lay *layout }

// Plot implements plot.Plotter.
func (r room) Plot(c draw.Canvas, p *plot.Plot) { r.lay.decide(c, p) }

// GlyphBoxes implements plot.GlyphBoxer.
func (r room) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	r.lay.mu.Lock()
	defer r.lay.mu.Unlock()
	var bs []plot.GlyphBox
	if w := r.lay.rightRoom(); w > 0 {
		bs = append(bs, plot.GlyphBox{X: 1, Y: 1, Rectangle: vg.Rectangle{Max: vg.Point{X: w}}})
	}
	if h := r.lay.noteRoom(); h > 0 {
		bs = append(bs, plot.GlyphBox{X: 0, Y: 1, Rectangle: vg.Rectangle{Max: vg.Point{Y: h}}})
	}
	return bs
}

// boxCost is the cost of the box r on the data area c: h, what it covers,
// plus a penalty for each box already placed that it overlaps and for
// leaving the data area.
func boxCost(c draw.Canvas, r vg.Rectangle, h int, placed []vg.Rectangle) int {
	for _, q := range placed {
		if overlaps(r, q) {
			h += overlapPenalty
		}
	}
	if r.Min.X < c.Min.X || r.Max.X > c.Max.X || r.Min.Y < c.Min.Y || r.Max.Y > c.Max.Y {
		h += overlapPenalty / 2 // outside the data area: only if nothing else
	}
	return h
}

// overlaps reports whether two rectangles share more than an edge.
func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// noteCandidates returns the places a note block of the given size may go
// in the data area c, in order of preference: the upper left corner (where
// the source documents write "iteration: n"), the upper right, lower left
// and lower right corners, then the middle of the top and of the bottom
// edge.
func noteCandidates(c draw.Canvas, size vg.Point) []vg.Rectangle {
	w, h := size.X+2*notePad, size.Y+2*notePad
	midX := (c.Min.X + c.Max.X - w) / 2
	at := func(x, y vg.Length) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
	}
	return []vg.Rectangle{
		at(c.Min.X, c.Max.Y-h), at(c.Max.X-w, c.Max.Y-h),
		at(c.Min.X, c.Min.Y), at(c.Max.X-w, c.Min.Y),
		at(midX, c.Max.Y-h), at(midX, c.Min.Y),
	}
}

// legendPlaces are the places a legend may go, in order of preference:
// the corners in matplotlib's order (upper right, upper left, lower left,
// lower right), then the middle of the top and of the bottom edge, for
// when every corner holds ink. x is −1 at the left edge, 0 in the middle,
// 1 at the right edge.
var legendPlaces = [6]struct {
	top bool
	x   int
}{{true, 1}, {true, -1}, {false, -1}, {false, 1}, {true, 0}, {false, 0}}

// legendPad is the margin counted around a legend.
const legendPad = vg.Length(4)

// legendCandidates returns the legend's rectangle, with its margin, at
// each of legendPlaces in the data area c.
func legendCandidates(c draw.Canvas, size vg.Point) []vg.Rectangle {
	rects := make([]vg.Rectangle, len(legendPlaces))
	for i, pl := range legendPlaces {
		w, h := size.X+2*legendPad, size.Y+2*legendPad
		r := vg.Rectangle{}
		switch pl.x {
		case -1:
			r.Min.X = c.Min.X
		case 0:
			r.Min.X = (c.Min.X + c.Max.X - w) / 2
		default:
			r.Min.X = c.Max.X - w
		}
		if pl.top {
			r.Min.Y = c.Max.Y - h
		} else {
			r.Min.Y = c.Min.Y
		}
		r.Max = vg.Point{X: r.Min.X + w, Y: r.Min.Y + h}
		rects[i] = r
	}
	return rects
}

// noteBox is a block of lines of text over a white box, placed by its
// layout, as a legend is, where the plot's ink (that of every frame, for an
// animation) is sparsest: an animation's "iteration: n" and "x = …", an
// explorable's parameter label and how its run ended.
type noteBox struct {
	lay   *layout
	lines []noteLine
}

// noteLine is one line of a noteBox.
type noteLine struct {
	text  string
	style text.Style
}

// newNoteLine returns a line in the default font at the given size.
func newNoteLine(s string, size vg.Length) noteLine {
	sty := plot.New().Title.TextStyle
	sty.Font.Size = size
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	return noteLine{text: s, style: sty}
}

// wideExtra is what a line's measured width misses for its wide (CJK)
// characters: the default fonts have no glyphs for them, and their
// fallback glyph measures about 0.78 em, while a browser draws them with
// a CJK font 1 em wide.
func wideExtra(ln noteLine) vg.Length {
	n := 0
	for _, r := range ln.text {
		if r >= 0x2E80 && r <= 0xFFEF {
			n++
		}
	}
	return vg.Length(n) * 0.25 * ln.style.Font.Size
}

// noteGap is the space between the lines of a noteBox.
const noteGap = vg.Length(4)

// size returns the size of the block's text.
func (n *noteBox) size() vg.Point {
	var s vg.Point
	for i, ln := range n.lines {
		r := ln.style.Rectangle(ln.text).Size()
		s.X = max(s.X, r.X+wideExtra(ln))
		s.Y += r.Y
		if i > 0 {
			s.Y += noteGap
		}
	}
	return s
}

// Plot implements plot.Plotter.
func (n *noteBox) Plot(c draw.Canvas, p *plot.Plot) {
	n.lay.decide(c, p)
	r := n.lay.noteAt
	if r.Size().X <= 0 {
		return
	}
	// The white box has the size of the largest block of the layout, so
	// it stays put from frame to frame. Where no ink passes under the
	// block, in the background or any frame, it would hide nothing: it
	// is left out, and an animation's frames are the smaller.
	if n.lay.noteInk {
		box := vg.Rectangle{
			Min: vg.Point{X: r.Min.X + notePad/2, Y: r.Min.Y + notePad/2},
			Max: vg.Point{X: r.Max.X - notePad/2, Y: r.Max.Y - notePad/2},
		}
		c.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd9})
		c.Fill(box.Path())
	}
	pt := vg.Point{X: r.Min.X + notePad, Y: r.Max.Y - notePad}
	for _, ln := range n.lines {
		c.FillText(ln.style, pt, ln.text)
		pt.Y -= ln.style.Rectangle(ln.text).Size().Y + noteGap
	}
}

// layouts remembers the layout of each plot built by this package, so that
// NewExplorable can place its label with the background's ink in view. It
// holds its plots weakly: an entry goes when its plot is collected.
var layouts = struct {
	sync.Mutex
	m map[weak.Pointer[plot.Plot]]*layout
}{m: map[weak.Pointer[plot.Plot]]*layout{}}

// registerLayout records l as p's layout, and adds to p the plotter that
// makes room for what l places outside the data area.
func registerLayout(p *plot.Plot, l *layout) {
	p.Add(room{lay: l})
	k := weak.Make(p)
	layouts.Lock()
	layouts.m[k] = l
	layouts.Unlock()
	runtime.AddCleanup(p, func(k weak.Pointer[plot.Plot]) {
		layouts.Lock()
		delete(layouts.m, k)
		layouts.Unlock()
	}, k)
}

// layoutOf returns p's layout, or nil.
func layoutOf(p *plot.Plot) *layout {
	layouts.Lock()
	defer layouts.Unlock()
	return layouts.m[weak.Make(p)]
}
