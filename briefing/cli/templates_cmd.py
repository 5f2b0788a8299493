"""``briefing templates init|check`` and ``briefing preview``."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import TemplateError
from ._apps import ExitCode, app, boundary, err, templates_app

_HEADER = (
    "Copied from briefing's default templates ({name}). Edit freely; delete the files you do\n"
    "not change: missing files fall back to the built-ins. To change one block only, replace\n"
    'this file\'s content by {{% extends "default/{name}" %}} and that block.\n'
    "Context (docs/templates.md): briefing (the JSON content: days, stories, summary sentences\n"
    "with original/translated/flags, articles), day, stories, stats {{stories, articles,\n"
    "outlets}}, notices, report, settings {{paper, target_language, formats, top_stories}},\n"
    "output. Every value is escaped (HTML) or Markdown-escaped (.md); article text is data,\n"
    "never template source. Check your changes with: briefing templates check DIR"
)


_CSS_HEADER = (
    "Copied from briefing's default templates ({name}). Edit freely; delete it to use the\n"
    "built-in. It is included by the HTML templates through Jinja, so template syntax works\n"
    "here too. Check your changes with: briefing templates check DIR (docs/templates.md)"
)


def _with_header(name: str, text: str) -> str:
    if name.endswith(".css"):
        return f"/* {_CSS_HEADER.format(name=name)} */\n{text}"
    header = _HEADER.format(name=name)
    return "{#- " + header + " -#}\n" + text


@templates_app.command("init")
@boundary
def init(
    folder: Path = typer.Argument(..., help="Folder to copy the default templates into."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Copy the default templates into FOLDER, each with a comment explaining its context."""
    from ..fsutil import atomic_write_text
    from ..render.env import TEMPLATE_NAMES, builtin_templates_dir

    src = builtin_templates_dir()
    existing = [n for n in TEMPLATE_NAMES if (folder / n).exists()]
    if existing and not force:
        raise TemplateError(f"{folder / existing[0]}: already exists (use --force to overwrite)")
    for name in TEMPLATE_NAMES:
        atomic_write_text(folder / name, _with_header(name, (src / name).read_text("utf-8")))
    typer.echo(f"Copied {len(TEMPLATE_NAMES)} templates to {folder}")
    typer.echo(f"Use them with: briefing build ... --templates {folder}  (see docs/templates.md)")


@templates_app.command("check")
@boundary
def check(
    folder: Path = typer.Argument(..., help="Template folder to check."),
    sample: bool = typer.Option(
        False, "--sample", help="Render the built-in sample instead of the fixtures."
    ),
    paper: str = typer.Option("A4", "--paper", help="Paper size for the PDF: A4 or Letter."),
) -> None:
    """Render every output with FOLDER's templates and report each problem with file and line."""
    from ..config import load_settings
    from ..render.check import check_templates, sample_data

    settings = load_settings(paper=paper)
    briefing, where = sample_data(settings, use_sample=sample)
    problems = check_templates(folder, briefing, settings.render_options())
    for p in problems:
        err(f"briefing: error: {p}")
    if problems:
        err(f"briefing: {len(problems)} problem(s) in {folder} (checked against {where})")
        raise typer.Exit(int(ExitCode.TEMPLATE))
    typer.echo(f"{folder}: all outputs render (checked against {where})")


@app.command("preview")
@boundary
def preview(
    inputs: list[Path] = typer.Argument(
        None,
        help="Your articles (files, folders, globs) or an output folder / briefing.json "
        "[default: the fixtures].",
    ),
    templates: Path | None = typer.Option(
        None, "--templates", help="Template folder (overrides single files of the defaults)."
    ),
    port: int = typer.Option(8000, "--port", help="Port on 127.0.0.1 (0: any free port)."),
    sample: bool = typer.Option(
        False, "--sample", help="Preview the built-in sample instead of the fixtures."
    ),
) -> None:
    """Serve the briefing of INPUTS (HTML and PDF) on 127.0.0.1 with your templates; re-render
    when a template or CSS file changes."""
    from ..config import load_settings
    from ..render.check import preview_data, sample_data
    from ..render.preview import PreviewServer

    settings = load_settings(templates_dir=templates)
    if sample or not inputs:
        briefing, where = sample_data(settings, use_sample=sample)
    else:
        briefing, where = preview_data(list(inputs), settings)
    try:
        server = PreviewServer(briefing, settings.render_options(), port)
    except OSError as exc:
        raise TemplateError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
    typer.echo(f"Previewing {where} at {server.url} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        server.shutdown()
