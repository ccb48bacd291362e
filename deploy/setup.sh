#!/usr/bin/env bash
# deploy/setup.sh - one command from a fresh Debian 12 machine to a running
# pmo: installs packages, builds, installs the binaries to /usr/local/bin,
# starts pmo-server in the background on its embedded PostgreSQL, logs in
# as the first admin, loads a demo program and says how to connect.
#
# Data lives in /var/lib/pmo when run as root, else ~/.local/share/pmo
# (PMO_DATA_DIR overrides). Running it again reuses everything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

"$root/deploy/install-deps.sh"
"$root/deploy/build.sh" "$root/build"
as_root cmake --install "$root/build" --prefix /usr/local >/dev/null

if [ "$(id -u)" -eq 0 ]; then
    data=${PMO_DATA_DIR:-/var/lib/pmo}
else
    data=${PMO_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/pmo}
fi
listen=${PMO_LISTEN:-tls+tcp://127.0.0.1:7443}
mkdir -p "$data"
chmod 0700 "$data"

# The first admin's password is made here, kept in a 0600 file, so this
# script can log in and show it again on later runs.
pwfile="$data/admin-password"
if [ ! -s "$pwfile" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$pwfile")
fi

pidfile="$data/pmo-server.pid"
if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "pmo: pmo-server is already running (pid $(cat "$pidfile"))"
else
    log="$data/server.log"
    nohup /usr/local/bin/pmo-server --data-dir "$data" --listen "$listen" \
        --admin-password-file "$pwfile" >>"$log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    echo "pmo: starting pmo-server (pid $!, log $log)"
    for _ in $(seq 1 60); do
        grep -q "msg=ready" "$log" 2>/dev/null && break
        kill -0 "$(cat "$pidfile")" 2>/dev/null || {
            echo "pmo: pmo-server failed to start; its log says:" >&2
            tail -n 20 "$log" >&2
            exit 1
        }
        sleep 0.5
    done
fi

export PMO_SERVER="$listen" PMO_CA="$data/ca.pem"
/usr/local/bin/pmo login --user admin --password-stdin <"$pwfile" >/dev/null
/usr/local/bin/pmo whoami >/dev/null
PMO=/usr/local/bin/pmo PMO_ADMIN=/usr/local/bin/pmo-admin "$root/deploy/demo.sh"

cat <<MSG

pmo is running.
  server          $listen
  CA certificate  $data/ca.pem
  admin password  $(cat "$pwfile")   (also in $pwfile; change it with: pmo passwd)
  server log      $data/server.log
  stop it with    kill \$(cat $pidfile)

You are logged in as admin, and the demo program CHKOUT (a checkout
launch across three teams) is loaded. Try:
  pmo tree CHKOUT
  pmo deps CHKOUT-19
  pmo program show CHKOUT
  pmo budget show CHKOUT
  pmo cost list CHKOUT
  pmo contract show CHKOUT 1
  pmo-admin user add alice --display-name "Alice Example"
  pmo-admin            (the admin console; type help)

From another account or machine:
  export PMO_SERVER=$listen PMO_CA=$data/ca.pem
  pmo login
MSG
