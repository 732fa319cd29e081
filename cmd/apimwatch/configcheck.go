package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/apimwatch/apimwatch/agent"
	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
)

func newConfigCommand() *cobra.Command {
	cfgCmd := &cobra.Command{Use: "config", Short: "Configuration commands"}
	cfgCmd.AddCommand(&cobra.Command{
		Use:   "check",
		Short: "Load the configuration, show it (secrets redacted) with what discovery found, and list every problem",
		Long: "Loads the configuration the way `run` does, discovers every node's CARBON_HOME, and prints the\n" +
			"configuration, what discovery found, the settings each node ends up with and where each came from,\n" +
			"then every problem. Exit status: 0 when there is no error (warnings allowed), 1 otherwise.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, nodes, problems := config.LoadAndResolve(cmd.Flags())
			if cfg != nil && problems.Err() == nil {
				if _, err := agent.Checks(cfg.Verify, nil, nil); err != nil {
					problems = append(problems, config.Problem{Key: "verify.skip", Message: err.Error()})
				}
			}
			if err := writeReport(cmd.OutOrStdout(), cfg, nodes, problems); err != nil {
				return err
			}
			if n := len(problems.Errors()); n > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%d configuration error(s)", n)}
			}
			return nil
		},
	})
	return cfgCmd
}

// report is what `config check` prints, as YAML: it can be read by a person and parsed by a script.
type report struct {
	Configuration *config.Config    `yaml:"configuration,omitempty"`
	Discovered    []*discovery.Home `yaml:"discovered,omitempty"`
	Nodes         []config.Node     `yaml:"nodes,omitempty"`
	Problems      []string          `yaml:"problems"`
}

func writeReport(w io.Writer, cfg *config.Config, nodes []config.Node, problems config.Problems) error {
	r := report{Configuration: cfg, Nodes: nodes, Problems: []string{}}
	for _, n := range nodes {
		if n.Home != nil {
			// Discovery's warnings are listed once, under problems, less those the
			// configuration makes moot.
			home := *n.Home
			home.Warnings = nil
			r.Discovered = append(r.Discovered, &home)
		}
	}
	for _, p := range problems {
		r.Problems = append(r.Problems, p.String())
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return enc.Close()
}
