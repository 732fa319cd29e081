package catalogue

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// The registry family checks the REG tables' own integrity, on the database registry queries go
// to (REG when isSeparateRegistryDB, else the shared one). Paths and resources are keyed by
// (id, tenant): each tenant has its own registry tree in the same tables.
func registryChecks(cfg Config) []verify.Check {
	rules := []rowRule{
		{
			name:     "orphan-resources",
			title:    "every registry resource has its REG_PATH",
			severity: verify.SeverityWarning,
			remediation: "The registry cannot reach these resources. Restore their REG_PATH rows from the pre-migration " +
				"backup, or, after a backup, delete them with their REG_RESOURCE_PROPERTY, REG_RESOURCE_TAG, " +
				"REG_RESOURCE_COMMENT and REG_RESOURCE_RATING rows; then re-index the registry.",
			requires: map[string][]string{
				"REG_RESOURCE": {"REG_PATH_ID", "REG_NAME", "REG_VERSION", "REG_TENANT_ID"},
				"REG_PATH":     {"REG_PATH_ID", "REG_TENANT_ID"},
			},
			what: "registry resources have no REG_PATH row",
			query: offenders{
				keys: "SELECT R.REG_TENANT_ID, R.REG_PATH_ID, R.REG_NAME, R.REG_VERSION FROM REG_RESOURCE R " +
					"WHERE NOT EXISTS (SELECT 1 FROM REG_PATH P WHERE P.REG_PATH_ID = R.REG_PATH_ID AND P.REG_TENANT_ID = R.REG_TENANT_ID)",
				orderBy: "R.REG_TENANT_ID, R.REG_PATH_ID, R.REG_VERSION",
				sample: func(c []string) string {
					return fmt.Sprintf("tenant %s: path id %s, %s, version %s", c[0], c[1], resourceName(c[2]), c[3])
				},
			},
		},
		{
			name:     "missing-content",
			title:    "every registry resource with content points at an existing REG_CONTENT row",
			severity: verify.SeverityCritical,
			remediation: "Reading these resources fails (API artifacts among them break the Publisher and DevPortal). " +
				"Restore the REG_CONTENT rows from the pre-migration backup; resources that cannot be restored must " +
				"be re-created (re-import the API) after deleting the broken rows.",
			requires: map[string][]string{
				"REG_RESOURCE": {"REG_PATH_ID", "REG_NAME", "REG_CONTENT_ID", "REG_TENANT_ID"},
				"REG_CONTENT":  {"REG_CONTENT_ID", "REG_TENANT_ID"},
				"REG_PATH":     {"REG_PATH_ID", "REG_PATH_VALUE", "REG_TENANT_ID"},
			},
			what: "registry resources point at content that does not exist",
			query: offenders{
				keys: "SELECT R.REG_TENANT_ID, P.REG_PATH_VALUE, R.REG_NAME, R.REG_CONTENT_ID FROM REG_RESOURCE R " +
					"LEFT JOIN REG_PATH P ON P.REG_PATH_ID = R.REG_PATH_ID AND P.REG_TENANT_ID = R.REG_TENANT_ID " +
					"WHERE R.REG_CONTENT_ID IS NOT NULL AND NOT EXISTS " +
					"(SELECT 1 FROM REG_CONTENT C WHERE C.REG_CONTENT_ID = R.REG_CONTENT_ID AND C.REG_TENANT_ID = R.REG_TENANT_ID)",
				orderBy: "R.REG_TENANT_ID, P.REG_PATH_VALUE, R.REG_NAME",
				sample: func(c []string) string {
					return fmt.Sprintf("tenant %s: %s (content id %s)", c[0], resourcePath(c[1], c[2]), c[3])
				},
			},
		},
		{
			name:     "duplicate-uuids",
			title:    "no two registry resources share a REG_UUID",
			severity: verify.SeverityCritical,
			remediation: "WSO2 looks artifacts up by UUID and expects exactly one (else APIMgtResourceNotFoundException " +
				"or the wrong API). Keep the resource at the expected path (for an API, " +
				"/_system/governance/apimgt/applicationdata/provider/<provider>/<name>/<version>/api) and delete the " +
				"other copies after a backup; then re-index the registry.",
			requires: map[string][]string{"REG_RESOURCE": {"REG_UUID"}},
			what:     "REG_UUIDs are shared by more than one registry resource",
			query: offenders{
				keys:    "SELECT REG_UUID, COUNT(*) AS RESOURCES FROM REG_RESOURCE WHERE REG_UUID IS NOT NULL GROUP BY REG_UUID HAVING COUNT(*) > 1",
				orderBy: "REG_UUID",
				sample:  func(c []string) string { return fmt.Sprintf("%s (%s resources)", c[0], c[1]) },
			},
		},
		{
			name:     "missing-parent-paths",
			title:    "every registry path's parent exists",
			severity: verify.SeverityWarning,
			remediation: "Collections under these paths cannot be browsed from the root. Restore the parent REG_PATH " +
				"rows from the pre-migration backup (each path's parent is its REG_PATH_VALUE without the last segment).",
			requires: map[string][]string{"REG_PATH": {"REG_PATH_ID", "REG_PATH_VALUE", "REG_PATH_PARENT_ID", "REG_TENANT_ID"}},
			what:     "registry paths have a parent that does not exist",
			query: offenders{
				// The root of each tenant's tree has parent -1.
				keys: "SELECT P.REG_TENANT_ID, P.REG_PATH_VALUE, P.REG_PATH_PARENT_ID FROM REG_PATH P " +
					"WHERE P.REG_PATH_PARENT_ID IS NOT NULL AND P.REG_PATH_PARENT_ID <> -1 AND NOT EXISTS " +
					"(SELECT 1 FROM REG_PATH Q WHERE Q.REG_PATH_ID = P.REG_PATH_PARENT_ID AND Q.REG_TENANT_ID = P.REG_TENANT_ID)",
				orderBy: "P.REG_TENANT_ID, P.REG_PATH_VALUE",
				sample: func(c []string) string {
					return fmt.Sprintf("tenant %s: %s (parent id %s)", c[0], c[1], c[2])
				},
			},
		},
	}
	checks := make([]verify.Check, 0, len(rules)+1)
	for _, r := range rules {
		r.family, r.role = verify.FamilyRegistry, discovery.RoleREG
		checks = append(checks, r.check(cfg))
	}
	return append(checks, verify.Check{
		ID:       "registry.reg-log-size",
		Family:   verify.FamilyRegistry,
		Title:    fmt.Sprintf("REG_LOG holds at most %d rows", cfg.RegLogWarnRows),
		Severity: verify.SeverityWarning,
		Reads:    []discovery.Role{discovery.RoleREG},
		Remediation: "REG_LOG is the indexer's input and slows every indexing pass. After the re-index has completed, " +
			"back it up and run WSO2's REG_LOG clean-up for your database: keep only the newest row per " +
			"(REG_PATH, REG_TENANT_ID) and delete the rows of deleted resources (REG_ACTION 7).",
		Run: func(ctx context.Context, env *verify.Env) verify.Result { return checkRegLogSize(ctx, env, cfg) },
	})
}

