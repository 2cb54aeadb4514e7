package classroom_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/hubclient"
	"github.com/gradnb/gradnb/notebooks/nbrun"
)

const prefix = "/opt/gradnb"

// requireClass skips (loudly) or, in CI, fails unless the test can create
// Unix accounts and the class installation is there.
func requireClass(t *testing.T) {
	t.Helper()
	why := ""
	if os.Geteuid() != 0 {
		why = "needs root (it creates Unix accounts)"
	} else if _, err := os.Stat(filepath.Join(prefix, "bin", "gonb")); err != nil {
		why = "needs `make hub-install` (" + prefix + " missing)"
	} else if _, err := os.Stat("/usr/local/share/jupyter/kernels/gonb/kernel.json"); err != nil {
		why = "needs `make hub-install` (system gonb kernel spec missing)"
	}
	if why == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("classroom test cannot run in CI: %s", why)
	}
	t.Skipf("SKIPPED classroom test: %s", why)
}

// newStudent creates a real Unix account and removes it (with its home) at
// the end of the test.
func newStudent(t *testing.T) (name, home string) {
	t.Helper()
	b := make([]byte, 3)
	rand.Read(b)
	name = "gradnbtest" + hex.EncodeToString(b)
	if out, err := exec.Command("useradd", "-m", "-s", "/bin/sh", name).CombinedOutput(); err != nil {
		t.Fatalf("useradd %s: %v\n%s", name, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("userdel", "-r", "-f", name).CombinedOutput(); err != nil {
			t.Logf("userdel %s: %v\n%s", name, err, out)
		}
	})
	return name, "/home/" + name
}

// kernelEnv is the env map of the installed system kernel spec.
func kernelEnv(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("/usr/local/share/jupyter/kernels/gonb/kernel.json")
	if err != nil {
		t.Fatal(err)
	}
	var ks struct{ Env map[string]string }
	if err := json.Unmarshal(data, &ks); err != nil {
		t.Fatal(err)
	}
	return ks.Env
}

// asStudent runs argv as user in dir with the kernel's environment and no
// network (a fresh network namespace with no interfaces up).
func asStudent(t *testing.T, user, home, dir string, env map[string]string, argv ...string) (string, error) {
	t.Helper()
	args := []string{"-n", "runuser", "-u", user, "--", "env", "-i", "HOME=" + home, "USER=" + user}
	for k, v := range env {
		args = append(args, k+"="+v)
	}
	args = append(args, "sh", "-c", `cd "$0" && exec "$@"`, dir)
	args = append(args, argv...)
	out, err := exec.Command("unshare", args...).CombinedOutput()
	return string(out), err
}

