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
//	GOCACHEPROG="/opt/gradnb/bin/gocacheprog -ro /opt/gradnb/gocache"
//	GOCACHEPROG="/opt/gradnb/bin/gocacheprog -rw /opt/gradnb/gocache"  (the installer, to fill the warm layer)
//
// Without -rw the writable layer is $XDG_CACHE_HOME/gradnb/go-build (else
// ~/.cache/gradnb/go-build), created with mode 0700. A get looks in the
// writable layer, then in each read-only layer; a put goes to the writable
// layer only. Read-only layers are never modified, not even their mtimes.
//
// Layout of a layer: a/<first two hex digits>/<action id in hex> holds
// "<output id in hex> <size> <unix nanoseconds>\n"; o/<two hex
// digits>/<output id in hex> holds the body.
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
	"strconv"
	"strings"
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
	rw := flag.String("rw", "", "the writable cache layer (default: the user's cache folder + /gradnb/go-build)")
	flag.Parse()
	c, err := newCache(*rw, ro)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gocacheprog:", err)
		os.Exit(1)
	}
	if err := c.serve(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gocacheprog:", err)
		os.Exit(1)
	}
}

// cache is one writable layer over read-only layers.
type cache struct {
	rw string
	ro []string
}

func newCache(rw string, ro []string) (*cache, error) {
	if rw == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("no writable cache folder: %w (set HOME or XDG_CACHE_HOME, or pass -rw)", err)
		}
		rw = filepath.Join(base, "gradnb", "go-build")
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
	h := hex.EncodeToString(id)
	return filepath.Join(dir, kind, h[:2], h)
}

// get looks up an action in the writable layer, then the read-only ones.
func (c *cache) get(req *request) *response {
	if len(req.ActionID) == 0 {
		return &response{ID: req.ID, Err: "get without an action id"}
	}
	for _, dir := range append([]string{c.rw}, c.ro...) {
		if res, ok := lookup(dir, req.ActionID); ok {
			res.ID = req.ID
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
