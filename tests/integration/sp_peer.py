#!/usr/bin/env python3
"""tests/integration/sp_peer.py - a peer that opens connections to
pmo-server by hand (TLS, then the SP header of a req0 socket) and reports
what the server did with them, for the connection limit tests.

  sp_peer.py hold --source ADDR --count N [--exit]
      opens N connections from ADDR, prints "open=X closed=Y" once the
      server has had a moment to refuse some, and keeps the open ones until
      it is killed (or, with --exit, closes them and exits).
  sp_peer.py idle --silent ADDR --busy ADDR --raw ADDR --partial ADDR
                  --busy-seconds S
      at once: a connection from --silent that sends nothing, one from
      --busy that asks Meta/Info every half second for S seconds, a TCP
      connection from --raw that never starts TLS and one from --partial
      that sends the first bytes of a ClientHello and stops; prints
      "silent_closed_ms=T", "busy=served" (or "busy_failed_ms=T"),
      "raw_closed_ms=T" and "partial_closed_ms=T" (-1: still open after
      --limit seconds).

PMO_SERVER (tls+tcp://HOST:PORT) and PMO_CA say where and whom to trust.
"""
import argparse
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time

SP_REQ0 = 0x30
SP_REP0 = 0x31
SP_HEADER = b"\0SP\0" + struct.pack(">H", SP_REQ0) + b"\0\0"
METHOD = b"pmo.v1.Meta/Info"
# RequestEnvelope{id: 1, method: METHOD}, after req0's request id.
INFO_REQUEST = (b"\x80\x00\x00\x01" + b"\x08\x01" + b"\x12" +
                bytes([len(METHOD)]) + METHOD)


def server_address():
    url = os.environ["PMO_SERVER"]
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    return host, int(port)


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed after %d of %d bytes" %
                                  (len(data), n))
        data += chunk
    return data


def connect_tcp(source):
    return socket.create_connection(server_address(), timeout=10,
                                    source_address=(source, 0))


def connect_sp(source):
    """A TLS connection past the SP header exchange: a pipe to nng."""
    host, _ = server_address()
    ctx = ssl.create_default_context(cafile=os.environ["PMO_CA"])
    sock = ctx.wrap_socket(connect_tcp(source), server_hostname=host)
    sock.sendall(SP_HEADER)
    theirs = read_exact(sock, 8)
    if theirs[:4] != b"\0SP\0" or theirs[4:6] != struct.pack(">H", SP_REP0):
        raise ConnectionError("not a rep0 peer: %r" % theirs)
    return sock


def closed_by_server(sock, wait_s):
    """True when the server has closed sock (EOF or reset) within wait_s."""
    sock.settimeout(wait_s)
    try:
        return sock.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def ms_until_closed(sock, limit_s):
    start = time.monotonic()
    if not closed_by_server(sock, limit_s):
        return -1
    return int((time.monotonic() - start) * 1000)


def hold(args):
    socks, failed = [], 0
    for _ in range(args.count):
        try:
            socks.append(connect_sp(args.source))
        except (OSError, ConnectionError):
            failed += 1
    time.sleep(args.settle)
    still = [s for s in socks if not closed_by_server(s, 0.2)]
    print("open=%d closed=%d" % (len(still), args.count - len(still)),
          flush=True)
    if args.exit:
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        time.sleep(3600)


def busy_peer(source, seconds, report):
    sock = connect_sp(source)
    sock.settimeout(5)
    start = time.monotonic()
    try:
        while time.monotonic() - start < seconds:
            sock.sendall(struct.pack(">Q", len(INFO_REQUEST)) + INFO_REQUEST)
            size = struct.unpack(">Q", read_exact(sock, 8))[0]
            read_exact(sock, size)
            time.sleep(0.5)
        report["busy"] = "busy=served"
    except (OSError, ConnectionError):
        report["busy"] = "busy_failed_ms=%d" % (
            (time.monotonic() - start) * 1000)


def watch_close(name, sock, limit, report):
    report[name] = "%s_closed_ms=%d" % (name, ms_until_closed(sock, limit))


def idle(args):
    report = {}
    quiet = {"silent": connect_sp(args.silent), "raw": connect_tcp(args.raw),
             "partial": connect_tcp(args.partial)}
    # A TLS handshake record header announcing 255 bytes that never come.
    quiet["partial"].sendall(b"\x16\x03\x01\x00\xff\x01")
    workers = [threading.Thread(target=watch_close,
                                args=(name, sock, args.limit, report))
               for name, sock in quiet.items()]
    workers.append(threading.Thread(
        target=busy_peer, args=(args.busy, args.busy_seconds, report)))
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    for key in ("silent", "busy", "raw", "partial"):
        print(report.get(key, key + "=missing"))


def main():
    parser = argparse.ArgumentParser()
    modes = parser.add_subparsers(dest="mode", required=True)
    h = modes.add_parser("hold")
    h.add_argument("--source", required=True)
    h.add_argument("--count", type=int, required=True)
    h.add_argument("--settle", type=float, default=1.0)
    h.add_argument("--exit", action="store_true")
    i = modes.add_parser("idle")
    i.add_argument("--silent", required=True)
    i.add_argument("--busy", required=True)
    i.add_argument("--raw", required=True)
    i.add_argument("--partial", required=True)
    i.add_argument("--busy-seconds", type=float, default=5)
    i.add_argument("--limit", type=float, default=20)
    args = parser.parse_args()
    hold(args) if args.mode == "hold" else idle(args)


if __name__ == "__main__":
    main()
