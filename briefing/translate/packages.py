"""Argos Translate package management: list, validate, install, remove, find a route.

Installed packages are read from their ``metadata.json`` directly. ``argostranslate.package``'s
own ``install_from_path``/``uninstall`` import ``argostranslate.translate`` (torch via stanza,
3-4 s) only to clear a cache, extract straight into the packages folder (a broken zip leaves
half a package behind) and its ``update_package_index`` swallows network errors; so installing
and removing are done here.

A package's metadata and file names are untrusted (docs/threat-model.md): language codes must
match ``CODE_PATTERN`` and the type must be ``translate`` before any path is built; the archive
is checked (names, entry count, total size, compression ratio) and unpacked completely into a
staging folder *beside* the packages folder (argostranslate's ``get_installed_packages`` reads
every folder inside it), loaded once with CTranslate2, and only then renamed into place. Installs
and removals are serialised by a lock file; stale staging left by a killed install is removed by
the next one.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ModelError

__all__ = [
    "CODE_PATTERN",
    "MAX_COMPRESSION_RATIO",
    "MAX_PACKAGE_BYTES",
    "MAX_PACKAGE_FILES",
    "AvailablePackage",
    "InstalledPackage",
    "available_models",
    "find_model",
    "find_route",
    "index_url",
    "install_from_file",
    "install_from_index",
    "language_candidates",
    "list_models",
    "packages_dir",
    "parse_metadata",
    "remove_model",
    "validate_archive",
    "validate_code",
    "version_key",
]

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
PIVOT = "en"

# Language codes as the Argos index writes them ("de", "zt", "pb", "nb", "fil"), optionally with
# a region or script ("pt_BR", "zh-Hant"). Matched whole (``fullmatch``): no "/", "..", NUL,
# newline or anything else that could make a path out of a code.
CODE_PATTERN = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?")
VERSION_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]{0,31}")

# Limits on an archive (docs/threat-model.md). The largest real Argos package is ~0.5 GB, and
# model weights barely compress (ratio ~1.1; vocabularies ~4): a zip that claims much more is a
# zip bomb and is refused from its directory, before a byte is extracted.
MAX_PACKAGE_BYTES = 4 * 1024**3  # total uncompressed size
MAX_PACKAGE_FILES = 10_000  # entries
MAX_COMPRESSION_RATIO = 20  # total uncompressed / compressed
MAX_ENTRY_RATIO = 200  # one entry above 1 MiB
MAX_METADATA_BYTES = 1 << 20
LOCK_TIMEOUT = 600.0  # seconds one install waits for another
DOWNLOAD_DEADLINE = 3600.0  # seconds for one package download, all reads together

# Our own install folder for a pair; folders of other tools (argospm, LibreTranslate: named by
# the archive's top folder, "translate-de_en-1_9") are not replaced without ``replace=True``.
_OWN = "translate-{}_{}"
# Test hook: SIGKILL this process after N files were extracted, to prove that a real crash
# during an install leaves nothing behind (tests/test_translate_hostile_packages.py only).
_CRASH_ENV = "_BRIEFING_INSTALL_CRASH_AFTER"
_STAGING_PREFIXES = (".install-", ".download-", ".briefing-incoming-")


@dataclass(frozen=True)
class InstalledPackage:
    """One installed translation package (a folder with metadata.json, model/, a tokenizer)."""

    from_code: str
    to_code: str
    version: str
    path: Path
    from_name: str = ""
    to_name: str = ""
    target_prefix: str = ""

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def own(self) -> bool:
        """Installed by briefing (its folder name), not by argospm or LibreTranslate."""
        return self.path.name == _OWN.format(self.from_code, self.to_code)

    @property
    def tokenizer(self) -> str:
        """``sentencepiece`` or ``bpe`` (subword-nmt codes + Moses), as argostranslate picks."""
        return "sentencepiece" if (self.path / "sentencepiece.model").is_file() else "bpe"

    @property
    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    @property
    def fingerprint(self) -> str:
        """Model identity for the translation memory: version + a hash of the model files.

        Hashes config, vocabulary, tokenizer and the head/tail/size of ``model.bin`` (reading a
        400 MB model in full on every run would cost more than it protects)."""
        h = hashlib.sha256(self.version.encode())
        for name in ("metadata.json", "sentencepiece.model", "bpe.model", "model/config.json"):
            p = self.path / name
            if p.is_file():
                h.update(p.read_bytes())
        binary = self.path / "model" / "model.bin"
        if binary.is_file():
            size = binary.stat().st_size
            h.update(str(size).encode())
            with binary.open("rb") as fh:
                h.update(fh.read(1 << 20))
                if size > 1 << 20:
                    fh.seek(max(0, size - (1 << 20)))
                    h.update(fh.read(1 << 20))
        return f"{self.version}:{h.hexdigest()[:16]}"


@dataclass(frozen=True)
class AvailablePackage:
    """One package listed in the Argos index."""

    from_code: str
    to_code: str
    version: str
    from_name: str
    to_name: str
    links: tuple[str, ...]
    size: int | None = None
    sha256: str = ""


# --- where packages live ---------------------------------------------------------------------


def _argos_settings_dir() -> str | None:
    """``ARGOS_PACKAGES_DIR`` from argostranslate's ``settings.json``, if it sets one."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    path = Path(base) / "argos-translate" / "settings.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    value = data.get("ARGOS_PACKAGES_DIR") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def packages_dir() -> Path:
    """Where Argos packages live, as argostranslate decides: ``$ARGOS_PACKAGES_DIR``, else
    ``ARGOS_PACKAGES_DIR`` in its ``settings.json``, else
    ``$XDG_DATA_HOME/argos-translate/packages``."""
    env = os.environ.get("ARGOS_PACKAGES_DIR") or _argos_settings_dir()
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "argos-translate" / "packages"


