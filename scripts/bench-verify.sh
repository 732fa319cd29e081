#!/usr/bin/env bash
# bench-verify.sh: `apimwatch verify` on a large WSO2 node (the shared layout: UM + REG in one
# PostgreSQL database, AM in another), timed and with its peak RSS, next to the same queries
# run through psql. Results of a full run: docs/PERFORMANCE.md.
#
# Sizes (env): BENCH_APIS (100000), BENCH_RESOURCES (1000000 registry resources),
# BENCH_USERS (1000000), BENCH_REGLOG (10000000); BENCH_QUICK=1 divides the defaults by 10.
# Server: BENCH_PGHOST (127.0.0.1, loopback only), BENCH_PGPORT (5432), BENCH_PGUSER (postgres,
# trust auth). BENCH_SKIP: check IDs (comma-separated) left out of both runs.
# BENCH_CHECK_TIMEOUT (600s, in seconds with "s"): verify.timeout and psql's statement_timeout;
# BENCH_STEP_TIMEOUT (1800 s) bounds each step; BENCH_KEEP=1 keeps the databases (and says
# where) instead of dropping them; BENCH_OUT=<dir> keeps the report, timings and queries.
#
# Exits non-zero when a step fails or times out, when verify crashes (exit status other than
# 0 go / 1 no-go), or when a check reports "error".
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1
[[ "${BENCH_QUICK:-0}" == 1 ]] && scale=10
APIS=${BENCH_APIS:-$((100000 / scale))}
RESOURCES=${BENCH_RESOURCES:-$((1000000 / scale))}
USERS=${BENCH_USERS:-$((1000000 / scale))}
REGLOG=${BENCH_REGLOG:-$((10000000 / scale))}
CHECK_TIMEOUT=${BENCH_CHECK_TIMEOUT:-600s}
STEP_TIMEOUT=${BENCH_STEP_TIMEOUT:-1800}
export PGHOST=${BENCH_PGHOST:-127.0.0.1} PGPORT=${BENCH_PGPORT:-5432} PGUSER=${BENCH_PGUSER:-postgres}
case "$PGHOST" in 127.*|localhost|::1) ;; *) echo "BENCH_PGHOST must be a loopback address" >&2; exit 2 ;; esac
[[ "$APIS" -ge 100 && "$USERS" -ge 300 ]] || { echo "BENCH_APIS >= 100 and BENCH_USERS >= 300 (the planted faults need them)" >&2; exit 2; }

BIN=bin/apimwatch
SCHEMA=verify/testdb/schema/postgres
GEN=scripts/genwso2db
[[ -x "$BIN" ]] || { echo "$BIN is missing: make build" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 2; }

suffix="$(date +%s)_$$"
SHARED=apimwatch_bench_shared_$suffix
AM=apimwatch_bench_am_$suffix
work=$(mktemp -d /tmp/bench-verify.XXXXXX)
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
		echo "kept: databases $SHARED and $AM, files in $work" >&2
	else
		for d in "$SHARED" "$AM"; do
			timeout 60 "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || echo "could not drop $d" >&2
		done
		rm -rf "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
step() { timeout "$STEP_TIMEOUT" "$@"; }

echo "== sizes: apis=$APIS resources=$RESOURCES users=$USERS reg_log=$REGLOG (server $PGHOST:$PGPORT)"

