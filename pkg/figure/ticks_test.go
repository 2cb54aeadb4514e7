package figure_test

import (
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/gradnb/gradnb/pkg/figure"
)

// Linear axes are labelled in the shortest decimal form that gives each
// tick's value: no needless zeros, every label distinct and equal to its
// tick's value to a billionth of the spacing.
func TestLinearTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		{-2.5, 2.5, []string{"-2.5", "0", "2.5"}},
		{0.05, 0.65, []string{"0.2", "0.4", "0.6"}},
		{-0.05, 0.55, []string{"0", "0.25", "0.5"}},
		{-5, 10, []string{"-5", "0", "5", "10"}},
		{-0.2, 1.3, []string{"0", "1"}},
		{0.1, 0.4, []string{"0.1", "0.2", "0.3", "0.4"}},
		{1e-6, 3e-5, []string{"4e-06", "1.6e-05", "2.8e-05"}}, // DefaultTicks' exponents kept
	} {
		ts := (figure.LinearTicks{}).Ticks(c.lo, c.hi)
		var got []string
		var vals []float64
		for _, tk := range ts {
			if tk.Label != "" {
				got, vals = append(got, tk.Label), append(vals, tk.Value)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("[%v, %v]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
		for i, l := range got {
			v, err := strconv.ParseFloat(l, 64)
			if err != nil || (i > 0 && math.Abs(v-vals[i]) > 1e-9*(vals[i]-vals[i-1])) {
				t.Errorf("[%v, %v]: label %q does not give the tick's value %v", c.lo, c.hi, l, vals[i])
			}
		}
	}
	for _, r := range [][2]float64{{1, 1}, {2, 1}, {math.NaN(), 1}, {0, math.Inf(1)}} {
		if ts := (figure.LinearTicks{}).Ticks(r[0], r[1]); ts != nil {
			t.Errorf("Ticks(%v, %v) = %v, want nil", r[0], r[1], ts)
		}
	}
}
