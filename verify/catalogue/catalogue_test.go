package catalogue

import (
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// On the clean dataset every check passes, on both servers and in both layouts.
func TestCleanDatasetPasses(t *testing.T) {
	eachNode(t, func(f *fixture) {
		for _, c := range Builtin(f.cfg) {
			res := f.run(c.ID)
			if res.Status != verify.StatusPass {
				t.Errorf("%s: %s, %d offending %q: %s", c.ID, res.Status, res.Offending, res.Samples, res.Message)
			}
		}
	})
}

func TestBuiltinIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Builtin(Config{}) {
		family, name, ok := strings.Cut(c.ID, ".")
		if !ok || family != c.Family || name == "" || strings.ContainsAny(name, ". ") {
			t.Errorf("%s: id is not <family>.<name> of family %s", c.ID, c.Family)
		}
		if seen[c.ID] {
			t.Errorf("%s: duplicate id", c.ID)
		}
		seen[c.ID] = true
		if c.Title == "" || c.Remediation == "" || c.Run == nil {
			t.Errorf("%s: title, remediation and Run are required", c.ID)
		}
	}
}

// A role with no database configured makes the checks that read it skip, with the reason.
func TestUnconfiguredRoleSkips(t *testing.T) {
	srv := testdb.Postgres(t)
	f := newFixture(t, srv, testdb.Separate, false)
	delete(f.env.Databases, "am")
	for _, id := range []string{"apim.url-mappings-of-deleted-apis", "cross-database.api-artifacts", "configuration.gateway-environments"} {
		res := f.run(id)
		if res.Status != verify.StatusSkip || res.Message != "no am database is configured" {
			t.Errorf("%s: %s %q, want a skip for the missing am database", id, res.Status, res.Message)
		}
	}
}

// Samples stop at the limit; the count does not.
func TestSampleLimit(t *testing.T) {
	f := newFixture(t, testdb.MariaDB(t), testdb.Shared, false)
	f.env.SampleLimit = 1
	f.insert("am", "AM_API_URL_MAPPING", "URL_MAPPING_ID, API_ID, HTTP_METHOD, URL_PATTERN",
		[]any{90, 99, "GET", "/a"}, []any{91, 98, "GET", "/b"})
	want(t, f.run("apim.url-mappings-of-deleted-apis"), verify.StatusFail, 2, "API_ID 98 (1 URL mappings)")
}

// A side too big to hold in memory makes a cross-database check skip, not exhaust the agent.
func TestMaxKeysInMemory(t *testing.T) {
	f := newFixture(t, testdb.Postgres(t), testdb.Shared, false)
	f.cfg.MaxKeysInMemory = 2
	res := f.run("cross-database.api-artifacts")
	if res.Status != verify.StatusSkip || !strings.Contains(res.Message, "more than 2 APIs") {
		t.Errorf("got %s %q, want a skip for too many APIs", res.Status, res.Message)
	}
}

// A database that cannot be read is an error result naming the table, not a finding.
func TestUnreachableDatabaseIsAnError(t *testing.T) {
	srv := testdb.Postgres(t)
	f := newFixture(t, srv, testdb.Shared, false)
	missing, err := db.Open("am", srv.Config("apimwatch_no_such_database", ""), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = missing.Close() })
	f.env.Databases["am"] = missing
	for _, id := range []string{"apim.url-mappings-of-deleted-apis", "cross-database.tenants-known"} {
		if res := f.run(id); res.Status != verify.StatusError || !strings.Contains(res.Message, "reading the am database") {
			t.Errorf("%s: %s %q, want an error reading the am database", id, res.Status, res.Message)
		}
	}
}

func TestFirstTable(t *testing.T) {
	for query, table := range map[string]string{
		"SELECT A FROM AM_API A WHERE X":                 "AM_API",
		"SELECT COUNT(*) FROM (SELECT 1 FROM REG_LOG) K": "REG_LOG",
		"SELECT 1": "the database",
	} {
		if got := firstTable(query); got != table {
			t.Errorf("firstTable(%q) = %q, want %q", query, got, table)
		}
	}
}
