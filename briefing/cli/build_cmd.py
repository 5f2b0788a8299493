"""``briefing build``: articles in, one briefing per publication day out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..outputs import format_names
from ._apps import STATE, app, boundary, err, language_code

if TYPE_CHECKING:
    from ..pipeline import BuildResult


def parse_date(value: str | None, timezone: str = "Europe/Berlin") -> dt.date | None:
    """YYYY-MM-DD, today, yesterday or -7d (today in ``timezone``)."""
    from ..config import parse_day

    if value is None:
        return None
    try:
        return parse_day(value, timezone)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


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
    inputs: list[Path] = typer.Argument(
        ..., help="Files, folders (recursive) or globs of articles."
    ),
    out: Path = typer.Option(None, "--out", "-o", help="Output folder [default: output]."),
    date: str = typer.Option(
        None, "--date", help="Build only this publication day (YYYY-MM-DD, today, yesterday, -2d)."
    ),
    since: str = typer.Option(
        None,
        "--since",
        help="Build only days from this one on (YYYY-MM-DD, today, yesterday, -7d).",
    ),
    until: str = typer.Option(None, "--until", help="Build only days up to this one (same forms)."),
    to: str = typer.Option(
        None, "--to", callback=language_code, help="Target language [default: en]."
    ),
    formats: str = typer.Option(
        None, "--format", help="Outputs, comma-separated: " + ",".join(format_names())
    ),
    templates: Path = typer.Option(
        None, "--templates", help="Folder whose templates override the built-ins."
    ),
    algorithm: str = typer.Option(
        None, "--algorithm", help="Summarizer: default, lead, lexrank, textrank, lsa, luhn, ..."
    ),
    sentences: int = typer.Option(None, "--sentences", min=1, help="Summary sentences per story."),
    words: int = typer.Option(
        None, "--words", min=1, help="Summary words per story (instead of --sentences)."
    ),
    top: int = typer.Option(
        None, "--top", min=1, help="Stories that lead the briefing; the rest are listed compactly."
    ),
    cluster_threshold: float = typer.Option(
        None, "--cluster-threshold", min=0.0, max=1.0, help="Similarity needed to join a story."
    ),
    paper: str = typer.Option(None, "--paper", help="PDF paper size: A4 or Letter."),
    state: Path = typer.Option(
        None, "--state", help="SQLite state file (threads, translation memory)."
    ),
    device: str = typer.Option(None, "--device", help="Translation device: auto, cpu or cuda."),
    beam_size: int = typer.Option(None, "--beam-size", min=1, help="Translation beam size."),
    executor: str = typer.Option(None, "--executor", help="Per-article stages: local or dask."),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Dask scheduler address (with --executor dask)."
    ),
    workers: int = typer.Option(
        None,
        "--workers",
        min=1,
        help="Worker processes: a local Dask cluster, the store's parsing, the days' stories"
        " (1: in this process) [default: cores].",
    ),
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
    given = {"date": date, "since": since, "until": until}
    days = {k: parse_date(v, settings.timezone) for k, v in given.items() if v is not None}
    if days:
        settings = replace(settings, **days)  # type: ignore[arg-type]
    result = run_build(settings, progress=Progress(quiet=bool(STATE.get("quiet"))))
    if STATE.get("verbose"):
        for path in result.written:
            typer.echo(str(path))
    err(summary_line(result, settings.out_dir))
    raise typer.Exit(int(result.exit_code))


def _n(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def summary_line(result: BuildResult, out_dir: Path) -> str:
    """The one line ``build`` prints: what was read, made and written."""
    b = result.briefing
    r = b.report
    stories = sum(len(d.stories) for d in b.days)
    unread = sum(1 for s in r.skipped if s.kind == "input")
    empty = len(r.skipped) - unread
    skipped = []
    if unread:
        skipped.append(f"{_n(unread, 'input')} could not be read")
    if empty:
        skipped.append(f"{_n(empty, 'entry', 'entries')} without text skipped")
    extra = f" ({'; '.join(skipped)})" if skipped else ""
    translated = ""
    if r.translated_sentences or r.cached_sentences:
        translated = (
            f"; {_n(r.translated_sentences, 'sentence')} translated, "
            f"{r.cached_sentences} from cache"
        )
    return (
        f"briefing: {_n(len(b.days), 'day')}, {_n(stories, 'story', 'stories')} from "
        f"{_n(r.read, 'article')}{extra}{translated}; "
        f"wrote {_n(len(result.written), 'file')} to {out_dir}"
        + (f" ({_n(len(result.kept), 'file')} up to date, kept)" if result.kept else "")
    )
