package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
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
// momentum). There is no arrow at x_0 (v = 0) nor across a gap of a thinned
// trace. Iterates outside the view are named in a note instead of drawn.
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
		v.Title += " (diverged)"
	}
	bg, err := LossPlot(f, v)
	if err != nil {
		return nil, err
	}
	tr := r.Trace
	return NewAnimation(bg, 0, 0, len(tr), func(k int) []plot.Plotter {
		it := tr[k]
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
			ps = append(ps, &ball{x: x, y: y, slope: slope, v: vel, arrow: ok && vel != 0, radius: rad, color: col})
		} else {
			msg = fmt.Sprintf("(x, L) = (%.3f, %.3f) is off the chart", x, y)
		}
		label := NewNote(0.03, 0.97, fmt.Sprintf("iteration: %d", it.K), 17)
		note := NewNote(0.03, 0.89, msg, 12)
		label.Box, note.Box = true, true
		return append(ps, label, note)
	})
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
}

// Plot implements plot.Plotter.
func (b *ball) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(b.x), Y: trY(b.y)}
	// Canvas lengths of one unit of x and of y: the curve's direction on
	// the canvas is (sx, sy·slope), its upward normal (−sy·slope, sx).
	sx := float64(trX(b.x+1) - trX(b.x))
	sy := float64(trY(b.y+1) - trY(b.y))
	tx, ty := sx, sy*b.slope
	n := math.Hypot(tx, ty)
	centre := pt
	if finite(n) && n > 0 {
		centre.X += b.radius * vg.Length(-ty/n)
		centre.Y += b.radius * vg.Length(tx/n)
	} else {
		centre.Y += b.radius // a vertical curve: sit on top
	}
	c.DrawGlyph(draw.GlyphStyle{Color: b.color, Radius: b.radius, Shape: draw.CircleGlyph{}}, centre)
	c.DrawGlyph(draw.GlyphStyle{Color: Black, Radius: b.radius, Shape: draw.RingGlyph{}}, centre)
	if !b.arrow {
		return
	}
	tip := centre.X + vg.Length(b.v*sx)
	head := true
	if tip > c.Max.X || tip < c.Min.X { // cut at the frame, without a head
		tip = max(c.Min.X, min(c.Max.X, tip))
		head = false
	}
	dir := vg.Length(1)
	if tip < centre.X {
		dir = -1
	}
	start := centre.X + dir*b.radius // from the ball's rim
	if (tip-start)*dir < vg.Points(2) {
		return // shorter than the ball: the note gives v
	}
	ls := draw.LineStyle{Color: Black, Width: vg.Points(2)}
	hl := vg.Points(7) // the head's length
	end := tip
	if head {
		end = tip - dir*hl
	}
	if (end-start)*dir > 0 {
		c.StrokeLine2(ls, start, centre.Y, end, centre.Y)
	}
	if head {
		var h vg.Path
		h.Move(vg.Point{X: tip, Y: centre.Y})
		h.Line(vg.Point{X: tip - dir*hl, Y: centre.Y + hl/2})
		h.Line(vg.Point{X: tip - dir*hl, Y: centre.Y - hl/2})
		h.Close()
		c.SetColor(Black)
		c.Fill(h)
	}
	sty := plot.New().Title.TextStyle
	sty.Font.Size = 12
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	boxText(c, sty, vg.Point{X: (centre.X + tip) / 2, Y: centre.Y + vg.Points(4)}, "v")
}
