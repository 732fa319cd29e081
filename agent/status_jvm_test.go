package agent

import (
	"reflect"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/apimwatch/apimwatch/statuspage"
)

// TestJVMsReadThePerfData: the page's JVMs take their heap and GC time from the perf-data
// series, the collectors' times summed, and the reason when the file cannot be read.
func TestJVMsReadThePerfData(t *testing.T) {
	reg := prometheus.NewRegistry()
	vecs := map[string]*prometheus.GaugeVec{}
	gauge := func(name string, labels ...string) *prometheus.GaugeVec {
		if vecs[name] == nil {
			vecs[name] = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name}, append([]string{"node"}, labels...))
			reg.MustRegister(vecs[name])
		}
		return vecs[name]
	}
	gauge("wso2_jvm_up").WithLabelValues("cp1").Set(1)
	gauge("wso2_jvm_pid").WithLabelValues("cp1").Set(4242)
	gauge("wso2_jvm_up").WithLabelValues("gw1").Set(1)
	gauge("wso2_jvm_perfdata_up").WithLabelValues("cp1").Set(1)
	gauge("wso2_jvm_perfdata_up").WithLabelValues("gw1").Set(0)
	gauge("wso2_jvm_perfdata_unavailable", "reason").WithLabelValues("gw1", "permission").Set(1)
	gauge("wso2_jvm_heap_used_bytes").WithLabelValues("cp1").Set(600 << 20)
	gauge("wso2_jvm_heap_effective_max_bytes").WithLabelValues("cp1").Set(1 << 30)
	gauge("wso2_jvm_uptime_seconds").WithLabelValues("cp1").Set(100)
	gc := gauge("wso2_jvm_gc_collection_seconds_total", "gc")
	gc.WithLabelValues("cp1", "G1 young collection pauses").Set(1.5)
	gc.WithLabelValues("cp1", "G1 full collection pauses").Set(2.5)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := jvms(metricsByName(families))
	want := []statuspage.JVM{
		{Node: "cp1", Up: true, PID: 4242, Perf: &statuspage.JVMPerf{HeapUsed: 600 << 20, HeapMax: 1 << 30, GCSeconds: 4, UptimeSeconds: 100}},
		{Node: "gw1", Up: true, PerfDataReason: "permission"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jvms:\n got %+v\nwant %+v", got, want)
	}
}
