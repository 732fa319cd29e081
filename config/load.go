package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// EnvPrefix starts every environment variable apimwatch reads.
const EnvPrefix = "APIMWATCH"

// flagKeys maps each Prometheus-style flag to its configuration key.
var flagKeys = map[string]string{
	"environment":        "environment",
	"cutover":            "cutover",
	"web.listen-address": "web.listen_address",
	"web.config.file":    "web.config_file",
	"web.telemetry-path": "web.telemetry_path",
	"log.level":          "log.level",
	"log.format":         "log.format",
}

// FileFlag is the flag naming the configuration file.
const FileFlag = "config.file"

// RegisterFlags defines the configuration flags on fs. A flag given on the command line wins
// over APIMWATCH_* variables, which win over the file, which wins over the defaults.
func RegisterFlags(fs *pflag.FlagSet) {
	fs.String(FileFlag, "", "YAML configuration file (see docs/configuration.md)")
	fs.String("environment", "", "value of the environment label on wso2_* metrics, e.g. old or new")
	fs.String("cutover", "", "when traffic moved to this environment, RFC 3339 (e.g. 2026-12-07T14:00:00Z): the status page counts log signatures from then")
	fs.String("web.listen-address", DefaultListenAddress, "address to serve /metrics, /healthz, /readyz and the landing page on")
	fs.String("web.config.file", "", "exporter-toolkit web configuration file for TLS and basic auth")
	fs.String("web.telemetry-path", "/metrics", "path under which to expose metrics")
	fs.String("log.level", "info", "log level: debug, info, warn, error")
	fs.String("log.format", "json", "log format: json or console")
}

// Load reads the configuration from the file named by --config.file (none: defaults,
// environment and flags only), APIMWATCH_* variables and the flags in fs (nil: none), and
// validates it once. It returns every problem found; the Config is nil when it could not be
// decoded at all, and must not be used when Problems.Err() is not nil.
func Load(fs *pflag.FlagSet) (*Config, Problems) {
	var ps Problems
	v := viper.New()
	for key, value := range defaults {
		v.SetDefault(key, value)
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()

	file := ""
	if fs != nil {
		for flag, key := range flagKeys {
			if f := fs.Lookup(flag); f != nil {
				_ = v.BindPFlag(key, f) // cannot fail: f is not nil
			}
		}
		if f := fs.Lookup(FileFlag); f != nil {
			file = f.Value.String()
		}
	}
	if file == "" {
		file = os.Getenv(EnvPrefix + "_CONFIG_FILE")
	}
	if file != "" {
		v.SetConfigFile(file)
		v.SetConfigType("yaml") // whatever the file is called, it is YAML
		if err := v.ReadInConfig(); err != nil {
			ps.errorf(FileFlag, "%s", describeReadError(file, err))
			return nil, ps
		}
		keepCutoverText(v, file)
	}

	settings := v.AllSettings()
	checkShape("", settings, reflect.TypeOf(Config{}), &ps)
	if len(ps) > 0 {
		return nil, ps
	}
	var cfg Config
	if err := v.Unmarshal(&cfg, func(dc *mapstructure.DecoderConfig) {
		dc.WeaklyTypedInput = true // env vars and flags are strings; checkShape vetted them
	}); err != nil {
		// checkShape accepts only what decodes, so this is a bug; don't quote the decoder,
		// whose message can hold a value.
		ps.errorf("", "could not decode the configuration after it passed the shape check; please report this")
		return nil, ps
	}
	applyEnvironment(&cfg)
	ps = append(ps, cfg.validate()...)
	return &cfg, ps
}

// applyEnvironment adds nodes for a container or unit configured by environment alone:
// APIMWATCH_CARBON_HOME names one CARBON_HOME, or several separated by commas.
func applyEnvironment(cfg *Config) {
	homes := os.Getenv(EnvPrefix + "_CARBON_HOME")
	if homes == "" || len(cfg.Nodes) > 0 {
		return
	}
	for _, home := range strings.Split(homes, ",") {
		if home = strings.TrimSpace(home); home != "" {
			cfg.Nodes = append(cfg.Nodes, NodeConfig{CarbonHome: home})
		}
	}
}

// SecretEnvName is the variable that gives the value of `$secret{alias}` when the file's
// `secrets` does not: APIMWATCH_SECRET_ and the alias in upper case, other characters as '_'.
func SecretEnvName(alias string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(alias) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return EnvPrefix + "_SECRET_" + b.String()
}

func describeReadError(file string, err error) string {
	var parseErr viper.ConfigParseError
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Sprintf("%s does not exist; give the path of a readable YAML file, or leave --config.file out", file)
	case errors.Is(err, os.ErrPermission):
		return fmt.Sprintf("%s cannot be read by this user (%s); fix its permissions", file, err)
	case errors.As(err, &parseErr):
		return fmt.Sprintf("%s is not valid YAML: %s", file, strings.TrimPrefix(parseErr.Error(), "While parsing config: "))
	default:
		return fmt.Sprintf("reading %s: %s", file, err)
	}
}
