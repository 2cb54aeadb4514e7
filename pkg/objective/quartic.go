package objective

import "math"

// Quartic is f(x) = x⁴ − 2x² of seed 002 (『ゼロから作るDeep Learning 3』
// step 29): a double well with global minima f(±1) = −1, a local maximum
// f(0) = 0, and inflection points at x = ±1/√3 where f″ = 0. The seed
// compares gradient descent (lr = 0.01) and Newton's method from the
// standard start x = 2.
//
// The derivatives are evaluated as Python evaluates the seed's code, one
// rounding per operation and x**3 correctly rounded ([Cube]), so the seed's
// listings are reproduced digit for digit.
// Introduced in notebooks/04_newton_vs_gradient_descent.ipynb.
type Quartic struct{}

// QuarticStart is the standard start of seed 002.
const QuarticStart = 2.0

// InflectionQuartic is 1/√3, where the Quartic's curvature f″(x) = 12x² − 4
// changes sign: Newton's method is undefined at ±1/√3 and heads for the local
// maximum between them.
var InflectionQuartic = 1 / math.Sqrt(3)

// F returns x⁴ − 2x² (Python: x**4 - 2 * x**2).
func (Quartic) F(x float64) float64 { return Pow4(x) - float64(2*float64(x*x)) }

// DF returns f'(x) = 4x³ − 4x (Python: 4 * x**3 - 4 * x).
func (Quartic) DF(x float64) float64 { return float64(4*Cube(x)) - float64(4*x) }

// D2F returns f″(x) = 12x² − 4 (Python: 12 * x**2 - 4).
func (Quartic) D2F(x float64) float64 { return float64(12*float64(x*x)) - 4 }

// Minima returns the two global minima x = −1 and x = 1, both with f = −1.
func (Quartic) Minima() []Minimum {
	return []Minimum{{X: -1, F: -1, Global: true}, {X: 1, F: -1, Global: true}}
}

// Maxima returns the local maximum x = 0, f = 0.
func (Quartic) Maxima() []Minimum { return []Minimum{{X: 0, F: 0}} }
