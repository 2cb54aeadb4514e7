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
// its next cell; another student running notebook 01 meanwhile gets every
// committed output. The student's cgroups (pids, and the CPU share) are
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
	type result struct {
		out *hubclient.Output
		err error
		d   time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		out, err := kf.Execute(ctx, forkCell)
		done <- result{out, err, time.Since(start)}
	}()
	for j, c := range nb.CodeCells() {
		out, err := kc.Execute(ctx, c.Source)
		if err != nil {
			t.Errorf("the calm student's cell %d during the fork loop: %v\n%s", j, err, outText(out))
			break
		}
		if want := c.Stdout(); out.Stdout != want {
			t.Errorf("the calm student's cell %d printed %q, the committed notebook has %q", j, out.Stdout, want)
		}
	}
	select {
	case r := <-done:
		text := r.out.Text + "\n" + r.out.Error
		if !strings.Contains(text, "resource temporarily unavailable") {
			t.Errorf("the fork loop's cell should end with 'resource temporarily unavailable', got status %q, %v:\n%s", r.out.Status, r.err, tailLines(text, 15))
		} else {
			t.Logf("the fork loop's cell ended after %v with: %s", r.d.Round(time.Second), strings.TrimSpace(r.out.Stdout))
		}
	case <-time.After(5 * time.Minute):
		t.Fatal("the fork loop's cell did not end within 5 minutes")
	}
	if out, err := kf.Execute(ctx, "%%\nfmt.Println(\"still here\")"); err != nil || out.Stdout != "still here\n" {
		t.Errorf("the forking student's kernel after the fork loop: %v %+v", err, out)
	}
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
