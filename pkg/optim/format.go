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

// FormatPyIter is the format of seed 002's listings, Python's
// print('iter:' + str(i), x):
//
//	iter:0 2.0
//
// It prints the first coordinate with [PyFloat].
// Introduced in notebooks/04_newton_vs_gradient_descent.ipynb.
func FormatPyIter(it Iterate) string {
	return "iter:" + strconv.Itoa(it.K) + " " + PyFloat(it.X[0])
}

// FormatNumpyIter is the format of seed 003's table,
// "Iter: {:.0f}, x: {}".format(k+1, x), with x printed by current numpy
// ([NumpyArray]):
//
//	Iter: 500, x: [0.9983905  0.99669874]
//
// Seed 003 prints after each update, so the line for iterate K shows x_K;
// print the iterates K ∈ {1, 2, 3, 4, 5, 10, …} with [Trace.Select].
// Introduced in notebooks/05_line_search.ipynb.
func FormatNumpyIter(it Iterate) string {
	return "Iter: " + strconv.Itoa(it.K) + ", x: " + NumpyArray(it.X)
}

// FormatNumpyIter113 is FormatNumpyIter with numpy's legacy (≤ 1.13)
// printing, [NumpyArray113], the spacing of the seed's own output:
//
//	Iter: 1, x: [ 0.0998848  0.001152 ]
func FormatNumpyIter113(it Iterate) string {
	return "Iter: " + strconv.Itoa(it.K) + ", x: " + NumpyArray113(it.X)
}

// Select returns the iterates whose K is in ks, in trace order.
func (t Trace) Select(ks ...int) Trace {
	var out Trace
	for _, it := range t {
		for _, k := range ks {
			if it.K == k {
				out = append(out, it)
				break
			}
		}
	}
	return out
}

// NumpyArray formats a 1-D float64 array as str() does in numpy ≥ 1.14 with
// the default print options (precision 8, floatmode "maxprec",
// suppress=False): each element is the shortest repr that reads back, cut
// to 8 decimals and rounded; elements are padded to a common width (decimal
// points aligned, short fractions padded with spaces on the right) and
// joined by one space:
//
//	[0.9983905  0.99669874]   [1. 2.]   [-1.5  0.25]
//
// Scientific notation ("[1.e-05 1.e+00]") is used, as numpy does, when the
// largest magnitude is ≥ 1e8, or the smallest non-zero one is < 1e−4, or
// their ratio exceeds 1000. Lines are not wrapped at numpy's 75 columns,
// which only matters for long arrays.
func NumpyArray(x []float64) string { return numpyArray(x, false) }

// NumpyArray113 is NumpyArray with numpy's legacy="1.13" layout (the
// default before numpy 1.14), which reserves a sign column before every
// element: "[ 0.0998848  0.001152 ]". Seed 003's table was printed this way.
func NumpyArray113(x []float64) string { return numpyArray(x, true) }

func numpyArray(x []float64, legacy bool) string {
	var fin []float64
	for _, v := range x {
		if finite(v) {
			fin = append(fin, v)
		}
	}
	exp := false
	var maxA, minA float64 = 0, math.Inf(1)
	for _, v := range fin {
		if a := math.Abs(v); a != 0 {
			maxA, minA = math.Max(maxA, a), math.Min(minA, a)
		}
	}
	if maxA > 0 && (maxA >= 1e8 || minA < 1e-4 || maxA/minA > 1e3) {
		exp = true
	}
	elems := make([]string, len(x))
	if exp {
		// Common number of fractional digits: the most any element needs,
		// at most 8; exponent digits padded to a common width (≥ 2).
		prec, expDigits, padLeft := 0, 2, 0
		for _, v := range fin {
			m, e := sciParts(v, -1)
			if _, frac, _ := strings.Cut(m, "."); len(frac) > prec {
				prec = min(len(frac), 8)
			}
			expDigits = max(expDigits, len(e)-1)
		}
		for _, v := range fin {
			m, _ := sciParts(v, prec)
			ip, _, _ := strings.Cut(m, ".")
			padLeft = max(padLeft, len(ip))
		}
		if legacy {
			padLeft = 3
		}
		width := padLeft + 1 + prec + 2 + expDigits
		for i, v := range x {
			if !finite(v) {
				elems[i] = pad(PyFloat(v), width)
				continue
			}
			m, e := sciParts(v, prec)
			ip, frac, _ := strings.Cut(m, ".")
			sign, digits := e[:1], e[1:]
			for len(digits) < expDigits {
				digits = "0" + digits
			}
			elems[i] = pad(ip, padLeft) + "." + frac + "e" + sign + digits
		}
	} else {
		ints := make([]string, len(x))
		fracs := make([]string, len(x))
		padLeft, padRight := 0, 0
		for i, v := range x {
			if !finite(v) {
				continue
			}
			s := strconv.FormatFloat(v, 'f', -1, 64)
			if _, frac, _ := strings.Cut(s, "."); len(frac) > 8 {
				s = strings.TrimRight(strconv.FormatFloat(v, 'f', 8, 64), "0")
			}
			ip, frac, _ := strings.Cut(s, ".")
			if ip == "-0" && !math.Signbit(v) {
				ip = "0"
			}
			ints[i], fracs[i] = ip, frac
			if legacy {
				padLeft = max(padLeft, 1+len(strings.TrimLeft(ip, "-")))
			} else {
				padLeft = max(padLeft, len(ip))
			}
			padRight = max(padRight, len(frac))
		}
		// As numpy: widen the integer part so "nan", "inf", "-inf" fit.
		if len(fin) != len(x) {
			special := 3
			for _, v := range x {
				if math.IsInf(v, -1) {
					special = 4
				}
			}
			padLeft = max(padLeft, special-(padRight+1))
		}
		for i, v := range x {
			if !finite(v) {
				elems[i] = pad(PyFloat(v), padLeft+1+padRight)
				continue
			}
			elems[i] = pad(ints[i], padLeft) + "." + fracs[i] + strings.Repeat(" ", padRight-len(fracs[i]))
		}
	}
	return "[" + strings.Join(elems, " ") + "]"
}

// sciParts returns x's mantissa ("1.25", "1.") and exponent ("+05") in
// scientific notation with prec fractional digits (−1: shortest).
func sciParts(x float64, prec int) (mant, exp string) {
	s := strconv.FormatFloat(x, 'e', prec, 64)
	m, e, _ := strings.Cut(s, "e")
	if !strings.Contains(m, ".") {
		m += "."
	}
	return m, e
}

// pad right-aligns s in width columns.
func pad(s string, width int) string {
	if len(s) >= width {
		return s
	}
	return strings.Repeat(" ", width-len(s)) + s
}
