"""One ``Settings`` object built in one place: defaults, then the config file, then the
environment, then command-line flags (``load_settings(**flags)``).

Every setting is declared once, below, as a dataclass field made by :func:`setting`: its type
(the annotation), default, allowed values or range, unit and one line of doc. The same
declaration drives the coercion of file, environment and flag values, the validation that runs
inside ``load_settings`` (every problem named with its source, then one ``ConfigError``, exit 5,
before any input is read), ``briefing config check`` and ``docs/config.example.toml``
(``briefing config example`` writes it).

A new setting is one field here (with ``setting(...)``); nothing else has to know about it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from .errors import ConfigError
from .options import (
    ExecutorOptions,
    IngestOptions,
    RankOptions,
    RenderOptions,
    ThreadOptions,
    TranslateOptions,
    zone,
)

if typing.TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from _typeshed import DataclassInstance

_Record = TypeVar("_Record", bound="DataclassInstance")

__all__ = [
    "MailSettings",
    "Problem",
    "Settings",
    "Spec",
    "example_toml",
    "load_settings",
    "parse_day",
    "setting",
    "specs",
    "user_cache_dir",
    "user_config_path",
    "user_data_dir",
    "validate_values",
    "zone",
]

APP = "briefing"
ENV_PREFIX = "BRIEFING_"


def user_config_dir() -> Path:
    """``$XDG_CONFIG_HOME/briefing`` (read at call time, so tests can redirect it)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP


def user_config_path() -> Path:
    return user_config_dir() / "config.toml"


