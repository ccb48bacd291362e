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
# First start runs initdb and the migrations: about 5 s, more when busy.
ready_timeout=120
# The server drains for up to 10 s, then stops PostgreSQL.
stop_timeout=60

for bin in "$server_bin" "$bench_bin"; do
    if [ ! -x "$bin" ]; then
        echo "run_rpc_bench: $bin not built (make pmo-server pmo-bench-rpc)" >&2
        exit 2
    fi
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/pmo-bench.XXXXXX")
log=$dir/server.log
server_pid=

server_status=0

stop_server() {
    [ -n "$server_pid" ] || return 0
    kill -TERM "$server_pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$server_pid" 2>/dev/null; do
        if [ "$waited" -ge $((stop_timeout * 10)) ]; then
            # Its PostgreSQL may still be running from $dir: keep the files.
            echo "run_rpc_bench: pmo-server $server_pid still running after" \
                "${stop_timeout}s; leaving $dir" >&2
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    wait "$server_pid" 2>/dev/null || server_status=$?
    server_pid=
}

# Runs from the EXIT trap.
# shellcheck disable=SC2317
cleanup() {
    if stop_server; then
        rm -rf "$dir"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nothing listens on now; a clash later shows as a failed start.
free_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 40000))
        if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

wait_ready() {
    local waited=0
    until grep -q 'msg=ready' "$log" 2>/dev/null; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "run_rpc_bench: pmo-server exited during start-up:" >&2
            tail -n 20 "$log" >&2
            server_pid=
            return 1
        fi
        if [ "$waited" -ge $((ready_timeout * 10)) ]; then
            echo "run_rpc_bench: pmo-server not ready after" \
                "${ready_timeout}s (no msg=ready line in its log):" >&2
            tail -n 20 "$log" >&2
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

# Clock ticks of CPU (user+system) the process has used so far.
cpu_ticks() {
    local f
    read -ra f <"/proc/$1/stat" || return 0
    # Fields 14 and 15 (utime, stime) counted after the ") " of the name.
    local i=0
    while [ "${f[i]}" = "${f[i]%)}" ]; do i=$((i + 1)); done
    echo $((f[i + 12] + f[i + 13]))
}

# What the server logged besides one info line per request, and how it
# ended: warnings, errors, sanitizer reports, a non-zero exit.
summarize_log() {
    local lines bad
    lines=$(wc -l <"$log")
    bad=$(grep -c -E 'level=(warn|error)|Sanitizer|runtime error' "$log" ||
        true)
    echo "run_rpc_bench: server log: $lines lines, $bad warn/error;" \
        "exit status $server_status" >&2
    if [ "$bad" -gt 0 ]; then
        grep -E 'level=(warn|error)|Sanitizer|runtime error' "$log" |
            head -n 10 >&2
    fi
    if [ "$server_status" -ne 0 ]; then
        tail -n 20 "$log" >&2
    fi
}

head -c 24 /dev/urandom | base64 >"$dir/admin-password"
chmod 600 "$dir/admin-password"
port=$(free_port)
url=tls+tcp://127.0.0.1:$port

# Word splitting of PMO_SERVER_ARGS is intended: it holds options.
# shellcheck disable=SC2086
"$server_bin" --data-dir "$dir" --listen "$url" \
    --admin-password-file "$dir/admin-password" \
    --password-iterations 1000 ${PMO_SERVER_ARGS:-} 2>"$log" &
server_pid=$!
wait_ready

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
