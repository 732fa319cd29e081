package logparse

import (
	"bytes"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	cases := []struct {
		name   string
		layout *Layout
		line   string
	}{
		{"carbon/start", CarbonLayout, "TID: [-1234] [] [2022-03-10 13:10:08,349] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error retrieving artifacts for API 571d336a-c810-43c8-a5ab-75ac56a8d3af. Storage returned null"},
		{"carbon/frame", CarbonLayout, "\tat org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.retrieveArtifact(InMemoryAPIDeployer.java:110)"},
		{"carbon/caused-by", CarbonLayout, "Caused by: java.sql.SQLException: Timeout: Pool empty. Unable to fetch a connection in 60 seconds"},
		{"carbon2x/start", CarbonLog4j1Layout, "TID: [-1234] [] [2018-07-23 00:00:11,059] ERROR {org.wso2.carbon.registry.core.dataaccess.TransactionManager} -  Failed to start new registry transaction. {org.wso2.carbon.registry.core.dataaccess.TransactionManager}"},
		{"identity/start", IdentityServerLayout, "TID: [-1234] [carbon.super] [oauth2] [2024-01-05 10:00:01,002] [1c2d3e4f-aaaa-bbbb-cccc-0123456789ab] ERROR {org.wso2.carbon.identity.oauth2.OAuth2Service} - Error while revoking"},
		{"gateway/start", GatewayErrorsLayout, "2024-01-05T10:00:01,002 [10.0.0.5-apim-gw-1] [PassThroughMessageProcessor-5] ERROR InMemoryAPIDeployer Error deploying 314f0d34 in Gateway"},
		{"console/start", ConsoleLayout, "[2022-03-23 16:08:28,466] ERROR - InMemoryAPIDeployer Artifact retriever not found"},
		{"console/exception", ConsoleLayout, "org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException: Artifact retriever not found"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			line := []byte(c.line)
			var f Fields
			b.ReportAllocs()
			b.SetBytes(int64(len(line)))
			for b.Loop() {
				c.layout.Parse(line, &f)
			}
		})
	}
}

// realisticMix is a carbon log where one record in five carries a stack trace with a cause.
func realisticMix() [][]byte {
	var buf bytes.Buffer
	for i := range 100 {
		if i%5 == 0 {
			buf.WriteString("TID: [-1234] [] [2022-03-10 13:10:08,352] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error deploying 571d336a-c810-43c8-a5ab-75ac56a8d3af in Gateway org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException: Error retrieving artifacts\n")
			for range 12 {
				buf.WriteString("\tat org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.retrieveArtifact_aroundBody2(InMemoryAPIDeployer.java:125)\n")
			}
			buf.WriteString("Caused by: org.apache.tomcat.jdbc.pool.PoolExhaustedException: [http-nio-9443-exec-50] Timeout: Pool empty.\n")
			buf.WriteString("\tat org.apache.tomcat.jdbc.pool.ConnectionPool.borrowConnection(ConnectionPool.java:703)\n\t... 42 more\n")
			continue
		}
		buf.WriteString("TID: [-1] [] [2020-07-13 14:05:49,594]  WARN {org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler} - API authentication failure due to Missing Credentials\n")
	}
	return bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"))
}

// BenchmarkAssembler reports the cost per line of the mix.
func BenchmarkAssembler(b *testing.B) {
	mix := realisticMix()
	a := NewAssembler(CarbonLayout, 8<<10)
	b.ReportAllocs()
	for b.Loop() {
		for _, line := range mix {
			a.Add(line)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(mix)), "ns/line")
}
