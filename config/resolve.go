package config

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/spf13/pflag"
)

// Node is one WSO2 node as the agent uses it: the configuration merged with what discovery
// found, explicit configuration winning. Sources says where each value came from.
type Node struct {
	Name                 string                      `yaml:"name"`
	CarbonHome           string                      `yaml:"carbon_home"`
	PIDFile              string                      `yaml:"pid_file"`
	LogDir               string                      `yaml:"log_dir"`
	ProductVersion       string                      `yaml:"product_version,omitempty"`
	IsSeparateRegistryDB *bool                       `yaml:"is_separate_registry_db,omitempty"`
	GatewayEnvironments  []string                    `yaml:"gateway_environments,omitempty"`
	Databases            map[discovery.Role]Database `yaml:"databases,omitempty"`
	LogFiles             []LogFile                   `yaml:"log_files,omitempty"`
	// Host, Ports, Profile and ExpectedVersion are what the built-in probes use (see ProbeTargets).
	Host            string            `yaml:"host"`
	Ports           map[string]int    `yaml:"ports,omitempty"`
	Profile         string            `yaml:"profile"`
	ExpectedVersion string            `yaml:"expected_version,omitempty"`
	Sources         map[string]string `yaml:"sources"`
	Home            *discovery.Home   `yaml:"-"`
}

// Database is one role's database, ready to open: Driver and DSN, with the password apart.
type Database struct {
	Driver   string `yaml:"driver"`
	DSN      DSN    `yaml:"dsn"`
	Password Secret `yaml:"password,omitempty"`
	Source   string `yaml:"source"`
}

const sourceConfig = "configuration"

// Resolve discovers every node's CARBON_HOME (unless discover is false) and merges it under the
// explicit configuration. Discovery warnings come back as warning problems keyed by the node;
// a `$secret{}` password with no value given is an error, since its database cannot be opened.
func (c *Config) Resolve() ([]Node, Problems) {
	var ps Problems
	nodes := make([]Node, 0, len(c.Nodes))
	for i, nc := range c.Nodes {
		key := fmt.Sprintf("nodes[%d]", i)
		var home *discovery.Home
		if nc.Discover == nil || *nc.Discover {
			home = discovery.Discover(nc.CarbonHome)
			for _, w := range home.Warnings {
				if !nc.answers(w.About) {
					ps.warnf(key, "%s", w)
				}
			}
		}
		nodes = append(nodes, c.resolveNode(key, nc, home, &ps))
	}
	return nodes, ps
}

// answers tells whether the node's explicit configuration gives the value a discovery warning
// is about, which makes the warning moot.
func (nc NodeConfig) answers(about string) bool {
	if role, ok := strings.CutPrefix(about, "databases."); ok {
		_, given := nc.Databases[role]
		return given
	}
	return about == "product_version" && nc.ProductVersion != ""
}

func (c *Config) resolveNode(key string, nc NodeConfig, home *discovery.Home, ps *Problems) Node {
	discovered := home != nil
	if !discovered {
		home = &discovery.Home{CarbonHome: nc.CarbonHome}
	}
	n := Node{Name: nc.Name, CarbonHome: nc.CarbonHome, Sources: map[string]string{}, Databases: map[discovery.Role]Database{}}
	if discovered {
		n.Home = home
	}
	n.PIDFile = pick(n.Sources, "pid_file", nc.PIDFile, home.PIDFile, "discovery", filepath.Join(nc.CarbonHome, "wso2carbon.pid"))
	n.LogDir = pick(n.Sources, "log_dir", nc.LogDir, home.LogDir, "discovery", filepath.Join(nc.CarbonHome, "repository", "logs"))
	n.ProductVersion = pick(n.Sources, "product_version", nc.ProductVersion, home.ProductVersion, home.VersionSource, "")

	switch {
	case nc.IsSeparateRegistryDB != nil:
		n.IsSeparateRegistryDB, n.Sources["is_separate_registry_db"] = nc.IsSeparateRegistryDB, sourceConfig
	case home.IsSeparateRegistryDB != nil:
		n.IsSeparateRegistryDB, n.Sources["is_separate_registry_db"] = home.IsSeparateRegistryDB, "migration-resources/migration-config.yaml"
	}
	switch {
	case len(nc.GatewayEnvironments) > 0:
		n.GatewayEnvironments, n.Sources["gateway_environments"] = nc.GatewayEnvironments, sourceConfig
	case len(home.GatewayEnvironments) > 0:
		n.GatewayEnvironments, n.Sources["gateway_environments"] = home.GatewayEnvironments, "repository/conf/deployment.toml"
	}
	n.LogFiles = resolveLogFiles(nc, home, n.LogDir)
	resolveProbeTarget(&n, nc, home)

	for _, role := range []discovery.Role{discovery.RoleUM, discovery.RoleREG, discovery.RoleAM} {
		dbKey := key + ".databases." + string(role)
		discovered, found := discovery.RoleDatasource(home, role)
		if dc, given := nc.Databases[string(role)]; given {
			n.Databases[role] = c.configuredDatabase(dbKey, dc, discovered, found, ps)
		} else if found && discovered.Driver != "" {
			n.Databases[role] = c.discoveredDatabase(dbKey, discovered, false, ps)
		}
	}
	c.checkRegistryRouting(key, n, home, ps)
	return n
}

