package collector

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// scrapeSeries collects c once through a registry, as Prometheus would, and
// returns each series as `name{label="value",...}` → value.
func scrapeSeries(t *testing.T, c prometheus.Collector) map[string]float64 {
	t.Helper()
	registry := prometheus.NewPedanticRegistry()
	registry.MustRegister(c)
	families, err := registry.Gather()
	if err != nil {
		t.Fatalf("gather failed, a scrape must never fail: %v", err)
	}
	series := map[string]float64{}
	for _, family := range families {
		for _, metric := range family.GetMetric() {
			labels := make([]string, 0, len(metric.GetLabel()))
			for _, label := range metric.GetLabel() {
				labels = append(labels, label.GetName()+`="`+label.GetValue()+`"`)
			}
			sort.Strings(labels)
			value := metric.GetGauge().GetValue() + metric.GetCounter().GetValue()
			series[family.GetName()+"{"+strings.Join(labels, ",")+"}"] = value
		}
	}
	return series
}

// requireSeries fails unless the scrape holds the series and returns its value.
func requireSeries(t *testing.T, series map[string]float64, key string) float64 {
	t.Helper()
	value, found := series[key]
	if !found {
		t.Fatalf("series %s missing from the scrape:\n%s", key, dumpSeries(series))
	}
	return value
}

func dumpSeries(series map[string]float64) string {
	lines := make([]string, 0, len(series))
	for key, value := range series {
		lines = append(lines, key+" "+strconv.FormatFloat(value, 'g', -1, 64))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// eventually polls condition until it holds or the deadline passes.
func eventually(t *testing.T, timeout time.Duration, what string, condition func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !condition() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// writeFiles writes path → content under root, creating directories.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for path, content := range files {
		full := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func newTestCollector(t *testing.T, targets ...Target) *Collector {
	t.Helper()
	return New(zap.NewNop(), targets)
}
