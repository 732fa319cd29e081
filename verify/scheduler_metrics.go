package verify

import (
	"github.com/prometheus/client_golang/prometheus"
)

// The last results, served at scrape time: checks are far too slow to run when Prometheus
// scrapes.
var (
	descCheckStatus = prometheus.NewDesc("wso2_check_status",
		"1 for the status of the latest run of the check (pass, fail, error, skip), 0 for the others.",
		[]string{"node", "check", "family", "severity", "status"}, nil)
	descCheckOffending = prometheus.NewDesc("wso2_check_offending_rows",
		"Rows the check found at fault in its latest run.", []string{"node", "check"}, nil)
	descCheckDuration = prometheus.NewDesc("wso2_check_duration_seconds",
		"How long the check's latest run took.", []string{"node", "check"}, nil)
	descCheckLastRun = prometheus.NewDesc("wso2_check_last_run_timestamp_seconds",
		"Unix time the check last ran: its result is as old as this.", []string{"node", "check"}, nil)
	descDatabaseUp = prometheus.NewDesc("wso2_database_up",
		"1 if the database answered before the latest check run, 0 if not (its checks then report error).", []string{"node", "role"}, nil)
)

var allStatuses = []Status{StatusPass, StatusFail, StatusError, StatusSkip}

// Describe implements prometheus.Collector.
func (s *Scheduler) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descCheckStatus, descCheckOffending, descCheckDuration, descCheckLastRun, descDatabaseUp} {
		ch <- d
	}
}

// Collect implements prometheus.Collector with the latest results.
func (s *Scheduler) Collect(ch chan<- prometheus.Metric) {
	byID := map[string]Check{}
	s.mu.Lock()
	for _, c := range s.checks {
		byID[c.ID] = c
	}
	s.mu.Unlock()
	for node, nr := range s.Latest() {
		for role, up := range nr.DatabaseUp {
			ch <- prometheus.MustNewConstMetric(descDatabaseUp, prometheus.GaugeValue, boolValue(up), node, string(role))
		}
		for _, r := range nr.Results {
			c := byID[r.CheckID]
			for _, st := range allStatuses {
				ch <- prometheus.MustNewConstMetric(descCheckStatus, prometheus.GaugeValue, boolValue(r.Status == st), node, r.CheckID, c.Family, c.Severity.String(), string(st))
			}
			ch <- prometheus.MustNewConstMetric(descCheckOffending, prometheus.GaugeValue, float64(r.Offending), node, r.CheckID)
			ch <- prometheus.MustNewConstMetric(descCheckDuration, prometheus.GaugeValue, r.Duration.Seconds(), node, r.CheckID)
			ch <- prometheus.MustNewConstMetric(descCheckLastRun, prometheus.GaugeValue, float64(r.Started.UnixNano())/1e9, node, r.CheckID)
		}
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
