package verify

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
)

// CustomChecks turns the site's validated verify.custom_checks into checks (family custom,
// ids custom.<id>). Each runs its one SELECT in a read-only transaction under timeout.
func CustomChecks(cfgs []config.CustomCheckConfig, timeout time.Duration) []Check {
	checks := make([]Check, len(cfgs))
	for i, c := range cfgs {
		severity, _ := ParseSeverity(c.Severity) // validated at load
		role := discovery.Role(c.Role)
		checks[i] = Check{
			ID: "custom." + c.ID, Family: FamilyCustom, Title: c.Title, Severity: severity,
			Reads: []discovery.Role{role}, Remediation: c.Remediation,
			Run: func(ctx context.Context, env *Env) Result {
				d := env.DB(role)
				if d == nil {
					return Result{Status: StatusSkip, Message: fmt.Sprintf("the %s database is not configured", role)}
				}
				if c.Expect == "value" {
					return runValueCheck(ctx, d, c, timeout)
				}
				return runNoRowsCheck(ctx, d, c.SQL, env.SampleLimit, timeout)
			},
		}
	}
	return checks
}

// runNoRowsCheck counts every row as a finding; the first column of the first rows are samples.
func runNoRowsCheck(ctx context.Context, d *db.DB, query string, sampleLimit int, timeout time.Duration) Result {
	var res Result
	err := d.ReadOnly(ctx, timeout, func(ctx context.Context, q db.Querier) error {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		columns, err := rows.Columns()
		if err != nil {
			return err
		}
		values := make([]any, len(columns))
		first := new(sql.NullString)
		values[0] = first
		for i := 1; i < len(values); i++ {
			values[i] = new(sql.RawBytes)
		}
		for rows.Next() {
			if err := rows.Scan(values...); err != nil {
				return err
			}
			res.Offending++
			if len(res.Samples) < sampleLimit {
				res.Samples = append(res.Samples, first.String)
			}
		}
		return rows.Err()
	})
	switch {
	case err != nil:
		return Result{Status: StatusError, Message: err.Error()}
	case res.Offending > 0:
		res.Status, res.Message = StatusFail, fmt.Sprintf("the query returned %d rows; it should return none", res.Offending)
	default:
		res.Status = StatusPass
	}
	return res
}

// runValueCheck compares the first column of the first row with the threshold.
func runValueCheck(ctx context.Context, d *db.DB, c config.CustomCheckConfig, timeout time.Duration) Result {
	var value sql.NullFloat64
	err := d.ReadOnly(ctx, timeout, func(ctx context.Context, q db.Querier) error {
		return q.QueryRowContext(ctx, c.SQL).Scan(&value)
	})
	switch {
	case err != nil:
		return Result{Status: StatusError, Message: err.Error()}
	case !value.Valid:
		return Result{Status: StatusFail, Message: "the query returned NULL, not a number"}
	case compare(value.Float64, c.Op, c.Threshold):
		return Result{Status: StatusPass, Message: fmt.Sprintf("%g %s %g", value.Float64, c.Op, c.Threshold)}
	default:
		return Result{Status: StatusFail, Offending: int64(value.Float64),
			Message: fmt.Sprintf("the query returned %g; expected %s %g", value.Float64, c.Op, c.Threshold)}
	}
}

func compare(v float64, op string, threshold float64) bool {
	switch op {
	case "<":
		return v < threshold
	case "<=":
		return v <= threshold
	case "==":
		return v == threshold
	case "!=":
		return v != threshold
	case ">=":
		return v >= threshold
	default:
		return v > threshold
	}
}
