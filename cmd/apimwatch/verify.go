package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/apimwatch/apimwatch/agent"
	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
	verifyreport "github.com/apimwatch/apimwatch/verify/report"
)

// verifyFlags are the gate's own flags.
type verifyFlags struct {
	node, format, output, failOn string
	baseline, compareWith        string
	only, skip                   []string
	exact                        bool
}

func newVerifyCommand() *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Run the data-consistency checks once: the post-cutover go/no-go gate",
		Long: "Runs the check catalogue once against the node's UM, REG and AM databases and prints the results.\n" +
			"Exit status: 0 go (nothing at or above --fail-on failed), 1 no-go (something did),\n" +
			"2 could not run (bad configuration, no database, or a check at or above --fail-on could not run).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			code, err := runVerify(cmd, f)
			if err != nil {
				return &exitError{code: code, err: err}
			}
			if code != 0 {
				return &exitError{code: code, err: nil}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&f.node, "node", "", "the node whose databases to check (default: the first node with databases)")
	cmd.Flags().StringVar(&f.format, "format", "table", "report format: table, json or junit")
	cmd.Flags().StringVar(&f.output, "output", "", "write the report to this file instead of standard output")
	cmd.Flags().StringVar(&f.failOn, "fail-on", "", "lowest severity whose failure means no-go: critical, warning or info (default: verify.fail_on)")
	cmd.Flags().StringSliceVar(&f.only, "only", nil, "run only these checks or families (comma-separated)")
	cmd.Flags().StringSliceVar(&f.skip, "skip", nil, "skip these checks or families (comma-separated), on top of verify.skip")
	cmd.Flags().StringVar(&f.baseline, "baseline", "", "also compare with a snapshot written by apimwatch baseline capture")
	cmd.Flags().StringVar(&f.compareWith, "compare-with", "", "also compare with environments.<name>'s databases, read now (e.g. old)")
	cmd.Flags().BoolVar(&f.exact, "exact", false, "count huge tables (REG_LOG, tokens) exactly instead of using the server's estimates")
	return cmd
}

// runVerify returns the exit code and, for code 2, why the gate could not run.
func runVerify(cmd *cobra.Command, f verifyFlags) (int, error) {
	write, ok := reportWriters[f.format]
	if !ok {
		return 2, fmt.Errorf("--format %q: use table, json or junit", f.format)
	}
	cfg, nodes, problems := config.LoadAndResolve(cmd.Flags())
	if err := problems.Err(); err != nil {
		return 2, err
	}
	failOnName := cfg.Verify.FailOn
	if f.failOn != "" {
		failOnName = f.failOn
	}
	failOn, err := verify.ParseSeverity(failOnName)
	if err != nil {
		return 2, fmt.Errorf("--fail-on: %w", err)
	}
	node, err := nodeToVerify(nodes, f.node)
	if err != nil {
		return 2, err
	}
	checks, err := agent.Checks(cfg.Verify, f.only, f.skip)
	if err != nil {
		return 2, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	comparisons, err := comparisonChecks(ctx, cfg, f)
	if err != nil {
		return 2, err
	}
	checks = append(checks, comparisons...)
	env, err := verify.OpenEnv(node, db.Options{}, cfg.Verify.SampleLimit)
	if err != nil {
		return 2, err
	}
	defer env.Close()
	env.Exact = f.exact

	runner := verify.Runner{Timeout: cfg.Verify.Timeout}
	if isTerminal(os.Stderr) {
		runner.Progress = func(done, total int, r verify.Result) {
			fmt.Fprintf(os.Stderr, "[%d/%d] %-8s %s (%s)\n", done, total, r.Status, r.CheckID, r.Duration.Round(time.Millisecond))
		}
	}
	started := time.Now()
	results := runner.Run(ctx, env, checks)
	run := verifyreport.Run{Node: node.Name, FailOn: failOn, Checks: checks, Results: results, Started: started, Duration: time.Since(started)}
	run.Verdict = verify.Decide(checks, results, failOn)

	out := cmd.OutOrStdout()
	if f.output != "" {
		file, err := os.Create(f.output)
		if err != nil {
			return 2, fmt.Errorf("--output: %w", err)
		}
		defer file.Close()
		out = file
	}
	if err := write(out, run); err != nil {
		return 2, fmt.Errorf("writing the report: %w", err)
	}
	return run.Verdict.ExitCode(), nil
}

var reportWriters = map[string]func(io.Writer, verifyreport.Run) error{
	"table": verifyreport.Table,
	"json":  verifyreport.JSON,
	"junit": verifyreport.JUnit,
}

// nodeToVerify picks the node named name, or the first node with databases.
func nodeToVerify(nodes []config.Node, name string) (config.Node, error) {
	for _, n := range nodes {
		if (name == "" && len(n.Databases) > 0) || n.Name == name {
			if len(n.Databases) == 0 {
				return n, fmt.Errorf("node %q has no database apimwatch can read: configure nodes[].databases or check its deployment.toml", n.Name)
			}
			return n, nil
		}
	}
	if name != "" {
		return config.Node{}, fmt.Errorf("no node named %q in the configuration", name)
	}
	return config.Node{}, fmt.Errorf("no node has a database apimwatch can read: configure nodes[].databases, or a carbon_home whose deployment.toml names them")
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
