package logparse

import "strings"

// The patterns of WSO2 API Manager's log files, as its log4j2.properties (log4j.properties for
// 2.x) configures them.
const (
	// PatternCarbon is wso2carbon.log of APIM 3.x and 4.x.
	PatternCarbon = "TID: [%tenantId] [%appName] [%d] %5p {%c} - %m%ex%n"
	// PatternCarbonLog4j1 is wso2carbon.log of APIM 2.x (carbon 4.4, log4j 1 with WSO2's
	// TenantAwarePatternLayout): %T tenant id, %S server name, %P the tenant pattern (empty for
	// the super tenant), %x the NDC (empty, hence two spaces after "-"), and the logger again
	// after the message.
	PatternCarbonLog4j1 = "TID: [%T] [%S] [%d] %P%5p {%c} - %x %m {%c}%n"
	// PatternIdentityServer is wso2carbon.log of WSO2 Identity Server used as key manager.
	PatternIdentityServer = "TID: [%tenantId] [%tenantDomain] [%appName] [%d] [%X{Correlation-ID}] %5p {%c} - %m%ex%n"
	// PatternGatewayErrors is wso2-apigw-errors.log of APIM 3.2 to 4.2.
	PatternGatewayErrors = "%d{ISO8601} [%X{ip}-%X{host}] [%t] %5p %c{1} %m%n"
	// PatternGatewayErrors43 is wso2-apigw-errors.log from APIM 4.3 on.
	PatternGatewayErrors43 = "%d{ISO8601} [%X{ip}-%X{host}] [%t] %5p {%c} %m%n"
	// PatternAudit is audit.log; its messages are JSON (see ParseAudit).
	PatternAudit = "TID: [%tenantId] [%d] %5p {%c} - %m%ex%n"
	// PatternAPI is api.log (APIM 4.1 and later).
	PatternAPI = "[%d] %5p {%c} %X{apiName} - %m%ex%n"
	// PatternCorrelation is correlation.log (off by default).
	PatternCorrelation = "%d{yyyy-MM-dd HH:mm:ss,SSS}|%X{Correlation-ID}|%t|%m%n"
	// PatternMetrics is apim_metrics.log (APIM 4.3 and later).
	PatternMetrics = "%d{HH:mm:ss,SSS} [%X{ip}-%X{host}] [%t] %5p %c{1} %m%n"
	// PatternConsole is what the server writes to stdout, as containers and systemd capture it.
	PatternConsole = "[%d{DEFAULT}] %5p - %c{1} %m%n"
)

// The compiled built-in layouts. They are never modified after compilation and are safe to
// share between goroutines.
var (
	CarbonLayout          = mustCompile(PatternCarbon)
	CarbonLog4j1Layout    = mustCompile(PatternCarbonLog4j1)
	IdentityServerLayout  = mustCompile(PatternIdentityServer)
	GatewayErrorsLayout   = mustCompile(PatternGatewayErrors)
	GatewayErrors43Layout = mustCompile(PatternGatewayErrors43)
	AuditLayout           = mustCompile(PatternAudit)
	APILayout             = mustCompile(PatternAPI)
	CorrelationLayout     = mustCompile(PatternCorrelation)
	MetricsLayout         = mustCompile(PatternMetrics)
	ConsoleLayout         = mustCompile(PatternConsole)
)

// mustCompile is for the built-in patterns only, which the tests compile.
func mustCompile(pattern string) *Layout {
	l, err := Compile(pattern)
	if err != nil {
		panic(err)
	}
	return l
}

// layoutsByFile are the candidates for each log file, by the name its active file starts with;
// the most likely or the stricter layout comes first, for callers that take the first
// layout that parses a line. Longer names come before their prefixes ("api" is a
// prefix of "apim_metrics").
var layoutsByFile = []struct {
	name    string
	layouts []*Layout
}{
	{"wso2carbon", []*Layout{CarbonLayout, CarbonLog4j1Layout, IdentityServerLayout}},
	// 4.3's {%c} is the stricter: 4.2's %c{1} would also read "{org.wso2.X}" as a logger.
	{"wso2-apigw-errors", []*Layout{GatewayErrors43Layout, GatewayErrorsLayout}},
	{"apim_metrics", []*Layout{MetricsLayout}},
	{"audit", []*Layout{AuditLayout}},
	{"api", []*Layout{APILayout}},
	{"correlation", []*Layout{CorrelationLayout}},
	{"console", []*Layout{ConsoleLayout}},
	{"stdout", []*Layout{ConsoleLayout}},
	{"wso2server", []*Layout{ConsoleLayout}},
	{"nohup", []*Layout{ConsoleLayout}},
}

// AllLayouts lists every built-in layout, most common first.
func AllLayouts() []*Layout {
	return []*Layout{
		CarbonLayout, ConsoleLayout, GatewayErrorsLayout, GatewayErrors43Layout, AuditLayout,
		APILayout, CorrelationLayout, MetricsLayout, IdentityServerLayout, CarbonLog4j1Layout,
	}
}

// DefaultLayouts are the candidate layouts of a log file by its base name: the active file
// (wso2carbon.log) or a rolled one (wso2carbon-03-10-2022-1.log, ...log.gz), and the names
// console output is captured under (console.log, stdout.log, wso2server.out, nohup.out).
// A name it does not know gets every built-in layout, for Detect to choose from.
func DefaultLayouts(fileBase string) []*Layout {
	name := strings.ToLower(fileBase)
	for _, f := range layoutsByFile {
		rest, ok := strings.CutPrefix(name, f.name)
		if ok && (rest == "" || rest[0] == '.' || rest[0] == '-' || rest[0] == '_') {
			return append([]*Layout(nil), f.layouts...)
		}
	}
	return AllLayouts()
}
