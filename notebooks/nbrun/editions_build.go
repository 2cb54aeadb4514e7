package nbrun

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Editions is what [Env.BuildEditions] made of one notebook.
type Editions struct {
	// Exercises are the notebook's exercises.
	Exercises []Exercise
	// TeacherPath and StudentPath are the files written.
	TeacherPath, StudentPath string
	// Teacher is the teacher's edition as executed (and written); Student
	// is the student's edition as written (not executed), StudentRun the
	// same executed.
	Teacher, Student, StudentRun *Notebook
	// TeacherTime and StudentTime are the execution wall times.
	TeacherTime, StudentTime time.Duration
}

// CellByGradeID returns the cell whose nbgrader grade_id is id, or nil.
func (nb *Notebook) CellByGradeID(id string) *Cell {
	for _, c := range nb.Cells {
		if g, _ := c.nbgraderMeta()["grade_id"].(string); g == id {
			return c
		}
	}
	return nil
}

// BuildEditions makes the teacher's and the student's editions of the
// committed notebook at path, writes them to outDir/teacher and
// outDir/student, and verifies them by executing both through Jupyter:
// the teacher's edition in grading mode with no error and every check
// cell showing ✓; the student's edition with no error or panic and every
// check cell showing ✗ and a hint; the student's file showing no solution
// (CheckNoSolutions). A notebook without exercises gives (nil, nil) and
// writes nothing. The teacher's edition is written executed, the
// student's as handed out, unexecuted.
func (e *Env) BuildEditions(ctx context.Context, path, outDir string, timeout time.Duration) (*Editions, error) {
	learner, err := Read(path)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	exs, err := FindExercises(learner, name)
	if err != nil || len(exs) == 0 {
		return nil, err
	}
	ed := &Editions{Exercises: exs,
		TeacherPath: filepath.Join(outDir, "teacher", name),
		StudentPath: filepath.Join(outDir, "student", name)}
	plan, err := LessonPlan(path)
	if err != nil {
		return nil, err
	}
	teacher, err := TeacherEdition(learner, exs, plan)
	if err != nil {
		return nil, err
	}
	if ed.Student, err = StudentEdition(learner, exs); err != nil {
		return nil, err
	}
	for _, p := range []string{ed.TeacherPath, ed.StudentPath} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
	}
	studentData, err := ed.Student.Marshal()
	if err != nil {
		return nil, err
	}
	if err := CheckNoSolutions(studentData, learner, exs); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := os.WriteFile(ed.StudentPath, studentData, 0o644); err != nil {
		return nil, err
	}
	// The teacher's edition runs from outDir/teacher, written there first.
	if err := teacher.Write(ed.TeacherPath); err != nil {
		return nil, err
	}
	var log []byte
	ed.Teacher, ed.TeacherTime, log, err = e.ExecuteGrading(ctx, ed.TeacherPath, timeout, true)
	if err != nil {
		return nil, fmt.Errorf("%v\n%s", err, log)
	}
	if errs := ed.Teacher.Errors(); len(errs) > 0 {
		return nil, fmt.Errorf("nbrun: teacher's edition of %s (grading mode) has errors:\n%s", name, strings.Join(errs, "\n"))
	}
	ed.StudentRun, ed.StudentTime, log, err = e.ExecuteGrading(ctx, ed.StudentPath, timeout, false)
	if err != nil {
		return nil, fmt.Errorf("%v\n%s", err, log)
	}
	if errs := ed.StudentRun.Errors(); len(errs) > 0 {
		return nil, fmt.Errorf("nbrun: student's edition of %s has errors:\n%s", name, strings.Join(errs, "\n"))
	}
	for i, c := range ed.StudentRun.CodeCells() {
		if strings.Contains(c.Text(), "panic:") {
			return nil, fmt.Errorf("nbrun: student's edition of %s: code cell %d panics:\n%s", name, i+1, c.Text())
		}
	}
	for _, ex := range exs {
		if err := checkShows(ed.Teacher, ex.ID, "✓"); err != nil {
			return nil, fmt.Errorf("nbrun: teacher's edition of %s: %w", name, err)
		}
		if err := checkShows(ed.StudentRun, ex.ID, "✗"); err != nil {
			return nil, fmt.Errorf("nbrun: student's edition of %s: %w", name, err)
		}
	}
	// Written back executed: the teacher sees every ✓.
	if err := ed.Teacher.Write(ed.TeacherPath); err != nil {
		return nil, err
	}
	return ed, nil
}

// checkShows returns an error unless the check cell of exercise id in nb
// shows exactly one result line, starting with mark, with a sentence after
// it.
func checkShows(nb *Notebook, id, mark string) error {
	c := nb.CellByGradeID(id + "_check")
	if c == nil {
		return fmt.Errorf("no check cell %s_check", id)
	}
	var lines []string
	for _, o := range c.Rich() {
		if t := o.Data["text/plain"]; strings.HasPrefix(t, "✓") || strings.HasPrefix(t, "✗") {
			lines = append(lines, t)
		}
	}
	if len(lines) != 1 || !strings.HasPrefix(lines[0], mark+" ") || len(strings.TrimSpace(strings.TrimPrefix(lines[0], mark))) == 0 {
		return fmt.Errorf("check cell %s_check shows %q, want one line %q and a sentence", id, lines, mark)
	}
	return nil
}
