package optim

import (
	"fmt"
	"github.com/gradnb/gradnb/pkg/linesearch"
	"strconv"
	"strings"
)

// num formats v in the shortest form that reads back exactly (0.1, 1e-08).
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// call formats name(k=v, …) from alternating keys and values; a value of
// "" writes the key alone (a flag).
func call(name string, kv ...string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	first := true
	for i := 0; i+1 < len(kv); i += 2 {
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(kv[i])
		if kv[i+1] != "" {
			b.WriteByte('=')
			b.WriteString(kv[i+1])
		}
	}
	b.WriteByte(')')
	return b.String()
}

// String returns "Momentum(lr=…, momentum=…)", with ", nesterov" and
// ", lazy velocity" when those are set.
func (m *Momentum) String() string {
	kv := []string{"lr", num(m.LR), "momentum", num(m.Momentum)}
	if m.Nesterov {
		kv = append(kv, "nesterov", "")
	}
	if m.LazyVelocity {
		kv = append(kv, "lazy velocity", "")
	}
	return call("Momentum", kv...)
}

// String returns "AveragedMomentum(lr=…, beta=…)".
func (m *AveragedMomentum) String() string {
	return call("AveragedMomentum", "lr", num(m.LR), "beta", num(m.Beta))
}

// String returns "RMSProp(lr=…, alpha=…, eps=…)" with the effective
// (defaulted) values.
func (m *RMSProp) String() string {
	alpha, eps := m.params()
	return call("RMSProp", "lr", num(m.LR), "alpha", num(alpha), "eps", num(eps))
}

// String returns "AdaGrad(lr=…, eps=…)" with the effective ε.
func (m *AdaGrad) String() string {
	eps := m.Eps
	if eps == 0 {
		eps = 1e-10
	}
	return call("AdaGrad", "lr", num(m.LR), "eps", num(eps))
}

// String returns "Adam(lr=…, beta1=…, beta2=…, eps=…)" with the effective
// (defaulted) values.
func (m *Adam) String() string {
	b1, b2, eps := m.params()
	return call("Adam", "lr", num(m.LR), "beta1", num(b1), "beta2", num(b2), "eps", num(eps))
}

// String returns "SGD(lr=…, seed=…)".
func (m *SGD) String() string {
	return call("SGD", "lr", num(m.LR), "seed", strconv.FormatUint(m.Seed, 10))
}

// String returns "Stochastic(<method>, seed=…)".
func (s *Stochastic) String() string {
	inner := "<nil>"
	if s.Method != nil {
		inner = methodName(s.Method)
	}
	return "Stochastic(" + inner + ", seed=" + strconv.FormatUint(s.Seed, 10) + ")"
}

// String returns "Newton(lr=…)", with ", safeguarded, fallback_lr=…" when
// Safeguarded is set.
func (m *Newton) String() string {
	kv := []string{"lr", num(m.lr())}
	if m.Safeguarded {
		kv = append(kv, "safeguarded", "", "fallback_lr", num(m.FallbackLR))
	}
	return call("Newton", kv...)
}

// String returns "SteepestDescent(<line search>)".
func (m *SteepestDescent) String() string {
	inner := "<nil>"
	if m.LineSearch != nil {
		if s, ok := m.LineSearch.(interface{ String() string }); ok {
			inner = s.String()
		} else {
			inner = strings.TrimPrefix(fmtType(m.LineSearch), "*")
		}
	}
	return "SteepestDescent(" + inner + ")"
}

func fmtType(v any) string { return fmt.Sprintf("%T", v) }

// String returns "Backtracking(c1=…, rho=…, alpha0=…)" with the effective
// decrease factor, contraction factor and initial step.
func (b *Backtracking) String() string {
	e, _ := linesearch.Backtracking(*b).Validate()
	return call("Backtracking", "c1", num(e.DecreaseFactor), "rho", num(e.ContractionFactor), "alpha0", num(e.InitialStep))
}

// String returns "GoldenSection(tol=…)" with the effective tolerance.
func (g *GoldenSection) String() string {
	e, _ := linesearch.GoldenSection(*g).Validate()
	return call("GoldenSection", "tol", num(e.Tol))
}

// String returns "GridSearch(start=…, stop=…, step=…)", with ", fast"
// when Fast is set.
func (s *GridSearch) String() string {
	kv := []string{"start", num(s.Grid.Start), "stop", num(s.Grid.Stop), "step", num(s.Grid.Step)}
	if s.Fast {
		kv = append(kv, "fast", "")
	}
	return call("GridSearch", kv...)
}
