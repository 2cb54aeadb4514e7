//go:build unix

package optim_test

import "syscall"

// cpuNanos returns the process's user + system CPU time, for benchmarks
// on a shared machine where wall time measures the neighbours too.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
