package probe

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// siteAPI answers like a gateway API of the site.
func siteAPI() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/pizzashack/1.0.0/menu", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"status":"UP","count":3,"open":true},"items":[{"name":"Margherita"},{"name":"Diavola"}]}`))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(150 * time.Millisecond):
			_, _ = w.Write([]byte("late"))
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/hang", func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/pizzashack/1.0.0/menu", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", 2000) + "needle"))
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		body, _ := io.ReadAll(r.Body)
		_, _ = fmt.Fprintf(w, "%s %s %s", r.Method, r.Header.Get("X-Site"), body)
	})
	return mux
}

func TestHTTPProbe(t *testing.T) {
	ca := newTestCA(t)
	server := tlsServer(t, ca.leaf(t, inDays(90)), siteAPI())
	// The same server under another host name: 127.0.0.1 and localhost are two hosts.
	otherHost := strings.Replace(server.URL, "127.0.0.1", "localhost", 1)
	safe := HTTPOptions{TLS: TLSOptions{CAFile: ca.caFile}}
	cases := []struct {
		name      string
		probe     HTTPProbe
		success   bool
		status    int
		inMessage string
	}{
		{"JSON field", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", Expect: Expect{Status: 200, JSONField: "data.status", JSONValue: "UP"}},
			true, 200, "status 200 in"},
		{"JSON field in an array", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", Expect: Expect{JSONField: "items[1].name", JSONValue: "Diavola"}},
			true, 200, "status 200"},
		{"JSON number and bool", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", Expect: Expect{JSONField: "data.count", JSONValue: "3"}},
			true, 200, "status 200"},
		{"JSON field present", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", Expect: Expect{JSONField: "data.open"}},
			true, 200, "status 200"},
		{"JSON field with another value", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", Expect: Expect{JSONField: "data.status", JSONValue: "DOWN"}},
			false, 200, `field data.status is "UP", want "DOWN"`},
		{"JSON field missing", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", Expect: Expect{JSONField: "items[5].name"}},
			false, 200, "the body has no field items[5].name"},
		{"body not JSON", HTTPProbe{URL: server.URL + "/big", Expect: Expect{JSONField: "a"}},
			false, 200, "the body is not JSON"},
		{"substring", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", Expect: Expect{BodyContains: "Margherita"}},
			true, 200, "status 200"},
		{"substring missing", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", Expect: Expect{BodyContains: "Hawaii"}},
			false, 200, `the body does not contain "Hawaii"`},
		{"unexpected status", HTTPProbe{URL: server.URL + "/nothing"},
			false, 404, "status 404, want 2xx"},
		{"method, headers and body sent", HTTPProbe{Method: "POST", URL: server.URL + "/echo", Header: map[string]string{"X-Site": "acme"}, Body: "order=1",
			Expect: Expect{Status: 201, BodyContains: "POST acme order=1"}}, true, 201, "status 201"},
		{"over the latency budget", HTTPProbe{URL: server.URL + "/slow", Expect: Expect{MaxLatency: 50 * time.Millisecond}},
			false, 200, "over the 50ms budget"},
		{"within the latency budget", HTTPProbe{URL: server.URL + "/slow", Expect: Expect{MaxLatency: 2 * time.Second}},
			true, 200, "status 200"},
		{"same-host redirect followed", HTTPProbe{URL: server.URL + "/moved", Expect: Expect{BodyContains: "Margherita"}},
			true, 200, "status 200"},
		{"redirect loop stopped", HTTPProbe{URL: server.URL + "/loop"},
			false, 0, "stopped after 5 redirects"},
		{"redirect to another host refused", HTTPProbe{URL: server.URL + "/away?to=" + otherHost + "/pizzashack/1.0.0/menu"},
			false, 0, "redirected to host localhost: redirects to another host are not followed"},
		{"redirect to another host allowed", HTTPProbe{URL: server.URL + "/away?to=" + otherHost + "/pizzashack/1.0.0/menu",
			HTTP: HTTPOptions{TLS: safe.TLS, FollowOtherHosts: true}, Expect: Expect{BodyContains: "Diavola"}}, true, 200, "status 200"},
		{"body capped", HTTPProbe{URL: server.URL + "/big", HTTP: HTTPOptions{TLS: safe.TLS, MaxBodyBytes: 1000}, Expect: Expect{BodyContains: "needle"}},
			false, 200, `the body does not contain "needle"`},
		{"untrusted certificate", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", HTTP: HTTPOptions{}},
			false, 0, "certificate not trusted"},
		{"verification skipped on request", HTTPProbe{URL: server.URL + "/pizzashack/1.0.0/menu", HTTP: HTTPOptions{TLS: TLSOptions{InsecureSkipVerify: true}}},
			true, 200, "status 200"},
	}
	server.Config.Handler.(*http.ServeMux).HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.probe.Spec = Spec{Name: "menu"}
			if c.probe.HTTP == (HTTPOptions{}) && c.name != "untrusted certificate" {
				c.probe.HTTP = safe
			}
			r := runOne(t, c.probe)
			if r.Success != c.success || r.HTTPStatus != c.status || !strings.Contains(r.Message, c.inMessage) {
				t.Errorf("got success=%v status=%d message %q; want success=%v status=%d message with %q",
					r.Success, r.HTTPStatus, r.Message, c.success, c.status, c.inMessage)
			}
			insecure := strings.Contains(strings.Join(r.Warnings, "\n"), "verification is disabled")
			if insecure != c.probe.HTTP.TLS.InsecureSkipVerify {
				t.Errorf("warnings %q: insecure warning should be there exactly when verification is skipped", r.Warnings)
			}
			capped := strings.Contains(strings.Join(r.Warnings, "\n"), "larger than 1000 bytes")
			if capped != (c.name == "body capped") {
				t.Errorf("warnings %q: the body cap warning should be there exactly when the body is capped", r.Warnings)
			}
		})
	}
}