def user_data_dir() -> Path:
    """``$XDG_DATA_HOME/briefing``: the SQLite state and the outbox live here by default."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP


# --------------------------------------------------------------------------- value checks
# A check takes a well-typed value and returns a problem ("... is not ...") or None.


def parse_day(value: str, timezone: str = "Europe/Berlin") -> dt.date:
    """YYYY-MM-DD, ``today``, ``yesterday`` or ``-Nd`` (N days ago), today being read in
    ``timezone``; ``ValueError`` naming the forms otherwise."""
    text = value.strip().lower()
    today = dt.datetime.now(zone(timezone)).date()
    if text == "today":
        return today
    if text == "yesterday":
        return today - dt.timedelta(days=1)
    m = re.fullmatch(r"-(\d{1,5})d", text)
    if m:
        return today - dt.timedelta(days=int(m.group(1)))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a day: use YYYY-MM-DD, today, yesterday or -7d"
        ) from None


def _check_zone(value: str) -> str | None:
    try:
        zone(value)
    except ConfigError:
        return f"unknown time zone {value!r} (e.g. Europe/Berlin)"
    return None


def _check_formats(value: tuple[str, ...]) -> str | None:
    from .outputs import format_names  # the one table of output formats

    known = format_names()
    bad = [f for f in value if f.strip().lower() not in known]
    if bad or not value:
        return f"unknown {', '.join(bad) or '(empty)'}; choose from {', '.join(known)}"
    return None


def _check_language(value: str | None) -> str | None:
    from .languages import check_language

    return check_language(value)


def _check_algorithm(value: str) -> str | None:
    from .summarize import ALGORITHMS

    if value not in ALGORITHMS:
        return f"{value!r} is not one of {', '.join(ALGORITHMS)}"
    return None


def _check_address(value: str) -> str | None:
    from .mail import address_problem

    problem = address_problem(value)
    return None if problem is None else f"not a valid email address: {value!r} ({problem})"


def _check_addresses(value: tuple[str, ...]) -> str | None:
    problems = [p for p in map(_check_address, value) if p]
    return "; ".join(problems) if problems else None


def _check_env_name(value: str) -> str | None:
    if value and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        return f"{value!r} is not an environment variable name"
    return None


def _check_outlets(value: dict[str, str]) -> str | None:
    empty = [k for k, v in value.items() if not k.strip() or not v.strip()]
    return f"empty key or name: {empty[0]!r}" if empty else None


def _placeholders(*allowed: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        try:
            names = {n for _t, n, _s, _c in string.Formatter().parse(value) if n is not None}
        except ValueError as exc:
            return f"bad template {value!r} ({exc})"
        unknown = sorted(n for n in names if n not in allowed)
        if unknown:
            return (
                f"unknown placeholder {', '.join('{' + n + '}' for n in unknown)}; "
                f"use {', '.join('{' + n + '}' for n in sorted(allowed))}"
            )
        if any(c in value for c in "\r\n"):
            return "must be one line"
        return None

    return check


# --------------------------------------------------------------------------- the declaration


def setting(
    default: Any = None,
    doc: str = "",
    *,
    factory: Callable[[], Any] | None = None,
    unit: str = "",
    choices: tuple[str, ...] = (),
    nocase: bool = False,
    min: float | None = None,  # min and max: the natural names in a declaration
    max: float | None = None,
    check: Callable[[Any], str | None] | None = None,
    example: Any = None,
    group: str = "",
    configurable: bool = True,
) -> Any:
    """A settings field with its declaration (see the module doc)."""
    meta = {
        "doc": doc,
        "unit": unit,
        "choices": choices,
        "nocase": nocase,
        "min": min,
        "max": max,
        "check": check,
        "example": example,
        "group": group,
        "configurable": configurable,
    }
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class MailSettings:
    to: tuple[str, ...] = setting(
        (),
        'Recipients ("Name <address>" is fine); daily needs one of to/cc/bcc.',
        check=_check_addresses,
        example=("Anna Beispiel <anna@example.org>",),
    )
    cc: tuple[str, ...] = setting((), "Copy recipients.", check=_check_addresses)
    bcc: tuple[str, ...] = setting(
        (),
        "Blind copy recipients: they get the message but appear in no header.",
        check=_check_addresses,
        example=("archive@example.org",),
    )
    sender: str = setting(
        "briefing@localhost",
        "The From address.",
        check=_check_address,
        example="Briefing <briefing@example.org>",
    )
    host: str = setting("localhost", "SMTP server.", example="smtp.example.org")
    port: int = setting(
        25, "SMTP port (starttls: usually 587, ssl: 465).", min=1, max=65535, example=587
    )
    security: str = setting(
        "none",
        "Connection security; none only for a relay on this machine.",
        choices=("starttls", "ssl", "none"),
        example="starttls",
    )
    user: str | None = setting(
        None, "Log in as this user (leave out for no login).", example="briefing"
    )
    password_env: str = setting(
        "BRIEFING_SMTP_PASSWORD",
        "Environment variable holding the password (never this file or the command line).",
        check=_check_env_name,
    )
    password_file: Path | None = setting(
        None,
        "...or a file holding it, readable by its owner only (chmod 600).",
        example="~/.config/briefing/smtp-password",
    )
    timeout: float = setting(
        30.0, "Seconds before a connection or reply times out.", unit="seconds", min=0.001
    )
    deadline: float = setting(
        600.0,
        "Longest one delivery attempt may take in all (timeout is per reply); then it is retried.",
        unit="seconds",
        min=0.01,
    )
    retries: int = setting(
        3,
        "Retries of transient failures; a message that still fails waits in the outbox.",
        min=0,
        max=100,
    )
    backoff: float = setting(
        2.0,
        "Wait before the first retry, doubled after each one.",
        unit="seconds",
        min=0.0,
        max=3600.0,
    )
    subject: str = setting(
        "Briefing {date}",
        "Subject; {date}, {title} (top story), {stories}.",
        check=_placeholders("date", "title", "stories"),
    )
    attachment: str = setting(
        "briefing_{date}.pdf", "File name of the attached PDF; {date}.", check=_placeholders("date")
    )


_IO, _LANG, _STORIES, _TRANSLATE, _STATE = (
    "input and output",
    "languages and time",
    "stories and summaries",
    "translation and executors",
    "state",
)


@dataclass(frozen=True)
class Settings:
    inputs: tuple[Path, ...] = setting(
        (),
        "Files, folders (read recursively), globs or feed URLs to read articles from.",
        example=("~/news/incoming",),
        group=_IO,
    )
    out_dir: Path = setting(
        Path("output"),
        "Where the briefings go: OUT/YYYY-MM-DD/briefing.*, OUT/index.html.",
        example="~/news/briefings",
        group=_IO,
    )
    date: dt.date | None = setting(
        None,
        "Build only this publication day (usually --date on the command line).",
        example=dt.date(2025, 11, 27),
        group=_IO,
    )
    since: dt.date | None = setting(
        None,
        "Build only days from this one on (usually --since on the command line).",
        example=dt.date(2025, 11, 1),
        group=_IO,
    )
    until: dt.date | None = setting(
        None,
        "Build only days up to this one (usually --until on the command line).",
        example=dt.date(2025, 11, 30),
        group=_IO,
    )
    formats: tuple[str, ...] = setting(
        ("html", "pdf", "json"),
        "Outputs per day; `briefing daily` attaches the PDF.",
        check=_check_formats,
        group=_IO,
    )
    templates_dir: Path | None = setting(
        None,
        "Folder whose templates override the built-in ones (`briefing templates`).",
        example="~/news/templates",
        group=_IO,
    )
    paper: str = setting("A4", "PDF paper size.", choices=("A4", "Letter"), nocase=True, group=_IO)
    template_timeout: float = setting(
        30.0,
        "Longest one template may take to render; a slower one stops the run (exit 7).",
        unit="seconds",
        min=0.1,
        max=3600,
        group=_IO,
    )
    pdf_timeout: float = setting(
        300.0,
        "Longest the PDF of one day may take to lay out; a slower one stops the run (exit 7).",
        unit="seconds",
        min=1,
        max=86400,
        group=_IO,
    )
    outlets: dict[str, str] = setting(
        doc="Outlet names by domain, feed URL or file, or the name found (docs/input-formats.md).",
        factory=dict,
        check=_check_outlets,
        example={"deutschlandfunk.de": "Deutschlandfunk", "n-tv.de": "n-tv"},
        group=_IO,
    )
    max_file_bytes: int = setting(
        20_000_000, "Larger input files are skipped with a reason.", unit="bytes", min=1, group=_IO
    )
    fetch_deadline: float = setting(
        60.0,
        "Time one feed URL may take in all (connect and whole transfer); else it is skipped.",
        unit="seconds",
        min=0.1,
        max=3600,
        group=_IO,
    )
    source_language: str | None = setting(
        None,
        "Language of the articles; leave out to detect it per article.",
        example="de",
        check=_check_language,
        group=_LANG,
    )
    target_language: str = setting(
        "en",
        "Language of the briefing (a source->target model must be installed).",
        check=_check_language,
        group=_LANG,
    )
    timezone: str = setting(
        "Europe/Berlin",
        "Time zone that decides an article's day and what `daily` calls today.",
        check=_check_zone,
        group=_LANG,
    )
    algorithm: str = setting(
        "default",
        "Summarizer: default, lead or a sumy algorithm.",
        check=_check_algorithm,
        group=_STORIES,
    )
    sentences: int = setting(
        5, "Summary length per story.", unit="sentences", min=1, group=_STORIES
    )
    words: int | None = setting(
        None,
        "Summary length per story in words, instead of sentences.",
        unit="words",
        min=1,
        example=120,
        group=_STORIES,
    )
    budget_words: int | None = setting(
        1500, "Summary words per day across all stories.", unit="words", min=1, group=_STORIES
    )
    top_stories: int = setting(
        10, "Stories that lead the briefing; the rest are listed compactly.", min=1, group=_STORIES
    )
    cluster_threshold: float = setting(
        0.16,
        "Text similarity needed for two articles to form one story (docs/clustering.md).",
        unit="cosine",
        min=0.0,
        max=1.0,
        group=_STORIES,
    )
    dedup_days: int = setting(
        7,
        "Copies of a text fold into its report only within this many days of the report's day.",
        unit="days",
        min=0,
        group=_STORIES,
    )
    thread_days: int = setting(
        7,
        "How far back a story of an earlier day may be continued.",
        unit="days",
        min=0,
        group=_STORIES,
    )
    thread_threshold: float = setting(
        0.25,
        "Similarity needed to continue a story of an earlier day (docs/clustering.md).",
        unit="cosine",
        min=0.0,
        max=1.0,
        group=_STORIES,
    )
    device: str = setting(
        "auto", "CTranslate2 device.", choices=("auto", "cpu", "cuda"), group=_TRANSLATE
    )
    compute_type: str = setting(
        "default",
        "CTranslate2 compute type; default: as the package was saved (int8: faster on CPU).",
        choices=("int8", "int8_float16", "int16", "float16", "float32", "default", "auto"),
        group=_TRANSLATE,
    )
    beam_size: int = setting(
        4, "Translation beam size (Argos Translate's default).", min=1, group=_TRANSLATE
    )
    translate_batch_size: int = setting(
        32, "Sentences per translation batch.", unit="sentences", min=1, group=_TRANSLATE
    )
    use_cache: bool = setting(
        True, "Keep translations in the state file and reuse them.", group=_TRANSLATE
    )
    executor: str = setting(
        "local", "Where the per-article stages run.", choices=("local", "dask"), group=_TRANSLATE
    )
    scheduler: str | None = setting(
        None,
        "Dask scheduler address (with executor = dask).",
        example="tcp://127.0.0.1:8786",
        group=_TRANSLATE,
    )
    workers: int | None = setting(
        None,
        "Worker processes: local Dask cluster, store parsing, a build's next day (default: cores).",
        min=1,
        example=2,
        group=_TRANSLATE,
    )
    state_path: Path = setting(
        doc="SQLite state: translation memory, story threads, what was mailed; lock beside it.",
        factory=lambda: user_data_dir() / "state.sqlite",
        example="~/.local/share/briefing/state.sqlite",
        group=_STATE,
    )
    outbox_dir: Path = setting(
        doc="Undelivered messages wait here as .eml files (`briefing send --outbox`).",
        factory=lambda: user_data_dir() / "outbox",
        example="~/.local/share/briefing/outbox",
        group=_STATE,
    )
    use_store: bool = setting(
        True,
        "Keep parsed articles in the article store; parse only new or changed inputs.",
        group=_STATE,
    )
    store_path: Path = setting(
        doc="The article store (SQLite, private); put it on a fast disk for a big archive.",
        factory=lambda: user_data_dir() / "articles.sqlite",
        example="~/.local/share/briefing/articles.sqlite",
        group=_STATE,
    )
    quiet: bool = setting(False, "No progress bars and no summary line.", group=_STATE)
    mail: MailSettings = setting(factory=MailSettings, doc="Mail delivery ([mail] table).")
    config_path: Path | None = setting(
        None, "The file these settings were read from.", configurable=False
    )

    @property
    def zone(self) -> ZoneInfo:
        """``timezone`` resolved (validated by ``load_settings``)."""
        return zone(self.timezone)

    def options(self, record: type[_Record]) -> _Record:
        """A stage's options record (``briefing/options.py``): each of its fields is the
        setting of the same name; derived values (the zone) the record resolves itself."""
        return record(**{f.name: getattr(self, f.name) for f in fields(record) if f.init})

    def ingest_options(self) -> IngestOptions:
        """What reading inputs uses of these settings."""
        return self.options(IngestOptions)

    def executor_options(self) -> ExecutorOptions:
        """Where the work runs."""
        return self.options(ExecutorOptions)

    def rank_options(self) -> RankOptions:
        """What ordering a day's stories uses of these settings."""
        return self.options(RankOptions)

    def render_options(self) -> RenderOptions:
        """What writing the outputs uses of these settings."""
        return self.options(RenderOptions)

    def thread_options(self) -> ThreadOptions:
        """What linking stories across days uses of these settings."""
        return self.options(ThreadOptions)

    def translate_options(self) -> TranslateOptions:
        """What translation uses of these settings."""
        return self.options(TranslateOptions)


