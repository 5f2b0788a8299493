"""The ``briefing`` command: a thin Typer layer over the library (the only module that prints)."""

from __future__ import annotations

import importlib

from ._apps import app

# Each module registers its commands on the apps in ``_apps``; none imports heavy libraries
# at module level.
_COMMAND_MODULES = [
    "build_cmd",
    "ingest_cmd",
    "eval_ingest_cmd",
    "eval_stories_cmd",
    "summarize_cmd",
    "cluster_cmd",
    "models_cmd",
    "templates_cmd",
    "mail_cmd",
    "archive_cmd",
    "store_cmd",
]
for _name in _COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
