package linesearch

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// MaxGridLen bounds the number of points of a Grid (2³¹ − 1).
const MaxGridLen = math.MaxInt32

// Grid is numpy's arange(Start, Stop, Step): the points
//
//	γᵢ = Start + i·δ,  i = 0 … Len()−1,  δ = (Start + Step) − Start,
//
// each rounded as numpy fills the array (δ is recomputed in float64 from the
// first two points; each point is one multiplication and one addition, not
// fused), with Len() = ⌈(Stop − Start)/Step⌉. Seed 003 uses
// Grid{−0.5, 0.5, 1e−7}: 10,000,000 points.
// Introduced in notebooks/05_line_search.ipynb.
type Grid struct {
	Start, Stop, Step float64
}

// Validate checks that the grid is finite, non-empty and at most
// MaxGridLen points long.
func (g Grid) Validate() error {
	if !finite(g.Start) || !finite(g.Stop) || !finite(g.Step) {
		return fmt.Errorf("linesearch: Grid{Start: %v, Stop: %v, Step: %v} must be finite", g.Start, g.Stop, g.Step)
	}
	if g.Step == 0 {
		return fmt.Errorf("linesearch: Grid.Step = 0")
	}
	n := math.Ceil((g.Stop - g.Start) / g.Step)
	if !(n >= 1) {
		return fmt.Errorf("linesearch: Grid{Start: %v, Stop: %v, Step: %v} is empty", g.Start, g.Stop, g.Step)
	}
	if n > MaxGridLen {
		return fmt.Errorf("linesearch: Grid{Start: %v, Stop: %v, Step: %v} has %g points, more than %d", g.Start, g.Stop, g.Step, n, MaxGridLen)
	}
	return nil
}

// Len returns the number of points, ⌈(Stop − Start)/Step⌉, or 0 if the grid
// is invalid.
func (g Grid) Len() int {
	if g.Validate() != nil {
		return 0
	}
	return int(math.Ceil((g.Stop - g.Start) / g.Step))
}

// Delta returns numpy's recomputed spacing δ = (Start + Step) − Start.
func (g Grid) Delta() float64 { return (g.Start + g.Step) - g.Start }

func (g Grid) delta() float64 { return g.Delta() }

// At returns γᵢ = Start + i·δ as numpy computes it.
func (g Grid) At(i int) float64 { return g.Start + float64(float64(i)*g.delta()) }

// Scan is a scan of grid points lo ≤ i < hi: it returns the index of the
// smallest value there (the first one on ties) and that value.
type Scan func(lo, hi int) (best int, val float64)

// ArgminScan splits the grid into one contiguous chunk per worker
// (workers ≤ 0 means runtime.GOMAXPROCS(0)), runs scan on each chunk
// concurrently and combines the results: the smallest value, the first index
// on ties — numpy's argmin. Memory is O(workers).
func (g Grid) ArgminScan(workers int, scan Scan) (int, float64, error) {
	if err := g.Validate(); err != nil {
		return 0, 0, err
	}
	n := g.Len()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	idx := make([]int, workers)
	val := make([]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			idx[w], val[w] = scan(lo, hi)
		}()
	}
	wg.Wait()
	best := 0
	for w := 1; w < workers; w++ {
		if val[w] < val[best] {
			best = w
		}
	}
	return idx[best], val[best], nil
}

// Argmin evaluates phi at every grid point, in parallel, and returns the
// index of the smallest value (the first on ties, as numpy.argmin) and the
// value. NaN values are skipped (numpy would return the first NaN).
func (g Grid) Argmin(phi Func, workers int) (int, float64, error) {
	d := g.delta()
	return g.ArgminScan(workers, func(lo, hi int) (int, float64) {
		best, bv := lo, math.Inf(1)
		for i := lo; i < hi; i++ {
			v := phi(g.Start + float64(float64(i)*d))
			if v < bv {
				best, bv = i, v
			}
		}
		return best, bv
	})
}

// PolyArgmin is the outcome of Grid.ArgminPolynomial.
type PolyArgmin struct {
	// Index and Phi are the best grid point and φ there.
	Index int
	Phi   float64
	// Evals counts the evaluations of φ.
	Evals int
	// Candidates are the continuous local minimisers of the polynomial in
	// the grid's range (and the grid ends).
	Candidates []float64
}