# --------------------------------------------------------------------------- specs from fields


@dataclass(frozen=True)
class Spec:
    """One declared setting: dotted key, kind, default and its constraints."""

    key: str  # "top_stories", "mail.port"
    kind: str  # str | int | float | bool | path | date | list | paths
    optional: bool
    default: Any
    doc: str
    unit: str
    choices: tuple[str, ...]
    nocase: bool
    min: float | None
    max: float | None
    check: Callable[[Any], str | None] | None
    example: Any
    group: str

    @property
    def name(self) -> str:
        return self.key.rpartition(".")[2]

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.key.replace(".", "_").upper()


_KINDS: dict[Any, str] = {
    str: "str",
    int: "int",
    float: "float",
    bool: "bool",
    Path: "path",
    dt.date: "date",
}


def _kind_of(hint: Any) -> tuple[str, bool]:
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return _kind_of(inner)[0], True
    if origin is tuple:
        return ("paths" if args[0] is Path else "list"), False
    if origin is dict:
        return "table", False
    return _KINDS[hint], False


def _specs(cls: type, prefix: str = "") -> Iterator[Spec]:
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        meta = f.metadata
        if not meta.get("configurable", True) or hints[f.name] is MailSettings:
            continue
        kind, optional = _kind_of(hints[f.name])
        default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[operator]
        yield Spec(
            key=prefix + f.name,
            kind=kind,
            optional=optional,
            default=default,
            doc=meta["doc"],
            unit=meta["unit"],
            choices=meta["choices"],
            nocase=meta["nocase"],
            min=meta["min"],
            max=meta["max"],
            check=meta["check"],
            example=meta["example"],
            group=meta["group"] or ("mail" if prefix else ""),
        )


