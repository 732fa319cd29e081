package catalogue

import (
	"context"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// The cross-database family compares the AM database with the registry and the user store.
// The databases may be different servers, so the join is done here: the smaller, bounded side
// (the APIs, revisions or subscribers of AM) is held in memory, capped by
// Config.MaxKeysInMemory, and the other side is streamed past it. Transactions are opened one
// after the other, never nested.
func crossDatabaseChecks(cfg Config) []verify.Check {
	amAndReg := []discovery.Role{discovery.RoleAM, discovery.RoleREG}
	amAndUM := []discovery.Role{discovery.RoleAM, discovery.RoleUM}
	return []verify.Check{
		{
			ID:       "cross-database.api-artifacts",
			Family:   verify.FamilyCrossDatabase,
			Title:    "every API has exactly one registry artifact, at its path and with its UUID",
			Severity: verify.SeverityCritical,
			Reads:    amAndReg,
			Remediation: "The Publisher and DevPortal fail on these APIs (\"artifact corresponding to artifactId <uuid> " +
				"does not exist\"). Restore the artifact from the pre-migration registry backup (check " +
				"isSeparateRegistryDB first: a migration run against the wrong database loses them), delete extra " +
				"copies, or re-import the API with apictl; then re-index the registry.",
			Run: func(ctx context.Context, env *verify.Env) verify.Result { return checkAPIArtifacts(ctx, env, cfg) },
		},
		{
			ID:       "cross-database.artifact-apis",
			Family:   verify.FamilyCrossDatabase,
			Title:    "every registry API artifact has its AM_API row",
			Severity: verify.SeverityWarning,
			Reads:    amAndReg,
			Remediation: "These artifacts show in search but fail to open, and the migration's pre-validation rejects " +
				"them. Delete them from the registry (after a backup) or re-create the API, then re-index the registry.",
			Run: func(ctx context.Context, env *verify.Env) verify.Result { return checkArtifactAPIs(ctx, env, cfg) },
		},
		{
			ID:       "cross-database.revision-artifacts",
			Family:   verify.FamilyCrossDatabase,
			Title:    "every API revision has its registry revision artifact",
			Severity: verify.SeverityWarning,
			Reads:    amAndReg,
			Remediation: "These revisions cannot be restored or redeployed. Create a new revision of each API from its " +
				"current state and deploy it, then delete the broken revisions in the Publisher.",
			Run: func(ctx context.Context, env *verify.Env) verify.Result { return checkRevisionArtifacts(ctx, env, cfg) },
		},
		{
			ID:       "cross-database.subscribers-in-user-store",
			Family:   verify.FamilyCrossDatabase,
			Title:    "every DevPortal subscriber of the primary user store exists in UM_USER",
			Severity: verify.SeverityWarning,
			Reads:    amAndUM,
			Remediation: "These subscribers' users are gone from the primary (JDBC) user store, so their applications " +
				"and subscriptions are unreachable. Restore the users from the backup, or move the applications to " +
				"an existing user (Admin portal, Change Application Owner) before deleting the subscribers.",
			Run: func(ctx context.Context, env *verify.Env) verify.Result { return checkSubscribers(ctx, env, cfg) },
		},
		{
			ID:       "cross-database.tenants-known",
			Family:   verify.FamilyCrossDatabase,
			Title:    "every tenant the AM data names exists in UM",
			Severity: verify.SeverityCritical,
			Reads:    amAndUM,
			Remediation: "WSO2 fails these tenants' requests with \"Invalid tenant domain\" and cannot load them. " +
				"Restore the tenants in UM (UM_TENANT) from the backup, taken at the same time as the AM backup, " +
				"or remove the tenants' AM data.",
			Run: func(ctx context.Context, env *verify.Env) verify.Result { return checkTenantsKnown(ctx, env, cfg) },
		},
	}
}

// keyCap holds a map's growth to Config.MaxKeysInMemory.
func keyCap(cfg Config, n int, what string) error {
	if n > cfg.MaxKeysInMemory {
		return skipf("more than %d %s to compare in memory; raise the cap to run this check", cfg.MaxKeysInMemory, what)
	}
	return nil
}
