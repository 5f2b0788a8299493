"""The article store's view of a run: groups ranked in SQLite, one row per representative in
Python, and the members of a day's groups read for that day only (not the whole archive)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefing.article_store import ArticleStore
from briefing.config import Settings
from briefing.dedup import fold_duplicates
from briefing.ingest import read_inputs

# Made-up texts (not from the dev data): a ferry report and a school report, each carried by
# several outlets on different days.
FERRY = (
    "Die Fähre zwischen Nordhafen und der Insel Weißsand fährt ab Montag wieder nach dem "
    "Sommerfahrplan. Die Reederei hatte den Betrieb nach einem Maschinenschaden für zwei "
    "Wochen eingestellt. Ein Ersatzteil aus Dänemark sei eingebaut und geprüft worden, teilte "
    "das Unternehmen mit. Pendler und Schulkinder waren in der Zwischenzeit mit kleinen "
    "Booten übergesetzt worden, die nur bei ruhiger See fahren durften."
)
SCHOOL = (
    "Die Gesamtschule am Lindenplatz bekommt einen Neubau für ihre Sporthalle. Der Kreistag "
    "bewilligte am Dienstag vier Millionen Euro, den Rest trägt das Land. Die alte Halle ist "
    "seit dem Frühjahr gesperrt, weil Teile der Decke herabgefallen waren. Der Unterricht "
    "findet bis zur Eröffnung in einer Halle des Nachbarorts statt, wohin Busse fahren."
)


def _inbox(tmp_path: Path) -> Settings:
    """Input order a, b, c, d, e: the ferry's first member in input order (a, 12-02) is not
    its earliest (b, 12-01); the school report and its copy are on 12-03."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name, title, day, outlet, text in [
        ("a", "Fähre fährt wieder", "2025-12-02", "Blatt A", FERRY),
        ("b", "Fähre wieder in Betrieb", "2025-12-01", "Blatt B", FERRY),
        ("c", "Neue Sporthalle", "2025-12-03", "Blatt C", SCHOOL),
        ("d", "Fähre: Sommerfahrplan", "2025-12-02", "Blatt D", FERRY),
        ("e", "Geld für die Halle", "2025-12-03", "Blatt E", SCHOOL + " Ja."),
    ]:
        record = {"title": title, "date": day, "source": outlet, "text": text}
        (inbox / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    return Settings(inputs=(inbox,), store_path=tmp_path / "articles.sqlite", workers=1)


def test_the_view_folds_as_fold_duplicates_over_every_input(tmp_path: Path) -> None:
    """Class: groups whose earliest member is not their first in input order: the group keeps
    the place of its first member and the day of its earliest (its representative)."""
    s = _inbox(tmp_path)
    folded = fold_duplicates(list(read_inputs(list(s.inputs), s.ingest_options()).articles))
    with ArticleStore(s.store_path) as store:
        view = store.view(store.update(s.inputs, s.ingest_options(), workers=1))
        days = [view.day_counts(), [d for _r, d, _m in view.reps]]
        got = [a for d in sorted(view.day_counts()) for a in store.day_articles(view, d)]
    assert days == [
        {dt.date(2025, 12, 1): 1, dt.date(2025, 12, 3): 1},
        ["2025-12-01", "2025-12-03"],
    ]
    assert view.read == 5
    want = {a.id: (a.date, sorted(a.duplicates), sorted(a.outlets)) for a in folded}
    assert {a.id: (a.date, sorted(a.duplicates), sorted(a.outlets)) for a in got} == want


def test_a_day_reads_the_members_of_its_own_groups_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: a day over a big archive: building the view reads no group's members, and a
    day's articles read the members of that day's groups, not those of the other days."""
    s = _inbox(tmp_path)
    asked: list[list[int]] = []
    real = ArticleStore._members

    def spy(self: ArticleStore, groups: list[int], order: dict[int, int]) -> object:
        asked.append(sorted(groups))
        return real(self, groups, order)

    monkeypatch.setattr(ArticleStore, "_members", spy)
    with ArticleStore(s.store_path) as store:
        view = store.view(store.update(s.inputs, s.ingest_options(), workers=1))
        assert asked == []
        school = store.day_articles(view, dt.date(2025, 12, 3))
        ferry_group = next(g for _r, d, g, _n in view.heads if d == "2025-12-01")
        school_group = next(g for _r, d, g, _n in view.heads if d == "2025-12-03")
    assert asked == [[school_group]] and ferry_group != school_group
    assert len(school) == 1 and sorted(school[0].outlets) == ["Blatt C", "Blatt E"]


def test_a_run_reads_the_stored_inputs_once(tmp_path: Path) -> None:
    """Class: a morning's run over a big archive folder: the stored inputs are read once (what
    to parse, which files are gone, the run's ids and skips), not once per question; a file
    deleted since is marked gone and stays in the run, a new one is parsed."""
    s = _inbox(tmp_path)
    inbox = Path(s.inputs[0])
    with ArticleStore(s.store_path) as store:
        first = store.update(s.inputs, s.ingest_options(), workers=1)
    (inbox / "c.json").unlink()  # made-up: the school report rotated away, a new copy came
    text = json.dumps({"title": "Halle", "date": "2025-12-04", "text": SCHOOL}, ensure_ascii=False)
    (inbox / "f.json").write_text(text, "utf-8")
    statements: list[str] = []
    with ArticleStore(s.store_path) as store:
        store.conn.set_trace_callback(statements.append)
        again = store.update(s.inputs, s.ingest_options(), workers=1)
        store.conn.set_trace_callback(None)
    reads = [
        q for q in statements if q.lstrip().upper().startswith("SELECT") and "FROM inputs" in q
    ]
    assert len([q for q in reads if "WHERE" not in q]) == 1, reads
    assert [q for q in reads if "WHERE" in q and "WHERE path=" not in q] == []
    assert (again.parsed, again.gone, len(again.inputs)) == (1, 1, 6)
    # c.json (gone) is still one of the folder's inputs, after the files found there
    assert set(first.inputs) < set(again.inputs) and again.inputs[-1] == first.inputs[2]
