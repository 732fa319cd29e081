package statuspage

import (
	"cmp"
	"maps"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/apimwatch/apimwatch/logwatch"
	"github.com/apimwatch/apimwatch/probe"
	"github.com/apimwatch/apimwatch/verify"
)

// Bounds on what a check's samples show: verify.sample_limit allows 1000 samples, and a sample
// is a key from the database, of any length; a page must stay readable.
const (
	MaxSamples     = 20
	MaxSampleRunes = 200
)

// Input is the agent's state a snapshot is built from.
type Input struct {
	Now                            time.Time
	Version, Revision, Environment string
	AgentStarted                   time.Time
	ChecksEnabled, LogsEnabled     bool

	FailOn verify.Severity
	// Checks are the checks verify.* configures: their titles, families and severities.
	Checks  []verify.Check
	Results map[string]verify.NodeResults

	// Signatures are the signatures a record can be classified as: the built-in catalogue and
	// the site's rules.
	Signatures []logwatch.Signature
	// SignatureCounts are the records of each node and signature read since AgentStarted, or,
	// with Cutover, those of them written at or after it.
	SignatureCounts []SignatureCount
	// RecentErrors are the latest records kept, newest first.
	RecentErrors []logwatch.RecentError
	// Cutover, when not zero, is when traffic moved to this environment: the signatures count
	// only the records written from then on, the ones before being the old run's.
	Cutover time.Time

	JVMs []JVM

	ProbesEnabled bool
	// Probes are the results of the probes' latest run.
	Probes []probe.Result
}

// SignatureCount is one node's records of one signature. LowerBound says Records may fall
// short (logwatch.SignatureCount's). LastSeen is the time of the latest record read, whenever
// it was written.
type SignatureCount struct {
	Node, Signature string
	Records         int64
	LowerBound      bool
	LastSeen        time.Time
}

// JVM is one node's JVM as the collector saw it; StartedAt is zero while it is down. Perf is
// nil when its perf data was not read, and PerfDataReason then says why, if the collector knows.
type JVM struct {
	Node           string
	Up             bool
	PID            int
	StartedAt      time.Time
	Restarts       int64
	Perf           *JVMPerf
	PerfDataReason string
}

// JVMPerf is what a JVM's perf data says of its heap and collections.
type JVMPerf struct {
	HeapUsed, HeapMax int64
	// GCSeconds is how long its collectors paused it in UptimeSeconds, since it started.
	GCSeconds, UptimeSeconds float64
}

// Build turns the agent's state into a snapshot.
func Build(in Input) Snapshot {
	checks := map[string]verify.Check{}
	for _, c := range in.Checks {
		checks[c.ID] = c
	}
	from, since := SignaturesFromAgentStart, in.AgentStarted
	if !in.Cutover.IsZero() {
		from, since = SignaturesFromCutover, in.Cutover
	}
	return Snapshot{
		GeneratedAt: in.Now,
		Agent: Agent{
			Version: in.Version, Revision: in.Revision, Environment: in.Environment,
			StartedAt: in.AgentStarted, UptimeSeconds: ageSeconds(in.Now, in.AgentStarted),
			ChecksEnabled: in.ChecksEnabled, LogsEnabled: in.LogsEnabled, ProbesEnabled: in.ProbesEnabled,
		},
		Verdict:         decide(in, checks),
		Checks:          nodeChecks(in, checks),
		SignaturesFrom:  from,
		SignaturesSince: since,
		Signatures:      signatures(in),
		Nodes:           nodes(in),
		Probes:          nodeProbes(in),
	}
}

// nodeProbes groups the results by node, the site-wide tests first, failures first in a node.
func nodeProbes(in Input) []NodeProbes {
	byNode := map[string]*NodeProbes{}
	for _, r := range in.Probes {
		np, ok := byNode[r.Node]
		if !ok {
			np = &NodeProbes{Node: r.Node, Results: []ProbeResult{}}
			byNode[r.Node] = np
		}
		pr := ProbeResult{
			Name: r.Name, Kind: string(r.Kind), Status: "pass", Message: r.Message, Warnings: append([]string{}, r.Warnings...),
			HTTPStatus: r.HTTPStatus, StartedAt: r.Time, DurationSeconds: r.Duration.Seconds(), AgeSeconds: ageSeconds(in.Now, r.Time.Add(r.Duration)),
		}
		if !r.CertExpiry.IsZero() {
			expiry := r.CertExpiry
			pr.CertExpiresAt = &expiry
		}
		if r.Success {
			np.Passed++
		} else {
			pr.Status = "fail"
			np.Failed++
		}
		np.Results = append(np.Results, pr)
	}
	out := []NodeProbes{}
	for _, name := range slices.Sorted(maps.Keys(byNode)) {
		np := byNode[name]
		slices.SortStableFunc(np.Results, func(a, b ProbeResult) int { return cmp.Compare(statusRank[a.Status], statusRank[b.Status]) })
		out = append(out, *np)
	}
	return out
}

