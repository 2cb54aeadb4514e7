package nbrun

import (
	"slices"
	"testing"
)

// TestEnvironExtra: Extra entries reach the environment once, replacing an
// inherited variable of the same name, and setting Extra on a copy leaves
// the original alone (what ExecuteGrading relies on instead of a mutex).
func TestEnvironExtra(t *testing.T) {
	t.Setenv("GRADNB_GRADING", "inherited")
	t.Setenv("GRADNB_UNRELATED", "kept")
	e := &Env{Root: "/r", BinDir: "/b", DataDir: "/d"}
	g := *e
	g.Extra = []string{"GRADNB_GRADING=1"}
	env := g.environ()
	if n := count(env, "GRADNB_GRADING="); n != 1 || !slices.Contains(env, "GRADNB_GRADING=1") {
		t.Errorf("GRADNB_GRADING entries: %d, with =1: %v", n, slices.Contains(env, "GRADNB_GRADING=1"))
	}
	if !slices.Contains(env, "GRADNB_UNRELATED=kept") || !slices.Contains(env, "GRADNB_ROOT=/r") || !slices.Contains(env, "JUPYTER_DATA_DIR=/d") {
		t.Errorf("environment lost inherited or fixed entries: %q", env)
	}
	if env := e.environ(); !slices.Contains(env, "GRADNB_GRADING=inherited") || count(env, "GRADNB_GRADING=") != 1 {
		t.Errorf("the original Env changed: %q", env)
	}
	g.Extra = []string{"GRADNB_GRADING="}
	if env := g.environ(); !slices.Contains(env, "GRADNB_GRADING=") || count(env, "GRADNB_GRADING=") != 1 {
		t.Errorf("GRADNB_GRADING= did not replace the inherited value: %q", env)
	}
}

func count(env []string, prefix string) int {
	n := 0
	for _, kv := range env {
		if len(kv) >= len(prefix) && kv[:len(prefix)] == prefix {
			n++
		}
	}
	return n
}
