package verify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// nodeOf is the resolved configuration of a test node, as apimwatch reads it.
func nodeOf(name string, n *testdb.Node) config.Node {
	separate := n.SeparateRegistryDB
	return config.Node{Name: name, Databases: n.Configs, IsSeparateRegistryDB: &separate}
}

func plantAPIs(t *testing.T, n *testdb.Node, statuses ...string) {
	t.Helper()
	for i, status := range statuses {
		_, err := n.Admin[discovery.RoleAM].Exec(
			"INSERT INTO AM_API (API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, API_TYPE, ORGANIZATION, STATUS) VALUES (" +
				"'uuid-" + string(rune('a'+i)) + "', 'admin', 'API" + string(rune('A'+i)) + "', '1.0.0', '/api" + string(rune('a'+i)) + "', 'HTTP', 'carbon.super', '" + status + "')")
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestCustomChecksOnRealDatabases(t *testing.T) {
	for vendor, srv := range testdb.Servers(t) {
		t.Run(vendor, func(t *testing.T) {
			n := testdb.NewNode(t, srv, testdb.Shared)
			plantAPIs(t, n, "PUBLISHED", "BLOCKED", "BLOCKED")
			env, err := OpenEnv(nodeOf("cp1", n), db.Options{}, 10)
			if err != nil {
				t.Fatal(err)
			}
			defer env.Close()
			checks := CustomChecks([]config.CustomCheckConfig{
				{ID: "blocked", Title: "Blocked APIs", Role: "am", SQL: "SELECT API_NAME FROM AM_API WHERE STATUS = 'BLOCKED' ORDER BY API_NAME", Severity: "warning", Expect: "no_rows"},
				{ID: "few-blocked", Title: "At most one blocked API", Role: "am", SQL: "SELECT COUNT(*) FROM AM_API WHERE STATUS = 'BLOCKED'", Severity: "critical", Expect: "value", Op: "<=", Threshold: 1},
				{ID: "published", Title: "Something is published", Role: "am", SQL: "SELECT COUNT(*) FROM AM_API WHERE STATUS = 'PUBLISHED'", Severity: "info", Expect: "value", Op: ">=", Threshold: 1},
			}, 10*time.Second)
			results := Runner{}.Run(context.Background(), env, checks)
			if r := results[0]; r.Status != StatusFail || r.Offending != 2 || strings.Join(r.Samples, ",") != "APIB,APIC" || r.CheckID != "custom.blocked" {
				t.Errorf("no_rows check: %+v", r)
			}
			if r := results[1]; r.Status != StatusFail || r.Message != "the query returned 2; expected <= 1" {
				t.Errorf("value check: %+v", r)
			}
			if r := results[2]; r.Status != StatusPass {
				t.Errorf("passing value check: %+v", r)
			}
		})
	}
}
