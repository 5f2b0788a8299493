"""Argos Translate package management: list, validate, install, remove, find a route.

Installed packages are read from their ``metadata.json`` directly. ``argostranslate.package``'s
own ``install_from_path``/``uninstall`` import ``argostranslate.translate`` (torch via stanza,
3-4 s) only to clear a cache, extract straight into the packages folder (a broken zip leaves
half a package behind) and its ``update_package_index`` swallows network errors; so installing
and removing are done here: validate the zip, extract into a temporary folder beside the
packages, rename into place.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ModelError

__all__ = [
    "InstalledPackage",
    "AvailablePackage",
    "packages_dir",
    "list_models",
    "find_model",
    "find_route",
    "validate_archive",
    "install_from_file",
    "install_from_index",
    "available_models",
    "remove_model",
    "index_url",
]

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
PIVOT = "en"


@dataclass(frozen=True)
class InstalledPackage:
    """One installed translation package (a folder with metadata.json, model/, sentencepiece)."""

    from_code: str
    to_code: str
    version: str
    path: Path
    from_name: str = ""
    to_name: str = ""

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    @property
    def fingerprint(self) -> str:
        """Model identity for the translation memory: version + a hash of the model files.

        Hashes config, vocabulary, tokenizer and the head/tail/size of ``model.bin`` (reading a
        400 MB model in full on every run would cost more than it protects)."""
        h = hashlib.sha256(self.version.encode())
        for name in ("metadata.json", "sentencepiece.model", "model/config.json"):
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


def packages_dir() -> Path:
    """Where Argos packages live: ``$ARGOS_PACKAGES_DIR``, else argostranslate's default."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "argos-translate" / "packages"


def index_url() -> str:
    """The Argos package index (``$ARGOS_PACKAGE_INDEX`` as argostranslate reads it)."""
    return os.environ.get("ARGOS_PACKAGE_INDEX", DEFAULT_INDEX).rstrip("/").removesuffix(
        "/index.json"
    ) + "/index.json"


def _read_metadata(folder: Path) -> dict[str, object] | None:
    try:
        data = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def list_models(directory: Path | None = None) -> list[InstalledPackage]:
    """The installed translation packages, sorted by pair (folders without metadata skipped)."""
    root = directory or packages_dir()
    if not root.is_dir():
        return []
    found: list[InstalledPackage] = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        meta = _read_metadata(folder)
        if meta is None:
            log.debug("%s: no readable metadata.json; ignored", folder)
            continue
        if meta.get("type", "translate") != "translate" or not meta.get("from_code"):
            continue
        found.append(
            InstalledPackage(
                from_code=str(meta["from_code"]),
                to_code=str(meta.get("to_code", "")),
                version=str(meta.get("package_version", "")),
                path=folder,
                from_name=str(meta.get("from_name", "")),
                to_name=str(meta.get("to_name", "")),
            )
        )
    return sorted(found, key=lambda p: (p.from_code, p.to_code, p.version))


def find_model(
    from_code: str, to_code: str, installed: list[InstalledPackage] | None = None
) -> InstalledPackage | None:
    """The installed package for one direct pair (the highest version), or None."""
    pkgs = list_models() if installed is None else installed
    matches = [p for p in pkgs if p.from_code == from_code and p.to_code == to_code]
    return matches[-1] if matches else None


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


