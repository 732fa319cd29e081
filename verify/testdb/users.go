package testdb

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/apimwatch/apimwatch/config"
)

// ReadOnlyUser creates a login that may only SELECT from databases (tables created later
// included), dropped when the test ends, and returns its name; Config gives its password.
// Running apimwatch as this user proves it needs no more than SELECT.
func (s *Server) ReadOnlyUser(t testing.TB, databases ...string) string {
	t.Helper()
	user := uniqueName("apimwatch_ro")
	password := fmt.Sprintf("pw-%016x", rand.Uint64())
	s.mu.Lock()
	if s.passwords == nil {
		s.passwords = map[string]config.Secret{}
	}
	s.passwords[user] = config.Secret(password)
	s.mu.Unlock()

	if s.Vendor == VendorMySQL {
		account := fmt.Sprintf("'%s'@'%%'", user)
		s.adminExec(t, s.defaultDatabase, fmt.Sprintf("CREATE USER %s IDENTIFIED BY '%s'", account, password))
		t.Cleanup(func() { s.adminExec(t, s.defaultDatabase, "DROP USER IF EXISTS "+account) })
		for _, database := range databases {
			s.adminExec(t, s.defaultDatabase, fmt.Sprintf("GRANT SELECT ON `%s`.* TO %s", database, account))
		}
		return user
	}

	s.adminExec(t, s.defaultDatabase, fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", user, password))
	t.Cleanup(func() {
		// A role cannot be dropped while it holds privileges in any database.
		for _, database := range databases {
			s.adminExec(t, database, "DROP OWNED BY "+user)
		}
		s.adminExec(t, s.defaultDatabase, "DROP ROLE IF EXISTS "+user)
	})
	for _, database := range databases {
		s.adminExec(t, database,
			fmt.Sprintf("GRANT CONNECT ON DATABASE %s TO %s", database, user),
			"GRANT USAGE ON SCHEMA public TO "+user,
			"GRANT SELECT ON ALL TABLES IN SCHEMA public TO "+user,
			"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "+user)
	}
	return user
}
