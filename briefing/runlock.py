"""The run lock: one ``briefing`` run at a time writes a state file, its article store and its
outputs. ``daily`` and ``send --outbox`` take it (and give up after ``--wait`` seconds);
``build`` takes it too, waiting for the other run, unless its caller (``daily``) holds it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from pathlib import Path

from .config import Settings
from .errors import LockedError

__all__ = ["build_lock", "holds_run_lock", "lock_path", "run_lock"]

log = logging.getLogger(__name__)

# The lock files this thread's run holds (a build inside ``daily`` runs under daily's lock).
_HELD: ContextVar[frozenset[str]] = ContextVar("briefing_run_locks", default=frozenset())


def lock_path(settings: Settings) -> Path:
    """The lock file, next to the state file."""
    return settings.state_path.with_name(settings.state_path.name + ".lock")


@contextmanager
def run_lock(settings: Settings, wait: float | None = 0.0) -> Iterator[Path]:
    """Hold the run lock; another holder makes this wait ``wait`` seconds (None: as long as
    it takes), then LockedError."""
    from filelock import FileLock, Timeout

    path = lock_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire(timeout=0 if wait is None else max(0.0, wait))
    except Timeout:
        if wait is not None:
            raise LockedError(
                f"{path}: another briefing run holds the lock; nothing sent by this run "
                "(try again later; it will see what the other run sent)"
            ) from None
        log.info("%s: another briefing run holds the lock; waiting for it to end", path)
        lock.acquire(timeout=-1)
    token = _HELD.set(_HELD.get() | {str(path)})
    try:
        yield path
    finally:
        _HELD.reset(token)
        lock.release()


def holds_run_lock(settings: Settings) -> bool:
    """This thread's run holds the run lock of ``settings`` already."""
    return str(lock_path(settings)) in _HELD.get()


def build_lock(settings: Settings) -> AbstractContextManager[object]:
    """The run lock for a build: taken (waiting for another run) unless already held."""
    return nullcontext() if holds_run_lock(settings) else run_lock(settings, wait=None)
