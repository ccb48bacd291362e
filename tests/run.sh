#!/usr/bin/env bash
# tests/run.sh - installs what the suite needs, builds pmo twice (plain with
# warnings as errors, then with AddressSanitizer and UndefinedBehaviorSanitizer)
# and runs the whole suite against each build. Integration tests run inside
# pg_virtualenv, a throwaway PostgreSQL cluster. Exits non-zero if anything
# fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${PMO_TEST_JOBS:-2}

"$root/deploy/install-deps.sh"

run_suite() {
    local build=$1
    shift
    "$root/deploy/build.sh" "$build" "$@"
    echo "== ctest in $build"
    (cd "$build" && pg_virtualenv -t -- ctest --output-on-failure -j "$jobs")
}

run_suite "$root/build"
if [ "${PMO_SKIP_SANITIZE:-0}" != 1 ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    run_suite "$root/build-asan" -DPMO_SANITIZE=ON
fi
echo "pmo: all tests passed"
