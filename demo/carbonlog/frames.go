package carbonlog

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
func (g *Generator) trace(limit int, stacks ...string) int {
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
func (g *Generator) causedBy(exception string, stack string) {
	g.s("\nCaused by: ")
	g.s(exception)
	g.trace(2+g.rnd.IntN(len(frames[stack])-1), stack)
	g.s("\n\t... ")
	g.n(8 + g.rnd.IntN(60))
	g.s(" more")
}
