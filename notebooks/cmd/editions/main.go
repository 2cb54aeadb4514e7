// Command editions writes the teacher's and the student's editions of the
// gradnb notebooks that have exercises. It is what `make editions` calls.
//
//	editions [-out build] [-timeout 10m] [nb.ipynb …]   (default: notebooks/*.ipynb)
//
// It reads only the committed notebooks. For each one with exercises it
// writes build/teacher/NN_name.ipynb (each starter cell holding its
// solution between // BEGIN SOLUTION and // END SOLUTION, executed, every
// check ✓) and build/student/NN_name.ipynb (the starters, no solution
// anywhere in the file), executes both through Jupyter to verify them,
// prints a table and exits non-zero on a malformed exercise or a failed
// verification. See notebooks/nbrun.BuildEditions and pkg/exercise.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

func main() {
	out := flag.String("out", "build", "folder that receives teacher/ and student/")
	timeout := flag.Duration("timeout", 10*time.Minute, "time limit per cell")
	flag.Parse()
	if err := run(*out, *timeout, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out string, timeout time.Duration, paths []string) error {
	env, err := nbrun.DefaultEnv()
	if err != nil {
		return err
	}
	root := env.Root
	if _, err := os.Stat(env.KernelSpecPath()); err != nil {
		return fmt.Errorf("editions: the gonb kernel is not registered (%s missing): run `make setup`", env.KernelSpecPath())
	}
	if len(paths) == 0 {
		if paths, err = filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb")); err != nil {
			return err
		}
	}
	// Validate every notebook before executing any, so a malformed exercise
	// fails in a second.
	for _, p := range paths {
		nb, err := nbrun.Read(p)
		if err != nil {
			return err
		}
		if _, err := nbrun.FindExercises(nb, p); err != nil {
			return err
		}
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "notebook\texercises\tteacher s\tstudent s\tfiles")
	ctx := context.Background()
	for _, p := range paths {
		ed, err := env.BuildEditions(ctx, p, out, timeout)
		if err != nil {
			tw.Flush()
			return err
		}
		if ed == nil {
			fmt.Fprintf(tw, "%s\t0\t-\t-\t(no exercises)\n", filepath.Base(p))
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%s, %s\n", filepath.Base(p), len(ed.Exercises),
			ed.TeacherTime.Seconds(), ed.StudentTime.Seconds(), ed.TeacherPath, ed.StudentPath)
	}
	return tw.Flush()
}
