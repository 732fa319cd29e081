package config

import (
	"fmt"
	"maps"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/prometheus/exporter-toolkit/web"
)

// Roles are the database roles a node may configure.
var Roles = []string{"um", "reg", "am"}

// Drivers are the database/sql driver names apimwatch opens.
var Drivers = []string{"pgx", "mysql", "sqlserver", "oracle", "sqlite"}

// driverAliases are the names people write for the drivers apimwatch has.
var driverAliases = map[string]string{
	"postgres": "pgx", "postgresql": "pgx", "postgre": "pgx",
	"mariadb": "mysql",
	"mssql":   "sqlserver",
	"sqlite3": "sqlite",
}

var versionPattern = regexp.MustCompile(`^\d+\.\d+\.\d+$`)

// validate is the one semantic pass after decoding: every problem, with its key and its fix.
func (c *Config) validate() Problems {
	var ps Problems
	c.validateCutover(&ps)
	c.Web.validate(&ps)
	c.Log.validate(&ps)
	c.Logs.validate(&ps)
	c.Verify.validate(&ps)
	for alias, value := range c.Secrets {
		if !value.IsSet() {
			ps.errorf("secrets."+alias, "is empty; give the value of $secret{%s}, or remove the key", alias)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Environments)) {
		env := c.Environments[name]
		key := "environments." + name
		if len(env.Databases) == 0 {
			ps.errorf(key+".databases", "is required: give the environment's um, reg and am databases")
		}
		validateDatabases(key, env.Databases, &ps)
	}
	names := map[string]int{}
	for i := range c.Nodes {
		node := &c.Nodes[i]
		key := fmt.Sprintf("nodes[%d]", i)
		node.validate(key, &ps)
		for j, f := range node.LogFiles {
			f.validate(fmt.Sprintf("%s.log_files[%d]", key, j), &ps)
		}
		if first, seen := names[node.Name]; seen && node.Name != "" {
			ps.errorf(key+".name", "%q is already the name of nodes[%d]; give each node its own name (it is the `node` label)", node.Name, first)
		}
		if _, seen := names[node.Name]; !seen {
			names[node.Name] = i
		}
	}
	delete(names, "") // a node without carbon_home, reported above
	c.validateProbes(slices.Sorted(maps.Keys(names)), &ps)
	return ps
}

func (w WebConfig) validate(ps *Problems) {
	host, port, err := net.SplitHostPort(w.ListenAddress)
	if err != nil {
		ps.errorf("web.listen_address", "%q is not host:port (e.g. %q or \"127.0.0.1:9247\")", w.ListenAddress, DefaultListenAddress)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		ps.errorf("web.listen_address", "port %q of %q is not a number from 0 to 65535", port, w.ListenAddress)
	} else if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /") {
		ps.errorf("web.listen_address", "host %q is not an IP address or host name", host)
	}
	switch {
	case !strings.HasPrefix(w.TelemetryPath, "/"):
		ps.errorf("web.telemetry_path", "%q must start with '/', e.g. /metrics", w.TelemetryPath)
	case slices.Contains([]string{"/", "/api/status", "/healthz", "/readyz"}, w.TelemetryPath):
		ps.errorf("web.telemetry_path", "%q is taken by the status page or a health endpoint; use /metrics", w.TelemetryPath)
	}
	if w.ConfigFile != "" {
		if err := web.Validate(w.ConfigFile); err != nil {
			ps.errorf("web.config_file", "%s is not a valid exporter-toolkit web configuration: %v", w.ConfigFile, err)
		}
	}
}

func (l LogConfig) validate(ps *Problems) {
	switch l.Level {
	case "debug", "info", "warn", "error":
	default:
		ps.errorf("log.level", "%q is not a level; use debug, info, warn or error", l.Level)
	}
	switch l.Format {
	case "json", "console":
	default:
		ps.errorf("log.format", "%q is not a format; use json or console", l.Format)
	}
}

