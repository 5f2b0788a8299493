"""The Jinja2 environments: where templates are found, how values are escaped, and how a
template failure becomes a ``TemplateError("FILE:LINE: message")``."""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.sandbox
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path

from ..errors import TemplateError

__all__ = [
    "DEFAULT_TEMPLATE_TIMEOUT",
    "MAX_TEMPLATE_BYTES",
    "RANGE_CAP",
    "REPEAT_CAP",
    "TEMPLATE_NAMES",
    "MdSafe",
    "builtin_templates_dir",
    "html_env",
    "md_escape",
    "outside_template_dirs",
    "render_template",
    "template_dirs",
    "template_error",
    "text_env",
    "with_deadline",
]

T = TypeVar("T")

# Limits on what one template may do (docs/threat-model.md). The time limit is the setting
# ``template_timeout``; the others bound single operations, which the timer cannot interrupt
# while they run inside C code.
RANGE_CAP = 100_000  # items of one range()
REPEAT_CAP = 10_000_000  # items/characters one "*" may produce, digits of one "**"
MAX_TEMPLATE_BYTES = 5_000_000  # one template file
DEFAULT_TEMPLATE_TIMEOUT = 30.0  # seconds

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


class FolderLoader(jinja2.FileSystemLoader):
    """A ``FileSystemLoader`` that reads only regular files whose real path (symlinks
    resolved) is inside one of the template folders: ``passwd.css -> /etc/passwd`` is refused
    with a ``TemplateError``, and so are FIFOs, devices and files over MAX_TEMPLATE_BYTES."""

    def __init__(self, searchpath: list[Path], roots: list[Path]) -> None:
        super().__init__([str(p) for p in searchpath])
        self.roots = [Path(r).resolve() for r in roots]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = posixpath.join(searchpath, *pieces)
            if os.path.lexists(filename) and not Path(filename).is_dir():
                break
        else:
            raise jinja2.TemplateNotFound(template)
        problem = outside_template_dirs(Path(filename), self.roots)
        if problem:
            raise TemplateError(f"{filename}: refused: {problem}")
        with Path(filename).open("rb") as fh:
            raw = fh.read(MAX_TEMPLATE_BYTES + 1)
        if len(raw) > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"{filename}: refused: larger than {MAX_TEMPLATE_BYTES} bytes")
        try:
            contents = raw.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise TemplateError(f"{filename}: not UTF-8 ({exc.reason})") from None
        mtime = Path(filename).stat().st_mtime

        def uptodate() -> bool:
            try:
                return Path(filename).stat().st_mtime == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate


def outside_template_dirs(path: Path, roots: list[Path]) -> str | None:
    """Why a template file may not be read (its real path leaves the template folders, or it
    is not a regular file), or None."""
    try:
        real = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        return "a broken or looping symlink"
    if not any(real.is_relative_to(r) for r in roots):
        return f"it leads outside the template folders (to {real})"
    if not real.is_file():
        return "not a regular file"
    return None


def _loader(user_dir: Path | None) -> jinja2.BaseLoader:
    dirs = template_dirs(user_dir)
    builtin = FolderLoader([dirs[-1]], dirs)
    # "default/NAME" always means the built-in file, so an override can extend the original.
    return jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"default": builtin}),
            FolderLoader(dirs, dirs),
        ]
    )


def _capped_range(*args: int) -> range:
    r = range(*args)
    if len(r) > RANGE_CAP:
        raise SecurityError(f"range() of {len(r)} items refused (at most {RANGE_CAP})")
    return r


class _Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox (no private attributes, no unsafe calls) with single operations capped:
    ``range`` (RANGE_CAP items), ``*`` on strings/lists and ``**`` (REPEAT_CAP)."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.globals["range"] = _capped_range
        self.globals.pop("lipsum", None)  # unbounded text on demand; no template needs it

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(n, int)
                    and len(seq) * n > REPEAT_CAP
                ):
                    raise SecurityError(
                        f"'*' making {len(seq) * n} items refused (at most {REPEAT_CAP})"
                    )
        elif (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and right * max(abs(left), 2).bit_length() > REPEAT_CAP
        ):
            raise SecurityError(f"'**' of {left} ** {right} refused")
        return super().call_binop(context, operator, left, right)


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
    env.filters.update(longdate=longdate, shortdate=shortdate, plural=_plural, safe_url=_safe_url)
    return env


