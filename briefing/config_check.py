"""``check_config(path)``: every problem of a configuration file, each named in one line.

``load_settings`` stops at the first bad value; this walks the whole file so a user fixes
everything in one go: unknown keys, bad types and values, bad addresses, a password file that
others can read, a mail table without recipients.
"""

from __future__ import annotations

import datetime as dt
import difflib
import glob
import os
import re
import stat
import string
import tomllib
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

from .config import MailSettings, Settings

__all__ = ["check_config", "FORMATS"]

FORMATS = ("html", "pdf", "json", "md", "txt")
_CHOICES: dict[str, tuple[str, ...]] = {
    "paper": ("A4", "Letter"),
    "device": ("auto", "cpu", "cuda"),
    "executor": ("local", "dask"),
    "compute_type": ("int8", "int8_float16", "int16", "float16", "float32", "default", "auto"),
    "mail.security": ("starttls", "ssl", "none"),
}
# (minimum, maximum) of numbers; None: unbounded
_RANGES: dict[str, tuple[float | None, float | None]] = {
    "sentences": (1, None),
    "words": (1, None),
    "budget_words": (1, None),
    "top_stories": (1, None),
    "cluster_threshold": (0.0, 1.0),
    "thread_threshold": (0.0, 1.0),
    "thread_days": (0, None),
    "max_file_bytes": (1, None),
    "beam_size": (1, None),
    "translate_batch_size": (1, None),
    "workers": (1, None),
    "mail.port": (1, 65535),
    "mail.timeout": (0.001, None),
    "mail.retries": (0, 100),
    "mail.backoff": (0.0, 3600.0),
}
_NOT_IN_FILE = {"config_path"}
_TEMPLATE_FIELDS = {"mail.subject": {"date", "title", "stories"}, "mail.attachment": {"date"}}


def _kind(cls: type, name: str) -> str:
    """The expected TOML kind of a settings field, from its annotation and default."""
    f = next(f for f in fields(cls) if f.name == name)
    ann = str(f.type)
    default = f.default if f.default is not MISSING else None
    if "tuple" in ann:
        return "list"
    if "Path" in ann:
        return "path"
    if "dt.date" in ann:
        return "date"
    if ann.startswith("bool") or isinstance(default, bool):
        return "bool"
    if ann.startswith("int") or (isinstance(default, int) and "float" not in ann):
        return "int"
    if ann.startswith("float"):
        return "float"
    return "str"


def _type_problem(key: str, kind: str, value: Any) -> str | None:
    ok = {
        "list": isinstance(value, list) and all(isinstance(v, str) for v in value),
        "path": isinstance(value, str) and bool(value.strip()),
        "date": isinstance(value, dt.date) or isinstance(value, str),
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "str": isinstance(value, str),
    }[kind]
    if ok:
        if kind == "date" and isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return f"{key}: {value!r} is not a date of the form YYYY-MM-DD"
        return None
    want = {
        "list": "a list of strings",
        "path": "a path (string)",
        "date": "a date (YYYY-MM-DD)",
        "bool": "true or false",
        "int": "a whole number",
        "float": "a number",
        "str": "a string",
    }[kind]
    return f"{key}: must be {want}, not {value!r}"


