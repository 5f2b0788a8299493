"""``briefing ingest``: read articles and print them (JSON Lines or readable text)."""

from __future__ import annotations

import json

import typer

from ._apps import STATE, ExitCode, app, boundary, err, language_code, shown

INGEST_FORMATS = ("json", "text")


def _text_block(d: dict) -> str:  # type: ignore[type-arg]
    """One article as readable text: a few header lines, then the paragraphs."""
    when = d["published"] or d["date"] or "no date"
    lines = [
        f"== {d['path']}  [{d['id']}]",
        f"title: {d['title'] or ''}" + ("  (derived)" if d["title_derived"] else ""),
        f"date: {when}  ({d['date_method'] or 'none'}, confidence {d['date_confidence']:.2f})",
    ]
    for key in ("source", "url"):
        if d[key]:
            lines.append(f"{key}: {d[key]}")
    if d["credits"]:
        lines.append("credits: " + ", ".join(d["credits"]))
    lines.append(f"language: {d['language']}")
    if d["outlets"]:
        lines.append(f"outlets: {', '.join(d['outlets'])} ({len(d['duplicates'])} copies folded)")
    lines.extend(f"warning: {w}" for w in d["warnings"])
    lines.append("")
    for p in d["paragraphs"]:
        lines.append(("## " if p["heading"] else "") + p["text"])
        lines.append("")
    return "\n".join(lines)


@app.command()
@boundary
def ingest(
    paths: list[str] = typer.Argument(
        ...,
        help="Files, folders (recursive), globs or feed URLs (.txt .html .json .jsonl .xml .rss .atom).",
    ),
    fmt: str = typer.Option("json", "--format", "-f", help="json (one object per line) or text."),
    dedup: bool = typer.Option(
        False, "--dedup/--no-dedup", help="Fold wire copies and near-duplicates into one article."
    ),
    timezone: str = typer.Option(
        None, "--timezone", help="Zone for naive times [default: Europe/Berlin]."
    ),
    language: str = typer.Option(
        None,
        "--language",
        callback=language_code,
        help="Source language (default: detect per article).",
    ),
    max_file_bytes: int = typer.Option(
        None, "--max-file-bytes", min=1, help="Skip files larger than this."
    ),
    config: str = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Read articles and print them: one JSON object per line, or readable text.

    Skipped inputs are named on stderr; the exit code is 3 when an input could not be read
    (entries without text are counted, not failures) and 4 when a given path does not exist
    or nothing could be read.
    """
    from pathlib import Path

    from ..config import load_settings
    from ..ingest import article_to_dict, read_inputs

    fmt = fmt.lower()
    if fmt not in INGEST_FORMATS:
        raise typer.BadParameter(
            f"unknown format {fmt!r}; choose json or text", param_hint="--format"
        )
    settings = load_settings(
        Path(config) if config else None,
        timezone=timezone,
        source_language=language,
        max_file_bytes=max_file_bytes,
    )
    result = read_inputs(paths, settings.ingest_options())
    articles = result.articles
    if dedup:
        from ..dedup import fold_duplicates

        articles = fold_duplicates(articles, days=settings.dedup_days)
    for a in articles:
        d = article_to_dict(a)
        if fmt == "json":
            typer.echo(json.dumps(d, ensure_ascii=False))
        else:
            typer.echo(_text_block(d))
    empty = [s for s in result.skipped if s.kind != "input"]
    for s in result.skipped:
        if s.kind == "input" or STATE.get("verbose"):
            err(f"briefing: skipped {shown(s.path)}: {shown(s.reason)}")
    if empty and not STATE.get("verbose"):
        n = len(empty)
        err(
            f"briefing: {n} entr{'y' if n == 1 else 'ies'} without text skipped (--verbose names them)"
        )
    if result.missing or not articles:
        if not articles:
            err("briefing: error: no readable article in " + ", ".join(map(shown, paths)))
        raise typer.Exit(int(ExitCode.NO_INPUT))
    if len(empty) < len(result.skipped):
        raise typer.Exit(int(ExitCode.PARTIAL))
