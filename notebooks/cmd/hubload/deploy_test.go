package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// The image is built and run by notebooks/classroom's TestImage (`make
// image`; notebook 01 inside it with no network, the classic Notebook on
// -p 8888, the values' user, hand-out, command and hub version in it); the
// Zero to JupyterHub values cannot be deployed here (no cluster). These
// tests read the files and keep them consistent with what is tested: the
// install script CI runs, the kernel spec it writes, and the hub's
// single-user settings.

const classroom = "../../classroom"

// dockerfile is a parsed Dockerfile: its instructions with continuation
// lines joined.
type dockerfile struct {
	from string // with build arguments at their defaults
	args map[string]string
	env  map[string]string
	run  []string
	user string
	cmd  []string
	raw  string
}

func readDockerfile(t *testing.T) *dockerfile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(classroom, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	d := &dockerfile{env: map[string]string{}, args: map[string]string{}, raw: string(data)}
	var insts []string
	cur := ""
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur == "" && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur += strings.TrimSuffix(trimmed, "\\") + " "
			continue
		}
		insts = append(insts, cur+trimmed)
		cur = ""
	}
	for _, in := range insts {
		op, arg, _ := strings.Cut(in, " ")
		arg = strings.TrimSpace(arg)
		switch strings.ToUpper(op) {
		case "ARG":
			k, v, _ := strings.Cut(arg, "=")
			d.args[k] = v
		case "FROM":
			d.from = os.Expand(arg, func(k string) string { return d.args[k] })
		case "ENV":
			k, v, ok := strings.Cut(arg, "=")
			if !ok {
				t.Fatalf("ENV %q: use the KEY=value form", arg)
			}
			d.env[k] = v
		case "RUN":
			d.run = append(d.run, arg)
		case "USER":
			d.user = arg
		case "CMD":
			d.cmd = parseJSONArray(t, arg)
		}
	}
	return d
}

func parseJSONArray(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	if err := yaml.Unmarshal([]byte(s), &out); err != nil { // JSON is YAML
		t.Fatalf("CMD %s: not the exec (JSON array) form: %v", s, err)
	}
	return out
}

// values is the part of the Zero to JupyterHub values the image depends on.
type values struct {
	Singleuser struct {
		Image struct {
			Name string `yaml:"name"`
			Tag  string `yaml:"tag"`
		} `yaml:"image"`
		Cmd            any               `yaml:"cmd"`
		DefaultURL     string            `yaml:"defaultUrl"`
		UID            int               `yaml:"uid"`
		ExtraEnv       map[string]string `yaml:"extraEnv"`
		LifecycleHooks struct {
			PostStart struct {
				Exec struct {
					Command []string `yaml:"command"`
				} `yaml:"exec"`
			} `yaml:"postStart"`
		} `yaml:"lifecycleHooks"`
		CPU struct {
			Guarantee float64 `yaml:"guarantee"`
			Limit     float64 `yaml:"limit"`
		} `yaml:"cpu"`
		Memory struct {
			Guarantee string `yaml:"guarantee"`
			Limit     string `yaml:"limit"`
		} `yaml:"memory"`
	} `yaml:"singleuser"`
	Cull struct {
		Enabled bool `yaml:"enabled"`
		Timeout int  `yaml:"timeout"`
	} `yaml:"cull"`
}

func readValues(t *testing.T) *values {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(classroom, "z2jh-values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var v values
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("z2jh-values.yaml: %v", err)
	}
	return &v
}

