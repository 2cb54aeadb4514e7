package nbrun

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

const sample = `{
 "cells": [
  {"cell_type": "markdown", "id": "x1", "metadata": {}, "source": ["# Title\n", "text"]},
  {"cell_type": "code", "id": "x2", "execution_count": 1,
   "metadata": {"execution": {"iopub.execute_input": "2026-01-01T00:00:00Z"}, "scrolled": true},
   "source": "%%\nfmt.Println(1)",
   "outputs": [
    {"output_type": "stream", "name": "stdout", "text": ["a\n"]},
    {"output_type": "stream", "name": "stdout", "text": "b\n"},
    {"output_type": "stream", "name": "stderr", "text": "warn\n"},
    {"output_type": "display_data", "metadata": {}, "data": {
      "text/html": ["<div><img src=\"data:image/svg+xml;base64,PHN2Zy8+\"></div>"],
      "text/plain": "figure: t"}},
    {"output_type": "error", "ename": "ERROR", "evalue": "boom", "traceback": []}
   ]}
 ],
 "metadata": {"kernelspec": {"name": "gonb"}, "language_info": {"name": "go", "version": "go1.99 /home/someone"}},
 "nbformat": 4, "nbformat_minor": 4
}`

func TestParseAndAccessors(t *testing.T) {
	nb, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 2 || nb.Cells[0].Source != "# Title\ntext" {
		t.Fatalf("cells = %d, first source %q", len(nb.Cells), nb.Cells[0].Source)
	}
	c := nb.CodeCells()[0]
	if got := c.Stdout(); got != "a\nb\n" {
		t.Errorf("Stdout = %q", got)
	}
	if got, want := c.Text(), "a\nb\nwarn\n[figure: t]\nerror: ERROR: boom\n"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	if errs := nb.Errors(); len(errs) != 1 || errs[0] != "code cell 1: ERROR: boom" {
		t.Errorf("Errors = %q", errs)
	}
	rich := c.Rich()
	if len(rich) != 1 {
		t.Fatalf("Rich = %d outputs", len(rich))
	}
	svgs, err := rich[0].EmbeddedSVG()
	if err != nil || len(svgs) != 1 || string(svgs[0]) != "<svg/>" {
		t.Errorf("EmbeddedSVG = %q, %v", svgs, err)
	}
}

func TestNormalizeIsDeterministicAndIdempotent(t *testing.T) {
	nb, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	nb.Normalize()
	first, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"execute_input", "scrolled", "/home/", `"x1"`, "go1.99"} {
		if bytes.Contains(first, []byte(bad)) {
			t.Errorf("normalised notebook still contains %q", bad)
		}
	}
	// Consecutive stdout chunks are merged into one output, stored as lines.
	if !bytes.Contains(first, []byte("\"a\\n\",\n")) || bytes.Count(first, []byte(`"name": "stdout"`)) != 1 {
		t.Errorf("stdout not merged into one output of lines:\n%s", first)
	}
	again, err := Parse(first)
	if err != nil {
		t.Fatal(err)
	}
	again.Normalize()
	second, err := again.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("Normalize is not idempotent:\n%s\n---\n%s", first, second)
	}
	// Ids depend on position and content only.
	other, _ := Parse([]byte(strings.Replace(sample, `"id": "x2"`, `"id": "zzz"`, 1)))
	other.Normalize()
	third, _ := other.Marshal()
	if !bytes.Equal(first, third) {
		t.Error("cell ids depend on the ids of the input, not on content")
	}
}

func TestEmbeddedSVGRejectsBadBase64(t *testing.T) {
	o := &Output{Data: map[string]string{"text/html": `<img src="data:image/svg+xml;base64,@@@">`}}
	if _, err := o.EmbeddedSVG(); err == nil {
		t.Error("bad base64 accepted")
	}
	ok := base64.StdEncoding.EncodeToString([]byte("<svg></svg>"))
	o.Data["text/html"] = `<img src="data:image/svg+xml;base64,` + ok + `"><img src="data:image/svg+xml;base64,` + ok + `">`
	if svgs, err := o.EmbeddedSVG(); err != nil || len(svgs) != 2 {
		t.Errorf("two data URIs: got %d, %v", len(svgs), err)
	}
}

func TestParseRejectsNonNotebooks(t *testing.T) {
	for _, in := range []string{"", "not json", `{"cells": [1]}`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
}

func TestNormalizeOrdersOutputsCanonically(t *testing.T) {
	const in = `{"cells": [{"cell_type": "code", "metadata": {}, "source": "", "outputs": [
	  {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "figure: one", "text/html": "<b>1</b>"}},
	  {"output_type": "stream", "name": "stdout", "text": "first\n"},
	  {"output_type": "stream", "name": "stderr", "text": "oops\n"},
	  {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "figure: two", "text/html": "<b>2</b>"}},
	  {"output_type": "stream", "name": "stdout", "text": "second\n"}]}],
	 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	nb, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	nb.Normalize()
	c := nb.CodeCells()[0]
	if got, want := c.Text(), "first\nsecond\noops\n[figure: one]\n[figure: two]\n"; got != want {
		t.Errorf("canonical text = %q, want %q", got, want)
	}
	if len(c.Outputs) != 4 {
		t.Errorf("want 4 outputs (stdout, stderr, two figures), got %d", len(c.Outputs))
	}
}
