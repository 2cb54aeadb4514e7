package notebooks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