def index_url() -> str:
    """The Argos package index (``$ARGOS_PACKAGE_INDEX`` as argostranslate reads it)."""
    return (
        os.environ.get("ARGOS_PACKAGE_INDEX", DEFAULT_INDEX).rstrip("/").removesuffix("/index.json")
        + "/index.json"
    )


# --- metadata ---------------------------------------------------------------------------------


def _shown(value: object, limit: int = 40) -> str:
    """A value for an error message: repr (escapes control characters), shortened."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return text[: limit - 5] + "...'" + f" ({len(str(value))} chars)"


def validate_code(value: object, field: str = "code") -> str:
    """A language code, or ModelError: a string matching ``CODE_PATTERN`` as a whole."""
    if not isinstance(value, str):
        kind = type(value).__name__
        raise ModelError(f"{field} {_shown(value)} is not a language code (a {kind}, not a string)")
    if not CODE_PATTERN.fullmatch(value):
        raise ModelError(f"{field} {_shown(value)} is not a language code (like de, en, pt_BR)")
    return value


def _clean_name(value: object) -> str:
    if not isinstance(value, str):
        return ""
    text = "".join(c for c in value if unicodedata.category(c)[0] != "C")
    return text.strip()[:80]


def parse_metadata(raw: bytes, source: object) -> dict[str, Any]:
    """Validate a package's ``metadata.json``; returns the fields used, or ModelError naming
    ``source`` and the reason (bad JSON, deep nesting, a code that is no language code, a type
    other than ``translate``)."""
    if len(raw) > MAX_METADATA_BYTES:
        raise ModelError(f"{source}: metadata.json is too large ({len(raw)} bytes)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{source}: metadata.json is not valid JSON ({exc})") from None
    except RecursionError:
        raise ModelError(f"{source}: metadata.json is nested too deeply") from None
    if not isinstance(data, dict):
        raise ModelError(f"{source}: metadata.json is not a JSON object")
    kind = data.get("type", "translate")
    if kind != "translate":
        raise ModelError(
            f"{source}: refused: package type {_shown(kind)} cannot be a translation package "
            "(only type 'translate' translates)"
        )
    if not data.get("from_code") or not data.get("to_code"):
        raise ModelError(f"{source}: metadata.json lacks from_code/to_code")
    try:
        from_code = validate_code(data["from_code"], "from_code")
        to_code = validate_code(data["to_code"], "to_code")
    except ModelError as exc:
        raise ModelError(f"{source}: refused: metadata.json {exc}") from None
    version = data.get("package_version", "")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)
    if version != "" and not (isinstance(version, str) and VERSION_PATTERN.fullmatch(version)):
        raise ModelError(f"{source}: refused: package_version {_shown(version)} is not a version")
    prefix = data.get("target_prefix", "") or ""
    if (
        not isinstance(prefix, str)
        or len(prefix) > 64
        or any(c.isspace() or unicodedata.category(c)[0] == "C" for c in prefix)
    ):
        raise ModelError(f"{source}: refused: target_prefix {_shown(prefix)} is not one token")
    return {
        "from_code": from_code,
        "to_code": to_code,
        "package_version": version,
        "from_name": _clean_name(data.get("from_name")),
        "to_name": _clean_name(data.get("to_name")),
        "target_prefix": prefix,
    }


def version_key(version: str) -> tuple[tuple[int, ...], str]:
    """Numeric order of package versions: 1.9 < 1.10 < 2.0 (text only breaks ties)."""
    return tuple(int(n) for n in re.findall(r"\d+", version)[:8]), version


# --- installed packages -----------------------------------------------------------------------


def _read_installed(folder: Path) -> InstalledPackage | None:
    try:
        raw = (folder / "metadata.json").read_bytes()
        meta = parse_metadata(raw, folder)
    except (OSError, ModelError) as exc:
        log.debug("%s: not a usable translation package (%s); ignored", folder, exc)
        return None
    if not (folder / "model" / "model.bin").is_file():
        return None
    if not any((folder / n).is_file() for n in ("sentencepiece.model", "bpe.model")):
        return None
    return InstalledPackage(
        from_code=meta["from_code"],
        to_code=meta["to_code"],
        version=meta["package_version"],
        path=folder,
        from_name=meta["from_name"],
        to_name=meta["to_name"],
        target_prefix=meta["target_prefix"],
    )


def list_models(directory: Path | None = None) -> list[InstalledPackage]:
    """The installed translation packages, sorted by pair, then version (oldest first);
    folders without valid translation metadata are skipped."""
    root = directory or packages_dir()
    try:
        folders = sorted(root.iterdir()) if root.is_dir() else []
    except OSError:
        return []
    found = [
        pkg
        for folder in folders
        if folder.is_dir()
        and not folder.name.startswith(".")
        and (pkg := _read_installed(folder)) is not None
    ]
    return sorted(found, key=lambda p: (p.from_code, p.to_code, version_key(p.version), p.own))


# Detector / BCP 47 codes -> the codes of the Argos index (the first that is installed wins).
LANGUAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "no": ("nb",),
    "nn": ("nb",),
    "nb": ("nb", "no"),
    "zh-hant": ("zt", "zh"),
    "zh-tw": ("zt", "zh"),
    "zh-hk": ("zt", "zh"),
    "zt": ("zt", "zh"),
    "zh-hans": ("zh",),
    "zh-cn": ("zh",),
    "pt-br": ("pb", "pt"),
    "pb": ("pb", "pt"),
    "pt-pt": ("pt",),
    "iw": ("he",),
    "in": ("id",),
    "tl": ("tl", "fil"),
}


def language_candidates(code: str) -> tuple[str, ...]:
    """The index codes to try for a detector or config code, best first (``no`` -> ``nb``,
    ``zh-Hant`` -> ``zt`` then ``zh``, ``pt-BR`` -> ``pb`` then ``pt``)."""
    key = code.replace("_", "-").lower()
    if key in LANGUAGE_ALIASES:  # the code as written first: a package may use it as it is
        return tuple(dict.fromkeys((code, *LANGUAGE_ALIASES[key])))
    base = key.split("-")[0]
    return (code,) if base == code else (code, base)


def find_model(
    from_code: str, to_code: str, installed: list[InstalledPackage] | None = None
) -> InstalledPackage | None:
    """The installed package for one pair (codes mapped as ``language_candidates``): the
    newest version (numeric order), briefing's own install on a tie; or None."""
    pkgs = list_models() if installed is None else installed
    for src in language_candidates(from_code):
        for dst in language_candidates(to_code):
            matches = [p for p in pkgs if p.from_code == src and p.to_code == dst]
            if matches:
                return max(matches, key=lambda p: (version_key(p.version), p.own))
    return None


