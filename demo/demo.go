// Package demo builds `apimwatch demo`: a simulated blue/green upgrade of WSO2 API Manager in a
// directory of its own, for the real agent to watch. Two environments, old (4.1.0, serving
// traffic until the cutover) and new (4.2.0, migrated from it), each a node with a
// CARBON_HOME-like tree that discovery reads, logs that a simulated node writes (package sim),
// SQLite UM, REG and AM databases (package dataset; the new side's hold the planted
// inconsistencies of dataset.Faults), a stand-in for its JVM (package standin: a process with
// a Carbon JVM's command line, pid file and perf-data file, which the agent measures as it
// would WSO2's, and which serves the node's ports on loopback for the built-in probes: the
// Version service, the gateway's readiness endpoint, HTTPS with certificates of a CA the demo
// makes), and an apimwatch configuration file. After the cutover the new side is restarted
// once, and its JVM's heap leaks; after that restart its gateway is not ready for minutes, and
// its gateway certificate expires in 10 days.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/apimwatch/apimwatch/demo/dataset"
	"github.com/apimwatch/apimwatch/demo/sim"
	"github.com/apimwatch/apimwatch/demo/standin"
	"github.com/apimwatch/apimwatch/internal/certgen"
)

// NodeName is the `node` label of both environments' node: the `environment` label tells them
// apart, and the name says, on every series, that this is the demo.
const NodeName = "demo"

// Options are the demo's settings; the zero value of each field but ListenAddress has a default.
type Options struct {
	// Dir is where the demo's files go; it is kept. Empty: a new temporary directory, removed
	// by Close.
	Dir string
	// ListenAddress is the new environment's agent; the old one's is the next port.
	ListenAddress string
	// WebConfigFile is the agents' exporter-toolkit web configuration (TLS, basic auth), if any.
	WebConfigFile string
	// Cutover is how long after Build traffic moves from old to new. Default 30 s.
	Cutover time.Duration
	// Rate is the wso2carbon.log records a second of the environment serving traffic. Default 20.
	Rate float64
	// RotateBytes rolls wso2carbon.log over past this size. Default 512 KiB (WSO2's is 10 MB:
	// the demo's is small so that a rollover happens within minutes).
	RotateBytes int64
	// GatewayRotateBytes rolls wso2-apigw-errors.log over past this size, its rolled files
	// gzipped. Default 8 KiB: the file gets only WARN and above, a line a second or so, and
	// this rolls it about once a minute.
	GatewayRotateBytes int64
	// Seed makes the logs' content repeatable. Default 1.
	Seed uint64
	// JVMCommand runs a stand-in JVM (apimwatch's hidden demo-jvm command); Start needs it.
	JVMCommand []string
}

// The stand-in JVMs' loads: the new side's bigger and busier, as a 4.2 pack under the traffic
// is, but by far less than the old-versus-new alerts' margins.
var (
	newJVMLoad = standin.Load{ResidentBytes: 48 << 20, CPUShare: 0.04}
	oldJVMLoad = standin.Load{ResidentBytes: 32 << 20, CPUShare: 0.025}
)

// Environment is one side of the upgrade.
type Environment struct {
	Name, Version string
	// MigratedFrom is the version the environment was migrated from ("" for the old side).
	MigratedFrom  string
	Host          string
	Home          string
	ConfigFile    string
	StateDir      string
	ListenAddress string
	Databases     dataset.Files
	reIndexing    int
	// ports are the node's ports, open from Build to Close.
	ports *nodePorts
}

// Settings are the options the demo runs with, defaults filled in.
func (d *Demo) Settings() Options { return d.opts }

// LogDir is where the environment's node writes its logs.
func (e *Environment) LogDir() string { return filepath.Join(e.Home, "repository", "logs") }

// Demo is the built demo: its files, and, once Start has run, its simulated nodes.
type Demo struct {
	Dir string
	// Environments are new, then old.
	Environments []*Environment
	opts         Options
	removeDir    bool
	nodes        []*sim.Node
	// perfDataDir is the stand-ins' hsperfdata directory when Start made it; Close removes it
	// once empty (a JVM of the same user may have come to use it meanwhile).
	perfDataDir string
	// cutoverAt is when traffic moves, fixed by Build so that the agents' configurations can
	// give it (their status pages count log signatures from it), to the second as they write it.
	cutoverAt time.Time
}

