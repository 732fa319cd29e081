package config

import "time"

// ProbesConfig is the active probing of the nodes (package probe): the built-in probes of every
// node (its Version service reports the expected version, the gateway is ready, its ports accept
// connections, its TLS certificates are valid and not about to expire) and the site's own test
// cases. The daemon runs them every interval; `apimwatch verify --probes` runs them once.
type ProbesConfig struct {
	// Enabled runs the probes on a schedule in the daemon; default true.
	Enabled bool `mapstructure:"enabled" yaml:"enabled"`
	// Interval between two runs; default 1m, at least 10s.
	Interval time.Duration `mapstructure:"interval" yaml:"interval"`
	// Timeout of each probe (connection, TLS handshake, token request and answer included).
	Timeout time.Duration `mapstructure:"timeout" yaml:"timeout"`
	// Builtin probes every node (see NodeConfig.Host, Ports, Profile, ExpectedVersion); default true.
	Builtin bool `mapstructure:"builtin" yaml:"builtin"`
	// CertWarnWithin and CertFailWithin: a certificate expiring within them warns, or fails.
	CertWarnWithin time.Duration `mapstructure:"cert_warn_within" yaml:"cert_warn_within"`
	CertFailWithin time.Duration `mapstructure:"cert_fail_within" yaml:"cert_fail_within"`
	// TLS applies to the built-in probes, and to the test cases that do not say otherwise.
	TLS ProbeTLSConfig `mapstructure:"tls" yaml:"tls"`
	// Tests are the site's own test cases.
	Tests []ProbeTestConfig `mapstructure:"tests" yaml:"tests,omitempty"`
}

// ProbeTLSConfig is how the probes verify the nodes' certificates.
type ProbeTLSConfig struct {
	// CAFile is a PEM bundle trusted instead of the system roots (a site CA, or the certificate
	// of a default WSO2 pack's keystore).
	CAFile string `mapstructure:"ca_file" yaml:"ca_file"`
	// InsecureSkipVerify accepts any certificate; every result then carries a warning.
	InsecureSkipVerify bool `mapstructure:"insecure_skip_verify" yaml:"insecure_skip_verify"`
}

// ProbeTestConfig is one of the site's test cases: a request and what its answer must be.
type ProbeTestConfig struct {
	// Name is the `probe` label; unique per node.
	Name string `mapstructure:"name" yaml:"name"`
	// Node is the `node` label: the configured node the test belongs to; "" for a site-wide
	// test (through a load balancer, say).
	Node   string `mapstructure:"node" yaml:"node,omitempty"`
	Method string `mapstructure:"method" yaml:"method,omitempty"`
	URL    string `mapstructure:"url" yaml:"url"`
	// Headers are request headers. Their values are secrets (an Authorization or apikey header
	// is a credential): never printed, and `$secret{alias}` takes the value from secrets or
	// APIMWATCH_SECRET_<ALIAS>.
	Headers map[string]Secret `mapstructure:"headers" yaml:"headers,omitempty"`
	Body    string            `mapstructure:"body" yaml:"body,omitempty"`
	Expect  ProbeExpectConfig `mapstructure:"expect" yaml:"expect"`
	// OAuth2 gets an access token by client credentials and sends it as a bearer token.
	OAuth2 *ProbeOAuth2Config `mapstructure:"oauth2" yaml:"oauth2,omitempty"`
	TLS    ProbeTestTLSConfig `mapstructure:"tls" yaml:"tls,omitempty"`
	// FollowOtherHosts lets redirects lead to another host; default false (the probe fails).
	FollowOtherHosts bool `mapstructure:"follow_other_hosts" yaml:"follow_other_hosts,omitempty"`
}

// ProbeExpectConfig is what a test's answer must be; every condition given must hold.
type ProbeExpectConfig struct {
	// Status is the expected HTTP status; 0 accepts any 2xx.
	Status       int    `mapstructure:"status" yaml:"status,omitempty"`
	BodyContains string `mapstructure:"body_contains" yaml:"body_contains,omitempty"`
	// JSONField is a path into a JSON body (`data.status`, `items[0].name`); JSONValue the
	// value it must have, as text.
	JSONField  string        `mapstructure:"json_field" yaml:"json_field,omitempty"`
	JSONValue  string        `mapstructure:"json_value" yaml:"json_value,omitempty"`
	MaxLatency time.Duration `mapstructure:"max_latency" yaml:"max_latency,omitempty"`
}

// ProbeOAuth2Config are client credentials for the token endpoint (/oauth2/token on 4.x).
type ProbeOAuth2Config struct {
	TokenURL string `mapstructure:"token_url" yaml:"token_url"`
	ClientID string `mapstructure:"client_id" yaml:"client_id"`
	// ClientSecret may be `$secret{alias}`, taken from secrets or APIMWATCH_SECRET_<ALIAS>.
	ClientSecret Secret   `mapstructure:"client_secret" yaml:"client_secret"`
	Scopes       []string `mapstructure:"scopes" yaml:"scopes,omitempty"`
}

// ProbeTestTLSConfig overrides probes.tls for one test.
type ProbeTestTLSConfig struct {
	// CAFile replaces probes.tls.ca_file.
	CAFile string `mapstructure:"ca_file" yaml:"ca_file,omitempty"`
	// ServerName is the name the certificate must be valid for, when it is not the URL's host.
	ServerName string `mapstructure:"server_name" yaml:"server_name,omitempty"`
	// InsecureSkipVerify replaces probes.tls.insecure_skip_verify when given.
	InsecureSkipVerify *bool `mapstructure:"insecure_skip_verify" yaml:"insecure_skip_verify,omitempty"`
}
