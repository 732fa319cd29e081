package probe

import (
	"github.com/prometheus/client_golang/prometheus"
)

var probeLabels = []string{"node", "probe", "kind"}

// The metrics of the latest run of each probe, served at scrape time: a scrape never runs a probe.
var (
	descSuccess = prometheus.NewDesc("wso2_probe_success",
		"1 if the probe's latest run passed, 0 if it failed.", probeLabels, nil)
	descDuration = prometheus.NewDesc("wso2_probe_duration_seconds",
		"How long the probe's latest run took, token request included.", probeLabels, nil)
	descHTTPStatus = prometheus.NewDesc("wso2_probe_http_status",
		"HTTP status of the last answer of the probe's latest run; 0 when no answer came.", probeLabels, nil)
	descCertExpiry = prometheus.NewDesc("wso2_probe_tls_cert_expiry_timestamp_seconds",
		"When the earliest-expiring certificate the server presented expires, in seconds since the Unix epoch.", probeLabels, nil)
	descLastRun = prometheus.NewDesc("wso2_probe_last_run_timestamp_seconds",
		"When the probe's latest run started, in seconds since the Unix epoch.", probeLabels, nil)
)

// Describe implements prometheus.Collector.
func (s *Scheduler) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descSuccess, descDuration, descHTTPStatus, descCertExpiry, descLastRun} {
		ch <- d
	}
}

// Collect implements prometheus.Collector with the latest results.
func (s *Scheduler) Collect(ch chan<- prometheus.Metric) {
	for _, r := range s.Latest() {
		labels := []string{r.Node, r.Name, string(r.Kind)}
		gauge := func(desc *prometheus.Desc, value float64) {
			ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, value, labels...)
		}
		success := 0.0
		if r.Success {
			success = 1
		}
		gauge(descSuccess, success)
		gauge(descDuration, r.Duration.Seconds())
		gauge(descLastRun, float64(r.Time.UnixNano())/1e9)
		if r.Kind.speaksHTTP() {
			gauge(descHTTPStatus, float64(r.HTTPStatus))
		}
		if !r.CertExpiry.IsZero() {
			gauge(descCertExpiry, float64(r.CertExpiry.Unix()))
		}
	}
}

func (k Kind) speaksHTTP() bool {
	return k == KindVersion || k == KindGatewayReady || k == KindHTTP
}
