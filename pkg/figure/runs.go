package figure

import (
	"errors"
	"fmt"

	"gonum.org/v1/plot"

	"github.com/gradnb/gradnb/pkg/optim"
)

// RunsSpec describes a figure of runs measured against iteration:
// CompareRuns and SeriesExplorer.
type RunsSpec struct {
	// Series fixes the axes, title, zoom (XMin, XMax), y range, colours by
	// label (Colors) and reference lines (Refs). An empty YLabel means the
	// Measure's Name, an empty XLabel "iteration".
	Series SeriesSpec
	// Measure is what each run shows at each iterate; the zero Measure
	// means Coord(0, ""), the parameter x of a 1-D run.
	Measure Measure
	// Labels name the runs, one per run; nil means each run's
	// Result.Method. SeriesExplorer takes its labels from Explore instead.
	Labels []string
	// Until, when positive, draws only the iterates with K ≤ Until.
	Until int
}

// series measures the runs, labelled by spec.Labels or their Method.
func (spec RunsSpec) series(runs []*optim.Result) ([]Series, error) {
	if len(runs) == 0 {
		return nil, errors.New("figure: no run to draw")
	}
	if spec.Labels != nil && len(spec.Labels) != len(runs) {
		return nil, fmt.Errorf("figure: RunsSpec has %d labels for %d runs", len(spec.Labels), len(runs))
	}
	if spec.Until < 0 {
		return nil, fmt.Errorf("figure: RunsSpec.Until = %d is negative", spec.Until)
	}
	ss := make([]Series, len(runs))
	for i, r := range runs {
		s, err := RunSeries(r, spec.Measure, spec.Until)
		if err != nil {
			return nil, fmt.Errorf("figure: run %d: %w", i, err)
		}
		if spec.Labels != nil {
			s.Label = spec.Labels[i]
		}
		ss[i] = s
	}
	return ss, nil
}

// seriesSpec fills in the axis labels and the log scale from the measure.
func (spec RunsSpec) seriesSpec() SeriesSpec {
	s := spec.Series
	m := spec.Measure.orCoord0()
	if s.YLabel == "" {
		s.YLabel = m.Name
	}
	if s.XLabel == "" {
		s.XLabel = "iteration"
	}
	s.LogY = s.LogY || m.Log
	return s
}

// CompareRuns draws several runs against iteration in one plot, each in its
// own colour and named in the legend by its Result.Method (or
// spec.Labels): seed 003's comparison of constant steps, backtracking,
// golden section and Newton on the valley, as f − f* or ‖∇f‖ on a log
// scale. The measure chooses the scale: LossGap, GradNorm and DistanceTo
// are drawn on a logarithmic y axis (values ≤ 0 leave gaps), Coord and Loss
// on a linear one unless spec.Series.LogY is set. A diverged run is drawn
// up to where it left the finite numbers, its legend entry saying so. Pass
// one spec.Series.Colors map to every panel of a Grid so a method keeps
// its colour across panels.
func CompareRuns(spec RunsSpec, runs ...*optim.Result) (*plot.Plot, error) {
	ss, err := spec.series(runs)
	if err != nil {
		return nil, err
	}
	return SeriesPlot(spec.seriesSpec(), ss...)
}

// SeriesExplorer is an explorable series plot: one frame per run, each
// showing that run's measure (by default x) against iteration, with its
// label and how it ended, over axes fixed for all runs (so the runs can be
// compared by switching between them) and the reference lines of
// spec.Series.Refs (the minimum x = 5). The runs differ in one parameter,
// such as the momentum coefficient. The line is orange unless
// spec.Series.Colors maps the frame's label to a colour. Nil e.Labels mean
// each run's Result.Method; spec.Labels is not used.
func SeriesExplorer(runs []*optim.Result, e Explore, spec RunsSpec) (*Animation, error) {
	a, _, err := seriesExplorer(runs, e, spec)
	return a, err
}

// seriesExplorer is SeriesExplorer that also returns the background.
func seriesExplorer(runs []*optim.Result, e Explore, spec RunsSpec) (*Animation, *plot.Plot, error) {
	e = e.withMethods(runs)
	if err := e.check(len(runs)); err != nil {
		return nil, nil, err
	}
	spec.Labels = e.Labels
	ss, err := spec.series(runs)
	if err != nil {
		return nil, nil, err
	}
	s := spec.seriesSpec()
	for i := range ss {
		if ss[i].Color = s.Colors[ss[i].Label]; ss[i].Color == nil {
			ss[i].Color = Orange
		}
	}
	bg, lines, err := seriesPlot(s, ss, true)
	if err != nil {
		return nil, nil, err
	}
	m := spec.Measure.orCoord0()
	frames := make([][]plot.Plotter, len(runs))
	for i, r := range runs {
		tr := upTo(r.Trace, spec.Until)
		last := tr[len(tr)-1]
		msg := fmt.Sprintf("更新 %d 回, %s = %.4g", last.K, m.Name, m.Of(last))
		if r.Status == optim.Diverged && len(tr) == len(r.Trace) {
			msg = fmt.Sprintf("%d 回の更新で発散", last.K)
		}
		frames[i] = []plot.Plotter{lines[i]}
		var k ink
		k.add(lines[i])
		var labels []*frameRef
		lay := layoutOf(bg)
		for _, ref := range lay.refs {
			fr := &frameRef{ref: ref, ink: &k, before: labels}
			labels = append(labels, fr)
			lay.frameRefs = append(lay.frameRefs, fr)
			frames[i] = append(frames[i], fr)
		}
		frames[i] = append(frames[i], &noteBox{lines: []noteLine{newNoteLine(msg, 12)}})
	}
	a, err := NewExplorable(bg, 0, 0, e, func(i int) []plot.Plotter { return frames[i] })
	return a, bg, err
}

