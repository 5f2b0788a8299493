"""``check_config(path)``: every problem of a configuration file, each named in one line.

The values are checked by the same validation ``load_settings`` runs (``config.validate_values``,
from the one declaration in ``config.py``); this adds what only makes sense for a file on its
own: unknown keys with "did you mean", a password file that others can read, inputs and a
templates folder that do not exist, a mail table without recipients or with a plain-text login.
"""

from __future__ import annotations

import glob
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from .config import Problem, flatten_config, validate_values

__all__ = ["check_config"]


def _check_password_file(path: Path) -> list[str]:
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


def _file_checks(values: dict[str, Any], mail: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for item in values.get("inputs", ()):
        text = str(item)
        if text.startswith(("http:/", "https:/")) or glob.has_magic(text):
            continue
        if not Path(text).exists():
            out.append(f"inputs: {text}: no such file or directory")
    templates = values.get("templates_dir")
    if templates is not None and not Path(templates).is_dir():
        out.append(f"templates_dir: {templates}: no such directory")
    if values.get("mail.password_file") is not None:
        out += _check_password_file(values["mail.password_file"])
    if isinstance(mail, dict):
        if not any(mail.get(k) for k in ("to", "cc", "bcc")):
            out.append('mail.to: no recipients; set to = ["reader@example.org"]')
        if (
            mail.get("security") == "none"
            and mail.get("user")
            and mail.get("host", "localhost") not in ("localhost", "127.0.0.1", "::1")
        ):
            out.append(
                "mail.security: 'none' with a user would send the password unencrypted to "
                f"{mail.get('host')}; use starttls or ssl"
            )
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
    problems: list[Problem] = []
    values = validate_values(
        list(flatten_config(data, str(path), problems)), str(path), text=False, problems=problems
    )
    lines = [f"{p.key}: {p.message}" for p in problems]
    return lines + _file_checks(values, data.get("mail"))  # type: ignore[arg-type]
