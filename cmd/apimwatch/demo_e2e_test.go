package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// demoProcess is a running `apimwatch demo` (or `apimwatch run` falling back to it), with its
// temporary directory under tmp.
type demoProcess struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	newURL, oldURL string
	tmp            string
	exited         chan struct{}
	err            error
}

func startDemo(t *testing.T, args ...string) *demoProcess {
	t.Helper()
	port := twoFreePorts(t)
	p := &demoProcess{
		stdout: &syncBuffer{}, stderr: &syncBuffer{}, tmp: t.TempDir(), exited: make(chan struct{}),
		newURL: "http://127.0.0.1:" + strconv.Itoa(port), oldURL: "http://127.0.0.1:" + strconv.Itoa(port+1),
	}
	p.cmd = exec.Command(binary, append(args, "--web.listen-address=127.0.0.1:"+strconv.Itoa(port))...)
	// The demo's temporary directory goes under the test's, to check that nothing is left.
	p.cmd.Env = append(cleanEnv(), "TMPDIR="+p.tmp)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
		if t.Failed() {
			t.Logf("stdout:\n%s\nstderr:\n%s", p.stdout.String(), p.stderr.String())
		}
	})
	return p
}

// twoFreePorts finds a port whose next port is free too: the demo's old side listens there.
func twoFreePorts(t *testing.T) int {
	t.Helper()
	for range 50 {
		first, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := first.Addr().(*net.TCPAddr).Port
		second, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+1))
		_ = first.Close()
		if err == nil {
			_ = second.Close()
			return port
		}
	}
	t.Fatal("no two consecutive free ports")
	return 0
}

// metrics is url's /metrics, or "" while it does not answer.
func metrics(url string) string {
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// waitFor polls until every pattern matches url's metrics or timeout passes.
func (p *demoProcess) waitFor(t *testing.T, url string, timeout time.Duration, patterns ...string) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		m := metrics(url)
		missing := ""
		for _, pat := range patterns {
			if !regexp.MustCompile(pat).MatchString(m) {
				missing = pat
				break
			}
		}
		if missing == "" {
			return m
		}
		select {
		case <-p.exited:
			t.Fatalf("apimwatch exited (%v) while waiting for %s", p.err, missing)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/metrics lacks %s after %s", url, missing, timeout)
		}
	}
}

// stop sends sig and checks that the demo exits 0 and leaves no file behind.
func (p *demoProcess) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("apimwatch did not stop within 15 s of %s", sig)
	}
	if p.err != nil {
		t.Errorf("%s: apimwatch exited with %v, want 0", sig, p.err)
	}
	left, err := os.ReadDir(p.tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("the demo left %s behind in its temporary directory", e.Name())
	}
}

// TestDemoShowsTheUpgrade runs `apimwatch demo` with a quick cutover: the new environment's
// agent shows the planted critical failures and the post-migration log signatures, the old
// one's shows every check passing, and Ctrl-C stops everything and removes the files.
func TestDemoShowsTheUpgrade(t *testing.T) {
	p := startDemo(t, "demo", "--demo.cutover=1s")
	newMetrics := p.waitFor(t, p.newURL, 30*time.Second,
		`wso2_check_status\{check="apim.published-apis-without-deployment",environment="new",family="apim",node="demo",severity="critical",status="fail"\} 1`,
		`wso2_check_offending_rows\{check="cross-database.api-artifacts",environment="new",node="demo"\} 1\n`,
		`wso2_log_signature_records_total\{environment="new",node="demo",signature="F3"\} [1-9]`,
		`wso2_log_signature_records_total\{environment="new",node="demo",signature="F13"\} 1\n`,
		`wso2_server_product_info\{environment="new",node="demo",product="WSO2 API Manager",version="4.2.0"\} 1`,
	)
	if !strings.Contains(newMetrics, `wso2_jvm_up{environment="new",node="demo"} 0`) {
		t.Error("the demo has no JVM: wso2_jvm_up must be 0")
	}
	oldMetrics := p.waitFor(t, p.oldURL, 10*time.Second,
		`wso2_check_status\{check="cross-database.api-artifacts",environment="old",family="cross-database",node="demo",severity="critical",status="pass"\} 1`,
		`wso2_server_product_info\{environment="old",node="demo",product="WSO2 API Manager",version="4.1.0"\} 1`,
	)
	if failed := regexp.MustCompile(`wso2_check_status\{[^}]*status="(fail|error|skip)"\} 1`).FindAllString(oldMetrics, -1); len(failed) > 0 {
		t.Errorf("the old environment must pass every check: %q", failed)
	}
	for _, want := range []string{p.newURL + "/metrics", p.oldURL + "/metrics", "wso2_jvm_up 0"} {
		if !strings.Contains(p.stdout.String(), want) {
			t.Errorf("the banner does not say %q", want)
		}
	}
	p.stop(t, syscall.SIGINT)
}

// TestRunWithNothingConfiguredRunsTheDemo: `apimwatch run` with no configuration at all says
// it runs the demo, and how to watch a real node, and does.
func TestRunWithNothingConfiguredRunsTheDemo(t *testing.T) {
	p := startDemo(t, "run")
	p.waitFor(t, p.newURL, 30*time.Second, `wso2_check_status\{check="cross-database.api-artifacts",environment="new",[^}]*status="fail"\} 1`)
	for _, want := range []string{"nothing is configured, so this is the demo", "APIMWATCH_CARBON_HOME="} {
		if !strings.Contains(p.stdout.String(), want) {
			t.Errorf("stdout does not say %q", want)
		}
	}
	p.stop(t, syscall.SIGTERM)
}

// TestDemoRefusesAConfigurationFile: the demo configures its agents itself.
func TestDemoRefusesAConfigurationFile(t *testing.T) {
	_, stderr, code := runOnce(t, nil, "demo", "--config.file=apimwatch.yml")
	if code != 2 || !strings.Contains(stderr, "the demo configures its two agents itself") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}
