package agent

import (
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"go.uber.org/zap"
	_ "modernc.org/sqlite"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/statuspage"
	"github.com/apimwatch/apimwatch/verify"
)

// password is in the configuration of a database; it must never reach the page.
const password = "Pr1vate-S3cret"

// TestStatusOfARealAgent runs an agent on a node with real log lines and a real (SQLite)
// database holding a blocked API, and reads / and /api/status as a person and a script would.
func TestStatusOfARealAgent(t *testing.T) {
	home := t.TempDir()
	logs := filepath.Join(home, "repository", "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	carbonLog, err := os.ReadFile(filepath.Join("..", "..", "shared", "testdata", "wso2-logs", "wso2carbon-4x.log"))
	if err != nil {
		t.Fatalf("the shared test data must be beside the repository: %v", err)
	}
	if err := os.WriteFile(filepath.Join(logs, "wso2carbon.log"), carbonLog, 0o644); err != nil {
		t.Fatal(err)
	}
	amDB := filepath.Join(t.TempDir(), "am.db")
	plant(t, amDB, "CREATE TABLE AM_API (API_NAME TEXT, STATUS TEXT)",
		`INSERT INTO AM_API VALUES ('PizzaAPI', 'PUBLISHED'), ('<script>alert(1)</script>', 'BLOCKED')`)

	a, nodes := startAgent(t, `
environment: new
logs:
  state_dir: `+t.TempDir()+`
  from_start: true
  timezone: UTC
verify:
  fail_on: critical
  skip: [configuration, schema, registry, user-management, apim, cross-database]
  custom_checks:
    - id: blocked-apis
      title: no API is blocked
      role: am
      sql: SELECT API_NAME FROM AM_API WHERE STATUS = 'BLOCKED'
      severity: critical
      remediation: Unblock the API in the Publisher.
    - id: users
      title: the user store answers
      role: um
      sql: SELECT UM_USER_NAME FROM UM_USER WHERE 1 = 0
      severity: warning
nodes:
  - name: cp1
    carbon_home: `+home+`
    discover: false
    databases:
      am: {driver: sqlite, dsn: `+amDB+`}
      um: {driver: pgx, dsn: "postgres://apim:`+password+`@127.0.0.1:1/WSO2_SHARED_DB"}
`)
	// The agent waits 30 s before its first run so as not to start with the node; run now.
	a.checks.Apply(nodes, verify.Schedule{Interval: time.Hour, Timeout: 10 * time.Second, SampleLimit: 10})

	var ready atomic.Bool
	ready.Store(true)
	srv := httptest.NewServer(a.Handler("/metrics", &ready))
	defer srv.Close()

	var status statuspage.Snapshot
	deadline := time.Now().Add(30 * time.Second)
	for len(status.Checks) == 0 || !hasSignature(status, "F3") {
		if time.Now().After(deadline) {
			t.Fatalf("no check result or no F3 after 30 s: %+v", status)
		}
		time.Sleep(50 * time.Millisecond)
		status = statuspage.Snapshot{}
		if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/status")), &status); err != nil {
			t.Fatal(err)
		}
	}

	if v := status.Verdict; v.Result != "no-go" || len(v.Failed) != 1 || v.Failed[0].CheckID != "custom.blocked-apis" || v.Failed[0].Node != "cp1" {
		t.Errorf("verdict %+v, want no-go for custom.blocked-apis on cp1", v)
	}
	results := map[string]statuspage.CheckResult{}
	for _, r := range status.Checks[0].Results {
		results[r.ID] = r
	}
	if r := results["custom.blocked-apis"]; r.Status != "fail" || r.Offending != 1 || len(r.Samples) != 1 || r.Samples[0] != "<script>alert(1)</script>" {
		t.Errorf("blocked-apis: %+v", r)
	}
	if r := results["custom.users"]; r.Status != "error" || r.Severity != "warning" {
		t.Errorf("users, on a database that is down: %+v", r)
	}
	f3 := signature(status, "F3")
	metrics := get(t, srv.URL+"/metrics")
	if f3.Records != 2 || !strings.Contains(metrics, `wso2_log_signature_records_total{environment="new",node="cp1",signature="F3"} 2`) {
		t.Errorf("F3: %d records on the page, 2 in the log; /metrics:\n%s", f3.Records, metrics)
	}
	if f3.Latest == nil || f3.Latest.Logger != "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer" || f3.Latest.File != "wso2carbon.log" ||
		!f3.Latest.Time.Equal(time.Date(2022, 3, 10, 13, 10, 8, 352e6, time.UTC)) || !strings.HasSuffix(f3.Latest.Exception, "ArtifactSynchronizerException") {
		t.Errorf("F3's latest record: %+v", f3.Latest)
	}
	if len(status.Nodes) != 1 || status.Nodes[0].Node != "cp1" || status.Nodes[0].JVMUp || status.Nodes[0].PID != nil {
		t.Errorf("nodes: %+v (no JVM runs for cp1)", status.Nodes)
	}
	if ag := status.Agent; ag.Environment != "new" || ag.StartedAt.IsZero() || ag.StartedAt.After(status.GeneratedAt) || !ag.ChecksEnabled || !ag.LogsEnabled {
		t.Errorf("agent: %+v", ag)
	}

	page := get(t, srv.URL+"/")
	for _, want := range []string{
		"Cutover verdict: NO-GO", "custom.blocked-apis", "&lt;script&gt;alert(1)&lt;/script&gt;", "Unblock the API in the Publisher.",
		"F3: Gateway cannot deploy APIs (404s)", "F18: Known harmless noise",
		`href="/metrics"`, `href="/healthz"`, `href="/readyz"`, `href="/api/status"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for name, body := range map[string]string{"/": page, "/api/status": get(t, srv.URL+"/api/status")} {
		if strings.Contains(body, password) || strings.Contains(body, "<script>alert") {
			t.Errorf("%s shows a password or unescaped markup:\n%s", name, body)
		}
	}
}

// TestStatusBeforeAnyRun is the page of an agent whose checks have not run and whose node has
// no database: no result yet, and the JVM shown down.
func TestStatusBeforeAnyRun(t *testing.T) {
	a, _ := startAgent(t, "logs: {enabled: false}\nnodes:\n  - {name: gw1, carbon_home: "+t.TempDir()+", discover: false}\n")
	s := a.Status()
	if s.Verdict.Result != "no-result" || len(s.Checks) != 0 || len(s.Signatures) != 0 || s.Agent.LogsEnabled {
		t.Errorf("snapshot %+v", s)
	}
	if len(s.Nodes) != 1 || s.Nodes[0].Node != "gw1" || s.Nodes[0].JVMUp {
		t.Errorf("nodes %+v", s.Nodes)
	}
}

// startAgent starts an agent on the configuration file content yml, and stops it at the end.
func startAgent(t *testing.T, yml string) (*Agent, []config.Node) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "apimwatch.yml")
	if err := os.WriteFile(file, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	return startAgentOn(t, file)
}

// startAgentOn starts an agent on the configuration file, which Reload reads again, and stops
// it at the end.
func startAgentOn(t *testing.T, file string) (*Agent, []config.Node) {
	t.Helper()
	load := func() (*config.Config, []config.Node, config.Problems) {
		fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
		config.RegisterFlags(fs)
		if err := fs.Parse([]string{"--config.file=" + file}); err != nil {
			t.Fatal(err)
		}
		return config.LoadAndResolve(fs)
	}
	cfg, nodes, problems := load()
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	a := New(zap.NewNop(), load, cfg, nodes, problems)
	t.Cleanup(a.Stop)
	return a, nodes
}

func plant(t *testing.T, path string, statements ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range statements {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", url, resp.StatusCode, err, body)
	}
	return string(body)
}

func hasSignature(s statuspage.Snapshot, id string) bool { return signature(s, id).ID == id }

func signature(s statuspage.Snapshot, id string) statuspage.Signature {
	for _, sig := range s.Signatures {
		if sig.ID == id {
			return sig
		}
	}
	return statuspage.Signature{}
}
