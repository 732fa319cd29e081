package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"
)

// txGuard is how a dialect makes a transaction read-only and bounds its statements on the
// server, so that a query outliving its context does not keep running there.
type txGuard interface {
	// txOptions are the options of BeginTx.
	txOptions() *sql.TxOptions
	// prepare runs inside the new transaction, before fn, with the time left.
	prepare(ctx context.Context, tx *sql.Tx, left time.Duration) error
}

func newTxGuard(d Dialect) txGuard {
	switch d {
	case Postgres:
		return postgresGuard{}
	case MySQL:
		return &mysqlGuard{}
	case SQLServer:
		return sqlServerGuard{}
	case Oracle:
		return oracleGuard{}
	default:
		return sqliteGuard{}
	}
}

var readOnlyTx = &sql.TxOptions{ReadOnly: true}

// millis rounds up, so that a sub-millisecond budget still sets a timeout rather than 0, which
// every server reads as "no timeout".
func millis(d time.Duration) int64 { return max(1, int64((d+time.Millisecond-1)/time.Millisecond)) }

// postgresGuard: pgx begins with BEGIN READ ONLY; SET LOCAL lasts until the rollback, so the
// pooled connection keeps no timeout of ours.
type postgresGuard struct{}

func (postgresGuard) txOptions() *sql.TxOptions { return readOnlyTx }

func (postgresGuard) prepare(ctx context.Context, tx *sql.Tx, left time.Duration) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", millis(left)))
	return err
}

// mysqlGuard: go-sql-driver begins with START TRANSACTION READ ONLY. Neither server has a
// per-transaction statement timeout (MariaDB's SET STATEMENT ... FOR wraps one statement), so
// the session's is set anew on every transaction: MariaDB's max_statement_time (seconds) or
// MySQL's max_execution_time (milliseconds, SELECT only, which is all a read-only transaction
// runs). The flavour is asked once, when first needed.
type mysqlGuard struct {
	mu      sync.Mutex
	known   bool
	mariaDB bool
}

func (*mysqlGuard) txOptions() *sql.TxOptions { return readOnlyTx }

func (g *mysqlGuard) prepare(ctx context.Context, tx *sql.Tx, left time.Duration) error {
	mariaDB, err := g.isMariaDB(ctx, tx)
	if err != nil {
		return err
	}
	set := fmt.Sprintf("SET SESSION max_execution_time = %d", millis(left))
	if mariaDB {
		set = fmt.Sprintf("SET SESSION max_statement_time = %.3f", float64(millis(left))/1000)
	}
	_, err = tx.ExecContext(ctx, set)
	return err
}

func (g *mysqlGuard) isMariaDB(ctx context.Context, tx *sql.Tx) (bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.known {
		var version string
		if err := tx.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
			return false, fmt.Errorf("couldn't ask the server version: %w", err)
		}
		g.known, g.mariaDB = true, strings.Contains(strings.ToLower(version), "mariadb")
	}
	return g.mariaDB, nil
}

// sqlServerGuard: SQL Server has neither read-only transactions (go-mssqldb refuses the option)
// nor a statement timeout of its own; on a deadline go-mssqldb sends an attention packet, which
// stops the running statement. Writes are kept out by the rollback and by the login's grants.
type sqlServerGuard struct{}

func (sqlServerGuard) txOptions() *sql.TxOptions { return nil }

func (sqlServerGuard) prepare(context.Context, *sql.Tx, time.Duration) error { return nil }

// oracleGuard: go-ora refuses the ReadOnly option, so the transaction is made read-only by its
// first statement. Oracle has no session statement timeout (only Resource Manager plans); on a
// deadline go-ora sends a break, which stops the running statement (ORA-01013).
type oracleGuard struct{}

func (oracleGuard) txOptions() *sql.TxOptions { return nil }

func (oracleGuard) prepare(ctx context.Context, tx *sql.Tx, _ time.Duration) error {
	_, err := tx.ExecContext(ctx, "SET TRANSACTION READ ONLY")
	return err
}

// sqliteGuard: the file is opened read-only (mode=ro); on a deadline the driver interrupts the
// statement (sqlite3_interrupt). BEGIN accepts ReadOnly and ignores it.
type sqliteGuard struct{}

func (sqliteGuard) txOptions() *sql.TxOptions { return readOnlyTx }

func (sqliteGuard) prepare(context.Context, *sql.Tx, time.Duration) error { return nil }
