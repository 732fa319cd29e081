package catalogue

import (
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

func TestAPIArtifacts(t *testing.T) {
	eachNode(t, func(f *fixture) {
		moved := apiArtifactRoot + "admin/PizzaShackAPI"
		f.exec(discovery.RoleREG,
			// PizzaShackAPI 2.0.0 lost its artifact.
			"DELETE FROM REG_RESOURCE WHERE REG_UUID = '"+apiPizza2+"'",
			// PizzaShackAPI 1.0.0's artifact sits one level up.
			"UPDATE REG_RESOURCE SET REG_PATH_ID = "+itoa(f.reg.path(superTenantID, moved))+" WHERE REG_UUID = '"+apiPizza1+"'")
		// TenantAPI has two.
		f.reg.resource(tenantExample, apiArtifactPath("carol@example.com", "TenantAPI", "1.0.0"), "api", apiMediaType, apiTenant, true)
		want(f.t, f.run("cross-database.api-artifacts"), verify.StatusFail, 3,
			"admin/PizzaShackAPI/1.0.0 ("+apiPizza1+"): artifact at "+moved+"/api",
			"admin/PizzaShackAPI/2.0.0 ("+apiPizza2+"): no registry artifact",
			"carol@example.com/TenantAPI/1.0.0 ("+apiTenant+"): 2 registry artifacts")
	})
}

func TestArtifactAPIs(t *testing.T) {
	eachNode(t, func(f *fixture) {
		ghost := apiArtifactPath("admin", "GhostAPI", "1.0.0")
		f.reg.resource(superTenantID, ghost, "api", apiMediaType, "a0000000-0000-0000-0000-000000000099", true)
		want(f.t, f.run("cross-database.artifact-apis"), verify.StatusFail, 1,
			ghost+"/api (a0000000-0000-0000-0000-000000000099)")
	})
}

func TestRevisionArtifacts(t *testing.T) {
	eachNode(t, func(f *fixture) {
		f.exec(discovery.RoleREG, "DELETE FROM REG_RESOURCE WHERE REG_UUID = '"+revTenant+"'")
		want(f.t, f.run("cross-database.revision-artifacts"), verify.StatusFail, 1,
			"revision 1 of API "+apiTenant+" ("+revTenant+"): no registry artifact")
	})
}

func TestSubscribersInUserStore(t *testing.T) {
	eachNode(t, func(f *fixture) {
		f.insert(discovery.RoleAM, "AM_SUBSCRIBER", "SUBSCRIBER_ID, USER_ID, TENANT_ID",
			[]any{90, "zoe", superTenantID},
			[]any{91, "dan@example.com", tenantExample},
			[]any{92, "bob@CARBON.SUPER", superTenantID}, // UM_USER's "Bob": names and domains ignore case
			[]any{93, "PRIMARY/alice", superTenantID},
			[]any{94, "OTHERSTORE/erin", superTenantID}) // a secondary user store: not judged
		want(f.t, f.run("cross-database.subscribers-in-user-store"), verify.StatusFail, 2,
			"tenant -1234: zoe", "tenant 1: dan@example.com")
	})
}

// With an LDAP primary user store UM_USER is empty: the check cannot judge, and says so.
func TestSubscribersWithoutJDBCUserStore(t *testing.T) {
	f := newFixture(t, testdb.Postgres(t), testdb.Shared, false)
	f.exec(discovery.RoleUM, "DELETE FROM UM_USER_ROLE", "DELETE FROM UM_USER")
	res := f.run("cross-database.subscribers-in-user-store")
	if res.Status != verify.StatusSkip || !strings.Contains(res.Message, "UM_USER is empty") {
		t.Errorf("got %s %q, want a skip saying UM_USER is empty", res.Status, res.Message)
	}
}

func TestTenantsKnown(t *testing.T) {
	eachNode(t, func(f *fixture) {
		f.insert(discovery.RoleAM, "AM_API", "API_ID, API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, API_TYPE, ORGANIZATION, STATUS",
			[]any{90, "a0000000-0000-0000-0000-000000000090", "bob@gone.com", "GoneAPI", "1.0.0", "/t/gone.com/gone", "HTTP", "gone.com", "CREATED"})
		f.insert(discovery.RoleAM, "AM_SUBSCRIBER", "SUBSCRIBER_ID, USER_ID, TENANT_ID",
			[]any{90, "bob@gone.com", 42}, []any{91, "eve@gone.com", 42})
		// The registry artifact exists, so that only the tenant is at fault.
		f.reg.resource(superTenantID, apiArtifactPath("bob@gone.com", "GoneAPI", "1.0.0"), "api", apiMediaType, "a0000000-0000-0000-0000-000000000090", true)
		want(f.t, f.run("cross-database.tenants-known"), verify.StatusFail, 3,
			"AM_API.ORGANIZATION = gone.com: 1 rows", "AM_SUBSCRIBER.TENANT_ID = 42: 2 rows")
	})
}

// On a 3.2 AM schema (a node not yet migrated) the checks adapt: API artifacts match AM_API by
// path, tenants come from the columns 3.2 has, and the checks of what 3.2 lacks skip.
func TestSchema32Adapts(t *testing.T) {
	skips := map[string]bool{
		"configuration.gateway-environments":        true,
		"apim.published-apis-without-deployment":    true,
		"apim.deployed-revisions-without-artifacts": true,
		"cross-database.revision-artifacts":         true,
	}
	for vendor, srv := range testdb.Servers(t) {
		t.Run(vendor, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, srv, testdb.Separate, true)
			for _, c := range Builtin(f.cfg) {
				res := f.run(c.ID)
				switch {
				case skips[c.ID] && (res.Status != verify.StatusSkip || !strings.Contains(res.Message, "AM_")):
					t.Errorf("%s: %s %q, want a skip naming what 3.2 lacks", c.ID, res.Status, res.Message)
				case !skips[c.ID] && res.Status != verify.StatusPass:
					t.Errorf("%s: %s, %d offending %q: %s", c.ID, res.Status, res.Offending, res.Samples, res.Message)
				}
			}

			f.exec(discovery.RoleREG, "DELETE FROM REG_RESOURCE WHERE REG_UUID = 'f0000000-0000-0000-0000-000000000002'")
			f.insert(discovery.RoleAM, "AM_KEY_MANAGER", "UUID, NAME, TYPE, TENANT_DOMAIN",
				[]any{"c0000000-0000-0000-0000-000000000090", "Resident Key Manager", "default", "gone.com"})
			want(t, f.run("cross-database.api-artifacts"), verify.StatusFail, 1, "admin/PizzaShackAPI/2.0.0: no registry artifact")
			want(t, f.run("cross-database.tenants-known"), verify.StatusFail, 1, "AM_KEY_MANAGER.TENANT_DOMAIN = gone.com: 1 rows")
		})
	}
}
