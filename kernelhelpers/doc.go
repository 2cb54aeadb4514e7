// Package kernelhelpers shows gradnb figures and animations in a GoNB
// notebook. It is the only gradnb package that imports GoNB's gonbui; the
// packages under pkg/ never do, so they work in any Go program.
//
// Each display function is a thin wrapper over a pure function that returns
// the HTML ([FigureHTML], [AnimationHTML], [TableHTML], [ProgressHTML]), so
// what is shown can be tested without a kernel.
//
// Display functions: [Show] and [ShowSized] (a plot), [ShowFigure] (a grid
// of plots), [ShowSVG], [Play] (an animation or an explorable figure, whose
// player is a slider over precomputed parameter values), [ShowTable] (a
// table, truncated in the middle when long) and [NewProgress] (a progress
// bar updated in place; end with Done, since only the last update is
// saved).
//
// Outputs are one MIME bundle each: text/html holding an <img> with a
// data:image/svg+xml URI (kept by untrusted notebooks, GitHub-style
// sanitisers and nbconvert's HTML export alike) plus a one-line text/plain.
// Animations add a small inline script that turns the self-animating image
// into a player (play/pause, step, first/last, speed, frame slider, loop)
// where scripts run. Ids are content hashes, so re-running a notebook gives
// identical outputs. Nothing is loaded from the network.
//
// Outside a notebook (gonbui.IsNotebook false) the display functions do
// nothing but return errors, so notebook code also runs as a plain program.
//
// [Check] shows an exercise's result. In a class (inside a JupyterHub, or
// with GRADNB_RECORD=1) it also appends the result — exercise, ✓ or ✗, the
// hint shown, never the learner's code — to a file in the learner's own
// home ([RecordPath]), which the teacher's progress page reads
// (notebooks/classroom/progress).
package kernelhelpers
