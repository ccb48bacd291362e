#!/bin/bash
# tests/bench/run_rpc_bench.sh - runs pmo-bench-rpc against a throwaway server.
#
# Starts pmo-server with an embedded database in a fresh temporary data
# directory on a free loopback port, runs pmo-bench-rpc against it (the
# server's own certificate and key serve the echo server too, so both
# targets use the same TLS), then stops the server with SIGTERM and removes
# the directory. Arguments go to pmo-bench-rpc unchanged, e.g.
#
#   tests/bench/run_rpc_bench.sh --requests 5000 --seconds 5
#
# Environment: PMO_BUILD_DIR (default: build/ in the source tree) picks the
# binaries; PMO_SERVER_ARGS adds pmo-server options (e.g. "--workers 8";
# not a log level above info, which would hide the msg=ready line awaited).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PMO_BUILD_DIR:-$here/../../build}" && pwd)
server_bin=$build/server/pmo-server
bench_bin=$build/tests/bench/pmo-bench-rpc

for bin in "$server_bin" "$bench_bin"; do
    if [ ! -x "$bin" ]; then
        echo "run_rpc_bench: $bin not built (make pmo-server pmo-bench-rpc)" >&2
        exit 2
    fi
done

bench_name=run_rpc_bench
# shellcheck source=bench_server.sh
. "$here/bench_server.sh"
bench_server_start

cpu_before=$(cpu_ticks "$server_pid")
rc=0
"$bench_bin" --server "$url" --ca "$dir/ca.pem" \
    --cert "$dir/tls/server.pem" --key "$dir/tls/server.key" \
    "$@" || rc=$?
cpu_after=$(cpu_ticks "$server_pid")
hz=$(getconf CLK_TCK)
cpu=$((cpu_after - cpu_before))
printf 'run_rpc_bench: pmo-server used %d.%02d s of CPU during the run\n' \
    $((cpu / hz)) $((cpu % hz * 100 / hz)) >&2
stop_server || rc=1
summarize_log
if [ "$server_status" -ne 0 ] && [ "$rc" -eq 0 ]; then
    rc=1
fi
exit "$rc"
