package figure

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/gradnb/gradnb/pkg/optim"
)

// Measure is what a series of a run shows at each iterate: a coordinate of
// x, the loss, f − f*, ‖∇f‖ or the distance to the minimum. Build one with
// Coord, Loss, LossGap, GradNorm or DistanceTo, or set Of yourself.
type Measure struct {
	// Name labels the y axis when the figure's YLabel is empty ("x",
	// "f - f*").
	Name string
	// Of returns the value at one iterate. A non-finite value ends the
	// series there (a diverged run).
	Of func(it optim.Iterate) float64
	// Log suggests a logarithmic y axis: the measure is positive and falls
	// by orders of magnitude (f − f*, ‖∇f‖, the distance to x*).
	Log bool

	// check, when set, says why an iterate cannot be measured (too few
	// coordinates, no gradient recorded).
	check func(it optim.Iterate) error
}

// Coord measures the i-th coordinate of x (0 for a function of one
// variable), named name on the axis; an empty name means "x" for i = 0 of
// a 1-D run and "x[i]" otherwise.
func Coord(i int, name string) Measure {
	if name == "" {
		name = "x[" + strconv.Itoa(i) + "]"
		if i == 0 {
			name = "x"
		}
	}
	return Measure{
		Name: name,
		Of:   func(it optim.Iterate) float64 { return it.X[i] },
		check: func(it optim.Iterate) error {
			if i < 0 || i >= len(it.X) {
				return fmt.Errorf("figure: Coord(%d, %s) measures coordinate %d, but iterate %d has %d coordinates", i, quote(name), i, it.K, len(it.X))
			}
			return nil
		},
	}
}

// Loss measures f(x_k) as the trace holds it.
func Loss() Measure {
	return Measure{Name: "f(x)", Of: func(it optim.Iterate) float64 { return it.F }}
}

// LossGap measures f(x_k) − f*, the distance to the optimal value, for a
// log axis. Values ≤ 0 (rounding at the minimum) leave gaps there.
func LossGap(fstar float64) Measure {
	return Measure{
		Name: "f - f*",
		Of:   func(it optim.Iterate) float64 { return it.F - fstar },
		Log:  true,
		check: func(it optim.Iterate) error {
			if !finite(fstar) {
				return fmt.Errorf("figure: LossGap(%v): the optimal value must be finite", fstar)
			}
			return nil
		},
	}
}

// GradNorm measures the Euclidean norm ‖∇f(x_k)‖ of the gradient the
// trace holds.
func GradNorm() Measure {
	return Measure{
		Name: "|grad f|",
		Of: func(it optim.Iterate) float64 {
			s := 0.0
			for _, g := range it.Grad {
				s += g * g
			}
			return math.Sqrt(s)
		},
		Log: true,
		check: func(it optim.Iterate) error {
			if len(it.Grad) != len(it.X) {
				return fmt.Errorf("figure: GradNorm: iterate %d holds %d gradient components for %d coordinates", it.K, len(it.Grad), len(it.X))
			}
			return nil
		},
	}
}

// DistanceTo measures the Euclidean distance ‖x_k − x*‖ to the point
// xstar (the minimum), for a log axis.
func DistanceTo(xstar []float64) Measure {
	xs := append([]float64(nil), xstar...)
	return Measure{
		Name: "|x - x*|",
		Of: func(it optim.Iterate) float64 {
			s := 0.0
			for i, v := range xs {
				d := it.X[i] - v
				s += d * d
			}
			return math.Sqrt(s)
		},
		Log: true,
		check: func(it optim.Iterate) error {
			for i, v := range xs {
				if !finite(v) {
					return fmt.Errorf("figure: DistanceTo: x*[%d] = %v is not finite", i, v)
				}
			}
			if len(it.X) != len(xs) {
				return fmt.Errorf("figure: DistanceTo a point of %d coordinates, but iterate %d has %d", len(xs), it.K, len(it.X))
			}
			return nil
		},
	}
}

// orCoord0 returns m, or Coord(0, "") when m is the zero Measure.
func (m Measure) orCoord0() Measure {
	if m.Of == nil && m.Name == "" {
		return Coord(0, "")
	}
	return m
}

// RunSeries returns run r measured by m against the iteration number
// Iterate.K (so a thinned trace keeps its true iterations), labelled with
// r.Method: the building block of CompareRuns and SeriesExplorer, for a
// SeriesPlot of your own. The zero Measure means Coord(0, ""). until > 0
// keeps only the iterates with K ≤ until. The series ends at the first
// value that is not finite.
func RunSeries(r *optim.Result, m Measure, until int) (Series, error) {
	m = m.orCoord0()
	if m.Of == nil {
		return Series{}, fmt.Errorf("figure: Measure %s has no Of function", quote(m.Name))
	}
	if err := checkText("Measure.Name", m.Name); err != nil {
		return Series{}, err
	}
	if r == nil || len(r.Trace) == 0 {
		return Series{}, errors.New("figure: RunSeries needs a run with at least one iterate")
	}
	tr := upTo(r.Trace, until)
	s := Series{Label: r.Method, X: make([]float64, 0, len(tr)), Y: make([]float64, 0, len(tr))}
	for _, it := range tr {
		if m.check != nil {
			if err := m.check(it); err != nil {
				return Series{}, err
			}
		}
		s.X = append(s.X, float64(it.K))
		s.Y = append(s.Y, m.Of(it))
	}
	return s, nil
}
