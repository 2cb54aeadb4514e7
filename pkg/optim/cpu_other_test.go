//go:build !unix

package optim_test

// cpuNanos is unavailable here: benchmarks report 0 CPU time.
func cpuNanos() int64 { return 0 }
