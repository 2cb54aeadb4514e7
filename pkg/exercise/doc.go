// Package exercise checks the answers to the notebooks' exercises, so that
// a learner studying alone knows whether an answer is right and, if not,
// gets a hint specific to the mistake. It is plain Go (no GoNB import);
// kernelhelpers.Check displays a [Result] in a notebook.
//
// # Building blocks
//
// A check returns a [Result]: OK, What (one sentence shown with ✓: what
// the right answer shows) and Hint (one or two sentences shown with ✗:
// what is wrong with this answer). Hints are in Japanese, the notebooks'
// terms only (a learner reads them as part of the lesson).
//
//   - [Number] checks a float64: NaN/Inf, the starter's 0 ([NotWritten]),
//     known [Wrong] answers, a flipped sign, a factor error (×10, ×2,
//     ×100 and their inverses), too large or too small.
//   - [Count] checks an int such as an iteration count: off-by-one.
//   - [Trace] checks a sequence x₀…x_K: a missing last or first element,
//     one too many, shifted by one, the first element that differs.
//   - [Func] checks a func(float64) float64 at sample points (panics are
//     caught): sign, factor, first point that differs. [CentralDiff] gives
//     an independent derivative to compare a learner's derivative with.
//   - [All] combines the parts of an answer; [Pass], [Fail], [Failf] build
//     results by hand.
//
// Tolerances ([Tol], default [DefaultTol]) must accept every correct
// method; compute Want independently of the method you expect (a closed
// form, or the library), and the Wrong values by running the typical
// mistake (the loop one iteration short, the gradient with the other sign).
//
// # Writing an exercise (for notebook authors)
//
// Each exercise of notebook NN, number K, is a statement and four cells
// after it.
//
// (1) A markdown cell: the statement in Japanese. It says what to write,
// never the code to type (no fenced code, no call to copy).
//
// (1b) The hint: a markdown cell right before the starter, one collapsed
// block the learner opens before trying, as learntools' hint():
//
//	<details><summary>ヒント</summary>
//
//	One or two sentences: where to start, which formula.
//	</details>
//
// (2) The starter code cell. It compiles and runs as is, and contains
// exactly one line "// ここに書く" (indented as the answer will be). Write
// the answer as a function with named results, so that the stub returns
// zero values. Metadata: {"nbgrader": {"grade": false, "grade_id":
// "ex01_2_answer", "locked": false, "schema_version": 3, "solution": true}}.
//
//	func ex01_2() (dist float64) {
//		// ここに書く
//		return
//	}
//
// (3) The check code cell: one call. Metadata: {"nbgrader": {"grade": true,
// "grade_id": "ex01_2_check", "locked": true, "points": 1,
// "schema_version": 3, "solution": false}}.
//
//	%%
//	kh.Check(exercise.NB01Ex2(ex01_2()))
//
// (4) A markdown cell with the solution, hidden until opened; the blank
// line after </summary> lets the fence render everywhere:
//
//	<details><summary>解答例 (solution)</summary>
//
//	```go
//	func ex01_2() (dist float64) {
//		x := -5.0
//		…
//		return
//	}
//	```
//
//	One or two sentences of explanation.
//	</details>
//
// The Go code is the complete replacement for the starter cell: the
// starter's lines before and after "// ここに書く" must appear unchanged at
// its start and end (the editions command checks this), because nbgrader's
// ClearSolutions, with code_stub {"go": "// ここに書く"}, turns the
// teacher's cell back into the starter.
//
// grade_ids are exNN_K_answer and exNN_K_check (NN the notebook's number,
// two digits; K the exercise number); each appears once. Run `make
// editions`: it refuses malformed exercises with an error naming the cell,
// writes build/teacher (solutions filled in, executed, every check ✓) and
// build/student (no solutions), and its tests execute both through Jupyter.
//
// # Where checks live
//
// The checks of notebook NN go in pkg/exercise/nbNN.go, one exported
// function per exercise named NBNNExK (NB01Ex2), returning a [Result]; a
// doc comment says which exercise it checks. A check verifies the process,
// not only where it ends: it takes the learner's function and calls it on
// inputs the statement does not show (hidden cases, as otter-grader's
// checks do), or the whole trace; a measured quantity is asked where it
// differs from its theory value, and no number printed elsewhere in the
// notebook answers it. Tolerances are as tight as the exact methods agree.
// A nil function is [NotWritten]; a panic, NaN or a learner's loop that
// does not end within the check's bound is a ✗ with a hint, never a crash.
// Tests go in nbNN_test.go: at least two right formulations pass, the
// starter's zero value gets [NotWritten], and at least four typical wrong
// answers per exercise, each computed by running the mistake (a loop one
// short, a flipped sign, a boundary off by one, the theory value returned
// as a constant), fail with their specific hint — assert the hint's text,
// not only OK == false.
package exercise
