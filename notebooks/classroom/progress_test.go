package classroom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/hubclient"
	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// The teacher's progress page (issue 19): notebooks/classroom/progress/,
// started by the hub through progress_config.py.

// progressTable is the JSON of /services/progress/api/progress.
type progressTable struct {
	Generated string
	Error     *string
	Exercises []struct {
		ID          string
		Points      float64
		Done, Tried int
	}
	Students []struct {
		Name, Status, Note string
		Done               int
		Points             float64
		Cells              []struct {
			State   string
			Tries   int
			Hint    string
			Minutes int
			When    string
			First   string
		}
	}
	HTML string
}

// cell returns student's cell for exercise ex, or "" state when absent.
func (p *progressTable) cell(student, ex string) (state string, tries int, hint, status string) {
	col := -1
	for i, e := range p.Exercises {
		if e.ID == ex {
			col = i
		}
	}
	for _, s := range p.Students {
		if s.Name != student {
			continue
		}
		if s.Status == "unreadable" || col < 0 || col >= len(s.Cells) {
			return "", 0, "", s.Status
		}
		c := s.Cells[col]
		return c.State, c.Tries, c.Hint, s.Status
	}
	return "", 0, "", "absent"
}

func (p *progressTable) exercise(ex string) (done, tried int) {
	for _, e := range p.Exercises {
		if e.ID == ex {
			return e.Done, e.Tried
		}
	}
	return -1, -1
}

// progressGet fetches path under the hub with a token and returns status
// and body.
func progressGet(t *testing.T, c *http.Client, base, path, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "token "+token)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	return res.StatusCode, body
}

// progressAPI is the hub's REST API with the test's service token.
func progressAPI(t *testing.T, h *hubclient.Hub, method, path string, body any, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, h.Base+"/hub/api"+path, rd)
	req.Header.Set("Authorization", "token "+h.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		t.Fatalf("%s %s: %s %s", method, path, res.Status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// progressToken mints an API token for user (it inherits the user's
// permissions, as the user's browser session does).
func progressToken(t *testing.T, h *hubclient.Hub, user string) string {
	t.Helper()
	var tok struct{ Token string }
	progressAPI(t, h, "POST", "/users/"+user+"/tokens", map[string]any{"note": "progress test"}, &tok)
	return tok.Token
}

// progressExercise is exercise 1 of notebook 01 as the committed notebook
// has it: the declarations of the code cells before it (one cell), its
// starter, its solution and its check cell. Located by the nbgrader
// grade_ids, so that a rewritten exercise still serves.
type progressExercise struct {
	Decls, Starter, Solution, Check string
}

func readProgressExercise(data []byte) (progressExercise, bool) {
	var nb struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
			Metadata struct {
				Nbgrader struct {
					GradeID string `json:"grade_id"`
				}
			}
		}
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		return progressExercise{}, false
	}
	src := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		var l []string
		json.Unmarshal(raw, &l)
		return strings.Join(l, "")
	}
	var ex progressExercise
	var decls []string
	answer := -1
	fence := regexp.MustCompile("(?s)```go\n(.*?\n)```")
	for i, c := range nb.Cells {
		s := src(c.Source)
		switch {
		case c.Metadata.Nbgrader.GradeID == "ex01_1_answer":
			ex.Starter, answer = s, i
		case c.Metadata.Nbgrader.GradeID == "ex01_1_check":
			ex.Check = s
		case answer >= 0 && ex.Check != "" && ex.Solution == "" && c.CellType == "markdown" && strings.Contains(s, "<summary>解答例"):
			if m := fence.FindStringSubmatch(s); m != nil {
				ex.Solution = m[1]
			}
		case answer < 0 && c.CellType == "code":
			// The declarations: the part before %% of each cell, without
			// shell lines (the set-up cell; the kernel's go.work already
			// provides the library).
			var keep []string
			for _, l := range strings.Split(s, "\n") {
				if strings.TrimSpace(l) == "%%" || strings.HasPrefix(strings.TrimSpace(l), "%main") {
					break
				}
				if strings.HasPrefix(l, "!") || strings.HasPrefix(l, "%") {
					continue
				}
				keep = append(keep, l)
			}
			if d := strings.TrimSpace(strings.Join(keep, "\n")); d != "" {
				decls = append(decls, d)
			}
		}
	}
	ex.Decls = strings.Join(decls, "\n\n")
	return ex, ex.Starter != "" && ex.Check != "" && ex.Solution != "" && ex.Decls != ""
}

