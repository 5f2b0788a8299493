"""One ``Settings`` object built in one place: defaults, then the config file, then the
environment, then command-line flags (``load_settings(**flags)``)."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["MailSettings", "Settings", "load_settings", "user_config_path", "user_data_dir"]

APP = "briefing"


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


@dataclass(frozen=True)
class MailSettings:
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    sender: str = "briefing@localhost"
    host: str = "localhost"
    port: int = 25
    security: str = "none"  # "starttls" | "ssl" | "none"
    user: str | None = None
    password_env: str = "BRIEFING_SMTP_PASSWORD"
    password_file: Path | None = None
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0  # seconds, doubled after each failed attempt
    subject: str = "Briefing {date}"
    attachment: str = "briefing_{date}.pdf"  # file name of the attached PDF


@dataclass(frozen=True)
class Settings:
    inputs: tuple[Path, ...] = ()
    out_dir: Path = Path("output")
    date: dt.date | None = None  # build only this publication day
    source_language: str | None = None  # None: detect per article
    target_language: str = "en"
    formats: tuple[str, ...] = ("html", "pdf", "json")
    templates_dir: Path | None = None
    paper: str = "A4"  # "A4" | "Letter"
    algorithm: str = "default"  # summarizer: default | lead | lexrank | textrank | lsa | luhn | ...
    sentences: int = 5  # per story
    words: int | None = None  # per story, instead of sentences
    budget_words: int | None = 1500  # briefing-wide summary budget per day
    top_stories: int = 10
    cluster_threshold: float = 0.30  # cosine for average-link stories (docs/clustering.md)
    thread_days: int = 7
    thread_threshold: float = 0.25  # cosine to continue an earlier story (docs/clustering.md)
    timezone: str = "Europe/Berlin"
    max_file_bytes: int = 20_000_000
    state_path: Path = field(default_factory=lambda: user_data_dir() / "state.sqlite")
    outbox_dir: Path = field(default_factory=lambda: user_data_dir() / "outbox")
    device: str = "auto"  # translation: auto | cpu | cuda
    compute_type: str = "int8"
    beam_size: int = 4  # as Argos Translate (ARGOS_BEAM_SIZE default)
    translate_batch_size: int = 32
    use_cache: bool = True
    executor: str = "local"  # local | dask
    scheduler: str | None = None
    workers: int | None = None  # dask LocalCluster worker processes (None: one per CPU)
    quiet: bool = False
    mail: MailSettings = MailSettings()
    config_path: Path | None = None


_PATH_FIELDS = {"out_dir", "templates_dir", "state_path", "outbox_dir", "config_path"}
_ENV_PREFIX = "BRIEFING_"


def _coerce(name: str, value: Any, target: Any) -> Any:
    """Coerce a TOML/env value to the type of the default ``target`` for field ``name``."""
    if value is None:
        return None
    if name in _PATH_FIELDS or name == "password_file":
        return Path(os.path.expanduser(str(value)))
    if name == "inputs":
        items = value if isinstance(value, list | tuple) else str(value).split(",")
        return tuple(Path(os.path.expanduser(str(v))) for v in items if str(v))
    if name == "date":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if isinstance(target, bool):
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        return bool(value)
    if isinstance(target, int) and not isinstance(target, bool):
        return int(value)
    if isinstance(target, float):
        return float(value)
    if isinstance(target, tuple):
        items = value if isinstance(value, list | tuple) else str(value).split(",")
        return tuple(str(v).strip() for v in items if str(v).strip())
    if name in {"words", "budget_words", "workers"}:
        return int(value)
    return value


def _apply(obj: Any, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(f"{where}: unknown setting '{key}'")
        if name == "mail":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [mail] must be a table")
            changes[name] = _apply(obj.mail, value, f"{where} [mail]")
            continue
        try:
            changes[name] = _coerce(name, value, getattr(obj, name))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: bad value for '{key}': {value!r} ({exc})") from None
    return replace(obj, **changes)


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None


def _env_values() -> dict[str, Any]:
    out: dict[str, Any] = {}
    names = {f.name for f in fields(Settings)} - {"mail", "config_path"}
    for name in names:
        raw = os.environ.get(_ENV_PREFIX + name.upper())
        if raw is not None:
            out[name] = raw
    return out


def load_settings(config: Path | None = None, **flags: Any) -> Settings:
    """Build the settings: defaults < config file < BRIEFING_* environment < flags.

    ``config`` is an explicit ``--config`` path (must exist); otherwise the user's
    ``config.toml`` is read when present. Flags whose value is None are ignored.
    """
    settings = Settings()
    path = config or (
        Path(os.environ["BRIEFING_CONFIG"]) if os.environ.get("BRIEFING_CONFIG") else None
    )
    if path is None and user_config_path().is_file():
        path = user_config_path()
    if path is not None:
        data = read_config_file(path)
        settings = _apply(settings, data, str(path))
        settings = replace(settings, config_path=path)
    settings = _apply(settings, _env_values(), "environment")
    settings = _apply(settings, {k: v for k, v in flags.items() if v is not None}, "command line")
    return settings
