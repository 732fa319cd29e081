package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/apimwatch/apimwatch/dashboards"
	"github.com/apimwatch/apimwatch/internal/browser"
)

// rulesFile is the Prometheus rules file deploy/ ships.
const rulesFile = "../../deploy/prometheus/apimwatch-rules.yml"

// quietAlerts are the alerts whose expression may return nothing while Prometheus scrapes the
// demo, and why. Every other alert's expression, every recording rule and every dashboard
// query must return data there: a typo in a metric or label name shows as an empty result.
// The metrics a quiet alert reads must still have series (see metricNames).
var quietAlerts = map[string]string{
	"ApimwatchWSO2JVMDown":                       "both demo stand-in JVMs run",
	"ApimwatchNewEnvironmentCPUHigherThanOld":    "the demo's stand-in JVMs use about the same CPU on both sides",
	"ApimwatchNewEnvironmentMemoryHigherThanOld": "the new stand-in JVM is bigger than the old one, but by less than the alert's 256 MiB margin",
	"ApimwatchLogFileUnreadable":                 "the demo's log files are all readable",
	"ApimwatchLogTailStalled":                    "the agents keep up with the demo's writers",
	"ApimwatchLogTailFallingBehind":              "the agents keep up with the demo's writers",
	"ApimwatchCheckCannotRun":                    "every check runs on the demo's SQLite databases",
	"ApimwatchDatabaseDown":                      "the demo's SQLite databases are always there",
	"ApimwatchFilesystemFillingUp":               "the test machine's disk is not filling up",
	"ApimwatchFilesystemAlmostFull":              "the test machine's disk is not full",
	"ApimwatchAgentDown":                         "both demo agents are up",
	"ApimwatchCollectorFailing":                  "every collector of the demo succeeds",
	"ApimwatchConfigReloadFailed":                "the demo never reloads",
	"ApimwatchWSO2StartupNotCompleting":          "both demo servers log that they started",
	"ApimwatchWSO2JVMHeapNearlyFull":             "the new stand-in JVM's heap floor passes 90% about 4 minutes after the cutover, and the alert reads the last 10 minutes",
	"ApimwatchWSO2JVMGCOverhead":                 leakTakesMinutes,
	"ApimwatchNewEnvironmentGCHigherThanOld":     leakTakesMinutes,
	"ApimwatchWSO2JVMPerfDataUnavailable":        "both demo stand-in JVMs publish their perf data",
	"ApimwatchTLSCertificateExpiresVerySoon":     "the demo's certificates expire in a year, the new gateway's in 10 days: a warning, not 3 days",
	"ApimwatchProbeStale":                        "the demo's agents run their probes every 15 s",
}

// leakTakesMinutes: the new stand-in's leak fills its heap about 4 minutes after the cutover
// (demo/standin's heap tests), while the test's JVMs are seconds old.
const leakTakesMinutes = "the new stand-in JVM spends ~16% of its time in GC only once its leak has filled the heap, minutes after the cutover"

// conditionalMetrics are metrics that docs/metrics.md lists as present only under a condition
// the test machine does not meet; a dashboard query that reads one of them may be empty.
var conditionalMetrics = map[string]string{
	"wso2_host_cgroup_memory_limit_bytes": "only when the agent's cgroup has a memory limit",
	"wso2_host_cgroup_cpu_limit_cores":    "only when the agent's cgroup has a CPU limit",
	"wso2_jvm_cgroup_memory_limit_bytes":  "only when the JVM's cgroup has a memory limit",
	"wso2_jvm_cgroup_cpu_limit_cores":     "only when the JVM's cgroup has a CPU limit",
	"wso2_jvm_perfdata_unavailable":       "only while a JVM's perf-data file cannot be read; the demo's stand-ins publish theirs",
}

