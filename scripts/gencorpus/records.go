package main

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Levels as wso2carbon.log writes them (%5p right-aligns to five characters).
const (
	levelDebug = iota
	levelInfo
	levelWarn
	levelError
	levelCount
)

var levelNames = [levelCount]string{"DEBUG", "INFO", "WARN", "ERROR"}
var levelPadded = [levelCount]string{"DEBUG", " INFO", " WARN", "ERROR"}

// counts are what the generator wrote: the figures the benchmark checks the agent against.
type counts struct {
	bytes, lines, records int64
	byLevel               [levelCount]int64
}

// generator writes wso2carbon.log records in the 4.x layout
// `TID: [%tenantId] [%appName] [%d] %5p {%c} - %m%ex%n`, deterministically from its seed.
type generator struct {
	rnd   *rand.Rand
	clock time.Time
	// live: timestamps follow the wall clock instead of the seeded clock.
	live bool
	// scratch for the record being built
	buf []byte
}

func newGenerator(seed uint64, start time.Time) *generator {
	return &generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), clock: start}
}

// template is one kind of record: its level, logger, where it is logged from, and how its
// message (and exception, frames, continuation lines) is written.
type template struct {
	weight int
	level  int
	logger string
	ctx    origin // tenant and app the record is logged with
	write  func(g *generator)
}

// origin is the tenant/app pair distribution of a template.
type origin int

const (
	ctxGateway   origin = iota // transport threads: -1 or -1234, no app
	ctxPublisher               // REST APIs: super tenant or a tenant, api/am/publisher
	ctxDevportal
	ctxKeyManager // oauth2, internal/data/v1
	ctxSystem     // -1234, no app; sometimes empty fields
	ctxEmpty      // background threads: TID: [] []
)

var tenants = []string{"1", "2", "5", "12", "37"}

func (g *generator) tenantApp(c origin) (string, string) {
	r := g.rnd.IntN(100)
	switch c {
	case ctxGateway:
		if r < 55 {
			return "-1", ""
		}
		if r < 92 {
			return "-1234", ""
		}
		return tenants[g.rnd.IntN(len(tenants))], ""
	case ctxPublisher, ctxDevportal:
		app := "api/am/publisher"
		if c == ctxDevportal {
			app = "api/am/devportal"
		}
		if r < 75 {
			return "-1234", app
		}
		return tenants[g.rnd.IntN(len(tenants))], app
	case ctxKeyManager:
		app := "oauth2"
		if r%3 == 0 {
			app = "internal/data/v1"
		}
		if r < 80 {
			return "-1234", app
		}
		return tenants[g.rnd.IntN(len(tenants))], app
	case ctxSystem:
		if r < 85 {
			return "-1234", ""
		}
		return "", ""
	default:
		return "", ""
	}
}

func (g *generator) s(text string) { g.buf = append(g.buf, text...) }

func (g *generator) n(v int) { g.buf = strconv.AppendInt(g.buf, int64(v), 10) }

func (g *generator) pick(options []string) string { return options[g.rnd.IntN(len(options))] }

const hexDigits = "0123456789abcdef"

func (g *generator) hex(n int) {
	for range n {
		g.buf = append(g.buf, hexDigits[g.rnd.IntN(16)])
	}
}

func (g *generator) uuid() {
	g.hex(8)
	g.s("-")
	g.hex(4)
	g.s("-4")
	g.hex(3)
	g.s("-a")
	g.hex(3)
	g.s("-")
	g.hex(12)
}

var apis = []string{"PizzaShackAPI:v1.0.0", "OrdersAPI:v2.1.0", "PaymentsAPI:v1.4.2", "CustomerProfileAPI:v3.0.0",
	"InventoryAPI:v1.0.5", "ShippingAPI:v2.0.0", "LoyaltyAPI:v1.1.0", "NotificationsAPI:v1.0.0"}
var contexts = []string{"/pizzashack/1.0.0/menu", "/orders/2.1.0/orders", "/payments/1.4.2/charges", "/customers/3.0.0/profile",
	"/inventory/1.0.5/items", "/shipping/2.0.0/quotes", "/loyalty/1.1.0/points", "/notifications/1.0.0/send"}
