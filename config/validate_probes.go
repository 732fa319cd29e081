package config

import (
	"crypto/x509"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/apimwatch/apimwatch/probe"
)

// Profiles are the values of nodes[].profile: the -Dprofile a node runs with ("default" is the
// all-in-one server). control-plane and traffic-manager nodes run no gateway.
var Profiles = []string{"default", "gateway-worker", "control-plane", "traffic-manager"}

// ProbePorts are the port names nodes[].ports may give: the ones the built-in probes use.
var ProbePorts = []string{probe.PortHTTPSServlet, probe.PortHTTPServlet, probe.PortGatewayHTTPS, probe.PortGatewayHTTP}

// validateProbeTarget checks what a node says about how to probe it.
func (n *NodeConfig) validateProbeTarget(key string, ps *Problems) {
	if strings.ContainsAny(n.Host, " /:@") {
		ps.errorf(key+".host", "%q is not a host name or IPv4 address; give the name the node is reached at, without scheme or port", n.Host)
	}
	if n.ExpectedVersion != "" && !versionPattern.MatchString(n.ExpectedVersion) {
		ps.errorf(key+".expected_version", "%q is not a version such as 4.2.0", n.ExpectedVersion)
	}
	if n.Profile != "" && !slices.Contains(Profiles, n.Profile) {
		ps.errorf(key+".profile", "%q is not a profile; use one of %s", n.Profile, strings.Join(Profiles, ", "))
	}
	for _, name := range slices.Sorted(maps.Keys(n.Ports)) {
		switch port := n.Ports[name]; {
		case !slices.Contains(ProbePorts, name):
			ps.errorf(key+".ports."+name, "unknown port name%s", suggestion(name, ProbePorts))
		case port < 1 || port > 65535:
			ps.errorf(key+".ports."+name, "%d is not a port number (1 to 65535); give the port with the offset applied", port)
		}
	}
}

// reservedProbeName matches the names of the built-in probes, which a test may not take.
var reservedProbeName = regexp.MustCompile(`^(version|gateway_ready|tcp_.*|tls_.*)$`)

// validate checks probes.* once the nodes are validated (their names are known), and takes the
// `$secret{alias}` values of the tests' credentials.
func (c *Config) validateProbes(nodeNames []string, ps *Problems) {
	p := &c.Probes
	if p.Interval < 10*time.Second || p.Interval > 24*time.Hour {
		ps.errorf("probes.interval", "%s is out of range; use 10s to 24h", p.Interval)
	}
	if p.Timeout < 100*time.Millisecond || p.Timeout > 5*time.Minute {
		ps.errorf("probes.timeout", "%s is out of range; use 100ms to 5m", p.Timeout)
	} else if p.Timeout > p.Interval && p.Interval >= 10*time.Second {
		ps.errorf("probes.timeout", "%s is longer than probes.interval (%s); a probe must end before the next run", p.Timeout, p.Interval)
	}
	for _, d := range []struct {
		key   string
		value time.Duration
	}{{"probes.cert_warn_within", p.CertWarnWithin}, {"probes.cert_fail_within", p.CertFailWithin}} {
		if d.value <= 0 {
			ps.errorf(d.key, "%s must be positive, e.g. 720h (30 days) to warn or 168h (7 days) to fail", d.value)
		}
	}
	if p.CertFailWithin > p.CertWarnWithin {
		ps.errorf("probes.cert_fail_within", "%s is longer than probes.cert_warn_within (%s); a certificate must warn before it fails", p.CertFailWithin, p.CertWarnWithin)
	}
	validateCAFile("probes.tls.ca_file", p.TLS.CAFile, ps)
	if p.TLS.InsecureSkipVerify {
		warnInsecure("probes.tls.insecure_skip_verify", ps)
	}
	seen := map[[2]string]int{}
	for i := range p.Tests {
		key := fmt.Sprintf("probes.tests[%d]", i)
		test := &p.Tests[i]
		c.validateProbeTest(key, test, nodeNames, ps)
		id := [2]string{test.Node, test.Name}
		if first, dup := seen[id]; dup && test.Name != "" {
			ps.errorf(key+".name", "%q is already the name of probes.tests[%d] on the same node; give each test its own (it is the `probe` label)", test.Name, first)
		} else if !dup {
			seen[id] = i
		}
	}
}

func warnInsecure(key string, ps *Problems) {
	ps.warnf(key, "is true: TLS certificates are not verified, so the probes cannot tell the node from an impostor; give a ca_file instead")
}

func validateCAFile(key, path string, ps *Problems) {
	if path == "" {
		return
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		ps.errorf(key, "%s cannot be read (%v)", path, unwrapPathError(err))
		return
	}
	if !x509.NewCertPool().AppendCertsFromPEM(pem) {
		ps.errorf(key, "%s holds no PEM certificate; give the CA bundle in PEM", path)
	}
}

