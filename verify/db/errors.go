package db

import (
	"errors"
	"slices"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	mssql "github.com/microsoft/go-mssqldb"
	"github.com/sijms/go-ora/v2/network"
	"modernc.org/sqlite"
)

// serverError describes one kind of error as each driver reports it; a zero field means the
// server has no such error.
type serverError struct {
	postgres  string   // SQLSTATE
	mysql     []uint16 // MySQL and MariaDB error numbers
	sqlServer int32    // error number
	oracle    int      // ORA-nnnnn
	sqlite    string   // SQLite reports these only in the message text
}

var (
	undefinedTable   = serverError{postgres: "42P01", mysql: []uint16{1146}, sqlServer: 208, oracle: 942, sqlite: "no such table"}
	undefinedColumn  = serverError{postgres: "42703", mysql: []uint16{1054}, sqlServer: 207, oracle: 904, sqlite: "no such column"}
	statementTimeout = serverError{
		postgres: "57014",              // query_canceled: statement_timeout, or the cancel request pgx sends on a deadline
		mysql:    []uint16{3024, 1969}, // MySQL max_execution_time, MariaDB max_statement_time
		oracle:   1013,                 // user requested cancel of current operation (go-ora's break on a deadline)
	}
)

// IsUndefinedTable tells whether err says a table does not exist, so that a check written for
// a newer schema can skip with a reason instead of failing.
func IsUndefinedTable(err error) bool { return undefinedTable.matches(err) }

// IsUndefinedColumn tells whether err says a column does not exist (a schema of an older
// version, e.g. AM_API without API_UUID before 4.0).
func IsUndefinedColumn(err error) bool { return undefinedColumn.matches(err) }

// isStatementTimeout tells whether the server ended a statement for its timeout or because the
// driver cancelled it on a deadline.
func isStatementTimeout(err error) bool { return statementTimeout.matches(err) }

func (e serverError) matches(err error) bool {
	var pgErr *pgconn.PgError
	var myErr *mysql.MySQLError
	var msErr mssql.Error
	var oraErr *network.OracleError
	var liteErr *sqlite.Error
	switch {
	case errors.As(err, &pgErr):
		return e.postgres != "" && pgErr.Code == e.postgres
	case errors.As(err, &myErr):
		return slices.Contains(e.mysql, myErr.Number)
	case errors.As(err, &msErr):
		return e.sqlServer != 0 && msErr.Number == e.sqlServer
	case errors.As(err, &oraErr):
		return e.oracle != 0 && oraErr.ErrCode == e.oracle
	case errors.As(err, &liteErr):
		return e.sqlite != "" && strings.Contains(liteErr.Error(), e.sqlite)
	}
	return false
}
