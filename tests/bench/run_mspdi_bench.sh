#!/bin/bash
# tests/bench/run_mspdi_bench.sh - a large Microsoft Project XML plan
# through the real server and CLI.
#
# Starts a throwaway pmo-server (bench_server.sh), generates a plan of
# TASKS tasks (mspdi_gen.py: phases of a summary, eight tasks and a
# milestone, linked in a chain), then times `pmo import mspdi` as a dry
# run and for real (each into a fresh program, 3 times, the median) and
# `pmo export mspdi` of the imported plan (3 times, the median).
#
#   tests/bench/run_mspdi_bench.sh [TASKS]     (default 10000)
#
# PMO_BUILD_DIR picks the binaries (default build/); PMO_SERVER_ARGS adds
# pmo-server options.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
server_bin=$build/server/pmo-server
pmo_bin=$build/client/pmo
for bin in "$server_bin" "$pmo_bin"; do
    [ -x "$bin" ] || {
        echo "run_mspdi_bench: $bin not built" >&2
        exit 2
    }
done
tasks=${1:-10000}

bench_name=run_mspdi_bench
# shellcheck source=bench_server.sh
. "$here/bench_server.sh"
bench_server_start

plan=$dir/plan.xml
python3 "$here/mspdi_gen.py" "$tasks" >"$plan"
export PMO_CONFIG_DIR=$dir/client PMO_SERVER=$url PMO_CA=$dir/ca.pem
"$pmo_bin" login --user admin --password-stdin <"$dir/admin-password" >/dev/null
"$pmo_bin" team create bench --name Bench >/dev/null

n=0
# program: a fresh program with one project, its key in $key.
program() {
    n=$((n + 1))
    key=MSB$n
    "$pmo_bin" program create "$key" --name "MSPDI bench $n" >/dev/null
    "$pmo_bin" project add "$key" core --name Core --team bench >/dev/null
}

# ms CMD...: the wall time of CMD in ms.
ms() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}

median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

dry=() real=() out=()
for _ in 1 2 3; do
    program
    dry+=("$(ms "$pmo_bin" import mspdi "$plan" --program "$key" --dry-run)")
    real+=("$(ms "$pmo_bin" import mspdi "$plan" --program "$key")")
done
for _ in 1 2 3; do
    out+=("$(ms "$pmo_bin" export mspdi "$key" -o "$dir/out.xml")")
    [ -s "$dir/out.xml" ] || {
        echo "run_mspdi_bench: export mspdi $key wrote nothing" >&2
        exit 1
    }
done
program
items=$("$pmo_bin" --json import mspdi "$plan" --program "$key" --dry-run |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["items"], "items,", d["dependencies"], "dependencies")')

echo
echo "plan: $items, $(($(stat -c %s "$plan") / 1024)) KiB of XML"
echo
echo "| command | median of 3 |"
echo "|---|--:|"
echo "| pmo import mspdi --dry-run | $(median "${dry[@]}") ms |"
echo "| pmo import mspdi | $(median "${real[@]}") ms |"
echo "| pmo export mspdi | $(median "${out[@]}") ms ($(($(stat -c %s "$dir/out.xml") / 1024)) KiB) |"
echo
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d)"
stop_server
summarize_log
