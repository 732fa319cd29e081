// Package config is apimwatch's configuration: the schema, loading it from a YAML file,
// APIMWATCH_* environment variables and Prometheus-style flags, one validation pass that reports
// every problem with its key path and the fix, and merging what CARBON_HOME discovery found
// (explicit configuration always wins).
package config

import "time"

// Config is the whole configuration as written by the operator (before discovery).
type Config struct {
	// Environment is the `environment` label on every wso2_* metric (e.g. "old" and "new",
	// or the product version), so dashboards and alerts can compare the two sides of a cutover.
	Environment string `mapstructure:"environment" yaml:"environment"`

	// Cutover is when traffic moved to this environment, in RFC 3339 (see CutoverTime): the
	// status page counts log signatures from then, since records written before it are the
	// old run's. Empty: from the agent's start.
	Cutover string `mapstructure:"cutover" yaml:"cutover,omitempty"`

	Web WebConfig `mapstructure:"web" yaml:"web"`
	Log LogConfig `mapstructure:"log" yaml:"log"`

	// Secrets give the values of `$secret{alias}` passwords found in deployment.toml, by alias.
	Secrets map[string]Secret `mapstructure:"secrets" yaml:"secrets,omitempty"`

	Logs LogsConfig `mapstructure:"logs" yaml:"logs"`

	Verify VerifyConfig `mapstructure:"verify" yaml:"verify"`

	Probes ProbesConfig `mapstructure:"probes" yaml:"probes"`

	Nodes []NodeConfig `mapstructure:"nodes" yaml:"nodes"`

	// Environments are other environments' databases, by name (e.g. "old"), for
	// `apimwatch verify --compare-with NAME` and `apimwatch baseline capture --environment NAME`.
	Environments map[string]EnvironmentConfig `mapstructure:"environments" yaml:"environments,omitempty"`
}

// EnvironmentConfig is another environment's databases (the old side of a blue/green cutover).
type EnvironmentConfig struct {
	ProductVersion       string                    `mapstructure:"product_version" yaml:"product_version,omitempty"`
	IsSeparateRegistryDB *bool                     `mapstructure:"is_separate_registry_db" yaml:"is_separate_registry_db,omitempty"`
	Databases            map[string]DatabaseConfig `mapstructure:"databases" yaml:"databases"`
}

// LogsConfig is how the nodes' log files are followed and turned into metrics.
type LogsConfig struct {
	// Enabled follows every node's log files; default true.
	Enabled bool `mapstructure:"enabled" yaml:"enabled"`
	// StateDir keeps the read position of every file so a restart resumes without missing
	// lines; default $STATE_DIRECTORY (systemd) or /var/lib/apimwatch.
	StateDir string `mapstructure:"state_dir" yaml:"state_dir"`
	// FromStart reads files found at start-up with no checkpoint from their start.
	FromStart    bool          `mapstructure:"from_start" yaml:"from_start"`
	MaxLineBytes int           `mapstructure:"max_line_bytes" yaml:"max_line_bytes"`
	PollInterval time.Duration `mapstructure:"poll_interval" yaml:"poll_interval"`
	// IdleClose closes a record that got no more lines for this long, so the last error of a
	// burst is counted without waiting for the next record.
	IdleClose time.Duration `mapstructure:"idle_close" yaml:"idle_close"`
	// Timezone the nodes write log times in (log4j2's %d has no zone): "Local", "UTC" or an
	// IANA name.
	Timezone string `mapstructure:"timezone" yaml:"timezone"`
	// MaxExceptionClasses bounds the exception label per node; more classes count as "other".
	MaxExceptionClasses int `mapstructure:"max_exception_classes" yaml:"max_exception_classes"`
	// RecentErrors is how many of the latest error records are kept per signature.
	RecentErrors int `mapstructure:"recent_errors" yaml:"recent_errors"`
	// Rules add the site's own signatures to the built-in catalogue.
	Rules []LogRuleConfig `mapstructure:"rules" yaml:"rules,omitempty"`
}

