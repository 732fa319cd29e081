package config

import (
	"fmt"
	"maps"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/probe"
)

// DefaultProbeHost is where the built-in probes reach a node that gives no host: the agent runs
// on the node's host.
const DefaultProbeHost = "localhost"

// resolveProbeTarget sets what the built-in probes of n use: configured values, else what
// discovery found (the ports with `[server] offset` applied, the product version), else defaults.
func resolveProbeTarget(n *Node, nc NodeConfig, home *discovery.Home) {
	n.Host = pick(n.Sources, "host", nc.Host, "", "", DefaultProbeHost)
	n.Profile = pick(n.Sources, "profile", nc.Profile, "", "", "default")
	n.ExpectedVersion = pick(n.Sources, "expected_version", nc.ExpectedVersion, n.ProductVersion, "product_version", "")
	if len(home.Ports) == 0 && len(nc.Ports) == 0 {
		return
	}
	n.Ports = maps.Clone(home.Ports)
	if n.Ports == nil {
		n.Ports = map[string]int{}
	}
	maps.Copy(n.Ports, nc.Ports)
	switch {
	case len(nc.Ports) == 0:
		n.Sources["ports"] = fmt.Sprintf("repository/conf/deployment.toml ([server] offset %d)", home.Offset)
	case len(home.Ports) == 0:
		n.Sources["ports"] = sourceConfig
	default:
		n.Sources["ports"] = fmt.Sprintf("repository/conf/deployment.toml ([server] offset %d), %s for those it gives", home.Offset, sourceConfig)
	}
}

// ProbeSet returns the probes the configuration defines: the built-in probes of every node (when
// probes.builtin is true) and the site's tests, in that order. A node that cannot be probed (no
// ports known) is a warning: its built-in probes are left out and the others still run.
func (c *Config) ProbeSet(nodes []Node) ([]probe.Probe, Problems) {
	var ps Problems
	var probes []probe.Probe
	p := c.Probes
	defaultTLS := probe.TLSOptions{CAFile: p.TLS.CAFile, InsecureSkipVerify: p.TLS.InsecureSkipVerify}
	if p.Builtin {
		for i, n := range nodes {
			key := fmt.Sprintf("nodes[%d]", i)
			if len(n.Ports) == 0 {
				ps.warnf(key+".ports", "no port of node %q is known (repository/conf/deployment.toml was not read): its built-in probes do not run; give nodes[%d].ports, or set probes.builtin to false", n.Name, i)
				continue
			}
			builtin, err := probe.BuiltinProbes(probe.NodeTarget{
				Node: n.Name, Host: n.Host, Ports: n.Ports, Profile: n.Profile, ExpectedVersion: n.ExpectedVersion,
				Timeout: p.Timeout, HTTP: probe.HTTPOptions{TLS: defaultTLS},
				CertWarnWithin: p.CertWarnWithin, CertFailWithin: p.CertFailWithin,
			})
			if err != nil {
				ps.warnf(key+".ports", "%v: the node's built-in probes do not run; give nodes[%d].ports", err, i)
				continue
			}
			probes = append(probes, builtin...)
			if n.ExpectedVersion == "" {
				// The version probe is what catches an old pack still answering after the
				// cutover; without a version to expect it cannot.
				ps.warnf(key+".expected_version", "no version is known for node %q (bin/version.txt and wso2carbon.log give none): its version probe passes whatever version answers, an old pack included; give nodes[%d].expected_version, e.g. 4.2.0", n.Name, i)
			}
		}
	}
	for _, t := range p.Tests {
		tls := probe.TLSOptions{CAFile: t.TLS.CAFile, ServerName: t.TLS.ServerName, InsecureSkipVerify: p.TLS.InsecureSkipVerify}
		if tls.CAFile == "" {
			tls.CAFile = p.TLS.CAFile
		}
		if t.TLS.InsecureSkipVerify != nil {
			tls.InsecureSkipVerify = *t.TLS.InsecureSkipVerify
		}
		var header map[string]string
		for name, value := range t.Headers {
			if header == nil {
				header = map[string]string{}
			}
			header[name] = value.Reveal()
		}
		probes = append(probes, probe.HTTPProbe{
			Spec:   probe.Spec{Name: t.Name, Node: t.Node, Timeout: p.Timeout},
			Method: t.Method, URL: t.URL, Header: header, Body: t.Body,
			OAuth2: credentialsOf(t.OAuth2), Expect: expectOf(t.Expect),
			HTTP: probe.HTTPOptions{TLS: tls, FollowOtherHosts: t.FollowOtherHosts},
		})
	}
	// Validation checked every part; this is the probe package's word on the whole set.
	for _, err := range flatten(probe.Validate(probes)) {
		ps.errorf("probes", "%v", err)
	}
	return probes, ps
}
