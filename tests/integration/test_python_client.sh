#!/bin/bash
# tests/integration/test_python_client.sh - runs test_python_client.py
# (the Python client in client/python, with the protoc modules the build
# generated) against a real server. Skipped (77) when the build has no
# Python modules (protoc not installed) or python3-protobuf is missing.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -n "${PMO_BUILD_DIR:-}" ] || pmo_test_die "PMO_BUILD_DIR is not set"
# Debian's interpreter, which sees Debian's python3-protobuf.
PY=/usr/bin/python3
if [ ! -f "$PMO_BUILD_DIR/python/pmo/v1/rpc_pb2.py" ] ||
    ! "$PY" -c 'import google.protobuf' 2>/dev/null; then
    echo "no protoc modules or no python3-protobuf: skipped"
    exit 77
fi
pmo_test_start_server
export PYTHONPATH="$PMO_BUILD_DIR/python:$PMO_TEST_LIB_DIR/../../client/python"
# The library under a sanitizer build is not this process's: nothing to
# preload, as the client is Python and libnng only.
pmo_test_expect_exit "the Python client's test" 0 \
    "$PY" "$PMO_TEST_LIB_DIR/test_python_client.py" "$PMO_SERVER" "$PMO_CA" \
    "$PMO_TEST_ADMIN_PASSWORD"
printf '%s\n' "$PMO_OUT"
pmo_test_done
