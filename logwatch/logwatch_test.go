package logwatch

import (
	"regexp"
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/logparse"
)

func layout(t *testing.T, pattern string) []*logparse.Layout {
	t.Helper()
	l, err := logparse.Compile(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return []*logparse.Layout{l}
}

const (
	carbon4x = "TID: [%tenantId] [%appName] [%d] %5p {%c} - %m%ex%n"
	console  = "[%d{DEFAULT}] %5p - %c{1} %m%n"
)

func TestSignaturesOfRealCarbonRecords(t *testing.T) {
	n, clock := testNode(t)
	feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x), sharedLines(t, "wso2carbon-4x.log")...)
	want := map[string]float64{
		"F3":   2, // Error retrieving artifacts ... Storage returned null; Error deploying ... in Gateway
		"F18":  2, // invalid_tenant_domain_response.html and templates directory WARNs of a fresh pack
		"none": 1, // API authentication failure due to Missing Credentials
	}
	if got := signatureCounts(t, n); !equalCounts(got, want) {
		t.Errorf("signatures: got %v, want %v", got, want)
	}
	recent := n.tally.list("cp1")
	if len(recent) != 4 || recent[0].Signature == "" {
		t.Fatalf("recent errors: %+v", recent)
	}
	var deploy RecentError
	for _, e := range recent {
		if strings.Contains(e.FirstLine, "Error deploying") {
			deploy = e
		}
	}
	if deploy.Exception != "org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException" ||
		deploy.Logger != "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer" || deploy.Level != "ERROR" || deploy.File != "wso2carbon.log" {
		t.Errorf("recent F3 record: %+v", deploy)
	}
	if deploy.Time.Format("2006-01-02 15:04:05.000") != "2022-03-10 13:10:08.352" {
		t.Errorf("record time %v, want the time the record says", deploy.Time)
	}
	families, _ := gatherOne(n.metrics.familyRecords)
	gateway := 0.0
	for _, s := range families {
		if s.labels["family"] == FamilyGateway {
			gateway += s.value
		}
	}
	if gateway != 3 { // two InMemoryAPIDeployer errors and the APIAuthenticationHandler warning
		t.Errorf("gateway family records = %v, want 3", gateway)
	}
}

func TestSignaturesOfRealConsoleRecords(t *testing.T) {
	n, clock := testNode(t)
	feed(t, n, clock, "wso2carbon.log", layout(t, console), sharedLines(t, "console-4x.log")...)
	got := signatureCounts(t, n)
	for sig, want := range map[string]float64{
		"F3":  2, // Artifact retriever not found; Error deploying ... in Gateway
		"F7":  2, // Key Manager configuration; Resident Key Manager doesn't exist
		"F8":  1, // Exception in Authentication Framework + Invalid tenant domain
		"F11": 1, // Unique index or primary key violation (the sample's OOM lines follow it, in its body)
		"F18": 1, // GlobalThrowableMapper No API Artifacts
	} {
		if got[sig] != want {
			t.Errorf("signature %s: got %v, want %v (all: %v)", sig, got[sig], want, got)
		}
	}
	if v := counterValue(t, n.metrics.serverStart.WithLabelValues("cp1")); v == 0 {
		t.Errorf("the Starting WSO2 Carbon record must set wso2_server_start_time_seconds")
	}
}

func TestOutOfMemoryOutsideAnyRecord(t *testing.T) {
	n, clock := testNode(t)
	feed(t, n, clock, "wso2carbon.log", layout(t, console),
		"Using Java memory options: -Xms256m -Xmx1024m",
		"java.lang.OutOfMemoryError: GC overhead limit exceeded",
		"Dumping heap to /opt/wso2am/repository/logs/heap-dump.hprof ...",
		"[2023-09-13 12:28:00,096]  INFO - CarbonCoreActivator Starting WSO2 Carbon...")
	if got := signatureCounts(t, n); !equalCounts(got, map[string]float64{"F16": 2}) {
		t.Errorf("the JVM's out-of-memory lines outside the layout: %v, want F16 twice", got)
	}
	if v := counterValue(t, n.metrics.unparsed.WithLabelValues("cp1", "wso2carbon.log")); v != 3 {
		t.Errorf("unparsed lines = %v, want 3", v)
	}
}

