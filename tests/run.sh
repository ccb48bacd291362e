#!/usr/bin/env bash
# tests/run.sh - installs what the suite needs, builds pmo twice (plain with
# warnings as errors, then with AddressSanitizer and UndefinedBehaviorSanitizer)
# and runs the whole suite against each build. Integration tests run inside
# pg_virtualenv, a throwaway PostgreSQL cluster. A third, Release (-O3) tree
# is only built, not run: the optimiser finds warnings the other builds do
# not, and that build counts as one test. Ends with one line
# "N passed, M failed" over all of it, and exits non-zero if anything failed.
#
# Last, a clang build runs each libFuzzer target of tests/fuzz for
# PMO_FUZZ_SECONDS (30) after replaying the inputs that once crashed it.
#
# PMO_SKIP_SANITIZE=1 skips the sanitizer run, PMO_SKIP_RELEASE=1 the
# Release build, PMO_SKIP_FUZZ=1 the fuzzing; PMO_TEST_JOBS sets ctest -j.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${PMO_TEST_JOBS:-2}
passed=0
failed=0

"$root/deploy/install-deps.sh" --tests

# run_suite BUILD_DIR [cmake options...]: builds, runs ctest, adds up.
run_suite() {
    local build=$1
    shift
    "$root/deploy/build.sh" "$build" "$@"
    echo "== ctest in $build"
    local log=$build/ctest.log status
    set +e
    (cd "$build" && pg_virtualenv -t -- ctest --output-on-failure -j "$jobs") \
        2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    local line total bad
    line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" |
        tail -n 1)
    if [ -z "$line" ]; then
        echo "tests/run.sh: ctest in $build reported no result (exit $status)"
        failed=$((failed + 1))
        return
    fi
    bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
    echo "== $build: $line"
    if [ "$bad" -gt 0 ]; then
        grep -A 100 "The following tests FAILED" "$log" | grep -E "^\s+[0-9]+ - " || true
    fi
}

# build_only NAME BUILD_DIR [cmake options...]: one test, the build itself.
build_only() {
    local name=$1
    shift
    echo "== $name build in $1"
    if "$root/deploy/build.sh" "$@"; then
        passed=$((passed + 1))
        echo "== $name build: passed"
    else
        failed=$((failed + 1))
        echo "== $name build: FAILED"
    fi
}

run_suite "$root/build"
if [ "${PMO_SKIP_RELEASE:-0}" != 1 ]; then
    build_only Release "$root/build-release" -DCMAKE_BUILD_TYPE=Release
fi
if [ "${PMO_SKIP_SANITIZE:-0}" != 1 ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    run_suite "$root/build-asan" -DPMO_SANITIZE=ON
fi
if [ "${PMO_SKIP_FUZZ:-0}" != 1 ]; then
    # Every libFuzzer target for a bounded time each; its regressions first.
    echo "== fuzz build in $root/build-fuzz"
    if CC=clang "$root/deploy/build.sh" "$root/build-fuzz" -DPMO_FUZZ=ON; then
        fuzz_log=$root/build-fuzz/fuzz.log
        "$root/tests/fuzz/run.sh" "$root/build-fuzz" \
            "${PMO_FUZZ_SECONDS:-30}" >"$fuzz_log" 2>&1 || true
        cat "$fuzz_log"
        line=$(tail -n 1 "$fuzz_log")
        if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
            passed=$((passed + BASH_REMATCH[1]))
            failed=$((failed + BASH_REMATCH[2]))
        else
            echo "== fuzz: no result"
            failed=$((failed + 1))
        fi
    else
        echo "== fuzz build: FAILED"
        failed=$((failed + 1))
    fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
