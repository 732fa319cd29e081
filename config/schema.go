// Package config is apimwatch's configuration: the schema, loading it from a YAML file,
// APIMWATCH_* environment variables and Prometheus-style flags, one validation pass that reports
// every problem with its key path and the fix, and merging what CARBON_HOME discovery found
// (explicit configuration always wins).
package config

// Config is the whole configuration as written by the operator (before discovery).
type Config struct {
	// Environment is the `environment` label on every wso2_* metric (e.g. "old" and "new",
	// or the product version), so dashboards and alerts can compare the two sides of a cutover.
	Environment string `mapstructure:"environment" yaml:"environment"`

	Web WebConfig `mapstructure:"web" yaml:"web"`
	Log LogConfig `mapstructure:"log" yaml:"log"`

	// Secrets give the values of `$secret{alias}` passwords found in deployment.toml, by alias.
	Secrets map[string]Secret `mapstructure:"secrets" yaml:"secrets,omitempty"`

	Nodes []NodeConfig `mapstructure:"nodes" yaml:"nodes"`
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

	// Databases by role: um, reg, am. A role given here replaces the discovered datasource,
	// except that an empty password still falls back to the discovered one.
	Databases map[string]DatabaseConfig `mapstructure:"databases" yaml:"databases,omitempty"`
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
	"web.listen_address": DefaultListenAddress,
	"web.config_file":    "",
	"web.telemetry_path": "/metrics",
	"log.level":          "info",
	"log.format":         "json",
}
