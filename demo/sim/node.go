// Package sim is the demo's simulated WSO2 node: no JVM, only what apimwatch reads of a node
// besides its databases, its logs. A Node writes wso2carbon.log (rolled over by size as log4j2
// does) and wso2-apigw-errors.log in WSO2's layouts: the server's start, steady traffic, and,
// on a badly migrated node, a burst of post-migration errors once traffic is cut over to it.
// It counts everything it writes, for the tests to check apimwatch's counters against.
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
)

// Config is what a simulated node is and does.
type Config struct {
	LogDir  string
	Host    string // the gateway error log's %X{host}
	Version string // "4.2.0": the version the startup logs
	// MigratedFrom, when set, makes the node the new side of an upgrade from that version: it
	// logs the migration client's run and 4.2's startup noise, and at Cutover a burst of the
	// post-migration errors.
	MigratedFrom   string
	StartupSeconds int
	Seed           uint64
	// Rate and RateAfterCutover are records per second of wso2carbon.log traffic.
	Rate, RateAfterCutover float64
	// Cutover is how long after Start traffic moves from the old environment to the new.
	Cutover time.Duration
	// BurstRecords is how many signature records the new side logs at the cutover.
	BurstRecords int
	// RotateBytes rolls wso2carbon.log over past this size (log4j2's SizeBasedTriggeringPolicy).
	RotateBytes int64
}

// Stats is what a node has written so far.
type Stats struct {
	// Records are the records of each file (CarbonLog, GatewayErrorsLog) by level name.
	Records map[string]map[string]int64
	// Signatures are the WARN and ERROR records of both files by the built-in signature they
	// match ("none" for none): what wso2_log_signature_records_total counts.
	Signatures map[string]int64
	// Rotations is how many times wso2carbon.log was rolled over.
	Rotations int
	CutOver   bool
}

// Node is a running simulated node.
type Node struct {
	cfg     Config
	gen     *carbonlog.Generator
	rnd     *rand.Rand
	carbon  *rollingFile
	gateway *rollingFile

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
		stats: Stats{Records: map[string]map[string]int64{CarbonLog: {}, GatewayErrorsLog: {}}, Signatures: map[string]int64{}},
		stop:  make(chan struct{}), done: make(chan struct{}),
	}
	n.gen.Live = true
	if err := os.MkdirAll(cfg.LogDir, 0o755); err != nil {
		return nil, err
	}
	var err error
	if n.carbon, err = openRolling(filepath.Join(cfg.LogDir, CarbonLog), cfg.RotateBytes); err != nil {
		return nil, err
	}
	if n.gateway, err = openRolling(filepath.Join(cfg.LogDir, GatewayErrorsLog), 0); err != nil {
		_ = n.carbon.close()
		return nil, err
	}
	n.startup()
	go n.run()
	return n, nil
}

// Stop stops writing, closes the files and returns what was written, with the first write
// error, if any.
func (n *Node) Stop() (Stats, error) {
	close(n.stop)
	<-n.done
	err := errors.Join(n.err, n.carbon.close(), n.gateway.close())
	return n.Stats(), err
}

// Stats returns a copy of what has been written so far.
func (n *Node) Stats() Stats {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := Stats{Records: map[string]map[string]int64{}, Signatures: map[string]int64{}, Rotations: n.carbon.rolled, CutOver: n.stats.CutOver}
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

// startup logs the server's start (and, on the new side, the migration before it).
func (n *Node) startup() {
	messages := carbonlog.Startup(n.cfg.Version, n.cfg.StartupSeconds)
	if n.cfg.MigratedFrom != "" {
		for _, r := range migrationRecords(n.cfg.MigratedFrom, n.cfg.Version) {
			n.writeNoteworthy(r)
		}
	}
	last := len(messages) - 1
	for _, m := range messages[:last] {
		n.writeCarbon(n.gen.Line(0, carbonlog.LevelInfo, m.Logger, m.Text))
	}
	if n.cfg.MigratedFrom != "" {
		for _, r := range freshPackWarnings {
			n.writeNoteworthy(r)
		}
	}
	n.writeCarbon(n.gen.Line(0, carbonlog.LevelInfo, messages[last].Logger, messages[last].Text))
}

// run writes traffic at the configured rate, and cuts over when it is time.
func (n *Node) run() {
	defer close(n.done)
	const tick = 100 * time.Millisecond
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	cutover := time.After(n.cfg.Cutover)
	rate, owed := n.cfg.Rate, 0.0
	for {
		select {
		case <-n.stop:
			return
		case <-cutover:
			rate = n.cfg.RateAfterCutover
			n.cutOver()
		case <-ticker.C:
			owed += rate * tick.Seconds()
			for ; owed >= 1; owed-- {
				n.traffic()
			}
		}
	}
}

// traffic writes one record of steady traffic: healthy before the cutover or on the old side,
// with the post-migration signatures among it on the new side after.
func (n *Node) traffic() {
	mix := carbonlog.Healthy
	if n.cfg.MigratedFrom != "" && n.Stats().CutOver {
		mix = carbonlog.Busy
	}
	n.writeCarbon(n.gen.Next(mix))
	// The gateway's own error log gets an authentication failure now and then.
	if n.rnd.IntN(20) == 0 {
		n.writeGateway(carbonlog.LevelWarn, "APIAuthenticationHandler", "API authentication failure due to Missing Credentials", "none")
	}
}

// cutOver moves the traffic; on the new side it logs the burst of post-migration errors.
func (n *Node) cutOver() {
	n.mu.Lock()
	n.stats.CutOver = true
	n.mu.Unlock()
	if n.cfg.MigratedFrom == "" {
		return
	}
	for range n.cfg.BurstRecords {
		n.writeCarbon(n.gen.Next(carbonlog.Signatures))
	}
	for _, r := range cutoverErrors(n.rnd) {
		n.writeNoteworthy(r)
	}
	n.writeGateway(carbonlog.LevelError, "InMemoryAPIDeployer", "Error deploying 5ad2f2e4-3c1a-4b4e-9b1e-2f4d0a6c7e11 in Gateway", "F3",
		storageReturnedNull("5ad2f2e4-3c1a-4b4e-9b1e-2f4d0a6c7e11")...)
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