// Build creates the demo's files: both environments' homes, databases and configuration.
func Build(ctx context.Context, opts Options) (*Demo, error) {
	opts = withDefaults(opts)
	oldAddress, err := nextPort(opts.ListenAddress)
	if err != nil {
		return nil, err
	}
	d := &Demo{Dir: opts.Dir, opts: opts, cutoverAt: time.Now().Add(opts.Cutover).Truncate(time.Second)}
	if d.Dir == "" {
		if d.Dir, err = os.MkdirTemp("", "apimwatch-demo-"); err != nil {
			return nil, err
		}
		d.removeDir = true
	} else if d.Dir, err = filepath.Abs(d.Dir); err != nil {
		return nil, err
	}
	d.Environments = []*Environment{
		d.environment("new", "4.2.0", "4.1.0", "apim-new.example.com", opts.ListenAddress, 2),
		d.environment("old", "4.1.0", "", "apim-old.example.com", oldAddress, 1),
	}
	ca, err := d.createCA()
	if err != nil {
		return nil, errors.Join(fmt.Errorf("making the demo's certificate authority in %s: %w", d.Dir, err), d.Close())
	}
	for _, e := range d.Environments {
		if err := d.create(ctx, e, ca); err != nil {
			return nil, errors.Join(fmt.Errorf("building the %s environment in %s: %w", e.Name, d.Dir, err), d.Close())
		}
	}
	return d, nil
}

