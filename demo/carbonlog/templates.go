package carbonlog

import "strconv"

var templates = []template{
	// INFO: the bulk of a busy node's log.
	{weight: 300, level: LevelInfo, logger: "org.apache.synapse.mediators.builtin.LogMediator", ctx: ctxGateway, write: func(g *Generator) {
		i := g.rnd.IntN(len(apis))
		g.s("{api:")
		g.s(apis[i])
		g.s("} To: ")
		g.s(contexts[i])
		g.s(", MessageID: urn:uuid:")
		g.uuid()
		g.s(", correlation_id: ")
		g.uuid()
		g.s(", Direction: ")
		g.s(g.pick([]string{"request", "response"}))
		g.s(", HTTP_METHOD = ")
		g.s(g.pick(methods))
	}},
	{weight: 60, level: LevelInfo, logger: "org.wso2.carbon.apimgt.gateway.handlers.throttling.APIThrottleHandler", ctx: ctxGateway, write: func(g *Generator) {
		g.s("Message throttled out: API ")
		g.s(g.pick(apis))
		g.s(", application ")
		g.n(g.rnd.IntN(400))
		g.s(", tier Unlimited, remaining 0 of ")
		g.n(1000 * (1 + g.rnd.IntN(5)))
	}},
	{weight: 40, level: LevelInfo, logger: "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer", ctx: ctxGateway, write: func(g *Generator) {
		g.s("API ")
		g.uuid()
		g.s(" (")
		g.s(g.pick(apis))
		g.s(") deployed in gateway environment ")
		g.s(g.pick([]string{"Default", "Production and Sandbox", "internal-gw"}))
	}},
	{weight: 50, level: LevelInfo, logger: "org.apache.synapse.transport.passthru.PassThroughHttpSender", ctx: ctxGateway, write: func(g *Generator) {
		g.s("Sending request to backend https://backend-")
		g.n(g.rnd.IntN(8))
		g.s(".internal:8443")
		g.s(g.pick(contexts))
		g.s(" on connection http-outgoing-")
		g.n(g.rnd.IntN(5000))
	}},
	{weight: 45, level: LevelInfo, logger: "org.wso2.carbon.apimgt.rest.api.publisher.v1.impl.ApisApiServiceImpl", ctx: ctxPublisher, write: func(g *Generator) {
		g.s("API ")
		g.s(g.pick(apis))
		g.s(" ")
		g.s(g.pick([]string{"updated", "published", "retrieved", "revision created"}))
		g.s(" by ")
		g.s(g.pick(users))
		g.s(" (API ID ")
		g.uuid()
		g.s(")")
	}},
	{weight: 25, level: LevelInfo, logger: "org.wso2.carbon.apimgt.rest.api.store.v1.impl.SubscriptionsApiServiceImpl", ctx: ctxDevportal, write: func(g *Generator) {
		g.s("Subscription created for application ")
		g.uuid()
		g.s(" to API ")
		g.s(g.pick(apis))
		g.s(" with tier Gold")
	}},
	{weight: 40, level: LevelInfo, logger: "org.wso2.carbon.apimgt.impl.APIProviderImpl", ctx: ctxPublisher, write: func(g *Generator) {
		g.s("Successfully deployed revision ")
		g.uuid()
		g.s(" of API ")
		g.s(g.pick(apis))
		g.s(" to gateway environment Default")
	}},
	{weight: 45, level: LevelInfo, logger: "org.wso2.carbon.apimgt.keymgt.service.TokenRevocationNotifierImpl", ctx: ctxKeyManager, write: func(g *Generator) {
		g.s("Token revocation notification sent for token ")
		g.hex(32)
		g.s(" of consumer key ")
		g.hex(28)
	}},
	{weight: 35, level: LevelInfo, logger: "org.wso2.carbon.apimgt.impl.kmclient.model.KeyManagerEventHandler", ctx: ctxKeyManager, write: func(g *Generator) {
		g.s("Key Manager Resident Key Manager configuration retrieved for tenant ")
		g.s(g.pick([]string{"carbon.super", "wso2.com", "acme.com"}))
	}},
	{weight: 30, level: LevelInfo, logger: "org.wso2.carbon.identity.application.authentication.framework.store.SessionCleanUpService", ctx: ctxEmpty, write: func(g *Generator) {
		g.s("Session Data cleanup task is running successfully for removing expired Data")
	}},
	{weight: 35, level: LevelInfo, logger: "org.wso2.carbon.core.services.util.CarbonAuthenticationUtil", ctx: ctxSystem, write: func(g *Generator) {
		g.s("'")
		g.s(g.pick(users))
		g.s("@carbon.super [-1234]' logged in at [")
		g.buf = g.clock.AppendFormat(g.buf, "2006-01-02 15:04:05,000-0700")
		g.s("]")
	}},
	{weight: 20, level: LevelInfo, logger: "org.wso2.carbon.registry.indexing.IndexingManager", ctx: ctxSystem, write: func(g *Generator) {
		g.s("Indexing started for ")
		g.n(g.rnd.IntN(300))
		g.s(" resources under /_system/governance/apimgt/applicationdata/provider")
	}},
	{weight: 15, level: LevelInfo, logger: "org.wso2.carbon.registry.core.jdbc.dao.JDBCResourceDAO", ctx: ctxSystem, write: func(g *Generator) {
		g.s("Resource /_system/governance/apimgt/applicationdata/provider/admin/")
		g.s(g.pick(apis))
		g.s("/api updated")
	}},
	{weight: 10, level: LevelInfo, logger: "org.wso2.carbon.ndatasource.core.DataSourceRepository", ctx: ctxEmpty, write: func(g *Generator) {
		g.s("Data source ")
		g.s(g.pick([]string{"WSO2AM_DB", "WSO2_SHARED_DB", "WSO2REG_DB"}))
		g.s(" pool statistics: active ")
		g.n(g.rnd.IntN(50))
		g.s(", idle ")
		g.n(g.rnd.IntN(20))
	}},

	// DEBUG: a site that turned on DAO debugging; the SQL text spans lines.
	{weight: 10, level: LevelDebug, logger: "org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO", ctx: ctxPublisher, write: func(g *Generator) {
		g.s("Executing query: SELECT API.API_ID, API.API_UUID, API.API_NAME, API.API_VERSION, API.CONTEXT")
		g.s("\n   FROM AM_API API, AM_SUBSCRIPTION SUB")
		g.s("\n   WHERE SUB.API_ID = API.API_ID AND SUB.APPLICATION_ID = ")
		g.n(g.rnd.IntN(1000))
		g.s("\n   ORDER BY API.API_NAME")
	}},

	// WARN
	{weight: 14, level: LevelWarn, logger: "org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler", ctx: ctxGateway, write: func(g *Generator) {
		g.s("API authentication failure due to ")
		g.s(g.pick([]string{"Missing Credentials", "Invalid Credentials", "Unclassified Authentication Failure"}))
	}},
	{weight: 8, level: LevelWarn, logger: "org.apache.synapse.transport.passthru.SourceHandler", ctx: ctxGateway, write: func(g *Generator) {
		g.s("STATE_DESCRIPTION = Socket Timeout occurred after Server writing the response headers to the client but Server is still writing the response body, INTERNAL_STATE = RESPONSE_BODY, DIRECTION = RESPONSE, CAUSE_OF_ERROR = Connection between the client and the EI timeouts, HTTP_URL = ")
		g.s(g.pick(contexts))
		g.s(", HTTP_METHOD = GET, SOCKET_TIMEOUT = 180000, CLIENT_ADDRESS = /10.0.")
		g.n(g.rnd.IntN(255))
		g.s(".")
		g.n(g.rnd.IntN(255))
		g.s(":")
		g.n(30000 + g.rnd.IntN(30000))
		g.s(", CONNECTION http-incoming-")
		g.n(g.rnd.IntN(90000))
	}},
	{weight: 4, level: LevelWarn, logger: "org.apache.tomcat.jdbc.pool.ConnectionPool", ctx: ctxEmpty, write: func(g *Generator) {
		g.s("Connection has been abandoned PooledConnection[com.mysql.cj.jdbc.ConnectionImpl@")
		g.hex(8)
		g.s("]:java.lang.Exception")
		g.trace(99, "abandoned", "tomcat")
	}},
	{weight: 4, level: LevelWarn, logger: "org.wso2.carbon.identity.oauth2.OAuth2Service", ctx: ctxKeyManager, write: func(g *Generator) {
		g.s("Invalid client credentials for consumer key ")
		g.hex(28)
	}},
	{weight: 2, level: LevelWarn, logger: "org.wso2.carbon.registry.indexing.IndexingManager", ctx: ctxSystem, write: func(g *Generator) {
		g.s("Indexing of resource /_system/governance/apimgt/applicationdata/provider/admin/")
		g.s(g.pick(apis))
		g.s("/documentation/files/guide.pdf skipped: no indexer for application/pdf")
	}},

	// ERROR: the post-migration signatures, with stack traces.
	{weight: 5, level: LevelError, logger: "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer", signature: "F3", ctx: ctxGateway, write: func(g *Generator) {
		g.s("Error deploying ")
		g.uuid()
		g.s(" in Gateway org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException: Error retrieving artifacts for API ")
		g.uuid()
		g.s(". Storage returned null")
		g.trace(99, "retrieve", "deploy")
		if g.rnd.IntN(2) == 0 {
			g.causedBy("org.wso2.carbon.apimgt.api.APIManagementException: Error while retrieving gateway artifacts from the database", "retrieve")
		}
	}},
	{weight: 3, level: LevelError, logger: "org.wso2.carbon.registry.core.dataaccess.TransactionManager", signature: "F12", ctx: ctxPublisher, write: func(g *Generator) {
		g.s("Failed to start new registry transaction. org.wso2.carbon.registry.core.exceptions.RepositoryDBException: Failed to start new registry transaction.")
		g.trace(99, "registry", "rest", "tomcat")
		g.causedBy("org.apache.tomcat.jdbc.pool.PoolExhaustedException: [http-nio-9443-exec-"+strconv.Itoa(1+g.rnd.IntN(200))+"] Timeout: Pool empty. Unable to fetch a connection in 60 seconds, none available[size:50; busy:50; idle:0; lastwait:60000].", "pool")
	}},
	{weight: 3, level: LevelError, logger: "org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO", signature: "F11", ctx: ctxPublisher, write: func(g *Generator) {
		g.s("Error while executing SQL: SELECT API.API_ID, API.ORGANIZATION, API.API_UUID")
		g.s("\n   FROM AM_API API WHERE API.API_UUID = ? java.sql.SQLSyntaxErrorException: Unknown column 'API.ORGANIZATION' in 'field list'")
		g.trace(99, "dao", "rest", "tomcat")
		g.causedBy("java.sql.SQLSyntaxErrorException: Unknown column 'API.ORGANIZATION' in 'field list'", "dao")
	}},
	{weight: 2, level: LevelError, logger: "org.wso2.carbon.apimgt.rest.api.util.exception.GlobalThrowableMapper", signature: "F15", ctx: ctxPublisher, write: func(g *Generator) {
		g.s("An unknown exception has been captured by the global exception mapper. java.lang.NullPointerException")
		g.trace(99, "rest", "tomcat")
	}},
	{weight: 2, level: LevelError, logger: "org.wso2.carbon.registry.indexing.indexer.DocumentIndexer", signature: "F2", ctx: ctxSystem, write: func(g *Generator) {
		g.s("Error while getting document content. java.io.IOException: Stream closed")
		g.trace(99, "indexing")
	}},
	{weight: 2, level: LevelError, logger: "org.wso2.carbon.identity.application.authentication.framework.handler.request.impl.DefaultRequestCoordinator", signature: "F8", ctx: ctxKeyManager, write: func(g *Generator) {
		g.s("Exception in Authentication Framework org.wso2.carbon.identity.application.authentication.framework.exception.FrameworkException: Invalid tenant domain: ")
		g.s(g.pick([]string{"acme.org", "old-tenant.com", "example.net"}))
		g.trace(99, "auth", "tomcat")
	}},
	{weight: 4, level: LevelError, logger: "org.apache.synapse.transport.passthru.TargetHandler", ctx: ctxGateway, write: func(g *Generator) {
		g.s("I/O error: Connection reset by peer java.io.IOException: Connection reset by peer")
		g.trace(99, "passthru")
	}},
	{weight: 3, level: LevelError, logger: "org.wso2.carbon.apimgt.impl.APIConsumerImpl", signature: "F7", ctx: ctxDevportal, write: func(g *Generator) {
		g.s("Key Manager Resident Key Manager doesn't exist in Tenant ")
		g.s(g.pick([]string{"acme.com", "wso2.com"}))
	}},
	{weight: 3, level: LevelError, logger: "org.wso2.carbon.apimgt.gateway.handlers.throttling.ThrottleHandler", ctx: ctxGateway, write: func(g *Generator) {
		g.s("Error while publishing throttling events to global policy server")
	}},
	{weight: 1, level: LevelError, logger: "org.wso2.carbon.apimgt.rest.api.util.exception.GlobalThrowableMapper", signature: "F18", ctx: ctxPublisher, write: func(g *Generator) {
		g.s("No API Artifacts found for API ")
		g.uuid()
	}},
}
