#!/usr/bin/env bash
# The log pipeline's throughput, latency, sustained CPU and backlog memory, measured through
# the real daemon (`apimwatch run`) side by side with mtail and grep, on a generated,
# realistic wso2carbon.log (scripts/gencorpus). The results and how to read them are in
# docs/PERFORMANCE.md.
#
# Usage: make bench-logs            (builds bin/apimwatch, then runs this)
#        scripts/bench-logs.sh      (uses an existing bin/apimwatch)
#
# Environment (sizes take KB/MB/GB, powers of 1000, or KiB/MiB/GiB):
#   BENCH_SIZE               the catch-up corpus, read by apimwatch, mtail and grep (default 300MB)
#   BENCH_BACKLOG_SIZE       the backlog whose peak memory is compared with BENCH_SIZE's
#                            (default 1GB; 0 skips it)
#   BENCH_SEED               the corpus generator's seed (default 1)
#   BENCH_GREP_RUNS          timed grep runs, the median is kept (default 5)
#   BENCH_CATCHUP_RUNS       timed apimwatch catch-ups of BENCH_SIZE, the median is kept, as for
#                            grep (default 3)
#   BENCH_SCRAPE_INTERVAL    how often /metrics is polled while catching up (default 20ms)
#   BENCH_CATCHUP_TIMEOUT    seconds a catch-up (or mtail's one-shot run) may take (default 600)
#   BENCH_LATENCY_SAMPLES    records appended one at a time to time (default 200; 0 skips)
#   BENCH_LATENCY_POLL       how often /metrics is polled while waiting for one (default 2ms)
#   BENCH_MTAIL_LATENCY      1 (default): time mtail's daemon mode the same way; 0: skip
#   BENCH_SUSTAINED_SECONDS  length of the sustained-load window (default 30; 0 skips)
#   BENCH_SUSTAINED_RATE     records per second written during it (default 10000)
#   BENCH_MTAIL_SUSTAINED    1 (default): the same load on mtail's daemon, for comparison; 0: skip
#   BENCH_BINARY             the apimwatch binary (default: bin/apimwatch of this repository)
#   BENCH_KEEP               1: keep the work directory (corpora, configs, daemon logs)
#
# What runs, in order:
#   1. gencorpus writes BENCH_SIZE of wso2carbon.log (4.x layout) and prints its exact line,
#      record and per-level counts; grep and wc check them.
#   2. grep -c '^TID: ' on it, BENCH_GREP_RUNS times.
#   3. apimwatch, BENCH_CATCHUP_RUNS times: `apimwatch run` with one node whose CARBON_HOME holds the corpus as
#      repository/logs/wso2carbon.log, logs.from_start: true, a fresh logs.state_dir. The time is
#      from just before the daemon starts until /metrics shows wso2_log_lines_total equal to
#      the corpus's line count. Then wso2_log_records_total by level must equal the
#      generator's counts exactly (the last record closes after logs.idle_close), with no
#      unparsed line. VmHWM at the end is the peak resident memory.
#   4. mtail --one_shot with scripts/bench-logs.mtail on the same file; its counts are checked too.
#   5. The same catch-up as 3 on a BENCH_BACKLOG_SIZE corpus: time and peak memory.
#   6. Latency: apimwatch follows a live file from its end; one ERROR record (with its stack
#      trace, one write) is appended at a time and /metrics polled every BENCH_LATENCY_POLL
#      until wso2_log_records_total{level="ERROR"} counts it. Then mtail's daemon (its
#      defaults: 250 ms polling) the same way.
#   7. Sustained load: a writer appends BENCH_SUSTAINED_RATE records/s, each with its own
#      write(2) as log4j2 does, for BENCH_SUSTAINED_SECONDS; apimwatch's utime+stime from
#      /proc/<pid>/stat over the window, as a percentage of one core; nothing may be lost.
#      Then mtail under the same load.
# Every timed read is from the page cache: the file is read once (cat >/dev/null) right before
# each timed run. Daemons listen on free loopback ports only.
#
# Exit status: 0 when every process lived and every count matched; 1 otherwise. A missed
# performance target is reported in the summary, not turned into a failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZE=${BENCH_SIZE:-300MB}
BACKLOG_SIZE=${BENCH_BACKLOG_SIZE:-1GB}
SEED=${BENCH_SEED:-1}
GREP_RUNS=${BENCH_GREP_RUNS:-5}
CATCHUP_RUNS=${BENCH_CATCHUP_RUNS:-3}
SCRAPE_INTERVAL=${BENCH_SCRAPE_INTERVAL:-20ms}
CATCHUP_TIMEOUT=${BENCH_CATCHUP_TIMEOUT:-600}
LATENCY_SAMPLES=${BENCH_LATENCY_SAMPLES:-200}
LATENCY_POLL=${BENCH_LATENCY_POLL:-2ms}
MTAIL_LATENCY=${BENCH_MTAIL_LATENCY:-1}
SUSTAINED_SECONDS=${BENCH_SUSTAINED_SECONDS:-30}
SUSTAINED_RATE=${BENCH_SUSTAINED_RATE:-10000}
MTAIL_SUSTAINED=${BENCH_MTAIL_SUSTAINED:-1}
BINARY=${BENCH_BINARY:-$ROOT/bin/apimwatch}
KEEP=${BENCH_KEEP:-0}

