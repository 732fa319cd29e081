package baseline_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/baseline"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// captureSaved captures n, as `baseline capture` does, and reads the file back, as
// `verify --baseline` does.
func captureSaved(t *testing.T, n *node, opts baseline.CaptureOptions) *baseline.Snapshot {
	t.Helper()
	snap, err := baseline.Capture(t.Context(), n.env, opts)
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := baseline.Save(&file, snap); err != nil {
		t.Fatal(err)
	}
	loaded, err := baseline.Load(&file)
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}

// runChecks runs the baseline checks against env and returns the results by check id.
func runChecks(t *testing.T, env *verify.Env, before *baseline.Snapshot, label string) map[string]verify.Result {
	t.Helper()
	checks := baseline.Checks(before, label, baseline.CaptureOptions{})
	results := map[string]verify.Result{}
	for _, r := range (verify.Runner{}).Run(t.Context(), env, checks) {
		results[r.CheckID] = r
	}
	for _, c := range checks {
		if c.Family != baseline.FamilyBaseline || !strings.HasPrefix(c.ID, "baseline.") {
			t.Errorf("check %s in family %q", c.ID, c.Family)
		}
	}
	return results
}

// assertAllPass fails the test for every result that is not a pass.
func assertAllPass(t *testing.T, results map[string]verify.Result) {
	t.Helper()
	if len(results) != len(wantCounts) {
		t.Errorf("%d checks, want one per family (%d)", len(results), len(wantCounts))
	}
	for id, r := range results {
		if r.Status != verify.StatusPass {
			t.Errorf("%s: %s %q %v, want a pass", id, r.Status, r.Message, r.Samples)
		}
	}
}

func TestChecksPassOnIdenticalData(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *testdb.Server) {
		for name, opts := range map[string]baseline.CaptureOptions{"estimated tokens": {}, "exact": {Exact: true}} {
			t.Run(name, func(t *testing.T) {
				n := newWorld(t, srv, testdb.Separate, false)
				before := captureSaved(t, n, opts)
				results := runChecks(t, n.env, before, before.Label())
				assertAllPass(t, results)
				if msg := results["baseline.apis"].Message; msg != "5 APIs now, 5 in "+before.Label() {
					t.Errorf("baseline.apis says %q", msg)
				}
			})
		}
	})
}

// --compare-with old: the old environment, still on 3.2, captured live, against the new one
// on 4.2 with the same data: the keys agree across schema versions.
func TestChecksCompareA32EnvironmentWithA42One(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *testdb.Server) {
		old := newWorld(t, srv, testdb.Shared, true)
		before, err := baseline.Capture(t.Context(), old.env, baseline.CaptureOptions{Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		assertAllPass(t, runChecks(t, newWorld(t, srv, testdb.Separate, false).env, before, "the old environment"))
	})
}

// finding is what a failing check must report.
type finding struct {
	offending int64
	samples   []string
}

func TestChecksFailWhenSomethingIsLost(t *testing.T) {
	for name, tc := range map[string]struct {
		role    discovery.Role
		lose    []string
		failing map[string]finding // every other check must pass
	}{
		"an API": {
			role: discovery.RoleAM, lose: []string{"DELETE FROM AM_API WHERE API_ID = 6"},
			failing: map[string]finding{"baseline.apis": {1, []string{"admin@acme.org/StockAPI/1.0.0@acme.org"}}},
		},
		"an application and its keys": {
			role: discovery.RoleAM, lose: []string{"DELETE FROM AM_APPLICATION_KEY_MAPPING WHERE APPLICATION_ID = 1", "DELETE FROM AM_APPLICATION WHERE APPLICATION_ID = 1"},
			failing: map[string]finding{
				"baseline.applications": {1, []string{"admin/DefaultApplication@carbon.super"}},
				"baseline.key-mappings": {1, []string{"carbon.super: 2 now, 3 in LABEL"}},
			},
		},
		"a subscription": {
			role: discovery.RoleAM, lose: []string{"DELETE FROM AM_SUBSCRIPTION WHERE SUBSCRIPTION_ID = 5"},
			failing: map[string]finding{"baseline.subscriptions": {1, []string{"wso2.com: 0 now, 1 in LABEL"}}},
		},
		"a user": {
			role: discovery.RoleUM, lose: []string{"DELETE FROM UM_USER WHERE UM_ID = 5"},
			failing: map[string]finding{"baseline.users": {1, []string{"wso2.com: 1 now, 2 in LABEL"}}},
		},
		"a tenant's API artifact": {
			role: discovery.RoleREG, lose: []string{"DELETE FROM REG_RESOURCE WHERE REG_TENANT_ID = 1"},
			failing: map[string]finding{"baseline.registry-api-artifacts": {1, []string{"wso2.com: 0 now, 1 in LABEL"}}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			forEachServer(t, func(t *testing.T, srv *testdb.Server) {
				n := newWorld(t, srv, testdb.Separate, false)
				before := captureSaved(t, n, baseline.CaptureOptions{Exact: true})
				n.exec(t, tc.role, tc.lose...)
				results := runChecks(t, n.env, before, before.Label())
				for id, r := range results {
					want, fails := tc.failing[id]
					if !fails {
						if r.Status != verify.StatusPass {
							t.Errorf("%s: %s %q, want a pass", id, r.Status, r.Message)
						}
						continue
					}
					samples := make([]string, len(want.samples))
					for i, s := range want.samples {
						samples[i] = strings.ReplaceAll(s, "LABEL", before.Label())
					}
					if r.Status != verify.StatusFail || r.Offending != want.offending || !slices.Equal(r.Samples, samples) {
						t.Errorf("%s: %s, %d offending, samples %q (%s); want a failure, %d offending, samples %q",
							id, r.Status, r.Offending, r.Samples, r.Message, want.offending, samples)
					}
				}
			})
		})
	}
}

