package collector

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// BenchmarkCollect measures one scrape of the host and one running JVM, with its perf-data file
// read and, for comparison, with a JVM that writes none (-XX:-UsePerfData).
func BenchmarkCollect(b *testing.B) {
	for _, bc := range []struct{ name, option string }{
		{"perfdata", "-XX:+UsePerfData"},
		{"no-perfdata", "-XX:-UsePerfData"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			home := b.TempDir()
			jvm := startJVM(b, home, "-Dprofile=gateway-worker", bc.option)
			waitForPIDFile(b, home, jvm)
			c := New(zap.NewNop(), []Target{{Node: "gw", CarbonHome: home, Paths: []string{home}}})
			deadline := time.Now().Add(jvmWait)
			for collectAndDiscard(c); c.nodes[0].jvm == nil; collectAndDiscard(c) {
				if time.Now().After(deadline) {
					b.Fatal("the JVM was not found")
				}
				time.Sleep(50 * time.Millisecond)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				collectAndDiscard(c)
			}
		})
	}
}

func collectAndDiscard(c *Collector) {
	ch := make(chan prometheus.Metric)
	go func() {
		c.Collect(ch)
		close(ch)
	}()
	for range ch {
	}
}
