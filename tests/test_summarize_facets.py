"""A big story's summary covers its facets (event, reactions), not one angle (made-up story)."""

from __future__ import annotations

import datetime as dt

from briefing.models import Article, Paragraph
from briefing.summarize import FACET_MIN_ARTICLES, by_facets, summarize_story
from briefing.summarize._candidates import candidates

DAY = dt.date(2024, 6, 3)
FLOOD = [
    "Das Hochwasser an der Donau hat in Passau einen Pegel von zwölf Metern erreicht.",
    "In Passau stieg die Donau am Montag auf zwölf Meter, die Altstadt steht unter Wasser.",
    "Die Donau erreichte in Passau zwölf Meter; Feuerwehr und THW pumpen Keller in der Altstadt aus.",
    "Der Pegel der Donau in Passau liegt bei zwölf Metern, mehr als tausend Helfer sind im Einsatz.",
    "Zwölf Meter zeigt der Donau-Pegel in Passau, Straßen der Altstadt sind gesperrt.",
]
REACTIONS = [
    "Bundeskanzler Scholz besuchte das Krisengebiet und versprach schnelle Soforthilfe des Bundes.",
    "Der Kanzler sagte bei seinem Besuch Soforthilfe zu; die Länder fordern einen Fonds.",
    "Ministerpräsident Söder kündigte ein Soforthilfeprogramm von hundert Millionen Euro an.",
]


def articles() -> list[Article]:
    out = []
    for k, text in enumerate(FLOOD + REACTIONS):
        out.append(
            Article(
                id=f"a{k}",
                path=f"a{k}.txt",
                paragraphs=(Paragraph(text),),
                date=DAY,
                published=dt.datetime(2024, 6, 3, 8 + k, tzinfo=dt.UTC),
                source=f"outlet{k}",
            )
        )
    return out


def test_big_story_summary_covers_both_facets() -> None:
    arts = articles()
    assert len(arts) >= FACET_MIN_ARTICLES
    summary = summarize_story(arts, sentences=3)
    texts = {s.original for s in summary}
    assert texts & set(FLOOD) and texts & set(REACTIONS)


def test_facets_take_turns_in_the_ranking() -> None:
    arts = sorted(articles(), key=lambda a: a.published)
    cands = [c for c in candidates(arts, "de") if not c.fragment]
    flood_first = sorted(cands, key=lambda c: (c.article_index >= len(FLOOD), c.position))
    turned = by_facets(flood_first, arts)
    assert sorted(id(c) for c in turned) == sorted(id(c) for c in flood_first)

    def first_reaction(ranked: list) -> int:
        return next(i for i, c in enumerate(ranked) if c.article_index >= len(FLOOD))

    assert first_reaction(flood_first) == len(FLOOD)
    assert first_reaction(turned) <= 2  # the flood facet leads, the reactions follow soon
    assert turned[0].article_index < len(FLOOD)
