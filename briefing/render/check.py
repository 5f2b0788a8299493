"""``templates check``: render every output from a template folder and list the problems."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jinja2

from ..config import Settings
from ..errors import BriefingError, InputError
from ..models import Briefing
from ..options import RenderOptions
from .env import (
    MAX_TEMPLATE_BYTES,
    html_env,
    outside_template_dirs,
    template_dirs,
    text_env,
)

__all__ = ["check_templates", "preview_data", "read_output_folder", "sample_data"]

log = logging.getLogger(__name__)


def sample_data(settings: Settings, *, use_sample: bool = False) -> tuple[Briefing, str]:
    """The briefing to check or preview against: the fixtures through the pipeline when both
    exist, else the built-in sample. Returns it and a description of where it came from."""
    from .sample import sample_briefing

    fixtures = Path(__file__).resolve().parent.parent.parent / "fixtures"
    if not use_sample and fixtures.is_dir():
        from ..pipeline import build_briefing

        # A private state file: checking templates must not move the user's story threads.
        with tempfile.TemporaryDirectory(prefix="briefing-check-") as tmp:
            s = dataclasses.replace(
                settings,
                inputs=(fixtures,),
                formats=("html",),
                state_path=Path(tmp) / "state.sqlite",
                date=None,
            )
            try:
                # "not translated" concerns builds, not a template check or preview
                with _quiet("briefing.translate"):
                    return build_briefing(s), f"the fixtures in {fixtures}"
            except BriefingError as exc:
                # Unreadable fixtures: templates can still be checked against the sample.
                log.warning("cannot build the fixtures (%s); using the built-in sample", exc)
    return sample_briefing(), "the built-in sample briefing"


def _briefing_files(item: Path) -> list[Path]:
    """The ``briefing.json`` files an input names: the file itself, or those of an output
    folder's day folders ([] when it is neither)."""
    if item.is_file() and item.name == "briefing.json":
        return [item]
    if item.is_dir():
        return sorted(item.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/briefing.json"))
    return []


def read_output_folder(files: list[Path]) -> Briefing:
    """One briefing of every day in ``briefing.json`` files (earlier outputs: read as untrusted)."""
    from ..fsutil import UntrustedJSONError, read_json_untrusted
    from ..serialize import briefing_from_dict

    parts: list[Briefing] = []
    for f in files:
        try:
            parts.append(briefing_from_dict(read_json_untrusted(f)))
        except (UntrustedJSONError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{f}: not a briefing.json that can be previewed ({exc})") from None
    days = {d.date: d for b in parts for d in b.days}
    notices = tuple(dict.fromkeys(n for b in parts for n in b.notices))
    first = parts[0]
    return dataclasses.replace(
        first,
        days=tuple(days[k] for k in sorted(days)),
        notices=notices,
        generated_at=max(b.generated_at for b in parts),
    )


def preview_data(inputs: list[Path], settings: Settings) -> tuple[Briefing, str]:
    """What ``briefing preview INPUTS`` shows: an output folder's (or briefing.json files')
    days as they were built, or the user's articles built afresh with a private state file
    (so previewing moves no story thread); no inputs: ``sample_data``."""
    if not inputs:
        return sample_data(settings)
    found = [_briefing_files(Path(i)) for i in inputs]
    if all(found):
        files = [f for group in found for f in group]
        return read_output_folder(files), f"the briefing.json of {', '.join(map(str, inputs))}"
    from ..pipeline import build_briefing

    with tempfile.TemporaryDirectory(prefix="briefing-preview-") as tmp:
        s = dataclasses.replace(
            settings, inputs=tuple(inputs), state_path=Path(tmp) / "state.sqlite"
        )
        with _quiet("briefing.translate"):
            return build_briefing(s), f"the articles in {', '.join(map(str, inputs))}"


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    old = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(old)


def _syntax_problems(folder: Path) -> list[str]:
    problems = []
    env = html_env(folder)
    tenv = text_env(folder)
    roots = template_dirs(folder)
    for path in sorted(folder.rglob("*")):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            real = path.resolve()
            if not any(real.is_relative_to(r) for r in roots):
                problems.append(f"{path}: refused: it leads outside the template folders")
            continue
        refused = outside_template_dirs(path, roots)
        if refused:  # e.g. passwd.css -> /etc/passwd: never read, even to check its syntax
            problems.append(f"{path}: refused: {refused}")
            continue
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_TEMPLATE_BYTES:
                problems.append(f"{path}: refused: larger than {MAX_TEMPLATE_BYTES} bytes")
                continue
            source = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot read: {exc}")
            continue
        e = tenv if path.suffix in (".md", ".txt") else env
        try:
            e.parse(source, name=path.name, filename=str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(f"{path}:{exc.lineno}: {exc.message}")
    return problems


def check_templates(folder: Path, briefing: Briefing, settings: RenderOptions) -> list[str]:
    """Every problem found rendering all outputs from ``folder`` (empty list: all good).

    Every format of the output table (``briefing/outputs.py``) is rendered, plus the email
    body and the index page; slow formats (the PDF) only for the day with the most stories.
    """
    from ..outputs import OUTPUT_FORMATS, RenderJob
    from . import index_listing, render_email, render_index

    folder = Path(folder)
    template_dirs(folder)  # raises when the folder is missing
    settings = dataclasses.replace(settings, templates_dir=folder)
    problems = _syntax_problems(folder)
    days = [d.date for d in briefing.days]
    largest = [max(briefing.days, key=lambda d: len(d.stories)).date] if briefing.days else []
    refused: list[str] = []
    nowhere = folder / ".no-such-dir"
    for fmt in OUTPUT_FORMATS.values():
        if fmt.scope == "archive":
            jobs = [RenderJob(briefing, settings, listing=index_listing(nowhere), refused=refused)]
        else:
            chosen = largest if fmt.check_days == "largest" else days
            jobs = [RenderJob(briefing, settings, day=d, refused=refused) for d in chosen]
        for job in jobs:
            try:
                fmt.write(job)
            except BriefingError as exc:
                problems.append(f"{exc} (rendering {fmt.file_name})")
                break
    for day in days:
        try:
            render_email(briefing, day, settings)
        except BriefingError as exc:
            problems.append(f"{exc} (rendering email)")
            break
    try:
        render_index(briefing, dataclasses.replace(settings, out_dir=nowhere))
    except BriefingError as exc:
        problems.append(f"{exc} (rendering index.html)")
    for url in dict.fromkeys(refused):
        problems.append(
            f"{folder}: the PDF referenced {url}: refused (only files in the "
            f"template folders and data: URIs are allowed)"
        )
    return list(dict.fromkeys(problems))
