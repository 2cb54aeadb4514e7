package figure_test

import (
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// The golden tests run each Example, which writes testdata/<name>.svg, and
// compare it byte for byte with testdata/<name>_golden.svg. After a change
// that is meant to alter a figure, regenerate with
//
//	go test ./pkg/figure -regen
//
// and look at the new goldens before committing them.

func TestGoldenFuncPlot(t *testing.T) { cmpimg.CheckPlot(ExampleFuncPlot, t, "funcplot.svg") }
func TestGoldenPoles(t *testing.T)    { cmpimg.CheckPlot(ExampleFuncPlot_poles, t, "poles.svg") }
func TestGoldenPathPlot(t *testing.T) { cmpimg.CheckPlot(ExamplePathPlot, t, "path.svg") }
func TestGoldenGrid(t *testing.T)     { cmpimg.CheckPlot(ExampleGrid, t, "grid.svg") }
func TestGoldenContour(t *testing.T)  { cmpimg.CheckPlot(ExampleContourPlot, t, "contour.svg") }
func TestGoldenSeries(t *testing.T)   { cmpimg.CheckPlot(ExampleSeriesPlot, t, "series.svg") }
func TestGoldenSeriesZoom(t *testing.T) {
	cmpimg.CheckPlot(ExampleSeriesPlot_zoom, t, "series_zoom.svg")
}
func TestGoldenScatter(t *testing.T)   { cmpimg.CheckPlot(ExampleScatterPlot, t, "scatter.svg") }
func TestGoldenSeriesLog(t *testing.T) { cmpimg.CheckPlot(ExampleSeriesPlot_log, t, "series_log.svg") }
func TestGoldenExplorer(t *testing.T)  { cmpimg.CheckPlot(ExamplePathExplorer, t, "explorer.svg") }
func TestGoldenTangentAnimation(t *testing.T) {
	cmpimg.CheckPlot(ExampleTangentAnimation, t, "tangent.svg")
}
func TestGoldenSeriesExplorer(t *testing.T) {
	cmpimg.CheckPlot(ExampleSeriesExplorer, t, "series_explorer.svg")
}
func TestGoldenCompareRuns(t *testing.T)   { cmpimg.CheckPlot(ExampleCompareRuns, t, "compare.svg") }
func TestGoldenColorsFor(t *testing.T)     { cmpimg.CheckPlot(ExampleColorsFor, t, "colors.svg") }
func TestGoldenBallAnimation(t *testing.T) { cmpimg.CheckPlot(ExampleBallAnimation, t, "ball.svg") }
func TestGoldenParamsPlot(t *testing.T)    { cmpimg.CheckPlot(ExampleParamsPlot, t, "params.svg") }
