package statuspage

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/apimwatch/apimwatch/logwatch"
	"github.com/apimwatch/apimwatch/verify"
)

func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      func(t *testing.T) Input
		want    string
		failed  []string
		notRun  []string
		because string
	}{
		{
			name: "a critical failure is no-go", want: VerdictNoGo, failed: []string{criticalCheck}, notRun: []string{criticalOther},
			in: func(t *testing.T) Input {
				return fixture(t, pass(warningCheck), fail(criticalCheck, "PizzaAPI"), errored(criticalOther))
			},
			because: "1 check at or above critical failed",
		},
		{
			name: "a warning below fail_on does not count", want: VerdictGo,
			in:      func(t *testing.T) Input { return fixture(t, fail(warningCheck, "/_system/x"), pass(criticalCheck)) },
			because: "No check at or above critical failed or could not run (2 checks ran on 1 node)",
		},
		{
			name: "fail_on warning makes a warning count", want: VerdictNoGo, failed: []string{warningCheck},
			in: func(t *testing.T) Input {
				in := fixture(t, fail(warningCheck, "/_system/x"), pass(criticalCheck))
				in.FailOn = verify.SeverityWarning
				return in
			},
			because: "at or above warning failed",
		},
		{
			name: "a critical check that could not run is unknown", want: VerdictUnknown, notRun: []string{criticalCheck},
			in:      func(t *testing.T) Input { return fixture(t, errored(criticalCheck), pass(warningCheck)) },
			because: "1 check at or above it could not run",
		},
		{
			name: "no run finished yet", want: VerdictNoResult,
			in: func(t *testing.T) Input {
				in := fixture(t)
				in.Results = nil
				return in
			},
			because: "No run of the checks has finished yet",
		},
		{
			name: "checks off", want: VerdictNoResult,
			in: func(t *testing.T) Input {
				in := fixture(t)
				in.ChecksEnabled, in.Results = false, nil
				return in
			},
			because: "verify.enabled is false",
		},
		{
			name: "one node's failure is the whole verdict", want: VerdictNoGo, failed: []string{criticalCheck},
			in: func(t *testing.T) Input {
				in := fixture(t, pass(criticalCheck))
				gw := in.Results["cp1"]
				gw.Results = []verify.Result{fail(criticalCheck, "x")}
				in.Results["gw1"] = gw
				return in
			},
			because: "failed",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Build(tc.in(t)).Verdict
			if v.Result != tc.want {
				t.Errorf("verdict %q, want %q (%s)", v.Result, tc.want, v.Reason)
			}
			if !strings.Contains(v.Reason, tc.because) {
				t.Errorf("reason %q does not say %q", v.Reason, tc.because)
			}
			if got := refIDs(v.Failed); strings.Join(got, ",") != strings.Join(tc.failed, ",") {
				t.Errorf("failed %v, want %v", got, tc.failed)
			}
			if got := refIDs(v.NotRun); strings.Join(got, ",") != strings.Join(tc.notRun, ",") {
				t.Errorf("not run %v, want %v", got, tc.notRun)
			}
		})
	}
}

func refIDs(refs []CheckRef) []string {
	var ids []string
	for _, r := range refs {
		ids = append(ids, r.CheckID)
	}
	return ids
}

func TestChecksShowWhatFailedFirstWithTheirAge(t *testing.T) {
	s := Build(fixture(t, pass(warningCheck), errored(criticalOther), fail(criticalCheck, "PizzaAPI", "admin-BookAPI")))
	if len(s.Checks) != 1 || s.Checks[0].Node != "cp1" || s.Checks[0].Verdict != "no-go" || s.Checks[0].AgeSeconds != 120 {
		t.Fatalf("node checks: %+v", s.Checks)
	}
	var order []string
	for _, r := range s.Checks[0].Results {
		order = append(order, r.Status)
	}
	if strings.Join(order, ",") != "fail,error,pass" {
		t.Errorf("order %v, want fail, error, pass", order)
	}
	r := s.Checks[0].Results[0]
	want := CheckResult{
		ID: criticalCheck, Title: "every PUBLISHED API or API product has a deployed revision", Family: "apim", Severity: "critical",
		Status: "fail", Offending: 2, Samples: []string{"PizzaAPI", "admin-BookAPI"}, Message: "rows at fault",
		StartedAt: now.Add(-2*time.Minute - time.Second), DurationSeconds: 0.25, AgeSeconds: 120,
	}
	if r.Remediation == "" {
		t.Error("a failed check shows no remediation")
	}
	r.Remediation = ""
	if got, _ := json.Marshal(r); string(got) != string(mustJSON(t, want)) {
		t.Errorf("result\n got %s\nwant %s", got, mustJSON(t, want))
	}
	if dbs := s.Checks[0].Databases; len(dbs) != 2 || dbs[0] != (Database{"am", true}) || dbs[1] != (Database{"um", true}) {
		t.Errorf("databases %+v", dbs)
	}
}

