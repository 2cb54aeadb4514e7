package optim

import (
	"math"

	"github.com/gradnb/gradnb/pkg/linesearch"
)

// ParamError is the error for an impossible hyperparameter or setting:
// Method.Field = Value breaks Rule (Method is the method's type name, e.g.
// "GradientDescent", or "Settings"). Match it with errors.As to find which
// field of which method was wrong. It is linesearch.ParamError, so a bad
// line-search factor matches too.
type ParamError = linesearch.ParamError

// paramError returns the ParamError of package optim.
func paramError(method, field string, v any, rule string) error {
	return &ParamError{Pkg: "optim", Method: method, Field: field, Value: v, Rule: rule}
}

// checkLR validates a learning rate named field of method.
func checkLR(method, field string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return paramError(method, field, v, "the learning rate must be positive and finite")
	}
	return nil
}

// checkUnit validates a decay rate in [0, 1).
func checkUnit(method, field string, v float64) error {
	if !(v >= 0 && v < 1) {
		return paramError(method, field, v, "must be in [0, 1)")
	}
	return nil
}

// checkPos validates a positive finite constant such as ε.
func checkPos(method, field string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return paramError(method, field, v, "must be positive and finite")
	}
	return nil
}
