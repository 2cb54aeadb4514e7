package notebooks_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// TestImportWithoutSetupCell is issue 13's "after a kernel restart": a
// kernel started from the kernel spec `make setup` installs imports the
// library in its very first cell, with no set-up cell before it, from a
// notebook that is not even inside the checkout (so the set-up cell's
// $GONB_DIR/.. fallback could not help). The kernel spec's go.work does it.
func TestImportWithoutSetupCell(t *testing.T) {
	needJupyter(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "restart.ipynb")
	nb := `{"cells": [{"cell_type": "code", "execution_count": null, "id": "c1", "metadata": {}, "outputs": [],
  "source": ["import \"github.com/gradnb/gradnb/pkg/optim\"\n", "\n", "%%\n", "fmt.Println((&optim.GradientDescent{LR: 0.1}).String())"]}],
 "metadata": {"kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"}},
 "nbformat": 4, "nbformat_minor": 5}`
	if err := os.WriteFile(path, []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	got, _, log, err := env.Execute(ctx, path, 3*time.Minute)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if errs := got.Errors(); len(errs) > 0 {
		t.Fatalf("the first cell failed: %s", strings.Join(errs, "; "))
	}
	if out := got.CodeCells()[0].Text(); !strings.Contains(out, "GradientDescent(lr=0.1)") {
		t.Errorf("the first cell printed %q, want GradientDescent(lr=0.1)", out)
	}
}

// TestSetupCellEverywhere: every notebook's first code cell is
// nbrun.SetupCell (TestSetupCell in nbrun says what it does).
func TestSetupCellEverywhere(t *testing.T) {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	paths = append(paths, filepath.Join("nbrun", "testdata", "00_exercise_fixture.ipynb"))
	for _, p := range paths {
		nb, err := nbrun.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		if cc := nb.CodeCells(); len(cc) == 0 || cc[0].Source != nbrun.SetupCell {
			t.Errorf("%s: the first code cell is not nbrun.SetupCell", p)
		}
	}
}

// TestNotebookCopiedOut is issue 18's "a notebook copied out of the
// checkout": its set-up cell, then a cell that uses the library, run from a
// folder outside the checkout with the user's kernel spec (`make setup`).
func TestNotebookCopiedOut(t *testing.T) {
	needJupyter(t)
	dir := filepath.Join(t.TempDir(), "copied")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := writeNotebook(t, filepath.Join(dir, "01_copy.ipynb"),
		nbrun.SetupCell,
		"import \"github.com/gradnb/gradnb/pkg/optim\"\n\n%%\nfmt.Println(optim.Diverged.Japanese())")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	got, _, log, err := env.Execute(ctx, path, 3*time.Minute)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if errs := got.Errors(); len(errs) > 0 {
		t.Fatalf("a copied notebook fails: %s", strings.Join(errs, "; "))
	}
	if out := got.CodeCells()[1].Text(); out != "発散\n" {
		t.Errorf("the library cell printed %q, want 発散", out)
	}
}

// TestCellCosts: nbrun.Env.CellCosts counts a cell's program in the cell's
// CPU time. The program spins until its own CPU time (getrusage) reaches
// one second; the cell must cost at least that, and the hello-world cell
// after it less.
func TestCellCosts(t *testing.T) {
	needJupyter(t)
	path := writeNotebook(t, filepath.Join(t.TempDir(), "costs.ipynb"),
		nbrun.SetupCell,
		"import \"syscall\"\n\n%%\nvar ru syscall.Rusage\nfor n := 0; ; n++ {\n\tsyscall.Getrusage(syscall.RUSAGE_SELF, &ru)\n\tif ru.Utime.Sec+ru.Stime.Sec >= 1 {\n\t\tbreak\n\t}\n}\nfmt.Println(\"spun\")",
		"%%\nfmt.Println(\"hello\")")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := env.CellCosts(ctx, path, 3*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Cells) != 3 {
		t.Fatalf("%d cells measured, want 3: %+v", len(c.Cells), c.Cells)
	}
	spin, hello := c.Cells[1], c.Cells[2]
	t.Logf("start %.2f CPU-s; spin %.2f CPU-s (%.2f s); hello %.2f CPU-s (%.2f s)", c.Start, spin.CPU, spin.Wall, hello.CPU, hello.Wall)
	if spin.Index != 1 || spin.CPU < 1 || hello.CPU >= spin.CPU || hello.CPU <= 0 {
		t.Errorf("spinning cell %+v, hello cell %+v: want the spin ≥ 1 CPU-s and more than hello (> 0)", spin, hello)
	}
}

// writeNotebook writes a gonb notebook of code cells with the given sources
// at path and returns path.
func writeNotebook(t *testing.T, path string, sources ...string) string {
	t.Helper()
	var cells []any
	for _, src := range sources {
		cells = append(cells, map[string]any{"cell_type": "code", "execution_count": nil, "metadata": map[string]any{}, "outputs": []any{}, "source": src})
	}
	data, err := json.Marshal(map[string]any{
		"cells":    cells,
		"metadata": map[string]any{"kernelspec": map[string]any{"display_name": "Go (gonb)", "language": "go", "name": "gonb"}},
		"nbformat": 4, "nbformat_minor": 5,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
