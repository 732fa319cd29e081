package catalogue

import (
	"context"
	"maps"
	"slices"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// rowRule is a check whose offenders one query on one database finds: most registry,
// user-management and APIM checks.
type rowRule struct {
	family, name, title string
	severity            verify.Severity
	role                discovery.Role
	remediation         string
	// requires lists, per table, the columns the query reads; a schema without them skips.
	requires map[string][]string
	// what completes "<count> ..." in the failure message.
	what  string
	query offenders
	// adapt, when set, refines query to the live schema (a filter on a column older
	// versions lack).
	adapt func(ctx context.Context, t tx, o *offenders) error
}

func (r rowRule) check(cfg Config) verify.Check {
	return verify.Check{
		ID:          r.family + "." + r.name,
		Family:      r.family,
		Title:       r.title,
		Severity:    r.severity,
		Reads:       []discovery.Role{r.role},
		Remediation: r.remediation,
		Run: func(ctx context.Context, env *verify.Env) verify.Result {
			f := newFindings(env)
			err := read(ctx, env, cfg, r.role, func(ctx context.Context, t tx) error {
				// In name order, so that a skip names the same table run after run.
				for _, table := range slices.Sorted(maps.Keys(r.requires)) {
					if err := t.require(ctx, table, r.requires[table]...); err != nil {
						return err
					}
				}
				o := r.query
				if r.adapt != nil {
					if err := r.adapt(ctx, t, &o); err != nil {
						return err
					}
				}
				return t.find(ctx, o, f)
			})
			return outcome(f.result(r.what), err)
		},
	}
}
