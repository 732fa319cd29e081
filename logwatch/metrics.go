package logwatch

import "github.com/prometheus/client_golang/prometheus"

// metrics are the event counters logwatch instruments as records arrive. They live as long as
// the Watcher, so a configuration reload does not reset them.
type metrics struct {
	records          *prometheus.CounterVec
	unparsed         *prometheus.CounterVec
	signatureRecords *prometheus.CounterVec
	signatureLast    *prometheus.GaugeVec
	familyRecords    *prometheus.CounterVec
	exceptionRecords *prometheus.CounterVec
	audit            *prometheus.CounterVec

	serverStart     *prometheus.GaugeVec
	serverStartup   *prometheus.GaugeVec
	serverStarted   *prometheus.GaugeVec
	serverShutdowns *prometheus.CounterVec
	serverProduct   *prometheus.GaugeVec
	migrationTasks  *prometheus.CounterVec
	migrationFirst  *prometheus.GaugeVec
	migrationLast   *prometheus.GaugeVec
}

func newMetrics() *metrics {
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	}
	gauge := func(name, help string, labels ...string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	}
	return &metrics{
		records:          counter("wso2_log_records_total", "Log records read, by file and level (a record is a first line and its continuation lines).", "node", "file", "level"),
		unparsed:         counter("wso2_log_unparsed_lines_total", "Lines that start no record and follow none (a layout mismatch, or text written outside the layout).", "node", "file"),
		signatureRecords: counter("wso2_log_signature_records_total", "WARN, ERROR and FATAL records by post-migration signature (F2-F18, the site's rules, or none).", "node", "signature"),
		signatureLast:    gauge("wso2_log_signature_last_seen_timestamp_seconds", "Unix time written in the latest record of each signature.", "node", "signature"),
		familyRecords:    counter("wso2_log_logger_family_records_total", "WARN, ERROR and FATAL records by logger family.", "node", "level", "family"),
		exceptionRecords: counter("wso2_log_exception_records_total", "WARN, ERROR and FATAL records that carry an exception, by its class (classes beyond logs.max_exception_classes count as other).", "node", "level", "exception"),
		audit:            counter("wso2_audit_events_total", "audit.log events by typ and action (beyond 100 pairs, other).", "node", "typ", "action"),

		serverStart:     gauge("wso2_server_start_time_seconds", "Unix time of the latest 'Starting WSO2 Carbon...' record.", "node"),
		serverStartup:   gauge("wso2_server_startup_duration_seconds", "Startup time the latest 'WSO2 Carbon started in N sec' record reports.", "node"),
		serverStarted:   gauge("wso2_server_started", "1 once 'WSO2 Carbon started in' follows the latest 'Starting WSO2 Carbon...'; 0 while the server is starting (a start that never completes stays 0).", "node"),
		serverShutdowns: counter("wso2_server_shutdowns_total", "'Shutdown complete' records.", "node"),
		serverProduct:   gauge("wso2_server_product_info", "The product and version of the latest 'Server : ...' startup record, as labels; value 1.", "node", "product", "version"),
		migrationTasks:  counter("wso2_migration_task_records_total", "Records of the migration client ('WSO2 API-M Migration Task :'), by level: ERROR ones are failed steps.", "node", "level"),
		migrationFirst:  gauge("wso2_migration_first_record_timestamp_seconds", "Unix time of the first migration-client record since the latest server start.", "node"),
		migrationLast:   gauge("wso2_migration_last_record_timestamp_seconds", "Unix time of the latest migration-client record; minus the first, the time the migration run has taken.", "node"),
	}
}

func (m *metrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{
		m.records, m.unparsed, m.signatureRecords, m.signatureLast, m.familyRecords, m.exceptionRecords, m.audit,
		m.serverStart, m.serverStartup, m.serverStarted, m.serverShutdowns, m.serverProduct,
		m.migrationTasks, m.migrationFirst, m.migrationLast,
	}
}

// Describe sends the descriptor of every metric a Watcher may export, whether or not it is
// served yet (most appear only once a file is followed or a record of their kind is read). It
// describes the Watcher's own event metrics and per-file counters, without the environment
// label the agent adds when it registers them.
func Describe(ch chan<- *prometheus.Desc) {
	for _, c := range newMetrics().collectors() {
		c.Describe(ch)
	}
	new(Watcher).Describe(ch)
}
