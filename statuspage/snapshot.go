// Package statuspage is the agent's status page: a snapshot of what the agent knows (the
// cutover verdict, the checks' latest results, the log signatures seen, the JVMs' state),
// served as a self-refreshing HTML page for people at / and as JSON at /api/status.
// docs/status-page.md documents every JSON field; the field names are stable.
package statuspage

import "time"

// Snapshot is everything the page shows, at one instant. Times are RFC 3339, ages whole
// seconds before GeneratedAt. Lists are never null: an empty list is [].
type Snapshot struct {
	GeneratedAt time.Time `json:"generated_at"`
	Agent       Agent     `json:"agent"`
	Verdict     Verdict   `json:"verdict"`
	// Checks are the latest results of each node whose checks have run, by node name.
	Checks []NodeChecks `json:"checks"`
	// SignaturesFrom says what SignaturesSince is: SignaturesFromCutover or
	// SignaturesFromAgentStart.
	SignaturesFrom string `json:"signatures_from"`
	// SignaturesSince is when the counting of Signatures began: the configured cutover, else
	// the agent's start.
	SignaturesSince time.Time   `json:"signatures_since"`
	Signatures      []Signature `json:"signatures"`
	// Nodes are the JVMs of the configured nodes, as read for this snapshot.
	Nodes []Node `json:"nodes"`
	// Probes are the latest results of the probes, by node ("" for the site-wide tests).
	// They do not change Verdict: see docs/status-page.md.
	Probes []NodeProbes `json:"probes"`
}

// SignaturesFrom values.
const (
	SignaturesFromCutover    = "cutover"
	SignaturesFromAgentStart = "agent_start"
)

// Agent is the agent itself.
type Agent struct {
	Version       string    `json:"version"`
	Revision      string    `json:"revision"`
	Environment   string    `json:"environment"`
	StartedAt     time.Time `json:"started_at"`
	UptimeSeconds int64     `json:"uptime_seconds"`
	ChecksEnabled bool      `json:"checks_enabled"`
	LogsEnabled   bool      `json:"logs_enabled"`
	ProbesEnabled bool      `json:"probes_enabled"`
}

// Verdict values.
const (
	VerdictGo       = "go"
	VerdictNoGo     = "no-go"
	VerdictUnknown  = "unknown"
	VerdictNoResult = "no-result"
)

// Verdict is the go/no-go over every node's latest results, as `apimwatch verify` decides it.
type Verdict struct {
	// Result is go, no-go, unknown (nothing failed but a check could not run) or no-result.
	Result string `json:"result"`
	// FailOn is verify.fail_on: the lowest severity that counts.
	FailOn string `json:"fail_on"`
	// Reason says why, in one sentence.
	Reason string `json:"reason"`
	// Failed are the checks at or above FailOn that failed; NotRun those that could not run.
	Failed []CheckRef `json:"failed"`
	NotRun []CheckRef `json:"not_run"`
}

