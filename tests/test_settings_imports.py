"""Stages take the small options record of their own (briefing/options.py), not ``Settings``:
only the orchestrators and the CLI import ``briefing.config``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"

# The modules that build a run from the user's settings: they read Settings and hand each
# stage its own record (Settings.ingest_options() and the like).
ORCHESTRATORS = {
    "briefing/__init__.py",  # re-exports Settings and load_settings
    "briefing/config_check.py",  # `briefing config check`: the settings' own validation
    "briefing/pipeline.py",
    "briefing/daily.py",
    "briefing/archive.py",
    "briefing/evaluation/ingest.py",  # the eval commands run the stages as a build does
    "briefing/evaluation/stories.py",
    "briefing/evaluation/summaries.py",  # reads html-de pages as a build does (#17)
    "briefing/render/check.py",  # templates check and preview build a sample or preview briefing
    "briefing/memo.py",  # a day's build fingerprint covers every setting
    "briefing/runlock.py",  # the run lock of a build or daily run
    "briefing/send.py",  # `briefing send`: one PDF mailed (mail, the state file, rendering)
}
# What a stage may take from briefing.config: the [mail] table is the mail stage's own record
# (declared there with every other setting).
STAGE_RECORDS = {"MailSettings"}


def _package_of(rel: str) -> str:
    """The package a module's relative imports start from: briefing/ingest/html.py and
    briefing/ingest/__init__.py -> briefing.ingest."""
    return ".".join(rel.removesuffix(".py").split("/")[:-1])


def config_imports(source: str, package: str) -> list[int]:
    """Line numbers where ``source`` (a module of ``package``) imports ``briefing.config`` or
    a name from it other than ``STAGE_RECORDS``: absolute or relative, at module level, inside
    a function or under TYPE_CHECKING."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            if any(a.name == "briefing.config" for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            names = {a.name for a in node.names}
            if (name == "briefing.config" and names - STAGE_RECORDS) or (
                name == "briefing" and "config" in names
            ):
                lines.append(node.lineno)
    return sorted(lines)


def _importers() -> dict[str, list[int]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        lines = config_imports(path.read_text(encoding="utf-8"), _package_of(rel))
        if lines:
            found[rel] = lines
    return found


def test_only_orchestrators_and_the_cli_import_settings() -> None:
    found = _importers()
    assert "briefing/pipeline.py" in found  # the check sees the imports it is about
    assert [rel for rel in ORCHESTRATORS if not (PACKAGE.parent / rel).is_file()] == []
    stray = {
        rel: lines
        for rel, lines in found.items()
        if rel not in ORCHESTRATORS and not rel.startswith("briefing/cli/")
    }
    assert stray == {}, (
        "a stage module imports briefing.config: give it an options record "
        f"(briefing/options.py) instead: {stray}"
    )


@pytest.mark.parametrize(
    ("package", "source", "expected"),
    [
        # a made-up stage module in each import form the check must see
        ("briefing.ingest", "from ..config import Settings\n", [1]),
        ("briefing", "def f():\n    from .config import load_settings\n", [2]),
        ("briefing", "import typing\nif typing.TYPE_CHECKING:\n    import briefing.config\n", [3]),
        ("briefing", "from briefing import config\n", [1]),
        ("briefing", "from . import config, models\n", [1]),
        ("briefing.render", "from briefing.config import Settings\n", [1]),
        ("briefing", "from .config import MailSettings, Settings\n", [1]),
        # and the forms that are not an import of the settings
        ("briefing", "from .options import IngestOptions\n", []),
        ("briefing", "from .config import MailSettings\n", []),  # the mail stage's record
        ("briefing.ingest", "from .config import X\n", []),  # briefing.ingest.config
        ("briefing.render", "from . import config\n", []),  # briefing.render.config
    ],
)
def test_the_import_check_reads_every_import_form(
    package: str, source: str, expected: list[int]
) -> None:
    assert config_imports(source, package) == expected
