package kernelhelpers_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	kh "github.com/gradnb/gradnb/kernelhelpers"
	"github.com/gradnb/gradnb/pkg/exercise"
)

func TestCheckHTML(t *testing.T) {
	ok := kh.CheckHTML(exercise.Pass("ずれは <1> です。"))
	if !strings.Contains(ok, "✓ ずれは &lt;1&gt; です。") || !strings.Contains(ok, "#2e7d32") {
		t.Errorf("right answer: %s", ok)
	}
	bad := kh.CheckHTML(exercise.Fail("符号が逆です & ..."))
	if !strings.Contains(bad, "✗ 符号が逆です &amp; ...") || strings.Contains(bad, "#2e7d32") {
		t.Errorf("wrong answer: %s", bad)
	}
}

// TestCheckGrading runs this test binary again as a child that calls Check,
// and asserts the exit status: grading mode fails a wrong answer only.
func TestCheckGrading(t *testing.T) {
	if mode := os.Getenv("GRADNB_CHECK_CHILD"); mode != "" {
		r := exercise.Pass("right")
		if mode == "wrong" {
			r = exercise.Fail("a hint")
		}
		kh.Check(r)
		os.Exit(0)
	}
	for _, c := range []struct {
		mode, grading string
		fail          bool
	}{
		{"right", "1", false},
		{"wrong", "1", true},
		{"wrong", "", false},
		{"wrong", "0", false},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCheckGrading$")
		cmd.Env = append(os.Environ(), "GRADNB_CHECK_CHILD="+c.mode, kh.GradingEnv+"="+c.grading)
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		failed := errors.As(err, &ee) && ee.ExitCode() == 1
		if err != nil && !failed {
			t.Fatalf("%+v: %v\n%s", c, err, out)
		}
		if failed != c.fail {
			t.Errorf("%+v: failed = %v, want %v\n%s", c, failed, c.fail, out)
		}
		wantLine := "✓ right"
		if c.mode == "wrong" {
			wantLine = "✗ a hint"
		}
		if !strings.Contains(string(out), wantLine) {
			t.Errorf("%+v: output lacks %q:\n%s", c, wantLine, out)
		}
		if c.fail && !strings.Contains(string(out), "grading (GRADNB_GRADING=1): wrong answer: a hint") {
			t.Errorf("%+v: no grading line:\n%s", c, out)
		}
	}
}