func (n *NodeConfig) validate(key string, ps *Problems) {
	switch {
	case n.CarbonHome == "":
		ps.errorf(key+".carbon_home", "is required; give the WSO2 node's CARBON_HOME (the directory holding bin/ and repository/)")
	case !filepath.IsAbs(n.CarbonHome):
		ps.errorf(key+".carbon_home", "%q must be an absolute path", n.CarbonHome)
	default:
		n.CarbonHome = filepath.Clean(n.CarbonHome)
		if info, err := os.Stat(n.CarbonHome); err != nil {
			ps.errorf(key+".carbon_home", "%s cannot be read (%v); give the CARBON_HOME of a WSO2 node on this host", n.CarbonHome, unwrapPathError(err))
		} else if !info.IsDir() {
			ps.errorf(key+".carbon_home", "%s is a file, not a directory; give the CARBON_HOME directory", n.CarbonHome)
		}
		if n.Name == "" {
			n.Name = filepath.Base(n.CarbonHome)
		}
	}
	for _, p := range []struct{ key, value string }{{"pid_file", n.PIDFile}, {"log_dir", n.LogDir}} {
		if p.value != "" && !filepath.IsAbs(p.value) {
			ps.errorf(key+"."+p.key, "%q must be an absolute path", p.value)
		}
	}
	if n.ProductVersion != "" && !versionPattern.MatchString(n.ProductVersion) {
		ps.errorf(key+".product_version", "%q is not a version such as 4.2.0", n.ProductVersion)
	}
	for i, env := range n.GatewayEnvironments {
		if strings.TrimSpace(env) == "" {
			ps.errorf(fmt.Sprintf("%s.gateway_environments[%d]", key, i), "is empty; give the name of an [[apim.gateway.environment]]")
		}
	}
	validateDatabases(key, n.Databases, ps)
	n.validateProbeTarget(key, ps)
}

// validateDatabases checks each role's database of a node or an environment.
func validateDatabases(key string, databases map[string]DatabaseConfig, ps *Problems) {
	for _, role := range slices.Sorted(maps.Keys(databases)) {
		db := databases[role]
		dbKey := key + ".databases." + role
		if !slices.Contains(Roles, role) {
			ps.errorf(dbKey, "unknown database role%s", suggestion(role, Roles))
			continue
		}
		db.validate(dbKey, ps)
		databases[role] = db
	}
}

func (d *DatabaseConfig) validate(key string, ps *Problems) {
	given := 0
	for _, set := range []bool{d.DSN != "", d.JDBCURL != "", d.Host != ""} {
		if set {
			given++
		}
	}
	if given > 1 {
		ps.errorf(key, "give the database one way: dsn, jdbc_url, or host with name")
	}
	if canonical, ok := driverAliases[d.Driver]; ok {
		d.Driver = canonical
	}
	if d.Driver != "" && !slices.Contains(Drivers, d.Driver) {
		ps.errorf(key+".driver", "%q is not a driver apimwatch has%s", d.Driver, suggestion(d.Driver, Drivers))
	}
	if (d.DSN != "" || d.Host != "") && d.Driver == "" {
		ps.errorf(key+".driver", "is required with dsn or host; use one of %s", strings.Join(Drivers, ", "))
	}
	if d.Host != "" && d.Name == "" {
		ps.errorf(key+".name", "is required with host; give the database (schema, service) name")
	}
	if d.Port < 0 || d.Port > 65535 {
		ps.errorf(key+".port", "%d is not a port number", d.Port)
	}
	if d.PasswordFile != "" {
		if d.Password.IsSet() {
			ps.errorf(key+".password_file", "give either password or password_file, not both")
		}
		content, err := os.ReadFile(d.PasswordFile)
		if err != nil {
			ps.errorf(key+".password_file", "%s cannot be read (%v)", d.PasswordFile, unwrapPathError(err))
		} else {
			// Secret files usually end in a newline the password does not contain.
			d.Password = Secret(strings.TrimRight(string(content), "\r\n"))
		}
	}
}

// unwrapPathError drops the path from an *os.PathError: the message already names the file.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