// installDefaultPrefix reads PREFIX=${GRADNB_PREFIX:-…} from install.sh.
func installDefaultPrefix(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(classroom, "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^PREFIX=\$\{GRADNB_PREFIX:-([^}]+)\}`).FindSubmatch(data)
	if m == nil {
		t.Fatal("install.sh does not set PREFIX=${GRADNB_PREFIX:-…}; update this test with it")
	}
	return string(m[1])
}

func TestDockerfileRunsTheInstallScript(t *testing.T) {
	d := readDockerfile(t)
	if !strings.Contains(d.from, "bookworm") {
		t.Errorf("FROM %s: the base must be Debian bookworm (install.sh uses its packages)", d.from)
	}
	// The same script as make hub-install, run once, and no apt-get or go
	// build of its own: nothing duplicated.
	n := 0
	for _, r := range d.run {
		if strings.Contains(r, "notebooks/classroom/install.sh") {
			n++
		}
		for _, dup := range []string{"apt-get install", "go build", "go install", "gonb --install", "go mod download"} {
			if strings.Contains(r, dup) {
				t.Errorf("RUN %q does %q itself; install.sh does that", r, dup)
			}
		}
	}
	if n != 1 {
		t.Errorf("the Dockerfile runs notebooks/classroom/install.sh %d times, want once", n)
	}
	st, err := os.Stat(filepath.Join(classroom, "install.sh"))
	if err != nil || st.Mode()&0o111 == 0 {
		t.Errorf("install.sh must exist and be executable (the Dockerfile runs it directly): %v", err)
	}
	if p := d.env["GRADNB_PREFIX"]; p != installDefaultPrefix(t) {
		t.Errorf("Dockerfile GRADNB_PREFIX=%q, install.sh's default is %q: keep them the same so the image matches make hub-install", p, installDefaultPrefix(t))
	}
	// The script's Go: the golang image puts it in /usr/local/go/bin.
	if !strings.HasPrefix(d.from, "golang:") {
		t.Errorf("FROM %s: install.sh needs go on PATH; the golang image has it (else install Go first)", d.from)
	}
	goMod, err := os.ReadFile("../../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(goMod)
	if m == nil || !strings.HasPrefix(d.from, "golang:"+string(m[1])+"-") {
		t.Errorf("FROM %s: use go.mod's Go version (go %s)", d.from, m[1])
	}
	// The base is a build argument (make image passes a local stand-in
	// where Docker Hub cannot be reached); make image reads its default.
	if !regexp.MustCompile(`(?m)^ARG BASE=golang:\S+$`).MatchString(d.raw) || !regexp.MustCompile(`(?m)^FROM \$\{BASE\}$`).MatchString(d.raw) {
		t.Error("the Dockerfile must take its base as ARG BASE=golang:… and FROM ${BASE} (make image and image-base.sh rely on it)")
	}
}

func TestDockerfileServesALearnerAlone(t *testing.T) {
	d := readDockerfile(t)
	if d.user == "" || d.user == "root" || d.user == "0" {
		t.Errorf("USER %q: the notebook server must not run as root", d.user)
	}
	cmd := strings.Join(d.cmd, " ")
	for _, want := range []string{"gradnb-handout", "jupyter-notebook", "--ip=0.0.0.0", "--port=8888", "--no-browser"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("CMD %q lacks %q (docker run -p 8888:8888 must reach the classic Notebook with the notebooks)", cmd, want)
		}
	}
	if !regexp.MustCompile(`(?m)^EXPOSE 8888$`).MatchString(d.raw) {
		t.Error("the Dockerfile does not EXPOSE 8888")
	}
	// The hand-out is the installed handout.sh, the hub's own; the image
	// has none of its own.
	if !strings.Contains(cmd, `"$GRADNB_PREFIX/bin/gradnb-handout" && exec jupyter-notebook`) {
		t.Errorf("CMD %q must run $GRADNB_PREFIX/bin/gradnb-handout (install.sh's copy of handout.sh) before Jupyter", cmd)
	}
	for _, r := range append(d.run, cmd) {
		if strings.Contains(r, "cp ") || strings.Contains(r, ".ipynb") {
			t.Errorf("%q copies notebooks itself; the hand-out is notebooks/classroom/handout.sh", r)
		}
	}
	env := nbrun.SystemKernelEnv(d.env["GRADNB_PREFIX"], "/usr/local/go/bin")
	for k, v := range env {
		if strings.Contains(v, "/root") || strings.Contains(v, "/home/") {
			t.Errorf("kernel spec %s=%q points into a home folder", k, v)
		}
	}
}

func TestValuesMatchTheImage(t *testing.T) {
	d := readDockerfile(t)
	v := readValues(t)
	su := v.Singleuser
	if su.Image.Name == "" || su.Image.Tag == "" {
		t.Error("singleuser.image.name and tag must be set")
	}
	if cmd, ok := su.Cmd.(string); !ok || cmd != "jupyterhub-singleuser" {
		t.Errorf("singleuser.cmd = %v, want jupyterhub-singleuser", su.Cmd)
	}
	if app := su.ExtraEnv["JUPYTERHUB_SINGLEUSER_APP"]; app == "" || app != d.env["JUPYTERHUB_SINGLEUSER_APP"] {
		t.Errorf("singleuser.extraEnv.JUPYTERHUB_SINGLEUSER_APP = %q, Dockerfile = %q: both must name the classic Notebook", app, d.env["JUPYTERHUB_SINGLEUSER_APP"])
	}
	if d.env["JUPYTERHUB_SINGLEUSER_APP"] != "notebook.notebookapp.NotebookApp" {
		t.Errorf("JUPYTERHUB_SINGLEUSER_APP = %q, want the classic notebook.notebookapp.NotebookApp", d.env["JUPYTERHUB_SINGLEUSER_APP"])
	}
	// The kernel's environment comes from the kernel spec alone; values
	// that set the same names would differ between hub and image.
	for k := range nbrun.SystemKernelEnv("/x", "/y") {
		if _, ok := su.ExtraEnv[k]; ok && k != "PATH" {
			t.Errorf("singleuser.extraEnv sets %s, which the kernel spec sets", k)
		}
	}
	if hook, want := strings.Join(su.LifecycleHooks.PostStart.Exec.Command, " "), d.env["GRADNB_PREFIX"]+"/bin/gradnb-handout"; hook != want {
		t.Errorf("postStart %q must run the image's hand-out, %s (install.sh's copy of handout.sh)", hook, want)
	}
	m := regexp.MustCompile(`--uid (\d+)`).FindStringSubmatch(d.raw)
	if m == nil || m[1] != strconv.Itoa(su.UID) {
		t.Errorf("singleuser.uid %d, Dockerfile's user %v: must be the same", su.UID, m)
	}
	if su.DefaultURL != "/tree/notebooks" || !strings.Contains(d.raw, `$HOME/notebooks`) {
		t.Errorf("singleuser.defaultUrl %q must open the folder gradnb-handout fills ($HOME/notebooks)", su.DefaultURL)
	}
	if su.CPU.Guarantee <= 0 || su.CPU.Limit < su.CPU.Guarantee {
		t.Errorf("cpu guarantee %v, limit %v: need 0 < guarantee ≤ limit", su.CPU.Guarantee, su.CPU.Limit)
	}
	g, l := parseBytes(t, su.Memory.Guarantee), parseBytes(t, su.Memory.Limit)
	if g <= 0 || l < g {
		t.Errorf("memory guarantee %s, limit %s: need 0 < guarantee ≤ limit", su.Memory.Guarantee, su.Memory.Limit)
	}
	if !v.Cull.Enabled || v.Cull.Timeout <= 0 {
		t.Errorf("cull: enabled %v, timeout %d: idle servers must be culled", v.Cull.Enabled, v.Cull.Timeout)
	}
}

// parseBytes reads a Kubernetes-style quantity as z2jh takes it (K, M, G, T
// with or without i).
func parseBytes(t *testing.T, s string) float64 {
	t.Helper()
	m := regexp.MustCompile(`^(\d+(?:\.\d+)?)([KMGT]i?)?$`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("memory %q is not a quantity like 1G or 512M", s)
	}
	x, _ := strconv.ParseFloat(m[1], 64)
	unit := map[string]float64{"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40}
	return x * unit[m[2]]
}

// The values name chart 2.0.0 because it runs JupyterHub 3.0, the version
// Debian's package puts in the image; the single-user server must speak the
// hub's version. This checks the package here is still 3.0.
func TestChartMatchesDebianJupyterHub(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(classroom, "z2jh-values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "--version 2.0.0") || !strings.Contains(string(data), "JupyterHub 3.0.0") {
		t.Fatal("z2jh-values.yaml no longer names chart 2.0.0 / JupyterHub 3.0.0; update this test with the new pair")
	}
	out, err := exec.Command("jupyterhub", "--version").Output()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("jupyterhub --version: %v (CI must have JupyterHub: make hub-install)", err)
		}
		t.Skipf("jupyterhub is not installed here (make hub-install): %v", err)
	}
	if v := strings.TrimSpace(string(out)); !strings.HasPrefix(v, "3.0.") {
		t.Errorf("jupyterhub --version = %s: the image's hub is no longer 3.0; pick the chart version that runs it", v)
	}
}

