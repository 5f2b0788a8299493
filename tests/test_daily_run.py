"""``briefing daily``: idempotent per recipient and day, one sender under concurrency, the
outbox flushed first, dry runs, the summary line. The build is replaced by a fast fake here
(the real pipeline runs in test_daily_e2e.py); the SMTP server is real."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import DAY, FakeBuild, SmtpServer, free_port, mail_settings, running_server
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Settings
from briefing.daily import run_daily, run_lock
from briefing.errors import ExitCode, StateError


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> FakeBuild:
    fake = FakeBuild()
    monkeypatch.setattr("briefing.pipeline.run_build", fake)
    return fake


def _settings(tmp_path: Path, port: int, **mail: object) -> Settings:
    s = mail_settings(tmp_path, port, **mail)
    return replace(s, date=DAY, inputs=(tmp_path,))


def test_second_run_sends_nothing_and_force_resends(
    smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild
) -> None:
    settings = _settings(tmp_path, smtp.port, to=("anna@example.org",), bcc=("boss@example.org",))
    first = run_daily(settings, sleep=lambda s: None)
    assert first.exit_code == ExitCode.OK
    assert first.sent == 2 and len(smtp.messages) == 1
    assert sorted(smtp.messages[0]["rcpt"]) == ["anna@example.org", "boss@example.org"]

    second = run_daily(settings, sleep=lambda s: None)
    assert second.sent == 0 and second.exit_code == ExitCode.OK
    assert sorted(second.already) == ["anna@example.org", "boss@example.org"]
    assert fake_build.calls == 1  # nothing to send: no rebuild
    assert len(smtp.messages) == 1

    forced = run_daily(settings, force=True, sleep=lambda s: None)
    assert forced.sent == 2 and len(smtp.messages) == 2
    assert smtp.handler.parsed(0)["Message-ID"] != smtp.handler.parsed(1)["Message-ID"]


def test_new_recipient_gets_it_without_a_copy_to_the_others(
    smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild
) -> None:
    settings = _settings(tmp_path, smtp.port, to=("anna@example.org",))
    run_daily(settings, sleep=lambda s: None)
    more = replace(
        settings, mail=replace(settings.mail, to=("anna@example.org", "ben@example.org"))
    )
    res = run_daily(more, sleep=lambda s: None)
    assert res.sent == 1
    assert [m["rcpt"] for m in smtp.messages] == [["anna@example.org"], ["ben@example.org"]]


def test_subject_and_title_cannot_inject_headers(
    smtp: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "briefing.pipeline.run_build", FakeBuild(title="Talks\r\nBcc: evil@example.net\nX-Evil: 1")
    )
    settings = _settings(tmp_path, smtp.port, subject="Briefing {date}: {title}")
    res = run_daily(settings, sleep=lambda s: None)
    assert res.exit_code == ExitCode.OK
    assert smtp.messages[0]["rcpt"] == ["anna@example.org"]
    msg = smtp.handler.parsed()
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert msg["Subject"] == "Briefing 2025-11-27: Talks Bcc: evil@example.net X-Evil: 1"


def test_two_runs_at_once_send_one_briefing(
    smtp: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeBuild(delay=0.5)
    monkeypatch.setattr("briefing.pipeline.run_build", fake)
    settings = _settings(tmp_path, smtp.port)
    outcomes: list[object] = []
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        try:
            outcomes.append(run_daily(settings, sleep=lambda s: None))
        except StateError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(smtp.messages) == 1 and fake.calls == 1
    locked = [o for o in outcomes if isinstance(o, StateError)]
    assert len(locked) == 1 and "lock" in str(locked[0])
    assert locked[0].exit_code == ExitCode.LOCKED
    # the retry sees it was sent
    again = run_daily(settings, sleep=lambda s: None)
    assert again.sent == 0 and again.already == ["anna@example.org"] and len(smtp.messages) == 1


def test_waiting_run_sends_nothing_after_the_holder_sent(
    smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild
) -> None:
    settings = _settings(tmp_path, smtp.port)
    results: list[object] = []
    with run_lock(settings):
        t = threading.Thread(target=lambda: results.append(run_daily(settings, wait=10)))
        t.start()
        time.sleep(0.3)
        assert results == []  # still waiting for the lock
        from briefing.outbox import SentLog
        from briefing.store import Store

        with Store(settings.state_path) as store:  # "the other run" sends meanwhile
            SentLog(store).record(DAY.isoformat(), "anna@example.org", "<x@example.org>", "sent")
    t.join(30)
    assert results[0].sent == 0 and smtp.messages == []


def test_server_down_queues_then_next_daily_delivers_once(
    tmp_path: Path, fake_build: FakeBuild
) -> None:
    port = free_port()
    settings = _settings(tmp_path, port, retries=1)
    res = run_daily(settings, sleep=lambda s: None)
    assert res.exit_code == ExitCode.MAIL and res.sent == 0
    assert res.delivery is not None and res.delivery.queued is not None
    assert res.delivery.queued.is_file() and "in outbox 1" in res.summary
    with running_server(port) as server:
        again = run_daily(settings, sleep=lambda s: None)
        third = run_daily(settings, sleep=lambda s: None)
    assert again.exit_code == ExitCode.OK and again.sent == 1
    assert third.sent == 0
    assert len(server.messages) == 1 and fake_build.calls == 1
    assert list(settings.outbox_dir.glob("*.eml")) == []


def test_dry_run_writes_eml_sends_and_records_nothing(
    smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild
) -> None:
    settings = _settings(tmp_path, smtp.port)
    res = run_daily(settings, dry_run=True)
    assert res.eml == settings.out_dir / "2025-11-27" / "briefing.eml"
    raw = res.eml.read_bytes()
    assert b"Subject: Briefing 2025-11-27" in raw and b"application/pdf" in raw
    assert smtp.messages == []
    real = run_daily(settings, sleep=lambda s: None)
    assert real.sent == 1 and len(smtp.messages) == 1
    res.eml.unlink()
    again = run_daily(settings, dry_run=True)  # after the real send: still written, not sent
    assert again.eml is not None and again.eml.is_file() and len(smtp.messages) == 1


def test_day_without_articles_sends_nothing(
    smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild
) -> None:
    settings = replace(_settings(tmp_path, smtp.port), date=dt.date(2025, 1, 1))
    res = run_daily(settings)
    assert res.exit_code == ExitCode.NO_INPUT and smtp.messages == []


def test_summary_line_counts(smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild) -> None:
    res = run_daily(_settings(tmp_path, smtp.port), sleep=lambda s: None)
    assert res.summary == (
        "daily 2025-11-27: articles read 5, skipped 1, stories 2, "
        "translated sentences 7, mails sent 1"
    )


def test_cli_daily_twice(smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f'inputs = ["{tmp_path}"]\nout_dir = "{tmp_path / "out"}"\n'
        f'state_path = "{tmp_path / "state.sqlite"}"\noutbox_dir = "{tmp_path / "outbox"}"\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\nto = ["anna@example.org"]\n'
        'attachment = "Lagebericht_Übersicht_{date}.pdf"\n',
        encoding="utf-8",
    )
    args = ["daily", "--date", "2025-11-27", "--config", str(cfg)]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "mails sent 1" in r.output
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0 and "mails sent 0" in r.output and "already had it 1" in r.output
    r = CliRunner().invoke(app, [*args, "--quiet"])
    assert r.exit_code == 0 and r.output == ""
    assert len(smtp.messages) == 1
    assert smtp.handler.parsed()["Subject"] == "Briefing 2025-11-27"
    att = next(iter(smtp.handler.parsed().iter_attachments()))
    assert att.get_filename() == "Lagebericht_Übersicht_2025-11-27.pdf"


def test_cli_daily_locked_exit_code(
    smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f'inputs = ["{tmp_path}"]\nstate_path = "{tmp_path / "state.sqlite"}"\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\nto = ["anna@example.org"]\n',
        encoding="utf-8",
    )
    settings = Settings(state_path=tmp_path / "state.sqlite")
    with run_lock(settings):
        r = CliRunner().invoke(app, ["daily", "--date", "2025-11-27", "--config", str(cfg)])
    assert r.exit_code == ExitCode.LOCKED
    assert "another briefing run holds the lock" in r.output
    assert smtp.messages == []


def test_cli_daily_without_recipients_is_a_config_error(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["daily", str(tmp_path), "--date", "2025-11-27"])
    assert r.exit_code == ExitCode.CONFIG
    assert "no recipients" in r.output


def test_cli_daily_date_yesterday_uses_the_configured_zone(
    smtp: SmtpServer, tmp_path: Path, fake_build: FakeBuild
) -> None:
    from briefing.daily import today

    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f'inputs = ["{tmp_path}"]\ntimezone = "Pacific/Kiritimati"\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\nto = ["anna@example.org"]\n',
        encoding="utf-8",
    )
    yesterday = today("Pacific/Kiritimati") - dt.timedelta(days=1)
    r = CliRunner().invoke(app, ["daily", "--date", "yesterday", "--config", str(cfg)])
    assert r.exit_code == ExitCode.NO_INPUT  # the fake has articles only on 2025-11-27
    assert f"daily {yesterday.isoformat()}:" in r.output
    r = CliRunner().invoke(app, ["daily", "--date", "27.11.2025", "--config", str(cfg)])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
