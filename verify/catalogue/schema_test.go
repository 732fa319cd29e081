package catalogue

import (
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

func TestSchemaConformance(t *testing.T) {
	eachNode(t, func(f *fixture) {
		res := f.run("schema.conformance")
		want(f.t, res, verify.StatusPass, 0)

		// A 4.2 schema is short of what 4.4 adds.
		f.env.TargetVersion = "4.4.0"
		res = f.run("schema.conformance")
		want(f.t, res, verify.StatusFail, 2, "AM_API.API_SUBTYPE", "AM_API.IS_EGRESS")
		if !strings.Contains(res.Message, "satisfies the manifests up to 4.3") {
			f.t.Errorf("message %q should name the newest manifest satisfied", res.Message)
		}

		// Unknown target: the newest manifest satisfied is reported, nothing judged.
		f.env.TargetVersion = ""
		res = f.run("schema.conformance")
		want(f.t, res, verify.StatusSkip, 0)
		if !strings.Contains(res.Message, "up to 4.3") {
			f.t.Errorf("message %q should name the newest manifest satisfied", res.Message)
		}

		// A column missing from the UM database (REG's in the shared layout) is found too.
		f.env.TargetVersion = "4.2.0"
		f.exec(discovery.RoleUM, "ALTER TABLE UM_TENANT DROP COLUMN UM_ACTIVE")
		want(f.t, f.run("schema.conformance"), verify.StatusFail, 1, "UM_TENANT.UM_ACTIVE")
	})
}

// A 3.2 AM schema, migration scripts not applied, fails the 4.2 manifest with the missing
// columns and tables as samples (the first ten, in manifest order).
func TestSchemaConformanceUnmigrated(t *testing.T) {
	for vendor, srv := range testdb.Servers(t) {
		t.Run(vendor, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, srv, testdb.Separate, true)
			want(t, f.run("schema.conformance"), verify.StatusPass, 0)

			f.env.TargetVersion = "4.2.0"
			res := f.run("schema.conformance")
			want(t, res, verify.StatusFail, 15, "AM_APPLICATION.ORGANIZATION", "AM_API.API_UUID", "AM_API.STATUS",
				"AM_API.REVISIONS_CREATED", "AM_API.ORGANIZATION", "AM_API.GATEWAY_VENDOR", "AM_API.LOG_LEVEL",
				"AM_API.VERSION_COMPARABLE", "AM_API_URL_MAPPING.REVISION_UUID", "AM_KEY_MANAGER.ORGANIZATION")
			if !strings.Contains(res.Message, "satisfies the manifests up to 3.2") {
				t.Errorf("message %q should say the schema is 3.2's", res.Message)
			}
		})
	}
}

// Registry routed to the UM database of a separate layout: the REG tables are missing there.
func TestSchemaConformanceMisrouted(t *testing.T) {
	f := newFixture(t, testdb.MariaDB(t), testdb.Separate, false)
	f.env.SeparateRegistryDB = false
	want(t, f.run("schema.conformance"), verify.StatusFail, 7,
		"REG_PATH", "REG_CONTENT", "REG_RESOURCE", "REG_PROPERTY", "REG_RESOURCE_PROPERTY", "REG_ASSOCIATION", "REG_LOG")
}

func TestManifest(t *testing.T) {
	if _, err := parseManifest("um UM_USER UM_ID\n"); err == nil {
		t.Error("a line without ':' should not parse")
	}
	if _, err := parseManifest("am AM_API: API_UUID@four\n"); err == nil {
		t.Error("a bad version should not parse")
	}
	for target, manifest := range map[string]string{"4.2.0": "4.2", "4.7.1": "4.6", "4.0.0-m1": "4.0", "3.2.0": "3.2"} {
		if v, ok := targetManifest(target); !ok || v.String() != manifest {
			t.Errorf("target %s: manifest %v %t, want %s", target, v, ok, manifest)
		}
	}
	for _, target := range []string{"", "2.6.0", "four"} {
		if v, ok := targetManifest(target); ok {
			t.Errorf("target %q: manifest %v, want none", target, v)
		}
	}
}
