package testdb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// The tables each role's database must have, per AM schema.
var wantTables = map[discovery.Role][]string{
	discovery.RoleUM:  {"UM_TENANT", "UM_DOMAIN", "UM_USER", "UM_ROLE", "UM_USER_ROLE", "UM_HYBRID_ROLE", "UM_HYBRID_USER_ROLE", "UM_PERMISSION", "UM_ROLE_PERMISSION"},
	discovery.RoleREG: {"REG_PATH", "REG_RESOURCE", "REG_CONTENT", "REG_PROPERTY", "REG_RESOURCE_PROPERTY", "REG_TAG", "REG_RESOURCE_TAG", "REG_ASSOCIATION", "REG_LOG"},
	discovery.RoleAM: {"AM_API", "AM_API_URL_MAPPING", "AM_SUBSCRIBER", "AM_APPLICATION", "AM_SUBSCRIPTION", "AM_APPLICATION_KEY_MAPPING",
		"AM_REVISION", "AM_DEPLOYMENT_REVISION_MAPPING", "AM_GW_PUBLISHED_API_DETAILS", "AM_GW_API_ARTIFACTS", "AM_GW_API_DEPLOYMENTS",
		"AM_KEY_MANAGER", "AM_SYSTEM_CONFIGS", "AM_SCOPE", "IDN_OAUTH_CONSUMER_APPS", "IDN_OAUTH2_ACCESS_TOKEN"},
}

func TestNodeLayoutsOnBothServers(t *testing.T) {
	for label, srv := range testdb.Servers(t) {
		for _, layout := range []testdb.Layout{testdb.Shared, testdb.Separate} {
			t.Run(label+"/"+layout.String(), func(t *testing.T) {
				n := testdb.NewNode(t, srv, layout)
				shared := n.Databases[discovery.RoleUM] == n.Databases[discovery.RoleREG]
				if shared != (layout == testdb.Shared) || n.SeparateRegistryDB == shared {
					t.Errorf("UM in %s, REG in %s, SeparateRegistryDB %v: wrong for the %s layout",
						n.Databases[discovery.RoleUM], n.Databases[discovery.RoleREG], n.SeparateRegistryDB, layout)
				}
				for role, want := range wantTables {
					d := openRole(t, n, role)
					tables := readStrings(t, d, d.Dialect().TablesQuery)
					for _, table := range want {
						if !slices.Contains(tables, table) {
							t.Errorf("%s database lacks %s (has %v)", role, table, tables)
						}
					}
				}
				am := openRole(t, n, discovery.RoleAM)
				columns := readStrings(t, am, func() (string, []any) { return am.Dialect().ColumnsQuery("AM_API") })
				for _, column := range []string{"API_UUID", "ORGANIZATION", "STATUS", "API_TYPE", "CONTEXT", "REVISIONS_CREATED", "VERSION_COMPARABLE", "GATEWAY_VENDOR"} {
					if !slices.Contains(columns, column) {
						t.Errorf("AM_API lacks %s", column)
					}
				}
			})
		}
	}
}

func TestNode32HasTheOldAMAPI(t *testing.T) {
	for label, srv := range testdb.Servers(t) {
		t.Run(label, func(t *testing.T) {
			n := testdb.NewNode32(t, srv, testdb.Shared)
			am := openRole(t, n, discovery.RoleAM)
			columns := readStrings(t, am, func() (string, []any) { return am.Dialect().ColumnsQuery("AM_API") })
			for _, column := range []string{"API_UUID", "ORGANIZATION", "STATUS"} {
				if slices.Contains(columns, column) {
					t.Errorf("3.2 AM_API has %s", column)
				}
			}
			if !slices.Contains(columns, "API_PROVIDER") {
				t.Errorf("3.2 AM_API lacks API_PROVIDER: %v", columns)
			}
		})
	}
}

// apimwatch's login may read but not write, outside any read-only transaction too; the admin
// may plant rows.
func TestNodeLoginIsSelectOnly(t *testing.T) {
	for label, srv := range testdb.Servers(t) {
		t.Run(label, func(t *testing.T) {
			n := testdb.NewNode(t, srv, testdb.Separate)
			if _, err := n.Admin[discovery.RoleUM].Exec("INSERT INTO UM_TENANT (UM_TENANT_UUID, UM_DOMAIN_NAME) VALUES ('u1', 'a.com')"); err != nil {
				t.Fatalf("the admin cannot plant a tenant: %v", err)
			}
			reader := testdb.OpenAdmin(t, srv.Driver, dsnWithPassword(n, srv))
			var domain string
			if err := reader.QueryRow("SELECT UM_DOMAIN_NAME FROM UM_TENANT").Scan(&domain); err != nil || domain != "a.com" {
				t.Errorf("the login reads %q, %v; want a.com", domain, err)
			}
			if _, err := reader.Exec("DELETE FROM UM_TENANT"); err == nil {
				t.Error("the login could DELETE")
			}
		})
	}
}

// dsnWithPassword is the UM login of n as a plain driver DSN.
func dsnWithPassword(n *testdb.Node, srv *testdb.Server) string {
	c := n.Configs[discovery.RoleUM]
	user := c.DSN.Reveal()
	if srv.Vendor == testdb.VendorPostgres {
		return fmt.Sprintf("%s&password=%s", user, c.Password.Reveal())
	}
	userName, rest, _ := strings.Cut(user, "@")
	return userName + ":" + c.Password.Reveal() + "@" + rest
}

func openRole(t *testing.T, n *testdb.Node, role discovery.Role) *db.DB {
	t.Helper()
	d, err := db.Open(role, n.Configs[role], db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func readStrings(t *testing.T, d *db.DB, build func() (string, []any)) []string {
	t.Helper()
	query, args := build()
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
