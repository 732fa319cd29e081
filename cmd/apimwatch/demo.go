package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/agent"
	"github.com/apimwatch/apimwatch/buildinfo"
	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/demo"
	"github.com/apimwatch/apimwatch/demo/dataset"
	"github.com/apimwatch/apimwatch/demo/standin"
	"github.com/apimwatch/apimwatch/logging"
)

// demoFirstCheckRun is how soon the demo's agents first run the checks: the databases are
// ready at once, and nobody watching a demo should wait the daemon's 30 s.
const demoFirstCheckRun = 3 * time.Second

func newDemoCommand() *cobra.Command {
	var opts demo.Options
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the agent on a simulated WSO2 upgrade (old 4.1.0, new 4.2.0): logs, databases and checks, nothing to install",
		Long: "Builds a simulated blue/green upgrade in a temporary directory and runs two real agents on it: " +
			"new on --web.listen-address and old on the next port. Traffic moves to new after --demo.cutover, " +
			"and new's databases hold planted inconsistencies the checks find. Each environment's WSO2 JVM is a stand-in " +
			"process the agents measure; new's is restarted once after the cutover. Ctrl-C stops it all and removes the directory.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Flags(), cmd.OutOrStdout(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "demo.dir", "", "build the demo in this directory and keep it (default: a temporary directory, removed on exit)")
	cmd.Flags().DurationVar(&opts.Cutover, "demo.cutover", 30*time.Second, "how long after the start traffic moves from the old environment to the new one")
	return cmd
}

// runDemo builds the demo, runs an agent per environment until SIGINT or SIGTERM, then stops
// them and the simulated nodes and removes what it built (unless --demo.dir kept it).
func runDemo(fs *pflag.FlagSet, stdout io.Writer, opts demo.Options) error {
	for _, name := range []string{config.FileFlag, "environment", "cutover"} { // --demo.cutover sets the demo's cutover
		if fs.Changed(name) {
			return &exitError{code: 2, err: fmt.Errorf("--%s: the demo configures its two agents itself; use it with `apimwatch run`", name)}
		}
	}
	logger, err := logging.New(flagValue(fs, "log.level"), flagValue(fs, "log.format"))
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	defer func() { _ = logger.Sync() }()
	ignoreEnvironment(logger)
	opts.ListenAddress, opts.WebConfigFile = flagValue(fs, "web.listen-address"), flagValue(fs, "web.config.file")
	exe, err := os.Executable()
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("finding apimwatch's executable for the stand-in JVMs: %w", err)}
	}
	opts.JVMCommand = []string{exe, demoJVMCommand}

	// Catch the signals before building: an early Ctrl-C must still remove the directory.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	hangups := make(chan os.Signal, 1)
	signal.Notify(hangups, syscall.SIGHUP)
	defer signal.Stop(hangups)

	d, err := demo.Build(ctx, opts)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	defer func() {
		if err := d.Close(); err != nil {
			logger.Error("stopping the demo", zap.Error(err))
		}
	}()
	logger.Info("starting apimwatch demo", zap.String("version", buildinfo.Version), zap.String("dir", d.Dir))
	agents, err := startDemoAgents(logger, d)
	defer func() {
		for _, a := range agents {
			a.Stop()
		}
	}()
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	newScraped := &scrapeNotice{scraped: make(chan struct{})}
	agents[0].Registry().MustRegister(newScraped) // Environments, and so agents, are new then old
	if err := d.Start(newScraped.scraped); err != nil {
		return &exitError{code: 1, err: err}
	}
	printDemoBanner(stdout, d)
	go func() {
		for {
			select {
			case <-hangups:
				logger.Info("SIGHUP: the demo's configuration is generated; there is nothing to reload")
			case <-ctx.Done():
				return
			}
		}
	}()
	if err := serveAll(ctx, agents); err != nil {
		logger.Error("agent stopped", zap.Error(err))
		return &exitError{code: 1, err: nil}
	}
	return nil
}

// startDemoAgents loads each environment's generated configuration, as `apimwatch run
// --config.file` would, and starts its agent.
func startDemoAgents(logger *zap.Logger, d *demo.Demo) ([]*agent.Agent, error) {
	var agents []*agent.Agent
	for _, e := range d.Environments {
		fs := pflag.NewFlagSet("demo-"+e.Name, pflag.ContinueOnError)
		config.RegisterFlags(fs)
		if err := fs.Set(config.FileFlag, e.ConfigFile); err != nil {
			return agents, err
		}
		load := func() (*config.Config, []config.Node, config.Problems) { return config.LoadAndResolve(fs) }
		cfg, nodes, problems := load()
		if err := problems.Err(); err != nil {
			return agents, fmt.Errorf("the %s environment's configuration %s: %w", e.Name, e.ConfigFile, err)
		}
		a := agent.New(logger.With(zap.String("environment", e.Name)), load, cfg, nodes, problems)
		a.ScheduleChecksAfter(nodes, demoFirstCheckRun)
		agents = append(agents, a)
	}
	return agents, nil
}

