package agent

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/statuspage"
)

// cutoverLog is a node's wso2carbon.log around a cutover at 09:30: the old run's schema
// error (F11) and gateway error (F3), then the new run's gateway error (F3).
const cutoverLog = "" +
	"TID: [-1234] [] [2026-11-22 09:00:30,000] ERROR {org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO} - Error while retrieving the APIs\n" +
	"java.sql.SQLSyntaxErrorException: Unknown column 'API_TYPE' in 'field list'\n" +
	"TID: [-1234] [] [2026-11-22 09:10:00,000] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error deploying old-run in Gateway\n" +
	"TID: [-1234] [] [2026-11-22 09:40:00,000] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error deploying new-run in Gateway\n"

// TestStatusCountsFromTheCutover runs an agent with `cutover` set on a log with records on
// both sides of it: the page and /api/status count only the records written after it, say so,
// and a reload without `cutover` counts from the agent's start again. /metrics counts every
// record either way, and exports the cutover's time.
func TestStatusCountsFromTheCutover(t *testing.T) {
	a, file, rest := startCutoverAgent(t, cutoverLog)
	waitForRecords(t, a, 3)

	cutover := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	s := a.Status()
	if s.SignaturesFrom != statuspage.SignaturesFromCutover || !s.SignaturesSince.Equal(cutover) {
		t.Errorf("signatures since %s (%s), want the cutover %s", s.SignaturesSince, s.SignaturesFrom, cutover)
	}
	if len(s.Signatures) != 1 {
		t.Fatalf("signatures %+v, want F3 alone: F11's only record is the old run's", s.Signatures)
	}
	f3 := s.Signatures[0]
	if f3.ID != "F3" || f3.Records != 1 || !f3.RecordsExact || f3.Latest == nil || !strings.HasSuffix(f3.Latest.FirstLine, "Error deploying new-run in Gateway") ||
		!f3.LastSeenAt.Equal(time.Date(2026, 11, 22, 9, 40, 0, 0, time.UTC)) {
		t.Errorf("F3 %+v (latest %+v), want the new run's record alone, exactly", f3, f3.Latest)
	}
	var ready atomic.Bool
	ready.Store(true)
	srv := httptest.NewServer(a.Handler("/metrics", &ready))
	defer srv.Close()
	page := get(t, srv.URL+"/")
	for _, want := range []string{"Log signatures since the cutover at 2026-11-22T09:30:00Z", "1 record on node cp1", "new-run"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "old-run") || strings.Contains(page, "F11") {
		t.Errorf("the page shows the old run's records:\n%s", page)
	}
	metrics := get(t, srv.URL+"/metrics")
	for _, want := range []string{
		"\napimwatch_cutover_timestamp_seconds 1.7953398e+09\n", // 2026-11-22T09:30:00Z
		`wso2_log_signature_records_total{node="cp1",signature="F3"} 2`,
		`wso2_log_signature_records_total{node="cp1",signature="F11"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// Without cutover, a reload counts from the agent's start: every record read.
	if err := os.WriteFile(file, []byte(rest), 0o600); err != nil {
		t.Fatal(err)
	}
	if !a.Reload() {
		t.Fatal("reload failed")
	}
	s = a.Status()
	if s.SignaturesFrom != statuspage.SignaturesFromAgentStart || !s.SignaturesSince.Equal(s.Agent.StartedAt) {
		t.Errorf("after the reload: since %s (%s), want the agent's start %s", s.SignaturesSince, s.SignaturesFrom, s.Agent.StartedAt)
	}
	if f3, f11 := signature(s, "F3"), signature(s, "F11"); f3.Records != 2 || f11.Records != 1 {
		t.Errorf("after the reload: F3 %d records, F11 %d; want 2 and 1", f3.Records, f11.Records)
	}
	if page := get(t, srv.URL+"/"); !strings.Contains(page, "Log signatures since the agent started at ") {
		t.Error("after the reload the page does not say it counts from the agent's start")
	}
	if metrics := get(t, srv.URL+"/metrics"); !strings.Contains(metrics, "\napimwatch_cutover_timestamp_seconds 0\n") {
		t.Error("after the reload apimwatch_cutover_timestamp_seconds is not 0")
	}
}

// startCutoverAgent starts an agent with `cutover: 2026-11-22T09:30:00Z` on a node whose
// wso2carbon.log is log, read from its start. It returns the configuration file and what it
// holds but the cutover, for a reload to write.
func startCutoverAgent(t *testing.T, log string) (a *Agent, file, rest string) {
	t.Helper()
	home := t.TempDir()
	logs := filepath.Join(home, "repository", "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(logs, "wso2carbon.log"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	rest = "logs: {state_dir: " + t.TempDir() + ", from_start: true, timezone: UTC}\n" +
		"verify: {enabled: false}\nprobes: {enabled: false}\n" +
		"nodes:\n  - {name: cp1, carbon_home: " + home + ", discover: false}\n"
	file = filepath.Join(t.TempDir(), "apimwatch.yml")
	if err := os.WriteFile(file, []byte("cutover: 2026-11-22T09:30:00Z\n"+rest), 0o600); err != nil {
		t.Fatal(err)
	}
	a, _ = startAgentOn(t, file)
	return a, file, rest
}

// waitForRecords waits until the agent has read n records with a signature.
func waitForRecords(t *testing.T, a *Agent, n float64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		read := 0.0
		families, err := a.Registry().Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range metricsByName(families)["wso2_log_signature_records_total"] {
			read += value(c)
		}
		if read >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v of the log's %v records read after 30 s", read, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStatusCountsEveryRecordSinceTheCutover: more records of a signature after the cutover
// than logs.recent_errors keeps (10 by default) are counted whole, exactly, on the page and in
// /api/status, and the ones before it are not.
func TestStatusCountsEveryRecordSinceTheCutover(t *testing.T) {
	var log strings.Builder
	for i := range 15 { // 3 before the cutover at 09:30, 12 after
		fmt.Fprintf(&log, "TID: [-1234] [] [2026-11-22 09:%02d:00,000] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error deploying api-%d in Gateway\n", 27+i, i)
	}
	a, _, _ := startCutoverAgent(t, log.String())
	waitForRecords(t, a, 15)

	var ready atomic.Bool
	ready.Store(true)
	srv := httptest.NewServer(a.Handler("/metrics", &ready))
	defer srv.Close()
	if page := get(t, srv.URL+"/"); !strings.Contains(page, ">12 records on node cp1;") {
		t.Errorf("the page does not say 12 records, exactly:\n%s", page)
	}
	var status struct {
		Signatures []struct {
			ID           string `json:"id"`
			Records      int64  `json:"records"`
			RecordsExact bool   `json:"records_exact"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/status")), &status); err != nil {
		t.Fatal(err)
	}
	if len(status.Signatures) != 1 || status.Signatures[0].ID != "F3" || status.Signatures[0].Records != 12 || !status.Signatures[0].RecordsExact {
		t.Errorf("/api/status signatures %+v, want F3's 12 records, exact", status.Signatures)
	}
}
