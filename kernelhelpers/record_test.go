package kernelhelpers_test

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	kh "github.com/gradnb/gradnb/kernelhelpers"
	"github.com/gradnb/gradnb/pkg/exercise"
)

// recordEnv gives a test a temporary HOME and the recording environment
// (unset values are removed).
func recordEnv(t *testing.T, hubUser, record string) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	for k, v := range map[string]string{"JUPYTERHUB_USER": hubUser, kh.RecordEnv: record, kh.GradingEnv: ""} {
		t.Setenv(k, v)
		if v == "" {
			os.Unsetenv(k)
		}
	}
	return home
}

func readRecords(t *testing.T, path string) []kh.CheckRecord {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []kh.CheckRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r kh.CheckRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("record line %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestRecordWhen(t *testing.T) {
	for _, c := range []struct {
		hubUser, record string
		want            bool
	}{
		{"", "", false},         // a learner alone
		{"student01", "", true}, // a hub's kernel
		{"", "1", true},         // asked for
		{"student01", "0", false},
		{"", "0", false},
	} {
		home := recordEnv(t, c.hubUser, c.record)
		if got := kh.Recording(); got != c.want {
			t.Errorf("JUPYTERHUB_USER=%q %s=%q: Recording() = %v, want %v", c.hubUser, kh.RecordEnv, c.record, got, c.want)
		}
		kh.Check(exercise.Result{OK: true, What: "right", ID: "ex01_1"})
		path := filepath.Join(home, ".local", "share", "gradnb", "checks.jsonl")
		if n := len(readRecords(t, path)); n != map[bool]int{true: 1}[c.want] {
			t.Errorf("JUPYTERHUB_USER=%q %s=%q: %d records", c.hubUser, kh.RecordEnv, c.record, n)
		}
	}
}

func TestRecordContents(t *testing.T) {
	home := recordEnv(t, "student01", "")
	start := time.Now().Add(-time.Second)
	hint := "符号が逆です：" + strings.Repeat("あ", 400)
	kh.Check(exercise.Result{Hint: "まだ書かれていません", ID: "ex01_1"})
	kh.Check(exercise.Result{Hint: hint, ID: "ex01_1"})
	kh.Check(exercise.Result{OK: true, What: "どちらも k = 42", ID: "ex01_1"})
	kh.Check(exercise.Result{OK: true, What: "no id"}) // not recorded
	kh.Check(exercise.Result{Hint: "x", ID: "ex05_12"})
	path, err := kh.RecordPath()
	if err != nil || path != filepath.Join(home, ".local", "share", "gradnb", "checks.jsonl") {
		t.Fatalf("RecordPath() = %q, %v", path, err)
	}
	recs := readRecords(t, path)
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4: %+v", len(recs), recs)
	}
	for i, want := range []kh.CheckRecord{
		{Notebook: "01", Exercise: "ex01_1", HintID: kh.HintID("まだ書かれていません"), Hint: "まだ書かれていません"},
		{Notebook: "01", Exercise: "ex01_1", HintID: kh.HintID(hint)},
		{Notebook: "01", Exercise: "ex01_1", OK: true},
		{Notebook: "05", Exercise: "ex05_12", HintID: kh.HintID("x"), Hint: "x"},
	} {
		got := recs[i]
		tm, err := time.Parse(time.RFC3339, got.Time)
		if err != nil || !strings.HasSuffix(got.Time, "Z") || tm.Before(start.Truncate(time.Second)) || tm.After(time.Now()) {
			t.Errorf("record %d: time %q (%v), want RFC 3339 UTC now", i, got.Time, err)
		}
		if i == 1 {
			// A long hint is cut at a character boundary.
			if len(got.Hint) > 620 || !strings.HasPrefix(got.Hint, "符号が逆です：") || !strings.HasSuffix(got.Hint, "…") || !json.Valid([]byte(`"`+got.Hint+`"`)) {
				t.Errorf("long hint recorded as %q", got.Hint)
			}
			want.Hint = got.Hint
		}
		got.Time = ""
		if got != want {
			t.Errorf("record %d = %+v, want %+v", i, got, want)
		}
	}
	if len(kh.HintID("a")) != 8 || kh.HintID("a") == kh.HintID("b") {
		t.Errorf("HintID: %q %q", kh.HintID("a"), kh.HintID("b"))
	}
	dir := filepath.Dir(path)
	for p, mode := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: mode %v (%v), want %v", p, st.Mode().Perm(), err, mode)
		}
	}
}

