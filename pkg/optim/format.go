package optim

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// LineFormat turns an iterate into one printed line (without the newline).
type LineFormat func(it Iterate) string

// FormatIteration is the format of seeds 004 and 000:
//
//	0-th iteration, x=-5.000, loss: 100.000, grad: -20.000
//
// It prints the first coordinate and gradient component.
func FormatIteration(it Iterate) string {
	return fmt.Sprintf("%d-th iteration, x=%.3f, loss: %.3f, grad: %.3f", it.K, it.X[0], it.F, it.Grad[0])
}

// Fprint writes one line per update of the run (the iterates the source
// documents print: every one but the last), and, if the run diverged, the
// last iterate and a line that says so.
func (r *Result) Fprint(w io.Writer, f LineFormat) error {
	lines := r.Updates()
	if r.Status == Diverged {
		lines = r.Trace
	}
	for _, it := range lines {
		if _, err := fmt.Fprintln(w, f(it)); err != nil {
			return err
		}
	}
	if r.Status == Diverged {
		_, err := fmt.Fprintf(w, "diverged: %s\n", r.Reason)
		return err
	}
	return nil
}

// PyFloat formats x as Python's repr(float) and str(float) do: the shortest
// string that reads back as x, with ".0" on integral values ("2.0", not
// "2"), fixed notation for exponents from −4 to 15 and "1e-05" style
// otherwise, "inf", "-inf" and "nan".
func PyFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(x, 'e', -1, 64) // d.ddde±XX
	i := strings.LastIndexByte(e, 'e')
	exp, _ := strconv.Atoi(e[i+1:])
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}
