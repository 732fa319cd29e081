package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// loadYAML writes body (with $HOME standing for a real CARBON_HOME directory) to a file and
// loads it with the given command-line arguments.
func loadYAML(t *testing.T, body string, args ...string) (*Config, Problems, string) {
	t.Helper()
	dir := t.TempDir()
	home := filepath.Join(dir, "wso2am-4.2.0")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "apimwatch.yml")
	if err := os.WriteFile(file, []byte(strings.ReplaceAll(body, "$HOME", home)), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	RegisterFlags(fs)
	if err := fs.Parse(append([]string{"--config.file=" + file}, args...)); err != nil {
		t.Fatal(err)
	}
	cfg, ps := Load(fs)
	return cfg, ps, home
}

func problemStrings(ps Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestLoadReportsEveryProblemWithKeyAndFix(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want []string
	}{
		{"misspelt top-level key", "enviroment: new\n",
			[]string{`error: enviroment: unknown key; did you mean "environment"?`}},
		{"misspelt node key", "nodes:\n  - carbon_hom: /opt/wso2\n",
			[]string{`error: nodes[0].carbon_hom: unknown key; did you mean "carbon_home"?`}},
		{"unknown key far from any", "web:\n  listen_address: ':9247'\n  tls: true\n",
			[]string{`error: web.tls: unknown key; known keys here: listen_address, config_file, telemetry_path`}},
		{"list where a string goes", "web:\n  listen_address: [a, b]\n",
			[]string{`error: web.listen_address: must be a string, got a list`}},
		{"port not a number", "nodes:\n  - carbon_home: $HOME\n    databases:\n      am: {driver: mysql, host: db, name: AM, port: abc}\n",
			[]string{`error: nodes[0].databases.am.port: must be a whole number, got a string (abc)`}},
		{"secret of the wrong type never quoted", "secrets:\n  db: {value: hunter2}\n",
			[]string{`error: secrets.db: must be a string, got a mapping`}},
		{"bool not a bool", "nodes:\n  - carbon_home: $HOME\n    discover: maybe\n",
			[]string{`error: nodes[0].discover: must be true or false, got a string (maybe)`}},
		{"several problems in one pass", "log:\n  level: verbose\n  format: logfmt\nweb:\n  telemetry_path: metrics\n",
			[]string{
				`error: web.telemetry_path: "metrics" must start with '/', e.g. /metrics`,
				`error: log.level: "verbose" is not a level; use debug, info, warn or error`,
				`error: log.format: "logfmt" is not a format; use json or console`,
			}},
		{"telemetry path taken", "web:\n  telemetry_path: /healthz\n",
			[]string{`error: web.telemetry_path: "/healthz" is taken by the status page or a health endpoint; use /metrics`}},
		{"telemetry path on the status JSON", "web:\n  telemetry_path: /api/status\n",
			[]string{`error: web.telemetry_path: "/api/status" is taken by the status page or a health endpoint; use /metrics`}},
		{"listen address without port", "web:\n  listen_address: localhost\n",
			[]string{`error: web.listen_address: "localhost" is not host:port (e.g. ":9247" or "127.0.0.1:9247")`}},
		{"carbon_home missing", "nodes:\n  - name: gw\n",
			[]string{`error: nodes[0].carbon_home: is required; give the WSO2 node's CARBON_HOME (the directory holding bin/ and repository/)`}},
		{"carbon_home relative", "nodes:\n  - carbon_home: wso2am\n",
			[]string{`error: nodes[0].carbon_home: "wso2am" must be an absolute path`}},
		{"carbon_home absent", "nodes:\n  - carbon_home: /nonexistent/wso2am\n",
			[]string{`error: nodes[0].carbon_home: /nonexistent/wso2am cannot be read (no such file or directory); give the CARBON_HOME of a WSO2 node on this host`}},
		{"duplicate node names", "nodes:\n  - carbon_home: $HOME\n  - carbon_home: $HOME\n",
			[]string{`error: nodes[1].name: "wso2am-4.2.0" is already the name of nodes[0]; give each node its own name (it is the ` + "`node`" + ` label)`}},
		{"unknown database role", "nodes:\n  - carbon_home: $HOME\n    databases:\n      registry: {dsn: x, driver: pgx}\n",
			[]string{`error: nodes[0].databases.registry: unknown database role; known keys here: um, reg, am`}},
		{"database given twice", "nodes:\n  - carbon_home: $HOME\n    databases:\n      reg: {driver: pgx, dsn: 'postgres://db/reg', host: db, name: reg}\n",
			[]string{`error: nodes[0].databases.reg: give the database one way: dsn, jdbc_url, or host with name`}},
		{"driver misspelt", "nodes:\n  - carbon_home: $HOME\n    databases:\n      um: {driver: mysq, dsn: 'u@tcp(db)/um'}\n",
			[]string{`error: nodes[0].databases.um.driver: "mysq" is not a driver apimwatch has; did you mean "mysql"?`}},
		{"dsn without driver", "nodes:\n  - carbon_home: $HOME\n    databases:\n      um: {dsn: 'postgres://db/um'}\n",
			[]string{`error: nodes[0].databases.um.driver: is required with dsn or host; use one of pgx, mysql, sqlserver, oracle, sqlite`}},
		{"custom check that writes", "verify:\n  custom_checks:\n    - {id: purge, title: Purge, role: am, sql: 'DELETE FROM AM_API'}\n",
			[]string{`error: verify.custom_checks[0].sql: starts with DELETE; only a query (SELECT, or WITH ... SELECT) may run`}},
		{"custom check with two statements and a bad op", "verify:\n  custom_checks:\n    - {id: blocked, title: Blocked, role: registry, sql: 'SELECT 1; SELECT 2', expect: value, op: '=>'}\n",
			[]string{
				`error: verify.custom_checks[0].role: "registry" is not a database role; use um, reg or am`,
				`error: verify.custom_checks[0].sql: holds more than one statement; give exactly one SELECT (a ';' may only end it)`,
				"error: verify.custom_checks[0].op: \"=>\" is not a comparison; use one of < <= == != >= > (the check passes when `value op threshold` holds)",
			}},
		{"threshold not a number", "verify:\n  custom_checks:\n    - {id: x, title: X, role: am, sql: 'SELECT 1', expect: value, op: '<', threshold: many}\n",
			[]string{`error: verify.custom_checks[0].threshold: must be a number, got a string (many)`}},
		{"verify interval too short", "verify:\n  interval: 5s\n  fail_on: major\n",
			[]string{
				`error: verify.interval: 5s is out of range; use 1m to 24h (the checks read whole tables: not too often)`,
				`error: verify.fail_on: "major" is not a severity; use critical, warning or info`,
			}},
		{"log rule that cannot match", "logs:\n  rules:\n    - {id: none, message: x, levels: [info]}\n    - {id: Gw, levels: [error]}\n",
			[]string{
				`error: logs.rules[0].id: "none" is reserved (it is the signature label of unclassified records or of the overflow); choose another id`,
				`error: logs.rules[0].levels[0]: "info" cannot be matched: only WARN, ERROR, FATAL records are classified`,
				`error: logs.rules[1].id: "Gw" is not a rule id; use lower-case letters, digits, '-' and '_', starting with a letter (F1-F18 are the built-in signatures)`,
				`error: logs.rules[1]: matches nothing; give at least one of logger, message, exception (regular expressions)`,
			}},
		{"cutover without a zone", "cutover: 2026-12-07 14:00:00\n",
			[]string{`error: cutover: "2026-12-07 14:00:00" is not an RFC 3339 time; write it as 2026-12-07T14:00:00Z, or with the zone's offset, as 2026-12-07T15:00:00+01:00`}},
		{"cutover a date alone", "cutover: 2026-12-07\n",
			[]string{`error: cutover: "2026-12-07" is not an RFC 3339 time; write it as 2026-12-07T14:00:00Z, or with the zone's offset, as 2026-12-07T15:00:00+01:00`}},
		{"misspelt cutover", "cutovr: 2026-12-07T14:00:00Z\n",
			[]string{`error: cutovr: unknown key; did you mean "cutover"?`}},
		{"bad version", "nodes:\n  - carbon_home: $HOME\n    product_version: v4.2\n",
			[]string{`error: nodes[0].product_version: "v4.2" is not a version such as 4.2.0`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ps, _ := loadYAML(t, c.yaml)
			got := problemStrings(ps)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("problems:\n  got  %q\n  want %q", got, c.want)
			}
			if c.want != nil && ps.Err() == nil {
				t.Errorf("Err() is nil with error problems")
			}
		})
	}
}

