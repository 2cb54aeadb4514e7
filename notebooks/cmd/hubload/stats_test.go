package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// TestPercentileNearestRank checks percentile against the definition: the
// smallest value v such that at least p % of the values are ≤ v.
func TestPercentileNearestRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(60)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(rng.IntN(20)) // ties on purpose
		}
		for _, p := range []float64{1, 50, 95, 99, 100} {
			got := percentile(xs, p)
			sorted := append([]float64(nil), xs...)
			sort.Float64s(sorted)
			var want float64
			for _, v := range sorted {
				atOrBelow := 0
				for _, x := range xs {
					if x <= v {
						atOrBelow++
					}
				}
				if float64(atOrBelow) >= p/100*float64(n) {
					want = v
					break
				}
			}
			if got != want {
				t.Fatalf("percentile(%v, %v) = %v, want %v", xs, p, got, want)
			}
		}
	}
	if got := percentile(nil, 95); got != 0 {
		t.Errorf("percentile(nil) = %v, want 0", got)
	}
	xs := []float64{3, 1, 2}
	percentile(xs, 50)
	if xs[0] != 3 || xs[1] != 1 {
		t.Errorf("percentile sorted its argument: %v", xs)
	}
}

func TestSummarize(t *testing.T) {
	var rs []cellResult
	for i := 1; i <= 20; i++ { // latencies 0.1 … 2.0 s
		rs = append(rs, cellResult{Cell: i, Latency: time.Duration(i) * 100 * time.Millisecond})
	}
	rs[3].Failed, rs[3].Lost = true, true
	rs[7].Lost = true
	s := summarize(5, rs)
	if s.Students != 5 || s.Cells != 20 || s.Failed != 1 || s.Lost != 2 {
		t.Errorf("counts: %+v", s)
	}
	// Nearest rank: p50 is the 10th of 20, p95 the 19th, max the 20th.
	if s.P50 != 1.0 || s.P95 != 1.9 || s.Max != 2.0 {
		t.Errorf("p50 %v p95 %v max %v, want 1.0 1.9 2.0", s.P50, s.P95, s.Max)
	}
}

// TestTextOfMatchesCommittedNormalForm feeds the outputs of every code cell
// of the committed notebook 01, in a shuffled but kernel-plausible order
// (streams split into pieces, figures before prints), through textOf and
// expects exactly the committed text.
func TestTextOfMatchesCommittedNormalForm(t *testing.T) {
	nb, err := nbrun.Read(filepath.Join("..", "..", "01_gradient_descent.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Cells []struct {
			CellType string           `json:"cell_type"`
			Outputs  []map[string]any `json:"outputs"`
		} `json:"cells"`
	}
	data, _ := os.ReadFile(filepath.Join("..", "..", "01_gradient_descent.ipynb"))
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var code [][]map[string]any
	for _, c := range raw.Cells {
		if c.CellType == "code" {
			code = append(code, c.Outputs)
		}
	}
	cells := nb.CodeCells()
	checked := 0
	for i, outs := range code {
		// As a kernel sends them: rich outputs first, then each stream line
		// as its own message.
		var msgs []map[string]any
		for _, o := range outs {
			if o["output_type"] != "stream" {
				msgs = append(msgs, o)
			}
		}
		for _, o := range outs {
			if o["output_type"] == "stream" {
				text := joinAny(o["text"])
				for _, line := range strings.SplitAfter(text, "\n") {
					if line != "" {
						msgs = append(msgs, map[string]any{"output_type": "stream", "name": o["name"], "text": line})
					}
				}
			}
		}
		got, err := textOf(msgs)
		if err != nil {
			t.Fatal(err)
		}
		if want := cells[i].Text(); got != want {
			t.Errorf("code cell %d: textOf = %q, want the committed %q", i+1, got, want)
		}
		if got != "" {
			checked++
		}
	}
	if checked == 0 {
		t.Errorf("no code cell of notebook 01 has text output; the test checked nothing")
	}
}

