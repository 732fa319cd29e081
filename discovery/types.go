// Package discovery reads what a WSO2 API Manager node already says about itself under its
// CARBON_HOME (deployment.toml, log4j2.properties, migration-config.yaml, the pid file and the
// product version), so that an operator configures almost nothing by hand.
//
// Discovery never fails on a bad file: every missing or malformed input becomes a Warning that
// names the file (and the line where one is known), and the rest of the home is still read.
package discovery

import "strconv"

// Role names the three WSO2 databases the agent reads.
type Role string

const (
	RoleUM  Role = "um"  // user management (UM_* tables)
	RoleREG Role = "reg" // registry (REG_* tables)
	RoleAM  Role = "am"  // API Manager (AM_* and IDN_* tables)
)

// Home is everything discovered under one CARBON_HOME.
type Home struct {
	CarbonHome string `yaml:"carbon_home"`

	// ProductVersion such as "4.2.0"; VersionSource says where it was read ("" when unknown).
	ProductVersion string `yaml:"product_version,omitempty"`
	VersionSource  string `yaml:"version_source,omitempty"`

	// Offset is `[server] offset` of deployment.toml (0 when absent).
	Offset int `yaml:"offset"`
	// Ports are the well-known WSO2 ports with the offset applied, by name
	// ("https_servlet", "http_servlet", "gateway_https", "gateway_http", ...).
	Ports map[string]int `yaml:"ports,omitempty"`

	// Datasources by deployment.toml section name: "apim_db", "shared_db", "user", "config".
	Datasources map[string]Datasource `yaml:"datasources,omitempty"`
	// Databases maps each role to the datasource section that holds it (see RoleDatasource).
	Databases map[Role]string `yaml:"databases,omitempty"`

	// GatewayEnvironments are the names of [[apim.gateway.environment]].
	GatewayEnvironments []string `yaml:"gateway_environments,omitempty"`
	// ReIndexing is `[indexing] re_indexing`, nil when absent.
	ReIndexing *int `yaml:"re_indexing,omitempty"`

	// IsSeparateRegistryDB from migration-resources/migration-config.yaml, nil when absent;
	// IsSeparateRegistryDBLine is the line of that file where the key was found.
	IsSeparateRegistryDB     *bool `yaml:"is_separate_registry_db,omitempty"`
	IsSeparateRegistryDBLine int   `yaml:"is_separate_registry_db_line,omitempty"`

	// Appenders are the file appenders of log4j2.properties, for logwatch. Console and other
	// non-file appenders are left out: there is no file under the home to tail for them.
	Appenders []Appender `yaml:"appenders,omitempty"`

	// PIDFile is the path of wso2carbon.pid (set even when the file does not exist yet).
	PIDFile string `yaml:"pid_file"`
	// LogDir is repository/logs under the home.
	LogDir string `yaml:"log_dir"`

	// Warnings are the problems met while reading the home, in the order they were found.
	Warnings []Warning `yaml:"warnings,omitempty"`
}

// Datasource is one [database.*] section of deployment.toml, with its JDBC URL turned into a
// DSN for the matching Go driver.
type Datasource struct {
	Section string `yaml:"section"`
	// Type as written in deployment.toml: h2, mysql, postgre, mssql, oracle, db2.
	Type string `yaml:"type"`
	// Driver is the Go database/sql driver name: "pgx", "mysql", "sqlserver", "oracle",
	// or "" when there is no Go driver for the type (h2, db2).
	Driver string `yaml:"driver,omitempty"`
	// JDBCDriverClass is the optional `driver` key (the Java driver class), for reference only.
	JDBCDriverClass string `yaml:"jdbc_driver_class,omitempty"`
	// JDBCURL is the url as written, with $env{} placeholders resolved and any credentials in
	// it masked (see RedactJDBC).
	JDBCURL  string `yaml:"jdbc_url"`
	Host     string `yaml:"host,omitempty"`
	Port     int    `yaml:"port,omitempty"`
	Database string `yaml:"database,omitempty"`
	Username string `yaml:"username,omitempty"`
	// Password is the plain password from deployment.toml. It is never printed: the yaml tag
	// hides it, and config wraps it in a Secret before it goes anywhere else.
	Password string `yaml:"-"`
	// SecretAlias is set when the password is `$secret{alias}`: the value must come from the
	// agent's own configuration or environment.
	SecretAlias string `yaml:"secret_alias,omitempty"`
	// DSN is the Go driver DSN without the password (config adds it when it opens the database).
	DSN string `yaml:"dsn,omitempty"`
	// Line is the line of deployment.toml where the section starts.
	Line int `yaml:"line,omitempty"`
}

// Appender is one file appender of log4j2.properties.
type Appender struct {
	Name        string `yaml:"name"`         // e.g. CARBON_LOGFILE
	Type        string `yaml:"type"`         // RollingFile, File, ...
	FileName    string `yaml:"file_name"`    // absolute path, ${sys:carbon.home} expanded
	FilePattern string `yaml:"file_pattern"` // rolled-file pattern, "" for plain File appenders
	Layout      string `yaml:"layout"`       // PatternLayout pattern
	// Line is the line of log4j2.properties where the appender's type is set.
	Line int `yaml:"line,omitempty"`
}

// Warning is a problem found while reading the home: never fatal. File is relative to the
// CARBON_HOME (or the home itself when the home cannot be read); Line is 0 when unknown.
// Messages never carry a password.
type Warning struct {
	File    string `yaml:"file"`
	Line    int    `yaml:"line,omitempty"`
	Message string `yaml:"message"`
	// About is the configuration key (relative to the node) whose explicit value makes this
	// warning moot, e.g. "databases.am" or "product_version"; "" when none does.
	About string `yaml:"about,omitempty"`
}

func (w Warning) String() string {
	if w.Line > 0 {
		return w.File + ":" + strconv.Itoa(w.Line) + ": " + w.Message
	}
	return w.File + ": " + w.Message
}