// VerifyConfig is how the data-consistency checks run, in the daemon and in `apimwatch verify`.
type VerifyConfig struct {
	// Enabled runs the checks on a schedule in the daemon. Turn it off on all but one agent of
	// an environment when several share the same databases.
	Enabled bool `mapstructure:"enabled" yaml:"enabled"`
	// Interval between two runs in the daemon (a random jitter of up to 10% is added).
	Interval time.Duration `mapstructure:"interval" yaml:"interval"`
	// Timeout of each check.
	Timeout time.Duration `mapstructure:"timeout" yaml:"timeout"`
	// SampleLimit bounds the offending keys a result lists.
	SampleLimit int `mapstructure:"sample_limit" yaml:"sample_limit"`
	// FailOn is the lowest severity whose failure makes the verdict no-go: critical, warning, info.
	FailOn string `mapstructure:"fail_on" yaml:"fail_on"`
	// Skip names checks or families never run (ids such as registry.orphan-resources, or families
	// such as cross-database).
	Skip []string `mapstructure:"skip" yaml:"skip,omitempty"`
	// CustomChecks are the site's own checks: one read-only query each.
	CustomChecks []CustomCheckConfig `mapstructure:"custom_checks" yaml:"custom_checks,omitempty"`
}

// CustomCheckConfig is a site's own check: a single SELECT run read-only on one database, and
// what its result must be.
type CustomCheckConfig struct {
	// ID names the check; it runs as custom.<id>.
	ID          string `mapstructure:"id" yaml:"id"`
	Title       string `mapstructure:"title" yaml:"title"`
	Role        string `mapstructure:"role" yaml:"role"` // um, reg or am (reg follows isSeparateRegistryDB)
	SQL         string `mapstructure:"sql" yaml:"sql"`
	Severity    string `mapstructure:"severity" yaml:"severity"`
	Remediation string `mapstructure:"remediation" yaml:"remediation,omitempty"`
	// Expect is "no_rows" (default: every row is an offending row, its first column a sample)
	// or "value" (the first column of the first row is compared with Threshold by Op).
	Expect    string  `mapstructure:"expect" yaml:"expect,omitempty"`
	Op        string  `mapstructure:"op" yaml:"op,omitempty"`
	Threshold float64 `mapstructure:"threshold" yaml:"threshold,omitempty"`
}

// LogRuleConfig is a site's own log signature: a record matches when every regular expression
// given matches (at least one is required).
type LogRuleConfig struct {
	ID          string `mapstructure:"id" yaml:"id"`
	Title       string `mapstructure:"title" yaml:"title"`
	Remediation string `mapstructure:"remediation" yaml:"remediation,omitempty"`
	// Levels the rule applies to; default WARN, ERROR and FATAL.
	Levels    []string `mapstructure:"levels" yaml:"levels,omitempty"`
	Logger    string   `mapstructure:"logger" yaml:"logger,omitempty"`
	Message   string   `mapstructure:"message" yaml:"message,omitempty"`
	Exception string   `mapstructure:"exception" yaml:"exception,omitempty"`
}

// LogFileConfig names a log file (or a glob of them) of a node and, optionally, its layout.
type LogFileConfig struct {
	Path string `mapstructure:"path" yaml:"path"`
	// Layout is the log4j2 PatternLayout the file is written with; default: the appender's in
	// log4j2.properties, else WSO2's layout for that file name.
	Layout string `mapstructure:"layout" yaml:"layout,omitempty"`
}

// WebConfig is the HTTP surface (flags --web.*).
type WebConfig struct {
	ListenAddress string `mapstructure:"listen_address" yaml:"listen_address"`
	// ConfigFile is an exporter-toolkit web configuration file (TLS, basic auth).
	ConfigFile    string `mapstructure:"config_file" yaml:"config_file"`
	TelemetryPath string `mapstructure:"telemetry_path" yaml:"telemetry_path"`
}

// LogConfig is the agent's own logging (flags --log.*).
type LogConfig struct {
	Level  string `mapstructure:"level" yaml:"level"`
	Format string `mapstructure:"format" yaml:"format"`
}