// pick takes the configured value, else the discovered one, else the fallback, and records
// which it took.
func pick(sources map[string]string, key, configured, discovered, discoveredFrom, fallback string) string {
	switch {
	case configured != "":
		sources[key] = sourceConfig
		return configured
	case discovered != "":
		sources[key] = discoveredFrom
		return discovered
	case fallback != "":
		sources[key] = "default"
	}
	return fallback
}

func (c *Config) configuredDatabase(key string, dc DatabaseConfig, discovered discovery.Datasource, found bool, ps *Problems) Database {
	if dc.DSN == "" && dc.JDBCURL == "" && dc.Host == "" {
		// Only credentials: the database is the discovered one, read with this password.
		if !found || discovered.Driver == "" {
			ps.errorf(key, "gives no database and discovery found none apimwatch can read; give dsn, jdbc_url, or host with name")
			return Database{Password: dc.Password, Source: sourceConfig}
		}
		db := c.discoveredDatabase(key, discovered, dc.Password.IsSet(), ps)
		if dc.Password.IsSet() {
			db.Password, db.Source = dc.Password, db.Source+", password from the configuration"
		}
		return db
	}
	if dc.User == "" && found {
		dc.User = discovered.Username // moved, but read as deployment.toml's user
	}
	db := Database{Driver: dc.Driver, DSN: dc.DSN, Password: dc.Password, Source: sourceConfig}
	switch {
	case dc.JDBCURL != "":
		conn, err := discovery.JDBCToDSN(dc.JDBCURL.Reveal(), dc.User)
		if err != nil {
			ps.errorf(key+".jdbc_url", "%v", err)
		}
		if db.Driver == "" {
			db.Driver = conn.Driver
		}
		db.DSN = DSN(conn.DSN)
	case dc.Host != "":
		db.DSN = DSN(buildDSN(dc))
	}
	if !db.Password.IsSet() && found && dc.DSN == "" && dc.User == discovered.Username {
		// The operator moved the database but kept deployment.toml's user: that user's
		// password is the one deployment.toml gives. A DSN stands on its own, and another
		// user's password is the operator's to give.
		db.Password = c.datasourcePassword(key, discovered, ps)
	}
	return db
}

// discoveredDatabase is a datasource of deployment.toml; passwordGiven skips looking up its
// password (the configuration gives one).
func (c *Config) discoveredDatabase(key string, ds discovery.Datasource, passwordGiven bool, ps *Problems) Database {
	source := "repository/conf/deployment.toml [database." + ds.Section + "]"
	if ds.Line > 0 {
		source = fmt.Sprintf("repository/conf/deployment.toml:%d [database.%s]", ds.Line, ds.Section)
	}
	db := Database{Driver: ds.Driver, DSN: DSN(ds.DSN), Source: source}
	if !passwordGiven {
		db.Password = c.datasourcePassword(key, ds, ps)
	}
	return db
}

// datasourcePassword is a discovered datasource's password: the plain one, or the value of its
// `$secret{alias}` from `secrets` or APIMWATCH_SECRET_<ALIAS>.
func (c *Config) datasourcePassword(key string, ds discovery.Datasource, ps *Problems) Secret {
	if ds.SecretAlias == "" {
		return Secret(ds.Password)
	}
	if value, ok := c.secretValue(ds.SecretAlias); ok {
		return value
	}
	ps.warnf(key+".password", "[database.%s] in deployment.toml has password $secret{%s}, encrypted by the cipher tool; the database checks cannot log in until its value is given as secrets.%s in the configuration or in %s",
		ds.Section, ds.SecretAlias, ds.SecretAlias, SecretEnvName(ds.SecretAlias))
	return ""
}

// checkRegistryRouting warns about the misconfiguration WSO2's migration guide warns about:
// UM and REG in separate databases while isSeparateRegistryDB is not true, so registry
// migration scripts and queries go to the wrong database.
func (c *Config) checkRegistryRouting(key string, n Node, home *discovery.Home, ps *Problems) {
	um, umOK := n.Databases[discovery.RoleUM]
	reg, regOK := n.Databases[discovery.RoleREG]
	if !umOK || !regOK || um.DSN == reg.DSN {
		return
	}
	if n.IsSeparateRegistryDB == nil || !*n.IsSeparateRegistryDB {
		ps.warnf(key+".is_separate_registry_db", "the UM and REG databases are separate (%s, %s) but isSeparateRegistryDB is not true; set isSeparateRegistryDB: true in %s before migrating, or the REG schema and data are left inconsistent",
			um.DSN, reg.DSN, filepath.Join(home.CarbonHome, "migration-resources", "migration-config.yaml"))
	}
}

// LoadAndResolve is Load followed, when the configuration has no error, by Resolve: what the
// daemon does at start and on every reload, and what `config check` reports.
func LoadAndResolve(fs *pflag.FlagSet) (*Config, []Node, Problems) {
	cfg, ps := Load(fs)
	if ps.Err() != nil {
		return cfg, nil, ps
	}
	nodes, resolveProblems := cfg.Resolve()
	ps = append(ps, resolveProblems...)
	_, probeProblems := cfg.ProbeSet(nodes) // nodes that cannot be probed, reported now
	ps = append(ps, probeProblems...)
	for _, name := range slices.Sorted(maps.Keys(cfg.Environments)) {
		_, envProblems := cfg.OtherEnvironment(name) // report a bad environment now, not at --compare-with
		ps = append(ps, envProblems...)
	}
	return cfg, nodes, ps
}
