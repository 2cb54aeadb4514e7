// Command gocacheprog is a Go build cache for a class: the go command talks
// to it through GOCACHEPROG (the protocol of cmd/go/internal/cacheprog).
//
// It reads from read-only layers that only the installer can write (the warm
// cache `make hub-install` fills) and writes only into the student's own
// layer. A student can therefore reuse the warm cache without copying it,
// and cannot plant an entry that another student's build would read: Go
// trusts cache entries without re-hashing them, so a build cache that
// several students can write would let one run code in another's account.
//
//	GOCACHEPROG="/opt/gradnb/bin/gocacheprog -ro /opt/gradnb/gocache -max 12M"
//	GOCACHEPROG="/opt/gradnb/bin/gocacheprog -rw /opt/gradnb/gocache"  (the installer, to fill the warm layer)
//
// Without -rw the writable layer is $HOME/.cache/gradnb/go-build (not
// $XDG_CACHE_HOME: the class kernel points that at a shared read-only
// folder), created with mode 0700. A get looks in the writable layer, then
// in each read-only layer; a put goes to the writable layer only.
// The go command only puts what a get missed, so nothing the warm layer
// holds is copied. Read-only layers are never modified, not even their
// mtimes.
//
// With -max, the writable layer is kept under that many bytes of disk
// (counted in allocated blocks, as du does): when a run that stored
// something ends above it, the least recently used entries are removed
// until it is under three quarters of it. A removed entry is a miss, so the
// go command rebuilds it.
//
// Layout of a layer: a/<action id in hex> holds "<output id in hex> <size>
// <unix nanoseconds>\n"; o/<output id in hex> holds the body. Both folders
// are flat: a fan-out of 256 sub-folders costs a student 2 MB of folder
// blocks for a few hundred entries.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// request is the go command's message (cacheprog.Request).
type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

// response is our answer (cacheprog.Response).
type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// listFlag collects repeated -ro flags.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func main() {
	var ro listFlag
	flag.Var(&ro, "ro", "a read-only cache layer (repeatable)")
	rw := flag.String("rw", "", "the writable cache layer (default: $HOME/.cache/gradnb/go-build)")
	maxSize := flag.String("max", "", "keep the writable layer under this size (bytes, or with K, M, G); empty: no limit")
	flag.Parse()
	max, err := parseSize(*maxSize)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocacheprog:", err)
		os.Exit(2)
	}
	c, err := newCache(*rw, ro)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocacheprog:", err)
		os.Exit(1)
	}
	c.max = max
	err = c.serve(os.Stdin, os.Stdout)
	if terr := c.trim(); terr != nil {
		fmt.Fprintln(os.Stderr, "gocacheprog: trimming the cache:", terr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocacheprog:", err)
		os.Exit(1)
	}
}

// parseSize reads "12M", "512K", "1G" or a number of bytes; "" is 0.
func parseSize(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult > 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("-max %q: want a size in bytes, or with K, M or G", s)
	}
	return n * mult, nil
}

// cache is one writable layer over read-only layers.
type cache struct {
	rw     string
	ro     []string
	max    int64 // bytes of disk the writable layer may use; 0: no limit
	stored bool  // a put wrote something in this run
}

func newCache(rw string, ro []string) (*cache, error) {
	if rw == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, fmt.Errorf("no writable cache folder: %w (set HOME, or pass -rw)", err)
		}
		rw = filepath.Join(home, ".cache", "gradnb", "go-build")
	}
	if !filepath.IsAbs(rw) {
		return nil, fmt.Errorf("-rw %q: the cache folder must be an absolute path", rw)
	}
	if err := os.MkdirAll(rw, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the build cache %s: %w", rw, err)
	}
	for _, d := range ro {
		if !filepath.IsAbs(d) {
			return nil, fmt.Errorf("-ro %q: the cache folder must be an absolute path", d)
		}
	}
	return &cache{rw: rw, ro: ro}, nil
}

// serve answers requests from r on w until "close" or the end of r.
func (c *cache) serve(r io.Reader, w io.Writer) error {
	in := bufio.NewReaderSize(r, 1<<16)
	dec := json.NewDecoder(in)
	out := bufio.NewWriter(w)
	enc := json.NewEncoder(out)
	send := func(res *response) error {
		if err := enc.Encode(res); err != nil {
			return err
		}
		return out.Flush()
	}
	if err := send(&response{KnownCommands: []string{"get", "put", "close"}}); err != nil {
		return err
	}
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("reading a request: %w", err)
		}
		var res *response
		switch req.Command {
		case "get":
			res = c.get(&req)
		case "put":
			var body []byte
			if req.BodySize > 0 {
				var b64 string
				if err := dec.Decode(&b64); err != nil {
					return fmt.Errorf("reading the body of put %d: %w", req.ID, err)
				}
				var err error
				if body, err = base64.StdEncoding.DecodeString(b64); err != nil {
					return fmt.Errorf("body of put %d: %w", req.ID, err)
				}
			}
			res = c.put(&req, body)
		case "close":
			return send(&response{ID: req.ID})
		default:
			res = &response{ID: req.ID, Err: fmt.Sprintf("unknown command %q", req.Command)}
		}
		if err := send(res); err != nil {
			return err
		}
	}
}

func hexPath(dir, kind string, id []byte) string {
	return filepath.Join(dir, kind, hex.EncodeToString(id))
}

