"""Fetching a feed URL within an overall deadline (connect, headers and the whole body).

A socket timeout bounds only each read: a server that sends one byte every few seconds keeps
``urlopen`` busy for ever (and ``briefing daily`` holding its run lock). Here a watchdog timer
shuts every socket of the fetch down when ``fetch_deadline`` seconds have passed, which ends
any read blocked on it at once; the fetch then fails with a reason naming the setting. Only
http and https are fetched, redirects included (no ftp, no file).

Not covered: the host name lookup (``getaddrinfo``) cannot be interrupted; it is bounded by
the system resolver's own timeouts (resolv.conf: 5 s times the attempts, by default).
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from ..errors import InputError

__all__ = ["READ_TIMEOUT", "fetch_url"]

log = logging.getLogger(__name__)

READ_TIMEOUT = 20.0  # seconds one socket read may wait (within the overall deadline)
_CHUNK = 65536


class _Watch:
    """The deadline of one fetch and the sockets it opened (shut down when it passes)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.end - 0.01

    def remaining(self) -> float:
        return max(0.001, self.end - time.monotonic())

    def track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            if self.expired:
                sock.close()
                raise TimeoutError("deadline passed")
            self._sockets.append(sock)
        return sock

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)  # wakes a recv() blocked in the reader


def _connection_class(base: type[http.client.HTTPConnection], watch: _Watch) -> Callable[..., Any]:
    """``base`` whose sockets are known to ``watch`` and whose connect waits at most until the
    deadline."""

    def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        conn = base(host, **kwargs)

        def create(address: Any, timeout: Any = None, source_address: Any = None) -> socket.socket:
            limit = watch.remaining()
            if isinstance(timeout, int | float):
                limit = min(limit, float(timeout))
            return watch.track(socket.create_connection(address, limit, source_address))

        conn._create_connection = create  # type: ignore[attr-defined]
        return conn

    return make


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self._watch = watch

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        factory = _connection_class(http.client.HTTPConnection, self._watch)
        return self.do_open(factory, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self._watch = watch

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        factory = _connection_class(http.client.HTTPSConnection, self._watch)
        return self.do_open(factory, req, context=self._context)  # type: ignore[attr-defined]


class _Redirect(urllib.request.HTTPRedirectHandler):
    """Redirects only to http and https (urllib would follow one to ftp, unbounded)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise urllib.error.HTTPError(
                newurl, code, f"redirect to a {scheme or 'relative'} URL refused", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_capped(resp: Any, max_bytes: int, watch: _Watch) -> bytes:
    parts: list[bytes] = []
    size = 0
    while size <= max_bytes and not watch.expired:
        chunk = resp.read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def fetch_url(
    url: str, *, deadline: float, max_bytes: int, read_timeout: float = READ_TIMEOUT
) -> bytes:
    """The body of ``url`` (at most ``max_bytes + 1`` bytes, so the caller can tell "too big"),
    fetched within ``deadline`` seconds in all; ``InputError("url: reason")`` otherwise."""
    watch = _Watch(deadline)
    opener = urllib.request.build_opener(_HTTP(watch), _HTTPS(watch), _Redirect())
    req = urllib.request.Request(url, headers={"User-Agent": "briefing (feed reader)"})
    timer = threading.Timer(deadline, watch.expire)
    timer.daemon = True
    timer.start()
    try:
        # (a per-read timeout past the deadline: the watchdog, not the timeout, ends a slow read)
        with opener.open(req, timeout=min(read_timeout, deadline + 1)) as resp:
            data = _read_capped(resp, max_bytes, watch)
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch feed: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if watch.passed():
            raise _late(url, deadline) from None
        raise InputError(f"{url}: cannot fetch feed (no network?): {exc.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # a read ended by the watchdog, a per-read timeout, a reset, a bad status line, a URL
        # that is not one
        if watch.passed():
            raise _late(url, deadline) from None
        raise InputError(f"{url}: cannot fetch feed: {exc or type(exc).__name__}") from None
    finally:
        timer.cancel()
    if watch.expired:
        raise _late(url, deadline)
    return data


def _late(url: str, deadline: float) -> InputError:
    log.debug("%s: fetch stopped at the %g s deadline", url, deadline)
    return InputError(
        f"{url}: cannot fetch feed: no complete answer within {deadline:g} s (fetch_deadline)"
    )
