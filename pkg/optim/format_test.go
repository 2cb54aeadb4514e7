package optim_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/optim"
)

// Expected strings are numpy's documented str() output for these arrays
// (numpy ≥ 1.14 defaults; legacy="1.13" for NumpyArray113).
func TestNumpyArray(t *testing.T) {
	for _, c := range []struct {
		x            []float64
		modern, l113 string
	}{
		{[]float64{0.9983905, 0.99669874}, "[0.9983905  0.99669874]", "[ 0.9983905   0.99669874]"},
		{[]float64{0.0998848, 0.001152}, "[0.0998848 0.001152 ]", "[ 0.0998848  0.001152 ]"},
		{[]float64{1, 2}, "[1. 2.]", "[ 1.  2.]"},
		{[]float64{0.1, 0.2, 0.3}, "[0.1 0.2 0.3]", "[ 0.1  0.2  0.3]"},
		{[]float64{-1.5, 0.25}, "[-1.5   0.25]", "[-1.5   0.25]"},
		{[]float64{1.0 / 3}, "[0.33333333]", "[ 0.33333333]"},
		{[]float64{0}, "[0.]", "[ 0.]"},
		{[]float64{1e-5, 1}, "[1.e-05 1.e+00]", ""}, // legacy exponent layout not checked
		{[]float64{1.5e10, 2}, "[1.5e+10 2.0e+00]", ""},
		{[]float64{math.NaN(), 1}, "[nan  1.]", ""},
	} {
		if got := optim.NumpyArray(c.x); got != c.modern {
			t.Errorf("NumpyArray(%v) = %q, want %q", c.x, got, c.modern)
		}
		if got := optim.NumpyArray113(c.x); c.l113 != "" && got != c.l113 {
			t.Errorf("NumpyArray113(%v) = %q, want %q", c.x, got, c.l113)
		}
	}
	// Values cut at 8 decimals are rounded, not truncated.
	if got := optim.NumpyArray([]float64{0.123456789}); got != "[0.12345679]" {
		t.Errorf("got %q", got)
	}
}

func TestPyFloat(t *testing.T) {
	a, b := 0.1, 0.2
	for x, want := range map[float64]string{
		2: "2.0", 1.76: "1.76", a + b: "0.30000000000000004", 1e16: "1e+16",
		1e-5: "1e-05", 0.0001: "0.0001", -0.5: "-0.5", 123456789012345.6: "123456789012345.6",
		math.Inf(-1): "-inf",
	} {
		if got := optim.PyFloat(x); got != want {
			t.Errorf("PyFloat(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestTraceSelect(t *testing.T) {
	tr := optim.Trace{{K: 0}, {K: 1}, {K: 2}, {K: 3}}
	got := tr.Select(3, 1, 7)
	if len(got) != 2 || got[0].K != 1 || got[1].K != 3 {
		t.Errorf("Select = %+v", got)
	}
}

func FuzzNumpyArray(f *testing.F) {
	f.Add(0.5, -2.25)
	f.Add(1e-9, 1e9)
	f.Add(math.NaN(), math.Inf(1))
	f.Fuzz(func(t *testing.T, a, b float64) {
		s := optim.NumpyArray([]float64{a, b})
		if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
			t.Fatalf("NumpyArray = %q", s)
		}
		_ = optim.NumpyArray113([]float64{a, b})
	})
}
