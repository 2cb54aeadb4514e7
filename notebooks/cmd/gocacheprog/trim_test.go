package main

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTrimKeepsTheLayerUnderMax: 40 entries of 16 KiB in a layer limited to
// 256 KiB end under 3/4 of it, the most recently used survive and still
// hit, the oldest are misses, and no action entry points at nothing.
func TestTrimKeepsTheLayerUnderMax(t *testing.T) {
	dir := t.TempDir()
	c, err := newCache(filepath.Join(dir, "rw"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c.max = 256 << 10
	var ids [][]byte
	for i := 0; i < 40; i++ {
		body := bytes.Repeat([]byte{byte(i)}, 16<<10)
		a := sha256.Sum256([]byte{'a', byte(i)})
		o := sha256.Sum256(body)
		if res := c.put(&request{ID: int64(i), ActionID: a[:], OutputID: o[:], BodySize: int64(len(body))}, body); res.Err != "" {
			t.Fatal(res.Err)
		}
		// Entry i was last used at i minutes past a fixed time.
		when := time.Unix(1e9, 0).Add(time.Duration(i) * time.Minute)
		os.Chtimes(hexPath(c.rw, "a", a[:]), when, when)
		os.Chtimes(hexPath(c.rw, "o", o[:]), when, when)
		ids = append(ids, a[:])
	}
	if err := c.trim(); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, kind := range []string{"a", "o"} {
		ents, _ := os.ReadDir(filepath.Join(c.rw, kind))
		for _, e := range ents {
			info, _ := e.Info()
			total += diskSize(info)
		}
	}
	if total > c.max/4*3 {
		t.Errorf("layer uses %d bytes after trim, want ≤ %d", total, c.max/4*3)
	}
	if res := c.get(&request{ActionID: ids[39]}); res.Miss {
		t.Errorf("the most recently used entry was trimmed")
	}
	if res := c.get(&request{ActionID: ids[0]}); !res.Miss {
		t.Errorf("the least recently used entry survived a trim to %d bytes", total)
	}
	ents, _ := os.ReadDir(filepath.Join(c.rw, "a"))
	for _, e := range ents {
		data, _ := os.ReadFile(filepath.Join(c.rw, "a", e.Name()))
		id, _, _ := bytes.Cut(data, []byte(" "))
		if _, err := os.Stat(filepath.Join(c.rw, "o", string(id))); err != nil {
			t.Errorf("action %s points at a removed output", e.Name())
		}
	}
}

// TestNoTrimWithoutLimitOrPuts: without -max, or when a run stored
// nothing, trim leaves the layer alone.
func TestNoTrimWithoutLimitOrPuts(t *testing.T) {
	c, err := newCache(filepath.Join(t.TempDir(), "rw"), nil)
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.Repeat([]byte{1}, 64<<10)
	a, o := sha256.Sum256([]byte("a")), sha256.Sum256(body)
	c.put(&request{ActionID: a[:], OutputID: o[:], BodySize: int64(len(body))}, body)
	c.trim() // no limit
	c.max, c.stored = 1, false
	c.trim() // nothing stored in this run
	if res := c.get(&request{ActionID: a[:]}); res.Miss {
		t.Errorf("entry trimmed without a limit or without a put")
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "12M": 12 << 20, "512k": 512 << 10, "1G": 1 << 30, "100": 100} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"M", "-1", "12X", "1.5G"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}
