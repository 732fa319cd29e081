// Package baseline guards against the data a migration can lose without an error: it records
// counts per table family and tenant, and the inventories of APIs and applications, before the
// migration (or from the old environment), and its checks compare the new environment with
// that record. It only reads, like every check.
package baseline

import "time"

// Format names the snapshot file layout; Load refuses any other. Bump its version when a
// change would make an older reader misjudge a newer file.
const Format = "apimwatch-baseline/1"

// formatPrefix is what every snapshot format starts with, so that Load can tell "a snapshot
// of another version" from "not a snapshot at all".
const formatPrefix = "apimwatch-baseline/"

// FamilyBaseline is the check family of the baseline checks.
const FamilyBaseline = "baseline"

// SuperTenant is the super tenant's domain. Its id, -1234, has no UM_TENANT row.
const (
	SuperTenant   = "carbon.super"
	superTenantID = -1234
)

// AllTenants keys a figure that covers every tenant: the server's row estimate of a whole
// table, which cannot be split by tenant.
const AllTenants = "*"

// Snapshot is what a capture recorded about one environment.
type Snapshot struct {
	Format  string    `json:"format"`
	TakenAt time.Time `json:"taken_at"`
	// ProductVersion is the version the node runs ("3.2.0"), "" when unknown.
	ProductVersion string `json:"product_version,omitempty"`
	// Families holds the figures of each family (FamilyAPIs, FamilyUsers...).
	Families map[string]Figures `json:"families"`
}

// Figures are one family's counts.
type Figures struct {
	// ByTenant counts rows per tenant domain (AllTenants for an estimate). A tenant id no
	// UM_TENANT row names is keyed "tenant-id:<id>".
	ByTenant map[string]int64 `json:"by_tenant"`
	// Estimated says ByTenant holds the server's row estimate of the whole table (all rows,
	// not only those the family counts) instead of an exact count.
	Estimated bool `json:"estimated,omitempty"`
	// Inventory names every item of the family (APIs, API products, applications, tenants).
	Inventory *Inventory `json:"inventory,omitempty"`
	// Unavailable says why the family could not be captured (no such table, database not
	// configured); the other fields are then empty.
	Unavailable string `json:"unavailable,omitempty"`
}

// Total is the sum over tenants.
func (f Figures) Total() int64 {
	var n int64
	for _, c := range f.ByTenant {
		n += c
	}
	return n
}

// Label says what the snapshot is in messages: "the baseline taken 2026-11-20T10:00Z".
func (s *Snapshot) Label() string {
	return "the baseline taken " + s.TakenAt.UTC().Format("2006-01-02T15:04Z")
}
