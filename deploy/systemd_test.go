package deploy

import (
	"bufio"
	"bytes"
	"errors"
	"github.com/apimwatch/apimwatch/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

const (
	unitFile = "systemd/apimwatch.service"
	// unitBinary is where docs/deployment.md installs the binary, and unitConfig where it
	// installs the example configuration, systemd/apimwatch.yml.
	unitBinary    = "/usr/local/bin/apimwatch"
	unitConfig    = "/etc/apimwatch/apimwatch.yml"
	exampleConfig = "systemd/apimwatch.yml"
	// fixtureHome stands in for the example's CARBON_HOME: a 4.2 node with MySQL databases.
	fixtureHome = "../discovery/testdata/home-4.2-mysql"
)

// unit is a parsed unit file: section, then key, then every value given, in order.
type unit map[string]map[string][]string

func parseUnit(t *testing.T, path string) unit {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	u := unit{}
	section := ""
	scanner := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
			u[section] = map[string][]string{}
		default:
			key, value, ok := strings.Cut(line, "=")
			if !ok || section == "" || strings.HasSuffix(line, `\`) {
				t.Fatalf("%s:%d: %q is not a key=value line of a section", path, n, line)
			}
			u[section][key] = append(u[section][key], value)
		}
	}
	return u
}

// last returns the value a key ends up with (a later assignment overrides an earlier one).
func (u unit) last(section, key string) string {
	values := u[section][key]
	if len(values) == 0 {
		return ""
	}
	return values[len(values)-1]
}

func TestSystemdUnit(t *testing.T) {
	u := parseUnit(t, unitFile)
	bin := apimwatchBinary(t)

	// systemd-analyze checks that the binary exists: point ExecStart at the one just built.
	text, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.last("Service", "ExecStart"), unitBinary+" ") {
		t.Fatalf("ExecStart does not run %s", unitBinary)
	}
	installed := filepath.Join(t.TempDir(), "apimwatch.service")
	if err := os.WriteFile(installed, bytes.ReplaceAll(text, []byte(unitBinary), []byte(bin)), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("systemd-analyze verify", func(t *testing.T) {
		analyze := testtool.Path(t, "systemd-analyze", "systemd")
		out, err := exec.Command(analyze, "verify", installed).CombinedOutput()
		if err != nil {
			t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
		}
		// Unknown keys and bad values are warnings, with exit status 0.
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, filepath.Base(installed)) {
				t.Errorf("systemd-analyze verify: %s", line)
			}
		}
	})

	t.Run("systemd-analyze security", func(t *testing.T) {
		analyze := testtool.Path(t, "systemd-analyze", "systemd")
		// --threshold is on the 0-100 scale of the 0.0-10.0 exposure it prints: at most 2.0,
		// within systemd's "OK" band.
		out, err := exec.Command(analyze, "security", "--offline=true", "--threshold=20", installed).CombinedOutput()
		if err != nil {
			t.Errorf("systemd-analyze security: exposure above 2.0 (%v):\n%s", err, out)
		}
	})

	t.Run("sandbox keeps what the agent reads", func(t *testing.T) {
		for _, c := range []struct{ key, want, why string }{
			{"StateDirectory", "apimwatch", "logs.state_dir defaults to $STATE_DIRECTORY"},
			{"ExecReload", "/bin/kill -HUP $MAINPID", "SIGHUP reloads the configuration"},
			{"ProtectSystem", "strict", "the agent writes only its state directory"},
			{"NoNewPrivileges", "yes", ""},
			{"CapabilityBoundingSet", "", "the agent needs no capability"},
			{"ProtectProc", "", "invisible would hide the WSO2 JVM, another service's process"},
			{"ProcSubset", "", "pid would hide /proc/stat and /proc/meminfo, the host metrics"},
			{"PrivateUsers", "", "the agent reads files owned by WSO2's user"},
			{"PrivateNetwork", "", "the agent serves /metrics and connects to the databases"},
			{"DynamicUser", "", "a transient user could not read WSO2's logs and /proc/<pid>/fd"},
			{"RemoveIPC", "", "the agent runs as WSO2's user, whose IPC objects it would remove"},
		} {
			if got := u.last("Service", c.key); got != c.want {
				t.Errorf("%s=%s, want %q: %s", c.key, got, c.want, c.why)
			}
		}
		families := strings.Fields(u.last("Service", "RestrictAddressFamilies"))
		if !slices.Contains(families, "AF_INET") || !slices.Contains(families, "AF_INET6") {
			t.Errorf("RestrictAddressFamilies=%s must allow AF_INET and AF_INET6", families)
		}
		if u.last("Service", "User") == "" {
			t.Error("no User=: the agent would run as root")
		}
	})

	t.Run("ExecStart with the example configuration", func(t *testing.T) {
		root := t.TempDir()
		args := strings.Fields(u.last("Service", "ExecStart"))[1:]
		if len(args) == 0 || args[0] != "run" {
			t.Fatalf("ExecStart runs %q, want run", args)
		}
		if path, _ := flagValue(args, "config.file"); path != unitConfig {
			t.Fatalf("ExecStart reads %q, want %s, where the docs install %s", path, unitConfig, exampleConfig)
		}
		example, err := os.ReadFile(exampleConfig)
		if err != nil {
			t.Fatal(err)
		}
		config := filepath.Join(root, unitConfig)
		writeFile(t, config, string(example))
		for _, home := range rebaseConfigFile(t, config, root) {
			linkFixtureHome(t, home)
		}
		// What systemd sets for StateDirectory=.
		stateDir := filepath.Join(root, "var/lib", u.last("Service", "StateDirectory"))
		if err := os.MkdirAll(stateDir, 0o700); err != nil {
			t.Fatal(err)
		}
		checkArgs := append([]string{"config", "check"}, args[1:]...)
		for i, a := range checkArgs {
			if strings.HasPrefix(a, "--config.file=") {
				checkArgs[i] = "--config.file=" + config
			}
		}
		out := configCheck(t, bin, []string{"STATE_DIRECTORY=" + stateDir}, checkArgs...)
		if out.Configuration.Logs.StateDir != stateDir {
			t.Errorf("logs.state_dir = %s, want the unit's state directory %s", out.Configuration.Logs.StateDir, stateDir)
		}
		if len(out.Problems) > 0 {
			t.Errorf("the example configuration has problems: %q", out.Problems)
		}
		for _, n := range out.Nodes {
			if len(n.Databases) == 0 || len(n.LogFiles) == 0 {
				t.Errorf("node %s: discovery found no database or no log file under its carbon_home", n.Name)
			}
		}
	})
}

func linkFixtureHome(t *testing.T, home string) {
	t.Helper()
	fixture, err := filepath.Abs(fixtureHome)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(home), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fixture, home); err != nil {
		t.Fatal(err)
	}
}

// apimwatchBinary returns the apimwatch executable: the one `make build` made
// (APIMWATCH_BINARY), or one built now.
func apimwatchBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("APIMWATCH_BINARY"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "apimwatch")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/apimwatch").CombinedOutput(); err != nil {
		t.Fatalf("building apimwatch: %v\n%s", err, out)
	}
	return bin
}

// configCheckOutput is what the tests read of `apimwatch config check`'s YAML report.
type configCheckOutput struct {
	raw           string
	Configuration struct {
		Logs struct {
			StateDir string `json:"state_dir"`
		} `json:"logs"`
	} `json:"configuration"`
	Nodes []struct {
		Name      string         `json:"name"`
		Databases map[string]any `json:"databases"`
		LogFiles  []any          `json:"log_files"`
	} `json:"nodes"`
	Problems []string `json:"problems"`
}

// configCheck runs apimwatch with args and only env (plus PATH) in its environment, fails the
// test unless it exits 0 with no error among its problems, and returns its report.
func configCheck(t *testing.T, bin string, env []string, args ...string) configCheckOutput {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatal(err)
		}
		t.Fatalf("apimwatch %s: exit %d\nstderr: %s\nstdout: %s", strings.Join(args, " "), exit.ExitCode(), &stderr, &stdout)
	}
	out := configCheckOutput{raw: stdout.String()}
	if err := yaml.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("config check's report: %v", err)
	}
	for _, p := range out.Problems {
		if strings.HasPrefix(p, "error:") {
			t.Errorf("config check: %s", p)
		} else {
			t.Logf("config check: %s", p)
		}
	}
	return out
}

// configPathKeys are the keys of the apimwatch configuration that hold absolute paths.
var configPathKeys = []string{"carbon_home", "pid_file", "log_dir", "path", "state_dir", "password_file", "config_file"}

// rebaseConfigFile rewrites the configuration file at path so that every absolute path in it
// is under root, as if root were the machine's or the container's /, and returns the rebased
// carbon_home of every node.
func rebaseConfigFile(t *testing.T, path, root string) (homes []string) {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var config map[string]any
	if err := yaml.Unmarshal(text, &config); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for key, value := range v {
				if s, ok := value.(string); ok && slices.Contains(configPathKeys, key) && filepath.IsAbs(s) {
					v[key] = filepath.Join(root, s)
					if key == "carbon_home" {
						homes = append(homes, v[key].(string))
					}
				}
				walk(value)
			}
		case []any:
			for _, item := range v {
				walk(item)
			}
		}
	}
	walk(config)
	rebased, err := yaml.Marshal(config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(rebased))
	return homes
}
