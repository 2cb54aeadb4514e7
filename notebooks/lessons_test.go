package notebooks_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// Issue 17: each notebook is a 90-minute lesson, and what does not fit in
// one moved to a companion notebook. These tests read the committed
// notebooks (no Jupyter): each lesson's size before its exercises, where
// the first output of the source's own experiment appears, the links
// between lesson and companion, how Jupyter's file lists sort them, and
// that every section and figure of the notebooks as they were before the
// split (testdata/before_lessons.json) is in the lesson or the companion.

// lessons pairs each lesson with its companion.
var lessons = []struct{ Lesson, Companion string }{
	{"01_gradient_descent.ipynb", "01a_gradient_descent_companion.ipynb"},
	{"02_momentum.ipynb", "02a_momentum_companion.ipynb"},
	{"03_momentum_least_squares.ipynb", "03a_momentum_least_squares_companion.ipynb"},
	{"04_newton_vs_gradient_descent.ipynb", "04a_newton_vs_gradient_descent_companion.ipynb"},
	{"05_line_search.ipynb", "05a_line_search_companion.ipynb"},
}

// Lesson targets (issue 17): before the exercises at most this many cells
// and characters of markdown; the first output of the source's own
// experiment within the first firstOutputCell cells.
const (
	maxLessonCells     = 30
	maxLessonMarkdown  = 6000
	firstOutputCell    = 8
	exercisesPerLesson = 5
)

// firstOutput maps a lesson to a line that the first experiment of its
// source document prints (or, where the source prints nothing first, the
// text/plain of its first figure). Each notebook's test file sets its entry.
var firstOutput = map[string]string{}

// Moved says where a section (a markdown heading) of a notebook as it was
// before the split went: into notebook To, under a heading that contains
// Heading. An exercise that was replaced by a new one says Why instead.
type Moved struct {
	From        string // the old heading line, as in testdata/before_lessons.json
	To, Heading string
	Why         string
}

// whereWent lists, per notebook as it was before the split, where each of
// its sections went; outputRenamed maps the text/plain of an old figure,
// animation, explorable or table to the text/plain it has now, where it
// changed. Each notebook's test file sets its entries.
var (
	whereWent     = map[string][]Moved{}
	outputRenamed = map[string]map[string]string{}
)

// exercisesStart returns the index of the markdown cell that opens the
// exercises (a heading whose text starts with 練習問題), or len(cells).
func exercisesStart(nb *nbrun.Notebook) int {
	for i, c := range nb.Cells {
		if c.Type == "markdown" && startsExercise(c.Source) {
			return i
		}
	}
	return len(nb.Cells)
}

// startsExercise reports whether a markdown cell opens an exercise (or
// the exercises): it starts with a heading or a bold line naming 練習問題.
func startsExercise(src string) bool {
	return strings.HasPrefix(strings.TrimLeft(src, " #*\n"), "練習問題") && strings.ContainsAny(strings.TrimLeft(src, " \n")[:1], "#*")
}

