package optim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Seed003Iters are the update numbers whose iterate seed 003 prints
// (display_flag in its listing).
// Introduced in notebooks/05_line_search.ipynb.
var Seed003Iters = []int{1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500}

// Seed003Table is the table seed 003 prints after steepest descent with its
// 10⁷-point grid search, 500 updates from (0, 1), as its page shows it: the
// page collapsed runs of spaces, so "[ 0.0998848  0.001152 ]" (numpy 1.13's
// layout, [NumpyArray113]) reads "[ 0.0998848 0.001152 ]". The values are
// strings: never retype them.
// Introduced in notebooks/05_line_search.ipynb.
var Seed003Table = []string{
	"Iter: 1, x: [ 0.0998848 0.001152 ]",
	"Iter: 2, x: [ 0.36070906 0.02723477]",
	"Iter: 3, x: [ 0.35167097 0.11761506]",
	"Iter: 4, x: [ 0.44424751 0.12687296]",
	"Iter: 5, x: [ 0.43824528 0.18689394]",
	"Iter: 10, x: [ 0.57217842 0.28642287]",
	"Iter: 20, x: [ 0.6772309 0.43291189]",
	"Iter: 30, x: [ 0.7394933 0.52795907]",
	"Iter: 40, x: [ 0.78289396 0.59811139]",
	"Iter: 50, x: [ 0.81554999 0.65307488]",
	"Iter: 100, x: [ 0.90619007 0.81570209]",
	"Iter: 200, x: [ 0.96896765 0.93720982]",
	"Iter: 300, x: [ 0.98869242 0.97691039]",
	"Iter: 400, x: [ 0.99575609 0.99130582]",
	"Iter: 500, x: [ 0.9983905 0.99669874]",
}

// ParseNumpyArray reads a 1-D array as numpy's str() prints it, in the
// current layout ("[0.9983905  0.99669874]", "[1.e-05 1.e+00]") or the
// legacy 1.13 one ("[ 0.0998848  0.001152 ]"), with any runs of spaces.
// It is the inverse of [NumpyArray] and [NumpyArray113] up to their
// rounding to 8 decimals. An empty array "[]" gives an empty, non-nil
// slice; anything else that is not a bracketed list of numbers is an
// error.
// Introduced in notebooks/05_line_search.ipynb.
func ParseNumpyArray(s string) ([]float64, error) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "[") || !strings.HasSuffix(t, "]") {
		return nil, fmt.Errorf("optim: ParseNumpyArray: %q is not a bracketed array", s)
	}
	x := []float64{}
	for _, f := range strings.Fields(t[1 : len(t)-1]) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("optim: ParseNumpyArray: %q: %w", s, err)
		}
		x = append(x, v)
	}
	return x, nil
}

// ParseNumpyIter reads a line "Iter: k, x: [a b …]" as seed 003 prints it
// ([FormatNumpyIter], [FormatNumpyIter113]) and returns k and x.
// Introduced in notebooks/05_line_search.ipynb.
func ParseNumpyIter(line string) (k int, x []float64, err error) {
	head, arr, ok := strings.Cut(line, ", x: ")
	num, ok2 := strings.CutPrefix(strings.TrimSpace(head), "Iter: ")
	if !ok || !ok2 {
		return 0, nil, fmt.Errorf("optim: ParseNumpyIter: %q is not an \"Iter: k, x: [...]\" line", line)
	}
	if k, err = strconv.Atoi(num); err != nil {
		return 0, nil, fmt.Errorf("optim: ParseNumpyIter: %q: %w", line, err)
	}
	if x, err = ParseNumpyArray(arr); err != nil {
		return 0, nil, err
	}
	return k, x, nil
}

// TableDiff is how a printed table of iterates compares with another
// (CompareNumpyTables).
type TableDiff struct {
	// Rows is the number of rows compared.
	Rows int
	// Same counts the rows printed identically, runs of spaces collapsed
	// (as a web page shows them).
	Same int
	// MaxDiff is the largest |x_i − y_i| over every element of every row.
	MaxDiff float64
	// First is the index of the first row not printed identically, or −1.
	First int
}

// CompareNumpyTables compares the rows got ("Iter: k, x: [...]", as
// [FormatNumpyIter113] prints them) with the rows want (for example
// [Seed003Table]) row by row: how many are printed identically once runs
// of spaces are collapsed, and the largest difference between their
// numbers. Rows must pair up: the same count, the same k, arrays of the
// same length; otherwise it returns an error.
// Introduced in notebooks/05_line_search.ipynb.
func CompareNumpyTables(got, want []string) (TableDiff, error) {
	if len(got) != len(want) {
		return TableDiff{}, fmt.Errorf("optim: CompareNumpyTables: %d rows against %d", len(got), len(want))
	}
	d := TableDiff{Rows: len(got), First: -1}
	for i := range got {
		kg, xg, err := ParseNumpyIter(got[i])
		if err != nil {
			return TableDiff{}, err
		}
		kw, xw, err := ParseNumpyIter(want[i])
		if err != nil {
			return TableDiff{}, err
		}
		if kg != kw || len(xg) != len(xw) {
			return TableDiff{}, fmt.Errorf("optim: CompareNumpyTables: row %d is %q against %q", i, got[i], want[i])
		}
		if strings.Join(strings.Fields(got[i]), " ") == strings.Join(strings.Fields(want[i]), " ") {
			d.Same++
		} else if d.First < 0 {
			d.First = i
		}
		for j := range xg {
			d.MaxDiff = math.Max(d.MaxDiff, math.Abs(xg[j]-xw[j]))
		}
	}
	return d, nil
}
