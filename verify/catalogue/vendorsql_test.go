package catalogue

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
)

// update rewrites the golden files of TestVendorSQL: go test ./verify/catalogue -run TestVendorSQL -update
var update = flag.Bool("update", false, "rewrite the golden SQL files in testdata/sql")

// nonPortable are PostgreSQL and MySQL constructs neither SQL Server nor Oracle reads.
var nonPortable = []string{"LIMIT ", "$1", "?", "`", "::"}

// TestVendorSQL pins the statements every built-in check sends to SQL Server and Oracle, which
// no test here has a server of: each check runs against recording fakes of the UM, REG and AM
// databases (the 4.2 schema, no rows), and what it sent must match
// testdata/sql/<dialect>/<check>.sql, so that any change to that SQL shows as a diff.
func TestVendorSQL(t *testing.T) {
	schemas := map[discovery.Role]fakeSchema{
		discovery.RoleUM:  loadSchema(t, "um"),
		discovery.RoleREG: loadSchema(t, "reg"),
		discovery.RoleAM:  loadSchema(t, "am", "idn"),
	}
	for _, dialect := range []db.Dialect{db.SQLServer, db.Oracle} {
		t.Run(string(dialect), func(t *testing.T) {
			rec := &recorder{}
			env := &verify.Env{
				Databases:             map[discovery.Role]*db.DB{},
				SeparateRegistryDB:    true,
				SeparateRegistryKnown: true,
				TargetVersion:         "4.2.0",
				GatewayEnvironments:   []string{"Default"},
			}
			reindex := 1
			env.ReIndexing = &reindex
			for role, schema := range schemas {
				d := openFake(role, dialect, schema, rec)
				t.Cleanup(func() { _ = d.Close() })
				env.Databases[role] = d
			}
			dir := filepath.Join("testdata", "sql", string(dialect))
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range Builtin(Config{}) {
				res := verify.Runner{Timeout: time.Minute}.Run(t.Context(), env, []verify.Check{c})[0]
				if res.Status != verify.StatusPass {
					t.Errorf("%s: got %s (%s), want pass", c.ID, res.Status, res.Message)
				}
				statements := rec.take()
				for _, s := range statements {
					for _, bad := range nonPortable {
						if strings.Contains(s.text, bad) {
							t.Errorf("%s sends %q to %s, which it does not read:\n%s", c.ID, bad, dialect, s.text)
						}
					}
				}
				got := golden(statements)
				file := filepath.Join(dir, c.ID+".sql")
				if *update {
					if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Errorf("%s: %v (run with -update to create it)", c.ID, err)
					continue
				}
				if got != string(want) {
					t.Errorf("%s: the SQL sent to %s changed; if intended, run with -update and review the diff of %s\ngot:\n%s\nwant:\n%s",
						c.ID, dialect, file, got, want)
				}
			}
		})
	}
}

// golden writes statements as the golden file reads them: each preceded by the role of the
// database it went to and its arguments, and ended with ";".
func golden(statements []statement) string {
	var b strings.Builder
	for i, s := range statements {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "-- %s", s.role)
		if len(s.args) > 0 {
			args := make([]string, len(s.args))
			for j, a := range s.args {
				args[j] = fmt.Sprintf("%#v", a)
			}
			fmt.Fprintf(&b, " args: %s", strings.Join(args, ", "))
		}
		fmt.Fprintf(&b, "\n%s;\n", s.text)
	}
	return b.String()
}
