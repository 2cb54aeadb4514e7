// Command nbrun registers the gonb kernel and executes the gradnb notebooks
// headless through Jupyter. It is what `make run` and `make setup` call.
//
//	nbrun -install-kernel       register the gonb kernel (once)
//	nbrun -system-kernel /opt/gradnb
//	                            register the system-wide gonb kernel of a class
//	                            installation (notebooks/classroom/install.sh)
//	nbrun [-out build] [nb…]    execute notebooks (default: notebooks/*.ipynb)
//	nbrun -costs [nb…]          run notebooks cell by cell and print what each
//	                            costs in CPU seconds (kernel, go build, program)
//
// Executing writes, for each notebook, the executed copy and a standalone
// HTML page into the output folder, with an index.html that links them,
// prints a table (notebook, code cells, seconds, mean seconds per cell
// including the kernel's start, status) and exits non-zero if
// any cell failed. A notebook whose cells all succeed is written back,
// normalised, over its committed copy: this is how the committed outputs
// are regenerated.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

func main() {
	install := flag.Bool("install-kernel", false, "register the gonb kernel in the Jupyter data directory and exit")
	out := flag.String("out", "build", "folder for executed notebooks and HTML pages")
	timeout := flag.Duration("timeout", 10*time.Minute, "time limit per cell")
	write := flag.Bool("write", true, "write successfully executed notebooks back over notebooks/*.ipynb")
	system := flag.String("system-kernel", "", "register the system-wide gonb kernel for the class installation under this prefix and exit")
	kernelDataDir := flag.String("kernel-data-dir", nbrun.SystemKernelDataDir, "with -system-kernel: the Jupyter data directory to register it in (another one serves only Jupyters that have it on JUPYTER_PATH)")
	costs := flag.Bool("costs", false, "run the notebooks cell by cell and print each one's CPU seconds (total, kernel start, the costliest cells); writes nothing")
	flag.Parse()
	if *costs {
		if err := printCosts(*timeout, flag.Args()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if *system != "" {
		if err := installSystemKernel(*system, *kernelDataDir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := run(*install, *out, *timeout, *write, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(install bool, out string, timeout time.Duration, write bool, paths []string) error {
	env, err := nbrun.DefaultEnv()
	if err != nil {
		return err
	}
	root := env.Root
	if install {
		did, err := env.InstallKernel()
		if err != nil {
			return err
		}
		if did {
			fmt.Printf("kernel: gonb registered in %s\n", env.KernelSpecPath())
		} else {
			fmt.Printf("kernel: gonb already registered in %s\n", env.KernelSpecPath())
		}
		return nil
	}
	if _, err := os.Stat(env.KernelSpecPath()); err != nil {
		return fmt.Errorf("nbrun: the gonb kernel is not registered (%s missing): run `make setup`", env.KernelSpecPath())
	}
	if len(paths) == 0 {
		if paths, err = filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb")); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	ctx := context.Background()
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "notebook\tcells\tseconds\ts/cell\tstatus\t")
	var entries []entry
	failed := 0
	for _, p := range paths {
		name := filepath.Base(p)
		nb, elapsed, log, err := env.Execute(ctx, p, timeout)
		status := "ok"
		cells := 0
		switch {
		case err != nil:
			status = "FAILED"
			fmt.Fprintf(os.Stderr, "%v\n%s\n", err, tail(log, 40))
		default:
			cells = len(nb.CodeCells())
			if errs := nb.Errors(); len(errs) > 0 {
				status = fmt.Sprintf("FAILED (%d errors)", len(errs))
				for _, e := range errs {
					fmt.Fprintf(os.Stderr, "%s: %s\n", name, e)
				}
			}
			executed := filepath.Join(out, name)
			if werr := nb.Write(executed); werr != nil {
				return werr
			}
			if hlog, herr := env.ExportHTML(ctx, executed, out); herr != nil {
				fmt.Fprintf(os.Stderr, "%s: HTML export failed: %v\n%s\n", name, herr, tail(hlog, 20))
				status = "FAILED (HTML export)"
			}
			if status == "ok" && write {
				if werr := nb.Write(p); werr != nil {
					return werr
				}
			}
		}
		if status != "ok" {
			failed++
		}
		entries = append(entries, entry{name, status})
		perCell := 0.0
		if cells > 0 {
			perCell = elapsed.Seconds() / float64(cells)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.2f\t%s\t\n", name, cells, elapsed.Seconds(), perCell, status)
	}
	tw.Flush()
	if err := writeIndex(out, entries); err != nil {
		return err
	}
	fmt.Printf("pages: %s\n", filepath.Join(out, "index.html"))
	if failed > 0 {
		return fmt.Errorf("nbrun: %d of %d notebooks failed", failed, len(paths))
	}
	return nil
}

// printCosts runs each notebook cell by cell (nbrun.Env.CellCosts) and
// prints, per notebook, the CPU seconds of the whole run and of the kernel's
// start, the mean per code cell, and the three costliest cells by their
// first line: what one student's Run All costs a class server.
func printCosts(timeout time.Duration, paths []string) error {
	env, err := nbrun.DefaultEnv()
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		if paths, err = filepath.Glob(filepath.Join(env.Root, "notebooks", "*.ipynb")); err != nil {
			return err
		}
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "notebook\tcells\tCPU-s\tstart\tCPU-s/cell\tcostliest cells (CPU-s, wall s)")
	for _, p := range paths {
		c, err := env.CellCosts(context.Background(), p, timeout)
		if err != nil {
			return err
		}
		nb, err := nbrun.Read(p)
		if err != nil {
			return err
		}
		top := slices.Clone(c.Cells)
		slices.SortStableFunc(top, func(a, b *nbrun.CellCost) int { return cmp.Compare(b.CPU, a.CPU) })
		var desc []string
		for _, cc := range top[:min(3, len(top))] {
			first, _, _ := strings.Cut(strings.TrimSpace(nb.Cells[cc.Index].Source), "\n")
			if len([]rune(first)) > 30 {
				first = string([]rune(first)[:30]) + "…"
			}
			desc = append(desc, fmt.Sprintf("cell %d %q %.2f, %.2f", cc.Index+1, first, cc.CPU, cc.Wall))
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.2f\t%s\n", filepath.Base(p), len(c.Cells), c.CPU(), c.Start,
			(c.CPU()-c.Start)/float64(max(1, len(c.Cells))), strings.Join(desc, "; "))
		tw.Flush()
	}
	return nil
}

// installSystemKernel writes the gonb kernel spec of the class installation
// under prefix into the Jupyter data directory dataDir (normally the
// system-wide one).
func installSystemKernel(prefix, dataDir string) error {
	if !filepath.IsAbs(prefix) {
		return fmt.Errorf("nbrun: -system-kernel %q: the prefix must be an absolute path", prefix)
	}
	for _, p := range []string{"bin/gonb", "bin/gocacheprog", "src/go.mod", "gomodcache", "gocache", "fuzzcache", "usercache"} {
		if _, err := os.Stat(filepath.Join(prefix, p)); err != nil {
			return fmt.Errorf("nbrun: -system-kernel %q: %s is missing (run notebooks/classroom/install.sh)", prefix, filepath.Join(prefix, p))
		}
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("nbrun: the go command is not on PATH: %w", err)
	}
	if goBin, err = filepath.EvalSymlinks(goBin); err != nil {
		return err
	}
	k := &nbrun.KernelSpec{
		Gonb:    filepath.Join(prefix, "bin", "gonb"),
		DataDir: dataDir,
		GoWork:  filepath.Join(prefix, "src"),
		Env:     nbrun.SystemKernelEnv(prefix, filepath.Dir(goBin)),
	}
	did, err := k.Install()
	if err != nil {
		return err
	}
	if did {
		fmt.Printf("kernel: gonb registered for every user in %s\n", k.Path())
	} else {
		fmt.Printf("kernel: gonb already registered for every user in %s\n", k.Path())
	}
	return nil
}

// entry is one line of the index page.
type entry struct{ name, status string }

func writeIndex(out string, entries []entry) error {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>gradnb notebooks</title></head><body>\n")
	b.WriteString("<h1>gradnb notebooks</h1>\n<ul>\n")
	for _, e := range entries {
		page := strings.TrimSuffix(e.name, ".ipynb") + ".html"
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a> — %s (<a href=\"%s\">executed notebook</a>)</li>\n",
			html.EscapeString(page), html.EscapeString(strings.TrimSuffix(e.name, ".ipynb")), html.EscapeString(e.status), html.EscapeString(e.name))
	}
	b.WriteString("</ul>\n</body></html>\n")
	return os.WriteFile(filepath.Join(out, "index.html"), []byte(b.String()), 0o644)
}

// tail returns the last n lines of b.
func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
