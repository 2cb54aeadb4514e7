package classroom_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/hubclient"
	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// studentKernel creates user in the hub, starts their server and a gonb
// kernel, and shuts them down at the end of the test.
func studentKernel(t *testing.T, ctx context.Context, h *hubclient.Hub, user string) (*hubclient.Server, *hubclient.Kernel) {
	t.Helper()
	t.Cleanup(func() { h.DeleteUser(context.Background(), user) })
	if err := h.CreateUser(ctx, user); err != nil {
		t.Fatal(err)
	}
	if err := h.StartServer(ctx, user); err != nil {
		t.Fatal(err)
	}
	srv, err := h.UserServer(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	k, err := srv.StartKernel(ctx, "gonb")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close(context.Background()) })
	return srv, k
}

// cgroupFile reads a file of user's cgroup for a v1 controller (or the v2
// group), or "" when there is none.
func cgroupFile(user, controller, v1, v2 string) string {
	for _, p := range []string{filepath.Join("/sys/fs/cgroup", controller, "gradnb-"+user, v1), filepath.Join("/sys/fs/cgroup", "gradnb-"+user, v2)} {
		if b, err := os.ReadFile(p); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	return ""
}

// outText is a cell's output text and error, for a failure message.
func outText(out *hubclient.Output) string {
	if out == nil {
		return "(no output)"
	}
	return tailLines(out.Text+"\n"+out.Error, 20)
}

// forkCell starts `sleep` processes until the system refuses one, then
// stops them and prints how many it started and the error.
const forkCell = `import "os/exec"

%%
var procs []*exec.Cmd
var err error
for len(procs) < 100000 {
	cmd := exec.Command("sleep", "300")
	if err = cmd.Start(); err != nil {
		break
	}
	procs = append(procs, cmd)
}
for _, p := range procs {
	p.Process.Kill()
	p.Wait()
}
fmt.Printf("started %d processes, then: %v\n", len(procs), err)`

// TestHubForkLimit, through the real hub with GRADNB_PIDS_LIMIT=256: a
// student whose cell starts processes until refused gets "resource
// temporarily unavailable" in that cell, which ends, and the kernel runs
// its next cell; another student running notebook 01's lesson cells
// meanwhile gets every committed output. The student's cgroups (pids, and the CPU share) are
// checked where the machine has them.
func TestHubForkLimit(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub fork-limit test in -short mode")
	}
	const limit = 256
	h := startHub(t, fmt.Sprintf("GRADNB_PIDS_LIMIT=%d", limit))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	forker, _ := newStudent(t)
	calm, _ := newStudent(t)
	_, kf := studentKernel(t, ctx, h, forker)
	_, kc := studentKernel(t, ctx, h, calm)
	if got := cgroupFile(forker, "pids", "pids.max", "pids.max"); got == "" {
		t.Logf("NOTE: no pids cgroup for %s on this machine; RLIMIT_NPROC alone limits it", forker)
	} else if got != fmt.Sprint(limit) {
		t.Errorf("%s's pids.max is %s, want %d", forker, got, limit)
	}
	if got := cgroupFile(forker, "cpu", "cpu.shares", "cpu.weight"); got == "" {
		t.Logf("NOTE: no cpu cgroup for %s on this machine: no CPU share", forker)
	} else if got != "1024" && got != "100" {
		t.Errorf("%s's CPU share is %s, want the default weight (1024 in v1, 100 in v2)", forker, got)
	}

	nb, err := nbrun.Read(filepath.Join(prefix, "src", "notebooks", "01_gradient_descent.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	// The calm student works through notebook 01 while the other forks.
	calmDone := make(chan struct{})
	go func() {
		defer close(calmDone)
		for j, c := range lessonCells(nb) {
			out, err := kc.Execute(ctx, c.Source)
			if err != nil {
				t.Errorf("the calm student's cell %d during the fork loop: %v\n%s", j, err, outText(out))
				continue
			}
			if want := c.Stdout(); out.Stdout != want {
				t.Errorf("the calm student's cell %d printed %q, the committed notebook has %q", j, out.Stdout, want)
			}
		}
	}()
	time.Sleep(5 * time.Second)
	fctx, fcancel := context.WithTimeout(ctx, 5*time.Minute)
	defer fcancel()
	start := time.Now()
	out, err := kf.Execute(fctx, forkCell)
	if fctx.Err() != nil {
		t.Fatal("the fork loop's cell did not end within 5 minutes")
	}
	if text := outText(out); !strings.Contains(text, "resource temporarily unavailable") {
		t.Errorf("the fork loop's cell should end with 'resource temporarily unavailable', got %v:\n%s", err, text)
	} else {
		t.Logf("the fork loop's cell ended after %v with: %s", time.Since(start).Round(time.Second), strings.TrimSpace(out.Stdout))
	}
	check := func(when string) {
		t.Helper()
		if out, err := kf.Execute(ctx, "%%\nfmt.Println(\"still here\")"); err != nil || out.Stdout != "still here\n" {
			t.Errorf("the forking student's kernel %s: %v\n%s", when, err, outText(out))
			if log, err := os.ReadFile(hubLogs[t.Name()]); err == nil {
				for _, l := range strings.Split(string(log), "\n") {
					if strings.Contains(l, forker) || strings.Contains(l, "Traceback") || strings.Contains(l, "thread") || strings.Contains(l, "Error") {
						t.Logf("hub: %s", l)
					}
				}
			}
		}
	}
	check("right after the fork loop")
	<-calmDone
	check("after the other student's notebook")
}

// TestHubCullsIdleKernelsAndServers, through the real hub with
// GRADNB_CULL_KERNEL=10s and GRADNB_CULL_SERVER=20s: a kernel that ran a
// cell and then sits idle, with its websocket still open (a tab left open),
// is shut down after the timeout but not before; a busy kernel is not;
// then the server, with no kernel and no activity, stops and the hub
// notices.
func TestHubCullsIdleKernelsAndServers(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub culling test in -short mode")
	}
	h := startHub(t, "GRADNB_CULL_KERNEL=10s", "GRADNB_CULL_SERVER=20s")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	user, _ := newStudent(t)
	srv, k := studentKernel(t, ctx, h, user)
	// Busy for 25 s (longer than the kernel timeout): not culled.
	out, err := k.Execute(ctx, "%%\ntime.Sleep(25 * time.Second)\nfmt.Println(\"slept\")")
	if err != nil || out.Stdout != "slept\n" {
		t.Fatalf("a busy cell of 25 s (kernel timeout 10 s): %v %+v", err, out)
	}
	idle := time.Now()
	time.Sleep(5 * time.Second)
	if st, err := srv.Status(ctx); err != nil || st.Kernels != 1 {
		t.Fatalf("5 s after the cell the kernel should still run: %+v %v", st, err)
	}
	var culled time.Duration
	for {
		st, err := srv.Status(ctx)
		if err != nil {
			t.Fatalf("server status: %v", err)
		}
		if st.Kernels == 0 {
			culled = time.Since(idle)
			break
		}
		if time.Since(idle) > 2*time.Minute {
			t.Fatalf("the idle kernel was not culled within 2 minutes (timeout 10 s)")
		}
		time.Sleep(time.Second)
	}
	if culled < 10*time.Second {
		t.Errorf("the kernel was culled after %v, before its 10 s timeout", culled)
	}
	t.Logf("the idle kernel (tab open) was culled %v after its last cell", culled.Round(time.Second))
	gone := time.Now()
	for {
		u, err := h.User(ctx, user)
		if err != nil {
			t.Fatalf("the hub's record of %s: %v", user, err)
		}
		if _, ok := u.Servers[""]; !ok {
			break
		}
		// The server checks once a minute; the hub polls its servers every 30 s.
		if time.Since(gone) > 4*time.Minute {
			t.Fatalf("the idle server did not stop within 4 minutes of its kernel's culling (timeout 20 s)")
		}
		time.Sleep(2 * time.Second)
	}
	t.Logf("the idle server stopped; the hub saw it %v after the kernel's culling", time.Since(gone).Round(time.Second))
	// The student's next visit starts it again.
	if err := h.StartServer(ctx, user); err != nil {
		t.Errorf("starting the culled server again: %v", err)
	}
}

// cpuSeconds reads the CPU time of user's cgroup (v1 cpuacct or v2 cpu.stat).
func cpuSeconds(user string) (float64, bool) {
	if s := cgroupFile(user, "cpuacct", "cpuacct.usage", "cpu.stat"); s != "" {
		if strings.HasPrefix(s, "usage_usec ") {
			var us float64
			fmt.Sscanf(strings.Fields(s)[1], "%g", &us)
			return us / 1e6, true
		}
		var ns float64
		fmt.Sscanf(s, "%g", &ns)
		return ns / 1e9, true
	}
	return 0, false
}

// TestHubDemotesARunaway, through the real hub with GRADNB_CPU_DEMOTE=10s:
// a student whose cell keeps a core busy gets 1/32 of the normal CPU share
// (v1 cpu.shares 32, v2 cpu.weight 3) within the window and a few seconds,
// and the normal share back once the cell is interrupted and the student
// is quiet for the window. Skipped (loudly) where the machine has no cpu
// cgroup, or is so busy that the loop cannot get 0.9 of a core.
func TestHubDemotesARunaway(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub CPU demotion test in -short mode")
	}
	h := startHub(t, "GRADNB_CPU_DEMOTE=10s")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	user, _ := newStudent(t)
	_, k := studentKernel(t, ctx, h, user)
	share := func() string { return cgroupFile(user, "cpu", "cpu.shares", "cpu.weight") }
	normal := share()
	if normal == "" {
		t.Skip("SKIPPED: no cpu cgroup for the student on this machine")
	}
	low := map[string]string{"1024": "32", "100": "3"}[normal]
	done := make(chan *hubclient.Output, 1)
	go func() {
		out, _ := k.Execute(ctx, "%%\nfor i := 0; i < 4; i++ {\n\tgo func() {\n\t\tfor {\n\t\t}\n\t}()\n}\nfor {\n}")
		done <- out
	}()
	// Wait for the loop to run, then measure what it gets.
	time.Sleep(5 * time.Second)
	u0, _ := cpuSeconds(user)
	start := time.Now()
	demoted := time.Duration(0)
	for time.Since(start) < 40*time.Second {
		if share() == low {
			demoted = time.Since(start)
			break
		}
		time.Sleep(time.Second)
	}
	u1, _ := cpuSeconds(user)
	cores := (u1 - u0) / time.Since(start).Seconds()
	if demoted == 0 {
		if cores < 0.9 {
			k.Interrupt(ctx)
			t.Skipf("SKIPPED: the machine is too busy: the loop got %.2f cores (< 0.9), so no demotion is due", cores)
		}
		t.Fatalf("the student's loop used %.2f cores for 40 s, but the CPU share is still %s (want %s)", cores, share(), low)
	}
	t.Logf("the loop (%.2f cores) was demoted to share %s %v after measuring began", cores, low, demoted.Round(time.Second))
	if err := k.Interrupt(ctx); err != nil {
		t.Fatal(err)
	}
	<-done
	quiet := time.Now()
	for share() != normal {
		if time.Since(quiet) > time.Minute {
			t.Fatalf("a minute after the interrupt the share is still %s (want %s back)", share(), normal)
		}
		time.Sleep(time.Second)
	}
	t.Logf("the share came back to %s %v after the interrupt", normal, time.Since(quiet).Round(time.Second))
	if log, err := os.ReadFile(hubLogs[t.Name()]); err == nil && !strings.Contains(string(log), "CPU share lowered") {
		t.Errorf("the hub log does not say it lowered the student's CPU share")
	}
}
