package catalogue

import (
	"github.com/apimwatch/apimwatch/discovery"
)

// The clean dataset: a small node as it looks after a good migration. The super tenant
// (carbon.super, -1234, no UM_TENANT row) and a tenant example.com (1); users admin, alice and
// bob, and carol in example.com; a secondary user store LDAP2 whose user dave subscribes; two
// versions of PizzaShackAPI and an API product by admin, TenantAPI by carol; revisions deployed
// to the gateway environment "Default"; applications with keys of the resident key manager,
// and one with keys of Keycloak (whose OAuth app is not in IDN_OAUTH_CONSUMER_APPS, rightly).

const (
	tenantExample = 1

	// Domain ids (per tenant, as WSO2 numbers them).
	domainPrimary  = 1
	domainInternal = 2
	domainLDAP2    = 3

	apiPizza1   = "a0000000-0000-0000-0000-000000000001" // PizzaShackAPI 1.0.0, PUBLISHED
	apiPizza2   = "a0000000-0000-0000-0000-000000000002" // PizzaShackAPI 2.0.0, CREATED
	apiProduct  = "a0000000-0000-0000-0000-000000000003" // PizzaProduct 1.0.0, PUBLISHED product
	apiTenant   = "a0000000-0000-0000-0000-000000000004" // TenantAPI 1.0.0 of carol@example.com
	revPizza1   = "b0000000-0000-0000-0000-000000000001"
	revProduct  = "b0000000-0000-0000-0000-000000000003"
	revTenant   = "b0000000-0000-0000-0000-000000000004"
	kmResident  = "c0000000-0000-0000-0000-000000000001"
	kmTenant    = "c0000000-0000-0000-0000-000000000002"
	kmKeycloak  = "c0000000-0000-0000-0000-000000000003"
	productType = "application/vnd.wso2-product+xml"
)

func seedUM(f *fixture) {
	um := discovery.RoleUM
	f.insert(um, "UM_TENANT", "UM_ID, UM_TENANT_UUID, UM_DOMAIN_NAME, UM_EMAIL, UM_ACTIVE",
		[]any{tenantExample, "d0000000-0000-0000-0000-000000000001", "example.com", "admin@example.com", true})
	for _, tenant := range []int{superTenantID, tenantExample} {
		f.insert(um, "UM_DOMAIN", "UM_DOMAIN_ID, UM_DOMAIN_NAME, UM_TENANT_ID",
			[]any{domainPrimary, "PRIMARY", tenant}, []any{domainInternal, "Internal", tenant}, []any{domainLDAP2, "LDAP2", tenant})
		f.insert(um, "UM_ROLE", "UM_ID, UM_ROLE_NAME, UM_TENANT_ID", []any{1, "admin", tenant})
		f.insert(um, "UM_HYBRID_ROLE", "UM_ID, UM_ROLE_NAME, UM_TENANT_ID",
			[]any{1, "everyone", tenant}, []any{2, "subscriber", tenant}, []any{3, "publisher", tenant})
		f.insert(um, "UM_PERMISSION", "UM_ID, UM_RESOURCE_ID, UM_ACTION, UM_TENANT_ID",
			[]any{1, "/permission/admin", "ui.execute", tenant},
			[]any{2, "/permission/admin/manage/api/subscribe", "ui.execute", tenant})
		// Hybrid roles named with and without their "Internal/" prefix, as versions wrote them.
		f.insert(um, "UM_ROLE_PERMISSION", "UM_ID, UM_PERMISSION_ID, UM_ROLE_NAME, UM_IS_ALLOWED, UM_TENANT_ID, UM_DOMAIN_ID",
			[]any{1, 1, "admin", 1, tenant, domainPrimary},
			[]any{2, 2, "Internal/subscriber", 1, tenant, domainInternal},
			[]any{3, 2, "publisher", 1, tenant, domainInternal},
			[]any{4, 2, "ldap-developers", 1, tenant, domainLDAP2})
	}
	f.insert(um, "UM_USER", "UM_ID, UM_USER_ID, UM_USER_NAME, UM_TENANT_ID",
		[]any{1, "e0000000-0000-0000-0000-000000000001", "admin", superTenantID},
		[]any{2, "e0000000-0000-0000-0000-000000000002", "alice", superTenantID},
		[]any{3, "e0000000-0000-0000-0000-000000000003", "Bob", superTenantID},
		[]any{4, "e0000000-0000-0000-0000-000000000004", "admin", tenantExample},
		[]any{5, "e0000000-0000-0000-0000-000000000005", "carol", tenantExample})
	f.insert(um, "UM_USER_ROLE", "UM_ID, UM_ROLE_ID, UM_USER_ID, UM_TENANT_ID",
		[]any{1, 1, 1, superTenantID}, []any{2, 1, 4, tenantExample})
	f.insert(um, "UM_HYBRID_USER_ROLE", "UM_ID, UM_USER_NAME, UM_ROLE_ID, UM_TENANT_ID, UM_DOMAIN_ID",
		[]any{1, "admin", 3, superTenantID, domainPrimary},
		[]any{2, "alice", 2, superTenantID, domainPrimary},
		[]any{3, "bob", 2, superTenantID, domainPrimary}, // UM_USER has "Bob": names ignore case
		[]any{4, "dave", 2, superTenantID, domainLDAP2},  // a secondary-store user: not in UM_USER
		[]any{5, "carol", 2, tenantExample, domainPrimary})
}

