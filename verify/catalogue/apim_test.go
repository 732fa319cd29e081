package catalogue

import (
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

func TestURLMappingsOfDeletedAPIs(t *testing.T) {
	eachVendor(t, func(f *fixture) {
		f.insert(discovery.RoleAM, "AM_API_URL_MAPPING", "URL_MAPPING_ID, API_ID, HTTP_METHOD, URL_PATTERN",
			[]any{90, 99, "GET", "/a"}, []any{91, 99, "POST", "/a"}, []any{92, 98, "GET", "/b"})
		want(f.t, f.run("apim.url-mappings-of-deleted-apis"), verify.StatusFail, 2,
			"API_ID 98 (1 URL mappings)", "API_ID 99 (2 URL mappings)")
	})
}

func TestPublishedAPIsWithoutDeployment(t *testing.T) {
	eachVendor(t, func(f *fixture) {
		f.exec(discovery.RoleAM,
			// Published, never deployed.
			"UPDATE AM_API SET STATUS = 'PUBLISHED' WHERE API_UUID = '"+apiPizza2+"'",
			// A product whose revision was undeployed: products deploy too.
			"DELETE FROM AM_DEPLOYMENT_REVISION_MAPPING WHERE REVISION_UUID = '"+revProduct+"'")
		want(f.t, f.run("apim.published-apis-without-deployment"), verify.StatusFail, 2,
			"admin/PizzaProduct/1.0.0 ("+apiProduct+")", "admin/PizzaShackAPI/2.0.0 ("+apiPizza2+")")
	})
}

func TestDeployedRevisionsWithoutArtifacts(t *testing.T) {
	eachVendor(t, func(f *fixture) {
		f.exec(discovery.RoleAM, "DELETE FROM AM_GW_API_ARTIFACTS WHERE REVISION_ID = '"+revTenant+"'")
		want(f.t, f.run("apim.deployed-revisions-without-artifacts"), verify.StatusFail, 1,
			"revision "+revTenant+" of API "+apiTenant+" on Default")
	})
}

func TestKeyMappingsWithoutOAuthApps(t *testing.T) {
	eachVendor(t, func(f *fixture) {
		f.insert(discovery.RoleAM, "AM_APPLICATION_KEY_MAPPING", "UUID, APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, KEY_MANAGER",
			[]any{"a3000000-0000-0000-0000-000000000090", 2, "ck-alice-sandbox", "SANDBOX", kmResident},
			// A key manager AM_KEY_MANAGER does not know is judged: its keys cannot work either.
			[]any{"a3000000-0000-0000-0000-000000000091", 1, "ck-admin-production", "PRODUCTION", "c0000000-0000-0000-0000-000000000099"},
			// Third-party key managers keep their apps elsewhere.
			[]any{"a3000000-0000-0000-0000-000000000092", 4, "keycloak-client-dave-sandbox", "SANDBOX", kmKeycloak})
		want(f.t, f.run("apim.key-mappings-without-oauth-apps"), verify.StatusFail, 2,
			"application 1 (DefaultApplication): PRODUCTION keys", "application 2 (DefaultApplication): SANDBOX keys")
	})
}