// scrapeNotice closes scraped at the second collection of the registry it is in: an agent
// collects once by itself as it starts serving (to be ready), so the second collection is the
// first scrape (or a look at the status page). It reports nothing.
type scrapeNotice struct {
	collections atomic.Int64
	scraped     chan struct{}
}

func (s *scrapeNotice) Describe(chan<- *prometheus.Desc) {}

func (s *scrapeNotice) Collect(chan<- prometheus.Metric) {
	if s.collections.Add(1) == 2 {
		close(s.scraped)
	}
}

// demoJVMCommand is the hidden command the demo runs its stand-in JVMs with.
const demoJVMCommand = "demo-jvm"

// newDemoJVMCommand is a stand-in for a WSO2 JVM (package demo/standin). Only the demo starts
// it, with a Carbon JVM's arguments after its own, which cobra must leave alone.
func newDemoJVMCommand() *cobra.Command {
	return &cobra.Command{
		Use:                demoJVMCommand + " --resident-bytes=N --cpu-share=F -- JVM-ARGS...",
		Short:              "A stand-in for a WSO2 Carbon JVM, for apimwatch demo",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, os.Interrupt)
			defer stop()
			if err := standin.Main(ctx, args, os.Stdin, cmd.OutOrStdout()); err != nil {
				return &exitError{code: 2, err: err}
			}
			return nil
		},
	}
}

// serveAll serves every agent until ctx ends; one that fails stops the others.
func serveAll(ctx context.Context, agents []*agent.Agent) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(agents))
	for i, a := range agents {
		wg.Go(func() {
			if errs[i] = a.Serve(ctx); errs[i] != nil {
				cancel()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// ignoreEnvironment drops APIMWATCH_* variables: they would configure both agents alike (one
// environment label for both, one state directory) and break the demo.
func ignoreEnvironment(logger *zap.Logger) {
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, config.EnvPrefix+"_") {
			logger.Warn("the demo configures its agents itself; ignoring the variable", zap.String("variable", name))
			_ = os.Unsetenv(name)
		}
	}
}

func flagValue(fs *pflag.FlagSet, name string) string {
	if f := fs.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// printDemoBanner tells the user, on stdout, what runs and where to look.
func printDemoBanner(w io.Writer, d *demo.Demo) {
	opts := d.Settings()
	kept := "removed when the demo stops"
	if opts.Dir != "" {
		kept = "kept when the demo stops"
	}
	fmt.Fprintf(w, "apimwatch demo: a simulated upgrade of WSO2 API Manager 4.1.0 (old) to 4.2.0 (new), in %s (%s).\n", d.Dir, kept)
	for _, e := range d.Environments {
		base := "http://" + browsable(e.ListenAddress)
		fmt.Fprintf(w, "  %-3s %s: status page %s/  metrics %s/metrics\n", e.Name, e.Version, base, base)
	}
	if opts.WebConfigFile != "" {
		fmt.Fprintf(w, "  (with the TLS and basic auth of %s, if it sets them)\n", opts.WebConfigFile)
	}
	fmt.Fprintf(w, "Traffic moves from old to new %s after the start; new then logs post-migration errors, and is restarted once\n", opts.Cutover)
	fmt.Fprintln(w, "(as soon as something has scraped it, so that Prometheus sees the restart).")
	fmt.Fprintf(w, "New's databases hold %d planted inconsistencies; the checks first run a few seconds after the start, then every minute.\n", len(dataset.Faults))
	fmt.Fprintln(w, "The WSO2 JVMs are stand-in processes (apimwatch demo-jvm), not Java: the agents find and measure them as they")
	fmt.Fprintln(w, "would WSO2's (wso2_jvm_up 1), but their memory and CPU are the demo's, not a real API Manager's. Each publishes a")
	fmt.Fprintln(w, "simulated G1 heap in a perf-data file, as a JVM does. After the cutover new's heap leaks: nearly full within about")
	fmt.Fprintln(w, "4 minutes, its JVM then spends ~16% of its time in GC, and the heap and GC alerts fire 17 to 21 minutes after the cutover.")
	fmt.Fprintln(w, "Press Ctrl-C to stop.")
}

// browsable turns a listen address into one to open: ":9247" and "0.0.0.0:9247" listen
// everywhere, localhost among them.
func browsable(address string) string {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return address
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
