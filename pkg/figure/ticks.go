package figure

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// LinearTicks marks a linear axis where gonum/plot's DefaultTicks does,
// but labels each tick in the shortest decimal form that gives its value
// ("-2.5 0 2.5", not "-2.50 0.00 2.50"; "0.25" next to "0.5"): the labels
// still tell the ticks apart, since each is its own value to a
// billionth of the spacing of the ticks. Labels DefaultTicks writes with an
// exponent (far from 1, such as 2e-05) are kept. It is the ticker of every
// linear axis of this package's figures; iteration axes use IntegerTicks
// and logarithmic ones DecadeTicks.
type LinearTicks struct{}

// Ticks implements plot.Ticker. Like DefaultTicks, it needs lo < hi; it
// returns nil otherwise, or when a bound is not finite.
func (LinearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo) || !finite(hi) || !(hi > lo) {
		return nil
	}
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	var labelled []float64
	for _, t := range ts {
		if t.Label != "" {
			labelled = append(labelled, t.Value)
		}
	}
	spacing := hi - lo
	for i := 1; i < len(labelled); i++ {
		spacing = min(spacing, math.Abs(labelled[i]-labelled[i-1]))
	}
	for i, t := range ts {
		if t.Label == "" || strings.ContainsAny(t.Label, "eE") {
			continue
		}
		ts[i].Label = shortDecimal(t.Value, spacing*1e-9)
	}
	return ts
}

// shortDecimal returns v with the fewest decimals (at most 15) that give
// it to within tol, and "0" for what rounds to ±0.
func shortDecimal(v, tol float64) string {
	for prec := 0; prec < 15; prec++ {
		s := strconv.FormatFloat(v, 'f', prec, 64)
		if w, err := strconv.ParseFloat(s, 64); err == nil && math.Abs(w-v) <= tol {
			if w == 0 {
				return "0"
			}
			return s
		}
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
