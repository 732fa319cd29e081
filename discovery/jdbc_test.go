package discovery

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestJDBCToDSN(t *testing.T) {
	tests := []struct {
		name     string
		url      string
		username string
		want     Connection
	}{
		// MySQL / MariaDB
		{"mysql with XML-escaped settings", "jdbc:mysql://db:3306/apim?useSSL=false&amp;autoReconnect=true", "am",
			Connection{Driver: "mysql", DSN: "am@tcp(db:3306)/apim?tls=false", Host: "db", Port: 3306, Database: "apim"}},
		{"mysql default port and useSSL=true", "jdbc:mysql://db/apim?useSSL=true", "am",
			Connection{Driver: "mysql", DSN: "am@tcp(db:3306)/apim?tls=true", Host: "db", Port: 3306, Database: "apim"}},
		{"mysql sslMode wins over useSSL", "jdbc:mysql://db:3307/apim?useSSL=false&sslMode=REQUIRED", "am",
			Connection{Driver: "mysql", DSN: "am@tcp(db:3307)/apim?tls=skip-verify", Host: "db", Port: 3307, Database: "apim"}},
		{"mysql unverified TLS and timeouts", "jdbc:mysql://db/apim?useSSL=true&verifyServerCertificate=false&connectTimeout=3000&socketTimeout=60000", "am",
			Connection{Driver: "mysql", DSN: "am@tcp(db:3306)/apim?readTimeout=60000ms&timeout=3000ms&tls=skip-verify", Host: "db", Port: 3306, Database: "apim"}},
		{"mysql behaviour-changing and credential settings dropped", "jdbc:mysql://db/apim?useCompression=true&user=x&password=secret", "am",
			Connection{Driver: "mysql", DSN: "am@tcp(db:3306)/apim", Host: "db", Port: 3306, Database: "apim", Dropped: []string{
				"useCompression",
				"user (credentials come from deployment.toml and the agent's secrets)",
				"password (credentials come from deployment.toml and the agent's secrets)"}}},
		{"mysql load balancing keeps the first host", "jdbc:mysql:loadbalance://db1:3306,db2:3306/apim", "am",
			Connection{Driver: "mysql", DSN: "am@tcp(db1:3306)/apim", Host: "db1", Port: 3306, Database: "apim",
				Dropped: []string{"hosts after the first (the Go driver connects to one host)"}}},
		{"mysql IPv6 and odd user name", "jdbc:mysql://[::1]:3306/my%2Fdb", "user@corp",
			Connection{Driver: "mysql", DSN: "user@corp@tcp([::1]:3306)/my%252Fdb", Host: "::1", Port: 3306, Database: "my%2Fdb"}},
		{"mariadb without a user", "jdbc:mariadb://maria:3306/apim", "",
			Connection{Driver: "mysql", DSN: "tcp(maria:3306)/apim", Host: "maria", Port: 3306, Database: "apim"}},
		// PostgreSQL
		{"postgres with sslmode", "jdbc:postgresql://pg:5432/apim?sslmode=verify-ca", "am",
			Connection{Driver: "pgx", DSN: "postgres://am@pg:5432/apim?sslmode=verify-ca", Host: "pg", Port: 5432, Database: "apim"}},
		{"postgres default port, renamed settings", "jdbc:postgresql://pg/apim?currentSchema=apim&connectTimeout=10&prepareThreshold=0", "am",
			Connection{Driver: "pgx", DSN: "postgres://am@pg:5432/apim?connect_timeout=10&search_path=apim", Host: "pg", Port: 5432, Database: "apim"}},
		{"postgres ssl=true with the non-validating factory", "jdbc:postgresql://pg/apim?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory", "am",
			Connection{Driver: "pgx", DSN: "postgres://am@pg:5432/apim?sslmode=require", Host: "pg", Port: 5432, Database: "apim"}},
		{"postgres several hosts", "jdbc:postgresql://pg1:5432,pg2:5433/apim?targetServerType=primary", "am",
			Connection{Driver: "pgx", DSN: "postgres://am@pg1:5432,pg2:5433/apim", Host: "pg1", Port: 5432, Database: "apim",
				Dropped: []string{"targetServerType"}}},
		{"postgres short form", "jdbc:postgresql:apim", "am user",
			Connection{Driver: "pgx", DSN: "postgres://am%20user@localhost:5432/apim", Host: "localhost", Port: 5432, Database: "apim"}},
		// MS SQL
		{"sqlserver", "jdbc:sqlserver://sql:1433;databaseName=WSO2AM_DB;encrypt=true", "am",
			Connection{Driver: "sqlserver", DSN: "sqlserver://am@sql:1433?database=WSO2AM_DB&encrypt=true", Host: "sql", Port: 1433, Database: "WSO2AM_DB"}},
		{"sqlserver default port and properties", "jdbc:sqlserver://sql;database=apim;encrypt=mandatory;hostNameInCertificate=*.corp;loginTimeout=30", "am",
			Connection{Driver: "sqlserver", DSN: "sqlserver://am@sql:1433?database=apim&dial+timeout=30&encrypt=true&hostNameInCertificate=%2A.corp",
				Host: "sql", Port: 1433, Database: "apim"}},
		{"sqlserver named instance without port", `jdbc:sqlserver://sql\APIM;databaseName=apim`, "am",
			Connection{Driver: "sqlserver", DSN: "sqlserver://am@sql/APIM?database=apim", Host: "sql", Port: 0, Database: "apim"}},
		{"sqlserver serverName and portNumber properties", "jdbc:sqlserver://;serverName=sql;portNumber=1500;databaseName=apim;integratedSecurity=true", "",
			Connection{Driver: "sqlserver", DSN: "sqlserver://sql:1500?database=apim", Host: "sql", Port: 1500, Database: "apim",
				Dropped: []string{"integratedSecurity"}}},
		// Oracle
		{"oracle service name", "jdbc:oracle:thin:@ora:1521/ORCLPDB", "am",
			Connection{Driver: "oracle", DSN: "oracle://am@ora:1521/ORCLPDB", Host: "ora", Port: 1521, Database: "ORCLPDB"}},
		{"oracle service name with //", "jdbc:oracle:thin:@//ora:1522/apim.corp", "am",
			Connection{Driver: "oracle", DSN: "oracle://am@ora:1522/apim.corp", Host: "ora", Port: 1522, Database: "apim.corp"}},
		{"oracle SID", "jdbc:oracle:thin:@ora:1521:ORCL", "am",
			Connection{Driver: "oracle", DSN: "oracle://am@ora:1521/?SID=ORCL", Host: "ora", Port: 1521, Database: "ORCL"}},
		{"oracle default port", "jdbc:oracle:thin:@ora/ORCLPDB", "am",
			Connection{Driver: "oracle", DSN: "oracle://am@ora:1521/ORCLPDB", Host: "ora", Port: 1521, Database: "ORCLPDB"}},
		{"oracle tcps easy connect", "jdbc:oracle:thin:@tcps://ora:2484/ORCLPDB?ssl_server_dn_match=true", "am",
			Connection{Driver: "oracle", DSN: "oracle://am@ora:2484/ORCLPDB?SSL=true", Host: "ora", Port: 2484, Database: "ORCLPDB",
				Dropped: []string{"Easy Connect settings after ?"}}},
		{"oracle descriptor", "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=svc)))", "am",
			Connection{Driver: "oracle", DSN: "oracle://am@ora:1521/svc", Host: "ora", Port: 1521, Database: "svc"}},
		{"oracle descriptor with SID and two addresses", "jdbc:oracle:thin:@(DESCRIPTION = (ADDRESS_LIST = (ADDRESS = (PROTOCOL = TCP)(HOST = ora1)(PORT = 1521))" +
			"(ADDRESS = (PROTOCOL = TCP)(HOST = ora2)(PORT = 1521)))(CONNECT_DATA = (SID = ORCL)))", "am",
			Connection{Driver: "oracle", DSN: "oracle://am@ora1:1521/?SID=ORCL", Host: "ora1", Port: 1521, Database: "ORCL",
				Dropped: []string{"addresses after the first of the connect descriptor"}}},
		{"oracle credentials in the URL", "jdbc:oracle:thin:scott/t@ger@ora:1521/svc", "am",
			Connection{Driver: "oracle", DSN: "oracle://am@ora:1521/svc", Host: "ora", Port: 1521, Database: "svc",
				Dropped: []string{"user/password@ in the URL (credentials come from deployment.toml and the agent's secrets)"}}},
		// No Go driver: the target is still described where possible (checked below).
		{"db2", "jdbc:db2://db2host:50001/APIMDB:currentSchema=AM;", "am",
			Connection{Host: "db2host", Port: 50001, Database: "APIMDB"}},
		{"h2", "jdbc:h2:./repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE", "am", Connection{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := JDBCToDSN(tt.url, tt.username)
			wantNoDriver := tt.want.Driver == ""
			if wantNoDriver != errors.Is(err, ErrNoGoDriver) || (!wantNoDriver && err != nil) {
				t.Fatalf("JDBCToDSN error = %v, want ErrNoGoDriver: %v", err, wantNoDriver)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("JDBCToDSN:\n got  %#v\n want %#v", got, tt.want)
			}
		})
	}
}

