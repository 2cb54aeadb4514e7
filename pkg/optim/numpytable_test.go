package optim_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

func TestParseNumpyArray(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []float64
	}{
		{"[ 0.0998848  0.001152 ]", []float64{0.0998848, 0.001152}},
		{"[ 0.0998848 0.001152 ]", []float64{0.0998848, 0.001152}},
		{"[0.9983905  0.99669874]", []float64{0.9983905, 0.99669874}},
		{"[1.e-05 1.e+00]", []float64{1e-5, 1}},
		{"[-1.5  0.25]", []float64{-1.5, 0.25}},
		{"[]", []float64{}},
	} {
		got, err := optim.ParseNumpyArray(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseNumpyArray(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "0.1 0.2", "[0.1 x]", "[0.1"} {
		if _, err := optim.ParseNumpyArray(bad); err == nil {
			t.Errorf("ParseNumpyArray(%q): no error", bad)
		}
	}
	// The inverse of the printers, to their 8 decimals.
	for _, x := range [][]float64{{0.0998848012, 0.0011520003}, {0.99839039, 0.996698511}, {-3.25, 12.5}} {
		for _, s := range []string{optim.NumpyArray(x), optim.NumpyArray113(x)} {
			got, err := optim.ParseNumpyArray(s)
			if err != nil || len(got) != len(x) {
				t.Fatalf("%q: %v %v", s, got, err)
			}
			for i := range x {
				if math.Abs(got[i]-x[i]) > 5e-9 {
					t.Errorf("%q: element %d = %v, printed from %v", s, i, got[i], x[i])
				}
			}
		}
	}
}

func TestParseNumpyIter(t *testing.T) {
	k, x, err := optim.ParseNumpyIter("Iter: 500, x: [ 0.9983905 0.99669874]")
	if err != nil || k != 500 || !reflect.DeepEqual(x, []float64{0.9983905, 0.99669874}) {
		t.Errorf("got %d %v %v", k, x, err)
	}
	for _, bad := range []string{"Iter 1, x: [1]", "Iter: one, x: [1]", "Iter: 1, x: 1", "x: [1]"} {
		if _, _, err := optim.ParseNumpyIter(bad); err == nil {
			t.Errorf("ParseNumpyIter(%q): no error", bad)
		}
	}
}

func TestCompareNumpyTables(t *testing.T) {
	want := []string{"Iter: 1, x: [ 0.5 0.25]", "Iter: 2, x: [ 0.75 0.5 ]"}
	d, err := optim.CompareNumpyTables([]string{"Iter: 1, x: [ 0.5   0.25]", "Iter: 2, x: [ 0.75  0.5000002]"}, want)
	if err != nil || d.Rows != 2 || d.Same != 1 || d.First != 1 || math.Abs(d.MaxDiff-2e-7) > 1e-15 {
		t.Errorf("got %+v, %v", d, err)
	}
	if d, err := optim.CompareNumpyTables(want, want); err != nil || d.Same != 2 || d.First != -1 || d.MaxDiff != 0 {
		t.Errorf("a table against itself: %+v, %v", d, err)
	}
	for _, got := range [][]string{want[:1], {"Iter: 1, x: [ 0.5 0.25]", "Iter: 3, x: [ 0.75 0.5 ]"}, {"Iter: 1, x: [ 0.5 0.25]", "Iter: 2, x: [ 0.75]"}, {"Iter: 1, x: [ 0.5 0.25]", "oops"}} {
		if _, err := optim.CompareNumpyTables(got, want); err == nil {
			t.Errorf("%q: no error", got)
		}
	}
}

// The seed's table against the library's run of its search (the fast grid
// search, which picks the brute-force scan's points; notebooks/05 shows
// both): 13 of 15 rows identical, every number within 2.3e-7.
func TestSeed003TableCompared(t *testing.T) {
	v := objective.Valley{}
	r, err := optim.Minimize(v, v.Start(), &optim.SteepestDescent{LineSearch: optim.SeedGridSearch(true)}, &optim.Settings{MaxIter: 500})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, it := range r.Trace.Select(optim.Seed003Iters...) {
		rows = append(rows, optim.FormatNumpyIter113(it))
	}
	d, err := optim.CompareNumpyTables(rows, optim.Seed003Table)
	if err != nil {
		t.Fatal(err)
	}
	if d.Rows != 15 || d.Same != 13 || d.First != 13 || d.MaxDiff > 2.5e-7 || d.MaxDiff < 2e-7 {
		t.Errorf("against the seed: %+v", d)
	}
	for i, row := range optim.Seed003Table {
		k, _, err := optim.ParseNumpyIter(row)
		if err != nil || k != optim.Seed003Iters[i] {
			t.Errorf("row %d %q: k %d, %v", i, row, k, err)
		}
	}
}
