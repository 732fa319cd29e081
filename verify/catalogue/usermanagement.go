package catalogue

import (
	"fmt"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// superTenantID is carbon.super's id. The super tenant is not a row of UM_TENANT.
const superTenantID = -1234

// The user-management family checks the UM tables where WSO2 keeps references by value (a
// user or role name, a tenant id) with no foreign key to hold them.
func userManagementChecks(cfg Config) []verify.Check {
	rules := []rowRule{
		{
			name:     "users-of-missing-tenants",
			title:    "every user belongs to an existing tenant",
			severity: verify.SeverityWarning,
			remediation: "These users belong to a tenant UM_TENANT no longer has (a tenant deleted by hand, or a partial " +
				"restore). Restore the tenant from the backup, or delete the users with their UM_USER_ROLE and " +
				"UM_USER_ATTRIBUTE rows after a backup.",
			requires: map[string][]string{
				"UM_USER":   {"UM_USER_NAME", "UM_TENANT_ID"},
				"UM_TENANT": {"UM_ID"},
			},
			what: "users belong to a tenant that does not exist",
			query: offenders{
				keys: fmt.Sprintf("SELECT U.UM_TENANT_ID, U.UM_USER_NAME FROM UM_USER U WHERE U.UM_TENANT_ID <> %d "+
					"AND NOT EXISTS (SELECT 1 FROM UM_TENANT T WHERE T.UM_ID = U.UM_TENANT_ID)", superTenantID),
				orderBy: "U.UM_TENANT_ID, U.UM_USER_NAME",
				sample:  tenantKey,
			},
		},
		{
			name:     "hybrid-roles-of-missing-users",
			title:    "every Internal/* role assignment of a PRIMARY user names an existing user",
			severity: verify.SeverityWarning,
			remediation: "UM_HYBRID_USER_ROLE keeps user names as text with no foreign key, so deleting users by hand " +
				"leaves these assignments behind (and a user re-created with that name inherits the roles). Delete " +
				"the rows after a backup, or re-create the users.",
			requires: map[string][]string{
				"UM_HYBRID_USER_ROLE": {"UM_USER_NAME", "UM_ROLE_ID", "UM_TENANT_ID", "UM_DOMAIN_ID"},
				"UM_DOMAIN":           {"UM_DOMAIN_ID", "UM_DOMAIN_NAME", "UM_TENANT_ID"},
				"UM_HYBRID_ROLE":      {"UM_ID", "UM_ROLE_NAME", "UM_TENANT_ID"},
				"UM_USER":             {"UM_USER_NAME", "UM_TENANT_ID"},
			},
			what: "Internal/* role assignments name a PRIMARY user that does not exist",
			// User names compare case-insensitively, as the JDBC user store does by default:
			// a different case is the same user, not an orphan.
			query: offenders{
				keys: "SELECT HR.UM_TENANT_ID, HR.UM_USER_NAME, R.UM_ROLE_NAME FROM UM_HYBRID_USER_ROLE HR " +
					"JOIN UM_DOMAIN D ON D.UM_DOMAIN_ID = HR.UM_DOMAIN_ID AND D.UM_TENANT_ID = HR.UM_TENANT_ID " +
					"LEFT JOIN UM_HYBRID_ROLE R ON R.UM_ID = HR.UM_ROLE_ID AND R.UM_TENANT_ID = HR.UM_TENANT_ID " +
					"WHERE UPPER(D.UM_DOMAIN_NAME) = 'PRIMARY' AND NOT EXISTS (SELECT 1 FROM UM_USER U " +
					"WHERE U.UM_TENANT_ID = HR.UM_TENANT_ID AND LOWER(U.UM_USER_NAME) = LOWER(HR.UM_USER_NAME))",
				orderBy: "HR.UM_TENANT_ID, HR.UM_USER_NAME, R.UM_ROLE_NAME",
				sample: func(c []string) string {
					return fmt.Sprintf("tenant %s: %s (hybrid role %s)", c[0], c[1], c[2])
				},
			},
		},
		{
			name:     "permissions-of-missing-roles",
			title:    "every role permission names an existing role",
			severity: verify.SeverityWarning,
			remediation: "UM_ROLE_PERMISSION keeps role names as text; these rows grant permissions to roles that no " +
				"longer exist, and to any role later created with that name. Delete them after a backup, or " +
				"re-create the roles.",
			requires: map[string][]string{
				"UM_ROLE_PERMISSION": {"UM_PERMISSION_ID", "UM_ROLE_NAME", "UM_TENANT_ID", "UM_DOMAIN_ID"},
				"UM_DOMAIN":          {"UM_DOMAIN_ID", "UM_DOMAIN_NAME", "UM_TENANT_ID"},
				"UM_ROLE":            {"UM_ROLE_NAME", "UM_TENANT_ID"},
				"UM_HYBRID_ROLE":     {"UM_ROLE_NAME", "UM_TENANT_ID"},
			},
			what: "role permissions name a role that exists neither in UM_ROLE nor in UM_HYBRID_ROLE",
			// Only the PRIMARY (UM_ROLE) and Internal (UM_HYBRID_ROLE) domains are judged:
			// roles of secondary user stores live in LDAP or elsewhere, and system roles in
			// UM_SYSTEM_ROLE. Hybrid role names appear with or without their "Internal/"
			// prefix depending on the version that wrote them, on either side.
			query: offenders{
				keys: "SELECT RP.UM_TENANT_ID, RP.UM_ROLE_NAME, RP.UM_PERMISSION_ID FROM UM_ROLE_PERMISSION RP " +
					"JOIN UM_DOMAIN D ON D.UM_DOMAIN_ID = RP.UM_DOMAIN_ID AND D.UM_TENANT_ID = RP.UM_TENANT_ID " +
					"WHERE UPPER(D.UM_DOMAIN_NAME) IN ('PRIMARY', 'INTERNAL') " +
					"AND NOT EXISTS (SELECT 1 FROM UM_ROLE R WHERE R.UM_TENANT_ID = RP.UM_TENANT_ID AND UPPER(R.UM_ROLE_NAME) = UPPER(RP.UM_ROLE_NAME)) " +
					"AND NOT EXISTS (SELECT 1 FROM UM_HYBRID_ROLE H WHERE H.UM_TENANT_ID = RP.UM_TENANT_ID AND (" +
					"UPPER(H.UM_ROLE_NAME) = UPPER(RP.UM_ROLE_NAME) " +
					"OR UPPER(CONCAT('Internal/', H.UM_ROLE_NAME)) = UPPER(RP.UM_ROLE_NAME) " +
					"OR UPPER(H.UM_ROLE_NAME) = UPPER(CONCAT('Internal/', RP.UM_ROLE_NAME))))",
				orderBy: "RP.UM_TENANT_ID, RP.UM_ROLE_NAME, RP.UM_PERMISSION_ID",
				sample: func(c []string) string {
					return fmt.Sprintf("tenant %s: %s (permission id %s)", c[0], c[1], c[2])
				},
			},
		},
	}
	checks := make([]verify.Check, 0, len(rules))
	for _, r := range rules {
		r.family, r.role = verify.FamilyUserManagement, discovery.RoleUM
		checks = append(checks, r.check(cfg))
	}
	return checks
}

// tenantKey formats a (tenant id, name) key.
func tenantKey(c []string) string { return fmt.Sprintf("tenant %s: %s", c[0], c[1]) }
