package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

// cleanupTimeout bounds each clean-up statement: t.Context() is already cancelled when
// clean-ups run.
const cleanupTimeout = 30 * time.Second

var unsafeNameChars = regexp.MustCompile(`[^a-z0-9_]+`)

// uniqueName is prefix made safe as an unquoted identifier on both servers (lower case,
// PostgreSQL folds it anyway), with a random suffix so that parallel tests and runs never meet.
func uniqueName(prefix string) string {
	prefix = unsafeNameChars.ReplaceAllString(strings.ToLower(prefix), "_")
	if len(prefix) > 40 {
		prefix = prefix[:40]
	}
	return fmt.Sprintf("%s_%08x", strings.Trim(prefix, "_"), rand.Uint32())
}

// NewDatabase creates an empty database named after prefix, dropped when the test ends, and
// returns its name and the admin DSN to fill it. MySQL databases default to latin1, as
// WSO2's scripts expect.
func (s *Server) NewDatabase(t testing.TB, prefix string) (name, adminDSN string) {
	t.Helper()
	name = uniqueName("apimwatch_" + prefix)
	create, drop := "CREATE DATABASE "+name, "DROP DATABASE IF EXISTS "+name
	if s.Vendor == VendorMySQL {
		create += " CHARACTER SET latin1"
	} else {
		drop += " WITH (FORCE)" // ends the sessions of pools a test left open
	}
	s.adminExec(t, s.defaultDatabase, create)
	t.Cleanup(func() { s.adminExec(t, s.defaultDatabase, drop) })
	return name, s.DSN(name, "")
}

// adminExec runs statements as the admin on database, failing the test on the first error.
func (s *Server) adminExec(t testing.TB, database string, statements ...string) {
	t.Helper()
	db, err := sql.Open(s.Driver, s.DSN(database, ""))
	if err != nil {
		t.Fatalf("opening %s: %v", database, err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	for _, stmt := range statements {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s on %s: %v", stmt, database, err)
		}
	}
}

// OpenAdmin opens dsn with driver for a test to plant rows; it is closed when the test ends.
func OpenAdmin(t testing.TB, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("opening %s: %v", driver, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
