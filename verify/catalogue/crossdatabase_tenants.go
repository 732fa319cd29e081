package catalogue

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// The cross-database checks of AM against user management: subscribers and tenants.

// tenantDirectory is UM's tenants: ids and domains (carbon.super, -1234, always exists).
type tenantDirectory struct {
	domainByID map[int64]string
	idByDomain map[string]int64 // lower-case domains
}

const superTenantDomain = "carbon.super"

func readTenants(ctx context.Context, env *verify.Env, cfg Config) (*tenantDirectory, error) {
	dir := &tenantDirectory{
		domainByID: map[int64]string{superTenantID: superTenantDomain},
		idByDomain: map[string]int64{superTenantDomain: superTenantID},
	}
	err := read(ctx, env, cfg, discovery.RoleUM, func(ctx context.Context, t tx) error {
		if err := t.require(ctx, "UM_TENANT", "UM_ID", "UM_DOMAIN_NAME"); err != nil {
			return err
		}
		var id int64
		var domain string
		return t.each(ctx, "SELECT UM_ID, UM_DOMAIN_NAME FROM UM_TENANT", nil, []any{&id, &domain}, func() error {
			dir.domainByID[id] = domain
			dir.idByDomain[strings.ToLower(domain)] = id
			return keyCap(cfg, len(dir.domainByID), "tenants")
		})
	})
	return dir, err
}

// subscriber is an AM_SUBSCRIBER row of the primary user store and the key of its user.
type subscriber struct {
	tenant       int64
	userID, user string
}

// userKey is how a primary-store user is found: tenant and lower-case name, as the JDBC user
// store compares names case-insensitively by default.
func userKey(tenant int64, name string) string {
	return strconv.FormatInt(tenant, 10) + "/" + strings.ToLower(name)
}

// primaryUserName is the UM_USER_NAME a subscriber's USER_ID stands for: without the
// "@<tenant domain>" suffix tenant users carry, and without an explicit "PRIMARY/". ok is
// false for users of secondary user stores ("DOMAIN/name"), which UM_USER does not hold.
func primaryUserName(userID, tenantDomain string) (name string, ok bool) {
	if domain, rest, found := strings.Cut(userID, "/"); found {
		if !strings.EqualFold(domain, "PRIMARY") {
			return "", false
		}
		userID = rest
	}
	suffix := "@" + tenantDomain
	if tenantDomain != "" && len(userID) > len(suffix) && strings.EqualFold(userID[len(userID)-len(suffix):], suffix) {
		userID = userID[:len(userID)-len(suffix)]
	}
	return userID, true
}

func checkSubscribers(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	tenants, err := readTenants(ctx, env, cfg)
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	var subscribers []subscriber
	found := map[string]bool{} // user keys, true once UM_USER has the user
	err = read(ctx, env, cfg, discovery.RoleAM, func(ctx context.Context, t tx) error {
		if err := t.require(ctx, "AM_SUBSCRIBER", "USER_ID", "TENANT_ID"); err != nil {
			return err
		}
		var s subscriber
		return t.each(ctx, "SELECT TENANT_ID, USER_ID FROM AM_SUBSCRIBER ORDER BY TENANT_ID, USER_ID", nil,
			[]any{&s.tenant, &s.userID}, func() error {
				name, primary := primaryUserName(s.userID, tenants.domainByID[s.tenant])
				if !primary {
					return nil
				}
				s.user = userKey(s.tenant, name)
				subscribers = append(subscribers, s)
				found[s.user] = false
				return keyCap(cfg, len(subscribers), "subscribers")
			})
	})
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	users := 0
	err = read(ctx, env, cfg, discovery.RoleUM, func(ctx context.Context, t tx) error {
		if err := t.require(ctx, "UM_USER", "UM_USER_NAME", "UM_TENANT_ID"); err != nil {
			return err
		}
		var tenant int64
		var name string
		return t.each(ctx, "SELECT UM_TENANT_ID, UM_USER_NAME FROM UM_USER", nil, []any{&tenant, &name}, func() error {
			users++
			key := userKey(tenant, name)
			if _, wanted := found[key]; wanted {
				found[key] = true
			}
			return nil
		})
	})
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	if users == 0 {
		return verify.Result{Status: verify.StatusSkip, Message: "UM_USER is empty: the primary user store is not the JDBC one (LDAP or Active Directory?), which this check cannot read"}
	}
	f := newFindings(env)
	for _, s := range subscribers {
		if !found[s.user] {
			f.add(fmt.Sprintf("tenant %d: %s", s.tenant, s.userID))
		}
	}
	return f.result("subscribers of the primary user store have no UM_USER row")
}

// tenantReference is a column of an AM table naming a tenant, by domain or by id.
type tenantReference struct {
	table, column string
	byID          bool
}

// tenantReferences are the AM columns that name tenants: ORGANIZATION holds the tenant domain
// from 4.1 on (3.2 and 4.0 have TENANT_DOMAIN in some tables); a schema without a column
// simply has nothing to check there.
var tenantReferences = []tenantReference{
	{table: "AM_API", column: "ORGANIZATION"},
	{table: "AM_APPLICATION", column: "ORGANIZATION"},
	{table: "AM_KEY_MANAGER", column: "ORGANIZATION"},
	{table: "AM_KEY_MANAGER", column: "TENANT_DOMAIN"},
	{table: "AM_SYSTEM_CONFIGS", column: "ORGANIZATION"},
	{table: "AM_GW_PUBLISHED_API_DETAILS", column: "TENANT_DOMAIN"},
	{table: "AM_SUBSCRIBER", column: "TENANT_ID", byID: true},
}

func checkTenantsKnown(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	tenants, err := readTenants(ctx, env, cfg)
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	f := newFindings(env)
	checked := 0
	err = read(ctx, env, cfg, discovery.RoleAM, func(ctx context.Context, t tx) error {
		for _, ref := range tenantReferences {
			cols, err := t.columns(ctx, ref.table)
			if err != nil {
				return err
			}
			if !cols[ref.column] {
				continue
			}
			checked++
			// Distinct values are as many as the tenants: a grouped read stays small.
			var tenant sql.NullString
			var rows int64
			err = t.each(ctx, "SELECT "+ref.column+", COUNT(*) FROM "+ref.table+" WHERE "+ref.column+" IS NOT NULL GROUP BY "+ref.column+" ORDER BY "+ref.column,
				nil, []any{&tenant, &rows}, func() error {
					if !tenants.known(tenant.String, ref.byID) {
						f.addRows(rows, fmt.Sprintf("%s.%s = %s: %d rows", ref.table, ref.column, tenant.String, rows))
					}
					return nil
				})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && checked == 0 {
		err = skipf("no AM table of this schema names tenants")
	}
	return outcome(f.result("AM rows name a tenant UM does not know"), err)
}

// known says whether UM has the tenant named by value (an id when byID, else a domain).
func (d *tenantDirectory) known(value string, byID bool) bool {
	if !byID {
		_, ok := d.idByDomain[strings.ToLower(value)]
		return ok
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return false
	}
	_, ok := d.domainByID[id]
	return ok
}
