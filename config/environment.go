package config

import (
	"fmt"
	"maps"
	"slices"

	"github.com/apimwatch/apimwatch/discovery"
)

// OtherEnvironment resolves environments.<name> into a node with only databases (nothing is
// discovered: the other environment's files are not on this host).
func (c *Config) OtherEnvironment(name string) (Node, Problems) {
	var ps Problems
	env, ok := c.Environments[name]
	if !ok {
		known := slices.Sorted(maps.Keys(c.Environments))
		ps.errorf("environments", "has no environment %q (configured: %v); add environments.%s with its databases", name, known, name)
		return Node{}, ps
	}
	key := "environments." + name
	n := Node{Name: name, ProductVersion: env.ProductVersion, IsSeparateRegistryDB: env.IsSeparateRegistryDB,
		Databases: map[discovery.Role]Database{}, Sources: map[string]string{}}
	for role, dc := range env.Databases {
		n.Databases[discovery.Role(role)] = c.configuredDatabase(fmt.Sprintf("%s.databases.%s", key, role), dc, discovery.Datasource{}, false, &ps)
	}
	return n, ps
}