// NodeConfig is one WSO2 node (one CARBON_HOME) on this host. Every field but CarbonHome is
// optional: what is left empty is discovered from the home.
type NodeConfig struct {
	// Name is the `node` label; defaults to the base name of CarbonHome.
	Name       string `mapstructure:"name" yaml:"name"`
	CarbonHome string `mapstructure:"carbon_home" yaml:"carbon_home"`
	// Discover reads deployment.toml, log4j2.properties, migration-config.yaml and the version
	// from CarbonHome; default true.
	Discover *bool  `mapstructure:"discover" yaml:"discover,omitempty"`
	PIDFile  string `mapstructure:"pid_file" yaml:"pid_file,omitempty"`
	LogDir   string `mapstructure:"log_dir" yaml:"log_dir,omitempty"`

	ProductVersion       string   `mapstructure:"product_version" yaml:"product_version,omitempty"`
	IsSeparateRegistryDB *bool    `mapstructure:"is_separate_registry_db" yaml:"is_separate_registry_db,omitempty"`
	GatewayEnvironments  []string `mapstructure:"gateway_environments" yaml:"gateway_environments,omitempty"`

	// LogFiles replace the discovered log files (wso2carbon.log, wso2-apigw-errors.log,
	// audit.log and api.log from log4j2.properties).
	LogFiles []LogFileConfig `mapstructure:"log_files" yaml:"log_files,omitempty"`

	// Databases by role: um, reg, am. A role given here replaces the discovered datasource,
	// except that an empty password still falls back to the discovered one.
	Databases map[string]DatabaseConfig `mapstructure:"databases" yaml:"databases,omitempty"`

	// Host is the name or address the built-in probes reach the node at; default localhost.
	Host string `mapstructure:"host" yaml:"host,omitempty"`
	// ExpectedVersion is the version the node's Version service must report; default the
	// product version (configured or discovered), so an old pack answering fails the probe.
	ExpectedVersion string `mapstructure:"expected_version" yaml:"expected_version,omitempty"`
	// Profile is the node's -Dprofile (default, gateway-worker, control-plane, traffic-manager):
	// it says which built-in probes apply; default "default" (all-in-one).
	Profile string `mapstructure:"profile" yaml:"profile,omitempty"`
	// Ports replace discovered ports (offset applied) by name: https_servlet, http_servlet,
	// gateway_https, gateway_http. They are what the built-in probes connect to.
	Ports map[string]int `mapstructure:"ports" yaml:"ports,omitempty"`
}

// DatabaseConfig is one database, given as a DSN, a JDBC URL (as in deployment.toml), or its parts.
type DatabaseConfig struct {
	// Driver: pgx (PostgreSQL), mysql (MySQL, MariaDB), sqlserver, oracle, sqlite.
	Driver  string  `mapstructure:"driver" yaml:"driver,omitempty"`
	DSN     DSN     `mapstructure:"dsn" yaml:"dsn,omitempty"`
	JDBCURL JDBCURL `mapstructure:"jdbc_url" yaml:"jdbc_url,omitempty"`
	Host    string  `mapstructure:"host" yaml:"host,omitempty"`
	Port    int     `mapstructure:"port" yaml:"port,omitempty"`
	Name    string  `mapstructure:"name" yaml:"name,omitempty"`
	User    string  `mapstructure:"user" yaml:"user,omitempty"`

	Password Secret `mapstructure:"password" yaml:"password,omitempty"`
	// PasswordFile is read at load time (a mounted Kubernetes secret, a systemd credential).
	PasswordFile string `mapstructure:"password_file" yaml:"password_file,omitempty"`
}

// DefaultListenAddress is the agent's port: 9247 collides with no WSO2 port under any offset
// sites use (every offset up to 100, and multiples of 10 up to 3000; see
// TestDefaultPortAvoidsWSO2Ports), and is not 1234, where WSO2's JMX-exporter guide puts
// jmx_prometheus_javaagent.
const DefaultListenAddress = ":9247"

// defaults are the values of every scalar key before file, environment and flags. Each key here
// can also be set as APIMWATCH_<KEY> with dots as underscores.
var defaults = map[string]any{
	"environment":        "",
	"cutover":            "",
	"web.listen_address": DefaultListenAddress,
	"web.config_file":    "",
	"web.telemetry_path": "/metrics",
	"log.level":          "info",
	"log.format":         "json",

	"verify.enabled":      true,
	"verify.interval":     "15m",
	"verify.timeout":      "60s",
	"verify.sample_limit": 10,
	"verify.fail_on":      "critical",

	"probes.enabled":                  true,
	"probes.interval":                 "1m",
	"probes.timeout":                  "10s",
	"probes.builtin":                  true,
	"probes.cert_warn_within":         "720h",
	"probes.cert_fail_within":         "168h",
	"probes.tls.ca_file":              "",
	"probes.tls.insecure_skip_verify": false,

	"logs.enabled":               true,
	"logs.state_dir":             "",
	"logs.from_start":            false,
	"logs.max_line_bytes":        64 << 10,
	"logs.poll_interval":         "25ms",
	"logs.idle_close":            "20ms",
	"logs.timezone":              "Local",
	"logs.max_exception_classes": 50,
	"logs.recent_errors":         10,
}