// get looks up an action in the writable layer, then the read-only ones.
func (c *cache) get(req *request) *response {
	if len(req.ActionID) == 0 {
		return &response{ID: req.ID, Err: "get without an action id"}
	}
	for i, dir := range append([]string{c.rw}, c.ro...) {
		if res, ok := lookup(dir, req.ActionID); ok {
			res.ID = req.ID
			if i == 0 {
				touch(hexPath(dir, "a", req.ActionID))
				touch(res.DiskPath)
			}
			return res
		}
	}
	return &response{ID: req.ID, Miss: true}
}

// lookup reads one layer's entry; a missing, malformed or inconsistent
// entry is a miss.
func lookup(dir string, action []byte) (*response, bool) {
	data, err := os.ReadFile(hexPath(dir, "a", action))
	if err != nil {
		return nil, false
	}
	f := strings.Fields(string(data))
	if len(f) != 3 {
		return nil, false
	}
	outID, err1 := hex.DecodeString(f[0])
	size, err2 := strconv.ParseInt(f[1], 10, 64)
	nanos, err3 := strconv.ParseInt(f[2], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || len(outID) == 0 {
		return nil, false
	}
	path := hexPath(dir, "o", outID)
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() != size {
		return nil, false
	}
	t := time.Unix(0, nanos)
	return &response{OutputID: outID, Size: size, Time: &t, DiskPath: path}, true
}

// put stores an entry in the writable layer.
func (c *cache) put(req *request, body []byte) *response {
	if len(req.ActionID) == 0 || len(req.OutputID) == 0 {
		return &response{ID: req.ID, Err: "put without an action or output id"}
	}
	if int64(len(body)) != req.BodySize {
		return &response{ID: req.ID, Err: fmt.Sprintf("put body is %d bytes, BodySize says %d", len(body), req.BodySize)}
	}
	c.stored = true
	path := hexPath(c.rw, "o", req.OutputID)
	if st, err := os.Stat(path); err != nil || st.Size() != req.BodySize {
		if err := writeAtomic(path, body); err != nil {
			return &response{ID: req.ID, Err: err.Error()}
		}
	}
	now := time.Now()
	entry := fmt.Sprintf("%x %d %d\n", req.OutputID, req.BodySize, now.UnixNano())
	if err := writeAtomic(hexPath(c.rw, "a", req.ActionID), []byte(entry)); err != nil {
		return &response{ID: req.ID, Err: err.Error()}
	}
	return &response{ID: req.ID, OutputID: req.OutputID, Size: req.BodySize, Time: &now, DiskPath: path}
}

// writeAtomic writes data to path through a temporary file and a rename,
// so a concurrent reader sees the whole file or none. Files are 0644 inside
// folders whose mode the layer's top folder decides (0700 for a student's).
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr, os.Chmod(f.Name(), 0o644)); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// touch marks a writable-layer file as used now, for trim's least recently
// used order; it skips files touched within the last hour (as the go
// command does) and ignores errors.
func touch(path string) {
	if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) > time.Hour {
		now := time.Now()
		os.Chtimes(path, now, now)
	}
}

// trim keeps the writable layer under c.max bytes of disk: if this run
// stored something and the layer is above c.max, it removes the least
// recently used outputs, and the action entries that point to them or to
// nothing, until the layer is under 3/4 of c.max.
func (c *cache) trim() error {
	if c.max <= 0 || !c.stored {
		return nil
	}
	type file struct {
		path  string
		disk  int64
		mtime time.Time
	}
	var outputs []file
	var total int64
	actions := map[string][]file{} // output name -> actions naming it
	var orphans []string
	for _, kind := range []string{"a", "o"} {
		ents, err := os.ReadDir(filepath.Join(c.rw, kind))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		for _, e := range ents {
			info, err := e.Info()
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			f := file{filepath.Join(c.rw, kind, e.Name()), diskSize(info), info.ModTime()}
			total += f.disk
			if kind == "o" {
				outputs = append(outputs, f)
				continue
			}
			data, err := os.ReadFile(f.path)
			fields := strings.Fields(string(data))
			if err != nil || len(fields) != 3 {
				orphans = append(orphans, f.path)
				continue
			}
			actions[fields[0]] = append(actions[fields[0]], f)
		}
	}
	if total <= c.max {
		return nil
	}
	for _, p := range orphans {
		os.Remove(p)
	}
	// Oldest first; an output's age is that of its most recent use.
	slices.SortFunc(outputs, func(x, y file) int { return x.mtime.Compare(y.mtime) })
	goal := c.max / 4 * 3
	have := map[string]bool{}
	for _, o := range outputs {
		have[filepath.Base(o.path)] = true
	}
	for name, as := range actions {
		if !have[name] {
			for _, a := range as {
				if os.Remove(a.path) == nil {
					total -= a.disk
				}
			}
		}
	}
	for _, o := range outputs {
		if total <= goal {
			break
		}
		name := filepath.Base(o.path)
		for _, a := range actions[name] {
			if os.Remove(a.path) == nil {
				total -= a.disk
			}
		}
		if os.Remove(o.path) == nil {
			total -= o.disk
		}
	}
	return nil
}

// diskSize is the disk a file takes, in allocated blocks as du counts.
func diskSize(info os.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Blocks * 512
	}
	return info.Size()
}
