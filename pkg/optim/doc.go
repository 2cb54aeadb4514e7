// Package optim holds the optimisers of the gradnb notebooks and the one run
// loop they share.
//
// A method is a small struct of exported hyperparameters (named as in
// torch.optim and optax: LR, Momentum, …) plus its own state. [Minimize]
// evaluates the objective at the current point, asks the method for the next
// point, and records every iterate — x, f(x), ∇f(x), the step size and the
// method's state — in a [Trace] of deep copies. The trace is what notebooks
// print and draw; printing uses fixed formats that reproduce the source
// documents' listings ([FormatIteration]).
//
// # Error contract
//
// An impossible hyperparameter (a zero, negative, NaN or infinite learning
// rate, a momentum outside [0, 1)) or an unusable start (empty, NaN or ±Inf)
// makes Minimize return an error that names the field and the value, prefixed
// "optim:". It never panics and never returns NaN silently: a run whose
// iterate or loss stops being finite, or whose loss explodes, ends with
// [Diverged] and the trace keeps only the finite iterates.
package optim
