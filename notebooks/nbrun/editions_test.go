package nbrun

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const fixture = "testdata/00_exercise_fixture.ipynb"

// fixtureJSON returns the fixture as decoded JSON, to be broken by a test.
func fixtureJSON(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// parseJSON turns decoded JSON back into a Notebook.
func parseJSON(t *testing.T, m map[string]any) *Notebook {
	t.Helper()
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func cellAt(m map[string]any, i int) map[string]any { return m["cells"].([]any)[i].(map[string]any) }

func TestFindExercisesFixture(t *testing.T) {
	nb, err := Read(fixture)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := FindExercises(nb, fixture)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 2 || exs[0].ID != "ex00_1" || exs[1].ID != "ex00_2" || exs[0].Hint != 4 || exs[0].Answer != 5 || exs[0].Check != 6 || exs[0].Solution != 7 || exs[1].Hint != 9 {
		t.Fatalf("exercises: %+v", exs)
	}
	want := "// |x₃₀ − 5|：x₀ = −5、学習率 0.99、30 回の更新のあと\nfunc ex00_1() (dist float64) {\n\t// BEGIN SOLUTION\n\tx := -5.0\n\tfor k := 0; k < 30; k++ {\n\t\tx -= 0.99 * -2 * (5 - x)\n\t}\n\tdist = math.Abs(x - 5)\n\t// END SOLUTION\n\treturn\n}"
	if exs[0].Teacher != want {
		t.Errorf("teacher cell:\n%s\nwant\n%s", exs[0].Teacher, want)
	}
	for _, ex := range exs {
		if got := ClearSolutions(ex.Teacher, StubLine); got != ex.Starter {
			t.Errorf("%s: ClearSolutions(teacher) = %q, want the starter %q", ex.ID, got, ex.Starter)
		}
	}
}

func TestClearSolutions(t *testing.T) {
	src := "a\n  // BEGIN SOLUTION\n  x := 1\n  // END SOLUTION\nb\n\t// BEGIN SOLUTION\n\ty\n\t// END SOLUTION"
	if got, want := ClearSolutions(src, "// ここに書く\nreturn"), "a\n  // ここに書く\n  return\nb\n\t// ここに書く\n\treturn"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFindExercisesRejects(t *testing.T) {
	for _, c := range []struct {
		name, want string
		breakIt    func(m map[string]any)
	}{
		{"no details block", "one <details>", func(m map[string]any) { cellAt(m, 7)["source"] = "解答：x を更新する" }},
		{"no Go fence", "exactly one ```go fence", func(m map[string]any) {
			cellAt(m, 7)["source"] = "<details><summary>解答例 (solution)</summary>\n\n```\nx\n```\n</details>"
		}},
		{"no summary", "<summary>解答例", func(m map[string]any) {
			cellAt(m, 7)["source"] = "<details>\n\n```go\nx\n```\n</details>"
		}},
		{"check grade_id mismatch", `grade_id "ex00_1_check" (found "ex00_9_check")`, func(m map[string]any) {
			cellAt(m, 6)["metadata"].(map[string]any)["nbgrader"].(map[string]any)["grade_id"] = "ex00_9_check"
		}},
		{"duplicated grade_id", `grade_id "ex00_1_answer" is already used by cell 6`, func(m map[string]any) {
			cellAt(m, 10)["metadata"].(map[string]any)["nbgrader"].(map[string]any)["grade_id"] = "ex00_1_answer"
		}},
		{"wrong notebook number", "NN must be the notebook's number 00", func(m map[string]any) {
			cellAt(m, 5)["metadata"].(map[string]any)["nbgrader"].(map[string]any)["grade_id"] = "ex03_1_answer"
			cellAt(m, 6)["metadata"].(map[string]any)["nbgrader"].(map[string]any)["grade_id"] = "ex03_1_check"
		}},
		{"no stub line", `no line "// ここに書く"`, func(m map[string]any) {
			cellAt(m, 5)["source"] = "func ex00_1() (dist float64) {\n\treturn\n}"
		}},
		{"solution changes the starter", "the solution must keep them", func(m map[string]any) {
			cellAt(m, 5)["source"] = "// |x₃₀ − 5|\nfunc ex00_1() (d float64) {\n\t// ここに書く\n\treturn\n}"
		}},
		{"unlocked check", "must be locked", func(m map[string]any) {
			cellAt(m, 6)["metadata"].(map[string]any)["nbgrader"].(map[string]any)["locked"] = false
		}},
		{"stray solution block", "follows no check cell", func(m map[string]any) {
			cells := m["cells"].([]any)
			m["cells"] = append(cells, cellAt(m, 7))
		}},
		{"no hint", "must follow its hint", func(m map[string]any) {
			cellAt(m, 4)["source"] = "ヒントなし"
		}},
		{"hint with code", "shows code", func(m map[string]any) {
			cellAt(m, 4)["source"] = "<details><summary>ヒント</summary>\n\n```go\nx -= lr * g\n```\n</details>"
		}},
		{"stray hint", "precedes no starter cell", func(m map[string]any) {
			cells := m["cells"].([]any)
			m["cells"] = append(cells, cellAt(m, 4))
		}},
		{"check without starter", "follows no starter cell", func(m map[string]any) {
			cellAt(m, 9)["source"] = "ヒントなし"
			delete(cellAt(m, 10)["metadata"].(map[string]any), "nbgrader")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := fixtureJSON(t)
			c.breakIt(m)
			_, err := FindExercises(parseJSON(t, m), fixture)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestEditionsContent(t *testing.T) {
	nb, err := Read(fixture)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := FindExercises(nb, fixture)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := LessonPlan(fixture)
	if err != nil {
		t.Fatal(err)
	}
	teacher, err := TeacherEdition(nb, exs, plan)
	if err != nil {
		t.Fatal(err)
	}
	student, err := StudentEdition(nb, exs)
	if err != nil {
		t.Fatal(err)
	}
	if len(teacher.Cells) != len(nb.Cells)-1 || len(student.Cells) != len(nb.Cells)-2 {
		t.Fatalf("cells: learner %d, teacher %d, student %d; want the 2 solution cells dropped and the plan added to the teacher's", len(nb.Cells), len(teacher.Cells), len(student.Cells))
	}
	// The plan: the teacher's second cell, nowhere in the student's; the
	// hints: in both.
	if c := teacher.Cells[1]; c.Type != "markdown" || c.Source != plan || !strings.HasPrefix(plan, PlanHeading) {
		t.Errorf("teacher's cell 2 is %s %q, want the plan", c.Type, c.Source)
	}
	for _, ed := range []*Notebook{teacher, student} {
		hints := 0
		for _, c := range ed.Cells {
			if isBlock(c, HintSummary) {
				hints++
			}
			if ed == student && strings.Contains(c.Source, PlanHeading) {
				t.Errorf("the student's edition has the lesson plan")
			}
		}
		if hints != len(exs) {
			t.Errorf("an edition has %d hints, want %d", hints, len(exs))
		}
	}
	for _, ex := range exs {
		tc, sc := teacher.CellByGradeID(ex.ID+"_answer"), student.CellByGradeID(ex.ID+"_answer")
		if tc.Source != ex.Teacher || sc.Source != ex.Starter {
			t.Errorf("%s: teacher %q student %q", ex.ID, tc.Source, sc.Source)
		}
		// nbgrader's view: clearing the teacher's cell gives the student's.
		if ClearSolutions(tc.Source, StubLine) != sc.Source {
			t.Errorf("%s: ClearSolutions(teacher) differs from the student's cell", ex.ID)
		}
	}
	data, err := student.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNoSolutions(data, nb, exs); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(data); err != nil {
		t.Fatal(err)
	}
	// The leak detector finds a solution line put in an output, and the
	// teacher's edition.
	leak := strings.Replace(string(data), `"outputs": []`, `"outputs": [{"output_type": "stream", "name": "stdout", "text": "\t\tx -= 0.99 * -2 * (5 - x)\n"}]`, 1)
	if err := CheckNoSolutions([]byte(leak), nb, exs); err == nil || !strings.Contains(err.Error(), "ex00_1") {
		t.Errorf("leaked solution line not found: %v", err)
	}
	tdata, _ := teacher.Marshal()
	if err := CheckNoSolutions(tdata, nb, exs); err == nil {
		t.Error("the teacher's edition passes as a student's")
	}
}

func TestLessonPlanMissing(t *testing.T) {
	dir := t.TempDir()
	if _, err := LessonPlan(dir + "/07_none.ipynb"); err == nil || !strings.Contains(err.Error(), "07_none.ipynb") {
		t.Errorf("a missing plan: %v, want an error naming the notebook", err)
	}
	os.MkdirAll(dir+"/teacher", 0o755)
	os.WriteFile(dir+"/teacher/07_none.md", []byte("# 計画\n"), 0o644)
	if _, err := LessonPlan(dir + "/07_none.ipynb"); err == nil || !strings.Contains(err.Error(), PlanHeading) {
		t.Errorf("a plan without its heading: %v, want an error naming %q", err, PlanHeading)
	}
}