# ------------------------------------------------------------------ load
t0=$(now)
step "${PSQL[@]}" -d postgres -c "CREATE DATABASE $SHARED" -c "CREATE DATABASE $AM"
step "${PSQL[@]}" -d "$SHARED" -f $SCHEMA/um.sql -f $SCHEMA/reg.sql
step "${PSQL[@]}" -d "$AM" -f $SCHEMA/am.sql -f $SCHEMA/idn.sql
# The two databases load in parallel: one backend each.
step "${PSQL[@]}" -d "$SHARED" -v apis="$APIS" -v resources="$RESOURCES" -v users="$USERS" -v reglog="$REGLOG" -f $GEN/shared.sql &
p1=$!
step "${PSQL[@]}" -d "$AM" -v apis="$APIS" -v users="$USERS" -f $GEN/am.sql &
p2=$!
wait $p1 && wait $p2
load_s=$(since "$t0")
# VACUUM too: it sets the hint bits, so that neither contender pays for them on first read.
t1=$(now)
step "${PSQL[@]}" -d "$SHARED" -c "VACUUM ANALYZE" &
p1=$!
step "${PSQL[@]}" -d "$AM" -c "VACUUM ANALYZE" &
p2=$!
wait $p1 && wait $p2
analyze_s=$(since "$t1")
sizes=$("${PSQL[@]}" -At -d postgres -c "SELECT pg_size_pretty(pg_database_size('$SHARED')) || ' + ' || pg_size_pretty(pg_database_size('$AM'))")
counts=$("${PSQL[@]}" -At -F' ' -d "$SHARED" -c "SELECT (SELECT COUNT(*) FROM REG_RESOURCE), (SELECT COUNT(*) FROM REG_PATH), (SELECT COUNT(*) FROM UM_USER), (SELECT reltuples::bigint FROM pg_class WHERE relname = 'reg_log')")
amcounts=$("${PSQL[@]}" -At -F' ' -d "$AM" -c "SELECT (SELECT COUNT(*) FROM AM_API), (SELECT COUNT(*) FROM AM_REVISION), (SELECT COUNT(*) FROM AM_SUBSCRIBER)")
echo "== loaded in ${load_s}s, VACUUM ANALYZE ${analyze_s}s; databases $sizes"
echo "   REG_RESOURCE REG_PATH UM_USER REG_LOG(est.): $counts; AM_API AM_REVISION AM_SUBSCRIBER: $amcounts"

# ------------------------------------------------------------------ apimwatch verify
home=$work/wso2am-4.2.0
mkdir -p "$home/repository/conf"
printf '[server]\noffset = 0\n\n[indexing]\nre_indexing = 1\n' >"$home/repository/conf/deployment.toml"
dsn() { echo "postgres://$PGUSER@$PGHOST:$PGPORT/$1?sslmode=disable"; }
cat >"$work/apimwatch.yml" <<YAML
verify:
  timeout: $CHECK_TIMEOUT
nodes:
  - name: bench
    carbon_home: $home
    product_version: 4.2.0
    gateway_environments: [Default]
    is_separate_registry_db: false
    databases:
      um: {driver: pgx, dsn: '$(dsn "$SHARED")'}
      reg: {driver: pgx, dsn: '$(dsn "$SHARED")'}
      am: {driver: pgx, dsn: '$(dsn "$AM")'}
YAML

echo "== apimwatch verify"
t2=$(now)
set +e
timeout "$STEP_TIMEOUT" /usr/bin/time -v -o "$work/time.txt" "$BIN" verify --config.file="$work/apimwatch.yml" --format json \
	--output "$work/verify.json" ${BENCH_SKIP:+--skip="$BENCH_SKIP"} 2>"$work/verify.stderr"
code=$?
set -e
verify_s=$(since "$t2")
if [[ $code -ne 0 && $code -ne 1 ]]; then
	echo "apimwatch verify exited $code (0 go and 1 no-go expected):" >&2
	cat "$work/verify.stderr" "$work/time.txt" >&2 || true
	exit 1
fi
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
report_s=$(jq -r '.duration_seconds' "$work/verify.json")
echo "   exit $code, verdict $(jq -r .verdict "$work/verify.json"), wall ${verify_s}s (report: ${report_s}s), peak RSS $((rss_kb / 1024)) MB"
jq -r '.checks[] | [.id, .status, (.offending | tostring), (.duration_seconds * 1000 | floor | tostring)] | @tsv' "$work/verify.json" >"$work/apimwatch.tsv"