def find_route(
    from_code: str, to_code: str, installed: list[InstalledPackage] | None = None
) -> list[InstalledPackage] | None:
    """Packages to chain for ``from -> to``: [] for the same language, one direct package,
    two through English (fr -> en -> de), or None when no path is installed."""
    if from_code == to_code:
        return []
    pkgs = list_models() if installed is None else installed
    direct = find_model(from_code, to_code, pkgs)
    if direct is not None:
        return [direct]
    if PIVOT not in (from_code, to_code):
        first, second = find_model(from_code, PIVOT, pkgs), find_model(PIVOT, to_code, pkgs)
        if first is not None and second is not None:
            return [first, second]
    return None


# --- archives ---------------------------------------------------------------------------------


def _entry_parts(name: str) -> list[str] | None:
    """The path parts of a zip entry, or None when the name is unsafe or odd."""
    if "\\" in name or "\x00" in name or any(ord(c) < 32 for c in name):
        return None
    parts = name.rstrip("/").split("/")
    if any(p in ("", ".", "..") or len(p.encode()) > 255 for p in parts):
        return None
    if ":" in parts[0]:
        return None  # a drive letter
    return parts


def validate_archive(path: Path) -> dict[str, object]:
    """Check an ``.argosmodel`` zip from its directory, without extracting anything; return its
    validated metadata (plus ``_top``, its top folder); ModelError with the reason."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    try:
        if not zipfile.is_zipfile(path):
            raise ModelError(f"{path}: not an Argos package (not a zip archive)")
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            meta = _check_directory(path, zf, infos)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{path}: damaged archive ({exc})") from None
    except (OSError, EOFError) as exc:
        raise ModelError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    return meta


def _checked_parts(path: Path, info: zipfile.ZipInfo) -> list[str]:
    """An entry's path parts; ModelError for an unsafe path or a symbolic link."""
    parts = _entry_parts(info.filename)
    if parts is None:
        shown = _shown(info.filename, 80)
        raise ModelError(f"{path}: refused: unsafe path in archive: {shown}")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ModelError(f"{path}: refused: symbolic link in archive: {info.filename}")
    return parts


