package classroom_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/hubclient"
	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// restart stops and starts user's server through the hub's REST API, as a
// later login does: the spawn hook runs again.
func restart(t *testing.T, ctx context.Context, h *hubclient.Hub, user string) {
	t.Helper()
	if err := h.StopServer(ctx, user); err != nil {
		t.Fatalf("stopping %s's server: %v", user, err)
	}
	if err := h.StartServer(ctx, user); err != nil {
		t.Fatalf("starting %s's server again: %v", user, err)
	}
}

// TestHubHandsOutNotebooksWithoutOverwriting drives the spawn hook through
// the real hub: a later login keeps an edited notebook as it is and adds a
// notebook the student does not have (as a notebook new in the installation
// would be), and a deleted notebooks folder comes back at the next login.
func TestHubHandsOutNotebooksWithoutOverwriting(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub hand-out test in -short mode")
	}
	h := startHub(t)
	name, home := newStudent(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	defer h.DeleteUser(context.Background(), name)
	if err := h.CreateUser(ctx, name); err != nil {
		t.Fatal(err)
	}
	if err := h.StartServer(ctx, name); err != nil {
		t.Fatal(err)
	}
	installed, _ := filepath.Glob(filepath.Join(prefix, "src", "notebooks", "*.ipynb"))
	if len(installed) < 2 {
		t.Fatalf("want at least two installed notebooks, found %d", len(installed))
	}
	nbDir := filepath.Join(home, "notebooks")
	mine := filepath.Join(nbDir, filepath.Base(installed[0]))
	other := filepath.Join(nbDir, filepath.Base(installed[1]))
	for _, p := range installed {
		if _, err := os.Stat(filepath.Join(nbDir, filepath.Base(p))); err != nil {
			t.Fatalf("first login: %s not handed out: %v", filepath.Base(p), err)
		}
	}
	// The student edits one notebook and lacks another (removed, or new in
	// the installation since their last login).
	edited := `{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "edited": "by the student"}`
	if out, err := asStudent(t, name, home, "/", nil, "sh", "-c", `printf '%s' "$0" > "$1" && rm "$2"`, edited, mine, other); err != nil {
		t.Fatalf("editing as the student: %v\n%s", err, out)
	}
	restart(t, ctx, h, name)
	if data, err := os.ReadFile(mine); err != nil || string(data) != edited {
		t.Errorf("a later login overwrote the student's edited %s: %v\n%.200s", filepath.Base(mine), err, data)
	}
	want, _ := os.ReadFile(installed[1])
	if data, err := os.ReadFile(other); err != nil || string(data) != string(want) {
		t.Errorf("a later login did not add the missing %s: %v", filepath.Base(other), err)
	}
	if st, err := os.Stat(other); err == nil && st.Sys() != nil {
		if out, _ := exec.Command("stat", "-c", "%U", other).Output(); strings.TrimSpace(string(out)) != name {
			t.Errorf("%s is owned by %s, want the student %s", other, strings.TrimSpace(string(out)), name)
		}
	}
	// The student deletes the whole folder.
	if out, err := asStudent(t, name, home, "/", nil, "rm", "-rf", nbDir); err != nil {
		t.Fatalf("deleting the folder as the student: %v\n%s", err, out)
	}
	restart(t, ctx, h, name)
	for _, p := range installed {
		if _, err := os.Stat(filepath.Join(nbDir, filepath.Base(p))); err != nil {
			t.Errorf("after deleting the folder, the next login did not bring back %s: %v", filepath.Base(p), err)
		}
	}
	if st, err := os.Stat(home); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("home mode after a later login: %v %v", st.Mode(), err)
	}
}

