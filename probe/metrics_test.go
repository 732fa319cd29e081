package probe

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

var metricNames = []string{"wso2_probe_success", "wso2_probe_duration_seconds", "wso2_probe_http_status",
	"wso2_probe_tls_cert_expiry_timestamp_seconds", "wso2_probe_last_run_timestamp_seconds"}

// fakeNode is a WSO2 gateway node on local ports: the servlet port answers the Version service
// and the readiness endpoint, the gateway port has a certificate expiring in 2 days.
type fakeNode struct {
	target          NodeTarget
	servletExpiry   time.Time
	gatewayExpiry   time.Time
	readinessStatus atomic.Int32
	versionCalls    atomic.Int32 // one per scheduler run
}

func newFakeNode(t *testing.T, version string) *fakeNode {
	ca := newTestCA(t)
	n := &fakeNode{servletExpiry: inDays(90), gatewayExpiry: inDays(2)}
	n.readinessStatus.Store(http.StatusOK)
	servlet := http.NewServeMux()
	servlet.HandleFunc("GET "+VersionPath, func(w http.ResponseWriter, r *http.Request) {
		n.versionCalls.Add(1)
		versionHandler(version)(w, r)
	})
	servlet.HandleFunc("GET "+ReadinessPath, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(int(n.readinessStatus.Load())) })
	ports := map[string]int{
		PortHTTPSServlet: port(t, tlsServer(t, ca.leaf(t, n.servletExpiry), servlet).URL),
		PortGatewayHTTPS: port(t, tlsServer(t, ca.leaf(t, n.gatewayExpiry), http.NotFoundHandler()).URL),
	}
	for _, name := range []string{PortHTTPServlet, PortGatewayHTTP} {
		plain := httptest.NewServer(http.NotFoundHandler())
		t.Cleanup(plain.Close)
		ports[name] = port(t, plain.URL)
	}
	n.target = NodeTarget{Node: "gw1", Host: "127.0.0.1", Ports: ports, ExpectedVersion: "4.2.0",
		HTTP: HTTPOptions{TLS: TLSOptions{CAFile: ca.caFile}}, Timeout: 2 * time.Second}
	return n
}

func port(t *testing.T, rawURL string) int {
	t.Helper()
	_, p, _ := strings.Cut(host(rawURL), ":")
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSchedulerMetrics(t *testing.T) {
	node := newFakeNode(t, "4.2.0")
	probes, err := BuiltinProbes(node.target)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(probes); err != nil {
		t.Fatal(err)
	}
	scheduler := NewScheduler(zap.NewNop(), &Runner{}, time.Hour, probes)
	if n := testutil.CollectAndCount(scheduler); n != 0 {
		t.Errorf("%d metrics before the first run, want none", n)
	}
	start := time.Now()
	runScheduler(t, scheduler)

	expected := fmt.Sprintf(`
# HELP wso2_probe_success 1 if the probe's latest run passed, 0 if it failed.
# TYPE wso2_probe_success gauge
wso2_probe_success{kind="version",node="gw1",probe="version"} 1
wso2_probe_success{kind="gateway_ready",node="gw1",probe="gateway_ready"} 1
wso2_probe_success{kind="tcp",node="gw1",probe="tcp_https_servlet"} 1
wso2_probe_success{kind="tcp",node="gw1",probe="tcp_http_servlet"} 1
wso2_probe_success{kind="tcp",node="gw1",probe="tcp_gateway_https"} 1
wso2_probe_success{kind="tcp",node="gw1",probe="tcp_gateway_http"} 1
wso2_probe_success{kind="tls_cert",node="gw1",probe="tls_https_servlet"} 1
wso2_probe_success{kind="tls_cert",node="gw1",probe="tls_gateway_https"} 0
# HELP wso2_probe_http_status HTTP status of the last answer of the probe's latest run; 0 when no answer came.
# TYPE wso2_probe_http_status gauge
wso2_probe_http_status{kind="version",node="gw1",probe="version"} 200
wso2_probe_http_status{kind="gateway_ready",node="gw1",probe="gateway_ready"} 200
# HELP wso2_probe_tls_cert_expiry_timestamp_seconds When the earliest-expiring certificate the server presented expires, in seconds since the Unix epoch.
# TYPE wso2_probe_tls_cert_expiry_timestamp_seconds gauge
wso2_probe_tls_cert_expiry_timestamp_seconds{kind="version",node="gw1",probe="version"} %[1]d
wso2_probe_tls_cert_expiry_timestamp_seconds{kind="gateway_ready",node="gw1",probe="gateway_ready"} %[1]d
wso2_probe_tls_cert_expiry_timestamp_seconds{kind="tls_cert",node="gw1",probe="tls_https_servlet"} %[1]d
wso2_probe_tls_cert_expiry_timestamp_seconds{kind="tls_cert",node="gw1",probe="tls_gateway_https"} %[2]d
`, node.servletExpiry.Unix(), node.gatewayExpiry.Unix())
	if err := testutil.CollectAndCompare(scheduler, strings.NewReader(expected),
		"wso2_probe_success", "wso2_probe_http_status", "wso2_probe_tls_cert_expiry_timestamp_seconds"); err != nil {
		t.Error(err)
	}
	// Duration and last run time vary: one series per probe, with plausible values.
	for _, r := range scheduler.Latest() {
		if r.Duration <= 0 || r.Duration > 2*time.Second || r.Time.Before(start) {
			t.Errorf("%s: duration %s, time %s", r.Name, r.Duration, r.Time)
		}
	}
	for _, name := range []string{"wso2_probe_duration_seconds", "wso2_probe_last_run_timestamp_seconds"} {
		if n := testutil.CollectAndCount(scheduler, name); n != len(probes) {
			t.Errorf("%s: %d series, want %d", name, n, len(probes))
		}
	}
	problems, err := testutil.CollectAndLint(scheduler, metricNames...)
	if err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %v", err, problems)
	}
}

