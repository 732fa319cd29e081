package baseline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/apimwatch/apimwatch/discovery"
)

// tenantSource says where a query reads each row's tenant from.
type tenantSource struct {
	column tenantColumn
	// organizationOf, when set, is the table (aliased alias in the query) whose ORGANIZATION
	// column holds the tenant where the schema has it (4.1+): what WSO2 itself goes by. column
	// serves older schemas.
	organizationOf, alias string
}

// tenancy resolves ts for this environment's schema and, for tenant ids, reads the names to
// map them to. It runs before the family's query, so that no transaction opens inside another.
func (s *source) tenancy(ctx context.Context, role discovery.Role, ts tenantSource) (tenantColumn, *tenantNames, error) {
	column := ts.column
	if ts.organizationOf != "" {
		var has bool
		err := s.read(ctx, role, func(ctx context.Context, t tx) (err error) {
			has, err = t.hasColumn(ctx, ts.organizationOf, "ORGANIZATION")
			return err
		})
		if err != nil {
			return tenantColumn{}, nil, err
		}
		if has {
			column = tenantColumn{ts.alias + ".ORGANIZATION", byDomain}
		}
	}
	if column.kind != byTenantID {
		return column, nil, nil
	}
	names, err := s.tenantNames(ctx)
	return column, names, err
}

// applicationTenant is the tenant of an application A (joined with its subscriber B): its
// ORGANIZATION, or before 4.1 its subscriber's tenant id.
var applicationTenant = tenantSource{
	column:         tenantColumn{"B.TENANT_ID", byTenantID},
	organizationOf: "AM_APPLICATION", alias: "A",
}

// applications is the FROM clause of queries on applications: A joined with its subscriber B.
const applications = "AM_APPLICATION A JOIN AM_SUBSCRIBER B ON B.SUBSCRIBER_ID = A.SUBSCRIBER_ID"

// countQuery counts a family's rows per tenant with one GROUP BY on the server.
type countQuery struct {
	role   discovery.Role
	from   string // tables and joins
	where  string // "" for every row
	tenant tenantSource
}

func (c countQuery) measure(ctx context.Context, s *source) (Figures, error) {
	tenant, names, err := s.tenancy(ctx, c.role, c.tenant)
	if err != nil {
		return Figures{}, err
	}
	counts := map[string]int64{}
	err = s.read(ctx, c.role, func(ctx context.Context, t tx) error {
		query := "SELECT " + tenant.expr + ", COUNT(*) FROM " + c.from + whereClause(c.where) + " GROUP BY " + tenant.expr
		var raw sql.NullString
		var n int64
		if err := t.each(ctx, query, nil, []any{&raw, &n}, func() { counts[tenant.domain(raw, names)] += n }); err != nil {
			return fmt.Errorf("counting %s: %w", c.from, err)
		}
		return nil
	})
	return Figures{ByTenant: counts}, err
}

// listQuery lists a family's items by name: the inventory, and the counts per tenant with it.
type listQuery struct {
	role discovery.Role
	// name lists the columns of an item's name, joined with "/" in its key.
	name   []string
	from   string
	where  string
	tenant tenantSource
}

func (l listQuery) measure(ctx context.Context, s *source) (Figures, error) {
	tenant, names, err := s.tenancy(ctx, l.role, l.tenant)
	if err != nil {
		return Figures{}, err
	}
	counts := map[string]int64{}
	var keys []string
	err = s.read(ctx, l.role, func(ctx context.Context, t tx) error {
		query := "SELECT " + strings.Join(l.name, ", ") + ", " + tenant.expr + " FROM " + l.from + whereClause(l.where)
		cells := make([]sql.NullString, len(l.name)+1)
		dest := make([]any, len(cells))
		for i := range cells {
			dest[i] = &cells[i]
		}
		parts := make([]string, len(l.name))
		err := t.each(ctx, query, nil, dest, func() {
			for i := range parts {
				parts[i] = cells[i].String
			}
			domain := tenant.domain(cells[len(parts)], names)
			counts[domain]++
			keys = append(keys, strings.Join(parts, "/")+"@"+domain)
		})
		if err != nil {
			return fmt.Errorf("listing %s: %w", l.from, err)
		}
		return nil
	})
	return Figures{ByTenant: counts, Inventory: newInventory(keys)}, err
}

// estimateQuery takes the server's row estimate of a whole table: no scan, however big.
type estimateQuery struct {
	role  discovery.Role
	table string
}

func (e estimateQuery) measure(ctx context.Context, s *source) (Figures, error) {
	var n int64
	err := s.read(ctx, e.role, func(ctx context.Context, t tx) error {
		query, args := t.dialect.RowEstimateQuery(e.table)
		err := t.q.QueryRowContext(ctx, query, args...).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return unavailableError{"the database has no " + e.table + " table"}
		}
		if err != nil {
			return fmt.Errorf("estimating the rows of %s: %w", e.table, err)
		}
		return nil
	})
	return Figures{ByTenant: map[string]int64{AllTenants: n}, Estimated: true}, err
}

func whereClause(cond string) string {
	if cond == "" {
		return ""
	}
	return " WHERE " + cond
}
