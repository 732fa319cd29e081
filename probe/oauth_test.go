package probe

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testClientID     = "pizza-app-client-id"
	testClientSecret = "Zq8-client-secret-never-shown"
)

// fakeKeyManager is a WSO2 node's /oauth2/token and a gateway API that wants its tokens.
type fakeKeyManager struct {
	expiresIn     int64
	tokenRequests atomic.Int32

	mu     sync.Mutex
	issued []string
	valid  map[string]bool
	scopes []string // scope parameter of each token request
}

func newFakeKeyManager(expiresIn int64) *fakeKeyManager {
	return &fakeKeyManager{expiresIn: expiresIn, valid: map[string]bool{}}
}

func (k *fakeKeyManager) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		n := k.tokenRequests.Add(1)
		id, secret, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		if id != testClientID || secret != testClientSecret || r.PostFormValue("grant_type") != "client_credentials" {
			w.WriteHeader(http.StatusUnauthorized)
			// Like some servers, quote what the client sent: the probe must not repeat it.
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client",
				"error_description": "no client " + id + " with secret " + secret})
			return
		}
		token := fmt.Sprintf("eyJ-access-token-%d-%d", n, time.Now().UnixNano())
		k.mu.Lock()
		k.valid[token] = true
		k.issued = append(k.issued, token)
		k.scopes = append(k.scopes, r.PostFormValue("scope"))
		k.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": k.expiresIn, "scope": "default"})
	})
	mux.HandleFunc("/pizzashack/1.0.0/order", func(w http.ResponseWriter, r *http.Request) {
		token, isBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		k.mu.Lock()
		ok := isBearer && k.valid[token]
		k.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"code":"900901","message":"Invalid Credentials","description":"bad token ` + token + `"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"status": "accepted", "caller": map[string]string{"token": token}})
	})
	return mux
}

// revokeAll makes the gateway refuse every token issued so far.
func (k *fakeKeyManager) revokeAll() {
	k.mu.Lock()
	defer k.mu.Unlock()
	clear(k.valid)
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func orderProbes(url, caFile string, n int) []Probe {
	creds := &ClientCredentials{TokenURL: url + "/oauth2/token", ClientID: testClientID, ClientSecret: testClientSecret, Scopes: []string{"order:write", "menu:read"}}
	probes := make([]Probe, n)
	for i := range probes {
		probes[i] = HTTPProbe{Spec: Spec{Name: fmt.Sprintf("order_%d", i)}, Method: "POST", URL: url + "/pizzashack/1.0.0/order",
			OAuth2: creds, HTTP: HTTPOptions{TLS: TLSOptions{CAFile: caFile}}, Expect: Expect{JSONField: "status", JSONValue: "accepted"}}
	}
	return probes
}

func TestOAuth2TokenSharedCachedAndRenewed(t *testing.T) {
	ca := newTestCA(t)
	km := newFakeKeyManager(3600)
	server := tlsServer(t, ca.leaf(t, inDays(90)), km.handler())
	clock := &fakeClock{now: time.Now()}
	runner := &Runner{Parallelism: 8, Tokens: &TokenCache{Now: clock.Now}}
	probes := orderProbes(server.URL, ca.caFile, 8)

	assertRun := func(step string, wantTokenRequests int32) {
		t.Helper()
		for _, r := range runner.Run(context.Background(), probes) {
			if !r.Success || r.HTTPStatus != 200 {
				t.Errorf("%s: %s: success=%v status=%d message %q", step, r.Name, r.Success, r.HTTPStatus, r.Message)
			}
		}
		if got := km.tokenRequests.Load(); got != wantTokenRequests {
			t.Errorf("%s: %d token requests in all, want %d", step, got, wantTokenRequests)
		}
	}
	assertRun("8 concurrent probes with the same credentials", 1)
	clock.advance(50 * time.Minute)
	assertRun("a run 50 minutes later", 1)
	clock.advance(9*time.Minute + 31*time.Second) // 30 s before expiry: renewed
	assertRun("a run shortly before the token expires", 2)
	km.revokeAll()
	assertRun("a run after the gateway stopped accepting the token", 3)
	if km.scopes[0] != "order:write menu:read" {
		t.Errorf("scope sent %q, want %q", km.scopes[0], "order:write menu:read")
	}
}

func TestOAuth2Failures(t *testing.T) {
	ca := newTestCA(t)
	km := newFakeKeyManager(3600)
	server := tlsServer(t, ca.leaf(t, inDays(90)), km.handler())

	wrongSecret := orderProbes(server.URL, ca.caFile, 1)[0].(HTTPProbe)
	wrongSecret.OAuth2 = &ClientCredentials{TokenURL: server.URL + "/oauth2/token", ClientID: testClientID, ClientSecret: "wrong-secret-also-hidden"}
	r := runOne(t, wrongSecret)
	if r.Success || r.Message != "the token endpoint answered 401 (invalid_client)" || r.HTTPStatus != 0 {
		t.Errorf("wrong client secret: success=%v status=%d message %q", r.Success, r.HTTPStatus, r.Message)
	}

	// A gateway that refuses every token: one renewal, then the 401 is the result.
	refusing := http.NewServeMux()
	refusing.Handle("/oauth2/token", km.handler())
	refusing.HandleFunc("/pizzashack/1.0.0/order", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	refusingServer := tlsServer(t, ca.leaf(t, inDays(90)), refusing)
	before := km.tokenRequests.Load()
	r = runOne(t, orderProbes(refusingServer.URL, ca.caFile, 1)[0])
	if r.Success || r.HTTPStatus != 401 || km.tokenRequests.Load()-before != 2 {
		t.Errorf("token always refused: success=%v status=%d message %q, %d token requests (want 2)",
			r.Success, r.HTTPStatus, r.Message, km.tokenRequests.Load()-before)
	}
}