// cgroupStat reads a file of user's memory cgroup as the hub makes it (v1's
// memory controller or v2), or "" when there is none.
func cgroupStat(user, v1, v2 string) string {
	for _, p := range []string{"/sys/fs/cgroup/memory/gradnb-" + user + "/" + v1, "/sys/fs/cgroup/gradnb-" + user + "/" + v2} {
		if b, err := os.ReadFile(p); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	return ""
}

// TestHubStudentFaults, through the real hub with GRADNB_MEM_LIMIT=1500M:
//   - one student's runaway allocation stops with Go's out-of-memory error
//     in that student's cell (the per-process RLIMIT_AS, before the
//     student's cgroup limit is reached), that kernel keeps working, and a
//     second student running notebook 01 at the same time gets every
//     committed output;
//   - a student whose home is full (a 6 MiB tmpfs on it, filled) gets "no
//     space left on device" in the cell within minutes, not a hung kernel,
//     and the kernel works again once there is room.
func TestHubStudentFaults(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub faults test in -short mode")
	}
	const limit = 1500 << 20
	h := startHub(t, fmt.Sprintf("GRADNB_MEM_LIMIT=%d", limit))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	kernel := func(name string) *hubclient.Kernel {
		t.Helper()
		_, k := studentKernel(t, ctx, h, name)
		return k
	}
	hungry, _ := newStudent(t)
	calm, _ := newStudent(t)
	kh, kc := kernel(hungry), kernel(calm)
	if got := cgroupStat(hungry, "memory.limit_in_bytes", "memory.max"); got == "" {
		t.Logf("NOTE: no memory cgroup for %s on this machine; only the per-process limit is tested", hungry)
	} else if got != fmt.Sprint(limit+2<<30) {
		t.Errorf("%s's cgroup limit is %s, want GRADNB_MEM_LIMIT + 2G = %d", hungry, got, limit+2<<30)
	}

	nb, err := nbrun.Read(filepath.Join(prefix, "src", "notebooks", "01_gradient_descent.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	// The runaway keeps every 64 MB block it touches.
	runaway := "%%\nvar keep [][]byte\nfor {\n\tb := make([]byte, 64<<20)\n\tfor i := range b {\n\t\tb[i] = 1\n\t}\n\tkeep = append(keep, b)\n}"
	type result struct {
		out *hubclient.Output
		err error
		d   time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		out, err := kh.Execute(ctx, runaway)
		done <- result{out, err, time.Since(start)}
	}()
	// Meanwhile the other student works through notebook 01.
	for j, c := range nb.CodeCells() {
		out, err := kc.Execute(ctx, c.Source)
		if err != nil {
			t.Errorf("the calm student's cell %d during the runaway: %v", j, err)
			break
		}
		if want := c.Stdout(); out.Stdout != want {
			t.Errorf("the calm student's cell %d printed %q, the committed notebook has %q", j, out.Stdout, want)
		}
	}
	select {
	case r := <-done:
		text := r.out.Text + "\n" + r.out.Error
		if r.out.Status != "error" || !strings.Contains(text, "fatal error: out of memory") {
			t.Errorf("the runaway cell should fail with Go's out-of-memory error in the cell, got status %q, %v:\n%s", r.out.Status, r.err, tailLines(text, 15))
		} else {
			t.Logf("the runaway cell stopped after %v with: %s", r.d.Round(time.Second), strings.SplitN(strings.TrimSpace(r.out.Text), "\n", 3)[:2])
		}
	case <-time.After(5 * time.Minute):
		t.Fatal("the runaway cell did not stop within 5 minutes: the memory limit does not hold")
	}
	if n := cgroupStat(hungry, "memory.failcnt", "memory.events"); n != "" && n != "0" && !strings.Contains(n, "oom_kill 0") {
		t.Errorf("the student's cgroup limit was reached (%q): the per-process limit should stop the runaway first", n)
	}
	if out, err := kh.Execute(ctx, "%%\nfmt.Println(\"still here\")"); err != nil || out.Stdout != "still here\n" {
		t.Errorf("the runaway student's kernel after the out-of-memory cell: %v %+v", err, out)
	}

	// Full disk: a home of 6 MiB, filled by the student, then a cell that
	// builds and writes into it.
	full, fullHome := newStudent(t)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", fullHome).CombinedOutput(); err != nil {
		t.Fatalf("mounting a 6 MiB tmpfs on %s (needed to fill a home): %v\n%s", fullHome, err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", fullHome).Run() })
	if out, err := exec.Command("chown", full+":"+full, fullHome).CombinedOutput(); err != nil {
		t.Fatalf("chown: %v\n%s", err, out)
	}
	kf := kernel(full)
	if out, err := asStudent(t, full, fullHome, fullHome, nil, "sh", "-c", `dd if=/dev/zero of=filler bs=64k 2>/dev/null; df -k . | tail -1`); !strings.Contains(out, "100%") {
		t.Fatalf("filling the home: %v\n%s", err, out)
	}
	cctx, ccancel := context.WithTimeout(ctx, 4*time.Minute)
	defer ccancel()
	start := time.Now()
	out, err := kf.Execute(cctx, "%%\nerr := os.WriteFile(os.Getenv(\"HOME\")+\"/result.txt\", make([]byte, 1<<20), 0o644)\nfmt.Println(\"write:\", err)\nif err != nil {\n\tpanic(err)\n}")
	if cctx.Err() != nil {
		t.Fatalf("a cell in a full home did not answer within 4 minutes (a hung kernel): %v", err)
	}
	if text := out.Text + out.Error; !strings.Contains(text, "no space left on device") {
		t.Errorf("a cell in a full home should say 'no space left on device', got status %q, %v:\n%s", out.Status, err, tailLines(text, 20))
	} else {
		t.Logf("full home: the cell answered in %v with: %s", time.Since(start).Round(time.Second), tailLines(strings.TrimSpace(out.Stdout), 2))
	}
	// Making room makes the kernel usable again, without a restart.
	asStudent(t, full, fullHome, fullHome, nil, "rm", "-f", "filler")
	if out, err := kf.Execute(ctx, "%%\nfmt.Println(\"space again\")"); err != nil || out.Stdout != "space again\n" {
		t.Errorf("the full student's kernel after making room: %v %+v", err, out)
	}
}
