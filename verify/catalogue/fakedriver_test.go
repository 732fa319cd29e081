package catalogue

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
)

// The recording fake: a database/sql driver that answers the catalogue queries with the 4.2
// schema, every COUNT and row estimate with 0, the few queries of fakeAnswers with their rows,
// any other query with no rows, and records every
// statement it receives (BEGIN, SET, ROLLBACK included), so that tests can pin the SQL the checks
// send to vendors there is no server of here.

// statement is one statement a fake database received.
type statement struct {
	role discovery.Role
	text string
	args []any
}

// recorder collects the statements of every fake database, in the order they arrived.
type recorder struct {
	mu         sync.Mutex
	statements []statement
}

func (r *recorder) record(role discovery.Role, text string, args []driver.NamedValue) {
	values := make([]any, len(args))
	for i, a := range args {
		values[i] = a.Value
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.statements = append(r.statements, statement{role: role, text: text, args: values})
}

// take returns the statements recorded so far and forgets them.
func (r *recorder) take() []statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.statements
	r.statements = nil
	return s
}

// fakeAnswers are the rows of queries whose empty answer would make a check skip rather than
// pass: a UM_USER without its admin reads as an LDAP user store.
var fakeAnswers = map[string][]driver.Value{
	"SELECT UM_TENANT_ID, UM_USER_NAME FROM UM_USER": {int64(superTenantID), "admin"},
}

// fakeSchema is tables by upper-case name, each with its upper-case columns in order.
type fakeSchema map[string][]string

var (
	createTable = regexp.MustCompile(`(?is)CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(\w+)\s*\((.*?)\n\s*\);`)
	notAColumn  = map[string]bool{"PRIMARY": true, "UNIQUE": true, "FOREIGN": true, "CONSTRAINT": true, "CHECK": true}
)

// loadSchema reads the tables and columns of the PostgreSQL schema parts of verify/testdb.
func loadSchema(t *testing.T, parts ...string) fakeSchema {
	t.Helper()
	schema := fakeSchema{}
	for _, part := range parts {
		text, err := os.ReadFile(filepath.Join("..", "testdb", "schema", "postgres", part+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range createTable.FindAllStringSubmatch(string(text), -1) {
			var cols []string
			for _, line := range strings.Split(m[2], "\n") {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "--") {
					continue
				}
				name := strings.ToUpper(strings.Fields(line)[0])
				if !notAColumn[name] {
					cols = append(cols, name)
				}
			}
			schema[strings.ToUpper(m[1])] = cols
		}
	}
	if len(schema) == 0 {
		t.Fatalf("no tables in the schema parts %v", parts)
	}
	return schema
}

// openFake opens role's database of dialect over a fake answering with schema.
func openFake(role discovery.Role, dialect db.Dialect, schema fakeSchema, rec *recorder) *db.DB {
	c := &fakeConnector{role: role, dialect: dialect, schema: schema, rec: rec}
	return db.OpenConnector(role, dialect, "fake://"+string(role), c, db.Options{})
}

type fakeConnector struct {
	role    discovery.Role
	dialect db.Dialect
	schema  fakeSchema
	rec     *recorder
}

func (c *fakeConnector) Connect(context.Context) (driver.Conn, error) { return &fakeConn{c}, nil }
func (c *fakeConnector) Driver() driver.Driver                        { return fakeDriver{} }

type fakeDriver struct{}

func (fakeDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("fake driver: open through its connector")
}

type fakeConn struct{ c *fakeConnector }

var (
	_ driver.ConnBeginTx        = (*fakeConn)(nil)
	_ driver.ExecerContext      = (*fakeConn)(nil)
	_ driver.QueryerContext     = (*fakeConn)(nil)
	_ driver.NamedValueChecker  = (*fakeConn)(nil)
	_ driver.ConnPrepareContext = (*fakeConn)(nil)
)

func (*fakeConn) Prepare(string) (driver.Stmt, error) {
	return nil, errors.New("fake driver: statements are not prepared")
}

func (*fakeConn) PrepareContext(context.Context, string) (driver.Stmt, error) {
	return nil, errors.New("fake driver: statements are not prepared")
}

func (*fakeConn) Close() error { return nil }

func (*fakeConn) Begin() (driver.Tx, error) {
	return nil, errors.New("fake driver: use BeginTx")
}

func (*fakeConn) CheckNamedValue(*driver.NamedValue) error { return nil }

// BeginTx records BEGIN with the options database/sql passed on.
func (f *fakeConn) BeginTx(_ context.Context, opts driver.TxOptions) (driver.Tx, error) {
	begin := "BEGIN"
	if opts.Isolation != 0 {
		begin += fmt.Sprintf(" ISOLATION LEVEL %d", opts.Isolation)
	}
	if opts.ReadOnly {
		begin += " READ ONLY"
	}
	f.c.rec.record(f.c.role, begin, nil)
	return fakeTx{f}, nil
}

func (f *fakeConn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	f.c.rec.record(f.c.role, query, args)
	return driver.RowsAffected(0), nil
}

func (f *fakeConn) QueryContext(_ context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	f.c.rec.record(f.c.role, query, args)
	d := f.c.dialect
	tables, _ := d.TablesQuery()
	columns, _ := d.ColumnsQuery("")
	estimate, _ := d.RowEstimateQuery("")
	switch {
	case query == tables:
		return names(slices.Sorted(maps.Keys(f.c.schema))), nil
	case query == columns:
		if len(args) != 1 {
			return nil, fmt.Errorf("fake driver: the columns query takes one argument, got %d", len(args))
		}
		table, _ := args[0].Value.(string)
		return names(f.c.schema[strings.ToUpper(table)]), nil
	case query == estimate, strings.HasPrefix(query, "SELECT COUNT(*) FROM "):
		return &fakeRows{cols: []string{"N"}, rows: [][]driver.Value{{int64(0)}}}, nil
	}
	if row, ok := fakeAnswers[query]; ok {
		return &fakeRows{cols: make([]string, len(row)), rows: [][]driver.Value{row}}, nil
	}
	return &fakeRows{cols: []string{"C"}}, nil
}

func names(list []string) *fakeRows {
	r := &fakeRows{cols: []string{"NAME"}}
	for _, n := range list {
		r.rows = append(r.rows, []driver.Value{n})
	}
	return r
}

type fakeTx struct{ f *fakeConn }

func (t fakeTx) Commit() error {
	t.f.c.rec.record(t.f.c.role, "COMMIT", nil)
	return nil
}

func (t fakeTx) Rollback() error {
	t.f.c.rec.record(t.f.c.role, "ROLLBACK", nil)
	return nil
}

type fakeRows struct {
	cols []string
	rows [][]driver.Value
}

func (r *fakeRows) Columns() []string { return r.cols }
func (r *fakeRows) Close() error      { return nil }

func (r *fakeRows) Next(dest []driver.Value) error {
	if len(r.rows) == 0 {
		return io.EOF
	}
	copy(dest, r.rows[0])
	r.rows = r.rows[1:]
	return nil
}