func TestSignatureOfRealCarbon2xRecord(t *testing.T) {
	n, clock := testNode(t)
	feed(t, n, clock, "wso2carbon.log", logparse.DefaultLayouts("wso2carbon.log"), sharedLines(t, "wso2carbon-2x.log")...)
	if got := signatureCounts(t, n); !equalCounts(got, map[string]float64{"F12": 1}) {
		t.Errorf("signatures: %v, want F12 (registry transaction, pool exhausted)", got)
	}
}

func TestSiteRulesComeFirst(t *testing.T) {
	rule := Rule{ID: "gw-artifacts", Levels: []logparse.Level{logparse.LevelError}, Logger: regexp.MustCompile(`InMemoryAPIDeployer$`), Message: regexp.MustCompile(`^Error deploying`)}
	n, clock := testNode(t, rule)
	feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x), sharedLines(t, "wso2carbon-4x.log")...)
	got := signatureCounts(t, n)
	if got["gw-artifacts"] != 1 || got["F3"] != 1 {
		t.Errorf("the site's rule must take the record it matches, the catalogue the rest: %v", got)
	}
}

func TestExceptionClassesAreCapped(t *testing.T) {
	n, clock := testNode(t)
	n.exceptions = newCappedSet(2)
	var lines []string
	for _, class := range []string{"a.AException", "b.BException", "c.CException", "a.AException"} {
		lines = append(lines, "TID: [-1234] [] [2026-11-22 10:00:00,000] ERROR {x.Y} - failed "+class+": boom")
	}
	feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x), lines...)
	samples, _ := gatherOne(n.metrics.exceptionRecords)
	got := map[string]float64{}
	for _, s := range samples {
		got[s.labels["exception"]] = s.value
	}
	if !equalCounts(got, map[string]float64{"a.AException": 2, "b.BException": 1, "other": 1}) {
		t.Errorf("exception label: %v", got)
	}
}

func TestLifecycleAndMigration(t *testing.T) {
	n, clock := testNode(t)
	line := func(at, level, logger, msg string) string {
		return "TID: [-1234] [] [2026-11-22 " + at + "] " + level + " {" + logger + "} - " + msg
	}
	feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x),
		line("09:00:00,000", " INFO", "org.wso2.carbon.core.internal.CarbonCoreActivator", "Starting WSO2 Carbon..."),
		line("09:00:01,000", " INFO", "org.wso2.carbon.core.internal.StartupFinalizerServiceComponent", "Server : WSO2 API Manager-4.2.0"),
		line("09:00:10,000", " INFO", "org.wso2.carbon.apimgt.migration.APIMMigrationService", "WSO2 API-M Migration Task : Starting migration"),
		line("09:03:10,000", "ERROR", "org.wso2.carbon.apimgt.migration.V400RegistryResourceMigrator", "WSO2 API-M Migration Task : Error while adding API revisions"),
		line("09:05:10,000", " INFO", "org.wso2.carbon.apimgt.migration.APIMMigrationService", "WSO2 API-M Migration Task : Migration completed"),
		line("09:05:52,000", " INFO", "org.wso2.carbon.core.internal.StartupFinalizerServiceComponent", "WSO2 Carbon started in 352 sec"),
		line("10:00:00,000", " INFO", "org.wso2.carbon.core.ServerManagement", "Shutdown complete"),
	)
	m := n.metrics
	checks := []struct {
		name string
		got  float64
		want float64
	}{
		{"start time", counterValue(t, m.serverStart.WithLabelValues("cp1")), 1795338000},
		{"started", counterValue(t, m.serverStarted.WithLabelValues("cp1")), 1},
		{"startup duration", counterValue(t, m.serverStartup.WithLabelValues("cp1")), 352},
		{"product info", counterValue(t, m.serverProduct.WithLabelValues("cp1", "WSO2 API Manager", "4.2.0")), 1},
		{"shutdowns", counterValue(t, m.serverShutdowns.WithLabelValues("cp1")), 1},
		{"migration INFO records", counterValue(t, m.migrationTasks.WithLabelValues("cp1", "INFO")), 2},
		{"migration ERROR records", counterValue(t, m.migrationTasks.WithLabelValues("cp1", "ERROR")), 1},
		{"migration run time", counterValue(t, m.migrationLast.WithLabelValues("cp1")) - counterValue(t, m.migrationFirst.WithLabelValues("cp1")), 300},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestStartThatNeverCompletes(t *testing.T) {
	n, clock := testNode(t)
	feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x),
		"TID: [-1234] [] [2026-11-22 09:00:00,000]  INFO {org.wso2.carbon.core.internal.CarbonCoreActivator} - Starting WSO2 Carbon...")
	if v := counterValue(t, n.metrics.serverStarted.WithLabelValues("cp1")); v != 0 {
		t.Errorf("wso2_server_started = %v while no 'started in' line came (F17)", v)
	}
}

