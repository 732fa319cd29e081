package sim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/apimwatch/apimwatch/demo/carbonlog"
)

// The records the simulated node writes besides carbonlog's traffic: what 4.2 logs at startup
// and the one-line post-migration errors, taken from WSO2's issue threads (see
// /work/shared/testdata/wso2-logs and the domain guide's signature table).

// noteworthy is a one-line record and the signature it matches ("" for none).
type noteworthy struct {
	level     carbonlog.Level
	logger    string
	text      string
	signature string
}

// freshPackWarnings are the WARNs a 4.2 pack logs at every start: known noise (F18).
var freshPackWarnings = []noteworthy{
	{carbonlog.LevelWarn, "org.wso2.carbon.identity.auth.valve.internal.AuthenticationValveServiceComponent",
		"File invalid_tenant_domain_response.html not found. The default content will be used as the error page content.", "F18"},
	{carbonlog.LevelWarn, "org.wso2.carbon.identity.application.mgt.internal.ApplicationManagementServiceComponent",
		"Templates directory not found at /opt/wso2am-4.2.0/repository/resources/identity/authntemplates", "F18"},
}

// migrationTask is the prefix of the migration client's messages.
const migrationTask = "WSO2 API-M Migration Task : "

// preMigrationRecords are the migration client's pre-migration validation (-DrunPreMigration),
// which runs in a start of its own before the migration. It finds the API definition the new
// side later fails to serve (F14 at the cutover), a warning that does not stop the migration.
func preMigrationRecords(from, to string) []noteworthy {
	const (
		service   = "org.wso2.carbon.apimgt.migration.APIMMigrationService"
		validator = "org.wso2.carbon.apimgt.migration.validator.validators.APIDefinitionValidator"
	)
	return []noteworthy{
		{carbonlog.LevelInfo, service, migrationTask + "Running pre-migration validation from " + from + " to " + to, ""},
		{carbonlog.LevelInfo, validator, migrationTask + "Validating the API definitions of all tenants", ""},
		{carbonlog.LevelWarn, validator, migrationTask + "Definition of API {provider:admin, name:ShippingAPI, version:2.0.0} did not validate: " +
			"attribute paths.'/shipments'(post).requestBody.content is missing", ""},
		{carbonlog.LevelInfo, service, migrationTask + "Pre-migration validation completed with 1 warning", ""},
	}
}

// migrationRecords are the migration client's progress, logged as the new pack migrates the
// old one's data during its start (wso2_migration_* metrics). One step fails: the revision of
// an API whose registry artifact the migration lost (the error WSO2 issue threads show, with
// its exception on the record's line and its frames after).
func migrationRecords(from, to string, rnd *rand.Rand) []noteworthy {
	const (
		service  = "org.wso2.carbon.apimgt.migration.APIMMigrationService"
		migrator = "org.wso2.carbon.apimgt.migration.migrator.v400.V400RegistryResourceMigrator"
	)
	api := uuid(rnd)
	return []noteworthy{
		{carbonlog.LevelInfo, service, migrationTask + "Starting migration from " + from + " to " + to, ""},
		{carbonlog.LevelInfo, service, migrationTask + "Migrating registry artifacts of all tenants", ""},
		{carbonlog.LevelError, migrator, migrationTask + "Error while adding API revisions, API uuid: " + api +
			" org.wso2.carbon.apimgt.migration.APIMigrationException: " + migrationTask + "Error while Store the Revision Artifact for API: " + api + " for tenant -1234(carbon.super)" +
			"\n\tat " + migrator + ".addAPIRevision(V400RegistryResourceMigrator.java:702)" +
			"\n\tat " + migrator + ".apiRevisionRelatedMigration(V400RegistryResourceMigrator.java:476)", ""},
		{carbonlog.LevelInfo, service, migrationTask + "Migrating API revisions and gateway deployments", ""},
		{carbonlog.LevelInfo, service, migrationTask + "Migration completed in 312 sec with 1 failed step", ""},
	}
}

// trafficManagerNotUp is the error both sides log at every start: the publisher's event stream
// looks for the traffic manager before the same node has opened its port.
var trafficManagerNotUp = noteworthy{carbonlog.LevelError, "org.wso2.carbon.databridge.agent.endpoint.DataEndpointConnectionWorker",
	"Error while trying to connect to the endpoint. Cannot borrow client for ssl://10.0.0.12:9711.", ""}

// uuid is a random API or artifact id.
func uuid(rnd *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rnd.Uint32(), rnd.IntN(1<<16), rnd.IntN(1<<12), rnd.IntN(1<<12), rnd.Uint64()&(1<<48-1))
}

// cutoverErrors are the one-line errors that follow the cutover on a badly migrated node,
// besides carbonlog's signature records.
func cutoverErrors(rnd *rand.Rand) []noteworthy {
	return []noteworthy{
		{carbonlog.LevelError, "org.wso2.carbon.apimgt.rest.api.publisher.v1.impl.ApisApiServiceImpl",
			"Error while retrieving API org.wso2.carbon.apimgt.api.APIMgtResourceNotFoundException: Failed to get API. API artifact corresponding to artifactId " + uuid(rnd) + " does not exist", "F13"},
		{carbonlog.LevelError, "org.wso2.carbon.apimgt.impl.definitions.OASParserUtil",
			"OpenAPI Definition for API {provider:admin, name:ShippingAPI, version:2.0.0} is invalid", "F14"},
		{carbonlog.LevelError, "org.wso2.carbon.core.multitenancy.utils.TenantAxisUtils",
			"Error occurred while running deployment for tenant globex.org", "F10"},
	}
}

// gatewayLine is a wso2-apigw-errors.log record in the 3.2-4.2 layout
// `%d{ISO8601} [%X{ip}-%X{host}] [%t] %5p %c{1} %m%n`, the exception on lines of its own.
func gatewayLine(at time.Time, host string, rnd *rand.Rand, level carbonlog.Level, logger, message string, exception ...string) []byte {
	b := at.AppendFormat(nil, "2006-01-02T15:04:05,000")
	b = fmt.Appendf(b, " [10.0.0.12-%s] [PassThroughMessageProcessor-%d] %5s %s %s\n", host, 1+rnd.IntN(200), carbonlog.LevelNames[level], logger, message)
	for _, line := range exception {
		b = append(b, line...)
		b = append(b, '\n')
	}
	return b
}

// storageReturnedNull is the exception of F3 as the gateway error log writes it.
func storageReturnedNull(api string) []string {
	return []string{
		"org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException: Error retrieving artifacts for API " + api + ". Storage returned null",
		"\tat org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.retrieveArtifact(InMemoryAPIDeployer.java:110) ~[org.wso2.carbon.apimgt.gateway_9.28.116.jar:?]",
		"\tat org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.deployAPI(InMemoryAPIDeployer.java:82) ~[org.wso2.carbon.apimgt.gateway_9.28.116.jar:?]",
	}
}
