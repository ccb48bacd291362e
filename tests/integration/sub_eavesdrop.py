#!/usr/bin/env python3
"""tests/integration/sub_eavesdrop.py - a subscriber of the events socket
that subscribes to no topic in particular: it takes every message the
server publishes, for every subscription, as anyone who can reach the
socket could.

  sub_eavesdrop.py URL SECONDS OUT
      connects to URL (tls+tcp://HOST:PORT; PMO_CA names the CA), sends
      the SP header of a sub0 socket, and writes every message body it
      receives within SECONDS to OUT, one after another, then prints
      "messages=N".
"""
import os
import socket
import ssl
import struct
import sys
import time

SP_SUB0, SP_PUB0 = 0x21, 0x20


def main():
    url, seconds, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    ctx = ssl.create_default_context(cafile=os.environ["PMO_CA"])
    raw = socket.create_connection((host, int(port)), timeout=5)
    sock = ctx.wrap_socket(raw, server_hostname=host)
    sock.sendall(b"\0SP\0" + struct.pack(">H", SP_SUB0) + b"\0\0")
    header = b""
    while len(header) < 8:
        got = sock.recv(8 - len(header))
        if not got:
            sys.exit("the server closed the connection before its SP header")
        header += got
    if struct.unpack(">H", header[4:6])[0] != SP_PUB0:
        sys.exit("not a pub0 socket")
    deadline = time.monotonic() + seconds
    buf, count = b"", 0
    with open(out, "wb") as f:
        while time.monotonic() < deadline:
            sock.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, TimeoutError):
                break
            if not chunk:
                break
            buf += chunk
            while len(buf) >= 8:
                n = struct.unpack(">Q", buf[:8])[0]
                if len(buf) < 8 + n:
                    break
                f.write(buf[8:8 + n])
                buf = buf[8 + n:]
                count += 1
    print("messages=%d" % count)


if __name__ == "__main__":
    main()
