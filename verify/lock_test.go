package verify

import (
	"context"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// TestCheckOnALockedTableEndsAtItsTimeout: another session holds an exclusive lock on AM_API;
// a check reading it ends at its timeout as an error (not a failure), leaves no query waiting
// on the server, and the next check of the run still runs.
func TestCheckOnALockedTableEndsAtItsTimeout(t *testing.T) {
	locks := map[string]struct {
		lock    string
		waiting string // counts queries still waiting on AM_API in database $1/?
	}{
		"postgres": {"LOCK TABLE AM_API IN ACCESS EXCLUSIVE MODE",
			"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE '%FROM AM_API%' AND query NOT LIKE '%pg_stat_activity%'"},
		"mariadb": {"LOCK TABLES AM_API WRITE",
			"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE '%FROM AM_API%' AND INFO NOT LIKE '%PROCESSLIST%'"},
	}
	for vendor, srv := range testdb.Servers(t) {
		t.Run(vendor, func(t *testing.T) {
			n := testdb.NewNode(t, srv, testdb.Shared)
			holder, err := n.Admin[discovery.RoleAM].Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer holder.Close()
			if vendor == "postgres" {
				if _, err := holder.ExecContext(context.Background(), "BEGIN"); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := holder.ExecContext(context.Background(), locks[vendor].lock); err != nil {
				t.Fatal(err)
			}

			env, err := OpenEnv(nodeOf("cp1", n), db.Options{}, 10)
			if err != nil {
				t.Fatal(err)
			}
			defer env.Close()
			checks := CustomChecks([]config.CustomCheckConfig{
				{ID: "locked", Title: "Reads a locked table", Role: "am", SQL: "SELECT API_NAME FROM AM_API", Severity: "critical", Expect: "no_rows"},
				{ID: "free", Title: "Reads another table", Role: "um", SQL: "SELECT UM_USER_NAME FROM UM_USER", Severity: "critical", Expect: "no_rows"},
			}, time.Second)
			started := time.Now()
			results := Runner{Timeout: 2 * time.Second, Concurrency: 1}.Run(context.Background(), env, checks)
			if elapsed := time.Since(started); elapsed > 5*time.Second {
				t.Errorf("the run took %s: the locked check did not end at its timeout", elapsed)
			}
			if r := results[0]; r.Status != StatusError {
				t.Errorf("locked table: %s (%s), want error", r.Status, r.Message)
			}
			if r := results[1]; r.Status != StatusPass {
				t.Errorf("the next check: %s (%s), want pass", r.Status, r.Message)
			}

			admin := n.Admin[discovery.RoleUM] // an admin session that sees every other one
			var waiting int
			for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(100 * time.Millisecond) {
				if err := admin.QueryRow(locks[vendor].waiting, n.Databases[discovery.RoleAM]).Scan(&waiting); err != nil {
					t.Fatal(err)
				}
				if waiting == 0 || time.Now().After(deadline) {
					break
				}
			}
			if waiting != 0 {
				t.Errorf("%d queries still wait on the locked table after the timeout", waiting)
			}
		})
	}
}
