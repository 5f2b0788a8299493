"""Progress bars per pipeline stage: drawn on a terminal, silent under cron or ``--quiet``.

The pipeline calls::

    with progress.stage("translate", total=len(batches)) as bar:
        for batch in batches:
            ...
            bar.advance(len(batch))

``Progress.null()`` (or a non-terminal stream) makes every call a no-op, so library code can
call it unconditionally.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["Progress", "Stage"]


class Stage:
    """One stage's bar; ``advance(n)`` moves it, redrawn at most ~10 times a second."""

    def __init__(self, progress: Progress, name: str, total: int | None) -> None:
        self.progress = progress
        self.name = name
        self.total = total if total and total > 0 else None
        self.done = 0
        self._drawn = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.progress.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= 0.1 or (self.total is not None and self.done >= self.total):
            self._drawn = now
            self.progress._draw(self)

    def line(self, final: bool = False) -> str:
        width = self.progress.width
        if self.total is None:
            return f"{self.name:<12} {self.done}"
        frac = min(1.0, self.done / self.total)
        filled = round(frac * width)
        bar = "#" * filled + "-" * (width - filled)
        return f"{self.name:<12} [{bar}] {self.done}/{self.total}"


class Progress:
    """Draws stage bars on ``stream`` when it is a terminal and not quiet."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        quiet: bool = False,
        enabled: bool | None = None,
        width: int = 30,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty()) and not quiet
        self.enabled = enabled
        self.width = width
        self.stages: list[Stage] = []

    @classmethod
    def null(cls) -> Progress:
        """A progress object that never draws."""
        return cls(enabled=False)

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Stage]:
        """A bar for one stage; finished (drawn complete, newline) when the block ends."""
        st = Stage(self, name, total)
        self.stages.append(st)
        if self.enabled:
            self._draw(st)
        try:
            yield st
        finally:
            if self.enabled:
                self._draw(st)
                self.stream.write("\n")
                self.stream.flush()

    def _draw(self, st: Stage) -> None:
        self.stream.write("\r\x1b[K" + st.line())
        self.stream.flush()