// The checks that guard APIs, applications, subscriptions and users are critical.
func TestLossesThatBlockTheCutoverAreCritical(t *testing.T) {
	critical := []string{"baseline.apis", "baseline.applications", "baseline.subscriptions", "baseline.users"}
	for _, c := range baseline.Checks(&baseline.Snapshot{}, "the old environment", baseline.CaptureOptions{}) {
		if slices.Contains(critical, c.ID) && c.Severity != verify.SeverityCritical {
			t.Errorf("%s is %s, want critical", c.ID, c.Severity)
		}
		if c.ID == "baseline.active-tokens" && c.Severity == verify.SeverityCritical {
			t.Errorf("%s is critical: tokens expire all the time", c.ID)
		}
	}
}

func TestChecksPassWhenThingsWereAdded(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *testdb.Server) {
		n := newWorld(t, srv, testdb.Shared, false)
		before := captureSaved(t, n, baseline.CaptureOptions{Exact: true})
		n.exec(t, discovery.RoleUM,
			"INSERT INTO UM_TENANT (UM_ID, UM_TENANT_UUID, UM_DOMAIN_NAME) VALUES (3, 't3', 'new.io')",
			"INSERT INTO UM_USER (UM_ID, UM_USER_ID, UM_USER_NAME, UM_TENANT_ID) VALUES (7, 'u7', 'dave', -1234)",
			"INSERT INTO UM_HYBRID_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID) VALUES (5, 'Internal/everyone', 3)")
		n.insertAPI(t, api{7, "admin", "PizzaAPI", "3.0.0", "HTTP", "carbon.super"})
		n.insertApplication(t, application{5, 2, "NewApp", "carbon.super"})
		n.exec(t, discovery.RoleAM, "INSERT INTO AM_SUBSCRIPTION (SUBSCRIPTION_ID, API_ID, APPLICATION_ID, SUB_STATUS) VALUES (6, 7, 5, 'UNBLOCKED')")
		results := runChecks(t, n.env, before, "the old environment")
		assertAllPass(t, results)
		if msg := results["baseline.subscriptions"].Message; msg != "6 subscriptions now, 5 in the old environment" {
			t.Errorf("baseline.subscriptions says %q", msg)
		}
	})
}

// An estimate is compared with an estimate, within a tolerance the messages state.
func TestChecksCompareTokenEstimatesWithATolerance(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *testdb.Server) {
		n := newWorld(t, srv, testdb.Shared, false)
		before := captureSaved(t, n, baseline.CaptureOptions{})
		tokens := before.Families[baseline.FamilyActiveTokens]
		now := tokens.ByTenant[baseline.AllTenants]

		r := runChecks(t, n.env, before, "the old environment")["baseline.active-tokens"]
		if r.Status != verify.StatusPass || !strings.Contains(r.Message, "estimates") || !strings.Contains(r.Message, "25% tolerance") {
			t.Errorf("same estimate: %s %q, want a pass that says it compared estimates within a tolerance", r.Status, r.Message)
		}

		tokens.ByTenant = map[string]int64{baseline.AllTenants: now + 1000}
		before.Families[baseline.FamilyActiveTokens] = tokens
		r = runChecks(t, n.env, before, "the old environment")["baseline.active-tokens"]
		if r.Status != verify.StatusFail || r.Offending != 1000 || !strings.Contains(r.Message, "beyond the 25% tolerance") {
			t.Errorf("estimate fell by 1000: %s, %d offending, %q; want a failure beyond the tolerance", r.Status, r.Offending, r.Message)
		}
	})
}
