package collector

import "github.com/prometheus/client_golang/prometheus"

// The metrics read from the JVM's HotSpot perf-data file (package hsperf).
// wso2_jvm_heap_max_bytes and wso2_jvm_threads come from the command line
// and /proc and stay; the figures here are the JVM's own.
var (
	jvmPerfDataUp = prometheus.NewDesc("wso2_jvm_perfdata_up",
		"1 when the JVM's perf-data file (/tmp/hsperfdata_<user>/<pid>) was read in this scrape, 0 when not; wso2_jvm_perfdata_unavailable says why.", nodeLabel, nil)
	jvmPerfDataUnavailable = prometheus.NewDesc("wso2_jvm_perfdata_unavailable",
		"1 while the JVM's perf-data file cannot be read, with the reason: disabled (-XX:-UsePerfData or -XX:+PerfDisableSharedMem), missing, permission, not_ready, corrupt or error.",
		[]string{"node", "reason"}, nil)

	jvmHeapUsed = prometheus.NewDesc("wso2_jvm_heap_used_bytes",
		"Heap in use, all generations, from the JVM's perf data.", nodeLabel, nil)
	jvmHeapCommitted = prometheus.NewDesc("wso2_jvm_heap_committed_bytes",
		"Heap committed from the operating system, all generations, from the JVM's perf data.", nodeLabel, nil)
	jvmHeapEffectiveMax = prometheus.NewDesc("wso2_jvm_heap_effective_max_bytes",
		"Most the heap may grow to, as the JVM sizes it (-Xmx, or its default without it), from the JVM's perf data.", nodeLabel, nil)

	generationLabels       = []string{"node", "generation"}
	jvmGenerationUsed      = prometheus.NewDesc("wso2_jvm_heap_generation_used_bytes", "Heap in use in one generation, from the JVM's perf data.", generationLabels, nil)
	jvmGenerationCommitted = prometheus.NewDesc("wso2_jvm_heap_generation_committed_bytes", "Heap committed to one generation, from the JVM's perf data.", generationLabels, nil)
	jvmGenerationMax       = prometheus.NewDesc("wso2_jvm_heap_generation_max_bytes", "Most one generation may grow to, from the JVM's perf data; under G1 every generation may take the whole heap.", generationLabels, nil)
	spaceLabels            = []string{"node", "generation", "space"}
	jvmSpaceUsed           = prometheus.NewDesc("wso2_jvm_heap_space_used_bytes", "Heap in use in one space of a generation (eden, survivor s0/s1, old), from the JVM's perf data.", spaceLabels, nil)
	jvmSpaceCommitted      = prometheus.NewDesc("wso2_jvm_heap_space_committed_bytes", "Heap committed to one space of a generation, from the JVM's perf data.", spaceLabels, nil)
	jvmSpaceMax            = prometheus.NewDesc("wso2_jvm_heap_space_max_bytes", "Most one space of a generation may grow to, from the JVM's perf data; under G1 the spaces share the heap's regions, so their maxima do not add up to the heap's.", spaceLabels, nil)

	jvmMetaspaceUsed       = prometheus.NewDesc("wso2_jvm_metaspace_used_bytes", "Metaspace in use (class metadata), from the JVM's perf data.", nodeLabel, nil)
	jvmMetaspaceCommitted  = prometheus.NewDesc("wso2_jvm_metaspace_committed_bytes", "Metaspace committed, from the JVM's perf data.", nodeLabel, nil)
	jvmMetaspaceMax        = prometheus.NewDesc("wso2_jvm_metaspace_max_bytes", "Most metaspace may grow to (-XX:MaxMetaspaceSize, else the space the JVM reserved), from the JVM's perf data.", nodeLabel, nil)
	jvmClassSpaceUsed      = prometheus.NewDesc("wso2_jvm_compressed_class_space_used_bytes", "Compressed class space in use, the part of metaspace holding class structures, from the JVM's perf data.", nodeLabel, nil)
	jvmClassSpaceCommitted = prometheus.NewDesc("wso2_jvm_compressed_class_space_committed_bytes", "Compressed class space committed, from the JVM's perf data.", nodeLabel, nil)
	jvmClassSpaceMax       = prometheus.NewDesc("wso2_jvm_compressed_class_space_max_bytes", "Most the compressed class space may grow to (-XX:CompressedClassSpaceSize), from the JVM's perf data.", nodeLabel, nil)

	gcLabels           = []string{"node", "gc"}
	jvmGCCollections   = prometheus.NewDesc("wso2_jvm_gc_collections_total", "Collections (pauses) of one of the JVM's garbage collectors, from the JVM's perf data.", gcLabels, nil)
	jvmGCSeconds       = prometheus.NewDesc("wso2_jvm_gc_collection_seconds_total", "Seconds one of the JVM's garbage collectors spent in its collections, from the JVM's perf data.", gcLabels, nil)
	jvmThreadsLive     = prometheus.NewDesc("wso2_jvm_threads_live", "Live Java threads (not the JVM's own GC and compiler threads that wso2_jvm_threads counts too), from the JVM's perf data.", nodeLabel, nil)
	jvmThreadsDaemon   = prometheus.NewDesc("wso2_jvm_threads_daemon", "Live Java daemon threads, from the JVM's perf data.", nodeLabel, nil)
	jvmThreadsPeak     = prometheus.NewDesc("wso2_jvm_threads_peak", "Most live Java threads at once since the JVM started, from the JVM's perf data.", nodeLabel, nil)
	jvmThreadsStarted  = prometheus.NewDesc("wso2_jvm_threads_started_total", "Java threads started since the JVM started, from the JVM's perf data.", nodeLabel, nil)
	jvmClassesLoaded   = prometheus.NewDesc("wso2_jvm_classes_loaded", "Classes loaded now (loaded minus unloaded since the JVM started), from the JVM's perf data.", nodeLabel, nil)
	jvmClassesUnloaded = prometheus.NewDesc("wso2_jvm_classes_unloaded_total", "Classes unloaded since the JVM started, from the JVM's perf data.", nodeLabel, nil)
	jvmSafepoints      = prometheus.NewDesc("wso2_jvm_safepoints_total", "Safepoints (stop-the-world pauses, collections among them) since the JVM started, from the JVM's perf data.", nodeLabel, nil)
	jvmSafepointTime   = prometheus.NewDesc("wso2_jvm_safepoint_seconds_total", "Seconds the JVM's threads were stopped at safepoints, from the JVM's perf data.", nodeLabel, nil)
	jvmSafepointSync   = prometheus.NewDesc("wso2_jvm_safepoint_sync_seconds_total", "Seconds spent bringing the threads to safepoints, from the JVM's perf data.", nodeLabel, nil)
	jvmUptime          = prometheus.NewDesc("wso2_jvm_uptime_seconds", "Seconds since the JVM started, by the JVM's own clock, from its perf data.", nodeLabel, nil)
)

var perfDataDescs = []*prometheus.Desc{
	jvmPerfDataUp, jvmPerfDataUnavailable,
	jvmHeapUsed, jvmHeapCommitted, jvmHeapEffectiveMax,
	jvmGenerationUsed, jvmGenerationCommitted, jvmGenerationMax, jvmSpaceUsed, jvmSpaceCommitted, jvmSpaceMax,
	jvmMetaspaceUsed, jvmMetaspaceCommitted, jvmMetaspaceMax,
	jvmClassSpaceUsed, jvmClassSpaceCommitted, jvmClassSpaceMax,
	jvmGCCollections, jvmGCSeconds,
	jvmThreadsLive, jvmThreadsDaemon, jvmThreadsPeak, jvmThreadsStarted,
	jvmClassesLoaded, jvmClassesUnloaded,
	jvmSafepoints, jvmSafepointTime, jvmSafepointSync, jvmUptime,
}
