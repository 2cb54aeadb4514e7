package nbrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Env is where notebooks run: the repository root, the folder holding the
// gonb, gopls and goimports binaries, and the Jupyter data directory where
// the gonb kernel is registered.
type Env struct {
	Root, BinDir, DataDir string
	// Extra holds "NAME=value" entries added to the environment of Jupyter
	// and the kernel, after (and replacing) any inherited variable of the
	// same name; "NAME=" sets it empty.
	Extra []string
}

// FindRoot returns the repository root: the nearest folder above dir that
// holds gradnb's go.mod.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(data, []byte("module github.com/gradnb/gradnb\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("nbrun: no gradnb go.mod above the current folder")
		}
		dir = parent
	}
}

// DefaultEnv returns the Env of the checkout around the current folder,
// with the Jupyter data directory Jupyter itself uses (DefaultDataDir) and
// ./bin for the tools, after checking that Jupyter is installed.
func DefaultEnv() (*Env, error) {
	root, err := FindRoot(".")
	if err != nil {
		return nil, err
	}
	dataDir, err := DefaultDataDir()
	if err != nil {
		return nil, err
	}
	env := &Env{Root: root, BinDir: filepath.Join(root, "bin"), DataDir: dataDir}
	if err := env.Check(); err != nil {
		return nil, err
	}
	return env, nil
}

// DefaultDataDir returns the Jupyter data directory Jupyter itself uses:
// $JUPYTER_DATA_DIR, or ~/.local/share/jupyter (~/Library/Jupyter on macOS).
func DefaultDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// Path returns the PATH notebooks run with: the tool folder first.
func (e *Env) Path() string {
	p := e.BinDir
	if home, err := os.UserHomeDir(); err == nil {
		p += string(os.PathListSeparator) + filepath.Join(home, ".local", "bin") // pip --user
	}
	return p + string(os.PathListSeparator) + os.Getenv("PATH")
}

func (e *Env) environ() []string {
	drop := map[string]bool{"PATH": true, "JUPYTER_DATA_DIR": true, "GRADNB_ROOT": true}
	for _, kv := range e.Extra {
		name, _, _ := strings.Cut(kv, "=")
		drop[name] = true
	}
	env := []string{}
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); drop[name] {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "PATH="+e.Path(), "JUPYTER_DATA_DIR="+e.DataDir, "GRADNB_ROOT="+e.Root)
	return append(env, e.Extra...)
}

