package baseline

import (
	"fmt"
	"math"
	"slices"

	"github.com/apimwatch/apimwatch/verify"
)

// EstimateTolerance is how far below the earlier estimate a later one may fall before a check
// fails: server row estimates follow statistics that are refreshed now and then (InnoDB's can
// be off by tens of percent), so a small difference says nothing.
const EstimateTolerance = 0.25

// comparison judges one family's figures now against the figures of label (was). Growth is
// fine; a drop in any tenant fails.
type comparison struct {
	f        family
	was, now Figures
	label    string
	limit    int // of samples
}

func (c comparison) result() verify.Result {
	switch {
	case c.was.Inventory != nil && c.now.Inventory != nil:
		return c.inventories()
	case c.was.Estimated:
		return c.estimates()
	default:
		return c.counts()
	}
}

// inventories fails when items of was are missing now, naming them: an item renamed or moved
// to another tenant counts as missing, though the counts match.
func (c comparison) inventories() verify.Result {
	missing := c.was.Inventory.missingFrom(c.now.Inventory)
	wasN, nowN := len(c.was.Inventory.Keys), len(c.now.Inventory.Keys)
	if len(missing) == 0 {
		return verify.Result{Status: verify.StatusPass, Message: fmt.Sprintf("%d %s now, %d in %s", nowN, c.f.noun, wasN, c.label)}
	}
	return verify.Result{
		Status:    verify.StatusFail,
		Offending: int64(len(missing)),
		Samples:   missing[:min(len(missing), c.limit)],
		Message:   fmt.Sprintf("%d of the %d %s in %s are missing now (%d %s now)", len(missing), wasN, c.f.noun, c.label, nowN, c.f.noun),
	}
}

// counts fails when a tenant has fewer rows now, with a sample per such tenant.
func (c comparison) counts() verify.Result {
	var lost int64
	var tenants []string
	for tenant, was := range c.was.ByTenant {
		if c.now.ByTenant[tenant] < was {
			lost += was - c.now.ByTenant[tenant]
			tenants = append(tenants, tenant)
		}
	}
	if lost == 0 {
		return verify.Result{Status: verify.StatusPass, Message: fmt.Sprintf("%d %s now, %d in %s", c.now.Total(), c.f.noun, c.was.Total(), c.label)}
	}
	slices.Sort(tenants)
	var samples []string
	for _, tenant := range tenants[:min(len(tenants), c.limit)] {
		samples = append(samples, fmt.Sprintf("%s: %d now, %d in %s", tenant, c.now.ByTenant[tenant], c.was.ByTenant[tenant], c.label))
	}
	return verify.Result{
		Status:    verify.StatusFail,
		Offending: lost,
		Samples:   samples,
		Message:   fmt.Sprintf("%d %s fewer than in %s, in %s", lost, c.f.noun, c.label, tenantCount(len(tenants))),
	}
}

// estimates compares whole-table estimates, failing only beyond EstimateTolerance.
func (c comparison) estimates() verify.Result {
	wasN, nowN := c.was.Total(), c.now.Total()
	tolerance := int(math.Round(EstimateTolerance * 100))
	figures := fmt.Sprintf("about %d rows now, about %d in %s (server row estimates of the whole table)", nowN, wasN, c.label)
	if float64(nowN) >= float64(wasN)*(1-EstimateTolerance) {
		return verify.Result{Status: verify.StatusPass, Message: fmt.Sprintf("%s: %s, within the %d%% tolerance", c.f.noun, figures, tolerance)}
	}
	return verify.Result{
		Status:    verify.StatusFail,
		Offending: wasN - nowN,
		Samples:   []string{AllTenants + ": " + figures},
		Message:   fmt.Sprintf("%s: %s, a drop beyond the %d%% tolerance", c.f.noun, figures, tolerance),
	}
}

func tenantCount(n int) string {
	if n == 1 {
		return "1 tenant"
	}
	return fmt.Sprintf("%d tenants", n)
}
