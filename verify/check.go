// Package verify holds what every data-consistency check shares: the Check and its Result, the
// environment a check reads (the node's databases, routed as isSeparateRegistryDB says), and the
// runner that executes checks with per-check timeouts. The built-in checks are in
// verify/catalogue, the database access in verify/db.
package verify

import (
	"context"
	"time"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
)

// Severity says how much a failing check matters for the go/no-go.
type Severity int

const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityCritical
)

func (s Severity) String() string {
	switch s {
	case SeverityCritical:
		return "critical"
	case SeverityWarning:
		return "warning"
	default:
		return "info"
	}
}

// Status is a check's outcome. Error means the check could not run (a database down, a
// timeout): it is not a finding about the data.
type Status string

const (
	StatusPass  Status = "pass"
	StatusFail  Status = "fail"
	StatusError Status = "error"
	StatusSkip  Status = "skip"
)

// Families group checks for --only/--skip and for the report.
const (
	FamilyConfiguration  = "configuration"
	FamilySchema         = "schema"
	FamilyRegistry       = "registry"
	FamilyUserManagement = "user-management"
	FamilyAPIM           = "apim"
	FamilyCrossDatabase  = "cross-database"
	FamilyCustom         = "custom"
)

// Check is one data-consistency check.
type Check struct {
	// ID is stable and label-safe, "<family>.<name>", e.g. "registry.orphan-resources".
	ID          string
	Family      string
	Title       string
	Severity    Severity
	Reads       []discovery.Role // the roles it queries (registry checks say RoleREG: routed by Env)
	Remediation string
	// Run does the check. It reads only through env.DB(...).ReadOnly and returns a Result with
	// Status, Offending and Samples set; the runner fills ID, timing and turns a context
	// deadline into StatusError.
	Run func(ctx context.Context, env *Env) Result
}

// Result is what a check found.
type Result struct {
	CheckID string `json:"check_id"`
	Status  Status `json:"status"`
	// Offending counts the rows (APIs, users, resources...) at fault; 0 when it passed.
	Offending int64 `json:"offending"`
	// Samples are up to Env.SampleLimit keys of offending rows (ids, names, paths), never
	// secrets or blobs.
	Samples []string `json:"samples,omitempty"`
	// Message explains a failure, an error or a skip in one sentence.
	Message  string        `json:"message,omitempty"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
}

// Env is what checks read: the node's databases and facts from its configuration.
type Env struct {
	// Databases by role. UM and REG may be the same database.
	Databases map[discovery.Role]*db.DB
	// SeparateRegistryDB is isSeparateRegistryDB: registry queries go to REG when true, to the
	// shared (UM) database when false, as the migration client does.
	SeparateRegistryDB bool
	// SeparateRegistryKnown is false when isSeparateRegistryDB was neither configured nor found.
	SeparateRegistryKnown bool
	// TargetVersion is the product version the node runs ("4.2.0"); "" when unknown.
	TargetVersion string
	// GatewayEnvironments are the [[apim.gateway.environment]] names of deployment.toml.
	GatewayEnvironments []string
	// ReIndexing is [indexing] re_indexing of deployment.toml, nil when absent.
	ReIndexing *int
	// SampleLimit bounds Result.Samples (default 10).
	SampleLimit int
	// Exact counts huge tables exactly instead of using the server's row estimates.
	Exact bool
}

// DB returns the database a check of role r must query: for RoleREG, the REG database when
// the registry is separate and the shared (UM) database when not. nil when not configured.
func (e *Env) DB(r discovery.Role) *db.DB {
	if r == discovery.RoleREG && !e.SeparateRegistryDB {
		return e.Databases[discovery.RoleUM]
	}
	return e.Databases[r]
}
