package tailer

import (
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"
)

const (
	defaultMaxLineBytes = 64 << 10
	defaultPollInterval = 50 * time.Millisecond
)

// wallClock is the default Clock.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// withDefaults fills the options left zero and reports every invalid one.
func (o Options) withDefaults() (Options, error) {
	var errs []error
	if len(o.Include) == 0 {
		errs = append(errs, errors.New("include: no pattern"))
	}
	errs = append(errs, checkPatterns("include", o.Include), checkPatterns("exclude", o.Exclude))
	if o.Open == nil {
		errs = append(errs, errors.New("open: no function giving each path its sink"))
	}
	if o.MaxLineBytes < 0 {
		errs = append(errs, fmt.Errorf("max line bytes: %d is negative", o.MaxLineBytes))
	}
	if o.PollInterval < 0 {
		errs = append(errs, fmt.Errorf("poll interval: %s is negative", o.PollInterval))
	}
	if err := errors.Join(errs...); err != nil {
		return o, fmt.Errorf("invalid tailer options: %w", err)
	}
	if o.MaxLineBytes == 0 {
		o.MaxLineBytes = defaultMaxLineBytes
	}
	if o.PollInterval == 0 {
		o.PollInterval = defaultPollInterval
	}
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	return o, nil
}
