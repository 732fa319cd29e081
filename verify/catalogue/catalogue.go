// Package catalogue is apimwatch's built-in catalogue of data-consistency checks on the UM, REG
// and AM databases of a WSO2 API Manager node, one family per file. Every check only reads, in
// read-only transactions, and judges what it finds against what WSO2 needs after an upgrade;
// checks that span two databases join in Go, never in SQL.
package catalogue

import (
	"time"

	"github.com/apimwatch/apimwatch/verify"
)

// Config tunes the built-in checks. The zero value is usable: every field has a default.
type Config struct {
	// QueryTimeout bounds each read-only transaction a check opens (the runner's deadline
	// bounds the whole check). Default 60 s.
	QueryTimeout time.Duration
	// RegLogWarnRows is the REG_LOG size above which registry.reg-log-size warns. Default one
	// million rows.
	RegLogWarnRows int64
	// MaxKeysInMemory caps the keys a cross-database check holds while it joins two databases
	// in Go; a larger side makes the check skip rather than exhaust the agent's memory.
	// Default two million.
	MaxKeysInMemory int
}

func (c Config) withDefaults() Config {
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = 60 * time.Second
	}
	if c.RegLogWarnRows <= 0 {
		c.RegLogWarnRows = 1_000_000
	}
	if c.MaxKeysInMemory <= 0 {
		c.MaxKeysInMemory = 2_000_000
	}
	return c
}

// Builtin returns the built-in checks, configuration first: a wrongly routed registry makes the
// registry findings that follow meaningless, and the report reads best in that order.
func Builtin(cfg Config) []verify.Check {
	cfg = cfg.withDefaults()
	var checks []verify.Check
	for _, family := range [][]verify.Check{
		configurationChecks(cfg),
		schemaChecks(cfg),
		registryChecks(cfg),
		userManagementChecks(cfg),
		apimChecks(cfg),
		crossDatabaseChecks(cfg),
	} {
		checks = append(checks, family...)
	}
	return checks
}