// seedRegistry plants the API artifacts (with swagger.json beside them), the revision
// artifacts of 4.x, and some REG_LOG rows.
func seedRegistry(f *fixture, v32 bool) {
	r := f.reg
	r.path(superTenantID, "/")
	r.path(tenantExample, "/")
	artifact := func(tenant int, provider, name, version, mediaType, uuid string) {
		dir := apiArtifactPath(provider, name, version)
		r.resource(tenant, dir, "api", mediaType, uuid, true)
		r.resource(tenant, dir, "swagger.json", "application/json", "5"+uuid[1:], true)
	}
	uuids := []string{apiPizza1, apiPizza2, apiProduct, apiTenant}
	if v32 {
		// 3.2's AM_API has no API_UUID: the registry's UUIDs are its own.
		uuids = []string{"f0000000-0000-0000-0000-000000000001", "f0000000-0000-0000-0000-000000000002",
			"f0000000-0000-0000-0000-000000000003", "f0000000-0000-0000-0000-000000000004"}
	}
	artifact(superTenantID, "admin", "PizzaShackAPI", "1.0.0", apiMediaType, uuids[0])
	artifact(superTenantID, "admin", "PizzaShackAPI", "2.0.0", apiMediaType, uuids[1])
	artifact(superTenantID, "admin", "PizzaProduct", "1.0.0", productType, uuids[2])
	artifact(tenantExample, "carol@example.com", "TenantAPI", "1.0.0", apiMediaType, uuids[3])
	if !v32 {
		r.resource(superTenantID, revisionArtifactRoot+apiPizza1+"/1", "api", apiMediaType, revPizza1, true)
		r.resource(superTenantID, revisionArtifactRoot+apiProduct+"/1", "api", productType, revProduct, true)
		r.resource(tenantExample, revisionArtifactRoot+apiTenant+"/1", "api", apiMediaType, revTenant, true)
	}
	for i := range 3 {
		f.insert(discovery.RoleREG, "REG_LOG", "REG_LOG_ID, REG_PATH, REG_USER_ID, REG_ACTION, REG_TENANT_ID",
			[]any{i + 1, apiArtifactPath("admin", "PizzaShackAPI", "1.0.0") + "/api", "admin", 1, superTenantID})
	}
}