// CheckRef names one node's check behind the verdict.
type CheckRef struct {
	Node     string `json:"node"`
	CheckID  string `json:"check_id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// NodeChecks are the latest results of one node's checks.
type NodeChecks struct {
	Node       string    `json:"node"`
	Verdict    string    `json:"verdict"`
	FinishedAt time.Time `json:"finished_at"`
	AgeSeconds int64     `json:"age_seconds"`
	// Databases say which of the node's databases answered before the run.
	Databases []Database    `json:"databases"`
	Results   []CheckResult `json:"results"`
}

// Database is whether one role's database answered.
type Database struct {
	Role string `json:"role"`
	Up   bool   `json:"up"`
}

// CheckResult is one check's latest result.
type CheckResult struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Family    string `json:"family"`
	Severity  string `json:"severity"`
	Status    string `json:"status"`
	Offending int64  `json:"offending"`
	// Samples are the first keys of the offending rows, at most MaxSamples, each at most
	// MaxSampleRunes long; SamplesOmitted counts the ones left out.
	Samples         []string  `json:"samples"`
	SamplesOmitted  int       `json:"samples_omitted"`
	Message         string    `json:"message"`
	Remediation     string    `json:"remediation"`
	StartedAt       time.Time `json:"started_at"`
	DurationSeconds float64   `json:"duration_seconds"`
	AgeSeconds      int64     `json:"age_seconds"`
}

// Signature is a known kind of post-migration trouble seen in one node's logs.
type Signature struct {
	Node        string `json:"node"`
	ID          string `json:"id"`
	Title       string `json:"title"`
	Remediation string `json:"remediation"`
	// Harmless marks known noise: counted so it can be told apart, nothing to do.
	Harmless bool `json:"harmless"`
	// Records counts the node's WARN, ERROR and FATAL records of the signature read since
	// SignaturesSince.
	Records int64 `json:"records"`
	// RecordsExact is false when Records is only a lower bound: the cutover changed (a reload)
	// after records of the signature were read, and not all of those were kept
	// (logs.recent_errors) to be recounted from it.
	RecordsExact       bool      `json:"records_exact"`
	LastSeenAt         time.Time `json:"last_seen_at"`
	LastSeenAgeSeconds int64     `json:"last_seen_age_seconds"`
	// Latest is the latest record kept (logs.recent_errors of them are); null when none is.
	Latest *Record `json:"latest"`
}

// Record is one log record, its first line with secrets masked.
type Record struct {
	Time       time.Time `json:"time"`
	AgeSeconds int64     `json:"age_seconds"`
	File       string    `json:"file"`
	Level      string    `json:"level"`
	Logger     string    `json:"logger"`
	FirstLine  string    `json:"first_line"`
	Exception  string    `json:"exception"`
	RootCause  string    `json:"root_cause"`
}

// Node is one configured node's JVM.
type Node struct {
	Node  string `json:"node"`
	JVMUp bool   `json:"jvm_up"`
	// PID, StartedAt and UptimeSeconds are null while the JVM is down.
	PID           *int       `json:"pid"`
	StartedAt     *time.Time `json:"started_at"`
	UptimeSeconds *int64     `json:"uptime_seconds"`
	// Restarts counts the JVM's replacements since the agent started.
	Restarts int64 `json:"restarts"`
	// HeapUsedBytes, HeapMaxBytes and GCTimeShare come from the JVM's perf data: null while it
	// is down or its perf data cannot be read, which PerfDataUnavailable then says why.
	HeapUsedBytes *int64 `json:"heap_used_bytes"`
	HeapMaxBytes  *int64 `json:"heap_max_bytes"`
	// GCTimeShare is the share of its time the JVM spent in collection pauses since it started.
	GCTimeShare         *float64 `json:"gc_time_share"`
	PerfDataUnavailable string   `json:"perf_data_unavailable"`
}

// NodeProbes are the latest results of one node's probes.
type NodeProbes struct {
	// Node is the `node` label; "" for the site-wide tests (probes.tests without a node).
	Node    string        `json:"node"`
	Passed  int           `json:"passed"`
	Failed  int           `json:"failed"`
	Results []ProbeResult `json:"results"`
}

// ProbeResult is one probe's latest result.
type ProbeResult struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Status is pass or fail.
	Status   string   `json:"status"`
	Message  string   `json:"message"`
	Warnings []string `json:"warnings"`
	// HTTPStatus of the last answer; 0 when the probe does not speak HTTP or got no answer.
	HTTPStatus int `json:"http_status"`
	// CertExpiresAt is when the earliest-expiring certificate the server presented expires;
	// null when no TLS handshake got that far.
	CertExpiresAt   *time.Time `json:"cert_expires_at"`
	StartedAt       time.Time  `json:"started_at"`
	DurationSeconds float64    `json:"duration_seconds"`
	AgeSeconds      int64      `json:"age_seconds"`
}
