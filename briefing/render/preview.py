"""``briefing preview``: serve the rendered HTML on 127.0.0.1 and re-render when a template or
CSS file changes (mtimes polled on each request; the page polls ``/__version`` and reloads).

Only rendered outputs are served, looked up by exact path (``/``, ``/DAY/``,
``/DAY/briefing.pdf``): no request path ever reaches the file system, so nothing outside the
template and input folders can be read through it."""

from __future__ import annotations

import dataclasses
import html
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import BriefingError
from ..models import Briefing
from ..options import RenderOptions
from .env import template_dirs

__all__ = ["PreviewServer"]

log = logging.getLogger(__name__)

_LOCAL_NAMES = {"127.0.0.1", "localhost"}
_RELOAD = """<script>(function(){var v=%d;setInterval(function(){fetch("/__version")
.then(function(r){return r.text();}).then(function(t){if(+t!==v){location.reload();}})
.catch(function(){});},1000);})();</script>"""


class PreviewServer:
    """An HTTP server on 127.0.0.1 showing the briefing rendered with ``templates_dir``."""

    def __init__(self, briefing: Briefing, settings: RenderOptions, port: int = 0) -> None:
        self.briefing = briefing
        self.settings = settings
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[str, int, int], ...] = ()
        self.version = 0
        self.pages: dict[str, str] = {}
        self.pdfs: dict[str, bytes] = {}  # "/DAY/briefing.pdf" -> the PDF, rendered on first ask
        self.renders = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.refresh()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def host_allowed(self, host: str | None) -> bool:
        """True for a Host header naming this server: 127.0.0.1 or localhost, with no port
        or this server's port; anything else (another name, no Host at all) is refused."""
        if not host:
            return False
        name, sep, port = host.strip().lower().rpartition(":")
        if not sep:
            name, port = host.strip().lower(), ""
        if port and port != str(self.httpd.server_address[1]):
            return False
        return name in _LOCAL_NAMES

    def _mtimes(self) -> tuple[tuple[str, int, int], ...]:
        stamp: list[tuple[str, int, int]] = []
        for d in template_dirs(self.settings.templates_dir):
            for p in sorted(d.rglob("*")):
                if p.is_file():
                    st = p.stat()
                    stamp.append((str(p), st.st_mtime_ns, st.st_size))
        return tuple(stamp)

    def refresh(self) -> bool:
        """Re-render when a template changed; returns True when it did."""
        from . import render_day_html, render_index

        with self._lock:
            stamp = self._mtimes()
            if stamp == self._stamp:
                return False
            self._stamp = stamp
            pages: dict[str, str] = {}
            try:
                s = dataclasses.replace(self.settings, out_dir=Path("/nonexistent-preview"))
                new = {
                    d.date.isoformat(): {
                        "date": d.date.isoformat(),
                        "files": {
                            "html": f"{d.date.isoformat()}/",
                            "pdf": f"{d.date.isoformat()}/briefing.pdf",
                        },
                        "titles": [st.title for st in d.stories],
                        "articles": sum(st.copies for st in d.stories),
                    }
                    for d in self.briefing.days
                }
                pages["/"] = render_index(self.briefing, s, new)
                for d in self.briefing.days:
                    pages[f"/{d.date.isoformat()}/"] = render_day_html(self.briefing, d.date, s)
            except BriefingError as exc:
                log.error("%s", exc)
                msg = html.escape(str(exc))
                pages = {
                    "*": f"<!DOCTYPE html><title>Template error</title>"
                    f"<h1>Template error</h1><pre>{msg}</pre>"
                }
            self.pages = pages
            self.pdfs = {}
            self.version += 1
            self.renders += 1
            return True

    def page(self, path: str) -> tuple[int, str]:
        self.refresh()
        if "*" in self.pages:
            body, status = self.pages["*"], 500
        elif path in self.pages:
            body, status = self.pages[path], 200
        else:
            return 404, "<!DOCTYPE html><title>Not found</title><p>Not found</p>"
        reload = _RELOAD % self.version
        if "</body>" in body:
            body = body.replace("</body>", reload + "</body>", 1)
        else:
            body += reload
        return status, body

    def pdf(self, path: str) -> tuple[int, bytes, str]:
        """``/DAY/briefing.pdf`` of a day of the briefing (the file that is mailed)."""
        from . import render_day_pdf

        self.refresh()
        day = next(
            (d.date for d in self.briefing.days if path == f"/{d.date.isoformat()}/briefing.pdf"),
            None,
        )
        if day is None:
            return 404, b"Not found\n", "text/plain"
        with self._lock:
            if path not in self.pdfs:
                s = dataclasses.replace(self.settings, out_dir=Path("/nonexistent-preview"))
                try:
                    self.pdfs[path] = render_day_pdf(self.briefing, day, s)
                except BriefingError as exc:
                    log.error("%s", exc)
                    return 500, f"Template error: {exc}\n".encode(), "text/plain; charset=utf-8"
            return 200, self.pdfs[path], "application/pdf"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server's name
                path = self.path.split("?")[0]
                if not server.host_allowed(self.headers.get("Host")):
                    # a page on another site that made its name resolve to 127.0.0.1 (DNS
                    # rebinding) sends its own name here: it must not read the briefing
                    status, body, ctype = 403, "Forbidden: unknown Host\n", "text/plain"
                elif path == "/__version":
                    server.refresh()
                    status, body, ctype = 200, str(server.version), "text/plain"
                elif path.endswith(".pdf"):
                    status, raw, ctype = server.pdf(path)
                    body = None
                else:
                    status, body = server.page(path)
                    ctype = "text/html; charset=utf-8"
                data = raw if body is None else body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                log.debug("preview: " + format, *args)

        return Handler

    def serve_forever(self) -> None:
        self._serving = True
        self.httpd.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        """Stop serving (from another thread, or after Ctrl-C) and close the socket."""
        if getattr(self, "_serving", False):
            # BaseServer.shutdown waits for serve_forever to return; only call it when it ran.
            self.httpd.shutdown()
        self.httpd.server_close()
