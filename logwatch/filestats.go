package logwatch

import (
	"github.com/prometheus/client_golang/prometheus"
)

// The tailer's per-file counters, read at scrape time.
var (
	fileLabels        = []string{"node", "file"}
	descLines         = prometheus.NewDesc("wso2_log_lines_total", "Complete lines read from the log file since the agent started.", fileLabels, nil)
	descBytes         = prometheus.NewDesc("wso2_log_read_bytes_total", "Bytes read from the log file since the agent started.", fileLabels, nil)
	descRotations     = prometheus.NewDesc("wso2_log_rotations_total", "Rotations followed (rename rollover, delete and re-create, symlink swap).", fileLabels, nil)
	descTruncations   = prometheus.NewDesc("wso2_log_truncations_total", "Truncations followed (copytruncate): the file was read again from its start.", fileLabels, nil)
	descCutLines      = prometheus.NewDesc("wso2_log_cut_lines_total", "Lines longer than logs.max_line_bytes: cut, and the rest skipped.", fileLabels, nil)
	descReadErrors    = prometheus.NewDesc("wso2_log_read_errors_total", "Failed opens, reads and stats of the log file (retried with back-off).", fileLabels, nil)
	descBytesBehind   = prometheus.NewDesc("wso2_log_bytes_behind", "The file's size minus how far it has been read.", fileLabels, nil)
	descFileFollowing = prometheus.NewDesc("wso2_log_file_following", "1 while the file is open and being read, 0 while it cannot be (missing, unreadable).", fileLabels, nil)
)

// Describe implements prometheus.Collector.
func (w *Watcher) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descLines, descBytes, descRotations, descTruncations, descCutLines, descReadErrors, descBytesBehind, descFileFollowing} {
		ch <- d
	}
}

// Collect implements prometheus.Collector with every followed file's counters.
func (w *Watcher) Collect(ch chan<- prometheus.Metric) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for name, run := range w.nodes {
		for _, st := range run.tailer.Stats() {
			labels := []string{name, run.watch.fileLabel(st.Path)}
			counter := func(d *prometheus.Desc, v uint64) {
				ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
			}
			counter(descLines, st.Lines)
			counter(descBytes, st.Bytes)
			counter(descRotations, st.Rotations)
			counter(descTruncations, st.Truncations)
			counter(descCutLines, st.CutLines)
			counter(descReadErrors, st.Errors)
			ch <- prometheus.MustNewConstMetric(descBytesBehind, prometheus.GaugeValue, float64(max(st.Size-st.Offset, 0)), labels...)
			following := 0.0
			if st.Following {
				following = 1
			}
			ch <- prometheus.MustNewConstMetric(descFileFollowing, prometheus.GaugeValue, following, labels...)
		}
	}
}
