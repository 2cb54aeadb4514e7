package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// student is one browser: a cookie jar logged into the hub as one user.
type student struct {
	hub  *url.URL // e.g. http://127.0.0.1:8000
	name string
	http *http.Client
}

func newStudent(hub *url.URL, name string) (*student, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	return &student{hub: hub, name: name, http: &http.Client{Jar: jar, Timeout: 60 * time.Second}}, nil
}

func (s *student) url(path string) string {
	u := *s.hub
	u.Path = strings.TrimSuffix(u.Path, "/") + path
	return u.String()
}

// xsrf returns the _xsrf cookie the server set for path.
func (s *student) xsrf(path string) string {
	u, _ := url.Parse(s.url(path))
	for _, c := range s.http.Jar.Cookies(u) {
		if c.Name == "_xsrf" {
			return c.Value
		}
	}
	return ""
}

var xsrfInput = regexp.MustCompile(`name="_xsrf"\s+value="([^"]+)"`)

// login logs in through the hub's login form, as a browser does.
func (s *student) login(ctx context.Context, password string) error {
	body, _, err := s.do(ctx, "GET", "/hub/login", nil, nil)
	if err != nil {
		return fmt.Errorf("login page: %w", err)
	}
	form := url.Values{"username": {s.name}, "password": {password}}
	if m := xsrfInput.FindSubmatch(body); m != nil {
		form.Set("_xsrf", string(m[1]))
	}
	body, resp, err := s.do(ctx, "POST", "/hub/login", strings.NewReader(form.Encode()),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if err != nil {
		return fmt.Errorf("login as %s: %w", s.name, err)
	}
	if strings.HasSuffix(resp.Request.URL.Path, "/hub/login") {
		return fmt.Errorf("login as %s: the hub refused it (still on the login page%s)", s.name, loginError(body))
	}
	return nil
}

// do sends a request, follows redirects and fails on a status ≥ 400.
func (s *student) do(ctx context.Context, method, path string, body io.Reader, hdr map[string]string) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.url(path), body)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	req.Header.Set("Referer", s.url(path))
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, resp, err
	}
	if resp.StatusCode >= 400 {
		return data, resp, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, clip(string(data)))
	}
	return data, resp, nil
}

// api calls the single-user server's REST API with the xsrf token the
// server set, as the notebook page does.
func (s *student) api(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	p := "/user/" + s.name + path
	data, _, err := s.do(ctx, method, p, body, map[string]string{
		"Content-Type": "application/json", "X-XSRFToken": s.xsrf("/user/" + s.name + "/"),
	})
	if err != nil {
		return err
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%s %s: not JSON: %w", method, p, err)
		}
	}
	return nil
}

