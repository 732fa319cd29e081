package discovery

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// homeDir is the absolute path of a fixture CARBON_HOME under testdata.
func homeDir(t *testing.T, name string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// appenderAt builds an expected appender whose paths are written relative to the home.
func appenderAt(home, name, kind, file, pattern, layout string, line int) Appender {
	abs := func(rel string) string {
		if rel == "" || strings.HasPrefix(rel, "/") {
			return rel
		}
		return filepath.Join(home, rel)
	}
	return Appender{Name: name, Type: kind, FileName: abs(file), FilePattern: abs(pattern), Layout: layout, Line: line}
}

func intPtr(i int) *int    { return &i }
func boolPtr(b bool) *bool { return &b }

// standard42Appenders are the file appenders of the stock 4.2 log4j2.properties fixture.
func standard42Appenders(home string) []Appender {
	const logs = "repository/logs/"
	return []Appender{
		appenderAt(home, "CARBON_LOGFILE", "RollingFile", logs+"wso2carbon.log", logs+"wso2carbon-%d{MM-dd-yyyy}-%i.log",
			"TID: [%tenantId] [%appName] [%d] %5p {%c} - %m%ex%n", 18),
		appenderAt(home, "AUDIT_LOGFILE", "RollingFile", logs+"audit.log", logs+"audit-%d{MM-dd-yyyy}.log",
			"TID: [%tenantId] [%d] %5p {%c} - %m%ex%n", 35),
		appenderAt(home, "CARBON_TRACE_LOGFILE", "RollingFile", logs+"wso2carbon-trace-messages.log",
			logs+"wso2carbon-trace-messages-%d{MM-dd-yyyy}-%i.log", "[%d] %5p {%c} - %m%ex%n", 52),
		appenderAt(home, "DELETE_EVENT_LOGFILE", "RollingFile", logs+"delete-event.log", logs+"delete-event-%d{MM-dd-yyyy}.log",
			"TID: [%tenantId] [%d] %5p {%c} - %m%ex%n", 64),
		appenderAt(home, "API_LOGFILE", "RollingFile", logs+"api.log", logs+"api-%d{MM-dd-yyyy}-%i.log",
			"[%d] %5p {%c} %X{apiName} - %m%ex%n", 81),
		appenderAt(home, "ERROR_LOGFILE", "RollingFile", logs+"wso2-apigw-errors.log", logs+"wso2-apigw-errors-%d{MM-dd-yyyy}-%i.log.gz",
			"%d{ISO8601} [%X{ip}-%X{host}] [%t] %5p %c{1} %m%n", 97),
		appenderAt(home, "CORRELATION", "RollingFile", logs+"correlation.log", logs+"correlation-%d{MM-dd-yyyy}-%i.log.gz",
			"%d{yyyy-MM-dd HH:mm:ss,SSS}|%X{Correlation-ID}|%t|%m%n", 114),
	}
}

func TestDiscoverFixtureHomes(t *testing.T) {
	tests := []struct {
		name string
		dir  string
		want func(home string) Home // only the fields compared below
	}{
		{
			name: "4.2 with one shared MySQL database",
			dir:  "home-4.2-mysql",
			want: func(home string) Home {
				return Home{
					ProductVersion: "4.2.0", VersionSource: "bin/version.txt", Offset: 0,
					Datasources: map[string]Datasource{
						"apim_db": {Section: "apim_db", Type: "mysql", Driver: "mysql", JDBCDriverClass: "com.mysql.cj.jdbc.Driver",
							JDBCURL: "jdbc:mysql://db.example.com:3306/apim_db?useSSL=false&amp;autoReconnect=true&amp;allowPublicKeyRetrieval=true",
							Host:    "db.example.com", Port: 3306, Database: "apim_db", Username: "apimadmin", Password: "apim-plain-pw",
							DSN: "apimadmin@tcp(db.example.com:3306)/apim_db?tls=false", Line: 18},
						"shared_db": {Section: "shared_db", Type: "mysql", Driver: "mysql", JDBCDriverClass: "com.mysql.cj.jdbc.Driver",
							JDBCURL: "jdbc:mysql://db.example.com:3306/shared_db?useSSL=false&characterEncoding=UTF-8&useUnicode=true",
							Host:    "db.example.com", Port: 3306, Database: "shared_db", Username: "sharedadmin", Password: "shared-plain-pw",
							DSN: "sharedadmin@tcp(db.example.com:3306)/shared_db?tls=false", Line: 30},
					},
					Databases:                map[Role]string{RoleAM: "apim_db", RoleREG: "shared_db", RoleUM: "shared_db"},
					GatewayEnvironments:      []string{"Default"},
					IsSeparateRegistryDB:     boolPtr(false),
					IsSeparateRegistryDBLine: 11,
					Appenders:                standard42Appenders(home),
				}
			},
		},
		{
			name: "4.2 with UM and REG split on PostgreSQL",
			dir:  "home-4.2-postgres-split",
			want: func(home string) Home {
				return Home{
					ProductVersion: "4.2.0", VersionSource: "repository/logs/wso2carbon.log", Offset: 2,
					Datasources: map[string]Datasource{
						"apim_db": {Section: "apim_db", Type: "postgre", Driver: "pgx", JDBCDriverClass: "org.postgresql.Driver",
							JDBCURL: "jdbc:postgresql://pg.example.com:5432/apim_db?sslmode=require",
							Host:    "pg.example.com", Port: 5432, Database: "apim_db", Username: "apim_user", SecretAlias: "apim_db_password",
							DSN: "postgres://apim_user@pg.example.com:5432/apim_db?sslmode=require", Line: 18},
						"shared_db": {Section: "shared_db", Type: "postgre", Driver: "pgx", JDBCDriverClass: "org.postgresql.Driver",
							JDBCURL: "jdbc:postgresql://pg.example.com:5432/reg_db",
							Host:    "pg.example.com", Port: 5432, Database: "reg_db", Username: "reg_user", SecretAlias: "reg_db_password",
							DSN: "postgres://reg_user@pg.example.com:5432/reg_db", Line: 26},
						"user": {Section: "user", Type: "postgre", Driver: "pgx", JDBCDriverClass: "org.postgresql.Driver",
							JDBCURL: "jdbc:postgresql://pg-um.example.com/um_db?ssl=true&ApplicationName=apim",
							Host:    "pg-um.example.com", Port: 5432, Database: "um_db", Username: "um@corp", SecretAlias: "um_db_password",
							DSN: "postgres://um%40corp@pg-um.example.com:5432/um_db?application_name=apim&sslmode=verify-full", Line: 33},
					},
					Databases:                map[Role]string{RoleAM: "apim_db", RoleREG: "shared_db", RoleUM: "user"},
					GatewayEnvironments:      []string{"Default", "Internal"},
					ReIndexing:               intPtr(2),
					IsSeparateRegistryDB:     boolPtr(true),
					IsSeparateRegistryDBLine: 8,
					Appenders:                standard42Appenders(home),
				}
			},
		},
		{
			name: "customised layouts with MS SQL and Oracle",
			dir:  "home-custom-mssql-oracle",
			want: func(home string) Home {
				const logs = "repository/logs/"
				return Home{
					ProductVersion: "4.2.0", VersionSource: "bin/version.txt", Offset: 1,
					Datasources: map[string]Datasource{
						"apim_db": {Section: "apim_db", Type: "mssql", Driver: "sqlserver", JDBCDriverClass: "com.microsoft.sqlserver.jdbc.SQLServerDriver",
							JDBCURL: "jdbc:sqlserver://sql.corp.example:1433;databaseName=WSO2AM_DB;encrypt=true;trustServerCertificate=true;sendStringParametersAsUnicode=false;multiSubnetFailover=true",
							Host:    "sql.corp.example", Port: 1433, Database: "WSO2AM_DB", Username: `CORP\apim svc`,
							DSN: "sqlserver://CORP%5Capim%20svc@sql.corp.example:1433?TrustServerCertificate=true&database=WSO2AM_DB&encrypt=true", Line: 5},
						"shared_db": {Section: "shared_db", Type: "oracle", Driver: "oracle", JDBCDriverClass: "oracle.jdbc.OracleDriver",
							JDBCURL: "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora-scan.corp.example)(PORT=1522))(CONNECT_DATA=(SERVER=DEDICATED)(SERVICE_NAME=WSO2SHARED.corp.example)))",
							Host:    "ora-scan.corp.example", Port: 1522, Database: "WSO2SHARED.corp.example", Username: "WSO2_SHARED", Password: "shared-plain-pw",
							DSN: "oracle://WSO2_SHARED@ora-scan.corp.example:1522/WSO2SHARED.corp.example", Line: 12},
						"config": {Section: "config", Type: "oracle", Driver: "oracle",
							JDBCURL: "jdbc:oracle:thin:@ora-cfg.corp.example:1521:CFGDB",
							Host:    "ora-cfg.corp.example", Port: 1521, Database: "CFGDB", Username: "WSO2_CONFIG", Password: "config-plain-pw",
							DSN: "oracle://WSO2_CONFIG@ora-cfg.corp.example:1521/?SID=CFGDB", Line: 20},
					},
					Databases:           map[Role]string{RoleAM: "apim_db", RoleREG: "shared_db", RoleUM: "shared_db"},
					GatewayEnvironments: []string{"Default"},
					Appenders: []Appender{
						appenderAt(home, "CARBON_LOGFILE", "RollingFile", logs+"wso2carbon.log", logs+"wso2carbon-%d{MM-dd-yyyy}-%i.log",
							"TID: [%tenantId] [%appName] [%d] [%t] [%X{Correlation-ID}] %5p {%c} - %m%ex%n", 10),
						appenderAt(home, "ERROR_LOGFILE", "RollingRandomAccessFile", logs+"wso2-apigw-errors.log",
							logs+"wso2-apigw-errors-%d{MM-dd-yyyy}-%i.log.gz",
							"%d{ISO8601} [%X{ip}-%X{host}] [%t] [%X{Correlation-ID}] %5p %c{1} %m%n", 17),
						appenderAt(home, "AUDIT_LOGFILE", "File", logs+"audit.log", "",
							"TID: [%tenantId] [%d] [%t] %5p {%c} - %m%ex%n", 24),
						// an unresolved lookup leaves the path as written, not joined to the home
						{Name: "SIEM", Type: "RollingFile", FileName: "${sys:siem.dir}/apim-siem.log",
							FilePattern: "/var/log/siem/apim-siem-%d{yyyy-MM-dd}.log", Layout: "%d %m%n", Line: 30},
					},
					Warnings: []Warning{
						{File: deploymentTOMLPath, Line: 9, Message: "database.apim_db.password: environment variable APIMWATCH_FIXTURE_UNSET_PASSWORD is not set"},
						{File: deploymentTOMLPath, Line: 7, Message: "[database.apim_db] url settings the Go driver does not support were dropped: multiSubnetFailover"},
						{File: log4j2PropertiesPath, Line: 32, Message: "appender SIEM: ${sys:siem.dir} in appender.SIEM.fileName cannot be resolved"},
					},
				}
			},
		},
		{
			name: "3.2 home",
			dir:  "home-3.2",
			want: func(home string) Home {
				const logs = "repository/logs/"
				return Home{
					ProductVersion: "3.2.0", VersionSource: "bin/version.txt", Offset: 0,
					Datasources: map[string]Datasource{
						"apim_db": {Section: "apim_db", Type: "mysql", Driver: "mysql",
							JDBCURL: "jdbc:mysql://mysql.example.com:3306/WSO2AM_DB?useSSL=true&verifyServerCertificate=false&connectTimeout=5000",
							Host:    "mysql.example.com", Port: 3306, Database: "WSO2AM_DB", Username: "wso2am", Password: "am-plain-pw",
							DSN: "wso2am@tcp(mysql.example.com:3306)/WSO2AM_DB?timeout=5000ms&tls=skip-verify", Line: 17},
						"shared_db": {Section: "shared_db", Type: "mysql", Driver: "mysql",
							JDBCURL: "jdbc:mysql://mysql.example.com/WSO2SHARED_DB?useSSL=true",
							Host:    "mysql.example.com", Port: 3306, Database: "WSO2SHARED_DB", Username: "wso2shared", Password: "shared-plain-pw",
							DSN: "wso2shared@tcp(mysql.example.com:3306)/WSO2SHARED_DB?tls=true", Line: 23},
					},
					Databases:           map[Role]string{RoleAM: "apim_db", RoleREG: "shared_db", RoleUM: "shared_db"},
					GatewayEnvironments: []string{"Production and Sandbox"},
					ReIndexing:          intPtr(1),
					Appenders: []Appender{
						appenderAt(home, "CARBON_LOGFILE", "RollingFile", logs+"wso2carbon.log", logs+"wso2carbon-%d{MM-dd-yyyy}.log",
							"TID: [%tenantId] [%appName] [%d] %5p {%c} - %m%ex%n", 9),
						appenderAt(home, "AUDIT_LOGFILE", "RollingFile", logs+"audit.log", logs+"audit-%d{MM-dd-yyyy}.log",
							"TID: [%tenantId] [%d] %5p {%c} - %m%ex%n", 24),
						appenderAt(home, "ERROR_LOGFILE", "RollingFile", logs+"wso2-apigw-errors.log", logs+"wso2-apigw-errors-%d{MM-dd-yyyy}-%i.log.gz",
							"%d{ISO8601} [%X{ip}-%X{host}] [%t] %5p %c{1} %m%n", 31),
					},
				}
			},
		},
	}
	unsetEnv(t, "APIMWATCH_FIXTURE_UNSET_PASSWORD")

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := homeDir(t, tt.dir)
			got := Discover(home)
			want := tt.want(home)
			want.CarbonHome = home
			want.PIDFile = filepath.Join(home, "wso2carbon.pid")
			want.LogDir = filepath.Join(home, "repository", "logs")
			want.Ports = got.Ports // checked by TestDiscoverPortsFollowOffset
			if got.Ports["https_servlet"] != 9443+want.Offset {
				t.Errorf("Ports[https_servlet] = %d, want %d", got.Ports["https_servlet"], 9443+want.Offset)
			}
			assertHome(t, got, &want)
		})
	}
}

