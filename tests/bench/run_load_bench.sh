#!/bin/bash
# tests/bench/run_load_bench.sh - real work against the transport's and the
# database's own ceilings, in one run.
#
# Starts a throwaway pmo-server (embedded PostgreSQL), makes a program of
# PMO_BENCH_ITEMS items (default 1000), then measures, each for
# PMO_BENCH_SECONDS (default 10):
#   1. the ceilings of the transport: pmo-bench-rpc's bare nng rep0 echo
#      over the same TLS, at 64 in flight (and Meta/Info beside it);
#   2. pmo-bench: GetWorkItem at 1 and 64 in flight, ListWorkItems (page of
#      100) at 8 and 64, ComputeSchedule at 8, versioned UpdateWorkItem at
#      8 and 64, and 1,000 CreateWorkItem calls one at a time;
#   3. the ceilings of the database: pgbench -S (select-only) and -N
#      (simple durable update) against the server's own PostgreSQL, in a
#      database of their own, at 8 and 64 clients.
# Every request to pmo-server is authenticated and over TLS. Loopback only,
# bounded in time; prints Markdown tables for docs/BENCHMARKS.md.
#
# Environment: PMO_BUILD_DIR (default build/), PMO_SERVER_ARGS (extra
# pmo-server options), PMO_BENCH_SECONDS, PMO_BENCH_ITEMS.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
server_bin=$build/server/pmo-server
load_bin=$build/tests/bench/pmo-bench
rpc_bin=$build/tests/bench/pmo-bench-rpc
secs=${PMO_BENCH_SECONDS:-10}
items=${PMO_BENCH_ITEMS:-1000}

for bin in "$server_bin" "$load_bin" "$rpc_bin"; do
    if [ ! -x "$bin" ]; then
        echo "run_load_bench: $bin not built (make pmo-server pmo-bench" \
            "pmo-bench-rpc)" >&2
        exit 2
    fi
done
pgbench_bin=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench |
    tail -n 1)

bench_name=run_load_bench
# shellcheck source=bench_server.sh
. "$here/bench_server.sh"
bench_server_start

common=(--server "$url" --ca "$dir/ca.pem" --password-file "$dir/admin-password")
rc=0

echo "## Transport ceiling (pmo-bench-rpc, $secs s per row)"
echo
"$rpc_bin" --server "$url" --ca "$dir/ca.pem" --cert "$dir/tls/server.pem" \
    --key "$dir/tls/server.key" --requests 2000 --inflight 64 \
    --seconds "$secs" | awk '/^\| target/ { p = 1 } p && /^$/ { exit } p' ||
    rc=1
echo

echo "## pmo-bench: real work ($items-item program, $secs s per row)"
echo
"$load_bin" "${common[@]}" --setup --items "$items" --op get --inflight 1 \
    --seconds "$secs" --header || rc=1
"$load_bin" "${common[@]}" --op get --inflight 64 --seconds "$secs" || rc=1
for k in 8 64; do
    "$load_bin" "${common[@]}" --op list --inflight "$k" --seconds "$secs" ||
        rc=1
done
"$load_bin" "${common[@]}" --op schedule --inflight 8 --seconds "$secs" || rc=1
for k in 8 64; do
    "$load_bin" "${common[@]}" --op update --inflight "$k" --seconds "$secs" ||
        rc=1
done
"$load_bin" "${common[@]}" --op create --inflight 1 --count 1000 \
    --warmup 0 || rc=1
echo

echo "## Database ceiling (pgbench on the server's PostgreSQL, $secs s per row)"
echo
pg=(-h "$dir/run" -U pmo)
"$(dirname "$pgbench_bin")/createdb" "${pg[@]}" pgbench 2>/dev/null ||
    createdb "${pg[@]}" pgbench
"$pgbench_bin" "${pg[@]}" -i -q -s 10 pgbench >/dev/null 2>&1
echo "| pgbench | clients | tps | latency average ms |"
echo "|---|--:|--:|--:|"
for mode in -S -N; do
    for c in 8 64; do
        out=$("$pgbench_bin" "${pg[@]}" "$mode" -c "$c" -j 2 -T "$secs" \
            pgbench 2>&1) || rc=1
        tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -n 1)
        lat=$(sed -n 's/^latency average = \([0-9.]*\).*/\1/p' <<<"$out")
        if [ -z "$tps" ]; then
            echo "run_load_bench: pgbench $mode -c $c:" >&2
            tail -n 3 <<<"$out" >&2
        fi
        echo "| $mode | $c | ${tps%.*} | $lat |"
    done
done
echo

rss=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
echo "pmo-server peak RSS: $((rss / 1024)) MB"
stop_server || rc=1
summarize_log
exit "$rc"
