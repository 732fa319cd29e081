package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/demo/standin"
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
	newAddr, oldAddr := freePortPair(t)
	p := &demoProcess{
		stdout: &syncBuffer{}, stderr: &syncBuffer{}, tmp: t.TempDir(), exited: make(chan struct{}),
		newURL: "http://" + newAddr, oldURL: "http://" + oldAddr,
	}
	p.cmd = exec.Command(binary, append(args, "--web.listen-address="+newAddr)...)
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
// agent shows the planted failures (an info one among them), the post-migration log
// signatures, the migration client's failed step, audit events, and its stand-in JVM, which
// the real collector finds and sees replaced at the restart after the cutover (a shutdown in
// the log); the old one's shows every check passing and its own JVM. Ctrl-C stops everything,
// the stand-in JVMs included, and removes the files.
func TestDemoShowsTheUpgrade(t *testing.T) {
	p := startDemo(t, "demo", "--demo.cutover=1s")
	p.waitFor(t, p.newURL, 30*time.Second,
		`wso2_check_status\{check="apim.published-apis-without-deployment",environment="new",family="apim",node="demo",severity="critical",status="fail"\} 1`,
		`wso2_check_status\{check="custom.subscriptions-on-hold",environment="new",family="custom",node="demo",severity="info",status="fail"\} 1`,
		`wso2_check_offending_rows\{check="cross-database.api-artifacts",environment="new",node="demo"\} 1\n`,
		`wso2_log_signature_records_total\{environment="new",node="demo",signature="F3"\} [1-9]`,
		`wso2_log_signature_records_total\{environment="new",node="demo",signature="F13"\} 1\n`,
		`wso2_server_product_info\{environment="new",node="demo",product="WSO2 API Manager",version="4.2.0"\} 1`,
		`wso2_jvm_up\{environment="new",node="demo"\} 1`,
		`wso2_jvm_heap_max_bytes\{environment="new",node="demo"\} 1\.073741824e\+09`,
		// Read from the stand-in's perf-data file, as from a real JVM's.
		`wso2_jvm_perfdata_up\{environment="new",node="demo"\} 1\n`,
		`wso2_jvm_heap_effective_max_bytes\{environment="new",node="demo"\} 1\.073741824e\+09`,
		`wso2_jvm_gc_collections_total\{environment="new",gc="G1 young collection pauses",node="demo"\} `,
		`wso2_jvm_restarts_total\{environment="new",node="demo"\} 1\n`,
		// The pre-migration validation's start, before the demo, and the restart.
		`wso2_server_shutdowns_total\{environment="new",node="demo"\} 2\n`,
		// Both runs of the migration client, the restart's one too, fail the same step.
		`wso2_migration_task_records_total\{environment="new",level="ERROR",node="demo"\} 2\n`,
		`wso2_migration_last_record_timestamp_seconds\{environment="new",node="demo"\} `,
		`wso2_audit_events_total\{action="[a-z]+",environment="new",node="demo",typ="[A-Za-z]+"\} [1-9]`,
	)
	oldMetrics := p.waitFor(t, p.oldURL, 10*time.Second,
		`wso2_check_status\{check="cross-database.api-artifacts",environment="old",family="cross-database",node="demo",severity="critical",status="pass"\} 1`,
		`wso2_server_product_info\{environment="old",node="demo",product="WSO2 API Manager",version="4.1.0"\} 1`,
		`wso2_jvm_up\{environment="old",node="demo"\} 1`,
		`wso2_jvm_restarts_total\{environment="old",node="demo"\} 0\n`,
		`wso2_jvm_perfdata_up\{environment="old",node="demo"\} 1\n`,
	)
	if failed := regexp.MustCompile(`wso2_check_status\{[^}]*status="(fail|error|skip)"\} 1`).FindAllString(oldMetrics, -1); len(failed) > 0 {
		t.Errorf("the old environment must pass every check: %q", failed)
	}
	// The address to open is the status page's: the README sends newcomers to it.
	for _, want := range []string{"status page " + p.newURL + "/ ", "status page " + p.oldURL + "/ ", p.newURL + "/metrics", p.oldURL + "/metrics", "stand-in processes"} {
		if !strings.Contains(p.stdout.String(), want) {
			t.Errorf("the banner does not say %q", want)
		}
	}
	jvms := standIns(t, p.tmp)
	if len(jvms) != 2 {
		t.Errorf("%d stand-in JVMs run (%v), want 2: one per environment", len(jvms), jvms)
	}
	p.stop(t, syscall.SIGINT)
	if jvms := standIns(t, p.tmp); len(jvms) > 0 {
		t.Errorf("the stopped demo left its stand-in JVMs %v running", jvms)
	}
	checkPerfDataRemoved(t, jvms)
}

// checkPerfDataRemoved: the stand-ins' perf-data files, in /tmp whatever TMPDIR says (where the
// agent looks, as JVMs write them there), are gone once the stand-ins are.
func checkPerfDataRemoved(t *testing.T, pids []int) {
	t.Helper()
	for _, pid := range pids {
		if _, err := os.Stat(standin.PerfDataPath(pid)); !os.IsNotExist(err) {
			t.Errorf("the stand-in %d left its perf-data file %s (%v)", pid, standin.PerfDataPath(pid), err)
		}
	}
}

// TestKilledDemoLeavesNoJVM: a demo killed with no chance to stop its stand-in JVMs takes them
// with it, and they remove their perf-data files.
func TestKilledDemoLeavesNoJVM(t *testing.T) {
	p := startDemo(t, "demo")
	p.waitFor(t, p.newURL, 30*time.Second, `wso2_jvm_up\{environment="new",node="demo"\} 1`)
	p.waitFor(t, p.oldURL, 10*time.Second, `wso2_jvm_up\{environment="old",node="demo"\} 1`)
	started := standIns(t, p.tmp)
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.exited
	deadline := time.Now().Add(5 * time.Second)
	for jvms := standIns(t, p.tmp); len(jvms) > 0; jvms = standIns(t, p.tmp) {
		if time.Now().After(deadline) {
			for _, pid := range jvms {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
			t.Fatalf("the stand-in JVMs %v outlived their killed demo by 5 s", jvms)
		}
		time.Sleep(50 * time.Millisecond)
	}
	checkPerfDataRemoved(t, started)
}

// standIns are the running processes with a -Dcarbon.home under dir: the stand-in JVMs of a
// demo built there.
func standIns(t *testing.T, dir string) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmdline), "\x00-Dcarbon.home="+dir) && !standin.Gone(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
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
