"""Ranking stories by importance; titles and keywords."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from briefing.config import Settings
from briefing.models import Article, Paragraph, Sentence, Story
from briefing.rank import (
    growth,
    outlet_depth,
    outlet_reports,
    rank_stories,
    story_keywords,
    story_score,
    story_title,
)
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
    # a wire copy printed by three outlets: one text, three reports
    wire = story(
        "wire",
        [replace(copy(s["002"], 0, "outlet0"), duplicates=("x", "y"), outlets=("o0", "o1", "o2"))],
    )
    ranked = rank_stories([narrow, wire, wide], Settings())
    assert [x.id for x in ranked] == ["wide", "wire", "narrow"]
    assert ranked[0].score > ranked[1].score > ranked[2].score > 0


def test_breadth_is_not_counted_twice_as_texts() -> None:
    """Class: a story that several outlets carry once each. Its breadth counts as outlets, and
    its depth as texts per outlet, not again as "more texts": one outlet's three reports on an
    event outrank one report each of two outlets; three outlets outrank one outlet's three
    reports (made-up teaser day; on a one-outlet day depth is the story's texts, as before)."""

    base = seeds()["004"]

    def reports(prefix: str, outlets: list[str], title: str) -> Story:
        lead = (Paragraph(f"{title}: der Stand am Abend."),)
        one = replace(base, title=title, paragraphs=lead)
        return Story(id=prefix, articles=tuple(copy(one, k, o) for k, o in enumerate(outlets)))

    deep = reports("a-deep", ["tagblatt"] * 3, "Brücke in Hafenstadt gesperrt")
    twice = reports("b-twice", ["tagblatt", "abendpost"], "Zoo bekommt zwei Pandas")
    wide = reports("c-wide", ["blatt0", "blatt1", "blatt2"], "Fähre läuft auf Grund")
    assert outlet_depth(deep) == 3 and outlet_depth(twice) == 1 and outlet_depth(wide) == 1
    ranked = rank_stories([twice, deep, wide], Settings())
    assert [x.id for x in ranked] == ["c-wide", "a-deep", "b-twice"]


def test_cross_posts_of_one_outlet_count_once() -> None:
    """One item in six section feeds of one publisher is one report, not six."""
    s = seeds()
    one = story("one", [copy(s["004"], 0, "dlf")])
    cross = story("cross", [replace(copy(s["004"], 1, "dlf"), duplicates=tuple("abcde"))])
    assert outlet_reports(cross) == outlet_reports(one) == 1
    assert story_score(cross) == story_score(one)


def test_running_story_needs_new_reports_and_time_of_day_does_not_order() -> None:
    s = seeds()
    base = copy(s["004"], 0, "o")
    other = copy(s["004"], 1, "p")
    since = dt.date(2025, 9, 1)
    # a running thread with two new reports today keeps its bonus ...
    plain = story("a-plain", [base, other])
    running = story("b-running", [base, other], developing_since=since)
    assert [x.id for x in rank_stories([plain, running], Settings())] == ["b-running", "a-plain"]
    # ... a single follow-up report of an old story does not
    lone = story("c-lone", [base], developing_since=since)
    assert story_score(lone) == story_score(story("d-new", [base]))
    # singletons are not ordered by the hour they came out
    early = story("c-early", [replace(base, published=dt.datetime(2025, 9, 5, 7, tzinfo=BERLIN))])
    late = story("d-late", [replace(base, published=dt.datetime(2025, 9, 5, 21, tzinfo=BERLIN))])
    assert [x.id for x in rank_stories([late, early], Settings())] == ["c-early", "d-late"]


def test_a_burst_of_reports_outranks_the_same_reports_spread_over_the_day() -> None:
    s = seeds()
    hours_burst, hours_spread = (18, 19, 20), (6, 13, 20)

    def at(hours: tuple[int, ...], name: str) -> Story:
        arts = [
            replace(
                copy(s["003"], k, f"out{k}"), published=dt.datetime(2025, 12, 3, h, tzinfo=BERLIN)
            )
            for k, h in enumerate(hours)
        ]
        return story(name, arts)

    assert growth(at(hours_burst, "b")) == 2 and growth(at(hours_spread, "s")) == 1
    ranked = rank_stories([at(hours_spread, "a-spread"), at(hours_burst, "b-burst")], Settings())
    assert [x.id for x in ranked] == ["b-burst", "a-spread"]


def test_reports_at_the_moment_a_story_broke_are_breadth_not_growth() -> None:
    """Class: several outlets reporting an event at the same minute (a teaser day's items of
    one event, a wire story printed at once). That is breadth, counted by the outlets and
    reports terms; growth is what came in after the story broke, so the same two outlets'
    reports an hour apart outrank the same reports at one moment (made-up items)."""
    base = seeds()["003"]

    def pair(name: str, hours: tuple[int, int], minute: int = 0) -> Story:
        arts = [
            replace(
                copy(base, k, f"blatt{k}"),
                published=dt.datetime(2025, 11, 4, h, minute, tzinfo=BERLIN),
            )
            for k, h in enumerate(hours)
        ]
        return story(name, arts)

    at_once, later = pair("a-at-once", (9, 9), 15), pair("b-later", (9, 10), 15)
    assert growth(at_once) == 0 and growth(later) == 1
    assert growth(story("c-one", [copy(base, 0, "blatt0")])) == 0  # no time: no growth
    ranked = rank_stories([at_once, later], Settings())
    assert [x.id for x in ranked] == ["b-later", "a-at-once"]


def test_equal_stories_keep_a_stable_order_by_id() -> None:
    base = copy(seeds()["004"], 0, "o")
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


def test_a_statement_headline_names_the_story_before_a_question() -> None:
    """Class: question headlines (the teaser day's "Ökostromausbau in Gefahr?" beside
    "Geplante Gewinnabschöpfung"; made-up here, German and English, one with a closing quote).
    A member's statement headline names the story even when the question is a little closer to
    its words; a question far closer than an idiom stays ("Welche Partei leitet welchen
    Ausschuss?" over "Nicht den Bock zum Gärtner machen"), and so does a lone question."""
    base = seeds()["004"]
    body = (Paragraph("Der Hafen von Nordstadt steht still. Die Hafenarbeiter streiken seit "
                      "Montag, der Streik im Hafen soll bis Freitag dauern."),)  # fmt: skip
    ask = replace(base, id="q", title="Streik im Hafen von Nordstadt – wie lange noch?",
                  paragraphs=body)  # fmt: skip
    says = replace(base, id="s", title="Schiffe warten vor Nordstadt", paragraphs=body)
    assert story_title(story("t", [ask, says])) == "Schiffe warten vor Nordstadt"
    quoted = replace(ask, id="e", title='Port strike in Nordstadt: "How long will it last?"')
    assert story_title(story("e", [quoted, says])) == "Schiffe warten vor Nordstadt"
    assert story_title(story("o", [ask])) == ask.title
    idiom = replace(base, id="i", title="Viel Lärm um nichts", paragraphs=body)
    assert story_title(story("i", [ask, idiom])) == ask.title


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


def test_outlets_are_one_rule_for_stories_dedup_and_ranking() -> None:
    """Class: texts that name no source (a feed item with only its link, a file of notes): the
    outlet is the URL's domain, else unknown (a file name is no publisher), in ``Story.outlets``
    as in dedup's folding; an unknown outlet's text still counts as one report (made-up items)."""
    from briefing.dedup import fold_duplicates
    from briefing.models import article_outlets

    text = (Paragraph("Die Stadt hat ein neues Bad eröffnet, das erste seit zwanzig Jahren."),)
    linked = Article(id="1" * 12, path="a.xml#1", paragraphs=text, url="https://www.n-tv.de/a")
    noted = Article(id="2" * 12, path="notes/b.txt", paragraphs=text)
    assert Story(id="s", articles=(linked,)).outlets == ("n-tv.de",)
    assert Story(id="s", articles=(noted,)).outlets == ()
    assert outlet_reports(Story(id="s", articles=(noted,))) == 1
    folded = fold_duplicates([linked, noted])
    assert len(folded) == 1 and folded[0].outlets == ("n-tv.de",)
    story = Story(id="s", articles=tuple(folded))
    assert story.outlets == folded[0].outlets == article_outlets(folded[0])
    assert outlet_reports(story) == 1
