package baseline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/apimwatch/apimwatch/verify"
)

// DefaultTimeout bounds each read-only transaction of a capture when CaptureOptions.Timeout is
// not set.
const DefaultTimeout = 60 * time.Second

// CaptureOptions tune how an environment is measured.
type CaptureOptions struct {
	// Exact counts active tokens row by row, per tenant, instead of taking the server's row
	// estimate of IDN_OAUTH2_ACCESS_TOKEN, which can hold hundreds of millions of rows. The
	// checks measure each family the way the snapshot they compare with did, whatever Exact says.
	Exact bool
	// Timeout bounds each read-only transaction (one per query). Default DefaultTimeout.
	Timeout time.Duration
}

func (o CaptureOptions) newSource(env *verify.Env, exact bool) *source {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &source{env: env, timeout: timeout, exact: exact}
}

// Capture measures every family in env. A family env cannot measure (its database is not
// configured, its tables do not exist in this schema) is recorded as unavailable with the
// reason; any other failure (a database down, a timeout) fails the capture, since a baseline
// with holes would let losses pass unseen.
func Capture(ctx context.Context, env *verify.Env, opts CaptureOptions) (*Snapshot, error) {
	snap := &Snapshot{
		Format:         Format,
		TakenAt:        time.Now().UTC().Truncate(time.Second),
		ProductVersion: env.TargetVersion,
		Families:       make(map[string]Figures, len(families)),
	}
	s := opts.newSource(env, opts.Exact)
	for _, f := range families {
		figures, err := f.measure(ctx, s)
		var unavailable unavailableError
		switch {
		case errors.As(err, &unavailable):
			figures = Figures{Unavailable: unavailable.reason}
		case err != nil:
			return nil, fmt.Errorf("capturing the %s: %w", f.noun, err)
		}
		snap.Families[f.id] = figures
	}
	return snap, nil
}
