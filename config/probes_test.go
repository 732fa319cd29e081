package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/apimwatch/apimwatch/probe"
)

func TestProbeProblemsNameTheirKeys(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want []string
	}{
		{"misspelt probe key", "probes:\n  intervall: 1m\n",
			[]string{`error: probes.intervall: unknown key; did you mean "interval"?`}},
		{"misspelt test key", "probes:\n  tests:\n    - {name: a, url: 'https://gw/a', expect: {staus: 200}}\n",
			[]string{`error: probes.tests[0].expect.staus: unknown key; did you mean "status"?`}},
		{"client secret of the wrong type never quoted", "probes:\n  tests:\n    - {name: a, url: 'https://gw/a', oauth2: {client_secret: [hunter2]}}\n",
			[]string{`error: probes.tests[0].oauth2.client_secret: must be a string, got a list`}},
		{"ranges", "probes:\n  interval: 5s\n  timeout: 0s\n  cert_warn_within: 24h\n  cert_fail_within: 48h\n",
			[]string{
				`error: probes.interval: 5s is out of range; use 10s to 24h`,
				`error: probes.timeout: 0s is out of range; use 100ms to 5m`,
				`error: probes.cert_fail_within: 48h0m0s is longer than probes.cert_warn_within (24h0m0s); a certificate must warn before it fails`,
			}},
		{"latency budget beyond the timeout", "probes:\n  timeout: 5s\n  tests:\n    - {name: a, url: 'https://gw/a', expect: {max_latency: 10s}}\n",
			[]string{`warning: probes.tests[0].expect.max_latency: 10s is longer than probes.timeout (5s): the timeout ends a slow request first, so this budget never fails the test; give a budget under the timeout`}},
		{"timeout longer than the interval", "probes:\n  interval: 10s\n  timeout: 30s\n",
			[]string{`error: probes.timeout: 30s is longer than probes.interval (10s); a probe must end before the next run`}},
		{"insecure TLS is a warning", "probes:\n  tls: {insecure_skip_verify: true}\n",
			[]string{`warning: probes.tls.insecure_skip_verify: is true: TLS certificates are not verified, so the probes cannot tell the node from an impostor; give a ca_file instead`}},
		{"CA file that is not PEM", "probes:\n  tls: {ca_file: $HOME}\n",
			[]string{`error: probes.tls.ca_file: $HOME cannot be read (is a directory)`}},
		{"node probe target", "nodes:\n  - carbon_home: $HOME\n    host: https://gw1\n    expected_version: latest\n    profile: gateway\n    ports: {https_servlt: 9443, gateway_https: 70000}\n",
			[]string{
				`error: nodes[0].host: "https://gw1" is not a host name or IPv4 address; give the name the node is reached at, without scheme or port`,
				`error: nodes[0].expected_version: "latest" is not a version such as 4.2.0`,
				`error: nodes[0].profile: "gateway" is not a profile; use one of default, gateway-worker, control-plane, traffic-manager`,
				`error: nodes[0].ports.gateway_https: 70000 is not a port number (1 to 65535); give the port with the offset applied`,
				`error: nodes[0].ports.https_servlt: unknown port name; did you mean "https_servlet"?`,
			}},
		{"test case problems each under its key", `nodes:
  - {name: gw1, carbon_home: $HOME}
probes:
  tests:
    - {name: version, node: gw2, method: "g e t", url: 'ftp://gw/a', expect: {status: 99, json_value: x, json_field: "a..b"}}
    - {url: 'https://admin:pw@gw/a', headers: {authorization: "Bearer x"}, oauth2: {token_url: 'gw/token', client_id: c, client_secret: "$secret{from_file}"}}
    - {name: menu, url: 'https://gw/menu', oauth2: {token_url: 'https://gw/oauth2/token', client_id: c, client_secret: "$secret{nowhere}"}}
    - {name: menu, url: 'https://gw/menu', tls: {insecure_skip_verify: true}}
`,
			[]string{
				`error: probes.tests[0].name: "version" is the name of a built-in probe (version, gateway_ready, tcp_*, tls_*); choose another`,
				`error: probes.tests[0].node: "gw2" is not the name of a configured node (gw1); give one, or leave node out for a site-wide test`,
				`error: probes.tests[0].method: "G E T" is not an HTTP method such as GET or POST`,
				`error: probes.tests[0].url: URL ftp://gw/a is not an absolute http or https URL`,
				`error: probes.tests[0].expect: expected status 99 is not an HTTP status`,
				`error: probes.tests[0].expect: JSON field "a..b": empty key`,
				`error: probes.tests[1].name: is required: it is the ` + "`probe`" + ` label and what reports show`,
				`error: probes.tests[1].url: URL https://admin:xxxxx@gw/a holds a password: give credentials in their own settings`,
				`error: probes.tests[1].oauth2.client_secret: is $secret{from_file}, which has no value; give it as secrets.from_file in the configuration or in APIMWATCH_SECRET_FROM_FILE`,
				`error: probes.tests[1].oauth2: token URL gw/token is not an absolute http or https URL`,
				`error: probes.tests[1].oauth2: OAuth2 client credentials need a client id and a client secret`,
				`error: probes.tests[1].headers.authorization: cannot be given with oauth2, which sends its own bearer token`,
				`error: probes.tests[2].oauth2.client_secret: is $secret{nowhere}, which has no value; give it as secrets.nowhere in the configuration or in APIMWATCH_SECRET_NOWHERE`,
				`error: probes.tests[2].oauth2: OAuth2 client credentials need a client id and a client secret`,
				`warning: probes.tests[3].tls.insecure_skip_verify: is true: TLS certificates are not verified, so the probes cannot tell the node from an impostor; give a ca_file instead`,
				`error: probes.tests[3].name: "menu" is already the name of probes.tests[2] on the same node; give each test its own (it is the ` + "`probe`" + ` label)`,
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ps, home := loadYAML(t, c.yaml)
			want := strings.ReplaceAll(strings.Join(c.want, "\n"), "$HOME", home)
			if got := strings.Join(problemStrings(ps), "\n"); got != want {
				t.Errorf("problems:\n  got  %s\n  want %s", got, want)
			}
		})
	}
}