func TestLoadGoodFile(t *testing.T) {
	cfg, ps, home := loadYAML(t, `
environment: new
web:
  listen_address: "127.0.0.1:19247"
log: {level: debug, format: console}
secrets:
  wso2am_db: s3cr3t
nodes:
  - carbon_home: $HOME
    is_separate_registry_db: true
    gateway_environments: [Default, Internal]
    databases:
      am: {driver: pgx, host: db.example, name: wso2am, user: wso2, password: 12345}
`)
	if len(ps) > 0 {
		t.Fatalf("unexpected problems: %v", problemStrings(ps))
	}
	if cfg.Environment != "new" || cfg.Web.ListenAddress != "127.0.0.1:19247" || cfg.Log.Level != "debug" || cfg.Web.TelemetryPath != "/metrics" {
		t.Errorf("scalars not loaded: %+v", cfg)
	}
	n := cfg.Nodes[0]
	if n.Name != "wso2am-4.2.0" || n.CarbonHome != home || !*n.IsSeparateRegistryDB || len(n.GatewayEnvironments) != 2 {
		t.Errorf("node not loaded: %+v", n)
	}
	if got := n.Databases["am"].Password.Reveal(); got != "12345" {
		t.Errorf("a numeric YAML password must load as its digits, got %q", got)
	}
	if cfg.Secrets["wso2am_db"].Reveal() != "s3cr3t" {
		t.Errorf("secrets not loaded")
	}
}

