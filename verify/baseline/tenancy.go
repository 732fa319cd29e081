package baseline

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/apimwatch/apimwatch/discovery"
)

// noTenant keys rows whose tenant column is empty (an AM row the migration left without an
// ORGANIZATION): WSO2 shows them in no tenant, so they count for none.
const noTenant = "(none)"

// tenantNames maps tenant ids to domains: UM_TENANT's rows and the super tenant, which has no
// row there.
type tenantNames struct {
	byID map[int64]string
	// fromUM is false when no UM database is configured: only the super tenant is known.
	fromUM bool
}

// domain is the domain of tenant id, or "tenant-id:<id>" for an id UM does not know.
func (n *tenantNames) domain(id int64) string {
	if d, ok := n.byID[id]; ok {
		return d
	}
	return "tenant-id:" + strconv.FormatInt(id, 10)
}

// tenantNames reads UM_TENANT once per source. Without a UM database only the super tenant
// has a name, and the other ids stay ids.
func (s *source) tenantNames(ctx context.Context) (*tenantNames, error) {
	if s.tenants != nil {
		return s.tenants, nil
	}
	names := &tenantNames{byID: map[int64]string{superTenantID: SuperTenant}}
	if s.env.DB(discovery.RoleUM) != nil {
		names.fromUM = true
		err := s.read(ctx, discovery.RoleUM, func(ctx context.Context, t tx) error {
			var id int64
			var domain string
			err := t.each(ctx, "SELECT UM_ID, UM_DOMAIN_NAME FROM UM_TENANT", nil, []any{&id, &domain},
				func() { names.byID[id] = domain })
			if err != nil {
				return fmt.Errorf("reading UM_TENANT: %w", err)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	s.tenants = names
	return names, nil
}

// tenantKind says what a tenant column holds.
type tenantKind int

const (
	byDomain     tenantKind = iota // a tenant domain (ORGANIZATION)
	byTenantID                     // a tenant id (TENANT_ID, UM_TENANT_ID, REG_TENANT_ID)
	byUserDomain                   // a user name whose @domain suffix is the tenant (3.2's API_PROVIDER)
)

// tenantColumn is the SQL expression a query reads a row's tenant from, and how to read it.
type tenantColumn struct {
	expr string
	kind tenantKind
}

// domain turns the column's value into the tenant's domain.
func (c tenantColumn) domain(v sql.NullString, names *tenantNames) string {
	switch c.kind {
	case byTenantID:
		id, err := strconv.ParseInt(v.String, 10, 64)
		if err != nil {
			return noTenant
		}
		return names.domain(id)
	case byUserDomain:
		if at := strings.LastIndexByte(v.String, '@'); at >= 0 {
			return v.String[at+1:]
		}
		return SuperTenant
	default:
		if v.String == "" {
			return noTenant
		}
		return v.String
	}
}
