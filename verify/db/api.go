// Package db opens the WSO2 databases apimwatch reads and runs queries safely: every query in
// a read-only transaction that is always rolled back, under a context deadline and, where the
// server supports it, a server-side statement timeout; at most two connections per database,
// recycled. apimwatch never writes to a WSO2 database.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/apimwatch/apimwatch/discovery"
)

// Dialect is the SQL flavour of a database.
type Dialect string

const (
	Postgres  Dialect = "postgres"
	MySQL     Dialect = "mysql" // MySQL and MariaDB
	SQLServer Dialect = "sqlserver"
	Oracle    Dialect = "oracle"
	SQLite    Dialect = "sqlite"
)

// Querier is what a check may call inside a read-only transaction.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Options bound how a database is used.
type Options struct {
	MaxOpenConns    int           // default 2
	ConnMaxLifetime time.Duration // default 5 minutes
}

// DB is one role's database.
type DB struct {
	role    discovery.Role
	dialect Dialect
	name    string // the redacted DSN
	pool    *sql.DB
	guard   txGuard
}

// Role, Dialect and Name (the redacted DSN, for messages) of the database.
func (d *DB) Role() discovery.Role { return d.role }
func (d *DB) Dialect() Dialect     { return d.dialect }
func (d *DB) Name() string         { return d.name }

// Close closes every connection.
func (d *DB) Close() error { return d.pool.Close() }

// wrap names the database in an error; the name is redacted, so no password leaks.
func (d *DB) wrap(err error) error {
	return fmt.Errorf("%s database %s: %w", d.role, d.name, err)
}
