#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR [SECONDS] - runs every libFuzzer target of a
# -DPMO_FUZZ=ON build: first over its regressions (inputs that once
# crashed it, tests/fuzz/regressions/NAME), then fuzzing from its seed
# corpus (tests/fuzz/corpus/NAME) for SECONDS (default 30). The seeds are
# copied, so a run adds nothing to the tree. Ends with one line
# "N passed, M failed"; a crash leaves its input in BUILD_DIR/fuzz-crashes
# and the target's log there, and fails the run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
seconds=${2:-30}
out=$build/fuzz-crashes
mkdir -p "$out"
passed=0
failed=0
for bin in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=${bin##*/fuzz_}
    work=$(mktemp -d)
    cp -r "$here/corpus/$name/." "$work/" 2>/dev/null || true
    # Files saved by real MS Project, where the machine has them (they are
    # not ours to commit): more seeds for the MSPDI reader.
    if [ "$name" = mspdi ] && [ -d "${PMO_MSPDI_DIR:-/work/shared/data/mspdi}" ]; then
        cp "${PMO_MSPDI_DIR:-/work/shared/data/mspdi}"/*.xml "$work/" 2>/dev/null || true
    fi
    log=$out/$name.log
    ok=1
    if [ -d "$here/regressions/$name" ] &&
        [ -n "$(ls -A "$here/regressions/$name")" ]; then
        "$bin" -runs=0 "$here/regressions/$name"/* >"$log" 2>&1 || ok=0
    fi
    if [ "$ok" -eq 1 ]; then
        # -close_fd_mask=1: the code under test may print; libFuzzer's own
        # report goes to stderr, which is kept.
        "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -close_fd_mask=1 -artifact_prefix="$out/$name-" "$work" \
            >>"$log" 2>&1 || ok=0
    fi
    rm -rf "$work"
    if [ "$ok" -eq 1 ]; then
        passed=$((passed + 1))
        echo "fuzz $name: passed ($(grep -Eo 'Done [0-9]+ runs' "$log" | tail -1 || true))"
    else
        failed=$((failed + 1))
        echo "fuzz $name: FAILED (log $log)"
        tail -n 30 "$log"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
