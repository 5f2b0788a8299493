"""PDFs of several days are rendered in worker processes: the same files as one after another,
refused URLs still reported, template errors still raised."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import TemplateError
from briefing.models import Day
from briefing.render import pdf_workers, render_all
from briefing.render.sample import many_stories_briefing

pytestmark = pytest.mark.slow


def _three_days():
    one = many_stories_briefing(3, sentences=2)
    start = dt.date(2025, 11, 1)
    days = tuple(
        Day(
            start + dt.timedelta(days=i),
            tuple(
                dataclasses.replace(s, title=f"{s.title} on day {i}") for s in one.days[0].stories
            ),
        )
        for i in range(3)
    )
    return dataclasses.replace(one, days=days)


def _text(data: bytes, tmp: Path) -> str:
    p = tmp / "x.pdf"
    p.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(p), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_worker_count() -> None:
    assert pdf_workers(Settings(workers=1), 10) == 1
    assert pdf_workers(Settings(workers=4), 3) == 3
    assert pdf_workers(Settings(workers=2), 1) == 1


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_parallel_pdfs_equal_serial_ones(tmp_path: Path) -> None:
    b = _three_days()
    serial = render_all(b, Settings(formats=("pdf", "json"), workers=1, out_dir=tmp_path / "o"))
    parallel = render_all(b, Settings(formats=("pdf", "json"), workers=2, out_dir=tmp_path / "o"))
    assert serial.keys() == parallel.keys()
    pdfs = sorted(p for p in serial if p.suffix == ".pdf")
    assert len(pdfs) == 3
    for p in pdfs:
        assert parallel[p].startswith(b"%PDF")
        text = _text(parallel[p], tmp_path)
        assert text == _text(serial[p], tmp_path)
        assert f"on day {int(p.parent.name[-2:]) - 1}" in text  # each day its own stories


def test_refused_urls_and_errors_come_back_from_the_workers(tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "print.css").write_text('body { background: url("http://127.0.0.1:9/x.png"); }\n')
    refused: list[str] = []
    s = Settings(formats=("pdf",), workers=2, out_dir=tmp_path / "o", templates_dir=tpl)
    render_all(_three_days(), s, refused=refused)
    assert refused and all("127.0.0.1:9" in u for u in refused)
    (tpl / "print.html").write_text(
        '{% extends "default/print.html" %}{% block footer %}{{ no_such_thing.attr }}{% endblock %}'
    )
    with pytest.raises(TemplateError, match=r"print\.html"):
        render_all(_three_days(), s)