func joinAny(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		var b strings.Builder
		for _, s := range t {
			b.WriteString(s.(string))
		}
		return b.String()
	}
	return ""
}

func TestTextOfOrderAndErrors(t *testing.T) {
	got, err := textOf([]map[string]any{
		{"output_type": "display_data", "data": map[string]any{"text/plain": "fig", "text/html": "<b>x</b>"}, "metadata": map[string]any{}},
		{"output_type": "stream", "name": "stderr", "text": "warn\n"},
		{"output_type": "stream", "name": "stdout", "text": "a\n"},
		{"output_type": "stream", "name": "stdout", "text": "b\n"},
		{"output_type": "error", "ename": "ERROR", "evalue": "boom", "traceback": []any{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a\nb\nwarn\n[fig]\nerror: ERROR: boom\n"; got != want {
		t.Errorf("textOf = %q, want %q", got, want)
	}
	if got, _ := textOf(nil); got != "" {
		t.Errorf("textOf(nil) = %q", got)
	}
}

func TestCompareText(t *testing.T) {
	if ok, d := compareText("a\nb\n", "a\nb\n"); !ok || d != "" {
		t.Errorf("equal texts: %v %q", ok, d)
	}
	if ok, d := compareText("", "x\n"); ok || !strings.Contains(d, "missing") {
		t.Errorf("missing output: %v %q", ok, d)
	}
	ok, d := compareText("a\nB\n", "a\nb\n")
	if ok || !strings.Contains(d, "line 2") || !strings.Contains(d, `"B"`) || !strings.Contains(d, `"b"`) {
		t.Errorf("different line: %v %q", ok, d)
	}
	if ok, d := compareText("a\n", "a\nb\n"); ok || !strings.Contains(d, "line 2") {
		t.Errorf("shorter output: %v %q", ok, d)
	}
}

func TestWriteJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "hubload.json")
	in := []Summary{
		{Students: 1, Cells: 18, P50: 0.5, P95: 1.25, Max: 2},
		{Students: 10, Cells: 180, Failed: 1, Lost: 2, P50: 0.75, P95: 3.5, Max: 9, Runaway: &RunawayResult{LoopSeconds: 60, Interrupted: true}},
	}
	if err := writeJSON(path, in); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 {
		t.Fatalf("%d objects, want 2", len(out))
	}
	// The keys the issue names, with their values.
	want := map[string]float64{"students": 10, "cells": 180, "failed": 1, "lost": 2, "p50_s": 0.75, "p95_s": 3.5, "max_s": 9}
	for k, v := range want {
		if got, ok := out[1][k].(float64); !ok || got != v {
			t.Errorf("%s = %v, want %v", k, out[1][k], v)
		}
	}
	if _, ok := out[0]["runaway"]; ok {
		t.Errorf("a pass without a runaway student has a runaway key: %s", data)
	}
	if ra, ok := out[1]["runaway"].(map[string]any); !ok || ra["interrupted"] != true {
		t.Errorf("runaway = %v", out[1]["runaway"])
	}
}

func TestParseProcStat(t *testing.T) {
	const stat = `cpu  100 20 30 800 50 5 5 10 7 3
cpu0 50 10 15 400 25 2 3 5 0 0
intr 12345
`
	c, err := parseProcStat(strings.NewReader(stat))
	if err != nil {
		t.Fatal(err)
	}
	// busy = user+nice+system+irq+softirq+steal; guest columns are inside user/nice.
	if c.busy != 100+20+30+5+5+10 || c.total != 100+20+30+800+50+5+5+10 {
		t.Errorf("got %+v", c)
	}
	later := cpuTimes{busy: c.busy + 150, total: c.total + 200}
	if got := busyBetween(c, later); got != 0.75 {
		t.Errorf("busyBetween = %v, want 0.75", got)
	}
	if got := busyBetween(c, c); got != 0 {
		t.Errorf("no time passed: %v, want 0", got)
	}
	if _, err := parseProcStat(strings.NewReader("cpu 1 2 x 4 5\n")); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("bad field: err = %v", err)
	}
	if _, err := parseProcStat(strings.NewReader("intr 1\n")); err == nil {
		t.Error("no cpu line: no error")
	}
	// The real file parses and is consistent.
	if real, err := readCPU(); err != nil || real.total == 0 || real.busy > real.total {
		t.Errorf("/proc/stat: %+v, %v", real, err)
	}
}

