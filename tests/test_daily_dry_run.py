"""``daily --dry-run`` builds the day and writes only the message: the published files of the
output folder stay as they were, and of the outputs only the PDF (the attachment) is made."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest
from helpers import mail_settings

from briefing.daily import run_daily
from briefing.pipeline import run_build

DAY = dt.date(2025, 11, 27)


def _tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_dry_run_leaves_the_published_files_and_writes_the_message(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: a dry run of a day already published (html, json) and of formats without a PDF."""
    settings = dataclasses.replace(
        mail_settings(tmp_path, 9), inputs=(seeds,), formats=("html", "json"), date=DAY
    )
    run_build(settings)
    before = _tree(settings.out_dir)
    import briefing.cluster as cluster

    clustered: list[object] = []
    real = cluster.cluster_day
    monkeypatch.setattr(
        cluster, "cluster_day", lambda *a, **k: clustered.append(a) or real(*a, **k)
    )
    res = run_daily(settings, dry_run=True)
    assert clustered == []  # the published day is up to date: read back, not built again
    after = _tree(settings.out_dir)
    assert res.eml == settings.out_dir / DAY.isoformat() / "briefing.eml"
    assert after.pop(f"{DAY.isoformat()}/briefing.eml") and after == before
    msg = email.message_from_bytes(res.eml.read_bytes(), policy=email.policy.default)
    assert not [p for p in msg.walk() if p.get_content_type() == "application/pdf"]
    assert res.build is not None and any(
        d.date == DAY and d.stories for d in res.build.briefing.days
    )


def test_a_dry_run_into_an_empty_folder_writes_only_the_message(
    seeds: Path, tmp_path: Path
) -> None:
    """Class: a first dry run (nothing published yet), formats without a PDF."""
    settings = dataclasses.replace(
        mail_settings(tmp_path, 9), inputs=(seeds,), formats=("json", "md"), date=DAY
    )
    res = run_daily(settings, dry_run=True)
    assert list(_tree(settings.out_dir)) == [f"{DAY.isoformat()}/briefing.eml"]
    assert res.eml is not None and b"Subject:" in res.eml.read_bytes()


def test_a_dry_run_attaches_the_pdf_it_made_aside(seeds: Path, tmp_path: Path) -> None:
    """Class: formats with a PDF: the message carries it, the output folder gets no day files."""
    settings = dataclasses.replace(
        mail_settings(tmp_path, 9), inputs=(seeds,), formats=("html", "pdf"), date=DAY
    )
    res = run_daily(settings, dry_run=True)
    assert list(_tree(settings.out_dir)) == [f"{DAY.isoformat()}/briefing.eml"]
    assert res.eml is not None
    msg = email.message_from_bytes(res.eml.read_bytes(), policy=email.policy.default)
    pdfs = [p for p in msg.walk() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_content().startswith(b"%PDF")