// A probe against a node that accepts connections and never answers ends at its timeout, and the
// runner goes on with the other probes.
func TestUnansweringNodeEndsAtTimeout(t *testing.T) {
	ca := newTestCA(t)
	server := tlsServer(t, ca.leaf(t, inDays(90)), siteAPI())
	silent := hangingListener(t)
	const timeout = 300 * time.Millisecond
	tls := HTTPOptions{TLS: TLSOptions{CAFile: ca.caFile}}
	probes := []Probe{
		HTTPProbe{Spec: Spec{Name: "silent_http", Timeout: timeout}, URL: "https://" + silent + "/", HTTP: tls},
		CertProbe{Spec: Spec{Name: "silent_tls", Timeout: timeout}, Address: silent, TLS: tls.TLS},
		VersionProbe{Spec: Spec{Name: "silent_version", Timeout: timeout}, URL: "http://" + silent + VersionPath},
		HTTPProbe{Spec: Spec{Name: "slow_endpoint", Timeout: timeout}, URL: server.URL + "/hang", HTTP: tls},
		HTTPProbe{Spec: Spec{Name: "menu"}, URL: server.URL + "/pizzashack/1.0.0/menu", HTTP: tls},
		TCPProbe{Spec: Spec{Name: "tcp"}, Address: silent},
	}
	start := time.Now()
	// One at a time: the probes after the silent ones run only if those end.
	results := (&Runner{Parallelism: 1, Timeout: 10 * time.Second}).Run(context.Background(), probes)
	elapsed := time.Since(start)
	if elapsed > 4*timeout+2*time.Second {
		t.Errorf("the run took %s: the silent probes did not end at their %s timeout", elapsed, timeout)
	}
	for _, r := range results[:4] {
		if r.Success || !strings.Contains(r.Message, "no answer within the timeout") {
			t.Errorf("%s: success=%v message %q, want a timeout", r.Name, r.Success, r.Message)
		}
		if r.Duration < timeout || r.Duration > timeout+time.Second {
			t.Errorf("%s took %s, want about its %s timeout", r.Name, r.Duration, timeout)
		}
	}
	for _, r := range results[4:] {
		if !r.Success {
			t.Errorf("%s after the silent ones: %q", r.Name, r.Message)
		}
	}
}

