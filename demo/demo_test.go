package demo_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/apimwatch/apimwatch/agent"
	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/demo"
	"github.com/apimwatch/apimwatch/demo/dataset"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
)

// TestChecksFindWhatTheDemoPlanted loads each environment's generated configuration as the
// agent does (discovery of the home included) and runs the agent's checks on its databases:
// the old environment passes every check, the new one fails exactly the planted ones, each
// with its number of offending rows.
func TestChecksFindWhatTheDemoPlanted(t *testing.T) {
	d, err := demo.Build(t.Context(), demo.Options{ListenAddress: "127.0.0.1:19247"})
	if err != nil {
		t.Fatal(err)
	}
	dir := d.Dir
	for _, e := range d.Environments {
		results := runChecks(t, e.ConfigFile)
		want := map[string]dataset.Fault{}
		if e.Name == "new" {
			for _, f := range dataset.Faults {
				want[f.Check] = f
			}
		}
		for _, f := range want {
			if _, ran := results[f.Check]; !ran {
				t.Errorf("%s: no check %s ran", e.Name, f.Check)
			}
		}
		for id, r := range results {
			f, planted := want[id]
			switch {
			case planted && (r.Status != verify.StatusFail || r.Offending != f.Offending):
				t.Errorf("%s: %s: %s, %d offending (%s); want fail with %d (%s)", e.Name, id, r.Status, r.Offending, r.Message, f.Offending, f.What)
			case !planted && r.Status != verify.StatusPass:
				t.Errorf("%s: %s: %s, %d offending %q (%s); want pass", e.Name, id, r.Status, r.Offending, r.Samples, r.Message)
			}
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Close left the temporary directory %s behind (%v)", dir, err)
	}
}

// runChecks resolves a configuration file as `apimwatch run --config.file` does and runs the
// agent's checks on its only node.
func runChecks(t *testing.T, file string) map[string]verify.Result {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	config.RegisterFlags(fs)
	if err := fs.Set(config.FileFlag, file); err != nil {
		t.Fatal(err)
	}
	cfg, nodes, problems := config.LoadAndResolve(fs)
	if len(problems) > 0 || len(nodes) != 1 {
		t.Fatalf("%s: %d nodes, problems: %v", file, len(nodes), problems)
	}
	checks, err := agent.Checks(cfg.Verify, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	env, err := verify.OpenEnv(nodes[0], db.Options{}, cfg.Verify.SampleLimit)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	results := map[string]verify.Result{}
	for _, r := range (verify.Runner{Timeout: time.Minute}).Run(t.Context(), env, checks) {
		results[r.CheckID] = r
	}
	return results
}

// TestAgentsCountFromTheSimulatedCutover: both agents' configurations give the demo's cutover
// (Options.Cutover after Build), without a warning, so that their status pages count the log
// signatures from it rather than from the agents' start.
func TestAgentsCountFromTheSimulatedCutover(t *testing.T) {
	before := time.Now()
	d, err := demo.Build(t.Context(), demo.Options{ListenAddress: "127.0.0.1:19247", Cutover: 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	defer func() { _ = d.Close() }()
	for _, e := range d.Environments {
		fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
		config.RegisterFlags(fs)
		if err := fs.Set(config.FileFlag, e.ConfigFile); err != nil {
			t.Fatal(err)
		}
		cfg, problems := config.Load(fs)
		if len(problems) > 0 {
			t.Fatalf("%s: %v", e.Name, problems)
		}
		// Written to the second: at most a second before the cutover Build chose.
		at := cfg.CutoverTime()
		if at.Before(before.Add(2*time.Minute-time.Second)) || at.After(after.Add(2*time.Minute)) {
			t.Errorf("%s: cutover %s, want 2 min after the build (%s to %s)", e.Name, at, before, after)
		}
	}
}

// TestDemoDirIsKept builds in a given directory: Close leaves it, and a second demo refuses to
// build over the first one's databases.
func TestDemoDirIsKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	d, err := demo.Build(t.Context(), demo.Options{Dir: dir, ListenAddress: ":9247"})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Environments[1].ListenAddress; got != ":9248" {
		t.Errorf("the old environment listens on %q, want :9248", got)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new", "apimwatch.yml")); err != nil {
		t.Errorf("--demo.dir was not kept: %v", err)
	}
	if _, err := demo.Build(t.Context(), demo.Options{Dir: dir, ListenAddress: ":9247"}); err == nil {
		t.Error("a second demo built over the first one's databases")
	}
}

func TestListenAddressNeedsARoomForTheOldSide(t *testing.T) {
	for _, address := range []string{"127.0.0.1:65535", "localhost", ":0"} {
		if _, err := demo.Build(t.Context(), demo.Options{ListenAddress: address}); err == nil {
			t.Errorf("%q: no error", address)
		}
	}
}
