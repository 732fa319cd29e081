package probe

import (
	"net/http"
	"strings"
	"testing"
)

func TestVersionProbe(t *testing.T) {
	ca := newTestCA(t)
	notAfter := inDays(90)
	cert := ca.leaf(t, notAfter)
	cases := []struct {
		name      string
		handler   http.HandlerFunc
		expected  string
		success   bool
		status    int
		inMessage string
	}{
		{"the expected version", versionHandler("4.2.0"), "4.2.0", true, 200, "WSO2 API Manager-4.2.0"},
		{"an old pack still answering", versionHandler("3.2.0"), "4.2.0", false, 200, "runs WSO2 API Manager-3.2.0, expected version 4.2.0: an older pack is answering"},
		{"a newer pack", versionHandler("4.3.0"), "4.2.0", false, 200, "runs WSO2 API Manager-4.3.0, expected version 4.2.0"},
		{"no expected version", versionHandler("4.2.0"), "", true, 200, "WSO2 API Manager-4.2.0 (no expected version given)"},
		{"a prefixed return element in a SOAP envelope", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
				`<ns:getVersionResponse xmlns:ns="http://version.services.core.carbon.wso2.org"><ns:return> WSO2 API Manager-4.2.0 </ns:return>` +
				`</ns:getVersionResponse></soapenv:Body></soapenv:Envelope>`))
		}, "4.2.0", true, 200, "runs WSO2 API Manager-4.2.0"},
		{"an HTML error page", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`<html><body>Not here</body></html>`))
		}, "4.2.0", false, 200, "no <return> element"},
		{"not XML", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`<ns:getVersionResponse><return>WSO2`))
		}, "4.2.0", false, 200, "not XML"},
		{"a 404", http.NotFound, "4.2.0", false, 404, "answered status 404, want 200"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			server := tlsServer(t, cert, c.handler)
			r := runOne(t, VersionProbe{Spec: Spec{Name: "version", Node: "gw1"}, URL: server.URL + VersionPath,
				Expected: c.expected, HTTP: HTTPOptions{TLS: TLSOptions{CAFile: ca.caFile}}})
			if r.Success != c.success || r.HTTPStatus != c.status || !strings.Contains(r.Message, c.inMessage) {
				t.Errorf("got success=%v status=%d message %q; want success=%v status=%d message with %q",
					r.Success, r.HTTPStatus, r.Message, c.success, c.status, c.inMessage)
			}
			// Without an expected version an old pack would pass: the gate and the page must say so.
			warned := strings.Contains(strings.Join(r.Warnings, "\n"), "no expected version is given: an old pack answering would pass")
			if warned != (c.expected == "" && c.success) || len(r.Warnings) > 1 {
				t.Errorf("warnings %q: the missing expected version should be warned of exactly when no version is expected", r.Warnings)
			}
			if r.Kind != KindVersion || r.Name != "version" || r.Node != "gw1" || r.Duration <= 0 || r.Time.IsZero() {
				t.Errorf("result identity not filled: %+v", r)
			}
			if !r.CertExpiry.Equal(notAfter) {
				t.Errorf("cert expiry %s, want %s", r.CertExpiry, notAfter)
			}
		})
	}
}

func TestReadinessProbe(t *testing.T) {
	ca := newTestCA(t)
	cert := ca.leaf(t, inDays(90))
	for _, status := range []int{http.StatusOK, http.StatusServiceUnavailable} {
		server := tlsServer(t, cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != ReadinessPath {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(status)
		}))
		r := runOne(t, ReadinessProbe{Spec: Spec{Name: "gateway_ready"}, URL: server.URL + ReadinessPath,
			HTTP: HTTPOptions{TLS: TLSOptions{CAFile: ca.caFile}}})
		wantSuccess := status == http.StatusOK
		if r.Success != wantSuccess || r.HTTPStatus != status {
			t.Errorf("status %d: success=%v http_status=%d message %q", status, r.Success, r.HTTPStatus, r.Message)
		}
		if !wantSuccess && !strings.Contains(r.Message, "status 503, want 200") {
			t.Errorf("message %q does not say why", r.Message)
		}
	}
}

func TestOlderVersion(t *testing.T) {
	cases := []struct {
		a, b  string
		older bool
	}{
		{"3.2.0", "4.2.0", true}, {"4.2.0", "4.2.0", false}, {"4.10.0", "4.2.0", false},
		{"4.2", "4.2.1", true}, {"4.2.0-beta", "4.2.0", false},
	}
	for _, c := range cases {
		if got := olderVersion(c.a, c.b); got != c.older {
			t.Errorf("olderVersion(%q, %q) = %v, want %v", c.a, c.b, got, c.older)
		}
	}
}

func FuzzParseVersionResponse(f *testing.F) {
	f.Add([]byte(`<ns:getVersionResponse xmlns:ns="http://version.services.core.carbon.wso2.org"><return>WSO2 API Manager-4.2.0</return></ns:getVersionResponse>`))
	f.Add([]byte(`<a><ns:return>x</ns:return></a>`))
	f.Add([]byte(`<return><return>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		product, err := parseVersionResponse(body)
		if err == nil && strings.TrimSpace(product) != product || err == nil && product == "" {
			t.Fatalf("product %q accepted untrimmed or empty", product)
		}
	})
}
