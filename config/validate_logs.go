package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/apimwatch/apimwatch/logparse"
)

// DefaultStateDir is where checkpoints go when logs.state_dir is not set: systemd's
// StateDirectory= when the unit has one, else /var/lib/apimwatch.
func DefaultStateDir() string {
	if dir := os.Getenv("STATE_DIRECTORY"); dir != "" {
		return strings.Split(dir, ":")[0]
	}
	return "/var/lib/apimwatch"
}

// ruleID is what a site's rule may be called: a label value that cannot be taken for one of
// the built-in signatures (F1 to F18).
var (
	ruleID = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,39}$`)
	// ruleLevels are the levels classified: INFO and below are counted, never classified.
	ruleLevels   = []string{"WARN", "ERROR", "FATAL"}
	reservedIDs  = []string{"none", "other"}
	maxLineLimit = 16 << 20
)

func (l *LogsConfig) validate(ps *Problems) {
	if l.MaxLineBytes < 1024 || l.MaxLineBytes > maxLineLimit {
		ps.errorf("logs.max_line_bytes", "%d is out of range; use 1024 to %d (default 65536)", l.MaxLineBytes, maxLineLimit)
	}
	for _, d := range []struct {
		key   string
		value time.Duration
		max   time.Duration
	}{{"logs.poll_interval", l.PollInterval, 10 * time.Second}, {"logs.idle_close", l.IdleClose, time.Minute}} {
		if d.value <= 0 || d.value > d.max {
			ps.errorf(d.key, "%s is out of range; use a duration above 0 and at most %s", d.value, d.max)
		}
	}
	if _, err := time.LoadLocation(l.Timezone); err != nil {
		ps.errorf("logs.timezone", "%q is not a time zone; use Local, UTC or an IANA name such as Asia/Colombo", l.Timezone)
	}
	if l.MaxExceptionClasses < 1 || l.MaxExceptionClasses > 1000 {
		ps.errorf("logs.max_exception_classes", "%d is out of range; use 1 to 1000 (each class is a series)", l.MaxExceptionClasses)
	}
	if l.RecentErrors < 0 || l.RecentErrors > 1000 {
		ps.errorf("logs.recent_errors", "%d is out of range; use 0 to 1000", l.RecentErrors)
	}
	if l.StateDir == "" {
		l.StateDir = DefaultStateDir()
	}
	if !filepath.IsAbs(l.StateDir) {
		ps.errorf("logs.state_dir", "%q must be an absolute path", l.StateDir)
	} else if l.Enabled {
		if err := writableOrCreatable(l.StateDir); err != nil {
			ps.warnf("logs.state_dir", "%s: %v; read positions are not kept, and a restart starts at the end of each file; give a writable directory", l.StateDir, err)
		}
	}
	ids := map[string]bool{}
	for i := range l.Rules {
		l.Rules[i].validate(fmt.Sprintf("logs.rules[%d]", i), ids, ps)
	}
}

func (r *LogRuleConfig) validate(key string, ids map[string]bool, ps *Problems) {
	switch {
	case !ruleID.MatchString(r.ID):
		ps.errorf(key+".id", "%q is not a rule id; use lower-case letters, digits, '-' and '_', starting with a letter (F1-F18 are the built-in signatures)", r.ID)
	case slices.Contains(reservedIDs, r.ID):
		ps.errorf(key+".id", "%q is reserved (it is the signature label of unclassified records or of the overflow); choose another id", r.ID)
	case ids[r.ID]:
		ps.errorf(key+".id", "%q is the id of another rule; give each rule its own", r.ID)
	}
	ids[r.ID] = true
	if r.Logger == "" && r.Message == "" && r.Exception == "" {
		ps.errorf(key, "matches nothing; give at least one of logger, message, exception (regular expressions)")
	}
	for _, field := range []struct{ name, expr string }{{"logger", r.Logger}, {"message", r.Message}, {"exception", r.Exception}} {
		if _, err := regexp.Compile(field.expr); err != nil {
			ps.errorf(key+"."+field.name, "is not a regular expression (Go RE2 syntax): %v", err)
		}
	}
	if len(r.Levels) == 0 {
		r.Levels = []string{"WARN", "ERROR", "FATAL"}
	}
	for i, level := range r.Levels {
		r.Levels[i] = strings.ToUpper(level)
		if !slices.Contains(ruleLevels, r.Levels[i]) {
			ps.errorf(fmt.Sprintf("%s.levels[%d]", key, i), "%q cannot be matched: only %s records are classified", level, strings.Join(ruleLevels, ", "))
		}
	}
}

func (f LogFileConfig) validate(key string, ps *Problems) {
	if !filepath.IsAbs(f.Path) {
		ps.errorf(key+".path", "%q must be an absolute path (a glob such as /opt/wso2am/repository/logs/*.log is fine)", f.Path)
	} else if _, err := filepath.Match(f.Path, ""); err != nil {
		ps.errorf(key+".path", "%q is not a valid glob: %v", f.Path, err)
	}
	if f.Layout != "" {
		if _, err := logparse.Compile(f.Layout); err != nil {
			ps.errorf(key+".layout", "is not a log4j2 PatternLayout apimwatch can parse: %v", err)
		}
	}
}

// writableOrCreatable checks, without creating anything (config check must not), that dir is a
// writable directory or could be created as one.
func writableOrCreatable(dir string) error {
	for path := dir; ; path = filepath.Dir(path) {
		info, err := os.Stat(path)
		switch {
		case err == nil && !info.IsDir():
			return fmt.Errorf("%s is not a directory", path)
		case err == nil:
			if unix.Access(path, unix.W_OK) != nil {
				return fmt.Errorf("%s is not writable by this user", path)
			}
			return nil
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("cannot be checked: %w", unwrapPathError(err))
		case path == filepath.Dir(path):
			return errors.New("no parent directory exists")
		}
	}
}