def html_env(user_dir: Path | None = None) -> jinja2.Environment:
    """Environment for HTML outputs: autoescaping on for every template, undefined is an error."""
    env = _Sandbox(
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
    env = _Sandbox(
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


def _template_line(exc: BaseException) -> str | None:
    """``FILE:LINE`` of the innermost template frame of ``exc``'s traceback, in template
    lines (Jinja maps them only for the exceptions it handles itself)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = f"{template.filename}:{template.get_corresponding_lineno(tb.tb_lineno)}"
        tb = tb.tb_next
    return found


class _RenderTimeout(BaseException):
    """Raised inside the rendering thread by the watchdog (a BaseException, so no
    ``except Exception`` on the way swallows it)."""


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else ctypes.c_void_p(0)
    )


_REFIRE_SECONDS = 0.05


def with_deadline(
    func: Callable[[], T],
    seconds: float | None,
    name: str,
    *,
    setting: str = "template_timeout",
    hint: str = "a loop that never ends?",
) -> T:
    """``func()`` in this thread, interrupted after ``seconds`` by a watchdog thread that
    raises ``_RenderTimeout`` in it (works in any thread, unlike SIGALRM), then a
    ``TemplateError`` naming ``name``, the template line reached and the ``setting``.
    Template code is Python bytecode, so the interruption lands within microseconds; single
    C-level operations are bounded by the sandbox's caps instead."""
    if not seconds or seconds <= 0:
        return func()
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    timers: list[threading.Timer] = []

    def arm(delay: float) -> None:
        timer = threading.Timer(delay, fire)
        timer.daemon = True
        timers.append(timer)
        timer.start()

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _set_async_exc(target, _RenderTimeout)
                # Library code with a broad ``except`` (WeasyPrint's layout) may swallow one
                # interruption and go on: raise it again until the call has ended.
                arm(_REFIRE_SECONDS)

    def stop() -> None:
        with lock:
            state["done"] = True
            for timer in timers:
                timer.cancel()
        if state["fired"]:
            _set_async_exc(target, None)  # drop it if it was not delivered yet

    def too_long(where: str) -> TemplateError:
        stop()  # also when an interruption arrived before the ``finally`` below ran
        return TemplateError(
            f"{where}: rendering {name} took longer than {seconds:g} s (setting {setting}); {hint}"
        )

    try:
        try:
            arm(seconds)
            result = func()
        finally:
            stop()
    except _RenderTimeout as exc:
        raise too_long(_template_line(exc) or name) from None
    except Exception:
        # Library code with a broad ``except`` (WeasyPrint's layout) may turn the timeout
        # into another error: once the watchdog fired, the time limit is the cause.
        if state["fired"]:
            raise too_long(name) from None
        raise
    if state["fired"]:
        # ... or swallow it and finish late: the limit was still exceeded.
        raise too_long(name)
    return result


def render_template(
    name: str,
    context: dict[str, Any],
    user_dir: Path | None = None,
    *,
    kind: str = "html",
    timeout: float | None = DEFAULT_TEMPLATE_TIMEOUT,
) -> str:
    """Render template ``name`` (kind html, md or txt) within ``timeout`` seconds; every
    failure, the time limit included, is a TemplateError naming the template."""
    dirs = template_dirs(user_dir)
    try:
        env = _cached_env(kind, str(dirs[0]) if user_dir is not None else None)
        return with_deadline(lambda: env.get_template(name).render(context), timeout, name)
    except TemplateError:
        raise
    except Exception as exc:  # any template failure becomes one clear message
        raise template_error(exc, name, dirs) from exc
