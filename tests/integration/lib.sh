# tests/integration/lib.sh - start and stop a pmo-server for one test, and
# the assertions and pass/fail count of the shell tests.
#
# Source it from bash. A test gets its own database in the PostgreSQL
# cluster named by PGHOST/PGPORT/PGUSER (run the suite under pg_virtualenv,
# see tests/run.sh), its own data directory and its own loopback port, so
# tests can run in parallel. Everything started here is stopped and dropped
# when the shell exits, whether the test passed or not.
#
#   pmo_test_start_server [extra pmo-server flags]
#       exports PMO_SERVER, PMO_CA, PMO_CONFIG_DIR, PMO_TEST_ADMIN_PASSWORD,
#       PMO_TEST_DB, PMO_BIN_DIR, PMO_TEST_SERVER_LOG, PMO_TEST_DATA_DIR,
#       PMO_TEST_PORT, PMO_TEST_TMP
#   pmo_test_stop_server          SIGTERM, wait, check exit and log
#   pmo_test_start_second LOG [extra flags]   another server on the same
#       database and data directory, on a port of its own: SECOND_URL
#   pmo_test_stop_second LOG      stops it as pmo_test_stop_server does
#   pmo_test_restart_server [extra flags]   the stopped server again, on
#       the same database, data directory and address
#   pmo_test_bin NAME             path of pmo, pmo-admin... in PMO_BIN_DIR
#   pmo_test_expect_exit NAME WANT CMD...   sets PMO_RC, PMO_OUT, PMO_ERR
#   pmo_test_expect_contains NAME TEXT NEEDLE
#   pmo_test_expect_eq NAME WANT GOT
#   pmo_test_expect_one_line NAME TEXT
#   pmo_test_json EXPR            a Python expression over d, the JSON in
#                                 PMO_OUT, printed
#   pmo_test_with_token TOKEN CMD...   CMD with PMO_TOKEN=TOKEN and a
#                                 config directory of its own (no login)
#   pmo_test_done                 prints "N passed, M failed" and exits

PMO_TEST_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PMO_TEST_PASSED=0
PMO_TEST_FAILED=0
PMO_TEST_SERVER_PID=
PMO_TEST_CLEANUP=()
PMO_TEST_READY_TIMEOUT_S=${PMO_TEST_READY_TIMEOUT_S:-30}
PMO_TEST_STOP_TIMEOUT_S=${PMO_TEST_STOP_TIMEOUT_S:-30}

pmo_test_die() {
    echo "FATAL: $*" >&2
    exit 1
}

# ------------------------------------------------------------- binaries

# PMO_BIN_DIR holds pmo-server, pmo and pmo-admin (ctest sets it to the
# build's tests/integration/bin); without it, the default build tree.
pmo_test_find_binaries() {
    if [ -z "${PMO_BIN_DIR:-}" ]; then
        PMO_BIN_DIR="$PMO_TEST_LIB_DIR/../../build/tests/integration/bin"
    fi
    [ -x "$PMO_BIN_DIR/pmo-server" ] ||
        pmo_test_die "no pmo-server in PMO_BIN_DIR=$PMO_BIN_DIR (build first:" \
            "cd build && cmake .. && make)"
    PMO_BIN_DIR=$(cd "$PMO_BIN_DIR" && pwd)
    export PMO_BIN_DIR
}

# Prints the path of program NAME in PMO_BIN_DIR; dies if it is missing.
pmo_test_bin() {
    [ -x "$PMO_BIN_DIR/$1" ] ||
        pmo_test_die "no $1 in PMO_BIN_DIR=$PMO_BIN_DIR (did the build fail?)"
    printf '%s\n' "$PMO_BIN_DIR/$1"
}

# ---------------------------------------------------------------- cleanup

# Runs CMD (one string, eval'd) when the shell exits, after the server stops.
pmo_test_at_exit() {
    PMO_TEST_CLEANUP+=("$1")
}

