"""The SQLite state file: translation memory, story threads, what was sent.

One ``Store`` wraps one connection. Each feature creates its own tables through
``Store.ensure(schema_sql)`` the first time it needs them, so features stay independent.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LockedError, StateError

__all__ = ["Store", "damaged"]


def damaged(path: Path | None, exc: BaseException) -> StateError:
    """The one error for a state database SQLite cannot use: "in use" (exit 9, waiting helps)
    when another process holds it past the timeout, else "damaged" (exit 10)."""
    where = f"{path}: " if path else ""
    name = str(path) if path else "the state file (setting state_path)"
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return LockedError(
            f"{where}the state database is in use by another process ({exc}); try again later"
        )
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in text:
        return StateError(f"{where}cannot open the state database ({exc})")
    return StateError(
        f"{where}the state database is damaged or not a database ({exc}); move {name} aside "
        "and run again: a new one starts empty"
    )


def _create_private(path: Path) -> None:
    """Create the state file owner-only (0600) before SQLite does (with the umask's mode);
    SQLite gives its -wal and -shm files the same mode."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StateError(f"{path}: cannot create the state database: {exc.strerror}") from None
    os.close(fd)


class Store:
    """A small wrapper around one SQLite database file (WAL mode, one lock per process)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _create_private(self.path)
        try:
            self.conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            # reading the schema makes SQLite parse the file: garbage fails here, unchanged
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from None
        self.conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._ensured: set[int] = set()

    def ensure(self, schema_sql: str) -> None:
        """Run ``CREATE TABLE IF NOT EXISTS ...`` statements once per connection."""
        key = hash(schema_sql)
        if key in self._ensured:
            return
        with self._lock:
            try:
                self.conn.executescript(schema_sql)
            except sqlite3.DatabaseError as exc:
                raise damaged(self.path, exc) from None
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