// assertHome compares field by field so that a failure names what differs.
func assertHome(t *testing.T, got, want *Home) {
	t.Helper()
	fields := []struct {
		name      string
		got, want any
	}{
		{"CarbonHome", got.CarbonHome, want.CarbonHome},
		{"ProductVersion", got.ProductVersion, want.ProductVersion},
		{"VersionSource", got.VersionSource, want.VersionSource},
		{"Offset", got.Offset, want.Offset},
		{"Ports", got.Ports, want.Ports},
		{"Databases", got.Databases, want.Databases},
		{"GatewayEnvironments", got.GatewayEnvironments, want.GatewayEnvironments},
		{"ReIndexing", got.ReIndexing, want.ReIndexing},
		{"IsSeparateRegistryDB", got.IsSeparateRegistryDB, want.IsSeparateRegistryDB},
		{"IsSeparateRegistryDBLine", got.IsSeparateRegistryDBLine, want.IsSeparateRegistryDBLine},
		{"PIDFile", got.PIDFile, want.PIDFile},
		{"LogDir", got.LogDir, want.LogDir},
		{"Warnings", got.Warnings, want.Warnings},
	}
	for _, f := range fields {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("%s:\n got  %#v\n want %#v", f.name, f.got, f.want)
		}
	}
	for section, wantDS := range want.Datasources {
		if gotDS := got.Datasources[section]; !reflect.DeepEqual(gotDS, wantDS) {
			t.Errorf("Datasources[%s]:\n got  %+v\n want %+v", section, gotDS, wantDS)
		}
	}
	if len(got.Datasources) != len(want.Datasources) {
		t.Errorf("got %d datasources, want %d", len(got.Datasources), len(want.Datasources))
	}
	if len(got.Appenders) != len(want.Appenders) {
		t.Errorf("got %d appenders, want %d: %+v", len(got.Appenders), len(want.Appenders), got.Appenders)
	}
	for i := range min(len(got.Appenders), len(want.Appenders)) {
		if got.Appenders[i] != want.Appenders[i] {
			t.Errorf("Appenders[%d]:\n got  %+v\n want %+v", i, got.Appenders[i], want.Appenders[i])
		}
	}
}

