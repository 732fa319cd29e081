#!/usr/bin/env bash
# Idle footprint of `apimwatch run` watching one WSO2 node, measured side by
# side with prometheus-node-exporter and prometheus-process-exporter. The
# results and how to read them are in docs/PERFORMANCE.md.
#
# Usage: make footprint            (builds bin/apimwatch, then runs this)
#        scripts/footprint.sh      (uses an existing bin/apimwatch)
#
# Environment:
#   FOOTPRINT_DURATION  seconds of scraping (default 60)
#   FOOTPRINT_INTERVAL  seconds between two scrapes of one exporter (default 1)
#   FOOTPRINT_BINARY    the apimwatch binary (default: bin/apimwatch of this repository)
#   FOOTPRINT_GZIP      1 (default): scrape as Prometheus does, with its Accept header
#                       and gzip; 0: plain text, no compression
#   FOOTPRINT_KEEP      1: keep the work directory (configs, logs, last bodies)
#
# What runs: a real JVM (collector/testdata/Bootstrap.java, the collector tests'
# stand-in for org.wso2.carbon.bootstrap.Bootstrap) under a CARBON_HOME in a
# temporary directory, writing its pid file with trailing NUL bytes as WSO2
# does; apimwatch configured with that one node; node_exporter with its
# defaults; process-exporter matching that JVM. Each listens on its own free
# loopback port and is scraped with curl once per interval, the three staggered
# by a third of the interval. Over the scrape window the script reads each
# exporter's utime+stime from /proc/<pid>/stat; at its end VmRSS and VmHWM from
# /proc/<pid>/status.
#
# Missing exporters, curl or a JDK are installed with apt-get (Debian, Ubuntu).
#
# Exit status: 0 when every exporter and the JVM lived through the window and
# every scrape succeeded (HTTP 200 and the metric that shows the exporter sees
# what it should); 1 otherwise. A missed footprint target is reported, not
# turned into a failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${FOOTPRINT_DURATION:-60}
INTERVAL=${FOOTPRINT_INTERVAL:-1}
BINARY=${FOOTPRINT_BINARY:-$ROOT/bin/apimwatch}
GZIP_SCRAPES=${FOOTPRINT_GZIP:-1}
KEEP=${FOOTPRINT_KEEP:-0}
NODE_EXPORTER=/usr/bin/prometheus-node-exporter
PROCESS_EXPORTER=/usr/bin/prometheus-process-exporter
BOOTSTRAP_SOURCE=$ROOT/collector/testdata/Bootstrap.java
BOOTSTRAP_CLASS=org.wso2.carbon.bootstrap.Bootstrap
RSS_TARGET_MB=25 # docs/PERFORMANCE.md: apimwatch resident memory at most 25 MB

EXPORTERS=(apimwatch node_exporter process-exporter)
declare -A PID=() PORT=() MARK=() START_TICKS=() END_TICKS=() RSS_KB=() HWM_KB=() DIED=()
SCRAPERS=()
JVM_PID=
WORK=

die() {
	echo "footprint: $*" >&2
	exit 1
}
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

# --- Environment -------------------------------------------------------------

