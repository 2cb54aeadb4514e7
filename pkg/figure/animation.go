package figure

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// DefaultAnimationBudget is the largest flipbook, in bytes, an Animation
// accepts when Budget is zero. Jupyter's output rate limit is about 1 MB/s
// and the notebook keeps every output, so the budget is well below that.
const DefaultAnimationBudget = 256 << 10

// MaxFrames is the largest number of frames an animation is built with:
// each frame is rendered before the budget is known, so the count itself
// is bounded.
const MaxFrames = 2000

// Animation is a flipbook: a static background drawn once and frames that
// carry only what moves. Build one with NewAnimation or TangentAnimation.
type Animation struct {
	// Title names the animation (the SVG's <title> and the text/plain view).
	Title string
	// Interval is the time each frame is shown; zero means 100 ms, the
	// source documents' interval.
	Interval time.Duration
	// Hold is how long the last frame stays before the loop restarts;
	// zero means one second.
	Hold time.Duration
	// Budget is the largest SVG, in bytes, that SVG accepts; zero means
	// DefaultAnimationBudget.
	Budget int

	// Param, when set, makes the flipbook an explorable figure: frame i
	// shows the figure for the i-th value of the parameter named Param
	// ("lr"), Labels[i] names that value ("lr = 0.35"), and the player
	// offers a slider labelled with Param instead of a clock. See
	// NewExplorable.
	Param string
	// Labels name the frames, one per frame or none; the player shows the
	// current frame's label.
	Labels []string
	// Default is the frame an explorable rests on: the one shown before
	// and without animation and where the player starts. Animations (no
	// Param) rest on their last frame and ignore it.
	Default int

	width, height vg.Length
	background    []byte
	frames        [][]byte
}

// NewAnimation renders bg once as the background and, for each of n frames,
// the plotters frame(i) returns, drawn in bg's coordinates without bg's own
// plotters. Fix bg's axis limits before calling: every frame uses them.
func NewAnimation(bg *plot.Plot, w, h vg.Length, n int, frame func(i int) []plot.Plotter) (*Animation, error) {
	if n < 1 {
		return nil, fmt.Errorf("figure: an animation needs at least one frame, got %d", n)
	}
	if n > MaxFrames {
		return nil, fmt.Errorf("figure: an animation of %d frames is over the limit of %d: animate every k-th iterate", n, MaxFrames)
	}
	if frame == nil {
		return nil, errors.New("figure: NewAnimation needs a frame function, got nil")
	}
	if w == 0 {
		w = DefaultSize
	}
	if h == 0 {
		h = DefaultSize
	}
	full, err := SVG(bg, w, h)
	if err != nil {
		return nil, err
	}
	a := &Animation{Title: bg.Title.Text, width: w, height: h}
	if a.background, err = innerSVG(full); err != nil {
		return nil, err
	}
	for i := range n {
		c := newCanvas(w, h)
		da := bg.DataCanvas(page(c))
		for j, p := range frame(i) {
			if p == nil {
				return nil, fmt.Errorf("figure: frame %d: plotter %d is nil", i, j)
			}
			p.Plot(da, bg)
		}
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, err
		}
		inner, err := innerSVG(buf.Bytes())
		if err != nil {
			return nil, err
		}
		a.frames = append(a.frames, inner)
	}
	return a, nil
}

// innerSVG returns the content of vgsvg's <svg> element.
func innerSVG(svg []byte) ([]byte, error) {
	start := bytes.Index(svg, []byte("<svg"))
	if start < 0 {
		return nil, errors.New("figure: no <svg> element in rendered output")
	}
	open := bytes.IndexByte(svg[start:], '>')
	end := bytes.LastIndex(svg, []byte("</svg>"))
	if open < 0 || end < start+open {
		return nil, errors.New("figure: malformed <svg> element in rendered output")
	}
	return bytes.TrimSpace(svg[start+open+1 : end]), nil
}

