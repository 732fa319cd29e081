// Package buildinfo holds the version, revision and build date stamped into the binary by the
// linker (see the Makefile's LDFLAGS) and exports them as apimwatch_build_info.
package buildinfo

import (
	"fmt"
	"runtime"

	"github.com/prometheus/client_golang/prometheus"
)

// Set with -ldflags "-X github.com/apimwatch/apimwatch/buildinfo.Version=..." at build time.
var (
	Version   = "dev"
	Revision  = "unknown"
	BuildDate = "unknown"
)

// String is the one-line version `apimwatch version` prints.
func String() string {
	return fmt.Sprintf("apimwatch %s (revision %s, built %s, %s %s/%s)", Version, Revision, BuildDate, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// NewCollector exports apimwatch_build_info, constant 1, with the build facts as labels, so
// dashboards can tell which agent version each node runs.
func NewCollector() prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "apimwatch_build_info",
		Help: "A metric with a constant '1' value labelled by the version, revision and build date stamped into the apimwatch binary, and the Go version that built it.",
		ConstLabels: prometheus.Labels{
			"version":    Version,
			"revision":   Revision,
			"build_date": BuildDate,
			"goversion":  runtime.Version(),
		},
	}, func() float64 { return 1 })
}
