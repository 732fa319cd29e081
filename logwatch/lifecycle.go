package logwatch

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/apimwatch/apimwatch/logparse"
)

// Lifecycle markers WSO2 Carbon logs at INFO (domain guide section 3), and the migration
// client's prefix. Each is the start of a record's message.
var (
	markerStarting  = []byte("Starting WSO2 Carbon")
	markerStarted   = []byte("WSO2 Carbon started in ")
	markerServer    = []byte("Server : ")
	markerShutdown  = []byte("Shutdown complete")
	markerMigration = []byte("WSO2 API-M Migration Task")
)

// observeLifecycle reads the server's start, startup time, product version and shutdowns, and
// the migration client's progress, from a record. Most records start with none of the
// markers: the first byte rules them out cheaply.
func (n *nodeWatch) observeLifecycle(rec *logparse.Record, at func() time.Time) {
	msg := rec.Fields.Message
	if len(msg) == 0 || (msg[0] != 'S' && msg[0] != 'W') {
		return
	}
	m, node := n.metrics, n.name
	switch {
	case bytes.HasPrefix(msg, markerStarting):
		m.serverStart.WithLabelValues(node).Set(unixSeconds(at()))
		m.serverStarted.WithLabelValues(node).Set(0)
		m.migrationFirst.DeleteLabelValues(node)
		m.migrationLast.DeleteLabelValues(node)
		n.migrationSeen = false
	case bytes.HasPrefix(msg, markerStarted):
		m.serverStarted.WithLabelValues(node).Set(1)
		seconds := strings.Fields(string(msg[len(markerStarted):]))
		if len(seconds) > 0 {
			if v, err := strconv.ParseFloat(seconds[0], 64); err == nil {
				m.serverStartup.WithLabelValues(node).Set(v)
			}
		}
	case bytes.HasPrefix(msg, markerServer):
		product, version := splitProductVersion(string(bytes.TrimSpace(msg[len(markerServer):])))
		if version != "" {
			m.serverProduct.DeletePartialMatch(map[string]string{"node": node})
			m.serverProduct.WithLabelValues(node, product, version).Set(1)
		}
	case bytes.HasPrefix(msg, markerShutdown):
		m.serverShutdowns.WithLabelValues(node).Inc()
	case bytes.HasPrefix(msg, markerMigration):
		m.migrationTasks.WithLabelValues(node, rec.Fields.Level.String()).Inc()
		t := unixSeconds(at())
		if !n.migrationSeen {
			m.migrationFirst.WithLabelValues(node).Set(t)
			n.migrationSeen = true
		}
		m.migrationLast.WithLabelValues(node).Set(t)
	}
}

// splitProductVersion splits "WSO2 API Manager-4.2.0" into the product and its version.
func splitProductVersion(s string) (product, version string) {
	i := strings.LastIndexByte(s, '-')
	if i < 0 || i == len(s)-1 || s[i+1] < '0' || s[i+1] > '9' {
		return s, ""
	}
	return s[:i], strings.Fields(s[i+1:])[0]
}

func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
