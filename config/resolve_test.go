package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
)

// fixtureHome is one of discovery's fixture CARBON_HOMEs.
func fixtureHome(t *testing.T, name string) string {
	t.Helper()
	home, err := filepath.Abs(filepath.Join("..", "discovery", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return home
}

func loadAndResolve(t *testing.T, body string) ([]Node, Problems) {
	t.Helper()
	cfg, ps, _ := loadYAML(t, body)
	if err := ps.Err(); err != nil {
		t.Fatalf("load: %v", err)
	}
	nodes, resolveProblems := cfg.Resolve()
	return nodes, append(ps, resolveProblems...)
}

func TestResolveSharedDatabaseHome(t *testing.T) {
	home := fixtureHome(t, "home-4.2-mysql")
	nodes, ps := loadAndResolve(t, "nodes:\n  - carbon_home: "+home+"\n")
	if len(ps) > 0 {
		t.Fatalf("unexpected problems: %q", problemStrings(ps))
	}
	n := nodes[0]
	if n.Name != "home-4.2-mysql" || n.ProductVersion != "4.2.0" || n.Sources["product_version"] != "bin/version.txt" {
		t.Errorf("name/version: %q %q from %q", n.Name, n.ProductVersion, n.Sources["product_version"])
	}
	if n.PIDFile != filepath.Join(home, "wso2carbon.pid") || n.LogDir != filepath.Join(home, "repository", "logs") {
		t.Errorf("paths: %q %q", n.PIDFile, n.LogDir)
	}
	am, um, reg := n.Databases[discovery.RoleAM], n.Databases[discovery.RoleUM], n.Databases[discovery.RoleREG]
	if am.Driver != "mysql" || am.Password.Reveal() != "apim-plain-pw" || !strings.HasPrefix(am.Source, "repository/conf/deployment.toml:") {
		t.Errorf("am database: %+v (password %q)", am, am.Password.Reveal())
	}
	if um.DSN != reg.DSN || um.Password.Reveal() != "shared-plain-pw" {
		t.Errorf("UM and REG must both be the shared database: um %s, reg %s", um.DSN, reg.DSN)
	}
	if n.IsSeparateRegistryDB == nil || *n.IsSeparateRegistryDB {
		t.Errorf("isSeparateRegistryDB must be discovered as false")
	}
	wantLogs := []LogFile{
		{Path: filepath.Join(home, "repository/logs/wso2carbon.log"), Layout: "TID: [%tenantId] [%appName] [%d] %5p {%c} - %m%ex%n", Source: "repository/conf/log4j2.properties appender CARBON_LOGFILE"},
	}
	if len(n.LogFiles) != 4 || n.LogFiles[0] != wantLogs[0] {
		t.Errorf("log files: %+v", n.LogFiles)
	}
}

func TestResolveSecretAliases(t *testing.T) {
	home := fixtureHome(t, "home-4.2-postgres-split")
	_, ps := loadAndResolve(t, "nodes:\n  - carbon_home: "+home+"\n")
	var missing []string
	for _, p := range ps {
		if strings.Contains(p.Message, "$secret{") {
			missing = append(missing, p.String())
		}
	}
	want := []string{
		"warning: nodes[0].databases.um.password: [database.user] in deployment.toml has password $secret{um_db_password}, encrypted by the cipher tool; the database checks cannot log in until its value is given as secrets.um_db_password in the configuration or in APIMWATCH_SECRET_UM_DB_PASSWORD",
		"warning: nodes[0].databases.reg.password: [database.shared_db] in deployment.toml has password $secret{reg_db_password}, encrypted by the cipher tool; the database checks cannot log in until its value is given as secrets.reg_db_password in the configuration or in APIMWATCH_SECRET_REG_DB_PASSWORD",
		"warning: nodes[0].databases.am.password: [database.apim_db] in deployment.toml has password $secret{apim_db_password}, encrypted by the cipher tool; the database checks cannot log in until its value is given as secrets.apim_db_password in the configuration or in APIMWATCH_SECRET_APIM_DB_PASSWORD",
	}
	if strings.Join(missing, "\n") != strings.Join(want, "\n") || ps.Err() != nil {
		t.Errorf("a secret nobody gave is a warning (the daemon still runs):\n  got  %q\n  want %q", missing, want)
	}

	t.Setenv("APIMWATCH_SECRET_UM_DB_PASSWORD", "um-from-env")
	nodes, ps := loadAndResolve(t, "secrets:\n  apim_db_password: am-from-file\n  REG_DB_PASSWORD: reg-from-file\nnodes:\n  - carbon_home: "+home+"\n")
	for _, p := range ps {
		if strings.Contains(p.Message, "$secret{") {
			t.Errorf("with every secret given: %s", p)
		}
	}
	for role, want := range map[discovery.Role]string{discovery.RoleAM: "am-from-file", discovery.RoleREG: "reg-from-file", discovery.RoleUM: "um-from-env"} {
		if got := nodes[0].Databases[role].Password.Reveal(); got != want {
			t.Errorf("%s password = %q, want %q", role, got, want)
		}
	}
	n := nodes[0]
	if n.Databases[discovery.RoleUM].DSN == n.Databases[discovery.RoleREG].DSN {
		t.Errorf("UM and REG are separate databases in this home")
	}
	if n.IsSeparateRegistryDB == nil || !*n.IsSeparateRegistryDB || n.Sources["is_separate_registry_db"] != "migration-resources/migration-config.yaml" {
		t.Errorf("isSeparateRegistryDB must be discovered as true")
	}
	if strings.Join(n.GatewayEnvironments, ",") != "Default,Internal" || n.Sources["gateway_environments"] != "repository/conf/deployment.toml" {
		t.Errorf("gateway environments: %v", n.GatewayEnvironments)
	}
	for _, p := range ps {
		if strings.Contains(p.Message, "isSeparateRegistryDB is not true") {
			t.Errorf("routing is right in this home, yet: %s", p)
		}
	}
}

func TestExplicitConfigurationWins(t *testing.T) {
	home := fixtureHome(t, "home-4.2-postgres-split")
	nodes, ps := loadAndResolve(t, `
secrets: {apim_db_password: a, reg_db_password: r}
nodes:
  - name: cp-1
    carbon_home: `+home+`
    product_version: 4.3.0
    gateway_environments: [Production]
    is_separate_registry_db: false
    pid_file: /run/wso2/cp.pid
    databases:
      um: {driver: pgx, host: um.internal, name: um_db, user: apimwatch_ro}
`)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	n := nodes[0]
	if n.Name != "cp-1" || n.ProductVersion != "4.3.0" || n.PIDFile != "/run/wso2/cp.pid" || strings.Join(n.GatewayEnvironments, ",") != "Production" {
		t.Errorf("configured values must win: %+v", n)
	}
	for _, key := range []string{"product_version", "pid_file", "gateway_environments", "is_separate_registry_db"} {
		if n.Sources[key] != "configuration" {
			t.Errorf("sources[%s] = %q, want configuration", key, n.Sources[key])
		}
	}
	um := n.Databases[discovery.RoleUM]
	if um.DSN.Reveal() != "postgres://apimwatch_ro@um.internal:5432/um_db" || um.Source != "configuration" {
		t.Errorf("configured UM database: %+v", um)
	}
	if um.Password.IsSet() {
		t.Errorf("apimwatch_ro is not deployment.toml's UM user: its password must not be borrowed")
	}
	routing := "warning: nodes[0].is_separate_registry_db: the UM and REG databases are separate (postgres://apimwatch_ro@um.internal:5432/um_db, postgres://reg_user@pg.example.com:5432/reg_db) but isSeparateRegistryDB is not true; set isSeparateRegistryDB: true in " +
		filepath.Join(home, "migration-resources", "migration-config.yaml") + " before migrating, or the REG schema and data are left inconsistent"
	if !containsString(problemStrings(ps), routing) {
		t.Errorf("no registry-routing warning; problems: %q", problemStrings(ps))
	}
}

func TestConfiguredDatabaseKeepsDiscoveredUsersPassword(t *testing.T) {
	home := fixtureHome(t, "home-4.2-postgres-split")
	_, ps := loadAndResolve(t, `
secrets: {apim_db_password: a, reg_db_password: r}
nodes:
  - carbon_home: `+home+`
    databases:
      um: {jdbc_url: "jdbc:postgresql://um-replica.internal:5432/um_db", user: "um@corp"}
`)
	want := "warning: nodes[0].databases.um.password: [database.user] in deployment.toml has password $secret{um_db_password}, encrypted by the cipher tool; the database checks cannot log in until its value is given as secrets.um_db_password in the configuration or in APIMWATCH_SECRET_UM_DB_PASSWORD"
	var got []string
	for _, p := range ps {
		if strings.Contains(p.Message, "$secret{") {
			got = append(got, p.String())
		}
	}
	if len(got) != 1 || got[0] != want {
		t.Errorf("the same user on a moved database needs deployment.toml's password:\n  got  %q\n  want %q", got, want)
	}
}

func TestCredentialsOnlyKeepTheDiscoveredDatabase(t *testing.T) {
	home := fixtureHome(t, "home-4.2-postgres-split")
	nodes, ps := loadAndResolve(t, `
secrets: {apim_db_password: a, um_db_password: u}
nodes:
  - carbon_home: `+home+`
    databases:
      reg: {password: from-config}
      am: {host: pg-new.internal, name: apim_db, driver: pgx}
`)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	reg, am := nodes[0].Databases[discovery.RoleREG], nodes[0].Databases[discovery.RoleAM]
	if reg.DSN.Reveal() != "postgres://reg_user@pg.example.com:5432/reg_db" || reg.Password.Reveal() != "from-config" {
		t.Errorf("a password-only role must keep the discovered database: %+v", reg)
	}
	if am.DSN.Reveal() != "postgres://apim_user@pg-new.internal:5432/apim_db" || am.Password.Reveal() != "a" {
		t.Errorf("a moved database keeps deployment.toml's user and password: %s %q", am.DSN.Reveal(), am.Password.Reveal())
	}
}

func TestDiscoveryOff(t *testing.T) {
	home := fixtureHome(t, "home-4.2-postgres-split")
	nodes, ps := loadAndResolve(t, "nodes:\n  - carbon_home: "+home+"\n    discover: false\n")
	if len(ps) > 0 || len(nodes[0].Databases) != 0 || nodes[0].ProductVersion != "" || nodes[0].PIDFile != filepath.Join(home, "wso2carbon.pid") {
		t.Errorf("discover: false must read nothing from the home: %q %+v", problemStrings(ps), nodes[0])
	}
}

func containsString(list []string, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}
	return false
}
