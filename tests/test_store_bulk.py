"""Many new inputs at once (a cold build, a resumed one) are folded from an in-memory LSH index
(``briefing.store_fold``): the store it writes is the one the SQL fold writes, row for row."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from briefing.article_store import ArticleStore
from briefing.config import Settings

# Made-up sentences (not from the dev data) for stories that recur day after day: each story
# is told again with a sentence left out, its paragraphs in another order, a wire copy at
# another outlet, an update with a new paragraph; some items are unrelated.
_TOPICS = ["Haushalt", "Hafen", "Schulbau", "Stadtwerke", "Radweg", "Klinikum"]
_VERBS = ["beschloss", "prüfte", "verschob", "lehnte ab", "kündigte an", "verteidigte"]
_THINGS = ["den Plan", "die Kosten", "den Zeitplan", "die Klage", "den Antrag", "die Zahlen"]


def _story(topic: int, rng: random.Random) -> list[str]:
    t = _TOPICS[topic]
    return [
        f"Der Rat von Musterstadt {_VERBS[(topic + k) % 6]} beim Thema {t} {_THINGS[k % 6]} "
        f"nach Sitzung Nummer {topic * 10 + k} am späten Abend im Rathaus."
        for k in range(8)
    ] + [f"Zum {t} sagte die Sprecherin Frau {rng.choice('ABCDEFG')}. nichts weiter."]


def _inbox(root: Path, n: int = 90) -> Path:
    rng = random.Random(7)
    inbox = root / "inbox"
    inbox.mkdir()
    for i in range(n):
        topic = rng.randrange(len(_TOPICS))
        sents = _story(topic, rng)
        kind = rng.choice(["variant", "copy", "update", "other", "variant"])
        if kind == "variant":
            sents.pop(rng.randrange(len(sents)))
            rng.shuffle(sents)
        elif kind == "update":
            sents += [f"Neu ist am Tag {i} die Stellungnahme des Kreises zum {_TOPICS[topic]}."]
        elif kind == "other":
            sents = [f"Meldung {i}: ein Ereignis ohne Zusammenhang Nummer {i} {w}." for w in "xyz"]
        day = f"2025-11-{10 + i // 10:02d}"
        record = {"title": f"{_TOPICS[topic]} {i}", "date": day, "source": f"Blatt {i % 7}"}
        (inbox / f"r{i:03d}.json").write_text(
            json.dumps({**record, "text": " ".join(sents)}, ensure_ascii=False), encoding="utf-8"
        )
    return inbox


def _rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as c:
        arts = c.execute(
            "SELECT rowid, aid, grp, indexed, data, shingles FROM articles ORDER BY rowid"
        ).fetchall()
        bands = c.execute("SELECT key, article FROM bands ORDER BY key, article").fetchall()
        bands += c.execute("SELECT article, grp FROM lsh ORDER BY article").fetchall()
        search = c.execute("SELECT rowid, title, body FROM search ORDER BY rowid").fetchall()
    return arts + bands + search


def _fill(path: Path, inputs: tuple[Path, ...], bulk: bool, mp: pytest.MonkeyPatch) -> int:
    import briefing.store_fold as sf

    used = []
    real = sf.BulkFolder.fold_in

    def counting(self, *a, **k):  # type: ignore[no-untyped-def]
        used.append(1)
        return real(self, *a, **k)

    mp.setattr(sf.BulkFolder, "fold_in", counting)
    mp.setattr(sf, "BULK_MIN", 1 if bulk else 10**9)
    mp.setattr("briefing.store_parse.PARSE_BATCH", 16)
    s = Settings(inputs=inputs, store_path=path, workers=1)
    with ArticleStore(path) as store:
        store.update(s.inputs, s.ingest_options(), workers=1)
    return len(used)


def test_a_cold_load_folded_in_memory_writes_the_rows_of_the_sql_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: a cold build of an archive whose stories recur (variants, wire copies, updates,
    near-exact copies that are not indexed): the in-memory fold gives every article the group,
    index flag and LSH bands the SQL fold gives it."""
    inbox = _inbox(tmp_path)
    assert _fill(tmp_path / "sql.sqlite", (inbox,), False, monkeypatch) == 0
    assert _fill(tmp_path / "bulk.sqlite", (inbox,), True, monkeypatch) == 90
    sql, bulk = _rows(tmp_path / "sql.sqlite"), _rows(tmp_path / "bulk.sqlite")
    assert bulk == sql
    with sqlite3.connect(tmp_path / "sql.sqlite") as c:  # the class is there: groups, skips
        groups = c.execute("SELECT count(DISTINCT grp), count(*) FROM articles").fetchone()
        assert 6 <= groups[0] < groups[1] - 40
        assert c.execute("SELECT count(*) FROM articles WHERE indexed=0").fetchone()[0] > 0


def test_a_resumed_cold_load_folded_in_memory_matches_the_sql_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: a cold build killed half-way and run again: the in-memory index is loaded from
    what was stored (bands and groups) and the rest folds as the SQL fold would."""
    import shutil

    inbox = _inbox(tmp_path)
    first = tmp_path / "first"
    first.mkdir()
    for p in sorted(inbox.iterdir())[:40]:
        shutil.copy(p, first / p.name)
    for name, bulk in (("sql.sqlite", False), ("bulk.sqlite", True)):
        _fill(tmp_path / name, (first,), False, monkeypatch)  # what the killed run stored
        shutil.rmtree(first)
        shutil.copytree(inbox, first)  # the same folder, now complete
        assert _fill(tmp_path / name, (first,), bulk, monkeypatch) == (50 if bulk else 0)
        shutil.rmtree(first)
        first.mkdir()
        for p in sorted(inbox.iterdir())[:40]:
            shutil.copy(p, first / p.name)
    assert _rows(tmp_path / "bulk.sqlite") == _rows(tmp_path / "sql.sqlite")


def test_bulk_folding_is_used_only_for_many_new_inputs_against_the_store() -> None:
    from briefing.store_fold import BULK_MIN, use_bulk

    assert use_bulk(100_000, 0)  # a cold build
    assert use_bulk(50_000, 50_000)  # a cold build resumed half-way
    assert not use_bulk(1_000, 100_000)  # a morning's files over an archive
    assert not use_bulk(BULK_MIN - 1, 0)  # few inputs: no index worth loading