func readCommitted(t *testing.T, name string) *nbrun.Notebook {
	t.Helper()
	nb, err := nbrun.Read(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return nb
}

func TestLessonTargets(t *testing.T) {
	for _, l := range lessons {
		t.Run(strings.TrimSuffix(l.Lesson, ".ipynb"), func(t *testing.T) {
			nb := readCommitted(t, l.Lesson)
			ex := exercisesStart(nb)
			if ex == len(nb.Cells) {
				t.Fatalf("no exercises (a markdown cell starting with a 練習問題 heading)")
			}
			md := 0
			summary := false
			for _, c := range nb.Cells[:ex] {
				if c.Type == "markdown" {
					md += utf8.RuneCountInString(c.Source)
					summary = summary || strings.Contains(c.Source, "## まとめ")
				}
			}
			t.Logf("%d cells and %d markdown characters before the exercises", ex, md)
			if ex > maxLessonCells {
				t.Errorf("%d cells before the exercises, want ≤ %d", ex, maxLessonCells)
			}
			if md > maxLessonMarkdown {
				t.Errorf("%d characters of markdown before the exercises, want ≤ %d", md, maxLessonMarkdown)
			}
			if !summary {
				t.Errorf("no まとめ section before the exercises")
			}
			want, ok := firstOutput[l.Lesson]
			if !ok {
				t.Fatalf("firstOutput has no entry for %s", l.Lesson)
			}
			first := -1
			for i, c := range nb.Cells {
				if c.Type != "code" {
					continue
				}
				text := c.Text()
				for _, o := range c.Rich() {
					text += "\n" + o.Data["text/plain"]
				}
				if strings.Contains(text, want) {
					first = i
					break
				}
			}
			if first < 0 {
				t.Fatalf("no cell shows the source's first output %q", want)
			}
			t.Logf("the source's first output %q is in cell %d", want, first+1)
			if first+1 > firstOutputCell {
				t.Errorf("the source's first output %q is in cell %d, want within the first %d", want, first+1, firstOutputCell)
			}
			exs, err := nbrun.FindExercises(nb, l.Lesson)
			if err != nil {
				t.Fatal(err)
			}
			if len(exs) != exercisesPerLesson {
				t.Errorf("%d exercises, want %d", len(exs), exercisesPerLesson)
			}
			for _, e := range exs {
				if e.Answer < ex {
					t.Errorf("%s starts before the exercises' heading", e.ID)
				}
				checkStatement(t, nb, e)
			}
		})
	}
}

var (
	goFenceAny = regexp.MustCompile("```")
	callSpan   = regexp.MustCompile("`[^`]*\\b[a-z]\\w*\\.[A-Z]\\w*\\([^`]*`")
)

// checkStatement asserts that an exercise's statement (the markdown cells
// before its starter, its hint included) shows no code to type: no fenced
// block and no code span that calls into a package.
func checkStatement(t *testing.T, nb *nbrun.Notebook, e nbrun.Exercise) {
	t.Helper()
	for i := e.Answer - 1; i >= 0 && nb.Cells[i].Type == "markdown"; i-- {
		src := nb.Cells[i].Source
		if goFenceAny.MatchString(src) {
			t.Errorf("%s: the statement (cell %d) has a fenced code block: it would be transcribed, not thought", e.ID, i+1)
		}
		if m := callSpan.FindString(src); m != "" {
			t.Errorf("%s: the statement (cell %d) shows the call %s to type", e.ID, i+1, m)
		}
		if startsExercise(src) {
			break
		}
	}
}

// TestLessonCompanionLinks: each says where the other is, as a link.
func TestLessonCompanionLinks(t *testing.T) {
	for _, l := range lessons {
		lesson, comp := readCommitted(t, l.Lesson), readCommitted(t, l.Companion)
		if !linksTo(lesson, l.Companion) {
			t.Errorf("%s has no link to its companion %s", l.Lesson, l.Companion)
		}
		if !linksTo(comp, l.Lesson) {
			t.Errorf("%s has no link back to its lesson %s", l.Companion, l.Lesson)
		}
		if len(comp.Cells) == 0 || !linksTo(&nbrun.Notebook{Cells: comp.Cells[:min(2, len(comp.Cells))]}, l.Lesson) {
			t.Errorf("%s does not link back to its lesson at its top", l.Companion)
		}
		if exs, err := nbrun.FindExercises(comp, l.Companion); err != nil {
			t.Errorf("%s: %v", l.Companion, err)
		} else if len(exs) > 0 {
			t.Errorf("%s has %d exercises; the lesson's five are the exercises", l.Companion, len(exs))
		}
	}
}

func linksTo(nb *nbrun.Notebook, name string) bool {
	for _, c := range nb.Cells {
		if c.Type == "markdown" && strings.Contains(c.Source, "]("+name+")") {
			return true
		}
	}
	return false
}

// TestCompanionSortsAfterLesson: in the classic Notebook's file list
// (notebooks before other files, names compared lower-cased, byte by byte)
// and in JupyterLab's and VS Code's (the locale's collation, which puts
// "_" before "."), every companion comes right after its lesson.
func TestCompanionSortsAfterLesson(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var notebooks, all []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		all = append(all, e.Name())
		if strings.HasSuffix(e.Name(), ".ipynb") {
			notebooks = append(notebooks, e.Name())
		}
	}
	classic := slices.Clone(notebooks)
	slices.SortFunc(classic, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	icu := slices.Clone(all)
	collate.New(language.Und, collate.Numeric).SortStrings(icu)
	for _, order := range []struct {
		name  string
		names []string
	}{{"classic Notebook", classic}, {"JupyterLab (collation)", icu}} {
		for _, l := range lessons {
			i, j := slices.Index(order.names, l.Lesson), slices.Index(order.names, l.Companion)
			if i < 0 || j != i+1 {
				t.Errorf("%s: %s is at %d and its companion %s at %d, want right after it: %q", order.name, l.Lesson, i, l.Companion, j, order.names)
			}
		}
	}
}

// TestNothingLost: every section and every figure, animation, explorable
// and table of the five notebooks as they were before the split is in the
// lesson or its companion.
func TestNothingLost(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "before_lessons.json"))
	if err != nil {
		t.Fatal(err)
	}
	var before map[string]struct{ Headings, Outputs []string }
	if err := json.Unmarshal(data, &before); err != nil {
		t.Fatal(err)
	}
	for _, l := range lessons {
		t.Run(strings.TrimSuffix(l.Lesson, ".ipynb"), func(t *testing.T) {
			old, ok := before[l.Lesson]
			if !ok {
				t.Fatalf("testdata/before_lessons.json has no %s", l.Lesson)
			}
			now := map[string]*nbrun.Notebook{l.Lesson: readCommitted(t, l.Lesson), l.Companion: readCommitted(t, l.Companion)}
			mapped := map[string]Moved{}
			for _, m := range whereWent[l.Lesson] {
				mapped[m.From] = m
			}
			for _, h := range old.Headings {
				m, ok := mapped[h]
				switch {
				case !ok:
					t.Errorf("the section %q: whereWent does not say where it went", h)
				case m.To == "":
					if m.Why == "" || !strings.Contains(h, "練習問題") {
						t.Errorf("the section %q went nowhere: only a replaced exercise may (with Why)", h)
					}
				case now[m.To] == nil:
					t.Errorf("the section %q went to %s, which is neither the lesson nor its companion", h, m.To)
				case !hasHeading(now[m.To], m.Heading):
					t.Errorf("the section %q went to %s under %q, but it has no such heading", h, m.To, m.Heading)
				}
			}
			var plains []string
			for _, nb := range now {
				for _, c := range nb.CodeCells() {
					for _, o := range c.Rich() {
						plains = append(plains, o.Data["text/plain"])
					}
				}
			}
			for _, p := range old.Outputs {
				want := p
				if r, ok := outputRenamed[l.Lesson][p]; ok {
					want = r
				}
				if !slices.Contains(plains, want) {
					t.Errorf("the output %q is in neither the lesson nor its companion%s", p, renamedNote(p, want))
				}
			}
		})
	}
}

func renamedNote(old, now string) string {
	if old == now {
		return ""
	}
	return fmt.Sprintf(" (as %q)", now)
}

func hasHeading(nb *nbrun.Notebook, text string) bool {
	for _, c := range nb.Cells {
		if c.Type != "markdown" {
			continue
		}
		for _, line := range strings.Split(c.Source, "\n") {
			if strings.HasPrefix(line, "#") && strings.Contains(line, text) {
				return true
			}
		}
	}
	return false
}
