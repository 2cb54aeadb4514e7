package notebooks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkNotebooks executes each notebook headless through Jupyter, as
// `make run` does, and reports its wall time, the mean time per code cell
// (the kernel's start included), the committed file's size and its largest
// animation output. Targets for notebook 01: ≤ 20 s with a warm cache,
// ≤ 1.2 s a cell, ≤ 500 KB, ≤ 66 KB an animation.
func BenchmarkNotebooks(b *testing.B) {
	if env == nil || setupErr != nil {
		b.Skipf("needs Jupyter and the gonb kernel: %v", setupErr)
	}
	paths, err := filepath.Glob(filepath.Join(env.Root, "notebooks", "*.ipynb"))
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".ipynb")
		b.Run(name, func(b *testing.B) {
			var cells, maxAnim int
			var total time.Duration
			for range b.N {
				nb, elapsed, log, err := env.Execute(context.Background(), p, 5*time.Minute)
				if err != nil {
					b.Fatalf("%v\n%s", err, log)
				}
				if errs := nb.Errors(); len(errs) > 0 {
					b.Fatalf("%s: %s", name, strings.Join(errs, "; "))
				}
				total += elapsed
				cells = len(nb.CodeCells())
				for _, c := range nb.CodeCells() {
					for _, o := range c.Rich() {
						if strings.HasPrefix(o.Data["text/plain"], "animation:") {
							maxAnim = max(maxAnim, len(o.Data["text/html"]))
						}
					}
				}
			}
			fi, err := os.Stat(p)
			if err != nil {
				b.Fatal(err)
			}
			secs := total.Seconds() / float64(b.N)
			b.ReportMetric(secs, "s/run")
			b.ReportMetric(secs/float64(cells), "s/cell")
			b.ReportMetric(float64(fi.Size())/1024, "KB/notebook")
			b.ReportMetric(float64(maxAnim)/1024, "KB/animation")
		})
	}
}
