package catalogue

import (
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

func TestUsersOfMissingTenants(t *testing.T) {
	eachVendor(t, func(f *fixture) {
		f.insert(discovery.RoleUM, "UM_USER", "UM_ID, UM_USER_ID, UM_USER_NAME, UM_TENANT_ID",
			[]any{90, "e0000000-0000-0000-0000-000000000090", "ghost", 7})
		want(f.t, f.run("user-management.users-of-missing-tenants"), verify.StatusFail, 1, "tenant 7: ghost")
	})
}

func TestHybridRolesOfMissingUsers(t *testing.T) {
	eachVendor(t, func(f *fixture) {
		f.insert(discovery.RoleUM, "UM_HYBRID_USER_ROLE", "UM_ID, UM_USER_NAME, UM_ROLE_ID, UM_TENANT_ID, UM_DOMAIN_ID",
			[]any{90, "zoe", 2, superTenantID, domainPrimary},
			[]any{91, "zoe", 3, superTenantID, domainPrimary},
			// alice exists, but in the super tenant only.
			[]any{92, "alice", 1, tenantExample, domainPrimary},
			// Users of secondary stores are not in UM_USER: not judged.
			[]any{93, "erin", 2, superTenantID, domainLDAP2})
		want(f.t, f.run("user-management.hybrid-roles-of-missing-users"), verify.StatusFail, 3,
			"tenant -1234: zoe (hybrid role publisher)", "tenant -1234: zoe (hybrid role subscriber)",
			"tenant 1: alice (hybrid role everyone)")
	})
}

func TestPermissionsOfMissingRoles(t *testing.T) {
	eachVendor(t, func(f *fixture) {
		f.insert(discovery.RoleUM, "UM_ROLE_PERMISSION", "UM_ID, UM_PERMISSION_ID, UM_ROLE_NAME, UM_IS_ALLOWED, UM_TENANT_ID, UM_DOMAIN_ID",
			[]any{90, 1, "oldadmins", 1, superTenantID, domainPrimary},
			[]any{91, 2, "Internal/retired", 1, superTenantID, domainInternal},
			// publisher is a hybrid role: as a PRIMARY role name it is still a role that exists.
			[]any{92, 1, "Internal/publisher", 1, tenantExample, domainPrimary},
			// Secondary-store roles live outside UM: not judged.
			[]any{93, 1, "ldap-admins", 1, superTenantID, domainLDAP2})
		want(f.t, f.run("user-management.permissions-of-missing-roles"), verify.StatusFail, 2,
			"tenant -1234: Internal/retired (permission id 2)", "tenant -1234: oldadmins (permission id 1)")
	})
}
