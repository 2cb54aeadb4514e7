package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestResolveNotebooks(t *testing.T) {
	lessons, err := resolveNotebooks("lessons")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range lessons {
		names = append(names, filepath.Base(p))
	}
	if len(lessons) != 5 {
		t.Fatalf("lessons = %q, want the five lessons", names)
	}
	for i, n := range names {
		if strings.Contains(n, "companion") || !strings.HasPrefix(n, "0"+string(rune('1'+i))+"_") {
			t.Errorf("lesson %d is %q, want 0%d_… and no companion", i+1, n, i+1)
		}
	}
	got, err := resolveNotebooks("05, 01a,../../01_gradient_descent.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"05_line_search.ipynb", "01a_gradient_descent_companion.ipynb", "01_gradient_descent.ipynb"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if filepath.Base(got[i]) != want[i] {
			t.Errorf("item %d: got %q, want %q", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"07", "1", "lesson", "", "missing.ipynb"} {
		if _, err := resolveNotebooks(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("resolveNotebooks(%q) = %v, want an error naming it", bad, err)
		}
	}
}
