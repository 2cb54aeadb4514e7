package notebooks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// needJupyter skips under -short, and outside CI when Jupyter or the kernel
// is missing; in CI a missing piece fails the test.
func needJupyter(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("edition tests execute real Jupyter; skipped under -short")
	}
	if setupErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("edition tests need Jupyter and the gonb kernel, and CI must provide them: %v", setupErr)
		}
		t.Skipf("SKIPPING edition test (not in CI): %v — `make test` sets everything up", setupErr)
	}
}

// TestEditions builds the teacher's and the student's editions of every
// notebook with exercises, and of the fixture in notebooks/nbrun/testdata,
// through real Jupyter, and checks them independently of BuildEditions'
// own verification.
func TestEditions(t *testing.T) {
	needJupyter(t)
	paths, err := filepath.Glob(filepath.Join(env.Root, "notebooks", "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, filepath.Join(env.Root, "notebooks", "nbrun", "testdata", "00_exercise_fixture.ipynb"))
	out := t.TempDir()
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			learner, err := nbrun.Read(p)
			if err != nil {
				t.Fatal(err)
			}
			exs, err := nbrun.FindExercises(learner, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(exs) == 0 {
				t.Skipf("%s has no exercises yet", filepath.Base(p))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
			defer cancel()
			ed, err := env.BuildEditions(ctx, p, out, 5*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("teacher's edition executed in %.1f s, student's in %.1f s", ed.TeacherTime.Seconds(), ed.StudentTime.Seconds())
			teacher, err := nbrun.Read(ed.TeacherPath)
			if err != nil {
				t.Fatal(err)
			}
			studentData, err := os.ReadFile(ed.StudentPath)
			if err != nil {
				t.Fatal(err)
			}
			student, err := nbrun.Parse(studentData)
			if err != nil {
				t.Fatal(err)
			}
			if errs := teacher.Errors(); len(errs) > 0 {
				t.Fatalf("teacher's edition has errors: %v", errs)
			}
			if errs := ed.StudentRun.Errors(); len(errs) > 0 {
				t.Fatalf("student's edition has errors: %v", errs)
			}
			for _, s := range []string{"BEGIN SOLUTION", "END SOLUTION", nbrun.SolutionSummary, nbrun.PlanHeading} {
				if strings.Contains(string(studentData), s) {
					t.Errorf("student's edition contains %q", s)
				}
			}
			// The only collapsed blocks a student sees are the hints, one
			// per exercise; the teacher's edition has the lesson plan at
			// its top, which the learner's notebook does not.
			if n := strings.Count(string(studentData), "<details>"); n != len(exs) || strings.Count(string(studentData), nbrun.HintSummary) != len(exs) {
				t.Errorf("student's edition has %d <details> blocks, want the %d hints only", n, len(exs))
			}
			if len(teacher.Cells) < 2 || !strings.HasPrefix(teacher.Cells[1].Source, nbrun.PlanHeading) {
				t.Errorf("teacher's edition does not start with the lesson plan (%s)", nbrun.PlanHeading)
			}
			for _, c := range learner.Cells {
				if strings.Contains(c.Source, nbrun.PlanHeading) {
					t.Errorf("the learner's notebook shows the teacher's lesson plan")
				}
			}
			for _, ex := range exs {
				// Teacher: the solution region, and the check shows ✓.
				ta := teacher.CellByGradeID(ex.ID + "_answer")
				if ta == nil || !strings.Contains(ta.Source, "// BEGIN SOLUTION\n") || !strings.Contains(ta.Source, ex.Middle) {
					t.Errorf("%s: teacher's answer cell lacks the marked solution", ex.ID)
				}
				if got := checkLine(t, teacher, ex.ID); !strings.HasPrefix(got, "✓ ") {
					t.Errorf("%s: teacher's check shows %q, want ✓", ex.ID, got)
				}
				// Student: the starter, no solution code, the check shows ✗ and a hint.
				sa := student.CellByGradeID(ex.ID + "_answer")
				if sa == nil || sa.Source != ex.Starter || len(sa.Outputs) != 0 {
					t.Errorf("%s: student's answer cell is not the bare starter", ex.ID)
				}
				if nbrun.ClearSolutions(ta.Source, nbrun.StubLine) != sa.Source {
					t.Errorf("%s: nbgrader's ClearSolutions of the teacher's cell is not the student's cell", ex.ID)
				}
				if strings.Contains(string(studentData), strings.TrimSpace(ex.Middle)) {
					t.Errorf("%s: student's edition contains the solution code", ex.ID)
				}
				if got := checkLine(t, ed.StudentRun, ex.ID); !strings.HasPrefix(got, "✗ ") || len([]rune(got)) < 10 {
					t.Errorf("%s: student's check shows %q, want ✗ and a hint", ex.ID, got)
				}
			}
			// Grading mode on the student's edition: every check cell fails
			// (nbgrader's autograder scores it 0), and no other cell does.
			// The mechanism is the same for every notebook (kernelhelpers.Check
			// exits non-zero on ✗ when GRADNB_GRADING=1), so it runs on the
			// fixture only: a third execution of each real notebook would add
			// minutes to CI and test nothing new.
			if filepath.Base(filepath.Dir(p)) != "testdata" {
				return
			}
			graded, _, log, err := env.ExecuteGrading(ctx, ed.StudentPath, 5*time.Minute, true)
			if err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
			checks := map[*nbrun.Cell]bool{}
			for _, ex := range exs {
				checks[graded.CellByGradeID(ex.ID+"_check")] = true
			}
			for i, c := range graded.CodeCells() {
				failed := strings.Contains(c.Text(), "error: ")
				if failed != checks[c] {
					t.Errorf("grading mode: code cell %d failed = %v, want %v:\n%s", i+1, failed, checks[c], c.Text())
				}
			}
		})
	}
}

// checkLine returns the ✓/✗ line the check cell of exercise id shows.
func checkLine(t *testing.T, nb *nbrun.Notebook, id string) string {
	t.Helper()
	c := nb.CellByGradeID(id + "_check")
	if c == nil {
		t.Fatalf("no check cell %s_check", id)
	}
	for _, o := range c.Rich() {
		if s := o.Data["text/plain"]; strings.HasPrefix(s, "✓") || strings.HasPrefix(s, "✗") {
			return s
		}
	}
	return ""
}
