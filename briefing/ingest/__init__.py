"""Reading files, folders, globs and feeds into ``Article`` objects.

Every bad input becomes a ``Skipped(path, reason)``; the good ones still come out.
"""

from __future__ import annotations

import datetime as dt
import glob
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Article, Skipped
from ..options import IngestOptions

__all__ = [
    "IngestResult",
    "article_to_dict",
    "expand_input",
    "finish_articles",
    "read_file",
    "read_inputs",
]

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    """What ``read_inputs`` read and what it skipped (with reasons)."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # given paths that do not exist


def _is_hidden(path: Path, root: Path) -> bool:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = path
    return any(part.startswith(".") for part in rel.parts)


def _expand(item: Path | str, result: IngestResult) -> list[Path | str]:
    """One given input -> the files (or feed URLs) it names, sorted and deterministic."""
    text = str(item)
    if text.startswith(("http:/", "https:/")):
        # a URL that went through Path() lost one slash ("https:/host/feed")
        return [re.sub(r"^(https?):/+", r"\1://", text)]
    path = Path(text).expanduser()
    if path.is_dir():
        # a dangling link is listed too, so that it is reported rather than silently missed
        files = [
            p
            for p in path.rglob("*")
            if (p.is_file() or (p.is_symlink() and not p.exists())) and not _is_hidden(p, path)
        ]
        files.sort(key=lambda p: p.as_posix())
        return list(files)
    if path.exists() or path.is_symlink():
        return [path]
    if glob.has_magic(text):
        # The pattern as typed (Path() would normalise it); it may be absolute, which
        # Path.glob refuses.
        pattern = os.path.expanduser(text)  # noqa: PTH111
        matches = sorted(Path(m) for m in glob.glob(pattern, recursive=True))  # noqa: PTH207
        out: list[Path | str] = []
        for m in matches:
            out.extend(_expand(m, result) if m.is_dir() else [m])
        if out:
            return out
        result.skipped.append(Skipped(text, "no file matches this pattern"))
        result.missing.append(text)
        return []
    result.skipped.append(Skipped(text, "no such file or directory"))
    result.missing.append(text)
    return []


def expand_input(
    item: Path | str, result: IngestResult, seen: set[str]
) -> list[tuple[str, Path | str]]:
    """``(key, target)`` for each file or feed URL that ``item`` names and no earlier input
    named (``seen`` holds the keys so far: URLs as given, files by their real path); what
    matches nothing goes to ``result``. The one expansion loop of ``read_inputs``, the
    executor and the article store."""
    out: list[tuple[str, Path | str]] = []
    for target in _expand(item, result):
        key = target if isinstance(target, str) else str(Path(target).resolve())
        if key not in seen:
            seen.add(key)
            out.append((key, target))
    return out


def read_inputs(paths: Sequence[Path | str], settings: IngestOptions) -> IngestResult:
    """Read every file, folder (recursively, sorted), glob and feed URL in ``paths``."""
    result = IngestResult()
    seen: set[str] = set()
    for item in paths:
        for _key, target in expand_input(item, result, seen):
            try:
                if isinstance(target, str):
                    from .formats import read_feed_url

                    got = read_feed_url(target, settings, skipped=result.skipped)
                else:
                    got = read_file(target, settings, skipped=result.skipped)
            except InputError as exc:
                log.debug("skipped %s: %s", target, exc)
                result.skipped.append(Skipped(str(target), _reason(exc, target)))
                continue
            except (ValueError, TypeError, LookupError, RecursionError, OSError) as exc:
                # A parser bug or a library choking on one strange file must not end a run
                # over thousands: the file is reported with the error, the traceback logged.
                log.warning("%s: unexpected error while reading", target, exc_info=True)
                result.skipped.append(
                    Skipped(str(target), f"could not be read ({type(exc).__name__}: {exc})")
                )
                continue
            result.articles.extend(got)
    from .sanitize import clean_skipped

    # Names of skipped files are printed and rendered: made safe like article text.
    result.skipped = [clean_skipped(s) for s in result.skipped]
    result.articles = finish_articles(result.articles, settings)
    return result


def finish_articles(articles: list[Article], settings: IngestOptions) -> list[Article]:
    """What needs all the articles read: one outlet name per publisher (section feeds, the
    ``[outlets]`` table) and site suffixes that recur across one outlet's titles; and page
    chrome (``briefing.chrome``) out of every text."""
    from ..chrome import clean_chrome
    from .outlets import unify_outlets
    from .titles import strip_recurring_suffixes

    articles = [clean_chrome(a) for a in articles]
    return strip_recurring_suffixes(unify_outlets(articles, settings.outlets))


def _reason(exc: InputError, target: Path | str) -> str:
    """The reason without a leading "path: " (Skipped carries the path already)."""
    msg = str(exc)
    prefix = f"{target}: "
    return msg[len(prefix) :] if msg.startswith(prefix) else msg


def read_file(
    path: Path, settings: IngestOptions, *, skipped: list[Skipped] | None = None
) -> list[Article]:
    """Read one file into articles; raises ``InputError("path: reason")`` when it cannot.

    Records of JSON/JSONL files and feed entries that are bad on their own are appended to
    ``skipped`` (when given) and the rest of the file is still read.
    """
    from .dates import flag_future
    from .sanitize import clean_article

    saved = saved_time(Path(path))
    return [flag_future(clean_article(a), saved) for a in _read_file(path, settings, skipped)]


def saved_time(path: Path) -> dt.datetime | None:
    """When the input was saved (its modification time): later dates are in its future."""
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except (OSError, ValueError, OverflowError):
        return None


def _read_file(path: Path, settings: IngestOptions, skipped: list[Skipped] | None) -> list[Article]:
    from .encoding import read_bytes
    from .readers import reader_for_suffix, sniff_reader, suffixes

    path = Path(path)
    suffix = path.suffix.lower()
    reader = reader_for_suffix(suffix)
    if reader is None and suffix:
        known = ", ".join(suffixes())
        raise InputError(f"{path}: unknown file type ({suffix}); expected one of {known}")
    data = read_bytes(path, settings)
    if reader is None:
        # No suffix at all: the first bytes decide (a saved feed or page, a JSON export).
        reader = sniff_reader(data)
        if reader is None:
            known = ", ".join(suffixes())
            raise InputError(
                f"{path}: unknown file type (no extension) and the content is not a "
                f"page, feed or JSON; expected one of {known}"
            )
    sink: list[Skipped] = skipped if skipped is not None else []
    return reader(data, path=str(path), settings=settings, skipped=sink)


def _parse_html(html: str, *, path: str, **options: Any) -> Article:
    """HTML goes through the HTML extractor (``briefing.ingest.html.parse_html``)."""
    from .html import parse_html

    if not html.strip():
        raise InputError(f"{path}: empty HTML")
    return parse_html(html, path=path, **options)


def article_to_dict(a: Article) -> dict[str, Any]:
    """A JSON-ready dict of one article, as ``briefing ingest --format json`` prints it."""
    from ..serialize import article_to_dict as to_dict

    return to_dict(a, confidence_digits=3)
