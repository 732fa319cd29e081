package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apimwatch/apimwatch/verify/readonlysql"
)

// Severities are the values of verify.fail_on, lowest first.
var Severities = []string{"info", "warning", "critical"}

func (v *VerifyConfig) validate(ps *Problems) {
	if v.Interval < time.Minute || v.Interval > 24*time.Hour {
		ps.errorf("verify.interval", "%s is out of range; use 1m to 24h (the checks read whole tables: not too often)", v.Interval)
	}
	if v.Timeout < time.Second || v.Timeout > time.Hour {
		ps.errorf("verify.timeout", "%s is out of range; use 1s to 1h", v.Timeout)
	}
	if v.SampleLimit < 0 || v.SampleLimit > 1000 {
		ps.errorf("verify.sample_limit", "%d is out of range; use 0 to 1000", v.SampleLimit)
	}
	if !slices.Contains(Severities, v.FailOn) {
		ps.errorf("verify.fail_on", "%q is not a severity; use critical, warning or info", v.FailOn)
	}
	ids := map[string]bool{}
	for i := range v.CustomChecks {
		v.CustomChecks[i].validate(fmt.Sprintf("verify.custom_checks[%d]", i), ids, ps)
	}
}

// comparisons are the operators of an `expect: value` custom check.
var comparisons = []string{"<", "<=", "==", "!=", ">=", ">"}

func (c *CustomCheckConfig) validate(key string, ids map[string]bool, ps *Problems) {
	switch {
	case !ruleID.MatchString(c.ID):
		ps.errorf(key+".id", "%q is not a check id; use lower-case letters, digits, '-' and '_', starting with a letter", c.ID)
	case ids[c.ID]:
		ps.errorf(key+".id", "%q is the id of another custom check; give each its own", c.ID)
	}
	ids[c.ID] = true
	if strings.TrimSpace(c.Title) == "" {
		ps.errorf(key+".title", "is required: it is what the report and the status page show")
	}
	if !slices.Contains(Roles, c.Role) {
		ps.errorf(key+".role", "%q is not a database role; use um, reg or am", c.Role)
	}
	if err := readonlysql.Check(c.SQL); err != nil {
		ps.errorf(key+".sql", "%v", err)
	}
	if c.Severity == "" {
		c.Severity = "warning"
	}
	if !slices.Contains(Severities, c.Severity) {
		ps.errorf(key+".severity", "%q is not a severity; use critical, warning or info", c.Severity)
	}
	switch c.Expect {
	case "":
		c.Expect = "no_rows"
	case "no_rows", "value":
	default:
		ps.errorf(key+".expect", "%q is not an expectation; use no_rows (every row is a finding) or value (compare the first column with op and threshold)", c.Expect)
	}
	if c.Expect == "value" && !slices.Contains(comparisons, c.Op) {
		ps.errorf(key+".op", "%q is not a comparison; use one of %s (the check passes when `value op threshold` holds)", c.Op, strings.Join(comparisons, " "))
	}
}
