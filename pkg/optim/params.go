package optim

import (
	"fmt"
	"math"
	"strings"
)

// ParamError is the error for an impossible hyperparameter or setting:
// Method.Field = Value breaks Rule. Match it with errors.As to find which
// field of which method (or "Settings") was wrong.
type ParamError struct {
	// Method is the method's type name ("GradientDescent") or "Settings".
	Method, Field string
	// Value is the rejected value (a float64 or an int).
	Value any
	// Rule says what is wrong or required, e.g. "must be in [0, 1)".
	Rule string
}

// Error returns "optim: Method.Field = Value: Rule" (without the colon
// when Rule starts with "must" or "is").
func (e *ParamError) Error() string {
	sep := ": "
	if strings.HasPrefix(e.Rule, "must") || strings.HasPrefix(e.Rule, "is ") {
		sep = " "
	}
	return fmt.Sprintf("optim: %s.%s = %v%s%s", e.Method, e.Field, e.Value, sep, e.Rule)
}

// checkLR validates a learning rate named field of method.
func checkLR(method, field string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return &ParamError{method, field, v, "the learning rate must be positive and finite"}
	}
	return nil
}

// checkUnit validates a decay rate in [0, 1).
func checkUnit(method, field string, v float64) error {
	if !(v >= 0 && v < 1) {
		return &ParamError{method, field, v, "must be in [0, 1)"}
	}
	return nil
}

// checkPos validates a positive finite constant such as ε.
func checkPos(method, field string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return &ParamError{method, field, v, "must be positive and finite"}
	}
	return nil
}
