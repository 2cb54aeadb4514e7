package nbrun

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Exercises follow nbgrader's conventions (see pkg/exercise for the
// authoring guide): a markdown cell holding a hint in a collapsed <details>
// block, a starter cell marked as an nbgrader solution cell with one
// StubLine, a check cell marked as an autograded test cell, and a markdown
// cell holding the solution in a collapsed <details> block.

// StubLine is the line of a starter cell that a solution replaces. It is
// also the code stub nbgrader's ClearSolutions must be configured with
// (ClearSolutions.code_stub = {"go": StubLine}), so that clearing the
// teacher's edition gives back the starter.
const StubLine = "// ここに書く"

// Solution delimiters, after the comment mark "//", as nbgrader writes them.
const (
	BeginSolution = "// BEGIN SOLUTION"
	EndSolution   = "// END SOLUTION"
)

// SolutionSummary starts the summary of a solution's <details> block.
const SolutionSummary = "<summary>解答例"

// HintSummary starts the summary of a hint's <details> block, the markdown
// cell right before each starter. Both editions keep it.
const HintSummary = "<summary>ヒント"

// Exercise is one exercise of a notebook, found by [FindExercises].
type Exercise struct {
	// ID is "exNN_K"; the grade_ids are ID+"_answer" and ID+"_check".
	ID string
	// Hint, Answer, Check and Solution are the indexes in Notebook.Cells
	// of the hint cell, the starter cell, the check cell and the markdown
	// solution cell.
	Hint, Answer, Check, Solution int
	// Starter is the starter cell's source; Solution code is the Go code of
	// the solution block, the complete replacement for the starter.
	Starter, SolutionCode string
	// Teacher is the starter cell's source in the teacher's edition: the
	// solution with the lines that replace StubLine between BeginSolution
	// and EndSolution.
	Teacher string
	// Middle is the solution's code that the starter does not have.
	Middle string
}

var (
	answerID = regexp.MustCompile(`^ex(\d{2})_(\d+)_answer$`)
	nbNumber = regexp.MustCompile(`^(\d{2})a?_`)
	goFence  = regexp.MustCompile("(?s)\n```go\n(.*?\n)```[ \t]*\n")
)

// nbgraderMeta returns a cell's nbgrader metadata, or nil.
func (c *Cell) nbgraderMeta() map[string]any {
	md, _ := c.raw["metadata"].(map[string]any)
	ng, _ := md["nbgrader"].(map[string]any)
	return ng
}

// cellDesc names a cell in errors: "cell 12 (code)".
func cellDesc(i int, c *Cell) string { return fmt.Sprintf("cell %d (%s)", i+1, c.Type) }

