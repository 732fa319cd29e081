package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/baseline"
	"github.com/apimwatch/apimwatch/verify/db"
)

func newBaselineCommand() *cobra.Command {
	var node, environment, out string
	var exact bool
	capture := &cobra.Command{
		Use:   "capture",
		Short: "Record counts per table family and tenant, and the API and application inventories",
		Long: "Reads the node's (or environments.<name>'s) databases and writes a snapshot that\n" +
			"`apimwatch verify --baseline FILE` compares the migrated environment with. Exit status:\n" +
			"0 written, 2 could not capture.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return &exitError{code: 2, err: fmt.Errorf("--out is required: the file to write the snapshot to")}
			}
			cfg, nodes, problems := config.LoadAndResolve(cmd.Flags())
			if err := problems.Err(); err != nil {
				return &exitError{code: 2, err: err}
			}
			target, err := nodeOrEnvironment(cfg, nodes, node, environment)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			env, err := verify.OpenEnv(target, db.Options{}, cfg.Verify.SampleLimit)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			defer env.Close()
			snap, err := baseline.Capture(context.Background(), env, baseline.CaptureOptions{Exact: exact, Timeout: cfg.Verify.Timeout})
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			file, err := os.Create(out)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			if err := baseline.Save(file, snap); err != nil {
				_ = file.Close()
				return &exitError{code: 2, err: err}
			}
			if err := file.Close(); err != nil {
				return &exitError{code: 2, err: err}
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s of %s\n", snap.Label(), out)
			return nil
		},
	}
	capture.Flags().StringVar(&node, "node", "", "the node whose databases to read (default: the first node with databases)")
	capture.Flags().StringVar(&environment, "environment", "", "read environments.<name>'s databases instead of a node's")
	capture.Flags().StringVar(&out, "out", "", "the snapshot file to write")
	capture.Flags().BoolVar(&exact, "exact", false, "count active tokens exactly instead of using the server's estimate")
	cmd := &cobra.Command{Use: "baseline", Short: "Baseline snapshots to compare a migrated environment with"}
	cmd.AddCommand(capture)
	return cmd
}

// nodeOrEnvironment is the node named by --node (or the first with databases), or, with
// --environment, that other environment's databases.
func nodeOrEnvironment(cfg *config.Config, nodes []config.Node, node, environment string) (config.Node, error) {
	if environment == "" {
		return nodeToVerify(nodes, node)
	}
	n, problems := cfg.OtherEnvironment(environment)
	return n, problems.Err()
}

// comparisonChecks are the baseline checks --baseline FILE and --compare-with NAME add.
func comparisonChecks(ctx context.Context, cfg *config.Config, f verifyFlags) ([]verify.Check, error) {
	opts := baseline.CaptureOptions{Exact: f.exact, Timeout: cfg.Verify.Timeout}
	var checks []verify.Check
	if f.baseline != "" {
		file, err := os.Open(f.baseline)
		if err != nil {
			return nil, fmt.Errorf("--baseline: %w", err)
		}
		defer file.Close()
		snap, err := baseline.Load(file)
		if err != nil {
			return nil, fmt.Errorf("--baseline %s: %w", f.baseline, err)
		}
		checks = append(checks, baseline.Checks(snap, snap.Label(), opts)...)
	}
	if f.compareWith != "" {
		old, problems := cfg.OtherEnvironment(f.compareWith)
		if err := problems.Err(); err != nil {
			return nil, fmt.Errorf("--compare-with: %w", err)
		}
		env, err := verify.OpenEnv(old, db.Options{}, cfg.Verify.SampleLimit)
		if err != nil {
			return nil, fmt.Errorf("--compare-with %s: %w", f.compareWith, err)
		}
		defer env.Close()
		snap, err := baseline.Capture(ctx, env, opts)
		if err != nil {
			return nil, fmt.Errorf("--compare-with %s: reading the %s environment: %w", f.compareWith, f.compareWith, err)
		}
		checks = append(checks, baseline.Checks(snap, "the "+f.compareWith+" environment", opts)...)
	}
	return checks, nil
}