// validURL stands in for a test's URL while another part of the test is checked alone.
const validURL = "https://apimwatch.invalid/"

func (c *Config) validateProbeTest(key string, t *ProbeTestConfig, nodeNames []string, ps *Problems) {
	switch {
	case strings.TrimSpace(t.Name) == "":
		ps.errorf(key+".name", "is required: it is the `probe` label and what reports show")
	case reservedProbeName.MatchString(t.Name):
		ps.errorf(key+".name", "%q is the name of a built-in probe (version, gateway_ready, tcp_*, tls_*); choose another", t.Name)
	}
	if t.Node != "" && !slices.Contains(nodeNames, t.Node) {
		ps.errorf(key+".node", "%q is not the name of a configured node (%s); give one, or leave node out for a site-wide test", t.Node, strings.Join(nodeNames, ", "))
	}
	t.Method = strings.ToUpper(t.Method)
	if t.Method == "" {
		t.Method = "GET"
	}
	if strings.Trim(t.Method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		ps.errorf(key+".method", "%q is not an HTTP method such as GET or POST", t.Method)
	}
	// Each part is checked by the probe package's own rules, alone, so that every problem is
	// reported under the key it is about.
	probeProblems(key+".url", probe.HTTPProbe{URL: t.URL}, ps)
	probeProblems(key+".expect", probe.HTTPProbe{URL: validURL, Expect: expectOf(t.Expect)}, ps)
	if t.Expect.MaxLatency > c.Probes.Timeout {
		ps.warnf(key+".expect.max_latency", "%s is longer than probes.timeout (%s): the timeout ends a slow request first, so this budget never fails the test; give a budget under the timeout", t.Expect.MaxLatency, c.Probes.Timeout)
	}
	for name, value := range t.Headers {
		t.Headers[name] = c.takeSecret(key+".headers."+name, value, ps)
	}
	if t.OAuth2 != nil {
		t.OAuth2.ClientSecret = c.takeSecret(key+".oauth2.client_secret", t.OAuth2.ClientSecret, ps)
		probeProblems(key+".oauth2", probe.HTTPProbe{URL: validURL, OAuth2: credentialsOf(t.OAuth2)}, ps)
		if _, ok := t.Headers["authorization"]; ok {
			ps.errorf(key+".headers.authorization", "cannot be given with oauth2, which sends its own bearer token")
		}
	}
	validateCAFile(key+".tls.ca_file", t.TLS.CAFile, ps)
	if t.TLS.InsecureSkipVerify != nil && *t.TLS.InsecureSkipVerify {
		warnInsecure(key+".tls.insecure_skip_verify", ps)
	}
}

// probeProblems reports each problem p.Validate finds under key.
func probeProblems(key string, p probe.HTTPProbe, ps *Problems) {
	for _, err := range flatten(p.Validate()) {
		ps.errorf(key, "%v", err)
	}
}

// flatten splits errors.Join's errors (nested ones too) into their parts.
func flatten(err error) []error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		if err == nil {
			return nil
		}
		return []error{err}
	}
	var out []error
	for _, e := range joined.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}

// secretReference matches a value given as `$secret{alias}`.
var secretReference = regexp.MustCompile(`^\$secret\{([^{}]+)\}$`)

// takeSecret returns value, or, when it is `$secret{alias}`, the alias's value from secrets or
// APIMWATCH_SECRET_<ALIAS> (an error when neither gives one).
func (c *Config) takeSecret(key string, value Secret, ps *Problems) Secret {
	m := secretReference.FindStringSubmatch(value.Reveal())
	if m == nil {
		return value
	}
	if resolved, ok := c.secretValue(m[1]); ok {
		return resolved
	}
	ps.errorf(key, "is $secret{%s}, which has no value; give it as secrets.%s in the configuration or in %s", m[1], m[1], SecretEnvName(m[1]))
	return ""
}

// secretValue is the value of `$secret{alias}`: secrets.<alias>, else APIMWATCH_SECRET_<ALIAS>.
func (c *Config) secretValue(alias string) (Secret, bool) {
	for name, value := range c.Secrets {
		if strings.EqualFold(name, alias) {
			return value, true
		}
	}
	if value, ok := os.LookupEnv(SecretEnvName(alias)); ok {
		return Secret(value), true
	}
	return "", false
}

func expectOf(e ProbeExpectConfig) probe.Expect {
	return probe.Expect{Status: e.Status, BodyContains: e.BodyContains, JSONField: e.JSONField, JSONValue: e.JSONValue, MaxLatency: e.MaxLatency}
}

func credentialsOf(o *ProbeOAuth2Config) *probe.ClientCredentials {
	if o == nil {
		return nil
	}
	return &probe.ClientCredentials{TokenURL: o.TokenURL, ClientID: o.ClientID, ClientSecret: o.ClientSecret.Reveal(), Scopes: o.Scopes}
}
