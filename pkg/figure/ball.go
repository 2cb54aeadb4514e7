package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// BallSpec describes a BallAnimation.
type BallSpec struct {
	// View fixes the axes; the loss curve is drawn once, in the
	// background. An empty Title means the run's Result.Method.
	View View
	// Radius is the ball's radius; zero means 8 points, at most
	// MaxBallRadius (30 points).
	Radius vg.Length
	// Color is the ball's colour; nil means Red.
	Color color.Color
}

// MaxBallRadius is the largest BallSpec.Radius.
const MaxBallRadius = 30 * vg.Length(1)

// BallAnimation is seed 000's 「図で表すと」: momentum as a ball rolling on
// the loss. One frame per iterate x_k of r: a ball resting on the curve of
// f at x_k (set off from the curve by its radius, along the normal), and
// an arrow from it showing its velocity v_k, the step that brought it to
// x_k, in units of x: the arrow points where the ball would go next if no
// slope acted on it. With Momentum, v_k is the velocity the method
// records (Iterate.State.V of the previous iterate, v ← αv − η∂L/∂x); for a
// method without one it is x_k − x_{k−1} (the same for heavy-ball
// momentum). There is no arrow at x_0 (v = 0), nor across a gap of a
// thinned trace, nor where it would not reach past the ball by more than
// its head; the note gives v. The arrow's "v" label keeps clear of the
// arrow, the ball and the curve. The note ("iteration: k" and "x, v") sits
// where the curve, the balls and the arrows of all frames pass least, the
// same in every frame. Iterates outside the view are named in the note
// instead of drawn.
func BallAnimation(f objective.Func1D, r *optim.Result, spec BallSpec) (*Animation, error) {
	if err := checkRun1D("BallAnimation", f, r); err != nil {
		return nil, err
	}
	rad := spec.Radius
	if rad == 0 {
		rad = vg.Points(8)
	}
	if !(rad > 0 && rad <= MaxBallRadius) {
		return nil, fmt.Errorf("figure: BallSpec.Radius = %v is not in (0, %v]", spec.Radius, MaxBallRadius)
	}
	col := spec.Color
	if col == nil {
		col = Red
	}
	v := spec.View
	if v.Title == "" {
		v.Title = r.Method
	}
	if r.Status == optim.Diverged {
		v.Title += "（発散）"
	}
	bg, _, frames, err := ballFrames(f, r, v, rad, col)
	if err != nil {
		return nil, err
	}
	return NewAnimation(bg, 0, 0, len(frames), func(k int) []plot.Plotter { return frames[k] })
}

// ballFrames returns BallAnimation's background, its layout and its
// frames.
func ballFrames(f objective.Func1D, r *optim.Result, v View, rad vg.Length, col color.Color) (*plot.Plot, *layout, [][]plot.Plotter, error) {
	bg, curve, err := lossPlot(f, v)
	if err != nil {
		return nil, nil, nil, err
	}
	lay := &layout{}
	lay.ink.add(curve)
	curveInk := &ink{}
	curveInk.add(curve)
	registerLayout(bg, lay)
	tr := r.Trace
	frames := make([][]plot.Plotter, len(tr))
	for k, it := range tr {
		x, y := it.X[0], it.F
		vel, ok := velocity(tr, k)
		msg := fmt.Sprintf("x = %.3f, v = %.3f", x, vel)
		if !ok {
			msg = fmt.Sprintf("x = %.3f", x)
		}
		var ps []plot.Plotter
		if x >= v.XMin && x <= v.XMax && y >= v.YMin && y <= v.YMax && finite(y) {
			slope := f.DF(x)
			if len(it.Grad) == 1 {
				slope = it.Grad[0]
			}
			b := &ball{x: x, y: y, slope: slope, v: vel, arrow: ok && vel != 0, radius: rad, color: col, curve: curveInk}
			ps = append(ps, b)
		} else {
			msg = fmt.Sprintf("(x, L) = (%.3f, %.3f) は図の外", x, y)
		}
		lay.ink.add(ps...)
		note := &noteBox{lay: lay, lines: []noteLine{
			newNoteLine(fmt.Sprintf("iteration: %d", it.K), 17),
			newNoteLine(msg, 12),
		}}
		lay.fit(note)
		frames[k] = append(ps, note)
	}
	return bg, lay, frames, nil
}

// velocity returns v_k, the velocity with which the run reached trace
// index k, and whether it is known.
func velocity(tr optim.Trace, k int) (float64, bool) {
	if k == 0 {
		return 0, true
	}
	prev := tr[k-1]
	if tr[k].K-prev.K != 1 {
		return 0, false // a gap of a thinned trace
	}
	if s := prev.State; s != nil && len(s.V) == 1 && finite(s.V[0]) {
		return s.V[0], true
	}
	d := tr[k].X[0] - prev.X[0]
	return d, finite(d)
}

// ball is a plotter for the rolling ball and its velocity arrow.
type ball struct {
	x, y, slope, v float64
	arrow          bool
	radius         vg.Length
	color          color.Color
	curve          *ink // the loss curve, which the "v" label keeps clear of
}

// arrowHead is the length of the arrow's head; its width is half that.
const arrowHead = vg.Length(7)

