package exercise

import (
	"reflect"
	"strings"
	"testing"
)

// Check functions of this test's own, named as the package's check
// functions are, so that the id mechanism is tested independently of the
// notebooks' checks (whose signatures change with the lessons).

func NB07Ex3(got float64) Result {
	return Number{Name: "x", Want: 2, What: "ok"}.Check(got)
}

func NB07Ex4(got int) Result { return Count{Want: 3}.Check(got) }

func NB08Ex12(got []float64) Result {
	// Through a function literal, a helper and All.
	part := func(xs []float64) Result { return Trace{Want: []float64{1, 2}}.Check(xs) }
	return All(helperPass(), part(got))
}

func NB09Ex1(f func(float64) float64) Result {
	return Func{Want: func(x float64) float64 { return 2 * x }, At: []float64{1, 2}}.Check(f)
}

func NB09Ex2(k int) Result {
	if k == 0 {
		return Failf("k = %d", k)
	}
	// A result made in another goroutine, outside any check function,
	// gets its id from All.
	ch := make(chan Result)
	go func() { ch <- helperFail() }()
	return All(<-ch)
}

// helperPass and helperFail are package-level helpers, as nbNN.go files
// have; their results take the id of the check function that called them.
func helperPass() Result { return Pass("helper") }
func helperFail() Result { return Fail("helper") }

func TestResultID(t *testing.T) {
	for _, c := range []struct {
		name string
		r    Result
		id   string
		ok   bool
	}{
		{"Number right", NB07Ex3(2), "ex07_3", true},
		{"Number wrong", NB07Ex3(-2), "ex07_3", false},
		{"Number NotWritten", NB07Ex3(0), "ex07_3", false},
		{"Count right", NB07Ex4(3), "ex07_4", true},
		{"Count off by one", NB07Ex4(4), "ex07_4", false},
		{"Trace in a literal, All right", NB08Ex12([]float64{1, 2}), "ex08_12", true},
		{"Trace in a literal, All wrong", NB08Ex12([]float64{1}), "ex08_12", false},
		{"Func right", NB09Ex1(func(x float64) float64 { return 2 * x }), "ex09_1", true},
		{"Func panics", NB09Ex1(func(x float64) float64 { panic("no") }), "ex09_1", false},
		{"Func nil", NB09Ex1(nil), "ex09_1", false},
		{"Failf", NB09Ex2(0), "ex09_2", false},
		{"from another goroutine through All", NB09Ex2(1), "ex09_2", false},
		{"outside a check function", Pass("x"), "", true},
		{"helper outside a check function", helperFail(), "", false},
	} {
		if c.r.ID != c.id || c.r.OK != c.ok {
			t.Errorf("%s: ID %q OK %v, want %q %v (%s)", c.name, c.r.ID, c.r.OK, c.id, c.ok, c.r)
		}
		if strings.Contains(c.r.String(), "ex0") {
			t.Errorf("%s: the line a learner sees shows the id: %q", c.name, c.r.String())
		}
	}
}

func TestIDOf(t *testing.T) {
	for fn, want := range map[string]string{
		"github.com/gradnb/gradnb/pkg/exercise.NB01Ex1":         "ex01_1",
		"github.com/gradnb/gradnb/pkg/exercise.NB04Ex12.func1":  "ex04_12",
		"github.com/gradnb/gradnb/pkg/exercise.NB04Ex3.func1.2": "ex04_3",
		"github.com/gradnb/gradnb/pkg/exercise.NB04Ex3X":        "",
		"github.com/gradnb/gradnb/pkg/exercise.nb04Ex3":         "",
		"github.com/gradnb/gradnb/pkg/exercise.NB4Ex3":          "",
		"github.com/gradnb/gradnb/pkg/exercise.Number.Check":    "",
		"main.NB01Ex1":                                       "",
		"github.com/other/pkg/exercise.NB01Ex1":              "",
		"github.com/gradnb/gradnb/pkg/exercise_test.NB01Ex1": "",
		"github.com/gradnb/gradnb/pkg/exercise.NB01Ex1[...]": "",
		"github.com/gradnb/gradnb/pkg/exercise.(*T).NB01Ex1": "",
	} {
		if got := IDOf(fn); got != want {
			t.Errorf("IDOf(%q) = %q, want %q", fn, got, want)
		}
	}
}

// TestNotebookChecksKnowTheirID calls each notebook check function that
// exists (NB01Ex1 … NB05Ex5) with the zero value of every parameter,
// whatever its signature, through reflection: each result must carry its
// own id. A check that panics on zero values is reported, not failed here
// (its own tests cover it).
func TestNotebookChecksKnowTheirID(t *testing.T) {
	checks := map[string]any{
		"ex01_1": NB01Ex1, "ex01_2": NB01Ex2, "ex01_3": NB01Ex3, "ex01_4": NB01Ex4, "ex01_5": NB01Ex5,
		"ex02_1": NB02Ex1, "ex02_2": NB02Ex2, "ex02_3": NB02Ex3, "ex02_4": NB02Ex4, "ex02_5": NB02Ex5,
		"ex03_1": NB03Ex1, "ex03_2": NB03Ex2, "ex03_3": NB03Ex3, "ex03_4": NB03Ex4, "ex03_5": NB03Ex5,
		"ex04_1": NB04Ex1, "ex04_2": NB04Ex2, "ex04_3": NB04Ex3, "ex04_4": NB04Ex4, "ex04_5": NB04Ex5,
		"ex05_1": NB05Ex1, "ex05_2": NB05Ex2, "ex05_3": NB05Ex3, "ex05_4": NB05Ex4, "ex05_5": NB05Ex5,
	}
	resultType := reflect.TypeOf(Result{})
	called := 0
	for id, fn := range checks {
		v := reflect.ValueOf(fn)
		ft := v.Type()
		if ft.NumOut() != 1 || ft.Out(0) != resultType {
			t.Errorf("%s: the check function returns %v, want one Result", id, ft)
			continue
		}
		n := ft.NumIn()
		if ft.IsVariadic() {
			n--
		}
		args := make([]reflect.Value, n)
		for i := range args {
			args[i] = reflect.Zero(ft.In(i))
		}
		r, panicked := func() (r Result, panicked any) {
			defer func() { panicked = recover() }()
			return v.Call(args)[0].Interface().(Result), nil
		}()
		if panicked != nil {
			t.Logf("%s: panics on zero values (%v); its id is not checked here", id, panicked)
			continue
		}
		called++
		if r.ID != id {
			t.Errorf("%s with zero values: ID %q (%s), want %q", id, r.ID, r, id)
		}
	}
	if called < len(checks)/2 {
		t.Errorf("only %d of %d check functions could be called with zero values", called, len(checks))
	}
}
