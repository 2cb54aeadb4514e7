package nbrun

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// SetupCell is the first code cell of every notebook. Its first line turns
// off GoNB's `go get` before every cell (%noautoget): the library and
// everything the notebooks import are in the kernel's go.work, so that
// `go get` only cost each cell about 0.15 CPU-seconds (a learner who
// imports a module of their own runs `!go get` for it once). Its second
// line (setupLine) points the kernel's module at the library.
const SetupCell = "%noautoget\n" + setupLine

// setupLine points the kernel's module at the library, in GRADNB_ROOT (both
// kernel specs set it) or else in the notebook's parent folder (a
// checkout's notebooks/), but only where that folder is the library's
// module: elsewhere (a notebook copied out of the checkout, a kernel spec
// of one's own) it changes nothing and the kernel's go.work provides the
// library. It prints nothing.
const setupLine = `!*r="${GRADNB_ROOT:-$GONB_DIR/..}"; if grep -qsx 'module github.com/gradnb/gradnb' "$r/go.mod"; then go mod edit -replace=github.com/gradnb/gradnb="$r" -require=github.com/gradnb/gradnb@v0.0.0-00010101000000-000000000000; fi`

// SystemKernelDataDir is the Jupyter data directory searched by every
// user's Jupyter: the system-wide gonb kernel spec goes in its kernels/gonb.
const SystemKernelDataDir = "/usr/local/share/jupyter"

// StudentCacheMax is the size each student's own build-cache layer is kept
// under (gocacheprog's -max).
const StudentCacheMax = "12M"

// SystemKernelEnv returns the environment of the system-wide gonb kernel
// spec for an installation under prefix (see notebooks/classroom/install.sh):
// tools and Go on PATH, the shared read-only module cache, no network
// (GOPROXY=off, GOSUMDB=off, GOTOOLCHAIN=local), the library source in
// GRADNB_ROOT, links without debug information (GOFLAGS=-ldflags=-s) and
// without cgo (CGO_ENABLED=0, see CgoOff), and
// a build cache that reads the installer's warm layer and writes only the
// student's own, kept under 12 MB (GOCACHEPROG). GOCACHE is a root-owned
// empty folder: with GOCACHEPROG the go command uses it only for fuzzing,
// but would otherwise create 256 folders in every home. XDG_CACHE_HOME is
// the installer's read-only, pre-filled cache of gopls and of goimports'
// module index: shared by everyone, written by nobody but root, so a
// student's home holds neither. goBin is the folder holding the go command.
func SystemKernelEnv(prefix, goBin string) map[string]string {
	return map[string]string{
		"PATH":           strings.Join([]string{filepath.Join(prefix, "bin"), goBin, "/usr/local/bin", "/usr/bin", "/bin"}, string(os.PathListSeparator)),
		"GOMODCACHE":     filepath.Join(prefix, "gomodcache"),
		"GOPROXY":        "off",
		"GOSUMDB":        "off",
		"GOTOOLCHAIN":    "local",
		"GOFLAGS":        LinkFlags,
		"CGO_ENABLED":    CgoOff,
		"GRADNB_ROOT":    filepath.Join(prefix, "src"),
		"GOCACHEPROG":    filepath.Join(prefix, "bin", "gocacheprog") + " -ro " + filepath.Join(prefix, "gocache") + " -max " + StudentCacheMax,
		"GOCACHE":        filepath.Join(prefix, "fuzzcache"),
		"XDG_CACHE_HOME": filepath.Join(prefix, "usercache"),
	}
}

// KernelSpec describes a gonb kernel spec to install: the gonb binary, the
// Jupyter data directory, the module folder every kernel puts in its go.work
// from its start (so a cell can import the library after a kernel restart
// without re-running the notebook's set-up cell), and the environment.
type KernelSpec struct {
	Gonb    string
	DataDir string
	GoWork  string
	Env     map[string]string
}

// Path returns the kernel.json of the spec.
func (k *KernelSpec) Path() string {
	return filepath.Join(k.DataDir, "kernels", KernelName, "kernel.json")
}

// Install writes the kernel spec with `gonb --install`, unless one that runs
// the same gonb with the same go.work and environment is already there; it
// reports whether it installed.
func (k *KernelSpec) Install() (bool, error) {
	if k.Gonb == "" || k.DataDir == "" || !filepath.IsAbs(k.Gonb) || !filepath.IsAbs(k.DataDir) {
		return false, fmt.Errorf("nbrun: kernel spec needs absolute gonb and data-dir paths, got %q and %q", k.Gonb, k.DataDir)
	}
	goWorkArg := "-go_work=" + k.GoWork
	if data, err := os.ReadFile(k.Path()); err == nil {
		var ks kernelSpec
		if json.Unmarshal(data, &ks) == nil && len(ks.Argv) > 0 && ks.Argv[0] == k.Gonb &&
			slices.Contains(ks.Argv, goWorkArg) && maps.Equal(ks.Env, k.Env) {
			return false, nil
		}
	}
	cmd := exec.Command(k.Gonb, "--install", "--logtostderr", "--go_work="+k.GoWork)
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "JUPYTER_DATA_DIR=") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	// gonb --install checks that gopls and goimports are on PATH.
	path := filepath.Dir(k.Gonb) + string(os.PathListSeparator) + os.Getenv("PATH")
	cmd.Env = append(env, "JUPYTER_DATA_DIR="+k.DataDir, "PATH="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		return false, fmt.Errorf("nbrun: %s --install failed: %v\n%s", k.Gonb, err, out)
	}
	data, err := os.ReadFile(k.Path())
	if err != nil {
		return false, fmt.Errorf("nbrun: gonb --install wrote no kernel spec: %w", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return false, fmt.Errorf("nbrun: %s: %w", k.Path(), err)
	}
	if argv, _ := raw["argv"].([]any); !slices.Contains(argv, any(goWorkArg)) {
		return false, fmt.Errorf("nbrun: gonb --install did not write %s into %s", goWorkArg, k.Path())
	}
	raw["env"] = k.Env
	data, err = json.MarshalIndent(raw, "", " ")
	if err != nil {
		return false, err
	}
	return true, os.WriteFile(k.Path(), data, 0o644)
}
