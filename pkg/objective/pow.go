package objective

import "math"

// Cube returns x³ correctly rounded, as Python's x**3 gives it (Python calls
// the C library's pow, which is correctly rounded on common platforms for
// this case). The naive x*x*x rounds twice and can differ in the last bit;
// seed 002's gradient-descent listing on [Quartic] drifts from iter:12 on
// when the derivative uses it.
//
// The product is computed exactly as a sum of three floats with math.FMA and
// rounded once; the result is the correctly rounded cube except, possibly,
// when x³ lies within about 2⁻¹⁰⁶ relative of a rounding midpoint.
// Overflow gives ±Inf, as pow does.
func Cube(x float64) float64 {
	a := x * x
	if math.IsInf(a, 0) || math.IsNaN(a) || a == 0 {
		return float64(a * x)
	}
	b := math.FMA(x, x, -a) // x² = a + b exactly
	c := float64(a * x)
	if math.IsInf(c, 0) {
		return c
	}
	d := math.FMA(a, x, -c) // a·x = c + d exactly
	// x³ = c + d + b·x; the correction is below one ulp of c.
	return c + float64(d+float64(b*x))
}

// Pow4 returns x⁴ rounded from a double-double square of x², as Python's
// x**4 gives it up to the C library's pow rounding (they agree except in
// rare near-midpoint cases).
func Pow4(x float64) float64 {
	p := x * x
	if math.IsInf(p, 0) || math.IsNaN(p) || p == 0 {
		return float64(p * p)
	}
	e := math.FMA(x, x, -p) // x² = p + e exactly
	q := float64(p * p)
	if math.IsInf(q, 0) {
		return q
	}
	eq := math.FMA(p, p, -q) // p² = q + eq exactly
	// x⁴ = q + eq + 2pe + e²; e² is below 2⁻¹⁰⁶ relative and dropped.
	return q + float64(eq+float64(2*float64(p*e)))
}
