"""Ranking stories by importance; titles and keywords."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from briefing.config import Settings
from briefing.models import Article, Paragraph, Sentence, Story
from briefing.rank import rank_stories, story_keywords, story_title
from briefing.text import split_sentences, stop_words

DATA = Path(__file__).parent / "data" / "cluster"
BERLIN = dt.timezone(dt.timedelta(hours=1))


def seeds() -> dict[str, Article]:
    out = {}
    for line in (DATA / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out[r["file"][:3]] = Article(
            id=r["file"][:3],
            path=r["file"],
            paragraphs=tuple(Paragraph(p["text"], p["heading"]) for p in r["paragraphs"]),
            title=r["title"],
            date=dt.date.fromisoformat(r["date"]),
            source=r["source"],
        )
    return out


def summary_of(a: Article, n: int = 3) -> tuple[Sentence, ...]:
    return tuple(
        Sentence(s, s, a.id, i, "de", "de") for i, s in enumerate(split_sentences(a.body)[:n])
    )


def story(sid: str, articles: list[Article], **kw: object) -> Story:
    return Story(id=sid, articles=tuple(articles), summary=summary_of(articles[0]), **kw)


def copy(a: Article, k: int, outlet: str | None = None, **kw: object) -> Article:
    return replace(a, id=f"{a.id}-{k}", source=outlet, outlets=(outlet,) if outlet else (), **kw)


def test_more_outlets_and_reports_rank_higher() -> None:
    s = seeds()
    wide = story("wide", [copy(s["003"], k, f"outlet{k}") for k in range(3)])
    narrow = story("narrow", [copy(s["004"], 0, "outlet0")])
    wire = story("wire", [replace(copy(s["002"], 0, "outlet0"), duplicates=("x", "y"))])
    ranked = rank_stories([narrow, wire, wide], Settings())
    assert [x.id for x in ranked] == ["wide", "wire", "narrow"]
    assert ranked[0].score > ranked[1].score > ranked[2].score > 0


def test_running_story_and_later_report_break_ties() -> None:
    s = seeds()
    base = copy(s["004"], 0, "o")
    plain = story("a-plain", [base])
    running = story("b-running", [base], developing_since=dt.date(2025, 9, 1))
    assert [x.id for x in rank_stories([plain, running], Settings())] == ["b-running", "a-plain"]
    early = story("c-early", [replace(base, published=dt.datetime(2025, 9, 5, 7, tzinfo=BERLIN))])
    late = story("d-late", [replace(base, published=dt.datetime(2025, 9, 5, 21, tzinfo=BERLIN))])
    assert [x.id for x in rank_stories([early, late], Settings())] == ["d-late", "c-early"]
    # equal stories keep a stable order by id, whatever the input order
    twins = [story("y", [base]), story("x", [base])]
    assert [x.id for x in rank_stories(twins, Settings())] == ["x", "y"]


def test_title_is_the_best_real_headline() -> None:
    s = seeds()
    off_topic = replace(s["001"], title="Wetter: Am Wochenende wird es sonnig und mild")
    derived = replace(s["001"], id="d", title="Putin hat Anschuldigungen …", title_derived=True)
    st = story("t", [off_topic, s["000"], derived])
    assert story_title(st) == s["000"].title
    ranked = rank_stories([st], Settings())[0]
    assert ranked.title == ranked.title_original == s["000"].title


def test_without_headline_the_most_central_summary_sentence_is_the_title() -> None:
    s = seeds()
    a = replace(s["002"], title="Die Diplomatie …", title_derived=True)
    st = story("t", [a])
    odd = Sentence("Das Wetter bleibt sonnig.", "Das Wetter bleibt sonnig.", a.id, 9, "de", "de")
    st = replace(st, summary=(odd, *st.summary))
    title = story_title(st)
    core = title.removesuffix(" …")
    source = [x.original for x in st.summary if core in x.original]
    assert source, title
    assert "Wetter" not in title
    assert len(core.split()) <= 12, "a sentence made into a title is cut short"
    assert not title.startswith("Kiew/Bischkek/Brüssel"), "dateline kept"


def test_keywords_are_three_to_six_source_phrases() -> None:
    s = seeds()
    for st in (story("a", [s["000"], s["001"]]), story("b", [s["004"]]), story("c", [s["003"]])):
        kws = story_keywords(st)
        assert 3 <= len(kws) <= 6, kws
        text = (
            " ".join(a.title or "" for a in st.articles)
            + " "
            + " ".join(a.body for a in st.articles)
        )
        for k in kws:
            assert k in text
            assert k.lower() not in stop_words("de")
        assert len({k.lower() for k in kws}) == len(kws)
    assert "Putin" in story_keywords(story("a", [s["000"], s["001"]]))
    ranked = rank_stories([story("a", [s["000"], s["001"]])], Settings())[0]
    assert ranked.keywords == ranked.keywords_original and 3 <= len(ranked.keywords) <= 6


def test_datelines_are_not_part_of_a_title() -> None:
    a = replace(seeds()["000"], title=None)
    for line, rest in (
        ("Bischkek (dpa) - Putin spricht in Bischkek.", "Putin spricht in Bischkek"),
        ("Kiew/Bischkek/Brüssel - Selenskyj kündigt an.", "Selenskyj kündigt an"),
    ):
        st = Story(id="t", articles=(a,), summary=(Sentence(line, line, a.id, 0, "de", "de"),))
        assert story_title(st) == rest
