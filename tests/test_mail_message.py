"""The message a reader gets, sent through a real SMTP server on 127.0.0.1: attachment
byte-identical, headers, both body parts, an umlaut file name, bcc hidden, no header injection."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import SmtpServer, mail_settings
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ConfigError
from briefing.mail import (
    build_message,
    format_subject,
    message_bodies,
    sanitize_header,
    valid_address,
)
from briefing.models import Article, Briefing, Day, Paragraph, Sentence, Story
from briefing.send import send_file

DATA = Path(__file__).parent / "data" / "mail"
SAMPLE = DATA / "sample.pdf"


def _parts(msg):
    return {p.get_content_type(): p for p in msg.walk() if not p.is_multipart()}


def test_message_arrives_with_attachment_headers_and_bodies(
    smtp: SmtpServer, tmp_path: Path, pdf: Path
) -> None:
    settings = mail_settings(
        tmp_path, smtp.port, attachment="Lagebericht_Übersicht_{date}.pdf", subject="Lage {date}"
    )
    d = send_file(
        pdf,
        settings,
        to=["Anna Ärger <anna@example.org>"],
        cc=["ben@example.org"],
        bcc=["secret@example.net"],
    )
    assert d.ok and sorted(d.sent) == ["anna@example.org", "ben@example.org", "secret@example.net"]
    assert len(smtp.messages) == 1
    got = smtp.messages[0]
    assert sorted(got["rcpt"]) == sorted(d.sent)
    assert b"secret@example.net" not in got["data"]  # bcc: envelope only
    msg = smtp.handler.parsed()
    assert msg["Bcc"] is None
    assert msg["Subject"] == "Lage 2025-11-27"
    assert msg["From"] == "briefing@example.org"
    assert "anna@example.org" in msg["To"] and "Ärger" in msg["To"]
    assert msg["Cc"] == "ben@example.org"
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@example.org>")
    assert msg["Message-ID"] == d.message_id
    assert msg["Date"].datetime.tzinfo is not None
    assert abs((msg["Date"].datetime - dt.datetime.now(dt.UTC)).total_seconds()) < 300
    parts = _parts(msg)
    assert set(parts) == {"text/plain", "text/html", "application/pdf"}
    assert "2025-11-27" in parts["text/plain"].get_content()
    assert "<html" in parts["text/html"].get_content().lower()
    att = parts["application/pdf"]
    assert att.get_content_disposition() == "attachment"
    assert att.get_filename() == "Lagebericht_Übersicht_2025-11-27.pdf"
    assert b"filename*=utf-8''Lagebericht_%C3%9Cbersicht_2025-11-27.pdf" in got["data"]
    assert att.get_content() == SAMPLE.read_bytes()


def test_header_injection_through_subject_and_title_is_folded(
    smtp: SmtpServer, tmp_path: Path, pdf: Path
) -> None:
    settings = mail_settings(tmp_path, smtp.port)
    evil = "Krise\r\nBcc: evil@example.net\r\nX-Injected: yes"
    subject = format_subject("Briefing {date}: {title}", dt.date(2025, 11, 27), title=evil)
    assert "\r" not in subject and "\n" not in subject
    d = send_file(pdf, settings, to=["anna@example.org"], subject=subject + "\nBcc: evil2@x.org")
    assert d.ok
    got = smtp.messages[0]
    assert got["rcpt"] == ["anna@example.org"]
    msg = smtp.handler.parsed()
    assert msg["Bcc"] is None and msg["X-Injected"] is None
    assert msg["Subject"].startswith("Briefing 2025-11-27: Krise Bcc: evil@example.net")
    header_block = got["data"].split(b"\r\n\r\n", 1)[0]
    assert not any(
        line.lower().startswith((b"bcc:", b"x-injected:")) for line in header_block.splitlines()
    )


def test_sanitize_and_addresses() -> None:
    assert sanitize_header("a\r\nb\u2028c\td") == "a b c d"
    assert valid_address("Anna <anna@example.org>")
    assert valid_address("anna@example.org")
    for bad in ["anna", "anna@", "a b@example.org", "anna@example.org\r\nBcc: x@y.org", ""]:
        assert not valid_address(bad), bad
    with pytest.raises(ConfigError, match="not a valid email address"):
        build_message(sender="x@example.org", to=["nope"], subject="s", text="t")


def _briefing(title: str) -> tuple[Briefing, Day]:
    art = Article(id="a1", path="a.txt", paragraphs=(Paragraph("Text."),), source="dpa")
    sent = Sentence(
        text="The summary sentence.",
        original="Der Satz.",
        article_id="a1",
        position=0,
        language="en",
        original_language="de",
        translated=True,
    )
    story = Story(id="s1", articles=(art,), title=title, summary=(sent,))
    day = Day(date=dt.date(2025, 11, 27), stories=(story,))
    return Briefing(days=(day,)), day


def test_bodies_escape_story_titles(tmp_path: Path) -> None:
    briefing, day = _briefing("Talks <script>alert(1)</script> & more")
    settings = mail_settings(tmp_path, 25)
    html_body, text = message_bodies(briefing, day, settings)
    assert "<script>alert(1)</script>" not in html_body
    assert "Talks" in html_body and "talks" in text.lower()
    assert "The summary sentence." in text and "The summary sentence." in html_body


def test_cli_send_to_cc_bcc(smtp: SmtpServer, tmp_path: Path, pdf: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        "[mail]\n"
        f'host = "127.0.0.1"\nport = {smtp.port}\nsender = "briefing@example.org"\n'
        'to = ["config-default@example.org"]\nbackoff = 0.01\n',
        encoding="utf-8",
    )
    r = CliRunner().invoke(
        app,
        [
            "send",
            str(pdf),
            "--to",
            "a@example.org",
            "--cc",
            "c@example.org",
            "--bcc",
            "hidden@example.org",
            "--config",
            str(cfg),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "sent" in r.output
    assert sorted(smtp.messages[0]["rcpt"]) == [
        "a@example.org",
        "c@example.org",
        "hidden@example.org",
    ]
    assert b"hidden@example.org" not in smtp.messages[0]["data"]
    assert b"config-default" not in smtp.messages[0]["data"]


def test_cli_send_dry_run_writes_eml_and_sends_nothing(
    smtp: SmtpServer, tmp_path: Path, pdf: Path
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\n', encoding="utf-8")
    r = CliRunner().invoke(
        app, ["send", str(pdf), "--to", "a@example.org", "--dry-run", "--config", str(cfg)]
    )
    assert r.exit_code == 0, r.output
    eml = pdf.with_suffix(".eml")
    assert eml.is_file() and str(eml) in r.output
    assert b"Subject: Briefing 2025-11-27" in eml.read_bytes()
    assert smtp.messages == []


def test_cli_send_rejects_a_non_pdf_and_names_it(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.pdf"
    bogus.write_text("hello", encoding="utf-8")
    r = CliRunner().invoke(app, ["send", str(bogus), "--to", "a@example.org"])
    assert r.exit_code == 8
    assert "notes.pdf: not a PDF file" in r.output


def test_settings_subject_template_is_used(smtp: SmtpServer, tmp_path: Path, pdf: Path) -> None:
    settings = mail_settings(tmp_path, smtp.port)
    settings = replace(settings, mail=replace(settings.mail, subject="Morning {date}"))
    assert send_file(pdf, settings, to=["a@example.org"]).ok
    assert smtp.handler.parsed()["Subject"] == "Morning 2025-11-27"


def test_send_uses_the_stories_of_the_json_beside_the_pdf(
    smtp: SmtpServer, tmp_path: Path, pdf: Path
) -> None:
    from briefing.render import render_day_json

    briefing, day = _briefing("Ceasefire talks resume in Geneva")
    (pdf.parent / "briefing.json").write_text(render_day_json(briefing, day.date), encoding="utf-8")
    settings = mail_settings(tmp_path, smtp.port, subject="{date}: {title}")
    assert send_file(pdf, settings, to=["a@example.org"]).ok
    msg = smtp.handler.parsed()
    assert msg["Subject"] == "2025-11-27: Ceasefire talks resume in Geneva"
    assert "Ceasefire talks resume in Geneva" in msg.get_body(("html",)).get_content()
    assert "The summary sentence." in msg.get_body(("plain",)).get_content()


def test_send_with_a_broken_json_beside_the_pdf_still_sends(
    smtp: SmtpServer, tmp_path: Path, pdf: Path
) -> None:
    (pdf.parent / "briefing.json").write_text("{not json", encoding="utf-8")
    assert send_file(pdf, mail_settings(tmp_path, smtp.port), to=["a@example.org"]).ok
    assert "attached as a PDF" in smtp.handler.parsed().get_body(("plain",)).get_content()