// TestProgressPage: three real students through the hub — one answers
// exercise 1 of notebook 01 right at the first try, one wrong twice then
// right, one never runs it — and the teacher's page shows exactly that
// within 10 s of each check; a student's request gets 403 (with a token
// and through the browser's log-in); a student cannot read another's
// record file; a record file a student made unreadable, corrupt, a FIFO or
// a link to another's file shows "unreadable" for that student and the
// page goes on; `make hub-progress` (progress.py) prints the same, CSV
// with the grade.
func TestProgressPage(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED progress page test in -short mode")
	}
	root, err := nbrun.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(prefix, "src", "kernelhelpers", "record.go")); err != nil {
		t.Fatalf("the installed library does not record checks (%v): run `make hub-install` after changing the library", err)
	}
	// Exercise 1 of notebook 01 as the committed notebook has it; while the
	// lessons are rewritten the committed notebook and the installed
	// library may disagree for a while, so the working copy's and the
	// installed notebook's versions are tried after it, in a kernel, and
	// the first whose solution builds is used.
	var candidates []progressExercise
	var sources []string
	add := func(src string, data []byte, err error) {
		if err != nil {
			return
		}
		if ex, ok := readProgressExercise(data); ok {
			candidates = append(candidates, ex)
			sources = append(sources, src)
		}
	}
	data, err := exec.Command("git", "-C", root, "show", "HEAD:notebooks/01_gradient_descent.ipynb").Output()
	add("committed", data, err)
	data, err = os.ReadFile(filepath.Join(root, "notebooks", "01_gradient_descent.ipynb"))
	add("working copy", data, err)
	data, err = os.ReadFile(filepath.Join(prefix, "src", "notebooks", "01_gradient_descent.ipynb"))
	add("installed", data, err)
	if len(candidates) == 0 {
		t.Fatal("no version of notebook 01 has a complete exercise ex01_1 (starter, check cell, solution)")
	}

	group := "gradnbp" + randomHexP(4)
	if out, err := exec.Command("groupadd", group).CombinedOutput(); err != nil {
		t.Fatalf("groupadd: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("groupdel", group).Run() })
	type student struct{ name, home string }
	var right, retry, never student
	for _, s := range []*student{&right, &retry, &never} {
		s.name, s.home = newStudent(t)
		if out, err := exec.Command("usermod", "-aG", group, s.name).CombinedOutput(); err != nil {
			t.Fatalf("usermod: %v\n%s", err, out)
		}
	}
	h := startHub(t, "GRADNB_HUB_STUDENT_GROUP="+group)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()

	// The teacher: a hub admin (what the teachers' group gives under PAM),
	// not in the class group.
	teacher := "gradnbteach" + randomHexP(3)
	progressAPI(t, h, "POST", "/users/"+teacher, map[string]any{"admin": true}, nil)
	t.Cleanup(func() { h.DeleteUser(context.Background(), teacher) })
	teacherTok := progressToken(t, h, teacher)
	client := &http.Client{Timeout: 20 * time.Second}
	page := func() *progressTable {
		t.Helper()
		code, body := progressGet(t, client, h.Base, "/services/progress/api/progress", teacherTok)
		if code != 200 {
			t.Fatalf("the teacher's GET /services/progress/api/progress: %d\n%s", code, body)
		}
		var p progressTable
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatalf("progress JSON: %v\n%s", err, body)
		}
		return &p
	}
	// waitFor polls the page for up to 10 s until ok, as the teacher's
	// open page does (every 5 s).
	waitFor := func(what string, ok func(p *progressTable) bool) *progressTable {
		t.Helper()
		start := time.Now()
		var p *progressTable
		for time.Since(start) < 10*time.Second {
			if p = page(); ok(p) {
				t.Logf("page shows %s after %.1f s", what, time.Since(start).Seconds())
				return p
			}
			time.Sleep(250 * time.Millisecond)
		}
		j, _ := json.MarshalIndent(p.Students, "", " ")
		t.Fatalf("after 10 s the page does not show %s:\n%s", what, j)
		return nil
	}
	p := waitFor("the class, nobody tried", func(p *progressTable) bool {
		for _, s := range []student{right, retry, never} {
			if st, _, _, _ := p.cell(s.name, "ex01_1"); st != "none" {
				return false
			}
		}
		return len(p.Students) == 3
	})
	if done, _ := p.exercise("ex01_1"); done != 0 || len(p.Exercises) < 5 || p.Error != nil {
		t.Errorf("exercises: %+v, error %v", p.Exercises, p.Error)
	}

	// Servers for the two students who run the exercise.
	servers := map[string]*hubclient.Server{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, s := range []student{right, retry} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h.CreateUser(ctx, s.name); err != nil {
				t.Error(err)
				return
			}
			if err := h.StartServer(ctx, s.name); err != nil {
				t.Errorf("%s: %v", s.name, err)
				return
			}
			srv, err := h.UserServer(ctx, s.name)
			if err != nil {
				t.Errorf("%s: %v", s.name, err)
				return
			}
			mu.Lock()
			servers[s.name] = srv
			mu.Unlock()
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	newKernel := func(s student) *hubclient.Kernel {
		t.Helper()
		k, err := servers[s.name].StartKernel(ctx, "gonb")
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		t.Cleanup(func() { k.Close(context.Background()) })
		// The hub's variable reaches the cell programs.
		out, err := k.Execute(ctx, "%%\nfmt.Println(os.Getenv(\"JUPYTERHUB_USER\"))")
		if err != nil || out.Stdout != s.name+"\n" {
			t.Errorf("%s: JUPYTERHUB_USER in a cell program = %q (%v)", s.name, out.Stdout, err)
		}
		return k
	}
	kernels := map[string]*hubclient.Kernel{}
	// buildError is the go command's message for the cell that did not
	// build (GoNB shows it only as HTML).
	buildError := func(k *hubclient.Kernel) string {
		out, _ := k.Execute(ctx, `!cd "$GONB_TMP_DIR" && go build -o /dev/null . 2>&1 | head -20`)
		return out.Stdout
	}
	var ex progressExercise
	run := func(s student, answer string, wantOK bool) string {
		t.Helper()
		k := kernels[s.name]
		if out, err := k.Execute(ctx, answer); err != nil || out.Status != "ok" {
			t.Fatalf("%s: the answer cell: %v %+v", s.name, err, out)
		}
		out, err := k.Execute(ctx, ex.Check)
		if err != nil || out.Status != "ok" {
			t.Fatalf("%s: the check cell: %v %+v", s.name, err, out)
		}
		mark := map[bool]string{true: "✓ ", false: "✗ "}[wantOK]
		if !strings.Contains(out.Text, mark) {
			t.Fatalf("%s: the check cell shows %q, want %q…", s.name, out.Text, mark)
		}
		return out.Text
	}

	// The first student: the first version whose declarations, solution
	// and check cell build (a check cell that does not build runs nothing,
	// so records nothing) must show ✓ at once.
	chosen := -1
	for i, c := range candidates {
		k := newKernel(right) // a fresh kernel: the versions' declarations may clash
		kernels[right.name] = k
		if out, err := k.Execute(ctx, c.Decls); err != nil || out.Status != "ok" {
			t.Logf("the %s notebook's declarations do not build with the installed library: %v\n%s", sources[i], err, buildError(k))
			continue
		}
		if out, err := k.Execute(ctx, c.Solution); err != nil || out.Status != "ok" {
			t.Logf("the %s notebook's solution does not build with the installed library: %v\n%s", sources[i], err, buildError(k))
			continue
		}
		out, err := k.Execute(ctx, c.Check)
		if err != nil || out.Status != "ok" {
			t.Logf("the %s notebook's check cell does not build with the installed library: %v\n%s", sources[i], err, buildError(k))
			continue
		}
		if !strings.Contains(out.Text, "✓ ") {
			t.Fatalf("the %s notebook's solution of ex01_1 gets %q from the installed library, want ✓", sources[i], out.Text)
		}
		chosen = i
		break
	}
	if chosen < 0 {
		t.Fatalf("no version of notebook 01 (%s) builds its ex01_1 solution and check with the installed library: run `make hub-install`", strings.Join(sources, ", "))
	}
	ex = candidates[chosen]
	t.Logf("exercise ex01_1 from the %s notebook", sources[chosen])
	kernels[retry.name] = newKernel(retry)
	if out, err := kernels[retry.name].Execute(ctx, ex.Decls); err != nil || out.Status != "ok" {
		t.Fatalf("%s: the notebook's declarations: %v %+v", retry.name, err, out)
	}
	waitFor("the first student's ✓", func(p *progressTable) bool {
		st, n, _, _ := p.cell(right.name, "ex01_1")
		return st == "ok" && n == 1
	})
	run(retry, ex.Starter, false)
	shown := run(retry, ex.Starter, false)
	p = waitFor("the second student's ✗ 2 with the hint shown", func(p *progressTable) bool {
		st, n, hint, status := p.cell(retry.name, "ex01_1")
		return st == "fail" && n == 2 && hint != "" && strings.Contains(shown, "✗ "+hint) && status == "stuck"
	})
	if p.Students[0].Name != retry.name {
		t.Errorf("the stuck student is not first: %s, %s, %s", p.Students[0].Name, p.Students[1].Name, p.Students[2].Name)
	}
	run(retry, ex.Solution, true)
	p = waitFor("two ✓ and one not tried", func(p *progressTable) bool {
		st1, n1, _, _ := p.cell(right.name, "ex01_1")
		st2, n2, _, status2 := p.cell(retry.name, "ex01_1")
		st3, n3, _, status3 := p.cell(never.name, "ex01_1")
		done, tried := p.exercise("ex01_1")
		return st1 == "ok" && n1 == 1 && st2 == "ok" && n2 == 3 && status2 != "stuck" &&
			st3 == "none" && n3 == 0 && status3 != "stuck" && done == 2 && tried == 2
	})
	// Nothing else is recorded, and never code.
	for _, s := range p.Students {
		if s.Done != map[bool]int{true: 0, false: 1}[s.Name == never.name] {
			t.Errorf("%s: %d ✓, want exactly the one exercise", s.Name, s.Done)
		}
	}
	// What one of the page's polls costs through the proxy, the service
	// and the hub's token check (logged; the benchmark is bench.py).
	var slowest time.Duration
	for i := 0; i < 5; i++ {
		start := time.Now()
		page()
		slowest = max(slowest, time.Since(start))
	}
	t.Logf("the slowest of 5 polls of api/progress (3 students): %v", slowest.Round(time.Millisecond))
	code, html := progressGet(t, client, h.Base, "/services/progress/", teacherTok)
	if code != 200 || !strings.Contains(string(html), retry.name) || !strings.Contains(string(html), "api/progress") {
		t.Fatalf("the teacher's page: %d\n%.500s", code, html)
	}
	for _, l := range strings.Split(ex.Solution, "\n") {
		if l = strings.TrimSpace(l); len(l) > 12 && (bytes.Contains(html, []byte(l)) || strings.Contains(p.HTML, l)) {
			t.Errorf("the page shows a line of the learner's code: %q", l)
		}
	}
	if code, body := progressGet(t, client, h.Base, "/services/progress/progress.csv", teacherTok); code != 200 || !strings.Contains(string(body), retry.name+",,ok,") {
		t.Errorf("the page's CSV: %d\n%s", code, body)
	}

	// The teacher's browser: logged in to the hub through its form (test
	// mode admits only the class group, so the teacher's account is in it
	// just for the log-in), the page goes through the hub's OAuth (no
	// confirmation page) and then runs on the service's own cookie, as the
	// polling script does.
	teacherAcct, _ := newStudent(t)
	progressAPI(t, h, "POST", "/users/"+teacherAcct, map[string]any{"admin": true}, nil)
	exec.Command("usermod", "-aG", group, teacherAcct).Run()
	tjar, _ := cookiejar.New(nil)
	teacherBrowser := &http.Client{Jar: tjar, Timeout: 20 * time.Second, CheckRedirect: noSpawn}
	res, err := teacherBrowser.PostForm(h.Base+"/hub/login", url.Values{"username": {teacherAcct}, "password": {h.Token}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if out, err := exec.Command("gpasswd", "-d", teacherAcct, group).CombinedOutput(); err != nil {
		t.Fatalf("gpasswd -d: %v\n%s", err, out)
	}
	if code, body := progressGet(t, teacherBrowser, h.Base, "/services/progress/", ""); code != 200 || !strings.Contains(string(body), retry.name) || strings.Contains(string(body), teacherAcct) {
		t.Errorf("the teacher's browser through the hub's OAuth: %d\n%.500s", code, body)
	}
	if u, _ := url.Parse(h.Base + "/services/progress/"); len(tjar.Cookies(u)) == 0 {
		t.Errorf("the service set no cookie after the OAuth callback")
	}
	if code, body := progressGet(t, teacherBrowser, h.Base, "/services/progress/api/progress", ""); code != 200 || !strings.Contains(string(body), retry.name) {
		t.Errorf("the page's poll on the service's cookie: %d\n%.300s", code, body)
	}

	// The record files: 0600 in a 0700 folder, the student's own; another
	// student can read neither.
	recA := filepath.Join(right.home, ".local", "share", "gradnb", "checks.jsonl")
	for p, mode := range map[string]os.FileMode{recA: 0o600, filepath.Dir(recA): 0o700} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: %v %v, want mode %v", p, st.Mode().Perm(), err, mode)
		}
	}
	env := kernelEnv(t)
	if out, err := asStudent(t, retry.name, retry.home, "/", env, "cat", recA); err == nil {
		t.Errorf("student %s can read %s's record file:\n%s", retry.name, right.name, out)
	}
	os.Chmod(right.home, 0o755) // even with an open home, the file itself is private
	if out, err := asStudent(t, retry.name, retry.home, "/", env, "cat", recA); err == nil {
		t.Errorf("student %s can read %s's record file through an open home:\n%s", retry.name, right.name, out)
	}
	os.Chmod(right.home, 0o700)

	// A student sees 403: with a token, and through the browser's log-in.
	for _, s := range []student{right, never} {
		if err := h.CreateUser(ctx, s.name); err != nil {
			t.Fatal(err)
		}
		tok := progressToken(t, h, s.name)
		for _, path := range []string{"/services/progress/", "/services/progress/api/progress", "/services/progress/progress.csv"} {
			if code, body := progressGet(t, client, h.Base, path, tok); code != 403 {
				t.Errorf("student %s GET %s with a token: %d, want 403\n%.300s", s.name, path, code, body)
			}
		}
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 20 * time.Second, CheckRedirect: noSpawn}
	res, err = browser.PostForm(h.Base+"/hub/login", url.Values{"username": {never.name}, "password": {h.Token}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if u, _ := url.Parse(h.Base); len(jar.Cookies(u)) == 0 {
		t.Fatalf("the student's log-in through the form set no cookie (%s)", res.Status)
	}
	if code, body := progressGet(t, browser, h.Base, "/services/progress/", ""); code != 403 {
		t.Errorf("student %s logged in, opening /services/progress/: %d, want 403\n%.300s", never.name, code, body)
	}

	// Record files a student made unreadable or corrupt: "unreadable" for
	// that student only, and the page goes on.
	recR := filepath.Join(retry.home, ".local", "share", "gradnb", "checks.jsonl")
	recN := filepath.Join(never.home, ".local", "share", "gradnb", "checks.jsonl")
	for _, c := range []struct{ name, student, script string }{
		{"made unreadable", retry.name, `chmod 000 "$0"`},
		{"corrupt", retry.name, `chmod 600 "$0" && echo '{"time": "2026-' >> "$0"`},
		{"a FIFO", never.name, `mkdir -p "$(dirname "$0")" && mkfifo "$0"`},
		{"a link to another student's file", never.name, `rm -f "$0" && ln -s "$1" "$0"`},
		{"not JSON at all", never.name, `rm -f "$0" && head -c 3000 /dev/urandom > "$0"`},
	} {
		rec := map[string]string{retry.name: recR, never.name: recN}[c.student]
		home := map[string]string{retry.name: retry.home, never.name: never.home}[c.student]
		if out, err := asStudent(t, c.student, home, "/", env, "sh", "-c", c.script, rec, recA); err != nil {
			t.Fatalf("%s: as the student: %v\n%s", c.name, err, out)
		}
		start := time.Now()
		p := waitFor("a record file that is "+c.name+" as unreadable", func(p *progressTable) bool {
			_, _, _, status := p.cell(c.student, "ex01_1")
			st, n, _, _ := p.cell(right.name, "ex01_1")
			return status == "unreadable" && st == "ok" && n == 1
		})
		if time.Since(start) > 5*time.Second {
			t.Errorf("%s: the page took %v", c.name, time.Since(start))
		}
		if code, body := progressGet(t, client, h.Base, "/services/progress/", teacherTok); code != 200 || !strings.Contains(string(body), "unreadable") {
			t.Errorf("%s: the teacher's page: %d", c.name, code)
		}
		_ = p
	}

	// make hub-progress: the same table in the terminal and as CSV, with
	// the grade nbgrader gives (one point per ✓ check).
	cli := func(args ...string) string {
		cmd := exec.Command("/usr/bin/python3", append([]string{filepath.Join(root, "notebooks", "classroom", "progress", "progress.py"), "--group", group}, args...)...)
		cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("progress.py %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	text := cli()
	if !regexp.MustCompile(`(?m)^`+right.name+`\s+1\s+✓ \d\d:\d\d`).MatchString(text) || !strings.Contains(text, never.name) || !strings.Contains(text, "unreadable") {
		t.Errorf("make hub-progress:\n%s", text)
	}
	csv := cli("--csv")
	if !strings.Contains(csv, right.name+",,ok,") || !regexp.MustCompile(`(?m)^`+right.name+`,.*,1,1,\d+$`).MatchString(csv) ||
		!strings.Contains(csv, retry.name+",unreadable,") || !strings.Contains(csv, never.name+",unreadable,") {
		t.Errorf("make hub-progress CSV=1:\n%s", csv)
	}
	t.Logf("make hub-progress:\n%s", text)
}

// noSpawn stops a client at the hub's spawn page: logged in, no server
// needed.
func noSpawn(req *http.Request, via []*http.Request) error {
	if strings.Contains(req.URL.Path, "/hub/spawn") {
		return http.ErrUseLastResponse
	}
	return nil
}

func randomHexP(n int) string {
	b := make([]byte, n)
	f, _ := os.Open("/dev/urandom")
	defer f.Close()
	io.ReadFull(f, b)
	return fmt.Sprintf("%x", b)
}

// TestProgressTable runs progress.py (what `make hub-progress` runs) on a
// folder of record files, without a hub: the order (stuck students first,
// the longest stuck first; unreadable next; then the fewest ✓), the cells,
// ✓ per exercise, files that are unreadable (no read permission for their
// owner, a FIFO, a symbolic link, a folder, corrupt lines, a wrong field
// type) and the grade, taken from the check cells' nbgrader points.
func TestProgressTable(t *testing.T) {
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("progress.py needs /usr/bin/python3")
		}
		t.Skip("SKIPPED: no /usr/bin/python3")
	}
	root, err := nbrun.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	nbs := filepath.Join(dir, "notebooks")
	recs := filepath.Join(dir, "records")
	os.MkdirAll(nbs, 0o755)
	os.MkdirAll(recs, 0o755)
	// Two notebooks' check cells; ex02_1 is worth 2 points.
	cell := func(id string, points float64) string {
		return fmt.Sprintf(`{"cell_type": "code", "source": ["%%%%\n", "kh.Check(exercise.X())"], "metadata": {"nbgrader": {"grade": true, "grade_id": "%s_check", "locked": true, "points": %g, "schema_version": 3, "solution": false}}, "outputs": [], "execution_count": null}`, id, points)
	}
	answer := `{"cell_type": "code", "source": "func ex01_1() {}", "metadata": {"nbgrader": {"grade": false, "grade_id": "ex01_1_answer", "solution": true}}, "outputs": [], "execution_count": null}`
	os.WriteFile(filepath.Join(nbs, "01_a.ipynb"), []byte(`{"cells": [`+answer+`, `+cell("ex01_1", 1)+`, `+cell("ex01_2", 1)+`]}`), 0o644)
	os.WriteFile(filepath.Join(nbs, "02_b.ipynb"), []byte(`{"cells": [`+cell("ex02_1", 2)+`]}`), 0o644)
	os.WriteFile(filepath.Join(nbs, "README.md"), []byte("not a notebook"), 0o644)

	now := time.Now().UTC()
	at := func(minAgo int) string { return now.Add(-time.Duration(minAgo) * time.Minute).Format(time.RFC3339) }
	line := func(minAgo int, ex string, ok bool, hint string) string {
		b, _ := json.Marshal(map[string]any{"time": at(minAgo), "notebook": ex[2:4], "exercise": ex, "ok": ok, "hint": hint, "hint_id": "0"})
		return string(b) + "\n"
	}
	write := func(name string, lines ...string) string {
		p := filepath.Join(recs, name+".jsonl")
		os.WriteFile(p, []byte(strings.Join(lines, "")), 0o600)
		return p
	}
	write("alice", line(30, "ex01_1", true, ""), line(20, "ex02_1", true, ""), line(10, "ex02_1", false, "later wrong: ✓ stays"))
	write("bob", line(12, "ex01_1", false, "first hint"), line(8, "ex01_1", false, "<b>second</b> hint"), line(3, "ex01_2", true, ""))
	write("carol", line(40, "ex01_2", false, "stuck longest"))
	write("dave")                                                           // empty: not tried
	write("erin", line(5, "ex09_9", true, ""), line(5, "ex01_1", true, "")) // an exercise no notebook has is ignored
	os.Chmod(write("frank", line(1, "ex01_1", true, "")), 0o000)
	write("grace", line(1, "ex01_1", true, ""), "{\"time\": \"2026-\n")
	write("heidi", `{"time": "`+at(1)+`", "exercise": "ex01_1", "ok": "yes"}`+"\n")
	syscall.Mkfifo(filepath.Join(recs, "ivan.jsonl"), 0o600)
	os.Symlink(filepath.Join(recs, "alice.jsonl"), filepath.Join(recs, "judy.jsonl"))
	os.Mkdir(filepath.Join(recs, "mallory.jsonl"), 0o700)

	cli := func(args ...string) string {
		cmd := exec.Command("/usr/bin/python3", append([]string{filepath.Join(root, "notebooks", "classroom", "progress", "progress.py"), "--notebooks", nbs, "--records", recs}, args...)...)
		cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "TZ=UTC")
		done := make(chan struct{})
		var out []byte
		var err error
		go func() { out, err = cmd.CombinedOutput(); close(done) }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("progress.py %v hangs (a FIFO?)", args)
		}
		if err != nil {
			t.Fatalf("progress.py %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	var p progressTable
	if err := json.Unmarshal([]byte(cli("--json")), &p); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, s := range p.Students {
		order = append(order, s.Name+":"+s.Status)
	}
	want := "carol:stuck bob:stuck frank:unreadable grace:unreadable heidi:unreadable ivan:unreadable judy:unreadable mallory:unreadable dave: erin: alice:"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
	if len(p.Exercises) != 3 || p.Exercises[0].ID != "ex01_1" || p.Exercises[2].ID != "ex02_1" || p.Exercises[2].Points != 2 {
		t.Errorf("exercises: %+v", p.Exercises)
	}
	for _, c := range []struct {
		student, ex, state string
		tries              int
		hint               string
	}{
		{"alice", "ex01_1", "ok", 1, ""},
		{"alice", "ex02_1", "ok", 1, ""},
		{"alice", "ex01_2", "none", 0, ""},
		{"bob", "ex01_1", "fail", 2, "<b>second</b> hint"},
		{"bob", "ex01_2", "ok", 1, ""},
		{"carol", "ex01_2", "fail", 1, "stuck longest"},
		{"erin", "ex01_1", "ok", 1, ""},
		{"dave", "ex01_1", "none", 0, ""},
	} {
		st, n, hint, _ := p.cell(c.student, c.ex)
		if st != c.state || n != c.tries || hint != c.hint {
			t.Errorf("%s %s: %s %d %q, want %s %d %q", c.student, c.ex, st, n, hint, c.state, c.tries, c.hint)
		}
	}
	for _, s := range p.Students {
		if s.Name == "bob" && (s.Cells[0].Minutes != 12 || s.Cells[0].First != at(12)) {
			t.Errorf("bob's ex01_1: %d minutes since the first try %s, want 12 (%s)", s.Cells[0].Minutes, s.Cells[0].First, at(12))
		}
	}
	if done, tried := p.exercise("ex01_1"); done != 2 || tried != 3 {
		t.Errorf("ex01_1: %d ✓ of %d tried, want 2 of 3", done, tried)
	}
	if strings.Contains(p.HTML, "<b>second") || !strings.Contains(cli("--json"), "second") {
		t.Errorf("hints are not escaped in the page's HTML")
	}
	csv := cli("--csv")
	for _, l := range []string{
		"student,status,ex01_1,ex01_2,ex02_1,done,score,max_score",
		"alice,,ok,,ok,2,3,4", // ex02_1 is worth 2: the grade follows the notebooks' points
		"bob,stuck,tried 2,ok,,1,1,4",
		"carol,stuck,,tried 1,,0,0,4",
		"dave,,,,,0,0,4",
		"frank,unreadable,,,,,,4",
	} {
		if !strings.Contains(csv, l+"\n") {
			t.Errorf("CSV lacks %q:\n%s", l, csv)
		}
	}
	text := cli()
	for _, re := range []string{`(?m)^carol\s+0\s+·\s+✗1 40m`, `(?m)^bob\s+1\s+✗2 12m\s+✓ \d\d:\d\d`, `(?m)^frank\s+unreadable`, `(?m)^✓ / 11\s+2\s+1\s+1$`, `bob ex01_1 ✗2 12m: <b>second</b> hint`} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("text table lacks %s:\n%s", re, text)
		}
	}
}