func TestParseStudents(t *testing.T) {
	got, err := parseStudents("1, 5,10,20")
	if err != nil || len(got) != 4 || got[0] != 1 || got[3] != 20 {
		t.Errorf("parseStudents = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "-3", "five", "1,,2", "501"} {
		if _, err := parseStudents(bad); err == nil {
			t.Errorf("parseStudents(%q): no error", bad)
		}
	}
	if !validPrefix("hl") || validPrefix("HL") || validPrefix("") || validPrefix("a-b") || validPrefix("abcdefghijk") {
		t.Error("validPrefix")
	}
}

func TestParseProcFiles(t *testing.T) {
	// A command name with spaces and a parenthesis, as /proc allows.
	line := "4242 (gonb (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 25 7 3 20 0 12 0 100 2000000 500 18446744073709551615"
	got, err := parseStatLine(line)
	if err != nil || got != 150+25+7+3 {
		t.Errorf("parseStatLine = %d, %v; want 185", got, err)
	}
	if _, err := parseStatLine("4242 gonb S 1"); err == nil {
		t.Error("no parenthesis: no error")
	}
	uid, rss, ok := parseStatus("Name:\tgonb\nUid:\t1001\t1001\t1001\t1001\nVmRSS:\t  2048 kB\n")
	if !ok || uid != 1001 || rss != 2048*1024 {
		t.Errorf("parseStatus = %d %d %v", uid, rss, ok)
	}
	// This test process: its own uid is found with some memory and CPU.
	me := os.Getuid()
	u := usageByUID(map[int]bool{me: true})[me]
	if u.rss == 0 {
		t.Errorf("usageByUID found no memory for uid %d, which runs this test", me)
	}
}

func TestStaleComment(t *testing.T) {
	if staleComment(ownComment()) {
		t.Errorf("%q: this running process's accounts are called stale", ownComment())
	}
	// A pid that cannot exist (above the kernel's pid_max limit of 2^22).
	if !staleComment(accountComment + " pid 99999999") {
		t.Error("accounts of a dead run are not stale")
	}
	if !staleComment(accountComment) || !staleComment(accountComment+" pid x") {
		t.Error("accounts without a readable pid are not stale")
	}
}

func TestCapacity(t *testing.T) {
	sums := []Summary{
		{Students: 1, P95: 0.8},
		{Students: 5, P95: 1.9},
		{Students: 10, P95: 2.9, Lost: 1},                   // lost output: not a capacity
		{Students: 10, P95: 1.0, Runaway: &RunawayResult{}}, // runaway passes do not count
		{Students: 20, P95: 3.0},                            // at the limit counts
		{Students: 30, P95: 3.2},                            // too slow
	}
	if got := capacity(sums, 3); got != 20 {
		t.Errorf("capacity = %d, want 20", got)
	}
	if got := capacity(sums[:1], 0.5); got != 0 {
		t.Errorf("capacity with nothing fast enough = %d, want 0", got)
	}
	var b strings.Builder
	printTable(&b, []Summary{{Notebook: "01_a.ipynb", Students: 4, Cells: 72, P95: 2, Cores: 2}, {Notebook: "05_b.ipynb", Students: 4, Cells: 72, P95: 3.5, Cores: 2}})
	if !strings.Contains(b.String(), "capacity 05_b.ipynb: 0 students") || !strings.Contains(b.String(), "capacity 01_a.ipynb: 4 students") || !strings.Contains(b.String(), "2.0 per core") {
		t.Errorf("table footer:\n%s", b.String())
	}
}
