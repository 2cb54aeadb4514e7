// Package optim holds the optimisers of the gradnb notebooks and the one run
// loop they share.
//
// A method is a small struct of exported hyperparameters (named as in
// torch.optim and optax: LR, Momentum, Beta, Alpha, Eps, …) plus an exported
// state type that Init resets. Init is each method's one validation entry
// point: it checks the hyperparameters against the problem, applies
// defaults to an internal copy (never to the caller's fields) and resets
// the state. [Minimize] evaluates the objective at the current point, asks
// the method for the next point, and records every iterate — x, f(x),
// ∇f(x), the step size, the method's state as a typed [MethodState],
// line-search trial points and a note on unusual steps — in a [Trace] of
// deep copies, with bounded memory (see Settings.TraceCap). The
// [Result] names the method and its hyperparameters (Result.Method, from
// each method's String, e.g. "GradientDescent(lr=0.1)").
// The trace is what notebooks print and draw; printing uses fixed formats
// that reproduce the source documents' listings ([FormatIteration],
// [FormatPyIter], [FormatNumpyIter]).
//
// The methods:
//
//   - [GradientDescent]: x ← x − LR·∇f (notebooks/01_gradient_descent.ipynb)
//   - [Momentum]: heavy ball v ← μv − LR·∇f, x ← x + v; with Nesterov
//     look-ahead; LazyVelocity reproduces seed 000's delayed printout
//     (notebooks/02_momentum.ipynb)
//   - [AveragedMomentum]: m ← βm + (1−β)∇f, x ← x − LR·m (seed 001),
//     [RMSProp], [AdaGrad], [Adam], and [SGD] / [Stochastic] for one random
//     sample per step (notebooks/03_momentum_least_squares.ipynb)
//   - [Newton]: x ← x − f'/f″ or the Hessian solve, with curvature
//     reporting and a safeguarded variant
//     (notebooks/04_newton_vs_gradient_descent.ipynb)
//   - [SteepestDescent] with a [LineSearcher]: [Backtracking] (Armijo),
//     [GoldenSection] (exact) or [GridSearch] (seed 003's grid,
//     brute or fast) (notebooks/05_line_search.ipynb)
//
// A zero hyperparameter field means its documented default where one exists
// (RMSProp.Alpha 0.99, Adam.Beta1 0.9, Eps, line-search factors); learning
// rates have no default.
//
// Arithmetic follows the sources: each update rounds one operation at a
// time as Python/numpy does (explicit float64 conversions keep Go from
// fusing a product and a sum into an FMA), so the sources' listings are
// reproduced digit for digit.
//
// # Error contract
//
// An impossible hyperparameter or setting (a zero, negative, NaN or
// infinite learning rate, a momentum or decay outside [0, 1), a
// non-positive ε, a DivergenceFactor below 1; a *[ParamError], matchable
// with errors.As, that carries the method, field and value), a bad
// line-search factor or grid, an unusable start (empty, NaN or ±Inf, or of
// the wrong dimension for an objective.Dimensioner; a loss or gradient
// that is not finite there, [ErrFunc] and [ErrGrad]), or a problem that
// lacks what the method needs ([ErrMissingHess], [ErrMissingSamples])
// makes Minimize return an error that names the field and the value,
// prefixed "optim:". It never panics and never returns NaN silently: a run
// whose iterate or loss stops being finite, or whose loss explodes, ends
// with [Diverged] and the trace keeps only the finite iterates; a step
// that cannot be taken (Newton at zero curvature or with a singular or
// non-finite Hessian, a line search that finds no acceptable or no finite
// step) ends the run with [Breakdown] and a Note on the last iterate; a
// line search at a point where ∇f = 0 exactly ends it with
// [GradientTolerance]. The zero [Status] is [NotFinished].
package optim
