#!/bin/bash
# tests/bench/run_plan_bench.sh - a large plan through the real server and CLI.
#
# Starts a throwaway pmo-server (bench_server.sh), runs pmo-bench-plan
# (N work items and M dependencies one call at a time, then the same plan
# in one LoadPlan call), then times `pmo tree` and `pmo deps` on the
# program built one call at a time: each command 5 times, the median.
#
#   tests/bench/run_plan_bench.sh [--items 10000] [--deps 20000]
#
# PMO_BUILD_DIR picks the binaries (default build/); PMO_SERVER_ARGS adds
# pmo-server options.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
server_bin=$build/server/pmo-server
bench_bin=$build/tests/bench/pmo-bench-plan
pmo_bin=$build/client/pmo
for bin in "$server_bin" "$bench_bin" "$pmo_bin"; do
    [ -x "$bin" ] || {
        echo "run_plan_bench: $bin not built" >&2
        exit 2
    }
done

bench_name=run_plan_bench
# shellcheck source=bench_server.sh
. "$here/bench_server.sh"
bench_server_start

out=$dir/bench.out
"$bench_bin" --server "$url" --ca "$dir/ca.pem" \
    --password-file "$dir/admin-password" "$@" | tee "$out"
item=$(sed -n 's/.*a mid-plan item: \([A-Z0-9-]*\).*/\1/p' "$out")

export PMO_CONFIG_DIR=$dir/client PMO_SERVER=$url PMO_CA=$dir/ca.pem
"$pmo_bin" login --user admin --password-stdin <"$dir/admin-password" >/dev/null

# median_ms CMD...: runs CMD 5 times, prints the median wall time in ms.
median_ms() {
    local times=() t0 t1
    for _ in 1 2 3 4 5; do
        t0=$(date +%s%N)
        "$@" >/dev/null
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
lines=$("$pmo_bin" tree BENCHA | wc -l)
echo
echo "| command | median of 5 | output |"
echo "|---|--:|---|"
echo "| pmo tree BENCHA | $(median_ms "$pmo_bin" tree BENCHA) ms | $lines lines |"
echo "| pmo tree BENCHA --json | $(median_ms "$pmo_bin" --json tree BENCHA) ms | |"
echo "| pmo deps $item | $(median_ms "$pmo_bin" deps "$item") ms | |"
echo "| pmo dep list BENCHA | $(median_ms "$pmo_bin" dep list BENCHA) ms | |"
echo
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d)"
stop_server
summarize_log