// seedAMCommon plants what 3.2 and 4.x share: subscribers, OAuth apps and the gateway details.
func seedAMCommon(f *fixture) {
	am := discovery.RoleAM
	f.insert(am, "AM_SUBSCRIBER", "SUBSCRIBER_ID, USER_ID, TENANT_ID",
		[]any{1, "admin", superTenantID},
		[]any{2, "alice", superTenantID},
		[]any{3, "carol@example.com", tenantExample},
		[]any{4, "LDAP2/dave", superTenantID})
	f.insert(am, "IDN_OAUTH_CONSUMER_APPS", "ID, CONSUMER_KEY, USERNAME, TENANT_ID, APP_NAME",
		[]any{1, "ck-alice-production", "alice", superTenantID, "alice_DefaultApplication_PRODUCTION"},
		[]any{2, "ck-carol-production", "carol", tenantExample, "carol_MobileApp_PRODUCTION"})
	f.insert(am, "AM_GW_PUBLISHED_API_DETAILS", "API_ID, TENANT_DOMAIN, API_PROVIDER, API_NAME, API_VERSION, API_TYPE",
		[]any{apiPizza1, "carbon.super", "admin", "PizzaShackAPI", "1.0.0", "HTTP"},
		[]any{apiTenant, "example.com", "carol@example.com", "TenantAPI", "1.0.0", "HTTP"})
	f.insert(am, "AM_API_URL_MAPPING", "URL_MAPPING_ID, API_ID, HTTP_METHOD, AUTH_SCHEME, URL_PATTERN",
		[]any{1, 1, "GET", "Any", "/menu"}, []any{2, 1, "POST", "Any", "/order"},
		[]any{3, 2, "GET", "Any", "/menu"}, []any{4, 4, "GET", "Any", "/*"})
}

func seedAM(f *fixture) {
	am := discovery.RoleAM
	f.insert(am, "AM_API", "API_ID, API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, API_TYPE, ORGANIZATION, STATUS, REVISIONS_CREATED",
		[]any{1, apiPizza1, "admin", "PizzaShackAPI", "1.0.0", "/pizzashack/1.0.0", "HTTP", "carbon.super", "PUBLISHED", 1},
		[]any{2, apiPizza2, "admin", "PizzaShackAPI", "2.0.0", "/pizzashack/2.0.0", "HTTP", "carbon.super", "CREATED", 0},
		[]any{3, apiProduct, "admin", "PizzaProduct", "1.0.0", "/pizzaproduct/1.0.0", "APIProduct", "carbon.super", "PUBLISHED", 1},
		[]any{4, apiTenant, "carol@example.com", "TenantAPI", "1.0.0", "/t/example.com/tenant/1.0.0", "HTTP", "example.com", "PUBLISHED", 1})
	seedAMCommon(f)
	f.insert(am, "AM_APPLICATION", "APPLICATION_ID, NAME, SUBSCRIBER_ID, UUID, ORGANIZATION",
		[]any{1, "DefaultApplication", 1, "a1000000-0000-0000-0000-000000000001", "carbon.super"},
		[]any{2, "DefaultApplication", 2, "a1000000-0000-0000-0000-000000000002", "carbon.super"},
		[]any{3, "MobileApp", 3, "a1000000-0000-0000-0000-000000000003", "example.com"},
		[]any{4, "DaveApp", 4, "a1000000-0000-0000-0000-000000000004", "carbon.super"})
	f.insert(am, "AM_SUBSCRIPTION", "SUBSCRIPTION_ID, TIER_ID, API_ID, APPLICATION_ID, SUB_STATUS, UUID",
		[]any{1, "Unlimited", 1, 2, "UNBLOCKED", "a2000000-0000-0000-0000-000000000001"},
		[]any{2, "Unlimited", 4, 3, "UNBLOCKED", "a2000000-0000-0000-0000-000000000002"})
	f.insert(am, "AM_KEY_MANAGER", "UUID, NAME, TYPE, ORGANIZATION",
		[]any{kmResident, "Resident Key Manager", "default", "carbon.super"},
		[]any{kmTenant, "Resident Key Manager", "default", "example.com"},
		[]any{kmKeycloak, "Keycloak", "KeyCloak", "carbon.super"})
	f.insert(am, "AM_APPLICATION_KEY_MAPPING", "UUID, APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, KEY_MANAGER",
		[]any{"a3000000-0000-0000-0000-000000000001", 2, "ck-alice-production", "PRODUCTION", kmResident},
		[]any{"a3000000-0000-0000-0000-000000000002", 3, "ck-carol-production", "PRODUCTION", kmTenant},
		[]any{"a3000000-0000-0000-0000-000000000003", 4, "keycloak-client-dave", "PRODUCTION", kmKeycloak})
	f.insert(am, "AM_REVISION", "ID, API_UUID, REVISION_UUID, DESCRIPTION",
		[]any{1, apiPizza1, revPizza1, "migrated"}, []any{1, apiProduct, revProduct, "migrated"},
		[]any{1, apiTenant, revTenant, "migrated"})
	f.insert(am, "AM_DEPLOYMENT_REVISION_MAPPING", "NAME, VHOST, REVISION_UUID",
		[]any{"Default", "localhost", revPizza1}, []any{"Default", "localhost", revProduct},
		[]any{"Default", "localhost", revTenant})
	f.insert(am, "AM_GW_API_ARTIFACTS", "API_ID, REVISION_ID",
		[]any{apiPizza1, revPizza1}, []any{apiProduct, revProduct}, []any{apiTenant, revTenant})
	f.insert(am, "AM_GW_API_DEPLOYMENTS", "API_ID, REVISION_ID, LABEL, VHOST",
		[]any{apiPizza1, revPizza1, "Default", "localhost"}, []any{apiProduct, revProduct, "Default", "localhost"},
		[]any{apiTenant, revTenant, "Default", "localhost"})
	f.insert(am, "AM_SYSTEM_CONFIGS", "ORGANIZATION, CONFIG_TYPE, CONFIGURATION",
		[]any{"carbon.super", "tenant", "{}"}, []any{"example.com", "tenant", "{}"})
}

