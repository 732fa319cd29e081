package discovery

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Connection is a JDBC URL translated for a Go database/sql driver. The password is never part
// of it: config adds it when it opens the database.
type Connection struct {
	// Driver is the database/sql driver name: "mysql" (go-sql-driver/mysql), "pgx",
	// "sqlserver" (go-mssqldb) or "oracle" (go-ora); "" when no Go driver exists (H2, DB2).
	Driver string
	// DSN is the driver's data source name, with the user name and without the password.
	DSN string
	// Host, Port and Database say where the connection goes (the first host when the URL lists
	// several); Port carries the vendor's default when the URL has none. Database is the
	// schema, service name or SID.
	Host     string
	Port     int
	Database string
	// Dropped names the JDBC settings the Go driver cannot honour and that may change its
	// behaviour (settings that do not are dropped silently). Names only, never values.
	Dropped []string
}

// ErrNoGoDriver is returned (wrapped) for databases the agent has no Go driver for. The
// Connection returned with it still describes the target where the URL says so.
var ErrNoGoDriver = errors.New("no Go driver for this database")

// jdbcVendors maps a JDBC URL prefix (compared in lower case) to its translator.
var jdbcVendors = []struct {
	prefix    string
	translate func(rest, username string) (Connection, error)
}{
	{"jdbc:mysql:", mysqlConnection},
	{"jdbc:mariadb:", mysqlConnection},
	{"jdbc:postgresql:", postgresConnection},
	{"jdbc:sqlserver:", sqlServerConnection},
	{"jdbc:oracle:", oracleConnection},
	{"jdbc:h2:", h2Connection},
	{"jdbc:db2:", db2Connection},
}

// JDBCToDSN translates a JDBC URL as WSO2 writes it in deployment.toml into a DSN for the
// matching Go driver, logging in as username. `&amp;` (left over from XML configuration) is
// read as `&`. Errors never quote the URL, which may carry credentials.
func JDBCToDSN(jdbcURL, username string) (Connection, error) {
	url := strings.ReplaceAll(strings.TrimSpace(jdbcURL), "&amp;", "&")
	lower := strings.ToLower(url)
	for _, vendor := range jdbcVendors {
		if strings.HasPrefix(lower, vendor.prefix) {
			return vendor.translate(url[len(vendor.prefix):], username)
		}
	}
	subProtocol, isJDBC := strings.CutPrefix(lower, "jdbc:")
	if !isJDBC {
		return Connection{}, errors.New("not a JDBC URL (it should start with jdbc:)")
	}
	// Only the vendor name is quoted: the rest of the URL may hold credentials.
	if end := strings.IndexAny(subProtocol, ":/;?@"); end >= 0 {
		subProtocol = subProtocol[:end]
	}
	return Connection{}, fmt.Errorf("unsupported JDBC URL type %q", "jdbc:"+subProtocol)
}

var (
	jdbcPasswordParamRE = regexp.MustCompile(`(?i)(password\s*=\s*)[^&;)]*`)
	jdbcUserInfoRE      = regexp.MustCompile(`(//[^/:@?;]*:)[^@/]*@`)
	jdbcOracleUserRE    = regexp.MustCompile(`(?i)^(jdbc:oracle:[a-z0-9]+:[^/@(]*/)[^@(]*@`)
)

// RedactJDBC masks the passwords a JDBC URL may carry (password= settings, user:password@ in
// the authority, Oracle's user/password@) so that the URL can be shown.
func RedactJDBC(jdbcURL string) string {
	redacted := jdbcPasswordParamRE.ReplaceAllString(jdbcURL, "${1}xxxxx")
	redacted = jdbcOracleUserRE.ReplaceAllString(redacted, "${1}xxxxx@")
	return jdbcUserInfoRE.ReplaceAllString(redacted, "${1}xxxxx@")
}
