"""``briefing build``: articles in, one briefing per publication day out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from ..outputs import format_names
from ._apps import STATE, app, boundary, err


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    if value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def parse_formats(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    known = format_names()
    unknown = [f for f in formats if f not in known]
    if unknown or not formats:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown) or value!r}; choose from {', '.join(known)}"
        )
    return formats


@app.command()
@boundary
def build(
    inputs: list[Path] = typer.Argument(..., help="Files, folders (recursive) or globs of articles."),
    out: Path = typer.Option(None, "--out", "-o", help="Output folder [default: output]."),
    date: str = typer.Option(None, "--date", help="Build only this publication day (YYYY-MM-DD)."),
    to: str = typer.Option(None, "--to", help="Target language [default: en]."),
    formats: str = typer.Option(None, "--format", help="Outputs, comma-separated: " + ",".join(format_names())),
    templates: Path = typer.Option(None, "--templates", help="Folder whose templates override the built-ins."),
    algorithm: str = typer.Option(None, "--algorithm", help="Summarizer: default, lead, lexrank, textrank, lsa, luhn, ..."),
    sentences: int = typer.Option(None, "--sentences", min=1, help="Summary sentences per story."),
    words: int = typer.Option(None, "--words", min=1, help="Summary words per story (instead of --sentences)."),
    top: int = typer.Option(None, "--top", min=1, help="Stories that lead the briefing; the rest are listed compactly."),
    cluster_threshold: float = typer.Option(None, "--cluster-threshold", min=0.0, max=1.0, help="Similarity needed to join a story."),
    paper: str = typer.Option(None, "--paper", help="PDF paper size: A4 or Letter."),
    state: Path = typer.Option(None, "--state", help="SQLite state file (threads, translation memory)."),
    device: str = typer.Option(None, "--device", help="Translation device: auto, cpu or cuda."),
    beam_size: int = typer.Option(None, "--beam-size", min=1, help="Translation beam size."),
    executor: str = typer.Option(None, "--executor", help="Per-article stages: local or dask."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (with --executor dask)."),
    workers: int = typer.Option(None, "--workers", min=1, help="Worker processes of a local Dask cluster [default: cores]."),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Build the briefing: one folder per publication day with briefing.html, .pdf and .json."""
    from ..config import load_settings
    from ..pipeline import run_build
    from ..progress import Progress

    settings = load_settings(
        config,
        inputs=tuple(inputs),
        out_dir=out,
        date=parse_date(date),
        target_language=to,
        formats=parse_formats(formats),
        templates_dir=templates,
        algorithm=algorithm,
        sentences=sentences,
        words=words,
        top_stories=top,
        cluster_threshold=cluster_threshold,
        paper=paper,
        state_path=state,
        device=device,
        beam_size=beam_size,
        executor=executor,
        scheduler=scheduler,
        workers=workers,
        quiet=STATE.get("quiet") or None,
    )
    result = run_build(settings, progress=Progress(quiet=bool(STATE.get("quiet"))))
    b = result.briefing
    stories = sum(len(d.stories) for d in b.days)
    if not STATE.get("quiet"):
        for path in result.written:
            typer.echo(str(path))
    err(
        f"briefing: read {b.report.read} article(s), skipped {len(b.report.skipped)}; "
        f"{len(b.days)} day(s), {stories} story(ies); "
        f"{b.report.translated_sentences} sentence(s) translated, "
        f"{b.report.cached_sentences} from cache; wrote {len(result.written)} file(s) "
        f"to {settings.out_dir}"
    )
    raise typer.Exit(int(result.exit_code))
