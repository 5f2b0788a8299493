"""Rendering: the Briefing as HTML, PDF, JSON, Markdown, plain text and an email body.

Everything for a run is rendered in memory first and only then written (atomically), so a
template error raises ``TemplateError("FILE:LINE: message")`` and leaves earlier outputs as they
were. ``settings.templates_dir`` overrides single template files; the built-ins serve the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from ..errors import RenderError
from ..fsutil import (
    UntrustedJSONError,
    atomic_write,
    clean_stale_temps,
    read_json_untrusted,
    recover_folder_swaps,
    replace_folder_files,
)
from ..models import Briefing
from ..options import RenderOptions
from ..outputs import OUTPUT_FORMATS, RenderJob, day_formats, format_names
from .context import briefing_to_dict, day_context, index_context, to_json
from .env import render_template, template_dirs, with_deadline

__all__ = [
    "OUTPUT_FORMATS",
    "briefing_to_dict",
    "format_names",
    "index_listing",
    "render_all",
    "render_day_html",
    "render_day_json",
    "render_day_markdown",
    "render_day_pdf",
    "render_day_print_html",
    "render_day_text",
    "render_email",
    "render_index",
    "write_outputs",
]

log = logging.getLogger(__name__)

PAPERS = {"a4": "A4", "letter": "Letter"}
_DAY_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ATTR = re.compile(r'="[^"]*"')


def _paper(settings: RenderOptions) -> str:
    paper = PAPERS.get(str(settings.paper).strip().lower())
    if paper is None:
        raise RenderError(f"unknown paper size {settings.paper!r}: use A4 or Letter")
    return paper


def _render(name: str, ctx: dict[str, Any], settings: RenderOptions, *, kind: str = "html") -> str:
    """Render one template from the configured folder, within ``template_timeout``."""
    return render_template(
        name, ctx, settings.templates_dir, kind=kind, timeout=settings.template_timeout
    )


def _ctx(
    briefing: Briefing, day: dt.date, settings: RenderOptions, output: str, **kw: Any
) -> dict[str, Any]:
    ctx = day_context(briefing, day, settings, output=output, **kw)
    ctx["settings"]["paper"] = _paper(settings)
    return ctx


def render_day_html(briefing: Briefing, day: dt.date, settings: RenderOptions) -> str:
    """The standalone screen page of one day (no external resources)."""
    return _render("briefing.html", _ctx(briefing, day, settings, "html"), settings)


def render_day_print_html(briefing: Briefing, day: dt.date, settings: RenderOptions) -> str:
    """The HTML that WeasyPrint turns into the PDF."""
    return _render("print.html", _ctx(briefing, day, settings, "pdf"), settings)


def render_day_pdf(
    briefing: Briefing, day: dt.date, settings: RenderOptions, *, refused: list[str] | None = None
) -> bytes:
    """The PDF of one day; URLs the renderer refused to fetch are appended to ``refused``."""
    from .pdf import html_to_pdf

    html = render_day_print_html(briefing, day, settings)
    dirs = template_dirs(settings.templates_dir)
    data, blocked = with_deadline(
        lambda: html_to_pdf(html, dirs[0], dirs),
        settings.pdf_timeout,
        f"the PDF of {day.isoformat()}",
        setting="pdf_timeout",
        hint="a page too long to lay out?",
    )
    if refused is not None:
        refused.extend(blocked)
    return data


def render_day_markdown(briefing: Briefing, day: dt.date, settings: RenderOptions) -> str:
    """One day as Markdown (every value Markdown-escaped)."""
    return _render("briefing.md", _ctx(briefing, day, settings, "md"), settings, kind="md")


def render_day_text(briefing: Briefing, day: dt.date, settings: RenderOptions) -> str:
    """One day as plain text."""
    return _render("briefing.txt", _ctx(briefing, day, settings, "txt"), settings, kind="txt")


def render_day_json(briefing: Briefing, day: dt.date) -> str:
    """``briefing.json`` of one day: ``briefing_to_dict`` restricted to that day."""
    return to_json(briefing_to_dict(briefing, day))


def render_email(briefing: Briefing, day: dt.date, settings: RenderOptions) -> tuple[str, str]:
    """(email-safe HTML with inlined CSS, plain text) of the top stories of ``day``."""
    import css_inline

    top = settings.top_stories or None
    html = _render("email.html", _ctx(briefing, day, settings, "email", top=top), settings)
    # Only the CSS already in the page (the template folders' files, included by Jinja) is
    # inlined: css-inline would otherwise fetch <link> stylesheets over HTTP and read local
    # files anywhere on the machine. The links are dropped, not followed.
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_link_tags=False)
    try:
        inlined = inliner.inline(html)
    except ValueError as exc:
        raise RenderError(f"email.html: cannot inline its CSS: {exc}") from exc
    # css-inline re-serialises attribute values with bare "<" and ">"; harmless in HTML, but
    # mail filters and naive scanners treat them as markup, so escape them again.
    inlined = _ATTR.sub(lambda m: m.group(0).replace("<", "&lt;").replace(">", "&gt;"), inlined)
    text = _render(
        "email.txt", _ctx(briefing, day, settings, "email", top=top), settings, kind="txt"
    )
    return inlined, text


# What the index takes from an earlier day's briefing.json, which anyone could have written:
# at most this many titles, each at most this long; anything of another type is left out.
INDEX_MAX_TITLES = 200
INDEX_MAX_TITLE_CHARS = 300
INDEX_MAX_JSON_BYTES = 50_000_000


def _old_titles(jpath: Path) -> tuple[list[str], int]:
    """The story titles and article count of an earlier day's ``briefing.json`` (untrusted:
    every value's type is checked); ([], 0) with a warning when it is damaged or no briefing."""
    try:
        data = read_json_untrusted(jpath, max_bytes=INDEX_MAX_JSON_BYTES)
    except UntrustedJSONError as exc:
        log.warning("%s: listed without its stories: %s", jpath, exc)
        return [], 0
    days = data.get("days") if isinstance(data, dict) else None
    if not isinstance(days, list):
        log.warning("%s: listed without its stories: not a briefing.json (no list of days)", jpath)
        return [], 0
    titles: list[str] = []
    articles = 0
    wrong = 0
    for d in days:
        stories = d.get("stories") if isinstance(d, dict) else None
        if not isinstance(stories, list):
            wrong += 1
            continue
        for st in stories:
            copies = st.get("copies") if isinstance(st, dict) else None
            if isinstance(copies, int) and 0 < copies < 1_000_000:
                articles += copies
            title = st.get("title") if isinstance(st, dict) else None
            if not isinstance(title, str):
                wrong += 1
            elif title.strip() and len(titles) < INDEX_MAX_TITLES:
                titles.append(title[:INDEX_MAX_TITLE_CHARS])
    if wrong:
        log.warning(
            "%s: %d day(s) or story(ies) of the wrong type, listed without them", jpath, wrong
        )
    return titles, articles


