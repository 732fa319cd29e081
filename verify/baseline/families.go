package baseline

import (
	"context"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// The families a snapshot counts: the keys of Snapshot.Families and, after "baseline.", the
// ids of the checks.
const (
	FamilyAPIs                 = "apis"
	FamilyAPIProducts          = "api-products"
	FamilyApplications         = "applications"
	FamilySubscriptions        = "subscriptions"
	FamilySubscribers          = "subscribers"
	FamilyKeyMappings          = "key-mappings"
	FamilyUsers                = "users"
	FamilyRoles                = "roles"
	FamilyTenants              = "tenants"
	FamilyRegistryAPIArtifacts = "registry-api-artifacts"
	FamilyActiveTokens         = "active-tokens"
)

// family is one kind of thing a migration must carry over, and how to count it.
type family struct {
	id       string
	noun     string // plural, for messages: "APIs"
	severity verify.Severity
	// reads are the roles measure queries (UM too when tenant ids are mapped to domains).
	reads       []discovery.Role
	remediation string
	measure     func(ctx context.Context, s *source) (Figures, error)
}

var (
	readsAM    = []discovery.Role{discovery.RoleAM}
	readsAMUM  = []discovery.Role{discovery.RoleAM, discovery.RoleUM}
	readsUM    = []discovery.Role{discovery.RoleUM}
	readsREGUM = []discovery.Role{discovery.RoleREG, discovery.RoleUM}
)

// restoreAdvice ends the remediation of every family whose loss blocks the cutover.
const restoreAdvice = " Do not cut over: find the migration step that dropped them in its log (lines " +
	"`WSO2 API-M Migration Task : `), restore the databases from the pre-migration backup and migrate again."

// apiProduct is AM_API.API_TYPE of an API product.
const apiProduct = "'APIProduct'"

// apiTenant is an API's ORGANIZATION, or before 4.1 the @domain suffix of its provider.
var apiTenant = tenantSource{
	column:         tenantColumn{"API_PROVIDER", byUserDomain},
	organizationOf: "AM_API", alias: "AM_API",
}

// families lists what a snapshot holds, in the order of the checks.
var families = []family{
	{
		id: FamilyTenants, noun: "tenants", severity: verify.SeverityCritical, reads: readsUM,
		remediation: "Tenants of the baseline have no UM_TENANT row: their users, APIs and applications are unreachable." + restoreAdvice,
		measure:     measureTenants,
	},
	{
		id: FamilyAPIs, noun: "APIs", severity: verify.SeverityCritical, reads: readsAM,
		remediation: "APIs of the baseline are missing from AM_API: they are gone from the Publisher, the DevPortal and the gateways." + restoreAdvice,
		measure: listQuery{
			role: discovery.RoleAM, name: []string{"API_PROVIDER", "API_NAME", "API_VERSION"}, from: "AM_API",
			where: "(API_TYPE IS NULL OR API_TYPE <> " + apiProduct + ")", tenant: apiTenant,
		}.measure,
	},
	{
		id: FamilyAPIProducts, noun: "API products", severity: verify.SeverityCritical, reads: readsAM,
		remediation: "API products of the baseline are missing from AM_API." + restoreAdvice,
		measure: listQuery{
			role: discovery.RoleAM, name: []string{"API_PROVIDER", "API_NAME", "API_VERSION"}, from: "AM_API",
			where: "API_TYPE = " + apiProduct, tenant: apiTenant,
		}.measure,
	},
	{
		id: FamilyApplications, noun: "applications", severity: verify.SeverityCritical, reads: readsAMUM,
		remediation: "Applications of the baseline are missing from AM_APPLICATION: their subscriptions and keys are gone, and their clients stop working." + restoreAdvice,
		measure: listQuery{
			role: discovery.RoleAM, name: []string{"B.USER_ID", "A.NAME"}, from: applications, tenant: applicationTenant,
		}.measure,
	},
	{
		id: FamilySubscriptions, noun: "subscriptions", severity: verify.SeverityCritical, reads: readsAMUM,
		remediation: "Applications lost subscriptions (AM_SUBSCRIPTION): their calls to those APIs are refused." + restoreAdvice,
		measure: countQuery{
			role: discovery.RoleAM, tenant: applicationTenant,
			from: "AM_SUBSCRIPTION S JOIN " + applications + " ON A.APPLICATION_ID = S.APPLICATION_ID",
		}.measure,
	},
	{
		id: FamilyUsers, noun: "users", severity: verify.SeverityCritical, reads: readsUM,
		remediation: "Users of the baseline are missing from UM_USER (the JDBC primary user store): they can no longer log in." + restoreAdvice,
		measure: countQuery{
			role: discovery.RoleUM, from: "UM_USER", tenant: tenantSource{column: tenantColumn{"UM_TENANT_ID", byTenantID}},
		}.measure,
	},
	{
		id: FamilySubscribers, noun: "subscribers", severity: verify.SeverityWarning, reads: readsAMUM,
		remediation: "AM_SUBSCRIBER lost rows: their owners' applications go with them (see baseline.applications). " +
			"Restore the rows from the pre-migration backup.",
		measure: countQuery{
			role: discovery.RoleAM, from: "AM_SUBSCRIBER", tenant: tenantSource{column: tenantColumn{"TENANT_ID", byTenantID}},
		}.measure,
	},
	{
		id: FamilyKeyMappings, noun: "application key mappings", severity: verify.SeverityWarning, reads: readsAMUM,
		remediation: "Applications lost their OAuth keys (AM_APPLICATION_KEY_MAPPING): their clients cannot get tokens. " +
			"Restore the rows from the pre-migration backup, or have the owners generate keys again.",
		measure: countQuery{
			role: discovery.RoleAM, tenant: applicationTenant,
			from: "AM_APPLICATION_KEY_MAPPING K JOIN " + applications + " ON A.APPLICATION_ID = K.APPLICATION_ID",
		}.measure,
	},
	{
		id: FamilyRoles, noun: "roles", severity: verify.SeverityWarning, reads: readsUM,
		remediation: "Roles (UM_ROLE, UM_HYBRID_ROLE) are missing: their users lose the permissions and scopes " +
			"the roles gave. Restore them from the pre-migration backup.",
		measure: countQuery{
			role:   discovery.RoleUM,
			from:   "(SELECT UM_TENANT_ID FROM UM_ROLE UNION ALL SELECT UM_TENANT_ID FROM UM_HYBRID_ROLE) R",
			tenant: tenantSource{column: tenantColumn{"R.UM_TENANT_ID", byTenantID}},
		}.measure,
	},
	{
		id: FamilyRegistryAPIArtifacts, noun: "registry API artifacts", severity: verify.SeverityWarning, reads: readsREGUM,
		remediation: "API artifacts are missing from the registry: those APIs fail to load in the Publisher and " +
			"DevPortal. Check isSeparateRegistryDB, restore the REG tables from the pre-migration backup, then re-index.",
		measure: countQuery{
			role: discovery.RoleREG,
			// Only the API's own artifact: 4.x revisions store copies under .../apis/<uuid>/<revision>/api,
			// which would hide a lost API behind its revisions.
			from: "REG_RESOURCE R JOIN REG_PATH P ON P.REG_PATH_ID = R.REG_PATH_ID AND P.REG_TENANT_ID = R.REG_TENANT_ID",
			where: "R.REG_NAME = 'api' AND R.REG_MEDIA_TYPE = 'application/vnd.wso2-api+xml' " +
				"AND P.REG_PATH_VALUE LIKE '/_system/governance/apimgt/applicationdata/provider/%'",
			tenant: tenantSource{column: tenantColumn{"R.REG_TENANT_ID", byTenantID}},
		}.measure,
	},
	{
		id: FamilyActiveTokens, noun: "active access tokens", severity: verify.SeverityInfo, reads: readsAMUM,
		remediation: "Fewer access tokens are active: tokens expire and are revoked all the time, but a drop right " +
			"after the migration means IDN_OAUTH2_ACCESS_TOKEN was not carried over, and every client must get new tokens.",
		measure: measureActiveTokens,
	},
}

// activeTokens counts active tokens exactly, per tenant: a scan of a table that can hold
// hundreds of millions of rows, so only on request.
var activeTokens = countQuery{
	role: discovery.RoleAM, from: "IDN_OAUTH2_ACCESS_TOKEN", where: "TOKEN_STATE = 'ACTIVE'",
	tenant: tenantSource{column: tenantColumn{"TENANT_ID", byTenantID}},
}

// measureActiveTokens counts active tokens when exact counts were asked for, else takes the
// server's estimate of the whole table (every state, every tenant).
func measureActiveTokens(ctx context.Context, s *source) (Figures, error) {
	if s.exact {
		return activeTokens.measure(ctx, s)
	}
	return estimateQuery{role: discovery.RoleAM, table: "IDN_OAUTH2_ACCESS_TOKEN"}.measure(ctx, s)
}

// measureTenants lists UM_TENANT's domains and the super tenant.
func measureTenants(ctx context.Context, s *source) (Figures, error) {
	names, err := s.tenantNames(ctx)
	if err != nil {
		return Figures{}, err
	}
	if !names.fromUM {
		return Figures{}, unavailableError{"no um database is configured"}
	}
	counts := make(map[string]int64, len(names.byID))
	keys := make([]string, 0, len(names.byID))
	for _, domain := range names.byID {
		counts[domain] = 1
		keys = append(keys, domain)
	}
	return Figures{ByTenant: counts, Inventory: newInventory(keys)}, nil
}
