package probe

import (
	"strings"
	"testing"
	"time"
)

// discoveredPorts are discovery's ports of a node with `[server] offset = 1`.
var discoveredPorts = map[string]int{"https_servlet": 9444, "http_servlet": 9764, "gateway_https": 8244, "gateway_http": 8281, "jmx_rmi_registry": 10000}

func TestBuiltinProbes(t *testing.T) {
	tls := HTTPOptions{TLS: TLSOptions{CAFile: "/etc/apimwatch/ca.pem"}}
	probes, err := BuiltinProbes(NodeTarget{Node: "gw1", Host: "gw1.example.com", Ports: discoveredPorts, ExpectedVersion: "4.2.0",
		HTTP: tls, Timeout: 3 * time.Second, CertFailWithin: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	spec := func(name string) Spec { return Spec{Name: name, Node: "gw1", Timeout: 3 * time.Second} }
	want := []Probe{
		VersionProbe{Spec: spec("version"), URL: "https://gw1.example.com:9444/services/Version", Expected: "4.2.0", HTTP: tls},
		ReadinessProbe{Spec: spec("gateway_ready"), URL: "https://gw1.example.com:9444/api/am/gateway/v2/server-startup-healthcheck", HTTP: tls},
		TCPProbe{Spec: spec("tcp_https_servlet"), Address: "gw1.example.com:9444"},
		TCPProbe{Spec: spec("tcp_http_servlet"), Address: "gw1.example.com:9764"},
		TCPProbe{Spec: spec("tcp_gateway_https"), Address: "gw1.example.com:8244"},
		TCPProbe{Spec: spec("tcp_gateway_http"), Address: "gw1.example.com:8281"},
		CertProbe{Spec: spec("tls_https_servlet"), Address: "gw1.example.com:9444", TLS: tls.TLS, FailWithin: 48 * time.Hour},
		CertProbe{Spec: spec("tls_gateway_https"), Address: "gw1.example.com:8244", TLS: tls.TLS, FailWithin: 48 * time.Hour},
	}
	if len(probes) != len(want) {
		t.Fatalf("got %d probes, want %d: %+v", len(probes), len(want), probes)
	}
	for i := range want {
		if probes[i] != want[i] {
			t.Errorf("probe %d:\n got %+v\nwant %+v", i, probes[i], want[i])
		}
	}
	if err := Validate(probes); err != nil {
		t.Error(err)
	}
}

func TestBuiltinProbesByProfile(t *testing.T) {
	names := func(target NodeTarget) string {
		probes, err := BuiltinProbes(target)
		if err != nil {
			t.Fatal(err)
		}
		var list []string
		for _, p := range probes {
			list = append(list, p.ProbeSpec().Name)
		}
		return strings.Join(list, " ")
	}
	base := NodeTarget{Node: "cp1", Host: "10.0.0.5", Ports: discoveredPorts}
	controlPlane := base
	controlPlane.Profile = "control-plane"
	if got := names(controlPlane); got != "version tcp_https_servlet tcp_http_servlet tls_https_servlet" {
		t.Errorf("control-plane: %s", got)
	}
	chosen := base
	chosen.TCPPorts, chosen.TLSPorts = []string{"jmx_rmi_registry"}, []string{}
	if got := names(chosen); got != "version gateway_ready tcp_jmx_rmi_registry" {
		t.Errorf("chosen ports: %s", got)
	}
}

func TestBuiltinProbesErrors(t *testing.T) {
	if _, err := BuiltinProbes(NodeTarget{Node: "gw1", Ports: discoveredPorts}); err == nil || !strings.Contains(err.Error(), `node "gw1": no host`) {
		t.Errorf("no host: %v", err)
	}
	_, err := BuiltinProbes(NodeTarget{Node: "gw1", Host: "gw1", Ports: map[string]int{"https_servlet": 9443}})
	if err == nil || err.Error() != `node "gw1": no usable port named http_servlet, gateway_https, gateway_http` {
		t.Errorf("missing ports: %v", err)
	}
}

// The built-in probes against a node that behaves like WSO2: all pass but the certificate
// expiring in 2 days; an old pack answering fails the version probe.
func TestBuiltinProbesAgainstNode(t *testing.T) {
	for version, versionPasses := range map[string]bool{"4.2.0": true, "3.2.0": false} {
		node := newFakeNode(t, version)
		probes, err := BuiltinProbes(node.target)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range (&Runner{}).Run(t.Context(), probes) {
			want := r.Name != "tls_gateway_https" && (r.Name != "version" || versionPasses)
			if r.Success != want {
				t.Errorf("pack %s: %s: success=%v, want %v: %s", version, r.Name, r.Success, want, r.Message)
			}
		}
	}
}