// startServer asks the hub to start the student's server (the "Start My
// Server" button) and waits until the server answers through the proxy.
func (s *student) startServer(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// /hub/spawn starts the server; it redirects to the spawn-pending page
	// or, when the server is already up, to /user/{name}/.
	if _, _, err := s.do(ctx, "GET", "/hub/spawn", nil, nil); err != nil {
		return fmt.Errorf("start %s's server: %w", s.name, err)
	}
	for {
		// The tree page completes the OAuth handshake and sets _xsrf.
		_, resp, err := s.do(ctx, "GET", "/user/"+s.name+"/tree", nil, nil)
		if err == nil && strings.HasPrefix(resp.Request.URL.Path, "/user/"+s.name+"/") && s.xsrf("/user/"+s.name+"/") != "" {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s's server did not start within %v (last: %v)", s.name, timeout, err)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// stopServer asks the hub to stop the student's server.
func (s *student) stopServer(ctx context.Context) error {
	_, _, err := s.do(ctx, "DELETE", "/hub/api/users/"+s.name+"/server", nil,
		map[string]string{"X-XSRFToken": s.xsrf("/hub/")})
	return err
}

// session is a notebook session: a kernel bound to a notebook path.
type session struct {
	ID     string `json:"id"`
	Kernel struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"kernel"`
}

// openSession starts a gonb kernel for the notebook at path (relative to the
// student's home), as opening the notebook in the browser does.
func (s *student) openSession(ctx context.Context, path, kernel string) (*session, error) {
	var ses session
	err := s.api(ctx, "POST", "/api/sessions", map[string]any{
		"path": path, "name": "", "type": "notebook", "kernel": map[string]any{"name": kernel},
	}, &ses)
	if err != nil {
		return nil, fmt.Errorf("start a %s kernel for %s: %w", kernel, s.name, err)
	}
	return &ses, nil
}

// interrupt interrupts the kernel over the REST API (the ■ button).
func (s *student) interrupt(ctx context.Context, kernelID string) error {
	return s.api(ctx, "POST", "/api/kernels/"+kernelID+"/interrupt", nil, nil)
}

// kernelConn is the websocket to one kernel through the proxy.
type kernelConn struct {
	ws      *websocket.Conn
	session string
}

// connect opens /user/{name}/api/kernels/{id}/channels with the student's
// cookies.
func (s *student) connect(ctx context.Context, kernelID string) (*kernelConn, error) {
	ses := newID()
	u := *s.hub
	u.Scheme = map[string]string{"http": "ws", "https": "wss"}[s.hub.Scheme]
	u.Path = strings.TrimSuffix(u.Path, "/") + "/user/" + s.name + "/api/kernels/" + kernelID + "/channels"
	u.RawQuery = url.Values{"session_id": {ses}}.Encode()
	hdr := http.Header{}
	hdr.Set("Origin", s.hub.Scheme+"://"+s.hub.Host)
	ws, _, err := websocket.Dial(ctx, u.String(), &websocket.DialOptions{HTTPClient: s.http, HTTPHeader: hdr})
	if err != nil {
		return nil, fmt.Errorf("kernel websocket for %s: %w", s.name, err)
	}
	ws.SetReadLimit(64 << 20)
	return &kernelConn{ws: ws, session: ses}, nil
}

func (k *kernelConn) close() { k.ws.Close(websocket.StatusNormalClosure, "") }

func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// message is a Jupyter message in the websocket's JSON form.
type message struct {
	Header       map[string]any `json:"header"`
	ParentHeader map[string]any `json:"parent_header"`
	Metadata     map[string]any `json:"metadata"`
	Content      map[string]any `json:"content"`
	Channel      string         `json:"channel"`
	Buffers      []any          `json:"buffers"`
}

// execution is the result of one execute_request.
type execution struct {
	Outputs []map[string]any // nbformat outputs, as nbclient records them
	Status  string           // execute_reply status: "ok", "error", "aborted"
	Error   string           // ename: evalue of an error, if any
}

// execute runs code and collects its outputs until the kernel is idle again
// and has replied. started is called when the request has been sent.
func (k *kernelConn) execute(ctx context.Context, code string) (*execution, error) {
	id := newID()
	req := message{
		Header: map[string]any{
			"msg_id": id, "username": "hubload", "session": k.session, "msg_type": "execute_request",
			"version": "5.3", "date": time.Now().UTC().Format(time.RFC3339Nano),
		},
		ParentHeader: map[string]any{}, Metadata: map[string]any{}, Channel: "shell", Buffers: []any{},
		Content: map[string]any{
			"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{},
			"allow_stdin": false, "stop_on_error": true,
		},
	}
	data, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	if err := k.ws.Write(ctx, websocket.MessageText, data); err != nil {
		return nil, fmt.Errorf("send execute_request: %w", err)
	}
	ex := &execution{}
	displays := map[string][]int{} // display_id → output indices
	clearPending := false
	idle, replied := false, false
	for !idle || !replied {
		typ, data, err := k.ws.Read(ctx)
		if err != nil {
			return ex, fmt.Errorf("read from kernel: %w", err)
		}
		if typ != websocket.MessageText {
			continue // binary messages carry buffers; no text output
		}
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			return ex, fmt.Errorf("kernel sent a message that is not JSON: %w", err)
		}
		if pid, _ := m.ParentHeader["msg_id"].(string); pid != id {
			continue
		}
		mt, _ := m.Header["msg_type"].(string)
		c := m.Content
		add := func(out map[string]any) {
			if clearPending {
				ex.Outputs, displays, clearPending = nil, map[string][]int{}, false
			}
			ex.Outputs = append(ex.Outputs, out)
		}
		switch {
		case m.Channel == "shell" && mt == "execute_reply":
			ex.Status, _ = c["status"].(string)
			replied = true
		case m.Channel != "iopub":
		case mt == "status":
			idle = c["execution_state"] == "idle"
		case mt == "stream":
			add(map[string]any{"output_type": "stream", "name": c["name"], "text": c["text"]})
		case mt == "display_data" || mt == "execute_result":
			out := map[string]any{"output_type": mt, "data": c["data"], "metadata": c["metadata"]}
			if mt == "execute_result" {
				out["execution_count"] = c["execution_count"]
			}
			add(out)
			if tr, ok := c["transient"].(map[string]any); ok {
				if did, ok := tr["display_id"].(string); ok && did != "" {
					displays[did] = append(displays[did], len(ex.Outputs)-1)
				}
			}
		case mt == "update_display_data":
			if tr, ok := c["transient"].(map[string]any); ok {
				did, _ := tr["display_id"].(string)
				for _, i := range displays[did] {
					ex.Outputs[i]["data"] = c["data"]
					ex.Outputs[i]["metadata"] = c["metadata"]
				}
			}
		case mt == "clear_output":
			if w, _ := c["wait"].(bool); w {
				clearPending = true
			} else {
				ex.Outputs, displays = nil, map[string][]int{}
			}
		case mt == "error":
			ename, _ := c["ename"].(string)
			evalue, _ := c["evalue"].(string)
			ex.Error = ename + ": " + evalue
			add(map[string]any{"output_type": "error", "ename": ename, "evalue": evalue, "traceback": c["traceback"]})
		}
	}
	if ex.Status != "ok" && ex.Error == "" {
		ex.Error = "execute_reply status " + ex.Status
	}
	return ex, nil
}

var loginErrorRe = regexp.MustCompile(`(?s)class="login_error">(.*?)<`)

// loginError returns the message the hub's login page shows, if any.
func loginError(page []byte) string {
	if m := loginErrorRe.FindSubmatch(page); m != nil {
		return ": " + strings.TrimSpace(string(m[1]))
	}
	return ""
}
