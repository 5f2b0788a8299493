"""A run killed (SIGKILL) at several points leaves an article store that passes
``PRAGMA integrity_check``, and the next run produces the same briefing as a run that was
never interrupted: no article half-written, lost or doubled."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Kill this process when the named function has been entered N times.
_RUNNER = r"""
import os, signal, sys
point, n = sys.argv[1], int(sys.argv[2])
import briefing.article_store as st, briefing.threads as th, briefing.render as rd
import briefing.store_fold as sf, briefing.store_parse as sp
targets = {"fold": (st.ArticleStore, "_fold_in"), "stored": (st.ArticleStore, "_store_input"),
           "shown": (th, "record_shown"), "render": (rd, "write_outputs"),
           "bulk": (sf.BulkFolder, "fold_in")}
if point.startswith("bulk"):  # every run folds in memory, two inputs per transaction
    sf.BULK_MIN, sp.PARSE_BATCH = 1, 2
owner, name = targets.get(point, (None, None))
if owner is not None:
    real, calls = getattr(owner, name), [0]
    def killer(*a, **k):
        calls[0] += 1
        if calls[0] == n and point in ("fold", "shown", "render", "bulk"):
            os.kill(os.getpid(), signal.SIGKILL)  # in the middle: inside the transaction
        out = real(*a, **k)
        if calls[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)  # just after it was committed
        return out
    setattr(owner, name, killer)
from briefing.cli import main
sys.argv = ["briefing", *sys.argv[3:]]
main()
"""


def _run(home: Path, inbox: Path, out: Path, point: str = "none", n: int = 0) -> int:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")},
        "PYTHONPATH": str(ROOT),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "SOURCE_DATE_EPOCH": "1764000000",
    }
    args = ["build", str(inbox), "--out", str(out), "--format", "json"]
    return subprocess.run(
        [sys.executable, "-c", _RUNNER, point, str(n), *args],
        env=env,
        capture_output=True,
        timeout=300,
    ).returncode


def _jsons(out: Path) -> dict[str, object]:
    return {
        str(p.relative_to(out)): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("briefing.json"))
    }


def _inbox(root: Path) -> Path:
    """The five seeds and one JSON Lines file with two made-up records."""
    import shutil

    inbox = root / "inbox"
    shutil.copytree(ROOT / "fixtures", inbox, ignore=shutil.ignore_patterns("*.md"))
    records = [
        {
            "title": "Sturm an der Küste",
            "date": "2025-11-27",
            "source": "Blatt B",
            "text": "Ein Sturm hat in der Nacht an der Küste schwere Schäden angerichtet. "
            "Bäume stürzten auf Straßen, mehrere Züge fielen aus.",
        },
        {
            "title": "Bahn streicht Verbindungen",
            "date": "2025-11-28",
            "source": "Blatt C",
            "text": "Die Bahn streicht im Winter mehrere Verbindungen im Norden. Fahrgäste "
            "müssen auf Busse umsteigen.",
        },
    ]
    (inbox / "extra.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return inbox


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The inputs and the briefing of a run that was never interrupted."""
    root = tmp_path_factory.mktemp("faults")
    inbox = _inbox(root)
    assert _run(root / "ref", inbox, root / "ref-out") == 0
    return inbox, _jsons(root / "ref-out")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "n"),
    [("fold", 1), ("stored", 3), ("fold", 6), ("shown", 2), ("bulk", 2), ("bulk", 5)],
)
def test_killed_run_leaves_a_sound_store_and_the_next_run_gives_the_same_briefing(
    tmp_path: Path, reference: tuple[Path, dict[str, object]], point: str, n: int
) -> None:
    """Also a cold load folded in memory (``bulk``), killed in its first and its third
    transaction: the next run (folding in memory too) loads what was stored and completes it."""
    inbox, want = reference
    out = tmp_path / "out"
    assert _run(tmp_path / "home", inbox, out, point, n) == -signal.SIGKILL
    store = tmp_path / "home" / "data" / "briefing" / "articles.sqlite"
    con = sqlite3.connect(store)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # nothing half-written: every stored article is in the search index, once
    assert (
        con.execute("SELECT count(*) FROM articles").fetchone()[0]
        == con.execute("SELECT count(*) FROM search").fetchone()[0]
    )
    con.close()

    assert _run(tmp_path / "home", inbox, out, "bulk-done" if point == "bulk" else "none") == 0
    assert _jsons(out) == want
    con = sqlite3.connect(store)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 7  # none lost or doubled
    con.close()
