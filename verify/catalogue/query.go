package catalogue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
)

// skipError says a check cannot judge this deployment: a role is not configured, or the live
// schema lacks what the check reads. It becomes StatusSkip with its reason, never a failure
// and never a crash.
type skipError struct{ reason string }

func (e skipError) Error() string { return e.reason }

func skipf(format string, args ...any) error { return skipError{fmt.Sprintf(format, args...)} }

// outcome turns what a check body returns into its Result.
func outcome(res verify.Result, err error) verify.Result {
	var skip skipError
	switch {
	case err == nil:
		return res
	case errors.As(err, &skip):
		return verify.Result{Status: verify.StatusSkip, Message: skip.reason}
	case db.IsUndefinedTable(err) || db.IsUndefinedColumn(err):
		// The pre-checks of each check should have caught this; a schema that changes under a
		// running check, or a column this catalogue did not foresee, still must not read as a
		// broken database.
		return verify.Result{Status: verify.StatusSkip, Message: "the schema lacks a table or column this check reads: " + err.Error()}
	default:
		return verify.Result{Status: verify.StatusError, Message: err.Error()}
	}
}

// tx is one read-only transaction on the database of one role.
type tx struct {
	q       db.Querier
	dialect db.Dialect
}

// read runs fn in a read-only transaction on the database env routes role to (REG to the
// shared database unless isSeparateRegistryDB). Transactions are never nested: with two
// connections per database and two checks at a time, nesting on one database could wait for
// itself forever.
func read(ctx context.Context, env *verify.Env, cfg Config, role discovery.Role, fn func(ctx context.Context, t tx) error) error {
	return readDB(ctx, env.DB(role), role, cfg, fn)
}

// readDB is read on a given database, d being the one configured for role.
func readDB(ctx context.Context, d *db.DB, role discovery.Role, cfg Config, fn func(ctx context.Context, t tx) error) error {
	if d == nil {
		return skipf("no %s database is configured", role)
	}
	err := d.ReadOnly(ctx, cfg.QueryTimeout, func(ctx context.Context, q db.Querier) error {
		return fn(ctx, tx{q: q, dialect: d.Dialect()})
	})
	if err != nil {
		return fmt.Errorf("reading the %s database: %w", role, err)
	}
	return nil
}

// each runs query and calls fn after scanning every row into dest.
func (t tx) each(ctx context.Context, query string, args []any, dest []any, fn func() error) error {
	rows, err := t.q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("querying %s: %w", firstTable(query), err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("reading %s: %w", firstTable(query), err)
		}
		if err := fn(); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading %s: %w", firstTable(query), err)
	}
	return nil
}

// firstTable names the table a query reads first, so that an error says where it happened
// without quoting the whole statement.
func firstTable(query string) string {
	fields := strings.Fields(query)
	for i, f := range fields {
		if strings.EqualFold(f, "FROM") && i+1 < len(fields) && !strings.HasPrefix(fields[i+1], "(") {
			return strings.TrimRight(fields[i+1], ")")
		}
	}
	return "the database"
}

// offenders is a query whose rows are the keys of offending rows: the common shape of a check
// that looks for rows breaking a rule inside one database.
type offenders struct {
	// keys is "SELECT <key columns> FROM ... WHERE ...", without ORDER BY.
	keys string
	// orderBy lists the key columns, so that samples are stable from run to run.
	orderBy string
	args    []any
	// sample formats one row's key columns (NULL reads as ""); nil joins them with a space.
	sample func(cols []string) string
}

// find counts the offending rows on the server and fetches the first few as samples, so
// that a million offenders cost one COUNT and a short read.
func (t tx) find(ctx context.Context, o offenders, f *findings) error {
	var n int64
	if err := t.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+o.keys+") K", o.args...).Scan(&n); err != nil {
		return fmt.Errorf("counting %s: %w", firstTable(o.keys), err)
	}
	f.count += n
	if n == 0 || f.full() {
		return nil
	}
	rows, err := t.q.QueryContext(ctx, t.dialect.Limit(o.keys+" ORDER BY "+o.orderBy, f.limit-len(f.samples)), o.args...)
	if err != nil {
		return fmt.Errorf("sampling %s: %w", firstTable(o.keys), err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("sampling %s: %w", firstTable(o.keys), err)
	}
	cells := make([]sql.NullString, len(names))
	dest := make([]any, len(names))
	for i := range cells {
		dest[i] = &cells[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("sampling %s: %w", firstTable(o.keys), err)
		}
		cols := make([]string, len(cells))
		for i, c := range cells {
			cols[i] = c.String
		}
		if o.sample != nil {
			f.samples = append(f.samples, o.sample(cols))
		} else {
			f.samples = append(f.samples, strings.Join(cols, " "))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sampling %s: %w", firstTable(o.keys), err)
	}
	return nil
}

// columns returns the columns of table in this database, upper case; empty when the table
// does not exist.
func (t tx) columns(ctx context.Context, table string) (map[string]bool, error) {
	query, args := t.dialect.ColumnsQuery(table)
	return t.names(ctx, query, args)
}

// tables returns the tables of this database, upper case.
func (t tx) tables(ctx context.Context) (map[string]bool, error) {
	query, args := t.dialect.TablesQuery()
	return t.names(ctx, query, args)
}

func (t tx) names(ctx context.Context, query string, args []any) (map[string]bool, error) {
	set := map[string]bool{}
	var name string
	err := t.each(ctx, query, args, []any{&name}, func() error {
		set[strings.ToUpper(name)] = true
		return nil
	})
	return set, err
}

// require returns a skip naming what is missing when table lacks any of cols (or does not
// exist): a check reading a schema older or newer than it knows adapts by skipping, with the
// reason, instead of failing on the server's "no such column".
func (t tx) require(ctx context.Context, table string, cols ...string) error {
	have, err := t.columns(ctx, table)
	if err != nil {
		return err
	}
	if len(have) == 0 {
		return skipf("the database has no %s table", table)
	}
	var missing []string
	for _, c := range cols {
		if !have[c] {
			missing = append(missing, table+"."+c)
		}
	}
	if len(missing) > 0 {
		return skipf("the schema lacks %s (an older WSO2 version, or migration scripts not applied: see schema.conformance)", strings.Join(missing, ", "))
	}
	return nil
}

// findings counts offending rows and keeps the first few keys as samples.
type findings struct {
	count   int64
	samples []string
	limit   int
}

func newFindings(env *verify.Env) *findings {
	limit := env.SampleLimit
	if limit <= 0 {
		limit = 10
	}
	return &findings{limit: limit}
}

func (f *findings) full() bool { return len(f.samples) >= f.limit }

// add counts one offending row, keeping its key while there is room.
func (f *findings) add(sample string) { f.addRows(1, sample) }

// addRows counts n offending rows that share one key (a group), keeping the key while there is
// room.
func (f *findings) addRows(n int64, sample string) {
	f.count += n
	if !f.full() {
		f.samples = append(f.samples, sample)
	}
}

// result is a pass when nothing offends, else a failure saying "<count> <what>".
func (f *findings) result(what string) verify.Result {
	if f.count == 0 {
		return verify.Result{Status: verify.StatusPass}
	}
	return verify.Result{
		Status:    verify.StatusFail,
		Offending: f.count,
		Samples:   f.samples,
		Message:   fmt.Sprintf("%d %s", f.count, what),
	}
}