func TestJDBCToDSNRejects(t *testing.T) {
	tests := []struct {
		name, url, username, wantErr string
	}{
		{"not JDBC", "mysql://db/apim", "am", "not a JDBC URL"},
		{"unknown vendor", "jdbc:informix-sqli://ifx:1526/db", "am", `unsupported JDBC URL type "jdbc:informix-sqli"`},
		{"mysql without //", "jdbc:mysql:db/apim", "am", "expected jdbc:mysql://"},
		{"mysql user with a colon", "jdbc:mysql://db/apim", "a:b", "cannot express"},
		{"mysql address syntax", "jdbc:mysql://address=(host=db)(port=3306)/apim", "am", "not supported"},
		{"mysql bad port", "jdbc:mysql://db:99999/apim", "am", `invalid port "99999"`},
		{"postgres bad host", "jdbc:postgresql://pg x:5432/apim", "am", "invalid host"},
		{"sqlserver without //", "jdbc:sqlserver:sql;databaseName=x", "am", "expected jdbc:sqlserver://"},
		{"oracle TNS alias", "jdbc:oracle:thin:@PRODDB", "am", "tnsnames.ora"},
		{"oracle without service", "jdbc:oracle:thin:@ora:1521", "am", "no service name or SID"},
		{"oracle kprb driver", "jdbc:oracle:kprb:", "am", "unsupported Oracle driver type"},
		{"oracle descriptor without host", "jdbc:oracle:thin:@(DESCRIPTION=(CONNECT_DATA=(SID=X)))", "am", "no (HOST=...)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := JDBCToDSN(tt.url, tt.username)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("JDBCToDSN error = %v, want one containing %q", err, tt.wantErr)
			}
			if got.Driver != "" || got.DSN != "" {
				t.Errorf("a rejected URL still gave driver %q DSN %q", got.Driver, got.DSN)
			}
		})
	}
}