def specs() -> dict[str, Spec]:
    """Every declared setting by dotted key (``top_stories``, ``mail.port``), in order."""
    return {s.key: s for s in (*_specs(Settings), *_specs(MailSettings, "mail."))}


# --------------------------------------------------------------------------- coercion


@dataclass(frozen=True)
class Problem:
    """One bad value: where it came from, which key, what is wrong."""

    source: str  # the config file's path, "environment" or "command line"
    key: str  # "mail.port"; for the environment the variable name
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.key}: {self.message}"


_WANT = {
    "list": "a list of strings",
    "paths": "a list of paths",
    "path": "a path (string)",
    "date": "a date (YYYY-MM-DD)",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "str": "a string",
    "table": 'a table of strings ("key" = "name")',
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _path(value: Any) -> Path:
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value.strip():
        raise TypeError
    return Path(value).expanduser()


def _as_table(value: Any, text: bool) -> dict[str, str]:
    if text and isinstance(value, str):  # "key=name, key=name" in the environment
        pairs = [p.partition("=") for p in value.split(",") if p.strip()]
        if any(not sep for _k, sep, _v in pairs):
            raise TypeError
        value = {k.strip(): v.strip() for k, _sep, v in pairs}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise TypeError
    return dict(value)


def _as_sequence(value: Any) -> list[Any] | tuple[Any, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str | Path) for v in value):
        raise TypeError
    return value