# Targets (the issue's): apimwatch at least 20x mtail's throughput, at most 4x grep's time,
# p99 latency at most 100 ms, at most 5% of a core at 10,000 records/s.
TARGET_VS_MTAIL=20
TARGET_VS_GREP=4
TARGET_P99_MS=100
TARGET_CPU_PCT=5

die() {
	echo "bench-logs: $*" >&2
	exit 1
}
say() { echo "bench-logs: $*" >&2; }
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

# --- Environment -------------------------------------------------------------

[[ ${BASH_VERSINFO[0]} -ge 5 ]] || die "bash 5 or later is required (EPOCHREALTIME)"
[[ -x $BINARY ]] || die "$BINARY is missing: run \`make bench-logs\` (or \`make build\` first)"
command -v go >/dev/null 2>&1 || die "go is required to build scripts/gencorpus"
for n in GREP_RUNS CATCHUP_TIMEOUT LATENCY_SAMPLES SUSTAINED_SECONDS SUSTAINED_RATE; do
	[[ ${!n} =~ ^[0-9]+$ ]] || die "BENCH_$n must be a whole number, not '${!n}'"
done
((GREP_RUNS > 0)) || die "BENCH_GREP_RUNS must be at least 1"

apt_install_missing mtail=mtail curl=curl
MTAIL=$(command -v mtail)

# APIMWATCH_* variables would configure the agent under test.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^APIMWATCH_' || true)

# --- Processes and cleanup ---------------------------------------------------

declare -A PID=() PORT=()
WORK=

