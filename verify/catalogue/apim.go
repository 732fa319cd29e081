package catalogue

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// The apim family checks the AM tables that hold references with no foreign key (by design, as
// in the gateway artifact store, or by history), where a migration's partial step shows up as
// an API the gateway cannot serve.
func apimChecks(cfg Config) []verify.Check {
	rules := []rowRule{
		{
			name:     "url-mappings-of-deleted-apis",
			title:    "every URL mapping belongs to an existing API",
			severity: verify.SeverityWarning,
			remediation: "AM_API_URL_MAPPING has no foreign key to AM_API: deleting APIs by hand leaves their resources " +
				"behind, with their scope and policy mappings. Delete the rows (and their AM_API_RESOURCE_SCOPE_MAPPING " +
				"rows) after a backup.",
			requires: map[string][]string{
				"AM_API_URL_MAPPING": {"API_ID"},
				"AM_API":             {"API_ID"},
			},
			what: "deleted APIs (API_ID not in AM_API) still have URL mappings",
			query: offenders{
				keys: "SELECT M.API_ID, COUNT(*) AS MAPPINGS FROM AM_API_URL_MAPPING M " +
					"WHERE NOT EXISTS (SELECT 1 FROM AM_API A WHERE A.API_ID = M.API_ID) GROUP BY M.API_ID",
				orderBy: "M.API_ID",
				sample:  func(c []string) string { return fmt.Sprintf("API_ID %s (%s URL mappings)", c[0], c[1]) },
			},
		},
		{
			name:     "published-apis-without-deployment",
			title:    "every PUBLISHED API or API product has a deployed revision",
			severity: verify.SeverityCritical,
			remediation: "The gateway answers 404 for these APIs. In the Publisher, create a revision of each and deploy " +
				"it to the gateway environments it served before the migration (or use apictl to deploy revisions " +
				"in bulk). API products deploy revisions too, and are included.",
			requires: map[string][]string{
				"AM_API":                         {"API_UUID", "API_PROVIDER", "API_NAME", "API_VERSION", "STATUS"},
				"AM_REVISION":                    {"API_UUID", "REVISION_UUID"},
				"AM_DEPLOYMENT_REVISION_MAPPING": {"REVISION_UUID"},
			},
			what: "PUBLISHED APIs have no deployed revision",
			query: offenders{
				keys: "SELECT A.API_PROVIDER, A.API_NAME, A.API_VERSION, A.API_UUID FROM AM_API A WHERE A.STATUS = 'PUBLISHED' " +
					"AND NOT EXISTS (SELECT 1 FROM AM_REVISION R JOIN AM_DEPLOYMENT_REVISION_MAPPING D " +
					"ON D.REVISION_UUID = R.REVISION_UUID WHERE R.API_UUID = A.API_UUID)",
				orderBy: "A.API_PROVIDER, A.API_NAME, A.API_VERSION",
				sample:  apiKey,
			},
		},
		{
			name:     "deployed-revisions-without-artifacts",
			title:    "every deployed revision has its gateway artifact",
			severity: verify.SeverityCritical,
			remediation: "Gateways fail these APIs with \"Error retrieving artifacts for API <uuid>. Storage returned null\". " +
				"Undeploy and redeploy the revision from the Publisher (which regenerates AM_GW_API_ARTIFACTS), or " +
				"create and deploy a new revision.",
			requires: map[string][]string{
				"AM_DEPLOYMENT_REVISION_MAPPING": {"NAME", "REVISION_UUID"},
				"AM_GW_API_ARTIFACTS":            {"REVISION_ID"},
				"AM_REVISION":                    {"API_UUID", "REVISION_UUID"},
			},
			what: "revision deployments have no gateway artifact in AM_GW_API_ARTIFACTS",
			query: offenders{
				keys: "SELECT D.REVISION_UUID, D.NAME, R.API_UUID FROM AM_DEPLOYMENT_REVISION_MAPPING D " +
					"LEFT JOIN AM_REVISION R ON R.REVISION_UUID = D.REVISION_UUID " +
					"WHERE NOT EXISTS (SELECT 1 FROM AM_GW_API_ARTIFACTS G WHERE G.REVISION_ID = D.REVISION_UUID)",
				orderBy: "D.REVISION_UUID, D.NAME",
				sample: func(c []string) string {
					return fmt.Sprintf("revision %s of API %s on %s", c[0], orUnknown(c[2]), c[1])
				},
			},
		},
		{
			name:     "key-mappings-without-oauth-apps",
			title:    "every application key mapping of the resident key manager has its OAuth app",
			severity: verify.SeverityCritical,
			remediation: "These applications cannot get or validate tokens: their OAuth app (IDN_OAUTH_CONSUMER_APPS) is " +
				"gone. Restore the OAuth apps from the pre-migration backup, or remove the keys in the DevPortal and " +
				"generate new ones (clients must then be given the new consumer key and secret).",
			requires: map[string][]string{
				"AM_APPLICATION_KEY_MAPPING": {"APPLICATION_ID", "CONSUMER_KEY", "KEY_TYPE"},
				"AM_APPLICATION":             {"APPLICATION_ID", "NAME"},
				"IDN_OAUTH_CONSUMER_APPS":    {"CONSUMER_KEY"},
			},
			what: "application key mappings name an OAuth app (consumer key) that does not exist",
			// The consumer key is not sampled: the application and key type find the mapping.
			query: offenders{
				keys: "SELECT K.APPLICATION_ID, A.NAME, K.KEY_TYPE FROM AM_APPLICATION_KEY_MAPPING K " +
					"LEFT JOIN AM_APPLICATION A ON A.APPLICATION_ID = K.APPLICATION_ID " +
					"WHERE K.CONSUMER_KEY IS NOT NULL " +
					"AND NOT EXISTS (SELECT 1 FROM IDN_OAUTH_CONSUMER_APPS C WHERE C.CONSUMER_KEY = K.CONSUMER_KEY)",
				orderBy: "K.APPLICATION_ID, K.KEY_TYPE",
				sample: func(c []string) string {
					return fmt.Sprintf("application %s (%s): %s keys", c[0], orUnknown(c[1]), c[2])
				},
			},
			adapt: skipThirdPartyKeyManagers,
		},
	}
	checks := make([]verify.Check, 0, len(rules))
	for _, r := range rules {
		r.family, r.role = verify.FamilyAPIM, discovery.RoleAM
		checks = append(checks, r.check(cfg))
	}
	return checks
}

