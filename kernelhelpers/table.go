package kernelhelpers

import (
	"fmt"
	"html"
	"strings"
)

// DefaultTableRows is the number of rows a Table shows when MaxRows is zero.
const DefaultTableRows = 20

// Table is a table of values shown as HTML: the spreadsheet view of seed 001
// (sample, x, y, gradient, averaged gradient, a, b for each update). Long
// tables are truncated in the middle: the first and last rows are shown with
// a row saying how many were left out, so the output stays small however
// long the run.
type Table struct {
	// Caption is shown above the table and is its text/plain view.
	Caption string
	// Header names the columns.
	Header []string
	// Rows hold the cells, already formatted (see Columns). Rows may be
	// shorter than Header; missing cells are left empty.
	Rows [][]string
	// MaxRows is the largest number of rows shown; 0 means
	// DefaultTableRows and a negative value shows every row.
	MaxRows int
}

// Columns turns columns of numbers into table rows, formatting every value
// with format ("%.3f"). Columns of different lengths leave empty cells.
func Columns(format string, cols ...[]float64) [][]string {
	n := 0
	for _, c := range cols {
		n = max(n, len(c))
	}
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = make([]string, len(cols))
		for j, c := range cols {
			if i < len(c) {
				rows[i][j] = fmt.Sprintf(format, c[i])
			}
		}
	}
	return rows
}

// TableHTML returns the table as HTML. Every caption, header and cell is
// escaped, so a value such as "<script>" shows as text. The styling is
// inline and minimal, so that sanitised views keep a readable table.
func TableHTML(t Table) string {
	limit := t.MaxRows
	if limit == 0 {
		limit = DefaultTableRows
	}
	width := len(t.Header)
	for _, r := range t.Rows {
		width = max(width, len(r))
	}
	var b strings.Builder
	b.WriteString(`<table class="gradnb-table" style="border-collapse:collapse;font:12px monospace;text-align:right">`)
	if t.Caption != "" {
		fmt.Fprintf(&b, `<caption style="text-align:left;font:bold 13px sans-serif">%s</caption>`, html.EscapeString(t.Caption))
	}
	cell := func(tag, s string) {
		fmt.Fprintf(&b, `<%s style="padding:1px 6px;border-bottom:1px solid #ddd">%s</%s>`, tag, html.EscapeString(s), tag)
	}
	if len(t.Header) > 0 {
		b.WriteString("<thead><tr>")
		for i := range width {
			h := ""
			if i < len(t.Header) {
				h = t.Header[i]
			}
			cell("th", h)
		}
		b.WriteString("</tr></thead>")
	}
	b.WriteString("<tbody>")
	row := func(r []string) {
		b.WriteString("<tr>")
		for i := range width {
			s := ""
			if i < len(r) {
				s = r[i]
			}
			cell("td", s)
		}
		b.WriteString("</tr>\n")
	}
	n := len(t.Rows)
	if limit < 0 || n <= limit {
		for _, r := range t.Rows {
			row(r)
		}
	} else {
		head := (limit + 1) / 2
		tail := limit - head
		for _, r := range t.Rows[:head] {
			row(r)
		}
		fmt.Fprintf(&b, `<tr><td colspan="%d" style="text-align:center;color:#666">… %d rows not shown …</td></tr>`+"\n", max(width, 1), n-limit)
		for _, r := range t.Rows[n-tail:] {
			row(r)
		}
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// tablePlain is the text/plain view of a table.
func tablePlain(t Table) string {
	return fmt.Sprintf("table: %s (%d rows × %d columns)", t.Caption, len(t.Rows), len(t.Header))
}
