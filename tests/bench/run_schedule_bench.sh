#!/bin/bash
# tests/bench/run_schedule_bench.sh - ScheduleService/ComputeSchedule on a
# large program through the real server: the plan (10,000 items and 20,000
# dependencies by default) goes in with one LoadPlan call, then
# ComputeSchedule runs one call at a time (200 by default) and the median
# and 99th percentile latencies are printed, with the reply's size; last,
# five Forecast calls with their defaults (10,000 iterations).
#
#   tests/bench/run_schedule_bench.sh [--items N] [--deps M] [--schedule-calls K]
#
# PMO_BUILD_DIR picks the binaries (default build/); PMO_SERVER_ARGS adds
# pmo-server options.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
server_bin=$build/server/pmo-server
bench_bin=$build/tests/bench/pmo-bench-plan
for bin in "$server_bin" "$bench_bin"; do
    [ -x "$bin" ] || {
        echo "run_schedule_bench: $bin not built" >&2
        exit 2
    }
done

bench_name=run_schedule_bench
# shellcheck source=bench_server.sh
. "$here/bench_server.sh"
bench_server_start

"$bench_bin" --server "$url" --ca "$dir/ca.pem" \
    --password-file "$dir/admin-password" --batch-only --schedule-calls 200 \
    --forecast-calls 5 "$@"
echo
echo "Command: \`tests/bench/run_schedule_bench.sh $*\`"
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d)"
