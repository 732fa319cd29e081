package baseline_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/baseline"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

func TestCaptureCountsEveryFamilyPerTenant(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *testdb.Server) {
		for _, layout := range []testdb.Layout{testdb.Shared, testdb.Separate} {
			t.Run(layout.String(), func(t *testing.T) {
				n := newWorld(t, srv, layout, false)
				snap, err := baseline.Capture(t.Context(), n.env, baseline.CaptureOptions{Exact: true})
				if err != nil {
					t.Fatal(err)
				}
				if snap.Format != baseline.Format || snap.TakenAt.IsZero() || snap.ProductVersion != "4.2.0" {
					t.Errorf("format %q, taken at %v, version %q", snap.Format, snap.TakenAt, snap.ProductVersion)
				}
				assertWorld(t, snap)
			})
		}
	})
}

// A 3.2 schema has no ORGANIZATION: the tenant comes from the provider's @domain and the
// subscriber's tenant id, and the figures are those of the same world in 4.2.
func TestCaptureReadsThe32Schema(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *testdb.Server) {
		n := newWorld(t, srv, testdb.Shared, true)
		snap, err := baseline.Capture(t.Context(), n.env, baseline.CaptureOptions{Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		assertWorld(t, snap)
	})
}

// assertWorld compares every family of snap with the planted world's figures.
func assertWorld(t *testing.T, snap *baseline.Snapshot) {
	t.Helper()
	if got := slices.Sorted(maps.Keys(snap.Families)); !slices.Equal(got, slices.Sorted(maps.Keys(wantCounts))) {
		t.Errorf("families %v, want %v", got, slices.Sorted(maps.Keys(wantCounts)))
	}
	for family, want := range wantCounts {
		f := snap.Families[family]
		if f.Unavailable != "" || f.Estimated {
			t.Errorf("%s: unavailable %q, estimated %v", family, f.Unavailable, f.Estimated)
		}
		if !maps.Equal(f.ByTenant, want) {
			t.Errorf("%s: %v, want %v", family, f.ByTenant, want)
		}
		wantKeys, listed := wantInventories[family]
		switch {
		case !listed && f.Inventory != nil:
			t.Errorf("%s has an inventory: %v", family, f.Inventory.Keys)
		case listed && (f.Inventory == nil || !slices.Equal(f.Inventory.Keys, wantKeys)):
			t.Errorf("%s inventory: %+v, want %v", family, f.Inventory, wantKeys)
		case listed && len(f.Inventory.SHA256) != 64:
			t.Errorf("%s digest %q", family, f.Inventory.SHA256)
		}
	}
}

// Without Exact, the token table is not scanned: the figure is the server's estimate of the
// whole table, flagged so.
func TestCaptureEstimatesActiveTokens(t *testing.T) {
	forEachServer(t, func(t *testing.T, srv *testdb.Server) {
		n := newWorld(t, srv, testdb.Shared, false)
		snap, err := baseline.Capture(t.Context(), n.env, baseline.CaptureOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tokens := snap.Families[baseline.FamilyActiveTokens]
		if !tokens.Estimated || len(tokens.ByTenant) != 1 {
			t.Fatalf("active tokens %+v, want one estimate for all tenants", tokens)
		}
		if n, ok := tokens.ByTenant[baseline.AllTenants]; !ok || n < 0 || n > 4 {
			t.Errorf("estimate %v (ok %v), want 0..4 rows for all tenants", n, ok)
		}
		for family, f := range snap.Families {
			if family != baseline.FamilyActiveTokens && f.Estimated {
				t.Errorf("%s is flagged as an estimate", family)
			}
		}
	})
}

// A family whose database is not configured is recorded as unavailable, with the reason;
// the others are captured.
func TestCaptureRecordsAnUnavailableFamily(t *testing.T) {
	srv := testdb.Postgres(t)
	n := newWorld(t, srv, testdb.Separate, false)
	configs := maps.Clone(n.Configs)
	delete(configs, "reg")
	separate := true
	env, err := verify.OpenEnv(config.Node{Databases: configs, IsSeparateRegistryDB: &separate}, db.Options{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Close() })
	snap, err := baseline.Capture(t.Context(), env, baseline.CaptureOptions{Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Families[baseline.FamilyRegistryAPIArtifacts]; got.Unavailable != "no reg database is configured" || got.ByTenant != nil {
		t.Errorf("registry artifacts %+v, want unavailable: no reg database", got)
	}
	if got := snap.Families[baseline.FamilyAPIs].Total(); got != 5 {
		t.Errorf("APIs %d, want 5", got)
	}
}
