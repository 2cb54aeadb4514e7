// Package nbrun executes the gradnb notebooks headless through Jupyter and
// keeps their committed form deterministic. It is used by `make run` (the
// command in notebooks/cmd/nbrun) and by the notebook tests.
//
// A notebook is executed by the real client, `jupyter nbconvert --to
// notebook --execute`, with the GoNB kernel registered in a Jupyter data
// directory of the caller's choice, an explicit cell timeout and no timing
// metadata. The result is normalised: content-hash cell ids, consecutive
// stream outputs merged, fixed notebook metadata.
package nbrun

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Notebook is an .ipynb document. Unknown fields are kept as they are.
type Notebook struct {
	raw   map[string]any
	Cells []*Cell
}

// Cell is one cell of a notebook.
type Cell struct {
	raw     map[string]any
	Type    string // "code", "markdown" or "raw"
	Source  string
	Outputs []*Output
}

// Output is one output of a code cell.
type Output struct {
	raw map[string]any
	// Type is "stream", "display_data", "execute_result" or "error".
	Type string
	// Name is "stdout" or "stderr" for streams.
	Name string
	// Text is the text of a stream.
	Text string
	// Data maps MIME types to their content, joined into one string.
	Data map[string]string
	// EName and EValue describe an error output.
	EName, EValue string
}

// joinText reads a string or a list of strings, as nbformat stores text.
func joinText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		var b strings.Builder
		for _, s := range t {
			if str, ok := s.(string); ok {
				b.WriteString(str)
			}
		}
		return b.String()
	}
	return ""
}

