package logparse

import (
	"fmt"
	"slices"
	"testing"
)

// fieldsText is Fields as comparable text, "" members left out.
func fieldsText(f *Fields) string {
	s := fmt.Sprintf("level=%v", f.Level)
	for _, m := range []struct {
		name string
		v    []byte
	}{
		{"time", f.Time}, {"logger", f.Logger}, {"class", f.Class}, {"thread", f.Thread},
		{"tenant", f.TenantID}, {"domain", f.TenantDomain}, {"app", f.AppName},
	} {
		if len(m.v) > 0 {
			s += fmt.Sprintf(" %s=%s", m.name, m.v)
		}
	}
	for _, kv := range f.MDC {
		s += fmt.Sprintf(" X{%s}=%s", kv.Key, kv.Value)
	}
	return s + fmt.Sprintf(" msg=%q", f.Message)
}

type parseCase struct {
	name   string
	layout *Layout
	line   string
	want   string // fieldsText, "" when the line must not parse
}

func runParseCases(t *testing.T, tests []parseCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Fields
			ok := tt.layout.Parse([]byte(tt.line), &f)
			switch {
			case !ok && tt.want != "":
				t.Fatalf("%q does not parse with %q", tt.line, tt.layout.Pattern())
			case ok && tt.want == "":
				t.Fatalf("%q parses with %q: %s", tt.line, tt.layout.Pattern(), fieldsText(&f))
			case ok && fieldsText(&f) != tt.want:
				t.Errorf("got  %s\nwant %s", fieldsText(&f), tt.want)
			}
		})
	}
}

