package objective

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// SampleProblem is a Problem that is a mean over samples, so a stochastic
// method can follow the gradient of one sample at a time.
type SampleProblem interface {
	Problem
	// Len returns the number of samples.
	Len() int
	// SampleFunc returns the loss Qᵢ(x) of sample i.
	SampleFunc(i int, x []float64) float64
	// SampleGrad stores ∇Qᵢ(x) in grad.
	SampleGrad(grad []float64, i int, x []float64)
}

// LinePolynomial is a Problem that is a polynomial along every line: it
// returns the coefficients c₀, c₁, … of φ(α) = f(x + α·d) = Σ cₖ αᵏ. The
// fast grid line search of package optim uses it to find the best grid point
// without scanning the whole grid.
type LinePolynomial interface {
	Problem
	AlongLine(x, d []float64) []float64
}

// LeastSquares fits the line y = a·x + b to samples (xᵢ, yᵢ), i = 1…n, as in
// seed 001 and the stochastic-gradient lessons. The parameter vector is
// θ = (a, b). The per-sample loss and gradient are
//
//	Qᵢ(a, b) = (yᵢ − a·xᵢ − b)²
//	∂Qᵢ/∂a = −2xᵢ(yᵢ − a·xᵢ − b),  ∂Qᵢ/∂b = −2(yᵢ − a·xᵢ − b)
//
// and the full-batch loss is their mean, L(a, b) = (1/n) Σ Qᵢ(a, b), so a
// one-sample gradient is an unbiased estimate of ∇L. L is a convex quadratic
// with the closed-form minimiser given by [LeastSquares.Solve].
//
// Make one with [NewLeastSquares]; the zero value has no samples.
// Introduced in notebooks/03_momentum_least_squares.ipynb.
type LeastSquares struct {
	x, y []float64
}

var (
	_ SampleProblem = (*LeastSquares)(nil)
	_ Hessianer     = (*LeastSquares)(nil)
	_ Dimensioner   = (*LeastSquares)(nil)
)

// NewLeastSquares copies the samples. It returns an error (prefixed
// "objective:") if there are none, if x and y differ in length, or if a
// value is NaN or infinite.
func NewLeastSquares(x, y []float64) (*LeastSquares, error) {
	if len(x) == 0 {
		return nil, fmt.Errorf("objective: NewLeastSquares: empty data set (len(x) = 0)")
	}
	if len(x) != len(y) {
		return nil, fmt.Errorf("objective: NewLeastSquares: len(x) = %d but len(y) = %d", len(x), len(y))
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
			return nil, fmt.Errorf("objective: NewLeastSquares: x[%d] = %v is not finite", i, x[i])
		}
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return nil, fmt.Errorf("objective: NewLeastSquares: y[%d] = %v is not finite", i, y[i])
		}
	}
	return &LeastSquares{x: append([]float64(nil), x...), y: append([]float64(nil), y...)}, nil
}

// LineData draws n samples of y = a·x + b + noise·ε with xᵢ uniform in
// [0, 10) and ε standard normal, from rand.New(rand.NewPCG(seed, seed)):
// the same seed gives the same data.
func LineData(n int, a, b, noise float64, seed uint64) (x, y []float64) {
	r := rand.New(rand.NewPCG(seed, seed))
	x = make([]float64, n)
	y = make([]float64, n)
	for i := range x {
		x[i] = 10 * r.Float64()
		y[i] = a*x[i] + b + noise*r.NormFloat64()
	}
	return x, y
}

// Len returns the number of samples.
func (l *LeastSquares) Len() int { return len(l.x) }

// Dim returns 2: θ = (a, b).
func (l *LeastSquares) Dim() int { return 2 }

// Sample returns sample i.
func (l *LeastSquares) Sample(i int) (x, y float64) { return l.x[i], l.y[i] }

func (l *LeastSquares) residual(i int, th []float64) float64 {
	return l.y[i] - float64(th[0]*l.x[i]) - th[1]
}

// SampleFunc returns Qᵢ(θ) = (yᵢ − a·xᵢ − b)².
func (l *LeastSquares) SampleFunc(i int, th []float64) float64 {
	r := l.residual(i, th)
	return r * r
}

// SampleGrad stores ∇Qᵢ(θ) = (−2xᵢrᵢ, −2rᵢ), rᵢ = yᵢ − a·xᵢ − b, in grad.
func (l *LeastSquares) SampleGrad(grad []float64, i int, th []float64) {
	r := l.residual(i, th)
	grad[0] = -2 * l.x[i] * r
	grad[1] = -2 * r
}

// Func returns the mean loss L(θ) = (1/n) Σ Qᵢ(θ).
func (l *LeastSquares) Func(th []float64) float64 {
	s := 0.0
	for i := range l.x {
		s += l.SampleFunc(i, th)
	}
	return s / float64(len(l.x))
}

// Grad stores ∇L(θ) = (1/n) Σ ∇Qᵢ(θ) in grad.
func (l *LeastSquares) Grad(grad, th []float64) {
	var ga, gb float64
	for i := range l.x {
		r := l.residual(i, th)
		ga += -2 * l.x[i] * r
		gb += -2 * r
	}
	n := float64(len(l.x))
	grad[0], grad[1] = ga/n, gb/n
}

// Hess stores the constant Hessian (2/n)·[[Σxᵢ², Σxᵢ], [Σxᵢ, n]] in hess.
func (l *LeastSquares) Hess(hess *mat.SymDense, _ []float64) {
	var sxx, sx float64
	for _, v := range l.x {
		sxx += v * v
		sx += v
	}
	n := float64(len(l.x))
	hess.SetSym(0, 0, 2*sxx/n)
	hess.SetSym(0, 1, 2*sx/n)
	hess.SetSym(1, 1, 2)
}

// Solve returns the closed-form least-squares line
//
//	a = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)²,  b = ȳ − a·x̄
//
// and an error if all xᵢ are equal (the line is then not unique).
func (l *LeastSquares) Solve() (a, b float64, err error) {
	if len(l.x) == 0 {
		return 0, 0, fmt.Errorf("objective: LeastSquares.Solve: empty data set")
	}
	n := float64(len(l.x))
	var mx, my float64
	for i := range l.x {
		mx += l.x[i]
		my += l.y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx float64
	for i := range l.x {
		dx := l.x[i] - mx
		sxx += dx * dx
		sxy += dx * (l.y[i] - my)
	}
	if sxx == 0 {
		return 0, 0, fmt.Errorf("objective: LeastSquares.Solve: all %d samples have x = %v, the line is not unique", len(l.x), l.x[0])
	}
	a = sxy / sxx
	return a, my - a*mx, nil
}

// Minima returns the closed-form minimum ([LeastSquares.Solve]), or nil if it
// is not unique.
func (l *LeastSquares) Minima() []MinimumND {
	a, b, err := l.Solve()
	if err != nil {
		return nil
	}
	th := []float64{a, b}
	return []MinimumND{{X: th, F: l.Func(th), Global: true}}
}