[[ ${BASH_VERSINFO[0]} -ge 5 ]] || die "bash 5 or later is required (EPOCHREALTIME)"
[[ $DURATION =~ ^[0-9]+(\.[0-9]+)?$ && $INTERVAL =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
	die "FOOTPRINT_DURATION and FOOTPRINT_INTERVAL must be numbers of seconds"
to_us() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000000 }'; }
DURATION_US=$(to_us "$DURATION")
INTERVAL_US=$(to_us "$INTERVAL")
((INTERVAL_US > 0)) || die "FOOTPRINT_INTERVAL must be above 0"
COUNT=$((DURATION_US / INTERVAL_US))
((COUNT > 0)) || die "FOOTPRINT_DURATION must be at least one FOOTPRINT_INTERVAL"
[[ -x $BINARY ]] || die "$BINARY is missing: run \`make footprint\` (or \`make build\` first)"
[[ -r $BOOTSTRAP_SOURCE ]] || die "$BOOTSTRAP_SOURCE is missing"

apt_install_missing "$NODE_EXPORTER=prometheus-node-exporter" "$PROCESS_EXPORTER=prometheus-process-exporter" \
	curl=curl java=default-jdk-headless javac=default-jdk-headless

# APIMWATCH_* variables would configure the agent under test.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^APIMWATCH_' || true)

# --- Processes and cleanup ---------------------------------------------------

cleanup() {
	local status=$? pid pids=() i running log
	trap - EXIT INT TERM
	set +e
	for pid in "${SCRAPERS[@]}" "${PID[@]}" $JVM_PID; do
		[[ -n $pid ]] && ours "$pid" && pids+=("$pid") && kill -TERM "$pid" 2>/dev/null
	done
	for ((i = 0; i < 50; i++)); do # up to 5 s for a graceful exit
		running=0
		for pid in "${pids[@]}"; do alive "$pid" && running=1 && break; done
		((running)) || break
		sleep 0.1
	done
	for pid in "${pids[@]}"; do ours "$pid" && kill -KILL "$pid" 2>/dev/null; done
	wait 2>/dev/null
	if ((status != 0)) && [[ -n $WORK && -d $WORK ]]; then
		for log in "$WORK"/*.log; do
			[[ -s $log ]] && { echo "--- last lines of $(basename "$log")"; tail -n 20 "$log"; } >&2
		done
	fi
	if [[ -n $WORK && -d $WORK ]]; then
		if [[ $KEEP == 1 ]]; then echo "footprint: kept $WORK" >&2; else rm -rf "$WORK"; fi
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORK=$(mktemp -d "${TMPDIR:-/tmp}/apimwatch-footprint.XXXXXXXX")

# start NAME COMMAND...: runs COMMAND in the background, logging to $WORK/NAME.log.
start() {
	local name=$1
	shift
	"$@" >"$WORK/$name.log" 2>&1 &
	PID[$name]=$!
}

# wait_for NAME URL PATTERN: until a scrape of URL holds PATTERN (an ERE).
wait_for() {
	local name=$1 url=$2 pattern=$3 deadline=$((SECONDS + 60)) body
	while :; do
		if body=$(curl -fsS --max-time 5 "$url" 2>/dev/null) && grep -Eq -- "$pattern" <<<"$body"; then
			return 0
		fi
		alive "${PID[$name]}" || die "$name exited before it was ready"
		((SECONDS < deadline)) || die "$name did not show /$pattern/ on $url within 60 s"
		sleep 0.2
	done
}

# --- The WSO2 node -----------------------------------------------------------

HOME_DIR=$WORK/wso2am-4.2.0
mkdir -p "$HOME_DIR/repository/conf" "$HOME_DIR/repository/logs" "$HOME_DIR/bin" "$WORK/classes"
printf '[server]\noffset = 0\n' >"$HOME_DIR/repository/conf/deployment.toml"
echo "WSO2 API Manager v4.2.0" >"$HOME_DIR/bin/version.txt"
javac -d "$WORK/classes" "$BOOTSTRAP_SOURCE"
java -Xmx96m -Dcarbon.home="$HOME_DIR" -cp "$WORK/classes" "$BOOTSTRAP_CLASS" >"$WORK/jvm.log" 2>&1 &
JVM_PID=$!
deadline=$((SECONDS + 30))
until [[ -f $HOME_DIR/wso2carbon.pid && $(tr -d '\n\0' <"$HOME_DIR/wso2carbon.pid") == "$JVM_PID" ]]; do
	alive "$JVM_PID" || die "the JVM exited before writing its pid file"
	((SECONDS < deadline)) || die "the JVM (pid $JVM_PID) wrote no pid file within 30 s"
	sleep 0.1
done
(($(tr -cd '\0' <"$HOME_DIR/wso2carbon.pid" | wc -c) > 0)) || die "the pid file has no trailing NUL bytes, unlike WSO2's"

# --- The exporters -----------------------------------------------------------

free_port && PORT[apimwatch]=$FREE_PORT
free_port && PORT[node_exporter]=$FREE_PORT
free_port && PORT[process-exporter]=$FREE_PORT

cat >"$WORK/apimwatch.yml" <<EOF
nodes:
  - name: gw
    carbon_home: $HOME_DIR
EOF
# process-exporter's cmdline regexes all match the space-joined command line.
# shellcheck disable=SC2001,SC2016 # every regex metacharacter, $ among them, escaped
home_regex=$(sed 's/[][\.*^$()+?{}|]/\\&/g' <<<"$HOME_DIR")
cat >"$WORK/process-exporter.yml" <<EOF
process_names:
  - name: wso2
    cmdline:
      - '-Dcarbon\.home=$home_regex( |\$)'
      - '${BOOTSTRAP_CLASS//./\\.}'
EOF

start apimwatch "$BINARY" run --config.file="$WORK/apimwatch.yml" \
	--web.listen-address="127.0.0.1:${PORT[apimwatch]}"
start node_exporter "$NODE_EXPORTER" --web.listen-address="127.0.0.1:${PORT[node_exporter]}"
start process-exporter "$PROCESS_EXPORTER" -config.path "$WORK/process-exporter.yml" \
	-web.listen-address "127.0.0.1:${PORT[process-exporter]}"

# The metric each scrape must hold to count as a success: each exporter sees what it should.
# (1.0 in OpenMetrics, which apimwatch serves when asked.)
MARK[apimwatch]='^wso2_jvm_up\{([^}]*,)?node="gw"(,[^}]*)?\} 1(\.0)?$'
MARK[node_exporter]='^node_cpu_seconds_total\{'
MARK[process-exporter]='^namedprocess_namegroup_num_procs\{groupname="wso2"\} 1(\.0)?$'

url() { echo "http://127.0.0.1:${PORT[$1]}/metrics"; }
for name in "${EXPORTERS[@]}"; do
	wait_for "$name" "$(url "$name")" "${MARK[$name]}"
done
[[ $(readlink "/proc/${PID[apimwatch]}/exe") == "$(readlink -f "$BINARY")" ]] ||
	die "pid ${PID[apimwatch]} is not $BINARY"

# --- Scraping ----------------------------------------------------------------

if [[ $GZIP_SCRAPES == 1 ]]; then
	# What Prometheus 2.x sends; curl decompresses, size_download counts the wire bytes.
	CURL_OPTS=(--compressed -H 'Accept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')
else
	CURL_OPTS=()
fi

now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }

# scrape_loop NAME OFFSET_US: COUNT scrapes from T0 + OFFSET_US, one per interval;
# one line per scrape in $WORK/NAME.scrapes: ok (1 or 0), seconds, bytes.
scrape_loop() {
	local name=$1 offset=$2 i target now out rc code seconds bytes ok
	local url body=$WORK/$name.body
	url=$(url "$name")
	for ((i = 0; i < COUNT; i++)); do
		target=$((T0 + offset + i * INTERVAL_US))
		now=$(now_us)
		if ((target > now)); then
			sleep "$(printf '%d.%06d' $(((target - now) / 1000000)) $(((target - now) % 1000000)))"
		fi
		rc=0
		out=$(curl -sS --max-time 10 "${CURL_OPTS[@]}" -o "$body" -w '%{http_code} %{time_total} %{size_download}' \
			"$url" 2>>"$WORK/$name.curl.log") || rc=$?
		read -r code seconds bytes <<<"${out:-000 0 0}"
		ok=0
		if ((rc == 0)) && [[ $code == 200 ]] && grep -Eq -- "${MARK[$name]}" "$body"; then ok=1; fi
		echo "$ok $seconds $bytes" >>"$WORK/$name.scrapes"
	done
}

# host_ticks: busy and total ticks of all CPUs, from the first line of /proc/stat.
host_ticks() { awk '$1 == "cpu" { for (i = 2; i <= 9; i++) total += $i; print total - $5 - $6, total; exit }' /proc/stat; }

echo "footprint: scraping each exporter $COUNT times, every $INTERVAL s" >&2
read -r host_busy_start host_total_start < <(host_ticks)
for name in "${EXPORTERS[@]}"; do START_TICKS[$name]=$(cpu_ticks "${PID[$name]}"); done # a process gone
# by the end is reported as died; its CPU then reads as 0
window_start=$(now_us)
T0=$((window_start + 200000))
i=0
for name in "${EXPORTERS[@]}"; do
	scrape_loop "$name" $((i * INTERVAL_US / ${#EXPORTERS[@]})) &
	SCRAPERS+=($!)
	i=$((i + 1))
done
wait "${SCRAPERS[@]}"
SCRAPERS=()
now=$(now_us) # the window lasts the whole duration, however few the scrapes
if ((T0 + COUNT * INTERVAL_US > now)); then
	sleep "$(awk -v us=$((T0 + COUNT * INTERVAL_US - now)) 'BEGIN { printf "%.6f", us / 1e6 }')"
fi
for name in "${EXPORTERS[@]}"; do
	END_TICKS[$name]=$(cpu_ticks "${PID[$name]}")
	END_TICKS[$name]=${END_TICKS[$name]:-${START_TICKS[$name]:-0}}
	alive "${PID[$name]}" && ours "${PID[$name]}" || DIED[$name]=1
	RSS_KB[$name]=$(status_kb "${PID[$name]}" VmRSS)
	HWM_KB[$name]=$(status_kb "${PID[$name]}" VmHWM)
done
window_end=$(now_us)
read -r host_busy_end host_total_end < <(host_ticks)
host_busy=$(awk -v b=$((host_busy_end - host_busy_start)) -v t=$((host_total_end - host_total_start)) 'BEGIN { printf "%.0f", t ? 100 * b / t : 0 }')

# --- Report ------------------------------------------------------------------

failures=()
for name in "${!DIED[@]}"; do failures+=("$name died"); done
alive "$JVM_PID" && ours "$JVM_PID" || failures+=("the JVM died")

# One plain scrape after the window: the exposition's size and its number of samples.
declare -A PLAIN_BYTES=() SAMPLES=()
for name in "${EXPORTERS[@]}"; do
	if curl -fsS --max-time 10 -o "$WORK/$name.plain" "$(url "$name")" 2>/dev/null; then
		PLAIN_BYTES[$name]=$(wc -c <"$WORK/$name.plain")
		SAMPLES[$name]=$(grep -vc '^#' "$WORK/$name.plain" || true)
	else
		PLAIN_BYTES[$name]='?'
		SAMPLES[$name]='?'
	fi
done

CLK_TCK=$(getconf CLK_TCK)
declare -A CPU_MS=()
version_of() {
	case $1 in
	apimwatch) "$BINARY" version 2>/dev/null | head -n 1 ;;
	node_exporter) "$NODE_EXPORTER" --version 2>&1 | head -n 1 ;;
	process-exporter) "$PROCESS_EXPORTER" -version 2>&1 | head -n 1 ;;
	esac
}

echo
echo "## Idle footprint, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "- host: $(nproc) CPUs, $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, kernel $(uname -r), $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)"
for name in "${EXPORTERS[@]}"; do echo "- $name: $(version_of "$name")"; done
echo "- JVM: $(java -version 2>&1 | head -n 1), -Xmx96m, pid $JVM_PID"
echo "- $COUNT scrape(s) of each exporter, one every $INTERVAL s, staggered; $([[ $GZIP_SCRAPES == 1 ]] && echo "Prometheus' Accept header, gzip" || echo "plain text, no gzip")"
echo "- window $(awk -v us=$((window_end - window_start)) 'BEGIN { printf "%.1f", us / 1e6 }') s; CPU is utime+stime over it (clock tick $((1000 / CLK_TCK)) ms); RSS at its end, peak is VmHWM"
echo "- host during the window: $host_busy% of its CPU time busy (every process, these included), load average $(cut -d' ' -f1-3 /proc/loadavg) at its end"
if ((host_busy > 50)); then
	echo "- **the host was busy with other work: latencies are not representative; CPU times and memory still are, roughly**"
fi
echo
echo "| exporter | CPU ms in window | CPU ms / scrape | VmRSS MiB (end) | VmHWM MiB (peak) | scrapes ok | failed | mean latency ms | max latency ms | bytes / scrape (wire) | exposition bytes | samples |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
for name in "${EXPORTERS[@]}"; do
	CPU_MS[$name]=$(((END_TICKS[$name] - START_TICKS[$name]) * 1000 / CLK_TCK))
	[[ -z ${DIED[$name]:-} ]] || CPU_MS[$name]=0
	read -r ok failed mean_ms max_ms mean_bytes < <(awk '
		$1 == 1 { ok++; seconds += $2; bytes += $3; if ($2 > max) max = $2 }
		$1 != 1 { failed++ }
		END { printf "%d %d %.2f %.2f %.0f\n", ok, failed, ok ? 1000 * seconds / ok : 0, 1000 * max, ok ? bytes / ok : 0 }
	' "$WORK/$name.scrapes")
	((failed == 0)) || failures+=("$failed scrapes of $name failed")
	((ok + failed == COUNT)) || failures+=("$name: $((ok + failed)) scrapes of $COUNT were made")
	printf '| %s%s | %d | %s | %s | %s | %d | %d | %s | %s | %s | %s | %s |\n' "$name" "${DIED[$name]:+ (DIED)}" "${CPU_MS[$name]}" \
		"$(awk -v ms="${CPU_MS[$name]}" -v n="$ok" 'BEGIN { printf "%.2f", n ? ms / n : 0 }')" \
		"$(awk -v kb="${RSS_KB[$name]}" 'BEGIN { printf "%.1f", kb / 1024 }')" \
		"$(awk -v kb="${HWM_KB[$name]}" 'BEGIN { printf "%.1f", kb / 1024 }')" \
		"$ok" "$failed" "$mean_ms" "$max_ms" "$mean_bytes" "${PLAIN_BYTES[$name]}" "${SAMPLES[$name]}"
done
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "- CPU apimwatch / node_exporter: $(ratio "${CPU_MS[apimwatch]}" "${CPU_MS[node_exporter]}")"
echo "- CPU apimwatch / process-exporter: $(ratio "${CPU_MS[apimwatch]}" "${CPU_MS[process-exporter]}")"
rss_target_kb=$((RSS_TARGET_MB * 1000 * 1000 / 1024))
echo "- target, apimwatch resident memory at most $RSS_TARGET_MB MB ($((rss_target_kb)) KiB): VmRSS ${RSS_KB[apimwatch]} KiB $(verdict $((RSS_KB[apimwatch] <= rss_target_kb))), peak VmHWM ${HWM_KB[apimwatch]} KiB $(verdict $((HWM_KB[apimwatch] <= rss_target_kb)))"
echo "- target, apimwatch CPU below node_exporter's for the same scrapes: ${CPU_MS[apimwatch]} ms vs ${CPU_MS[node_exporter]} ms, $(verdict $((CPU_MS[apimwatch] < CPU_MS[node_exporter])))"

if ((${#failures[@]})); then
	printf 'footprint: FAILED: %s\n' "${failures[@]}" >&2
	exit 1
fi