func TestRedactJDBC(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"password setting", "jdbc:mysql://db/apim?user=am&password=s3cret&useSSL=false", "jdbc:mysql://db/apim?user=am&password=xxxxx&useSSL=false"},
		{"sqlserver property", "jdbc:sqlserver://sql;user=am;Password=s3cret;databaseName=x", "jdbc:sqlserver://sql;user=am;Password=xxxxx;databaseName=x"},
		{"user info", "jdbc:mysql://am:s3cret@db/apim", "jdbc:mysql://am:xxxxx@db/apim"},
		{"oracle user/password", "jdbc:oracle:thin:scott/s3cret@ora:1521/svc", "jdbc:oracle:thin:scott/xxxxx@ora:1521/svc"},
		{"nothing to hide", "jdbc:oracle:thin:@//ora:1521/svc", "jdbc:oracle:thin:@//ora:1521/svc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactJDBC(tt.url); got != tt.want {
				t.Errorf("RedactJDBC = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzJDBCToDSN checks that no URL makes the translation panic or give an unusable result, and
// that a password setting added to a URL never reaches the DSN or the error.
func FuzzJDBCToDSN(f *testing.F) {
	for _, seed := range []string{
		"jdbc:mysql://db.example.com:3306/apim_db?useSSL=false&amp;autoReconnect=true&amp;allowPublicKeyRetrieval=true",
		"jdbc:mysql://mysql.example.com:3306/WSO2AM_DB?useSSL=true&verifyServerCertificate=false&connectTimeout=5000",
		"jdbc:postgresql://pg-um.example.com/um_db?ssl=true&ApplicationName=apim",
		"jdbc:sqlserver://sql.corp.example:1433;databaseName=WSO2AM_DB;encrypt=true;trustServerCertificate=true",
		"jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora)(PORT=1522))(CONNECT_DATA=(SERVICE_NAME=S)))",
		"jdbc:oracle:thin:@ora-cfg.corp.example:1521:CFGDB",
		"jdbc:oracle:thin:scott/tiger@//ora:1521/svc",
		"jdbc:h2:./repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE",
		"jdbc:db2://db2:50000/APIM",
		`jdbc:sqlserver://[::1]\inst:1;password=pw`,
		"jdbc:mysql://[::1:3306/x",
	} {
		f.Add(seed, "am")
	}
	f.Fuzz(func(t *testing.T, url, username string) {
		conn, err := JDBCToDSN(url, username)
		if err == nil && (conn.Driver == "" || conn.DSN == "") {
			t.Errorf("no error but no driver or DSN: %#v", conn)
		}
		if conn.Port < 0 || conn.Port > 65535 {
			t.Errorf("port %d out of range", conn.Port)
		}

		const secret = "Fuzz-Pa55word"
		separator := passwordSeparator(url)
		if separator == "" || strings.Contains(url+username, secret) {
			return
		}
		conn, err = JDBCToDSN(url+separator+"password="+secret, username)
		if strings.Contains(conn.DSN, secret) {
			t.Errorf("the DSN %q carries the password", conn.DSN)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("the error %q carries the password", err)
		}
	})
}

// passwordSeparator says how a password setting is appended to url, "" when it cannot be.
func passwordSeparator(url string) string {
	lower := strings.ToLower(url)
	switch {
	case strings.HasPrefix(lower, "jdbc:sqlserver:"):
		return ";"
	case strings.Contains(url, "?") && (strings.HasPrefix(lower, "jdbc:mysql:") ||
		strings.HasPrefix(lower, "jdbc:mariadb:") || strings.HasPrefix(lower, "jdbc:postgresql:")):
		return "&"
	}
	return ""
}
