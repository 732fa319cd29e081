// Package sim is the demo's simulated WSO2 node: what apimwatch reads of a node besides its
// databases and its JVM, its logs, and the lifecycle that ties them to the JVM. A Node writes
// wso2carbon.log (rolled over by size as log4j2 does), wso2-apigw-errors.log and audit.log in
// WSO2's layouts (wso2-apigw-errors.log rolled over too, its rolled files gzipped): the server's start, steady traffic, and, on a badly migrated node, a burst of
// post-migration errors once traffic is cut over to it, then a restart. It counts everything
// it writes, for the tests to check apimwatch's counters against.
package sim

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/apimwatch/apimwatch/demo/carbonlog"
)

// The files a Node writes, in its log directory.
const (
	CarbonLog        = "wso2carbon.log"
	GatewayErrorsLog = "wso2-apigw-errors.log"
	AuditLog         = "audit.log"
)

// JVM is a node's Java process: started before the node logs its start, stopped after it
// logs its shutdown.
type JVM interface {
	Start() error
	Stop() error
}

// auditEvery is how many traffic records go with one Publisher or DevPortal action.
const auditEvery = 25

// Config is what a simulated node is and does.
type Config struct {
	LogDir  string
	Host    string // the gateway error log's %X{host}
	Version string // "4.2.0": the version the startup logs
	// MigratedFrom, when set, makes the node the new side of an upgrade from that version: it
	// logs the migration client's run and 4.2's startup noise, and at Cutover a burst of the
	// post-migration errors. Without it, the node is the old side: drained at Cutover, it then
	// logs only its housekeeping.
	MigratedFrom   string
	StartupSeconds int
	Seed           uint64
	// Rate and RateAfterCutover are records per second of wso2carbon.log traffic.
	Rate, RateAfterCutover float64
	// Cutover is how long after Start traffic moves from the old environment to the new.
	Cutover time.Duration
	// BurstRecords is how many signature records the new side logs at the cutover and at its
	// restart.
	BurstRecords int
	// RotateBytes rolls wso2carbon.log over past this size (log4j2's SizeBasedTriggeringPolicy).
	RotateBytes int64
	// GatewayRotateBytes rolls wso2-apigw-errors.log over past this size, its rolled files
	// gzipped as its filePattern's ".gz" makes log4j2 do; 0: never. It gets only WARN and
	// above, so it takes a threshold far smaller than RotateBytes to roll as often.
	GatewayRotateBytes int64
	// JVM is the node's JVM; nil: a node without one.
	JVM JVM
	// RestartAfterCutover makes the node restart once after the cutover (log its shutdown,
	// replace its JVM, log its start), as soon as RestartGate is closed; nil: at once.
	RestartAfterCutover bool
	RestartGate         <-chan struct{}
}

// Stats is what a node has written so far.
type Stats struct {
	// Records are the records of each file (CarbonLog, GatewayErrorsLog) by level name.
	Records map[string]map[string]int64
	// Signatures are the WARN and ERROR records of both files by the built-in signature they
	// match ("none" for none): what wso2_log_signature_records_total counts.
	Signatures map[string]int64
	// Rotations is how many times each file (CarbonLog, GatewayErrorsLog) was rolled over.
	Rotations map[string]int
	CutOver   bool
	Restarts  int
}

// Node is a running simulated node.
type Node struct {
	cfg          Config
	gen          *carbonlog.Generator
	rnd          *rand.Rand
	carbon       *rollingFile
	gateway      *rollingFile
	audit        *rollingFile
	afterCutover bool // the cutover has happened; read and written by run's goroutine only

	mu    sync.Mutex
	stats Stats
	err   error

	stop chan struct{}
	done chan struct{}
}

