package kernelhelpers

import (
	"fmt"
	"html"
)

// ProgressHTML returns a progress bar as HTML: label, a bar filled to
// done/total and "done / total (p%)". The numbers are text, so the bar still
// reads where styles are stripped. A non-empty note replaces the counts (a
// final summary such as "converged after 8,242 updates"). Everything is
// escaped.
func ProgressHTML(label string, done, total int, note string) string {
	if total < 1 {
		total = 1
	}
	done = min(max(done, 0), total)
	pct := 100 * done / total
	text := fmt.Sprintf("%d / %d (%d%%)", done, total, pct)
	if note != "" {
		text = note
	}
	return fmt.Sprintf(`<div class="gradnb-progress" style="font:13px sans-serif"><span>%s</span> `+
		`<span style="display:inline-block;vertical-align:middle;width:200px;height:10px;border:1px solid #888">`+
		`<span style="display:block;height:100%%;width:%d%%;background:#1f77b4"></span></span> <span>%s</span></div>`,
		html.EscapeString(label), pct, html.EscapeString(text))
}

// progressPlain is the text/plain view of a progress bar.
func progressPlain(label string, done, total int, note string) string {
	if note != "" {
		return fmt.Sprintf("%s: %s", label, note)
	}
	return fmt.Sprintf("%s: %d / %d", label, done, total)
}
