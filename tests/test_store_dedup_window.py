"""Copies fold into a report only within a window of days (``dedup_days``): in the article
store (the SQL fold and the in-memory bulk fold) and in ``fold_duplicates`` alike."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from briefing.article_store import ArticleStore
from briefing.config import Settings
from briefing.dedup import DEDUP_DAYS, fold_duplicates, in_window
from briefing.models import Article, Paragraph

# Made-up wire text (not from the dev data): a report, its reprints at other outlets (one word
# edited each time), and an unrelated item.
BRIDGE = (
    "Die Brücke über die Aller bei Neudorf bleibt nach dem Fund von Rissen bis zum Sommer "
    "gesperrt. Das Landesamt für Straßenbau teilte mit, dass Gutachter die Träger in den "
    "kommenden Wochen untersuchen wollen. Pendler müssen einen Umweg von zwölf Kilometern über "
    "die Bundesstraße fahren. Der Bürgermeister forderte eine Behelfsbrücke für Radfahrer und "
    "Schulkinder, die Kosten dafür seien noch offen."
)
FAIR = (
    "Der Weihnachtsmarkt in Altstadt öffnet am Freitag mit sechzig Ständen auf dem Marktplatz. "
    "Neu sind eine Eisbahn und ein Karussell aus den fünfziger Jahren, die Buden schließen "
    "täglich um einundzwanzig Uhr."
)


def _record(folder: Path, name: str, day: str | None, source: str, text: str) -> None:
    record = {"title": f"Meldung {name}", "source": source, "text": text}
    if day:
        record["date"] = day
    (folder / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")


def _reprints(folder: Path, days: list[str | None]) -> None:
    """The bridge report on each of ``days`` (an edited word each), and the fair."""
    folder.mkdir()
    for n, day in enumerate(days):
        text = BRIDGE.replace("Neudorf", f"Neudorf (Ausgabe {n})") if n else BRIDGE
        _record(folder, f"r{n}", day, f"Blatt {n}", text)
    _record(folder, "zfair", "2025-11-03", "Blatt Z", FAIR)


def _reports(store_path: Path, inbox: Path, days: int | None = None) -> dict[str | None, int]:
    """Reports (representatives) per day after storing ``inbox``: {day: how many copies}."""
    s = Settings(inputs=(inbox,), store_path=store_path, workers=1)
    if days is not None:
        s = Settings(inputs=(inbox,), store_path=store_path, workers=1, dedup_days=days)
    with ArticleStore(store_path) as store:
        view = store.view(store.update(s.inputs, s.ingest_options(), workers=1))
        # (a view reads its groups' members from the open store)
        return {d: max(len(m) - 1, 0) for _r, d, m in view.reps if d != "2025-11-03" or m}


def _folded(days: list[str | None], window: int | None = DEDUP_DAYS) -> list[tuple[object, int]]:
    """``fold_duplicates`` over the same reprints (dates as given): (date, copies) per report."""
    arts = [
        Article(
            id=f"r{n}",
            path=f"r{n}.json",
            title="Meldung",
            paragraphs=(
                Paragraph(BRIDGE.replace("Neudorf", f"Neudorf (Ausgabe {n})") if n else BRIDGE),
            ),
            source=f"Blatt {n}",
            date=dt.date.fromisoformat(d) if d else None,
        )
        for n, d in enumerate(days)
    ]
    return [(a.date, len(a.duplicates)) for a in fold_duplicates(arts, days=window)]


def test_a_reprint_weeks_later_is_a_report_of_its_own_day(tmp_path: Path) -> None:
    """Class: a text published again long after its report (beyond the window): it is news on
    its own day again, not a copy counted on a page of weeks ago; one reprinted a day later is
    still folded (issue #13 item 3)."""
    _reprints(tmp_path / "in", ["2025-11-03", "2025-11-04", "2025-11-21"])
    assert _reports(tmp_path / "a.sqlite", tmp_path / "in") == {"2025-11-03": 1, "2025-11-21": 0}
    assert _folded(["2025-11-03", "2025-11-04", "2025-11-21"]) == [
        (dt.date(2025, 11, 3), 1),
        (dt.date(2025, 11, 21), 0),
    ]
    # a wider window (the setting) folds it again: the window is the only thing that parts them
    assert _reports(tmp_path / "b.sqlite", tmp_path / "in", days=30) == {"2025-11-03": 2}
    assert _folded(["2025-11-03", "2025-11-04", "2025-11-21"], 30) == [(dt.date(2025, 11, 3), 2)]


def test_a_group_is_bounded_by_its_first_day_not_chained_by_its_last(tmp_path: Path) -> None:
    """Class: a text reprinted every few days (a recurring feature, a generator's pool): each
    reprint is within the window of the one before, but a group does not grow past the window
    of its first day, so no group spans the archive."""
    days = ["2025-11-01", "2025-11-05", "2025-11-09", "2025-11-13"]
    _reprints(tmp_path / "in", days)
    assert _reports(tmp_path / "a.sqlite", tmp_path / "in") == {"2025-11-01": 1, "2025-11-09": 1}
    assert _folded(days) == [(dt.date(2025, 11, 1), 1), (dt.date(2025, 11, 9), 1)]
    with sqlite3.connect(tmp_path / "a.sqlite") as c:  # the groups' first days are stored
        firsts = c.execute(
            "SELECT first FROM groups g JOIN articles a ON a.rowid = g.grp "
            "WHERE a.title LIKE 'Meldung r%' ORDER BY 1"
        ).fetchall()
        assert firsts == [("2025-11-01",), ("2025-11-09",)]


def test_an_earlier_report_arriving_later_moves_the_groups_first_day(tmp_path: Path) -> None:
    """Class: files that arrive out of date order (a late scrape of an older page): the window
    is judged on the group's earliest day so far, and an earlier copy moves it back."""
    days = ["2025-11-10", "2025-11-04", "2025-11-12"]  # 12 is 8 days after 4: its own report
    _reprints(tmp_path / "in", days)
    assert _reports(tmp_path / "a.sqlite", tmp_path / "in") == {"2025-11-04": 1, "2025-11-12": 0}
    assert _folded(days) == [(dt.date(2025, 11, 4), 1), (dt.date(2025, 11, 12), 0)]


def test_undated_copies_are_not_bounded_by_the_window(tmp_path: Path) -> None:
    """Class: an article without a date (no window can be judged): it folds into its report as
    before, and does not move the group's first day."""
    _reprints(tmp_path / "in", ["2025-11-03", None, "2025-11-08"])
    assert _reports(tmp_path / "a.sqlite", tmp_path / "in") == {"2025-11-03": 2}
    assert _folded(["2025-11-03", None, "2025-11-08"]) == [(dt.date(2025, 11, 3), 2)]
    assert in_window(None, 5, 7) and in_window(5, None, 7) and in_window(1, 100, None)
    assert in_window(1, 8, 7) and not in_window(1, 9, 7) and not in_window(9, 1, 7)


def test_a_version_4_store_gets_its_groups_first_days(tmp_path: Path) -> None:
    """Class: a store written before schema 5 (no ``groups`` table): the migration gives every
    group its first day, and a copy arriving later folds into it only within the window."""
    inbox = tmp_path / "in"
    _reprints(inbox, ["2025-11-03", "2025-11-04"])
    path = tmp_path / "a.sqlite"
    _reports(path, inbox)
    with sqlite3.connect(path) as c:  # what schema 4 wrote: the same, without groups
        want = c.execute("SELECT grp, first FROM groups ORDER BY 1").fetchall()
        c.execute("DROP TABLE groups")
        c.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    with ArticleStore(path) as store:
        assert store.schema_version == 5
        assert store.conn.execute("SELECT grp, first FROM groups ORDER BY 1").fetchall() == want
    _record(inbox, "r8", "2025-11-09", "Blatt 8", BRIDGE.replace("Neudorf", "Neudorf, Kreis"))
    _record(inbox, "r9", "2025-11-12", "Blatt 9", BRIDGE.replace("Neudorf", "Neudorf im Kreis"))
    assert _reports(path, inbox) == {"2025-11-03": 2, "2025-11-12": 0}


@pytest.mark.parametrize("days", [None, 1])
def test_bulk_and_sql_fold_agree_with_a_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, days: int | None
) -> None:
    """Class: reprints on many days, folded by the SQL fold (a morning's files) and by the
    in-memory bulk fold (a cold build): the same groups and first days, window or none."""
    import briefing.store_fold as sf

    inbox = tmp_path / "in"
    _reprints(inbox, [f"2025-11-{d:02d}" for d in (1, 2, 2, 3, 4, 4, 6, 7, 9, 10)])
    rows = []
    for name, bulk in (("sql.sqlite", False), ("bulk.sqlite", True)):
        monkeypatch.setattr(sf, "BULK_MIN", 1 if bulk else 10**9)
        s = Settings(inputs=(inbox,), store_path=tmp_path / name, workers=1)
        if days is not None:
            s = Settings(inputs=(inbox,), store_path=tmp_path / name, workers=1, dedup_days=days)
        with ArticleStore(s.store_path) as store:
            store.update(s.inputs, s.ingest_options(), workers=1)
            c = store.conn
            rows.append(
                c.execute("SELECT rowid, grp, indexed FROM articles ORDER BY 1").fetchall()
                + c.execute("SELECT grp, first FROM groups ORDER BY 1").fetchall()
                + c.execute("SELECT article, grp FROM lsh ORDER BY 1").fetchall()
            )
    assert rows[0] == rows[1]
    reps = {r[1] for r in rows[0][:11]}
    # 7 days (the default): 1-7, 9-10, the fair; 1 day: 1-2, 3-4, 6-7, 9-10, the fair
    assert len(reps) == (3 if days is None else 5)


def test_the_setting_defaults_to_the_library_window() -> None:
    assert Settings().dedup_days == DEDUP_DAYS == Settings().ingest_options().dedup_days
