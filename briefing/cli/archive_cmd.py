"""``briefing translate-archive``: whole articles translated in bulk, resumable."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ._apps import STATE, ExitCode, app, boundary, err, language_code


@app.command("translate-archive")
@boundary
def translate_archive(
    inputs: list[Path] = typer.Argument(
        ..., help="Files, folders (recursive) or globs of articles."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Folder for the translated articles (one JSON file each)."
    ),
    from_code: str = typer.Option(
        "de", "--from", callback=language_code, help="Source language of the articles."
    ),
    to_code: str = typer.Option("en", "--to", callback=language_code, help="Target language."),
    executor: str = typer.Option(None, "--executor", help="Where to translate: local or dask."),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address (with --executor dask); none starts a local cluster.",
    ),
    workers: int = typer.Option(
        None,
        "--workers",
        min=1,
        help="Worker processes of the local Dask cluster [default: one per CPU].",
    ),
    batch: int = typer.Option(
        16, "--batch", min=1, help="Articles per task (translated as one batch)."
    ),
    device: str = typer.Option(None, "--device", help="Translation device: auto, cpu or cuda."),
    beam_size: int = typer.Option(None, "--beam-size", min=1, help="Translation beam size."),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Translate whole articles into OUT/articles/*.json; a re-run resumes where the last stopped."""
    from ..archive import Progress
    from ..archive import translate_archive as run
    from ..config import load_settings

    settings = load_settings(
        config,
        inputs=tuple(inputs),
        executor=executor,
        scheduler=scheduler,
        workers=workers,
        device=device,
        beam_size=beam_size,
        quiet=STATE.get("quiet") or None,
    )
    quiet = bool(STATE.get("quiet"))
    tty = sys.stderr.isatty()

    def show(p: Progress) -> None:
        if quiet:
            return
        rate = p.new / p.elapsed if p.elapsed > 0 else 0.0
        line = f"translate-archive: {p.done}/{p.total} articles ({p.new} this run, {rate:.1f}/s)"
        if tty:
            typer.echo("\r" + line, err=True, nl=False)
        else:
            err(line)

    result = run(settings, out, from_code, to_code, chunk_articles=batch, progress=show)
    if tty and not quiet:
        typer.echo("", err=True)
    err(
        f"translate-archive: {result.translated} article(s) translated "
        f"({result.sentences} sentences, {result.seconds:.1f} s), "
        f"{result.already_done} already done, {len(result.skipped)} input(s) skipped; "
        f"see {out / 'index.jsonl'}"
    )
    if result.skipped:
        raise typer.Exit(int(ExitCode.PARTIAL))