// Check reports what is missing to run notebooks: Jupyter's nbconvert and
// the three Go tools. The error names each missing piece and how to get it.
func (e *Env) Check() error {
	var missing []string
	for _, tool := range []string{"gonb", "gopls", "goimports"} {
		if _, err := os.Stat(filepath.Join(e.BinDir, tool)); err != nil {
			missing = append(missing, fmt.Sprintf("%s (run `make setup`)", filepath.Join("bin", tool)))
		}
	}
	cmd := exec.Command("jupyter-nbconvert", "--version")
	cmd.Env = e.environ()
	if err := cmd.Run(); err != nil {
		missing = append(missing, "jupyter-nbconvert (run `make setup`, or install Jupyter: see README)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("nbrun: missing %s", strings.Join(missing, ", "))
	}
	return nil
}

// kernelSpec is the part of kernel.json that gonb --install writes and we
// check.
type kernelSpec struct {
	Argv        []string          `json:"argv"`
	DisplayName string            `json:"display_name"`
	Language    string            `json:"language"`
	Interrupt   string            `json:"interrupt_mode,omitempty"`
	Env         map[string]string `json:"env"`
}

// KernelSpecPath returns the kernel.json of the gonb kernel in e.DataDir.
func (e *Env) KernelSpecPath() string {
	return filepath.Join(e.DataDir, "kernels", KernelName, "kernel.json")
}

// LinkFlags is GOFLAGS in every gonb kernel spec gradnb installs: cells are
// linked without a symbol table or debug information.
const LinkFlags = "-ldflags=-s"

// CgoOff is CGO_ENABLED in every gonb kernel spec gradnb installs. The
// kernel helpers import GoNB's UI package, which brings in net and
// os/user; with cgo those make every cell's program a cgo link against the
// C library. Nothing in a notebook needs cgo, and a pure-Go link costs a
// figure cell about 0.1 CPU-seconds less (BenchmarkKernelSettings).
const CgoOff = "0"

// KernelEnv returns the environment the kernel spec sets for the gonb
// kernel: PATH with the tool folder first, so that the kernel finds
// goimports and gopls however Jupyter is started, and GOPROXY with the local
// module cache first: a `go get` (the set-up cell turns GoNB's own off,
// see SetupCell) is answered from the cache and works offline; modules not
// in the cache still come from the usual proxy. GOFLAGS=-ldflags=-s links
// each cell without debug information, and CGO_ENABLED=0 without cgo; the
// link is most of a cell's cost (BenchmarkKernelSettings measures both).
// GRADNB_ROOT is the checkout, so that a notebook copied anywhere finds the
// library from its set-up cell (see SetupCell).
func (e *Env) KernelEnv() (map[string]string, error) {
	out, err := exec.Command("go", "env", "GOMODCACHE", "GOPROXY").Output()
	if err != nil {
		return nil, fmt.Errorf("nbrun: go env: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || lines[0] == "" {
		return nil, fmt.Errorf("nbrun: unexpected `go env` output %q", out)
	}
	proxy := "file://" + filepath.ToSlash(filepath.Join(lines[0], "cache", "download"))
	if p := strings.TrimSpace(lines[1]); p != "" && p != "off" {
		proxy += "," + p
	}
	return map[string]string{"PATH": e.Path(), "GOPROXY": proxy, "GOFLAGS": LinkFlags, "CGO_ENABLED": CgoOff, "GRADNB_ROOT": e.Root}, nil
}

// InstallKernel registers the gonb kernel in e.DataDir, unless a kernel
// spec that runs e's gonb binary with KernelEnv is already there; it reports
// whether it installed. Every kernel starts with a go.work that uses e.Root,
// so the library imports work even before the notebook's set-up cell runs
// (after a kernel restart, say).
func (e *Env) InstallKernel() (bool, error) {
	want, err := e.KernelEnv()
	if err != nil {
		return false, err
	}
	k := &KernelSpec{Gonb: filepath.Join(e.BinDir, "gonb"), DataDir: e.DataDir, GoWork: e.Root, Env: want}
	return k.Install()
}

// Execute runs the notebook at path headless through nbconvert, with the
// given per-cell timeout, and returns the executed notebook, normalised, and
// the wall time. Cells keep running after an error (--allow-errors) so that
// Errors lists them all; log holds Jupyter's and the kernel's own output.
func (e *Env) Execute(ctx context.Context, path string, timeout time.Duration) (nb *Notebook, elapsed time.Duration, log []byte, err error) {
	out, err := os.MkdirTemp("", "gradnb-nbrun-")
	if err != nil {
		return nil, 0, nil, err
	}
	defer os.RemoveAll(out)
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, 0, nil, err
	}
	cmd := exec.CommandContext(ctx, "jupyter-nbconvert",
		"--to", "notebook", "--execute", "--allow-errors",
		fmt.Sprintf("--ExecutePreprocessor.timeout=%d", int(timeout.Seconds())),
		"--ExecutePreprocessor.record_timing=False",
		"--ExecutePreprocessor.kernel_name="+KernelName,
		"--output-dir", out, "--output", "executed.ipynb", abs)
	cmd.Dir = filepath.Dir(abs)
	cmd.Env = e.environ()
	start := time.Now()
	log, err = cmd.CombinedOutput()
	elapsed = time.Since(start)
	if err != nil {
		return nil, elapsed, log, fmt.Errorf("nbrun: nbconvert --execute %s failed: %v", filepath.Base(path), err)
	}
	nb, err = Read(filepath.Join(out, "executed.ipynb"))
	if err != nil {
		return nil, elapsed, log, err
	}
	nb.Normalize()
	return nb, elapsed, log, nil
}

// ExportHTML converts the notebook at path into a standalone HTML page in
// outDir, named after the notebook.
func (e *Env) ExportHTML(ctx context.Context, path, outDir string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "jupyter-nbconvert", "--to", "html", "--output-dir", outDir, path)
	cmd.Env = e.environ()
	return cmd.CombinedOutput()
}
