package main

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/apimwatch/apimwatch/internal/testcert"
)

// TestWebConfigGivesTLSAndBasicAuth serves with an exporter-toolkit web configuration file:
// HTTPS only, and a bad password is refused while the right one is let in.
func TestWebConfigGivesTLSAndBasicAuth(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM, pool := selfSignedCert(t)
	writeFile(t, filepath.Join(dir, "cert.pem"), string(certPEM))
	writeFile(t, filepath.Join(dir, "key.pem"), string(keyPEM))
	hash, err := bcrypt.GenerateFromPassword([]byte("scrape-secret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	webConfig := filepath.Join(dir, "web.yml")
	writeFile(t, webConfig, "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  prometheus: "+string(hash)+"\n")

	d := startDaemon(t, nil, "--web.config.file="+webConfig)
	client := httpClient(pool)
	d.waitReady(t, client, "https")

	status := func(user, password string) int {
		req, err := http.NewRequest(http.MethodGet, "https://"+d.addr+"/metrics", nil)
		if err != nil {
			t.Fatal(err)
		}
		if user != "" {
			req.SetBasicAuth(user, password)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("", ""); got != http.StatusUnauthorized {
		t.Errorf("no credentials: %d, want 401", got)
	}
	if got := status("prometheus", "wrong"); got != http.StatusUnauthorized {
		t.Errorf("bad password: %d, want 401", got)
	}
	if got := status("prometheus", "scrape-secret"); got != http.StatusOK {
		t.Errorf("good password: %d, want 200", got)
	}
	if resp, err := http.Get("http://" + d.addr + "/metrics"); err == nil {
		_ = resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP served metrics although TLS is configured")
		}
	}
	if strings.Contains(d.stderr.String(), "scrape-secret") {
		t.Errorf("the basic-auth password reached the log")
	}
}

func httpClient(roots *x509.CertPool) *http.Client {
	return &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}},
	}
}

// selfSignedCert makes a certificate for 127.0.0.1 and the pool that trusts it.
func selfSignedCert(t *testing.T) (certPEM, keyPEM []byte, pool *x509.CertPool) {
	t.Helper()
	ca := testcert.NewCA(t)
	server := ca.Server(t, time.Now().Add(time.Hour))
	return server.CertPEM, server.KeyPEM, ca.Pool()
}