// seedAM32 is seedAM on the 3.2 schema: no UUIDs, organizations, statuses or revisions.
func seedAM32(f *fixture) {
	am := discovery.RoleAM
	f.insert(am, "AM_API", "API_ID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, API_TYPE",
		[]any{1, "admin", "PizzaShackAPI", "1.0.0", "/pizzashack/1.0.0", "HTTP"},
		[]any{2, "admin", "PizzaShackAPI", "2.0.0", "/pizzashack/2.0.0", "HTTP"},
		[]any{3, "admin", "PizzaProduct", "1.0.0", "/pizzaproduct/1.0.0", "APIProduct"},
		[]any{4, "carol@example.com", "TenantAPI", "1.0.0", "/t/example.com/tenant/1.0.0", "HTTP"})
	seedAMCommon(f)
	f.insert(am, "AM_APPLICATION", "APPLICATION_ID, NAME, SUBSCRIBER_ID, UUID",
		[]any{1, "DefaultApplication", 1, "a1000000-0000-0000-0000-000000000001"},
		[]any{2, "DefaultApplication", 2, "a1000000-0000-0000-0000-000000000002"},
		[]any{3, "MobileApp", 3, "a1000000-0000-0000-0000-000000000003"})
	f.insert(am, "AM_KEY_MANAGER", "UUID, NAME, TYPE, TENANT_DOMAIN",
		[]any{kmResident, "Resident Key Manager", "default", "carbon.super"},
		[]any{kmTenant, "Resident Key Manager", "default", "example.com"})
	f.insert(am, "AM_APPLICATION_KEY_MAPPING", "UUID, APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, KEY_MANAGER",
		[]any{"a3000000-0000-0000-0000-000000000001", 2, "ck-alice-production", "PRODUCTION", "Resident Key Manager"},
		[]any{"a3000000-0000-0000-0000-000000000002", 3, "ck-carol-production", "PRODUCTION", "Resident Key Manager"})
	f.insert(am, "AM_GW_API_ARTIFACTS", "API_ID, GATEWAY_LABEL, GATEWAY_INSTRUCTION",
		[]any{"f0000000-0000-0000-0000-000000000001", "Production and Sandbox", "Publish"})
}
