#!/usr/bin/env bash
# deploy/install-deps.sh - installs the Debian 12 packages pmo builds and
# runs with (with --tests, also what the test suite needs). Uses sudo when
# not root. Safe to run again.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    protobuf-c-compiler libprotobuf-c-dev
    libnng-dev libssl-dev libpq-dev libedit-dev libcmocka-dev
    libxml2-dev libxml2-utils zlib1g-dev
    postgresql postgresql-common
    openssl ca-certificates procps python3
)
# What only the test suite needs (tests/run.sh asks with --tests): clang
# and its libFuzzer runtime for the fuzz targets, valgrind for the server
# under memcheck, for the report tests a parser of iCalendar and a browser
# that draws the HTML headless, and protoc with Python's protobuf for the
# Python client.
test_packages=(
    clang libclang-rt-14-dev valgrind
    python3-icalendar chromium
    protobuf-compiler python3-protobuf
)
if [ "${1:-}" = --tests ]; then
    packages+=("${test_packages[@]}")
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "pmo: installing ${missing[*]}"
    as_root apt-get update -qq
    # Installing postgresql must not start Debian's own cluster on a machine
    # without an init system; pmo runs its own.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
fi