// A real Prometheus scrapes `apimwatch demo` (both environments) with the shipped rules
// loaded, and every dashboard query and rule expression parses and returns data.
func TestPrometheusScrapesTheDemo(t *testing.T) {
	newAddr, oldAddr := freePortPair(t)
	// The demo's directory goes under the test's, which the test removes even though the end of
	// the test kills the demo.
	startProcess(t, newAddr, []string{"TMPDIR=" + t.TempDir()}, "demo", "--web.listen-address="+newAddr, "--demo.cutover=1s")
	prom := startPrometheus(t, []string{newAddr, oldAddr}, []string{rulesFile})

	// Both sides scraped, the checks have run on both, the new side's logs have signatures,
	// and rates have two samples to work with.
	for _, expr := range []string{
		`count(up{job="apimwatch"} == 1) == 2`,
		`count(count by (environment) (wso2_check_status)) == 2`,
		`wso2_check_status{environment="new",severity="critical",status="fail"} == 1`,
		`sum(wso2_log_signature_records_total{environment="new",signature!="none"}) > 0`,
		`count(count_over_time(wso2_log_records_total[1m]) > 2) > 0`,
		// The new side's gateway is not ready for minutes after its restart (the planted failure).
		`wso2_probe_success{environment="new",probe="gateway_ready"} == 0`,
		`count(wso2_probe_success{environment="old"} == 1) == count(wso2_probe_success{environment="old"})`,
	} {
		prom.waitFor(t, expr, 90*time.Second)
	}

	vars, err := dashboards.DefaultVars()
	if err != nil {
		t.Fatal(err)
	}
	queries, err := dashboards.Queries(vars)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range queries {
		what := fmt.Sprintf("dashboard %s, panel %q, query %s", q.Dashboard, q.Panel, q.RefID)
		r, err := prom.query(q.Expr)
		switch {
		case err != nil:
			t.Errorf("%s: Prometheus refuses it: %v\n%s", what, err, q.Expr)
		case len(r.Result) == 0 && readsConditionalMetric(q.Expr):
			// Expected: see conditionalMetrics.
		case len(r.Result) == 0:
			t.Errorf("%s returns no data on the demo:\n%s", what, q.Expr)
		}
	}

	seeDemoStatusPage(t, "http://"+newAddr+"/")

	for _, rule := range readRules(t) {
		name := rule.Record + rule.Alert
		r, err := prom.query(rule.Expr)
		quiet := quietAlerts[rule.Alert]
		switch {
		case err != nil:
			t.Errorf("rule %s: Prometheus refuses its expression: %v\n%s", name, err, rule.Expr)
		case len(r.Result) == 0 && rule.Alert != "" && quiet != "":
			// Expected (see quietAlerts), as long as what it reads is there.
			for _, metric := range metricNames(rule.Expr) {
				if series, err := prom.query(metric); err != nil || len(series.Result) == 0 {
					t.Errorf("alert %s reads %s, which has no series on the demo", name, metric)
				}
			}
		case len(r.Result) == 0:
			t.Errorf("rule %s returns no data on the demo:\n%s", name, rule.Expr)
		case rule.Alert != "" && quiet != "":
			t.Errorf("alert %s is listed as quiet on the demo (%s) but its expression returns data: update quietAlerts", name, quiet)
		}
	}
}

// metricName matches the names of apimwatch's metrics and of the recording rules over them.
var metricName = regexp.MustCompile(`\b(?:wso2|apimwatch|[a-z_]+:wso2)_[a-z0-9_:]+|\bup\b`)

// metricNames are the metric and recording-rule names expr reads.
func metricNames(expr string) []string {
	names := metricName.FindAllString(expr, -1)
	slices.Sort(names)
	return slices.Compact(names)
}

// readsConditionalMetric tells whether expr reads one of conditionalMetrics.
func readsConditionalMetric(expr string) bool {
	for _, name := range metricNames(expr) {
		if conditionalMetrics[name] != "" {
			return true
		}
	}
	return false
}

// rule is one rule of the shipped rules file.
type rule struct {
	Record string `yaml:"record"`
	Alert  string `yaml:"alert"`
	Expr   string `yaml:"expr"`
}

func readRules(t *testing.T) []rule {
	t.Helper()
	data, err := os.ReadFile(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Groups []struct {
			Rules []rule `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		t.Fatalf("%s: %v", rulesFile, err)
	}
	var rules []rule
	for _, g := range file.Groups {
		rules = append(rules, g.Rules...)
	}
	if len(rules) == 0 {
		t.Fatalf("%s has no rules", rulesFile)
	}
	return rules
}

// seeDemoStatusPage opens the demo's status page in headless Chromium, as a newcomer following
// the README does: the verdict, a planted failing check with its offending API, a
// post-migration signature, the JVM's heap and the new gateway's failing readiness probe must
// be on the page the browser built. A phone-sized screenshot goes to APIMWATCH_SCREENSHOT_DIR
// when that is set.
func seeDemoStatusPage(t *testing.T, url string) {
	t.Helper()
	chromium := browser.Chromium(t)
	dom := browser.Run(t, chromium, "--dump-dom", url)
	for _, want := range []string{
		"Cutover verdict: NO-GO",
		"apim.published-apis-without-deployment", "PaymentsAPI",
		"F3: Gateway cannot deploy APIs (404s)",
		"MiB of 1024 MiB", // the stand-in JVM's heap, from its perf data
		// The probes of the new node: its gateway, restarted, is not ready; its certificates.
		"Node demo: ", "the gateway readiness endpoint answered status 503", "tls_gateway_https",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the demo's status page, as Chromium shows it, lacks %q", want)
		}
	}
	shot := filepath.Join(t.TempDir(), "demo-status-page-phone.png")
	browser.Run(t, chromium, "--screenshot="+shot, "--window-size=412,915", "--hide-scrollbars", url)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if dir := os.Getenv("APIMWATCH_SCREENSHOT_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(shot)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