# ------------------------------------------------------------------ the same queries through psql
# Each check's transactions and statements, in the order the catalogue runs them (verify/catalogue),
# one psql session switching databases with \c; \timing is psql's round trip per statement,
# with the rows fetched and thrown away (\o /dev/null).
TX_BEGIN="BEGIN READ ONLY;
SET LOCAL statement_timeout = ${CHECK_TIMEOUT%s}000;"
TX_END="ROLLBACK;"
cols() { echo "SELECT UPPER(column_name) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = LOWER('$1') ORDER BY ordinal_position;"; }
tables() { echo "SELECT UPPER(table_name) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1;"; }
check() { printf '\\echo @@ %s\n' "$1"; }
on() { if [[ $1 == am ]]; then printf '\\c %s\n' "$AM"; else printf '\\c %s\n' "$SHARED"; fi; }
# rule <db> "<sorted required tables>" "<keys>" "<order by>" [adapt statements]: a rowRule's transaction.
rule() {
	local db=$1 req=$2 keys=$3 order=$4 adapt=${5:-}
	on "$db"
	echo "$TX_BEGIN"
	for t in $req; do cols "$t"; done
	[[ -n $adapt ]] && echo "$adapt"
	echo "SELECT COUNT(*) FROM ($keys) K;"
	echo "$keys ORDER BY $order LIMIT 10;"
	echo "$TX_END"
}
artifacts() { # <root> <media type or "">
	local q="SELECT R.REG_UUID, P.REG_PATH_VALUE FROM REG_RESOURCE R JOIN REG_PATH P ON P.REG_PATH_ID = R.REG_PATH_ID AND P.REG_TENANT_ID = R.REG_TENANT_ID WHERE R.REG_NAME = 'api' AND P.REG_PATH_VALUE LIKE '$1%'"
	[[ -n $2 ]] && q+=" AND R.REG_MEDIA_TYPE = '$2'"
	on reg; echo "$TX_BEGIN"; cols REG_RESOURCE; echo "$q ORDER BY P.REG_PATH_VALUE;"; echo "$TX_END"
}
um_tenants() { on um; echo "$TX_BEGIN"; cols UM_TENANT; echo "SELECT UM_ID, UM_DOMAIN_NAME FROM UM_TENANT;"; echo "$TX_END"; }
api_join() {
	on am; echo "$TX_BEGIN"; cols AM_API; cols AM_API
	echo "SELECT API_PROVIDER, API_NAME, API_VERSION, API_UUID FROM AM_API WHERE API_TYPE IS NULL OR API_TYPE <> 'APIProduct' ORDER BY API_PROVIDER, API_NAME, API_VERSION;"
	echo "$TX_END"
	artifacts /_system/governance/apimgt/applicationdata/provider/ application/vnd.wso2-api+xml
}
{
	echo '\timing on'
	echo '\o /dev/null'
	check configuration.gateway-environments
	on am; echo "$TX_BEGIN"; cols AM_DEPLOYMENT_REVISION_MAPPING
	echo "SELECT NAME, COUNT(*) FROM AM_DEPLOYMENT_REVISION_MAPPING GROUP BY NAME ORDER BY NAME;"; echo "$TX_END"

	check schema.conformance
	for role in um reg am; do
		on "$role"; echo "$TX_BEGIN"; tables
		grep -v '^#' verify/catalogue/schema_manifest.txt | awk -v r="$role" '$1 == r { t = $2; sub(/@.*/, "", t); sub(/:$/, "", t); print t }' |
			while read -r t; do cols "$t"; done
		echo "$TX_END"
	done

	check registry.orphan-resources
	rule reg "REG_PATH REG_RESOURCE" \
		"SELECT R.REG_TENANT_ID, R.REG_PATH_ID, R.REG_NAME, R.REG_VERSION FROM REG_RESOURCE R WHERE NOT EXISTS (SELECT 1 FROM REG_PATH P WHERE P.REG_PATH_ID = R.REG_PATH_ID AND P.REG_TENANT_ID = R.REG_TENANT_ID)" \
		"R.REG_TENANT_ID, R.REG_PATH_ID, R.REG_VERSION"
	check registry.missing-content
	rule reg "REG_CONTENT REG_PATH REG_RESOURCE" \
		"SELECT R.REG_TENANT_ID, P.REG_PATH_VALUE, R.REG_NAME, R.REG_CONTENT_ID FROM REG_RESOURCE R LEFT JOIN REG_PATH P ON P.REG_PATH_ID = R.REG_PATH_ID AND P.REG_TENANT_ID = R.REG_TENANT_ID WHERE R.REG_CONTENT_ID IS NOT NULL AND NOT EXISTS (SELECT 1 FROM REG_CONTENT C WHERE C.REG_CONTENT_ID = R.REG_CONTENT_ID AND C.REG_TENANT_ID = R.REG_TENANT_ID)" \
		"R.REG_TENANT_ID, P.REG_PATH_VALUE, R.REG_NAME"
	check registry.duplicate-uuids
	rule reg "REG_RESOURCE" \
		"SELECT REG_UUID, COUNT(*) AS RESOURCES FROM REG_RESOURCE WHERE REG_UUID IS NOT NULL GROUP BY REG_UUID HAVING COUNT(*) > 1" \
		"REG_UUID"
	check registry.missing-parent-paths
	rule reg "REG_PATH" \
		"SELECT P.REG_TENANT_ID, P.REG_PATH_VALUE, P.REG_PATH_PARENT_ID FROM REG_PATH P WHERE P.REG_PATH_PARENT_ID IS NOT NULL AND P.REG_PATH_PARENT_ID <> -1 AND NOT EXISTS (SELECT 1 FROM REG_PATH Q WHERE Q.REG_PATH_ID = P.REG_PATH_PARENT_ID AND Q.REG_TENANT_ID = P.REG_TENANT_ID)" \
		"P.REG_TENANT_ID, P.REG_PATH_VALUE"
	check registry.reg-log-size
	on reg; echo "$TX_BEGIN"; cols REG_LOG
	echo "SELECT CAST(GREATEST(c.reltuples, 0) AS BIGINT) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = LOWER('REG_LOG') AND c.relkind IN ('r', 'p');"
	echo "$TX_END"

	check user-management.users-of-missing-tenants
	rule um "UM_TENANT UM_USER" \
		"SELECT U.UM_TENANT_ID, U.UM_USER_NAME FROM UM_USER U WHERE U.UM_TENANT_ID <> -1234 AND NOT EXISTS (SELECT 1 FROM UM_TENANT T WHERE T.UM_ID = U.UM_TENANT_ID)" \
		"U.UM_TENANT_ID, U.UM_USER_NAME"
	check user-management.hybrid-roles-of-missing-users
	rule um "UM_DOMAIN UM_HYBRID_ROLE UM_HYBRID_USER_ROLE UM_USER" \
		"SELECT HR.UM_TENANT_ID, HR.UM_USER_NAME, R.UM_ROLE_NAME FROM UM_HYBRID_USER_ROLE HR JOIN UM_DOMAIN D ON D.UM_DOMAIN_ID = HR.UM_DOMAIN_ID AND D.UM_TENANT_ID = HR.UM_TENANT_ID LEFT JOIN UM_HYBRID_ROLE R ON R.UM_ID = HR.UM_ROLE_ID AND R.UM_TENANT_ID = HR.UM_TENANT_ID WHERE UPPER(D.UM_DOMAIN_NAME) = 'PRIMARY' AND NOT EXISTS (SELECT 1 FROM UM_USER U WHERE U.UM_TENANT_ID = HR.UM_TENANT_ID AND LOWER(U.UM_USER_NAME) = LOWER(HR.UM_USER_NAME))" \
		"HR.UM_TENANT_ID, HR.UM_USER_NAME, R.UM_ROLE_NAME"
	check user-management.permissions-of-missing-roles
	rule um "UM_DOMAIN UM_HYBRID_ROLE UM_ROLE UM_ROLE_PERMISSION" \
		"SELECT RP.UM_TENANT_ID, RP.UM_ROLE_NAME, RP.UM_PERMISSION_ID FROM UM_ROLE_PERMISSION RP JOIN UM_DOMAIN D ON D.UM_DOMAIN_ID = RP.UM_DOMAIN_ID AND D.UM_TENANT_ID = RP.UM_TENANT_ID WHERE UPPER(D.UM_DOMAIN_NAME) IN ('PRIMARY', 'INTERNAL') AND NOT EXISTS (SELECT 1 FROM UM_ROLE R WHERE R.UM_TENANT_ID = RP.UM_TENANT_ID AND UPPER(R.UM_ROLE_NAME) = UPPER(RP.UM_ROLE_NAME)) AND NOT EXISTS (SELECT 1 FROM UM_HYBRID_ROLE H WHERE H.UM_TENANT_ID = RP.UM_TENANT_ID AND (UPPER(H.UM_ROLE_NAME) = UPPER(RP.UM_ROLE_NAME) OR UPPER(CONCAT('Internal/', H.UM_ROLE_NAME)) = UPPER(RP.UM_ROLE_NAME) OR UPPER(H.UM_ROLE_NAME) = UPPER(CONCAT('Internal/', RP.UM_ROLE_NAME))))" \
		"RP.UM_TENANT_ID, RP.UM_ROLE_NAME, RP.UM_PERMISSION_ID"

	check apim.url-mappings-of-deleted-apis
	rule am "AM_API AM_API_URL_MAPPING" \
		"SELECT M.API_ID, COUNT(*) AS MAPPINGS FROM AM_API_URL_MAPPING M WHERE NOT EXISTS (SELECT 1 FROM AM_API A WHERE A.API_ID = M.API_ID) GROUP BY M.API_ID" \
		"M.API_ID"
	check apim.published-apis-without-deployment
	rule am "AM_API AM_DEPLOYMENT_REVISION_MAPPING AM_REVISION" \
		"SELECT A.API_PROVIDER, A.API_NAME, A.API_VERSION, A.API_UUID FROM AM_API A WHERE A.STATUS = 'PUBLISHED' AND NOT EXISTS (SELECT 1 FROM AM_REVISION R JOIN AM_DEPLOYMENT_REVISION_MAPPING D ON D.REVISION_UUID = R.REVISION_UUID WHERE R.API_UUID = A.API_UUID)" \
		"A.API_PROVIDER, A.API_NAME, A.API_VERSION"
	check apim.deployed-revisions-without-artifacts
	rule am "AM_DEPLOYMENT_REVISION_MAPPING AM_GW_API_ARTIFACTS AM_REVISION" \
		"SELECT D.REVISION_UUID, D.NAME, R.API_UUID FROM AM_DEPLOYMENT_REVISION_MAPPING D LEFT JOIN AM_REVISION R ON R.REVISION_UUID = D.REVISION_UUID WHERE NOT EXISTS (SELECT 1 FROM AM_GW_API_ARTIFACTS G WHERE G.REVISION_ID = D.REVISION_UUID)" \
		"D.REVISION_UUID, D.NAME"
	check apim.key-mappings-without-oauth-apps
	rule am "AM_APPLICATION AM_APPLICATION_KEY_MAPPING IDN_OAUTH_CONSUMER_APPS" \
		"SELECT K.APPLICATION_ID, A.NAME, K.KEY_TYPE FROM AM_APPLICATION_KEY_MAPPING K LEFT JOIN AM_APPLICATION A ON A.APPLICATION_ID = K.APPLICATION_ID WHERE K.CONSUMER_KEY IS NOT NULL AND NOT EXISTS (SELECT 1 FROM IDN_OAUTH_CONSUMER_APPS C WHERE C.CONSUMER_KEY = K.CONSUMER_KEY)" \
		"K.APPLICATION_ID, K.KEY_TYPE" "$(cols AM_APPLICATION_KEY_MAPPING; cols AM_KEY_MANAGER; echo "SELECT UUID, NAME FROM AM_KEY_MANAGER WHERE TYPE <> 'default';")"
	# (the fixture has only the resident key manager: the check adds no NOT IN list)

	check cross-database.api-artifacts
	api_join
	check cross-database.artifact-apis
	api_join
	check cross-database.revision-artifacts
	on am; echo "$TX_BEGIN"; cols AM_REVISION
	echo "SELECT API_UUID, ID, REVISION_UUID FROM AM_REVISION ORDER BY API_UUID, ID;"; echo "$TX_END"
	artifacts /_system/governance/apimgt/applicationdata/apis/ ""
	check cross-database.subscribers-in-user-store
	um_tenants
	on am; echo "$TX_BEGIN"; cols AM_SUBSCRIBER
	echo "SELECT TENANT_ID, USER_ID FROM AM_SUBSCRIBER ORDER BY TENANT_ID, USER_ID;"; echo "$TX_END"
	on um; echo "$TX_BEGIN"; cols UM_USER; echo "SELECT UM_TENANT_ID, UM_USER_NAME FROM UM_USER;"; echo "$TX_END"
	check cross-database.tenants-known
	um_tenants
	on am; echo "$TX_BEGIN"
	for ref in AM_API.ORGANIZATION AM_APPLICATION.ORGANIZATION AM_KEY_MANAGER.ORGANIZATION AM_KEY_MANAGER.TENANT_DOMAIN \
		AM_SYSTEM_CONFIGS.ORGANIZATION AM_GW_PUBLISHED_API_DETAILS.TENANT_DOMAIN AM_SUBSCRIBER.TENANT_ID; do
		t=${ref%.*} c=${ref#*.}
		cols "$t"
		# Only the columns this schema has are grouped (AM_KEY_MANAGER.TENANT_DOMAIN is 3.2's).
		if "${PSQL[@]}" -At -d "$AM" -c "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = LOWER('$t') AND column_name = LOWER('$c')" | grep -q 1; then
			echo "SELECT $c, COUNT(*) FROM $t WHERE $c IS NOT NULL GROUP BY $c ORDER BY $c;"
		fi
	done
	echo "$TX_END"
	echo '\echo @@ end'
} | awk -v skip=",${BENCH_SKIP:-}," '/^\\echo @@ / { drop = index(skip, "," $3 ",") > 0 } !drop' >"$work/queries.sql"

echo "== the same queries through psql"
t3=$(now)
step "${PSQL[@]}" -d postgres -f "$work/queries.sql" >"$work/psql.out"
psql_wall_s=$(since "$t3")
awk '/^@@ / { id = $2; next } /^Time: / { ms[id] += $2 } END { for (i in ms) if (i != "end") printf "%s\t%.1f\n", i, ms[i] }' "$work/psql.out" | sort >"$work/psql.tsv"

# ------------------------------------------------------------------ report
errors=$(jq -r '[.checks[] | select(.status == "error")] | length' "$work/verify.json")
echo
printf '%-52s %-6s %10s %12s %10s %7s\n' check status offending apimwatch_ms psql_ms ratio
join -t $'\t' -a 1 -e - -o 1.1,1.2,1.3,1.4,2.2 <(sort "$work/apimwatch.tsv") "$work/psql.tsv" |
	awk -F'\t' '{ r = ($5 != "-" && $5 > 0) ? sprintf("%.2f", $4 / $5) : "-"; printf "%-52s %-6s %10s %12s %10s %7s\n", $1, $2, $3, $4, $5, r }'
sum_checks_s=$(jq '[.checks[].duration_seconds] | add' "$work/verify.json")
psql_sum_s=$(awk -F'\t' '{ s += $2 } END { printf "%.3f", s / 1000 }' "$work/psql.tsv")
echo
echo "apimwatch verify: wall ${verify_s}s (the run itself ${report_s}s; checks summed ${sum_checks_s}s, 2 at a time)"
echo "psql:             statements summed ${psql_sum_s}s (one session, wall ${psql_wall_s}s with its reconnects)"
awk -v a="$verify_s" -v p="$psql_sum_s" 'BEGIN { r = a / p; printf "ratio apimwatch/psql (wall / statements): %.2fx (target <= 1.2x): %s\n", r, (r <= 1.2 ? "met" : "MISSED") }'
awk -v k="$rss_kb" 'BEGIN { m = k / 1024; printf "peak RSS: %.1f MB (target < 100 MB): %s\n", m, (m < 100 ? "met" : "MISSED") }'
echo "load: ${load_s}s, VACUUM ANALYZE: ${analyze_s}s"
if [[ -n "${BENCH_OUT:-}" ]]; then
	mkdir -p "$BENCH_OUT" && cp "$work"/{verify.json,time.txt,queries.sql,psql.out,psql.tsv,apimwatch.tsv,verify.stderr} "$BENCH_OUT"/
fi
if [[ "$errors" -ne 0 ]]; then
	echo "$errors checks reported an error:" >&2
	jq -r '.checks[] | select(.status == "error") | "  \(.id): \(.message)"' "$work/verify.json" >&2
	exit 1
fi
