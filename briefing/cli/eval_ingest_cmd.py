"""``briefing eval ingest DIR``: date and boilerplate scores beside trafilatura+htmldate."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._apps import boundary, eval_app


@eval_app.command("ingest")
@boundary
def eval_ingest(
    folder: Path = typer.Argument(
        ..., help="Folder with gold.jsonl and the pages it names (like evaldata/html-de/)."
    ),
    limit: int | None = typer.Option(
        None, "--limit", "-n", min=1, help="Score only the first N pages."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    only_briefing: bool = typer.Option(
        False, "--no-baseline", help="Skip the trafilatura+htmldate baseline (faster)."
    ),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes to score pages with."),
    split: str | None = typer.Option(
        None,
        "--split",
        help="Score one half of the pages only: 'tune' or 'check' (halved by file-name hash).",
    ),
    config: Path | None = typer.Option(None, "--config", help="Configuration file."),
    timezone: str | None = typer.Option(None, "--timezone", help="Zone for naive times."),
) -> None:
    """Score HTML extraction (date accuracy, boilerplate P/R/F1, s/page) on labelled pages."""
    from ..config import load_settings
    from ..errors import InputError
    from ..evaluation.ingest import (
        BASELINE,
        BRIEFING,
        SYSTEMS,
        calibration,
        evaluate_pages,
        format_breaks,
        format_calibration,
        format_skipped,
        format_table,
        htmldate_breaks,
        kept_pages,
    )

    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    settings = load_settings(config, timezone=timezone)
    systems = (BRIEFING,) if only_briefing else SYSTEMS
    scores, gold, results = evaluate_pages(
        folder, settings, limit=limit, systems=systems, workers=workers, split=split
    )
    scored = kept_pages(gold, results[BRIEFING])  # pages skipped as not an article left out
    table = calibration(scored, results[BRIEFING])
    breaks = (
        htmldate_breaks(scored, results[BRIEFING], results[BASELINE])
        if BASELINE in results
        else None
    )
    if as_json:
        payload = {
            "folder": str(folder),
            "split": split or "all",
            "systems": [s.to_dict() for s in scores],
            "skipped": [
                {"file": r.file, "reason": r.skipped} for r in results[BRIEFING] if r.skipped
            ],
            "calibration": [
                {"low": r.low, "high": r.high, "pages": r.pages, "correct": r.correct}
                for r in table
            ],
        }
        if breaks is not None:
            payload["htmldate_breaks"] = [
                {
                    "file": b.file,
                    "gold": list(b.gold),
                    "briefing": b.date,
                    "htmldate": b.htmldate,
                    "method": b.method,
                    "contradicted": b.contradicted,
                }
                for b in breaks
            ]
        typer.echo(json.dumps(payload, indent=2))
    else:
        typer.echo(f"pages: {split or 'all'} ({len(gold)}), {len(scored)} scored")
        typer.echo(format_table(scores))
        typer.echo(format_skipped(gold, results[BRIEFING]))
        typer.echo("")
        typer.echo("date confidence calibration (briefing, dated pages)")
        typer.echo(format_calibration(table))
        if breaks is not None:
            typer.echo("")
            typer.echo(format_breaks(breaks))
