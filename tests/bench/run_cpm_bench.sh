#!/bin/bash
# tests/bench/run_cpm_bench.sh - the critical path engine against networkx.
#
# Runs pmo-bench-cpm on a generated plan (by default 1,000,000 items and
# 3,000,000 dependencies in random order), which also writes the graph as
# an edge list, then times networkx's dag_longest_path_length on the same
# graph (weights: the predecessor's duration), and prints both with their
# ratio as a Markdown table. networkx computes only the longest path (a
# forward pass); the engine's time covers preparation (checks, relabelling
# into topological order), both passes, floats, critical flags and chains,
# and the results by item with calendar dates.
#
#   tests/bench/run_cpm_bench.sh [--items N] [--deps M] [--seed S] [--repeat R]
#
# PMO_BUILD_DIR picks the binaries (default build/). networkx is Debian's
# python3-networkx under the system's /usr/bin/python3 (PMO_PYTHON to use
# another); the script installs the package if it is missing (needs root).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
bench_bin=$build/tests/bench/pmo-bench-cpm
[ -x "$bench_bin" ] || {
    echo "run_cpm_bench: $bench_bin not built" >&2
    exit 2
}

python=${PMO_PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import networkx' 2>/dev/null; then
    echo "run_cpm_bench: installing python3-networkx" >&2
    apt-get install -y python3-networkx >/dev/null
fi

dir=$(mktemp -d /tmp/run_cpm_bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT

args=("$@")
"$bench_bin" --edges "$dir/edges.txt" "${args[@]}" | tee "$dir/cpm.out"

"$python" - "$dir/edges.txt" >"$dir/nx.out" <<'EOF'
import sys, time
import networkx as nx

with open(sys.argv[1]) as f:
    n = int(f.readline())
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(
        (int(u), int(v), float(w)) for u, v, w in (line.split() for line in f))
t0 = time.perf_counter()
length = nx.dag_longest_path_length(g, weight="weight")
t1 = time.perf_counter()
print("networkx_s %.4f" % (t1 - t0))
print("networkx_length %g" % length)
print("networkx_version %s" % nx.__version__)
EOF
cat "$dir/nx.out"

val() { sed -n "s/^$1 //p" "$dir/cpm.out" "$dir/nx.out" | head -1; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a / b }'; }

nx_s=$(val networkx_s)
first=$(val first_total_s)
warm=$(val warm_total_s)
echo
echo "Command: \`tests/bench/run_cpm_bench.sh ${args[*]}\`" \
    "($(val items) items, $(val dependencies) dependencies, $(val runs) runs)"
echo
echo "| measure | first run | warm (median of later runs) |"
echo "|---|--:|--:|"
echo "| CPM prepare: checks, relabelling, arc rows | $(ms "$(val first_prepare_s)") | $(ms "$(val warm_prepare_s)") |"
echo "| CPM passes: early/late dates, floats, critical | $(ms "$(val first_passes_s)") | $(ms "$(val warm_passes_s)") |"
echo "| CPM critical chains | $(ms "$(val first_chains_s)") | $(ms "$(val warm_chains_s)") |"
echo "| CPM results by item, with dates | $(ms "$(val first_results_s)") | $(ms "$(val warm_results_s)") |"
echo "| **CPM total** | **$(ms "$first")** | **$(ms "${warm:-$first}")** |"
echo "| networkx $(val networkx_version) dag_longest_path_length | $(ms "$nx_s") | |"
echo "| **networkx / CPM** | **$(ratio "$nx_s" "$first")x** | **$(ratio "$nx_s" "${warm:-$first}")x** |"
echo
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d)"
