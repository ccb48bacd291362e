"""The few calls of libnng a req0 client needs, through ctypes.

A socket is nng's req0 over TLS: one request outstanding at a time, the
server's certificate checked against a CA file and a server name. nng's
automatic resend is turned off (the client retries writes itself, with
their idempotency key), and replies larger than the server's message
limit are refused by nng before they are read.
"""
import ctypes
import ctypes.util

_lib = ctypes.CDLL(ctypes.util.find_library("nng") or "libnng.so.1",
                   use_errno=True)

NNG_FLAG_ALLOC = 1
NNG_TLS_MODE_CLIENT = 0
NNG_TLS_AUTH_MODE_REQUIRED = 2
NNG_TLS_1_2 = 0x303
NNG_ETIMEDOUT = 5
NNG_ECONNREFUSED = 6
MAX_MESSAGE = 4 * 1024 * 1024


class _Id(ctypes.Structure):
    _fields_ = [("id", ctypes.c_uint32)]


def _sig(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_req0_open = _sig("nng_req0_open", ctypes.c_int, ctypes.POINTER(_Id))
_close = _sig("nng_close", ctypes.c_int, _Id)
_strerror = _sig("nng_strerror", ctypes.c_char_p, ctypes.c_int)
_set_ms = _sig("nng_socket_set_ms", ctypes.c_int, _Id, ctypes.c_char_p,
               ctypes.c_int32)
_set_size = _sig("nng_socket_set_size", ctypes.c_int, _Id, ctypes.c_char_p,
                 ctypes.c_size_t)
_tls_alloc = _sig("nng_tls_config_alloc", ctypes.c_int,
                  ctypes.POINTER(ctypes.c_void_p), ctypes.c_int)
_tls_free = _sig("nng_tls_config_free", None, ctypes.c_void_p)
_tls_ca_file = _sig("nng_tls_config_ca_file", ctypes.c_int, ctypes.c_void_p,
                    ctypes.c_char_p)
_tls_server_name = _sig("nng_tls_config_server_name", ctypes.c_int,
                        ctypes.c_void_p, ctypes.c_char_p)
_tls_auth_mode = _sig("nng_tls_config_auth_mode", ctypes.c_int,
                      ctypes.c_void_p, ctypes.c_int)
_tls_version = _sig("nng_tls_config_version", ctypes.c_int, ctypes.c_void_p,
                    ctypes.c_int, ctypes.c_int)
_tls_own_cert = _sig("nng_tls_config_own_cert", ctypes.c_int,
                     ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                     ctypes.c_char_p)
_dialer_create = _sig("nng_dialer_create", ctypes.c_int, ctypes.POINTER(_Id),
                      _Id, ctypes.c_char_p)
_dialer_set_ptr = _sig("nng_dialer_set_ptr", ctypes.c_int, _Id,
                       ctypes.c_char_p, ctypes.c_void_p)
_dialer_start = _sig("nng_dialer_start", ctypes.c_int, _Id, ctypes.c_int)
_send = _sig("nng_send", ctypes.c_int, _Id, ctypes.c_void_p, ctypes.c_size_t,
             ctypes.c_int)
_recv = _sig("nng_recv", ctypes.c_int, _Id, ctypes.c_void_p,
             ctypes.POINTER(ctypes.c_size_t), ctypes.c_int)
_free = _sig("nng_free", None, ctypes.c_void_p, ctypes.c_size_t)


class NngError(Exception):
    """An nng call failed; errno is nng's error number."""

    def __init__(self, what, errno):
        super().__init__("%s: %s" % (what, _strerror(errno).decode()))
        self.errno = errno


def _check(what, rv):
    if rv != 0:
        raise NngError(what, rv)


class ReqSocket:
    """One req0 socket dialled to url over TLS (or tcp:// if insecure)."""

    def __init__(self, url, ca_file, server_name, timeout_ms, cert_file=None,
                 key_file=None, insecure=False):
        self._sock = _Id()
        _check("req0", _req0_open(ctypes.byref(self._sock)))
        try:
            for opt in (b"recv-timeout", b"send-timeout"):
                _check(opt.decode(), _set_ms(self._sock, opt, timeout_ms))
            # A request in flight is never sent again by nng: a write is
            # retried by the caller, with its idempotency key, or not.
            _check("resend", _set_ms(self._sock, b"req:resend-time", -1))
            _check("recv-size-max",
                   _set_size(self._sock, b"recv-size-max", MAX_MESSAGE))
            self._dial(url, ca_file, server_name, cert_file, key_file,
                       insecure)
        except Exception:
            _close(self._sock)
            raise

    def _dial(self, url, ca_file, server_name, cert_file, key_file,
              insecure):
        tls = url.startswith("tls+tcp://")
        if not tls and not insecure:
            raise ValueError("refusing %s: only tls+tcp:// addresses" % url)
        dialer = _Id()
        _check("dial " + url,
               _dialer_create(ctypes.byref(dialer), self._sock, url.encode()))
        if tls:
            if not ca_file:
                raise ValueError("no CA file to trust for %s" % url)
            cfg = ctypes.c_void_p()
            _check("tls", _tls_alloc(ctypes.byref(cfg), NNG_TLS_MODE_CLIENT))
            try:
                _check("tls version",
                       _tls_version(cfg, NNG_TLS_1_2, NNG_TLS_1_2))
                _check("CA " + ca_file, _tls_ca_file(cfg, ca_file.encode()))
                _check("server name",
                       _tls_server_name(cfg, server_name.encode()))
                _check("certificate check",
                       _tls_auth_mode(cfg, NNG_TLS_AUTH_MODE_REQUIRED))
                if cert_file:
                    with open(cert_file, "rb") as f:
                        cert = f.read()
                    with open(key_file or cert_file, "rb") as f:
                        key = f.read()
                    _check("client certificate",
                           _tls_own_cert(cfg, cert, key, None))
                _check("tls-config",
                       _dialer_set_ptr(dialer, b"tls-config", cfg))
            finally:
                _tls_free(cfg)  # the dialer holds its own reference
        _check("connect to " + url, _dialer_start(dialer, 0))

    def request(self, data):
        """Sends data and returns the reply's bytes."""
        buf = ctypes.create_string_buffer(data, len(data))
        _check("send", _send(self._sock, buf, len(data), 0))
        ptr = ctypes.c_void_p()
        size = ctypes.c_size_t()
        _check("receive", _recv(self._sock, ctypes.byref(ptr),
                                ctypes.byref(size), NNG_FLAG_ALLOC))
        try:
            return ctypes.string_at(ptr, size.value)
        finally:
            _free(ptr, size.value)

    def close(self):
        if self._sock is not None:
            _close(self._sock)
            self._sock = None
