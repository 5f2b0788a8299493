"""``briefing summarize PATH`` and ``briefing eval summaries FILE``: extractive summaries and
their ROUGE scores against references."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._apps import app, boundary, err, eval_app, language_code

_DEFAULT_EVAL_ALGORITHMS = "default,lead,lexrank,textrank"


def _check_algorithm(name: str) -> str:
    from ..summarize import ALGORITHMS

    if name not in ALGORITHMS:
        raise typer.BadParameter(f"unknown algorithm '{name}'; choose from {', '.join(ALGORITHMS)}")
    return name


@app.command("summarize")
@boundary
def summarize(
    path: Path = typer.Argument(..., help="A text, HTML or JSON file with German (or other) news."),
    sentences: int = typer.Option(
        5, "--sentences", "-s", min=1, help="Summary length in sentences."
    ),
    words: int | None = typer.Option(
        None, "--words", "-w", min=1, help="Summary length in words (instead of sentences)."
    ),
    algorithm: str = typer.Option(
        "default",
        "--algorithm",
        "-a",
        help="default, lead, lexrank, textrank, lsa, luhn, edmundson, kl, sumbasic, reduction, random.",
    ),
    language: str | None = typer.Option(
        None,
        "--language",
        "-l",
        callback=language_code,
        help="Source language (default: the article's detected language).",
    ),
    fmt: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text (a header line per article when there are several) "
        "or json (one object per article per line).",
    ),
    config: Path | None = typer.Option(None, "--config", help="Configuration file."),
) -> None:
    """Print the summary sentences of one file, one per line, in the source language.

    A file with several articles (JSON, JSONL, CSV, a feed) gets a header line before each
    summary ("== id · title"); ``--format json`` prints one JSON object per article instead."""
    from ..config import load_settings
    from ..ingest import read_file
    from ..summarize import summarize_story

    _check_algorithm(algorithm)
    if fmt not in ("text", "json"):
        raise typer.BadParameter(
            f"unknown format {fmt!r}; choose text or json", param_hint="--format"
        )
    settings = load_settings(config)
    articles = read_file(path, settings.ingest_options())
    several = len(articles) > 1
    for i, article in enumerate(articles):
        got = summarize_story(
            [article], algorithm=algorithm, sentences=sentences, words=words, language=language
        )
        if not got:
            err(f"briefing: warning: {article.path}: no sentence fit for a summary")
        if fmt == "json":
            record = {
                "id": article.id,
                "path": article.path,
                "title": article.title,
                "summary": [s.text for s in got],
                "positions": [s.position for s in got],
            }
            typer.echo(json.dumps(record, ensure_ascii=False))
            continue
        if several:
            if i:
                typer.echo("")
            typer.echo(f"== {article.id} · {article.title or article.path}")
        for sentence in got:
            typer.echo(sentence.text)


@eval_app.command("summaries")
@boundary
def eval_summaries(
    source: Path = typer.Argument(
        ...,
        help="JSONL with 'text' and 'reference' per line, or a folder like evaldata/html-de/ "
        "(gold.jsonl 'description' as the reference).",
    ),
    algorithms: str = typer.Option(
        _DEFAULT_EVAL_ALGORITHMS, "--algorithms", help="Comma-separated algorithms to score."
    ),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="Score only N records."),
    sentences: int = typer.Option(
        3, "--sentences", "-s", min=1, help="Summary length in sentences."
    ),
    words: int | None = typer.Option(None, "--words", "-w", min=1, help="Summary length in words."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    split: str | None = typer.Option(
        None,
        "--split",
        help="Score one half of the records only: 'tune' or 'check' (halved by id hash).",
    ),
    extractor: str = typer.Option(
        "briefing",
        "--extractor",
        help="How a folder's pages become text: 'briefing' (as the pipeline reads them; pages "
        "it skips are skipped) or 'trafilatura' (the evaldata README's baseline).",
    ),
) -> None:
    """Score summarizers with ROUGE-1/2/L F1 on German stems; Lead-3 is always in the table."""
    from ..evaluation.ingest import select_split
    from ..evaluation.summaries import evaluate, format_table, load_records

    names = [_check_algorithm(a.strip()) for a in algorithms.split(",") if a.strip()]
    records = select_split(load_records(source, extractor=extractor), lambda r: str(r.id), split)
    if limit is not None:
        records = records[:limit]
    scores = evaluate(records, names, sentences=sentences, words=words)
    if as_json:
        payload = {"source": str(source), "scores": [s.to_dict() for s in scores]}
        typer.echo(json.dumps(payload, indent=2))
        return
    typer.echo(format_table(scores))
    lead3 = scores[0]
    default = next((s for s in scores if s.algorithm == "default"), None)
    lexrank = next((s for s in scores if s.algorithm == "lexrank"), None)
    if default is not None:
        typer.echo(
            f"default vs lead-3: R-1 {default.r1 - lead3.r1:+.1f}, R-L {default.rl - lead3.rl:+.1f}"
        )
        if lexrank is not None:
            typer.echo(
                f"default vs lexrank: R-1 {default.r1 - lexrank.r1:+.1f}, "
                f"R-L {default.rl - lexrank.rl:+.1f}"
            )
