package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
)

// minimalHome makes a CARBON_HOME with just enough for discovery to name its files.
func minimalHome(t *testing.T, name string) string {
	t.Helper()
	home := filepath.Join(t.TempDir(), name)
	writeFile(t, filepath.Join(home, "repository", "conf", "deployment.toml"), "[server]\noffset = 0\n")
	return home
}

func TestRunServesLintedMetrics(t *testing.T) {
	home := minimalHome(t, "wso2am-4.2.0")
	cfg := filepath.Join(t.TempDir(), "apimwatch.yml")
	writeFile(t, cfg, "environment: new\nnodes:\n  - name: cp1\n    carbon_home: "+home+"\n")
	d := startDaemon(t, nil, "--config.file="+cfg)
	d.waitReady(t, httpClient(nil), "http")

	metrics := d.get(t, "/metrics")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^apimwatch_build_info\{build_date="[^"]+",goversion="go[^"]+",revision="[^"]+",version="[^"]+"\} 1$`),
		regexp.MustCompile(`(?m)^wso2_host_cpu_seconds_total\{environment="new",mode="user"\} \d`),
		regexp.MustCompile(`(?m)^wso2_host_memory_total_bytes\{environment="new"\} \d`),
		regexp.MustCompile(`(?m)^wso2_jvm_up\{environment="new",node="cp1"\} 0$`),
		regexp.MustCompile(`(?m)^apimwatch_config_last_reload_successful 1$`),
		regexp.MustCompile(`(?m)^apimwatch_nodes 1$`),
	} {
		if !want.MatchString(metrics) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	problems, err := promlint.New(strings.NewReader(metrics)).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
	promtoolCheckMetrics(t, metrics)

	if body := d.get(t, "/healthz"); strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %q", body)
	}
	if body := d.get(t, "/"); !strings.Contains(body, "apimwatch") || !strings.Contains(body, `href="/metrics"`) {
		t.Errorf("landing page does not name the agent or link /metrics:\n%s", body)
	}

	d.signal(t, syscall.SIGTERM)
	select {
	case <-d.exited:
		if d.err != nil {
			t.Errorf("SIGTERM: apimwatch exited with %v, want 0", d.err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("apimwatch did not stop within 15 s of SIGTERM")
	}
	if !strings.Contains(d.stderr.String(), "shutting down") {
		t.Errorf("no shutdown log line:\n%s", d.stderr.String())
	}
}

// promtoolCheckMetrics lints the exposition with promtool, the linter Prometheus users run.
// CI installs it (.ci/run); elsewhere a missing promtool skips only this part.
func promtoolCheckMetrics(t *testing.T, metrics string) {
	t.Helper()
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("promtool is not installed; .ci/run must install the prometheus package")
		}
		t.Log("promtool not installed: skipping promtool check metrics")
		return
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(metrics)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

func TestSIGHUPReloadsAtomically(t *testing.T) {
	homeA, homeB := minimalHome(t, "cp"), minimalHome(t, "gw")
	cfg := filepath.Join(t.TempDir(), "apimwatch.yml")
	writeFile(t, cfg, "nodes:\n  - carbon_home: "+homeA+"\n")
	d := startDaemon(t, nil, "--config.file="+cfg)
	d.waitReady(t, httpClient(nil), "http")

	writeFile(t, cfg, "nodes:\n  - carbon_home: "+homeA+"\n  - carbon_home: "+homeB+"\n")
	d.signal(t, syscall.SIGHUP)
	eventually(t, "the second node after a good reload", func() bool {
		m := d.get(t, "/metrics")
		return strings.Contains(m, "\napimwatch_nodes 2\n") && strings.Contains(m, `wso2_jvm_up{node="gw"} 0`)
	})

	writeFile(t, cfg, "nodes:\n  - carbon_hom: "+homeA+"\n")
	d.signal(t, syscall.SIGHUP)
	eventually(t, "a failed reload to show", func() bool {
		return strings.Contains(d.get(t, "/metrics"), "\napimwatch_config_last_reload_successful 0\n")
	})
	m := d.get(t, "/metrics")
	if !strings.Contains(m, "\napimwatch_nodes 2\n") || !strings.Contains(m, `wso2_jvm_up{node="gw"} 0`) {
		t.Errorf("a failed reload must keep the configuration in use; metrics:\n%s", m)
	}
	if log := d.stderr.String(); !strings.Contains(log, "configuration reload failed") || !strings.Contains(log, `nodes[0].carbon_hom: unknown key; did you mean \"carbon_home\"?`) {
		t.Errorf("the failed reload is not logged with its problem:\n%s", log)
	}
}