// Start creates the node's log files, logs its start, and keeps writing until Stop.
func Start(cfg Config) (*Node, error) {
	n := &Node{
		cfg: cfg, gen: carbonlog.New(cfg.Seed, time.Now()), rnd: rand.New(rand.NewPCG(cfg.Seed, 7)),
		stats: Stats{Records: map[string]map[string]int64{CarbonLog: {}, GatewayErrorsLog: {}, AuditLog: {}}, Signatures: map[string]int64{}},
		stop:  make(chan struct{}), done: make(chan struct{}),
	}
	n.gen.Live = true
	if err := os.MkdirAll(cfg.LogDir, 0o755); err != nil {
		return nil, err
	}
	var err error
	if n.carbon, err = openRolling(filepath.Join(cfg.LogDir, CarbonLog), rollover{maxBytes: cfg.RotateBytes}); err != nil {
		return nil, err
	}
	if n.gateway, err = openRolling(filepath.Join(cfg.LogDir, GatewayErrorsLog), rollover{maxBytes: cfg.GatewayRotateBytes, gzip: true}); err != nil {
		return nil, errors.Join(err, n.carbon.close())
	}
	if n.audit, err = openRolling(filepath.Join(cfg.LogDir, AuditLog), rollover{}); err != nil {
		return nil, errors.Join(err, n.carbon.close(), n.gateway.close())
	}
	if cfg.MigratedFrom != "" {
		// Before the demo: the new pack's start of its own for the pre-migration validation.
		n.startup(preMigrationRecords(cfg.MigratedFrom, cfg.Version))
		n.shutdown()
	}
	if cfg.JVM != nil {
		if err := cfg.JVM.Start(); err != nil {
			return nil, errors.Join(err, n.closeFiles())
		}
	}
	n.startup(n.migrationRun())
	go n.run()
	return n, nil
}

func (n *Node) closeFiles() error {
	return errors.Join(n.carbon.close(), n.gateway.close(), n.audit.close())
}

// Stop stops writing, closes the files, stops the JVM and returns what was written, with the
// first error of a write or of the JVM, if any.
func (n *Node) Stop() (Stats, error) {
	close(n.stop)
	<-n.done
	errs := []error{n.err, n.closeFiles()}
	if n.cfg.JVM != nil {
		errs = append(errs, n.cfg.JVM.Stop())
	}
	return n.Stats(), errors.Join(errs...)
}

// Stats returns a copy of what has been written so far.
func (n *Node) Stats() Stats {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := Stats{
		Records: map[string]map[string]int64{}, Signatures: map[string]int64{},
		Rotations: map[string]int{CarbonLog: n.carbon.rolled, GatewayErrorsLog: n.gateway.rolled},
		CutOver:   n.stats.CutOver, Restarts: n.stats.Restarts,
	}
	for file, levels := range n.stats.Records {
		out.Records[file] = map[string]int64{}
		for l, c := range levels {
			out.Records[file][l] = c
		}
	}
	for s, c := range n.stats.Signatures {
		out.Signatures[s] = c
	}
	return out
}

// startup logs the server's start, with the records of the migration client that runs in it,
// if any: they follow "Starting WSO2 Carbon...", which ends the previous run's (apimwatch's
// wso2_migration_*_timestamp_seconds describe the latest start's run).
func (n *Node) startup(migration []noteworthy) {
	messages := carbonlog.Startup(n.cfg.Version, n.cfg.StartupSeconds)
	last := len(messages) - 1
	for _, m := range messages[:last] {
		n.writeCarbon(n.gen.Line(0, carbonlog.LevelInfo, m.Logger, m.Text))
	}
	n.writeNoteworthy(trafficManagerNotUp)
	for _, r := range migration {
		n.writeNoteworthy(r)
	}
	if n.cfg.MigratedFrom != "" {
		for _, r := range freshPackWarnings {
			n.writeNoteworthy(r)
		}
	}
	n.writeCarbon(n.gen.Line(0, carbonlog.LevelInfo, messages[last].Logger, messages[last].Text))
}

// restart logs the server's shutdown, replaces its JVM and logs its start again: what an
// operator's restart of a node does. On the new side it runs the migration client again, to
// retry the step that failed (which fails again: its data is gone), and the restarted gateway
// fails to deploy the same APIs as before, a burst of errors again.
func (n *Node) restart() {
	n.shutdown()
	if n.cfg.JVM != nil {
		n.fail(n.cfg.JVM.Stop())
		n.fail(n.cfg.JVM.Start())
	}
	n.startup(n.migrationRun())
	n.burst()
	n.mu.Lock()
	n.stats.Restarts++
	n.mu.Unlock()
}

// run writes traffic at the configured rate, and cuts over when it is time.
func (n *Node) run() {
	defer close(n.done)
	const tick = 100 * time.Millisecond
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	cutover := time.After(n.cfg.Cutover)
	var restart <-chan struct{} // nil, which never fires, until the cutover
	rate, owed := n.cfg.Rate, 0.0
	for {
		select {
		case <-n.stop:
			return
		case <-cutover:
			rate = n.cfg.RateAfterCutover
			n.cutOver()
			switch {
			case !n.cfg.RestartAfterCutover:
			case n.cfg.RestartGate == nil:
				n.restart()
			default:
				restart = n.cfg.RestartGate
			}
		case <-restart:
			restart = nil
			n.restart()
		case <-ticker.C:
			owed += rate * tick.Seconds()
			for ; owed >= 1; owed-- {
				n.traffic()
			}
		}
	}
}

