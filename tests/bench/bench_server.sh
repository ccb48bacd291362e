#!/bin/bash
# tests/bench/bench_server.sh - a throwaway pmo-server for the benchmarks.
#
# Sourced by the run_*_bench.sh scripts. bench_server_start makes a fresh
# data directory, starts pmo-server there on a free loopback port with its
# embedded PostgreSQL and waits until it serves; it sets $dir, $url, $log
# and $server_pid. The EXIT trap stops the server (SIGTERM: it drains and
# stops its PostgreSQL) and removes the directory. Callers set
# $bench_name (for messages) and $server_bin first.
#
# First start runs initdb and the migrations: about 5 s, more when busy.
ready_timeout=120
# The server drains for up to 10 s, then stops PostgreSQL.
stop_timeout=60

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
            echo "$bench_name: pmo-server $server_pid still running after" \
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
            echo "$bench_name: pmo-server exited during start-up:" >&2
            tail -n 20 "$log" >&2
            server_pid=
            return 1
        fi
        if [ "$waited" -ge $((ready_timeout * 10)) ]; then
            echo "$bench_name: pmo-server not ready after" \
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
    echo "$bench_name: server log: $lines lines, $bad warn/error;" \
        "exit status $server_status" >&2
    if [ "$bad" -gt 0 ]; then
        grep -E 'level=(warn|error)|Sanitizer|runtime error' "$log" |
            head -n 10 >&2
    fi
    if [ "$server_status" -ne 0 ]; then
        tail -n 20 "$log" >&2
    fi
}

bench_server_start() {
    head -c 24 /dev/urandom | base64 >"$dir/admin-password"
    chmod 600 "$dir/admin-password"
    local port
    port=$(free_port)
    url=tls+tcp://127.0.0.1:$port
    # Every benchmark client is one peer, loopback, and some open 64
    # connections beside others: lift the per-peer cap above them.
    # Word splitting of PMO_SERVER_ARGS is intended: it holds options.
    # shellcheck disable=SC2086
    "$server_bin" --data-dir "$dir" --listen "$url" \
        --admin-password-file "$dir/admin-password" \
        --password-iterations 1000 --max-connections-per-peer 512 \
        ${PMO_SERVER_ARGS:-} 2>"$log" &
    server_pid=$!
    wait_ready
}