// Len returns the number of frames.
func (a *Animation) Len() int { return len(a.frames) }

// Size returns the width and height of the animation.
func (a *Animation) Size() (w, h vg.Length) { return a.width, a.height }

func (a *Animation) interval() time.Duration {
	if a.Interval > 0 {
		return a.Interval
	}
	return 100 * time.Millisecond
}

func (a *Animation) hold() time.Duration {
	if a.Hold > 0 {
		return a.Hold
	}
	return time.Second
}

// rest returns the index of the resting frame.
func (a *Animation) rest() int {
	if a.Param != "" && a.Default >= 0 && a.Default < len(a.frames) {
		return a.Default
	}
	return len(a.frames) - 1
}

// Rest returns the frame the flipbook rests on: Default for an explorable,
// the last frame otherwise.
func (a *Animation) Rest() int { return a.rest() }

// FrameInterval returns the time each frame is shown.
func (a *Animation) FrameInterval() time.Duration { return a.interval() }

// SVG returns the flipbook: a standalone SVG that shows the background and
// the last frame, and animates through the frames with SMIL (discrete
// visibility changes), looping with a pause on the last frame. Each frame is
// a <g data-frame="i"> so a script can take over and show any frame. It
// fails with an error naming the size when the output exceeds the budget.
func (a *Animation) SVG() ([]byte, error) {
	if a == nil {
		return nil, errors.New("figure: SVG of a nil Animation")
	}
	if err := checkTexts("Animation.Title", a.Title, "Animation.Param", a.Param); err != nil {
		return nil, err
	}
	for i, l := range a.Labels {
		if err := checkText(fmt.Sprintf("Animation.Labels[%d]", i), l); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	w, h := a.width.Points(), a.height.Points()
	explore := ""
	if a.Param != "" {
		explore = fmt.Sprintf(` data-param="%s" data-rest="%d"`, html.EscapeString(a.Param), a.rest())
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="%[1]gpt" height="%[2]gpt" viewBox="0 0 %[1]g %[2]g" data-frames="%[3]d" data-interval-ms="%[4]d"%[5]s>`+"\n",
		w, h, len(a.frames), a.interval().Milliseconds(), explore)
	fmt.Fprintf(&b, "<title>%s</title>\n", html.EscapeString(a.Title))
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>` + "\n")
	b.WriteString(`<g data-background="1">` + "\n")
	b.Write(a.background)
	b.WriteString("\n</g>\n")
	n := len(a.frames)
	total := time.Duration(n)*a.interval() + a.hold()
	frac := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d)/float64(total), 'f', 5, 64)
	}
	for i, f := range a.frames {
		vis := "hidden"
		if i == a.rest() {
			vis = "visible" // the resting frame, without SMIL and after it
		}
		label := ""
		if i < len(a.Labels) {
			label = fmt.Sprintf(` data-label="%s"`, html.EscapeString(a.Labels[i]))
		}
		fmt.Fprintf(&b, `<g data-frame="%d"%s visibility="%s">`, i, label, vis)
		if n > 1 {
			on, off := time.Duration(i)*a.interval(), time.Duration(i+1)*a.interval()
			var values, times string
			switch i {
			case 0:
				values, times = "visible;hidden", "0;"+frac(off)
			case n - 1:
				values, times = "hidden;visible", "0;"+frac(on)
			default:
				values, times = "hidden;visible;hidden", "0;"+frac(on)+";"+frac(off)
			}
			fmt.Fprintf(&b, `<animate attributeName="visibility" calcMode="discrete" values="%s" keyTimes="%s" dur="%dms" repeatCount="indefinite"/>`,
				values, times, total.Milliseconds())
		}
		b.WriteString("\n")
		b.Write(f)
		b.WriteString("\n</g>\n")
	}
	b.WriteString("</svg>\n")
	if len(a.Labels) != 0 && len(a.Labels) != n {
		return nil, fmt.Errorf("figure: animation %s has %d labels for %d frames", quote(a.Title), len(a.Labels), n)
	}
	budget := a.Budget
	if budget == 0 {
		budget = DefaultAnimationBudget
	}
	if b.Len() > budget {
		return nil, fmt.Errorf("figure: animation %s is %d bytes, over its budget of %d bytes (%d frames): use fewer frames or raise Animation.Budget", quote(a.Title), b.Len(), budget, n)
	}
	return b.Bytes(), nil
}

