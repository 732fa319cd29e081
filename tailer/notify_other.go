//go:build !linux

package tailer

import (
	"errors"

	"go.uber.org/zap"
)

// notifier is Linux's inotify; elsewhere Run only polls.
type notifier struct{}

func newNotifier(*zap.Logger) (*notifier, error) { return nil, errors.ErrUnsupported }

func (*notifier) wakeups() <-chan struct{} { return nil }
func (*notifier) watch([]string)           {}
func (*notifier) close()                   {}
