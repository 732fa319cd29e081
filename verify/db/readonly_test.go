package db_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// The admin may write: only the transaction stops the INSERT.
func TestReadOnlyRefusesWrites(t *testing.T) {
	for label, tg := range targets(t) {
		t.Run(label, func(t *testing.T) {
			d := open(t, tg.config)
			p := tg.dialect.Placeholder
			insert := fmt.Sprintf("INSERT INTO UM_TENANT (UM_ID, UM_TENANT_UUID, UM_DOMAIN_NAME) VALUES (%s, %s, %s)", p(1), p(2), p(3))
			err := d.ReadOnly(context.Background(), 10*time.Second, func(ctx context.Context, q db.Querier) error {
				rows, err := q.QueryContext(ctx, insert, 99, "x-uuid", "x.com")
				if err != nil {
					return err
				}
				defer rows.Close()
				for rows.Next() {
				}
				return rows.Err()
			})
			if err == nil {
				t.Fatal("an INSERT inside ReadOnly succeeded")
			}
			t.Logf("refused as expected: %v", err)
			var n int
			if err := tg.admin.QueryRow("SELECT COUNT(*) FROM UM_TENANT").Scan(&n); err != nil || n != 3 {
				t.Errorf("tenants after the refused INSERT: %d (%v), want 3", n, err)
			}
		})
	}
}

// A query that outlives its deadline is stopped on the server too, and leaves nothing running.
func TestDeadlineStopsTheServerSideQuery(t *testing.T) {
	sleeps := map[string]struct {
		srv     *testdb.Server
		sleep   string
		running string // counts the sleep still running in database $1/?, from the admin
	}{
		"postgres": {testdb.Postgres(t), "SELECT pg_sleep(30)",
			"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep%'"},
		"mariadb": {testdb.MariaDB(t), "SELECT SLEEP(30)",
			"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'SELECT SLEEP%'"},
	}
	for label, tc := range sleeps {
		t.Run(label, func(t *testing.T) {
			name, adminDSN := tc.srv.NewDatabase(t, "sleep")
			admin := testdb.OpenAdmin(t, tc.srv.Driver, adminDSN)
			d := open(t, tc.srv.Config(name, tc.srv.ReadOnlyUser(t, name)))

			started := time.Now()
			err := d.ReadOnly(context.Background(), time.Second, func(ctx context.Context, q db.Querier) error {
				var ignored any
				return q.QueryRowContext(ctx, tc.sleep).Scan(&ignored)
			})
			elapsed := time.Since(started)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error = %v, want one wrapping context.DeadlineExceeded", err)
			}
			if elapsed > 2500*time.Millisecond {
				t.Errorf("ReadOnly returned after %s, want about 1s", elapsed)
			}
			t.Logf("returned after %s: %v", elapsed.Round(time.Millisecond), err)

			var running int
			for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(100 * time.Millisecond) {
				if err := admin.QueryRow(tc.running, name).Scan(&running); err != nil {
					t.Fatal(err)
				}
				if running == 0 || time.Now().After(deadline) {
					break
				}
			}
			if running != 0 {
				t.Errorf("%d sleeps still running on the server 3s after the deadline", running)
			}
		})
	}
}

// Neither a wrong password nor one written in the DSN shows up in an error.
func TestErrorsNeverShowThePassword(t *testing.T) {
	const password = "Sup3r-secret-pw"
	for label, srv := range testdb.Servers(t) {
		t.Run(label, func(t *testing.T) {
			name, _ := srv.NewDatabase(t, "secret")
			wrongPassword := srv.Config(name, srv.ReadOnlyUser(t, name))
			wrongPassword.Password = password
			// PostgreSQL here trusts local logins, so a missing database makes the login fail.
			missingDatabase := srv.Config("no_such_database", "")
			missingDatabase.Password = password
			inDSN := srv.Config("no_such_database", "")
			inDSN.DSN = config.DSN(strings.Replace(inDSN.DSN.Reveal(), srv.Admin+"@", srv.Admin+":"+password+"@", 1))

			for _, c := range []config.Database{wrongPassword, missingDatabase, inDSN} {
				d, err := db.Open(discovery.RoleAM, c, db.Options{})
				if err == nil {
					err = d.Ping(context.Background(), 5*time.Second)
					_ = d.Close()
				}
				if err == nil {
					if c.DSN == wrongPassword.DSN && label == "postgres" {
						continue // trust authentication ignores the password
					}
					t.Fatalf("%s: connected, want a login error", c.DSN)
				}
				msg := err.Error()
				if strings.Contains(msg, password) {
					t.Errorf("the error shows the password: %s", msg)
				}
				if !strings.HasPrefix(msg, "am database ") {
					t.Errorf("the error does not name the role and database: %s", msg)
				}
				t.Logf("%s", msg)
			}
		})
	}
}

// The server-side timeout is the time left of the transaction's deadline.
func TestServerSideStatementTimeout(t *testing.T) {
	settings := map[string]struct {
		srv   *testdb.Server
		query string // the session's timeout, in seconds
	}{
		"postgres": {testdb.Postgres(t), "SELECT CAST(setting AS FLOAT) / 1000 FROM pg_settings WHERE name = 'statement_timeout'"},
		"mariadb":  {testdb.MariaDB(t), "SELECT @@SESSION.max_statement_time"},
	}
	for label, tc := range settings {
		t.Run(label, func(t *testing.T) {
			name, _ := tc.srv.NewDatabase(t, "timeout")
			d := open(t, tc.srv.Config(name, ""))
			var seconds float64
			err := d.ReadOnly(context.Background(), 5*time.Second, func(ctx context.Context, q db.Querier) error {
				return q.QueryRowContext(ctx, tc.query).Scan(&seconds)
			})
			if err != nil {
				t.Fatal(err)
			}
			if seconds < 4 || seconds > 5 {
				t.Errorf("statement timeout inside ReadOnly(5s) = %gs, want just under 5s", seconds)
			}
		})
	}
}
