package agent

import (
	"math"
	"time"

	dto "github.com/prometheus/client_model/go"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/buildinfo"
	"github.com/apimwatch/apimwatch/logwatch"
	"github.com/apimwatch/apimwatch/statuspage"
	"github.com/apimwatch/apimwatch/verify"
)

// Status builds the status page's snapshot from the agent's state: the configuration in use,
// the checks' latest results, the recent error records, and one gather of the registry.
//
// The gather is how the page reads what only the collectors know: the collector reads a JVM's
// state (and counts its restarts) when it is collected, and logwatch keeps the signature counts
// in its metrics. Reading them back from the registry gives the page exactly the numbers
// /metrics serves, at the cost of one collection per page view (the same work as a scrape).
func (a *Agent) Status() statuspage.Snapshot {
	a.mu.Lock()
	cfg := a.current
	a.mu.Unlock()

	failOn, err := verify.ParseSeverity(cfg.Verify.FailOn)
	if err != nil { // validation refused it at load
		failOn = verify.SeverityCritical
	}
	checks, err := Checks(cfg.Verify, nil, nil)
	if err != nil { // applyChecks logged it: no check runs
		checks = nil
	}
	signatures := logwatch.BuiltinSignatures()
	for _, r := range cfg.Logs.Rules {
		signatures = append(signatures, logwatch.Signature{ID: r.ID, Title: r.Title, Remediation: r.Remediation})
	}
	families, err := a.registry.Gather()
	if err != nil { // partial: what was gathered is still right
		a.logger.Debug("gathering for the status page reported errors", zap.Error(err))
	}
	m := metricsByName(families)
	// The cutover the counts are for: a reload between reading cfg and the counts would
	// otherwise head one cutover's counts with another.
	cutover, sinceCutover := a.logs.SignatureCountsSince()

	return statuspage.Build(statuspage.Input{
		Now:     time.Now(),
		Version: buildinfo.Version, Revision: buildinfo.Revision, Environment: cfg.Environment,
		AgentStarted:  unixTime(firstValue(m["process_start_time_seconds"])),
		ChecksEnabled: cfg.Verify.Enabled, LogsEnabled: cfg.Logs.Enabled,
		FailOn: failOn, Checks: checks, Results: a.checks.Latest(),
		Signatures: signatures, SignatureCounts: signatureCounts(m, sinceCutover), RecentErrors: a.logs.RecentErrors(""),
		Cutover:       cutover,
		JVMs:          jvms(m),
		ProbesEnabled: cfg.Probes.Enabled, Probes: a.probes.latest(),
	})
}

// jvms reads each node's JVM from the collector's wso2_jvm_* series.
func jvms(m map[string][]*dto.Metric) []statuspage.JVM {
	pids := byLabels(m["wso2_jvm_pid"], "node")
	starts := byLabels(m["wso2_jvm_start_time_seconds"], "node")
	restarts := byLabels(m["wso2_jvm_restarts_total"], "node")
	var out []statuspage.JVM
	for _, up := range m["wso2_jvm_up"] {
		node := label(up, "node")
		out = append(out, statuspage.JVM{
			Node: node, Up: value(up) == 1, PID: int(pids[node]),
			StartedAt: unixTime(starts[node]), Restarts: int64(restarts[node]),
		})
	}
	addPerfData(m, out)
	return out
}

// addPerfData adds what the JVMs' perf data says, or why it could not be read.
func addPerfData(m map[string][]*dto.Metric, jvms []statuspage.JVM) {
	read := byLabels(m["wso2_jvm_perfdata_up"], "node")
	used := byLabels(m["wso2_jvm_heap_used_bytes"], "node")
	heapMax := byLabels(m["wso2_jvm_heap_effective_max_bytes"], "node")
	uptime := byLabels(m["wso2_jvm_uptime_seconds"], "node")
	gcSeconds := map[string]float64{} // over the collectors
	for _, s := range m["wso2_jvm_gc_collection_seconds_total"] {
		gcSeconds[label(s, "node")] += value(s)
	}
	reasons := map[string]string{}
	for _, s := range m["wso2_jvm_perfdata_unavailable"] {
		reasons[label(s, "node")] = label(s, "reason")
	}
	for i := range jvms {
		node := jvms[i].Node
		jvms[i].PerfDataReason = reasons[node]
		if read[node] == 1 {
			jvms[i].Perf = &statuspage.JVMPerf{
				HeapUsed: int64(used[node]), HeapMax: int64(heapMax[node]), GCSeconds: gcSeconds[node], UptimeSeconds: uptime[node],
			}
		}
	}
}

// signatureCounts are logwatch's counts of each node's signature records since the cutover
// (with none, every record read since the agent started, which wso2_log_signature_records_total
// counts too), with the time of the latest record read
// (wso2_log_signature_last_seen_timestamp_seconds).
func signatureCounts(m map[string][]*dto.Metric, counts []logwatch.SignatureCount) []statuspage.SignatureCount {
	lastSeen := byLabels(m["wso2_log_signature_last_seen_timestamp_seconds"], "node", "signature")
	var out []statuspage.SignatureCount
	for _, c := range counts {
		out = append(out, statuspage.SignatureCount{
			Node: c.Node, Signature: c.Signature, Records: c.Records, LowerBound: c.LowerBound,
			LastSeen: unixTime(lastSeen[c.Node+"\x00"+c.Signature]),
		})
	}
	return out
}

func metricsByName(families []*dto.MetricFamily) map[string][]*dto.Metric {
	m := make(map[string][]*dto.Metric, len(families))
	for _, f := range families {
		m[f.GetName()] = f.GetMetric()
	}
	return m
}

// byLabels indexes series by the values of names, joined by NUL.
func byLabels(series []*dto.Metric, names ...string) map[string]float64 {
	out := make(map[string]float64, len(series))
	for _, s := range series {
		key := ""
		for i, n := range names {
			if i > 0 {
				key += "\x00"
			}
			key += label(s, n)
		}
		out[key] = value(s)
	}
	return out
}

func label(s *dto.Metric, name string) string {
	for _, l := range s.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// value is a gauge's or a counter's value.
func value(s *dto.Metric) float64 {
	if s.Counter != nil {
		return s.GetCounter().GetValue()
	}
	return s.GetGauge().GetValue()
}

func firstValue(series []*dto.Metric) float64 {
	if len(series) == 0 {
		return 0
	}
	return value(series[0])
}

// unixTime turns Unix seconds into a time, to the millisecond: log times have no more, and
// beyond it the float's digits are rounding noise. 0 (not known) stays the zero time.
func unixTime(seconds float64) time.Time {
	if seconds <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(math.Round(seconds * 1e3)))
}