def _check_entry_ratio(path: Path, rel: str, info: zipfile.ZipInfo) -> None:
    ratio = info.file_size / max(1, info.compress_size)
    if info.file_size > 1 << 20 and ratio > MAX_ENTRY_RATIO:
        raise ModelError(
            f"{path}: refused: {rel} would unpack {info.file_size:,} bytes from "
            f"{info.compress_size:,} (a zip bomb?)"
        )


def _check_totals(
    path: Path, tops: set[str], files: dict[str, zipfile.ZipInfo], total: int, packed: int
) -> None:
    if len(tops) != 1 or not files:
        shown = ", ".join(sorted(t.lstrip("/") for t in tops)) or "nothing"
        raise ModelError(f"{path}: not an Argos package (expected one top folder, found {shown})")
    if total > MAX_PACKAGE_BYTES:
        raise ModelError(
            f"{path}: refused: unpacks to {total:,} bytes (at most {MAX_PACKAGE_BYTES:,})"
        )
    if total > (1 << 20) and total > MAX_COMPRESSION_RATIO * max(1, packed):
        raise ModelError(
            f"{path}: refused: unpacks {total:,} bytes from {packed:,} (compression ratio above "
            f"{MAX_COMPRESSION_RATIO}: a zip bomb?)"
        )


def _package_metadata(
    path: Path, zf: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo]
) -> dict[str, object]:
    """The package's metadata, once the files a package needs are known to be there."""
    if "metadata.json" not in files:
        raise ModelError(f"{path}: not an Argos package (no metadata.json)")
    info = files["metadata.json"]
    if info.file_size > MAX_METADATA_BYTES:
        raise ModelError(f"{path}: metadata.json is too large ({info.file_size} bytes)")
    meta: dict[str, object] = parse_metadata(zf.read(info), path)
    if "model/model.bin" not in files:
        raise ModelError(f"{path}: not a CTranslate2 translation package (no model/model.bin)")
    if "sentencepiece.model" not in files and "bpe.model" not in files:
        raise ModelError(f"{path}: no tokenizer (neither sentencepiece.model nor bpe.model)")
    return meta


