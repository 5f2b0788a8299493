"""Every command has help text and is shown in the README."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from briefing.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, object]]:
    root = typer.main.get_command(app)
    out: list[tuple[str, object]] = []

    def walk(cmd: object, prefix: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*prefix, name])
        else:
            out.append((" ".join(prefix), cmd))

    walk(root, [])
    return out


def test_there_are_commands() -> None:
    names = {name for name, _ in _commands()}
    assert {"build", "ingest", "summarize", "translate", "models install", "daily"} <= names


def test_every_command_has_help_text() -> None:
    for name, cmd in _commands():
        assert (getattr(cmd, "help", None) or "").strip(), f"'briefing {name}' has no help text"
        result = CliRunner().invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage:" in result.output


def test_every_command_appears_in_the_readme() -> None:
    for name, _ in _commands():
        pattern = r"briefing " + r"\s+".join(map(re.escape, name.split())) + r"\b"
        assert re.search(pattern, README), f"'briefing {name}' is not shown in README.md"
