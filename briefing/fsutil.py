"""Small file-system helpers shared by every stage that writes files.

Temporary files are named ``.NAME.<pid>.<random>.tmp`` so that a later run can tell the
leftovers of a killed process (its pid no longer runs) from the files a live run is writing;
``clean_stale_temps`` removes the former.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = [
    "UntrustedJSONError",
    "atomic_write",
    "atomic_write_text",
    "clean_stale_temps",
    "pid_alive",
    "private_dir",
    "read_json_untrusted",
    "read_limited",
    "recover_folder_swaps",
    "replace_folder_files",
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
    path.chmod(0o700)
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
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
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


# ---------------------------------------------------------------- a folder's files as a set

_SWAP = re.compile(r"^\.(?P<name>[^/]+)\.(?P<kind>new|old)-(?P<pid>\d+)$")


def _write_file(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    """Remove a file, a symlink (never its target) or a folder tree (never through links)."""
    import shutil

    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def _carry_over(old: Path, staging: Path, names: set[str]) -> None:
    """Bring the entries of ``old`` that the new set does not replace into ``staging`` (hard
    links, so nothing is copied twice), e.g. a format not built this time, or briefing.eml."""
    import shutil

    for entry in old.iterdir():
        if entry.name in names or (entry.name.endswith(".tmp") and is_stale_temp(entry)):
            continue
        dest = staging / entry.name
        if entry.is_symlink():
            dest.symlink_to(os.readlink(entry))  # noqa: PTH115 - the link text as is, not normalised
        elif entry.is_dir():
            shutil.copytree(entry, dest, symlinks=True)
        else:
            try:
                os.link(entry, dest, follow_symlinks=False)
            except OSError:
                shutil.copy2(entry, dest, follow_symlinks=False)


def recover_folder_swaps(parent: Path) -> list[Path]:
    """Finish what a killed ``replace_folder_files`` left in ``parent``: a staged new set that
    was never swapped in is removed; an old set moved aside whose replacement never arrived is
    put back (the folder is then the complete old set); an old set already replaced is removed.
    Only entries named by ``replace_folder_files`` for a process that no longer runs."""
    done: list[Path] = []
    try:
        entries = sorted(Path(parent).iterdir(), key=lambda p: p.name)
    except OSError:
        return done
    for entry in entries:
        m = _SWAP.match(entry.name)
        if not m or int(m.group("pid")) == os.getpid() or pid_alive(int(m.group("pid"))):
            continue
        target = entry.with_name(m.group("name"))
        try:
            if m.group("kind") == "old" and not (target.exists() or target.is_symlink()):
                entry.rename(target)
                log.warning("%s: restored the previous set of files (a run was killed)", target)
            else:
                _remove(entry)
                log.info("removed %s, left behind by an interrupted run", entry)
        except OSError as exc:
            log.warning("%s: cannot clean up after an interrupted run: %s", entry, exc)
            continue
        done.append(entry)
    return done


def replace_folder_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` ({name: bytes}) into ``folder`` as one set: all are written into a hidden
    sibling folder first, the entries of the old folder not in the set are linked in, and the
    two folders are swapped by renames. A reader (or a kill at any point) sees the complete old
    set or the complete new one, never a mix; ``recover_folder_swaps`` finishes a killed swap.
    A folder that is a symlink is replaced by a real one (what it pointed to is not touched).
    Files are readable as the user's umask allows. Returns the paths written."""
    folder = Path(folder)
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    for name in files:
        if not name or "/" in name or name in (".", ".."):
            raise ValueError(f"not a file name: {name!r}")
    pid = os.getpid()
    staging = parent / f".{folder.name}.new-{pid}"
    old = parent / f".{folder.name}.old-{pid}"
    for leftover in (staging, old):
        if leftover.exists() or leftover.is_symlink():
            _remove(leftover)
    staging.mkdir()
    try:
        mode = 0o666 & ~_umask()
        for name, data in files.items():
            _write_file(staging / name, data, mode)
        had_old = folder.exists() or folder.is_symlink()
        if had_old and folder.is_dir() and not folder.is_symlink():
            _carry_over(folder, staging, set(files))
        _fsync_dir(staging)
        if had_old:
            folder.rename(old)
        staging.rename(folder)
    except BaseException:
        if (old.exists() or old.is_symlink()) and not (folder.exists() or folder.is_symlink()):
            old.rename(folder)
        if staging.exists():
            _remove(staging)
        raise
    _fsync_dir(parent)
    if old.exists() or old.is_symlink():
        try:
            _remove(old)
        except OSError as exc:  # the new set is in place; the old one is only clutter
            log.warning("%s: cannot remove the previous set of files: %s", old, exc)
    return [folder / name for name in files]
