package logparse

import "testing"

// Every record of the real samples, with what the agent must read from it.
func TestRealRecords(t *testing.T) {
	const (
		deployer      = "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer"
		syncException = "org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException"
		identityRT    = "org.wso2.carbon.identity.base.IdentityRuntimeException"
		h2Violation   = "org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException"
		poolExhausted = "org.apache.tomcat.jdbc.pool.PoolExhaustedException"
	)
	type want struct {
		level            Level
		logger, tenant   string
		exception, cause string
		lines            int
	}
	tests := []struct {
		file   string
		layout *Layout
		want   []want
	}{
		{"wso2carbon-4x.log", CarbonLayout, []want{
			{LevelError, deployer, "-1234", "", "", 1},
			// %ex put the exception on the message line; four frames follow.
			{LevelError, deployer, "-1234", syncException, syncException, 5},
			{LevelWarn, "org.wso2.carbon.identity.auth.valve.internal.AuthenticationValveServiceComponent", "", "", "", 1},
			{LevelWarn, "org.wso2.carbon.identity.application.mgt.internal.ApplicationManagementServiceComponent", "", "", "", 1},
			{LevelWarn, "org.wso2.carbon.apimgt.gateway.handlers.security.APIAuthenticationHandler", "-1234", "", "", 1},
			{LevelDebug, "org.apache.synapse.transport.http.wire", "-1", "", "", 1},
			{LevelDebug, "org.apache.synapse.transport.http.wire", "-1", "", "", 1},
		}},
		{"wso2carbon-2x.log", CarbonLog4j1Layout, []want{
			{LevelError, "org.wso2.carbon.registry.core.dataaccess.TransactionManager", "-1234", poolExhausted, poolExhausted, 4},
		}},
		{"console-4x.log", ConsoleLayout, []want{
			{LevelError, "InMemoryAPIDeployer", "", "", "", 1},
			{LevelError, "InMemoryAPIDeployer", "", syncException, syncException, 3},
			// The migration client's lines that follow (posted without their date) are not
			// record starts, so they join this record; its own exception comes first.
			{LevelError, "DefaultRequestCoordinator", "", identityRT, identityRT, 8},
			{LevelError, "GlobalThrowableMapper", "", "", "", 1},
			{LevelError, "GlobalThrowableMapper", "", "", "", 1},
			{LevelError, "GlobalThrowableMapper", "", "", "", 1},
			// An SQL continuation line comes before the exception's own line. The startup
			// script's output and the OutOfMemoryError that follow have no record start of
			// their own either.
			{LevelError, "ApiMgtDAO", "", h2Violation, h2Violation, 9},
			{LevelInfo, "CarbonCoreActivator", "", "", "", 1},
			{LevelInfo, "CarbonCoreActivator", "", "", "", 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			lines := sampleLines(t, tt.file)
			recs, unparsed := assemble(tt.layout, 64<<10, lines)
			if unparsed != 0 {
				t.Errorf("%d unparsed lines, want 0", unparsed)
			}
			if len(recs) != len(tt.want) {
				t.Fatalf("%d records, want %d", len(recs), len(tt.want))
			}
			total := 0
			for i, r := range recs {
				got := want{r.Fields.Level, string(r.Fields.Logger), string(r.Fields.TenantID), r.Exception, r.RootCause, r.Lines}
				if got != tt.want[i] {
					t.Errorf("record %d (%.60s):\n got %+v\nwant %+v", i, r.FirstLine, got, tt.want[i])
				}
				total += r.Lines
			}
			if total != len(lines) {
				t.Errorf("records hold %d lines, the file has %d", total, len(lines))
			}
		})
	}
}

// The candidates for each sample's file name must pick the layout that wrote it.
func TestDetectRealSamples(t *testing.T) {
	tests := []struct {
		file, base string
		want       *Layout
	}{
		{"wso2carbon-4x.log", "wso2carbon.log", CarbonLayout},
		{"wso2carbon-2x.log", "wso2carbon.log", CarbonLog4j1Layout},
		{"console-4x.log", "console.log", ConsoleLayout},
		{"console-4x.log", "unknown.txt", ConsoleLayout},
		{"wso2carbon-2x.log", "unknown.txt", CarbonLog4j1Layout},
	}
	for _, tt := range tests {
		got := Detect(DefaultLayouts(tt.base), sampleLines(t, tt.file))
		if got != tt.want {
			t.Errorf("Detect(%s as %s) = %q, want %q", tt.file, tt.base, patternOf(got), patternOf(tt.want))
		}
	}
}

// The 2.x first line: the logger repeated after the message is not part of the message, and
// the NDC's empty field leaves no leading space.
func TestRealLog4j1Message(t *testing.T) {
	var f Fields
	line := sampleLines(t, "wso2carbon-2x.log")[0]
	if !CarbonLog4j1Layout.Parse(line, &f) {
		t.Fatal("not parsed")
	}
	if got, want := string(f.Message), "Failed to start new registry transaction."; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
}
