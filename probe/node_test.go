package probe

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/internal/testcert"
)

// testCA is a certificate authority made for one test; caFile is its PEM for TLSOptions.CAFile.
type testCA struct {
	*testcert.CA
	caFile string
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	ca := testcert.NewCA(t)
	return &testCA{CA: ca, caFile: ca.File(t)}
}

// leaf issues a server certificate for localhost and 127.0.0.1 that expires at notAfter
// (whole seconds, as certificates store it).
func (ca *testCA) leaf(t *testing.T, notAfter time.Time) tls.Certificate {
	t.Helper()
	return ca.Server(t, notAfter).TLS
}

// tlsServer serves handler over TLS with cert until the test ends.
func tlsServer(t *testing.T, cert tls.Certificate, handler http.Handler) *httptest.Server {
	t.Helper()
	server := httptest.NewUnstartedServer(handler)
	server.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	server.Config.ErrorLog = log.New(io.Discard, "", 0) // handshakes the probes refuse on purpose
	server.StartTLS()
	t.Cleanup(server.Close)
	return server
}

// inDays is a certificate expiry days from now, in whole seconds.
func inDays(days float64) time.Time {
	return time.Now().Add(time.Duration(days * float64(24*time.Hour))).Truncate(time.Second)
}

// versionHandler answers like the Carbon Version service of a pack of version.
func versionHandler(version string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write([]byte(`<ns:getVersionResponse xmlns:ns="http://version.services.core.carbon.wso2.org"><return>WSO2 API Manager-` +
			version + `</return></ns:getVersionResponse>`))
	}
}

// hangingListener accepts connections and never answers on them, until the test ends.
func hangingListener(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var held []net.Conn
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				close(done)
				return
			}
			held = append(held, conn)
		}
	}()
	t.Cleanup(func() {
		listener.Close()
		<-done
		for _, c := range held {
			c.Close()
		}
	})
	return listener.Addr().String()
}

// closedAddress is an address where nothing listens.
func closedAddress(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	listener.Close()
	return address
}

// runOne runs a single probe with a fresh Runner.
func runOne(t *testing.T, p Probe) Result {
	t.Helper()
	return (&Runner{Timeout: 5 * time.Second}).Run(t.Context(), []Probe{p})[0]
}
