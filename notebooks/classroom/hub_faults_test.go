package classroom_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/hubclient"
)

// restart stops and starts user's server through the hub's REST API, as a
// later login does: the spawn hook runs again.
func restart(t *testing.T, ctx context.Context, h *hubclient.Hub, user string) {
	t.Helper()
	if err := h.StopServer(ctx, user); err != nil {
		t.Fatalf("stopping %s's server: %v", user, err)
	}
	if err := h.StartServer(ctx, user); err != nil {
		t.Fatalf("starting %s's server again: %v", user, err)
	}
}

// TestHubHandsOutNotebooksWithoutOverwriting drives the spawn hook through
// the real hub: a later login keeps an edited notebook as it is and adds a
// notebook the student does not have (as a notebook new in the installation
// would be), and a deleted notebooks folder comes back at the next login.
func TestHubHandsOutNotebooksWithoutOverwriting(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub hand-out test in -short mode")
	}
	h := startHub(t)
	name, home := newStudent(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	defer h.DeleteUser(context.Background(), name)
	if err := h.CreateUser(ctx, name); err != nil {
		t.Fatal(err)
	}
	if err := h.StartServer(ctx, name); err != nil {
		t.Fatal(err)
	}
	installed, _ := filepath.Glob(filepath.Join(prefix, "src", "notebooks", "*.ipynb"))
	if len(installed) < 2 {
		t.Fatalf("want at least two installed notebooks, found %d", len(installed))
	}
	nbDir := filepath.Join(home, "notebooks")
	mine := filepath.Join(nbDir, filepath.Base(installed[0]))
	other := filepath.Join(nbDir, filepath.Base(installed[1]))
	for _, p := range installed {
		if _, err := os.Stat(filepath.Join(nbDir, filepath.Base(p))); err != nil {
			t.Fatalf("first login: %s not handed out: %v", filepath.Base(p), err)
		}
	}
	// The student edits one notebook and lacks another (removed, or new in
	// the installation since their last login).
	edited := `{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "edited": "by the student"}`
	if out, err := asStudent(t, name, home, "/", nil, "sh", "-c", `printf '%s' "$0" > "$1" && rm "$2"`, edited, mine, other); err != nil {
		t.Fatalf("editing as the student: %v\n%s", err, out)
	}
	restart(t, ctx, h, name)
	if data, err := os.ReadFile(mine); err != nil || string(data) != edited {
		t.Errorf("a later login overwrote the student's edited %s: %v\n%.200s", filepath.Base(mine), err, data)
	}
	want, _ := os.ReadFile(installed[1])
	if data, err := os.ReadFile(other); err != nil || string(data) != string(want) {
		t.Errorf("a later login did not add the missing %s: %v", filepath.Base(other), err)
	}
	if st, err := os.Stat(other); err == nil && st.Sys() != nil {
		if out, _ := exec.Command("stat", "-c", "%U", other).Output(); strings.TrimSpace(string(out)) != name {
			t.Errorf("%s is owned by %s, want the student %s", other, strings.TrimSpace(string(out)), name)
		}
	}
	// The student deletes the whole folder.
	if out, err := asStudent(t, name, home, "/", nil, "rm", "-rf", nbDir); err != nil {
		t.Fatalf("deleting the folder as the student: %v\n%s", err, out)
	}
	restart(t, ctx, h, name)
	for _, p := range installed {
		if _, err := os.Stat(filepath.Join(nbDir, filepath.Base(p))); err != nil {
			t.Errorf("after deleting the folder, the next login did not bring back %s: %v", filepath.Base(p), err)
		}
	}
	if st, err := os.Stat(home); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("home mode after a later login: %v %v", st.Mode(), err)
	}
}
