package logwatch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/logparse"
	"github.com/apimwatch/apimwatch/tailer"
)

// Options are the logs.* settings.
type Options struct {
	StateDir            string
	FromStart           bool
	MaxLineBytes        int
	PollInterval        time.Duration
	IdleClose           time.Duration
	Location            *time.Location
	MaxExceptionClasses int
	RecentErrors        int
	Rules               []Rule
	// Clock defaults to the wall clock; tests step their own.
	Clock tailer.Clock
}

// File is a log file (or glob) of a node, with its PatternLayout ("" to detect it among
// WSO2's layouts for the file name).
type File struct {
	Path   string
	Layout string
}

// Node is one WSO2 node's log files.
type Node struct {
	Name  string
	Files []File
}

// rolledFiles are base names never followed as live files: log4j2's rolled files (a date in
// the name), gzipped or zipped ones, and logrotate's numbered ones.
var rolledFiles = []string{
	"*.gz", "*.zip", "*.[0-9]",
	"*-[0-9][0-9]-[0-9][0-9]-[0-9][0-9][0-9][0-9]*",
	"*-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*",
}

// Watcher follows every node's log files, one tailer per node.
type Watcher struct {
	logger  *zap.Logger
	metrics *metrics
	tally   *signatureTally

	mu    sync.Mutex
	nodes map[string]*nodeRun
}

// nodeRun is one node's running tailer and the settings it was started with.
type nodeRun struct {
	watch    *nodeWatch
	tailer   *tailer.Tailer
	settings any // what the tailer was built from: a reload with equal settings keeps it
	cancel   context.CancelFunc
	done     chan struct{}
}

// New registers logwatch's metrics with reg and returns a Watcher following nothing yet.
func New(logger *zap.Logger, reg prometheus.Registerer) *Watcher {
	w := &Watcher{logger: logger, metrics: newMetrics(), tally: newSignatureTally(0), nodes: map[string]*nodeRun{}}
	reg.MustRegister(w.metrics.collectors()...)
	reg.MustRegister(w)
	return w
}

// Apply follows nodes' files with opts: nodes whose settings did not change keep their tailer
// (and their counters); others are stopped (checkpointed) and started anew. A node whose
// files cannot be followed is logged and skipped; the others still run.
func (w *Watcher) Apply(opts Options, nodes []Node) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if opts.Clock == nil {
		opts.Clock = wallClock{}
	}
	w.tally.resize(opts.RecentErrors)
	keep := map[string]bool{}
	for _, node := range nodes {
		keep[node.Name] = true
		settings := struct {
			Opts  Options
			Files []File
			Rules []string
		}{opts, node.Files, ruleKeys(opts.Rules)}
		settings.Opts.Rules = nil // compiled regexps are compared by their text
		if run, ok := w.nodes[node.Name]; ok {
			if reflect.DeepEqual(run.settings, settings) {
				continue
			}
			run.stop()
			delete(w.nodes, node.Name)
		}
		run, err := w.start(node, opts)
		if err != nil {
			w.logger.Error("cannot follow the node's logs", zap.String("node", node.Name), zap.Error(err))
			continue
		}
		run.settings = settings
		w.nodes[node.Name] = run
	}
	for name, run := range w.nodes {
		if !keep[name] {
			run.stop()
			delete(w.nodes, name)
		}
	}
}

