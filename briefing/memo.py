"""Which days of an output folder are up to date, so a rebuild skips them.

A day's fingerprint covers everything its files are made from: the day's articles as the
store folds them, the run report and notices every page carries, the settings, the code and
templates, the installed translation models, the state file, and SOURCE_DATE_EPOCH. When the
fingerprint recorded after the day was last written is unchanged and its files are still
exactly as written (size and modification time), the day is read back from its
``briefing.json`` instead of being clustered, summarized, translated and rendered again. A day
within ``thread_days`` after a rebuilt day is rebuilt too (its story threads may change).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import Article, Day

if TYPE_CHECKING:
    from .article_store import ArticleStore
    from .config import Settings

__all__ = ["DayMemo"]

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
# settings that choose what to build or how to run, not what a day's files contain
_NOT_CONTENT = (
    "inputs",
    "date",
    "since",
    "until",
    "quiet",
    "config_path",
    "executor",
    "scheduler",
    "workers",
    "mail",
    "outbox_dir",
)


def _tree(root: Path | None, pattern: str) -> list[tuple[str, int, int]]:
    if root is None or not root.is_dir():
        return []
    out = []
    for p in sorted(root.rglob(pattern)):
        if p.is_file():
            st = p.stat()
            out.append((str(p), st.st_size, st.st_mtime_ns))
    return out


def _models() -> list[tuple[str, int, int]]:
    from .translate.packages import packages_dir

    return _tree(Path(packages_dir()), "metadata.json")


class DayMemo:
    """Fingerprints of the days of ``settings.out_dir``, kept in the article store."""

    def __init__(self, store: ArticleStore, settings: Settings, shared: dict[str, Any]) -> None:
        self.store = store
        self.out_dir = Path(settings.out_dir).resolve()
        self.thread_days = settings.thread_days
        self.last_built: dt.date | None = None
        state = Path(settings.state_path)
        content = {
            f.name: getattr(settings, f.name)
            for f in dataclasses.fields(settings)
            if f.name not in _NOT_CONTENT
        }
        base = {
            "settings": repr(content),
            "code": _tree(_PACKAGE, "*.py")
            + _tree(_PACKAGE.parent / "templates", "*")
            + _tree(_PACKAGE / "templates", "*")
            + _tree(Path(settings.templates_dir) if settings.templates_dir else None, "*"),
            "models": _models(),
            "state": [state.stat().st_ino, state.stat().st_dev] if state.exists() else None,
            "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
            **shared,
        }
        self.base = hashlib.sha256(json.dumps(base, default=str).encode()).hexdigest()

    def fingerprint(self, day: dt.date, articles: Iterable[Article]) -> str:
        from .serialize import article_to_dict

        h = hashlib.sha256(f"{self.base}\n{day.isoformat()}\n".encode())
        for a in articles:
            h.update(json.dumps(article_to_dict(a), ensure_ascii=False).encode())
        return h.hexdigest()

    def reuse(self, day: dt.date, fp: str) -> Day | None:
        """The day as its up-to-date ``briefing.json`` holds it, or None (build it)."""
        if self.last_built is not None and (day - self.last_built).days <= self.thread_days:
            return None
        got = self.store.output_record(str(self.out_dir), day.isoformat())
        if got is None or got[0] != fp:
            return None
        for path, size, mtime in got[1]:
            try:
                st = Path(path).stat()
            except OSError:
                return None
            if (st.st_size, st.st_mtime_ns) != (size, mtime):
                return None
        side = self.out_dir / day.isoformat() / "briefing.json"
        try:
            from .serialize import briefing_from_dict

            days = briefing_from_dict(json.loads(side.read_text(encoding="utf-8"))).days
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.info("%s: cannot be read back (%s); building the day again", side, exc)
            return None
        return days[0] if len(days) == 1 and days[0].date == day else None

    def built(self, day: dt.date) -> None:
        self.last_built = day

    def files(self, day: dt.date) -> list[Path]:
        got = self.store.output_record(str(self.out_dir), day.isoformat())
        return [Path(p) for p, _s, _m in got[1]] if got else []

    def record(self, fps: dict[dt.date, str], written: Iterable[Path]) -> None:
        """Remember the fingerprint and the files of every day just written."""
        by_day: dict[str, list[tuple[str, int, int]]] = {}
        for p in written:
            path = Path(p).resolve()
            if path.parent.parent == self.out_dir:
                st = path.stat()
                by_day.setdefault(path.parent.name, []).append(
                    (str(path), st.st_size, st.st_mtime_ns)
                )
        self.store.record_outputs(
            str(self.out_dir),
            {d.isoformat(): (fp, by_day.get(d.isoformat(), [])) for d, fp in fps.items()},
        )
