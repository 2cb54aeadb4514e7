package figure_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/gradnb/gradnb/pkg/figure"
)

// Linear axes get four to eight labels (fewer when they are long) at
// round multiples of one step, 1, 2, 2.5 or 5 × 10ᵏ, each label the
// shortest decimal that is its tick's value: 03's a panels (−10…30), its
// zoom on a* ± 0.3 and its 300-update window (not 1.925 2.025 2.125),
// 20,000 updates.
func TestLinearTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		{-10.8, 30.8, []string{"-10", "0", "10", "20", "30"}}, // 03's a panel, −10…30 padded
		{-0.62, 31.62, []string{"0", "5", "10", "15", "20", "25", "30"}},
		{1.703, 2.327, []string{"1.8", "1.9", "2", "2.1", "2.2", "2.3"}}, // a* ± 0.3
		{1.92, 2.135, []string{"1.95", "2", "2.05", "2.1"}},
		{-2.5, 2.5, []string{"-2", "-1", "0", "1", "2"}},
		{-0.2, 1.3, []string{"-0.2", "0", "0.2", "0.4", "0.6", "0.8", "1", "1.2"}},
		{0.1, 0.4, []string{"0.1", "0.15", "0.2", "0.25", "0.3", "0.35", "0.4"}},
		{0, 20000, []string{"0", "5000", "10000", "15000", "20000"}},
		{10000, 20000, []string{"10000", "12000", "14000", "16000", "18000", "20000"}},
		{0, 35000, []string{"0", "10000", "20000", "30000"}}, // long labels: fewer
		{2.0146, 2.0152, []string{"2.0146", "2.0148", "2.015", "2.0152"}},
		{1e-6, 3e-5, []string{"5e-6", "1e-5", "1.5e-5", "2e-5", "2.5e-5", "3e-5"}}, // all below 1e-3: exponents
		{-1e-4, 1e-4, []string{"-1e-4", "-5e-5", "0", "5e-5", "1e-4"}},
		{0, 1e8, []string{"0", "2e7", "4e7", "6e7", "8e7", "1e8"}},
	} {
		ts := (figure.LinearTicks{}).Ticks(c.lo, c.hi)
		var got []string
		var vals []float64
		for _, tk := range ts {
			if tk.Value < c.lo || tk.Value > c.hi {
				t.Errorf("[%v, %v]: tick %v outside the range", c.lo, c.hi, tk.Value)
			}
			if tk.Label != "" {
				got, vals = append(got, tk.Label), append(vals, tk.Value)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("[%v, %v]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
		for i, l := range got {
			// Each label parses to exactly its tick's value, and the
			// labelled ticks are equally spaced.
			if v, err := strconv.ParseFloat(l, 64); err != nil || v != vals[i] {
				t.Errorf("[%v, %v]: label %q is not the tick's value %v", c.lo, c.hi, l, vals[i])
			}
			if i > 1 && math.Abs((vals[i]-vals[i-1])-(vals[1]-vals[0])) > 1e-9*(vals[1]-vals[0]) {
				t.Errorf("[%v, %v]: labelled ticks %v not equally spaced", c.lo, c.hi, vals)
			}
		}
	}
	for _, r := range [][2]float64{{1, 1}, {2, 1}, {math.NaN(), 1}, {0, math.Inf(1)}} {
		if ts := (figure.LinearTicks{}).Ticks(r[0], r[1]); ts != nil {
			t.Errorf("Ticks(%v, %v) = %v, want nil", r[0], r[1], ts)
		}
	}
}

// Over ranges of every scale and offset, LinearTicks labels four to eight
// ticks at multiples of one step 1, 2, 2.5 or 5 × 10ᵏ, every label its
// tick's value.
func TestLinearTicksRound(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 3))
	for range 2000 {
		scale := math.Pow10(rng.IntN(16) - 8)
		lo := (rng.Float64()*200 - 100) * scale
		hi := lo + (0.05+rng.Float64()*10)*scale
		var vals []float64
		for _, tk := range (figure.LinearTicks{}).Ticks(lo, hi) {
			if tk.Label == "" {
				continue
			}
			if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || v != tk.Value {
				t.Fatalf("[%v, %v]: label %q is not the tick's value %v", lo, hi, tk.Label, tk.Value)
			}
			vals = append(vals, tk.Value)
		}
		if len(vals) < 4 || len(vals) > 8 {
			t.Fatalf("[%v, %v]: %d labels %v", lo, hi, len(vals), vals)
		}
		step := vals[1] - vals[0]
		e := math.Floor(math.Log10(step))
		m := step / math.Pow10(int(e))
		if !slices.ContainsFunc([]float64{1, 2, 2.5, 5, 10}, func(r float64) bool { return math.Abs(m-r) < 1e-6 }) {
			t.Fatalf("[%v, %v]: step %v is not 1, 2, 2.5 or 5 × 10^k (labels %v)", lo, hi, step, vals)
		}
		for _, v := range vals {
			if q := v / step; math.Abs(q-math.Round(q)) > 1e-6 {
				t.Fatalf("[%v, %v]: label %v is not a multiple of the step %v", lo, hi, v, step)
			}
		}
	}
}
