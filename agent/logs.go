package agent

import (
	"regexp"
	"strings"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/logparse"
	"github.com/apimwatch/apimwatch/logwatch"
)

// applyLogs follows the nodes' log files as the configuration says, or stops following them
// when logs.enabled is false.
func (a *Agent) applyLogs(cfg *config.Config, nodes []config.Node) {
	// Before Apply, so that at start the tailers read no record before the cutover is known
	// (the counts since it are then exact), and whether logs are on or not, so that the
	// status page can take the cutover from the counts (see Status).
	a.logs.SetCutover(cfg.CutoverTime())
	if !cfg.Logs.Enabled {
		a.logs.Stop()
		return
	}
	a.logs.Apply(logOptions(cfg.Logs), logNodes(nodes))
}

// logOptions turns the validated logs.* settings into logwatch's.
func logOptions(l config.LogsConfig) logwatch.Options {
	loc, err := time.LoadLocation(l.Timezone)
	if err != nil { // validation already refused it; keep the zero value meaning Local
		loc = time.Local
	}
	rules := make([]logwatch.Rule, len(l.Rules))
	for i, r := range l.Rules {
		rules[i] = logwatch.Rule{
			ID: r.ID, Title: r.Title, Remediation: r.Remediation,
			Levels: levels(r.Levels), Logger: optionalRegexp(r.Logger),
			Message: optionalRegexp(r.Message), Exception: optionalRegexp(r.Exception),
		}
	}
	return logwatch.Options{
		StateDir: l.StateDir, FromStart: l.FromStart, MaxLineBytes: l.MaxLineBytes,
		PollInterval: l.PollInterval, IdleClose: l.IdleClose, Location: loc,
		MaxExceptionClasses: l.MaxExceptionClasses, RecentErrors: l.RecentErrors, Rules: rules,
	}
}

func logNodes(nodes []config.Node) []logwatch.Node {
	out := make([]logwatch.Node, len(nodes))
	for i, n := range nodes {
		files := make([]logwatch.File, len(n.LogFiles))
		for j, f := range n.LogFiles {
			files[j] = logwatch.File{Path: f.Path, Layout: f.Layout}
		}
		out[i] = logwatch.Node{Name: n.Name, Files: files}
	}
	return out
}

// optionalRegexp compiles an expression validation has accepted; "" means "any".
func optionalRegexp(expr string) *regexp.Regexp {
	if expr == "" {
		return nil
	}
	return regexp.MustCompile(expr)
}

func levels(names []string) []logparse.Level {
	out := make([]logparse.Level, 0, len(names))
	for _, name := range names {
		for l := logparse.LevelTrace; l <= logparse.LevelFatal; l++ {
			if strings.EqualFold(l.String(), name) {
				out = append(out, l)
			}
		}
	}
	return out
}
