"""``briefing preview`` answers only to Host 127.0.0.1 or localhost (#18 case 16b): a page on
another site whose name was made to resolve to 127.0.0.1 (DNS rebinding) gets 403, not the
briefing."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator

import pytest

from briefing.config import Settings
from briefing.render.preview import PreviewServer
from briefing.render.sample import sample_briefing

TITLE = "Ukraine talks resume"


@pytest.fixture
def preview() -> Iterator[PreviewServer]:
    server = PreviewServer(sample_briefing(), Settings(), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _get(port: int, host: str | None, path: str = "/2025-11-29/") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.putrequest("GET", path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8")
    finally:
        conn.close()


def test_local_names_are_served(preview: PreviewServer) -> None:
    port = preview.httpd.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", "127.0.0.1", "LOCALHOST"):
        status, body = _get(port, host)
        assert status == 200 and TITLE in body, host


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost:1",
        "localhost.:{port}",
        "0.0.0.0:{port}",
        "[::1]:{port}",
        "",
        None,
    ],
)
def test_other_hosts_are_refused(preview: PreviewServer, host: str | None) -> None:
    port = preview.httpd.server_address[1]
    status, body = _get(port, None if host is None else host.format(port=port))
    assert status == 403 and TITLE not in body
    status, body = _get(port, None if host is None else host.format(port=port), "/__version")
    assert status == 403


def test_http_10_request_without_host_is_refused(preview: PreviewServer) -> None:
    with socket.create_connection(preview.httpd.server_address, timeout=5) as s:
        s.sendall(b"GET /2025-11-29/ HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.0 403") and TITLE.encode() not in data