// A followed redirect to another host does not take the probe's credentials there: Go's client
// itself drops only Authorization, and keeps apikey and the sites' own credential headers. A
// redirect within the host keeps them, and one from https to plain http is never followed, even
// within the host, since the credentials would then cross the network in the clear.
func TestRedirectsKeepCredentialsToTheirHost(t *testing.T) {
	ca := newTestCA(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	mux.HandleFunc("/credentials", func(w http.ResponseWriter, r *http.Request) {
		var sent []string
		for _, name := range []string{"Authorization", "Apikey", "X-Auth-Token"} {
			if r.Header.Get(name) != "" {
				sent = append(sent, name)
			}
		}
		_, _ = fmt.Fprintf(w, "credentials sent: [%s]", strings.Join(sent, " "))
	})
	server := tlsServer(t, ca.leaf(t, inDays(90)), mux)
	otherHost := strings.Replace(server.URL, "127.0.0.1", "localhost", 1)
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(plain.Close)

	cases := []struct {
		name, to  string
		success   bool
		status    int
		inMessage string
	}{
		{"within the host", server.URL + "/credentials", true, 200, ""},
		{"to another host", otherHost + "/credentials", true, 200, ""},
		{"to plain http on the same host", plain.URL + "/credentials", false, 0, "redirected from https to http: a redirect that leaves TLS is not followed"},
	}
	want := map[string]string{"within the host": "credentials sent: [Authorization Apikey X-Auth-Token]", "to another host": "credentials sent: []"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runOne(t, HTTPProbe{Spec: Spec{Name: "moved"}, URL: server.URL + "/away?to=" + url.QueryEscape(c.to),
				Header:    map[string]string{"apikey": "gw-key-1", "X-Auth-Token": "site-token-1"},
				BasicAuth: &BasicAuth{Username: "admin", Password: "pw-1"},
				HTTP:      HTTPOptions{TLS: TLSOptions{CAFile: ca.caFile}, FollowOtherHosts: true},
				Expect:    Expect{BodyContains: want[c.name]}})
			if r.Success != c.success || r.HTTPStatus != c.status || !strings.Contains(r.Message, c.inMessage) {
				t.Errorf("got success=%v status=%d message %q; want success=%v status=%d message with %q",
					r.Success, r.HTTPStatus, r.Message, c.success, c.status, c.inMessage)
			}
		})
	}
	if n := plainHits.Load(); n != 0 {
		t.Errorf("the plain-http server got %d requests: the redirect that leaves TLS was followed", n)
	}
}

// The values of credential headers are secrets by the header's name, standard or the site's own;
// other headers' values are not (they would make messages unreadable for nothing).
func TestCredentialHeaders(t *testing.T) {
	p := HTTPProbe{Header: map[string]string{
		"Authorization": "Bearer tok-1", "apikey": "key-1", "Internal-Key": "key-2", "X-Auth-Token": "tok-2",
		"X-JWT-Assertion": "jwt-1", "X-Client-Secret": "sec-1", "Cookie": "JSESSIONID=c-1",
		"Accept": "application/json", "Content-Type": "text/xml", "X-Tenant": "carbon.super"}}
	secrets := p.secrets()
	for _, want := range []string{"Bearer tok-1", "tok-1", "key-1", "key-2", "tok-2", "jwt-1", "sec-1", "JSESSIONID=c-1"} {
		if !slices.Contains(secrets, want) {
			t.Errorf("%q is not among the secrets %q", want, secrets)
		}
	}
	for _, notSecret := range []string{"application/json", "text/xml", "carbon.super"} {
		if slices.Contains(secrets, notSecret) {
			t.Errorf("%q is taken for a secret: %q", notSecret, secrets)
		}
	}
}
