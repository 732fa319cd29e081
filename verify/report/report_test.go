package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/verify"
)

func sampleRun() Run {
	checks := []verify.Check{
		{ID: "registry.orphan-resources", Family: verify.FamilyRegistry, Title: "Registry resources without a path", Severity: verify.SeverityWarning, Remediation: "Delete them."},
		{ID: "apim.published-without-revision", Family: verify.FamilyAPIM, Title: "Published APIs with no deployed revision", Severity: verify.SeverityCritical, Remediation: "Deploy a revision."},
		{ID: "apim.url-mappings", Family: verify.FamilyAPIM, Title: "URL mappings of deleted APIs", Severity: verify.SeverityInfo},
		{ID: "schema.conformance", Family: verify.FamilySchema, Title: "Schema", Severity: verify.SeverityCritical},
	}
	results := []verify.Result{
		{CheckID: "registry.orphan-resources", Status: verify.StatusPass, Duration: 20 * time.Millisecond},
		{CheckID: "apim.published-without-revision", Status: verify.StatusFail, Offending: 2, Samples: []string{"admin/Pizza/1.0.0", "admin/Pets/2.0"}, Message: "2 published APIs have no deployed revision", Duration: 30 * time.Millisecond},
		{CheckID: "apim.url-mappings", Status: verify.StatusSkip, Message: "the am database is not configured"},
		{CheckID: "schema.conformance", Status: verify.StatusError, Message: "timed out after 1m0s"},
	}
	return Run{Node: "cp1", FailOn: verify.SeverityCritical, Verdict: verify.NoGo, Checks: checks, Results: results, Started: time.Unix(1795338000, 0).UTC(), Duration: time.Second}
}

func TestTable(t *testing.T) {
	var b bytes.Buffer
	if err := Table(&b, sampleRun()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"FAIL    critical  apim.published-without-revision  2",
		"samples: admin/Pizza/1.0.0, admin/Pets/2.0",
		"fix: Deploy a revision.",
		"ERROR schema.conformance: Schema\n  timed out after 1m0s",
		"verdict: NO-GO (fail on critical and above; 1 passed, 1 failed, 1 errors, 1 skipped)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sampleRun()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Verdict string `json:"verdict"`
		Checks  []struct {
			ID        string   `json:"id"`
			Status    string   `json:"status"`
			Severity  string   `json:"severity"`
			Offending int64    `json:"offending"`
			Samples   []string `json:"samples"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	if doc.Verdict != "no-go" || len(doc.Checks) != 4 || doc.Checks[1].Status != "fail" || doc.Checks[1].Severity != "critical" || doc.Checks[1].Offending != 2 || len(doc.Checks[1].Samples) != 2 {
		t.Errorf("json: %+v", doc)
	}
}

func TestJUnit(t *testing.T) {
	var b bytes.Buffer
	if err := JUnit(&b, sampleRun()); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	suites := map[string]junitSuite{}
	for _, s := range doc.Suites {
		suites[s.Name] = s
	}
	apim := suites[verify.FamilyAPIM]
	if len(doc.Suites) != 3 || apim.Tests != 2 || apim.Failures != 1 || apim.Skipped != 1 || suites[verify.FamilySchema].Errors != 1 {
		t.Errorf("suites: %+v", doc.Suites)
	}
	if f := apim.Cases[0].Failure; f == nil || !strings.Contains(f.Text, "samples: admin/Pizza/1.0.0") {
		t.Errorf("the failure must carry its samples: %+v", apim.Cases[0])
	}
}
