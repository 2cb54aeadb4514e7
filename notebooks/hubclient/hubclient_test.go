package hubclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestKernelAnswersPingsBetweenCells: the notebook server pings a kernel's
// websocket and closes it when no pong comes for 90 s. A Kernel that runs
// no cell (a student thinking) must still answer: here the server pings
// an idle client and wants the pong within 2 s.
func TestKernelAnswersPingsBetweenCells(t *testing.T) {
	pinged := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			w.WriteHeader(201)
			w.Write([]byte(`{"id": "k1"}`))
			return
		}
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			pinged <- err
			return
		}
		defer c.CloseNow()
		ctx := c.CloseRead(r.Context())
		time.Sleep(200 * time.Millisecond) // the client is idle
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		pinged <- c.Ping(pctx)
		<-ctx.Done()
	}))
	defer srv.Close()
	s := &Server{Base: srv.URL, Token: "t"}
	k, err := s.StartKernel(context.Background(), "gonb")
	if err != nil {
		t.Fatal(err)
	}
	defer k.ws.CloseNow()
	select {
	case err := <-pinged:
		if err != nil {
			t.Errorf("an idle kernel connection did not answer the server's ping: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server never pinged")
	}
}
