package db

import (
	"database/sql/driver"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/stdlib"
	mssql "github.com/microsoft/go-mssqldb"
	"github.com/microsoft/go-mssqldb/msdsn"
	goora "github.com/sijms/go-ora/v2"
	"modernc.org/sqlite"
)

const (
	// dialTimeout bounds connecting, where the DSN does not say otherwise.
	dialTimeout = 10 * time.Second
	// mysqlReadTimeout only catches a dead TCP peer: it must outlast any check's own deadline,
	// which the context and the server-side statement timeout enforce.
	mysqlReadTimeout  = 10 * time.Minute
	mysqlWriteTimeout = 30 * time.Second
)

// newConnector builds the driver's connector from the DSN with the password added. The
// password goes into the driver's configuration, never into a string that could be printed.
func newConnector(dialect Dialect, dsn, password string) (driver.Connector, error) {
	switch dialect {
	case Postgres:
		return postgresConnector(dsn, password)
	case MySQL:
		return mysqlConnector(dsn, password)
	case SQLServer:
		return sqlServerConnector(dsn, password)
	case Oracle:
		return oracleConnector(dsn, password)
	default:
		return sqliteConnector(dsn)
	}
}

// postgresConnector accepts a postgres:// URL or a keyword DSN. On a context deadline pgx asks
// the server to cancel the running query (instead of only closing the socket, which leaves a
// long query running until it next writes to the client), then gives up on the connection if
// the server does not answer within a second.
func postgresConnector(dsn, password string) (driver.Connector, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err // pgx redacts the password in its parse errors
	}
	if password != "" {
		cfg.Password = password
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = dialTimeout
	}
	cfg.BuildContextWatcherHandler = func(conn *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: conn, DeadlineDelay: time.Second}
	}
	return stdlib.GetConnector(*cfg), nil
}

// mysqlConnector accepts a go-sql-driver DSN (user@tcp(host:port)/database?params).
func mysqlConnector(dsn, password string) (driver.Connector, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if password != "" {
		cfg.Passwd = password
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = dialTimeout
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = mysqlReadTimeout
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = mysqlWriteTimeout
	}
	// Checks compare and print timestamps (REG_LOGGED_TIME, CREATED_TIME): scan them as time.Time.
	cfg.ParseTime = true
	return mysql.NewConnector(cfg)
}

// sqlServerConnector accepts a sqlserver:// URL or an ADO/ODBC connection string.
func sqlServerConnector(dsn, password string) (driver.Connector, error) {
	cfg, err := msdsn.Parse(dsn)
	if err != nil {
		return nil, err
	}
	if password != "" {
		cfg.Password = password
	}
	return mssql.NewConnectorConfig(cfg), nil
}

// oracleConnector accepts a go-ora URL (oracle://user@host:port/service?params).
func oracleConnector(dsn, password string) (driver.Connector, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme != "oracle" {
		// url.Parse's error quotes the DSN, which may hold a password: say only what is wrong.
		return nil, errors.New("expected a go-ora URL, oracle://user@host:port/service")
	}
	if password != "" {
		u.User = url.UserPassword(u.User.Username(), password)
	}
	return goora.NewConnector(u.String()), nil
}

// sqliteConnector opens a file name or file: URI read-only (SQLite then refuses every write,
// whatever the transaction says), waiting briefly for a writer's lock instead of failing at once.
func sqliteConnector(dsn string) (driver.Connector, error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	params, err := url.ParseQuery(query)
	if err != nil {
		return nil, err
	}
	params.Set("mode", "ro")
	params.Add("_pragma", "busy_timeout(5000)")
	return sqlite.NewConnector("file:" + path + "?" + params.Encode())
}
