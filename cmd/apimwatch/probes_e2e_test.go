package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/statuspage"
)

// probeSite is two fake nodes: gw1 runs the expected version with a certificate expiring in 20
// days (a warning), old1 still runs 4.1.0 with a certificate expiring in 3 days (two failures).
type probeSite struct {
	gw1, old1 *fakeNode
	caFile    string
	hung      string // host:port of a listener that never answers
}

func newProbeSite(t *testing.T) probeSite {
	t.Helper()
	gw1, gw1Cert := startFakeNode(t, "4.2.0", 20*24*time.Hour)
	old1, old1Cert := startFakeNode(t, "4.1.0", 3*24*time.Hour)
	return probeSite{gw1: gw1, old1: old1, caFile: writeCABundle(t, gw1Cert, old1Cert), hung: silentListener(t).Addr().String()}
}

// goodTests are test cases that pass: an API called with an OAuth2 token, one with an API key
// header; both secrets come from outside the file ($secret{} and APIMWATCH_SECRET_*).
func (s probeSite) goodTests() string {
	return fmt.Sprintf(`    - name: pizzashack-menu
      node: gw1
      url: %[1]s/pizzashack/1.0.0/menu
      oauth2:
        token_url: %[2]s/oauth2/token
        client_id: %[3]s
        client_secret: "$secret{pizza_probe}"
        scopes: [default]
      expect: {status: 200, json_field: "[0].name", json_value: BBQ Chicken, max_latency: 900ms}
    - name: echo-ping
      node: gw1
      url: %[1]s/echo/1.0.0/ping
      headers: {apikey: "$secret{echo_key}"}
      expect: {body_contains: pong}
`, s.gw1.gateway.URL, s.gw1.servlet.URL, probeClientID)
}

// badTests fail: a slow endpoint (the timeout), a redirect to another host, a hung port.
func (s probeSite) badTests() string {
	return fmt.Sprintf(`    - name: slow-resource
      node: gw1
      url: %[1]s/slow
    - name: moved
      url: %[1]s/moved
    - name: hung-port
      url: https://%[2]s/
`, s.gw1.servlet.URL, s.hung)
}

func (s probeSite) config(t *testing.T, withOld1 bool, tests string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("environment: new\nsecrets:\n  echo_key: " + probeHeaderSecret + "\n")
	b.WriteString("probes:\n  interval: 10s\n  timeout: 1s\n  tls: {ca_file: " + s.caFile + "}\n  tests:\n" + tests)
	b.WriteString("nodes:\n" + s.gw1.nodeYAML(t, "gw1"))
	if withOld1 {
		b.WriteString(s.old1.nodeYAML(t, "old1"))
	}
	path := filepath.Join(t.TempDir(), "apimwatch.yml")
	writeFile(t, path, b.String())
	return path
}

// probeEnv gives the client secret the way a unit or a container would.
var probeEnv = []string{"APIMWATCH_SECRET_PIZZA_PROBE=" + probeClientSecret}