func TestSamplesAreBounded(t *testing.T) {
	long := strings.Repeat("é", 500) // multi-byte: cut by runes, never inside one
	samples := make([]string, 1000)
	for i := range samples {
		samples[i] = long
	}
	r := Build(fixture(t, fail(criticalCheck, samples...))).Checks[0].Results[0]
	if len(r.Samples) != MaxSamples || r.SamplesOmitted != 1000-MaxSamples || r.Offending != 1000 {
		t.Fatalf("%d samples shown, %d omitted, %d offending", len(r.Samples), r.SamplesOmitted, r.Offending)
	}
	for _, s := range r.Samples {
		if n := utf8.RuneCountInString(s); n != MaxSampleRunes || !utf8.ValidString(s) || !strings.HasSuffix(s, "…") {
			t.Fatalf("sample of %d runes (valid %v): %q", n, utf8.ValidString(s), s)
		}
	}
	short := Build(fixture(t, fail(criticalCheck, "a", "b"))).Checks[0].Results[0]
	if strings.Join(short.Samples, ",") != "a,b" || short.SamplesOmitted != 0 {
		t.Errorf("short samples changed: %v (+%d)", short.Samples, short.SamplesOmitted)
	}
}

func TestSignaturesSinceTheAgentStarted(t *testing.T) {
	s := Build(fixture(t))
	if !s.SignaturesSince.Equal(now.Add(-3*time.Hour)) || s.SignaturesFrom != "agent_start" {
		t.Errorf("since %s (%s), want the agent's start (agent_start)", s.SignaturesSince, s.SignaturesFrom)
	}
	// F3 before F18 although F18 is newer: noise goes last; "none" and zero counts never show.
	if len(s.Signatures) != 2 || s.Signatures[0].ID != "F3" || s.Signatures[1].ID != "F18" || !s.Signatures[1].Harmless {
		t.Fatalf("signatures: %+v", s.Signatures)
	}
	f3 := s.Signatures[0]
	if f3.Title != "Gateway cannot deploy APIs (404s)" || !strings.Contains(f3.Remediation, "deployed revision") || f3.Records != 7 || !f3.RecordsExact || f3.LastSeenAgeSeconds != 90 {
		t.Errorf("F3: %+v", f3)
	}
	if f3.Latest == nil || f3.Latest.FirstLine != "Error deploying 571d336a in Gateway" || f3.Latest.AgeSeconds != 90 ||
		f3.Latest.Logger != "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer" || !strings.HasSuffix(f3.Latest.Exception, "ArtifactSynchronizerException") {
		t.Errorf("F3's latest record: %+v", f3.Latest)
	}
	if s.Signatures[1].Latest != nil {
		t.Errorf("F18 has a latest record though none was kept: %+v", s.Signatures[1].Latest)
	}
}

