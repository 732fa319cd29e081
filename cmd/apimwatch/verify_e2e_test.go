package main

import (
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// verifyConfig writes a configuration whose node reads the test databases of n.
func verifyConfig(t *testing.T, n *testdb.Node, extra string) string {
	t.Helper()
	home := minimalHome(t, "wso2am-4.2.0")
	var b strings.Builder
	b.WriteString("nodes:\n  - name: cp1\n    carbon_home: " + home + "\n    product_version: 4.2.0\n")
	b.WriteString("    gateway_environments: [Default]\n")
	if n.SeparateRegistryDB {
		b.WriteString("    is_separate_registry_db: true\n")
	} else {
		b.WriteString("    is_separate_registry_db: false\n")
	}
	b.WriteString("    databases:\n")
	for _, role := range []discovery.Role{discovery.RoleUM, discovery.RoleREG, discovery.RoleAM} {
		d := n.Configs[role]
		b.WriteString("      " + string(role) + ": {driver: " + d.Driver + ", dsn: '" + d.DSN.Reveal() + "', password: '" + d.Password.Reveal() + "'}\n")
	}
	b.WriteString(extra)
	cfg := filepath.Join(t.TempDir(), "apimwatch.yml")
	writeFile(t, cfg, b.String())
	return cfg
}

// TestVerifyGate runs `apimwatch verify` against real databases: clean data is a go (exit 0),
// a planted fault a no-go (exit 1) in every report format, and a database that is down makes
// the gate unable to say go (exit 2).
func TestVerifyGate(t *testing.T) {
	n := testdb.NewNode(t, testdb.Postgres(t), testdb.Shared)
	cfg := verifyConfig(t, n, "")

	stdout, stderr, code := runOnce(t, nil, "verify", "--config.file="+cfg, "--format=json")
	var doc struct {
		Verdict string `json:"verdict"`
		Checks  []struct {
			ID, Status string
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("exit %d, not JSON: %v\n%s\n%s", code, err, stdout, stderr)
	}
	if code != 0 || doc.Verdict != "go" || len(doc.Checks) == 0 {
		t.Fatalf("empty, consistent databases: exit %d, verdict %s\n%s\n%s", code, doc.Verdict, stdout, stderr)
	}

	// A URL mapping of an API that does not exist: a fault the apim family reports.
	if _, err := n.Admin[discovery.RoleAM].Exec("INSERT INTO AM_API_URL_MAPPING (API_ID, HTTP_METHOD, AUTH_SCHEME, URL_PATTERN) VALUES (4242, 'GET', 'Any', '/*')"); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = runOnce(t, nil, "verify", "--config.file="+cfg, "--fail-on=info", "--format=junit")
	var junit struct {
		Suites []struct {
			Failures int `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(stdout), &junit); err != nil {
		t.Fatalf("not JUnit XML: %v\n%s", err, stdout)
	}
	failures := 0
	for _, s := range junit.Suites {
		failures += s.Failures
	}
	if code != 1 || failures == 0 {
		t.Errorf("a planted fault with --fail-on=info: exit %d, %d failures\n%s", code, failures, stdout)
	}
	stdout, _, code = runOnce(t, nil, "verify", "--config.file="+cfg, "--fail-on=info", "--only=apim")
	if code != 1 || !strings.Contains(stdout, "verdict: NO-GO") {
		t.Errorf("table: exit %d\n%s", code, stdout)
	}

	down := testdb.NewNode(t, testdb.Postgres(t), testdb.Shared)
	for role, d := range down.Configs {
		d.DSN = config.DSN(strings.Replace(d.DSN.Reveal(), "127.0.0.1:5432", "127.0.0.1:1", 1))
		down.Configs[role] = d
	}
	stdout, stderr, code = runOnce(t, nil, "verify", "--config.file="+verifyConfig(t, down, ""))
	if code != 2 {
		t.Errorf("databases down: exit %d, want 2\n%s\n%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, down.Configs[discovery.RoleAM].Password.Reveal()) && down.Configs[discovery.RoleAM].Password.Reveal() != "" {
		t.Errorf("a password reached the report")
	}
}

// TestBaselineAndCompareWith captures a baseline, loses an API, and sees verify --baseline and
// verify --compare-with (the old environment read live) name it.
func TestBaselineAndCompareWith(t *testing.T) {
	srv := testdb.Postgres(t)
	old, migrated := testdb.NewNode(t, srv, testdb.Shared), testdb.NewNode(t, srv, testdb.Shared)
	for _, n := range []*testdb.Node{old, migrated} {
		if _, err := n.Admin[discovery.RoleAM].Exec("INSERT INTO AM_API (API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, API_TYPE, ORGANIZATION, STATUS) VALUES " +
			"('u1', 'admin', 'PizzaAPI', '1.0.0', '/pizza', 'HTTP', 'carbon.super', 'CREATED'), ('u2', 'admin', 'PetsAPI', '2.0', '/pets', 'HTTP', 'carbon.super', 'CREATED')"); err != nil {
			t.Fatal(err)
		}
	}
	var olds strings.Builder
	olds.WriteString("environments:\n  old:\n    is_separate_registry_db: false\n    databases:\n")
	for _, role := range []discovery.Role{discovery.RoleUM, discovery.RoleREG, discovery.RoleAM} {
		d := old.Configs[role]
		olds.WriteString("      " + string(role) + ": {driver: " + d.Driver + ", dsn: '" + d.DSN.Reveal() + "', password: '" + d.Password.Reveal() + "'}\n")
	}
	cfg := verifyConfig(t, migrated, olds.String())
	snapshot := filepath.Join(t.TempDir(), "baseline.json")
	if _, stderr, code := runOnce(t, nil, "baseline", "capture", "--config.file="+cfg, "--out="+snapshot); code != 0 {
		t.Fatalf("baseline capture: exit %d\n%s", code, stderr)
	}
	if _, err := migrated.Admin[discovery.RoleAM].Exec("DELETE FROM AM_API WHERE API_NAME = 'PetsAPI'"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--baseline=" + snapshot}, {"--compare-with=old"}} {
		stdout, stderr, code := runOnce(t, nil, append([]string{"verify", "--config.file=" + cfg, "--only=configuration", "--format=json"}, args...)...)
		var doc struct {
			Verdict string `json:"verdict"`
			Checks  []struct {
				ID      string   `json:"id"`
				Status  string   `json:"status"`
				Samples []string `json:"samples"`
			} `json:"checks"`
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("%v: not JSON (exit %d): %v\n%s%s", args, code, err, stdout, stderr)
		}
		found := false
		for _, c := range doc.Checks {
			if c.ID == "baseline.apis" {
				found = true
				if c.Status != "fail" || strings.Join(c.Samples, ",") != "admin/PetsAPI/2.0@carbon.super" {
					t.Errorf("%v: baseline.apis %s %v", args, c.Status, c.Samples)
				}
			}
		}
		if !found || code != 1 || doc.Verdict != "no-go" {
			t.Errorf("%v: exit %d, verdict %s, baseline.apis found %v\n%s", args, code, doc.Verdict, found, stdout)
		}
	}
}
