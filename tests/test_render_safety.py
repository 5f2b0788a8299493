"""Article text is data: the injection fixture renders inert in every output, and the PDF
renderer fetches nothing from the network or from local files outside the template folders."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.render import (
    render_day_html,
    render_day_markdown,
    render_day_pdf,
    render_day_print_html,
    render_day_text,
    render_email,
)
from briefing.render.env import builtin_templates_dir
from briefing.render.pdf import make_fetcher

DATA = Path(__file__).parent / "data" / "render"
DAY = dt.date(2025, 11, 29)


def _injection_module():
    spec = importlib.util.spec_from_file_location("render_injection", DATA / "injection.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def trap():
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def _no_live_markup(html: str) -> None:
    body = html.split("<body", 1)[1]
    # the only script is the page's own toggle script, never one from article text
    scripts = re.findall(r"<script>(.*?)</script>", body, re.S)
    assert len(scripts) <= 1 and not any("alert" in x or "pwned" in x for x in scripts)
    assert "<script>alert" not in body and "<img" not in body and "<b>outlet" not in body
    assert 'href="javascript:' not in body
    assert "{{ 7*7 }}" in body and "49" not in body
    assert "{% if true %}X{% endif %}" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_injection_is_inert_in_html_email_and_print_html():
    b = _injection_module().injection_briefing()
    s = Settings()
    _no_live_markup(render_day_html(b, DAY, s))
    _no_live_markup(render_day_print_html(b, DAY, s))
    html, text = render_email(b, DAY, s)
    _no_live_markup(html)
    assert "{{ 7*7 }}" in text and "49" not in text


def test_injection_is_inert_in_markdown():
    md = render_day_markdown(_injection_module().injection_briefing(), DAY, Settings())
    assert not re.search(r"(?<!\\)<", md)  # every "<" is backslash-escaped
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "\\{\\{ 7\\*7 \\}\\}" in md and "49" not in md
    assert "[link](" not in md and "\\[link\\](javascript" in md  # brackets escaped: no link
    assert "(<javascript" not in md


def test_injection_prints_as_written_in_text():
    txt = render_day_text(_injection_module().injection_briefing(), DAY, Settings())
    assert "<script>alert(1)</script> {{ 7*7 }} {% if true %}X{% endif %}" in txt
    assert "49" not in txt and "loop loop" not in txt


@pytest.mark.slow
def test_pdf_makes_no_request_for_article_content(trap, tmp_path):
    port, hits = trap
    b = _injection_module().injection_briefing(port)
    refused: list[str] = []
    pdf = render_day_pdf(b, DAY, Settings(), refused=refused)
    assert hits == []
    (tmp_path / "x.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "{{ 7*7 }}" in text and "<script>alert(1)</script>" in text


@pytest.mark.slow
def test_user_template_cannot_reach_network_or_other_files(trap, tmp_path):
    port, hits = trap
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10" fill="red"/></svg>',
        "utf-8",
    )
    (tpl / "print.html").write_text(
        '{% extends "default/print.html" %}\n'
        "{% block head %}{{ super() }}\n"
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/remote.css">\n'
        f"<style>body {{ background: url(https://127.0.0.1:{port}/bg.png); }}</style>\n"
        "{% endblock %}\n"
        "{% block footer %}\n"
        f'<img src="http://127.0.0.1:{port}/remote.png">\n'
        f'<img src="ftp://127.0.0.1:{port}/f.png">\n'
        '<img src="file:///etc/passwd">\n'
        '<img src="logo.svg">\n'
        "{% endblock %}\n",
        "utf-8",
    )
    refused: list[str] = []
    render_day_pdf(
        _injection_module().injection_briefing(port),
        DAY,
        Settings(templates_dir=tpl),
        refused=refused,
    )
    assert hits == []
    assert any(u.startswith(f"http://127.0.0.1:{port}/remote.png") for u in refused)
    assert any("remote.css" in u for u in refused)
    assert any(u.startswith("ftp://") for u in refused)
    assert "file:///etc/passwd" in refused
    assert not any("logo.svg" in u for u in refused)  # files in the template folder are served


def test_fetcher_allows_only_template_files_and_data_uris(tmp_path):
    fetcher = make_fetcher([builtin_templates_dir()])
    ok = fetcher.fetch((builtin_templates_dir() / "base.css").as_uri())
    assert b"font-family" in ok.read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", "utf-8")
    sneaky = (builtin_templates_dir() / ".." / ".." / "..").resolve() / "etc" / "passwd"
    for url in (
        outside.as_uri(),
        "file:///etc/passwd",
        sneaky.as_uri(),
        f"file://{builtin_templates_dir()}/../pyproject.toml",
        "http://127.0.0.1:9/x",
        "https://example.org/x",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7
