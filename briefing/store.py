"""The SQLite state file: translation memory, story threads, what was sent.

One ``Store`` wraps one connection. Each feature creates its own tables through
``Store.ensure(schema_sql)`` the first time it needs them, so features stay independent.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import StateError

__all__ = ["Store"]


class Store:
    """A small wrapper around one SQLite database file (WAL mode, one lock per process)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: cannot open the state database: {exc}") from None
        self.conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._ensured: set[int] = set()

    def ensure(self, schema_sql: str) -> None:
        """Run ``CREATE TABLE IF NOT EXISTS ...`` statements once per connection."""
        key = hash(schema_sql)
        if key in self._ensured:
            return
        with self._lock:
            self.conn.executescript(schema_sql)
            self._ensured.add(key)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed on success, rolled back on error."""
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
