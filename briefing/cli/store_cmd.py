"""``briefing search`` and ``briefing store stats|prune``: the article store."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._apps import app, boundary, store_app


def _store(config: Path | None, store: Path | None):  # type: ignore[no-untyped-def]
    from ..article_store import ArticleStore
    from ..config import load_settings

    settings = load_settings(config, store_path=store)
    return settings, ArticleStore(settings.store_path)


@app.command()
@boundary
def search(
    query: str = typer.Argument(
        ..., help="Words to find (every word, by stem: Wahl finds Wahlen)."
    ),
    since: str = typer.Option(
        None, "--since", help="From this day on (YYYY-MM-DD, today, yesterday, -7d)."
    ),
    until: str = typer.Option(None, "--until", help="Up to this day (same forms)."),
    source: str = typer.Option(None, "--source", help="Only this outlet (e.g. tagesschau.de)."),
    language: str = typer.Option(
        None, "--language", help="Only articles in this language (de, en, ...)."
    ),
    limit: int = typer.Option(
        50, "--limit", min=1, help="At most this many results, newest first."
    ),
    fmt: str = typer.Option("text", "--format", help="text or json (one object per line)."),
    store: Path = typer.Option(None, "--store", help="The article store [default: store_path]."),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Search the stored articles: date, outlet, title and the story that showed each."""
    from .build_cmd import parse_date

    if fmt not in ("text", "json"):
        raise typer.BadParameter(f"unknown format {fmt!r}; use text or json")
    settings, st = _store(config, store)
    with st:
        hits = st.search(
            query,
            since=parse_date(since, settings.timezone),
            until=parse_date(until, settings.timezone),
            source=source,
            language=language,
            limit=limit,
        )
    for h in hits:
        if fmt == "json":
            typer.echo(json.dumps(h, ensure_ascii=False))
            continue
        story = f"  [story {h['story']}: {h['story_title']}]" if h["story"] else ""
        gone = "  (file gone)" if h["gone"] else ""
        typer.echo(
            f"{h['date'] or 'undated'}  {h['source'] or '-'}  {h['title'] or h['path']}{story}{gone}"
        )


@store_app.command("stats")
@boundary
def stats(
    fmt: str = typer.Option("text", "--format", help="text or json."),
    store: Path = typer.Option(None, "--store", help="The article store [default: store_path]."),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Inputs, articles per day, languages and outlets in the article store."""
    _settings, st = _store(config, store)
    with st:
        s = st.stats()
    if fmt == "json":
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{s['path']}: schema {s['schema_version']}, {s['bytes'] / 1e6:.1f} MB")
    typer.echo(
        f"inputs: {s['inputs']} ({s['inputs_gone']} gone); articles: {s['articles']} "
        f"({s['groups']} group(s) of copies)"
    )
    typer.echo("articles per day:")
    for day, n in s["days"].items():
        typer.echo(f"  {day}  {n}")
    typer.echo("languages: " + ", ".join(f"{k} {v}" for k, v in s["languages"].items()))
    typer.echo("outlets: " + ", ".join(f"{k} {v}" for k, v in s["outlets"].items()))


@store_app.command("prune")
@boundary
def prune(
    store: Path = typer.Option(None, "--store", help="The article store [default: store_path]."),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Forget the articles of input files that were deleted (marked gone by a run)."""
    settings, st = _store(config, store)
    with st:
        inputs, articles = st.prune(settings.dedup_days)
    typer.echo(f"pruned {inputs} input(s) and {articles} article(s)")
