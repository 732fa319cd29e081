package verify

import (
	"errors"
	"fmt"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
)

// DefaultSampleLimit bounds the samples of a result when none is configured.
const DefaultSampleLimit = 10

// OpenEnv prepares the environment checks read for node n: its databases (roles that resolve
// to the same database share one pool, so UM and REG in a shared database cost two connections,
// not four) and the facts of its configuration. Nothing connects yet.
func OpenEnv(n config.Node, opts db.Options, sampleLimit int) (*Env, error) {
	env := &Env{
		Databases:           map[discovery.Role]*db.DB{},
		TargetVersion:       n.ProductVersion,
		GatewayEnvironments: n.GatewayEnvironments,
		SampleLimit:         sampleLimit,
	}
	if env.SampleLimit <= 0 {
		env.SampleLimit = DefaultSampleLimit
	}
	if n.IsSeparateRegistryDB != nil {
		env.SeparateRegistryDB, env.SeparateRegistryKnown = *n.IsSeparateRegistryDB, true
	}
	if n.Home != nil {
		env.ReIndexing = n.Home.ReIndexing
	}
	opened := map[string]*db.DB{}
	for _, role := range []discovery.Role{discovery.RoleUM, discovery.RoleREG, discovery.RoleAM} {
		d, ok := n.Databases[role]
		if !ok || d.Driver == "" {
			continue
		}
		key := d.Driver + "\x00" + d.DSN.Reveal()
		if shared, ok := opened[key]; ok {
			env.Databases[role] = shared
			continue
		}
		handle, err := db.Open(role, d, opts)
		if err != nil {
			_ = env.Close()
			return nil, fmt.Errorf("opening the %s database: %w", role, err)
		}
		opened[key], env.Databases[role] = handle, handle
	}
	return env, nil
}

// Close closes every database of the environment once.
func (e *Env) Close() error {
	closed := map[*db.DB]bool{}
	var errs []error
	for _, d := range e.Databases {
		if !closed[d] {
			closed[d] = true
			errs = append(errs, d.Close())
		}
	}
	return errors.Join(errs...)
}

// SameDatabase tells whether two configured roles resolve to one database (the shared UM/REG
// layout): one handle, or two with the same (redacted) DSN.
func (e *Env) SameDatabase(a, b discovery.Role) bool {
	first, second := e.Databases[a], e.Databases[b]
	return first != nil && second != nil && (first == second || first.Name() == second.Name())
}