// FindExercises returns the exercises of the notebook file named name
// ("NN_title.ipynb", or "NNa_title.ipynb" for a companion), validated: it
// fails, naming the cell, on a starter cell that is not preceded by its hint
// cell or not followed by its check cell and solution cell, a
// grade_id that does not match the notebook or its partner, a duplicated
// grade_id, wrong nbgrader flags, a starter without exactly one StubLine,
// a solution block without a Go fence or whose code does not keep the
// starter's lines around StubLine, and a hint block, solution block or
// check cell that belongs to no exercise.
func FindExercises(nb *Notebook, name string) ([]Exercise, error) {
	base := filepath.Base(name)
	m := nbNumber.FindStringSubmatch(base)
	if m == nil {
		return nil, fmt.Errorf("nbrun: %s: the notebook's name must start with its number, NN_ (or NNa_ for a companion)", base)
	}
	num := m[1]
	fail := func(i int, format string, args ...any) error {
		return fmt.Errorf("nbrun: %s: %s: %s", base, cellDesc(i, nb.Cells[i]), fmt.Sprintf(format, args...))
	}
	var exs []Exercise
	seen := map[string]int{}
	claimed := map[int]bool{}
	for i, c := range nb.Cells {
		ng := c.nbgraderMeta()
		if ng == nil {
			continue
		}
		gid, _ := ng["grade_id"].(string)
		if gid == "" {
			return nil, fail(i, "nbgrader metadata without a grade_id")
		}
		if j, dup := seen[gid]; dup {
			return nil, fail(i, "grade_id %q is already used by cell %d", gid, j+1)
		}
		seen[gid] = i
		sol, _ := ng["solution"].(bool)
		grade, _ := ng["grade"].(bool)
		if !sol {
			if !grade {
				return nil, fail(i, "grade_id %q: nbgrader metadata with neither solution nor grade", gid)
			}
			continue // a check cell; matched to its answer below
		}
		if grade {
			return nil, fail(i, "grade_id %q: a cell that is both solution and grade (autograded answer) is not supported; use an answer cell and a check cell", gid)
		}
		if c.Type != "code" {
			return nil, fail(i, "grade_id %q: a solution cell must be a code cell", gid)
		}
		am := answerID.FindStringSubmatch(gid)
		if am == nil {
			return nil, fail(i, "grade_id %q: a starter cell's grade_id must be exNN_K_answer", gid)
		}
		if am[1] != num {
			return nil, fail(i, "grade_id %q: NN must be the notebook's number %s", gid, num)
		}
		if locked, _ := ng["locked"].(bool); locked {
			return nil, fail(i, "grade_id %q: a starter cell must not be locked", gid)
		}
		ex := Exercise{ID: strings.TrimSuffix(gid, "_answer"), Hint: i - 1, Answer: i, Check: i + 1, Solution: i + 2, Starter: c.Source}
		if i == 0 || !isBlock(nb.Cells[i-1], HintSummary) {
			return nil, fail(i, "starter %s must follow its hint: a markdown cell that is one <details>%s</summary> … </details> block", gid, HintSummary)
		}
		if strings.Contains(nb.Cells[i-1].Source, "```") {
			return nil, fail(i-1, "the hint of %s shows code (a fenced block): a hint says where to start, not what to type", ex.ID)
		}
		claimed[i-1] = true
		if i+2 >= len(nb.Cells) {
			return nil, fail(i, "starter %s is not followed by its check cell and solution cell", gid)
		}
		chk := nb.Cells[i+1]
		cng := chk.nbgraderMeta()
		cgid, _ := cng["grade_id"].(string)
		if chk.Type != "code" || cgid != ex.ID+"_check" {
			return nil, fail(i+1, "the cell after starter %s must be its check cell, a code cell with grade_id %q (found %q)", gid, ex.ID+"_check", cgid)
		}
		if g, _ := cng["grade"].(bool); !g {
			return nil, fail(i+1, "check cell %s must have nbgrader grade: true", cgid)
		}
		if s, _ := cng["solution"].(bool); s {
			return nil, fail(i+1, "check cell %s must have nbgrader solution: false", cgid)
		}
		if l, _ := cng["locked"].(bool); !l {
			return nil, fail(i+1, "check cell %s must be locked", cgid)
		}
		if p, _ := cng["points"].(float64); p <= 0 {
			return nil, fail(i+1, "check cell %s must have points > 0", cgid)
		}
		if strings.Contains(chk.Source, StubLine) || strings.Contains(chk.Source, "BEGIN SOLUTION") {
			return nil, fail(i+1, "check cell %s must not contain %q or a solution region", cgid, StubLine)
		}
		claimed[i+1] = true
		code, err := solutionCode(nb.Cells[i+2])
		if err != nil {
			return nil, fail(i+2, "the solution of %s: %v", ex.ID, err)
		}
		claimed[i+2] = true
		ex.SolutionCode = code
		if ex.Teacher, ex.Middle, err = teacherSource(c.Source, code); err != nil {
			return nil, fail(i, "%s: %v", ex.ID, err)
		}
		if got := ClearSolutions(ex.Teacher, StubLine); got != ex.Starter {
			return nil, fail(i, "%s: clearing the teacher's cell gives\n%s\nnot the starter\n%s", ex.ID, got, ex.Starter)
		}
		exs = append(exs, ex)
	}
	for i, c := range nb.Cells {
		if claimed[i] {
			continue
		}
		if ng := c.nbgraderMeta(); ng != nil {
			if g, _ := ng["grade"].(bool); g {
				return nil, fail(i, "check cell %v follows no starter cell", ng["grade_id"])
			}
		}
		if c.Type == "markdown" && strings.Contains(c.Source, SolutionSummary) {
			return nil, fail(i, "a solution block that follows no check cell")
		}
		if c.Type == "markdown" && strings.Contains(c.Source, HintSummary) {
			return nil, fail(i, "a hint block that precedes no starter cell")
		}
		if strings.Contains(c.Source, "BEGIN SOLUTION") || strings.Contains(c.Source, "END SOLUTION") {
			return nil, fail(i, "solution delimiters outside an exercise's solution block")
		}
	}
	return exs, nil
}

