package classroom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// The classroom image (notebooks/classroom/Dockerfile), built by `make image`
// from this checkout and run: notebook 01 inside it as the image's user with
// no network gives every text output the committed notebook has, and
// `docker run -p …` serves the classic Notebook with every notebook of the
// checkout. The Zero to JupyterHub values are checked against the built image
// (its user, its hand-out, jupyterhub-singleuser and the hub's version).

const imageRoot = "../.." // the checkout: the build context

// imageTag is the image under test: make image builds it.
var imageTag = "gradnb:test"

// requireDocker skips (loudly) or, in CI, fails unless a Docker engine
// answers and the test may build (root: the stand-in base needs debootstrap).
func requireDocker(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("SKIPPED image test in -short mode")
	}
	why := ""
	if _, err := exec.LookPath("docker"); err != nil {
		why = "needs docker (apt-get install docker.io, then start dockerd)"
	} else if out, err := exec.Command("docker", "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
		why = fmt.Sprintf("needs a running Docker engine (dockerd): %v: %s", err, bytes.TrimSpace(out))
	} else if os.Geteuid() != 0 {
		why = "needs root (make image builds the stand-in base with debootstrap)"
	}
	if why == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("image test cannot run in CI: %s", why)
	}
	t.Skipf("SKIPPED image test: %s", why)
}

// imageDocker runs docker with args and returns its standard output; a
// failure ends the test with the command's output.
func imageDocker(t *testing.T, ctx context.Context, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "docker", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("docker %s: %v\n%s\n%s", strings.Join(args, " "), err, imageTail(stdout.String(), 40), imageTail(stderr.String(), 40))
	}
	return stdout.String()
}

func imageTail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func TestImage(t *testing.T) {
	requireDocker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Minute)
	defer cancel()

	// Build, as a teacher would: make image (the stand-in base first where
	// golang:1.26-bookworm cannot be pulled). GRADNB_TEST_IMAGE names an
	// image built already from this checkout instead.
	if tag := os.Getenv("GRADNB_TEST_IMAGE"); tag != "" {
		imageTag = tag
		t.Logf("GRADNB_TEST_IMAGE: testing %s without building it", imageTag)
	} else {
		start := time.Now()
		build := exec.CommandContext(ctx, "make", "-C", imageRoot, "image", "IMAGE="+imageTag)
		out, err := build.CombinedOutput()
		if err != nil {
			t.Fatalf("make image: %v\n%s", err, imageTail(string(out), 60))
		}
		t.Logf("make image: %s in %v", imageTag, time.Since(start).Round(time.Second))
	}
	size := strings.TrimSpace(imageDocker(t, ctx, "image", "inspect", "-f", "{{.Size}}", imageTag))
	t.Logf("%s: %s bytes", imageTag, size)

	t.Run("Notebook01Offline", func(t *testing.T) { imageRunsNotebook01(t, ctx) })
	t.Run("ServesTheNotebooks", func(t *testing.T) { imageServesTheNotebooks(t, ctx) })
	t.Run("MatchesTheZ2JHValues", func(t *testing.T) { imageMatchesValues(t, ctx) })
}

