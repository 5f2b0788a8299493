"""Threads across days, each day built in a separate run on one real SQLite state file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import seeds

from briefing.config import Settings
from briefing.models import Article, Paragraph, Sentence, Story
from briefing.store import Store
from briefing.text import split_sentences
from briefing.threads import assign_threads, normalize_sentence

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "cluster"
GNAD_FILE = ROOT.parent / "shared" / "evaldata" / "summaries" / "10kgnad-lead-dev.jsonl"
D1, D2, D3 = dt.date(2025, 11, 27), dt.date(2025, 11, 28), dt.date(2025, 12, 3)
# The same sentence is in 000 (27 Nov) and 002 (28 Nov): on 28 Nov it is not new.
DONBASS = "Als Grundvoraussetzung für eine Einigung nannte Putin erneut eine volle russische"


def teasers() -> list[Article]:
    """Unrelated news: the teaser texts at the foot of seed 000 (Bundeswehr, Cloudflare, F1...)."""
    lines = (ROOT / "fixtures" / "000_093606144557ac8d.txt").read_text(encoding="utf-8")
    out = []
    for k, line in enumerate(x for x in lines.splitlines() if "[…]" in x and len(x) > 200):
        out.append(Article(id=f"teaser{k}", path="teasers", paragraphs=(Paragraph(line),)))
    return out


def gnad(n: int, offset: int) -> list[Article]:
    if not GNAD_FILE.is_file():
        return []
    recs = [json.loads(x) for x in GNAD_FILE.read_text(encoding="utf-8").splitlines()]
    recs = [r for r in recs if r["topic"] == "International"][offset : offset + n]
    return [
        Article(id=f"g{r['id']}", path="gnad", paragraphs=(Paragraph(r["text"]),)) for r in recs
    ]


def story(articles: list[Article], picks: list[str] | None = None) -> Story:
    """A story whose summary is the first sentences of its articles plus ``picks``."""
    sents: list[Sentence] = []
    for a in articles:
        for i, s in enumerate(split_sentences(a.body)[:2]):
            sents.append(Sentence(s, s, a.id, i, "de", "de"))
    for p in picks or []:
        for a in articles:
            for i, s in enumerate(split_sentences(a.body)):
                if s.startswith(p) and all(x.original != s for x in sents):
                    sents.append(Sentence(s, s, a.id, i, "de", "de"))
    return Story(id="", articles=tuple(articles), summary=tuple(sents))


def days(with_gnad: bool) -> dict[dt.date, list[Story]]:
    s, t = seeds(), teasers()
    extra = {d: gnad(6, 6 * k) if with_gnad else [] for k, d in enumerate((D1, D2, D3))}
    return {
        D1: [story([s["000"], s["001"]], [DONBASS]), story([t[0]])]
        + [story([a]) for a in extra[D1]],
        D2: [story([t[1]]), story([s["002"]], [DONBASS])] + [story([a]) for a in extra[D2]],
        D3: [story([t[2]]), story([s["003"]])] + [story([a]) for a in extra[D3]],
    }


def run(state: Path, day: dt.date, stories: list[Story], **settings: object) -> list[Story]:
    """One separate run: its own connection to the state file, closed at the end."""
    with Store(state) as store:
        return assign_threads(day, stories, store, Settings(state_path=state, **settings))


def rows(state: Path) -> list[tuple]:
    conn = sqlite3.connect(state)
    try:
        return conn.execute("SELECT * FROM thread_days ORDER BY day, thread_id").fetchall()
    finally:
        conn.close()


def by_article(stories: list[Story], aid: str) -> Story:
    return next(s for s in stories if any(a.id == aid for a in s.articles))


@pytest.mark.parametrize("with_gnad", [False, True])
def test_three_runs_keep_one_thread(tmp_path: Path, with_gnad: bool) -> None:
    if with_gnad and not GNAD_FILE.is_file():
        pytest.skip("../shared/evaldata is not available")
    state = tmp_path / "state.sqlite"
    plan = days(with_gnad)
    out = {d: run(state, d, plan[d]) for d in (D1, D2, D3)}
    first, second, third = (
        by_article(out[d], a) for d, a in ((D1, "000"), (D2, "002"), (D3, "003"))
    )
    assert first.id and first.id == second.id == third.id
    assert first.developing_since is None and first.timeline == ()
    assert second.developing_since == D1 and third.developing_since == D1
    assert [e.date for e in second.timeline] == [D1]
    assert [e.date for e in third.timeline] == [D1, D2]
    for entry, earlier in zip(third.timeline, (first, second), strict=True):
        assert entry.text == entry.original
        assert entry.text in {x.original for x in earlier.summary}
    # every unrelated story has its own new thread
    all_ids = [s.id for d in (D1, D2, D3) for s in out[d]]
    assert len(all_ids) == len(set(all_ids)) + 2
    for d in (D1, D2, D3):
        for s in out[d]:
            if s.id != first.id:
                assert s.developing_since is None and s.timeline == ()
    # new-since-yesterday flags
    assert all(x.is_new for x in first.summary)
    repeated = [x for x in second.summary if x.original.startswith(DONBASS)]
    assert repeated and not any(x.is_new for x in repeated)
    assert all(x.is_new for x in second.summary if not x.original.startswith(DONBASS))


def test_rerunning_any_day_changes_nothing(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    plan = days(False)
    out = {d: run(state, d, plan[d]) for d in (D1, D2, D3)}
    before = rows(state)
    for d in (D2, D1, D3, D2):  # also an earlier day after a later one
        assert run(state, d, plan[d]) == out[d]
        assert rows(state) == before
    assert len(before) == sum(len(v) for v in plan.values())


def test_thread_window_and_only_earlier_days(tmp_path: Path) -> None:
    plan = days(False)
    # 3 Dec is five days after 28 Nov: outside a 3-day window it starts a new thread
    state = tmp_path / "short.sqlite"
    for d in (D1, D2):
        run(state, d, plan[d], thread_days=3)
    late = by_article(run(state, D3, plan[D3], thread_days=3), "003")
    old = by_article(run(state, D2, plan[D2], thread_days=3), "002")
    assert late.id != old.id and late.developing_since is None
    # a later day is never a candidate: 28 Nov built first does not link to anything
    state = tmp_path / "reverse.sqlite"
    lone = by_article(run(state, D2, plan[D2]), "002")
    assert lone.developing_since is None
    first = by_article(run(state, D1, plan[D1]), "000")
    again = by_article(run(state, D2, plan[D2]), "002")
    assert again.id == first.id != lone.id and again.developing_since == D1


def test_one_thread_goes_to_one_story_a_day(tmp_path: Path) -> None:
    s = seeds()
    state = tmp_path / "state.sqlite"
    thread = run(state, D1, [story([s["000"], s["001"]])])[0].id
    twins = run(state, D2, [story([s["002"]]), story([s["000"]])])
    assert len({x.id for x in twins}) == 2
    assert thread in {x.id for x in twins}


def test_sentence_normalisation_ignores_quotes_and_spacing() -> None:
    a = "«Die Truppen der Ukraine ziehen sich zurück», sagte er."
    b = '"Die Truppen der  Ukraine ziehen sich zurück", sagte er'
    assert normalize_sentence(a) == normalize_sentence(b)
    assert normalize_sentence(a) != normalize_sentence("Die Truppen ziehen sich zurück.")


def test_a_sentence_trimmed_by_the_budget_is_still_new_later(tmp_path: Path) -> None:
    """Only what a day showed (after the word budget) counts as shown for later days."""
    from briefing.threads import record_shown

    state = tmp_path / "state.sqlite"
    s = seeds()
    day1 = run(state, D1, [story([s["000"], s["001"]], [DONBASS])])
    (thread,) = day1
    donbass = next(x for x in thread.summary if x.original.startswith(DONBASS))
    trimmed = replace(thread, summary=tuple(x for x in thread.summary if x is not donbass))
    with Store(state) as store:
        record_shown(D1, [trimmed], store)
    day2 = by_article(run(state, D2, [story([s["002"]], [DONBASS])]), "002")
    assert day2.id == thread.id
    again = next(x for x in day2.summary if x.original.startswith(DONBASS))
    assert again.is_new, "the Donbass sentence was trimmed on day 1, so it is new on day 2"


def test_a_timeline_states_each_fact_once(tmp_path: Path) -> None:
    """Two days whose notes state one fact in other words show it once, on the first day
    (issue #12 item 7; made up, after the real "Gail Halvorsen ... gestorben" / "... ist tot")."""
    s = seeds()
    notes = {
        D1: "Der frühere Bürgermeister Hans Muster ist im Alter von 88 Jahren gestorben.",
        D2: "Hans Muster ist tot.",
        D3: "Die Trauerfeier für Hans Muster findet am Freitag im Rathaus statt.",
    }
    state = tmp_path / "state.sqlite"
    got: list[Story] = []
    for d, note in notes.items():
        st = replace(story([s["000"]]), summary=(Sentence(note, note, "000", 0, "de", "de"),))
        got = run(state, d, [st])
    later = run(state, dt.date(2025, 12, 4), [story([s["000"]])])[0]
    assert [t.date for t in later.timeline] == [D1, D3], later.timeline
    assert got[0].developing_since == D1
