"""The Jinja2 environments: where templates are found, how values are escaped, and how a
template failure becomes a ``TemplateError("FILE:LINE: message")``."""

from __future__ import annotations

import datetime as dt
import functools
import re
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from ..errors import TemplateError

__all__ = [
    "builtin_templates_dir",
    "template_dirs",
    "html_env",
    "text_env",
    "md_escape",
    "MdSafe",
    "template_error",
    "render_template",
    "TEMPLATE_NAMES",
]

# Every file a default output is rendered from (the names users override).
TEMPLATE_NAMES = (
    "base.html",
    "briefing.html",
    "print.html",
    "email.html",
    "index.html",
    "briefing.md",
    "briefing.txt",
    "email.txt",
    "base.css",
    "screen.css",
    "print.css",
    "email.css",
)
_TEXT_SUFFIXES = (".md", ".txt")


def builtin_templates_dir() -> Path:
    """The default templates: ``briefing/templates`` when installed, else the repository's."""
    pkg = Path(__file__).resolve().parent.parent
    for candidate in (pkg / "templates", pkg.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise TemplateError(f"{pkg / 'templates'}: the built-in templates are missing")


def template_dirs(user_dir: Path | None) -> list[Path]:
    """Folders searched for templates, user folder first."""
    dirs = []
    if user_dir is not None:
        user_dir = Path(user_dir)
        if not user_dir.is_dir():
            raise TemplateError(f"{user_dir}: templates folder not found")
        dirs.append(user_dir.resolve())
    dirs.append(builtin_templates_dir())
    return dirs


def _loader(user_dir: Path | None) -> jinja2.BaseLoader:
    dirs = template_dirs(user_dir)
    builtin = jinja2.FileSystemLoader(str(dirs[-1]))
    # "default/NAME" always means the built-in file, so an override can extend the original.
    return jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"default": builtin}),
            jinja2.FileSystemLoader([str(d) for d in dirs]),
        ]
    )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")


class MdSafe(str):
    """A string already safe for Markdown output (not escaped again)."""


def md_escape(value: Any) -> str:
    """Backslash-escape the characters that would make Markdown (or HTML in it) live."""
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return str(value)
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def _md_url(value: Any) -> MdSafe:
    """A URL for a Markdown link target: only http(s) URLs, percent-encoding what breaks links."""
    s = str(value or "")
    if not re.match(r"^https?://", s, re.I):
        return MdSafe("")
    return MdSafe(re.sub(r"[\s()<>\[\]\\`]", lambda m: f"%{ord(m.group()):02X}", s))


_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def longdate(value: Any) -> str:
    """``2025-11-29`` -> ``Saturday, 29 November 2025`` (locale-independent)."""
    d = _as_date(value)
    if d is None:
        return ""
    return f"{_WEEKDAYS[d.weekday()]}, {d.day} {_MONTHS[d.month - 1]} {d.year}"


def shortdate(value: Any) -> str:
    """``2025-11-29`` -> ``29 Nov 2025``."""
    d = _as_date(value)
    if d is None:
        return ""
    return f"{d.day} {_MONTHS[d.month - 1][:3]} {d.year}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def _safe_url(value: Any) -> str:
    """Only http(s) links leave a briefing; anything else (javascript:, file:) becomes ''."""
    s = str(value or "")
    return s if re.match(r"^https?://", s, re.I) else ""


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(
        longdate=longdate, shortdate=shortdate, plural=_plural, safe_url=_safe_url
    )
    return env


def html_env(user_dir: Path | None = None) -> jinja2.Environment:
    """Environment for HTML outputs: autoescaping on for every template, undefined is an error."""
    env = jinja2.Environment(
        loader=_loader(user_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return _common(env)


def text_env(user_dir: Path | None = None, *, markdown: bool = False) -> jinja2.Environment:
    """Environment for Markdown and plain text. In Markdown every ``{{ }}`` value is escaped
    (``md_escape``); plain text is printed as is, since nothing interprets it."""
    env = jinja2.Environment(
        loader=_loader(user_dir),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=md_escape if markdown else None,
    )
    env.filters.update(md=md_escape, md_url=_md_url, mdsafe=MdSafe)
    return _common(env)


def _markdown_env(user_dir: Path | None) -> jinja2.Environment:
    return text_env(user_dir, markdown=True)


def _template_frames(exc: BaseException, dirs: list[Path]) -> Iterator[tuple[str, int]]:
    roots = [str(d) for d in dirs]
    for frame in traceback.extract_tb(exc.__traceback__):
        name = frame.filename
        if any(name.startswith(r) for r in roots) and frame.lineno:
            yield name, frame.lineno


def template_error(exc: Exception, name: str, dirs: list[Path]) -> TemplateError:
    """A ``TemplateError("FILE:LINE: message")`` for any failure while rendering ``name``."""
    if isinstance(exc, TemplateError):
        return exc
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or name
        return TemplateError(f"{where}:{exc.lineno}: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"{name}: template not found: {exc.name}")
    frames = list(_template_frames(exc, dirs))
    if frames:
        where, line = frames[-1]
    else:
        where, line = name, 0
    message = str(exc) or type(exc).__name__
    return TemplateError(f"{where}:{line}: {message}")


@functools.lru_cache(maxsize=8)
def _cached_env(kind: str, user_dir: str | None) -> jinja2.Environment:
    """One environment per (kind, folder): Jinja keeps compiled templates and reloads a file
    when its mtime changes, so edits (``briefing preview``) are still picked up."""
    factory: Callable[[Path | None], jinja2.Environment]
    factory = {"html": html_env, "md": _markdown_env, "txt": text_env}[kind]
    return factory(Path(user_dir) if user_dir else None)


def render_template(
    name: str, context: dict[str, Any], user_dir: Path | None = None, *, kind: str = "html"
) -> str:
    """Render template ``name`` (kind html, md or txt); every failure is a TemplateError."""
    dirs = template_dirs(user_dir)
    try:
        env = _cached_env(kind, str(dirs[0]) if user_dir is not None else None)
        return env.get_template(name).render(context)
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - any template failure becomes one clear message
        raise template_error(exc, name, dirs) from exc
