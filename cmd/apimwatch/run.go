package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/agent"
	"github.com/apimwatch/apimwatch/buildinfo"
	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/demo"
	"github.com/apimwatch/apimwatch/logging"
)

func newRunCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "run",
		Short: "Run the daemon: export host and WSO2 JVM metrics on /metrics (with nothing configured: the demo)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if nothingConfigured(cmd.Flags()) {
				fmt.Fprintln(cmd.OutOrStdout(), "apimwatch: nothing is configured, so this is the demo: the agent on a simulated WSO2 upgrade, made-up logs and databases.\n"+
					"To watch a real node: APIMWATCH_CARBON_HOME=/opt/wso2am-4.2.0 apimwatch run, or apimwatch run --config.file=apimwatch.yml (docs/configuration.md).")
				return runDemo(cmd.Flags(), cmd.OutOrStdout(), demo.Options{})
			}
			// Catch SIGHUP before anything else: its default action would kill a daemon that
			// is still starting.
			hangups := make(chan os.Signal, 1)
			signal.Notify(hangups, syscall.SIGHUP)
			defer signal.Stop(hangups)
			load := func() (*config.Config, []config.Node, config.Problems) {
				return config.LoadAndResolve(cmd.Flags())
			}
			cfg, nodes, problems := load()
			if err := problems.Err(); err != nil {
				return &exitError{code: 1, err: fmt.Errorf("%w\nrun `apimwatch config check` to see the whole configuration", err)}
			}
			logger, err := logging.New(cfg.Log.Level, cfg.Log.Format)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			defer func() { _ = logger.Sync() }()
			logger.Info("starting apimwatch", zap.String("version", buildinfo.Version), zap.String("revision", buildinfo.Revision), zap.Int("nodes", len(nodes)))

			a := agent.New(logger, load, cfg, nodes, problems)
			defer a.Stop()
			ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
			defer stop()
			go func() {
				for {
					select {
					case <-hangups:
						a.Reload()
					case <-ctx.Done():
						return
					}
				}
			}()
			if err := a.Serve(ctx); err != nil {
				logger.Error("agent stopped", zap.Error(err))
				return &exitError{code: 1, err: nil}
			}
			return nil
		},
	}
}

// flagsOfTheDemo are the flags that configure the demo as well as the daemon: given alone, they
// still leave the agent with nothing to watch.
var flagsOfTheDemo = map[string]bool{"web.listen-address": true, "log.level": true, "log.format": true}

// nothingConfigured tells whether `apimwatch run` was given no configuration at all: no file,
// no APIMWATCH_* variable, no flag beyond the listen address and logging. Then the agent would
// export host metrics only, which shows a first-time user nothing of what it is for, so it runs
// the demo instead. Any configuration (even a file with no nodes, or --environment) means a
// real agent, host metrics only if no node is given: a deployment is never turned into a demo.
func nothingConfigured(fs *pflag.FlagSet) bool {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, config.EnvPrefix+"_") {
			return false
		}
	}
	configured := false
	fs.Visit(func(f *pflag.Flag) { configured = configured || !flagsOfTheDemo[f.Name] })
	return !configured
}
