"""``briefing eval stories DIR``: story clustering and ranking scores beside a baseline."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._apps import boundary, eval_app


@eval_app.command("stories")
@boundary
def eval_stories(
    folder: Path = typer.Argument(
        ...,
        help="Folder with gold-DAY.jsonl, top5-DAY.json and the inputs they name "
        "(like evaldata/stories/).",
    ),
    output_format: str = typer.Option("table", "--format", "-f", help="table or json."),
    days: str | None = typer.Option(
        None, "--days", help="Comma-separated days (YYYY-MM-DD) to score; default all."
    ),
    threshold: float | None = typer.Option(
        None, "--cluster-threshold", min=0.0, max=1.0, help="Cosine threshold for stories."
    ),
    config: Path | None = typer.Option(None, "--config", help="Configuration file."),
) -> None:
    """Score stories (pairwise/B-cubed P/R/F1, split share, top-5 hits, rank of the gold #1)
    per day and on average, beside a TF-IDF average-link baseline and the all-singletons floor."""
    from ..config import load_settings
    from ..errors import InputError
    from ..evaluation.stories import evaluate, format_table

    if output_format not in {"table", "json"}:
        raise InputError(f"--format {output_format}: choose table or json")
    flags = {"cluster_threshold": threshold} if threshold is not None else {}
    settings = load_settings(config, **flags)
    wanted = [d.strip() for d in days.split(",") if d.strip()] if days else None
    scores = evaluate(folder, settings, days=wanted)
    if output_format == "json":
        typer.echo(
            json.dumps({"folder": str(folder), "systems": [s.to_dict() for s in scores]}, indent=2)
        )
    else:
        typer.echo(format_table(scores))
