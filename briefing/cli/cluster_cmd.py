"""``briefing cluster FILE.jsonl``: story labels for {"id", "text"} lines (the evaluation hook)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ._apps import ExitCode, app, boundary, err

if TYPE_CHECKING:
    from ..models import Article


def read_records(raw: bytes, name: str) -> tuple[list[Article], dict[str, object], list[str]]:
    """Articles from {"id", "text"[, "date", "title"]} lines; bad lines are named, not fatal."""
    import datetime as dt
    import re

    from ..jsonl import json_lines
    from ..models import Article, Paragraph

    articles: list[Article] = []
    original_ids: dict[str, object] = {}
    problems: list[str] = []
    text = raw.decode("utf-8", errors="replace")
    for lineno, rec, problem in json_lines(text):
        where = f"{name}:{lineno}"
        if problem:
            problems.append(f"{where}: {problem}; line skipped")
            continue
        if not isinstance(rec, dict) or "id" not in rec or not isinstance(rec.get("text"), str):
            problems.append(f'{where}: needs an "id" and a "text" string; line skipped')
            continue
        key = str(rec["id"])
        if key in original_ids:
            problems.append(f"{where}: id {key!r} seen before; line skipped")
            continue
        day = None
        if rec.get("date"):
            try:
                day = dt.date.fromisoformat(str(rec["date"])[:10])
            except ValueError:
                problems.append(f"{where}: date {rec['date']!r} is not YYYY-MM-DD; line skipped")
                continue
        blocks = (
            re.split(r"\n\s*\n", rec["text"]) if "\n\n" in rec["text"] else rec["text"].splitlines()
        )
        paragraphs = tuple(Paragraph(b.strip()) for b in blocks if b.strip())
        title = rec.get("title") if isinstance(rec.get("title"), str) else None
        articles.append(
            Article(
                id=key,
                path=f"{name}#{lineno}",
                paragraphs=paragraphs,
                title=title or None,
                date=day,
                language=str(rec.get("language") or "de"),
            )
        )
        original_ids[key] = rec["id"]
    return articles, original_ids, problems


@app.command("cluster")
@boundary
def cluster_command(
    file: Path = typer.Argument(..., help='JSON lines: {"id", "text"}, optional "date", "title".'),
    threshold: float = typer.Option(
        None,
        "--threshold",
        min=0.0,
        max=1.0,
        help="Cosine similarity to join a story [default: 0.16].",
    ),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Cluster articles into stories per day; print {"id", "cluster"} lines in input order.

    Labels are integers, numbered day by day (undated lines form one group), so a label
    never stands for two stories.
    """
    from ..cluster import cluster_day
    from ..config import load_settings
    from ..errors import InputError

    settings = load_settings(config, cluster_threshold=threshold)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror}") from None
    articles, original_ids, problems = read_records(raw, str(file))
    for problem in problems:
        err(f"briefing: warning: {problem}")
    if not articles:
        raise InputError(f'{file}: no usable {{"id", "text"}} line')
    groups: dict[object, list[Article]] = {}
    for a in articles:
        groups.setdefault(a.date, []).append(a)
    labels: dict[str, int] = {}
    next_label = 0
    for day in sorted(groups, key=lambda d: (d is None, d)):
        for members in cluster_day(groups[day], settings.cluster_threshold):
            for a in members:
                labels[a.id] = next_label
            next_label += 1
    for a in articles:
        line = json.dumps({"id": original_ids[a.id], "cluster": labels[a.id]}, ensure_ascii=False)
        if not line.isascii() and any("\ud800" <= c <= "\udfff" for c in line):
            # an id holding a lone surrogate ("\ud800" in the input) is given back escaped,
            # the same JSON value, so it still matches the caller's record
            line = json.dumps({"id": original_ids[a.id], "cluster": labels[a.id]})
        typer.echo(line)
    if problems:
        raise typer.Exit(int(ExitCode.PARTIAL))
