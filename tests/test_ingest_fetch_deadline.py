"""Every feed URL has an overall deadline, not only a per-read timeout (issue #18, case 10): a
server on 127.0.0.1 that drips one byte every half second (a bounded loop), sends its headers
that slowly, or answers nothing costs ``fetch_deadline`` seconds and that URL only; the other
inputs are read, ``daily`` ends and releases its lock, and the next run succeeds."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import daily_config
from helpers import SmtpServer, cli_runner, serving

from briefing.cli import app
from briefing.config import Settings
from briefing.errors import ExitCode
from briefing.ingest import read_inputs
from briefing.ingest.fetch import fetch_url

DEADLINE = 1.0
DRIP_BYTES = 40  # at 0.5 s a byte the server would need 20 s: far past the deadline
FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kanal</title>'
    "<item><title>Gesetz beschlossen</title><link>https://example.org/a</link><description>"
    "Berlin - Der Bundestag hat am Freitag über das neue Wehrdienstgesetz abgestimmt und eine "
    "lange Debatte geführt.</description></item></channel></rss>"
).encode()
TEXT = (
    "Bundestag stimmt ab\n\nBerlin - Der Bundestag hat am Freitag über das neue Wehrdienstgesetz "
    "abgestimmt und eine lange Debatte geführt, in der alle Fraktionen zu Wort kamen.\n"
)


class _Slow(socketserver.BaseRequestHandler):
    """/feed.rss answers at once; /drip-body sends its headers, then a byte every 0.5 s;
    /drip-head sends the status line a byte every 0.5 s; /silent says nothing. Every loop is
    bounded and ends when the client has gone or the test is over."""

    stop: threading.Event

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(5)
        try:
            request = sock.recv(4096).decode("latin-1")
        except OSError:
            return
        path = request.split(" ")[1] if request.count(" ") >= 2 else "/"
        try:
            if path == "/feed.rss":
                head = (
                    f"HTTP/1.1 200 OK\r\nContent-Length: {len(FEED)}\r\nConnection: close\r\n\r\n"
                )
                sock.sendall(head.encode() + FEED)
            elif path == "/drip-body":
                sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<?xml")
                self._drip(sock, b"x" * DRIP_BYTES)
            elif path == "/drip-head":
                self._drip(sock, b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n")
            elif path == "/silent":
                self.stop.wait(DRIP_BYTES * 0.5)
        except OSError:
            pass  # the client hung up: what the deadline is for

    def _drip(self, sock: socket.socket, data: bytes) -> None:
        for i in range(len(data)):
            if self.stop.wait(0.5):
                return
            sock.sendall(data[i : i + 1])


@pytest.fixture
def slow_server() -> Iterator[str]:
    stop = threading.Event()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), type("H", (_Slow,), {"stop": stop}))
    server.daemon_threads = True
    with serving(server) as url:
        try:
            yield url
        finally:
            stop.set()  # ends every bounded loop still running


def test_dripping_and_silent_servers_cost_only_their_url(slow_server: str, tmp_path: Path) -> None:
    good_file = tmp_path / "good.txt"
    good_file.write_text(TEXT, encoding="utf-8")
    slow = [f"{slow_server}/drip-body", f"{slow_server}/drip-head", f"{slow_server}/silent"]
    started = time.monotonic()
    result = read_inputs(
        [*slow, f"{slow_server}/feed.rss", good_file], Settings(fetch_deadline=DEADLINE)
    )
    elapsed = time.monotonic() - started
    assert [a.title for a in result.articles] == ["Gesetz beschlossen", "Bundestag stimmt ab"]
    reasons = {s.path: s.reason for s in result.skipped}
    assert set(reasons) == set(slow)
    for url in slow:
        assert reasons[url] == "cannot fetch feed: no complete answer within 1 s (fetch_deadline)"
    # The reasons name the deadline, so the watchdog ended each fetch; and all three together
    # took less than one drip would (20 s): no fetch waited for its server.
    assert elapsed < DRIP_BYTES * 0.5, elapsed


def test_fetch_url_reads_a_prompt_answer_and_caps_its_size(slow_server: str) -> None:
    data = fetch_url(f"{slow_server}/feed.rss", deadline=5, max_bytes=10_000_000)
    assert data == FEED
    capped = fetch_url(f"{slow_server}/feed.rss", deadline=5, max_bytes=100)
    assert len(capped) == 101  # one more than allowed: the caller says "over the size limit"


def test_ingest_command_names_the_slow_feed_and_the_next_run_succeeds(
    slow_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good_file = tmp_path / "good.txt"
    good_file.write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv("BRIEFING_FETCH_DEADLINE", "1")
    url = f"{slow_server}/drip-body"
    run = cli_runner().invoke(app, ["ingest", url, str(good_file), "--format", "text"])
    assert run.exit_code == ExitCode.PARTIAL, run.stderr
    assert (
        f"briefing: skipped {url}: cannot fetch feed: no complete answer within 1 s"
        " (fetch_deadline)"
    ) in run.stderr
    assert "title: Bundestag stimmt ab" in run.stdout
    again = cli_runner().invoke(app, ["ingest", f"{slow_server}/feed.rss", str(good_file)])
    assert again.exit_code == ExitCode.OK, again.stderr


def test_fetch_deadline_is_a_validated_setting(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("fetch_deadline = 0\n", encoding="utf-8")
    run = cli_runner().invoke(app, ["ingest", "--config", str(cfg), str(tmp_path)])
    assert run.exit_code == ExitCode.CONFIG
    assert "fetch_deadline" in run.stderr


@pytest.mark.slow
def test_daily_with_a_dripping_feed_ends_releases_its_lock_and_sends(
    slow_server: str, smtp: SmtpServer, tmp_path: Path
) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text(" date 2025-11-27\n" + TEXT, encoding="utf-8")
    url = f"{slow_server}/drip-body"
    cfg = daily_config(tmp_path, good.parent, smtp.port)
    folder_only = f'inputs = ["{good.parent}"]'
    text = cfg.read_text(encoding="utf-8")
    assert folder_only in text
    cfg.write_text(
        text.replace(
            folder_only, f'inputs = ["{url}", "{good.parent}"]\nfetch_deadline = {DEADLINE}'
        ),
        encoding="utf-8",
    )
    args = ["daily", "--date", "2025-11-27", "--config", str(cfg)]
    first = cli_runner().invoke(app, args)
    # the slow feed is skipped by its deadline (not by the drip's end), the day is still sent
    assert f"skipped {url}: cannot fetch feed: no complete answer within 1 s" in first.stderr
    assert first.exit_code == ExitCode.PARTIAL, first.stderr
    assert len(smtp.messages) == 1
    # the lock was released: the next run takes it at once (no wait) and succeeds; the day
    # is sent already, so it sends nothing
    again = cli_runner().invoke(app, args)
    assert again.exit_code == ExitCode.OK, again.stderr
    assert "already had it 1" in again.stderr
    assert len(smtp.messages) == 1