// resourceName names a REG_RESOURCE row: REG_NAME is NULL for the collection itself.
func resourceName(name string) string {
	if name == "" {
		return "the collection"
	}
	return "resource " + name
}

// resourcePath is the full path of a resource, "?" standing for a missing REG_PATH.
func resourcePath(dir, name string) string {
	if dir == "" {
		dir = "?"
	}
	if name == "" {
		return dir
	}
	if dir == "/" {
		return "/" + name
	}
	return dir + "/" + name
}

// checkRegLogSize reads the server's row estimate for REG_LOG (it can hold hundreds of
// millions of rows: no COUNT unless env.Exact) and warns above the threshold. An estimate is
// as fresh as the server's statistics: a table never analysed reads as empty.
func checkRegLogSize(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	var rows sql.NullInt64
	how := "estimated"
	err := read(ctx, env, cfg, discovery.RoleREG, func(ctx context.Context, t tx) error {
		if err := t.require(ctx, "REG_LOG"); err != nil {
			return err
		}
		query, args := t.dialect.RowEstimateQuery("REG_LOG")
		if env.Exact {
			query, args, how = "SELECT COUNT(*) FROM REG_LOG", nil, "counted"
		}
		if err := t.q.QueryRowContext(ctx, query, args...).Scan(&rows); err != nil {
			return fmt.Errorf("sizing REG_LOG: %w", err)
		}
		return nil
	})
	switch {
	case err != nil:
		return outcome(verify.Result{}, err)
	case !rows.Valid:
		return verify.Result{Status: verify.StatusSkip, Message: "the server has no row estimate for REG_LOG; run with exact counts"}
	case rows.Int64 <= cfg.RegLogWarnRows:
		return verify.Result{Status: verify.StatusPass, Message: fmt.Sprintf("REG_LOG: %d rows (%s)", rows.Int64, how)}
	}
	return verify.Result{
		Status:    verify.StatusFail,
		Offending: rows.Int64,
		Samples:   []string{fmt.Sprintf("REG_LOG: %d rows (%s)", rows.Int64, how)},
		Message:   fmt.Sprintf("REG_LOG holds %d rows (%s), above the %d-row threshold", rows.Int64, how, cfg.RegLogWarnRows),
	}
}