def _as_list(value: Any, text: bool) -> tuple[str, ...]:
    value = _as_sequence(value)
    if not all(isinstance(v, str) for v in value):
        raise TypeError
    return tuple(value)


def _as_paths(value: Any, text: bool) -> tuple[Path, ...]:
    return tuple(_path(str(v)) for v in _as_sequence(value) if str(v))


def _as_path(value: Any, text: bool) -> Path:
    return _path(value)


def _as_date(value: Any, text: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD") from None
    raise TypeError


def _as_bool(value: Any, text: bool) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _as_int(value: Any, text: bool) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _as_float(value: Any, text: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    return float(value)


def _as_str(value: Any, text: bool) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _bool_text(raw: str) -> bool:
    if raw.lower() not in _TRUE | _FALSE:
        raise TypeError
    return raw.lower() in _TRUE


def _list_text(raw: str) -> list[str]:
    return [v.strip() for v in raw.split(",") if v.strip()]


# kind -> (value, text) -> the Python value; raises TypeError/ValueError.
_AS_KIND: dict[str, Callable[[Any, bool], Any]] = {
    "table": _as_table,
    "list": _as_list,
    "paths": _as_paths,
    "path": _as_path,
    "date": _as_date,
    "bool": _as_bool,
    "int": _as_int,
    "float": _as_float,
    "str": _as_str,
}
# Kinds whose text (environment, flags) is parsed before the type check; other kinds check
# the string as given.
_FROM_TEXT: dict[str, Callable[[str], Any]] = {
    "list": _list_text,
    "paths": _list_text,
    "bool": _bool_text,
    "int": int,
    "float": float,
}


def _coerce(spec: Spec, value: Any, *, text: bool) -> Any:
    """``value`` as the setting's Python type; ``text``: parse strings (environment, flags)
    rather than insist on TOML's own types. Raises TypeError/ValueError when it cannot."""
    if text and isinstance(value, str):
        raw = value.strip()
        if spec.optional and raw == "":
            return None
        if spec.kind in _FROM_TEXT:
            value = _FROM_TEXT[spec.kind](raw)
    if value is None and spec.optional and text:
        return None
    convert: Callable[[Any, bool], Any] = _AS_KIND.get(spec.kind, _as_str)
    return convert(value, text)


def _constraints(spec: Spec, value: Any) -> str | None:
    if value is None:
        return None
    if spec.choices:
        ok = value in spec.choices or (
            spec.nocase and str(value).lower() in {c.lower() for c in spec.choices}
        )
        if not ok:
            return f"{value!r} is not one of {', '.join(spec.choices)}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        lo, hi = spec.min, spec.max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            span = f"{lo}..{hi}" if hi is not None else f"at least {lo}"
            unit = f" {spec.unit}" if spec.unit else ""
            return f"{value!r} is out of range ({span}{unit})"
    return spec.check(value) if spec.check else None


def _unknown(key: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=1)
    return "unknown setting" + (f" (did you mean '{close[0]}'?)" if close else "")


def flatten_config(
    data: dict[str, Any], source: str, problems: list[Problem]
) -> Iterator[tuple[str, Any]]:
    """(dotted key, value) of a config file's data; the [mail] table's keys as mail.*."""
    for raw, value in data.items():
        key = raw.replace("-", "_")
        if key == "mail":
            if not isinstance(value, dict):
                problems.append(Problem(source, "mail", "must be a table ([mail])"))
                continue
            for sub_raw, sub in value.items():
                sub_key = sub_raw.replace("-", "_")
                if sub_key == "password":
                    problems.append(
                        Problem(
                            source,
                            "mail.password",
                            "a password is never read from the config file; use password_env "
                            "(an environment variable) or password_file (mode 0600)",
                        )
                    )
                    continue
                yield f"mail.{sub_key}", sub
        else:
            yield key, value


def validate_values(
    items: Iterator[tuple[str, Any]] | list[tuple[str, Any]],
    source: str,
    *,
    text: bool,
    problems: list[Problem],
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The values of one source (file, environment, flags) coerced and checked against the
    declaration; every problem appended to ``problems``. ``names`` maps a key to the name the
    user wrote (an environment variable)."""
    declared = specs()
    good: dict[str, Any] = {}
    for key, value in items:
        shown = (names or {}).get(key, key)
        spec = declared.get(key)
        if spec is None:
            section = "mail." if key.startswith("mail.") else ""
            known = [
                k[len(section) :]
                for k in declared
                if k.startswith(section) and (section or "." not in k)
            ]
            problems.append(Problem(source, shown, _unknown(key[len(section) :], known)))
            continue
        try:
            coerced = _coerce(spec, value, text=text)
        except ValueError as exc:
            problems.append(Problem(source, shown, str(exc) or f"must be {_WANT[spec.kind]}"))
            continue
        except TypeError:
            problems.append(Problem(source, shown, f"must be {_WANT[spec.kind]}, not {value!r}"))
            continue
        problem = _constraints(spec, coerced)
        if problem:
            problems.append(Problem(source, shown, problem))
            continue
        good[key] = coerced
    return good


def read_config_file(path: Path) -> dict[str, Any]:
    import tomllib  # here, not at import time: ``briefing --help`` stays fast

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None


def _env_items() -> tuple[list[tuple[str, Any]], dict[str, str]]:
    items, names = [], {}
    for key, spec in specs().items():
        raw = os.environ.get(spec.env)
        if raw is not None:
            items.append((key, raw))
            names[key] = spec.env
    return items, names


def config_file_path(config: Path | None = None) -> Path | None:
    """``--config``, else ``$BRIEFING_CONFIG``, else the user's config.toml when it exists."""
    if config is not None:
        return Path(config)
    if os.environ.get("BRIEFING_CONFIG"):
        return Path(os.environ["BRIEFING_CONFIG"])
    return user_config_path() if user_config_path().is_file() else None


def _with(settings: Settings, values: dict[str, Any]) -> Settings:
    top = {k: v for k, v in values.items() if "." not in k}
    mail = {k[5:]: v for k, v in values.items() if k.startswith("mail.")}
    if mail:
        top["mail"] = replace(settings.mail, **mail)
    return replace(settings, **top)


def load_settings(config: Path | None = None, **flags: Any) -> Settings:
    """Build the settings: defaults < config file < BRIEFING_* environment < flags.

    ``config`` is an explicit ``--config`` path (must exist); otherwise ``$BRIEFING_CONFIG`` or
    the user's ``config.toml`` is read when present. Flags whose value is None are ignored.
    Every value is checked against the declaration; all problems are reported together in one
    ``ConfigError`` (exit 5), each with its source and key.
    """
    problems: list[Problem] = []
    settings = Settings()
    path = config_file_path(config)
    layers: list[dict[str, Any]] = []
    if path is not None:
        data = read_config_file(path)
        layers.append(
            validate_values(
                flatten_config(data, str(path), problems), str(path), text=False, problems=problems
            )
        )
    env, names = _env_items()
    layers.append(validate_values(env, "environment", text=True, problems=problems, names=names))
    given = [(k, v) for k, v in flags.items() if v is not None]
    layers.append(validate_values(given, "command line", text=True, problems=problems))
    if problems:
        raise ConfigError(
            f"{len(problems)} configuration problem(s):\n" + "\n".join(str(p) for p in problems)
        )
    for values in layers:
        settings = _with(settings, values)
    return replace(settings, config_path=path) if path is not None else settings


# --------------------------------------------------------------------------- the example file

_HEADER = """\
# briefing configuration: every setting, with its default and what it does.
# Generated from the declaration in briefing/config.py: `briefing config example`.
#
# Where it is read from: `--config PATH`, else $BRIEFING_CONFIG, else the user's
# ~/.config/briefing/config.toml ($XDG_CONFIG_HOME/briefing/config.toml).
# Precedence: built-in defaults < this file < BRIEFING_<NAME> environment variables
# (e.g. BRIEFING_OUT_DIR, BRIEFING_TOP_STORIES, BRIEFING_MAIL_HOST) < command-line flags.
# Check it with:  briefing config check PATH
# Keys may be written with - or _ (out-dir = out_dir). Unknown keys are an error.
# A line "key = value" shows an example; "# key = value" a setting left at its default.
"""


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if not isinstance(value, int) else f"{value}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    text = str(value)
    if isinstance(value, Path):
        home = str(Path.home())
        text = "~" + text[len(home) :] if text.startswith(home + os.sep) else text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_MACHINE_PATHS = ("state_path", "outbox_dir", "store_path")  # defaults depend on $XDG_DATA_HOME


def _describe(spec: Spec) -> str:
    extra = []
    if spec.choices:
        extra.append("one of " + ", ".join(spec.choices))
    if spec.min is not None or spec.max is not None:
        span = f"{spec.min}..{spec.max}" if spec.max is not None else f">= {spec.min}"
        extra.append(span)
    if spec.unit:
        extra.append(spec.unit)
    if spec.default is None or spec.default in ((), {}):
        extra.append("default: none" if spec.default is None else "default: empty")
    elif spec.example is not None and spec.key not in _MACHINE_PATHS:
        extra.append(f"default: {_toml(spec.default)}")
    return spec.doc + (f" [{'; '.join(extra)}]" if extra else "")


def example_toml() -> str:
    """``docs/config.example.toml``: every declared setting with its doc, default or example."""
    out = [_HEADER]
    group = None
    for spec in specs().values():
        if spec.group != group:
            group = spec.group
            if spec.key.startswith("mail."):
                out.append("\n[mail]")
            else:
                out.append(f"\n# {'-' * 64} {group}")
        out.append(f"# {_describe(spec)}")
        if spec.example is not None and spec.default is not None and spec.key not in _MACHINE_PATHS:
            out.append(f"{spec.name} = {_toml(spec.example)}")
        elif spec.example is not None:
            out.append(f"# {spec.name} = {_toml(spec.example)}")
        else:
            out.append(f"{spec.name} = {_toml(spec.default)}")
    return "\n".join(out) + "\n"
