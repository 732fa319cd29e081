package collector

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// BenchmarkCollect measures one scrape of the host and one running JVM.
func BenchmarkCollect(b *testing.B) {
	home := b.TempDir()
	jvm := startJVM(b, home, "-Dprofile=gateway-worker")
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
