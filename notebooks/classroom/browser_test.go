package classroom_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// TestBrowserStudentRunsNotebook01: a real browser (Debian's chromium,
// driven by browser/student.mjs with playwright-core) logs into a throwaway
// hub in test mode as the real Unix account gradnbtestbrowser, opens
// notebooks/01_gradient_descent.ipynb from the classic Notebook tree, clears
// the outputs, runs all cells and checks the page: every cell numbered, no
// error output, the first trace line, a figure drawn, the animation players'
// controls (their inline script ran), saved and "Trusted". The screenshot is
// build/browser/student-01.png.
//
// It skips (loudly) without chromium (`apt-get install chromium`) or without
// browser/node_modules (`cd notebooks/classroom/browser && npm ci`): CI does
// not install a browser.
func TestBrowserStudentRunsNotebook01(t *testing.T) {
	root, err := nbrun.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "notebooks", "classroom", "browser")
	switch {
	case !exists("/usr/bin/chromium"):
		t.Skip("SKIPPED browser test: /usr/bin/chromium missing (apt-get install -y chromium); CI does not install a browser")
	case !exists(filepath.Join(dir, "node_modules", "playwright-core")):
		t.Skip("SKIPPED browser test: " + dir + "/node_modules missing (cd notebooks/classroom/browser && npm ci)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("SKIPPED browser test: node not found")
	}
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED browser test in -short mode")
	}

	// The account: a left-over one from an interrupted run is removed first.
	const user = "gradnbtestbrowser"
	if exec.Command("id", user).Run() == nil {
		out, err := exec.Command("userdel", "-r", "-f", user).CombinedOutput()
		t.Logf("removed the left-over account %s: %v %s", user, err, out)
	}
	if out, err := exec.Command("useradd", "-m", "-s", "/bin/sh", user).CombinedOutput(); err != nil {
		t.Fatalf("useradd %s: %v\n%s", user, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("userdel", "-r", "-f", user).CombinedOutput(); err != nil {
			t.Errorf("userdel %s: %v\n%s", user, err, out)
		}
	})
	h := startHub(t) // on spare ports; the test password is its API token

	shot := filepath.Join(root, "build", "browser", "student-01.png")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "student.mjs", h.Base, user, "", shot)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "STUDENT_PASSWORD="+h.Token, "STUDENT_TIMEOUT_S=900")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("node student.mjs %s %s (%.0f s):\n%s", h.Base, user, time.Since(start).Seconds(), out)
	if err != nil {
		t.Fatalf("the browser check failed (%v); screenshot %s", err, shot)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
