package catalogue

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
)

// The configuration family judges the node's configuration against its databases: a registry
// routed to the wrong database makes every registry finding meaningless, so these come first.
func configurationChecks(cfg Config) []verify.Check {
	return []verify.Check{
		{
			ID:       "configuration.registry-routing",
			Family:   verify.FamilyConfiguration,
			Title:    "isSeparateRegistryDB is true when UM and REG are separate databases",
			Severity: verify.SeverityCritical,
			Remediation: "Set isSeparateRegistryDB: true in migration-resources/migration-config.yaml (and in " +
				"apimwatch's configuration), then re-run the registry part of the migration against the REG database: " +
				"with it false the migration ran the registry scripts and queries on the UM database.",
			Run: checkRegistryRouting,
		},
		{
			ID:       "configuration.registry-routing-declared",
			Family:   verify.FamilyConfiguration,
			Title:    "isSeparateRegistryDB is known when UM and REG are separate databases",
			Severity: verify.SeverityWarning,
			Remediation: "Give apimwatch the isSeparateRegistryDB value the migration used (migration-config.yaml): " +
				"until then registry checks read the UM database, as the migration client does by default.",
			Run: checkRegistryRoutingDeclared,
		},
		{
			ID:       "configuration.registry-data-misrouted",
			Family:   verify.FamilyConfiguration,
			Title:    "the database registry queries go to holds the registry data",
			Severity: verify.SeverityCritical,
			Reads:    []discovery.Role{discovery.RoleUM, discovery.RoleREG},
			Remediation: "Correct isSeparateRegistryDB (true when deployment.toml's shared_db is a database of its own) " +
				"or the UM/REG datasources so that registry queries reach the database holding REG_RESOURCE; " +
				"the registry findings of this run are not meaningful until then.",
			Run: func(ctx context.Context, env *verify.Env) verify.Result {
				return checkRegistryDataRouting(ctx, env, cfg)
			},
		},
		{
			ID:       "configuration.gateway-environments",
			Family:   verify.FamilyConfiguration,
			Title:    "revisions are deployed only to configured gateway environments",
			Severity: verify.SeverityWarning,
			Reads:    []discovery.Role{discovery.RoleAM},
			Remediation: "Add an [[apim.gateway.environment]] with each missing name to deployment.toml (3.2's " +
				"'Production and Sandbox' became 'Default' in 4.x), or redeploy the revisions to an environment " +
				"that exists: no gateway serves the ones listed.",
			Run: func(ctx context.Context, env *verify.Env) verify.Result {
				return checkGatewayEnvironments(ctx, env, cfg)
			},
		},
		{
			ID:       "configuration.reindex",
			Family:   verify.FamilyConfiguration,
			Title:    "the registry re-index is configured after the migration",
			Severity: verify.SeverityWarning,
			Remediation: "Set [indexing] re_indexing in deployment.toml to one more than its value before the migration " +
				"(1 when it was absent), delete <APIM_HOME>/solr, and restart the Publisher and DevPortal nodes one " +
				"at a time, letting indexing finish on each; until then APIs are missing from search.",
			Run: checkReindex,
		},
	}
}

// registryDatabases returns the UM and REG databases when both are configured, and whether
// they are different databases.
func registryDatabases(env *verify.Env) (um, reg *db.DB, separate bool, err error) {
	um, reg = env.Databases[discovery.RoleUM], env.Databases[discovery.RoleREG]
	if um == nil || reg == nil {
		return nil, nil, false, skipf("needs both the UM and the REG database configured to compare them")
	}
	return um, reg, !env.SameDatabase(discovery.RoleUM, discovery.RoleREG), nil
}

func checkRegistryRouting(_ context.Context, env *verify.Env) verify.Result {
	um, reg, separate, err := registryDatabases(env)
	switch {
	case err != nil:
		return outcome(verify.Result{}, err)
	case !separate || env.SeparateRegistryDB:
		return verify.Result{Status: verify.StatusPass}
	case !env.SeparateRegistryKnown:
		return verify.Result{Status: verify.StatusSkip, Message: "isSeparateRegistryDB is unknown: see configuration.registry-routing-declared"}
	}
	return verify.Result{
		Status:    verify.StatusFail,
		Offending: 1,
		Samples:   []string{"um: " + um.Name(), "reg: " + reg.Name()},
		Message:   "UM and REG are different databases but isSeparateRegistryDB is false: registry queries go to the UM database",
	}
}