# stop NAME: TERM, up to 5 s for a graceful exit, then KILL.
stop() {
	local name=$1 pid=${PID[$1]:-} i
	[[ -n $pid ]] || return 0
	if ours "$pid"; then
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 50; i++)); do
			alive "$pid" || break
			sleep 0.1
		done
		if ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
	fi
	wait "$pid" 2>/dev/null || true
	unset "PID[$name]"
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local status=$? name log
	trap - EXIT INT TERM
	set +e
	for name in "${!PID[@]}"; do stop "$name"; done
	if ((status != 0)) && [[ -n $WORK && -d $WORK ]]; then
		for log in "$WORK"/*.out; do
			[[ -s $log ]] && { echo "--- last lines of $(basename "$log")"; tail -n 15 "$log"; } >&2
		done
	fi
	if [[ -n $WORK && -d $WORK ]]; then
		if [[ $KEEP == 1 ]]; then say "kept $WORK"; else rm -rf "$WORK"; fi
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORK=$(mktemp -d "${TMPDIR:-/tmp}/apimwatch-bench-logs.XXXXXXXX")

now_ns() { echo "${EPOCHREALTIME//[!0-9]/}000"; }

CLK_TCK=$(getconf CLK_TCK)

calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# --- Tools -------------------------------------------------------------------

GEN=$WORK/gencorpus
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$GEN" ./scripts/gencorpus) || die "cannot build scripts/gencorpus"
mkdir -p "$WORK/progs"
cp "$ROOT/scripts/bench-logs.mtail" "$WORK/progs/"

# make_home DIR: a CARBON_HOME with what discovery reads (its logs/ left to the caller).
make_home() {
	mkdir -p "$1/repository/conf" "$1/repository/logs" "$1/bin"
	printf '[server]\noffset = 0\n' >"$1/repository/conf/deployment.toml"
	echo "WSO2 API Manager v4.2.0" >"$1/bin/version.txt"
}

# configure_apimwatch NAME HOME FROM_START: a free port, a fresh state directory and the
# configuration of a daemon with one node. Kept apart from launch_apimwatch so that a timed
# catch-up does not count this script's own work (the port search takes about 30 ms).
configure_apimwatch() {
	local name=$1 home=$2 from_start=$3
	free_port && PORT[$name]=$FREE_PORT
	mkdir -p "$WORK/state-$name"
	cat >"$WORK/$name.yml" <<EOF
logs:
  from_start: $from_start
  state_dir: $WORK/state-$name
nodes:
  - name: bench
    carbon_home: $home
EOF
}

# launch_apimwatch NAME: the daemon configure_apimwatch prepared, in the background.
launch_apimwatch() {
	"$BINARY" run --config.file="$WORK/$1.yml" --web.listen-address="127.0.0.1:${PORT[$1]}" >"$WORK/$1.out" 2>&1 &
	PID[$1]=$!
}

# start_apimwatch NAME HOME FROM_START: both of the above.
start_apimwatch() {
	configure_apimwatch "$@"
	launch_apimwatch "$1"
}

# start_mtail NAME FILE: mtail's daemon following FILE (from its end, as mtail does).
start_mtail() {
	local name=$1 file=$2
	free_port && PORT[$name]=$FREE_PORT
	"$MTAIL" --progs "$WORK/progs" --logs "$file" --address 127.0.0.1 --port "${PORT[$name]}" --logtostderr >"$WORK/$name.out" 2>&1 &
	PID[$name]=$!
}

url() { echo "http://127.0.0.1:${PORT[$1]}/metrics"; }

# get NAME SELECTOR: the summed value of the selected series.
get() { "$GEN" get -url "$(url "$1")" -metric "$2"; }

# wait_value NAME SELECTOR VALUE [SINCE_NS] [INTERVAL] [PREFIX]: until the selected series sum
# to VALUE; sets WAIT_SECONDS (since SINCE_NS, default now). Past VALUE, or the process gone,
# is fatal.
wait_value() {
	local out
	out=$("$GEN" wait -url "$(url "$1")" -metric "$2" -value "$3" -since-ns "${4:-0}" -interval "${5:-$SCRAPE_INTERVAL}" \
		-timeout "${CATCHUP_TIMEOUT}s" -pid "${PID[$1]}" -prefix "${6:-WAIT}") || die "$1: waiting for $2 = $3 failed"
	eval "$out"
}

LEVELS=(TRACE DEBUG INFO WARN ERROR FATAL)

# check_levels NAME FILE_LABEL PREFIX: wso2_log_records_total by level equals ${PREFIX}_<LEVEL>.
check_levels() {
	local name=$1 file=$2 prefix=$3 level want got bad=0
	for level in "${LEVELS[@]}"; do
		want=${prefix}_$level
		got=$(get "$name" "wso2_log_records_total{file=\"$file\",level=\"$level\"}")
		if [[ $got != "${!want}" ]]; then
			say "$name: wso2_log_records_total{level=\"$level\"} is $got, the generator wrote ${!want}"
			bad=1
		fi
	done
	got=$(get "$name" "wso2_log_records_total{file=\"$file\",level=\"UNKNOWN\"}")
	[[ $got == 0 ]] || { say "$name: $got records of level UNKNOWN"; bad=1; }
	got=$(get "$name" "wso2_log_unparsed_lines_total{file=\"$file\"}")
	[[ $got == 0 ]] || { say "$name: $got unparsed lines"; bad=1; }
	((bad == 0)) || die "$name: the counters do not match what was written"
}

# catch_up NAME HOME PREFIX: times apimwatch reading HOME's wso2carbon.log from its start; sets
# CU_SECONDS (lines all read), CU_RECORDS_SECONDS (records all counted), CU_CPU_S, CU_HWM_KB.
catch_up() {
	local name=$1 home=$2 prefix=$3 lines records start ticks
	lines=${prefix}_LINES
	records=${prefix}_RECORDS
	cat "$home/repository/logs/wso2carbon.log" >/dev/null # from the page cache, as grep and mtail
	configure_apimwatch "$name" "$home" true
	start=$(now_ns)
	launch_apimwatch "$name"
	wait_value "$name" 'wso2_log_lines_total{file="wso2carbon.log"}' "${!lines}" "$start"
	CU_SECONDS=$WAIT_SECONDS
	wait_value "$name" 'wso2_log_records_total{file="wso2carbon.log"}' "${!records}" "$start"
	CU_RECORDS_SECONDS=$WAIT_SECONDS
	ticks=$(cpu_ticks "${PID[$name]}")
	[[ -n $ticks ]] || die "$name is gone"
	CU_CPU_S=$(calc '%.2f' "$ticks / $CLK_TCK")
	CU_HWM_KB=$(status_kb "${PID[$name]}" VmHWM)
	check_levels "$name" wso2carbon.log "$prefix"
	alive "${PID[$name]}" || die "$name died"
	stop "$name"
}

# timed OUT ERR COMMAND...: runs COMMAND, sets T_REAL, T_USER, T_SYS (seconds).
timed() {
	local out=$1 err=$2 times rc=0
	shift 2
	TIMEFORMAT='%R %U %S'
	times=$({ time "$@" >"$out" 2>"$err"; } 2>&1) || rc=$?
	read -r T_REAL T_USER T_SYS <<<"$times"
	return "$rc"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- 1. The corpus -----------------------------------------------------------

HOME_MAIN=$WORK/wso2am-4.2.0
make_home "$HOME_MAIN"
CORPUS=$HOME_MAIN/repository/logs/wso2carbon.log
say "generating $SIZE of wso2carbon.log (seed $SEED)"
out=$("$GEN" corpus -o "$CORPUS" -size "$SIZE" -seed "$SEED" -prefix CORPUS) || die "gencorpus failed"
eval "$out"
[[ $(wc -l <"$CORPUS") == "$CORPUS_LINES" ]] || die "wc -l disagrees with the generator's line count $CORPUS_LINES"
[[ $(grep -c '^TID: ' "$CORPUS") == "$CORPUS_RECORDS" ]] || die "grep disagrees with the generator's record count $CORPUS_RECORDS"
CORPUS_MB=$(calc '%.1f' "$CORPUS_BYTES / 1e6")
say "corpus: $CORPUS_BYTES bytes, $CORPUS_LINES lines, $CORPUS_RECORDS records (INFO $CORPUS_INFO, WARN $CORPUS_WARN, ERROR $CORPUS_ERROR, DEBUG $CORPUS_DEBUG)"

# --- 2. grep -----------------------------------------------------------------

GREP_TIMES=()
for ((i = 0; i < GREP_RUNS; i++)); do
	cat "$CORPUS" >/dev/null
	timed "$WORK/grep.count" "$WORK/grep.err" grep -c '^TID: ' "$CORPUS" || die "grep failed"
	[[ $(cat "$WORK/grep.count") == "$CORPUS_RECORDS" ]] || die "grep counted $(cat "$WORK/grep.count") records"
	GREP_TIMES+=("$T_REAL")
done
GREP_S=$(printf '%s\n' "${GREP_TIMES[@]}" | median)
say "grep: ${GREP_TIMES[*]} s (median $GREP_S s)"

# --- 3. apimwatch catch-up ---------------------------------------------------

say "apimwatch: catching up $CORPUS_MB MB from the start"
AW_TIMES=() AW_RECORD_TIMES=() AW_CPUS=() AW_HWM_KB=0
for ((i = 0; i < CATCHUP_RUNS; i++)); do
	# A daemon of its own each time, with a fresh state directory: nothing is resumed.
	catch_up "catchup-$i" "$HOME_MAIN" CORPUS
	AW_TIMES+=("$CU_SECONDS") AW_RECORD_TIMES+=("$CU_RECORDS_SECONDS") AW_CPUS+=("$CU_CPU_S")
	((CU_HWM_KB > AW_HWM_KB)) && AW_HWM_KB=$CU_HWM_KB
	say "apimwatch: lines all read in $CU_SECONDS s, records all counted in $CU_RECORDS_SECONDS s, $CU_CPU_S s CPU, VmHWM $CU_HWM_KB kB"
done
AW_S=$(printf '%s\n' "${AW_TIMES[@]}" | median)
AW_RECORDS_S=$(printf '%s\n' "${AW_RECORD_TIMES[@]}" | median)
AW_CPU_S=$(printf '%s\n' "${AW_CPUS[@]}" | median)
say "apimwatch: ${AW_TIMES[*]} s (median $AW_S s)"

# --- 4. mtail one-shot -------------------------------------------------------

say "mtail: one-shot over the same file"
cat "$CORPUS" >/dev/null
free_port && PORT[mtail-oneshot]=$FREE_PORT
timed "$WORK/mtail-oneshot.prom" "$WORK/mtail-oneshot.out" timeout "$CATCHUP_TIMEOUT" "$MTAIL" --one_shot --one_shot_format prometheus \
	--progs "$WORK/progs" --logs "$CORPUS" --address 127.0.0.1 --port "${PORT[mtail-oneshot]}" --logtostderr || die "mtail --one_shot failed"
MTAIL_S=$T_REAL MTAIL_CPU_S=$(calc '%.2f' "$T_USER + $T_SYS")
mtail_value() { awk -v m="$1" -v l="$2" 'index($0, m "{") == 1 && (l == "" || index($0, l)) { v += $NF } END { print v + 0 }' "$WORK/mtail-oneshot.prom"; }
[[ $(mtail_value wso2_log_lines_total "") == "$CORPUS_LINES" ]] || die "mtail counted $(mtail_value wso2_log_lines_total "") lines, not $CORPUS_LINES"
for level in DEBUG INFO WARN ERROR; do
	want=CORPUS_$level
	[[ $(mtail_value wso2_log_records_total "level=\"$level\"") == "${!want}" ]] ||
		die "mtail counted $(mtail_value wso2_log_records_total "level=\"$level\"") $level records, not ${!want}"
done
say "mtail: $MTAIL_S s, $MTAIL_CPU_S s CPU; its counts match"

# --- 5. Backlog memory -------------------------------------------------------

BL_DONE=0
if [[ $BACKLOG_SIZE != 0 ]]; then
	HOME_BACKLOG=$WORK/wso2am-backlog
	make_home "$HOME_BACKLOG"
	say "generating a $BACKLOG_SIZE backlog"
	out=$("$GEN" corpus -o "$HOME_BACKLOG/repository/logs/wso2carbon.log" -size "$BACKLOG_SIZE" -seed "$((SEED + 1))" -prefix BACKLOG) ||
		die "gencorpus failed"
	eval "$out"
	say "apimwatch: catching up the backlog ($BACKLOG_BYTES bytes, $BACKLOG_LINES lines)"
	catch_up backlog "$HOME_BACKLOG" BACKLOG
	BL_S=$CU_SECONDS BL_RECORDS_S=$CU_RECORDS_SECONDS BL_CPU_S=$CU_CPU_S BL_HWM_KB=$CU_HWM_KB
	BL_MB=$(calc '%.1f' "$BACKLOG_BYTES / 1e6")
	BL_DONE=1
	rm -f "$HOME_BACKLOG/repository/logs/wso2carbon.log"
	say "apimwatch: backlog read in $BL_S s, VmHWM $BL_HWM_KB kB"
fi

# --- 6. Latency --------------------------------------------------------------

HOME_LIVE=$WORK/wso2am-live
make_home "$HOME_LIVE"
LIVE=$HOME_LIVE/repository/logs/wso2carbon.log
# A live file that already holds some records, read from its end (no from_start).
"$GEN" corpus -o "$LIVE" -size 1MB -seed "$((SEED + 2))" -prefix PRE >/dev/null || die "gencorpus failed"

# latency NAME SELECTOR PREFIX: appends ERROR records one at a time to $LIVE.
latency() {
	local out
	out=$("$GEN" latency -file "$LIVE" -url "$(url "$1")" -metric "$2" -samples "$LATENCY_SAMPLES" -poll "$LATENCY_POLL" \
		-pid "${PID[$1]}" -seed "$((SEED + 3))" -prefix "$3") || die "$1: the latency run failed"
	eval "$out"
}

LAT_DONE=0 MLAT_DONE=0
if ((LATENCY_SAMPLES > 0)); then
	say "apimwatch: latency over $LATENCY_SAMPLES records appended one at a time"
	start_apimwatch live "$HOME_LIVE" false
	wait_value live 'wso2_log_file_following{file="wso2carbon.log"}' 1
	latency live 'wso2_log_records_total{file="wso2carbon.log",level="ERROR"}' LAT
	check_levels live wso2carbon.log LAT
	stop live
	LAT_DONE=1
	say "apimwatch: p50 $LAT_P50_MS ms, p99 $LAT_P99_MS ms"
	if [[ $MTAIL_LATENCY == 1 ]]; then
		say "mtail: latency the same way (daemon mode, its default polling)"
		start_mtail mtail-live "$LIVE"
		wait_value mtail-live 'wso2_log_lines_total' 0
		sleep 1 # mtail finds the log on its first poll of the log patterns
		latency mtail-live 'wso2_log_records_total{level="ERROR"}' MLAT
		stop mtail-live
		MLAT_DONE=1
		say "mtail: p50 $MLAT_P50_MS ms, p99 $MLAT_P99_MS ms"
	fi
fi

# --- 7. Sustained load -------------------------------------------------------

# sustained NAME SELECTOR_PREFIX PREFIX: writes for SUSTAINED_SECONDS; sets S_CPU_PCT.
sustained() {
	local name=$1 prefix=$2 before after out
	before=$(cpu_ticks "${PID[$name]}")
	out=$("$GEN" write -file "$LIVE" -rate "$SUSTAINED_RATE" -duration "${SUSTAINED_SECONDS}s" -seed "$((SEED + 4))" -prefix "$prefix") ||
		die "the writer failed"
	after=$(cpu_ticks "${PID[$name]}")
	[[ -n $before && -n $after ]] || die "$name is gone"
	eval "$out"
	local seconds=${prefix}_SECONDS
	S_CPU_PCT=$(calc '%.2f' "100 * ($after - $before) / $CLK_TCK / ${!seconds}")
	S_CPU_MS=$(((after - before) * 1000 / CLK_TCK))
}

SUS_DONE=0 MSUS_DONE=0
if ((SUSTAINED_SECONDS > 0)); then
	say "apimwatch: $SUSTAINED_RATE records/s for $SUSTAINED_SECONDS s"
	start_apimwatch sustained "$HOME_LIVE" false
	wait_value sustained 'wso2_log_file_following{file="wso2carbon.log"}' 1
	sleep 1
	sustained sustained SUS
	SUS_CPU_PCT=$S_CPU_PCT SUS_CPU_MS=$S_CPU_MS
	wait_value sustained 'wso2_log_lines_total{file="wso2carbon.log"}' "$SUS_LINES" 0 20ms
	wait_value sustained 'wso2_log_records_total{file="wso2carbon.log"}' "$SUS_RECORDS" 0 20ms
	check_levels sustained wso2carbon.log SUS
	SUS_HWM_KB=$(status_kb "${PID[sustained]}" VmHWM)
	alive "${PID[sustained]}" || die "apimwatch died under sustained load"
	stop sustained
	SUS_DONE=1
	# shellcheck disable=SC2153 # SUS_* come from the writer
	say "apimwatch: $SUS_CPU_PCT% of one core ($SUS_CPU_MS ms CPU over $SUS_SECONDS s, $SUS_RATE records/s, max writer lag $SUS_MAX_LAG_RECORDS records)"
	if [[ $MTAIL_SUSTAINED == 1 ]]; then
		say "mtail: the same load"
		start_mtail mtail-sustained "$LIVE"
		wait_value mtail-sustained 'wso2_log_lines_total' 0
		sleep 1
		base=$(get mtail-sustained wso2_log_lines_total)
		sustained mtail-sustained MSUS
		MSUS_CPU_PCT=$S_CPU_PCT MSUS_CPU_MS=$S_CPU_MS
		wait_value mtail-sustained 'wso2_log_lines_total' "$((base + MSUS_LINES))" 0 20ms
		alive "${PID[mtail-sustained]}" || die "mtail died under sustained load"
		stop mtail-sustained
		MSUS_DONE=1
		say "mtail: $MSUS_CPU_PCT% of one core"
	fi
fi

# --- Report ------------------------------------------------------------------

mbps() { calc '%.1f' "$1 / 1e6 / $2"; }
AW_MBPS=$(mbps "$CORPUS_BYTES" "$AW_S")
MTAIL_MBPS=$(mbps "$CORPUS_BYTES" "$MTAIL_S")
GREP_MBPS=$(mbps "$CORPUS_BYTES" "$GREP_S")
VS_MTAIL=$(calc '%.2f' "$AW_MBPS / $MTAIL_MBPS")
VS_GREP=$(calc '%.2f' "$AW_S / $GREP_S")
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }' && echo 1 || echo 0; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }' && echo 1 || echo 0; }

echo
echo "## Log pipeline benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "- host: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, kernel $(uname -r), $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)"
echo "- apimwatch: $("$BINARY" version 2>/dev/null | head -n 1)"
echo "- mtail: $("$MTAIL" --version 2>&1 | head -n 1)"
echo "- grep: $(grep --version | head -n 1)"
echo "- corpus: $CORPUS_BYTES bytes, $CORPUS_LINES lines, $CORPUS_RECORDS records (INFO $CORPUS_INFO, WARN $CORPUS_WARN, ERROR $CORPUS_ERROR, DEBUG $CORPUS_DEBUG), seed $SEED"
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the script's own processes included)"
echo "- every timed read is from the page cache (the file is read once right before each run); apimwatch's time runs from its start until /metrics (polled every $SCRAPE_INTERVAL) shows every line read"
echo
echo "| reader | seconds | MB/s | CPU s | peak RSS (VmHWM) MiB | counts exact |"
echo "|---|--:|--:|--:|--:|---|"
printf '| grep -c %s (median of %d) | %s | %s | | | yes |\n' "'^TID: '" "$GREP_RUNS" "$GREP_S" "$GREP_MBPS"
printf '| apimwatch run, %s MB from the start (median of %d; all records counted at %s s) | %s | %s | %s | %s | yes |\n' "$CORPUS_MB" "$CATCHUP_RUNS" "$AW_RECORDS_S" "$AW_S" "$AW_MBPS" "$AW_CPU_S" "$(calc '%.1f' "$AW_HWM_KB / 1024")"
if ((BL_DONE)); then
	printf '| apimwatch run, %s MB backlog (all records counted at %s s) | %s | %s | %s | %s | yes |\n' "$BL_MB" "$BL_RECORDS_S" "$BL_S" "$(mbps "$BACKLOG_BYTES" "$BL_S")" "$BL_CPU_S" "$(calc '%.1f' "$BL_HWM_KB / 1024")"
fi
printf '| mtail --one_shot | %s | %s | %s | | yes |\n' "$MTAIL_S" "$MTAIL_MBPS" "$MTAIL_CPU_S"
echo
if ((LAT_DONE)); then
	echo "| latency, append to /metrics | samples | min ms | p50 ms | p90 ms | p99 ms | max ms |"
	echo "|---|--:|--:|--:|--:|--:|--:|"
	echo "| apimwatch (default logs.poll_interval and logs.idle_close, inotify) | $LAT_SAMPLES | $LAT_MIN_MS | $LAT_P50_MS | $LAT_P90_MS | $LAT_P99_MS | $LAT_MAX_MS |"
	if ((MLAT_DONE)); then
		echo "| mtail (default --poll_interval 250ms) | $MLAT_SAMPLES | $MLAT_MIN_MS | $MLAT_P50_MS | $MLAT_P90_MS | $MLAT_P99_MS | $MLAT_MAX_MS |"
	fi
	echo
fi
if ((SUS_DONE)); then
	echo "| sustained load | records/s written | seconds | records | CPU ms | % of one core | peak RSS MiB | nothing lost |"
	echo "|---|--:|--:|--:|--:|--:|--:|---|"
	echo "| apimwatch | $SUS_RATE | $SUS_SECONDS | $SUS_RECORDS | $SUS_CPU_MS | $SUS_CPU_PCT | $(calc '%.1f' "$SUS_HWM_KB / 1024") | yes (lines and records by level exact) |"
	if ((MSUS_DONE)); then
		echo "| mtail | $MSUS_RATE | $MSUS_SECONDS | $MSUS_RECORDS | $MSUS_CPU_MS | $MSUS_CPU_PCT | | yes (lines exact) |"
	fi
	echo
fi
echo "Ratios and targets:"
echo
echo "- throughput apimwatch / mtail: $AW_MBPS / $MTAIL_MBPS MB/s = ${VS_MTAIL}x (target at least ${TARGET_VS_MTAIL}x): $(verdict "$(ge "$VS_MTAIL" "$TARGET_VS_MTAIL")")"
echo "- time apimwatch / grep: $AW_S / $GREP_S s = ${VS_GREP}x (target at most ${TARGET_VS_GREP}x): $(verdict "$(le "$VS_GREP" "$TARGET_VS_GREP")")"
if ((LAT_DONE)); then
	echo "- latency p99: $LAT_P99_MS ms (target at most $TARGET_P99_MS ms): $(verdict "$(le "$LAT_P99_MS" "$TARGET_P99_MS")")"
fi
if ((SUS_DONE)); then
	echo "- CPU at $SUS_RATE records/s: $SUS_CPU_PCT% of one core (target at most $TARGET_CPU_PCT%): $(verdict "$(le "$SUS_CPU_PCT" "$TARGET_CPU_PCT")")"
fi
if ((BL_DONE)); then
	echo "- backlog memory: peak RSS $(calc '%.1f' "$BL_HWM_KB / 1024") MiB for $BL_MB MB against $(calc '%.1f' "$AW_HWM_KB / 1024") MiB for $CORPUS_MB MB ($(calc '%.2f' "$BACKLOG_BYTES / $CORPUS_BYTES")x the file, $(calc '%.2f' "$BL_HWM_KB / $AW_HWM_KB")x the memory): $(verdict "$(le "$BL_HWM_KB" "$(calc '%.0f' "$AW_HWM_KB * 1.25 + 4096")")") (bounded: at most 1.25x + 4 MiB)"
fi
exit 0