def _real_date(name: str) -> bool:
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True


def _existing_days(out_dir: Path) -> dict[str, dict[str, Any]]:
    days: dict[str, dict[str, Any]] = {}
    if not out_dir.is_dir():
        return days
    for sub in sorted(out_dir.iterdir()):
        if not (_DAY_DIR.match(sub.name) and _real_date(sub.name) and sub.is_dir()):
            continue
        files = {
            f.name: f"{sub.name}/{f.file_name}"
            for f in day_formats()
            if (sub / f.file_name).is_file()
        }
        if not files:
            continue
        jpath = sub / "briefing.json"
        titles, articles = _old_titles(jpath) if jpath.is_file() else ([], 0)
        days[sub.name] = {"date": sub.name, "files": files, "titles": titles, "articles": articles}
    return days


def index_listing(
    out_dir: Path, new_files: dict[str, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The days of ``index.html``: those already in ``out_dir`` merged with ``new_files``."""
    days = _existing_days(Path(out_dir))
    for key, entry in (new_files or {}).items():
        old = days.get(key, {"files": {}})
        days[key] = {**entry, "files": {**old["files"], **entry["files"]}}
    listing = [days[k] for k in sorted(days, reverse=True)]
    order = [f.name for f in day_formats()]
    for entry in listing:
        known = [f for f in order if f in entry["files"]] or list(entry["files"])
        entry["main"] = entry["files"][known[0]]
    return listing


def render_index(
    briefing: Briefing, settings: RenderOptions, new_files: dict[str, dict[str, Any]] | None = None
) -> str:
    """``index.html``: every day already in ``settings.out_dir`` merged with ``new_files``."""
    listing = index_listing(Path(settings.out_dir), new_files)
    return _render("index.html", index_context(listing, briefing, settings), settings)


def render_all(
    briefing: Briefing,
    settings: RenderOptions,
    *,
    refused: list[str] | None = None,
    keep: frozenset[dt.date] = frozenset(),
) -> dict[Path, bytes]:
    """Every output of a run, rendered in memory: {path: bytes}. Nothing is written.

    The days in ``keep`` are listed (index, archive outputs) but their own files are not
    rendered: the build found them up to date."""
    names = [f.strip().lower() for f in settings.formats if f.strip()]
    unknown = [f for f in names if f not in OUTPUT_FORMATS]
    if unknown:
        raise RenderError(
            f"unknown output format {', '.join(unknown)}: use {', '.join(format_names())}"
        )
    formats = [OUTPUT_FORMATS[n] for n in dict.fromkeys(names)]
    _paper(settings)
    out_dir = Path(settings.out_dir)
    files: dict[Path, bytes] = {}
    new_days: dict[str, dict[str, Any]] = {}
    sink = refused if refused is not None else []
    per_day = [f for f in formats if f.scope == "day"]
    todo = [d for d in briefing.days if d.date not in keep]
    slow = _render_in_workers(briefing, todo, settings, [f for f in per_day if f.parallel], sink)
    for day in briefing.days:
        key = day.date.isoformat()
        for fmt in per_day if day.date not in keep else ():
            path = out_dir / key / fmt.file_name
            if path in slow:
                files[path] = slow[path]
                continue
            job = RenderJob(briefing, settings, day=day.date, refused=sink)
            files[path] = fmt.write(job)
        new_days[key] = {
            "date": key,
            "files": {f.name: f"{key}/{f.file_name}" for f in per_day},
            "titles": [s.title for s in day.stories],
            "articles": sum(s.copies for s in day.stories),
        }
    listing = index_listing(out_dir, new_days)
    for fmt in formats:
        if fmt.scope == "archive":
            job = RenderJob(briefing, settings, listing=listing, refused=sink)
            files[out_dir / fmt.file_name] = fmt.write(job)
    files[out_dir / "index.html"] = _render(
        "index.html", index_context(listing, briefing, settings), settings
    ).encode("utf-8")
    return files


def _write_one(name: str, job: RenderJob) -> tuple[bytes, list[str]]:
    """One format of one day, in a worker process: its bytes and the URLs it refused."""
    data = OUTPUT_FORMATS[name].write(job)
    return data, job.refused


def pdf_workers(settings: RenderOptions, days: int) -> int:
    """Worker processes for the slow formats: ``workers`` (default: the cores), at most one
    per day; 1 means render in this process."""
    import os

    want = settings.workers or os.cpu_count() or 1
    return max(1, min(int(want), days))


def _render_in_workers(
    briefing: Briefing,
    days: list[Any],
    settings: RenderOptions,
    formats: list[Any],
    refused: list[str],
) -> dict[Path, bytes]:
    """The slow formats (the PDF: WeasyPrint is single-threaded Python) of several days,
    rendered side by side in worker processes; {} when there is one day or one worker, and
    the caller renders them in this process. Same bytes either way."""
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    n = pdf_workers(settings, len(days))
    if not formats or n < 2:
        return {}
    out_dir = Path(settings.out_dir)
    # fork: the workers start with the imports and the format table of this process
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    jobs = {
        out_dir / d.date.isoformat() / f.file_name: (
            f.name,
            RenderJob(briefing, settings, day=d.date, refused=[]),
        )
        for d in days
        for f in formats
    }
    out: dict[Path, bytes] = {}
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        futures = {path: pool.submit(_write_one, *job) for path, job in jobs.items()}
        for path, fut in futures.items():
            data, blocked = fut.result()
            out[path] = data
            refused.extend(blocked)
    log.debug("rendered %d slow outputs in %d worker processes", len(out), n)
    return out


def _clean_leftovers(out_dir: Path, folders: list[Path]) -> None:
    """What a killed earlier run left: staged or moved-aside day sets, and temporary files."""
    if not out_dir.is_dir():
        return
    recover_folder_swaps(out_dir)
    for folder in [out_dir, *folders]:
        if folder.is_dir() and not folder.is_symlink():
            clean_stale_temps(folder, prefixes=(".briefing.", ".index.html."))


def write_outputs(
    briefing: Briefing, settings: RenderOptions, *, keep: frozenset[dt.date] = frozenset()
) -> list[Path]:
    """Render every output, then write them: each day's files as one set (a kill leaves the
    day's complete old set or its complete new one), then ``index.html``; returns the paths."""
    files = render_all(briefing, settings, keep=keep)
    out_dir = Path(settings.out_dir)
    by_folder: dict[Path, dict[str, bytes]] = {}
    for path, data in files.items():
        by_folder.setdefault(path.parent, {})[path.name] = data
    day_folders = [f for f in by_folder if f != out_dir]
    _clean_leftovers(out_dir, day_folders)
    written: list[Path] = []
    try:
        for folder in day_folders:
            written += replace_folder_files(folder, by_folder[folder])
        for name, data in by_folder.get(out_dir, {}).items():
            written.append(atomic_write(out_dir / name, data))
    except OSError as exc:
        where = exc.filename or out_dir
        raise RenderError(f"{where}: cannot write: {exc.strerror or exc}") from exc
    log.info("wrote %d files to %s", len(written), settings.out_dir)
    return written
