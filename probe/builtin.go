package probe

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Paths of the WSO2 endpoints the built-in probes call.
const (
	VersionPath   = "/services/Version"
	ReadinessPath = "/api/am/gateway/v2/server-startup-healthcheck"
)

// NodeTarget is what BuiltinProbes needs to know about one node.
type NodeTarget struct {
	Node string
	// Host is the name or address the node is reached at.
	Host string
	// Ports are the node's ports by name, with `[server] offset` applied (discovery.Home.Ports):
	// https_servlet, http_servlet, gateway_https, gateway_http, ...
	Ports map[string]int
	// Profile is the node's -Dprofile: "" or "default" (all-in-one), "gateway-worker",
	// "control-plane", "traffic-manager". The last two run no gateway: no readiness probe and no
	// gateway ports by default.
	Profile string
	// ExpectedVersion is the product version the node must report, e.g. "4.2.0".
	ExpectedVersion string
	// TCPPorts and TLSPorts name the ports to probe; nil means the profile's defaults (see
	// DefaultTCPPorts and DefaultTLSPorts).
	TCPPorts []string
	TLSPorts []string
	// Timeout of every built-in probe (0: the Runner's).
	Timeout time.Duration
	// HTTP applies to the HTTPS calls and to the certificate checks (its TLS part).
	HTTP HTTPOptions
	// CertWarnWithin and CertFailWithin are the certificate thresholds (0: the defaults).
	CertWarnWithin time.Duration
	CertFailWithin time.Duration
}

// Names of the ports in NodeTarget.Ports the built-in probes use.
const (
	PortHTTPSServlet = "https_servlet"
	PortHTTPServlet  = "http_servlet"
	PortGatewayHTTPS = "gateway_https"
	PortGatewayHTTP  = "gateway_http"
)

// DefaultTCPPorts and DefaultTLSPorts are the ports probed by default: every profile serves the
// servlet ports, and the ones running a gateway serve the gateway ports too.
func DefaultTCPPorts(profile string) []string {
	if !runsGateway(profile) {
		return []string{PortHTTPSServlet, PortHTTPServlet}
	}
	return []string{PortHTTPSServlet, PortHTTPServlet, PortGatewayHTTPS, PortGatewayHTTP}
}

// DefaultTLSPorts: see DefaultTCPPorts.
func DefaultTLSPorts(profile string) []string {
	if !runsGateway(profile) {
		return []string{PortHTTPSServlet}
	}
	return []string{PortHTTPSServlet, PortGatewayHTTPS}
}

func runsGateway(profile string) bool {
	return profile != "control-plane" && profile != "traffic-manager"
}

// BuiltinProbes returns the node's built-in probes, named so that they are unique per node:
// "version" and "gateway_ready" on the HTTPS servlet port, "tcp_<port name>" and
// "tls_<port name>" per port. A port name missing from Ports is an error.
func BuiltinProbes(t NodeTarget) ([]Probe, error) {
	if t.Host == "" {
		return nil, fmt.Errorf("node %q: no host to probe", t.Node)
	}
	tcpPorts, tlsPorts := t.TCPPorts, t.TLSPorts
	if tcpPorts == nil {
		tcpPorts = DefaultTCPPorts(t.Profile)
	}
	if tlsPorts == nil {
		tlsPorts = DefaultTLSPorts(t.Profile)
	}
	var missing []string
	address := func(portName string) string {
		port, ok := t.Ports[portName]
		if !ok || port <= 0 || port > 65535 {
			missing = appendMissing(missing, portName)
		}
		return net.JoinHostPort(t.Host, strconv.Itoa(port))
	}
	spec := func(name string) Spec { return Spec{Name: name, Node: t.Node, Timeout: t.Timeout} }

	servlet := "https://" + address(PortHTTPSServlet)
	probes := []Probe{VersionProbe{Spec: spec("version"), URL: servlet + VersionPath, Expected: t.ExpectedVersion, HTTP: t.HTTP}}
	if runsGateway(t.Profile) {
		probes = append(probes, ReadinessProbe{Spec: spec("gateway_ready"), URL: servlet + ReadinessPath, HTTP: t.HTTP})
	}
	for _, name := range tcpPorts {
		probes = append(probes, TCPProbe{Spec: spec("tcp_" + name), Address: address(name)})
	}
	for _, name := range tlsPorts {
		probes = append(probes, CertProbe{Spec: spec("tls_" + name), Address: address(name), TLS: t.HTTP.TLS,
			WarnWithin: t.CertWarnWithin, FailWithin: t.CertFailWithin})
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("node %q: no usable port named %s", t.Node, strings.Join(missing, ", "))
	}
	return probes, nil
}
