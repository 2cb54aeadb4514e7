package figure

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// LinearTicks marks a linear axis at round multiples of one step, 1, 2,
// 2.5 or 5 × 10ᵏ, labelling four to eight of them: the smallest step
// that gives at most eight labels, or the next one when the labels are
// long (over 44 characters in all) and it still gives four, so that wide
// labels such as "15000" do not run into each other ("-10 0 10 20 30", "1.8 1.9 2 2.1",
// never "1.925 2.025"). Unlabelled minor ticks divide each step into
// four (step 2) or five. Each label is the shortest decimal that is its
// tick's value ("-2 -1 0 1 2", "0.25"); an axis whose values are all
// below 10⁻³ or reach 10⁷ is labelled in exponents ("1e-5", "2.5e-5").
// It is the ticker of every linear axis of this package's figures;
// iteration axes use IntegerTicks and logarithmic ones DecadeTicks.
type LinearTicks struct{}

// minTickLabels, maxTickLabels and tickLabelChars bound the labels of a
// LinearTicks axis: at most maxTickLabels, and at most tickLabelChars
// characters in all (counting two for the space around each label)
// unless that leaves fewer than minTickLabels.
const minTickLabels, maxTickLabels, tickLabelChars = 4, 8, 44

// Ticks implements plot.Ticker. Like DefaultTicks, it needs lo < hi; it
// returns nil otherwise, or when a bound is not finite.
func (LinearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo) || !finite(hi) || !(hi > lo) {
		return nil
	}
	// Candidate steps m × 10^e, upwards from a hundredth to a thousandth
	// of the range; the first whose labels fit is taken.
	e := int(math.Floor(math.Log10(hi-lo))) - 2
	var first []plot.Tick // the first candidate with few enough labels
	for range 40 {
		for _, m := range []int64{10, 20, 25, 50} { // tenths: 1, 2, 2.5, 5
			if (hi-lo)/(float64(m)*math.Pow10(e-1)) > 2*maxTickLabels {
				continue // far too many labels
			}
			ts, ok := roundTicks(lo, hi, m, e-1)
			if !ok {
				return fallbackTicks(lo, hi)
			}
			labels, chars := 0, 0
			for _, t := range ts {
				if t.Label != "" {
					labels++
					chars += len(t.Label) + 2
				}
			}
			switch {
			case first != nil && labels >= minTickLabels:
				return ts // the next step keeps enough labels
			case first != nil:
				return first
			case labels <= maxTickLabels && chars <= tickLabelChars:
				return ts
			case labels <= maxTickLabels:
				first = ts // long labels: fewer, if enough remain
			}
		}
		e++
	}
	return fallbackTicks(lo, hi)
}

// roundTicks returns the ticks in [lo, hi] at the multiples of the step
// m × 10^e, labelled, with unlabelled minor ticks between them: a fifth
// of a step apart, or a quarter when m is 20 (a step of 2). Values and
// labels are exact: each tick is the float64 nearest its decimal. It
// reports false when the multiples are too large to count exactly (a
// range narrow for its magnitude).
func roundTicks(lo, hi float64, m int64, e int) ([]plot.Tick, bool) {
	div := int64(5)
	if m == 20 {
		div = 4
	}
	// In units of 10^(e−1), a step is 10m units and a minor step 10m/div,
	// both whole numbers.
	u, unitsStep := e-1, m*10
	unitsMinor := unitsStep / div
	step := float64(m) * math.Pow10(e)
	a, b := math.Ceil(lo/step*float64(div)), math.Floor(hi/step*float64(div))
	if math.Abs(a) > 1e13 || math.Abs(b) > 1e13 {
		return nil, false
	}
	var ts []plot.Tick
	var major []int
	tiny, big := true, false
	for j := int64(a) - 1; j <= int64(b)+1; j++ {
		n := j * unitsMinor // the tick is n × 10^u
		v, _ := strconv.ParseFloat(strconv.FormatInt(n, 10)+"e"+strconv.Itoa(u), 64)
		if v < lo || v > hi {
			continue
		}
		t := plot.Tick{Value: v}
		if n%unitsStep == 0 {
			t.Label = decimalLabel(n, u)
			major = append(major, len(ts))
			tiny = tiny && math.Abs(v) < 1e-3
			big = big || math.Abs(v) >= 1e7
		}
		ts = append(ts, t)
	}
	if tiny || big {
		for _, i := range major {
			ts[i].Label = expLabel(ts[i].Label)
		}
	}
	return ts, true
}

// decimalLabel writes n × 10^u as the shortest decimal ("-2.5", "1000",
// "0.001"), "0" for zero.
func decimalLabel(n int64, u int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	digits := strconv.FormatInt(n, 10)
	for u < 0 && strings.HasSuffix(digits, "0") {
		digits, u = digits[:len(digits)-1], u+1
	}
	var s string
	switch {
	case u >= 0:
		s = digits + strings.Repeat("0", u)
	case -u < len(digits):
		s = digits[:len(digits)+u] + "." + digits[len(digits)+u:]
	default:
		s = "0." + strings.Repeat("0", -u-len(digits)) + digits
	}
	if neg {
		s = "-" + s
	}
	return s
}

// expLabel rewrites a decimal label as a mantissa and a power of ten
// ("0.000025" as "2.5e-5", "30000000" as "3e7"), "0" unchanged.
func expLabel(dec string) string {
	if dec == "0" {
		return dec
	}
	sign := ""
	if strings.HasPrefix(dec, "-") {
		sign, dec = "-", dec[1:]
	}
	intPart, frac, _ := strings.Cut(dec, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	// The exponent of the first significant digit.
	exp := len(intPart) - 1
	if strings.Trim(intPart, "0") == "" {
		exp = -(len(frac) - len(strings.TrimLeft(frac, "0"))) - 1
	}
	digits = strings.TrimRight(digits, "0")
	mant := digits[:1]
	if len(digits) > 1 {
		mant += "." + digits[1:]
	}
	return sign + mant + "e" + strconv.Itoa(exp)
}

// fallbackTicks labels an axis whose range is too narrow for its
// magnitude to count its steps exactly (such as 1e15 to 1e15 + 1) as
// gonum/plot's DefaultTicks does, each label in the shortest decimal that
// gives its value.
func fallbackTicks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ts {
		if t.Label == "" || strings.ContainsAny(t.Label, "eE") {
			continue
		}
		ts[i].Label = shortDecimal(t.Value, (hi-lo)*1e-9)
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

// valueLabel writes v to three significant digits in the form LinearTicks
// labels an axis: the shortest decimal ("1000", "0.25", "30000"), or a
// mantissa and a power of ten when |v| is below 10⁻³ or reaches 10⁷
// ("1e-4", "2.5e7"). Contour plots label their levels with it.
func valueLabel(v float64) string {
	if v == 0 || !finite(v) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	s := strconv.FormatFloat(v, 'e', 2, 64) // "-1.25e+03"
	mant, ex, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(ex)
	n, _ := strconv.ParseInt(strings.Replace(mant, ".", "", 1), 10, 64)
	label := decimalLabel(n, exp-2)
	if a := math.Abs(v); a < 1e-3 || a >= 1e7 {
		label = expLabel(label)
	}
	return label
}
