package catalogue

import (
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// isSeparateRegistryDB true and false against both layouts: only a separate layout read with
// false is misrouted, and there the registry checks find no registry on the UM database.
func TestRegistryRouting(t *testing.T) {
	for vendor, srv := range testdb.Servers(t) {
		for _, layout := range layouts {
			for _, separateRegistryDB := range []bool{false, true} {
				t.Run(vendor+"/"+layout.String()+"/"+map[bool]string{false: "false", true: "true"}[separateRegistryDB], func(t *testing.T) {
					t.Parallel()
					f := newFixture(t, srv, layout, false)
					f.env.SeparateRegistryDB = separateRegistryDB
					misrouted := layout == testdb.Separate && !separateRegistryDB
					um, reg := f.env.Databases[discovery.RoleUM].Name(), f.env.Databases[discovery.RoleREG].Name()

					routing, data := f.run("configuration.registry-routing"), f.run("configuration.registry-data-misrouted")
					if !misrouted {
						want(t, routing, verify.StatusPass, 0)
						want(t, data, verify.StatusPass, 0)
						want(t, f.run("registry.orphan-resources"), verify.StatusPass, 0)
						return
					}
					want(t, routing, verify.StatusFail, 1, "um: "+um, "reg: "+reg)
					want(t, data, verify.StatusFail, 1,
						"registry queries go to um ("+um+"): no REG_RESOURCE rows", "reg ("+reg+") holds the registry")
					for _, id := range []string{"registry.orphan-resources", "registry.reg-log-size", "cross-database.api-artifacts"} {
						res := f.run(id)
						if res.Status != verify.StatusSkip || !strings.Contains(res.Message, "no REG_") {
							t.Errorf("%s on the UM database: %s %q, want a skip for the missing registry tables", id, res.Status, res.Message)
						}
					}
				})
			}
		}
	}
}

func TestRegistryRoutingDeclared(t *testing.T) {
	for vendor, srv := range testdb.Servers(t) {
		t.Run(vendor, func(t *testing.T) {
			t.Parallel()
			separate := newFixture(t, srv, testdb.Separate, false)
			separate.env.SeparateRegistryDB, separate.env.SeparateRegistryKnown = false, false
			um, reg := separate.env.Databases[discovery.RoleUM].Name(), separate.env.Databases[discovery.RoleREG].Name()
			want(t, separate.run("configuration.registry-routing-declared"), verify.StatusFail, 1, "um: "+um, "reg: "+reg)
			want(t, separate.run("configuration.registry-routing"), verify.StatusSkip, 0)

			shared := newFixture(t, srv, testdb.Shared, false)
			shared.env.SeparateRegistryKnown = false
			want(t, shared.run("configuration.registry-routing-declared"), verify.StatusPass, 0)
		})
	}
}

func TestGatewayEnvironments(t *testing.T) {
	eachVendor(t, func(f *fixture) {
		// 3.2's environment name, deployed twice, and no gateway configured for it.
		f.insert(discovery.RoleAM, "AM_DEPLOYMENT_REVISION_MAPPING", "NAME, VHOST, REVISION_UUID",
			[]any{"Production and Sandbox", "localhost", revPizza1}, []any{"Production and Sandbox", "localhost", revTenant})
		want(f.t, f.run("configuration.gateway-environments"), verify.StatusFail, 2, "Production and Sandbox (2 deployments)")

		f.env.GatewayEnvironments = append(f.env.GatewayEnvironments, "Production and Sandbox")
		want(f.t, f.run("configuration.gateway-environments"), verify.StatusPass, 0)

		f.env.GatewayEnvironments = nil
		want(f.t, f.run("configuration.gateway-environments"), verify.StatusSkip, 0)
	})
}

func TestReindex(t *testing.T) {
	env := &verify.Env{}
	res := checkReindex(t.Context(), env)
	want(t, res, verify.StatusFail, 1, "[indexing] re_indexing: absent")

	two := 2
	env.ReIndexing = &two
	res = checkReindex(t.Context(), env)
	want(t, res, verify.StatusPass, 0)
	if !strings.Contains(res.Message, "re_indexing = 2") || !strings.Contains(res.Message, "cannot see the pre-migration value") {
		t.Errorf("message %q should give the value and say it cannot be compared", res.Message)
	}
}
