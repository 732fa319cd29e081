package baseline

import (
	"context"
	"errors"
	"fmt"

	"github.com/apimwatch/apimwatch/verify"
)

// Checks compares the environment a run reads with before, one check per family ("baseline.apis",
// "baseline.users"...). label says what before is in messages: before.Label() for a snapshot
// file, "the old environment" when before was just captured from it. Each run measures its
// family the way before did (exactly, or by estimate) so that like is compared with like.
func Checks(before *Snapshot, label string, opts CaptureOptions) []verify.Check {
	checks := make([]verify.Check, 0, len(families))
	for _, f := range families {
		checks = append(checks, verify.Check{
			ID:          FamilyBaseline + "." + f.id,
			Family:      FamilyBaseline,
			Title:       fmt.Sprintf("no %s lost compared with %s", f.noun, label),
			Severity:    f.severity,
			Reads:       f.reads,
			Remediation: f.remediation,
			Run: func(ctx context.Context, env *verify.Env) verify.Result {
				was, ok := before.Families[f.id]
				if !ok {
					return skip("%s has no figures for the %s", label, f.noun)
				}
				return runCheck(ctx, env, f, was, label, opts)
			},
		})
	}
	return checks
}

// runCheck measures f in env and compares the figures with was, before's.
func runCheck(ctx context.Context, env *verify.Env, f family, was Figures, label string, opts CaptureOptions) verify.Result {
	if was.Unavailable != "" {
		return skip("%s has no %s to compare with: %s", label, f.noun, was.Unavailable)
	}
	now, err := f.measure(ctx, opts.newSource(env, !was.Estimated))
	var unavailable unavailableError
	switch {
	case errors.As(err, &unavailable):
		return skip("the %s cannot be counted in this environment: %s", f.noun, unavailable.reason)
	case err != nil:
		return verify.Result{Status: verify.StatusError, Message: err.Error()}
	}
	limit := env.SampleLimit
	if limit <= 0 {
		limit = verify.DefaultSampleLimit
	}
	return comparison{f: f, was: was, now: now, label: label, limit: limit}.result()
}

func skip(format string, args ...any) verify.Result {
	return verify.Result{Status: verify.StatusSkip, Message: fmt.Sprintf(format, args...)}
}
