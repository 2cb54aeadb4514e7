package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// cellResult is what one student saw when running one cell.
type cellResult struct {
	Student int
	Cell    int // code cell index, counting from 1
	Latency time.Duration
	End     time.Time // when the cell finished
	Failed  bool      // the kernel reported an error, or the cell did not finish
	Lost    bool      // the text output is missing or differs from the committed one
	Detail  string    // why it failed or was lost, for the log
}

// Summary is one line of the load-test report and one object of
// build/hubload.json.
type Summary struct {
	// Notebook is the file name of the notebook the class ran.
	Notebook string  `json:"notebook"`
	Students int     `json:"students"`
	Cells    int     `json:"cells"`
	Failed   int     `json:"failed"`
	Lost     int     `json:"lost"`
	P50      float64 `json:"p50_s"`
	P95      float64 `json:"p95_s"`
	Max      float64 `json:"max_s"`
	// FirstFigureMax is the slowest first cell with a figure, over students.
	FirstFigureMax float64 `json:"first_figure_max_s"`
	// SpawnMax is the slowest login + server start + kernel start.
	SpawnMax float64 `json:"spawn_max_s"`
	// CPUBusy is the fraction of all cores' time not idle during the pass.
	CPUBusy float64 `json:"cpu_busy"`
	Cores   int     `json:"cores"`
	// Seconds is the pass's wall time, from the first arrival to the last
	// cell.
	Seconds float64 `json:"seconds"`
	// MemPeakMaxMB and MemPeakMeanMB are the peak resident memory of one
	// student's processes (server, kernel, gopls, builds, cell programs),
	// sampled every second: the largest over students, and the mean.
	MemPeakMaxMB  float64 `json:"mem_peak_max_mb"`
	MemPeakMeanMB float64 `json:"mem_peak_mean_mb"`
	// CPUSecondsPerStudent is the CPU time one student's processes used,
	// on average: measured per account, so other load on the machine does
	// not count.
	CPUSecondsPerStudent float64 `json:"cpu_s_per_student"`
	// Runaway is set for passes in which one student ran an infinite loop;
	// that student's cells are not counted above.
	Runaway *RunawayResult `json:"runaway,omitempty"`
}

// RunawayResult describes the runaway student of a pass.
type RunawayResult struct {
	// LoopSeconds is how long the infinite loop ran before the interrupt.
	LoopSeconds float64 `json:"loop_s"`
	// InterruptSeconds is the time from the REST interrupt to the kernel
	// being idle again.
	InterruptSeconds float64 `json:"interrupt_s"`
	// Interrupted is true when the loop cell ended after the interrupt.
	Interrupted bool `json:"interrupted"`
	// AliveAfter is true when a cell run after the interrupt printed the
	// expected text.
	AliveAfter bool `json:"alive_after"`
	// OthersP95DuringLoop is the others' p95 latency over cells that ended
	// while the loop ran.
	OthersP95DuringLoop float64 `json:"others_p95_during_loop_s"`
}

// percentile returns the p-th percentile (0 < p ≤ 100) of xs by the
// nearest-rank method: the smallest value with at least p % of the values
// at or below it. It returns 0 for no values.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(s) {
		rank = len(s)
	}
	return s[rank-1]
}

