// Package testdb gives tests real database servers: the PostgreSQL and MariaDB servers of the
// machine (started if they are down), throw-away databases with WSO2's schema, SELECT-only
// users, and whole nodes in the shared or separate layout. Tests that need a server skip when
// none can be had, and fail instead when CI is set.
package testdb

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/apimwatch/apimwatch/config"
)

// Vendors, as the schema directories name them.
const (
	VendorPostgres = "postgres"
	VendorMySQL    = "mysql"
)

// Server is a database server tests may create databases and users on.
type Server struct {
	Vendor string // VendorPostgres or VendorMySQL: the schema files and the SQL dialect
	Driver string // config.Database.Driver: "pgx" or "mysql"
	Host   string
	Port   int
	Admin  string // the superuser tests act as

	// defaultDatabase is where server-wide statements (CREATE DATABASE, CREATE ROLE) run.
	defaultDatabase string
	start           func() error

	once        sync.Once
	unavailable error

	mu        sync.Mutex
	passwords map[string]config.Secret // of the users tests created
}

var (
	postgres = &Server{
		Vendor: VendorPostgres, Driver: "pgx", Host: "127.0.0.1", Port: 5432, Admin: "postgres",
		defaultDatabase: "postgres", start: startPostgres,
	}
	mariaDB = &Server{
		Vendor: VendorMySQL, Driver: "mysql", Host: "127.0.0.1", Port: 3306, Admin: "root",
		start: startMariaDB,
	}
)

// Postgres is the PostgreSQL server on 127.0.0.1:5432 (user postgres, trust authentication).
func Postgres(t testing.TB) *Server { return postgres.require(t) }

// MariaDB is the MariaDB server on 127.0.0.1:3306 (user root, empty password).
func MariaDB(t testing.TB) *Server { return mariaDB.require(t) }

// Servers are both servers, for tests that run on each.
func Servers(t testing.TB) map[string]*Server {
	return map[string]*Server{"postgres": Postgres(t), "mariadb": MariaDB(t)}
}

// require returns s once it answers, starting it the first time if need be; without it the
// test is skipped, or fails when CI is set (CI must not pass by skipping everything).
func (s *Server) require(t testing.TB) *Server {
	t.Helper()
	s.once.Do(func() { s.unavailable = s.ensureRunning() })
	if s.unavailable != nil {
		msg := fmt.Sprintf("no %s server on %s:%d for this test: %v", s.Vendor, s.Host, s.Port, s.unavailable)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return s
}

// DSN is the driver DSN for user (the admin when "") on database, without a password.
func (s *Server) DSN(database, user string) string {
	if user == "" {
		user = s.Admin
	}
	address := s.Host + ":" + strconv.Itoa(s.Port)
	if s.Vendor == VendorPostgres {
		return fmt.Sprintf("postgres://%s@%s/%s?sslmode=disable", user, address, database)
	}
	return fmt.Sprintf("%s@tcp(%s)/%s", user, address, database)
}

// Config is database as apimwatch's configuration would give it, logging in as user (the
// admin when ""), with the password of a user made by ReadOnlyUser.
func (s *Server) Config(database, user string) config.Database {
	s.mu.Lock()
	defer s.mu.Unlock()
	return config.Database{Driver: s.Driver, DSN: config.DSN(s.DSN(database, user)), Password: s.passwords[user], Source: "testdb"}
}