// splitLines stores text as nbformat does: a list of lines that keep their
// newlines.
func splitLines(s string) []any {
	out := []any{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// Parse decodes an .ipynb document.
func Parse(data []byte) (*Notebook, error) {
	nb := &Notebook{}
	if err := json.Unmarshal(data, &nb.raw); err != nil {
		return nil, fmt.Errorf("nbrun: not a notebook: %w", err)
	}
	cells, _ := nb.raw["cells"].([]any)
	for i, c := range cells {
		m, ok := c.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("nbrun: cell %d is not an object", i)
		}
		cell := &Cell{raw: m, Source: joinText(m["source"])}
		cell.Type, _ = m["cell_type"].(string)
		outs, _ := m["outputs"].([]any)
		for _, o := range outs {
			om, ok := o.(map[string]any)
			if !ok {
				continue
			}
			out := &Output{raw: om, Data: map[string]string{}}
			out.Type, _ = om["output_type"].(string)
			out.Name, _ = om["name"].(string)
			out.Text = joinText(om["text"])
			out.EName, _ = om["ename"].(string)
			out.EValue, _ = om["evalue"].(string)
			if d, ok := om["data"].(map[string]any); ok {
				for k, v := range d {
					out.Data[k] = joinText(v)
				}
			}
			cell.Outputs = append(cell.Outputs, out)
		}
		nb.Cells = append(nb.Cells, cell)
	}
	return nb, nil
}

// Read reads and parses an .ipynb file.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// KernelName is the kernel every gradnb notebook uses.
const KernelName = "gonb"

// Normalize makes the notebook deterministic: cell ids are hashes of the
// cell's position and source, each cell's outputs are put in canonical order
// (see canonicalOutputs), timing and execution metadata are dropped, and the notebook
// metadata names the gonb kernel and nothing machine-specific.
func (nb *Notebook) Normalize() {
	nb.raw["metadata"] = map[string]any{
		"kernelspec":    map[string]any{"name": KernelName, "display_name": "Go (gonb)", "language": "go"},
		"language_info": map[string]any{"name": "go", "file_extension": ".go", "mimetype": ""},
	}
	nb.raw["nbformat"] = 4
	nb.raw["nbformat_minor"] = 5
	cells := make([]any, 0, len(nb.Cells))
	for i, c := range nb.Cells {
		h := sha256.Sum256([]byte(fmt.Sprintf("%d\x00%s\x00%s", i, c.Type, c.Source)))
		c.raw["id"] = hex.EncodeToString(h[:6])
		c.raw["source"] = splitLines(c.Source)
		if md, ok := c.raw["metadata"].(map[string]any); ok {
			delete(md, "execution")
			delete(md, "collapsed")
			delete(md, "scrolled")
		} else {
			c.raw["metadata"] = map[string]any{}
		}
		if c.Type == "code" {
			c.Outputs = canonicalOutputs(c.Outputs)
			outs := make([]any, 0, len(c.Outputs))
			for _, o := range c.Outputs {
				if o.Type == "stream" {
					o.raw["text"] = splitLines(o.Text)
				} else if d, ok := o.raw["data"].(map[string]any); ok {
					for k := range d {
						if strings.HasPrefix(k, "text/") {
							d[k] = splitLines(o.Data[k])
						}
					}
				}
				outs = append(outs, o.raw)
			}
			c.raw["outputs"] = outs
		}
		cells = append(cells, c.raw)
	}
	nb.raw["cells"] = cells
}

// canonicalOutputs orders a cell's outputs deterministically: its standard
// output merged into one stream, then its standard error, then the rich
// outputs and errors in the order they came. GoNB reads a cell program's
// standard output and its display messages through different pipes, so the
// order in which a print and a figure arrive can change from run to run; the
// canonical order keeps committed notebooks identical across runs.
func canonicalOutputs(outs []*Output) []*Output {
	var res []*Output
	for _, name := range []string{"stdout", "stderr"} {
		var merged *Output
		for _, o := range outs {
			if o.Type != "stream" || o.Name != name {
				continue
			}
			if merged == nil {
				merged = o
				res = append(res, o)
				continue
			}
			merged.Text += o.Text
		}
	}
	for _, o := range outs {
		if o.Type != "stream" {
			res = append(res, o)
		}
	}
	return res
}

// Marshal encodes the notebook as nbformat writes it: sorted keys, one-space
// indent, no HTML escaping, a final newline.
func (nb *Notebook) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb.raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Write normalises nothing; it writes the notebook as it is to path.
func (nb *Notebook) Write(path string) error {
	data, err := nb.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// CodeCells returns the code cells in order.
func (nb *Notebook) CodeCells() []*Cell {
	var out []*Cell
	for _, c := range nb.Cells {
		if c.Type == "code" {
			out = append(out, c)
		}
	}
	return out
}

// Errors describes every error output, one string per error, naming the
// code cell (counting from 1).
func (nb *Notebook) Errors() []string {
	var errs []string
	for i, c := range nb.CodeCells() {
		for _, o := range c.Outputs {
			if o.Type == "error" {
				errs = append(errs, fmt.Sprintf("code cell %d: %s: %s", i+1, o.EName, o.EValue))
			}
		}
	}
	return errs
}

// Text returns the text a reader sees in a code cell without HTML: its
// streams and the text/plain of its rich outputs, in order.
func (c *Cell) Text() string {
	var b strings.Builder
	for _, o := range c.Outputs {
		switch o.Type {
		case "stream":
			b.WriteString(o.Text)
		case "display_data", "execute_result":
			if t, ok := o.Data["text/plain"]; ok {
				b.WriteString("[" + t + "]\n")
			}
		case "error":
			b.WriteString("error: " + o.EName + ": " + o.EValue + "\n")
		}
	}
	return b.String()
}

// Stdout returns the concatenated standard output of a cell.
func (c *Cell) Stdout() string {
	var b strings.Builder
	for _, o := range c.Outputs {
		if o.Type == "stream" && o.Name == "stdout" {
			b.WriteString(o.Text)
		}
	}
	return b.String()
}

// Rich returns the display outputs (figures, animations) of a cell.
func (c *Cell) Rich() []*Output {
	var out []*Output
	for _, o := range c.Outputs {
		if o.Type == "display_data" || o.Type == "execute_result" {
			out = append(out, o)
		}
	}
	return out
}

// EmbeddedSVG returns the SVG images embedded as data URIs in an output's
// text/html, decoded.
func (o *Output) EmbeddedSVG() ([][]byte, error) {
	const prefix = `src="data:image/svg+xml;base64,`
	var out [][]byte
	h := o.Data["text/html"]
	for {
		i := strings.Index(h, prefix)
		if i < 0 {
			return out, nil
		}
		h = h[i+len(prefix):]
		j := strings.IndexByte(h, '"')
		if j < 0 {
			return out, fmt.Errorf("nbrun: unterminated data URI")
		}
		svg, err := base64.StdEncoding.DecodeString(h[:j])
		if err != nil {
			return out, fmt.Errorf("nbrun: bad base64 in data URI: %w", err)
		}
		out = append(out, svg)
		h = h[j:]
	}
}