// solutionCode returns the Go code of a solution cell: a markdown cell
// that is one <details> block with a SolutionSummary and one Go fence.
func solutionCode(c *Cell) (string, error) {
	src := strings.TrimSpace(c.Source)
	switch {
	case c.Type != "markdown":
		return "", fmt.Errorf("must be a markdown cell")
	case !isBlock(c, ""):
		return "", fmt.Errorf("must be one <details> … </details> block")
	case !strings.Contains(src, SolutionSummary):
		return "", fmt.Errorf("its <details> block needs %s (solution)</summary>", SolutionSummary)
	}
	fences := goFence.FindAllStringSubmatch(src, -1)
	if len(fences) != 1 {
		return "", fmt.Errorf("needs exactly one ```go fence (found %d)", len(fences))
	}
	if strings.Count(src, "```") != 2 {
		return "", fmt.Errorf("needs exactly one fenced block, the ```go one")
	}
	return strings.TrimSuffix(fences[0][1], "\n"), nil
}

// isBlock reports whether c is a markdown cell that is one collapsed
// <details> … </details> block whose source contains summary.
func isBlock(c *Cell, summary string) bool {
	src := strings.TrimSpace(c.Source)
	return c.Type == "markdown" && strings.HasPrefix(src, "<details>") && strings.HasSuffix(src, "</details>") &&
		strings.Count(src, "<details>") == 1 && strings.Contains(src, summary)
}

// teacherSource wraps the part of solution that replaces the starter's
// StubLine in BeginSolution and EndSolution, at the StubLine's indent.
func teacherSource(starter, solution string) (teacher, middle string, err error) {
	st := strings.Split(starter, "\n")
	at := -1
	for i, l := range st {
		if strings.TrimSpace(l) == StubLine {
			if at >= 0 {
				return "", "", fmt.Errorf("the starter has %q twice (lines %d and %d)", StubLine, at+1, i+1)
			}
			at = i
		}
	}
	if at < 0 {
		return "", "", fmt.Errorf("the starter has no line %q", StubLine)
	}
	if strings.Contains(starter, "BEGIN SOLUTION") {
		return "", "", fmt.Errorf("the starter must not contain a solution region")
	}
	indent := st[at][:len(st[at])-len(strings.TrimLeft(st[at], " \t"))]
	before, after := st[:at], st[at+1:]
	so := strings.Split(solution, "\n")
	if len(so) < len(before)+len(after)+1 {
		return "", "", fmt.Errorf("the solution is shorter than the starter")
	}
	for i, l := range before {
		if so[i] != l {
			return "", "", fmt.Errorf("the solution's line %d is %q, but the starter's line before %q is %q: the solution must keep them", i+1, so[i], StubLine, l)
		}
	}
	for i, l := range after {
		if k := len(so) - len(after) + i; so[k] != l {
			return "", "", fmt.Errorf("the solution's line %d is %q, but the starter's line after %q is %q: the solution must keep them", k+1, so[k], StubLine, l)
		}
	}
	mid := so[len(before) : len(so)-len(after)]
	middle = strings.Join(mid, "\n")
	if strings.TrimSpace(middle) == "" {
		return "", "", fmt.Errorf("the solution adds nothing to the starter")
	}
	if strings.Contains(middle, StubLine) || strings.Contains(middle, "SOLUTION") {
		return "", "", fmt.Errorf("the solution's code must not contain %q or solution delimiters", StubLine)
	}
	lines := append(append(append(append([]string{}, before...), indent+BeginSolution), mid...), indent+EndSolution)
	return strings.Join(append(lines, after...), "\n"), middle, nil
}

