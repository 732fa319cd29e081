package db

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
)

// dialects maps config.Database.Driver to the SQL flavour.
var dialects = map[string]Dialect{
	"pgx":       Postgres,
	"mysql":     MySQL,
	"sqlserver": SQLServer,
	"oracle":    Oracle,
	"sqlite":    SQLite,
}

const (
	defaultMaxOpenConns    = 2
	defaultConnMaxLifetime = 5 * time.Minute
	// connMaxIdleTime closes a connection idle between two check runs, so that the agent does
	// not hold server sessions (and their memory) while it has nothing to ask.
	connMaxIdleTime = time.Minute
)

// Open prepares the database of role r as config resolved it (driver, DSN, password). It does
// not connect: the first query does, so a database that is down does not stop the agent.
func Open(r discovery.Role, d config.Database, opts Options) (*DB, error) {
	name := d.DSN.String()
	dialect, known := dialects[d.Driver]
	if !known {
		return nil, fmt.Errorf("%s database %s: driver %q is not one apimwatch reads (pgx, mysql, sqlserver, oracle, sqlite)", r, name, d.Driver)
	}
	connector, err := newConnector(dialect, d.DSN.Reveal(), d.Password.Reveal())
	if err != nil {
		return nil, fmt.Errorf("%s database %s: couldn't read the connection settings: %w", r, name, err)
	}
	return OpenConnector(r, dialect, name, connector, opts), nil
}

// OpenConnector prepares the database of role r, of the given dialect, over a connector the
// caller built; name is what messages call it (redact any password). It is for tests and tools
// that bring their own driver (a recording fake, for one): Open builds the connector from the
// configuration and then does exactly this. Like Open it does not connect, and ReadOnly applies
// the dialect's read-only and timeout statements as it does for the real drivers.
func OpenConnector(r discovery.Role, dialect Dialect, name string, c driver.Connector, opts Options) *DB {
	pool := sql.OpenDB(c)
	maxOpen, lifetime := opts.MaxOpenConns, opts.ConnMaxLifetime
	if maxOpen <= 0 {
		maxOpen = defaultMaxOpenConns
	}
	if lifetime <= 0 {
		lifetime = defaultConnMaxLifetime
	}
	pool.SetMaxOpenConns(maxOpen)
	pool.SetMaxIdleConns(maxOpen)
	pool.SetConnMaxLifetime(lifetime)
	pool.SetConnMaxIdleTime(connMaxIdleTime)
	return &DB{role: r, dialect: dialect, name: name, pool: pool, guard: newTxGuard(dialect)}
}