func TestAuditEventsByTypAndAction(t *testing.T) {
	n, clock := testNode(t)
	feed(t, n, clock, "audit.log", layout(t, "TID: [%tenantId] [%d] %5p {%c} - %m%ex%n"),
		`TID: [-1234] [2026-11-22 10:00:00,000]  INFO {AUDIT_LOG} - {"typ":"API","action":"created","performedBy":"admin","info":"{\"name\":\"Pizza\"}"}`,
		`TID: [-1234] [2026-11-22 10:00:01,000]  INFO {AUDIT_LOG} - {"typ":"API","action":"created","performedBy":"alice","info":"{}"}`,
		`TID: [-1234] [2026-11-22 10:00:02,000]  INFO {AUDIT_LOG} - {"typ":"Application","action":"deleted","performedBy":"bob","info":"{}"}`,
	)
	samples, _ := gatherOne(n.metrics.audit)
	got := map[string]float64{}
	for _, s := range samples {
		got[s.labels["typ"]+"/"+s.labels["action"]] = s.value
		if _, has := s.labels["performedBy"]; has {
			t.Errorf("user names must not become labels")
		}
	}
	if !equalCounts(got, map[string]float64{"API/created": 2, "Application/deleted": 1}) {
		t.Errorf("audit events: %v", got)
	}
}

func TestRecentErrorsHideSecrets(t *testing.T) {
	n, clock := testNode(t)
	feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x),
		`TID: [-1234] [] [2026-11-22 10:00:00,000] ERROR {org.wso2.carbon.apimgt.impl.utils.APIUtil} - ORA-00904 while connecting with password=hunter2 and Authorization: Bearer eyJhbGciOi.abc`)
	recent := n.tally.list("")
	if len(recent) != 1 || recent[0].Signature != "F11" {
		t.Fatalf("recent: %+v", recent)
	}
	if line := recent[0].FirstLine; strings.Contains(line, "hunter2") || strings.Contains(line, "eyJhbGciOi") || !strings.Contains(line, "password=<redacted>") {
		t.Errorf("first line not redacted: %s", line)
	}
}

func TestRecentErrorsKeepTheLatestPerSignature(t *testing.T) {
	r := newSignatureTally(2)
	for i, sig := range []string{"F3", "F3", "F3", "F7"} {
		r.add(RecentError{Node: "cp1", Signature: sig, FirstLine: string(rune('a' + i)), Time: testTime(i)})
	}
	var got []string
	for _, e := range r.list("cp1") {
		got = append(got, e.Signature+e.FirstLine)
	}
	if strings.Join(got, ",") != "F7d,F3c,F3b" {
		t.Errorf("got %v, want the two latest F3 and the F7, newest first", got)
	}
}

func equalCounts(got, want map[string]float64) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}