func TestProbeDefaults(t *testing.T) {
	cfg, ps := Load(nil)
	p := cfg.Probes
	if len(ps) > 0 || !p.Enabled || !p.Builtin || p.Interval != time.Minute || p.Timeout != 10*time.Second ||
		p.CertWarnWithin != 30*24*time.Hour || p.CertFailWithin != 7*24*time.Hour || p.TLS != (ProbeTLSConfig{}) {
		t.Errorf("probe defaults: %+v %q", p, problemStrings(ps))
	}
}

// TestProbeSetFromDiscovery builds the probes of a node from discovery: its ports with the offset,
// the version of bin/version.txt as the expected one, the configured ports winning; and a test
// whose secrets come from secrets and APIMWATCH_SECRET_*, never printed.
func TestProbeSetFromDiscovery(t *testing.T) {
	t.Setenv("APIMWATCH_SECRET_PROBE_CLIENT", "client-S3cret")
	dir := t.TempDir()
	home := filepath.Join(dir, "wso2am-4.2.0")
	for path, content := range map[string]string{
		"repository/conf/deployment.toml": "[server]\noffset = 2\n",
		"bin/version.txt":                 "WSO2 API Manager v4.2.0\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(home, path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, path), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg, nodes, ps := loadAndResolveFile(t, `
secrets: {gw_key: header-S3cret}
probes:
  tests:
    - name: menu
      node: cp1
      url: https://gw.example.com/pizzashack/menu
      headers: {apikey: "$secret{gw_key}", accept: application/json}
      oauth2: {token_url: "https://cp1:9445/oauth2/token", client_id: c, client_secret: "$secret{probe_client}"}
nodes:
  - {name: cp1, carbon_home: `+home+`, profile: control-plane, ports: {http_servlet: 9999}}
  - {name: bare, carbon_home: `+dir+`, discover: false}
`)
	if want := `warning: nodes[1].ports: no port of node "bare" is known (repository/conf/deployment.toml was not read): its built-in probes do not run; give nodes[1].ports, or set probes.builtin to false`; len(ps) == 0 || ps[len(ps)-1].String() != want {
		t.Errorf("problems %q, want last %q", problemStrings(ps), want)
	}
	n := nodes[0]
	if n.Host != "localhost" || n.ExpectedVersion != "4.2.0" || n.Sources["expected_version"] != "product_version" || n.Ports["https_servlet"] != 9445 || n.Ports["http_servlet"] != 9999 ||
		n.Sources["ports"] != "repository/conf/deployment.toml ([server] offset 2), configuration for those it gives" {
		t.Errorf("node: %+v", n)
	}
	set, _ := cfg.ProbeSet(nodes)
	var names []string
	for _, p := range set {
		names = append(names, p.ProbeSpec().Node+"/"+p.ProbeSpec().Name)
	}
	// A control plane runs no gateway: no readiness probe, no gateway port.
	if got := strings.Join(names, " "); got != "cp1/version cp1/tcp_https_servlet cp1/tcp_http_servlet cp1/tls_https_servlet cp1/menu" {
		t.Errorf("probes: %s", got)
	}
	version := set[0].(probe.VersionProbe)
	if version.URL != "https://localhost:9445/services/Version" || version.Expected != "4.2.0" || version.Timeout != 10*time.Second {
		t.Errorf("version probe: %+v", version)
	}
	menu := set[4].(probe.HTTPProbe)
	if menu.Method != "GET" || menu.Header["apikey"] != "header-S3cret" || menu.OAuth2.ClientSecret != "client-S3cret" {
		t.Errorf("test case: %+v", menu)
	}
	printed, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(printed), "S3cret") || !strings.Contains(string(printed), "apikey: <secret>") {
		t.Errorf("the configuration prints a secret:\n%s", printed)
	}
}

// loadAndResolveFile loads body from a file as `run` does.
func loadAndResolveFile(t *testing.T, body string) (*Config, []Node, Problems) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "apimwatch.yml")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	RegisterFlags(fs)
	if err := fs.Parse([]string{"--config.file=" + file}); err != nil {
		t.Fatal(err)
	}
	return LoadAndResolve(fs)
}

// A node whose version nobody knows gets its version probe, which then cannot catch an old pack:
// the configuration says so under the key that fixes it. A node with the key given is not warned of.
func TestProbeSetWarnsOfNoExpectedVersion(t *testing.T) {
	dir := t.TempDir()
	var homes []string
	for _, name := range []string{"unversioned", "versioned"} {
		home := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(home, "repository", "conf"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, "repository", "conf", "deployment.toml"), []byte("[server]\noffset = 0\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		homes = append(homes, home)
	}
	_, nodes, ps := loadAndResolveFile(t, `
nodes:
  - {name: gw1, carbon_home: `+homes[0]+`}
  - {name: gw2, carbon_home: `+homes[1]+`, expected_version: 4.2.0}
`)
	const want = `warning: nodes[0].expected_version: no version is known for node "gw1" (bin/version.txt and wso2carbon.log give none): its version probe passes whatever version answers, an old pack included; give nodes[0].expected_version, e.g. 4.2.0`
	var versionWarnings []string
	for _, p := range problemStrings(ps) {
		if strings.Contains(p, "expected_version") {
			versionWarnings = append(versionWarnings, p)
		}
	}
	if len(versionWarnings) != 1 || versionWarnings[0] != want {
		t.Errorf("expected_version problems %q, want only %q", versionWarnings, want)
	}
	if ps.Err() != nil || len(nodes) != 2 || nodes[0].ExpectedVersion != "" || nodes[1].ExpectedVersion != "4.2.0" {
		t.Errorf("nodes %+v, problems %q", nodes, problemStrings(ps))
	}
}
