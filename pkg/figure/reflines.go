package figure

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RefLine is a plotter for a horizontal or vertical reference line across
// the whole plot (matplotlib's axhline and axvline). It does not widen the
// axes.
type RefLine struct {
	// Vertical selects a line x = At; otherwise the line is y = At.
	Vertical bool
	At       float64
	draw.LineStyle
}

// HLine returns a thin grey dashed reference line y = at.
func HLine(at float64) *RefLine {
	return &RefLine{At: at, LineStyle: draw.LineStyle{Color: Gray, Width: vg.Points(0.75), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}}
}

// VLine returns a thin grey dashed reference line x = at.
func VLine(at float64) *RefLine {
	l := HLine(at)
	l.Vertical = true
	return l
}

// Plot implements plot.Plotter. Lines outside the axes, or at a non-finite
// position, are not drawn.
func (l *RefLine) Plot(c draw.Canvas, p *plot.Plot) {
	if !finite(l.At) {
		return
	}
	trX, trY := p.Transforms(&c)
	if l.Vertical {
		if x := trX(l.At); c.ContainsX(x) {
			c.StrokeLine2(l.LineStyle, x, c.Min.Y, x, c.Max.Y)
		}
		return
	}
	if y := trY(l.At); c.ContainsY(y) {
		c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (l *RefLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}

// refLabel is a Ref: a dashed line y = At with its label over a white box,
// so that the lines under it do not cross the text. Its layout puts the
// label above or below the line, at its right or left end or else along
// it, wherever the plot's series (those of every frame, for an
// explorable) pass least.
type refLabel struct {
	line  *RefLine
	label string
	style text.Style
	lay   *layout
	at    vg.Rectangle // the label's box, chosen by lay; empty: not drawn
	// inFrames leaves the label to the frames of an explorable (see
	// frameRef): the line is drawn in the background, the label in each
	// frame where that frame's line does not pass.
	inFrames bool
}

func newRefLabel(r Ref) *refLabel {
	c := r.Color
	if c == nil {
		c = Black
	}
	l := HLine(r.At)
	l.Color, l.Width = c, vg.Points(1)
	sty := plot.New().Title.TextStyle
	sty.Font.Size = 11
	sty.Color = c
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	return &refLabel{line: l, label: r.Label, style: sty}
}

// refMargin is the white margin around a reference label's text.
const refMargin = vg.Length(2)

// candidates returns the boxes the label may take on the data area c, in
// order of preference: at the right end of the line above it, below it,
// then at the left end above and below, then at seven places along the
// line from right to left; none when the line is not drawn or has no
// label.
func (r *refLabel) candidates(c draw.Canvas, p *plot.Plot) []vg.Rectangle {
	if r.label == "" || !finite(r.line.At) {
		return nil
	}
	_, trY := p.Transforms(&c)
	y := trY(r.line.At)
	if !c.ContainsY(y) {
		return nil
	}
	size := r.style.Rectangle(r.label).Size()
	w, h := size.X+2*refMargin, size.Y+2*refMargin
	inset, gap := vg.Points(4), vg.Points(1)
	xs := []vg.Length{c.Max.X - inset - w, c.Min.X + inset}
	for k := 7; k >= 1; k-- { // then along the line, from the right
		xs = append(xs, c.Min.X+vg.Length(k)*(c.Max.X-c.Min.X)/8-w/2)
	}
	var out []vg.Rectangle
	for _, x := range xs {
		for _, y0 := range []vg.Length{y + gap, y - gap - h} {
			if y0 < c.Min.Y || y0+h > c.Max.Y {
				continue // it would leave the data area
			}
			out = append(out, vg.Rectangle{Min: vg.Point{X: x, Y: y0}, Max: vg.Point{X: x + w, Y: y0 + h}})
		}
	}
	return out
}

// place returns the label's box on c: the candidate that covers the least
// of k and of the other reference lines of all, at the cost cost adds for
// the boxes already placed, and how much of them it covers; an empty box
// when the label is not drawn.
func (r *refLabel) place(c draw.Canvas, p *plot.Plot, k *ink, all []*refLabel, cost func(vg.Rectangle, int) int) (vg.Rectangle, int) {
	cands := r.candidates(c, p)
	if len(cands) == 0 {
		return vg.Rectangle{}, 0
	}
	hs := k.hits(c, p, cands)
	_, trY := p.Transforms(&c)
	best, bestCost, bestInk := 0, math.MaxInt, 0
	for j, box := range cands {
		h := hs[j]
		for _, other := range all { // other reference lines count as ink
			if y := trY(other.line.At); other != r && y >= box.Min.Y && y <= box.Max.Y {
				h += int((box.Max.X - box.Min.X) / 2)
			}
		}
		if total := cost(box, h); total < bestCost {
			best, bestCost, bestInk = j, total, h
		}
	}
	return cands[best], bestInk
}

// Plot implements plot.Plotter.
func (r *refLabel) Plot(c draw.Canvas, p *plot.Plot) {
	r.line.Plot(c, p)
	if r.lay == nil { // not in a figure: lay out alone
		r.lay = &layout{refs: []*refLabel{r}}
	}
	r.lay.decide(c, p)
	if !r.inFrames {
		r.drawLabel(c, r.at)
	}
}

// drawLabel writes the label in the box over white.
func (r *refLabel) drawLabel(c draw.Canvas, box vg.Rectangle) {
	if box.Size().X <= 0 {
		return
	}
	c.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd9}) // white, 85 % opaque
	c.Fill(box.Path())
	tr := r.style.Rectangle(r.label)
	c.FillText(r.style, vg.Point{X: box.Min.X + refMargin - tr.Min.X, Y: box.Min.Y + refMargin - tr.Min.Y}, r.label)
}

// frameRef is the label of a reference line drawn in one frame of an
// explorable, over the frame's line: every frame shows a different run, so
// no place along the line need be free in all of them. Its layout places
// it (decide) where the frame's ink passes least, clear of the note
// block, the legend and the labels of the frame placed before it; when
// even there it would cover the frame's ink, in the room right of the
// data area, at the line's height.
type frameRef struct {
	ref *refLabel
	ink *ink // the frame's
	// before are the labels of the same frame placed earlier.
	before []*frameRef
	at     vg.Rectangle
}

// Plot implements plot.Plotter.
func (f *frameRef) Plot(c draw.Canvas, p *plot.Plot) {
	f.ref.lay.decide(c, p)
	f.ref.drawLabel(c, f.at)
}

// boxText writes s at pt over a white box with a small margin, so that
// lines under the text do not cross it.
func boxText(c draw.Canvas, sty text.Style, pt vg.Point, s string) {
	r := sty.Rectangle(s)
	m := vg.Points(2)
	box := vg.Rectangle{
		Min: vg.Point{X: pt.X + r.Min.X - m, Y: pt.Y + r.Min.Y - m},
		Max: vg.Point{X: pt.X + r.Max.X + m, Y: pt.Y + r.Max.Y + m},
	}
	c.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd9}) // white, 85 % opaque
	c.Fill(box.Path())
	c.FillText(sty, pt, s)
}
