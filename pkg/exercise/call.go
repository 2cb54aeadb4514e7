package exercise

import (
	"errors"
	"fmt"
	"time"
)

// errTimeout is what within returns for a learner's function that did not
// return in time (a loop whose end condition is never met).
var errTimeout = errors.New("timeout")

// within calls a learner's f and returns its result, turning a panic into
// an error (a panic with an error value is that error, so errors.Is sees
// it) and giving up after d with errTimeout. The goroutine of a loop that
// never ends is left behind; it ends with the cell's program, soon after
// the check.
func within[T any](d time.Duration, f func() T) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				if e, ok := p.(error); ok {
					r.err = e
				} else {
					r.err = fmt.Errorf("%v", p)
				}
			}
			ch <- r
		}()
		r.v = f()
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(d):
		var zero T
		return zero, errTimeout
	}
}

// run is within for a function without a result.
func run(d time.Duration, f func()) error {
	_, err := within(d, func() struct{} { f(); return struct{}{} })
	return err
}