// ballGeometry is where a ball and its arrow are drawn on the canvas.
type ballGeometry struct {
	centre vg.Point
	// The arrow runs along y = centre.Y from start (the ball's rim) to
	// tip; it is drawn only if arrow is set, with a head if head is set
	// (it has none where the frame cuts it).
	start, tip  vg.Length
	arrow, head bool
}

// geometry returns where b is drawn on c.
func (b *ball) geometry(c draw.Canvas, p *plot.Plot) ballGeometry {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(b.x), Y: trY(b.y)}
	// Canvas lengths of one unit of x and of y: the curve's direction on
	// the canvas is (sx, sy·slope), its upward normal (−sy·slope, sx).
	sx := float64(trX(b.x+1) - trX(b.x))
	sy := float64(trY(b.y+1) - trY(b.y))
	tx, ty := sx, sy*b.slope
	n := math.Hypot(tx, ty)
	g := ballGeometry{centre: pt}
	if finite(n) && n > 0 {
		g.centre.X += b.radius * vg.Length(-ty/n)
		g.centre.Y += b.radius * vg.Length(tx/n)
	} else {
		g.centre.Y += b.radius // a vertical curve: sit on top
	}
	if !b.arrow {
		return g
	}
	g.tip = g.centre.X + vg.Length(b.v*sx)
	g.head = true
	if g.tip > c.Max.X || g.tip < c.Min.X { // cut at the frame, without a head
		g.tip = max(c.Min.X, min(c.Max.X, g.tip))
		g.head = false
	}
	dir := g.dir()
	g.start = g.centre.X + dir*b.radius // from the ball's rim
	// An arrow whose head would reach into the ball is not drawn: the
	// note gives v.
	least := vg.Points(2)
	if g.head {
		least = arrowHead + vg.Points(3)
	}
	g.arrow = (g.tip-g.start)*dir >= least
	return g
}

// dir is +1 for an arrow pointing right, −1 for one pointing left.
func (g ballGeometry) dir() vg.Length {
	if g.tip < g.centre.X {
		return -1
	}
	return 1
}

// vLabel returns the box (with its white margin) of the arrow's "v" label
// and the style to write it with, anchored at the box's lower left corner
// less the margin. The label keeps clear of the arrow and the ball: above
// or below the middle of the arrow, beyond the ball's top or bottom, past
// its tip, or above the ball on the side away from it — the first of these
// that the loss curve does not cross, or else the one it crosses least.
func (b *ball) vLabel(c draw.Canvas, p *plot.Plot, g ballGeometry) (vg.Rectangle, text.Style) {
	sty := plot.New().Title.TextStyle
	sty.Font.Size = 12
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	size := sty.Rectangle("v").Size()
	m := vg.Points(2)
	w, h := size.X+2*m, size.Y+2*m
	gap := vg.Points(2)
	dir := g.dir()
	mid := (g.start + g.tip) / 2
	cy := g.centre.Y
	r := b.radius
	at := func(x, y vg.Length) vg.Rectangle { // lower left corner
		return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
	}
	beyond := g.tip + dir*gap // past the tip (and its head)
	if dir < 0 {
		beyond -= w
	}
	away := g.centre.X - dir*(r+gap) // beside the ball, away from the arrow
	if dir > 0 {
		away -= w
	}
	cands := []vg.Rectangle{
		at(mid-w/2, cy+r+gap),
		at(mid-w/2, cy-r-gap-h),
		at(beyond, cy-h/2),
		at(away, cy+r/2),
	}
	costs := b.curve.hits(c, p, cands)
	best := -1
	for i, box := range cands {
		if box.Min.X < c.Min.X || box.Max.X > c.Max.X || box.Min.Y < c.Min.Y || box.Max.Y > c.Max.Y {
			costs[i] = math.MaxInt // it would leave the data area
		}
		if best < 0 || costs[i] < costs[best] {
			best = i
		}
	}
	return cands[best], sty
}

// Plot implements plot.Plotter.
func (b *ball) Plot(c draw.Canvas, p *plot.Plot) {
	g := b.geometry(c, p)
	c.DrawGlyph(draw.GlyphStyle{Color: b.color, Radius: b.radius, Shape: draw.CircleGlyph{}}, g.centre)
	c.DrawGlyph(draw.GlyphStyle{Color: Black, Radius: b.radius, Shape: draw.RingGlyph{}}, g.centre)
	if !g.arrow {
		return
	}
	dir := g.dir()
	ls := draw.LineStyle{Color: Black, Width: vg.Points(2)}
	end := g.tip
	if g.head {
		end = g.tip - dir*arrowHead
	}
	if (end-g.start)*dir > 0 {
		c.StrokeLine2(ls, g.start, g.centre.Y, end, g.centre.Y)
	}
	if g.head {
		var h vg.Path
		h.Move(vg.Point{X: g.tip, Y: g.centre.Y})
		h.Line(vg.Point{X: g.tip - dir*arrowHead, Y: g.centre.Y + arrowHead/2})
		h.Line(vg.Point{X: g.tip - dir*arrowHead, Y: g.centre.Y - arrowHead/2})
		h.Close()
		c.SetColor(Black)
		c.Fill(h)
	}
	box, sty := b.vLabel(c, p, g)
	c.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd9})
	c.Fill(box.Path())
	tr := sty.Rectangle("v")
	m := vg.Points(2)
	c.FillText(sty, vg.Point{X: box.Min.X + m - tr.Min.X, Y: box.Min.Y + m - tr.Min.Y}, "v")
}
