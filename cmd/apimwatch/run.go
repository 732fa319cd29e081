package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/agent"
	"github.com/apimwatch/apimwatch/buildinfo"
	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/logging"
)

func newRunCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "run",
		Short: "Run the daemon: export host and WSO2 JVM metrics on /metrics",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
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
