package collector

import "github.com/prometheus/client_golang/prometheus"

// Every metric this package exports. WSO2 facts are prefixed wso2_, the
// agent's own health apimwatch_; each help text says where the number comes
// from.
var (
	hostCPUSeconds = prometheus.NewDesc("wso2_host_cpu_seconds_total",
		"Seconds the host's CPUs spent in each mode, from /proc/stat.", []string{"mode"}, nil)
	hostMemoryTotal = prometheus.NewDesc("wso2_host_memory_total_bytes",
		"Host memory, MemTotal from /proc/meminfo.", nil, nil)
	hostMemoryAvailable = prometheus.NewDesc("wso2_host_memory_available_bytes",
		"Memory available for new work without swapping, MemAvailable from /proc/meminfo.", nil, nil)
	hostMemoryUsed = prometheus.NewDesc("wso2_host_memory_used_bytes",
		"MemTotal minus MemAvailable from /proc/meminfo.", nil, nil)
	hostSwapTotal = prometheus.NewDesc("wso2_host_swap_total_bytes",
		"Swap space, SwapTotal from /proc/meminfo.", nil, nil)
	hostSwapUsed = prometheus.NewDesc("wso2_host_swap_used_bytes",
		"SwapTotal minus SwapFree from /proc/meminfo.", nil, nil)
	hostLoad1 = prometheus.NewDesc("wso2_host_load1",
		"1-minute load average, from /proc/loadavg.", nil, nil)
	hostLoad5 = prometheus.NewDesc("wso2_host_load5",
		"5-minute load average, from /proc/loadavg.", nil, nil)
	hostLoad15 = prometheus.NewDesc("wso2_host_load15",
		"15-minute load average, from /proc/loadavg.", nil, nil)
	hostCgroupCPULimit = prometheus.NewDesc("wso2_host_cgroup_cpu_limit_cores",
		"CPU limit of the agent's cgroup in cores: quota over period from cpu.max (v2) or cpu.cfs_quota_us and cpu.cfs_period_us (v1). Absent when unlimited.", nil, nil)
	hostCgroupMemoryLimit = prometheus.NewDesc("wso2_host_cgroup_memory_limit_bytes",
		"Memory limit of the agent's cgroup, from memory.max (v2) or memory.limit_in_bytes (v1). Absent when unlimited.", nil, nil)

	filesystemLabels = []string{"node", "path", "mountpoint"}
	filesystemSize   = prometheus.NewDesc("wso2_host_filesystem_size_bytes",
		"Size of the filesystem holding a node's directory, from statfs(2).", filesystemLabels, nil)
	filesystemFree = prometheus.NewDesc("wso2_host_filesystem_free_bytes",
		"Space on the filesystem holding a node's directory that unprivileged users such as WSO2 may still use (statfs(2) f_bavail, not counting the blocks reserved for root).", filesystemLabels, nil)

	nodeLabel    = []string{"node"}
	jvmUp        = prometheus.NewDesc("wso2_jvm_up", "1 when the node's WSO2 JVM is running: found through wso2carbon.pid or by its command line, and confirmed by -Dcarbon.home.", nodeLabel, nil)
	jvmRestarts  = prometheus.NewDesc("wso2_jvm_restarts_total", "Times the node's JVM was replaced by another (a new pid and start time), as the start script's exit-121 restart loop does, counted since the agent started.", nodeLabel, nil)
	jvmCPU       = prometheus.NewDesc("wso2_jvm_cpu_seconds_total", "CPU seconds the JVM spent in user and system mode, from /proc/<pid>/stat.", []string{"node", "mode"}, nil)
	jvmResident  = prometheus.NewDesc("wso2_jvm_resident_memory_bytes", "Resident memory of the JVM, from /proc/<pid>/stat.", nodeLabel, nil)
	jvmVirtual   = prometheus.NewDesc("wso2_jvm_virtual_memory_bytes", "Virtual memory of the JVM, from /proc/<pid>/stat.", nodeLabel, nil)
	jvmThreads   = prometheus.NewDesc("wso2_jvm_threads", "Threads of the JVM, from /proc/<pid>/stat.", nodeLabel, nil)
	jvmOpenFDs   = prometheus.NewDesc("wso2_jvm_open_fds", "Open file descriptors of the JVM, entries of /proc/<pid>/fd.", nodeLabel, nil)
	jvmMaxFDs    = prometheus.NewDesc("wso2_jvm_max_fds", "Soft limit on the JVM's open files, from /proc/<pid>/limits.", nodeLabel, nil)
	jvmStartTime = prometheus.NewDesc("wso2_jvm_start_time_seconds", "Start time of the JVM in seconds since the Unix epoch, from /proc/<pid>/stat and the boot time.", nodeLabel, nil)
	jvmHeapMax   = prometheus.NewDesc("wso2_jvm_heap_max_bytes", "Maximum heap from the JVM command line (-Xmx or -XX:MaxHeapSize, the last one given). Absent when neither is given.", nodeLabel, nil)
	jvmPID       = prometheus.NewDesc("wso2_jvm_pid", "Process id of the JVM, as seen from the agent's /proc.", nodeLabel, nil)
	jvmInfo      = prometheus.NewDesc("wso2_jvm_info", "Always 1 while the JVM runs; profile is its -Dprofile value, \"default\" when absent.", []string{"node", "profile"}, nil)

	jvmCgroupCPULimit = prometheus.NewDesc("wso2_jvm_cgroup_cpu_limit_cores",
		"CPU limit of the JVM's cgroup in cores, as wso2_host_cgroup_cpu_limit_cores. Absent when unlimited or not visible to the agent.", nodeLabel, nil)
	jvmCgroupMemoryLimit = prometheus.NewDesc("wso2_jvm_cgroup_memory_limit_bytes",
		"Memory limit of the JVM's cgroup, as wso2_host_cgroup_memory_limit_bytes. Absent when unlimited or not visible to the agent.", nodeLabel, nil)

	unitLabels        = []string{"collector", "node"}
	collectorSuccess  = prometheus.NewDesc("apimwatch_collector_success", "1 when every read of this collection unit succeeded in the last scrape; 0 when some metric was skipped (the log says why, once per cause).", unitLabels, nil)
	collectorDuration = prometheus.NewDesc("apimwatch_collector_duration_seconds", "Time this collection unit took in the last scrape.", unitLabels, nil)
)

var allDescs = append([]*prometheus.Desc{
	hostCPUSeconds, hostMemoryTotal, hostMemoryAvailable, hostMemoryUsed, hostSwapTotal, hostSwapUsed,
	hostLoad1, hostLoad5, hostLoad15, hostCgroupCPULimit, hostCgroupMemoryLimit,
	filesystemSize, filesystemFree,
	jvmUp, jvmRestarts, jvmCPU, jvmResident, jvmVirtual, jvmThreads, jvmOpenFDs, jvmMaxFDs,
	jvmStartTime, jvmHeapMax, jvmPID, jvmInfo, jvmCgroupCPULimit, jvmCgroupMemoryLimit,
	collectorSuccess, collectorDuration,
}, perfDataDescs...)
