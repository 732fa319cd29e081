package logwatch

import (
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/logparse"
)

// maxAuditPairs bounds the typ/action label pairs of wso2_audit_events_total per node.
const maxAuditPairs = 100

// labelOther is the label value that stands for everything beyond a cap.
const labelOther = "other"

// nodeWatch is what the files of one node share: the node's label, classification and the
// bounded label sets.
type nodeWatch struct {
	name       string
	logger     *zap.Logger
	metrics    *metrics
	classifier *classifier
	tally      *signatureTally
	clock      func() time.Time
	location   *time.Location
	idleClose  time.Duration

	mu            sync.Mutex // guards the label sets and sinks (Collect reads labels concurrently)
	exceptions    cappedSet
	auditPairs    cappedSet
	fileLabels    map[string]string // path -> `file` label
	sinks         []*fileSink
	migrationSeen bool

	// queue takes warnings, errors and unparsed lines to the classifier's goroutine, which
	// alone uses classifier and the counters it caches (see familyCounter).
	queue      problemQueue
	families   map[familyKey]prometheus.Counter
	signatures map[string]prometheus.Counter
}

// open makes the sink of a newly followed path.
func (n *nodeWatch) open(path string, layouts []*logparse.Layout) *fileSink {
	s := newFileSink(n, path, n.fileLabel(path), layouts)
	n.mu.Lock()
	n.sinks = append(n.sinks, s)
	n.mu.Unlock()
	return s
}

// fileLabel is the `file` label of path: its base name, or, when another followed path of the
// node has that base name already (a glob over several directories), the whole path, so that
// two files never share series.
func (n *nodeWatch) fileLabel(path string) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if label, ok := n.fileLabels[path]; ok {
		return label
	}
	if n.fileLabels == nil {
		n.fileLabels = map[string]string{}
	}
	label := filepath.Base(path)
	for other, taken := range n.fileLabels {
		if taken == label && other != path {
			label = path
		}
	}
	n.fileLabels[path] = label
	return label
}

// flush completes the records still being assembled (the node's tailer has stopped).
func (n *nodeWatch) flush() {
	n.mu.Lock()
	sinks := n.sinks
	n.mu.Unlock()
	for _, s := range sinks {
		s.flush()
	}
	n.queue.stop()
}

// problem counts a WARN, ERROR or FATAL record by signature, logger family and exception,
// and keeps it among the recent errors, on the classifier's goroutine. Only a record with a
// signature is kept, so its time (seen's when it gives none), logger and first line are read
// and copied only then (rec is the queue's until the next batch: whatever is kept is copied).
func (n *nodeWatch) problem(s *fileSink, rec *logparse.Record, seen time.Time) {
	level := rec.Fields.Level
	n.familyCounter(level, loggerFamily(string(rec.Fields.Logger))).Inc()
	if rec.Exception != "" {
		n.mu.Lock()
		exception := n.exceptions.label(rec.Exception)
		n.mu.Unlock()
		n.metrics.exceptionRecords.WithLabelValues(n.name, level.String(), exception).Inc()
	}
	sig := n.classifier.signature(rec)
	if sig == SignatureNone {
		n.signatureCounter(sig).Inc()
		return
	}
	n.signatureSeen(sig, s.recordTimeOr(rec, func() time.Time { return seen }), RecentError{
		File: s.file, Level: level.String(), Logger: string(rec.Fields.Logger), FirstLine: capLine(rec.FirstLine),
		Exception: rec.Exception, RootCause: rec.RootCause,
	})
}

// unparsedProblem classifies a line that belongs to no record, seen at seen, on the
// classifier's goroutine.
func (n *nodeWatch) unparsedProblem(s *fileSink, line []byte, seen time.Time) {
	if sig := n.classifier.unparsedSignature(line); sig != "" {
		n.signatureSeen(sig, seen, RecentError{File: s.file, Level: "UNKNOWN", FirstLine: capLine(line)})
	}
}

// signatureSeen counts one record of sig written at time at, also since the cutover, and keeps
// it as a recent error.
func (n *nodeWatch) signatureSeen(sig string, at time.Time, e RecentError) {
	if sig != SignatureNone {
		// Counted since the cutover before the metrics: whoever sees the record in them (the
		// status page, which reads both) finds it in the counts too.
		e.Time, e.Node, e.Signature = at, n.name, sig
		n.tally.add(e)
		n.metrics.signatureLast.WithLabelValues(n.name, sig).Set(unixSeconds(at))
	}
	n.signatureCounter(sig).Inc()
}

// familyKey names one wso2_log_logger_family_records_total series of a node.
type familyKey struct {
	level  logparse.Level
	family string
}

// familyCounter is the node's family counter for level and family, looked up by labels once:
// hashing the labels of every warning would cost more than classifying it. Only the node's
// classifier goroutine (problemQueue) calls it, and the series are never deleted.
func (n *nodeWatch) familyCounter(level logparse.Level, family string) prometheus.Counter {
	key := familyKey{level, family}
	c, ok := n.families[key]
	if !ok {
		if n.families == nil {
			n.families = map[familyKey]prometheus.Counter{}
		}
		c = n.metrics.familyRecords.WithLabelValues(n.name, level.String(), family)
		n.families[key] = c
	}
	return c
}

// signatureCounter is the node's wso2_log_signature_records_total series for sig, cached like
// familyCounter's (the signatures are the catalogue's, the site's rules and none).
func (n *nodeWatch) signatureCounter(sig string) prometheus.Counter {
	c, ok := n.signatures[sig]
	if !ok {
		if n.signatures == nil {
			n.signatures = map[string]prometheus.Counter{}
		}
		c = n.metrics.signatureRecords.WithLabelValues(n.name, sig)
		n.signatures[sig] = c
	}
	return c
}

// audit counts an audit.log event by its typ and action.
func (n *nodeWatch) audit(message []byte) {
	action, typ, ok := logparse.ParseAudit(message)
	if !ok {
		return
	}
	n.mu.Lock()
	pair := n.auditPairs.label(typ + "\x00" + action)
	n.mu.Unlock()
	if pair == labelOther {
		typ, action = labelOther, labelOther
	}
	n.metrics.audit.WithLabelValues(n.name, typ, action).Inc()
}

// cappedSet admits label values until it holds max of them; later new values are "other".
type cappedSet struct {
	max  int
	seen map[string]bool
}

func newCappedSet(max int) cappedSet { return cappedSet{max: max, seen: map[string]bool{}} }

func (c *cappedSet) label(value string) string {
	if c.seen[value] {
		return value
	}
	if len(c.seen) >= c.max {
		return labelOther
	}
	c.seen[value] = true
	return value
}
