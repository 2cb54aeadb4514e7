package optim_test

import (
	"testing"

	"github.com/gradnb/gradnb/pkg/objective"
	"github.com/gradnb/gradnb/pkg/optim"
)

func TestResultMethod(t *testing.T) {
	for _, c := range []struct {
		m    optim.Method
		want string
	}{
		{&optim.GradientDescent{LR: 0.1}, "GradientDescent(lr=0.1)"},
		{&optim.Momentum{LR: 0.01, Momentum: 0.9}, "Momentum(lr=0.01, momentum=0.9)"},
		{&optim.Momentum{LR: 0.01, Momentum: 0.9, Nesterov: true}, "Momentum(lr=0.01, momentum=0.9, nesterov)"},
		{&optim.Adam{LR: 0.1}, "Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08)"},
		{&optim.Newton{}, "Newton(lr=1)"},
		{&optim.SteepestDescent{LineSearch: &optim.Backtracking{}}, "SteepestDescent(Backtracking(c1=0.0001, rho=0.5, alpha0=1))"},
	} {
		r, err := optim.Minimize1D(objective.Quadratic{A: 5}, 0, c.m, &optim.Settings{MaxIter: 3})
		if err != nil {
			t.Fatal(err)
		}
		if r.Method != c.want {
			t.Errorf("Result.Method = %q, want %q", r.Method, c.want)
		}
	}
}