// TangentSpec describes the tangent-line animation of seeds 004 and 000.
type TangentSpec struct {
	// View fixes the axes; the curve is drawn once, in the background.
	View View
	// LabelX and LabelY place the "iteration: n" text (and, under it, the
	// note naming a point off the chart), in data coordinates. Both zero,
	// the default, places them as a legend is placed: over a white box, in
	// the corner or at the edge of the data area that the curve, the
	// points and the tangents of all frames cross least, the same in every
	// frame; above the data area, under the title, where they cross every
	// such place.
	LabelX, LabelY float64
}

// TangentAnimation animates a run on a one-dimensional objective as the
// source documents do: one frame per update, each showing the point x_k on
// the curve in red, its tangent, and "iteration: k". The point and the
// tangent come from the F and Grad the trace holds (f is evaluated only for
// the curve and for iterates recorded without a gradient). Iterates outside
// the view are named in a note instead of drawn. An empty View.Title means
// r.Method.
func TangentAnimation(f objective.Func1D, r *optim.Result, spec TangentSpec) (*Animation, error) {
	if err := checkRun1D("TangentAnimation", f, r); err != nil {
		return nil, err
	}
	v := spec.View
	if v.Title == "" {
		v.Title = r.Method
	}
	if r.Status == optim.Diverged {
		v.Title += "（発散）"
	}
	bg, curve, err := lossPlot(f, v)
	if err != nil {
		return nil, err
	}
	frames := r.Updates()
	if len(frames) == 0 || r.Status == optim.Diverged {
		frames = r.Trace
	}
	auto := spec.LabelX == 0 && spec.LabelY == 0
	lay := &layout{}
	lay.ink.add(curve)
	registerLayout(bg, lay)
	// A second line under the label, for points off the chart.
	lineGap := 0.07 * (v.YMax - v.YMin)
	drawn := make([][]plot.Plotter, len(frames))
	for i, it := range frames {
		var ps []plot.Plotter
		x, y := it.X[0], it.F
		var g float64
		if len(it.Grad) == 1 {
			g = it.Grad[0]
		} else {
			g = f.DF(x) // an iterate recorded without a gradient
		}
		if t, err := tangentLine(x, y, g, v, Red); err == nil {
			ps = append(ps, t)
		}
		label := "iteration: " + strconv.Itoa(it.K)
		off := ""
		if x >= v.XMin && x <= v.XMax && y >= v.YMin && y <= v.YMax {
			if pt, err := Point(x, y, Red); err == nil {
				ps = append(ps, pt)
			}
		} else {
			off = fmt.Sprintf("(x, L) = (%.3f, %.3f) は図の外", x, y)
		}
		lay.ink.add(ps...)
		if auto {
			note := &noteBox{lay: lay, lines: []noteLine{newNoteLine(label, 17)}}
			if off != "" {
				note.lines = append(note.lines, newNoteLine(off, 12))
			}
			lay.fit(note)
			drawn[i] = append(ps, note)
			continue
		}
		if off != "" {
			t := NewText(spec.LabelX, spec.LabelY-lineGap, off, 12)
			t.Box = true
			ps = append(ps, t)
		}
		t := NewText(spec.LabelX, spec.LabelY, label, 17)
		t.Box = true
		drawn[i] = append(ps, t)
	}
	a, err := NewAnimation(bg, 0, 0, len(drawn), func(i int) []plot.Plotter { return drawn[i] })
	if err != nil {
		return nil, err
	}
	return a, nil
}
