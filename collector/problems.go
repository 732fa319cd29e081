package collector

import (
	"errors"
	"syscall"

	"go.uber.org/zap"
)

// problemLog logs a failing read when it starts failing, when the cause
// changes and when it recovers, not on every scrape.
type problemLog struct {
	logger *zap.Logger
	active map[problemKey]string // failing read → its cause
}

type problemKey struct {
	unit, node, what string
}

func newProblemLog(logger *zap.Logger) problemLog {
	return problemLog{logger: logger, active: map[problemKey]string{}}
}

// settle records the failures of one unit's scrape.
func (p *problemLog) settle(unit, node string, failures map[string]error) {
	for what, err := range failures {
		key := problemKey{unit: unit, node: node, what: what}
		cause := causeOf(err)
		if previous, known := p.active[key]; known && previous == cause {
			continue
		}
		p.active[key] = cause
		p.logger.Warn("couldn't collect; the metric is skipped until this is fixed",
			zap.String("collector", unit), zap.String("node", node), zap.String("what", what), zap.Error(err))
	}
	for key := range p.active {
		if _, failing := failures[key.what]; key.unit == unit && key.node == node && !failing {
			delete(p.active, key)
			p.logger.Info("collecting again",
				zap.String("collector", unit), zap.String("node", node), zap.String("what", key.what))
		}
	}
}

// causeOf names why a read failed without the pid or path in it, so that the
// same permission problem after a JVM restart is not logged as a new cause.
func causeOf(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	return err.Error()
}
