#!/bin/bash
# tests/bench/run_report_bench.sh - reports of a large program.
#
# First the renderers alone (pmo-bench-report: a program of --items made
# in memory, each format 21 times). Then through the real server and CLI:
# a throwaway pmo-server (bench_server.sh), a plan of --items work items
# and twice as many dependencies sent in one LoadPlan call
# (pmo-bench-plan --batch-only), and `pmo report` in every format, each
# 5 times, the median wall time of the whole command (connect, log in
# from the token, access check, plan read or cached, CPM, RAID rows,
# render, reply in parts, file written).
#
#   tests/bench/run_report_bench.sh [--items 10000]
#
# PMO_BUILD_DIR picks the binaries (default build/).
set -euo pipefail

items=10000
if [ "${1:-}" = --items ]; then
    items=$2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
server_bin=$build/server/pmo-server
plan_bin=$build/tests/bench/pmo-bench-plan
render_bin=$build/tests/bench/pmo-bench-report
pmo_bin=$build/client/pmo
for bin in "$server_bin" "$plan_bin" "$render_bin" "$pmo_bin"; do
    [ -x "$bin" ] || {
        echo "run_report_bench: $bin not built" >&2
        exit 2
    }
done

echo "renderers alone:"
"$render_bin" --items "$items"
echo

bench_name=run_report_bench
# shellcheck source=bench_server.sh
. "$here/bench_server.sh"
bench_server_start

"$plan_bin" --server "$url" --ca "$dir/ca.pem" \
    --password-file "$dir/admin-password" --batch-only \
    --items "$items" --deps $((items * 2)) >"$dir/plan.out"
export PMO_CONFIG_DIR=$dir/client PMO_SERVER=$url PMO_CA=$dir/ca.pem
"$pmo_bin" login --user admin --password-stdin <"$dir/admin-password" >/dev/null

median_ms() { # CMD...: 5 runs, the median wall time in ms
    local times=() t0 t1
    for _ in 1 2 3 4 5; do
        t0=$(date +%s%N)
        "$@" >/dev/null
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

echo "through pmo-server and pmo, $items items, $((items * 2)) dependencies:"
echo "| command | median of 5 | output |"
echo "|---|--:|--:|"
for format in html md csv ics; do
    file=$dir/report.$format
    ms=$(median_ms "$pmo_bin" report BENCHB --format "$format" -o "$file")
    echo "| pmo report BENCHB --format $format | $ms ms | $(stat -c %s "$file") bytes |"
done
echo
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d)"
stop_server
summarize_log
