package figure_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gradnb/gradnb/pkg/figure"
	"github.com/gradnb/gradnb/pkg/objective"
)

// BenchmarkTangentAnimation renders the 30-frame tangent-line flipbook and
// reports the time per frame and the flipbook's size (the notebook adds
// about a third for base64 and 3 KB of player; see kernelhelpers'
// BenchmarkTangentAnimationHTML).
func BenchmarkTangentAnimation(b *testing.B) {
	var size, frames int
	for b.Loop() {
		a, err := tangentAnimation(30)
		if err != nil {
			b.Fatal(err)
		}
		svg, err := a.SVG()
		if err != nil {
			b.Fatal(err)
		}
		size, frames = len(svg), a.Len()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*frames)/1e6, "ms/frame")
	b.ReportMetric(float64(size), "svg-bytes")
	b.ReportMetric(float64(size)/float64(frames), "bytes/frame")
}

// BenchmarkExplorer renders a 20-value explorable of whole runs.
func BenchmarkExplorer(b *testing.B) {
	f := objective.Quadratic{A: 5}
	runs, labels, err := learningRateRuns(f)
	if err != nil {
		b.Fatal(err)
	}
	spec := figure.PathSpec{View: figure.View{XMin: -10, XMax: 20, YMin: -5, YMax: 200}}
	var size int
	for b.Loop() {
		a, err := figure.PathExplorer(f, runs, figure.Explore{Param: "lr", Labels: labels}, spec)
		if err != nil {
			b.Fatal(err)
		}
		svg, err := a.SVG()
		if err != nil {
			b.Fatal(err)
		}
		size = len(svg)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*20)/1e6, "ms/frame")
	b.ReportMetric(float64(size), "svg-bytes")
}

// BenchmarkFigures renders (and writes) one figure of each static kind and
// reports its size.
func BenchmarkFigures(b *testing.B) {
	for _, c := range []struct {
		name, file string
		run        func()
	}{
		{"FuncPlot", "funcplot.svg", ExampleFuncPlot},
		{"Poles", "poles.svg", ExampleFuncPlot_poles},
		{"PathPlot", "path.svg", ExamplePathPlot},
		{"Grid", "grid.svg", ExampleGrid},
		{"Contour", "contour.svg", ExampleContourPlot},
		{"Series4x12000", "series.svg", ExampleSeriesPlot},
		{"SeriesLog", "series_log.svg", ExampleSeriesPlot_log},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.run()
			}
			fi, err := os.Stat(filepath.Join("testdata", c.file))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(fi.Size()), "svg-bytes")
		})
	}
}
