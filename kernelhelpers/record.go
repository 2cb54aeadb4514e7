package kernelhelpers

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/gradnb/gradnb/pkg/exercise"
)

// Recording the checks: in a class, the teacher's progress page
// (notebooks/classroom/progress) shows who is stuck on what. Each [Check]
// of a result whose exercise is known appends one [CheckRecord] as a JSON
// line to [RecordPath] in the learner's own home, written by the learner's
// own process (folder 0700, file 0600). The line holds the exercise, ✓ or
// ✗ and the hint shown (the check's own sentence) — never the learner's
// code.

// RecordEnv turns recording on ("1") or off ("0"). Unset, [Check] records
// only inside a JupyterHub (JUPYTERHUB_USER set, as the hub sets it for a
// student's server, its kernels and their cell programs); a learner alone
// records nothing unless asking for it.
const RecordEnv = "GRADNB_RECORD"

// RecordLimit is the size in bytes past which the record file stops
// growing: a check run in a loop cannot fill the disk.
const RecordLimit = 1 << 20

// recordHintMax bounds the hint text kept in a record, in bytes.
const recordHintMax = 600

// CheckRecord is one line of the record file.
type CheckRecord struct {
	// Time is when the check ran, RFC 3339 in UTC.
	Time string `json:"time"`
	// Notebook is the notebook's number, "01".
	Notebook string `json:"notebook"`
	// Exercise is the exercise id, "ex01_2" (nbgrader's grade_id without
	// "_check").
	Exercise string `json:"exercise"`
	// OK is true for ✓.
	OK bool `json:"ok"`
	// HintID identifies the hint shown with ✗ (a short hash of its text);
	// Hint is that text, cut to a few hundred bytes. Both are empty for ✓.
	HintID string `json:"hint_id,omitempty"`
	Hint   string `json:"hint,omitempty"`
}

// Recording reports whether [Check] records results: [RecordEnv]=1 yes,
// [RecordEnv]=0 no, otherwise inside a JupyterHub only.
func Recording() bool {
	switch os.Getenv(RecordEnv) {
	case "1":
		return true
	case "0":
		return false
	}
	return os.Getenv("JUPYTERHUB_USER") != ""
}

// RecordPath returns the record file of the current user,
// $HOME/.local/share/gradnb/checks.jsonl.
func RecordPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "gradnb", "checks.jsonl"), nil
}

// HintID returns the id of a hint text: the first 8 hex digits of its
// SHA-256.
func HintID(hint string) string {
	sum := sha256.Sum256([]byte(hint))
	return hex.EncodeToString(sum[:4])
}

// NewCheckRecord returns the record of r checked at t, or false when r's
// exercise is unknown (a result made outside a check function).
func NewCheckRecord(r exercise.Result, t time.Time) (CheckRecord, bool) {
	nb, ok := strings.CutPrefix(r.ID, "ex")
	if !ok || len(nb) < 4 || nb[2] != '_' {
		return CheckRecord{}, false
	}
	rec := CheckRecord{Time: t.UTC().Format(time.RFC3339), Notebook: nb[:2], Exercise: r.ID, OK: r.OK}
	if !r.OK {
		rec.HintID = HintID(r.Hint)
		rec.Hint = cut(r.Hint, recordHintMax)
	}
	return rec, true
}

// cut returns s cut to at most n bytes at a rune boundary, with "…" when
// cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// record appends r's record to the record file when [Recording]. Nothing
// it meets (no home, a read-only or full disk, a file made unwritable, a
// symbolic link, the size limit) disturbs the cell: it returns silently.
func record(r exercise.Result) {
	defer func() { recover() }()
	if !Recording() {
		return
	}
	rec, ok := NewCheckRecord(r, time.Now())
	if !ok {
		return
	}
	path, err := RecordPath()
	if err != nil {
		return
	}
	appendRecord(path, rec)
}

// appendRecord appends rec as one JSON line to path (folders 0700 and the
// file 0600 when it creates them), unless the file would grow past
// RecordLimit. One write of one line with O_APPEND: two kernels of the
// same learner do not interleave their lines.
func appendRecord(path string, rec CheckRecord) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() || st.Size()+int64(len(line)) > RecordLimit {
		return os.ErrInvalid
	}
	_, err = f.Write(line)
	return err
}
