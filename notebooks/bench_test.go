package notebooks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// BenchmarkNotebooks executes each notebook headless through Jupyter, as
// `make run` does, and reports its wall time, the mean time per code cell
// (the kernel's start included), the committed file's size and its largest
// animation output. Targets for notebook 01: ≤ 20 s with a warm cache,
// ≤ 1.2 s a cell, ≤ 600 KB, ≤ 66 KB an animation.
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

// BenchmarkKernelSettings runs lesson 01 cell by cell (nbrun.Env.CellCosts)
// in kernel specs that differ in one setting at a time, each added to the
// one before, and reports the CPU seconds of a Run All: GoNB's defaults
// (cgo, debug information, `go get` before every cell), then what every
// gradnb kernel spec and set-up cell does — GOFLAGS=-ldflags=-s (no symbol
// table or debug information), CGO_ENABLED=0 (no cgo link), %noautoget —
// and GOGC=off for everything the kernel runs, measured and not adopted.
// CPU seconds, not seconds: they are what a class server shares.
func BenchmarkKernelSettings(b *testing.B) {
	if env == nil || setupErr != nil {
		b.Skipf("needs Jupyter and the gonb kernel: %v", setupErr)
	}
	lesson := filepath.Join(env.Root, "notebooks", "01_gradient_descent.ipynb")
	nb, err := nbrun.Read(lesson)
	if err != nil {
		b.Fatal(err)
	}
	// The lesson with GoNB's `go get` before every cell left on.
	autoget := filepath.Join(b.TempDir(), filepath.Base(lesson))
	nb.CodeCells()[0].Source = strings.TrimPrefix(nbrun.SetupCell, "%noautoget\n")
	if err := nb.Write(autoget); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		env        map[string]string // changes to nbrun's KernelEnv; "" removes
	}{
		{"gonb-defaults", autoget, map[string]string{"GOFLAGS": "", "CGO_ENABLED": ""}},
		{"ldflags-s", autoget, map[string]string{"CGO_ENABLED": ""}},
		{"cgo-off", autoget, nil},
		{"noautoget", lesson, nil},
		{"GOGC-off", lesson, map[string]string{"GOGC": "off"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			e := *env
			e.DataDir = b.TempDir()
			kenv, err := e.KernelEnv()
			if err != nil {
				b.Fatal(err)
			}
			for k, v := range c.env {
				if v == "" {
					delete(kenv, k)
				} else {
					kenv[k] = v
				}
			}
			k := &nbrun.KernelSpec{Gonb: filepath.Join(e.BinDir, "gonb"), DataDir: e.DataDir, GoWork: e.Root, Env: kenv}
			if _, err := k.Install(); err != nil {
				b.Fatal(err)
			}
			var total float64
			for range b.N {
				costs, err := e.CellCosts(context.Background(), c.path, 5*time.Minute)
				if err != nil {
					b.Fatal(err)
				}
				total += costs.CPU()
			}
			b.ReportMetric(total/float64(b.N), "CPU-s/run")
		})
	}
}

// BenchmarkCellCosts runs each notebook cell by cell (nbrun.Env.CellCosts)
// and reports the CPU seconds one student's Run All costs a class server,
// the kernel's start, the mean per code cell and the costliest cell. Target
// for the five lessons (issue 17): no cell above about 2 CPU-s.
func BenchmarkCellCosts(b *testing.B) {
	if env == nil || setupErr != nil {
		b.Skipf("needs Jupyter and the gonb kernel: %v", setupErr)
	}
	paths, err := filepath.Glob(filepath.Join(env.Root, "notebooks", "*.ipynb"))
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range paths {
		b.Run(strings.TrimSuffix(filepath.Base(p), ".ipynb"), func(b *testing.B) {
			var total, start, maxCell float64
			cells := 0
			for range b.N {
				c, err := env.CellCosts(context.Background(), p, 5*time.Minute)
				if err != nil {
					b.Fatal(err)
				}
				total += c.CPU()
				start += c.Start
				if m := c.Max(); m != nil {
					maxCell = max(maxCell, m.CPU)
				}
				cells = len(c.Cells)
			}
			n := float64(b.N)
			b.ReportMetric(total/n, "CPU-s/run")
			b.ReportMetric(start/n, "CPU-s/start")
			b.ReportMetric((total-start)/n/float64(max(1, cells)), "CPU-s/cell")
			b.ReportMetric(maxCell, "CPU-s/max-cell")
		})
	}
}
