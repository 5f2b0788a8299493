"""Small file-system helpers shared by every stage that writes files.

Temporary files are named ``.NAME.<pid>.<random>.tmp`` so that a later run can tell the
leftovers of a killed process (its pid no longer runs) from the files a live run is writing;
``clean_stale_temps`` removes the former.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = [
    "atomic_write",
    "atomic_write_text",
    "clean_stale_temps",
    "pid_alive",
    "private_dir",
    "read_json_untrusted",
    "read_limited",
    "UntrustedJSONError",
]

log = logging.getLogger(__name__)

# Leftovers without a pid (written before pids were in the name) count as stale after this.
STALE_AFTER_SECONDS = 3600
_TEMP = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
_OLD_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.tmp$")


def _umask() -> int:
    """The process umask, read without changing it (``/proc``), else by the set-and-restore."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it owner-only (0700): outbox, failed mail."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def atomic_write(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename,
    so a reader never sees a half-written file and an old file survives a failed write.

    The file is owner-only (0600) when ``private``, else readable as the user's umask allows.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o600 if private else 0o666 & ~_umask())
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def atomic_write_text(
    path: Path, text: str, encoding: str = "utf-8", *, private: bool = False
) -> Path:
    return atomic_write(path, text.encode(encoding), private=private)


def pid_alive(pid: int) -> bool:
    """True when a process with ``pid`` exists (ours or another user's)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def is_stale_temp(path: Path, now: float | None = None) -> bool:
    """A temporary file of ours left by a process that no longer runs (or, without a pid in
    its name, older than ``STALE_AFTER_SECONDS``)."""
    m = _TEMP.match(path.name)
    if m:
        pid = int(m.group(1))
        return pid != os.getpid() and not pid_alive(pid)
    if _OLD_TEMP.match(path.name):
        try:
            age = (now or time.time()) - path.lstat().st_mtime
        except OSError:
            return False
        return age > STALE_AFTER_SECONDS
    return False


def clean_stale_temps(folder: Path, *, prefixes: tuple[str, ...] = ()) -> list[Path]:
    """Remove the stale temporary files of ours directly in ``folder`` (not below it);
    with ``prefixes``, only those whose name starts with one of them (e.g. ``.briefing.``)."""
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for p in entries:
        if not p.name.startswith(".") or not p.name.endswith(".tmp"):
            continue
        if prefixes and not p.name.startswith(prefixes):
            continue
        if p.is_symlink() or not p.is_file() or not is_stale_temp(p):
            continue
        try:
            p.unlink()
        except OSError as exc:
            log.warning("%s: cannot remove a stale temporary file: %s", p, exc.strerror)
            continue
        log.info("removed %s, left behind by an interrupted run", p)
        removed.append(p)
    return removed


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``; ``OSError`` (with a one-line reason) when it cannot be read or
    is larger than ``max_bytes`` (never more than that is read)."""
    try:
        with Path(path).open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise OSError(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise OSError(f"larger than {max_bytes} bytes")
    return raw


class UntrustedJSONError(ValueError):
    """A JSON file that is too big, not UTF-8, not JSON, or nested too deeply."""


def read_json_untrusted(path: Path, *, max_bytes: int = 50_000_000) -> Any:
    """Parse a JSON file that anyone could have written (old outputs, outbox envelopes):
    every failure, including a nesting deep enough to exhaust the stack, is one
    ``UntrustedJSONError`` naming the reason; the caller still checks every value's type."""
    try:
        raw = read_limited(path, max_bytes)
    except OSError as exc:
        raise UntrustedJSONError(str(exc)) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UntrustedJSONError("not UTF-8") from None
    except RecursionError:
        raise UntrustedJSONError("nested too deeply") from None
    except ValueError as exc:
        raise UntrustedJSONError(f"not JSON ({exc})") from None
