"""``briefing models ...``, ``briefing translate`` and ``briefing cache ...``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import ModelError
from ._apps import STATE, app, boundary, cache_app, err, language_code, models_app

if TYPE_CHECKING:
    from ..translate.packages import InstalledPackage


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


@models_app.command("list")
@boundary
def models_list() -> None:
    """List the installed translation models: pair, version, size, folder; "used" marks the
    one a pair translates with when several versions are installed (the newest)."""
    from ..translate.packages import find_model, list_models, packages_dir

    pkgs = list_models()
    if not pkgs:
        typer.echo(f"No translation model installed (in {packages_dir()}).")
        typer.echo(
            "Install one with: briefing models install de en "
            "(or: briefing models install --file PATH.argosmodel)"
        )
        return
    for p in pkgs:
        names = f"{p.from_name or p.from_code} → {p.to_name or p.to_code}"
        same = [q for q in pkgs if q.pair == p.pair]
        mark = ""
        if len(same) > 1:
            used = find_model(p.from_code, p.to_code, same)
            mark = "\t(used)" if used is not None and used.path == p.path else "\t(not used: older)"
        typer.echo(
            f"{p.from_code}->{p.to_code}\t{p.version or '?'}\t{_size(p.size_bytes)}"
            f"\t{names}\t{p.path}{mark}"
        )


@models_app.command("available")
@boundary
def models_available() -> None:
    """List the models in the Argos package index (needs the network)."""
    from ..translate.packages import available_models, find_model, list_models

    installed = list_models()
    for p in available_models():
        mark = " (installed)" if find_model(p.from_code, p.to_code, installed) else ""
        names = f"{p.from_name or p.from_code} → {p.to_name or p.to_code}"
        typer.echo(f"{p.from_code}->{p.to_code}\t{p.version}\t{names}{mark}")


@models_app.command("install")
@boundary
def models_install(
    from_code: str = typer.Argument(None, metavar="FROM", help="Source language code, e.g. de."),
    to_code: str = typer.Argument(None, metavar="TO", help="Target language code, e.g. en."),
    file: Path = typer.Option(None, "--file", "-f", help="Install this .argosmodel file instead."),
    if_missing: bool = typer.Option(
        False, "--if-missing", help="Do nothing when the pair is installed."
    ),
    optional: bool = typer.Option(
        False,
        "--optional",
        help="When the install fails, warn and exit 0 (the briefing is built untranslated).",
    ),
    replace: bool = typer.Option(
        False,
        "--replace",
        help="Also remove other tools' packages of the pair (argospm, LibreTranslate).",
    ),
) -> None:
    """Install a model from the Argos index (FROM TO) or from a file (--file).

    The package is checked (pair, size, checksum, codes, type, that it loads) before anything
    installed is touched. briefing's earlier install of the pair is replaced; other tools'
    packages of the pair are kept (the newest version is used) unless --replace."""
    from ..translate.packages import find_model, install_from_file, install_from_index

    if file is not None:
        pkg = install_from_file(file, replace=replace)
        _installed(pkg)
        return
    if not from_code or not to_code:
        raise typer.BadParameter("give FROM and TO language codes, or --file PATH.argosmodel")
    if if_missing and (pkg := find_model(from_code, to_code)) is not None:
        typer.echo(f"{from_code}->{to_code} {pkg.version} already installed in {pkg.path}")
        return
    try:
        pkg = install_from_index(from_code, to_code, replace=replace)
    except ModelError as exc:
        if not optional:
            raise
        err(
            f"briefing: warning: could not install {from_code}->{to_code} ({exc}); "
            "the briefing will be built untranslated"
        )
        return
    _installed(pkg)


def _installed(pkg: InstalledPackage) -> None:
    from ..translate.packages import find_model

    typer.echo(f"installed {pkg.from_code}->{pkg.to_code} {pkg.version} in {pkg.path}")
    used = find_model(pkg.from_code, pkg.to_code)
    if used is not None and used.path != pkg.path:
        err(
            f"briefing: note: {used.pair} {used.version} in {used.path} is newer and is used; "
            "install with --replace to remove it"
        )


@models_app.command("remove")
@boundary
def models_remove(
    from_code: str = typer.Argument(..., metavar="FROM", help="Source language code."),
    to_code: str = typer.Argument(..., metavar="TO", help="Target language code."),
) -> None:
    """Remove an installed model."""
    from ..translate.packages import remove_model

    pkg = remove_model(from_code, to_code)
    typer.echo(f"removed {pkg.from_code}->{pkg.to_code} {pkg.version} ({pkg.path})")


@app.command("translate")
@boundary
def translate(
    from_code: str = typer.Option(
        ..., "--from", callback=language_code, help="Source language code, e.g. de."
    ),
    to_code: str = typer.Option("en", "--to", callback=language_code, help="Target language code."),
    device: str = typer.Option(None, "--device", help="auto, cpu or cuda."),
    beam_size: int = typer.Option(
        None, "--beam-size", min=1, help="Beam size [default: 4, as Argos]."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Neither read nor write the translation memory."
    ),
    state: Path = typer.Option(None, "--state", help="SQLite state file (translation memory)."),
    config: Path = typer.Option(None, "--config", help="Configuration file (TOML)."),
) -> None:
    """Translate lines from standard input; prints one translation per line."""
    from ..config import load_settings
    from ..store import Store
    from ..translate import Translator

    settings = load_settings(
        config,
        device=device,
        beam_size=beam_size,
        state_path=state,
        use_cache=False if no_cache else None,
    )
    lines = [line.rstrip("\r\n") for line in sys.stdin]
    store = Store(settings.state_path) if settings.use_cache else None
    try:
        translator = Translator(settings.translate_options(), store)
        out = translator.translate(lines, from_code, to_code)
    finally:
        if store is not None:
            store.close()
    for line in out:
        typer.echo(line.replace("\n", " "))
    if not STATE.get("quiet"):
        err(f"briefing: translated {translator.translated}, from memory {translator.cached}")


@cache_app.command("stats")
@boundary
def cache_stats(state: Path = typer.Option(None, "--state", help="SQLite state file.")) -> None:
    """Show the translation memory: entries, entries per pair, size."""
    from ..config import load_settings
    from ..store import Store
    from ..translate.memory import TranslationMemory

    settings = load_settings(state_path=state)
    with Store(settings.state_path) as store:
        stats = TranslationMemory(store).stats()
    typer.echo(f"entries: {stats.entries}")
    for pair, n in stats.per_pair.items():
        typer.echo(f"  {pair}: {n}")
    typer.echo(f"size: {_size(stats.bytes)} of text")
    typer.echo(f"state file: {settings.state_path}")


@cache_app.command("clear")
@boundary
def cache_clear(state: Path = typer.Option(None, "--state", help="SQLite state file.")) -> None:
    """Delete every entry of the translation memory."""
    from ..config import load_settings
    from ..store import Store
    from ..translate.memory import TranslationMemory

    settings = load_settings(state_path=state)
    with Store(settings.state_path) as store:
        n = TranslationMemory(store).clear()
    typer.echo(f"cleared {n} translation(s)")
