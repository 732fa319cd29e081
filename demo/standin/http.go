package standin

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// HTTP is what a stand-in serves of a WSO2 node's ports, for the agent's built-in probes: the
// Carbon Version service and the gateway's readiness endpoint on the HTTPS servlet port (and
// on the plain servlet port), and a gateway that matches no API on the gateway ports.
type HTTP struct {
	// Product is what the Version service answers, e.g. "WSO2 API Manager-4.2.0".
	Product string
	// Listeners are listening sockets, in the order of PortNames, which the stand-in inherits:
	// the caller keeps them, so that a restarted stand-in serves the same ports.
	Listeners []*os.File
	// ServletCert and GatewayCert are the PEM files of the HTTPS ports' certificates and keys.
	ServletCert, GatewayCert CertFiles
	// NotReadyFor is how long after the stand-in starts the readiness endpoint answers 503: the
	// gateway has not deployed its APIs.
	NotReadyFor time.Duration
}

// CertFiles are a certificate and its key, PEM files.
type CertFiles struct{ Cert, Key string }

// PortNames are the ports HTTP.Listeners serve, by the names of probe.NodeTarget.Ports.
var PortNames = []string{"https_servlet", "http_servlet", "gateway_https", "gateway_http"}

// Paths of the WSO2 endpoints a stand-in serves (probe.VersionPath, probe.ReadinessPath).
const (
	versionPath   = "/services/Version"
	readinessPath = "/api/am/gateway/v2/server-startup-healthcheck"
)

// firstInheritedFD is the descriptor of the first of exec.Cmd.ExtraFiles in the child.
const firstInheritedFD = 3

// args are the stand-in's flags for h.
func (h *HTTP) args() []string {
	return []string{
		"--product=" + h.Product,
		"--servlet-cert=" + h.ServletCert.Cert, "--servlet-key=" + h.ServletCert.Key,
		"--gateway-cert=" + h.GatewayCert.Cert, "--gateway-key=" + h.GatewayCert.Key,
		"--not-ready-for=" + h.NotReadyFor.String(),
	}
}

// serveHTTP serves h on the inherited listeners until ctx ends.
func serveHTTP(ctx context.Context, h HTTP, started time.Time) (wait func(), err error) {
	servletCert, err := tls.LoadX509KeyPair(h.ServletCert.Cert, h.ServletCert.Key)
	if err != nil {
		return nil, fmt.Errorf("the servlet port's certificate: %w", err)
	}
	gatewayCert, err := tls.LoadX509KeyPair(h.GatewayCert.Cert, h.GatewayCert.Key)
	if err != nil {
		return nil, fmt.Errorf("the gateway port's certificate: %w", err)
	}
	servlet := servletHandler(h.Product, started, h.NotReadyFor)
	handlers := []struct {
		handler http.Handler
		cert    *tls.Certificate
	}{{servlet, &servletCert}, {servlet, nil}, {gatewayHandler(), &gatewayCert}, {gatewayHandler(), nil}}
	var servers []*http.Server
	done := make(chan struct{}, len(handlers))
	for i, s := range handlers {
		f := os.NewFile(uintptr(firstInheritedFD+i), PortNames[i])
		l, err := net.FileListener(f)
		_ = f.Close()
		if err != nil {
			return nil, fmt.Errorf("the %s port: descriptor %d is no listening socket: %w", PortNames[i], firstInheritedFD+i, err)
		}
		server := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
		if s.cert != nil {
			server.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{*s.cert}}
			l = tls.NewListener(l, server.TLSConfig)
		}
		servers = append(servers, server)
		go func() { _ = server.Serve(l); done <- struct{}{} }()
	}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		for _, s := range servers {
			if s.Shutdown(shutdown) != nil {
				_ = s.Close()
			}
		}
	}()
	return func() {
		for range servers {
			<-done
		}
	}, nil
}

// servletHandler answers the Version service and the readiness endpoint, which answers 503
// until notReadyFor after started.
func servletHandler(product string, started time.Time, notReadyFor time.Duration) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+versionPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<ns:getVersionResponse xmlns:ns="http://version.services.core.carbon.wso2.org">`+
			`<return>%s</return></ns:getVersionResponse>`, xmlEscaper.Replace(product))
	})
	mux.HandleFunc("GET "+readinessPath, func(w http.ResponseWriter, _ *http.Request) {
		if time.Since(started) < notReadyFor {
			http.Error(w, "The gateway has not deployed its APIs yet", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	return mux
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// gatewayHandler is a gateway that has no API for any request, as WSO2's answers then.
func gatewayHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `<am:fault xmlns:am="http://wso2.org/apimanager"><am:code>404</am:code>`+
			`<am:type>Status report</am:type><am:message>Not Found</am:message>`+
			`<am:description>The requested resource is not available.</am:description></am:fault>`)
	})
}

// parseNotReadyFor reads --not-ready-for.
func parseNotReadyFor(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d < 0 {
		err = errors.New("negative")
	}
	if err != nil {
		return 0, fmt.Errorf("--not-ready-for %q: %w", s, err)
	}
	return d, nil
}
