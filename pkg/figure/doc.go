// Package figure draws the gradnb figures with gonum.org/v1/plot and renders
// them to SVG bytes. It never displays anything: package kernelhelpers shows
// the bytes in a notebook, and any Go program can write them to a file.
//
// Figures follow the source documents: fixed axis limits, their axis labels,
// matplotlib's default colours (blue curve, red "r", green "g"); each also
// gets a title.
//
// An [Animation] is a flipbook: one SVG whose static background (axes,
// curve) is drawn once and whose frames carry only what moves (the point,
// the tangent, the "iteration: n" label). It animates by itself with SMIL, so
// it plays where no script runs, and it rests on its last frame.
//
// Error contract: non-finite data never reaches gonum/plot. Functions that
// take iterates skip the non-finite ones and return an error only when
// nothing is left to draw or an argument is out of range (a size, a view
// whose limits are not increasing).
package figure
