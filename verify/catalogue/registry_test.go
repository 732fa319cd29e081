package catalogue

import (
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

func TestOrphanResources(t *testing.T) {
	eachNode(t, func(f *fixture) {
		f.insert(discovery.RoleREG, "REG_RESOURCE", "REG_PATH_ID, REG_NAME, REG_VERSION, REG_MEDIA_TYPE, REG_TENANT_ID, REG_UUID",
			[]any{999, "ghost.xml", 900, "application/xml", superTenantID, "60000000-0000-0000-0000-000000000001"},
			[]any{998, nil, 901, nil, tenantExample, "60000000-0000-0000-0000-000000000002"})
		want(f.t, f.run("registry.orphan-resources"), verify.StatusFail, 2,
			"tenant -1234: path id 999, resource ghost.xml, version 900",
			"tenant 1: path id 998, the collection, version 901")
	})
}

func TestMissingContent(t *testing.T) {
	eachNode(t, func(f *fixture) {
		dir := apiArtifactPath("admin", "PizzaShackAPI", "1.0.0")
		f.insert(discovery.RoleREG, "REG_RESOURCE", "REG_PATH_ID, REG_NAME, REG_VERSION, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID",
			[]any{f.reg.path(superTenantID, dir), "broken.json", 900, 999, superTenantID, "60000000-0000-0000-0000-000000000003"})
		// Content of another tenant does not count.
		f.insert(discovery.RoleREG, "REG_CONTENT", "REG_CONTENT_ID, REG_TENANT_ID", []any{999, tenantExample})
		want(f.t, f.run("registry.missing-content"), verify.StatusFail, 1,
			"tenant -1234: "+dir+"/broken.json (content id 999)")
	})
}

func TestDuplicateUUIDs(t *testing.T) {
	eachNode(t, func(f *fixture) {
		f.reg.resource(superTenantID, "/_system/governance/copies", "api", apiMediaType, apiPizza1, true)
		f.reg.resource(superTenantID, "/_system/governance/copies2", "api", apiMediaType, apiPizza1, true)
		want(f.t, f.run("registry.duplicate-uuids"), verify.StatusFail, 1, apiPizza1+" (3 resources)")
	})
}

func TestMissingParentPaths(t *testing.T) {
	eachNode(t, func(f *fixture) {
		f.insert(discovery.RoleREG, "REG_PATH", "REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID",
			[]any{900, "/orphaned/child", 999, tenantExample},
			// The parent exists, but in another tenant's tree. (No "_" in these paths: the
			// servers' collations sort it differently.)
			[]any{901, "/elsewhere", f.reg.path(superTenantID, "/_system"), tenantExample})
		want(f.t, f.run("registry.missing-parent-paths"), verify.StatusFail, 2,
			"tenant 1: /elsewhere (parent id 3)", "tenant 1: /orphaned/child (parent id 999)")
	})
}

func TestRegLogSize(t *testing.T) {
	eachNode(t, func(f *fixture) {
		f.cfg.RegLogWarnRows = 3
		f.env.Exact = true
		want(f.t, f.run("registry.reg-log-size"), verify.StatusPass, 0)

		f.insert(discovery.RoleREG, "REG_LOG", "REG_LOG_ID, REG_PATH, REG_USER_ID, REG_ACTION, REG_TENANT_ID",
			[]any{4, "/_system/governance/x", "admin", 7, superTenantID})
		want(f.t, f.run("registry.reg-log-size"), verify.StatusFail, 4, "REG_LOG: 4 rows (counted)")

		// By default the server's statistics are read, not the table.
		f.env.Exact = false
		analyze := "ANALYZE REG_LOG"
		if f.vendor == testdb.VendorMySQL {
			analyze = "ANALYZE TABLE REG_LOG"
		}
		f.exec(discovery.RoleREG, analyze)
		want(f.t, f.run("registry.reg-log-size"), verify.StatusFail, 4, "REG_LOG: 4 rows (estimated)")
	})
}
