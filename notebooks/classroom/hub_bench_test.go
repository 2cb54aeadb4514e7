package classroom_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/hubclient"
	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// TestHubRunawayShare is the runaway benchmark of issue 18: ten students on
// the real hub; eight, after one warm-up pass, work through notebook 01's
// lesson cells over and over
// (2–6 s of seeded think time between cells, every output compared with
// the committed notebook) while two run `for {}` in the phases "loops" and
// nothing in the phases "quiet", alternating (quiet, loops, quiet, loops,
// GRADNB_HUB_BENCH_PHASE each, default 60s), so that the machine's other
// load falls on both alike. The eight's p95 cell latency with the loops
// must stay within 1.5× their p95 without them, with no failed or lost
// cell. It takes 6–8 minutes, so it runs only when asked:
//
//	sudo GRADNB_HUB_BENCH=1 go test ./notebooks/classroom -run TestHubRunawayShare -v -timeout 20m
//
// GRADNB_HUB_BENCH_HUBENV (space-separated NAME=value) adds hub settings,
// e.g. GRADNB_CPU_DEMOTE=0 to measure the equal shares alone.
func TestHubRunawayShare(t *testing.T) {
	requireClass(t)
	if os.Getenv("GRADNB_HUB_BENCH") != "1" {
		t.Skip("SKIPPED runaway benchmark (6–8 minutes): run it with GRADNB_HUB_BENCH=1")
	}
	phase := 60 * time.Second
	if s := os.Getenv("GRADNB_HUB_BENCH_PHASE"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("GRADNB_HUB_BENCH_PHASE=%q: %v", s, err)
		}
		phase = d
	}
	h := startHub(t, strings.Fields(os.Getenv("GRADNB_HUB_BENCH_HUBENV"))...)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	nb, err := nbrun.Read(filepath.Join(prefix, "src", "notebooks", "01_gradient_descent.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	cells := lessonCells(nb)

	const others, runaways = 8, 2
	kernels := make([]*hubclient.Kernel, others+runaways)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range kernels {
		name, _ := newStudent(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * time.Second) // arrivals over 10 s
			_, k := studentKernel(t, ctx, h, name)
			// Warm: each cell's first build in a student's kernel compiles
			// it into that student's cache; the benchmark measures the
			// later runs (a class repeats and edits cells), so the eight
			// run every cell once first.
			warm := cells[:1]
			if i < others {
				warm = cells
			}
			for _, c := range warm {
				if _, err := k.Execute(ctx, c.Source); err != nil {
					t.Errorf("student %d's warm-up: %v", i, err)
				}
			}
			mu.Lock()
			kernels[i] = k
			mu.Unlock()
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	type sample struct {
		start, end time.Time
		d          time.Duration
		failed     bool
		lost       bool
	}
	begin := time.Now()
	end := begin.Add(4 * phase)
	loopsOn := func(at time.Time) bool { return int(at.Sub(begin)/phase)%2 == 1 }
	var samples []sample
	for i := 0; i < others; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 18))
			for j := 0; time.Now().Before(end); j++ {
				c := cells[j%len(cells)]
				s := sample{start: time.Now()}
				out, err := kernels[i].Execute(ctx, c.Source)
				s.end = time.Now()
				s.d = s.end.Sub(s.start)
				s.failed = err != nil
				s.lost = err == nil && out.Stdout != c.Stdout()
				if s.failed || s.lost {
					t.Errorf("student %d, cell %d: %v\n%s", i, j%len(cells), err, outText(out))
				}
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
				time.Sleep(time.Duration(2000+r.IntN(4000)) * time.Millisecond)
			}
		}()
	}
	// The runaways: `for {}` through each "loops" phase, interrupted at its
	// end over the REST API.
	for p := 0; p < 4; p++ {
		start := begin.Add(time.Duration(p) * phase)
		time.Sleep(time.Until(start))
		if p%2 == 0 {
			continue
		}
		var lw sync.WaitGroup
		for i := others; i < others+runaways; i++ {
			lw.Add(1)
			go func() {
				defer lw.Done()
				out, _ := kernels[i].Execute(ctx, "%%\nfor {\n}")
				if out == nil {
					t.Errorf("runaway %d: no answer", i)
				}
			}()
		}
		time.Sleep(time.Until(start.Add(phase)))
		for i := others; i < others+runaways; i++ {
			if err := kernels[i].Interrupt(ctx); err != nil {
				t.Errorf("interrupting runaway %d: %v", i, err)
			}
		}
		lw.Wait()
	}
	wg.Wait()

	// A cell belongs to a phase when it started and ended in it.
	var quiet, loops []time.Duration
	failed, lost := 0, 0
	for _, s := range samples {
		if s.failed {
			failed++
		}
		if s.lost {
			lost++
		}
		if loopsOn(s.start) != loopsOn(s.end) || s.end.After(end) {
			continue
		}
		if loopsOn(s.start) {
			loops = append(loops, s.d)
		} else {
			quiet = append(quiet, s.d)
		}
	}
	q, l := stats(quiet), stats(loops)
	t.Logf("%d students, %d of them running `for {}` in the loop phases (%v each, 2 of each kind), hub env %q", others+runaways, runaways, phase, os.Getenv("GRADNB_HUB_BENCH_HUBENV"))
	t.Logf("phase   cells  p50 s  p95 s  max s")
	t.Logf("quiet   %5d  %5.2f  %5.2f  %5.2f", len(quiet), q[0], q[1], q[2])
	t.Logf("loops   %5d  %5.2f  %5.2f  %5.2f", len(loops), l[0], l[1], l[2])
	t.Logf("p95 ratio loops/quiet: %.2f; failed %d, lost %d", l[1]/q[1], failed, lost)
	if log, err := os.ReadFile(hubLogs[t.Name()]); err == nil {
		for _, l := range strings.Split(string(log), "\n") {
			if strings.Contains(l, "CPU share") {
				t.Logf("hub: %s", l)
			}
		}
	}
	if len(quiet) < 20 || len(loops) < 20 {
		t.Fatalf("too few cells to compare (%d quiet, %d loops)", len(quiet), len(loops))
	}
	if l[1] > 1.5*q[1] {
		t.Errorf("with two runaway loops the others' p95 is %.2f s, %.2f× their %.2f s without (want ≤ 1.5×)", l[1], l[1]/q[1], q[1])
	}
}

// lessonCells are a notebook's code cells without its exercises (their
// starters and checks change with the exercises and load the machine no
// differently).
func lessonCells(nb *nbrun.Notebook) []*nbrun.Cell {
	var cells []*nbrun.Cell
	for _, c := range nb.CodeCells() {
		if !strings.Contains(c.Source, "exercise.") && !strings.Contains(c.Source, "// ここに書く") {
			cells = append(cells, c)
		}
	}
	return cells
}

// stats returns p50, p95 and max in seconds.
func stats(d []time.Duration) [3]float64 {
	if len(d) == 0 {
		return [3]float64{}
	}
	s := slices.Clone(d)
	slices.Sort(s)
	at := func(p float64) float64 { return s[min(len(s)-1, int(p*float64(len(s))))].Seconds() }
	return [3]float64{at(0.50), at(0.95), s[len(s)-1].Seconds()}
}
