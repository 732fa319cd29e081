package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// target is a database with the UM schema and three tenants, as the admin plants them and as
// apimwatch opens it.
type target struct {
	dialect db.Dialect
	admin   *sql.DB
	config  config.Database
}

// targets are the real databases the tests run on: PostgreSQL, MariaDB and a SQLite file.
func targets(t *testing.T) map[string]target {
	t.Helper()
	all := map[string]target{"sqlite": sqliteTarget(t)}
	for label, srv := range testdb.Servers(t) {
		name, adminDSN := srv.NewDatabase(t, "db_"+label)
		testdb.ApplySchema(t, adminDSN, srv.Vendor, testdb.PartUM)
		admin := testdb.OpenAdmin(t, srv.Driver, adminDSN)
		dialect := db.Postgres
		if srv.Vendor == testdb.VendorMySQL {
			dialect = db.MySQL
		}
		all[label] = target{dialect: dialect, admin: admin, config: srv.Config(name, "")}
	}
	for _, tg := range all {
		plantTenants(t, tg)
	}
	return all
}

func sqliteTarget(t *testing.T) target {
	t.Helper()
	path := filepath.Join(t.TempDir(), "um.db")
	admin := testdb.OpenAdmin(t, "sqlite", path)
	if _, err := admin.Exec(`CREATE TABLE UM_TENANT (UM_ID INTEGER PRIMARY KEY, UM_TENANT_UUID VARCHAR(36) NOT NULL,
		UM_DOMAIN_NAME VARCHAR(255) NOT NULL, UM_ACTIVE BOOLEAN DEFAULT FALSE)`); err != nil {
		t.Fatal(err)
	}
	return target{dialect: db.SQLite, admin: admin, config: config.Database{Driver: "sqlite", DSN: config.DSN(path)}}
}

func plantTenants(t *testing.T, tg target) {
	t.Helper()
	p := tg.dialect.Placeholder
	insert := fmt.Sprintf("INSERT INTO UM_TENANT (UM_ID, UM_TENANT_UUID, UM_DOMAIN_NAME) VALUES (%s, %s, %s)", p(1), p(2), p(3))
	for i, domain := range []string{"a.com", "b.com", "c.com"} {
		if _, err := tg.admin.Exec(insert, i+1, domain+"-uuid", domain); err != nil {
			t.Fatalf("planting tenant %s: %v", domain, err)
		}
	}
}

func open(t *testing.T, c config.Database) *db.DB {
	t.Helper()
	d, err := db.Open(discovery.RoleUM, c, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// queryStrings runs query in a read-only transaction and returns the first column of each row.
func queryStrings(t *testing.T, d *db.DB, query string, args []any) []string {
	t.Helper()
	var got []string
	err := d.ReadOnly(context.Background(), 10*time.Second, func(ctx context.Context, q db.Querier) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			got = append(got, s)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return got
}
