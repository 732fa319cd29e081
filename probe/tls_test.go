package probe

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCertProbe(t *testing.T) {
	ca := newTestCA(t)
	valid, expiring := inDays(90), inDays(2)
	validServer := tlsServer(t, ca.leaf(t, valid), http.NotFoundHandler())
	expiringServer := tlsServer(t, ca.leaf(t, expiring), http.NotFoundHandler())
	trusted := TLSOptions{CAFile: ca.caFile}
	cases := []struct {
		name       string
		probe      CertProbe
		success    bool
		expiry     time.Time
		inMessage  string
		inWarnings string
	}{
		{"valid for 90 days", CertProbe{Address: host(validServer.URL), TLS: trusted},
			true, valid, "valid until " + valid.UTC().Format(time.RFC3339), ""},
		{"expiring in 2 days, default thresholds", CertProbe{Address: host(expiringServer.URL), TLS: trusted},
			false, expiring, "within the 7-day failure threshold", ""},
		{"expiring in 2 days, fail within 1 day", CertProbe{Address: host(expiringServer.URL), TLS: trusted, FailWithin: 24 * time.Hour},
			true, expiring, "valid until", "within the 30-day warning threshold"},
		{"90 days, warn within 100 days", CertProbe{Address: host(validServer.URL), TLS: trusted, WarnWithin: 100 * 24 * time.Hour},
			true, valid, "valid until", "within the 100-day warning threshold"},
		{"untrusted CA: fails and still reports the expiry", CertProbe{Address: host(validServer.URL)},
			false, valid, "certificate not trusted", ""},
		{"untrusted CA, verification skipped", CertProbe{Address: host(validServer.URL), TLS: TLSOptions{InsecureSkipVerify: true}},
			true, valid, "valid until", "verification is disabled"},
		{"wrong server name", CertProbe{Address: host(validServer.URL), TLS: TLSOptions{CAFile: ca.caFile, ServerName: "gw.example.com"}},
			false, valid, "valid for localhost, not gw.example.com", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.probe.Spec = Spec{Name: "tls_https_servlet", Node: "cp1"}
			r := runOne(t, c.probe)
			if r.Success != c.success || !r.CertExpiry.Equal(c.expiry) || !strings.Contains(r.Message, c.inMessage) {
				t.Errorf("got success=%v expiry=%s message %q; want success=%v expiry=%s message with %q",
					r.Success, r.CertExpiry, r.Message, c.success, c.expiry, c.inMessage)
			}
			warnings := strings.Join(r.Warnings, "\n")
			if c.inWarnings == "" && warnings != "" || !strings.Contains(warnings, c.inWarnings) {
				t.Errorf("warnings %q, want %q", warnings, c.inWarnings)
			}
		})
	}
}

func TestCABundleProblems(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		filepath.Join(dir, "missing.pem"): "reading the CA bundle",
		notPEM:                            "holds no PEM certificate",
	} {
		r := runOne(t, CertProbe{Spec: Spec{Name: "tls"}, Address: "127.0.0.1:1", TLS: TLSOptions{CAFile: file}})
		if r.Success || !strings.Contains(r.Message, want) {
			t.Errorf("CA file %s: success=%v message %q, want %q", file, r.Success, r.Message, want)
		}
	}
}

func TestTCPProbe(t *testing.T) {
	server := tlsServer(t, newTestCA(t).leaf(t, inDays(9)), http.NotFoundHandler())
	if r := runOne(t, TCPProbe{Spec: Spec{Name: "tcp"}, Address: host(server.URL)}); !r.Success || !strings.Contains(r.Message, "accepted a connection") {
		t.Errorf("open port: %+v", r)
	}
	closed := closedAddress(t)
	if r := runOne(t, TCPProbe{Spec: Spec{Name: "tcp"}, Address: closed}); r.Success || !strings.Contains(r.Message, "connecting to "+closed+" failed") {
		t.Errorf("closed port: %+v", r)
	}
}

// host is the host:port of a URL.
func host(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		panic(err)
	}
	return u.Host
}