// ArgminPolynomial returns the same grid point as Argmin — the smallest
// phi(γᵢ), first index on ties — without scanning the grid, when phi is, up
// to rounding, the polynomial p(γ) = Σ coeffs[k]·γᵏ.
//
// It finds the local minimisers of p in the grid's range (roots of p',
// isolated between the roots of p”, by bisection) and the grid ends,
// evaluates phi at the 17 grid points around each, and takes M, the smallest
// p there. It then evaluates phi at every grid point with p(γᵢ) ≤ M + tol,
// walking outwards from each local minimiser while p stays below that
// level. Every grid point that can beat the best one is in that set provided
// |phi(γ) − p(γ)| ≤ tol/2 on it, so tol must bound twice the rounding error
// of phi and of p. tol ≤ 0 means max(1e−13·(1 + |M|), 32·e), where e is the
// largest |phi − p| seen at the probe points; for objective.Valley along
// seed 003's 500 steps that picks out exactly the points the full scan
// picks (a test checks all 500). If more than maxEvals points qualify
// (maxEvals ≤ 0 means 1,000,000) it returns an error rather than scan them.
func (g Grid) ArgminPolynomial(phi Func, coeffs []float64, tol float64, maxEvals int) (PolyArgmin, error) {
	if err := g.Validate(); err != nil {
		return PolyArgmin{}, err
	}
	for k, c := range coeffs {
		if !finite(c) {
			return PolyArgmin{}, fmt.Errorf("linesearch: ArgminPolynomial: coeffs[%d] = %v is not finite", k, c)
		}
	}
	if maxEvals <= 0 {
		maxEvals = 1_000_000
	}
	n := g.Len()
	lo, hi := g.At(0), g.At(n-1)
	if lo > hi {
		lo, hi = hi, lo
	}
	p := func(x float64) float64 { return horner(coeffs, x) }
	dp := derivative(coeffs)
	// Local minimisers: roots of p' where p' goes from − to +, and the ends.
	cands := []float64{lo, hi}
	for _, r := range realRoots(dp, lo, hi) {
		if r > lo && r < hi && horner(derivative(dp), r) >= 0 {
			cands = append(cands, r)
		}
	}
	// nearest returns the grid index nearest to γ.
	d := g.delta()
	nearest := func(x float64) int {
		i := int(math.Round((x - g.Start) / d))
		return min(max(i, 0), n-1)
	}
	// M: the smallest p at grid points next to the candidates; noise: the
	// largest |phi − p| seen there.
	m, noise := math.Inf(1), 0.0
	res := PolyArgmin{Index: -1, Phi: math.Inf(1), Candidates: cands}
	consider := func(i int, v float64) {
		if v < res.Phi || (v == res.Phi && i < res.Index) || res.Index < 0 {
			res.Index, res.Phi = i, v
		}
	}
	for _, c := range cands {
		j := nearest(c)
		for k := j - 8; k <= j+8; k++ {
			if k >= 0 && k < n {
				pk, v := p(g.At(k)), phi(g.At(k))
				res.Evals++
				consider(k, v)
				m = math.Min(m, pk)
				if finite(v) {
					noise = math.Max(noise, math.Abs(v-pk))
				}
			}
		}
	}
	if tol <= 0 || !finite(tol) {
		tol = math.Max(1e-13*(1+math.Abs(m)), 32*noise)
	}
	level := m + tol
	// Walk outwards from each candidate over the grid points with
	// p ≤ level; done holds the index intervals already walked.
	type span struct{ lo, hi int }
	var done []span
	walked := func(i int) bool {
		for _, s := range done {
			if i >= s.lo && i <= s.hi {
				return true
			}
		}
		return false
	}
	for _, c := range cands {
		j := nearest(c)
		for _, j0 := range []int{j - 1, j, j + 1} {
			if j0 < 0 || j0 >= n || walked(j0) || p(g.At(j0)) > level {
				continue
			}
			lo, hi := j0, j0
			for lo > 0 && !walked(lo-1) && p(g.At(lo-1)) <= level {
				lo--
			}
			for hi < n-1 && !walked(hi+1) && p(g.At(hi+1)) <= level {
				hi++
			}
			if res.Evals+hi-lo+1 > maxEvals {
				return res, fmt.Errorf("linesearch: ArgminPolynomial: more than %d grid points within tol = %g of the minimum; use Argmin", maxEvals, tol)
			}
			for i := lo; i <= hi; i++ {
				consider(i, phi(g.At(i)))
			}
			res.Evals += hi - lo + 1
			done = append(done, span{lo, hi})
		}
	}
	if res.Index < 0 {
		return res, fmt.Errorf("linesearch: ArgminPolynomial: no grid point found (level %g)", level)
	}
	return res, nil
}

func horner(c []float64, x float64) float64 {
	v := 0.0
	for k := len(c) - 1; k >= 0; k-- {
		v = v*x + c[k]
	}
	return v
}

func derivative(c []float64) []float64 {
	if len(c) <= 1 {
		return nil
	}
	d := make([]float64, len(c)-1)
	for k := 1; k < len(c); k++ {
		d[k-1] = float64(k) * c[k]
	}
	return d
}

// realRoots returns the real roots of the polynomial c in [lo, hi], in
// increasing order: the roots of c' split [lo, hi] into pieces where c is
// monotone, and each sign change is refined by bisection.
func realRoots(c []float64, lo, hi float64) []float64 {
	for len(c) > 0 && c[len(c)-1] == 0 {
		c = c[:len(c)-1]
	}
	if len(c) <= 1 {
		return nil
	}
	if len(c) == 2 {
		r := -c[0] / c[1]
		if r >= lo && r <= hi {
			return []float64{r}
		}
		return nil
	}
	pts := append([]float64{lo}, realRoots(derivative(c), lo, hi)...)
	pts = append(pts, hi)
	var roots []float64
	for k := 0; k+1 < len(pts); k++ {
		a, b := pts[k], pts[k+1]
		fa, fb := horner(c, a), horner(c, b)
		switch {
		case fa == 0:
			if len(roots) == 0 || roots[len(roots)-1] != a {
				roots = append(roots, a)
			}
			continue
		case fb == 0 || (fa < 0) == (fb < 0):
			continue
		}
		for range 200 {
			mid := 0.5 * (a + b)
			if mid == a || mid == b {
				break
			}
			fm := horner(c, mid)
			if (fm < 0) == (fa < 0) {
				a, fa = mid, fm
			} else {
				b = mid
			}
		}
		roots = append(roots, 0.5*(a+b))
	}
	if f := horner(c, hi); f == 0 && (len(roots) == 0 || roots[len(roots)-1] != hi) {
		roots = append(roots, hi)
	}
	return roots
}