// summarize builds the summary of a pass from its cell results.
func summarize(students int, results []cellResult) Summary {
	s := Summary{Students: students, Cells: len(results)}
	lat := make([]float64, 0, len(results))
	for _, r := range results {
		if r.Failed {
			s.Failed++
		}
		if r.Lost {
			s.Lost++
		}
		lat = append(lat, r.Latency.Seconds())
	}
	s.P50 = round3(percentile(lat, 50))
	s.P95 = round3(percentile(lat, 95))
	s.Max = round3(percentile(lat, 100))
	return s
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// textOf returns the text a reader sees in a cell with the given nbformat
// outputs, in the committed notebooks' normal form: the outputs go through
// nbrun's Parse and Normalize (streams merged, canonical order) and
// Cell.Text, exactly as the committed notebooks do.
func textOf(outputs []map[string]any) (string, error) {
	if outputs == nil {
		outputs = []map[string]any{}
	}
	doc := map[string]any{
		"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{},
		"cells": []any{map[string]any{
			"cell_type": "code", "source": "", "metadata": map[string]any{},
			"execution_count": nil, "outputs": outputs,
		}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	nb, err := nbrun.Parse(data)
	if err != nil {
		return "", err
	}
	nb.Normalize()
	return nb.Cells[0].Text(), nil
}

// compareText reports whether a cell's fresh text equals the committed one
// and, if not, a short description of the first difference.
func compareText(got, want string) (bool, string) {
	if got == want {
		return true, ""
	}
	if got == "" {
		return false, fmt.Sprintf("output missing (want %d bytes)", len(want))
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return false, fmt.Sprintf("line %d: got %q, want %q", i+1, clip(g), clip(w))
		}
	}
	return false, "outputs differ"
}

func clip(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// writeJSON writes the summaries to path as a JSON array, creating its
// folder.
func writeJSON(path string, sums []Summary) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(sums, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// printTable prints one row per pass.
func printTable(w io.Writer, sums []Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "notebook\tstudents\tcells\tfailed\tlost\tp50 s\tp95 s\tmax s\tfirst fig max s\tspawn max s\tCPU busy\tCPU s/student\tpeak MB/student (max)\trunaway\t")
	for _, s := range sums {
		ra := "-"
		if s.Runaway != nil {
			ra = fmt.Sprintf("loop %.0fs, interrupt %.2fs ok=%v, alive=%v, others p95 during loop %.2fs",
				s.Runaway.LoopSeconds, s.Runaway.InterruptSeconds, s.Runaway.Interrupted, s.Runaway.AliveAfter, s.Runaway.OthersP95DuringLoop)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%.0f %% of %d cores\t%.1f\t%.0f (%.0f)\t%s\t\n",
			s.Notebook, s.Students, s.Cells, s.Failed, s.Lost, s.P50, s.P95, s.Max, s.FirstFigureMax, s.SpawnMax, 100*s.CPUBusy, s.Cores,
			s.CPUSecondsPerStudent, s.MemPeakMeanMB, s.MemPeakMaxMB, ra)
	}
	tw.Flush()
	var order []string
	byNotebook := map[string][]Summary{}
	for _, s := range sums {
		if _, ok := byNotebook[s.Notebook]; !ok {
			order = append(order, s.Notebook)
		}
		byNotebook[s.Notebook] = append(byNotebook[s.Notebook], s)
	}
	for _, nb := range order {
		c, cores := capacity(byNotebook[nb], 3), max(1, byNotebook[nb][0].Cores)
		fmt.Fprintf(w, "capacity %s: %d students with p95 ≤ 3 s and nothing failed or lost (%.1f per core on %d cores; only the class sizes run count)\n",
			cmp.Or(nb, "?"), c, float64(c)/float64(cores), cores)
	}
}

// capacity returns the largest class size among the passes without a
// runaway student whose p95 latency is at most limit seconds with no failed
// or lost cell, and 0 if there is none.
func capacity(sums []Summary, limit float64) int {
	best := 0
	for _, s := range sums {
		if s.Runaway == nil && s.Failed == 0 && s.Lost == 0 && s.P95 <= limit && s.Students > best {
			best = s.Students
		}
	}
	return best
}

// cpuTimes is the aggregate "cpu" line of /proc/stat.
type cpuTimes struct{ busy, total uint64 }

// parseProcStat reads the aggregate cpu line of /proc/stat: idle and
// iowait are idle, every other column is busy.
func parseProcStat(r io.Reader) (cpuTimes, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 5 || f[0] != "cpu" {
			continue
		}
		var t cpuTimes
		for i, s := range f[1:] {
			v, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				return cpuTimes{}, fmt.Errorf("hubload: /proc/stat: bad cpu field %q", s)
			}
			// Columns: user nice system idle iowait irq softirq steal guest guest_nice.
			// guest and guest_nice are already counted in user and nice.
			if i >= 8 {
				continue
			}
			t.total += v
			if i != 3 && i != 4 {
				t.busy += v
			}
		}
		return t, nil
	}
	if err := sc.Err(); err != nil {
		return cpuTimes{}, err
	}
	return cpuTimes{}, fmt.Errorf("hubload: /proc/stat has no aggregate cpu line")
}

func readCPU() (cpuTimes, error) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return cpuTimes{}, err
	}
	defer f.Close()
	return parseProcStat(f)
}

// busyBetween is the busy fraction between two samples.
func busyBetween(a, b cpuTimes) float64 {
	if b.total <= a.total {
		return 0
	}
	return float64(b.busy-a.busy) / float64(b.total-a.total)
}
