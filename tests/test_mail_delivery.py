"""Nothing lost: retries with backoff on 4xx, the outbox when the server is down, delivery from
the outbox exactly once, and a 550 for one recipient that does not block the others."""

from __future__ import annotations

import contextlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SmtpServer, free_port, mail_settings, running_server
from typer.testing import CliRunner

from briefing.cli import app
from briefing.daily import flush_outbox
from briefing.mail import build_message, deliver
from briefing.outbox import SentLog, deliver_outbox, queue_message
from briefing.send import send_file
from briefing.store import Store

SAMPLE = Path(__file__).parent / "data" / "mail" / "sample.pdf"


def _config(tmp_path: Path, port: int, to: str = '"anna@example.org"') -> Path:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f'state_path = "{tmp_path / "state.sqlite"}"\noutbox_dir = "{tmp_path / "outbox"}"\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {port}\nto = [{to}]\n'
        'sender = "briefing@example.org"\nretries = 2\nbackoff = 0.01\ntimeout = 5\n',
        encoding="utf-8",
    )
    return cfg


def test_two_4xx_then_accepted_is_one_delivery(smtp: SmtpServer, tmp_path: Path) -> None:
    smtp.handler.fail_data = 2
    settings = mail_settings(tmp_path, smtp.port, retries=3, backoff=0.5)
    msg = build_message(sender="b@example.org", to=["anna@example.org"], subject="s", text="t")
    waits: list[float] = []
    d = deliver(msg, ["anna@example.org"], settings.mail, sleep=waits.append)
    assert d.ok and d.sent == ["anna@example.org"]
    assert d.attempts == 3 and smtp.handler.data_attempts == 3
    assert waits == [0.5, 1.0]  # doubling backoff
    assert len(smtp.messages) == 1


def test_retries_are_bounded(smtp: SmtpServer, tmp_path: Path) -> None:
    smtp.handler.fail_data = 10
    settings = mail_settings(tmp_path, smtp.port, retries=2)
    msg = build_message(sender="b@example.org", to=["anna@example.org"], subject="s", text="t")
    d = deliver(msg, ["anna@example.org"], settings.mail, sleep=lambda s: None)
    assert d.attempts == 3 and smtp.handler.data_attempts == 3
    assert d.failed["anna@example.org"].startswith("451")
    assert smtp.messages == []


def test_550_for_one_recipient_does_not_block_the_others(
    smtp: SmtpServer, tmp_path: Path, pdf: Path
) -> None:
    smtp.handler.reject = {"gone@example.org"}
    settings = mail_settings(tmp_path, smtp.port)
    d = send_file(pdf, settings, to=["anna@example.org", "gone@example.org", "ben@example.org"])
    assert sorted(d.sent) == ["anna@example.org", "ben@example.org"]
    assert list(d.refused) == ["gone@example.org"] and d.refused["gone@example.org"].startswith(
        "550"
    )
    assert not d.failed and d.queued is None  # permanent: not retried, not queued
    assert smtp.handler.data_attempts == 1
    assert sorted(smtp.messages[0]["rcpt"]) == ["anna@example.org", "ben@example.org"]
    with Store(settings.state_path) as store:
        rows = {r["recipient"]: r["status"] for r in SentLog(store).rows("2025-11-27")}
    assert rows == {
        "anna@example.org": "sent",
        "ben@example.org": "sent",
        "gone@example.org": "refused",
    }


def test_cli_reports_550_per_recipient(smtp: SmtpServer, tmp_path: Path, pdf: Path) -> None:
    smtp.handler.reject = {"gone@example.org"}
    cfg = _config(tmp_path, smtp.port)
    r = CliRunner().invoke(
        app,
        [
            "send",
            str(pdf),
            "--to",
            "anna@example.org",
            "--to",
            "gone@example.org",
            "--config",
            str(cfg),
        ],
    )
    assert r.exit_code == 8
    assert "gone@example.org refused: 550" in r.output
    assert smtp.messages[0]["rcpt"] == ["anna@example.org"]