// The scheduler logs a probe when it starts failing and when it recovers, not at every run.
func TestSchedulerLogsChangesOnly(t *testing.T) {
	node := newFakeNode(t, "4.2.0")
	node.readinessStatus.Store(http.StatusServiceUnavailable)
	probes, err := BuiltinProbes(node.target)
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zapcore.InfoLevel)
	scheduler := NewScheduler(zap.New(core), &Runner{}, 20*time.Millisecond, probes)
	stop := startScheduler(scheduler)
	waitFor(t, "4 runs with the gateway not ready", func() bool { return node.versionCalls.Load() >= 4 })
	node.readinessStatus.Store(http.StatusOK)
	waitFor(t, "the gateway ready", func() bool { return resultOf(scheduler, "gateway_ready").Success })
	calls := node.versionCalls.Load()
	waitFor(t, "4 runs more", func() bool { return node.versionCalls.Load() >= calls+4 })
	stop()

	count := func(message, probe string) int {
		return logs.FilterMessage(message).FilterField(zap.String("probe", probe)).Len()
	}
	if count("probe failed", "gateway_ready") != 1 || count("probe recovered", "gateway_ready") != 1 {
		t.Errorf("gateway_ready: want one failure and one recovery logged, got:\n%v", logs.All())
	}
	if count("probe failed", "tls_gateway_https") != 1 {
		t.Errorf("the expiring certificate: want its failure logged once, got:\n%v", logs.All())
	}
	if logs.Len() != 3 {
		t.Errorf("%d log lines, want 3 (passing probes are not logged):\n%v", logs.Len(), logs.All())
	}
}

func resultOf(s *Scheduler, name string) Result {
	for _, r := range s.Latest() {
		if r.Name == name {
			return r
		}
	}
	return Result{}
}

func waitFor(t *testing.T, what string, condition func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !condition() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 10s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A reload drops the results, and so the metrics, of the probes no longer configured.
func TestSchedulerSetProbesDropsRemoved(t *testing.T) {
	node := newFakeNode(t, "4.2.0")
	probes, err := BuiltinProbes(node.target)
	if err != nil {
		t.Fatal(err)
	}
	scheduler := NewScheduler(zap.NewNop(), &Runner{}, time.Hour, probes)
	runScheduler(t, scheduler)
	scheduler.SetProbes(probes[:1])
	if latest := scheduler.Latest(); len(latest) != 1 || latest[0].Name != "version" {
		t.Errorf("after the reload: %+v", latest)
	}
	if n := testutil.CollectAndCount(scheduler, "wso2_probe_success"); n != 1 {
		t.Errorf("%d wso2_probe_success series after the reload, want 1", n)
	}
}

// A reload's probes run at once, not an interval (here an hour) later.
func TestSchedulerRunsReloadedProbesAtOnce(t *testing.T) {
	node := newFakeNode(t, "4.2.0")
	probes, err := BuiltinProbes(node.target)
	if err != nil {
		t.Fatal(err)
	}
	scheduler := NewScheduler(zap.NewNop(), &Runner{}, time.Hour, probes[1:])
	stop := startScheduler(scheduler)
	defer stop()
	waitFor(t, "the first run", func() bool { return scheduler.Latest() != nil })
	if node.versionCalls.Load() != 0 || resultOf(scheduler, "version").Name != "" {
		t.Fatalf("the version probe ran before it was configured")
	}
	scheduler.SetProbes(probes)
	waitFor(t, "the reloaded version probe's result", func() bool { return resultOf(scheduler, "version").Success })
	if calls := node.versionCalls.Load(); calls != 1 {
		t.Errorf("the Version service was called %d times after one reload, want 1", calls)
	}
}
