package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apimwatch/apimwatch/demo/sim"
	"github.com/apimwatch/apimwatch/demo/standin"
	"github.com/apimwatch/apimwatch/logparse"
)

// deploymentTOML is the node's repository/conf/deployment.toml: what apimwatch discovers from
// it is the gateway environments and the re-index counter. Its databases are not in it: the
// demo's are SQLite files, which WSO2 cannot use, so apimwatch's configuration names them
// (nodes[].databases) and discovery's "embedded H2" guess is overridden.
func deploymentTOML(e *Environment) string {
	return fmt.Sprintf(`[server]
hostname = "%[1]s"
node_ip = "10.0.0.12"
offset = 0
server_role = "default"

[super_admin]
username = "admin"
password = "admin"
create_admin_account = true

[user_store]
type = "database_unique_id"

[[apim.gateway.environment]]
name = "Default"
type = "hybrid"
display_in_api_console = true
description = "The gateway of %[1]s"
service_url = "https://localhost:9443/services/"
http_endpoint = "http://localhost:8280"
https_endpoint = "https://localhost:8243"

[indexing]
re_indexing = %[2]d
`, e.Host, e.reIndexing)
}

// log4j2Properties is the node's repository/conf/log4j2.properties: the appenders of the files
// the simulated node writes, which discovery reads the files and their layouts from, with the
// rollovers the node does.
func log4j2Properties(opts Options) string {
	var b strings.Builder
	b.WriteString("appenders = CARBON_LOGFILE, ERROR_LOGFILE, AUDIT_LOGFILE\n")
	for _, a := range []struct {
		name, file, rolled, pattern, threshold string
		size                                   int64
	}{
		{"CARBON_LOGFILE", sim.CarbonLog, "wso2carbon-%d{MM-dd-yyyy}-%i.log", logparse.PatternCarbon, "DEBUG", opts.RotateBytes},
		{"ERROR_LOGFILE", sim.GatewayErrorsLog, "wso2-apigw-errors-%d{MM-dd-yyyy}-%i.log.gz", logparse.PatternGatewayErrors, "WARN", opts.GatewayRotateBytes},
		{"AUDIT_LOGFILE", sim.AuditLog, "audit-%d{MM-dd-yyyy}.log", logparse.PatternAudit, "INFO", opts.RotateBytes},
	} {
		fmt.Fprintf(&b, `
appender.%[1]s.type = RollingFile
appender.%[1]s.name = %[1]s
appender.%[1]s.fileName = ${sys:carbon.home}/repository/logs/%[2]s
appender.%[1]s.filePattern = ${sys:carbon.home}/repository/logs/%[3]s
appender.%[1]s.layout.type = PatternLayout
appender.%[1]s.layout.pattern = %[4]s
appender.%[1]s.policies.type = Policies
appender.%[1]s.policies.size.type = SizeBasedTriggeringPolicy
appender.%[1]s.policies.size.size = %[5]dKB
appender.%[1]s.strategy.type = DefaultRolloverStrategy
appender.%[1]s.strategy.max = %[7]d
appender.%[1]s.filter.threshold.type = ThresholdFilter
appender.%[1]s.filter.threshold.level = %[6]s
`, a.name, a.file, a.rolled, a.pattern, a.size>>10, a.threshold, sim.RolloverMax)
	}
	return b.String()
}

// migrationConfig is migration-resources/migration-config.yaml of the new side: UM and REG
// are separate databases, and the migration was told so.
const migrationConfig = `migrationEnable: "true"
currentVersion: "4.1.0"
migrateVersion: "4.2.0"
isSeparateRegistryDB: "true"
`

// subscriptionsOnHoldCheck is a site's own check, of severity info: the built-in checks the
// agent runs have none. A subscription the migration left ON_HOLD waits for an approval
// workflow that may be gone; nothing breaks, but its application cannot call the API.
const subscriptionsOnHoldCheck = `  custom_checks:
    - id: subscriptions-on-hold
      title: no subscription is left waiting for approval
      role: am
      severity: info
      sql: "SELECT UUID FROM AM_SUBSCRIPTION WHERE SUB_STATUS = 'ON_HOLD'"
      remediation: Approve or reject the subscriptions in the Admin portal (Tasks, Subscription Creation).
`

// agentConfig is the apimwatch configuration of one environment's agent.
func agentConfig(e *Environment, opts Options, caFile string, cutover time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# apimwatch demo: the %s environment (WSO2 API Manager %s).\n", e.Name, e.Version)
	fmt.Fprintf(&b, "environment: %s\n", e.Name)
	// The status pages count log signatures from the simulated cutover, as a site's would
	// from its own: the new side's records of before it (its migration run) are not counted.
	fmt.Fprintf(&b, "cutover: %s\n", cutover.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "web:\n  listen_address: %q\n", e.ListenAddress)
	if opts.WebConfigFile != "" {
		fmt.Fprintf(&b, "  config_file: %q\n", opts.WebConfigFile)
	}
	fmt.Fprintf(&b, "logs:\n  state_dir: %q\n  from_start: true\n", e.StateDir)
	// The shortest interval the configuration accepts; the agent runs the first checks a few
	// seconds after it starts (agent.WithFirstCheckRunDelay), not 30 s.
	b.WriteString("verify:\n  interval: 1m\n")
	b.WriteString(subscriptionsOnHoldCheck)
	// The built-in probes of the node, which its stand-in JVM serves on free loopback ports
	// with certificates of the demo's CA; more often than the default 1m, for the demo's pace.
	fmt.Fprintf(&b, "probes:\n  interval: 15s\n  tls:\n    ca_file: %q\n", caFile)
	fmt.Fprintf(&b, "nodes:\n  - name: %s\n    carbon_home: %q\n    product_version: %q\n    is_separate_registry_db: true\n", NodeName, e.Home, e.Version)
	// Each side is expected to answer its own version: the old one 4.1.0, the new one 4.2.0.
	fmt.Fprintf(&b, "    host: %s\n    expected_version: %q\n    ports: {", probeHost, e.Version)
	for i, name := range standin.PortNames {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %d", name, e.ports.byName[name])
	}
	b.WriteString("}\n")
	b.WriteString("    databases:\n")
	for _, db := range []struct{ role, path string }{{"um", e.Databases.UM}, {"reg", e.Databases.REG}, {"am", e.Databases.AM}} {
		fmt.Fprintf(&b, "      %s: {driver: sqlite, dsn: %q}\n", db.role, db.path)
	}
	return b.String()
}

// writeHome creates the environment's CARBON_HOME-like tree.
func writeHome(e *Environment, opts Options) error {
	files := map[string]string{
		"repository/conf/deployment.toml":   deploymentTOML(e),
		"repository/conf/log4j2.properties": log4j2Properties(opts),
		"bin/version.txt":                   "WSO2 API Manager v" + e.Version + "\n",
	}
	if e.MigratedFrom != "" {
		files["migration-resources/migration-config.yaml"] = migrationConfig
	}
	for rel, content := range files {
		if err := writeFile(filepath.Join(e.Home, rel), content); err != nil {
			return err
		}
	}
	return os.MkdirAll(e.LogDir(), 0o755)
}

func writeFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}