// skipThirdPartyKeyManagers leaves out the key mappings of key managers other than the
// resident one (type "default"), whose OAuth apps live in the external key manager, not in
// IDN_OAUTH_CONSUMER_APPS. KEY_MANAGER holds the key manager's name (3.2) or UUID (4.x); a
// schema before 3.2 has a single, resident, key manager and no column to filter on.
func skipThirdPartyKeyManagers(ctx context.Context, t tx, o *offenders) error {
	mapping, err := t.columns(ctx, "AM_APPLICATION_KEY_MAPPING")
	if err != nil {
		return err
	}
	managers, err := t.columns(ctx, "AM_KEY_MANAGER")
	if err != nil || !mapping["KEY_MANAGER"] || !managers["UUID"] || !managers["NAME"] || !managers["TYPE"] {
		return err
	}
	// The third-party key managers are read first and named in the query: a correlated NOT
	// EXISTS made PostgreSQL probe IDN_OAUTH_CONSUMER_APPS once per mapping (over 600 s for
	// 200,000 mappings, `make bench-verify`), a plain list lets it hash-join (0.2 s).
	var thirdParty []any
	var uuid, name sql.NullString
	err = t.each(ctx, "SELECT UUID, NAME FROM AM_KEY_MANAGER WHERE TYPE <> 'default'", nil, []any{&uuid, &name}, func() error {
		for _, id := range []sql.NullString{uuid, name} {
			if id.Valid {
				thirdParty = append(thirdParty, id.String)
			}
		}
		return nil
	})
	if err != nil || len(thirdParty) == 0 {
		return err
	}
	placeholders := make([]string, len(thirdParty))
	for i := range thirdParty {
		placeholders[i] = t.dialect.Placeholder(len(o.args) + i + 1)
	}
	o.keys += " AND (K.KEY_MANAGER IS NULL OR K.KEY_MANAGER NOT IN (" + strings.Join(placeholders, ", ") + "))"
	o.args = append(o.args, thirdParty...)
	return nil
}

// apiKey formats a (provider, name, version, uuid) key.
func apiKey(c []string) string { return fmt.Sprintf("%s/%s/%s (%s)", c[0], c[1], c[2], c[3]) }

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}