// TestProbesInTheDaemon runs the agent against the fake nodes and reads each probe's result on
// /metrics and /api/status; nothing shows a secret, and the hung port costs one timeout.
func TestProbesInTheDaemon(t *testing.T) {
	site := newProbeSite(t)
	cfg := site.config(t, true, site.goodTests()+site.badTests())
	d := startDaemon(t, probeEnv, "--config.file="+cfg)
	d.waitReady(t, httpClient(nil), "http")

	var exposition string
	eventually(t, "the first run of the probes", func() bool {
		exposition = d.get(t, "/metrics")
		return strings.Contains(exposition, "wso2_probe_success{")
	})
	want := map[string]float64{}
	for _, node := range []string{"gw1", "old1"} {
		for _, p := range []string{"version:version", "gateway_ready:gateway_ready", "tcp_https_servlet:tcp", "tcp_http_servlet:tcp",
			"tcp_gateway_https:tcp", "tcp_gateway_http:tcp", "tls_https_servlet:tls_cert", "tls_gateway_https:tls_cert"} {
			name, kind, _ := strings.Cut(p, ":")
			want[fmt.Sprintf(`wso2_probe_success{environment="new",kind="%s",node="%s",probe="%s"}`, kind, node, name)] = 1
		}
	}
	// old1 answers 4.1.0 where 4.2.0 is installed, and its certificate expires in 3 days.
	want[`wso2_probe_success{environment="new",kind="version",node="old1",probe="version"}`] = 0
	want[`wso2_probe_success{environment="new",kind="tls_cert",node="old1",probe="tls_https_servlet"}`] = 0
	want[`wso2_probe_success{environment="new",kind="tls_cert",node="old1",probe="tls_gateway_https"}`] = 0
	want[`wso2_probe_success{environment="new",kind="http",node="gw1",probe="pizzashack-menu"}`] = 1
	want[`wso2_probe_success{environment="new",kind="http",node="gw1",probe="echo-ping"}`] = 1
	want[`wso2_probe_success{environment="new",kind="http",node="gw1",probe="slow-resource"}`] = 0
	want[`wso2_probe_success{environment="new",kind="http",node="",probe="moved"}`] = 0
	want[`wso2_probe_success{environment="new",kind="http",node="",probe="hung-port"}`] = 0
	want[`wso2_probe_http_status{environment="new",kind="version",node="gw1",probe="version"}`] = 200
	want[`wso2_probe_http_status{environment="new",kind="http",node="gw1",probe="pizzashack-menu"}`] = 200
	want[`wso2_probe_http_status{environment="new",kind="http",node="",probe="hung-port"}`] = 0
	want[`wso2_probe_tls_cert_expiry_timestamp_seconds{environment="new",kind="tls_cert",node="gw1",probe="tls_https_servlet"}`] = float64(site.gw1.certExpiry.Unix())
	want[`wso2_probe_tls_cert_expiry_timestamp_seconds{environment="new",kind="tls_cert",node="old1",probe="tls_gateway_https"}`] = float64(site.old1.certExpiry.Unix())
	served := samples(exposition)
	for series, value := range want {
		if got, ok := served[series]; !ok || got != value {
			t.Errorf("%s = %v (served: %v), want %v", series, got, ok, value)
		}
	}
	// The hung port and the slow resource end at the 1 s timeout, not later.
	for _, p := range []string{"hung-port", "slow-resource"} {
		for series, value := range served {
			if strings.HasPrefix(series, "wso2_probe_duration_seconds{") && strings.Contains(series, `probe="`+p+`"`) && (value < 0.9 || value > 1.9) {
				t.Errorf("%s = %v s, want about the 1 s timeout", series, value)
			}
		}
	}

	var status statuspage.Snapshot
	page := d.get(t, "/api/status")
	if err := json.Unmarshal([]byte(page), &status); err != nil {
		t.Fatal(err)
	}
	results := map[string]statuspage.ProbeResult{}
	for _, np := range status.Probes {
		for _, r := range np.Results {
			results[np.Node+"/"+r.Name] = r
		}
	}
	checkResult := func(key, want, message string) statuspage.ProbeResult {
		t.Helper()
		r, ok := results[key]
		if !ok || r.Status != want || !strings.Contains(r.Message, message) {
			t.Errorf("/api/status %s: %+v (found %v), want %s with %q", key, r, ok, want, message)
		}
		return r
	}
	checkResult("gw1/version", "pass", "the node runs WSO2 API Manager-4.2.0")
	checkResult("old1/version", "fail", "the node runs WSO2 API Manager-4.1.0, expected version 4.2.0: an older pack is answering")
	checkResult("old1/tls_https_servlet", "fail", "within the 7-day failure threshold")
	checkResult("/moved", "fail", "redirected to host elsewhere.example")
	checkResult("/hung-port", "fail", "no answer within the timeout")
	checkResult("gw1/slow-resource", "fail", "no answer within the timeout")
	menu := checkResult("gw1/pizzashack-menu", "pass", "status 200")
	if menu.HTTPStatus != 200 || menu.CertExpiresAt == nil || !menu.CertExpiresAt.Equal(site.gw1.certExpiry) {
		t.Errorf("pizzashack-menu: %+v, want HTTP 200 and the certificate's expiry %s", menu, site.gw1.certExpiry)
	}
	cert := checkResult("gw1/tls_gateway_https", "pass", "the certificate is valid until")
	if len(cert.Warnings) != 1 || !strings.Contains(cert.Warnings[0], "within the 30-day warning threshold") {
		t.Errorf("gw1's certificate expires in 20 days: warnings %q", cert.Warnings)
	}
	if status.Verdict.Result != statuspage.VerdictNoResult || !status.Agent.ProbesEnabled {
		t.Errorf("probes leave the verdict to the checks (none here): %+v, probes_enabled %v", status.Verdict, status.Agent.ProbesEnabled)
	}
	html := d.get(t, "/")
	if !strings.Contains(html, "an older pack is answering") || !strings.Contains(html, "pizzashack-menu") {
		t.Errorf("the status page does not show the probes:\n%s", html)
	}

	// The daemon keeps going: the next run comes, with the hung port still ending at its timeout.
	firstRun := served[`wso2_probe_last_run_timestamp_seconds{environment="new",kind="http",node="",probe="hung-port"}`]
	deadline := time.Now().Add(20 * time.Second)
	for samples(d.get(t, "/metrics"))[`wso2_probe_last_run_timestamp_seconds{environment="new",kind="http",node="",probe="hung-port"}`] <= firstRun {
		if time.Now().After(deadline) {
			t.Fatal("no second run of the probes within 20 s of an interval of 10 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	for where, text := range map[string]string{"/metrics": d.get(t, "/metrics"), "/api/status": page, "/": html, "the daemon's log": d.stderr.String()} {
		assertNoSecret(t, where, text)
	}
	if !strings.Contains(d.stderr.String(), `"probe failed"`) {
		t.Errorf("the daemon's log does not report the failed probes:\n%s", d.stderr.String())
	}
}

var sampleLine = regexp.MustCompile(`^([a-zA-Z0-9_:]+\{[^}]*\}) (\S+)$`)

// samples are the samples of an exposition with labels, by series.
func samples(exposition string) map[string]float64 {
	out := map[string]float64{}
	for _, line := range strings.Split(exposition, "\n") {
		if m := sampleLine.FindStringSubmatch(line); m != nil {
			if v, err := strconv.ParseFloat(m[2], 64); err == nil {
				out[m[1]] = v
			}
		}
	}
	return out
}

// TestVerifyProbes is the gate: passing probes with a warning are a go (exit 0), a failed probe a
// no-go (exit 1), in every format; `config check` and the reports show no secret.
func TestVerifyProbes(t *testing.T) {
	site := newProbeSite(t)
	good := site.config(t, false, site.goodTests())

	stdout, stderr, code := runOnce(t, probeEnv, "config", "check", "--config.file="+good)
	if code != 0 || !strings.Contains(stdout, "client_secret: <secret>") || !strings.Contains(stdout, "apikey: <secret>") {
		t.Errorf("config check: exit %d\n%s\n%s", code, stdout, stderr)
	}
	assertNoSecret(t, "config check", stdout+stderr)

	stdout, stderr, code = runOnce(t, probeEnv, "verify", "--probes", "--config.file="+good)
	if code != 0 || !strings.Contains(stdout, "verdict: GO") || !strings.Contains(stdout, "WARNING probe gw1/tls_https_servlet: the certificate expires") {
		t.Errorf("passing probes, a certificate expiring within the warning threshold: exit %d, want 0\n%s\n%s", code, stdout, stderr)
	}
	assertNoSecret(t, "verify --probes", stdout+stderr)

	bad := site.config(t, true, site.goodTests()+site.badTests())
	stdout, stderr, code = runOnce(t, probeEnv, "verify", "--probes", "--format=json", "--config.file="+bad)
	var doc struct {
		Verdict string `json:"verdict"`
		Probes  []struct {
			Node, Name, Status, Message string
		} `json:"probes"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("exit %d, not JSON: %v\n%s\n%s", code, err, stdout, stderr)
	}
	failed := map[string]bool{}
	for _, p := range doc.Probes {
		failed[p.Node+"/"+p.Name] = p.Status == "fail"
	}
	if code != 1 || doc.Verdict != "no-go" || !failed["old1/version"] || !failed["/hung-port"] || failed["gw1/pizzashack-menu"] || len(doc.Probes) != 21 {
		t.Errorf("failing probes: exit %d, verdict %s, want 1 and no-go; probes %+v", code, doc.Verdict, doc.Probes)
	}
	assertNoSecret(t, "verify --probes --format=json", stdout+stderr)

	stdout, stderr, code = runOnce(t, probeEnv, "verify", "--probes", "--format=junit", "--node=gw1", "--config.file="+bad)
	var junit struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(stdout), &junit); err != nil {
		t.Fatalf("exit %d, not JUnit: %v\n%s\n%s", code, err, stdout, stderr)
	}
	// gw1's 8 built-in probes and its 3 tests, and the 2 site-wide tests; old1's are left out.
	if code != 1 || len(junit.Suites) != 1 || junit.Suites[0].Name != "probes" || junit.Suites[0].Tests != 13 || junit.Suites[0].Failures != 3 {
		t.Errorf("--node=gw1: exit %d, suites %+v, want 1 and 13 probes of which 3 failed\n%s", code, junit.Suites, stdout)
	}
	assertNoSecret(t, "verify --probes --format=junit", stdout+stderr)

	if _, stderr, code := runOnce(t, probeEnv, "verify", "--config.file="+bad); code != 2 || !strings.Contains(stderr, "no node has a database") {
		t.Errorf("without --probes, nodes without databases cannot be verified: exit %d\n%s", code, stderr)
	}
}

// TestSIGHUPReloadsTheProbes: a reload that adds a node and replaces the test cases runs the new
// probes and drops the old ones' series, without a restart.
func TestSIGHUPReloadsTheProbes(t *testing.T) {
	site := newProbeSite(t)
	cfg := site.config(t, false, site.goodTests())
	d := startDaemon(t, probeEnv, "--config.file="+cfg)
	d.waitReady(t, httpClient(nil), "http")
	const menu = `wso2_probe_success{environment="new",kind="http",node="gw1",probe="pizzashack-menu"}`
	eventually(t, "the first configuration's probes", func() bool {
		return samples(d.get(t, "/metrics"))[menu] == 1
	})

	replaced, err := os.ReadFile(site.config(t, true, site.badTests()))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfg, string(replaced))
	d.signal(t, syscall.SIGHUP)
	const oldVersion = `wso2_probe_success{environment="new",kind="version",node="old1",probe="version"}`
	const moved = `wso2_probe_success{environment="new",kind="http",node="",probe="moved"}`
	var served map[string]float64
	eventually(t, "the reloaded configuration's probes", func() bool {
		served = samples(d.get(t, "/metrics"))
		_, hasOld := served[oldVersion]
		_, hasMoved := served[moved]
		return hasOld && hasMoved
	})
	if served[oldVersion] != 0 || served[moved] != 0 {
		t.Errorf("old1 answers 4.1.0 and moved redirects elsewhere: %s = %v, %s = %v", oldVersion, served[oldVersion], moved, served[moved])
	}
	for series := range served {
		if strings.Contains(series, `probe="pizzashack-menu"`) || strings.Contains(series, `probe="echo-ping"`) {
			t.Errorf("%s is still served after the reload removed its test case", series)
		}
	}
	if !strings.Contains(d.get(t, "/metrics"), "\napimwatch_config_last_reload_successful 1\n") {
		t.Errorf("the reload did not succeed:\n%s", d.stderr.String())
	}
}
