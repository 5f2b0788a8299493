"""The article store: only new or changed inputs are parsed, a changed file replaces its
articles, a deleted one is kept until ``store prune``, feeds are merged entry by entry, copies
arriving later are folded from stored signatures, and ``search`` finds by stem."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.article_store import ArticleStore
from briefing.cli import app
from briefing.config import Settings
from briefing.errors import ExitCode, StateError

# Made-up wire texts (not from the dev data): a report and the same report a day later at
# another outlet, plus an unrelated one.
WIRE = (
    "Der Stadtrat von Musterhausen hat am Abend einen neuen Haushalt beschlossen. Die Mehrheit "
    "aus drei Fraktionen stimmte für den Entwurf, der höhere Ausgaben für Schulen und den "
    "Nahverkehr vorsieht. Die Opposition kritisierte die neuen Schulden scharf und kündigte "
    "eine Klage vor dem Verwaltungsgericht an. Der Bürgermeister sprach von einem guten Tag "
    "für die Stadt und dankte allen Beteiligten für die lange Arbeit an dem Plan."
)
OTHER = (
    "Ein Sturm hat in der Nacht an der Küste schwere Schäden angerichtet. Bäume stürzten auf "
    "Straßen, mehrere Züge fielen aus, und in einigen Orten fiel der Strom für Stunden aus. "
    "Die Feuerwehr rückte zu mehr als zweihundert Einsätzen aus, verletzt wurde niemand."
)


def _record(path: Path, title: str, date: str, source: str, text: str) -> Path:
    path.write_text(
        json.dumps(
            {"title": title, "date": date, "source": source, "text": text}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the parser is asked to read."""
    import briefing.ingest as ingest

    calls: list[str] = []
    real = ingest.read_file

    def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "read_file", counting)
    return calls


def _settings(tmp_path: Path, *inputs: Path) -> Settings:
    return Settings(inputs=tuple(inputs), store_path=tmp_path / "articles.sqlite")


def _update(s: Settings) -> tuple[ArticleStore, object]:
    store = ArticleStore(s.store_path)
    return store, store.update(s.inputs, s.ingest_options())


def test_unchanged_and_touched_inputs_are_not_parsed_again(
    seeds: Path, tmp_path: Path, parses: list[str]
) -> None:
    s = _settings(tmp_path, seeds)
    store, scope = _update(s)
    assert len(parses) == 5 and scope.parsed == 5  # type: ignore[attr-defined]
    first = store.view(scope)  # type: ignore[arg-type]
    store.close()

    parses.clear()
    store, scope = _update(s)
    assert parses == [] and scope.unchanged == 5  # type: ignore[attr-defined]
    # touched, same bytes: the content hash says it is the same file
    victim = sorted(seeds.iterdir())[0]
    os.utime(victim, (1_000_000_000, 1_000_000_000))
    store.close()
    store, scope = _update(s)
    assert parses == []
    again = store.view(scope)  # type: ignore[arg-type]
    assert again.reps == first.reps and again.read == first.read == 5
    store.close()


def test_a_changed_file_replaces_its_articles(tmp_path: Path, parses: list[str]) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    f = _record(inbox / "a.json", "Haushalt beschlossen", "2025-11-27", "Blatt A", WIRE)
    s = _settings(tmp_path, inbox)
    store, _ = _update(s)
    assert [h["title"] for h in store.search("Haushalt")] == ["Haushalt beschlossen"]
    store.close()
    _record(f, "Sturm an der Küste", "2025-11-27", "Blatt A", OTHER)
    parses.clear()
    store, _scope = _update(s)
    assert parses == ["a.json"]
    assert store.stats()["articles"] == 1
    assert store.search("Haushalt") == []
    assert [h["title"] for h in store.search("Sturm")] == ["Sturm an der Küste"]
    store.close()


