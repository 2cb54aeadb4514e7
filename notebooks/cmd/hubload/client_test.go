package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// kernelScript answers one execute_request the way a kernel behind
// Jupyter's websocket does, with the given iopub messages (msg_type,
// content) in between busy and idle; a message for another request is mixed
// in and must be ignored.
func kernelScript(t *testing.T, iopub [][2]any, status string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/user/ann/api/kernels/k1/channels") || r.URL.Query().Get("session_id") == "" {
			http.Error(w, "bad path "+r.URL.String(), 404)
			return
		}
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		_, data, err := c.Read(ctx)
		if err != nil {
			return
		}
		var req message
		if err := json.Unmarshal(data, &req); err != nil || req.Header["msg_type"] != "execute_request" || req.Channel != "shell" {
			t.Errorf("request: %s", data)
			return
		}
		if req.Content["code"] != "%%\nrun()" {
			t.Errorf("code = %q", req.Content["code"])
		}
		parent := map[string]any{"msg_id": req.Header["msg_id"]}
		send := func(channel, mt string, content map[string]any, par map[string]any) {
			b, _ := json.Marshal(message{Header: map[string]any{"msg_type": mt, "msg_id": newID()}, ParentHeader: par, Content: content, Channel: channel, Metadata: map[string]any{}})
			c.Write(ctx, websocket.MessageText, b)
		}
		send("iopub", "status", map[string]any{"execution_state": "busy"}, parent)
		send("iopub", "stream", map[string]any{"name": "stdout", "text": "not ours\n"}, map[string]any{"msg_id": "other"})
		for _, m := range iopub {
			send("iopub", m[0].(string), m[1].(map[string]any), parent)
		}
		send("shell", "execute_reply", map[string]any{"status": status}, parent)
		send("iopub", "status", map[string]any{"execution_state": "idle"}, parent)
		c.Read(ctx) // wait for the client to close
	}))
}

func TestExecuteCollectsOutputsAsNbclient(t *testing.T) {
	srv := kernelScript(t, [][2]any{
		{"stream", map[string]any{"name": "stdout", "text": "old\n"}},
		{"clear_output", map[string]any{"wait": true}},
		{"stream", map[string]any{"name": "stdout", "text": "x = 1\n"}},
		{"display_data", map[string]any{"data": map[string]any{"text/plain": "progress 0%"}, "metadata": map[string]any{}, "transient": map[string]any{"display_id": "p"}}},
		{"stream", map[string]any{"name": "stdout", "text": "x = 2\n"}},
		{"update_display_data", map[string]any{"data": map[string]any{"text/plain": "progress 100%"}, "metadata": map[string]any{}, "transient": map[string]any{"display_id": "p"}}},
	}, "ok")
	defer srv.Close()
	hub, _ := url.Parse(srv.URL)
	st, err := newStudent(hub, "ann")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	k, err := st.connect(ctx, "k1")
	if err != nil {
		t.Fatal(err)
	}
	defer k.close()
	ex, err := k.execute(ctx, "%%\nrun()")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Status != "ok" || ex.Error != "" {
		t.Errorf("status %q error %q", ex.Status, ex.Error)
	}
	got, err := textOf(ex.Outputs)
	if err != nil {
		t.Fatal(err)
	}
	if want := "x = 1\nx = 2\n[progress 100%]\n"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

func TestExecuteReportsKernelErrors(t *testing.T) {
	srv := kernelScript(t, [][2]any{
		{"error", map[string]any{"ename": "ERROR", "evalue": "failed to run \"go build\"", "traceback": []any{}}},
	}, "error")
	defer srv.Close()
	hub, _ := url.Parse(srv.URL)
	st, _ := newStudent(hub, "ann")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	k, err := st.connect(ctx, "k1")
	if err != nil {
		t.Fatal(err)
	}
	defer k.close()
	ex, err := k.execute(ctx, "%%\nrun()")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Status != "error" || !strings.Contains(ex.Error, "go build") {
		t.Errorf("status %q error %q", ex.Status, ex.Error)
	}
}

func TestLoginErrorMessage(t *testing.T) {
	page := []byte(`<div><p class="login_error">
	Invalid username or password
</p></div>`)
	if got := loginError(page); got != ": Invalid username or password" {
		t.Errorf("loginError = %q", got)
	}
	if got := loginError([]byte("<html></html>")); got != "" {
		t.Errorf("no message: %q", got)
	}
}
