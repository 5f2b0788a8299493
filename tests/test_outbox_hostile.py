"""Hostile or damaged outbox entries (#18 case 7) and permanent refusals (#18 case 16b).

An envelope that is valid JSON but not what ``queue_message`` writes is moved to
``OUTBOX/failed/`` (owner-only) with a warning naming it; the messages sorted after it are still
delivered, and the next run is clean. A 5xx reply is final: reported once, a copy kept in
``failed/``, never retried by a later run of the same day. The SMTP server is the real aiosmtpd.
"""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import DAY, FakeBuild, SmtpServer, hostile_config, mail_settings
from typer.testing import CliRunner

from briefing.cli import app
from briefing.daily import flush_outbox, run_daily
from briefing.errors import ExitCode
from briefing.mail import build_message
from briefing.outbox import SentLog, queue_message
from briefing.store import Store

# Each is valid JSON, none is an envelope: every field's type is checked where it is read.
HOSTILE_ENVELOPES = {
    "list": "[]",
    "string": '"x"',
    "number": "5",
    "null": "null",
    "to-is-a-number": '{"to": 5}',
    "recipients-a-string": '{"recipients": "anna@example.org", "day": "2025-11-27"}',
    "recipient-a-number": '{"recipients": [5], "day": "2025-11-27"}',
    "recipient-a-dict": '{"recipients": [{"a": 1}], "day": "2025-11-27"}',
    "two-in-one": '{"recipients": ["anna@example.org, eve@evil.org"], "day": "2025-11-27"}',
    "day-a-list": '{"recipients": ["anna@example.org"], "day": [1]}',
    "day-a-path": '{"recipients": ["anna@example.org"], "day": "../../etc"}',
    "deep": "[" * 100_000 + "]" * 100_000,
    "not-utf8": b'{"recipients": ["\xff"]}'.decode("latin-1"),
}


def _plant_bad(outbox: Path, name: str, envelope: str) -> Path:
    """A complete, sendable .eml whose envelope is ``envelope``; sorts before real entries."""
    msg = build_message(sender="b@example.org", to=["anna@example.org"], subject="s", text="t")
    eml = outbox / f"0000-{name}.eml"
    eml.write_bytes(msg.as_bytes())
    eml.with_suffix(".json").write_bytes(envelope.encode("latin-1"))
    return eml


def _good(settings, subject: str = "good", day: str = "2025-11-27") -> Path:  # type: ignore[no-untyped-def]
    msg = build_message(sender="b@example.org", to=["anna@example.org"], subject=subject, text="t")
    return queue_message(msg, ["anna@example.org"], day, settings.outbox_dir)


def test_every_hostile_envelope_is_moved_aside_and_the_good_message_still_goes(
    smtp: SmtpServer, tmp_path: Path
) -> None:
    settings = mail_settings(tmp_path, smtp.port)
    good = _good(settings)  # its name starts with a timestamp: sorted after every 0000-*
    outbox = settings.outbox_dir
    bad = {name: _plant_bad(outbox, name, env) for name, env in HOSTILE_ENVELOPES.items()}
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("keep me", encoding="utf-8")
    cfg = hostile_config(tmp_path, smtp.port)

    result = CliRunner().invoke(app, ["send", "--outbox", "--config", str(cfg)])

    assert result.exit_code == ExitCode.MAIL, result.output
    assert len(smtp.messages) == 1 and smtp.handler.parsed()["Subject"] == "good"
    assert not good.exists()
    failed = outbox / "failed"
    assert stat.S_IMODE(failed.stat().st_mode) == 0o700
    for name, eml in bad.items():
        assert f"0000-{name}.eml" in result.output, name  # the warning names the file
        assert not eml.exists() and not eml.with_suffix(".json").exists()
        moved = failed / eml.name
        assert moved.is_file() and stat.S_IMODE(moved.stat().st_mode) == 0o600
        note = json.loads(moved.with_suffix(".json").read_text(encoding="utf-8"))
        assert note["reason"]
    assert "not an object" in result.output and "nested too deeply" in result.output
    assert sentinel.read_text(encoding="utf-8") == "keep me"

    again = CliRunner().invoke(app, ["send", "--outbox", "--config", str(cfg)])
    assert again.exit_code == 0, again.output
    assert "0 message(s) delivered" in again.output and len(smtp.messages) == 1


def test_a_symlinked_outbox_entry_is_not_followed(smtp: SmtpServer, tmp_path: Path) -> None:
    settings = mail_settings(tmp_path, smtp.port)
    good = _good(settings)
    secret = tmp_path / "secret.eml"
    secret.write_bytes(b"Message-ID: <x@y>\r\nTo: anna@example.org\r\n\r\nTOPSECRET\r\n")
    (settings.outbox_dir / "0000-link.eml").symlink_to(secret)
    res = flush_outbox(settings, sleep=lambda s: None)
    assert "symlink" in res.bad[0] and not good.exists()
    assert all(b"TOPSECRET" not in m["data"] for m in smtp.messages) and len(smtp.messages) == 1
    assert secret.read_bytes().endswith(b"TOPSECRET\r\n")  # the target is not moved or read


