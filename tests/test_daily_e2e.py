"""``briefing daily`` end to end: the seed articles, the real pipeline (tiny Argos model,
html+pdf+json), a real SMTP server on 127.0.0.1; run twice, one briefing delivered."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from conftest import daily_config
from helpers import SmtpServer
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode


@pytest.mark.slow
def test_daily_on_the_seeds_twice_delivers_one_briefing(
    smtp: SmtpServer, tmp_path: Path, seeds: Path, tiny_de_en: Path
) -> None:
    out = tmp_path / "out"
    cfg = daily_config(
        tmp_path,
        seeds,
        smtp.port,
        'bcc = ["archive@example.org"]\nsubject = "Lagebericht {date}"\n'
        'attachment = "Lagebericht_Übersicht_{date}.pdf"\n',
    )
    args = ["daily", "--date", "2025-11-27", "--config", str(cfg)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == ExitCode.OK, first.output
    assert "daily 2025-11-27: articles read 5, skipped 0, stories " in first.output
    assert "mails sent 2" in first.output

    day_dir = out / "2025-11-27"
    assert {p.name for p in day_dir.iterdir()} >= {"briefing.html", "briefing.pdf", "briefing.json"}
    assert len(smtp.messages) == 1
    assert sorted(smtp.messages[0]["rcpt"]) == ["anna@example.org", "archive@example.org"]
    msg = smtp.handler.parsed()
    assert msg["Subject"] == "Lagebericht 2025-11-27" and msg["Bcc"] is None
    assert b"archive@example.org" not in smtp.messages[0]["data"]
    att = next(iter(msg.iter_attachments()))
    assert att.get_filename() == "Lagebericht_Übersicht_2025-11-27.pdf"
    assert att.get_content() == (day_dir / "briefing.pdf").read_bytes()

    data = json.loads((day_dir / "briefing.json").read_text(encoding="utf-8"))
    text_part = msg.get_body(("plain",)).get_content()
    html_part = msg.get_body(("html",)).get_content()
    stories = [s for d in data["days"] for s in d["stories"]]
    assert stories
    top = stories[0]
    assert top["title"] in html.unescape(html_part)  # the top story is in the body
    assert top["title"].upper() in text_part.upper()
    assert "2025" in text_part and "27" in text_part
    assert "<style" not in html_part.lower() or 'style="' in html_part  # CSS inlined

    second = CliRunner().invoke(app, args)
    assert second.exit_code == ExitCode.OK, second.output
    assert "mails sent 0" in second.output and "already had it 2" in second.output
    assert len(smtp.messages) == 1
