// Package kernelhelpers shows gradnb figures and animations in a GoNB
// notebook. It is the only gradnb package that imports GoNB's gonbui; the
// packages under pkg/ never do, so they work in any Go program.
//
// Each display function is a thin wrapper over a pure function that returns
// the HTML ([FigureHTML], [AnimationHTML]), so what is shown can be tested
// without a kernel.
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
package kernelhelpers