// TestOneHandOut: the hub's spawn hook, the image and Zero to JupyterHub
// all run the hand-out install.sh installs from handout.sh (the Dockerfile
// and values are checked above), and it behaves as a class needs: the
// first run copies every notebook, a later run keeps an edited notebook,
// adds a missing one, and a deleted folder comes back; a copy that fails
// (a folder where the notebook should go, standing in for a full disk)
// ends with a message naming the notebook and an exit status that is not 0.
func TestOneHandOut(t *testing.T) {
	inst, err := os.ReadFile(filepath.Join(classroom, "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(inst), `install -m 755 "$PREFIX/src/notebooks/classroom/handout.sh" "$PREFIX/bin/gradnb-handout"`) {
		t.Error("install.sh does not install notebooks/classroom/handout.sh as $PREFIX/bin/gradnb-handout")
	}
	hub, err := os.ReadFile(filepath.Join(classroom, "jupyterhub_config.py"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(hub), `HANDOUT = os.path.join(PREFIX, "bin", "gradnb-handout")`) || !strings.Contains(string(hub), "[HANDOUT]") ||
		strings.Contains(string(hub), "cp ") {
		t.Error("jupyterhub_config.py's spawn hook must run PREFIX/bin/gradnb-handout and copy nothing itself")
	}

	prefix, home := t.TempDir(), t.TempDir()
	src := filepath.Join(prefix, "src", "notebooks")
	os.MkdirAll(src, 0o755)
	for _, n := range []string{"01_a.ipynb", "02_b.ipynb"} {
		os.WriteFile(filepath.Join(src, n), []byte(`{"installed": "`+n+`"}`), 0o644)
	}
	run := func() (string, error) {
		cmd := exec.Command(filepath.Join(classroom, "handout.sh"))
		cmd.Env = []string{"HOME=" + home, "GRADNB_PREFIX=" + prefix, "PATH=/usr/bin:/bin"}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	read := func(n string) string {
		b, _ := os.ReadFile(filepath.Join(home, "notebooks", n))
		return string(b)
	}
	if out, err := run(); err != nil || read("01_a.ipynb") != `{"installed": "01_a.ipynb"}` || read("02_b.ipynb") != `{"installed": "02_b.ipynb"}` {
		t.Fatalf("first hand-out: %v %s; got %q, %q", err, out, read("01_a.ipynb"), read("02_b.ipynb"))
	}
	os.WriteFile(filepath.Join(home, "notebooks", "01_a.ipynb"), []byte("edited"), 0o644)
	os.Remove(filepath.Join(home, "notebooks", "02_b.ipynb"))
	if out, err := run(); err != nil || read("01_a.ipynb") != "edited" || read("02_b.ipynb") != `{"installed": "02_b.ipynb"}` {
		t.Errorf("later hand-out: %v %s; edited notebook %q (want kept), missing one %q (want added)", err, out, read("01_a.ipynb"), read("02_b.ipynb"))
	}
	os.RemoveAll(filepath.Join(home, "notebooks"))
	if out, err := run(); err != nil || read("01_a.ipynb") == "" || read("02_b.ipynb") == "" {
		t.Errorf("after deleting the folder: %v %s", err, out)
	}
	// A copy that cannot be made: a clear failure, no half-written file.
	os.RemoveAll(filepath.Join(home, "notebooks"))
	os.MkdirAll(filepath.Join(home, "notebooks"), 0o755)
	os.Chmod(filepath.Join(home, "notebooks"), 0o555)
	defer os.Chmod(filepath.Join(home, "notebooks"), 0o755)
	if os.Geteuid() == 0 {
		// root writes through 0555: make the copy fail another way.
		os.Chmod(filepath.Join(home, "notebooks"), 0o755)
		os.MkdirAll(filepath.Join(src, "03_c.ipynb"), 0o755) // cp of a folder fails
	}
	out, err := run()
	if err == nil || !strings.Contains(out, "gradnb-handout: could not copy") {
		t.Errorf("a failed copy must exit non-zero with a message, got %v: %s", err, out)
	}
	if m, _ := filepath.Glob(filepath.Join(home, "notebooks", "*.part.*")); len(m) > 0 {
		t.Errorf("a failed copy left %v behind", m)
	}
}
