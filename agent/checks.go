package agent

import (
	"time"

	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/catalogue"
)

// firstCheckRunDelay lets the agent come up (and its first scrape happen) before the checks
// start reading the databases.
const firstCheckRunDelay = 30 * time.Second

// Checks returns the checks verify.* configures: the built-in catalogue and the site's
// custom checks, less verify.skip. The daemon and `apimwatch verify` run the same list.
func Checks(v config.VerifyConfig, only, skip []string) ([]verify.Check, error) {
	all := append(catalogue.Builtin(catalogue.Config{QueryTimeout: v.Timeout}), verify.CustomChecks(v.CustomChecks, v.Timeout)...)
	return verify.Select(all, only, append(append([]string(nil), v.Skip...), skip...))
}

// applyChecks schedules the checks as verify.* says, or stops them when verify.enabled is false.
func (a *Agent) applyChecks(cfg *config.Config, nodes []config.Node) {
	a.applyChecksAfter(cfg, nodes, firstCheckRunDelay)
}

// ScheduleChecksAfter schedules the checks of nodes (those of the configuration in use) again,
// the first run delay from now instead of the daemon's 30 s: `apimwatch demo`'s databases are
// ready at once, and a demo should not keep its user waiting. A reload goes back to 30 s.
func (a *Agent) ScheduleChecksAfter(nodes []config.Node, delay time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.applyChecksAfter(a.current, nodes, delay)
}

func (a *Agent) applyChecksAfter(cfg *config.Config, nodes []config.Node, firstRunDelay time.Duration) {
	if !cfg.Verify.Enabled {
		a.checks.Apply(nil, verify.Schedule{}) // stops the runs and drops their results
		return
	}
	checks, err := Checks(cfg.Verify, nil, nil)
	if err != nil {
		a.logger.Error("verify.skip names an unknown check; the checks do not run", zap.Error(err))
		a.checks.Apply(nil, verify.Schedule{})
		return
	}
	a.checks.SetChecks(checks)
	a.checks.Apply(nodes, verify.Schedule{
		Interval: cfg.Verify.Interval, Timeout: cfg.Verify.Timeout,
		SampleLimit: cfg.Verify.SampleLimit, FirstRunDelay: firstRunDelay,
	})
}