// Lines of every built-in layout, written from WSO2's documented patterns.
func TestBuiltinLayouts(t *testing.T) {
	runParseCases(t, []parseCase{
		{"carbon/info padded", CarbonLayout,
			"TID: [-1234] [] [2024-01-05 10:00:01,002]  INFO {org.wso2.carbon.core.init.CarbonServerManager} - WSO2 Carbon started in 52 sec",
			"level=INFO time=2024-01-05 10:00:01,002 logger=org.wso2.carbon.core.init.CarbonServerManager tenant=-1234 msg=\"WSO2 Carbon started in 52 sec\""},
		{"carbon/app name and tenant", CarbonLayout,
			"TID: [3] [api/am/publisher] [2024-01-05 10:00:01,002] ERROR {org.wso2.carbon.apimgt.rest.api.util.impl.WebAppAuthenticatorImpl} - You cannot access API as scope validation failed",
			"level=ERROR time=2024-01-05 10:00:01,002 logger=org.wso2.carbon.apimgt.rest.api.util.impl.WebAppAuthenticatorImpl tenant=3 app=api/am/publisher msg=\"You cannot access API as scope validation failed\""},
		{"carbon/empty fields", CarbonLayout,
			"TID: [] [] [2024-01-05 10:00:01,002]  WARN {a.B} - ",
			"level=WARN time=2024-01-05 10:00:01,002 logger=a.B msg=\"\""},
		{"carbon/frame", CarbonLayout, "\tat org.wso2.carbon.Foo.bar(Foo.java:12)", ""},
		{"carbon/bad date", CarbonLayout, "TID: [] [] [2024-01-05 10:00:01] ERROR {a.B} - x", ""},
		{"carbon/bad level", CarbonLayout, "TID: [] [] [2024-01-05 10:00:01,002] NOTICE {a.B} - x", ""},
		{"carbon/crlf", CarbonLayout, "TID: [] [] [2024-01-05 10:00:01,002] ERROR {a.B} - x\r\n",
			"level=ERROR time=2024-01-05 10:00:01,002 logger=a.B msg=\"x\""},

		{"carbon 2.x/super tenant", CarbonLog4j1Layout,
			"TID: [-1234] [] [2018-07-23 00:00:11,059]  INFO {org.wso2.carbon.core.init.CarbonServerManager} -  Server           :  WSO2 API Manager-2.6.0 {org.wso2.carbon.core.init.CarbonServerManager}",
			"level=INFO time=2018-07-23 00:00:11,059 logger=org.wso2.carbon.core.init.CarbonServerManager tenant=-1234 msg=\"Server           :  WSO2 API Manager-2.6.0\""},
		{"carbon 2.x/tenant pattern before the level", CarbonLog4j1Layout,
			"TID: [1] [AM] [2018-07-23 00:00:11,059] [1][AM] ERROR {a.b.C} -  boom {a.b.C}",
			"level=ERROR time=2018-07-23 00:00:11,059 logger=a.b.C tenant=1 msg=\"boom\""},
		{"carbon 2.x/message continues on the next line", CarbonLog4j1Layout,
			"TID: [-1234] [] [2018-07-23 00:00:11,059] ERROR {a.b.C} -  SELECT *",
			"level=ERROR time=2018-07-23 00:00:11,059 logger=a.b.C tenant=-1234 msg=\"SELECT *\""},

		{"identity server", IdentityServerLayout,
			"TID: [-1234] [carbon.super] [oauth2] [2024-01-05 10:00:01,002] [1c2d3e4f-aaaa-bbbb-cccc-0123456789ab] ERROR {org.wso2.carbon.identity.oauth2.OAuth2Service} - Error while revoking",
			"level=ERROR time=2024-01-05 10:00:01,002 logger=org.wso2.carbon.identity.oauth2.OAuth2Service tenant=-1234 domain=carbon.super app=oauth2 X{Correlation-ID}=1c2d3e4f-aaaa-bbbb-cccc-0123456789ab msg=\"Error while revoking\""},
		{"identity server/4.x line", IdentityServerLayout,
			"TID: [-1234] [] [2022-03-10 13:10:08,349] ERROR {a.B} - x", ""},
		{"carbon/identity server line", CarbonLayout,
			"TID: [-1234] [carbon.super] [oauth2] [2024-01-05 10:00:01,002] [c] ERROR {a.B} - x", ""},

		{"gateway errors 4.2", GatewayErrorsLayout,
			"2024-01-05T10:00:01,002 [10.0.0.5-apim-gw-1] [PassThroughMessageProcessor-5] ERROR InMemoryAPIDeployer Error deploying 314f0d34 in Gateway",
			"level=ERROR time=2024-01-05T10:00:01,002 logger=InMemoryAPIDeployer thread=PassThroughMessageProcessor-5 X{ip}=10.0.0.5 X{host}=apim-gw-1 msg=\"Error deploying 314f0d34 in Gateway\""},
		{"gateway errors 4.3", GatewayErrors43Layout,
			"2024-01-05T10:00:01,002 [10.0.0.5-apim-gw-1] [main]  WARN {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} Artifact retriever not found",
			"level=WARN time=2024-01-05T10:00:01,002 logger=org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer thread=main X{ip}=10.0.0.5 X{host}=apim-gw-1 msg=\"Artifact retriever not found\""},
		{"audit", AuditLayout,
			`TID: [-1234] [2024-01-05 10:00:01,002]  INFO {AUDIT_LOG} - {"typ":"API","action":"created","performedBy":"admin","info":"{}"}`,
			`level=INFO time=2024-01-05 10:00:01,002 logger=AUDIT_LOG tenant=-1234 msg="{\"typ\":\"API\",\"action\":\"created\",\"performedBy\":\"admin\",\"info\":\"{}\"}"`},
		{"api log", APILayout,
			"[2024-01-05 10:00:01,002]  INFO {API_LOG} PizzaShackAPI:v1.0.0 - {\"method\":\"GET\"}",
			`level=INFO time=2024-01-05 10:00:01,002 logger=API_LOG X{apiName}=PizzaShackAPI:v1.0.0 msg="{\"method\":\"GET\"}"`},
		{"correlation", CorrelationLayout,
			"2024-01-05 10:00:01,002|7b1f0b9e-0c4e-4f3a-8d2a-5f1e2d3c4b5a|PassThroughMessageProcessor-1|HTTP State Transition|REQUEST_HEAD",
			"level=UNKNOWN time=2024-01-05 10:00:01,002 thread=PassThroughMessageProcessor-1 X{Correlation-ID}=7b1f0b9e-0c4e-4f3a-8d2a-5f1e2d3c4b5a msg=\"HTTP State Transition|REQUEST_HEAD\""},
		{"metrics", MetricsLayout,
			"10:00:01,002 [10.0.0.5-gw] [PassThroughMessageProcessor-2]  INFO ELKMetricsPublisher apimMetrics: apim:response, properties :{}",
			"level=INFO time=10:00:01,002 logger=ELKMetricsPublisher thread=PassThroughMessageProcessor-2 X{ip}=10.0.0.5 X{host}=gw msg=\"apimMetrics: apim:response, properties :{}\""},
		{"console", ConsoleLayout,
			"[2023-09-13 12:28:00,096]  INFO - CarbonCoreActivator Starting WSO2 Carbon...",
			"level=INFO time=2023-09-13 12:28:00,096 logger=CarbonCoreActivator msg=\"Starting WSO2 Carbon...\""},
		{"console/exception line", ConsoleLayout,
			"org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException: Artifact retriever not found", ""},
	})
}

func TestDefaultLayouts(t *testing.T) {
	tests := []struct {
		base string
		want []*Layout
	}{
		{"wso2carbon.log", []*Layout{CarbonLayout, CarbonLog4j1Layout, IdentityServerLayout}},
		{"wso2carbon-03-10-2022-1.log", []*Layout{CarbonLayout, CarbonLog4j1Layout, IdentityServerLayout}},
		{"wso2-apigw-errors.log", []*Layout{GatewayErrors43Layout, GatewayErrorsLayout}},
		{"wso2-apigw-errors-03-10-2022-1.log.gz", []*Layout{GatewayErrors43Layout, GatewayErrorsLayout}},
		{"audit.log", []*Layout{AuditLayout}},
		{"api.log", []*Layout{APILayout}},
		{"apim_metrics.log", []*Layout{MetricsLayout}},
		{"correlation.log", []*Layout{CorrelationLayout}},
		{"nohup.out", []*Layout{ConsoleLayout}},
		{"wso2server.out", []*Layout{ConsoleLayout}},
		{"apiary.log", AllLayouts()},
	}
	for _, tt := range tests {
		got := DefaultLayouts(tt.base)
		if !slices.Equal(got, tt.want) {
			t.Errorf("DefaultLayouts(%q) = %d layouts, want %d: %v", tt.base, len(got), len(tt.want), patterns(got))
		}
	}
}

func patterns(ls []*Layout) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Pattern())
	}
	return out
}