func checkRegistryRoutingDeclared(_ context.Context, env *verify.Env) verify.Result {
	um, reg, separate, err := registryDatabases(env)
	switch {
	case err != nil:
		return outcome(verify.Result{}, err)
	case !separate || env.SeparateRegistryKnown:
		return verify.Result{Status: verify.StatusPass}
	}
	return verify.Result{
		Status:    verify.StatusFail,
		Offending: 1,
		Samples:   []string{"um: " + um.Name(), "reg: " + reg.Name()},
		Message:   "UM and REG are different databases and isSeparateRegistryDB is unknown: registry checks read the UM database",
	}
}

// checkRegistryDataRouting looks at the data rather than the configuration: the database
// registry queries go to must hold REG_RESOURCE rows when the other candidate does.
func checkRegistryDataRouting(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	target, other := discovery.RoleUM, discovery.RoleREG
	if env.SeparateRegistryDB {
		target, other = discovery.RoleREG, discovery.RoleUM
	}
	if _, _, separate, err := registryDatabases(env); err != nil || !separate {
		return outcome(verify.Result{Status: verify.StatusPass, Message: "UM and REG are one database: nothing can be misrouted"}, err)
	}
	targetHasData, err := hasRegistryData(ctx, env, cfg, target)
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	if targetHasData {
		return verify.Result{Status: verify.StatusPass}
	}
	otherHasData, err := hasRegistryData(ctx, env, cfg, other)
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	if !otherHasData {
		return verify.Result{Status: verify.StatusPass, Message: "neither database holds registry resources yet"}
	}
	return verify.Result{
		Status:    verify.StatusFail,
		Offending: 1,
		Samples:   []string{fmt.Sprintf("registry queries go to %s (%s): no REG_RESOURCE rows", target, env.Databases[target].Name()), fmt.Sprintf("%s (%s) holds the registry", other, env.Databases[other].Name())},
		Message: fmt.Sprintf("registry queries go to the %s database, which holds no registry resources, while the %s database does (isSeparateRegistryDB=%t)",
			target, other, env.SeparateRegistryDB),
	}
}

// hasRegistryData says whether role's own database (not the routed one) has REG_RESOURCE rows;
// a database without the table has none.
func hasRegistryData(ctx context.Context, env *verify.Env, cfg Config, role discovery.Role) (bool, error) {
	found := false
	err := readDB(ctx, env.Databases[role], role, cfg, func(ctx context.Context, t tx) error {
		tables, err := t.tables(ctx)
		if err != nil || !tables["REG_RESOURCE"] {
			return err
		}
		var one int
		return t.each(ctx, t.dialect.Limit("SELECT 1 FROM REG_RESOURCE", 1), nil, []any{&one}, func() error {
			found = true
			return nil
		})
	})
	return found, err
}

func checkGatewayEnvironments(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	if len(env.GatewayEnvironments) == 0 {
		return verify.Result{Status: verify.StatusSkip, Message: "no [[apim.gateway.environment]] names are known from deployment.toml"}
	}
	f := newFindings(env)
	err := read(ctx, env, cfg, discovery.RoleAM, func(ctx context.Context, t tx) error {
		if err := t.require(ctx, "AM_DEPLOYMENT_REVISION_MAPPING", "NAME"); err != nil {
			return err
		}
		var name string
		var deployments int64
		return t.each(ctx, "SELECT NAME, COUNT(*) FROM AM_DEPLOYMENT_REVISION_MAPPING GROUP BY NAME ORDER BY NAME", nil,
			[]any{&name, &deployments}, func() error {
				if !slices.Contains(env.GatewayEnvironments, name) {
					f.addRows(deployments, name+" ("+strconv.FormatInt(deployments, 10)+" deployments)")
				}
				return nil
			})
	})
	return outcome(f.result("revision deployments go to gateway environments deployment.toml does not configure"), err)
}

func checkReindex(_ context.Context, env *verify.Env) verify.Result {
	if env.ReIndexing == nil {
		return verify.Result{
			Status:    verify.StatusFail,
			Offending: 1,
			Samples:   []string{"[indexing] re_indexing: absent"},
			Message:   "deployment.toml sets no [indexing] re_indexing: the registry re-index the migration requires has not been configured",
		}
	}
	return verify.Result{
		Status: verify.StatusPass,
		Message: fmt.Sprintf("re_indexing = %d; apimwatch cannot see the pre-migration value, so confirm it was raised by one and <APIM_HOME>/solr deleted",
			*env.ReIndexing),
	}
}
