"""The Typer apps and the one error boundary. Command modules import from here.

Nothing heavy is imported at module level: ``briefing --help`` must stay fast. Each command
imports the library module it needs inside its function body.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from ..errors import BriefingError, ExitCode

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="briefing",
    help="Offline, multilingual news briefings: ingest, cluster, summarize, translate, render, mail.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
models_app = typer.Typer(help="Manage translation models (Argos packages).", no_args_is_help=True)
cache_app = typer.Typer(help="Inspect or clear the translation memory.", no_args_is_help=True)
eval_app = typer.Typer(help="Score the project on labelled data.", no_args_is_help=True)
templates_app = typer.Typer(
    help="Copy, override and check the output templates.", no_args_is_help=True
)
config_app = typer.Typer(
    help="Check the configuration file, or print an example.", no_args_is_help=True
)

app.add_typer(models_app, name="models")
app.add_typer(cache_app, name="cache")
app.add_typer(eval_app, name="eval")
app.add_typer(templates_app, name="templates")
app.add_typer(config_app, name="config")
store_app = typer.Typer(help="Inspect or prune the article store.", no_args_is_help=True)
app.add_typer(store_app, name="store")

STATE: dict[str, Any] = {"debug": False}
log = logging.getLogger("briefing")


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``briefing.ingest.sanitize.escape_controls``, imported when first needed (``--help``
    imports nothing of the library)."""
    from ..ingest.sanitize import escape_controls as escape

    return escape(text, keep_newlines=keep_newlines)


def shown(text: object) -> str:
    """A name or value for the terminal: control characters, undecodable bytes and bidi
    overrides as escapes ("\\x1b"), so a hostile file name cannot drive the terminal."""
    return escape_controls(str(text))


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        level = record.levelname.lower()
        args = record.args
        if isinstance(args, tuple):  # names given as arguments lose their newlines too
            args = tuple(shown(a) if isinstance(a, str) else a for a in args)
        try:
            message = str(record.msg) % args if args else str(record.msg)
        except (TypeError, ValueError):
            message = record.getMessage()
        return f"briefing: {level}: {escape_controls(message, keep_newlines=True)}"


def setup_logging(quiet: bool = False, debug: bool = False, verbose: bool = False) -> None:
    """Send library log records to stderr as one line each ("briefing: warning: ...")."""
    root = logging.getLogger("briefing")
    for h in list(root.handlers):
        if getattr(h, "_briefing", False):
            root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler._briefing = True  # type: ignore[attr-defined]
    handler.setFormatter(_Formatter())
    root.addHandler(handler)
    level = logging.WARNING
    if debug:
        level = logging.DEBUG
    elif quiet:
        level = logging.ERROR
    elif verbose:
        level = logging.INFO
    root.setLevel(level)
    root.propagate = False


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"briefing {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logging."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr, no progress."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Also list the files written and what was skipped."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    STATE["debug"] = debug
    STATE["quiet"] = quiet
    STATE["verbose"] = verbose
    setup_logging(quiet=quiet, debug=debug, verbose=verbose)


def language_code(value: str | None) -> str | None:
    """Option callback: a known ISO 639-1 code (``--to xx`` is a usage error, exit 2)."""
    from ..languages import check_language, normalize_language

    problem = check_language(value)
    if problem:
        raise typer.BadParameter(problem)
    return normalize_language(value) if value else value


def err(message: str) -> None:
    """One line for the user on stderr, control characters escaped (names: ``shown``)."""
    typer.echo(escape_controls(message, keep_newlines=True), err=True)


def _is_click(exc: BaseException) -> bool:
    """Exit, Abort and usage errors belong to Click/Typer (whichever Click Typer ships)."""
    if isinstance(exc, typer.Exit | typer.Abort):
        return True
    return any(c.__name__ == "ClickException" for c in type(exc).__mro__)


def _is_sqlite(exc: BaseException) -> bool:
    """A ``sqlite3.DatabaseError``, without importing sqlite3 for ``--help``."""
    sqlite3 = sys.modules.get("sqlite3")
    return sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError)


def boundary(func: F) -> F:
    """Turn a ``BriefingError`` into one clear line and its exit code, and any other exception
    into one line naming it and exit 1 (the traceback only with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefingError as exc:
            if STATE.get("debug"):
                raise
            err(f"briefing: error: {exc}")
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            err("briefing: interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:  # the one boundary for what nobody expected
            if STATE.get("debug") or _is_click(exc):
                raise
            if _is_sqlite(exc):  # the state file damaged (or busy) while the run went on
                from ..store import damaged

                error = damaged(None, exc)
                err(f"briefing: error: {error}")
                raise typer.Exit(int(error.exit_code)) from None
            err(
                f"briefing: error: unexpected {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback)"
            )
            raise typer.Exit(int(ExitCode.ERROR)) from None

    return wrapper  # type: ignore[return-value]


__all__ = [
    "STATE",
    "ExitCode",
    "app",
    "boundary",
    "cache_app",
    "config_app",
    "err",
    "eval_app",
    "language_code",
    "models_app",
    "shown",
    "store_app",
    "templates_app",
]