func withDefaults(o Options) Options {
	if o.Cutover <= 0 {
		o.Cutover = 30 * time.Second
	}
	if o.Rate <= 0 {
		o.Rate = 20
	}
	if o.RotateBytes <= 0 {
		o.RotateBytes = 512 << 10
	}
	if o.GatewayRotateBytes <= 0 {
		o.GatewayRotateBytes = 8 << 10
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// nextPort is address with its port plus one: the old environment's agent.
func nextPort(address string) (string, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return "", fmt.Errorf("--web.listen-address %q is not host:port: %w", address, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p >= 65535 {
		return "", fmt.Errorf("--web.listen-address %q: the demo needs a port from 1 to 65534 (the old environment's agent listens on the next one)", address)
	}
	return net.JoinHostPort(host, strconv.Itoa(p+1)), nil
}

func (d *Demo) environment(name, version, migratedFrom, host, address string, reIndexing int) *Environment {
	dir := filepath.Join(d.Dir, name)
	return &Environment{
		Name: name, Version: version, MigratedFrom: migratedFrom, Host: host, ListenAddress: address,
		Home:       filepath.Join(dir, "wso2am-"+version),
		ConfigFile: filepath.Join(dir, "apimwatch.yml"),
		StateDir:   filepath.Join(dir, "state"),
		Databases: dataset.Files{
			UM:  filepath.Join(dir, "databases", "WSO2_USER_DB.sqlite"),
			REG: filepath.Join(dir, "databases", "WSO2_REG_DB.sqlite"),
			AM:  filepath.Join(dir, "databases", "WSO2AM_DB.sqlite"),
		},
		reIndexing: reIndexing,
	}
}

func (d *Demo) create(ctx context.Context, e *Environment, ca *certgen.CA) error {
	for _, dir := range []string{filepath.Dir(e.Databases.AM), e.StateDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	for _, f := range []string{e.Databases.UM, e.Databases.REG, e.Databases.AM} {
		if _, err := os.Stat(f); err == nil {
			return fmt.Errorf("%s already exists: give --demo.dir an empty or new directory", f)
		}
	}
	if err := writeHome(e, d.opts); err != nil {
		return err
	}
	if err := dataset.Create(ctx, e.Databases, e.MigratedFrom != ""); err != nil {
		return err
	}
	var err error
	if e.ports, err = openPorts(e, ca); err != nil {
		return err
	}
	return writeFile(e.ConfigFile, agentConfig(e, d.opts, d.caFile(), d.cutoverAt))
}

// Start starts both environments' JVMs and simulated nodes. The new side restarts once after
// the cutover, as soon as newScraped is closed (at once when it is nil): Prometheus sees a
// restart only when it has scraped the JVM before it (wso2_jvm_restarts_total first seen at 1
// has no increase), and it may well start scraping after a short cutover.
func (d *Demo) Start(newScraped <-chan struct{}) error {
	if len(d.opts.JVMCommand) == 0 {
		return errors.New("the demo needs a command to run its stand-in JVMs with")
	}
	if _, err := os.Stat(standin.PerfDataDir()); errors.Is(err, fs.ErrNotExist) {
		d.perfDataDir = standin.PerfDataDir()
	}
	// The stand-ins' heaps follow the traffic, which moves at the cutover; building took some
	// of the time until it.
	cutover, untilCutover := d.cutoverAt, time.Until(d.cutoverAt)
	for i, e := range d.Environments {
		jvm := &standInJVM{spec: standin.Spec{Command: d.opts.JVMCommand, CarbonHome: e.Home, HTTP: e.ports.http(e)}}
		cfg := sim.Config{
			LogDir: e.LogDir(), Host: e.Host, Version: e.Version, MigratedFrom: e.MigratedFrom,
			Seed: d.opts.Seed + uint64(i), Cutover: untilCutover, RotateBytes: d.opts.RotateBytes,
			GatewayRotateBytes: d.opts.GatewayRotateBytes, JVM: jvm,
		}
		if e.MigratedFrom != "" { // the new side: idle until the cutover, then busy, and leaking
			cfg.StartupSeconds, cfg.Rate, cfg.RateAfterCutover, cfg.BurstRecords = 48, d.opts.Rate/10, d.opts.Rate, 40
			cfg.RestartAfterCutover, cfg.RestartGate, jvm.spec.Load = true, newScraped, newJVMLoad
			// Restarted, the gateway cannot deploy its APIs for minutes (the F3 errors it logs).
			jvm.notReadyAfterRestart = newGatewayNotReadyRestarts
			jvm.spec.Heap = standin.Heap{
				AllocationRate: standin.IdleAllocationRate, AllocationRateAfterCutover: standin.ServingAllocationRate,
				LeakRate: standin.LeakRate, Cutover: cutover,
			}
		} else {
			cfg.StartupSeconds, cfg.Rate, cfg.RateAfterCutover = 61, d.opts.Rate, d.opts.Rate/10
			jvm.spec.Load = oldJVMLoad
			jvm.spec.Heap = standin.Heap{
				AllocationRate: standin.ServingAllocationRate, AllocationRateAfterCutover: standin.IdleAllocationRate, Cutover: cutover,
			}
		}
		n, err := sim.Start(cfg)
		if err != nil {
			return fmt.Errorf("starting the %s environment's node: %w", e.Name, err)
		}
		d.nodes = append(d.nodes, n)
	}
	return nil
}

// Stats are what each environment's node has written, by environment name.
func (d *Demo) Stats() map[string]sim.Stats {
	out := map[string]sim.Stats{}
	for i, n := range d.nodes {
		out[d.Environments[i].Name] = n.Stats()
	}
	return out
}

// StopWriting stops the nodes and returns all they wrote, by environment name.
func (d *Demo) StopWriting() (map[string]sim.Stats, error) {
	out := map[string]sim.Stats{}
	var errs []error
	for i, n := range d.nodes {
		stats, err := n.Stop()
		out[d.Environments[i].Name] = stats
		errs = append(errs, err)
	}
	d.nodes = nil
	return out, errors.Join(errs...)
}

// standInJVM is an environment's JVM: a stand-in process, a new one at each start.
type standInJVM struct {
	spec    standin.Spec
	process *standin.Process
	// notReadyAfterRestart is how long the gateway's readiness endpoint answers 503 after a
	// start but the first.
	notReadyAfterRestart time.Duration
	started              bool
}

func (j *standInJVM) Start() (err error) {
	if j.started && j.spec.HTTP != nil {
		served := *j.spec.HTTP
		served.NotReadyFor = j.notReadyAfterRestart
		j.spec.HTTP = &served
	}
	j.started = true
	j.process, err = standin.Start(j.spec)
	return err
}

func (j *standInJVM) Stop() error {
	if j.process == nil {
		return nil
	}
	err := j.process.Stop()
	j.process = nil
	return err
}

// Close stops the nodes and removes the demo's directory unless it was given (Options.Dir), and
// the stand-ins' hsperfdata directory if Start made it and nothing else uses it.
func (d *Demo) Close() error {
	_, err := d.StopWriting()
	errs := []error{err}
	for _, e := range d.Environments {
		errs = append(errs, e.ports.close())
	}
	if d.perfDataDir != "" {
		_ = os.Remove(d.perfDataDir) // fails, as it should, while another JVM's file is in it
	}
	if d.removeDir {
		errs = append(errs, os.RemoveAll(d.Dir))
	}
	return errors.Join(errs...)
}
