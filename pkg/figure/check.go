package figure

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// Limits on what a figure accepts, so that no input makes a figure hang,
// exhaust memory or flood a notebook.
const (
	// MaxSamples is the largest View.Samples of a curve.
	MaxSamples = 20000
	// MaxContourSamples is the largest grid side of a contour plot
	// (View.Samples of a ContourSpec): the grid has its square of points.
	MaxContourSamples = 1000
	// MinSize and MaxSize bound a figure's width and height.
	MinSize = vg.Inch
	MaxSize = 100 * vg.Inch
	// DefaultFigureBudget is the largest SVG, in bytes, of a plain figure
	// (SVG, Figure.SVG): a notebook keeps every output, and Jupyter's
	// output rate limit is about 1 MB/s.
	DefaultFigureBudget = 2 << 20
)

// quote returns s quoted for an error message, cut to its first 60
// characters when longer (with the full length stated), so an error about
// a 1 MB title is one line.
func quote(s string) string {
	const keep = 60
	if utf8.RuneCountInString(s) <= keep {
		return strconv.Quote(s)
	}
	i, n := 0, 0
	for i = range s {
		if n == keep {
			break
		}
		n++
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:i]), len(s))
}

// checkText returns an error unless s can be drawn as SVG text: valid
// UTF-8 without control characters (other than a line break) or the
// non-characters U+FFFE and U+FFFF, which XML cannot carry.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("figure: %s %s is not valid UTF-8", what, quote(s))
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r < 0xa0) || r == 0xfffe || r == 0xffff {
			return fmt.Errorf("figure: %s %s contains the control character %U", what, quote(s), r)
		}
	}
	return nil
}

// checkTexts checks pairs of (what, text).
func checkTexts(kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if err := checkText(kv[i], kv[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// checkSpan returns an error unless [lo, hi] is a finite, increasing range
// whose width is finite too: gonum/plot's tick marker never returns on an
// infinite span (±1e308 overflows to a width of +Inf).
func checkSpan(axis string, lo, hi float64) error {
	if !finite(lo) || !finite(hi) || !finite(hi-lo) {
		return fmt.Errorf("figure: the %s range [%v, %v] is not finite (its width %v overflows); use limits within about ±1e307", axis, lo, hi, hi-lo)
	}
	if !(lo < hi) {
		return fmt.Errorf("figure: the %s range [%v, %v] must increase", axis, lo, hi)
	}
	return nil
}

// checkSize returns an error unless w × h is a drawable figure size.
func checkSize(w, h vg.Length) error {
	for _, s := range []vg.Length{w, h} {
		if math.IsNaN(float64(s)) || s < MinSize || s > MaxSize {
			return fmt.Errorf("figure: size %v × %v: width and height must be between %v and %v (1 to 100 inches)", w, h, MinSize, MaxSize)
		}
	}
	return nil
}

// checkPlot returns an error unless p can be drawn: its texts are valid and
// its axis ranges finite (positive on a log scale).
func checkPlot(p *plot.Plot) error {
	if err := checkTexts("title", p.Title.Text, "x label", p.X.Label.Text, "y label", p.Y.Label.Text); err != nil {
		return err
	}
	for _, ax := range []struct {
		name string
		a    *plot.Axis
	}{{"x", &p.X}, {"y", &p.Y}} {
		lo, hi := ax.a.Min, ax.a.Max
		// gonum/plot sets infinite limits to 0 (an empty plot), orders
		// them and widens an empty range by 1 on each side; see what it
		// will draw.
		if math.IsInf(lo, 0) {
			lo = 0
		}
		if math.IsInf(hi, 0) {
			hi = 0
		}
		lo, hi = min(lo, hi), max(lo, hi)
		if lo == hi {
			lo, hi = lo-1, hi+1
		}
		if err := checkSpan(ax.name, lo, hi); err != nil {
			return fmt.Errorf("%w (plot %s)", err, quote(p.Title.Text))
		}
		if _, ok := ax.a.Scale.(plot.LogScale); ok && !(lo > 0) {
			return fmt.Errorf("figure: the %s axis is logarithmic but its range [%v, %v] reaches 0 or below (plot %s)", ax.name, lo, hi, quote(p.Title.Text))
		}
	}
	return nil
}

// checkBudget returns an error when an SVG of n bytes exceeds budget.
func checkBudget(kind, title string, n, budget int) error {
	if n > budget {
		return fmt.Errorf("figure: %s %s is %d bytes, over its budget of %d bytes: draw fewer samples or points", kind, quote(title), n, budget)
	}
	return nil
}

// safeCanvas is an SVG canvas that draws every string as valid XML text:
// invalid UTF-8 and control characters become U+FFFD. Figures reject such
// text in their titles and labels; this is the guard for the rest (legend
// entries and notes a caller built by hand), so no output is malformed.
type safeCanvas struct{ *vgsvg.Canvas }

// FillString implements vg.Canvas.
func (c safeCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.Canvas.FillString(f, pt, safeString(s))
}

// safeString replaces what XML cannot carry by U+FFFD.
func safeString(s string) string {
	if checkText("", s) == nil {
		return s
	}
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r < 0xa0) || r == 0xfffe || r == 0xffff {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}

// newCanvas returns a safe SVG canvas of size w × h.
func newCanvas(w, h vg.Length) safeCanvas { return safeCanvas{vgsvg.New(w, h)} }

// checkRun1D returns an error unless f is set and r is a run with at least
// one iterate, every one of a single coordinate: a figure of a function of
// one variable does not draw a 2-D run from its first coordinate.
func checkRun1D(who string, f objective.Func1D, r *optim.Result) error {
	if f == nil {
		return fmt.Errorf("figure: %s needs an objective, got nil", who)
	}
	if r == nil || len(r.Trace) == 0 {
		return fmt.Errorf("figure: %s needs a run with at least one iterate", who)
	}
	return checkTrace1D(who, r.Trace)
}

// checkTrace1D returns an error unless every iterate has one coordinate.
func checkTrace1D(who string, tr optim.Trace) error {
	for _, it := range tr {
		if len(it.X) != 1 {
			return fmt.Errorf("figure: %s draws runs of one variable; iterate %d has %d coordinates (use ContourPlot for two)", who, it.K, len(it.X))
		}
	}
	return nil
}
