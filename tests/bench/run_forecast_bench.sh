#!/bin/bash
# tests/bench/run_forecast_bench.sh - the Monte Carlo forecast's speed.
#
# Runs pmo-bench-forecast on a generated plan (by default 10,000 items and
# 20,000 dependencies in random order, three-point estimates, 10,000
# iterations with criticality and sensitivity) with PERT on all cores and
# on one, and with the triangular distribution on all cores, and prints
# the times as a Markdown table: by the wall clock, and the CPU time of
# all threads, which other work on the machine disturbs less (on an idle
# machine the wall clock is about the CPU time over the threads). The
# digest is a hash of every result a user sees: it must be the same on
# every row of a distribution, whatever the thread count. The goal is
# 10,000 iterations on this plan in under 1.5 s on two cores.
#
#   tests/bench/run_forecast_bench.sh [--items N] [--deps M]
#                                     [--iterations I] [--seed S] [--repeat R]
#
# PMO_BUILD_DIR picks the binaries (default build/).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
bench_bin=$build/tests/bench/pmo-bench-forecast
[ -x "$bench_bin" ] || {
    echo "run_forecast_bench: $bench_bin not built" >&2
    exit 2
}

dir=$(mktemp -d /tmp/run_forecast_bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT

args=("$@")
cores=$(nproc)
runs=(
    "pert $cores"
    "pert 1"
    "triangular $cores"
)
for run in "${runs[@]}"; do
    read -r dist threads <<<"$run"
    "$bench_bin" --dist "$dist" --threads "$threads" "${args[@]}" \
        >"$dir/$dist-$threads.out"
done

val() { sed -n "s/^$2 //p" "$dir/$1.out" | head -1; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
per_it() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.1f us", s * 1e6 / n }'; }

first="pert-$cores"
n_it=$(val "$first" iterations)
echo "Command: \`tests/bench/run_forecast_bench.sh ${args[*]}\`" \
    "($(val "$first" items) items, $(val "$first" dependencies)" \
    "dependencies, $n_it iterations, $(val "$first" runs) runs each)"
echo
echo "| distribution | threads | first run | warm (median) | warm, best | CPU time (warm) | CPU per iteration | digest |"
echo "|---|--:|--:|--:|--:|--:|--:|---|"
for run in "${runs[@]}"; do
    read -r dist threads <<<"$run"
    f="$dist-$threads"
    warm=$(val "$f" warm_s)
    warm=${warm:-$(val "$f" first_s)}
    best=$(val "$f" warm_best_s)
    best=${best:-$warm}
    cpu=$(val "$f" warm_cpu_s)
    cpu=${cpu:-$(val "$f" first_cpu_s)}
    echo "| $dist | $threads | $(ms "$(val "$f" first_s)") | **$(ms "$warm")** |" \
        "$(ms "$best") | $(ms "$cpu") | $(per_it "$cpu" "$n_it") |" \
        "\`$(val "$f" digest)\` |"
done
echo
echo "Passes alone, per iteration: full (sched_run_passes)" \
    "$(val "$first" full_passes_per_iteration_us) us," \
    "lean (sched_lean_passes, 8 lanes) $(val "$first" lean_passes_per_iteration_us) us."
echo "PERT forecast: CPM finish $(val "$first" cpm_finish_days) days;" \
    "P50 $(val "$first" finish_p50_days), P80 $(val "$first" finish_p80_days)," \
    "P95 $(val "$first" finish_p95_days) working days;" \
    "P(CPM date) $(val "$first" finish_p_target);" \
    "$(val "$first" critical_sometimes) items critical at least once."
echo
echo "machine: $cores cores, $(date -u +%Y-%m-%d)"