// ParamsSpec describes a ParamsPlot.
type ParamsSpec struct {
	// Series fixes the axes, title, zoom and y range, as for SeriesPlot.
	// An empty YLabel means the coordinate's name when one is drawn, else
	// "parameter"; an empty XLabel means "iteration".
	Series SeriesSpec
	// Coords are the coordinates drawn; nil means every coordinate of the
	// first run.
	Coords []int
	// Names name the coordinates drawn, one per coordinate ("a", "b");
	// nil means "x[0]", "x[1]", ….
	Names []string
	// Optimum, when set, is the minimum x*: each coordinate drawn gets a
	// dashed reference line at its optimal value, labelled "a* = 2.031".
	Optimum []float64
	// Labels name the runs, one per run; nil means each Result.Method.
	// With one coordinate the legend names only the runs ("SGD"), with
	// one run only the coordinates ("a"), else both ("SGD: a").
	Labels []string
	// Until, when positive, draws only the iterates with K ≤ Until.
	Until int
}

// ParamsPlot draws the parameters of one or more runs against iteration,
// with the optimum as labelled reference lines: the opening figure of seed
// 001, SGD's a and b oscillating around the least-squares solution a*, b*
// over thousands of updates (decimated so the SVG stays small). With one
// coordinate (Coords: []int{0}) each run has its colour and legend entry,
// named by the run ("SGD"), and the y axis is named by the coordinate
// ("a"); with one run each coordinate has its own ("a", "b"); with
// several of both, every run and coordinate has its own ("SGD: a"). spec.Series.Colors gives a line the colour of its label, or
// else of its run ("SGD"): then the run's coordinates differ by their
// dashes (solid, dotted, dashed).
func ParamsPlot(spec ParamsSpec, runs ...*optim.Result) (*plot.Plot, error) {
	if len(runs) == 0 {
		return nil, errors.New("figure: ParamsPlot needs at least one run")
	}
	if runs[0] == nil || len(runs[0].Trace) == 0 {
		return nil, errors.New("figure: ParamsPlot: run 0 has no iterate")
	}
	coords := spec.Coords
	if coords == nil {
		for i := range runs[0].Trace[0].X {
			coords = append(coords, i)
		}
	}
	if len(coords) == 0 {
		return nil, errors.New("figure: ParamsPlot has no coordinate to draw")
	}
	if spec.Names != nil && len(spec.Names) != len(coords) {
		return nil, fmt.Errorf("figure: ParamsSpec has %d names for %d coordinates", len(spec.Names), len(coords))
	}
	if spec.Labels != nil && len(spec.Labels) != len(runs) {
		return nil, fmt.Errorf("figure: ParamsSpec has %d labels for %d runs", len(spec.Labels), len(runs))
	}
	if spec.Until < 0 {
		return nil, fmt.Errorf("figure: ParamsSpec.Until = %d is negative", spec.Until)
	}
	names := make([]string, len(coords))
	for j, c := range coords {
		if spec.Names != nil {
			names[j] = spec.Names[j]
		} else {
			names[j] = Coord(c, "").Name
		}
	}
	var ss []Series
	for i, r := range runs {
		for j, c := range coords {
			s, err := RunSeries(r, Coord(c, names[j]), spec.Until)
			if err != nil {
				return nil, fmt.Errorf("figure: ParamsPlot run %d: %w", i, err)
			}
			run := r.Method
			if spec.Labels != nil {
				run = spec.Labels[i]
			}
			switch {
			case len(coords) == 1:
				s.Label = run
			case len(runs) == 1:
				s.Label = names[j]
			default:
				s.Label = run + ": " + names[j]
				if _, ok := spec.Series.Colors[s.Label]; !ok && spec.Series.Colors[run] != nil {
					// The run's colour, each coordinate in its own dashes.
					s.Color, s.Style = spec.Series.Colors[run], []LineStyle{Solid, Dotted, Dashed}[j%3]
				}
			}
			ss = append(ss, s)
		}
	}
	s := spec.Series
	if s.YLabel == "" {
		s.YLabel = "parameter"
		if len(coords) == 1 {
			s.YLabel = names[0]
		}
	}
	if s.XLabel == "" {
		s.XLabel = "iteration"
	}
	if spec.Optimum != nil {
		s.Refs = append([]Ref(nil), s.Refs...)
		for j, c := range coords {
			if c < 0 || c >= len(spec.Optimum) {
				return nil, fmt.Errorf("figure: ParamsSpec.Optimum has %d values; coordinate %d has none", len(spec.Optimum), c)
			}
			s.Refs = append(s.Refs, Ref{At: spec.Optimum[c], Label: fmt.Sprintf("%s* = %.4g", names[j], spec.Optimum[c])})
		}
	}
	return SeriesPlot(s, ss...)
}
