// Package hubclient drives a JupyterHub as a class does: through the hub's
// REST API (create users, start their servers, mint their tokens) and each
// student's Jupyter server behind the proxy (start a kernel, run code over
// the kernel's websocket, interrupt it). The classroom test
// (notebooks/hub_test.go) uses it; so can load generators.
package hubclient

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// Hub is a JupyterHub reached at Base (e.g. http://127.0.0.1:8000) with a
// token allowed to manage users and servers (a service token).
type Hub struct {
	Base  string
	Token string
	HTTP  *http.Client
}

func (h *Hub) client() *http.Client {
	if h.HTTP != nil {
		return h.HTTP
	}
	return http.DefaultClient
}

// do sends a request with token auth and decodes a JSON answer into out
// (when out is not nil). A status outside want is an error quoting the body.
func do(ctx context.Context, c *http.Client, method, u, token string, body any, out any, want ...int) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "token "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	ok := false
	for _, w := range want {
		ok = ok || res.StatusCode == w
	}
	if !ok {
		return fmt.Errorf("%s %s: %s: %s", method, u, res.Status, strings.TrimSpace(string(data)))
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%s %s: %w", method, u, err)
		}
	}
	return nil
}

// CreateUser adds user to the hub (already existing is fine).
func (h *Hub) CreateUser(ctx context.Context, user string) error {
	return do(ctx, h.client(), "POST", h.Base+"/hub/api/users/"+url.PathEscape(user), h.Token, nil, nil, 201, 409)
}

// DeleteUser stops user's server and removes them from the hub.
func (h *Hub) DeleteUser(ctx context.Context, user string) error {
	return do(ctx, h.client(), "DELETE", h.Base+"/hub/api/users/"+url.PathEscape(user), h.Token, nil, nil, 204, 404)
}