func nodeChecks(in Input, checks map[string]verify.Check) []NodeChecks {
	out := []NodeChecks{}
	for _, name := range slices.Sorted(maps.Keys(in.Results)) {
		nr := in.Results[name]
		nc := NodeChecks{
			Node: name, Verdict: verify.Decide(in.Checks, nr.Results, in.FailOn).String(),
			FinishedAt: nr.Finished, AgeSeconds: ageSeconds(in.Now, nr.Finished),
			Databases: []Database{}, Results: []CheckResult{},
		}
		for _, role := range slices.Sorted(maps.Keys(nr.DatabaseUp)) {
			nc.Databases = append(nc.Databases, Database{Role: string(role), Up: nr.DatabaseUp[role]})
		}
		for _, r := range nr.Results {
			nc.Results = append(nc.Results, checkResult(in.Now, checks[r.CheckID], r))
		}
		// What needs attention first; the catalogue's order otherwise.
		slices.SortStableFunc(nc.Results, func(a, b CheckResult) int { return cmp.Compare(statusRank[a.Status], statusRank[b.Status]) })
		out = append(out, nc)
	}
	return out
}

var statusRank = map[string]int{string(verify.StatusFail): 0, string(verify.StatusError): 1, string(verify.StatusPass): 2, string(verify.StatusSkip): 3}

func checkResult(now time.Time, c verify.Check, r verify.Result) CheckResult {
	samples, omitted := boundedSamples(r.Samples)
	return CheckResult{
		ID: r.CheckID, Title: c.Title, Family: c.Family, Severity: c.Severity.String(), Status: string(r.Status),
		Offending: r.Offending, Samples: samples, SamplesOmitted: omitted, Message: r.Message, Remediation: c.Remediation,
		StartedAt: r.Started, DurationSeconds: r.Duration.Seconds(), AgeSeconds: ageSeconds(now, r.Started.Add(r.Duration)),
	}
}

func boundedSamples(all []string) (shown []string, omitted int) {
	shown = make([]string, 0, min(len(all), MaxSamples))
	for _, s := range all[:min(len(all), MaxSamples)] {
		shown = append(shown, truncate(s, MaxSampleRunes))
	}
	return shown, len(all) - len(shown)
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}

func signatures(in Input) []Signature {
	catalogue := map[string]logwatch.Signature{}
	for _, s := range in.Signatures {
		catalogue[s.ID] = s
	}
	kept := map[[2]string][]logwatch.RecentError{}
	for _, e := range in.RecentErrors {
		key := [2]string{e.Node, e.Signature}
		kept[key] = append(kept[key], e)
	}
	out := []Signature{}
	for _, c := range in.SignatureCounts {
		if c.Signature == logwatch.SignatureNone {
			continue
		}
		known := catalogue[c.Signature]
		s := Signature{
			Node: c.Node, ID: c.Signature, Title: known.Title, Remediation: known.Remediation, Harmless: known.Harmless,
			Records: c.Records, RecordsExact: !c.LowerBound, LastSeenAt: c.LastSeen,
		}
		latest := latestSince(kept[[2]string{c.Node, c.Signature}], in.Cutover)
		if !in.Cutover.IsZero() {
			// The latest record read may be an old one (another file's, caught up on late):
			// say when the latest one after the cutover was written, or, when none such is
			// kept, that it is not known.
			switch {
			case latest != nil:
				s.LastSeenAt = latest.Time
			case c.LastSeen.Before(in.Cutover):
				s.LastSeenAt = time.Time{}
			}
		}
		if s.Records == 0 {
			continue
		}
		s.LastSeenAgeSeconds = ageSeconds(in.Now, s.LastSeenAt)
		if e := latest; e != nil {
			s.Latest = &Record{
				Time: e.Time, AgeSeconds: ageSeconds(in.Now, e.Time), File: e.File, Level: e.Level, Logger: e.Logger,
				FirstLine: e.FirstLine, Exception: e.Exception, RootCause: e.RootCause,
			}
		}
		out = append(out, s)
	}
	// Trouble before noise, the latest first.
	slices.SortFunc(out, func(a, b Signature) int {
		if a.Harmless != b.Harmless {
			if a.Harmless {
				return 1
			}
			return -1
		}
		return cmp.Or(b.LastSeenAt.Compare(a.LastSeenAt), cmp.Compare(a.Node, b.Node), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// latestSince is, of one signature's kept records, the latest written at or after from (of
// every record when from is zero).
func latestSince(records []logwatch.RecentError, from time.Time) (latest *logwatch.RecentError) {
	for i := range records {
		e := &records[i]
		if !e.Time.Before(from) && (latest == nil || e.Time.After(latest.Time)) {
			latest = e
		}
	}
	return latest
}

func nodes(in Input) []Node {
	out := make([]Node, 0, len(in.JVMs))
	for _, j := range in.JVMs {
		n := Node{Node: j.Node, JVMUp: j.Up, Restarts: j.Restarts}
		if j.Up {
			pid := j.PID
			n.PID = &pid
			if !j.StartedAt.IsZero() {
				started, uptime := j.StartedAt, ageSeconds(in.Now, j.StartedAt)
				n.StartedAt, n.UptimeSeconds = &started, &uptime
			}
			n.PerfDataUnavailable = j.PerfDataReason
			if p := j.Perf; p != nil {
				used, heapMax := p.HeapUsed, p.HeapMax
				n.HeapUsedBytes, n.HeapMaxBytes, n.PerfDataUnavailable = &used, &heapMax, ""
				if p.UptimeSeconds > 0 {
					share := p.GCSeconds / p.UptimeSeconds
					n.GCTimeShare = &share
				}
			}
		}
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b Node) int { return cmp.Compare(a.Node, b.Node) })
	return out
}

// ageSeconds is how long before now t was, in whole seconds; 0 for a time not known or in the
// future (a log written by a host whose clock is ahead).
func ageSeconds(now, t time.Time) int64 {
	if t.IsZero() || t.After(now) {
		return 0
	}
	return int64(now.Sub(t) / time.Second)
}