def test_server_down_keeps_eml_then_outbox_delivers_exactly_once(tmp_path: Path, pdf: Path) -> None:
    port = free_port()  # nothing listens here: connection refused on every attempt
    cfg = _config(tmp_path, port, to='"anna@example.org", "ben@example.org"')
    r = CliRunner().invoke(
        app,
        [
            "send",
            str(pdf),
            "--bcc",
            "hidden@example.org",
            "--to",
            "anna@example.org",
            "--config",
            str(cfg),
        ],
    )
    assert r.exit_code == 8, r.output
    assert "send --outbox" in r.output
    outbox = tmp_path / "outbox"
    emls = list(outbox.glob("*.eml"))
    assert len(emls) == 1
    envelope = json.loads(emls[0].with_suffix(".json").read_text(encoding="utf-8"))
    assert sorted(envelope["recipients"]) == ["anna@example.org", "hidden@example.org"]
    assert b"hidden@example.org" not in emls[0].read_bytes()
    assert not list(outbox.glob(".*.tmp"))  # atomic writes leave no temporary files

    # still down: --outbox keeps it and says so
    r = CliRunner().invoke(app, ["send", "--outbox", "--config", str(cfg)])
    assert r.exit_code == 8 and emls[0].is_file()

    with running_server(port) as server:  # the server is back
        r = CliRunner().invoke(app, ["send", "--outbox", "--config", str(cfg)])
        assert r.exit_code == 0, r.output
        assert "1 message(s) delivered" in r.output
        r = CliRunner().invoke(app, ["send", "--outbox", "--config", str(cfg)])
        assert r.exit_code == 0 and "0 message(s) delivered" in r.output
    assert len(server.messages) == 1
    assert sorted(server.messages[0]["rcpt"]) == ["anna@example.org", "hidden@example.org"]
    delivered = server.handler.parsed()
    assert delivered["Message-ID"] == envelope["message_id"] and delivered["Bcc"] is None
    att = next(iter(delivered.iter_attachments()))
    assert att.get_content() == SAMPLE.read_bytes()  # byte-identical after the outbox
    assert list(outbox.iterdir()) == []


def test_outbox_never_resends_to_who_already_got_it(smtp: SmtpServer, tmp_path: Path) -> None:
    """A crash between sending and deleting the .eml must not cause a second copy."""
    settings = mail_settings(tmp_path, smtp.port)
    msg = build_message(sender="b@example.org", to=["a@example.org"], subject="s", text="t")
    eml = queue_message(msg, ["a@example.org", "b@example.org"], "2025-11-27", settings.outbox_dir)
    with Store(settings.state_path) as store:
        SentLog(store).record("2025-11-27", "a@example.org", str(msg["Message-ID"]), "sent")
        res = deliver_outbox(settings.outbox_dir, settings.mail, store, sleep=lambda s: None)
    assert res.ok and res.delivered == [eml] and not eml.exists()
    assert [m["rcpt"] for m in smtp.messages] == [["b@example.org"]]


def test_outbox_partial_failure_keeps_only_the_rest(smtp: SmtpServer, tmp_path: Path) -> None:
    settings = mail_settings(tmp_path, smtp.port, retries=0)
    msg = build_message(sender="b@example.org", to=["a@example.org"], subject="s", text="t")
    eml = queue_message(msg, ["a@example.org"], "2025-11-27", settings.outbox_dir)
    smtp.handler.fail_data = 1
    res = flush_outbox(settings, sleep=lambda s: None)
    assert res.kept == [eml] and eml.is_file() and smtp.messages == []
    res = flush_outbox(settings, sleep=lambda s: None)
    assert res.ok and not eml.exists() and len(smtp.messages) == 1
    res = flush_outbox(settings, sleep=lambda s: None)
    assert res.delivered == [] and len(smtp.messages) == 1


