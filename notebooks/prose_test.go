package notebooks_test

import (
	"fmt"
	"html"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// Issue 12's rule: every number quoted in a notebook's prose comes from an
// output of the same notebook. TestProseNumbers checks it on the committed
// notebooks without Jupyter; each notebook's Jupyter test asserts that the
// committed outputs equal fresh ones, so together they tie the prose to what
// the code computes.
//
// A number in a markdown cell passes when it is
//   - a small count (an integer of magnitude ≤ 20: "3 つ", "ステップ 4"),
//   - a literal of a code cell (a parameter the reader sees set), or
//   - printed by some cell, to the digits quoted (half a unit of the last
//     digit), sign ignored; a bare power of ten ("10^{-16} 程度") states an
//     order of magnitude, which some printed number must have (within a
//     factor √10);
//
// or when it is listed in proseAllowed with the reason it cannot be
// printed (a number the source document states, a year, a citation).
// Code spans, LaTeX sub- and superscripts, identifiers with digits, exercise
// statements (which set the exercise's parameters) and solutions are not
// checked.

// proseAllowed lists, per notebook, numbers the prose may quote without a
// cell printing them, each with its reason. Each notebook's own test file
// fills in its entries (and its companion's) in an init function.
var proseAllowed = map[string]map[string]string{}

var (
	proseNumber   = regexp.MustCompile(`-?\d+(?:,\d{3})*(?:\.\d+)?(?:e-?\d+)?`)
	proseTimesTen = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*\\times\s*10\^\{(-?\d+)\}`)
	proseTenPow   = regexp.MustCompile(`10\^\{(-?\d+)\}`)
	proseScript   = regexp.MustCompile(`[_^]\{?-?\d+\}?|[A-Za-z\p{Greek}]\d+|\d+[A-Za-z]`)
	proseCodeSpan = regexp.MustCompile("`[^`]*`")
	proseLink     = regexp.MustCompile(`\]\([^)]*\)`)
	proseTag      = regexp.MustCompile(`<[^>]*>`)
)

// proseTokens returns the numbers written in text, normalised for
// strconv.ParseFloat: LaTeX "a \times 10^{k}" and "10^{k}" as aek, the
// Unicode minus as "-", thousands separators dropped.
func proseTokens(text string) []string {
	text = strings.ReplaceAll(text, "−", "-")
	// Numbers in LaTeX's scientific form are taken out first, whole, so
	// that removing sub- and superscripts below cannot cut them apart.
	var sci []string
	text = proseTimesTen.ReplaceAllStringFunc(text, func(m string) string {
		sm := proseTimesTen.FindStringSubmatch(m)
		sci = append(sci, sm[1]+"e"+sm[2])
		return " "
	})
	text = proseTenPow.ReplaceAllStringFunc(text, func(m string) string {
		// A bare power of ten states an order of magnitude ("10^{-16} 程度").
		sci = append(sci, "~1e"+proseTenPow.FindStringSubmatch(m)[1])
		return " "
	})
	text = proseScript.ReplaceAllString(text, " ")
	toks := proseNumber.FindAllString(text, -1)
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(t, ",", "")
	}
	return append(toks, sci...)
}

// quotedTolerance is half a unit of the last digit of tok.
func quotedTolerance(tok string, v float64) float64 {
	mant, exp, _ := strings.Cut(tok, "e")
	digits := 0
	if _, frac, ok := strings.Cut(mant, "."); ok {
		digits = len(frac)
	}
	e := 0
	if exp != "" {
		e, _ = strconv.Atoi(exp)
	}
	return 0.5*math.Pow(10, float64(e-digits)) + 1e-12*math.Abs(v)
}

// proseProblems applies the rule to one notebook.
func proseProblems(nb *nbrun.Notebook, name string) ([]string, error) {
	exs, err := nbrun.FindExercises(nb, name)
	if err != nil {
		return nil, err
	}
	skip := map[int]bool{}
	for _, ex := range exs {
		skip[ex.Solution] = true
		// The statement: the markdown cells right before the starter.
		for i := ex.Answer - 1; i >= 0 && nb.Cells[i].Type == "markdown"; i-- {
			skip[i] = true
			if startsExercise(nb.Cells[i].Source) {
				break
			}
		}
	}
	literals := map[string]bool{}
	var printed []float64
	for _, c := range nb.CodeCells() {
		for _, tok := range proseTokens(c.Source) {
			literals[strings.TrimPrefix(tok, "-")] = true
		}
		// Outputs are read as plain numbers: 9.7e-05 is one number there.
		// A table's cells are in its HTML (its text/plain is a summary).
		out := c.Text()
		for _, o := range c.Outputs {
			if h := o.Data["text/html"]; strings.Contains(h, `class="gradnb-table"`) {
				out += " " + html.UnescapeString(proseTag.ReplaceAllString(h, " "))
			}
		}
		for _, tok := range proseNumber.FindAllString(strings.ReplaceAll(out, "−", "-"), -1) {
			tok = strings.ReplaceAll(tok, ",", "")
			if v, err := strconv.ParseFloat(tok, 64); err == nil {
				printed = append(printed, math.Abs(v))
			}
		}
	}
	allowed := proseAllowed[name]
	var problems []string
	for i, c := range nb.Cells {
		if c.Type != "markdown" || skip[i] || strings.HasPrefix(strings.TrimSpace(c.Source), "<details>") {
			continue
		}
		text := proseLink.ReplaceAllString(proseCodeSpan.ReplaceAllString(c.Source, " "), "]")
		for _, tok := range proseTokens(text) {
			if mag, ok := strings.CutPrefix(tok, "~"); ok {
				// An order of magnitude: some printed number within a
				// factor √10 of it.
				v, _ := strconv.ParseFloat(mag, 64)
				found := false
				for _, p := range printed {
					if p > 0 && math.Abs(math.Log10(p)-math.Log10(v)) <= 0.5 {
						found = true
						break
					}
				}
				if !found && allowed[mag] == "" {
					problems = append(problems, fmt.Sprintf("markdown cell %d states the order of magnitude %s, which no printed number has", i+1, mag))
				}
				continue
			}
			abs := strings.TrimPrefix(tok, "-")
			v, err := strconv.ParseFloat(abs, 64)
			if err != nil || (v == math.Trunc(v) && v <= 20) || literals[abs] {
				continue
			}
			if _, ok := allowed[abs]; ok {
				continue
			}
			tol := quotedTolerance(abs, v)
			found := false
			for _, p := range printed {
				if math.Abs(p-v) <= tol {
					found = true
					break
				}
			}
			if !found {
				problems = append(problems, fmt.Sprintf("markdown cell %d quotes %s, which no cell prints and no code cell sets", i+1, tok))
			}
		}
	}
	return problems, nil
}

func TestProseNumbers(t *testing.T) {
	paths, err := filepath.Glob("0*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks found: %v", err)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(p, ".ipynb")
		t.Run(name, func(t *testing.T) {
			nb, err := nbrun.Read(p)
			if err != nil {
				t.Fatal(err)
			}
			problems, err := proseProblems(nb, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range problems {
				t.Error(s)
			}
		})
	}
}

// LaTeX's scientific form is read as one number: 2.3 \times 10^{-7} is
// 2.3e-7, not "2." and "-7" (which would pass as small counts).
func TestProseTokensScientific(t *testing.T) {
	got := proseTokens(`rows within $2.3 \times 10^{-7}$, and $10^{-10}$ of $x_0$`)
	want := []string{"2.3e-7", "~1e-10"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("proseTokens = %q, want %q", got, want)
	}
}

// The rule catches the kind of error issue 12 found: notebook 04 once said
// 1/f″ was −5.8 at x = 0.57 while its own table printed −9.881.
func TestProseNumbersCatchesAWrongQuote(t *testing.T) {
	nb, err := nbrun.Parse([]byte(`{"cells": [
 {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["x := 0.57"],
  "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1/f'' = -9.881\n"]}]},
 {"cell_type": "markdown", "metadata": {}, "source": ["x = 0.57 の 1/f'' は −5.8 です（表では −9.881）。"]}
], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`))
	if err != nil {
		t.Fatal(err)
	}
	problems, err := proseProblems(nb, "99_fixture.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "-5.8") {
		t.Errorf("problems = %q, want exactly one naming -5.8", problems)
	}
}
