"""The translation memory: (model pair, model fingerprint, source text) -> translation, kept in
the project's SQLite state, so a sentence already translated by the same model is never
translated again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..store import Store

__all__ = ["MemoryStats", "TranslationMemory"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS translation_memory (
    pair TEXT NOT NULL,
    model TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (pair, model, source)
);
"""

_CHUNK = 500  # SQLite's host-parameter limit is 999 on old builds


@dataclass(frozen=True)
class MemoryStats:
    entries: int
    per_pair: dict[str, int]
    bytes: int  # UTF-8 size of the stored source and target texts


class TranslationMemory:
    """Lookups and inserts in batches; one instance per ``Store``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        store.ensure(SCHEMA)

    def get_many(self, pair: str, model: str, sources: Iterable[str]) -> dict[str, str]:
        """The stored translations of those sources (missing ones absent)."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.store.conn.execute(
                f"SELECT source, target FROM translation_memory "  # placeholders only
                f"WHERE pair = ? AND model = ? AND source IN ({marks})",
                (pair, model, *chunk),
            ).fetchall()
            found.update({r[0]: r[1] for r in rows})
        return found

    def put_many(self, pair: str, model: str, items: dict[str, str]) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.store.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO translation_memory VALUES (?, ?, ?, ?, ?)",
                [(pair, model, s, t, now) for s, t in items.items()],
            )

    def stats(self) -> MemoryStats:
        conn = self.store.conn
        per_pair = {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT pair, COUNT(*) FROM translation_memory GROUP BY pair ORDER BY pair"
            )
        }
        size = conn.execute(
            "SELECT COALESCE(SUM(LENGTH(CAST(source AS BLOB)) + LENGTH(CAST(target AS BLOB))), 0)"
            " FROM translation_memory"
        ).fetchone()[0]
        return MemoryStats(sum(per_pair.values()), per_pair, int(size))

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        with self.store.transaction() as conn:
            n = conn.execute("SELECT COUNT(*) FROM translation_memory").fetchone()[0]
            conn.execute("DELETE FROM translation_memory")
        return int(n)