// StartServer starts user's single-user server and waits until it is ready.
func (h *Hub) StartServer(ctx context.Context, user string) error {
	u := h.Base + "/hub/api/users/" + url.PathEscape(user)
	if err := do(ctx, h.client(), "POST", u+"/server", h.Token, nil, nil, 201, 202, 400); err != nil {
		return err
	}
	for {
		var info struct {
			Servers map[string]struct {
				Ready   bool
				Pending *string
			}
		}
		if err := do(ctx, h.client(), "GET", u, h.Token, nil, &info, 200); err != nil {
			return err
		}
		if s, ok := info.Servers[""]; ok && s.Ready {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("server of %s not ready: %w", user, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// StopServer stops user's server and waits until the hub no longer lists
// it, so that a StartServer after it spawns anew (running the spawn hook).
func (h *Hub) StopServer(ctx context.Context, user string) error {
	u := h.Base + "/hub/api/users/" + url.PathEscape(user)
	if err := do(ctx, h.client(), "DELETE", u+"/server", h.Token, nil, nil, 202, 204, 400); err != nil {
		return err
	}
	for {
		var info struct {
			Servers map[string]json.RawMessage
		}
		if err := do(ctx, h.client(), "GET", u, h.Token, nil, &info, 200); err != nil {
			return err
		}
		if _, ok := info.Servers[""]; !ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("server of %s not stopped: %w", user, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Server is one student's Jupyter server, reached through the proxy with a
// token of that student's.
type Server struct {
	Base  string // hub base URL + /user/<name>
	Token string
	HTTP  *http.Client
}

// UserServer mints a token for user and returns their server.
func (h *Hub) UserServer(ctx context.Context, user string) (*Server, error) {
	var tok struct{ Token string }
	err := do(ctx, h.client(), "POST", h.Base+"/hub/api/users/"+url.PathEscape(user)+"/tokens", h.Token,
		map[string]any{"note": "hubclient", "expires_in": 86400}, &tok, 200, 201)
	if err != nil {
		return nil, err
	}
	if tok.Token == "" {
		return nil, fmt.Errorf("hub gave no token for %s", user)
	}
	return &Server{Base: h.Base + "/user/" + url.PathEscape(user), Token: tok.Token, HTTP: h.HTTP}, nil
}

// Kernel is a running kernel with an open websocket.
type Kernel struct {
	ID      string
	srv     *Server
	ws      *websocket.Conn
	session string
	frames  chan frame // every frame the server sends, read as it comes
}

// frame is one websocket message, or the error that ended reading.
type frame struct {
	typ  websocket.MessageType
	data []byte
	err  error
}

// readLoop reads the websocket all the time, so that the server's pings are
// answered also between cells: the notebook server closes a kernel's
// websocket whose pings go unanswered for 90 s (a student who thinks, a
// kernel kept for later), and the websocket library answers pings only
// while a read is going on.
func (k *Kernel) readLoop() {
	for {
		typ, data, err := k.ws.Read(context.Background())
		k.frames <- frame{typ, data, err}
		if err != nil {
			close(k.frames)
			return
		}
	}
}

// read returns the next frame the server sent.
func (k *Kernel) read(ctx context.Context) (websocket.MessageType, []byte, error) {
	select {
	case f, ok := <-k.frames:
		if !ok {
			return 0, nil, errors.New("the kernel's websocket is closed")
		}
		return f.typ, f.data, f.err
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
}

// StartKernel starts a kernel of the named kernel spec (e.g. "gonb") and
// opens its websocket.
func (s *Server) StartKernel(ctx context.Context, spec string) (*Kernel, error) {
	c := s.HTTP
	if c == nil {
		c = http.DefaultClient
	}
	var k struct{ ID string }
	if err := do(ctx, c, "POST", s.Base+"/api/kernels", s.Token, map[string]string{"name": spec}, &k, 201); err != nil {
		return nil, err
	}
	ws, _, err := websocket.Dial(ctx, strings.Replace(s.Base, "http", "ws", 1)+"/api/kernels/"+k.ID+"/channels",
		&websocket.DialOptions{HTTPClient: c, HTTPHeader: http.Header{"Authorization": {"token " + s.Token}}})
	if err != nil {
		return nil, fmt.Errorf("kernel websocket: %w", err)
	}
	ws.SetReadLimit(64 << 20)
	kernel := &Kernel{ID: k.ID, srv: s, ws: ws, session: randomID(), frames: make(chan frame, 4096)}
	go kernel.readLoop()
	return kernel, nil
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Close closes the websocket and shuts the kernel down.
func (k *Kernel) Close(ctx context.Context) error {
	k.ws.Close(websocket.StatusNormalClosure, "")
	c := k.srv.HTTP
	if c == nil {
		c = http.DefaultClient
	}
	return do(ctx, c, "DELETE", k.srv.Base+"/api/kernels/"+k.ID, k.srv.Token, nil, nil, 204, 404)
}

// Interrupt asks the server to interrupt the kernel's running cell.
func (k *Kernel) Interrupt(ctx context.Context) error {
	c := k.srv.HTTP
	if c == nil {
		c = http.DefaultClient
	}
	return do(ctx, c, "POST", k.srv.Base+"/api/kernels/"+k.ID+"/interrupt", k.srv.Token, nil, nil, 204)
}

// Output is what one cell produced.
type Output struct {
	Status string   // "ok", "error" or "abort" from execute_reply
	Text   string   // stream output and text/plain results, in order
	Stdout string   // the standard output stream alone
	Error  string   // ename: evalue and traceback, when Status is "error"
	Data   []string // the MIME types of display_data and execute_result, in order
}

type header struct {
	MsgID    string `json:"msg_id"`
	MsgType  string `json:"msg_type"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Version  string `json:"version"`
	Date     string `json:"date"`
}

type message struct {
	Header       header         `json:"header"`
	ParentHeader header         `json:"parent_header"`
	Metadata     map[string]any `json:"metadata"`
	Content      map[string]any `json:"content"`
	Channel      string         `json:"channel"`
}

// Execute runs code and waits for its reply and for the kernel to be idle.
func (k *Kernel) Execute(ctx context.Context, code string) (*Output, error) {
	id := randomID()
	msg := message{
		Header:   header{MsgID: id, MsgType: "execute_request", Session: k.session, Username: "hubclient", Version: "5.3", Date: time.Now().UTC().Format(time.RFC3339Nano)},
		Metadata: map[string]any{},
		Content:  map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true},
		Channel:  "shell",
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if err := k.ws.Write(ctx, websocket.MessageText, data); err != nil {
		return nil, fmt.Errorf("sending the cell: %w", err)
	}
	out := &Output{}
	var text strings.Builder
	replied, idle := false, false
	for !(replied && idle) {
		typ, data, err := k.read(ctx)
		if err != nil {
			return out, fmt.Errorf("reading the kernel's answer: %w", err)
		}
		if typ != websocket.MessageText {
			continue // binary frames carry buffers (widgets); no cell output here
		}
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			return out, fmt.Errorf("kernel message: %w", err)
		}
		if err := kernelDied(&m); err != nil {
			out.Text = text.String()
			return out, err
		}
		if m.ParentHeader.MsgID != id {
			continue
		}
		switch m.Header.MsgType {
		case "stream":
			s, _ := m.Content["text"].(string)
			text.WriteString(s)
			if name, _ := m.Content["name"].(string); name == "stdout" {
				out.Stdout += s
			}
		case "display_data", "execute_result", "update_display_data":
			d, _ := m.Content["data"].(map[string]any)
			for _, mime := range []string{"text/html", "image/svg+xml", "image/png", "text/markdown", "application/javascript"} {
				if _, ok := d[mime]; ok {
					out.Data = append(out.Data, mime)
				}
			}
			if s, ok := d["text/plain"].(string); ok {
				text.WriteString(s)
			}
		case "error":
			ename, _ := m.Content["ename"].(string)
			evalue, _ := m.Content["evalue"].(string)
			out.Error = ename + ": " + evalue
			if tb, ok := m.Content["traceback"].([]any); ok {
				for _, l := range tb {
					s, _ := l.(string)
					out.Error += "\n" + s
				}
			}
		case "execute_reply":
			replied = true
			out.Status, _ = m.Content["status"].(string)
			if out.Status == "error" && out.Error == "" {
				ename, _ := m.Content["ename"].(string)
				evalue, _ := m.Content["evalue"].(string)
				out.Error = ename + ": " + evalue
			}
		case "status":
			if st, _ := m.Content["execution_state"].(string); st == "idle" {
				idle = true
			}
		}
	}
	out.Text = text.String()
	if out.Status == "error" {
		return out, errors.New("cell failed: " + out.Error)
	}
	return out, nil
}

// ErrKernelDied is returned (wrapped) by Execute and Complete when the
// server reports that the kernel process died: its status is "restarting"
// (the server starts a new one; the cell's answer is lost) or "dead".
var ErrKernelDied = errors.New("the kernel died")

// kernelDied reports the server's status messages for a kernel that died,
// which carry no parent of ours.
func kernelDied(m *message) error {
	if m.Header.MsgType != "status" {
		return nil
	}
	switch st, _ := m.Content["execution_state"].(string); st {
	case "restarting":
		return fmt.Errorf("%w; the server is restarting it", ErrKernelDied)
	case "dead":
		return fmt.Errorf("%w and could not be restarted", ErrKernelDied)
	}
	return nil
}

// Complete asks the kernel for completions of code at byte offset cursor
// (a complete_request on the shell channel, as the notebook's Tab does) and
// returns the matches of its complete_reply.
func (k *Kernel) Complete(ctx context.Context, code string, cursor int) ([]string, error) {
	id := randomID()
	msg := message{
		Header:   header{MsgID: id, MsgType: "complete_request", Session: k.session, Username: "hubclient", Version: "5.3", Date: time.Now().UTC().Format(time.RFC3339Nano)},
		Metadata: map[string]any{},
		Content:  map[string]any{"code": code, "cursor_pos": cursor},
		Channel:  "shell",
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if err := k.ws.Write(ctx, websocket.MessageText, data); err != nil {
		return nil, fmt.Errorf("sending the complete request: %w", err)
	}
	for {
		typ, data, err := k.read(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the kernel's answer: %w", err)
		}
		if typ != websocket.MessageText {
			continue
		}
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("kernel message: %w", err)
		}
		if err := kernelDied(&m); err != nil {
			return nil, err
		}
		if m.ParentHeader.MsgID != id || m.Header.MsgType != "complete_reply" {
			continue
		}
		if st, _ := m.Content["status"].(string); st != "ok" {
			return nil, fmt.Errorf("complete_reply status %q: %v", st, m.Content)
		}
		var matches []string
		ms, _ := m.Content["matches"].([]any)
		for _, x := range ms {
			if s, ok := x.(string); ok {
				matches = append(matches, s)
			}
		}
		return matches, nil
	}
}

var xsrfInput = regexp.MustCompile(`name="_xsrf"\s+value="([^"]+)"`)

// Login logs user in through the hub's login form at base, as a browser
// does, with c (it needs a cookie jar; for https, a TLS configuration that
// trusts the hub's certificate). It reports whether the hub accepted the
// log-in: false when it answers with its login page again (a wrong
// password, or a user the authenticator does not allow).
func Login(ctx context.Context, c *http.Client, base, user, password string) (bool, error) {
	if c.Jar == nil {
		return false, errors.New("hubclient.Login: the http.Client needs a cookie jar")
	}
	get, err := http.NewRequestWithContext(ctx, "GET", base+"/hub/login", nil)
	if err != nil {
		return false, err
	}
	res, err := c.Do(get)
	if err != nil {
		return false, fmt.Errorf("login page: %w", err)
	}
	page, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	if res.StatusCode != 200 {
		return false, fmt.Errorf("login page: %s", res.Status)
	}
	form := url.Values{"username": {user}, "password": {password}}
	if m := xsrfInput.FindSubmatch(page); m != nil {
		form.Set("_xsrf", string(m[1]))
	}
	post, err := http.NewRequestWithContext(ctx, "POST", base+"/hub/login", strings.NewReader(form.Encode()))
	if err != nil {
		return false, err
	}
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.Header.Set("Referer", base+"/hub/login")
	res, err = c.Do(post)
	if err != nil {
		return false, fmt.Errorf("login as %s: %w", user, err)
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	if res.StatusCode >= 500 {
		return false, fmt.Errorf("login as %s: %s", user, res.Status)
	}
	// Refused: the form again (403 in JupyterHub 3, or a redirect to it).
	if res.StatusCode == 403 || strings.HasSuffix(res.Request.URL.Path, "/hub/login") {
		return false, nil
	}
	for _, ck := range c.Jar.Cookies(res.Request.URL) {
		if strings.HasPrefix(ck.Name, "jupyterhub-session-id") || strings.HasPrefix(ck.Name, "jupyterhub-hub-login") {
			return true, nil
		}
	}
	return res.StatusCode < 400, nil
}

// UserInfo is what the hub's REST API says about a user.
type UserInfo struct {
	Name    string
	Admin   bool
	Servers map[string]struct {
		Ready bool
	}
}

// User returns the hub's record of user.
func (h *Hub) User(ctx context.Context, user string) (*UserInfo, error) {
	var u UserInfo
	if err := do(ctx, h.client(), "GET", h.Base+"/hub/api/users/"+url.PathEscape(user), h.Token, nil, &u, 200); err != nil {
		return nil, err
	}
	return &u, nil
}

// Status is the server's /api/status: its kernels and last activity. Asking
// does not count as activity (the server's idle shutdown is not delayed).
type Status struct {
	Kernels      int    `json:"kernels"`
	Connections  int    `json:"connections"`
	LastActivity string `json:"last_activity"`
}

// Status asks the server for its status.
func (s *Server) Status(ctx context.Context) (*Status, error) {
	c := s.HTTP
	if c == nil {
		c = http.DefaultClient
	}
	var st Status
	if err := do(ctx, c, "GET", s.Base+"/api/status?no_track_activity=1", s.Token, nil, &st, 200); err != nil {
		return nil, err
	}
	return &st, nil
}
