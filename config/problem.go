package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with the configuration, named by its key path
// (`nodes[0].databases.reg.dsn`) and saying what to do about it.
type Problem struct {
	Key     string `json:"key" yaml:"key"`
	Message string `json:"message" yaml:"message"`
	// Warning problems are reported but do not stop the agent or fail `config check`.
	Warning bool `json:"warning,omitempty" yaml:"warning,omitempty"`
}

func (p Problem) String() string {
	level := "error"
	if p.Warning {
		level = "warning"
	}
	if p.Key == "" {
		return level + ": " + p.Message
	}
	return level + ": " + p.Key + ": " + p.Message
}

// Problems is the outcome of one validation pass.
type Problems []Problem

func (ps *Problems) errorf(key, format string, args ...any) {
	*ps = append(*ps, Problem{Key: key, Message: fmt.Sprintf(format, args...)})
}

func (ps *Problems) warnf(key, format string, args ...any) {
	*ps = append(*ps, Problem{Key: key, Message: fmt.Sprintf(format, args...), Warning: true})
}

// Errors are the problems that are not warnings.
func (ps Problems) Errors() Problems {
	var errs Problems
	for _, p := range ps {
		if !p.Warning {
			errs = append(errs, p)
		}
	}
	return errs
}

// Err is nil when no problem is an error, else an error listing every error problem.
func (ps Problems) Err() error {
	errs := ps.Errors()
	if len(errs) == 0 {
		return nil
	}
	lines := make([]string, len(errs))
	for i, p := range errs {
		lines[i] = p.String()
	}
	return fmt.Errorf("invalid configuration:\n  %s", strings.Join(lines, "\n  "))
}