// tree lists the files under dir with size and mtime, to detect any change.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		m[p] = fmt.Sprintf("%v %d %d", info.Mode(), info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestStudentsCannotReachIntoEachOthersBuilds: two real accounts build the
// same code with the kernel's environment and no network. Student A tries
// to write into every shared folder and the warm cache (all refused),
// builds, then plants a "hacked" object under the honest entry's build ID
// in every cache folder A can write (the attack of the negative control);
// A's own next build runs the hacked code, student B's build of the same
// code still runs the honest program, compiled by B (B's own layer gains
// entries), and nothing shared changed.
func TestStudentsCannotReachIntoEachOthersBuilds(t *testing.T) {
	requireClass(t)
	env := kernelEnv(t)
	a, homeA := newStudent(t)
	b, homeB := newStudent(t)
	warm := filepath.Join(prefix, "gocache")
	before := tree(t, warm)
	beforeSrc := tree(t, filepath.Join(prefix, "src", "pkg"))

	// A shared, root-owned module both students build (like a notebook cell).
	work, err := os.MkdirTemp("", "gradnb-cell-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(work) })
	os.Chmod(work, 0o755)
	os.WriteFile(filepath.Join(work, "go.mod"), []byte("module cellmod\n\ngo 1.24\n"), 0o644)
	os.MkdirAll(filepath.Join(work, "lib"), 0o755)
	os.WriteFile(filepath.Join(work, "lib", "lib.go"), []byte("package lib\n\n// Word is what the program prints.\nfunc Word() string { return \"honest\" }\n"), 0o644)
	os.WriteFile(filepath.Join(work, "main.go"), []byte("package main\n\nimport (\n\t\"fmt\"\n\t\"cellmod/lib\"\n)\n\nfunc main() { fmt.Println(lib.Word()) }\n"), 0o644)

	// Homes are private after a spawn; the hub does it, here we check the
	// mode the hook sets is enough.
	for _, h := range []string{homeA, homeB} {
		os.Chmod(h, 0o700)
	}
	for _, target := range []string{
		filepath.Join(warm, "planted"), filepath.Join(prefix, "gomodcache", "planted"),
		filepath.Join(prefix, "src", "planted"), filepath.Join(prefix, "bin", "planted"),
		filepath.Join(homeB, "planted"), filepath.Join(work, "planted"),
	} {
		if out, err := asStudent(t, a, homeA, "/", env, "sh", "-c", `echo x > "$0"`, target); err == nil {
			t.Errorf("student A could write %s\n%s", target, out)
		}
	}
	if out, err := asStudent(t, a, homeA, "/", env, "ls", homeB); err == nil {
		t.Errorf("student A can list student B's home:\n%s", out)
	}
	// A asks gocacheprog to write into the warm layer: every put is refused
	// (go treats a failed put as a miss), so the warm layer stays as it was
	// (checked at the end).
	evilEnv := map[string]string{}
	for k, v := range env {
		evilEnv[k] = v
	}
	evilEnv["GOCACHEPROG"] = filepath.Join(prefix, "bin", "gocacheprog") + " -rw " + warm
	asStudent(t, a, homeA, work, evilEnv, "go", "build", "-o", homeA+"/x", ".")

	out, err := asStudent(t, a, homeA, work, env, "go", "run", ".")
	if err != nil || out != "honest\n" {
		t.Fatalf("student A's build: %v\n%s", err, out)
	}
	// The attack the negative control below shows working against a shared
	// writable cache, aimed at everything A can write: A compiles a
	// "hacked" copy of the module, gives each hacked object the build ID of
	// the honest cache entry (Go checks only that ID), puts it in the honest
	// entry's place in every cache folder A can write, and fixes the
	// entry's recorded size. The honest entries are in A's own layer (A
	// compiled them); the shared layers refuse every write.
	layerA := filepath.Join(homeA, ".cache", "gradnb", "go-build")
	plant := `W=$0; L=$1; shift 2
set -e
mkdir -p "$HOME/evil/lib"; cp "$W/go.mod" "$W/main.go" "$HOME/evil/"
sed 's/honest/hacked/' "$W/lib/lib.go" > "$HOME/evil/lib/lib.go"
set +e
for pkg in ./lib .; do
  H=$(cd "$W" && go list -export -f '{{.Export}}' $pkg)
  E=$(cd "$HOME/evil" && go list -export -f '{{.Export}}' $pkg)
  hid=$(go tool buildid "$H"); eid=$(go tool buildid "$E")
  sed "s|$eid|$hid|g" "$E" > "$HOME/planted"
  size=$(stat -c %s "$HOME/planted"); out=$(basename "$H")
  for dir in "$L" "$@"; do
    # This layout (gocacheprog's): a/<action> "<output> <size> <ns>", o/<output>.
    if [ -f "$dir/o/$out" ] && chmod u+w "$dir/o/$out" 2>/dev/null && cat "$HOME/planted" > "$dir/o/$out" 2>/dev/null; then
      for a in $(grep -l "^$out " "$dir"/a/*); do
        awk -v s="$size" '{ printf "%s %s %s\n", $1, s, $3 }' "$a" > "$HOME/entry" && chmod u+w "$a" && cat "$HOME/entry" > "$a"
      done
      [ "$(go tool buildid "$dir/o/$out")" = "$hid" ] && echo "planted $pkg in $dir"
    fi
    # Go's own layout (the kernel's GOCACHE): <xx>/<output>-d; and any
    # object file of a shared layer, overwritten in place.
    [ "$dir" = "$L" ] && continue
    for f in "$dir"/??/"$out"-d $(ls "$dir"/o/* 2>/dev/null | head -3); do
      [ -f "$f" ] && cat "$HOME/planted" > "$f" 2>/dev/null && echo "planted $pkg over $f"
    done
  done
done
true`
	out, err = asStudent(t, a, homeA, "/", env, "sh", "-c", plant, work, layerA, warm, filepath.Join(prefix, "fuzzcache"), "/tmp", "/var/tmp", "/dev/shm")
	if err != nil {
		t.Fatalf("planting as A: %v\n%s", err, out)
	}
	for _, want := range []string{"planted ./lib in " + layerA, "planted . in " + layerA} {
		if !strings.Contains(out, want+"\n") {
			t.Fatalf("the attack did not plant into A's own layer (%q missing), so it shows nothing:\n%s", want, out)
		}
	}
	t.Logf("A's attack:\n%s", out)
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, "planted ") || !strings.Contains(l, " in "+layerA) {
			t.Errorf("A planted outside their own layer: %s", l)
		}
	}
	// rm first: go build -o leaves a target alone whose build ID is already
	// the one it would link, even if its contents are not what it would link.
	build := []string{"sh", "-c", `rm -f "$HOME/prog" && go build -o "$HOME/prog" . && "$HOME/prog"`}
	// The attack works where A can write: A's own build now runs the hacked
	// code (the positive control of the plant).
	if out, err := asStudent(t, a, homeA, work, env, build...); err != nil || out != "hacked\n" {
		t.Fatalf("A's own build after planting into A's layer printed %q (%v), want \"hacked\": the plant did not take, so B's honest output below would prove nothing", out, err)
	}
	out, err = asStudent(t, b, homeB, work, env, build...)
	if err != nil || out != "honest\n" {
		t.Fatalf("student B's build read something of A's: %v\n%s", err, out)
	}
	layerB := filepath.Join(homeB, ".cache", "gradnb", "go-build")
	entries, _ := filepath.Glob(filepath.Join(layerB, "a", "*"))
	if len(entries) == 0 {
		t.Errorf("student B's own cache layer %s has no entries: B did not compile the code itself", layerB)
	}
	if st, err := os.Stat(filepath.Join(homeB, ".cache", "gradnb")); err != nil || st.Mode().Perm()&0o077 != 0 {
		t.Errorf("student B's cache folder is readable by others: %v %v", st.Mode(), err)
	}
	if after := tree(t, warm); !mapsEqual(before, after) {
		t.Errorf("the warm cache changed during the students' builds")
	}
	if after := tree(t, filepath.Join(prefix, "src", "pkg")); !mapsEqual(beforeSrc, after) {
		t.Errorf("the installed library source changed during the students' builds")
	}

	// Negative control: the same attack against the insecure set-up this
	// design replaces (one GOCACHE that every student can write, no
	// GOCACHEPROG) must change B's build; otherwise the checks above could
	// not tell a hole from its absence.
	t.Run("SharedWritableCacheIsCaught", func(t *testing.T) {
		shared, err := os.MkdirTemp("", "gradnb-shared-gocache-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(shared) })
		os.Chmod(shared, 0o777)
		insecure := map[string]string{}
		for k, v := range env {
			insecure[k] = v
		}
		delete(insecure, "GOCACHEPROG")
		insecure["GOCACHE"] = shared
		// umask 0: the shared cache of the prototype was world-writable.
		build := []string{"sh", "-c", `umask 0; rm -f "$HOME/prog" && go build -o "$HOME/prog" . && "$HOME/prog"`}
		if out, err := asStudent(t, a, homeA, work, insecure, build...); err != nil || out != "honest\n" {
			t.Fatalf("student A's build with the shared cache: %v\n%s", err, out)
		}
		// The attack: A compiles a "hacked" copy of the module in a folder
		// of their own; for lib and main, gives the hacked object the build
		// ID of the honest cache entry (Go checks only that ID), puts it in
		// that entry's place and fixes the entry's recorded size.
		plant := `set -e; umask 0; W=$0
mkdir -p "$HOME/evil/lib"; cp "$W/go.mod" "$W/main.go" "$HOME/evil/"
sed 's/honest/hacked/' "$W/lib/lib.go" > "$HOME/evil/lib/lib.go"
n=0
for pkg in ./lib .; do
  H=$(cd "$W" && go list -export -f '{{.Export}}' $pkg)
  E=$(cd "$HOME/evil" && go list -export -f '{{.Export}}' $pkg)
  hid=$(go tool buildid "$H"); eid=$(go tool buildid "$E")
  sed "s|$eid|$hid|g" "$E" > "$HOME/planted"
  size=$(stat -c %s "$HOME/planted"); out=$(basename "$H" -d)
  cat "$HOME/planted" > "$H"
  for a in $(grep -l " $out " "$GOCACHE"/??/*-a); do
    awk -v s="$size" '{ printf "%s %s %s %20d %20d\n", $1, $2, $3, s, $5 }' "$a" > "$HOME/entry"; cat "$HOME/entry" > "$a"
  done
  [ "$(go tool buildid "$H")" = "$hid" ] && n=$((n+1))
done
echo "planted $n"`
		if out, err := asStudent(t, a, homeA, "/", insecure, "sh", "-c", plant, work); err != nil || !strings.HasSuffix(out, "planted 2\n") {
			t.Fatalf("planting as A in the shared cache: %v\n%s", err, out)
		}
		out, err := asStudent(t, b, homeB, work, insecure, build...)
		if err != nil || out != "hacked\n" {
			t.Fatalf("negative control failed: with a cache both students can write, A's planted object did not run in B's build (%v, %q), so this attack would not show a hole", err, out)
		}
		t.Logf("as expected: with a shared writable cache, B's build ran A's planted code and printed %q", out)
	})
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func freePort(t *testing.T) string { return freePortOn(t, "127.0.0.1") }

// startHub runs the repository's hub configuration in test mode and stops
// it (its process group) at the end of the test.
func startHub(t *testing.T, extraEnv ...string) *hubclient.Hub {
	t.Helper()
	root, err := nbrun.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	addr := freePort(t)
	token := randomHex(24)
	runHub(t, filepath.Join(root, "notebooks", "classroom", "jupyterhub_config.py"),
		append([]string{"GRADNB_HUB_TEST=1", "GRADNB_HUB_TEST_PASSWORD=" + token,
			"GRADNB_HUB_API_TOKEN=" + token, "GRADNB_HUB_ADDR=" + addr}, extraEnv...)...)
	h := &hubclient.Hub{Base: "http://" + addr, Token: token}
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := h.CreateUser(ctx, "gradnbtestprobe")
		cancel()
		if err == nil {
			h.DeleteUser(context.Background(), "gradnbtestprobe")
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("hub did not answer at %s: %v", addr, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// hubLogs maps a test's name to the log file of the hub it started.
var hubLogs = map[string]string{}

func tailLines(s string, n int) string {
	l := strings.Split(s, "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

// TestHubClass: a real hub and proxy, three real student accounts, each
// runs notebook 01 over the kernel websocket, from a fresh kernel whose
// first cell imports the library without the set-up cell, with GOPROXY=off
// and the shared module cache. Every cell's text output must equal the
// committed notebook's.
func TestHubClass(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub class test in -short mode")
	}
	h := startHub(t)
	nbPath := filepath.Join(prefix, "src", "notebooks", "01_gradient_descent.ipynb")
	nb, err := nbrun.Read(nbPath)
	if err != nil {
		t.Fatal(err)
	}
	cells := nb.CodeCells()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		name, home := newStudent(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
			defer cancel()
			defer h.DeleteUser(context.Background(), name)
			if err := h.CreateUser(ctx, name); err != nil {
				t.Error(err)
				return
			}
			if err := h.StartServer(ctx, name); err != nil {
				t.Errorf("%s: %v", name, err)
				return
			}
			if st, err := os.Stat(home); err != nil || st.Mode().Perm() != 0o700 {
				t.Errorf("%s: home mode after spawn: %v %v", name, st.Mode(), err)
			}
			if _, err := os.Stat(filepath.Join(home, "notebooks", "01_gradient_descent.ipynb")); err != nil {
				t.Errorf("%s: notebooks not handed out: %v", name, err)
			}
			srv, err := h.UserServer(ctx, name)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				return
			}
			k, err := srv.StartKernel(ctx, "gonb")
			if err != nil {
				t.Errorf("%s: %v", name, err)
				return
			}
			defer k.Close(context.Background())
			out, err := k.Execute(ctx, "import \"github.com/gradnb/gradnb/pkg/objective\"\n\n%%\nfmt.Println(objective.Quadratic{A: 5}.F(0))")
			if err != nil || out.Stdout != "25\n" {
				t.Errorf("%s: importing the library in a fresh kernel's first cell: %v %q", name, err, out)
			}
			out, err = k.Execute(ctx, "!go env GOPROXY GOMODCACHE GOFLAGS GOCACHEPROG")
			want := "off\n" + prefix + "/gomodcache\n-ldflags=-s\n" + kernelEnv(t)["GOCACHEPROG"] + "\n"
			if err != nil || out.Stdout != want {
				t.Errorf("%s: kernel's go env = %q (%v), want %q", name, out.Stdout, err, want)
			}
			// No network for the kernel's builds. The kernel cannot run in an
			// empty network namespace (it speaks ZMQ over TCP to its
			// server), so instead: no proxy in its environment, and a build
			// that needs a module the shared cache lacks fails at once,
			// without trying the network.
			out, err = k.Execute(ctx, "!env | grep -ic '^https\\?_proxy=' ; cd /tmp && go mod download -json golang.org/x/exp@v0.0.0-20200101000000-000000000000 2>&1 | grep -q 'GOPROXY=off' && echo refused")
			if err != nil || out.Stdout != "0\nrefused\n" {
				t.Errorf("%s: kernel's network isolation: want no proxy variables and a download refused by GOPROXY=off, got %q (%v)", name, out.Stdout, err)
			}
			for j, c := range cells {
				out, err := k.Execute(ctx, c.Source)
				if err != nil {
					t.Errorf("%s: cell %d: %v", name, j, err)
					return
				}
				if want := c.Stdout(); out.Stdout != want {
					t.Errorf("%s: cell %d printed %q, the committed notebook has %q", name, j, out.Stdout, want)
				}
			}
			// Completion (Tab) works: GoNB's gopls runs under the student's
			// limits and environment. GoNB first connects to gopls 12 s after
			// the kernel starts; the cells above take longer, but allow a
			// minute for a slow machine.
			code := "%%\nx := objective.Quadratic{A: 5}\nfmt.Println(x.F(1))\nfmt.Pri"
			var matches []string
			for deadline := time.Now().Add(time.Minute); ; time.Sleep(2 * time.Second) {
				matches, err = k.Complete(ctx, code, len(code))
				if err != nil || slices.Contains(matches, "Println") || time.Now().After(deadline) {
					break
				}
			}
			if err != nil || !slices.Contains(matches, "Println") {
				t.Errorf("%s: completing fmt.Pri in a hub kernel: %v, matches %q (want Println: gopls does not work for a student)", name, err, matches)
			}
		}()
	}
	wg.Wait()
	// GoNB logs "gopls failed with: …" when gopls exits; it must not in a
	// class (it did, 20 times in a 10-student load test, before the tools
	// were built without cgo and gopls got a cache it can read).
	if log, err := os.ReadFile(hubLogs[t.Name()]); err != nil {
		t.Errorf("reading the hub log: %v", err)
	} else if n := strings.Count(string(log), "gopls failed with: exit status"); n > 0 {
		// "gopls failed with: signal: killed" is GoNB stopping gopls when
		// its kernel shuts down; an exit status is gopls dying on its own.
		t.Errorf("the hub log says 'gopls failed with: exit status' %d times:\n%s", n, tailLines(string(log), 30))
	}
}
