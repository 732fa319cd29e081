package main

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/internal/testcert"
)

// Secrets the probe tests configure or the fake node hands out; none may appear in any output.
const (
	probeClientID     = "pizza-probe-client"
	probeClientSecret = "cl1ent-S3cret-do-not-print"
	probeHeaderSecret = "ap1key-S3cret-do-not-print"
	probeAccessToken  = "acc3ss-T0ken-do-not-print"
)

// fakeNode is a local stand-in for a WSO2 API Manager node: a TLS servlet port (Version service,
// gateway readiness, the OAuth2 token endpoint, a slow resource, a redirect to another host), a
// TLS gateway port (an API that needs the token, one that needs an API key), and plain TCP
// listeners for the two HTTP ports.
type fakeNode struct {
	servlet, gateway *httptest.Server
	httpServlet      net.Listener
	httpGateway      net.Listener
	certExpiry       time.Time
}

// startFakeNode serves version (e.g. "4.2.0") with a certificate for 127.0.0.1 that expires
// after validFor; certPEM receives the certificate, for the probes' CA bundle.
func startFakeNode(t *testing.T, version string, validFor time.Duration) (*fakeNode, []byte) {
	t.Helper()
	cert, certPEM, expiry := probeCertificate(t, validFor)
	servlet := http.NewServeMux()
	servlet.HandleFunc("GET /services/Version", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<ns:getVersionResponse xmlns:ns="http://version.services.core.carbon.wso2.org"><return>WSO2 API Manager-%s</return></ns:getVersionResponse>`, version)
	})
	servlet.HandleFunc("GET /api/am/gateway/v2/server-startup-healthcheck", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"status":"ready"}`)
	})
	servlet.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok || id != probeClientID || secret != probeClientSecret || r.FormValue("grant_type") != "client_credentials" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": probeAccessToken, "token_type": "Bearer", "expires_in": 3600})
	})
	servlet.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	servlet.HandleFunc("GET /moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example/pizzashack", http.StatusFound)
	})
	gateway := http.NewServeMux()
	gateway.HandleFunc("GET /pizzashack/1.0.0/menu", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+probeAccessToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, `[{"name":"BBQ Chicken","price":"24.99"}]`)
	})
	gateway.HandleFunc("GET /echo/1.0.0/ping", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("apikey") != probeHeaderSecret {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, "pong")
	})
	n := &fakeNode{
		servlet: tlsServer(t, servlet, cert), gateway: tlsServer(t, gateway, cert),
		httpServlet: acceptingListener(t), httpGateway: acceptingListener(t), certExpiry: expiry,
	}
	return n, certPEM
}

func tlsServer(t *testing.T, handler http.Handler, cert tls.Certificate) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(handler)
	s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // the TCP probes connect and hang up: not news
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// acceptingListener accepts connections and closes them: a port that is open.
func acceptingListener(t *testing.T) net.Listener {
	return serveConnections(t, func(conn net.Conn) { _ = conn.Close() })
}

// silentListener accepts connections and never answers: a hung node. The connections are
// closed when the test ends.
func silentListener(t *testing.T) net.Listener {
	var mu sync.Mutex
	var held []net.Conn
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			_ = c.Close()
		}
	})
	return serveConnections(t, func(conn net.Conn) {
		mu.Lock()
		defer mu.Unlock()
		held = append(held, conn)
	})
}

// serveConnections listens on a free local port and hands each connection to handle until the
// test ends.
func serveConnections(t *testing.T, handle func(net.Conn)) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			handle(conn)
		}
	}()
	return l
}

func port(t *testing.T, address string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(strings.TrimPrefix(address, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// nodeYAML is the nodes[] entry of a fake node: a CARBON_HOME whose bin/version.txt says 4.2.0
// (the new pack is installed: the expected version), and the node's ports.
func (n *fakeNode) nodeYAML(t *testing.T, name string) string {
	t.Helper()
	home := minimalHome(t, "wso2am-4.2.0")
	writeFile(t, filepath.Join(home, "bin", "version.txt"), "WSO2 API Manager v4.2.0\n")
	return fmt.Sprintf("  - name: %s\n    carbon_home: %s\n    host: 127.0.0.1\n    ports: {https_servlet: %d, http_servlet: %d, gateway_https: %d, gateway_http: %d}\n",
		name, home, port(t, n.servlet.URL), port(t, n.httpServlet.Addr().String()), port(t, n.gateway.URL), port(t, n.httpGateway.Addr().String()))
}

// probeCertificate is a certificate for 127.0.0.1, valid from an hour ago for validFor, from a
// CA of its own whose PEM it returns for the probes' CA bundle.
func probeCertificate(t *testing.T, validFor time.Duration) (tls.Certificate, []byte, time.Time) {
	t.Helper()
	ca := testcert.NewCA(t)
	expiry := time.Now().Add(validFor).Truncate(time.Second)
	return ca.Server(t, expiry).TLS, ca.PEM, expiry
}

// writeCABundle writes the certificates to a file and returns its path.
func writeCABundle(t *testing.T, certs ...[]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	var bundle []byte
	for _, c := range certs {
		bundle = append(bundle, c...)
	}
	if err := os.WriteFile(path, bundle, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// assertNoSecret fails when any probe secret appears in what (an output of apimwatch).
func assertNoSecret(t *testing.T, where, what string) {
	t.Helper()
	for _, secret := range []string{probeClientSecret, probeHeaderSecret, probeAccessToken} {
		if strings.Contains(what, secret) {
			t.Errorf("%s shows the secret %q:\n%s", where, secret, what)
		}
	}
}
