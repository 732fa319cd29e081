# shellcheck shell=bash disable=SC2153,SC2034 # PORT comes from, and FREE_PORT goes to, the sourcing script
# Helpers the measurement scripts share (footprint.sh, bench-logs.sh): sourced, not run.
# The sourcing script defines die() and the associative array PORT (ports already handed out).

# apt_install_missing COMMAND=PACKAGE...: installs, with apt-get, the Debian package of every
# command that is not on the PATH (a fresh machine has none of the peers measured against).
apt_install_missing() {
	local pair packages=()
	for pair in "$@"; do
		command -v "${pair%%=*}" >/dev/null 2>&1 || packages+=("${pair#*=}")
	done
	((${#packages[@]})) || return 0
	mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
	command -v apt-get >/dev/null 2>&1 || die "missing ${packages[*]}, and there is no apt-get to install them"
	local sudo=()
	if ((EUID != 0)); then
		command -v sudo >/dev/null 2>&1 || die "missing ${packages[*]}: install them as root"
		sudo=(sudo)
	fi
	echo "installing ${packages[*]}" >&2
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
}

# proc_state PID: the state letter of a process (R, S, Z...), nothing once it is gone.
proc_state() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	echo "${stat%% *}"
}

alive() {
	local state
	state=$(proc_state "$1")
	[[ -n $state && $state != Z && $state != X ]]
}

# ours PID: PID is still a child of this script (bash reaps children as they exit, so a pid
# of one that died may since have been given to another process).
ours() {
	local stat fields
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	read -ra fields <<<"${stat##*) }"
	[[ ${fields[1]} == "$$" ]]
}

# cpu_ticks PID: utime + stime, fields 14 and 15 of /proc/PID/stat; nothing once PID is gone
# (the caller decides whether that is fatal).
cpu_ticks() {
	local stat fields
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	read -ra fields <<<"${stat##*) }"
	echo $((fields[11] + fields[12]))
}

# status_kb PID FIELD: a kB figure of /proc/PID/status, 0 once PID is gone.
status_kb() { awk -v field="$2:" '$1 == field { kb = $2 } END { print kb + 0 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# free_port: sets FREE_PORT to a loopback port no socket uses and not yet handed out in PORT,
# between 10000 and the start of the ephemeral range (where the scrapers' own connections
# would take it).
free_port() {
	local low=10000 high port used
	high=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
	((high > low + 2000)) || die "the ephemeral port range starts at $high: no room below it for the daemons' ports"
	used=$(awk 'FNR > 1 { split($2, a, ":"); print a[2] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null || true)
	while :; do
		port=$((low + RANDOM % (high - low)))
		[[ " ${PORT[*]} " == *" $port "* ]] && continue
		grep -qx "$(printf '%04X' "$port")" <<<"$used" && continue
		FREE_PORT=$port
		return
	done
}

verdict() { if (($1)); then echo met; else echo MISSED; fi; }
