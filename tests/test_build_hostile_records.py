"""``briefing build`` over hostile records: lone surrogates, control characters, a huge title
and impossible dates reach no output raw and crash nothing (issue #18, cases 3, 4, 5, 13b, 14).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import BODY, OTHER, cli_runner

from briefing.cli import app
from briefing.errors import ExitCode
from briefing.ingest.sanitize import MAX_TITLE_CHARS


@pytest.mark.slow
def test_build_over_hostile_records_writes_every_output(tmp_path: Path) -> None:
    records = tmp_path / "in" / "hostile.jsonl"
    records.parent.mkdir()
    records.write_text(
        "\n".join([
            '{"title": "Halb \\ud800 Titel\\u001b[2J", "date": "2025-11-27", "source": '
            f'"Blatt\\u0007", "text": "{BODY} \\udfff\\u001b]0;pwn\\u0007"}}',
            json.dumps({"title": "Sehr langer Titel " * 50_000, "date": "2025-11-27", "text": OTHER}),
            f'{{"title": "Versatz", "date": "2025-11-27T10:00:00+99:00", "text": "{OTHER}"}}',
            f'{{"title": "Unendlich", "date": 1e400, "text": "{BODY}"}}',
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    out = tmp_path / "out"
    args = ["build", str(records), "--out", str(out), "--format", "html,pdf,json,md,txt"]
    first = cli_runner().invoke(app, args)
    assert first.exit_code == ExitCode.OK, first.stderr
    assert first.exception is None
    assert f"{records}#4: unreadable date inf; ignored" in first.stderr
    day = out / "2025-11-27"
    for name in ("briefing.html", "briefing.json", "briefing.md", "briefing.txt"):
        text = (day / name).read_text(encoding="utf-8")
        assert "\x1b" not in text and "\x07" not in text, name
        assert "Halb \ufffd Titel" in text, name
        assert "Sehr langer Titel " * 20 not in text, name  # the title is capped
    briefing = json.loads((day / "briefing.json").read_text(encoding="utf-8"))
    titles = [a["title"] for s in briefing["days"][0]["stories"] for a in s["articles"]]
    assert max(len(t) for t in titles) <= MAX_TITLE_CHARS
    pages = subprocess.run(
        ["pdfinfo", str(day / "briefing.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert int(next(ln.split()[1] for ln in pages.splitlines() if ln.startswith("Pages:"))) <= 3
    # the next run into the same folder succeeds too
    again = cli_runner().invoke(app, [*args[:-1], "html,json"])
    assert again.exit_code == ExitCode.OK, again.stderr


@pytest.mark.slow
def test_email_bodies_of_hostile_records_hold_no_control_characters(tmp_path: Path) -> None:
    import email
    import email.policy

    from conftest import daily_config

    records = tmp_path / "in" / "hostile.jsonl"
    records.parent.mkdir()
    records.write_text(
        '{"title": "Halb \\ud800 Titel\\u001b]0;pwn\\u0007", "date": "2025-11-27", "text": '
        f'"{BODY} \\u001b[2J\\u009b31m"}}\n',
        encoding="utf-8",
    )
    cfg = daily_config(tmp_path, records.parent, 9)  # a dry run connects to nothing
    run = cli_runner().invoke(
        app, ["daily", "--date", "2025-11-27", "--dry-run", "--config", str(cfg)]
    )
    assert run.exit_code == ExitCode.OK, run.stderr
    eml = tmp_path / "out" / "2025-11-27" / "briefing.eml"
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    bodies = [p.get_content() for p in msg.walk() if p.get_content_maintype() == "text"]
    assert len(bodies) == 2
    for body in bodies:
        assert "Halb \ufffd Titel" in body
        assert not any((ord(c) < 32 and c not in "\n\t\r") or 0x7F <= ord(c) <= 0x9F for c in body)
