package baseline

import (
	"database/sql"
	"slices"
	"testing"

	"github.com/apimwatch/apimwatch/verify"
)

var users = family{id: FamilyUsers, noun: "users"}

func TestMissingFromKeepsDuplicatesAndOrder(t *testing.T) {
	was := newInventory([]string{"c", "a", "b", "a"})
	now := newInventory([]string{"d", "a", "c"})
	if got := was.missingFrom(now); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("missing %q, want [a b]", got)
	}
	if got := was.missingFrom(newInventory([]string{"a", "a", "b", "c", "e"})); got != nil {
		t.Errorf("missing %q from a larger inventory", got)
	}
}

func TestCountsNameEachTenantThatLostRows(t *testing.T) {
	c := comparison{
		f:     users,
		was:   Figures{ByTenant: map[string]int64{"carbon.super": 5, "wso2.com": 2, "acme.org": 1, "b.io": 3}},
		now:   Figures{ByTenant: map[string]int64{"carbon.super": 9, "wso2.com": 1, "b.io": 1}},
		label: "the old environment", limit: 2,
	}
	r := c.result()
	want := []string{"acme.org: 0 now, 1 in the old environment", "b.io: 1 now, 3 in the old environment"}
	if r.Status != verify.StatusFail || r.Offending != 4 || !slices.Equal(r.Samples, want) ||
		r.Message != "4 users fewer than in the old environment, in 3 tenants" {
		t.Errorf("%s, %d offending, %q, %q", r.Status, r.Offending, r.Samples, r.Message)
	}
}

func TestEstimatesFailOnlyBeyondTheTolerance(t *testing.T) {
	for now, want := range map[int64]verify.Status{100: verify.StatusPass, 75: verify.StatusPass, 74: verify.StatusFail, 200: verify.StatusPass} {
		c := comparison{
			f:   family{noun: "active access tokens"},
			was: Figures{ByTenant: map[string]int64{AllTenants: 100}, Estimated: true},
			now: Figures{ByTenant: map[string]int64{AllTenants: now}, Estimated: true}, label: "x", limit: 10,
		}
		if r := c.result(); r.Status != want || (want == verify.StatusFail && r.Offending != 100-now) {
			t.Errorf("100 then %d: %s, %d offending (%s); want %s", now, r.Status, r.Offending, r.Message, want)
		}
	}
}

func TestTenantColumnDomains(t *testing.T) {
	names := &tenantNames{byID: map[int64]string{superTenantID: SuperTenant, 1: "wso2.com"}}
	for _, tc := range []struct {
		kind  tenantKind
		value sql.NullString
		want  string
	}{
		{byDomain, sql.NullString{String: "wso2.com", Valid: true}, "wso2.com"},
		{byDomain, sql.NullString{}, noTenant},
		{byTenantID, sql.NullString{String: "-1234", Valid: true}, SuperTenant},
		{byTenantID, sql.NullString{String: "1", Valid: true}, "wso2.com"},
		{byTenantID, sql.NullString{String: "7", Valid: true}, "tenant-id:7"},
		{byTenantID, sql.NullString{}, noTenant},
		{byUserDomain, sql.NullString{String: "admin", Valid: true}, SuperTenant},
		{byUserDomain, sql.NullString{String: "admin@wso2.com", Valid: true}, "wso2.com"},
		{byUserDomain, sql.NullString{String: "john@gmail.com@wso2.com", Valid: true}, "wso2.com"},
	} {
		if got := (tenantColumn{kind: tc.kind}).domain(tc.value, names); got != tc.want {
			t.Errorf("kind %d, %q: %q, want %q", tc.kind, tc.value.String, got, tc.want)
		}
	}
}