// ClearSolutions does to a cell's source what nbgrader's ClearSolutions
// preprocessor does with comment mark "//": each region from a line
// containing BEGIN SOLUTION to a line containing END SOLUTION becomes the
// stub's lines, indented like the BEGIN line.
func ClearSolutions(src, stub string) string {
	var out []string
	in := false
	for _, l := range strings.Split(src, "\n") {
		switch {
		case strings.Contains(l, BeginSolution):
			in = true
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			for _, s := range strings.Split(stub, "\n") {
				out = append(out, indent+s)
			}
		case strings.Contains(l, EndSolution):
			in = false
		case !in:
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// clone returns a deep copy of the notebook.
func (nb *Notebook) clone() (*Notebook, error) {
	nb.sync()
	data, err := nb.Marshal()
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// sync writes Cells (sources, outputs, order) back into the raw document.
func (nb *Notebook) sync() {
	cells := make([]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		c.raw["source"] = splitLines(c.Source)
		if c.Type == "code" {
			outs := make([]any, 0, len(c.Outputs))
			for _, o := range c.Outputs {
				outs = append(outs, o.raw)
			}
			c.raw["outputs"] = outs
		}
		cells = append(cells, c.raw)
	}
	nb.raw["cells"] = cells
}

// clearOutputs removes a code cell's outputs and execution count.
func (c *Cell) clearOutputs() {
	c.Outputs = nil
	if c.Type == "code" {
		c.raw["execution_count"] = nil
	}
}

// edition copies nb, applies edit to each exercise, drops the solution
// cells and normalises the result.
func edition(nb *Notebook, exs []Exercise, edit func(nb *Notebook, ex Exercise)) (*Notebook, error) {
	out, err := nb.clone()
	if err != nil {
		return nil, err
	}
	drop := map[int]bool{}
	for _, ex := range exs {
		edit(out, ex)
		out.Cells[ex.Answer].clearOutputs()
		out.Cells[ex.Check].clearOutputs()
		drop[ex.Solution] = true
	}
	var kept []*Cell
	for i, c := range out.Cells {
		if !drop[i] {
			kept = append(kept, c)
		}
	}
	out.Cells = kept
	out.sync()
	out.Normalize()
	return out, nil
}

// PlanHeading starts a lesson plan (see [LessonPlan]).
const PlanHeading = "## 授業の流れ"

// LessonPlan returns the teacher's plan for the lesson at path
// (notebooks/NN_title.ipynb): the markdown file teacher/NN_title.md beside
// it, which starts with PlanHeading. It fails when the file is missing or
// does not start so.
func LessonPlan(path string) (string, error) {
	name := strings.TrimSuffix(filepath.Base(path), ".ipynb") + ".md"
	p := filepath.Join(filepath.Dir(path), "teacher", name)
	data, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("nbrun: the lesson plan of %s: %w", filepath.Base(path), err)
	}
	plan := strings.TrimSpace(string(data))
	if !strings.HasPrefix(plan, PlanHeading) {
		return "", fmt.Errorf("nbrun: the lesson plan %s must start with %q", p, PlanHeading)
	}
	return plan, nil
}

// TeacherEdition returns the teacher's edition of nb, whose exercises are
// exs: the lesson plan as a markdown cell right after the title cell, each
// starter cell holding its solution between BeginSolution and EndSolution,
// the solution cells gone (the solutions are in the code), the exercise
// cells' outputs cleared. Apart from the plan it is nbgrader's "source"
// version of the notebook.
func TeacherEdition(nb *Notebook, exs []Exercise, plan string) (*Notebook, error) {
	out, err := edition(nb, exs, func(out *Notebook, ex Exercise) { out.Cells[ex.Answer].Source = ex.Teacher })
	if err != nil || plan == "" {
		return out, err
	}
	cell := &Cell{raw: map[string]any{"cell_type": "markdown", "metadata": map[string]any{}}, Type: "markdown", Source: plan}
	at := min(1, len(out.Cells))
	out.Cells = slices.Insert(out.Cells, at, cell)
	out.sync()
	out.Normalize()
	return out, nil
}

// StudentEdition returns the student's edition of nb: the starter cells as
// they are (what nbgrader's ClearSolutions makes of the teacher's edition),
// the solution cells gone, the exercise cells' outputs cleared.
func StudentEdition(nb *Notebook, exs []Exercise) (*Notebook, error) {
	return edition(nb, exs, func(*Notebook, Exercise) {})
}

// strings collects every string in a decoded JSON value.
func jsonStrings(v any, out *strings.Builder) {
	switch t := v.(type) {
	case string:
		out.WriteString(t)
		out.WriteByte('\n')
	case []any:
		for _, e := range t {
			jsonStrings(e, out)
		}
	case map[string]any:
		for k, e := range t {
			out.WriteString(k)
			out.WriteByte('\n')
			jsonStrings(e, out)
		}
	}
}

// CheckNoSolutions returns an error if the notebook file content data
// shows any solution of exs: solution delimiters, a solution block's
// summary, a solution's added code, or any of its added lines (10 or more
// characters) that the learner's notebook learner shows nowhere else.
func CheckNoSolutions(data []byte, learner *Notebook, exs []Exercise) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("nbrun: student edition: %w", err)
	}
	var b strings.Builder
	jsonStrings(v, &b)
	text := b.String()
	for _, s := range []string{"BEGIN SOLUTION", "END SOLUTION", SolutionSummary} {
		if strings.Contains(text, s) {
			return fmt.Errorf("nbrun: student edition contains %q", s)
		}
	}
	solution := map[int]bool{}
	for _, ex := range exs {
		solution[ex.Solution] = true
	}
	var elsewhere strings.Builder
	for i, c := range learner.Cells {
		if !solution[i] {
			elsewhere.WriteString(c.Source + "\n" + c.Text())
		}
	}
	for _, ex := range exs {
		if strings.Contains(text, strings.TrimSpace(ex.Middle)) {
			return fmt.Errorf("nbrun: student edition contains the solution of %s", ex.ID)
		}
		for _, l := range strings.Split(ex.Middle, "\n") {
			l = strings.TrimSpace(l)
			if len(l) >= 10 && !strings.Contains(elsewhere.String(), l) && strings.Contains(text, l) {
				return fmt.Errorf("nbrun: student edition contains the line %q of the solution of %s", l, ex.ID)
			}
		}
	}
	return nil
}

// ExecuteGrading is Execute with grading mode on or off: GRADNB_GRADING=1
// (or empty) in the kernel's environment, so that a wrong answer's check
// cell fails (or only shows its hint). It sets the variable through a copy
// of e's Extra, never in this process's environment, so concurrent calls
// are independent.
func (e *Env) ExecuteGrading(ctx context.Context, path string, timeout time.Duration, grading bool) (*Notebook, time.Duration, []byte, error) {
	g := *e
	g.Extra = append(slices.Clip(e.Extra), gradingEnv+"=")
	if grading {
		g.Extra[len(g.Extra)-1] = gradingEnv + "=1"
	}
	return g.Execute(ctx, path, timeout)
}

// gradingEnv is kernelhelpers.GradingEnv (nbrun does not import the
// display package).
const gradingEnv = "GRADNB_GRADING"