def test_daily_is_not_stopped_by_a_hostile_envelope(
    smtp: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("briefing.pipeline.run_build", FakeBuild())
    settings = replace(mail_settings(tmp_path, smtp.port), date=DAY, inputs=(tmp_path,))
    older = _good(settings, "older", day="2025-11-26")
    _plant_bad(settings.outbox_dir, "list", "[]")

    res = run_daily(settings, sleep=lambda s: None)

    # the bad envelope is reported (exit 8), the older message and today's briefing both went
    assert res.exit_code == ExitCode.MAIL and res.outbox is not None
    assert "0000-list.eml" in res.outbox.bad[0]
    assert sorted(str(smtp.handler.parsed(i)["Subject"]) for i in range(2)) == [
        "Briefing 2025-11-27",
        "older",
    ]
    assert not older.exists()
    res = run_daily(settings, sleep=lambda s: None)
    assert res.exit_code == ExitCode.OK and len(smtp.messages) == 2


def test_552_to_data_is_final_reported_once_and_kept_in_failed(
    smtp: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A permanent reply to DATA is not retried, not queued, and not tried by the next daily."""

    async def refuse_data(server, session, envelope):  # type: ignore[no-untyped-def]
        smtp.handler.data_attempts += 1
        return "552 5.3.4 message too big for this system"

    monkeypatch.setattr(smtp.handler, "handle_DATA", refuse_data)
    monkeypatch.setattr("briefing.pipeline.run_build", FakeBuild())
    settings = replace(mail_settings(tmp_path, smtp.port, retries=3), date=DAY, inputs=(tmp_path,))

    res = run_daily(settings, sleep=lambda s: None)

    assert res.exit_code == ExitCode.MAIL and res.delivery is not None
    assert smtp.handler.data_attempts == 1  # no retry of a 5xx
    assert res.delivery.refused["anna@example.org"].startswith("552")
    assert not res.delivery.failed and not list(settings.outbox_dir.glob("*.eml"))
    kept = res.delivery.kept_failed
    assert kept is not None and kept.parent == settings.outbox_dir / "failed" and kept.is_file()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600

    res = run_daily(settings, sleep=lambda s: None)  # the same day again: nothing tried
    assert res.exit_code == ExitCode.OK and smtp.handler.data_attempts == 1
    assert res.already == ["anna@example.org"]


def test_550_recipient_is_not_tried_again_by_the_next_daily_of_that_day(
    smtp: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("briefing.pipeline.run_build", fake := FakeBuild())
    smtp.handler.reject = {"gone@example.org"}
    settings = replace(
        mail_settings(tmp_path, smtp.port, to=("anna@example.org", "gone@example.org")),
        date=DAY,
        inputs=(tmp_path,),
    )
    res = run_daily(settings, sleep=lambda s: None)
    assert res.exit_code == ExitCode.MAIL and list(res.delivery.refused) == ["gone@example.org"]
    assert [m["rcpt"] for m in smtp.messages] == [["anna@example.org"]]
    assert res.delivery.kept_failed is not None

    res = run_daily(settings, sleep=lambda s: None)
    assert res.exit_code == ExitCode.OK and fake.calls == 1 and len(smtp.messages) == 1
    with Store(settings.state_path) as store:
        rows = SentLog(store).rows("2025-11-27")
    assert {r["recipient"]: r["status"] for r in rows} == {
        "anna@example.org": "sent",
        "gone@example.org": "refused",
    }


def test_outbox_message_refused_for_good_moves_to_failed(smtp: SmtpServer, tmp_path: Path) -> None:
    settings = mail_settings(tmp_path, smtp.port, retries=0)
    smtp.handler.reject = {"anna@example.org"}
    eml = _good(settings)
    res = flush_outbox(settings, sleep=lambda s: None)
    assert not res.ok and res.failed == [settings.outbox_dir / "failed" / eml.name]
    assert not eml.exists() and res.failed[0].is_file()
    res = flush_outbox(settings, sleep=lambda s: None)
    assert res.ok and res.deliveries == []


@pytest.mark.parametrize(
    "side",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"days": [{"date": "2025-11-27", "stories": [{"summary": [{"position": 1e400}]}]}]}',
        '{"days": [{"date": "2025-11-27", "stories": [{"articles": [{"paragraphs": [[]]}]}]}]}',
        '{"days": "x"}',
        "[1]",
    ],
)
def test_send_with_a_damaged_briefing_json_beside_the_pdf_still_sends(
    smtp: SmtpServer, tmp_path: Path, pdf: Path, side: str
) -> None:
    from briefing.send import send_file

    (pdf.parent / "briefing.json").write_text(side, encoding="utf-8")
    settings = mail_settings(tmp_path, smtp.port)
    d = send_file(pdf, settings, to=["anna@example.org"], sleep=lambda s: None)
    assert d.ok and len(smtp.messages) == 1
    assert (
        "The briefing is attached as a PDF"
        in smtp.handler.parsed().get_body(("plain",)).get_content()
    )


def test_a_failed_folder_that_is_a_symlink_is_not_followed(
    smtp: SmtpServer, tmp_path: Path
) -> None:
    settings = mail_settings(tmp_path, smtp.port)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    _good(settings)
    (settings.outbox_dir / "failed").symlink_to(elsewhere)
    bad = _plant_bad(settings.outbox_dir, "list", "[]")
    res = flush_outbox(settings, sleep=lambda s: None)
    assert "symlink" in res.bad[0] and bad.exists()  # left in place, reported
    assert list(elsewhere.iterdir()) == [] and stat.S_IMODE(elsewhere.stat().st_mode) == 0o755
    assert len(smtp.messages) == 1  # the good message still went
