"""JSON Lines: one JSON value per line, read with line numbers and a reason for a broken line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

__all__ = ["json_lines"]


def _parse(line: str) -> tuple[Any, str]:
    try:
        return json.loads(line), ""
    except json.JSONDecodeError:
        return None, "not valid JSON"
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return None, f"not valid JSON ({exc})"
    except RecursionError:
        return None, "not valid JSON (nested too deeply)"


def json_lines(text: str) -> Iterator[tuple[int, Any, str]]:
    """``(line number, value, "")`` for each non-blank line of ``text`` that is JSON, and
    ``(line number, None, why)`` for one that is not. Lines end at a newline only: a U+2028 or
    a U+0085 inside a string is part of its line, as JSON allows."""
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip():
            value, problem = _parse(line)
            yield lineno, value, problem