def _index_rows(c: sqlite3.Connection) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(the rows of ``bands``, the rows the indexed articles' signatures give)."""
    from briefing.article_store import _unpack
    from briefing.dedup import band_keys

    have = set(c.execute("SELECT key, article FROM bands").fetchall())
    want = {
        (k, rid)
        for rid, sig in c.execute("SELECT rowid, shingles FROM articles WHERE indexed=1")
        for k in band_keys(_unpack(sig))
    }
    return have, want


def test_a_changed_file_leaves_the_lsh_index_by_its_band_keys(tmp_path: Path) -> None:
    """Class: a changed input (a page scraped again) over a stored archive, and the group it
    leaves being folded again: the old articles' bands are deleted by their keys (an index
    lookup each), not by a scan of the whole index per article (0.2-0.4 s at 100,000); bands
    written under other keys (other code) are still all removed."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    f = _record(inbox / "a.json", "Haushalt beschlossen", "2025-11-27", "Blatt A", WIRE)
    # made-up: the same report at two more outlets (one group of three), and the storm
    _record(inbox / "b.json", "Haushalt", "2025-11-28", "Blatt B", WIRE.replace("Abend", "Morgen"))
    _record(inbox / "c.json", "Haushalt", "2025-11-28", "Blatt C", WIRE + " Mehr dazu morgen.")
    g = _record(inbox / "d.json", "Sturm", "2025-11-28", "Blatt D", OTHER)
    s = _settings(tmp_path, inbox)
    _update(s)[0].close()
    _record(f, "Haushalt beschlossen", "2025-11-27", "Blatt A", WIRE + " Ein Nachtrag.")
    with ArticleStore(s.store_path) as store:
        seen: list[str] = []
        store.conn.set_trace_callback(seen.append)
        store.update(s.inputs, s.ingest_options())
        store.conn.set_trace_callback(None)
        assert [q for q in seen if q.startswith("DELETE FROM bands WHERE article")] == []
        assert [q for q in seen if q.startswith("DELETE FROM bands WHERE key")]
        have, want = _index_rows(store.conn)
        assert have == want and have
        # the storm's bands as other code would have keyed them: the scan still clears them
        store.conn.execute(
            "UPDATE bands SET key = key + 1 WHERE article = (SELECT max(rowid) "
            "FROM articles WHERE title = 'Sturm')"
        )
    _record(g, "Sturm", "2025-11-28", "Blatt D", OTHER + " Der Schaden ist hoch.")
    with ArticleStore(s.store_path) as store:
        store.update(s.inputs, s.ingest_options())
        have, want = _index_rows(store.conn)
        assert have == want


def test_a_deleted_file_is_kept_until_prune(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    _record(inbox / "a.json", "Haushalt beschlossen", "2025-11-27", "Blatt A", WIRE)
    gone = _record(inbox / "b.json", "Sturm an der Küste", "2025-11-27", "Blatt B", OTHER)
    s = _settings(tmp_path, inbox)
    store, _ = _update(s)
    store.close()
    gone.unlink()
    store, _scope = _update(s)
    st = store.stats()
    assert (st["inputs"], st["inputs_gone"], st["articles"]) == (1, 1, 2)
    assert store.search("Sturm")[0]["gone"] is True
    r = CliRunner().invoke(app, ["store", "prune", "--store", str(s.store_path)])
    assert r.exit_code == 0 and "pruned 1 input(s) and 1 article(s)" in r.output
    assert store.stats()["articles"] == 1 and store.search("Sturm") == []
    store.close()


def _feed(path: Path, items: list[tuple[str, str, str]]) -> Path:
    body = "".join(
        f"<item><title>{t}</title><link>https://feed.example/{slug}</link>"
        f"<pubDate>Thu, 27 Nov 2025 08:00:00 GMT</pubDate><description>{text}</description></item>"
        for slug, t, text in items
    )
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Beispiel'
        f"</title><link>https://feed.example/</link>{body}</channel></rss>",
        encoding="utf-8",
    )
    return path


def test_a_feed_read_again_adds_only_its_new_entries(tmp_path: Path) -> None:
    feed = tmp_path / "in" / "news.rss"
    feed.parent.mkdir()
    one = ("haushalt", "Haushalt beschlossen", WIRE)
    two = ("sturm", "Sturm an der Küste", OTHER)
    three = (
        "bahn",
        "Bahn streicht Verbindungen",
        "Die Bahn streicht im Winter mehrere Verbindungen im Norden des Landes.",
    )
    _feed(feed, [one, two])
    s = _settings(tmp_path, feed.parent)
    store, scope = _update(s)
    assert scope.new_articles == 2  # type: ignore[attr-defined]
    store.close()
    # an hour later: one new entry on top, the oldest fell off the feed
    _feed(feed, [three, two])
    store, scope = _update(s)
    assert scope.new_articles == 1  # type: ignore[attr-defined]
    assert store.stats()["articles"] == 3  # the entry that left the feed is kept
    titles = {h["title"] for q in ("Haushalt", "Sturm", "Bahn") for h in store.search(q)}
    assert titles == {"Haushalt beschlossen", "Sturm an der Küste", "Bahn streicht Verbindungen"}
    store.close()


def _copy_arrives(
    s: Settings, parses: list[str], path: Path, source: str, edit: str
) -> tuple[ArticleStore, object]:
    """The budget report (``WIRE``, "am Abend" edited) arrives on 28 Nov at ``source``: the
    store after parsing only that file."""
    _record(
        path, "Stadtrat beschließt Haushalt", "2025-11-28", source, WIRE.replace("am Abend", edit)
    )
    parses.clear()
    store, scope = _update(s)
    assert parses == [path.name]
    return store, scope


def test_a_wire_copy_arriving_a_day_later_is_folded_from_stored_signatures(
    tmp_path: Path, parses: list[str]
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    first = _record(inbox / "a.json", "Haushalt beschlossen", "2025-11-27", "Blatt A", WIRE)
    _record(inbox / "c.json", "Sturm an der Küste", "2025-11-28", "Blatt C", OTHER)
    s = _settings(tmp_path, inbox)
    store, _ = _update(s)
    store.close()
    first.unlink()  # the scraper rotated yesterday's file away: only the store has it
    store, scope = _copy_arrives(s, parses, inbox / "b.json", "Blatt B", "am Mittwochabend")
    view = store.view(scope)  # type: ignore[arg-type]
    import datetime as dt

    day2 = store.day_articles(view, dt.date(2025, 11, 28))
    assert [a.title for a in day2] == ["Sturm an der Küste"]  # the copy is not news again
    # ... it is counted in the earlier report it copies (kept, its file gone, until prune)
    day1 = store.day_articles(view, dt.date(2025, 11, 27))
    assert len(day1) == 1 and day1[0].title == "Haushalt beschlossen"
    assert set(day1[0].outlets) == {"Blatt A", "Blatt B"} and len(day1[0].duplicates) == 1
    store.close()


def _two_records(tmp_path: Path, days: tuple[str, str]) -> Settings:
    """Settings over a folder of two made-up records, the budget report and the storm."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    _record(inbox / "a.json", "Haushalt beschlossen", days[0], "Blatt A", WIRE)
    _record(inbox / "b.json", "Sturm an der Küste", days[1], "Blatt B", OTHER)
    return _settings(tmp_path, inbox)


def test_search_by_stem_with_filters(tmp_path: Path) -> None:
    s = _two_records(tmp_path, ("2025-11-27", "2025-11-28"))
    store, _ = _update(s)
    store.close()
    run = CliRunner().invoke
    base = ["search", "--store", str(s.store_path)]
    # "Schule" finds "Schulen", "Haushalte" finds "Haushalt": by stem
    r = run(app, [*base, "Schule", "--format", "json"])
    assert r.exit_code == 0, r.output
    hits = [json.loads(line) for line in r.output.splitlines()]
    assert [(h["date"], h["source"], h["title"]) for h in hits] == [
        ("2025-11-27", "Blatt A", "Haushalt beschlossen")
    ]
    assert "Haushalt beschlossen" in run(app, [*base, "Haushalte"]).output
    assert run(app, [*base, "Haushalt", "--since", "2025-11-28"]).output == ""
    assert run(app, [*base, "Bäume", "--source", "blatt b"]).output.startswith("2025-11-28")
    assert run(app, [*base, "Bäume", "--source", "Blatt A"]).output == ""
    assert run(app, [*base, "Bäume", "--until", "2025-11-27"]).output == ""
    assert run(app, [*base, "Bäume", "--language", "en"]).output == ""


def test_stats_command(seeds: Path, tmp_path: Path) -> None:
    s = _settings(tmp_path, seeds)
    _update(s)[0].close()
    r = CliRunner().invoke(app, ["store", "stats", "--store", str(s.store_path)])
    assert r.exit_code == 0, r.output
    assert "inputs: 5 (0 gone); articles: 5" in r.output and "2025-11-27  2" in r.output


def test_schema_is_migrated_forward(tmp_path: Path, seeds: Path) -> None:
    import briefing.article_store as mod

    path = tmp_path / "articles.sqlite"
    store = ArticleStore.__new__(ArticleStore)
    store.path = path
    store.conn = sqlite3.connect(str(path), isolation_level=None)
    store._migrate(target=1)  # what an older briefing wrote
    store.conn.close()
    old = sqlite3.connect(path)
    assert old.execute("SELECT value FROM meta").fetchone()[0] == "1"
    assert "story_title" not in {r[1] for r in old.execute("PRAGMA table_info(articles)")}
    old.close()
    with ArticleStore(path) as store:
        assert store.schema_version == mod.SCHEMA_VERSION == 5
        store.update([seeds], Settings(store_path=path).ingest_options())
        assert store.stats()["articles"] == 5


def test_a_version_3_store_gets_the_lsh_groups_and_folds_against_them(
    tmp_path: Path, parses: list[str]
) -> None:
    """Class: a store written before schema 4 (no ``lsh`` table): the migration fills the
    groups of its indexed articles, and a copy arriving later folds into them."""
    s = _two_records(tmp_path, ("2025-11-27", "2025-11-28"))
    _update(s)[0].close()
    with sqlite3.connect(s.store_path) as c:  # what schema 3 wrote: the same, without lsh
        want = c.execute("SELECT article, grp FROM lsh ORDER BY 1").fetchall()
        assert len(want) == 2
        c.execute("DROP TABLE lsh")
        c.execute("DROP TABLE groups")
        c.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
    with ArticleStore(s.store_path) as store:
        assert store.schema_version == 5
        assert store.conn.execute("SELECT article, grp FROM lsh ORDER BY 1").fetchall() == want
    # made-up: the budget report a day later at another outlet
    inbox = Path(s.inputs[0])
    store, scope = _copy_arrives(s, parses, inbox / "c.json", "Blatt C", "am späten Abend")
    view = store.view(scope)  # type: ignore[arg-type]
    assert [len(m) for _r, _d, m in view.reps] == [2, 0]  # the copy joined the report
    store.close()


def test_a_damaged_store_is_named_and_never_replaced(tmp_path: Path, seeds: Path) -> None:
    path = tmp_path / "articles.sqlite"
    path.write_bytes(b"this is not a database, but someone's notes" * 100)
    before = path.read_bytes()
    with pytest.raises(StateError, match="damaged or not a database"):
        ArticleStore(path)
    r = CliRunner().invoke(
        app,
        ["build", str(seeds), "--out", str(tmp_path / "out"), "--format", "json"],
        env={"BRIEFING_STORE_PATH": str(path)},
    )
    assert r.exit_code == ExitCode.STATE == 10, r.output
    assert f"{path}: the article store is damaged" in r.output and "mv " in r.output
    assert path.read_bytes() == before and not (tmp_path / "out").exists()


def test_file_modes_outputs_shared_store_private(tmp_path: Path, seeds: Path) -> None:
    old = os.umask(0o022)
    try:
        r = CliRunner().invoke(
            app,
            ["build", str(seeds), "--out", str(tmp_path / "out"), "--format", "json,html"],
            env={"BRIEFING_STORE_PATH": str(tmp_path / "st" / "articles.sqlite")},
        )
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    outputs = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert outputs and {p.stat().st_mode & 0o777 for p in outputs} == {0o644}
    store_files = list((tmp_path / "st").iterdir())
    assert store_files and {p.stat().st_mode & 0o777 for p in store_files} == {0o600}
    assert (tmp_path / "st").stat().st_mode & 0o077 == 0


def test_build_rebuild_is_byte_identical_and_parses_nothing(
    seeds: Path, tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    # No translation model (an earlier test may have installed a tiny one): the run report's
    # counts of translated and cached sentences describe one run, and a kept day keeps those
    # of the run that wrote it.
    (tmp_path / "no-models").mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-models"))
    runs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        parses.clear()
        r = CliRunner().invoke(app, ["build", str(seeds), "--out", str(out), "--format", "json,md"])
        assert r.exit_code == 0, r.output
        runs.append(
            (
                len(parses),
                {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()},
            )
        )
    assert runs[0][0] == 5 and runs[1][0] == 0
    assert runs[0][1] == runs[1][1]
    # the same as reading everything afresh without the store
    monkeypatch.setenv("BRIEFING_USE_STORE", "false")
    shutil.rmtree(Path(os.environ["XDG_DATA_HOME"]))
    out = tmp_path / "out3"
    assert (
        CliRunner()
        .invoke(app, ["build", str(seeds), "--out", str(out), "--format", "json,md"])
        .exit_code
        == 0
    )
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == runs[0][1]


def test_a_rebuild_keeps_up_to_date_days_and_equals_a_cold_build(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    # No translation model (an earlier test may have installed a tiny one): the run report's
    # counts of translated and cached sentences describe one run, and a kept day keeps those
    # of the run that wrote it.
    (tmp_path / "no-models").mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-models"))
    out = tmp_path / "out"
    args = ["build", str(seeds), "--out", str(out), "--format", "json,md"]
    assert CliRunner().invoke(app, args).exit_code == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("briefing.*")}
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0 and "wrote 0 files" in r.output and "8 files up to date" in r.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("briefing.*")} == stamps
    # an article of 28 Nov changes: that day and the week after it are built again, the
    # days before it are kept, and the result is what a cold build of the new inputs gives
    changed = next(p for p in seeds.iterdir() if "date 2025-11-28" in p.read_text("utf-8"))
    changed.write_text(
        changed.read_text("utf-8").replace("viele Orte", "sehr viele Orte"), encoding="utf-8"
    )
    assert CliRunner().invoke(app, args).exit_code == 0
    after = {p: p.stat().st_mtime_ns for p in out.rglob("briefing.*")}
    assert {p.parent.name for p in after if after[p] != stamps[p]} == {"2025-11-28", "2025-12-03"}
    cold = tmp_path / "cold"
    monkeypatch.setenv("BRIEFING_STORE_PATH", str(tmp_path / "other.sqlite"))
    monkeypatch.setenv("BRIEFING_STATE_PATH", str(tmp_path / "other-state.sqlite"))
    assert CliRunner().invoke(app, [*args[:3], str(cold), *args[4:]]).exit_code == 0
    assert {p.relative_to(cold): p.read_bytes() for p in cold.rglob("*") if p.is_file()} == {
        p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()
    }


def _store_rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as c:
        arts = c.execute(
            "SELECT a.aid, a.day, a.data, a.shingles, g.aid, a.indexed, s.title, s.body "
            "FROM articles a JOIN articles g ON g.rowid = a.grp "
            "JOIN search s ON s.rowid = a.rowid ORDER BY a.rowid"
        ).fetchall()
        bands = c.execute(
            "SELECT b.key, a.aid FROM bands b JOIN articles a ON a.rowid = b.article ORDER BY 1, 2"
        ).fetchall()
    return arts + bands


def test_many_new_inputs_are_parsed_in_worker_processes_with_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: a run with many new inputs (a cold build, a morning's files) is parsed by worker
    processes; the store it writes equals the one a single process writes."""
    import briefing.store_parse as sp

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(40):  # made-up: reports, their wire copies a day later, unrelated items
        text = (WIRE if i % 3 else OTHER) + f" Ergänzung Nummer {i // 4} zur Lage im Kreis."
        _record(inbox / f"r{i:02d}.json", f"Meldung {i}", f"2025-11-{20 + i % 3}", f"B{i}", text)
    pooled: list[int] = []
    real = sp._pooled

    def counting(fn, targets, workers):  # type: ignore[no-untyped-def]
        pooled.append(workers)
        return real(fn, targets, workers)

    monkeypatch.setattr(sp, "_pooled", counting)
    monkeypatch.setattr(sp, "POOL_MIN", 8)
    monkeypatch.setattr(sp, "PARSE_BATCH", 16)
    monkeypatch.setattr("briefing.store_parse.os.sched_getaffinity", lambda _pid: {0, 1})
    one = Settings(inputs=(inbox,), store_path=tmp_path / "one.sqlite", workers=1)
    two = Settings(inputs=(inbox,), store_path=tmp_path / "two.sqlite", workers=2)
    for s in (one, two):
        with ArticleStore(s.store_path) as store:
            assert store.update(s.inputs, s.ingest_options(), workers=s.workers).parsed == 40
    assert pooled == [2]  # workers = 1 never starts a pool
    assert _store_rows(one.store_path) == _store_rows(two.store_path)
    with sqlite3.connect(two.store_path) as c:
        assert c.execute("SELECT count(DISTINCT grp) < count(*) FROM articles").fetchone()[0]


def test_a_folder_is_walked_as_ingest_expands_it(tmp_path: Path) -> None:
    """Class: input folders of any shape (nested, hidden names, linked files and folders,
    dangling links): the store's one-pass walk lists what ``read_inputs`` reads, in its order,
    keyed by the resolved path."""
    from briefing.article_store import _walk
    from briefing.ingest import IngestResult, _expand

    top = tmp_path / "news"
    (top / "b" / "deep").mkdir(parents=True)
    (top / ".cache").mkdir()
    (top / "a-linked").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "far.txt").write_text("x", encoding="utf-8")
    for name in ("z.txt", "b/2.json", "b/10.json", "b/deep/x.xml", ".hidden.txt", ".cache/c.txt"):
        (top / name).write_text("x", encoding="utf-8")
    (top / "link.txt").symlink_to(elsewhere / "far.txt")  # a linked file: its target's key
    (top / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (top / "folder-link").symlink_to(elsewhere, target_is_directory=True)  # not followed
    os.mkfifo(top / "b" / "pipe")
    shown = tmp_path / "shown"
    shown.symlink_to(top, target_is_directory=True)  # the folder given through a link
    for given in (top, shown):
        want = [(str(p), str(Path(p).resolve())) for p in _expand(given, IngestResult())]
        got = [(t, key) for t, key, _st, _url in _walk(given)]
        assert got == want
        assert [t for t, _k, st, _u in _walk(given) if st is None] == [str(given / "dangling.txt")]


def test_a_changed_parser_parses_the_stored_inputs_again(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: the archive after an upgrade (or other ingest options): articles parsed by the
    old code are parsed again as their inputs are met, once; an unchanged parser parses
    nothing. Made-up inputs: two records."""
    import briefing.store_parse as sp

    s = _two_records(tmp_path, ("2025-11-20", "2025-11-20"))
    store, scope = _update(s)
    assert scope.parsed == 2  # type: ignore[attr-defined]
    store.close()
    store, scope = _update(s)
    assert scope.parsed == 0 and len(parses) == 2  # type: ignore[attr-defined]
    store.close()

    real = sp.parser_fingerprint
    monkeypatch.setattr(sp, "parser_fingerprint", lambda o: "x" + real(o))  # new parser code
    store, scope = _update(s)
    assert scope.parsed == 2 and sorted(parses[2:]) == ["a.json", "b.json"]  # type: ignore[attr-defined]
    assert store.view(scope).read == 2  # type: ignore[arg-type]
    store.close()
    with sqlite3.connect(s.store_path) as c:  # replaced, not doubled
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    store, scope = _update(s)
    assert scope.parsed == 0  # type: ignore[attr-defined]
    store.close()

    # Other ingest options (another time zone) shape a parse too.
    zoned = Settings(inputs=s.inputs, store_path=s.store_path, timezone="Asia/Tokyo")
    store, scope = _update(zoned)
    assert scope.parsed == 2  # type: ignore[attr-defined]
    store.close()


def test_signatures_read_while_folding_are_kept_within_a_transaction(
    tmp_path: Path,
) -> None:
    # the fold cache is keyed by rowid: a deleted article's rowid can be given to the next
    # insert, so a delete drops its entry and a transaction's end drops them all (a rollback
    # the stored bytes kept for the next transactions, too)
    s = _two_records(tmp_path, ("2025-11-20T10:00:00", "2025-11-20T11:00:00"))
    store, _scope = _update(s)
    try:
        rowids = [r[0] for r in store.conn.execute("SELECT rowid FROM articles ORDER BY rowid")]
        assert len(rowids) == 2
        with pytest.raises(KeyError), store._tx() as c:  # rolled back: the store as it was
            for rid in rowids:
                store._sigs[rid] = frozenset({rid})
            store._delete_articles(c, rowids[-1:])
            assert set(store._sigs) == set(rowids[:-1])
            raise KeyError("roll back")
        assert store._sigs == {} and store._blobs == {}
        assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    finally:
        store.close()


def test_stored_signatures_are_kept_across_a_runs_transactions_until_another_writer(
    tmp_path: Path,
) -> None:
    """Class: the signatures folding reads from the store, over the transactions of one run:
    read once from SQL, kept after a commit, dropped on a delete, a rollback, or when another
    connection has written (its rows may have changed or been replaced under the same rowid)."""
    s = _two_records(tmp_path, ("2025-11-20T10:00:00", "2025-11-20T11:00:00"))
    store, _scope = _update(s)
    reads: list[str] = []
    # the folding's signature reads (a deleted article's own row, read for its band keys, is not)
    store.conn.set_trace_callback(
        lambda sql: reads.append(sql) if sql.startswith("SELECT shingles") else None
    )
    try:
        a, b = (r[0] for r in store.conn.execute("SELECT rowid FROM articles ORDER BY rowid"))
        with store._tx() as c:
            first = store._signature(c, a), store._signature(c, b)
        with store._tx() as c:  # the next batch of the same run: no SQL read
            assert (store._signature(c, a), store._signature(c, b)) == first
        assert len(reads) == 2
        with store._tx() as c:
            store._delete_articles(c, [b])
            assert set(store._blobs) == {a}
        other = sqlite3.connect(s.store_path)  # made-up: another process edits the article
        other.execute("UPDATE articles SET shingles=? WHERE rowid=?", (b"\x01\0\0\0" * 8, a))
        other.commit()
        other.close()
        with store._tx() as c:
            assert store._signature(c, a) == frozenset({1})
        assert len(reads) == 3
    finally:
        store.close()