def test_unreadable_eml_is_named_and_others_still_go(smtp: SmtpServer, tmp_path: Path) -> None:
    settings = mail_settings(tmp_path, smtp.port)
    msg = build_message(sender="b@example.org", to=["a@example.org"], subject="s", text="t")
    good = queue_message(msg, ["a@example.org"], "2025-11-27", settings.outbox_dir)
    broken = settings.outbox_dir / "0000-broken.eml"
    broken.write_bytes(b"Subject: no id\r\n\r\nbody\r\n")
    res = flush_outbox(settings, sleep=lambda s: None)
    assert not good.exists() and len(smtp.messages) == 1
    assert res.bad and "0000-broken.eml" in res.bad[0] and "Message-ID" in res.bad[0]
    # moved aside, so the next run does not stumble over it again
    assert not broken.exists() and (settings.outbox_dir / "failed" / "0000-broken.eml").is_file()


def test_silent_server_times_out_and_is_retried_then_queued(tmp_path: Path, pdf: Path) -> None:
    import socket

    with socket.socket() as silent:  # accepts connections, never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings = mail_settings(tmp_path, silent.getsockname()[1], timeout=0.2, retries=1)
        d = send_file(pdf, settings, to=["anna@example.org"], sleep=lambda s: None)
    assert d.attempts == 2 and "timed out" in d.failed["anna@example.org"]
    assert d.queued is not None and d.queued.is_file()


def test_every_recipient_refused_is_reported_not_queued(smtp: SmtpServer, tmp_path: Path) -> None:
    smtp.handler.reject = {"x@example.org", "y@example.org"}
    settings = mail_settings(tmp_path, smtp.port)
    msg = build_message(sender="b@example.org", to=["x@example.org"], subject="s", text="t")
    d = deliver(msg, ["x@example.org", "y@example.org"], settings.mail, sleep=lambda s: None)
    assert sorted(d.refused) == ["x@example.org", "y@example.org"] and not d.failed
    assert d.attempts == 1 and smtp.messages == []


def test_login_uses_the_password_from_the_environment(
    tmp_path: Path, pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.errors import ConfigError

    with running_server(logins={"me": "s3cret"}) as server:
        settings = mail_settings(tmp_path, server.port, user="me", password_env="MY_SMTP_PW")
        with pytest.raises(ConfigError, match="no password"):
            send_file(pdf, settings, to=["anna@example.org"])
        monkeypatch.setenv("MY_SMTP_PW", "s3cret")
        assert send_file(pdf, settings, to=["anna@example.org"]).ok
        assert server.logins == [("me", "s3cret")] and len(server.messages) == 1

        monkeypatch.setenv("MY_SMTP_PW", "wrong")
        d = send_file(pdf, settings, to=["anna@example.org"], sleep=lambda s: None)
        assert d.attempts == 1 and d.failed["anna@example.org"].startswith("535")
        assert d.queued is not None  # a bad password loses nothing: fix it, then --outbox
        assert len(server.messages) == 1


def test_a_server_that_drips_its_replies_is_cut_at_the_deadline(tmp_path: Path, pdf: Path) -> None:
    """mail.timeout bounds each read; a server sending one byte at a time never hits it, so
    mail.deadline bounds the whole attempt (the run lock is not held forever)."""
    import socket
    import threading
    import time

    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)

    def drip() -> None:
        conns = []
        while not stop.is_set():
            with contextlib.suppress(OSError):
                conns.append(listener.accept()[0])
            for c in conns:
                with contextlib.suppress(OSError):
                    c.sendall(b"2" if int(time.monotonic() * 10) % 2 else b"\r\n220-slow")
        for c in conns:
            c.close()

    thread = threading.Thread(target=drip)
    thread.start()
    try:
        settings = mail_settings(tmp_path, listener.getsockname()[1], timeout=1.0, retries=1)
        settings = replace(settings, mail=replace(settings.mail, deadline=0.8))
        started = time.monotonic()
        d = send_file(pdf, settings, to=["anna@example.org"], sleep=lambda s: None)
        took = time.monotonic() - started
    finally:
        stop.set()
        thread.join(5)
        listener.close()
    assert d.attempts == 2 and "mail.deadline" in d.failed["anna@example.org"]
    assert took < 8 and d.queued is not None and d.queued.is_file()
