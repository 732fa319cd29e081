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

// perfDataKey is the entry of a node's perf data in problemLog.active. Its
// unit is none that settle handles, so settle never takes it for a recovery.
func perfDataKey(node string) problemKey {
	return problemKey{unit: "jvm perf data", node: node, what: "perf data"}
}

// settlePerfData records why the node's perf data could not be read ("" when
// it was), logging as settle does: when a reason appears or changes and when
// the data is read again, not at every scrape.
func (p *problemLog) settlePerfData(node, reason string, err error) {
	key := perfDataKey(node)
	previous, known := p.active[key]
	switch {
	case reason == "" && known:
		delete(p.active, key)
		p.logger.Info("reading the JVM's perf data again; its heap, GC and thread metrics are back",
			zap.String("node", node), zap.String("previous_reason", previous))
	case reason != "" && reason != previous:
		p.active[key] = reason
		p.logger.Warn("cannot read the JVM's perf data; its heap, GC and thread metrics are left out until it can",
			zap.String("node", node), zap.String("reason", reason), zap.String("hint", perfDataHints[reason]), zap.Error(err))
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
