// Package figure draws the gradnb figures with gonum.org/v1/plot and renders
// them to SVG bytes. It never displays anything: package kernelhelpers shows
// the bytes in a notebook, and any Go program can write them to a file.
//
// Figures follow the source documents: fixed axis limits, their axis labels,
// matplotlib's default colours (blue curve, red "r", green "g", the cycle
// C0…C4 for several curves); each also gets a title.
//
// The figure kinds:
//
//   - [LossPlot], [LossWithMarkers]: the loss curve with points and tangents
//     (seeds 004 and 000).
//   - [FuncPlot]: several functions on one plot with a legend, reference
//     lines ([Lines], [HLine], [VLine]) and starred minima — f, f', f″ of
//     seed 002, update sizes, 1/f″ with its poles split ([FuncLine]).
//   - [PathPlot]: a run's iterates drawn on the curve (seed 002's gradient
//     descent and Newton figures).
//   - [Grid]: several plots side by side with a shared suptitle, as a
//     [Figure].
//   - [ContourPlot]: level sets of a function of two variables with a run's
//     path over them (seed 003's valley).
//   - [SeriesPlot]: values against iteration, several series, decimated
//     ([Decimate]) so that 10,000+ iterations stay small, optionally on a
//     log scale (seed 001).
//   - [CompareRuns]: several runs against iteration, one colour each,
//     named by Result.Method, measured by a [Measure] ([Coord], [Loss],
//     [LossGap], [GradNorm], [DistanceTo]); f − f*, ‖∇f‖ and ‖x − x*‖ on a
//     log scale (seed 003's comparison). [RunSeries] gives one run's
//     series for a SeriesPlot of your own; [Ref] lines mark an optimum;
//     [ColorsFor] keeps a label's colour across the panels of a Grid.
//   - [ParamsPlot]: the parameters of one or more runs against iteration,
//     the optimum as labelled reference lines (seed 001's oscillating SGD).
//   - [Animation]: a flipbook, such as [TangentAnimation] or
//     [BallAnimation] (momentum as a ball rolling on the loss, seed 000).
//   - Explorable figures ([NewExplorable], [PathExplorer],
//     [ContourExplorer], [SeriesExplorer]): flipbooks whose frames are the values of a
//     parameter, switched with a slider by kernelhelpers' player.
//
// Axes are labelled without needless digits: [LinearTicks] on linear axes
// (four to eight round values, "-10 0 10 20 30", "1.8 1.9 2 2.1"),
// [IntegerTicks] on iteration axes, [DecadeTicks] on log scales; contour
// levels are written in the same form ("1000", not "1e+03"). What is written over the data — a legend, an animation's note,
// reference-line labels, contour level labels — goes where it covers the
// least of the plotted lines and points (a legend in a corner or, when
// every corner holds ink, the middle of the top or bottom edge), inside
// the data area and clear of the panel's title. A legend, a note block or
// an explorer frame's reference label that would cover ink wherever it
// went in the data area goes outside it, in room the data area gives up:
// the legend right of it at its top, the note block above it under the
// title, the reference label right of it at its line's height.
//
// An [Animation] is a flipbook: one SVG whose static background (axes,
// curve) is drawn once and whose frames carry only what moves (the point,
// the tangent, the "iteration: n" label). It animates by itself with SMIL, so
// it plays where no script runs, and it rests on its last frame (an
// explorable on its Default value).
//
// Error contract: non-finite data never reaches gonum/plot. Functions that
// take iterates skip the non-finite ones and return an error only when
// nothing is left to draw or an argument is out of range (a size, a view
// whose limits are not increasing). A run that diverged is drawn up to
// where it left the finite numbers and the figure says so (発散: "（発散）" in the title, "N 回の更新で発散" in a note).
//
// Text is escaped by gonum's SVG backend and by this package (titles,
// labels, attribute values), outputs contain no URL but SVG's namespaces,
// and rendering is deterministic: the same input gives the same bytes,
// which the golden tests in testdata check (regenerate with
// go test ./pkg/figure -regen).
package figure