def validate_archive(path: Path) -> dict[str, object]:
    """Check an ``.argosmodel`` zip and return its metadata; raise ModelError with the reason."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            bad = zf.testzip()
            if bad is not None:
                raise ModelError(f"{path}: damaged archive (bad CRC in {bad})")
            for n in names:
                pp = PurePosixPath(n)
                if pp.is_absolute() or ".." in pp.parts:
                    raise ModelError(f"{path}: refused: unsafe path in archive: {n}")
            tops = {PurePosixPath(n).parts[0] for n in names}
            if len(tops) != 1 or not any(len(PurePosixPath(n).parts) > 1 for n in names):
                raise ModelError(
                    f"{path}: not an Argos package (expected one top folder, found "
                    f"{', '.join(sorted(tops)) or 'nothing'})"
                )
            top = tops.pop()
            rel = {str(PurePosixPath(n).relative_to(top)) for n in names}
            if "metadata.json" not in rel:
                raise ModelError(f"{path}: not an Argos package (no metadata.json)")
            try:
                meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise ModelError(f"{path}: metadata.json is not valid JSON ({exc})") from None
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{path}: damaged archive ({exc})") from None
    except OSError as exc:
        raise ModelError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
        raise ModelError(f"{path}: metadata.json lacks from_code/to_code")
    if "model/model.bin" not in rel:
        raise ModelError(f"{path}: not a CTranslate2 translation package (no model/model.bin)")
    if "sentencepiece.model" not in rel:
        raise ModelError(f"{path}: no sentencepiece.model (BPE packages are not supported)")
    meta["_top"] = top
    return meta


def install_from_file(path: Path, directory: Path | None = None) -> InstalledPackage:
    """Validate and install an ``.argosmodel`` file; replaces an installed package of the pair."""
    meta = validate_archive(path)
    root = directory or packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    top = str(meta["_top"])
    work = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        try:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(work)
        except (OSError, zipfile.BadZipFile) as exc:
            raise ModelError(f"{path}: cannot extract ({exc})") from None
        staged = work / top
        _check_loadable(staged, Path(path))
        target = root / f"translate-{meta['from_code']}_{meta['to_code']}"
        for old in list_models(root):
            if old.from_code == meta["from_code"] and old.to_code == meta["to_code"]:
                shutil.rmtree(old.path)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staged, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    installed = find_model(str(meta["from_code"]), str(meta["to_code"]), list_models(root))
    assert installed is not None
    log.info("installed %s %s into %s", installed.pair, installed.version, installed.path)
    return installed


def _check_loadable(folder: Path, source: Path) -> None:
    """Refuse a package whose tokenizer or model config cannot be read."""
    import sentencepiece as spm

    try:
        spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    except (OSError, RuntimeError) as exc:
        raise ModelError(f"{source}: broken sentencepiece.model ({exc})") from None
    try:
        json.loads((folder / "model" / "config.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass  # older CTranslate2 models keep everything in model.bin
    except (OSError, ValueError) as exc:
        raise ModelError(f"{source}: broken model/config.json ({exc})") from None


def remove_model(from_code: str, to_code: str, directory: Path | None = None) -> InstalledPackage:
    """Remove the installed package of a pair; ModelError when none is installed."""
    root = directory or packages_dir()
    pkg = find_model(from_code, to_code, list_models(root))
    if pkg is None:
        raise ModelError(f"no {from_code}->{to_code} translation model is installed")
    shutil.rmtree(pkg.path)
    return pkg


def _fetch(url: str, timeout: float) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "briefing"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (http/https only)
        data: bytes = resp.read()
    return data


def available_models(timeout: float = 20.0) -> list[AvailablePackage]:
    """The translation packages listed in the Argos index; ModelError when unreachable."""
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
    except ValueError as exc:
        raise ModelError(f"the Argos package index at {url} is not valid JSON ({exc})") from None
    out = []
    for meta in index if isinstance(index, list) else []:
        if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
            continue
        if not meta.get("from_code") or not meta.get("to_code"):
            continue
        out.append(
            AvailablePackage(
                from_code=str(meta["from_code"]),
                to_code=str(meta["to_code"]),
                version=str(meta.get("package_version", "")),
                from_name=str(meta.get("from_name", "")),
                to_name=str(meta.get("to_name", "")),
                links=tuple(str(u) for u in meta.get("links", ())),
            )
        )
    return sorted(out, key=lambda p: (p.from_code, p.to_code))


def install_from_index(
    from_code: str, to_code: str, directory: Path | None = None, timeout: float = 60.0
) -> InstalledPackage:
    """Download the pair's package from the Argos index and install it."""
    matches = [p for p in available_models() if (p.from_code, p.to_code) == (from_code, to_code)]
    if not matches:
        raise ModelError(f"the Argos package index has no {from_code}->{to_code} model")
    pkg = matches[-1]
    root = directory or packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    errors = []
    for link in pkg.links:
        fd, tmp = tempfile.mkstemp(prefix=".download-", suffix=".argosmodel", dir=root)
        os.close(fd)
        try:
            try:
                Path(tmp).write_bytes(_fetch(link, timeout))
            except (urllib.error.URLError, OSError, ValueError) as exc:
                errors.append(f"{link}: {getattr(exc, 'reason', None) or exc}")
                continue
            return install_from_file(Path(tmp), root)
        finally:
            Path(tmp).unlink(missing_ok=True)
    raise ModelError(
        f"cannot download the {from_code}->{to_code} model: " + ("; ".join(errors) or "no link")
    )