// traffic writes one record of steady traffic: healthy before the cutover. After it, the new
// side is busy, the post-migration signatures among its records; the drained old side logs
// only its housekeeping.
func (n *Node) traffic() {
	migrated := n.cfg.MigratedFrom != ""
	switch {
	case !n.afterCutover:
		n.writeCarbon(n.gen.Next(carbonlog.Healthy))
	case !migrated:
		n.writeCarbon(n.gen.Next(carbonlog.Housekeeping))
		return
	default:
		n.writeCarbon(n.gen.Next(carbonlog.Busy))
	}
	// The gateway's own error log gets an authentication failure now and then.
	if n.rnd.IntN(20) == 0 {
		n.writeGateway(carbonlog.LevelWarn, "APIAuthenticationHandler", "API authentication failure due to Missing Credentials", "none")
	}
	if n.rnd.IntN(auditEvery) == 0 {
		n.write(n.audit, AuditLog, auditLine(time.Now(), n.rnd), carbonlog.LevelInfo, "")
	}
}

// cutOver moves the traffic; on the new side it logs the burst of post-migration errors.
func (n *Node) cutOver() {
	n.afterCutover = true
	n.mu.Lock()
	n.stats.CutOver = true
	n.mu.Unlock()
	if n.cfg.MigratedFrom == "" {
		return
	}
	n.burst()
	for _, r := range cutoverErrors(n.rnd) {
		n.writeNoteworthy(r)
	}
	n.writeGateway(carbonlog.LevelError, "InMemoryAPIDeployer", "Error deploying 5ad2f2e4-3c1a-4b4e-9b1e-2f4d0a6c7e11 in Gateway", "F3",
		storageReturnedNull("5ad2f2e4-3c1a-4b4e-9b1e-2f4d0a6c7e11")...)
}

// migrationRun is the migration client's run in a start of the new side; nil on the old side.
func (n *Node) migrationRun() []noteworthy {
	if n.cfg.MigratedFrom == "" {
		return nil
	}
	return migrationRecords(n.cfg.MigratedFrom, n.cfg.Version, n.rnd)
}

// shutdown logs the server's graceful shutdown.
func (n *Node) shutdown() {
	for _, m := range carbonlog.Shutdown() {
		n.writeCarbon(n.gen.Line(0, carbonlog.LevelInfo, m.Logger, m.Text))
	}
}

// burst logs BurstRecords records of the post-migration signatures: the errors of a badly
// migrated node as traffic reaches it or as it starts.
func (n *Node) burst() {
	for range n.cfg.BurstRecords {
		n.writeCarbon(n.gen.Next(carbonlog.Signatures))
	}
}

func (n *Node) writeNoteworthy(r noteworthy) {
	rec := n.gen.Line(0, r.level, r.logger, r.text)
	rec.Signature = r.signature
	n.writeCarbon(rec)
}

func (n *Node) writeCarbon(r carbonlog.Record) {
	n.write(n.carbon, CarbonLog, r.Text, r.Level, r.Signature)
}

func (n *Node) writeGateway(level carbonlog.Level, logger, message, signature string, exception ...string) {
	line := gatewayLine(time.Now(), n.cfg.Host, n.rnd, level, logger, message, exception...)
	n.write(n.gateway, GatewayErrorsLog, line, level, signature)
}

// fail keeps err as the node's first error, if it is the first.
func (n *Node) fail(err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.err == nil {
		n.err = err
	}
}

// write writes a record and counts it, or keeps the first write error (the record is then not
// counted). The lock makes Stats see the file's rotations and counts together.
func (n *Node) write(f *rollingFile, file string, record []byte, level carbonlog.Level, signature string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := f.write(record); err != nil {
		if n.err == nil {
			n.err = err
		}
		return
	}
	n.stats.Records[file][carbonlog.LevelNames[level]]++
	if level >= carbonlog.LevelWarn {
		if signature == "" {
			signature = "none"
		}
		n.stats.Signatures[signature]++
	}
}