var users = []string{"admin", "publisher1", "creator@wso2.com", "subscriber7", "ops-bot", "jane.doe@acme.com"}
var methods = []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}

// frames are stack frames, top first, by where an exception is thrown.
var frames = map[string][]string{
	"deploy": {
		"org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.deployAPI_aroundBody0(InMemoryAPIDeployer.java:118)",
		"org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.deployAPI(InMemoryAPIDeployer.java:94)",
		"org.wso2.carbon.apimgt.gateway.listeners.GatewayJMSMessageListener.handleNotificationMessage_aroundBody4(GatewayJMSMessageListener.java:187)",
		"org.wso2.carbon.apimgt.gateway.listeners.GatewayJMSMessageListener.handleNotificationMessage(GatewayJMSMessageListener.java:143)",
		"org.wso2.carbon.apimgt.gateway.listeners.GatewayJMSMessageListener.onMessage_aroundBody0(GatewayJMSMessageListener.java:104)",
		"org.wso2.carbon.apimgt.gateway.listeners.GatewayJMSMessageListener.onMessage(GatewayJMSMessageListener.java:70)",
		"org.apache.qpid.client.BasicMessageConsumer.notifyMessage(BasicMessageConsumer.java:761)",
		"org.apache.qpid.client.BasicMessageConsumer.notifyMessage(BasicMessageConsumer.java:735)",
		"org.apache.qpid.client.AMQSession$Dispatcher.notifyConsumer(AMQSession.java:3643)",
		"org.apache.qpid.client.AMQSession$Dispatcher.dispatchMessage(AMQSession.java:3582)",
		"org.apache.qpid.client.AMQSession$Dispatcher.run(AMQSession.java:3419)",
	},
	"retrieve": {
		"org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.DBRetriever.retrieveArtifact(DBRetriever.java:102)",
		"org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.retrieveArtifact_aroundBody2(InMemoryAPIDeployer.java:341)",
		"org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.retrieveArtifact(InMemoryAPIDeployer.java:322)",
	},
	"registry": {
		"org.wso2.carbon.registry.core.jdbc.dataaccess.JDBCTransactionManager.beginTransaction(JDBCTransactionManager.java:96)",
		"org.wso2.carbon.registry.core.jdbc.EmbeddedRegistry.beginTransaction(EmbeddedRegistry.java:339)",
		"org.wso2.carbon.registry.core.jdbc.EmbeddedRegistry.get(EmbeddedRegistry.java:536)",
		"org.wso2.carbon.registry.core.caching.CacheBackedRegistry.getFromCache(CacheBackedRegistry.java:163)",
		"org.wso2.carbon.registry.core.caching.CacheBackedRegistry.get(CacheBackedRegistry.java:142)",
		"org.wso2.carbon.registry.core.session.UserRegistry.getInternal(UserRegistry.java:613)",
		"org.wso2.carbon.registry.core.session.UserRegistry.access$400(UserRegistry.java:61)",
		"org.wso2.carbon.registry.core.session.UserRegistry$5.run(UserRegistry.java:596)",
		"org.wso2.carbon.registry.core.session.UserRegistry$5.run(UserRegistry.java:593)",
		"java.base/java.security.AccessController.doPrivileged(Native Method)",
		"org.wso2.carbon.registry.core.session.UserRegistry.get(UserRegistry.java:593)",
		"org.wso2.carbon.apimgt.impl.APIProviderImpl.getAPIbyUUID(APIProviderImpl.java:4602)",
	},
	"pool": {
		"org.apache.tomcat.jdbc.pool.ConnectionPool.borrowConnection(ConnectionPool.java:723)",
		"org.apache.tomcat.jdbc.pool.ConnectionPool.getConnection(ConnectionPool.java:198)",
		"org.apache.tomcat.jdbc.pool.DataSourceProxy.getConnection(DataSourceProxy.java:132)",
		"org.wso2.carbon.registry.core.jdbc.dataaccess.JDBCTransactionManager.beginTransaction(JDBCTransactionManager.java:91)",
	},
	"dao": {
		"com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:121)",
		"com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping.translateException(SQLExceptionsMapping.java:122)",
		"com.mysql.cj.jdbc.ClientPreparedStatement.executeInternal(ClientPreparedStatement.java:916)",
		"com.mysql.cj.jdbc.ClientPreparedStatement.executeQuery(ClientPreparedStatement.java:972)",
		"org.apache.tomcat.jdbc.pool.StatementFacade$StatementProxy.invoke(StatementFacade.java:114)",
		"com.sun.proxy.$Proxy52.executeQuery(Unknown Source)",
		"org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO.getLightWeightAPIInfoByAPIIdentifier(ApiMgtDAO.java:7394)",
		"org.wso2.carbon.apimgt.impl.APIProviderImpl.getLightweightAPIByUUID(APIProviderImpl.java:5488)",
	},
	"rest": {
		"org.wso2.carbon.apimgt.rest.api.publisher.v1.impl.ApisApiServiceImpl.getAPI(ApisApiServiceImpl.java:1120)",
		"org.wso2.carbon.apimgt.rest.api.publisher.v1.ApisApi.getAPI(ApisApi.java:1086)",
		"java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
		"java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62)",
		"java.base/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)",
		"java.base/java.lang.reflect.Method.invoke(Method.java:566)",
		"org.apache.cxf.service.invoker.AbstractInvoker.performInvocation(AbstractInvoker.java:179)",
		"org.apache.cxf.service.invoker.AbstractInvoker.invoke(AbstractInvoker.java:96)",
		"org.apache.cxf.jaxrs.JAXRSInvoker.invoke(JAXRSInvoker.java:201)",
		"org.apache.cxf.jaxrs.JAXRSInvoker.invoke(JAXRSInvoker.java:104)",
		"org.apache.cxf.interceptor.ServiceInvokerInterceptor$1.run(ServiceInvokerInterceptor.java:59)",
		"org.apache.cxf.interceptor.ServiceInvokerInterceptor.handleMessage(ServiceInvokerInterceptor.java:96)",
		"org.apache.cxf.phase.PhaseInterceptorChain.doIntercept(PhaseInterceptorChain.java:308)",
		"org.apache.cxf.transport.ChainInitiationObserver.onMessage(ChainInitiationObserver.java:121)",
		"org.apache.cxf.transport.http.AbstractHTTPDestination.invoke(AbstractHTTPDestination.java:265)",
		"org.apache.cxf.transport.servlet.ServletController.invokeDestination(ServletController.java:234)",
		"org.apache.cxf.transport.servlet.ServletController.invoke(ServletController.java:208)",
		"org.apache.cxf.transport.servlet.CXFNonSpringServlet.invoke(CXFNonSpringServlet.java:225)",
		"org.apache.cxf.transport.servlet.AbstractHTTPServlet.handleRequest(AbstractHTTPServlet.java:298)",
		"org.apache.cxf.transport.servlet.AbstractHTTPServlet.doGet(AbstractHTTPServlet.java:222)",
		"javax.servlet.http.HttpServlet.service(HttpServlet.java:626)",
		"org.apache.cxf.transport.servlet.AbstractHTTPServlet.service(AbstractHTTPServlet.java:273)",
	},
	"tomcat": {
		"org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:227)",
		"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:162)",
		"org.apache.tomcat.websocket.server.WsFilter.doFilter(WsFilter.java:53)",
		"org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:189)",
		"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:162)",
		"org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:197)",
		"org.apache.catalina.core.StandardContextValve.invoke(StandardContextValve.java:97)",
		"org.apache.catalina.authenticator.AuthenticatorBase.invoke(AuthenticatorBase.java:540)",
		"org.wso2.carbon.identity.context.rewrite.valve.TenantContextRewriteValve.invoke(TenantContextRewriteValve.java:110)",
		"org.wso2.carbon.identity.authz.valve.AuthorizationValve.invoke(AuthorizationValve.java:133)",
		"org.wso2.carbon.identity.auth.valve.AuthenticationValve.invoke(AuthenticationValve.java:111)",
		"org.wso2.carbon.tomcat.ext.valves.CompositeValve.continueInvocation(CompositeValve.java:101)",
		"org.wso2.carbon.tomcat.ext.valves.CarbonTomcatValve$1.invoke(CarbonTomcatValve.java:47)",
		"org.wso2.carbon.webapp.mgt.TenantLazyLoaderValve.invoke(TenantLazyLoaderValve.java:57)",
		"org.wso2.carbon.tomcat.ext.valves.TomcatValveContainer.invokeValves(TomcatValveContainer.java:49)",
		"org.wso2.carbon.tomcat.ext.valves.CompositeValve.invoke(CompositeValve.java:62)",
		"org.wso2.carbon.tomcat.ext.valves.CarbonStuckThreadDetectionValve.invoke(CarbonStuckThreadDetectionValve.java:145)",
		"org.apache.catalina.valves.AbstractAccessLogValve.invoke(AbstractAccessLogValve.java:687)",
		"org.wso2.carbon.tomcat.ext.valves.CarbonContextCreatorValve.invoke(CarbonContextCreatorValve.java:59)",
		"org.apache.catalina.core.StandardHostValve.invoke(StandardHostValve.java:135)",
		"org.apache.catalina.valves.ErrorReportValve.invoke(ErrorReportValve.java:92)",
		"org.apache.catalina.core.StandardEngineValve.invoke(StandardEngineValve.java:78)",
		"org.apache.catalina.connector.CoyoteAdapter.service(CoyoteAdapter.java:359)",
		"org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:399)",
		"org.apache.coyote.AbstractProcessorLight.process(AbstractProcessorLight.java:65)",
		"org.apache.coyote.AbstractProtocol$ConnectionHandler.process(AbstractProtocol.java:889)",
		"org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1743)",
		"org.apache.tomcat.util.net.SocketProcessorBase.run(SocketProcessorBase.java:49)",
		"org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1191)",
		"org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)",
		"org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:61)",
		"java.base/java.lang.Thread.run(Thread.java:829)",
	},
	"indexing": {
		"org.wso2.carbon.registry.indexing.indexer.DocumentIndexer.getIndexedDocument(DocumentIndexer.java:74)",
		"org.wso2.carbon.registry.indexing.AsyncIndexer$IndexingTask.run(AsyncIndexer.java:299)",
		"java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:515)",
		"java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)",
		"java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1128)",
		"java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:628)",
		"java.base/java.lang.Thread.run(Thread.java:829)",
	},
	"passthru": {
		"java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)",
		"java.base/sun.nio.ch.SocketDispatcher.read(SocketDispatcher.java:39)",
		"java.base/sun.nio.ch.IOUtil.readIntoNativeBuffer(IOUtil.java:276)",
		"java.base/sun.nio.ch.IOUtil.read(IOUtil.java:233)",
		"java.base/sun.nio.ch.SocketChannelImpl.read(SocketChannelImpl.java:358)",
		"org.apache.http.impl.nio.reactor.SessionInputBufferImpl.fill(SessionInputBufferImpl.java:231)",
		"org.apache.http.impl.nio.codecs.AbstractMessageParser.fillBuffer(AbstractMessageParser.java:136)",
		"org.apache.http.impl.nio.DefaultNHttpClientConnection.consumeInput(DefaultNHttpClientConnection.java:241)",
		"org.apache.synapse.transport.http.conn.LoggingNHttpClientConnection.consumeInput(LoggingNHttpClientConnection.java:112)",
		"org.apache.http.impl.nio.client.InternalIODispatch.onInputReady(InternalIODispatch.java:81)",
		"org.apache.http.impl.nio.reactor.AbstractIODispatch.inputReady(AbstractIODispatch.java:114)",
		"org.apache.http.impl.nio.reactor.BaseIOReactor.readable(BaseIOReactor.java:162)",
		"org.apache.http.impl.nio.reactor.AbstractIOReactor.processEvent(AbstractIOReactor.java:337)",
		"org.apache.http.impl.nio.reactor.AbstractIOReactor.processEvents(AbstractIOReactor.java:315)",
		"org.apache.http.impl.nio.reactor.AbstractIOReactor.execute(AbstractIOReactor.java:276)",
		"org.apache.http.impl.nio.reactor.BaseIOReactor.execute(BaseIOReactor.java:104)",
		"org.apache.http.impl.nio.reactor.AbstractMultiworkerIOReactor$Worker.run(AbstractMultiworkerIOReactor.java:591)",
		"java.base/java.lang.Thread.run(Thread.java:829)",
	},
	"auth": {
		"org.wso2.carbon.identity.application.authentication.framework.handler.request.impl.DefaultRequestCoordinator.handle(DefaultRequestCoordinator.java:158)",
		"org.wso2.carbon.identity.application.authentication.framework.handler.request.impl.DefaultRequestCoordinator.handle(DefaultRequestCoordinator.java:101)",
		"org.wso2.carbon.identity.application.authentication.framework.CommonAuthenticationHandler.doPost(CommonAuthenticationHandler.java:45)",
		"org.wso2.carbon.identity.application.authentication.framework.servlet.CommonAuthenticationServlet.doPost(CommonAuthenticationServlet.java:53)",
		"javax.servlet.http.HttpServlet.service(HttpServlet.java:681)",
		"javax.servlet.http.HttpServlet.service(HttpServlet.java:764)",
	},
	"abandoned": {
		"org.apache.tomcat.jdbc.pool.ConnectionPool.getThreadDump(ConnectionPool.java:1163)",
		"org.apache.tomcat.jdbc.pool.ConnectionPool.borrowConnection(ConnectionPool.java:816)",
		"org.apache.tomcat.jdbc.pool.ConnectionPool.borrowConnection(ConnectionPool.java:660)",
		"org.apache.tomcat.jdbc.pool.ConnectionPool.getConnection(ConnectionPool.java:198)",
		"org.apache.tomcat.jdbc.pool.DataSourceProxy.getConnection(DataSourceProxy.java:132)",
		"org.wso2.carbon.apimgt.impl.utils.APIMgtDBUtil.getConnection(APIMgtDBUtil.java:96)",
		"org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO.getSubscribedAPIs(ApiMgtDAO.java:2384)",
	},
}

