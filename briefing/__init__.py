"""briefing: an offline, multilingual news briefing generator.

The main entry points, imported on first use (so ``import briefing`` and ``briefing --help``
stay fast)::

    from briefing import Settings, load_settings, read_inputs, build_briefing, write_outputs
    settings = load_settings(None, inputs=("fixtures",), out_dir="output")
    briefing = build_briefing(settings)
    write_outputs(briefing, settings.render_options())
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_EXPORTS = {
    "Settings": "briefing.config",
    "load_settings": "briefing.config",
    "read_inputs": "briefing.ingest",
    "read_file": "briefing.ingest",
    "build_briefing": "briefing.pipeline",
    "run_build": "briefing.pipeline",
    "write_outputs": "briefing.render",
    "render_all": "briefing.render",
    "register_format": "briefing.outputs",
    "OutputFormat": "briefing.outputs",
    "register_reader": "briefing.ingest.readers",
    "Reader": "briefing.ingest.readers",
    "Article": "briefing.models",
    "Story": "briefing.models",
    "Day": "briefing.models",
    "Briefing": "briefing.models",
    "BriefingError": "briefing.errors",
    "ExitCode": "briefing.errors",
}
__all__ = [
    "Article",
    "Briefing",
    "BriefingError",
    "Day",
    "ExitCode",
    "OutputFormat",
    "Reader",
    "Settings",
    "Story",
    "__version__",
    "build_briefing",
    "load_settings",
    "read_file",
    "read_inputs",
    "register_format",
    "register_reader",
    "render_all",
    "run_build",
    "write_outputs",
]

if TYPE_CHECKING:
    from .config import Settings, load_settings
    from .errors import BriefingError, ExitCode
    from .ingest import read_file, read_inputs
    from .ingest.readers import Reader, register_reader
    from .models import Article, Briefing, Day, Story
    from .outputs import OutputFormat, register_format
    from .pipeline import build_briefing, run_build
    from .render import render_all, write_outputs


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
