package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/apimwatch/apimwatch/agent"
	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/probe"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
	verifyreport "github.com/apimwatch/apimwatch/verify/report"
)

// verifyFlags are the gate's own flags.
type verifyFlags struct {
	node, format, output, failOn string
	baseline, compareWith        string
	only, skip                   []string
	exact, probes                bool
}

func newVerifyCommand() *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Run the data-consistency checks once: the post-cutover go/no-go gate",
		Long: "Runs the check catalogue once against the node's UM, REG and AM databases and prints the results.\n" +
			"With --probes, also runs the probes once (the built-in probes of the node, or of every node without\n" +
			"--node, and the tests of probes.tests); with --probes and no node with databases, only the probes run.\n" +
			"Exit status: 0 go (nothing at or above --fail-on failed, no probe failed), 1 no-go (something did),\n" +
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
	cmd.Flags().BoolVar(&f.probes, "probes", false, "also run the probes once (probes.*); a failed probe is a no-go")
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	run := verifyreport.Run{Node: f.node, FailOn: failOn, Started: time.Now()}
	node, err := nodeToVerify(nodes, f.node)
	switch {
	case err == nil:
		run.Node = node.Name
	case !f.probes || f.baseline != "" || f.compareWith != "":
		return 2, err
	case f.node != "" && !slices.ContainsFunc(nodes, func(n config.Node) bool { return n.Name == f.node }):
		return 2, fmt.Errorf("no node named %q in the configuration", f.node)
	}
	var probed chan []probe.Result
	if f.probes {
		set := probesToRun(cfg, nodes, f.node)
		if len(set) == 0 && err != nil {
			return 2, fmt.Errorf("--probes: no probe to run and %w", err)
		}
		probed = make(chan []probe.Result, 1)
		go func() {
			runner := probe.Runner{Timeout: cfg.Probes.Timeout}
			probed <- runner.Run(ctx, set)
		}()
	}
	if err == nil {
		if code, err := runChecks(ctx, cfg, node, f, &run); err != nil {
			return code, err
		}
	}
	if probed != nil {
		run.Probes = <-probed
		if verifyreport.FailedProbes(run.Probes) > 0 {
			run.Verdict = verify.NoGo
		}
	}
	run.Duration = time.Since(run.Started)

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

// runChecks runs the checks on node's databases and records them and their verdict on run.
func runChecks(ctx context.Context, cfg *config.Config, node config.Node, f verifyFlags, run *verifyreport.Run) (int, error) {
	checks, err := agent.Checks(cfg.Verify, f.only, f.skip)
	if err != nil {
		return 2, err
	}
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
	run.Checks, run.Results = checks, runner.Run(ctx, env, checks)
	run.Verdict = verify.Decide(checks, run.Results, run.FailOn)
	return 0, nil
}

// probesToRun are the probes the configuration defines on nodes: with a node name, that node's
// built-in probes and tests and the site-wide tests. Its problems (nodes that cannot be probed)
// were reported with the configuration's.
func probesToRun(cfg *config.Config, nodes []config.Node, node string) []probe.Probe {
	set, _ := cfg.ProbeSet(nodes)
	if node == "" {
		return set
	}
	return slices.DeleteFunc(set, func(p probe.Probe) bool {
		owner := p.ProbeSpec().Node
		return owner != node && owner != ""
	})
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