// trace writes the frames of the named stacks, in order, up to limit frames ("" stacks end).
func (g *generator) trace(limit int, stacks ...string) int {
	written := 0
	for _, name := range stacks {
		for _, f := range frames[name] {
			if written == limit {
				return written
			}
			g.s("\n\tat ")
			g.s(f)
			written++
		}
	}
	return written
}

// causedBy writes a "Caused by:" line, a few frames of stack, and "\t... N more".
func (g *generator) causedBy(exception string, stack string) {
	g.s("\nCaused by: ")
	g.s(exception)
	g.trace(2+g.rnd.IntN(len(frames[stack])-1), stack)
	g.s("\n\t... ")
	g.n(8 + g.rnd.IntN(60))
	g.s(" more")
}

var templates = []template{
	// INFO: the bulk of a busy node's log.
	{weight: 300, level: levelInfo, logger: "org.apache.synapse.mediators.builtin.LogMediator", ctx: ctxGateway, write: func(g *generator) {
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
	{weight: 60, level: levelInfo, logger: "org.wso2.carbon.apimgt.gateway.handlers.throttling.APIThrottleHandler", ctx: ctxGateway, write: func(g *generator) {
		g.s("Message throttled out: API ")
		g.s(g.pick(apis))
		g.s(", application ")
		g.n(g.rnd.IntN(400))
		g.s(", tier Unlimited, remaining 0 of ")
		g.n(1000 * (1 + g.rnd.IntN(5)))
	}},
	{weight: 40, level: levelInfo, logger: "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer", ctx: ctxGateway, write: func(g *generator) {
		g.s("API ")
		g.uuid()
		g.s(" (")
		g.s(g.pick(apis))
		g.s(") deployed in gateway environment ")
		g.s(g.pick([]string{"Default", "Production and Sandbox", "internal-gw"}))
	}},
	{weight: 50, level: levelInfo, logger: "org.apache.synapse.transport.passthru.PassThroughHttpSender", ctx: ctxGateway, write: func(g *generator) {
		g.s("Sending request to backend https://backend-")
		g.n(g.rnd.IntN(8))
		g.s(".internal:8443")
		g.s(g.pick(contexts))
		g.s(" on connection http-outgoing-")
		g.n(g.rnd.IntN(5000))
	}},
	{weight: 45, level: levelInfo, logger: "org.wso2.carbon.apimgt.rest.api.publisher.v1.impl.ApisApiServiceImpl", ctx: ctxPublisher, write: func(g *generator) {
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
	{weight: 25, level: levelInfo, logger: "org.wso2.carbon.apimgt.rest.api.store.v1.impl.SubscriptionsApiServiceImpl", ctx: ctxDevportal, write: func(g *generator) {
		g.s("Subscription created for application ")
		g.uuid()
		g.s(" to API ")
		g.s(g.pick(apis))
		g.s(" with tier Gold")
	}},
	{weight: 40, level: levelInfo, logger: "org.wso2.carbon.apimgt.impl.APIProviderImpl", ctx: ctxPublisher, write: func(g *generator) {
		g.s("Successfully deployed revision ")
		g.uuid()
		g.s(" of API ")
		g.s(g.pick(apis))
		g.s(" to gateway environment Default")
	}},
	{weight: 45, level: levelInfo, logger: "org.wso2.carbon.apimgt.keymgt.service.TokenRevocationNotifierImpl", ctx: ctxKeyManager, write: func(g *generator) {
		g.s("Token revocation notification sent for token ")
		g.hex(32)
		g.s(" of consumer key ")
		g.hex(28)
	}},
	{weight: 35, level: levelInfo, logger: "org.wso2.carbon.apimgt.impl.kmclient.model.KeyManagerEventHandler", ctx: ctxKeyManager, write: func(g *generator) {
		g.s("Key Manager Resident Key Manager configuration retrieved for tenant ")
		g.s(g.pick([]string{"carbon.super", "wso2.com", "acme.com"}))
	}},
	{weight: 30, level: levelInfo, logger: "org.wso2.carbon.identity.application.authentication.framework.store.SessionCleanUpService", ctx: ctxEmpty, write: func(g *generator) {
		g.s("Session Data cleanup task is running successfully for removing expired Data")
	}},
	{weight: 35, level: levelInfo, logger: "org.wso2.carbon.core.services.util.CarbonAuthenticationUtil", ctx: ctxSystem, write: func(g *generator) {
		g.s("'")
		g.s(g.pick(users))
		g.s("@carbon.super [-1234]' logged in at [")
		g.buf = g.clock.AppendFormat(g.buf, "2006-01-02 15:04:05,000-0700")
		g.s("]")
	}},
	{weight: 20, level: levelInfo, logger: "org.wso2.carbon.registry.indexing.IndexingManager", ctx: ctxSystem, write: func(g *generator) {
		g.s("Indexing started for ")
		g.n(g.rnd.IntN(300))
		g.s(" resources under /_system/governance/apimgt/applicationdata/provider")
	}},
	{weight: 15, level: levelInfo, logger: "org.wso2.carbon.registry.core.jdbc.dao.JDBCResourceDAO", ctx: ctxSystem, write: func(g *generator) {
		g.s("Resource /_system/governance/apimgt/applicationdata/provider/admin/")
		g.s(g.pick(apis))
		g.s("/api updated")
	}},
	{weight: 10, level: levelInfo, logger: "org.wso2.carbon.ndatasource.core.DataSourceRepository", ctx: ctxEmpty, write: func(g *generator) {
		g.s("Data source ")
		g.s(g.pick([]string{"WSO2AM_DB", "WSO2_SHARED_DB", "WSO2REG_DB"}))
		g.s(" pool statistics: active ")
		g.n(g.rnd.IntN(50))
		g.s(", idle ")
		g.n(g.rnd.IntN(20))
	}},

	// DEBUG: a site that turned on DAO debugging; the SQL text spans lines.
	{weight: 10, level: levelDebug, logger: "org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO", ctx: ctxPublisher, write: func(g *generator) {
		g.s("Executing query: SELECT API.API_ID, API.API_UUID, API.API_NAME, API.API_VERSION, API.CONTEXT")
		g.s("\n   FROM AM_API API, AM_SUBSCRIPTION SUB")
		g.s("\n   WHERE SUB.API_ID = API.API_ID AND SUB.APPLICATION_ID = ")
		g.n(g.rnd.IntN(1000))
		g.s("\n   ORDER BY API.API_NAME")
	}},

	// WARN
	{weight: 14, level: levelWarn, logger: "org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler", ctx: ctxGateway, write: func(g *generator) {
		g.s("API authentication failure due to ")
		g.s(g.pick([]string{"Missing Credentials", "Invalid Credentials", "Unclassified Authentication Failure"}))
	}},
	{weight: 8, level: levelWarn, logger: "org.apache.synapse.transport.passthru.SourceHandler", ctx: ctxGateway, write: func(g *generator) {
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
	{weight: 4, level: levelWarn, logger: "org.apache.tomcat.jdbc.pool.ConnectionPool", ctx: ctxEmpty, write: func(g *generator) {
		g.s("Connection has been abandoned PooledConnection[com.mysql.cj.jdbc.ConnectionImpl@")
		g.hex(8)
		g.s("]:java.lang.Exception")
		g.trace(99, "abandoned", "tomcat")
	}},
	{weight: 4, level: levelWarn, logger: "org.wso2.carbon.identity.oauth2.OAuth2Service", ctx: ctxKeyManager, write: func(g *generator) {
		g.s("Invalid client credentials for consumer key ")
		g.hex(28)
	}},
	{weight: 2, level: levelWarn, logger: "org.wso2.carbon.registry.indexing.IndexingManager", ctx: ctxSystem, write: func(g *generator) {
		g.s("Indexing of resource /_system/governance/apimgt/applicationdata/provider/admin/")
		g.s(g.pick(apis))
		g.s("/documentation/files/guide.pdf skipped: no indexer for application/pdf")
	}},

	// ERROR: the post-migration signatures, with stack traces.
	{weight: 5, level: levelError, logger: "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer", ctx: ctxGateway, write: func(g *generator) {
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
	{weight: 3, level: levelError, logger: "org.wso2.carbon.registry.core.dataaccess.TransactionManager", ctx: ctxPublisher, write: func(g *generator) {
		g.s("Failed to start new registry transaction. org.wso2.carbon.registry.core.exceptions.RepositoryDBException: Failed to start new registry transaction.")
		g.trace(99, "registry", "rest", "tomcat")
		g.causedBy("org.apache.tomcat.jdbc.pool.PoolExhaustedException: [http-nio-9443-exec-"+strconv.Itoa(1+g.rnd.IntN(200))+"] Timeout: Pool empty. Unable to fetch a connection in 60 seconds, none available[size:50; busy:50; idle:0; lastwait:60000].", "pool")
	}},
	{weight: 3, level: levelError, logger: "org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO", ctx: ctxPublisher, write: func(g *generator) {
		g.s("Error while executing SQL: SELECT API.API_ID, API.ORGANIZATION, API.API_UUID")
		g.s("\n   FROM AM_API API WHERE API.API_UUID = ? java.sql.SQLSyntaxErrorException: Unknown column 'API.ORGANIZATION' in 'field list'")
		g.trace(99, "dao", "rest", "tomcat")
		g.causedBy("java.sql.SQLSyntaxErrorException: Unknown column 'API.ORGANIZATION' in 'field list'", "dao")
	}},
	{weight: 2, level: levelError, logger: "org.wso2.carbon.apimgt.rest.api.util.exception.GlobalThrowableMapper", ctx: ctxPublisher, write: func(g *generator) {
		g.s("An unknown exception has been captured by the global exception mapper. java.lang.NullPointerException")
		g.trace(99, "rest", "tomcat")
	}},
	{weight: 2, level: levelError, logger: "org.wso2.carbon.registry.indexing.indexer.DocumentIndexer", ctx: ctxSystem, write: func(g *generator) {
		g.s("Error while getting document content. java.io.IOException: Stream closed")
		g.trace(99, "indexing")
	}},
	{weight: 2, level: levelError, logger: "org.wso2.carbon.identity.application.authentication.framework.handler.request.impl.DefaultRequestCoordinator", ctx: ctxKeyManager, write: func(g *generator) {
		g.s("Exception in Authentication Framework org.wso2.carbon.identity.application.authentication.framework.exception.FrameworkException: Invalid tenant domain: ")
		g.s(g.pick([]string{"acme.org", "old-tenant.com", "example.net"}))
		g.trace(99, "auth", "tomcat")
	}},
	{weight: 4, level: levelError, logger: "org.apache.synapse.transport.passthru.TargetHandler", ctx: ctxGateway, write: func(g *generator) {
		g.s("I/O error: Connection reset by peer java.io.IOException: Connection reset by peer")
		g.trace(99, "passthru")
	}},
	{weight: 3, level: levelError, logger: "org.wso2.carbon.apimgt.impl.APIConsumerImpl", ctx: ctxDevportal, write: func(g *generator) {
		g.s("Key Manager Resident Key Manager doesn't exist in Tenant ")
		g.s(g.pick([]string{"acme.com", "wso2.com"}))
	}},
	{weight: 3, level: levelError, logger: "org.wso2.carbon.apimgt.gateway.handlers.throttling.ThrottleHandler", ctx: ctxGateway, write: func(g *generator) {
		g.s("Error while publishing throttling events to global policy server")
	}},
	{weight: 1, level: levelError, logger: "org.wso2.carbon.apimgt.rest.api.util.exception.GlobalThrowableMapper", ctx: ctxPublisher, write: func(g *generator) {
		g.s("No API Artifacts found for API ")
		g.uuid()
	}},
}

var (
	templateCDF   []int
	templateTotal int
	// errorTemplates are the ERROR templates, for records forced to ERROR (latency samples).
	errorTemplates []int
)

func init() {
	for i, t := range templates {
		templateTotal += t.weight
		templateCDF = append(templateCDF, templateTotal)
		if t.level == levelError {
			errorTemplates = append(errorTemplates, i)
		}
	}
}

// next returns the next record (its lines joined by "\n", ending with "\n"), its level and
// its number of lines. The slice is reused by the next call. forceError picks an ERROR
// template.
func (g *generator) next(forceError bool) (record []byte, level, lines int) {
	var t *template
	if forceError {
		t = &templates[errorTemplates[g.rnd.IntN(len(errorTemplates))]]
	} else {
		r := g.rnd.IntN(templateTotal)
		i := 0
		for templateCDF[i] <= r {
			i++
		}
		t = &templates[i]
	}
	if g.live {
		g.clock = time.Now()
	} else {
		g.clock = g.clock.Add(time.Duration(g.rnd.IntN(12)) * time.Millisecond)
	}
	tenant, app := g.tenantApp(t.ctx)
	g.buf = append(g.buf[:0], "TID: ["...)
	g.s(tenant)
	g.s("] [")
	g.s(app)
	g.s("] [")
	g.buf = g.clock.AppendFormat(g.buf, "2006-01-02 15:04:05,000")
	g.s("] ")
	g.s(levelPadded[t.level])
	g.s(" {")
	g.s(t.logger)
	g.s("} - ")
	t.write(g)
	g.s("\n")
	lines = 0
	for _, b := range g.buf {
		if b == '\n' {
			lines++
		}
	}
	return g.buf, t.level, lines
}