// TestSignaturesSinceTheCutover: with a cutover, the counts are logwatch's since it, exact or a
// lower bound as it says, and not the records kept: a count beyond logs.recent_errors is shown
// whole. A signature with no record since the cutover is not shown, and the latest record and
// last-seen time are never the old run's.
func TestSignaturesSinceTheCutover(t *testing.T) {
	in := fixture(t)
	in.Cutover = now.Add(-95 * time.Second) // between F3's two kept records
	in.SignatureCounts = []SignatureCount{
		// 25 records since the cutover, 2 of them kept.
		{Node: "gw1", Signature: "F13", Records: 25, LastSeen: now.Add(-20 * time.Second)},
		{Node: "cp1", Signature: "F3", Records: 1, LastSeen: now.Add(-90 * time.Second)},
		// Recounted after a reload from the records kept: at least 4.
		{Node: "cp1", Signature: "F7", Records: 4, LowerBound: true, LastSeen: now.Add(-3 * time.Hour)},
		// Read, but none since the cutover.
		{Node: "cp1", Signature: "F11", Records: 0, LastSeen: now.Add(-2 * time.Hour)},
	}
	in.RecentErrors = append(in.RecentErrors,
		logwatch.RecentError{Time: now.Add(-2 * time.Hour), Node: "cp1", File: "wso2carbon.log", Signature: "F11", Level: "ERROR", FirstLine: "the old run's"},
		logwatch.RecentError{Time: now.Add(-20 * time.Second), Node: "gw1", File: "wso2carbon.log", Signature: "F13", Level: "ERROR", FirstLine: "after, newest"},
		logwatch.RecentError{Time: now.Add(-30 * time.Second), Node: "gw1", File: "wso2carbon.log", Signature: "F13", Level: "ERROR", FirstLine: "after"},
		logwatch.RecentError{Time: now.Add(-3 * time.Hour), Node: "cp1", File: "wso2carbon.log", Signature: "F7", Level: "ERROR", FirstLine: "an old one, read last"})
	s := Build(in)
	if !s.SignaturesSince.Equal(in.Cutover) || s.SignaturesFrom != "cutover" {
		t.Errorf("since %s (%s), want %s (cutover)", s.SignaturesSince, s.SignaturesFrom, in.Cutover)
	}
	var got []string
	for _, sig := range s.Signatures {
		latest := "none"
		if sig.Latest != nil {
			latest = sig.Latest.FirstLine
		}
		got = append(got, fmt.Sprintf("%s/%s %d exact=%v last=%s latest=%q", sig.Node, sig.ID, sig.Records, sig.RecordsExact,
			sig.LastSeenAt.Sub(now), latest))
	}
	want := []string{
		`gw1/F13 25 exact=true last=-20s latest="after, newest"`,
		// F3's record before the cutover is not its latest since.
		`cp1/F3 1 exact=true last=-1m30s latest="Error deploying 571d336a in Gateway"`,
		// The latest record read is from before the cutover: when the latest since was written
		// is not known.
		fmt.Sprintf(`cp1/F7 4 exact=false last=%s latest="none"`, time.Time{}.Sub(now)),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("signatures\n got %q\nwant %q", got, want)
	}
	if f7 := s.Signatures[2]; f7.LastSeenAgeSeconds != 0 || !f7.LastSeenAt.IsZero() {
		t.Errorf("F7's last seen time is the old run's: %+v", f7)
	}
}

func TestNodesJVMState(t *testing.T) {
	in := fixture(t)
	in.JVMs = append(in.JVMs, JVM{Node: "tm1", Up: true, PID: 4343, PerfDataReason: "permission"})
	s := Build(in)
	got := string(mustJSON(t, s.Nodes))
	want := `[{"node":"cp1","jvm_up":true,"pid":4242,"started_at":"2026-11-21T08:00:00Z","uptime_seconds":93600,"restarts":0,` +
		`"heap_used_bytes":641728512,"heap_max_bytes":1073741824,"gc_time_share":0.02,"perf_data_unavailable":""},` +
		`{"node":"gw1","jvm_up":false,"pid":null,"started_at":null,"uptime_seconds":null,"restarts":2,` +
		`"heap_used_bytes":null,"heap_max_bytes":null,"gc_time_share":null,"perf_data_unavailable":""},` +
		`{"node":"tm1","jvm_up":true,"pid":4343,"started_at":null,"uptime_seconds":null,"restarts":0,` +
		`"heap_used_bytes":null,"heap_max_bytes":null,"gc_time_share":null,"perf_data_unavailable":"permission"}]`
	if got != want {
		t.Errorf("nodes\n got %s\nwant %s", got, want)
	}
}

func TestEmptyListsAreNotNull(t *testing.T) {
	got := string(mustJSON(t, Build(Input{Now: now})))
	for _, field := range []string{`"checks":[]`, `"signatures":[]`, `"nodes":[]`, `"failed":[]`, `"not_run":[]`} {
		if !strings.Contains(got, field) {
			t.Errorf("%s missing from %s", field, got)
		}
	}
	if strings.Contains(got, "null") {
		t.Errorf("null in %s", got)
	}
}

func TestAgesOfUnknownOrFutureTimesAreZero(t *testing.T) {
	for _, at := range []time.Time{{}, now.Add(time.Hour)} {
		if got := ageSeconds(now, at); got != 0 {
			t.Errorf("age of %s = %d", at, got)
		}
	}
	if got := ageSeconds(now, now.Add(-1500*time.Millisecond)); got != 1 {
		t.Errorf("age of 1.5 s = %d, want whole seconds", got)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
