package baseline

import (
	"context"
	"fmt"
	"time"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
)

// source is one environment being measured, by a capture or by one check's run.
type source struct {
	env     *verify.Env
	timeout time.Duration // of each read-only transaction
	// exact counts huge tables row by row instead of taking the server's estimate.
	exact bool
	// tenants is read from UM on first need and kept for the source's life.
	tenants *tenantNames
}

// unavailableError says a family cannot be measured in this environment: its database is not
// configured, or the schema lacks what it reads. A capture records the reason; a check skips.
type unavailableError struct{ reason string }

func (e unavailableError) Error() string { return e.reason }

// tx is one read-only transaction.
type tx struct {
	q       db.Querier
	dialect db.Dialect
}

// read runs fn in a read-only transaction on the database env routes role to (REG to the
// shared database unless isSeparateRegistryDB). Transactions are never nested: with two
// connections per database, nesting could wait for itself.
func (s *source) read(ctx context.Context, role discovery.Role, fn func(ctx context.Context, t tx) error) error {
	d := s.env.DB(role)
	if d == nil {
		return unavailableError{fmt.Sprintf("no %s database is configured", role)}
	}
	err := d.ReadOnly(ctx, s.timeout, func(ctx context.Context, q db.Querier) error {
		return fn(ctx, tx{q: q, dialect: d.Dialect()})
	})
	switch {
	case err == nil:
		return nil
	case db.IsUndefinedTable(err) || db.IsUndefinedColumn(err):
		return unavailableError{"the schema lacks a table or column it reads: " + err.Error()}
	}
	return fmt.Errorf("reading the %s database: %w", role, err)
}

// each runs query and calls fn after scanning each row into dest.
func (t tx) each(ctx context.Context, query string, args []any, dest []any, fn func()) error {
	rows, err := t.q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		fn()
	}
	return rows.Err()
}

// hasColumn tells whether table has column in this database, to choose between the queries
// of two schema versions.
func (t tx) hasColumn(ctx context.Context, table, column string) (bool, error) {
	query, args := t.dialect.ColumnsQuery(table)
	var name string
	found := false
	err := t.each(ctx, query, args, []any{&name}, func() { found = found || name == column })
	if err != nil {
		return false, fmt.Errorf("listing the columns of %s: %w", table, err)
	}
	return found, nil
}
