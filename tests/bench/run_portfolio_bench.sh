#!/bin/bash
# tests/bench/run_portfolio_bench.sh - StatusService/ListPortfolio over
# many programs.
#
# A throwaway pmo-server (bench_server.sh), --programs programs made
# through pmo (each a project, three tasks in a chain and a milestone,
# a target finish and an open risk), a status report published for half
# of them (their line reads the frozen P80) while the other half fall back
# to the computed finish (CPM of a cached plan). Then `pmo portfolio`
# 21 times; the figure is the server's own latency of ListPortfolio
# (latency_us in its log: queue plus handling), median and worst.
#
#   tests/bench/run_portfolio_bench.sh [--programs 200]
#
# PMO_BUILD_DIR picks the binaries (default build/).
set -euo pipefail

programs=200
if [ "${1:-}" = --programs ]; then
    programs=$2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
server_bin=$build/server/pmo-server
pmo_bin=$build/client/pmo
for bin in "$server_bin" "$pmo_bin"; do
    [ -x "$bin" ] || {
        echo "run_portfolio_bench: $bin not built" >&2
        exit 2
    }
done

bench_name=run_portfolio_bench
# shellcheck source=bench_server.sh
. "$here/bench_server.sh"
bench_server_start
export PMO_CONFIG_DIR=$dir/client PMO_SERVER=$url PMO_CA=$dir/ca.pem
"$pmo_bin" login --user admin --password-stdin <"$dir/admin-password" >/dev/null
pmo() { "$pmo_bin" "$@" >/dev/null; }

pmo team create bench --name "Bench team"
week=$(date +%G-W%V)
for n in $(seq "$programs"); do
    key=$(printf 'P%04d' "$n")
    pmo program create "$key" --name "Program $n" --sponsor "VP $((n % 5))" \
        --start "$(date +%F)" --finish "$(date -d '+60 days' +%F)"
    pmo project add "$key" core --name Core --team bench
    prev=
    for t in 1 2 3; do
        pmo task add "$key" --project core --title "Work $t" --estimate 3/5/9
        [ -n "$prev" ] && pmo dep add "$key-$prev" "$key-$t"
        prev=$t
    done
    pmo task add "$key" --project core --title Launch --kind milestone \
        --finish "$(date -d '+50 days' +%F)"
    pmo risk add "$key" --title "Vendor late" --probability $((n % 5 + 1)) \
        --impact 3
    if [ $((n % 2)) -eq 0 ]; then
        pmo status draft "$key" "$week"
        pmo status publish "$key" "$week"
    fi
done

for _ in $(seq 21); do
    pmo portfolio --json
done
grep 'method=pmo.v1.StatusService/ListPortfolio' "$log" |
    sed -n 's/.*latency_us=\([0-9]*\).*/\1/p' | sort -n >"$dir/lat"
count=$(wc -l <"$dir/lat")
median=$(sed -n "$(((count + 1) / 2))p" "$dir/lat")
worst=$(tail -1 "$dir/lat")
echo "| programs | calls | median ms | worst ms |"
echo "|--:|--:|--:|--:|"
printf '| %d | %d | %.1f | %.1f |\n' "$programs" "$count" \
    "$(echo "$median / 1000" | bc -l)" "$(echo "$worst / 1000" | bc -l)"
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d)"
stop_server
summarize_log