def _check_directory(
    path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> dict[str, Any]:
    if len(infos) > MAX_PACKAGE_FILES:
        raise ModelError(
            f"{path}: refused: {len(infos)} entries (at most {MAX_PACKAGE_FILES} in a package)"
        )
    files: dict[str, zipfile.ZipInfo] = {}
    tops: set[str] = set()
    total = packed = 0
    for info in infos:
        parts = _checked_parts(path, info)
        tops.add(parts[0])
        if info.is_dir():
            continue
        if len(parts) < 2:
            tops.add("/" + parts[0])  # a file at the top level: not one folder
            continue
        rel = "/".join(parts[1:])
        if rel in files:
            raise ModelError(f"{path}: refused: {rel} appears twice in the archive")
        files[rel] = info
        total += info.file_size
        packed += info.compress_size
        _check_entry_ratio(path, rel, info)
    _check_totals(path, tops, files, total, packed)
    meta = _package_metadata(path, zf, files)
    meta["_top"] = tops.pop()
    meta["_bytes"] = total
    return meta


def _extract(path: Path, dest: Path) -> None:
    """Unpack every file of the (validated) archive into ``dest``, below its top folder,
    counting bytes against the declared sizes and the total limit."""
    root = dest.resolve()
    total = 0
    crash_after = int(os.environ.get(_CRASH_ENV, "0") or 0)
    done = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if crash_after and done >= crash_after:
                import signal

                os.kill(os.getpid(), signal.SIGKILL)
            parts = _entry_parts(info.filename)
            if parts is None or info.is_dir() or len(parts) < 2:
                continue
            target = dest.joinpath(*parts[1:])
            if not target.resolve().is_relative_to(root):
                raise ModelError(f"{path}: refused: unsafe path in archive: {info.filename}")
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            with zf.open(info) as src, target.open("xb") as out:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    total += len(chunk)
                    if written > info.file_size or total > MAX_PACKAGE_BYTES:
                        raise ModelError(
                            f"{path}: refused: {info.filename} is larger than declared"
                        )
                    out.write(chunk)
            done += 1


def _check_loadable(folder: Path, source: Path) -> None:
    """Refuse a package whose tokenizer, config or model does not load, or cannot translate
    one word (a model.bin of zeros, a vocabulary that does not match)."""
    from .engine import load_package_model

    try:
        model = load_package_model(folder, device="cpu", compute_type="default")
        tokens = model.tokenizer.encode(["Test"])
        prefix = [[model.target_prefix]] if model.target_prefix else None
        model.translator.translate_batch(
            tokens, beam_size=1, max_decoding_length=4, target_prefix=prefix
        )
    except ModelError as exc:
        raise ModelError(f"{source}: refused: {exc}") from None
    except Exception as exc:  # CTranslate2 raises IndexError, KeyError, ...
        raise ModelError(
            f"{source}: refused: the model does not translate ({type(exc).__name__}: {exc})"
        ) from None


# --- install, remove --------------------------------------------------------------------------


def _staging_root(root: Path) -> Path:
    """Where installs are unpacked: beside the packages folder (same filesystem, outside what
    argostranslate scans); inside it as a hidden folder when the parent is not writable."""
    beside = root.parent / f".{root.name}.briefing-staging"
    try:
        beside.mkdir(exist_ok=True)
        return beside
    except OSError:
        inside = root / ".briefing-staging"
        inside.mkdir(exist_ok=True)
        return inside


def _clean_stale(root: Path, staging: Path) -> None:
    """Remove what a killed install left (called with the lock held)."""
    for entry in list(staging.iterdir()):
        log.info("removing a stale install folder %s", entry)
        _remove_path(entry)
    for entry in list(root.iterdir()):
        if entry.name.startswith(_STAGING_PREFIXES):
            log.info("removing a stale install folder %s", entry)
            _remove_path(entry)


def _remove_path(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _locked(root: Path) -> Iterator[Path]:
    """Hold the install lock of a packages folder; yields the (cleaned) staging folder."""
    from filelock import FileLock, Timeout

    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = _staging_root(root)
    except OSError as exc:
        reason = exc.strerror or exc
        raise ModelError(f"cannot write to the packages folder {root} ({reason})") from None
    lock = FileLock(str(staging) + ".lock")
    try:
        lock.acquire(timeout=LOCK_TIMEOUT)
    except Timeout:
        raise ModelError(
            f"another install or removal in {root} is still running (lock {lock.lock_file})"
        ) from None
    try:
        _clean_stale(root, staging)
        yield staging
    finally:
        lock.release()


def _inside(root: Path, target: Path) -> Path:
    """``target`` when it stays a direct child of ``root`` after resolving, else ModelError."""
    resolved_root = root.resolve()
    resolved = target.resolve()
    if resolved.parent != resolved_root:
        raise ModelError(f"refused: {target} is outside the packages folder {root}")
    return target


def _move_aside(path: Path, staging: Path) -> Path:
    """Rename a package folder into staging (atomic on one filesystem) so it can be deleted."""
    aside = staging / f"old-{uuid.uuid4().hex[:8]}"
    try:
        path.replace(aside)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.rmtree(path)
        return aside
    return aside


def install_from_file(
    path: Path,
    directory: Path | None = None,
    *,
    expect: tuple[str, str] | None = None,
    replace: bool = False,
) -> InstalledPackage:
    """Validate and install an ``.argosmodel`` file.

    Replaces briefing's own install of the pair; other tools' packages of the pair are kept
    (the newest version is used) unless ``replace``. ``expect`` (from, to): refuse a package of
    another pair before anything installed is touched."""
    root = directory or packages_dir()
    with _locked(root) as staging:
        return _install_locked(Path(path), root, staging, expect=expect, replace=replace)


def _install_locked(
    path: Path, root: Path, staging: Path, *, expect: tuple[str, str] | None, replace: bool
) -> InstalledPackage:
    meta = validate_archive(path)
    pair = (str(meta["from_code"]), str(meta["to_code"]))
    if expect is not None and pair != expect:
        raise ModelError(
            f"{path}: refused: it is a {pair[0]}->{pair[1]} package, not {expect[0]}->{expect[1]} "
            "(the installed model is kept)"
        )
    work = Path(tempfile.mkdtemp(prefix="install-", dir=staging))
    try:
        staged = work / "package"
        try:
            _extract(path, staged)
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            raise ModelError(f"{path}: cannot extract ({exc})") from None
        _check_loadable(staged, path)
        target = _inside(root, root / _OWN.format(*pair))
        others = [
            p
            for p in list_models(root)
            if (p.from_code, p.to_code) == pair and p.path.name != target.name
        ]
        try:
            if target.exists() or target.is_symlink():
                _remove_path(_move_aside(target, work))
            try:
                staged.replace(target)
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                incoming = root / f".briefing-incoming-{uuid.uuid4().hex[:8]}"
                shutil.copytree(staged, incoming)
                incoming.replace(target)
            if replace:
                for other in others:
                    _inside(root, other.path)
                    log.info("removing %s %s (%s): replace", other.pair, other.version, other.path)
                    _remove_path(_move_aside(other.path, work))
        except OSError as exc:
            reason = exc.strerror or exc
            raise ModelError(f"{path}: cannot install into {root} ({reason})") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    installed = _read_installed(target)
    if installed is None:
        raise ModelError(f"{path}: installed into {target} but it cannot be read back")
    log.info("installed %s %s into %s", installed.pair, installed.version, installed.path)
    return installed


def remove_model(from_code: str, to_code: str, directory: Path | None = None) -> InstalledPackage:
    """Remove the installed package of a pair that is used (the newest); ModelError when none."""
    validate_code(from_code, "FROM")
    validate_code(to_code, "TO")
    root = directory or packages_dir()
    with _locked(root) as staging:
        pkg = find_model(from_code, to_code, list_models(root))
        if pkg is None or (pkg.from_code, pkg.to_code) != (from_code, to_code):
            raise ModelError(f"no {from_code}->{to_code} translation model is installed")
        _inside(root, pkg.path)
        try:
            _remove_path(_move_aside(pkg.path, staging))
        except OSError as exc:
            raise ModelError(f"cannot remove {pkg.path} ({exc.strerror or exc})") from None
    return pkg


# --- the index --------------------------------------------------------------------------------


def _fetch(url: str, timeout: float) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "briefing"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # http/https only
        data: bytes = resp.read(64 << 20)
    return data


def _download(url: str, dest: Path, timeout: float, expected_size: int | None) -> None:
    """Stream ``url`` into ``dest`` with a per-read timeout, an overall deadline and the
    package size limit; checks Content-Length (and the index's size, where it gives one)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"unsupported URL {url}")
    deadline = time.monotonic() + DOWNLOAD_DEADLINE
    req = urllib.request.Request(url, headers={"User-Agent": "briefing"})
    with urllib.request.urlopen(req, timeout=timeout) as resp, dest.open("wb") as out:
        length = resp.headers.get("Content-Length")
        declared = int(length) if length and length.isdigit() else None
        got = 0
        while chunk := resp.read(1 << 20):
            got += len(chunk)
            if got > MAX_PACKAGE_BYTES:
                raise ValueError(f"larger than {MAX_PACKAGE_BYTES:,} bytes")
            if time.monotonic() > deadline:
                raise ValueError(f"not finished within {DOWNLOAD_DEADLINE:.0f} s")
            out.write(chunk)
    if declared is not None and got != declared:
        raise ValueError(f"incomplete download ({got:,} of {declared:,} bytes)")
    if expected_size is not None and got != expected_size:
        raise ValueError(f"size {got:,} bytes, the index says {expected_size:,}")


def available_models(timeout: float = 20.0) -> list[AvailablePackage]:
    """The translation packages listed in the Argos index; ModelError when unreachable.
    Entries with invalid codes are left out."""
    url = index_url()
    if not url.startswith(("http://", "https://")):
        raise ModelError(f"cannot reach the Argos package index: unsupported URL {url}")
    try:
        raw = _fetch(url, timeout)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ModelError(f"cannot reach the Argos package index: {reason} ({url})") from None
    try:
        index = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ModelError(f"the Argos package index at {url} is not valid JSON ({exc})") from None
    out = []
    for entry in index if isinstance(index, list) else []:
        if not isinstance(entry, dict):
            continue
        try:
            meta = parse_metadata(json.dumps(entry).encode(), url)
        except (ModelError, TypeError, ValueError):
            continue
        links = entry.get("links")
        size = entry.get("size")
        checksum = entry.get("sha256") or entry.get("checksum") or ""
        if not (isinstance(size, int) and not isinstance(size, bool) and size > 0):
            size = None
        checksum = checksum.lower() if isinstance(checksum, str) else ""
        valid_sum = re.fullmatch(r"(sha256:)?[0-9a-f]{64}", checksum)
        out.append(
            AvailablePackage(
                from_code=meta["from_code"],
                to_code=meta["to_code"],
                version=meta["package_version"],
                from_name=meta["from_name"],
                to_name=meta["to_name"],
                links=tuple(u for u in links if isinstance(u, str))
                if isinstance(links, list)
                else (),
                size=size,
                sha256=str(checksum).lower().removeprefix("sha256:") if valid_sum else "",
            )
        )
    return sorted(out, key=lambda p: (p.from_code, p.to_code, version_key(p.version)))


def install_from_index(
    from_code: str,
    to_code: str,
    directory: Path | None = None,
    timeout: float = 60.0,
    *,
    replace: bool = False,
) -> InstalledPackage:
    """Download the pair's newest package from the Argos index and install it, after checking
    its size, its checksum (where the index gives one) and that it is the pair asked for."""
    validate_code(from_code, "FROM")
    validate_code(to_code, "TO")
    matches = [p for p in available_models() if (p.from_code, p.to_code) == (from_code, to_code)]
    if not matches:
        raise ModelError(f"the Argos package index has no {from_code}->{to_code} model")
    pkg = max(matches, key=lambda p: version_key(p.version))
    root = directory or packages_dir()
    errors = []
    with _locked(root) as staging:
        for link in pkg.links:
            tmp = staging / f"download-{uuid.uuid4().hex[:8]}.argosmodel"
            try:
                try:
                    _download(link, tmp, timeout, pkg.size)
                    if pkg.sha256:
                        digest = hashlib.sha256()
                        with tmp.open("rb") as fh:
                            while block := fh.read(1 << 20):
                                digest.update(block)
                        if digest.hexdigest() != pkg.sha256:
                            raise ValueError("checksum does not match the index")
                except (urllib.error.URLError, OSError, ValueError) as exc:
                    errors.append(f"{link}: {getattr(exc, 'reason', None) or exc}")
                    continue
                return _install_locked(
                    tmp, root, staging, expect=(from_code, to_code), replace=replace
                )
            finally:
                tmp.unlink(missing_ok=True)
    raise ModelError(
        f"cannot download the {from_code}->{to_code} model: " + ("; ".join(errors) or "no link")
    )
