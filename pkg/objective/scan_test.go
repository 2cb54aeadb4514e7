package objective_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
)

// scanByFunc is the plain loop ScanLine must agree with: Func at every
// point, the first smallest kept.
func scanByFunc(p objective.Problem, x, d []float64, start, delta float64, lo, hi int) (int, float64) {
	best, bv := lo, math.Inf(1)
	pt := make([]float64, len(x))
	for i := lo; i < hi; i++ {
		t := start + float64(float64(i)*delta)
		for j := range x {
			pt[j] = x[j] + float64(t*d[j])
		}
		if v := p.Func(pt); v < bv {
			best, bv = i, v
		}
	}
	return best, bv
}

// Valley.ScanLine finds bitwise the same point and value as Func point by
// point, on random lines and chunk bounds (lengths not a multiple of 4,
// empty chunks, lines through the minimum where ties occur).
func TestValleyScanLineMatchesFunc(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	v := objective.Valley{}
	for trial := range 300 {
		x := []float64{rng.NormFloat64(), rng.NormFloat64()}
		d := []float64{rng.NormFloat64() * 3, rng.NormFloat64() * 3}
		if trial%10 == 0 {
			// The line through the minimum (1, 1): φ = 0 there.
			x, d = []float64{0, 0}, []float64{1, 1}
		}
		if trial%10 == 1 {
			d = []float64{0, 0} // constant: every point ties
		}
		start, delta := -1+rng.Float64(), 1e-3*rng.Float64()+1e-6
		lo := rng.IntN(50)
		hi := lo + rng.IntN(3000)
		gi, gv := v.ScanLine(x, d, start, delta, lo, hi)
		wi, wv := scanByFunc(v, x, d, start, delta, lo, hi)
		if gi != wi || gv != wv {
			t.Fatalf("trial %d: ScanLine = (%d, %v), Func loop = (%d, %v)", trial, gi, gv, wi, wv)
		}
	}
}

// BenchmarkValleyScanLine is one seed-003 step's scan on one core:
// 10⁷ points of arange(−0.5, 0.5, 1e−7) from (0, 1) along ∇f = (−2, 20).
func BenchmarkValleyScanLine(b *testing.B) {
	x, d := []float64{0, 1}, []float64{-2, 20}
	start := -0.5
	delta := (start + 1e-7) - start
	const n = 10_000_000
	for _, c := range []struct {
		name string
		scan func() (int, float64)
	}{
		{"ScanLine", func() (int, float64) { return objective.Valley{}.ScanLine(x, d, start, delta, 0, n) }},
		{"Func", func() (int, float64) { return scanByFunc(objective.Valley{}, x, d, start, delta, 0, n) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.scan()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/point")
		})
	}
}

// FuzzValleyScanLine: ScanLine agrees bitwise with Func point by point on
// arbitrary lines, grids and chunk bounds, including non-finite values.
func FuzzValleyScanLine(f *testing.F) {
	f.Add(0.0, 1.0, -2.0, 20.0, -0.5, 1e-7, 0, 1001)
	f.Add(1.0, 1.0, 1.0, 1.0, -1.0, 0.25, 3, 11)
	f.Add(1e200, -1e200, 1e100, 1e300, 0.0, 1.0, 0, 9)
	f.Add(math.NaN(), 0.0, 0.0, 0.0, 0.0, 1.0, 0, 5)
	f.Fuzz(func(t *testing.T, x0, x1, d0, d1, start, delta float64, lo, n int) {
		lo, n = lo&1023, n&4095
		x, d := []float64{x0, x1}, []float64{d0, d1}
		gi, gv := objective.Valley{}.ScanLine(x, d, start, delta, lo, lo+n)
		wi, wv := scanByFunc(objective.Valley{}, x, d, start, delta, lo, lo+n)
		if gi != wi || math.Float64bits(gv) != math.Float64bits(wv) {
			t.Fatalf("ScanLine = (%d, %v), Func loop = (%d, %v)", gi, gv, wi, wv)
		}
	})
}