func (w *Watcher) start(node Node, opts Options) (*nodeRun, error) {
	logger := w.logger.With(zap.String("node", node.Name))
	nw := &nodeWatch{
		// Each node's tailer is its own goroutine: the classifier's scratch buffer is per node.
		name: node.Name, logger: logger, metrics: w.metrics, classifier: newClassifier(opts.Rules), tally: w.tally,
		clock: opts.Clock.Now, location: opts.Location, idleClose: opts.IdleClose,
		exceptions: newCappedSet(opts.MaxExceptionClasses), auditPairs: newCappedSet(maxAuditPairs),
	}
	if nw.location == nil {
		nw.location = time.Local
	}
	layouts := map[string][]*logparse.Layout{}
	include := make([]string, 0, len(node.Files))
	for _, f := range node.Files {
		pattern := filepath.Clean(f.Path) // the tailer reports cleaned paths
		include = append(include, pattern)
		layouts[pattern] = w.layoutsFor(logger, f)
	}
	t, err := tailer.New(tailer.Options{
		Include:      include,
		Exclude:      rolledFiles,
		StateDir:     usableStateDir(logger, stateDir(opts.StateDir, node.Name)),
		FromStart:    opts.FromStart,
		MaxLineBytes: opts.MaxLineBytes,
		PollInterval: opts.PollInterval,
		Clock:        opts.Clock,
		Logger:       logger.Named("tailer"),
		Open: func(path string) tailer.Sink {
			return nw.open(path, layouts[matchingPattern(include, path)])
		},
	})
	if err != nil {
		return nil, fmt.Errorf("starting the tailer: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	run := &nodeRun{watch: nw, tailer: t, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(run.done)
		t.Run(ctx)
		nw.flush() // the tailer has stopped: a record still being assembled is complete
	}()
	return run, nil
}

// layoutsFor compiles the file's configured layout, or lists WSO2's layouts for its name.
func (w *Watcher) layoutsFor(logger *zap.Logger, f File) []*logparse.Layout {
	if f.Layout != "" {
		l, err := logparse.Compile(f.Layout)
		if err == nil {
			return []*logparse.Layout{l}
		}
		logger.Warn("the file's layout cannot be parsed; detecting it among WSO2's layouts instead", zap.String("file", f.Path), zap.Error(err))
	}
	return logparse.DefaultLayouts(filepath.Base(f.Path))
}

// Stop stops every tailer and writes their checkpoints.
func (w *Watcher) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for name, run := range w.nodes {
		run.stop()
		delete(w.nodes, name)
	}
}

func (r *nodeRun) stop() {
	r.cancel()
	<-r.done
}

// RecentErrors returns the latest error records of node ("" for all), newest first.
func (w *Watcher) RecentErrors(node string) []RecentError { return w.tally.list(node) }

// SetCutover makes SignatureCountsSince count the records written at or after at (zero: every
// record read). Set it before Apply starts the tailers: the counts are exact only for the
// records read after it was set, and a change recounts from the records kept (see
// SignatureCountsSince). Setting the same time again changes nothing.
func (w *Watcher) SetCutover(at time.Time) { w.tally.setCutover(at) }

// SignatureCountsSince returns the cutover last set and, per node and signature with a record
// read since the Watcher was made, how many of the records read were written at or after it,
// by the time each record says (when it says none, when it was read). A count is exact unless
// the cutover changed after records of its signature were read and they were not all kept
// (logs.recent_errors): then it is a lower bound, marked LowerBound.
func (w *Watcher) SignatureCountsSince() (time.Time, []SignatureCount) { return w.tally.counts() }

// matchingPattern is the include pattern path was found by.
func matchingPattern(patterns []string, path string) string {
	for _, p := range patterns {
		if ok, _ := filepath.Match(p, path); ok {
			return p
		}
	}
	return ""
}

// usableStateDir creates dir, or, when it cannot be created, says so and returns "": the node's
// logs are still followed, only without checkpoints (a restart starts at the end of files).
func usableStateDir(logger *zap.Logger, dir string) string {
	if dir == "" {
		return ""
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		logger.Warn("cannot keep read positions: a restart will start at the end of each log file; make logs.state_dir writable", zap.String("state_dir", dir), zap.Error(err))
		return ""
	}
	return dir
}

// stateDir keeps each node's checkpoints apart; "" keeps none.
func stateDir(root, node string) string {
	if root == "" {
		return ""
	}
	return filepath.Join(root, "logs", unsafeInPath.ReplaceAllString(node, "_"))
}

var unsafeInPath = regexp.MustCompile(`[^A-Za-z0-9._-]`)

func ruleKeys(rules []Rule) []string {
	keys := make([]string, len(rules))
	for i, r := range rules {
		keys[i] = fmt.Sprint(r.ID, r.Title, r.Remediation, r.Levels, r.Logger, r.Message, r.Exception)
	}
	return keys
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