func TestInvalidYAMLNamesFileAndLine(t *testing.T) {
	_, ps, _ := loadYAML(t, "web:\n  listen_address: ':9247'\n bad indent: x\n")
	if len(ps) != 1 || ps[0].Key != "config.file" || !strings.Contains(ps[0].Message, "is not valid YAML") || !strings.Contains(ps[0].Message, "line 2") {
		t.Errorf("got %v", problemStrings(ps))
	}
}

func TestMissingConfigFile(t *testing.T) {
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	RegisterFlags(fs)
	_ = fs.Parse([]string{"--config.file=/nonexistent/apimwatch.yml"})
	_, ps := Load(fs)
	want := "error: config.file: /nonexistent/apimwatch.yml does not exist; give the path of a readable YAML file, or leave --config.file out"
	if len(ps) != 1 || ps[0].String() != want {
		t.Errorf("got %v, want %q", problemStrings(ps), want)
	}
}

func TestPrecedenceFlagOverEnvOverFile(t *testing.T) {
	body := "web:\n  listen_address: ':1111'\nlog:\n  level: warn\n"
	cfg, ps, _ := loadYAML(t, body)
	if len(ps) > 0 || cfg.Web.ListenAddress != ":1111" || cfg.Log.Level != "warn" {
		t.Fatalf("file value not used: %v %+v", ps, cfg)
	}
	t.Setenv("APIMWATCH_WEB_LISTEN_ADDRESS", ":2222")
	t.Setenv("APIMWATCH_LOG_LEVEL", "error")
	cfg, _, _ = loadYAML(t, body)
	if cfg.Web.ListenAddress != ":2222" || cfg.Log.Level != "error" {
		t.Errorf("environment must win over the file: %+v", cfg.Web)
	}
	cfg, _, _ = loadYAML(t, body, "--web.listen-address=:3333")
	if cfg.Web.ListenAddress != ":3333" || cfg.Log.Level != "error" {
		t.Errorf("a flag must win over the environment: %+v", cfg.Web)
	}
}

func TestEnvironmentValueIsValidatedToo(t *testing.T) {
	t.Setenv("APIMWATCH_LOG_FORMAT", "xml")
	_, ps, _ := loadYAML(t, "")
	want := `error: log.format: "xml" is not a format; use json or console`
	if len(ps) != 1 || ps[0].String() != want {
		t.Errorf("got %v, want %q", problemStrings(ps), want)
	}
}

func TestCarbonHomeFromEnvironment(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	t.Setenv("APIMWATCH_CARBON_HOME", a+", "+b)
	cfg, ps := Load(nil)
	if len(ps) > 0 || len(cfg.Nodes) != 2 || cfg.Nodes[0].CarbonHome != a || cfg.Nodes[1].CarbonHome != b {
		t.Errorf("got %v %+v", problemStrings(ps), cfg.Nodes)
	}
}

func TestPasswordFile(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, ps, _ := loadYAML(t, "nodes:\n  - carbon_home: $HOME\n    databases:\n      am: {driver: mysql, host: db, name: AM, password_file: "+pw+"}\n")
	if len(ps) > 0 || cfg.Nodes[0].Databases["am"].Password.Reveal() != "from-file" {
		t.Errorf("got %v", problemStrings(ps))
	}
	_, ps, _ = loadYAML(t, "nodes:\n  - carbon_home: $HOME\n    databases:\n      am: {driver: mysql, host: db, name: AM, password: x, password_file: /nonexistent}\n")
	want := []string{
		"error: nodes[0].databases.am.password_file: give either password or password_file, not both",
		"error: nodes[0].databases.am.password_file: /nonexistent cannot be read (no such file or directory)",
	}
	if strings.Join(problemStrings(ps), "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", problemStrings(ps), want)
	}
}

func TestDefaultsWithoutFile(t *testing.T) {
	cfg, ps := Load(nil)
	if len(ps) > 0 || cfg.Web.ListenAddress != DefaultListenAddress || cfg.Web.TelemetryPath != "/metrics" || cfg.Log.Format != "json" || cfg.Log.Level != "info" {
		t.Errorf("defaults: %v %+v", problemStrings(ps), cfg)
	}
}

// wso2Ports are the ports a WSO2 API-M node listens on before `[server] offset` (domain guide §2).
// 7611 and 7711 are the traffic manager's thrift ports of older packs.
var wso2Ports = []int{9443, 9763, 8243, 8280, 9099, 8099, 9021, 8021, 9999, 11111, 5672, 9611, 9711, 7611, 7711, 1234}

func TestDefaultPortAvoidsWSO2Ports(t *testing.T) {
	offsets := []int{}
	for o := 0; o <= 100; o++ {
		offsets = append(offsets, o)
	}
	for o := 110; o <= 3000; o += 10 {
		offsets = append(offsets, o)
	}
	const port = 9247
	if DefaultListenAddress != ":9247" {
		t.Fatalf("DefaultListenAddress changed to %s: update this test's port", DefaultListenAddress)
	}
	for _, p := range wso2Ports {
		for _, o := range offsets {
			if p+o == port {
				t.Errorf("default port %d is WSO2 port %d with offset %d", port, p, o)
			}
		}
	}
}
