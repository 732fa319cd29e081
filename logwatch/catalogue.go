// Package logwatch turns WSO2 log records into Prometheus metrics: it follows each node's log
// files with the tailer, groups lines into records with logparse, classifies every warning
// and error by the known post-migration signatures, logger family and exception class, reads
// the server's lifecycle and the migration client's progress from the logs, and keeps the
// latest error records for the status page and `apimwatch verify`.
package logwatch

import "strings"

// Signature is a known kind of post-migration trouble and how to recognise its records.
type Signature struct {
	ID          string
	Title       string
	Remediation string
	// Harmless marks known noise (F18): counted, so it can be told apart, never alerted on.
	Harmless bool
	// matchers: a record matches when any matcher does.
	matchers []matcher
}

// matcher matches a record whose logger's simple name is logger (any when "") and whose text
// (message, then continuation lines) contains every string of all.
type matcher struct {
	logger string
	all    [][]byte
	// pairs are some byte pairs of each string of all (see pairSet).
	pairs [][]uint32
}

func m(logger string, all ...string) matcher {
	mt := matcher{logger: logger}
	for _, s := range all {
		if strings.ContainsAny(s, "\r\n") {
			panic("logwatch: a signature's text spans lines: " + s) // see classifier.signature
		}
		mt.all = append(mt.all, []byte(s))
		mt.pairs = append(mt.pairs, needlePairs([]byte(s)))
	}
	return mt
}

// builtinSignatures are the post-migration signatures of the domain guide (section 4). F1, F4
// and F5 log nothing (the verify checks find them); F17 is the absence of a line, exported as
// wso2_server_started.
var builtinSignatures = []Signature{
	{ID: "F2", Title: "Registry indexing failures",
		Remediation: "Re-index the registry: bump [indexing] re_indexing in deployment.toml, delete <APIM_HOME>/solr, restart Publisher/DevPortal nodes one at a time.",
		matchers: []matcher{
			m("DocumentIndexer", "Error while getting document content."),
			m("AsyncIndexer", "Error while indexing."),
			m("", "An error occurred while submitting resources for indexing"),
		}},
	{ID: "F3", Title: "Gateway cannot deploy APIs (404s)",
		Remediation: "Check that every published API has a deployed revision with a gateway artifact (apimwatch verify), and that the gateway reaches the control plane's artifact store.",
		matchers: []matcher{
			m("InMemoryAPIDeployer", "Error retrieving artifacts for API"),
			m("InMemoryAPIDeployer", "Error deploying"),
			m("", "Artifact retriever not found"),
			m("", "Storage returned null"),
		}},
	{ID: "F6", Title: "API template drift (Velocity error)",
		Remediation: "Compare repository/resources/api_templates with the new pack's and re-apply customisations to the new templates.",
		matchers:    []matcher{m("APITemplateBuilderImpl", "Velocity Error")}},
	{ID: "F7", Title: "Key manager missing",
		Remediation: "Check AM_KEY_MANAGER for the tenant's Resident Key Manager; re-run the key manager part of the migration for that tenant.",
		matchers: []matcher{
			m("", "Key Manager", "doesn't exist in Tenant"),
			m("", "Error while Retrieving Key Manager configuration for"),
			m("", "Key Manager(s) Not found"),
		}},
	{ID: "F8", Title: "Login or scope validation failures",
		Remediation: "Check the tenant exists in UM_TENANT and the user's roles and scopes survived the migration (apimwatch verify user-management checks).",
		matchers: []matcher{
			m("DefaultRequestCoordinator", "Exception in Authentication Framework", "Invalid tenant domain"),
			m("", "You cannot access API as scope validation failed"),
		}},
	{ID: "F9", Title: "Duplicate scopes",
		Remediation: "Find duplicate scope keys in AM_SCOPE per tenant and remove the duplicates before restarting.",
		matchers: []matcher{
			m("APIManagerComponent", "Error while initializing the API manager component"),
			m("", "Error while saving scopes into db"),
		}},
	{ID: "F10", Title: "Tenant loading failures",
		Remediation: "Check the tenant's synapse artifacts under repository/tenants/<id> and its registry data; the first error of the tenant says which artifact.",
		matchers: []matcher{
			m("TenantAxisUtils", "Error occurred while running deployment for tenant"),
			m("AbstractSynapseArtifactDeployer", "Deployment of synapse artifact failed"),
		}},
	{ID: "F11", Title: "Schema drift: migration scripts not applied",
		Remediation: "Run the target version's migration scripts on every database (REG on the REG database when isSeparateRegistryDB is true); apimwatch verify's schema checks list the missing columns.",
		matchers: []matcher{
			m("", "ORA-00904"),
			m("", "Unknown column"),
			m("", "Invalid column name"),
			m("", "column \"", "\" does not exist"),
			m("", "Duplicate key name"),
			m("", "Unique index or primary key violation"),
		}},
	{ID: "F12", Title: "Database connection pool exhausted",
		Remediation: "Raise maxActive in [database.*.pool_options] (the migration guide advises it), and look for slow queries holding connections.",
		matchers: []matcher{
			m("TransactionManager", "Failed to start new registry transaction."),
			m("", "PoolExhaustedException"),
			m("", "Timeout: Pool empty"),
		}},
	{ID: "F13", Title: "API and registry out of step",
		Remediation: "The API's registry artifact is missing: apimwatch verify's cross-database checks list the APIs; restore the artifact or re-import the API.",
		matchers:    []matcher{m("", "APIMgtResourceNotFoundException", "does not exist")}},
	{ID: "F14", Title: "Invalid API definitions",
		Remediation: "Validate the API's OpenAPI definition and scopes; fix and re-publish it.",
		matchers: []matcher{
			m("", "OpenAPI Definition for API", "is invalid"),
			m("SynapseArtifactGenerator", "Error while creating Synapse configurations"),
			m("", "Scope '' not found."),
		}},
	{ID: "F15", Title: "NullPointerException on migrated APIs",
		Remediation: "Find the API the request touched and compare its AM_API and registry data with a freshly created API.",
		matchers:    []matcher{m("GlobalThrowableMapper", "An unknown exception has been captured by the global exception mapper.", "NullPointerException")}},
	{ID: "F16", Title: "Out of memory",
		Remediation: "Raise -Xmx (JVM_MEM_OPTS; the default is 1 GB), move the old heap-dump.hprof away so a new dump can be written, and analyse the dump.",
		matchers: []matcher{
			m("", "java.lang.OutOfMemoryError"),
			m("", "Dumping heap to"),
		}},
	{ID: "F18", Title: "Known harmless noise", Harmless: true,
		Remediation: "Nothing to do: WSO2 logs this on a healthy node (4.2 startup, fresh-pack templates).",
		matchers: []matcher{
			m("GlobalThrowableMapper", "No API Artifacts"),
			m("", "Templates directory not found"),
			m("", "invalid_tenant_domain_response.html not found"),
		}},
}

// SignatureNone is the signature label of a warning or error that matches no signature.
const SignatureNone = "none"

// BuiltinSignatures returns the built-in catalogue, in order.
func BuiltinSignatures() []Signature { return append([]Signature(nil), builtinSignatures...) }
