package optim_test

import (
	"fmt"
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

// Every status has its own Japanese name, and an unknown one is named by
// its number, as String does.
func TestStatusJapanese(t *testing.T) {
	seen := map[string]optim.Status{}
	for s := optim.NotFinished; s <= optim.Breakdown; s++ {
		j := s.Japanese()
		if j == "" || j == s.String() {
			t.Errorf("%v.Japanese() = %q", s, j)
		}
		if o, dup := seen[j]; dup {
			t.Errorf("%v and %v are both %q", o, s, j)
		}
		seen[j] = s
	}
	if got := optim.Status(42).Japanese(); got != "Status(42)" {
		t.Errorf("Status(42).Japanese() = %q", got)
	}
}

func ExampleStatus_Japanese() {
	r, err := optim.Minimize1D(objective.Quadratic{A: 5}, -5, &optim.GradientDescent{LR: 1.1}, &optim.Settings{MaxIter: 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, "/", r.Status.Japanese())
	// Output: diverged / 発散
}
