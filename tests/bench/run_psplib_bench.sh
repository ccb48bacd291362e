#!/bin/bash
# tests/bench/run_psplib_bench.sh - resource levelling on the PSPLIB j30
# and j120 sets.
#
# Unpacks both archives into a temporary directory (removed on exit; the
# instances are never copied into the tree), runs pmo-bench-psplib on
# each set, and prints both tables and the wall time of the two together.
# Options go to pmo-bench-psplib unchanged:
#
#   tests/bench/run_psplib_bench.sh [--schedules 5000] [--seed 1]
#                                   [--threads 2] [--rule LFT]
#
# PMO_BUILD_DIR picks the binaries (default build/); PMO_PSPLIB_DIR the
# directory holding j30.sm.tar.gz and j120.sm.tar.gz (default
# ../shared/data/psplib next to the project).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
data=${PMO_PSPLIB_DIR:-$here/../../../shared/data/psplib}
bench_bin=$build/tests/bench/pmo-bench-psplib
[ -x "$bench_bin" ] || {
    echo "run_psplib_bench: $bench_bin not built" >&2
    exit 2
}
for set in j30 j120; do
    [ -r "$data/$set.sm.tar.gz" ] || {
        echo "run_psplib_bench: $data/$set.sm.tar.gz not found" >&2
        exit 2
    }
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/pmo-psplib.XXXXXX")
trap 'rm -rf "$dir"' EXIT

for set in j30 j120; do
    mkdir "$dir/$set"
    tar xzf "$data/$set.sm.tar.gz" -C "$dir/$set"
done

status=0
t0=$(date +%s%N)
for set in j30 j120; do
    "$bench_bin" "$dir/$set" "$@" || status=$?
done
t1=$(date +%s%N)

echo
echo "both sets: $(((t1 - t0) / 1000000)) ms wall," \
    "machine: $(nproc) cores, $(date -u +%Y-%m-%d)"
exit "$status"
