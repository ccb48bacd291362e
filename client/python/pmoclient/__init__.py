"""pmoclient: call pmo-server from Python.

The protocol (docs/PROTOCOL.md): each call is one RequestEnvelope on an
nng req0 socket over TLS, answered by one ResponseEnvelope. The message
modules are protoc's, generated from proto/ at build time into the
package pmo.v1 (`pmo.v1.work_pb2` and so on).

    import pmoclient
    from pmo.v1 import work_pb2

    c = pmoclient.Client("tls+tcp://pmo.example:7443", ca_file="ca.pem")
    c.login("alice", "secret")              # or Client(..., token=API_TOKEN)
    item = c.call("pmo.v1.WorkService/GetWorkItem",
                  work_pb2.GetWorkItemRequest(ref="CHKOUT-7"))
    for it in c.pages("pmo.v1.WorkService/ListWorkItems",
                      work_pb2.ListWorkItemsRequest(program="CHKOUT"),
                      "items"):
        print(it.ref, it.title)

A refused call raises PmoError with the status code's name, the message
and the field violations. Writes carry a fresh idempotency key; with
retries=N a call that got UNAVAILABLE or DEADLINE_EXCEEDED is sent again
with the same key, so a write is applied at most once.
"""
import importlib
import os
import time
import urllib.parse

from google.protobuf import symbol_database

from . import _nng

_rpc = importlib.import_module("pmo.v1.rpc_pb2")

# Load every generated module, so that any method's messages resolve.
_here = os.path.dirname(importlib.import_module("pmo.v1").__file__)
for _name in sorted(os.listdir(_here)):
    if _name.endswith("_pb2.py"):
        importlib.import_module("pmo.v1." + _name[:-3])

_symbols = symbol_database.Default()
_RETRYABLE = ("UNAVAILABLE", "DEADLINE_EXCEEDED")


class PmoError(Exception):
    """A call the server (or the transport) refused."""

    def __init__(self, code, message, violations=()):
        # The server's message already names the fields it lists.
        super().__init__("%s: %s" % (code, message or code))
        self.code = code  # "INVALID_ARGUMENT", ...
        self.message = message
        self.violations = list(violations)  # [(field, description)]


def _method_types(path):
    """(input class, output class) of "pmo.v1.Service/Method"."""
    service, _, method = path.partition("/")
    desc = _symbols.pool.FindServiceByName(service).FindMethodByName(method)
    if desc is None:
        raise ValueError("no method " + path)
    return (_symbols.GetSymbol(desc.input_type.full_name),
            _symbols.GetSymbol(desc.output_type.full_name))


class Client:
    """One connection to a server; one call at a time (one per thread)."""

    def __init__(self, url, ca_file=None, server_name=None, token=None,
                 timeout_ms=30000, cert_file=None, key_file=None,
                 insecure=False):
        host = urllib.parse.urlsplit(url.replace("tls+tcp", "https", 1))
        self._timeout_ms = timeout_ms
        self._sock = _nng.ReqSocket(url, ca_file,
                                    server_name or host.hostname or "",
                                    timeout_ms, cert_file, key_file, insecure)
        self._id = int.from_bytes(os.urandom(8), "big") >> 1
        self.token = token

    def close(self):
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def login(self, username, password, client_name="pmoclient.py"):
        auth = importlib.import_module("pmo.v1.auth_pb2")
        reply = self.call("pmo.v1.AuthService/Login",
                          auth.LoginRequest(username=username,
                                            password=password,
                                            client_name=client_name))
        self.token = reply.token
        return reply

    def call(self, path, request, idempotency_key=None, retries=0,
             timeout_ms=None):
        """Calls path with request; returns the output message.

        retries: how many times to send again after UNAVAILABLE or
        DEADLINE_EXCEEDED (with growing pauses), with the same key.
        """
        in_cls, out_cls = _method_types(path)
        if not isinstance(request, in_cls):
            raise TypeError("%s takes %s" % (path, in_cls.DESCRIPTOR.full_name))
        key = idempotency_key or os.urandom(16).hex()
        pause = 0.1
        for attempt in range(retries + 1):
            try:
                return self._call_once(path, request, out_cls, key, timeout_ms)
            except PmoError as e:
                if e.code not in _RETRYABLE or attempt == retries:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 5.0)
        raise AssertionError("not reached")

    def _call_once(self, path, request, out_cls, key, timeout_ms):
        self._id = (self._id + 1) & (2**64 - 1)
        env = _rpc.RequestEnvelope(
            id=self._id, method=path, auth_token=self.token or "",
            timeout_ms=timeout_ms or self._timeout_ms, idempotency_key=key,
            payload=request.SerializeToString())
        try:
            raw = self._sock.request(env.SerializeToString())
        except _nng.NngError as e:
            code = ("DEADLINE_EXCEEDED" if e.errno == _nng.NNG_ETIMEDOUT
                    else "UNAVAILABLE")
            raise PmoError(code, str(e)) from e
        reply = _rpc.ResponseEnvelope.FromString(raw)
        if reply.id != self._id:
            raise PmoError("INTERNAL", "reply to another request")
        if reply.code != 0:
            raise PmoError(_rpc.StatusCode.Name(reply.code), reply.message,
                           [(v.field, v.description)
                            for v in reply.violations])
        return out_cls.FromString(reply.payload)

    def pages(self, path, request, field, page_size=None):
        """Yields every element of the repeated field across all pages."""
        if page_size:
            request.page_size = page_size
        while True:
            reply = self.call(path, request)
            yield from getattr(reply, field)
            if not reply.next_page_token:
                return
            request.page_token = reply.next_page_token
