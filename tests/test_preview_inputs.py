"""``briefing preview INPUTS --templates DIR``: your own articles or an output folder, the PDF
too, bound to 127.0.0.1, nothing outside its folders served."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Settings
from briefing.errors import InputError
from briefing.render.check import preview_data
from briefing.render.preview import PreviewServer

TEXT = (
    "Leipzig - Die Stadt hat am Dienstag den Bau einer neuen Straßenbahnlinie beschlossen. "
    "Die Linie soll den Norden mit dem Hauptbahnhof verbinden und 2029 fertig sein. "
    "Anwohner hatten jahrelang für die Verbindung geworben."
)


def _articles(tmp_path: Path) -> Path:
    src = tmp_path / "mine"
    src.mkdir()
    (src / "export.jsonl").write_text(
        json.dumps(
            {
                "title": "Neue Straßenbahn für Leipzig",
                "date": "2025-12-02",
                "source": "Leipziger Blatt",
                "text": TEXT,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    return src


@pytest.fixture
def serve() -> Iterator:
    servers: list[tuple[PreviewServer, threading.Thread]] = []

    def start(briefing, settings) -> PreviewServer:
        server = PreviewServer(briefing, settings, port=0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return server

    yield start
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=5)


def _get(server: PreviewServer, path: str) -> tuple[int, str, bytes]:
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type") or "", r.read()
    finally:
        conn.close()


def test_own_articles_are_previewed_with_own_templates(tmp_path: Path, serve) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.html").write_text(
        '{% extends "default/briefing.html" %}{% block masthead %}<h1>MY DESK</h1>{% endblock %}',
        encoding="utf-8",
    )
    settings = Settings(templates_dir=tpl)
    briefing, where = preview_data([_articles(tmp_path)], settings)
    assert "mine" in where
    server = serve(briefing, settings)
    assert server.httpd.server_address[0] == "127.0.0.1"
    status, ctype, body = _get(server, "/2025-12-02/")
    assert status == 200 and ctype.startswith("text/html")
    assert b"MY DESK" in body and "Straßenbahn".encode() in body
    status, ctype, pdf = _get(server, "/2025-12-02/briefing.pdf")
    assert status == 200 and ctype == "application/pdf" and pdf.startswith(b"%PDF")
    _, _, index = _get(server, "/")
    assert b'href="2025-12-02/briefing.pdf"' in index


def test_an_output_folder_is_previewed_as_built(tmp_path: Path, serve) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(
        app, ["build", str(_articles(tmp_path)), "--out", str(out), "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    briefing, _where = preview_data([out], Settings())
    assert [d.date.isoformat() for d in briefing.days] == ["2025-12-02"]
    server = serve(briefing, Settings())
    status, _, body = _get(server, "/2025-12-02/")
    assert status == 200 and "Straßenbahn".encode() in body
    broken = tmp_path / "broken" / "2025-12-01"
    broken.mkdir(parents=True)
    (broken / "briefing.json").write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"not a briefing\.json"):
        preview_data([broken.parent], Settings())


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/2025-12-02/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/2025-12-02/briefing.json",
        "/2025-12-01/briefing.pdf",
        "/2025-12-02/x.pdf",
        "//etc/passwd",
        "/mine/export.jsonl",
    ],
)
def test_no_path_outside_its_pages_is_served(tmp_path: Path, serve, path: str) -> None:
    briefing, _ = preview_data([_articles(tmp_path)], Settings())
    server = serve(briefing, Settings())
    status, _, body = _get(server, path)
    assert status == 404, (path, body[:200])
    assert b"root:" not in body and TEXT[:30].encode() not in body


def test_preview_command_takes_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: PreviewServer) -> None:
        assert "/2025-12-02/" in self.pages
        raise KeyboardInterrupt

    monkeypatch.setattr(PreviewServer, "serve_forever", interrupted)
    r = CliRunner().invoke(app, ["preview", str(_articles(tmp_path)), "--port", "0"])
    assert r.exit_code == 0, r.output
    assert "Previewing the articles in" in r.output and "127.0.0.1" in r.output
    assert "not translated" not in r.output
    shutil.rmtree(tmp_path / "mine")
