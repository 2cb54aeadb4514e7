package optim

import "github.com/gradnb/gradnb/pkg/linesearch"

// Iterate is one entry of a trace: the point x_K and what was known there.
type Iterate struct {
	// K is the iteration number, 0 for the start. In a thinned trace (see
	// Settings.TraceCap) K may skip numbers; it is always the true one.
	K int
	// X is x_K, F is f(x_K) and Grad is ∇f(x_K).
	X    []float64
	F    float64
	Grad []float64
	// Step and State describe the update made from this iterate (zero and
	// nil for the last iterate of a run, from which no update was made).
	Step  float64
	State *MethodState
	// Trials are the line-search trial points of the update (see
	// StepInfo.Trials), Note its remark in English (see StepInfo.Note):
	// also why the run broke down here, for a last iterate of a run with
	// status Breakdown.
	Trials []linesearch.Trial
	Note   string
	// NoteKind classifies Note (NoNote exactly when Note is empty), e.g.
	// NegativeCurvature or, on the last iterate of a Breakdown,
	// ZeroCurvature or SingularHessian.
	NoteKind NoteKind
}

// Trace is the sequence of iterates of one run, x_0 first. It holds every
// iterate unless the run was longer than Settings.TraceCap.
type Trace []Iterate

// Result is the outcome of Minimize.
type Result struct {
	// Method names the method and its effective hyperparameters, from its
	// String method (fmt.Stringer), e.g. "GradientDescent(lr=0.1)"; the
	// method's Go type if it has none. Figures use it as a default title.
	Method string
	// Trace holds every finite iterate; the last one is where the run ended.
	Trace  Trace
	Status Status
	// Reason explains the status in one sentence, e.g. why a run diverged.
	Reason string
	Stats  Stats
}

// X returns the last iterate's x, or nil if the trace is empty (as in a
// zero Result).
func (r *Result) X() []float64 {
	if len(r.Trace) == 0 {
		return nil
	}
	return r.Trace[len(r.Trace)-1].X
}

// Updates returns the iterates from which an update was made: all but the
// last (none for an empty trace). They are the lines the source documents
// print.
func (r *Result) Updates() Trace {
	if len(r.Trace) == 0 {
		return nil
	}
	return r.Trace[:len(r.Trace)-1]
}

// Xs returns x_k[i] for every iterate: the path of coordinate i.
func (t Trace) Xs(i int) []float64 {
	out := make([]float64, len(t))
	for k, it := range t {
		out[k] = it.X[i]
	}
	return out
}

// Fs returns f(x_k) for every iterate.
func (t Trace) Fs() []float64 {
	out := make([]float64, len(t))
	for k, it := range t {
		out[k] = it.F
	}
	return out
}

// thinner bounds a trace at cap iterates: the first cap/2 are kept
// verbatim; after them only iterates whose K is a multiple of stride, plus
// the newest one; when the trace is full, stride doubles and the kept
// middle is halved.
type thinner struct {
	cap, stride int
}

// add appends it to tr, dropping the previous newest iterate if it is
// not on the stride and thinning when full.
func (t *thinner) add(tr Trace, it Iterate) Trace {
	head := t.cap / 2
	if n := len(tr); n > head && tr[n-1].K%t.stride != 0 {
		tr[n-1] = Iterate{}
		tr = tr[:n-1]
	}
	if len(tr) >= t.cap {
		t.stride *= 2
		kept := tr[:head]
		for _, old := range tr[head:] {
			if old.K%t.stride == 0 {
				kept = append(kept, old)
			}
		}
		clear(tr[len(kept):])
		tr = kept
	}
	return append(tr, it)
}