func TestDiscoverPortsFollowOffset(t *testing.T) {
	tests := []struct {
		name string
		dir  string
		want map[string]int
	}{
		{"no offset", "home-4.2-mysql", map[string]int{
			"https_servlet": 9443, "http_servlet": 9763, "gateway_https": 8243, "gateway_http": 8280,
			"websocket": 9099, "websocket_secure": 8099, "websub_https": 8021, "websub_http": 9021,
			"jmx_rmi_registry": 9999, "jmx_rmi_server": 11111, "traffic_manager_amqp": 5672,
			"traffic_manager_binary": 9611, "traffic_manager_binary_ssl": 9711,
		}},
		{"offset 2", "home-4.2-postgres-split", map[string]int{
			"https_servlet": 9445, "http_servlet": 9765, "gateway_https": 8245, "gateway_http": 8282,
			"websocket": 9101, "websocket_secure": 8101, "websub_https": 8023, "websub_http": 9023,
			"jmx_rmi_registry": 10001, "jmx_rmi_server": 11113, "traffic_manager_amqp": 5674,
			"traffic_manager_binary": 9613, "traffic_manager_binary_ssl": 9713,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Discover(homeDir(t, tt.dir)).Ports; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Ports = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRoleDatasource(t *testing.T) {
	home := Discover(homeDir(t, "home-4.2-postgres-split"))
	tests := []struct {
		role        Role
		wantSection string
	}{
		{RoleAM, "apim_db"},
		{RoleREG, "shared_db"},
		{RoleUM, "user"},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			ds, ok := RoleDatasource(home, tt.role)
			if !ok || ds.Section != tt.wantSection {
				t.Errorf("RoleDatasource(%s) = %q, %v; want %q", tt.role, ds.Section, ok, tt.wantSection)
			}
		})
	}
	if _, ok := RoleDatasource(home, Role("nope")); ok {
		t.Error("RoleDatasource of an unknown role reported a datasource")
	}
	if _, ok := RoleDatasource(nil, RoleAM); ok {
		t.Error("RoleDatasource(nil) reported a datasource")
	}
}