def _unknown(key: str, where: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{where}{key}: unknown setting{hint}"


def _check_password_file(value: str) -> list[str]:
    path = Path(os.path.expanduser(value))
    try:
        st = path.stat()
    except OSError as exc:
        return [f"mail.password_file: {path}: {exc.strerror}"]
    out = []
    if not stat.S_ISREG(st.st_mode):
        out.append(f"mail.password_file: {path}: not a regular file")
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        out.append(
            f"mail.password_file: {path}: readable by others (mode "
            f"{stat.S_IMODE(st.st_mode):04o}); it must be 0600 or 0400 (chmod 600 {path})"
        )
    elif not os.access(path, os.R_OK):
        out.append(f"mail.password_file: {path}: not readable by this user")
    return out


def _check_template(key: str, value: str, allowed: set[str]) -> list[str]:
    try:
        names = {n for _t, n, _s, _c in string.Formatter().parse(value) if n is not None}
    except ValueError as exc:
        return [f"{key}: bad template {value!r} ({exc})"]
    unknown = sorted(n for n in names if n not in allowed)
    if unknown:
        return [
            f"{key}: unknown placeholder {', '.join('{' + n + '}' for n in unknown)}; "
            f"use {', '.join('{' + n + '}' for n in sorted(allowed))}"
        ]
    if any(c in value for c in "\r\n"):
        return [f"{key}: must be one line"]
    return []


def _check_values(key: str, value: Any) -> list[str]:
    """Range, choice and format checks of one well-typed value."""
    from .mail import valid_address

    out: list[str] = []
    if key in _CHOICES and value not in _CHOICES[key]:
        out.append(f"{key}: {value!r} is not one of {', '.join(_CHOICES[key])}")
    if key in _RANGES and isinstance(value, int | float):
        lo, hi = _RANGES[key]
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            span = f"{lo}..{hi}" if hi is not None else f"at least {lo}"
            out.append(f"{key}: {value!r} is out of range ({span})")
    if key == "formats":
        bad = [f for f in value if f.lower() not in FORMATS]
        if bad or not value:
            out.append(
                f"formats: unknown {', '.join(bad) or '(empty)'}; choose from " + ", ".join(FORMATS)
            )
    if key in {"mail.to", "mail.cc", "mail.bcc"}:
        out += [f"{key}: not a valid email address: {a!r}" for a in value if not valid_address(a)]
    if key == "mail.sender" and not valid_address(value):
        out.append(f"mail.sender: not a valid email address: {value!r}")
    if key == "mail.password_env" and value and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        out.append(f"mail.password_env: {value!r} is not an environment variable name")
    if key == "mail.password_file":
        out += _check_password_file(value)
    if key in _TEMPLATE_FIELDS:
        out += _check_template(key, value, _TEMPLATE_FIELDS[key])
    if key == "timezone":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            out.append(f"timezone: unknown time zone {value!r} (e.g. Europe/Berlin)")
    if key == "inputs":
        for item in value:
            if item.startswith(("http://", "https://")) or glob.has_magic(item):
                continue
            if not Path(os.path.expanduser(item)).exists():
                out.append(f"inputs: {item}: no such file or directory")
    if key == "templates_dir" and not Path(os.path.expanduser(value)).is_dir():
        out.append(f"templates_dir: {value}: no such directory")
    return out


def check_config(path: Path | str) -> list[str]:
    """Every problem in the configuration file at ``path``; an empty list means it is good."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return [f"{path}: config file not found"]
    except tomllib.TOMLDecodeError as exc:
        return [f"{path}: not valid TOML: {exc}"]
    except OSError as exc:
        return [f"{path}: cannot read: {exc.strerror}"]

    problems: list[str] = []
    top_known = [f.name for f in fields(Settings) if f.name not in _NOT_IN_FILE]
    mail_known = [f.name for f in fields(MailSettings)]
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        if key not in top_known:
            problems.append(_unknown(raw_key, "", top_known))
            continue
        if key == "mail":
            if not isinstance(value, dict):
                problems.append("mail: must be a table ([mail])")
            continue
        problem = _type_problem(key, _kind(Settings, key), value)
        problems += [problem] if problem else _check_values(key, value)

    mail = data.get("mail")
    if isinstance(mail, dict):
        for raw_key, value in mail.items():
            key = raw_key.replace("-", "_")
            if key == "password":
                problems.append(
                    "mail.password: a password is never read from the config file; "
                    "use password_env (an environment variable) or password_file (mode 0600)"
                )
                continue
            if key not in mail_known:
                problems.append(_unknown(raw_key, "mail.", mail_known))
                continue
            problem = _type_problem(f"mail.{key}", _kind(MailSettings, key), value)
            problems += [problem] if problem else _check_values(f"mail.{key}", value)
        if not any(mail.get(k) for k in ("to", "cc", "bcc")):
            problems.append('mail.to: no recipients; set to = ["reader@example.org"]')
        if (
            mail.get("security") == "none"
            and mail.get("user")
            and mail.get("host", "localhost") not in ("localhost", "127.0.0.1", "::1")
        ):
            problems.append(
                "mail.security: 'none' with a user would send the password unencrypted to "
                f"{mail.get('host')}; use starttls or ssl"
            )
    return problems
