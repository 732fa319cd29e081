package agent

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/probe"
)

// The agent's probe runs across reloads: a new interval starts a new scheduler at once and keeps
// the OAuth2 token (the token endpoint is not asked again); a reload that turns the probes off
// while one of them waits on a node that never answers ends at once, not at that probe's
// timeout, and drops every probe series.
func TestProbesAcrossReloads(t *testing.T) {
	var tokenRequests, menuCalls atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, _ *http.Request) {
		tokenRequests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, `{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("GET /menu", func(w http.ResponseWriter, r *http.Request) {
		menuCalls.Add(1)
		if r.Header.Get("Authorization") != "Bearer tok-1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = fmt.Fprint(w, "menu")
	})
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)
	menu := probe.HTTPProbe{Spec: probe.Spec{Name: "menu"}, URL: server.URL + "/menu", Expect: probe.Expect{BodyContains: "menu"},
		OAuth2: &probe.ClientCredentials{TokenURL: server.URL + "/oauth2/token", ClientID: "c", ClientSecret: "s"}}

	p := newProbes(zap.NewNop())
	t.Cleanup(p.halt)
	p.apply([]probe.Probe{menu}, time.Hour)
	waitForResults(t, p, "the first run", func(rs []probe.Result) bool { return len(rs) == 1 && rs[0].Success })
	if n := testutil.CollectAndCount(p, "wso2_probe_success"); n != 1 {
		t.Errorf("%d wso2_probe_success series after the first run, want 1", n)
	}

	// A new interval: a new scheduler, whose results start empty, runs at once (not an hour on).
	p.apply([]probe.Probe{menu}, 2*time.Hour)
	waitForResults(t, p, "the run after the new interval", func(rs []probe.Result) bool { return len(rs) == 1 && rs[0].Success })
	if calls, tokens := menuCalls.Load(), tokenRequests.Load(); calls != 2 || tokens != 1 {
		t.Errorf("after two runs: %d calls of the API (want 2), %d token requests (want 1: the token is kept across the reload)", calls, tokens)
	}

	hung, accepted := silentAddress(t)
	silent := probe.HTTPProbe{Spec: probe.Spec{Name: "silent", Timeout: time.Minute}, URL: "http://" + hung + "/"}
	p.apply([]probe.Probe{menu, silent}, 2*time.Hour)
	deadline := time.Now().Add(10 * time.Second)
	for accepted.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the silent probe did not connect within 10s of the reload")
		}
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	p.apply(nil, 0)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("turning the probes off took %s while a probe waited on a silent node: it waited for the probe's 1m timeout", elapsed)
	}
	if rs := p.latest(); rs != nil {
		t.Errorf("results after the probes were turned off: %+v", rs)
	}
	if n := testutil.CollectAndCount(p); n != 0 {
		t.Errorf("%d probe series served after the probes were turned off, want none", n)
	}
}

func waitForResults(t *testing.T, p *probes, what string, done func([]probe.Result) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !done(p.latest()) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 10s: %+v", what, p.latest())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// silentAddress is a loopback port that accepts connections and never answers on them, and the
// count of connections it accepted; all are closed when the test ends.
func silentAddress(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepted atomic.Int32
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, conn)
			mu.Unlock()
			accepted.Add(1)
		}
	}()
	t.Cleanup(func() {
		_ = listener.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			_ = c.Close()
		}
	})
	return listener.Addr().String(), &accepted
}