pmo_test_on_exit() {
    local rc=$?
    if [ -n "$PMO_TEST_SERVER_PID" ]; then
        pmo_test_stop_server || rc=1
    fi
    local i
    for ((i = ${#PMO_TEST_CLEANUP[@]} - 1; i >= 0; i--)); do
        eval "${PMO_TEST_CLEANUP[$i]}" || true
    done
    exit "$rc"
}
trap pmo_test_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------- server

pmo_test_require_pg() {
    if [ -z "${PGHOST:-}" ]; then
        echo "FATAL: PGHOST is not set: integration tests need a PostgreSQL" \
            "cluster. Run them under pg_virtualenv, e.g. tests/run.sh or" \
            "\"pg_virtualenv ctest -L integration\"." >&2
        exit 1
    fi
}

pmo_test_free_port() {
    # The port after it must be free too: a server's events socket
    # listens there by default.
    python3 -c 'import socket
while True:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", port + 1))
    except OSError:
        continue
    print(port)
    break'
}

# A fresh scratch directory for this shell, removed at exit.
pmo_test_scratch() {
    if [ -z "${PMO_TEST_TMP:-}" ] || [ ! -d "$PMO_TEST_TMP" ]; then
        PMO_TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pmo-it.XXXXXX") ||
            pmo_test_die "mktemp failed"
        export PMO_TEST_TMP
        pmo_test_at_exit 'rm -rf "$PMO_TEST_TMP"'
    fi
}

# True (0) when the log shows a sanitizer report.
pmo_test_log_has_sanitizer_report() {
    grep -Eq 'ERROR: (Address|Leak|Thread)Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' \
        "$1" 2>/dev/null
}

# pmo_test_print_log LOG: the whole log, however long: the line that
# explains a failure may be anywhere in it. With PMO_TEST_LOG_DIR set (ctest
# sets it to the build's tests/integration/logs), a copy is kept there too,
# since the scratch directory holding LOG goes when the test exits.
pmo_test_print_log() {
    [ -f "$1" ] || return 0
    local kept=
    if [ -n "${PMO_TEST_LOG_DIR:-}" ] && mkdir -p "$PMO_TEST_LOG_DIR"; then
        local name=${PMO_TEST_NAME:-$(basename "$0")}
        kept="$PMO_TEST_LOG_DIR/${name%.*}-$$.server.log"
        cp "$1" "$kept" || kept=
    fi
    echo "---- $1 ($(wc -l <"$1") lines${kept:+, kept as $kept}) ----" >&2
    cat "$1" >&2
    echo "---- end of $1 ----" >&2
}

# Lines of a server log that say something went wrong or took a second or
# more, wherever they are in it (a long test's tail may not reach them).
pmo_test_print_trouble() {
    local lines
    lines=$(grep -E 'level=(warn|error)|latency_us=[0-9]{7,}' "$1" 2>/dev/null |
        head -n "${2:-40}")
    [ -n "$lines" ] || return 0
    echo "---- warnings, errors and calls of 1 s or more in $1 ----" >&2
    echo "$lines" >&2
}

# pmo_test_launch_server LOG URL FLAGS...: starts pmo-server with FLAGS and
# waits up to PMO_TEST_READY_TIMEOUT_S for "msg=ready". Returns 0 when
# ready, 2 when the port was taken (try another), 1 otherwise.
pmo_test_launch_server() {
    local log=$1
    shift
    # PMO_TEST_SERVER_WRAPPER: a command the server runs under (valgrind).
    # shellcheck disable=SC2086
    ${PMO_TEST_SERVER_WRAPPER:-} "$PMO_BIN_DIR/pmo-server" "$@" 2>"$log" &
    PMO_TEST_SERVER_PID=$!
    local tries=$((PMO_TEST_READY_TIMEOUT_S * 10))
    while [ "$tries" -gt 0 ]; do
        if grep -q 'msg=ready' "$log"; then
            return 0
        fi
        if ! kill -0 "$PMO_TEST_SERVER_PID" 2>/dev/null; then
            wait "$PMO_TEST_SERVER_PID"
            local rc=$?
            PMO_TEST_SERVER_PID=
            if grep -qi 'address in use' "$log"; then
                return 2
            fi
            echo "pmo-server exited with status $rc before it was ready" >&2
            pmo_test_print_log "$log"
            return 1
        fi
        sleep 0.1
        tries=$((tries - 1))
    done
    echo "pmo-server was not ready within ${PMO_TEST_READY_TIMEOUT_S} s" >&2
    pmo_test_print_log "$log"
    kill -KILL "$PMO_TEST_SERVER_PID" 2>/dev/null
    wait "$PMO_TEST_SERVER_PID" 2>/dev/null
    PMO_TEST_SERVER_PID=
    return 1
}

# pmo_test_start_server [extra flags]: a server on a database of its own.
pmo_test_start_server() {
    pmo_test_require_pg
    pmo_test_find_binaries
    pmo_test_scratch
    [ -z "$PMO_TEST_SERVER_PID" ] || pmo_test_die "a server is already running"

    local test_name=${PMO_TEST_NAME:-$(basename "$0")}
    test_name=$(printf '%s' "${test_name%.*}" | tr -c 'a-z0-9_' '_' | cut -c1-30)
    PMO_TEST_DB="pmo_it_${test_name}_$$_${RANDOM}"
    createdb "$PMO_TEST_DB" || pmo_test_die "createdb $PMO_TEST_DB failed"
    pmo_test_at_exit 'dropdb --if-exists --force "$PMO_TEST_DB" 2>/dev/null'
    export PMO_TEST_DB

    PMO_TEST_ADMIN_PASSWORD="it-admin-$RANDOM-$RANDOM"
    (umask 077 && printf '%s\n' "$PMO_TEST_ADMIN_PASSWORD" \
        >"$PMO_TEST_TMP/admin-password")
    export PMO_TEST_ADMIN_PASSWORD

    PMO_TEST_DATA_DIR="$PMO_TEST_TMP/data"
    PMO_TEST_SERVER_LOG="$PMO_TEST_TMP/server.log"
    PMO_CONFIG_DIR="$PMO_TEST_TMP/config"
    mkdir -p -m 0700 "$PMO_CONFIG_DIR"
    export PMO_TEST_DATA_DIR PMO_TEST_SERVER_LOG PMO_CONFIG_DIR

    local attempt rc=1
    for attempt in 1 2 3 4 5; do
        PMO_TEST_PORT=$(pmo_test_free_port) || pmo_test_die "no free port"
        PMO_SERVER="tls+tcp://127.0.0.1:$PMO_TEST_PORT"
        pmo_test_launch_server "$PMO_TEST_SERVER_LOG" \
            --db "dbname=$PMO_TEST_DB" \
            --data-dir "$PMO_TEST_DATA_DIR" \
            --listen "$PMO_SERVER" \
            --password-iterations 10000 \
            --admin-password-file "$PMO_TEST_TMP/admin-password" \
            "$@"
        rc=$?
        [ "$rc" -eq 2 ] || break
        echo "port $PMO_TEST_PORT was taken; trying another (attempt $attempt)" >&2
    done
    [ "$rc" -eq 0 ] || pmo_test_die "cannot start pmo-server"
    PMO_CA="$PMO_TEST_DATA_DIR/ca.pem"
    export PMO_SERVER PMO_CA PMO_TEST_PORT
}

# pmo_test_install_client PREFIX: installs the build (PMO_BUILD_DIR) into
# PREFIX as an integrator would and sets PMO_CLIENT_CC, the compiler line
# that builds a program against the installed libpmoclient through its
# pkg-config file (with the sanitizer runtime when the build has one).
pmo_test_install_client() {
    local prefix=$1
    [ -n "${PMO_BUILD_DIR:-}" ] || pmo_test_die "PMO_BUILD_DIR is not set"
    cmake --install "$PMO_BUILD_DIR" --prefix "$prefix" >/dev/null ||
        pmo_test_die "cmake --install into $prefix failed"
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    export LD_LIBRARY_PATH="$prefix/lib"
    PMO_CLIENT_CC="cc -Wall -Werror"
    if ldd "$PMO_BIN_DIR/pmo-server" | grep -q libasan; then
        PMO_CLIENT_CC="$PMO_CLIENT_CC -fsanitize=address,undefined"
    fi
}

# pmo_test_restart_server [extra flags]: after pmo_test_stop_server, a
# new pmo-server on what the last one left (what an upgrade does to an
# existing database), logging to a log of its own.
pmo_test_restart_server() {
    [ -z "$PMO_TEST_SERVER_PID" ] || pmo_test_die "a server is already running"
    [ -n "${PMO_TEST_DB:-}" ] || pmo_test_die "no server was started before"
    PMO_TEST_SERVER_LOG="$PMO_TEST_TMP/server.$RANDOM.log"
    export PMO_TEST_SERVER_LOG
    pmo_test_launch_server "$PMO_TEST_SERVER_LOG" \
        --db "dbname=$PMO_TEST_DB" \
        --data-dir "$PMO_TEST_DATA_DIR" \
        --listen "$PMO_SERVER" \
        --password-iterations 10000 \
        "$@" || pmo_test_die "cannot restart pmo-server"
}

# Stops the server with SIGTERM and waits for it; fails (returns 1) if it
# does not exit 0 within PMO_TEST_STOP_TIMEOUT_S, or its log holds a
# sanitizer report.
pmo_test_stop_server() {
    local pid=$PMO_TEST_SERVER_PID log=${PMO_TEST_SERVER_LOG:-/dev/null}
    [ -n "$pid" ] || return 0
    PMO_TEST_SERVER_PID=
    local status=0 problem=
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"
        status=$?
        problem="pmo-server died during the test (status $status)"
    else
        kill -TERM "$pid"
        local tries=$((PMO_TEST_STOP_TIMEOUT_S * 10))
        while kill -0 "$pid" 2>/dev/null && [ "$tries" -gt 0 ]; do
            sleep 0.1
            tries=$((tries - 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
            problem="pmo-server did not stop within ${PMO_TEST_STOP_TIMEOUT_S} s of SIGTERM"
        fi
        wait "$pid"
        status=$?
        if [ -z "$problem" ] && [ "$status" -ne 0 ]; then
            problem="pmo-server exited with status $status after SIGTERM"
        fi
    fi
    if pmo_test_log_has_sanitizer_report "$log"; then
        problem="${problem:+$problem; }pmo-server's log holds a sanitizer report"
        echo "FAIL: $problem" >&2
        pmo_test_print_log "$log"
        return 1
    fi
    if [ -n "$problem" ]; then
        echo "FAIL: $problem" >&2
        pmo_test_print_log "$log"
        return 1
    fi
    return 0
}

# pmo_test_start_second LOG [extra flags]: another pmo-server on the same
# database and data directory (so the same CA), on a port of its own;
# sets SECOND_URL and SECOND_PID and leaves the first server's
# bookkeeping as it was.
pmo_test_start_second() {
    local log=$1 first_pid=$PMO_TEST_SERVER_PID port
    shift
    local attempt rc=1
    # Another test's server may take the port first: try another.
    for attempt in 1 2 3 4 5; do
        port=$(pmo_test_free_port) || pmo_test_die "no free port"
        SECOND_URL="tls+tcp://127.0.0.1:$port"
        pmo_test_launch_server "$log" --db "dbname=$PMO_TEST_DB" \
            --data-dir "$PMO_TEST_DATA_DIR" --listen "$SECOND_URL" \
            --password-iterations 10000 "$@"
        rc=$?
        [ "$rc" -eq 2 ] || break
    done
    [ "$rc" -eq 0 ] || pmo_test_die "cannot start a second pmo-server"
    SECOND_PID=$PMO_TEST_SERVER_PID
    PMO_TEST_SERVER_PID=$first_pid
}

# pmo_test_stop_second LOG: the second server, stopped and checked.
pmo_test_stop_second() {
    local first_pid=$PMO_TEST_SERVER_PID first_log=$PMO_TEST_SERVER_LOG
    PMO_TEST_SERVER_PID=$SECOND_PID PMO_TEST_SERVER_LOG=$1
    pmo_test_stop_server
    local rc=$?
    PMO_TEST_SERVER_PID=$first_pid PMO_TEST_SERVER_LOG=$first_log
    return "$rc"
}

# ------------------------------------------------------ JSON and tokens

# pmo_test_as USER CMD...: pmo CMD as USER, with USER's own session (its
# config directory under the test's scratch, made by its login).
pmo_test_as() {
    local user=$1
    shift
    PMO_CONFIG_DIR="$PMO_TEST_TMP/config-$user" "$PMO_BIN_DIR/pmo" "$@"
}

# pmo_test_json EXPR: EXPR evaluated with d the JSON value in PMO_OUT.
pmo_test_json() {
    python3 -c 'import json, sys; d = json.loads(sys.argv[2]); print(eval(sys.argv[1]))' \
        "$1" "$PMO_OUT" 2>&1
}

# pmo_test_with_token TOKEN CMD...: CMD as the holder of an API token
# would run it, with nothing but the token (no session file).
pmo_test_with_token() {
    local token=$1
    shift
    mkdir -p -m 0700 "$PMO_TEST_TMP/config-token"
    PMO_CONFIG_DIR="$PMO_TEST_TMP/config-token" PMO_TOKEN="$token" "$@"
}

# ------------------------------------------------------------- assertions

pmo_test_pass() {
    PMO_TEST_PASSED=$((PMO_TEST_PASSED + 1))
    echo "ok - $1"
}

# pmo_test_fail NAME LINE...: one failed check, with what was expected and
# what was seen on the following lines.
pmo_test_fail() {
    PMO_TEST_FAILED=$((PMO_TEST_FAILED + 1))
    echo "FAIL - $1"
    shift
    local line
    for line in "$@"; do
        printf '    %s\n' "$line"
    done
}

# Indents captured output for a failure report.
pmo_test_quote() {
    if [ -z "$1" ]; then
        echo "(empty)"
    else
        printf '%s' "$1" | sed -e '1!s/^/        /'
    fi
}

# pmo_test_expect_exit NAME WANT CMD...: runs CMD (stdin is the caller's)
# and checks its exit status. PMO_RC, PMO_OUT and PMO_ERR keep the result.
pmo_test_expect_exit() {
    local name=$1 want=$2
    shift 2
    local out_file err_file
    out_file=$(mktemp) err_file=$(mktemp)
    "$@" >"$out_file" 2>"$err_file"
    PMO_RC=$?
    PMO_OUT=$(cat "$out_file")
    PMO_ERR=$(cat "$err_file")
    rm -f "$out_file" "$err_file"
    if [ "$PMO_RC" -eq "$want" ]; then
        pmo_test_pass "$name"
        return 0
    fi
    pmo_test_fail "$name" "command:  $*" "expected: exit $want" \
        "seen:     exit $PMO_RC" "stdout:   $(pmo_test_quote "$PMO_OUT")" \
        "stderr:   $(pmo_test_quote "$PMO_ERR")"
    return 1
}

# pmo_test_expect_contains NAME TEXT NEEDLE: TEXT holds NEEDLE (literally).
pmo_test_expect_contains() {
    local name=$1 text=$2 needle=$3
    if [[ "$text" == *"$needle"* ]]; then
        pmo_test_pass "$name"
        return 0
    fi
    pmo_test_fail "$name" "expected: text containing \"$needle\"" \
        "seen:     $(pmo_test_quote "$text")"
    return 1
}

# pmo_test_expect_not_contains NAME TEXT NEEDLE
pmo_test_expect_not_contains() {
    local name=$1 text=$2 needle=$3
    if [[ "$text" != *"$needle"* ]]; then
        pmo_test_pass "$name"
        return 0
    fi
    pmo_test_fail "$name" "expected: text without \"$needle\"" \
        "seen:     $(pmo_test_quote "$text")"
    return 1
}

# pmo_test_expect_eq NAME WANT GOT
pmo_test_expect_eq() {
    local name=$1 want=$2 got=$3
    if [ "$want" = "$got" ]; then
        pmo_test_pass "$name"
        return 0
    fi
    pmo_test_fail "$name" "expected: $(pmo_test_quote "$want")" \
        "seen:     $(pmo_test_quote "$got")"
    return 1
}

# pmo_test_expect_one_line NAME TEXT: exactly one non-empty line.
pmo_test_expect_one_line() {
    local name=$1 text=$2 lines
    lines=$(printf '%s\n' "$text" | grep -c .)
    if [ "$lines" -eq 1 ]; then
        pmo_test_pass "$name"
        return 0
    fi
    pmo_test_fail "$name" "expected: one line" \
        "seen:     $lines lines: $(pmo_test_quote "$text")"
    return 1
}

# Stops the server if one runs (a clean stop is one more check), prints
# the count and exits: non-zero if any check failed (or none ran).
pmo_test_done() {
    if [ -n "$PMO_TEST_SERVER_PID" ]; then
        if pmo_test_stop_server; then
            pmo_test_pass "pmo-server stops cleanly on SIGTERM"
        else
            pmo_test_fail "pmo-server stops cleanly on SIGTERM" \
                "see the report above"
        fi
    fi
    if [ "$PMO_TEST_FAILED" -ne 0 ] && [ -n "${PMO_TEST_SERVER_LOG:-}" ]; then
        echo "$PMO_TEST_FAILED checks failed; the server's log:" >&2
        pmo_test_print_trouble "$PMO_TEST_SERVER_LOG"
        pmo_test_print_log "$PMO_TEST_SERVER_LOG"
    fi
    echo "$PMO_TEST_PASSED passed, $PMO_TEST_FAILED failed"
    if [ "$PMO_TEST_FAILED" -ne 0 ] || [ "$PMO_TEST_PASSED" -eq 0 ]; then
        exit 1
    fi
    exit 0
}