func TestRunRefusesABadConfiguration(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "apimwatch.yml")
	writeFile(t, cfg, "log:\n  level: loud\n")
	_, stderr, code := runOnce(t, nil, "run", "--config.file="+cfg, "--web.listen-address="+freeAddress(t))
	if code != 1 || !strings.Contains(stderr, `log.level: "loud" is not a level; use debug, info, warn or error`) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestConfigCheckExitCodes(t *testing.T) {
	home := minimalHome(t, "wso2am-4.2.0")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yml")
	writeFile(t, good, `nodes:
  - carbon_home: `+home+`
    databases:
      am: {driver: pgx, dsn: "postgres://wso2:hunter2-dsn@db:5432/am", password: hunter2-plain}
      um: {jdbc_url: "jdbc:mysql://db:3306/um?password=hunter2-jdbc", user: wso2}
`)
	stdout, stderr, code := runOnce(t, nil, "config", "check", "--config.file="+good)
	if code != 0 {
		t.Fatalf("good configuration: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"configuration:", "carbon_home: " + home, "discovered:", "problems:", "dsn: postgres://wso2:%3Csecret%3E@db:5432/am"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("config check output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout+stderr, "hunter2") {
		t.Errorf("config check shows a secret:\n%s", stdout)
	}
	if strings.Contains(stdout, "error:") || strings.Contains(stdout, "for the am tables") || strings.Contains(stdout, "for the um tables") {
		t.Errorf("configured databases must silence discovery's warnings about them, and nothing is an error:\n%s", stdout)
	}

	bad := filepath.Join(dir, "bad.yml")
	writeFile(t, bad, "nodes:\n  - carbon_home: relative/path\nweb:\n  telemetry_path: /\n")
	stdout, stderr, code = runOnce(t, nil, "config", "check", "--config.file="+bad)
	if code != 1 {
		t.Errorf("bad configuration: exit %d, want 1", code)
	}
	for _, want := range []string{
		`error: web.telemetry_path: "/" is taken by the status page or a health endpoint; use /metrics`,
		`nodes[0].carbon_home: "relative/path" must be an absolute path`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("config check output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "2 configuration error(s)") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestVersion(t *testing.T) {
	stdout, _, code := runOnce(t, nil, "version")
	if code != 0 || !regexp.MustCompile(`^apimwatch \S+ \(revision \S+, built \S+, go\S+ linux/\w+\)\n$`).MatchString(stdout) {
		t.Errorf("exit %d, output %q", code, stdout)
	}
}

// TestLogRecordsBecomeMetrics runs the agent on a node whose wso2carbon.log gets a gateway
// deployment error with its stack trace: the record is counted once, by level, signature,
// logger family and exception.
func TestLogRecordsBecomeMetrics(t *testing.T) {
	home := minimalHome(t, "wso2am-4.2.0")
	logFile := filepath.Join(home, "repository", "logs", "wso2carbon.log")
	writeFile(t, logFile, "")
	cfg := filepath.Join(t.TempDir(), "apimwatch.yml")
	writeFile(t, cfg, "nodes:\n  - name: gw1\n    carbon_home: "+home+"\n")
	d := startDaemon(t, nil, "--config.file="+cfg)
	d.waitReady(t, httpClient(nil), "http")
	eventually(t, "the log file to be followed", func() bool {
		return strings.Contains(d.get(t, "/metrics"), `wso2_log_file_following{file="wso2carbon.log",node="gw1"} 1`)
	})

	f, err := os.OpenFile(logFile, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString("TID: [-1234] [] [2026-11-22 10:00:00,000] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error deploying 571d336a in Gateway org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException: Storage returned null\n" +
		"\tat org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.retrieveArtifact(InMemoryAPIDeployer.java:110)\n")
	_ = f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`wso2_log_records_total{file="wso2carbon.log",level="ERROR",node="gw1"} 1`,
		`wso2_log_signature_records_total{node="gw1",signature="F3"} 1`,
		`wso2_log_logger_family_records_total{family="gateway",level="ERROR",node="gw1"} 1`,
		`wso2_log_exception_records_total{exception="org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException",level="ERROR",node="gw1"} 1`,
		`wso2_log_lines_total{file="wso2carbon.log",node="gw1"} 2`,
	} {
		eventually(t, want, func() bool { return strings.Contains(d.get(t, "/metrics"), want) })
	}
}
