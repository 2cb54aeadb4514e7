package nbrun

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// SetupCell, run by bash as GoNB runs a "!*" line (in the kernel's
// temporary module, GONB_DIR the notebook's folder), points the module at
// the library only where the folder it names is the library's module.
func TestSetupCell(t *testing.T) {
	root, err := FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(SetupCell, "\n"+setupLine) || !strings.HasPrefix(SetupCell, "%noautoget\n") {
		t.Fatalf("SetupCell %q: want %%noautoget, then the set-up line", SetupCell)
	}
	cmd, ok := strings.CutPrefix(setupLine, "!*")
	if !ok {
		t.Fatalf("setupLine %q is not a !* line", setupLine)
	}
	elsewhere := t.TempDir() // a notebook copied out of the checkout
	os.MkdirAll(filepath.Join(elsewhere, "nb"), 0o755)
	for _, c := range []struct {
		name, gradnbRoot, gonbDir, want string
	}{
		{"GRADNB_ROOT set (both kernel specs)", root, filepath.Join(elsewhere, "nb"), root},
		{"in the checkout, no GRADNB_ROOT", "", filepath.Join(root, "notebooks"), filepath.Join(root, "notebooks") + "/.."},
		{"copied out, no GRADNB_ROOT", "", filepath.Join(elsewhere, "nb"), ""},
		{"GRADNB_ROOT not the module", elsewhere, filepath.Join(root, "notebooks"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			mod := t.TempDir()
			init := exec.Command("go", "mod", "init", "gonb_cell")
			init.Dir = mod
			if out, err := init.CombinedOutput(); err != nil {
				t.Fatalf("go mod init: %v\n%s", err, out)
			}
			run := exec.Command("bash", "-c", cmd)
			run.Dir = mod
			run.Env = append(os.Environ(), "GRADNB_ROOT="+c.gradnbRoot, "GONB_DIR="+c.gonbDir)
			out, err := run.CombinedOutput()
			if err != nil || len(out) != 0 {
				t.Fatalf("the set-up cell: %v, printed %q (want nothing)", err, out)
			}
			data, _ := os.ReadFile(filepath.Join(mod, "go.mod"))
			got := string(data)
			if c.want == "" {
				if strings.Contains(got, "replace") || strings.Contains(got, "require") {
					t.Errorf("go.mod changed although %q is not the module:\n%s", c.gradnbRoot+c.gonbDir, got)
				}
				return
			}
			if !strings.Contains(got, "replace github.com/gradnb/gradnb => "+c.want+"\n") {
				t.Errorf("go.mod does not replace the library with %s:\n%s", c.want, got)
			}
		})
	}
}
