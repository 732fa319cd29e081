package probe

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Kind is the closed set of probe kinds; it is the `kind` metric label.
type Kind string

const (
	KindVersion      Kind = "version"       // GET /services/Version reports the expected version
	KindGatewayReady Kind = "gateway_ready" // the gateway's server-startup-healthcheck answers 200
	KindTCP          Kind = "tcp"           // a port accepts connections
	KindTLSCert      Kind = "tls_cert"      // the certificate on a TLS port is valid and not expiring
	KindHTTP         Kind = "http"          // one of the site's test cases
)

// Spec is what every probe has: its name (unique per node; the `probe` metric label), the node it
// belongs to ("" for a site-wide test case, e.g. one that goes through a load balancer) and its
// timeout (0: the Runner's).
type Spec struct {
	Name    string
	Node    string
	Timeout time.Duration
}

// ProbeSpec returns s; every probe embeds a Spec, which makes it part of the Probe interface.
func (s Spec) ProbeSpec() Spec { return s }

// Probe is one check. The set of kinds is closed: the implementations are the structs of this
// package.
type Probe interface {
	// ProbeSpec comes with the embedded Spec.
	ProbeSpec() Spec
	Kind() Kind
	// Validate reports a definition that cannot run (no URL, a bad JSON path, ...).
	Validate() error
	// secrets are the values the probe's results must never show.
	secrets() []string
	// check runs the probe and fills Success, HTTPStatus, CertExpiry, Message and Warnings.
	check(ctx context.Context, run *runEnv, result *Result)
}

// Result is the outcome of one run of one probe.
type Result struct {
	Name     string        `json:"name"`
	Kind     Kind          `json:"kind"`
	Node     string        `json:"node,omitempty"`
	Success  bool          `json:"success"`
	Duration time.Duration `json:"duration"`
	// HTTPStatus of the last response; 0 when the probe is not an HTTP one or got no answer.
	HTTPStatus int `json:"http_status,omitempty"`
	// CertExpiry is the earliest NotAfter of the certificates the server presented; zero when
	// no TLS handshake completed.
	CertExpiry time.Time `json:"cert_expiry,omitzero"`
	// Message says why the probe failed, or what it found when it passed.
	Message  string   `json:"message"`
	Warnings []string `json:"warnings,omitempty"`
	// Time is when the run started.
	Time time.Time `json:"time"`
}

func (r *Result) fail(format string, args ...any) {
	r.Success = false
	r.Message = fmt.Sprintf(format, args...)
}

func (r *Result) pass(format string, args ...any) {
	r.Success = true
	r.Message = fmt.Sprintf(format, args...)
}

func (r *Result) warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

// Validate checks every probe and that no two probes of a node share a name (their metrics
// would collide). It returns every problem found, each prefixed with the probe's node and name.
func Validate(probes []Probe) error {
	var problems []error
	seen := map[[2]string]bool{}
	for _, p := range probes {
		s := p.ProbeSpec()
		label := s.Name
		if s.Node != "" {
			label = s.Node + "/" + s.Name
		}
		if s.Name == "" {
			problems = append(problems, fmt.Errorf("a %s probe of node %q has no name", p.Kind(), s.Node))
		} else if key := [2]string{s.Node, s.Name}; seen[key] {
			problems = append(problems, fmt.Errorf("probe %s: the name is used twice", label))
		} else {
			seen[key] = true
		}
		if s.Timeout < 0 {
			problems = append(problems, fmt.Errorf("probe %s: negative timeout %s", label, s.Timeout))
		}
		if err := p.Validate(); err != nil {
			problems = append(problems, fmt.Errorf("probe %s: %w", label, err))
		}
	}
	return errors.Join(problems...)
}