// imageRunsNotebook01: the image's user hands itself the notebooks and runs
// notebook 01 through nbconvert with no network at all; every code cell's
// text equals the committed one.
func imageRunsNotebook01(t *testing.T, ctx context.Context) {
	matches, _ := filepath.Glob(filepath.Join(imageRoot, "notebooks", "01_*.ipynb"))
	if len(matches) != 1 {
		t.Fatalf("want one notebooks/01_*.ipynb, found %v", matches)
	}
	name := filepath.Base(matches[0])
	outDir := t.TempDir()
	os.Chmod(outDir, 0o777) // the image's user writes the executed notebook here
	script := `set -e
id -un >/out/user
"$GRADNB_PREFIX/bin/gradnb-handout"
cp "$GRADNB_PREFIX/src/notebooks/$1" /out/source.ipynb
cd "$HOME/notebooks"
jupyter-nbconvert --to notebook --execute --allow-errors \
	--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
	--ExecutePreprocessor.kernel_name=gonb --output-dir /out --output executed.ipynb "$1"`
	start := time.Now()
	imageDocker(t, ctx, "run", "--rm", "--network", "none", "-v", outDir+":/out", imageTag, "sh", "-c", script, "sh", name)
	elapsed := time.Since(start)
	user, _ := os.ReadFile(filepath.Join(outDir, "user"))
	if u := strings.TrimSpace(string(user)); u != "jovyan" {
		t.Errorf("notebook ran as %q, want the image's user jovyan", u)
	}
	// The committed notebook is the one in the image (the checkout when it
	// was built); it must still be the checkout's.
	source, err := os.ReadFile(filepath.Join(outDir, "source.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if checkout, _ := os.ReadFile(matches[0]); !bytes.Equal(source, checkout) && os.Getenv("GRADNB_TEST_IMAGE") != "" {
		t.Logf("%s in %s differs from the checkout's (built from an earlier checkout); compared with the image's own", name, imageTag)
	} else if !bytes.Equal(source, checkout) {
		t.Errorf("%s in the image differs from the checkout's: it changed during the build; run the test again", name)
	}
	want, err := nbrun.Parse(source)
	if err != nil {
		t.Fatal(err)
	}
	exData, err := os.ReadFile(filepath.Join(outDir, "executed.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := nbrun.Parse(exData)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got.Errors() {
		t.Errorf("%s in the image: %s", name, e)
	}
	wc, gc := want.CodeCells(), got.CodeCells()
	if len(wc) != len(gc) {
		t.Fatalf("%s: %d code cells executed, the committed notebook has %d", name, len(gc), len(wc))
	}
	differ := 0
	for i := range wc {
		if w, g := wc[i].Text(), gc[i].Text(); w != g {
			differ++
			t.Errorf("%s code cell %d: output differs from the committed one\n--- committed\n%s\n--- in the image\n%s", name, i+1, imageTail(w, 15), imageTail(g, 15))
		}
	}
	t.Logf("%s: %d code cells in %v inside the image with --network none, %d outputs differ", name, len(gc), elapsed.Round(time.Second), differ)
}

// imageServesTheNotebooks: docker run -p PORT:8888 with the image's own CMD
// serves the classic Notebook's tree, listing every notebook of the
// checkout, with the gonb kernel.
func imageServesTheNotebooks(t *testing.T, ctx context.Context) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	id := strings.TrimSpace(imageDocker(t, ctx, "run", "-d", "--rm", "-p", fmt.Sprintf("127.0.0.1:%d:8888", port), imageTag))
	defer exec.Command("docker", "rm", "-f", id).Run()

	// The token is in the address Jupyter prints.
	tokenRE := regexp.MustCompile(`http://127\.0\.0\.1:8888/\?token=([0-9a-f]+)`)
	var token string
	for deadline := time.Now().Add(90 * time.Second); token == ""; time.Sleep(time.Second) {
		logs, _ := exec.Command("docker", "logs", id).CombinedOutput()
		if m := tokenRE.FindSubmatch(logs); m != nil {
			token = string(m[1])
		} else if time.Now().After(deadline) {
			t.Fatalf("no Jupyter address with a token in the container's log after 90 s:\n%s", imageTail(string(logs), 30))
		}
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	get := func(path string) []byte {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
		req.Header.Set("Authorization", "token "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s\n%s", path, resp.Status, imageTail(string(body), 10))
		}
		return body
	}
	// The classic Notebook's tree page (Notebook 6: the file list is
	// filled from /api/contents, read next).
	tree := string(get("/tree"))
	for _, want := range []string{`id="notebook_list"`, "Jupyter Notebook"} {
		if !strings.Contains(tree, want) {
			t.Errorf("GET /tree is not the classic Notebook's tree page: no %q", want)
		}
	}
	var contents struct {
		Content []struct{ Name, Type string }
	}
	if err := json.Unmarshal(get("/api/contents"), &contents); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range contents.Content {
		if c.Type == "notebook" {
			listed[c.Name] = true
		}
	}
	checkout, _ := filepath.Glob(filepath.Join(imageRoot, "notebooks", "*.ipynb"))
	if len(checkout) == 0 {
		t.Fatal("no notebooks/*.ipynb in the checkout")
	}
	for _, p := range checkout {
		if !listed[filepath.Base(p)] {
			t.Errorf("the tree does not list %s (a notebook added to the checkout during the build? run the test again)", filepath.Base(p))
		}
	}
	names := make([]string, 0, len(listed))
	for n := range listed {
		names = append(names, n)
	}
	sort.Strings(names)
	var specs struct{ Kernelspecs map[string]any }
	if err := json.Unmarshal(get("/api/kernelspecs"), &specs); err != nil {
		t.Fatal(err)
	}
	if _, ok := specs.Kernelspecs["gonb"]; !ok {
		t.Errorf("the server offers no gonb kernel: %v", specs.Kernelspecs)
	}
	t.Logf("docker run -p %d:8888: the tree lists %d notebooks (%s), kernel gonb", port, len(names), strings.Join(names, ", "))
}

// imageMatchesValues: what z2jh-values.yaml asks of the single-user image
// is in the built image.
func imageMatchesValues(t *testing.T, ctx context.Context) {
	data, err := os.ReadFile("z2jh-values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Singleuser struct {
			Cmd            string            `yaml:"cmd"`
			UID            int               `yaml:"uid"`
			DefaultURL     string            `yaml:"defaultUrl"`
			ExtraEnv       map[string]string `yaml:"extraEnv"`
			LifecycleHooks struct {
				PostStart struct {
					Exec struct {
						Command []string `yaml:"command"`
					} `yaml:"exec"`
				} `yaml:"postStart"`
			} `yaml:"lifecycleHooks"`
		} `yaml:"singleuser"`
	}
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	su := v.Singleuser
	app := su.ExtraEnv["JUPYTERHUB_SINGLEUSER_APP"]
	mod := app[:max(0, strings.LastIndex(app, "."))]
	// As the hub's pod would: the values' user, its postStart hook, then
	// the server command (asked only for its version here).
	script := `set -e
echo "uid=$(id -u)"
"$1"
test -f "$HOME/notebooks/$(basename "$(ls "$GRADNB_PREFIX"/src/notebooks/*.ipynb | head -1)")" && echo handed-out
command -v "$2" >/dev/null && echo "cmd=$2"
python3 -c "import $3" && echo "app=$3"
echo "hub=$(jupyterhub --version)"
echo "singleuser=$("$2" --version)"`
	out := imageDocker(t, ctx, "run", "--rm", "--network", "none", "--user", fmt.Sprint(su.UID), imageTag,
		"sh", "-c", script, "sh", strings.Join(su.LifecycleHooks.PostStart.Exec.Command, " "), su.Cmd, mod)
	for _, want := range []string{
		fmt.Sprintf("uid=%d\n", su.UID),
		"handed-out\n",
		"cmd=" + su.Cmd + "\n",
		"app=" + mod + "\n",
		"hub=3.0.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("z2jh-values.yaml against the image: want %q in\n%s", want, out)
		}
	}
	if su.DefaultURL != "/tree/notebooks" {
		t.Errorf("singleuser.defaultUrl = %q: the hand-out fills $HOME/notebooks", su.DefaultURL)
	}
	t.Logf("values against the image: %s", strings.ReplaceAll(strings.TrimSpace(out), "\n", "; "))
}
