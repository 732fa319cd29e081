package discovery

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// unsetEnv unsets name for the test and restores it afterwards.
func unsetEnv(t *testing.T, name string) {
	t.Helper()
	t.Setenv(name, "") // registers the restore
	if err := os.Unsetenv(name); err != nil {
		t.Fatal(err)
	}
}

// writeHome creates a CARBON_HOME holding files (slash paths relative to the home).
func writeHome(t *testing.T, files map[string]string) string {
	t.Helper()
	home := t.TempDir()
	for rel, content := range files {
		path := filepath.Join(home, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

// withVersion completes a generated home with the files whose absence would add warnings
// unrelated to the case under test.
func withVersion(files map[string]string) map[string]string {
	complete := map[string]string{
		versionFilePath:      "WSO2 API Manager v4.2.0\n",
		log4j2PropertiesPath: "appender.C.type = Console\n",
		migrationConfigPath:  "isSeparateRegistryDB: false\n",
	}
	for rel, content := range files {
		complete[rel] = content
	}
	return complete
}

const sharedDBOnly = `
[database.apim_db]
type = "mysql"
url = "jdbc:mysql://db:3306/am"
username = "am"
password = "am-pw"

[database.shared_db]
type = "mysql"
url = "jdbc:mysql://db:3306/shared"
username = "shared"
password = "shared-pw"
`

var (
	noLog4j2   = Warning{File: log4j2PropertiesPath, Message: "file not found: log files and their layouts are not discovered"}
	noVersion  = Warning{File: versionFilePath, About: "product_version", Message: "the product version is unknown: bin/version.txt does not exist; repository/logs/wso2carbon.log does not exist"}
	noDeplToml = Warning{File: deploymentTOMLPath, Message: "file not found: databases, ports and gateway environments are not discovered"}
)

func TestDiscoverReportsProblems(t *testing.T) {
	tests := []struct {
		name  string
		home  func(t *testing.T) string
		want  []Warning
		check func(t *testing.T, h *Home)
	}{
		{
			name: "malformed TOML is read as empty and its line reported",
			home: func(t *testing.T) string { return homeDir(t, "broken-toml") },
			want: []Warning{
				{File: deploymentTOMLPath, Line: 7, Message: "malformed TOML, read as an empty configuration: toml: basic strings cannot have new lines"},
				noLog4j2, noVersion,
			},
			check: func(t *testing.T, h *Home) {
				if h.Offset != 0 || h.Ports["https_servlet"] != 9443 || h.Datasources != nil || h.Databases != nil {
					t.Errorf("a malformed file should leave an empty configuration, got offset %d, ports %v, datasources %v",
						h.Offset, h.Ports, h.Datasources)
				}
			},
		},
		{
			name: "malformed YAML is reported with its line",
			home: func(t *testing.T) string { return homeDir(t, "broken-yaml") },
			want: []Warning{
				noDeplToml, noLog4j2,
				{File: migrationConfigPath, Line: 5, Message: "malformed YAML, isSeparateRegistryDB is unknown: yaml: line 5: did not find expected ',' or ']'"},
				noVersion,
			},
			check: func(t *testing.T, h *Home) {
				if h.IsSeparateRegistryDB != nil {
					t.Errorf("IsSeparateRegistryDB = %v, want nil", *h.IsSeparateRegistryDB)
				}
			},
		},
		{
			name: "every file missing",
			home: func(t *testing.T) string { return t.TempDir() },
			want: []Warning{noDeplToml, noLog4j2, noVersion},
		},
		{
			name: "unresolvable $sys{} placeholders",
			home: func(t *testing.T) string { return homeDir(t, "sys-placeholder") },
			want: []Warning{
				{File: deploymentTOMLPath, Line: 5, Message: "database.apim_db.password: Java system property am.db.password cannot be resolved by the agent"},
				{File: deploymentTOMLPath, Line: 3, Message: "database.apim_db.url: Java system property am.db.host cannot be resolved by the agent"},
				noLog4j2, noVersion,
			},
			check: func(t *testing.T, h *Home) {
				am := h.Datasources["apim_db"]
				if am.DSN != "" || am.Driver != "" || am.Password != "" || am.JDBCURL != "jdbc:mysql://$sys{am.db.host}:3306/apim_db" {
					t.Errorf("apim_db = %+v, want no DSN, no password and the URL as written", am)
				}
			},
		},
		{
			name: "$env{} placeholders resolved from the environment",
			home: func(t *testing.T) string {
				t.Setenv("APIMWATCH_TEST_DB_HOST", "db.internal")
				t.Setenv("APIMWATCH_TEST_DB_USER", "am_user")
				t.Setenv("APIMWATCH_TEST_DB_PASSWORD", "from-env-pw")
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: strings.NewReplacer(
					`"jdbc:mysql://db:3306/am"`, `"jdbc:mysql://$env{APIMWATCH_TEST_DB_HOST}:3307/am"`,
					`username = "am"`, `username = "$env{APIMWATCH_TEST_DB_USER}"`,
					`password = "am-pw"`, `password = "$env{APIMWATCH_TEST_DB_PASSWORD}"`,
				).Replace(sharedDBOnly)}))
			},
			check: func(t *testing.T, h *Home) {
				am := h.Datasources["apim_db"]
				if am.DSN != "am_user@tcp(db.internal:3307)/am" || am.Password != "from-env-pw" || am.Username != "am_user" {
					t.Errorf("apim_db = DSN %q, user %q, password set %v", am.DSN, am.Username, am.Password == "from-env-pw")
				}
			},
		},
		{
			name: "unset $env{} variable",
			home: func(t *testing.T) string {
				unsetEnv(t, "APIMWATCH_TEST_UNSET")
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: strings.Replace(sharedDBOnly,
					`username = "am"`, `username = "$env{APIMWATCH_TEST_UNSET}"`, 1)}))
			},
			want: []Warning{{File: deploymentTOMLPath, Line: 5, Message: "database.apim_db.username: environment variable APIMWATCH_TEST_UNSET is not set"}},
			check: func(t *testing.T, h *Home) {
				if am := h.Datasources["apim_db"]; am.Username != "" || am.DSN != "tcp(db:3306)/am" {
					t.Errorf("apim_db user %q DSN %q, want neither user nor placeholder", am.Username, am.DSN)
				}
			},
		},
		{
			name: "home does not exist",
			home: func(t *testing.T) string { return filepath.Join(t.TempDir(), "missing") },
			check: func(t *testing.T, h *Home) {
				want := []Warning{{File: h.CarbonHome, Message: "CARBON_HOME does not exist, nothing was discovered"}}
				if !reflect.DeepEqual(h.Warnings, want) {
					t.Errorf("Warnings = %+v, want %+v", h.Warnings, want)
				}
			},
		},
		{
			name: "home is a file",
			home: func(t *testing.T) string {
				return filepath.Join(writeHome(t, map[string]string{"file": "x"}), "file")
			},
			check: func(t *testing.T, h *Home) {
				want := []Warning{{File: h.CarbonHome, Message: "CARBON_HOME is not a directory, nothing was discovered"}}
				if !reflect.DeepEqual(h.Warnings, want) {
					t.Errorf("Warnings = %+v, want %+v", h.Warnings, want)
				}
			},
		},
		{
			name: "2.x home with XML configuration",
			home: func(t *testing.T) string {
				return writeHome(t, map[string]string{masterDatasourcesPath: "<datasources-configuration/>", versionFilePath: "WSO2 API Manager v2.6.0\n"})
			},
			want: []Warning{
				{File: masterDatasourcesPath, Message: "this looks like an API-M 2.x home (XML configuration, no deployment.toml): " +
					"2.x configuration is not discovered, configure the databases and logs explicitly"},
			},
			check: func(t *testing.T, h *Home) {
				if h.ProductVersion != "2.6.0" {
					t.Errorf("ProductVersion = %q, want 2.6.0", h.ProductVersion)
				}
			},
		},
		{
			name: "[database.user] without realm_manager",
			home: func(t *testing.T) string {
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: sharedDBOnly +
					"\n[database.user]\ntype = \"mysql\"\nurl = \"jdbc:mysql://db:3306/um\"\nusername = \"um\"\n"}))
			},
			want: []Warning{{File: deploymentTOMLPath, Line: 14, Message: "[database.user] is defined but [realm_manager] " +
				"data_source is not \"WSO2USER_DB\": the user store does not use it and keeps its tables in [database.shared_db]"}},
			check: func(t *testing.T, h *Home) {
				if h.Databases[RoleUM] != "shared_db" {
					t.Errorf("UM is in %q, want shared_db", h.Databases[RoleUM])
				}
			},
		},
		{
			name: "realm_manager names WSO2USER_DB without [database.user]",
			home: func(t *testing.T) string {
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: "[realm_manager]\ndata_source = \"WSO2USER_DB\"\n" + sharedDBOnly}))
			},
			want: []Warning{{File: deploymentTOMLPath, Line: 2, About: "databases.um", Message: "no [database.user] for the um tables: the node uses " +
				"its embedded H2 database, which the agent cannot read; configure this database explicitly"}},
		},
		{
			name: "H2, bad types and a nameless gateway environment",
			home: func(t *testing.T) string {
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: `[server]
offset = "two"

[database.apim_db]
type = "h2"
url = "jdbc:h2:./repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE"
username = "wso2carbon"
password = 1234

[[apim.gateway.environment]]
type = "hybrid"

[indexing]
re_indexing = "3"
`}))
			},
			want: []Warning{
				{File: deploymentTOMLPath, Line: 8, Message: "database.apim_db.password should be a string, found an integer: ignored"},
				{File: deploymentTOMLPath, Line: 6, Message: "[database.apim_db]: the agent cannot read this database: no Go driver for this database: H2 is embedded in the server and not for production"},
				{File: deploymentTOMLPath, About: "databases.reg", Message: "no [database.shared_db] for the reg tables: the node uses its embedded H2 database, which the agent cannot read; configure this database explicitly"},
				{File: deploymentTOMLPath, About: "databases.um", Message: "no [database.shared_db] for the um tables: the node uses its embedded H2 database, which the agent cannot read; configure this database explicitly"},
				{File: deploymentTOMLPath, Line: 2, Message: `[server] offset "two" is not a port offset: using 0`},
				{File: deploymentTOMLPath, Line: 10, Message: "gateway environment #1 has no name: ignored"},
				{File: deploymentTOMLPath, Line: 14, Message: "[indexing] re_indexing should be an integer, found a string: ignored"},
			},
		},
		{
			name: "isSeparateRegistryDB nested: the client ignores it",
			home: func(t *testing.T) string {
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: sharedDBOnly,
					migrationConfigPath: "migrationEnable: true\nregistry:\n  isSeparateRegistryDB: true\n"}))
			},
			want: []Warning{
				{File: migrationConfigPath, Line: 3, Message: "isSeparateRegistryDB is nested under registry: the migration client reads it only at the top level of the file, so it runs as if it were false"},
			},
			check: func(t *testing.T, h *Home) {
				if h.IsSeparateRegistryDB == nil || *h.IsSeparateRegistryDB {
					t.Errorf("a nested isSeparateRegistryDB: true must be read as false, as the client does")
				}
			},
		},
		{
			name: "isSeparateRegistryDB not a boolean",
			home: func(t *testing.T) string {
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: sharedDBOnly,
					migrationConfigPath: "migrationEnable: true\nisSeparateRegistryDB: maybe\n"}))
			},
			want: []Warning{{File: migrationConfigPath, Line: 2, Message: "isSeparateRegistryDB should be true or false"}},
		},
		{
			name: "isSeparateRegistryDB absent",
			home: func(t *testing.T) string {
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: sharedDBOnly, migrationConfigPath: "migrationEnable: true\n"}))
			},
			want: []Warning{{File: migrationConfigPath, Message: "isSeparateRegistryDB is not set: the migration client treats it as false"}},
		},
		{
			name: "appender with a type but listed without one",
			home: func(t *testing.T) string {
				return writeHome(t, withVersion(map[string]string{deploymentTOMLPath: sharedDBOnly,
					log4j2PropertiesPath: "appenders = A, B\nappender.A.type = File\nappender.A.fileName = /var/log/a.log\n"}))
			},
			want: []Warning{{File: log4j2PropertiesPath, Line: 1, Message: "appender B is listed in appenders but has no appender.B.type"}},
			check: func(t *testing.T, h *Home) {
				want := []Appender{{Name: "A", Type: "File", FileName: "/var/log/a.log", Line: 2}}
				if !reflect.DeepEqual(h.Appenders, want) {
					t.Errorf("Appenders = %+v, want %+v", h.Appenders, want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Discover(tt.home(t))
			if tt.want != nil && !reflect.DeepEqual(h.Warnings, tt.want) {
				t.Errorf("Warnings:\n got  %#v\n want %#v", h.Warnings, tt.want)
			}
			if tt.check != nil {
				tt.check(t, h)
			}
		})
	}
}

// TestWarningsNeverCarryPasswords looks for every password of the fixtures in every warning.
func TestWarningsNeverCarryPasswords(t *testing.T) {
	passwords := []string{"apim-plain-pw", "shared-plain-pw", "config-plain-pw", "am-plain-pw", "never-shown-pw", "am-pw"}
	for _, dir := range []string{"home-4.2-mysql", "home-4.2-postgres-split", "home-custom-mssql-oracle", "home-3.2", "broken-toml", "sys-placeholder"} {
		for _, w := range Discover(homeDir(t, dir)).Warnings {
			for _, password := range passwords {
				if strings.Contains(w.String(), password) {
					t.Errorf("%s: warning %q shows a password", dir, w)
				}
			}
		}
	}
}
