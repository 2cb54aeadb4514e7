// Package linesearch holds one-dimensional searches for a step size α along
// a line: plain functions of φ(α) = f(x + α·d), independent of any
// optimiser, so a notebook can call them directly and draw what they tried.
//
// Every search returns a [Result]: the accepted step, φ there, and the trial
// points it evaluated ([Trial]), in order. The searches are
//
//   - [Backtracking]: start from InitialStep and multiply by
//     ContractionFactor until the Armijo condition holds
//     ([ArmijoConditionMet], with gonum's names and argument order);
//   - [GoldenSection]: an exact line search that brackets a minimum of φ and
//     shrinks the bracket by the golden ratio;
//   - [Grid]: the brute-force grid of seed 003, numpy's
//     arange(Start, Stop, Step), scanned in parallel with bounded memory
//     ([Grid.Argmin]), or, when φ is a polynomial, found exactly without
//     scanning ([Grid.ArgminPolynomial]).
//
// # Error contract
//
// A bad parameter (a factor outside (0, 1), a non-positive or non-finite
// step or tolerance, an empty or oversized grid), a direction that does
// not descend, or a golden-section search that finds φ finite at no trial
// step returns an error prefixed "linesearch:" that names the value.
// Nothing here panics on bad input.
package linesearch