// TestRecordBounded: a check run in a loop stops adding to the file once
// it would pass RecordLimit.
func TestRecordBounded(t *testing.T) {
	recordEnv(t, "student01", "")
	path, _ := kh.RecordPath()
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte(strings.Repeat("x", kh.RecordLimit-300)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := exercise.Result{Hint: strings.Repeat("あ", 30), ID: "ex02_3"}
	stdout := os.Stdout
	os.Stdout, _ = os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	defer func() { os.Stdout = stdout }()
	for i := 0; i < 100; i++ {
		kh.Check(r)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > kh.RecordLimit || st.Size() == kh.RecordLimit-300+1 {
		t.Errorf("record file is %d bytes after 100 checks near the limit %d (want it grown a little, never past)", st.Size(), kh.RecordLimit)
	}
}

// TestRecordFailureIsSilent runs Check in a child process for each way the
// record cannot be written: the cell's output is exactly the result's
// line, the exit status 0, and nothing hangs.
func TestRecordFailureIsSilent(t *testing.T) {
	if os.Getenv("GRADNB_RECORD_CHILD") == "1" {
		kh.Check(exercise.Result{Hint: "a hint", ID: "ex01_1"})
		os.Exit(0)
	}
	for name, setup := range map[string]func(home string) string{
		"home is a file": func(home string) string {
			f := filepath.Join(home, "file")
			os.WriteFile(f, nil, 0o600)
			return f
		},
		"record is a folder": func(home string) string {
			os.MkdirAll(filepath.Join(home, ".local", "share", "gradnb", "checks.jsonl"), 0o700)
			return home
		},
		"record is a symbolic link": func(home string) string {
			os.MkdirAll(filepath.Join(home, ".local", "share", "gradnb"), 0o700)
			os.WriteFile(filepath.Join(home, "target"), nil, 0o600)
			os.Symlink(filepath.Join(home, "target"), filepath.Join(home, ".local", "share", "gradnb", "checks.jsonl"))
			return home
		},
		"record is a FIFO": func(home string) string {
			os.MkdirAll(filepath.Join(home, ".local", "share", "gradnb"), 0o700)
			syscall.Mkfifo(filepath.Join(home, ".local", "share", "gradnb", "checks.jsonl"), 0o600)
			return home
		},
		"share is a file": func(home string) string {
			os.MkdirAll(filepath.Join(home, ".local"), 0o700)
			os.WriteFile(filepath.Join(home, ".local", "share"), nil, 0o600)
			return home
		},
	} {
		home := setup(t.TempDir())
		cmd := exec.Command(os.Args[0], "-test.run=^TestRecordFailureIsSilent$")
		cmd.Env = append(os.Environ(), "GRADNB_RECORD_CHILD=1", "HOME="+home, "JUPYTERHUB_USER=student01", kh.RecordEnv+"=", kh.GradingEnv+"=")
		done := make(chan struct{})
		var out []byte
		var err error
		go func() { out, err = cmd.CombinedOutput(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%s: Check hangs", name)
		}
		if err != nil || string(out) != "✗ a hint\n" {
			t.Errorf("%s: Check printed %q (%v), want only its line", name, out, err)
		}
		if target := filepath.Join(home, "target"); name == "record is a symbolic link" {
			if data, _ := os.ReadFile(target); len(data) != 0 {
				t.Errorf("the record was written through a symbolic link: %q", data)
			}
		}
	}
}
