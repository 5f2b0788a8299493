"""A big story shows its facets as sub-lines, named by their best headlines; a small story or
one of a single angle shows none (issue #12 item 4; made-up story)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from briefing.config import Settings
from briefing.models import Article, Briefing, Day, Facet, Paragraph, Story
from briefing.rank import rank_stories, story_facets
from briefing.render import write_outputs
from briefing.render.sample import sample_briefing
from briefing.serialize import briefing_from_dict, briefing_to_dict
from briefing.translate import TranslationResult, _collect, _translated_story

FLOOD = [
    ("Donau erreicht in Passau zwölf Meter",
     "Das Hochwasser an der Donau hat in Passau einen Pegel von zwölf Metern erreicht."),
    ("Passauer Altstadt unter Wasser",
     "In Passau stieg die Donau am Montag auf zwölf Meter, die Altstadt steht unter Wasser."),
    ("Helfer pumpen Keller in Passau aus",
     "Die Donau erreichte in Passau zwölf Meter; Feuerwehr und THW pumpen Keller in der "
     "Altstadt aus."),
    ("Tausend Helfer an der Donau",
     "Der Pegel der Donau in Passau liegt bei zwölf Metern, mehr als tausend Helfer sind im "
     "Einsatz."),
    ("Straßen in Passau gesperrt",
     "Zwölf Meter zeigt der Donau-Pegel in Passau, Straßen der Altstadt sind gesperrt."),
]  # fmt: skip
REACTIONS = [
    ("Scholz verspricht Soforthilfe",
     "Bundeskanzler Scholz besuchte das Krisengebiet und versprach schnelle Soforthilfe des "
     "Bundes."),
    ("Länder fordern Fonds für Flutopfer",
     "Der Kanzler sagte bei seinem Besuch Soforthilfe zu; die Länder fordern einen Fonds für "
     "die Soforthilfe."),
    ("Söder kündigt Soforthilfeprogramm an",
     "Ministerpräsident Söder kündigte ein Soforthilfeprogramm von hundert Millionen Euro an, "
     "die Soforthilfe des Bundes komme dazu."),
]  # fmt: skip


def _articles(rows: list[tuple[str, str]], prefix: str) -> list[Article]:
    return [
        Article(
            id=f"{prefix}{k}",
            path=f"{prefix}{k}.txt",
            paragraphs=(Paragraph(text),),
            title=title,
            date=dt.date(2024, 6, 3),
            published=dt.datetime(2024, 6, 3, 8 + k, tzinfo=dt.UTC),
            source=f"outlet{k}",
        )
        for k, (title, text) in enumerate(rows)
    ]


def test_a_big_story_shows_its_facets_named_by_their_headlines() -> None:
    arts = _articles(FLOOD, "f") + _articles(REACTIONS, "r")
    story = Story(id="s", articles=tuple(arts), title_original="Hochwasser in Passau")
    facets = story_facets(story)
    assert [f.reports for f in facets] == [5, 2]  # the flood; Scholz and the Länder (Söder alone)
    assert facets[0].title in {t for t, _ in FLOOD}
    assert facets[1].title in {t for t, _ in REACTIONS}
    assert all(f.title_original == f.title for f in facets)
    # the facet the story's own title names is not repeated as a sub-line
    named = replace(story, title_original=facets[0].title)
    assert [f.title for f in story_facets(named)] == [facets[1].title]
    # ranking fills them in
    (ranked,) = rank_stories([story], Settings())
    assert [f.reports for f in ranked.facets] in ([5, 2], [2])


def test_small_stories_and_stories_of_one_angle_show_no_facets() -> None:
    flood = _articles(FLOOD, "f")
    assert (
        story_facets(Story(id="a", articles=tuple(flood[:3] + _articles(REACTIONS, "r")[:2]))) == ()
    )
    one_angle = _articles(FLOOD + [(t + " (2)", x) for t, x in FLOOD[:2]], "g")
    assert story_facets(Story(id="b", articles=tuple(one_angle))) == ()


def _facet_briefing() -> tuple[Briefing, dt.date]:
    b = sample_briefing()
    day = b.days[-1]
    first = replace(
        day.stories[0],
        facets=(
            Facet("Police search the suspect's flat", 8, "Polizei durchsucht Wohnung"),
            Facet("Chancellor visits the scene", 5, "Kanzler besucht den Tatort"),
        ),
    )
    days = (*b.days[:-1], Day(day.date, (first, *day.stories[1:])))
    return replace(b, days=days), day.date


def test_facets_show_as_sub_lines_in_every_day_output(tmp_path: Path) -> None:
    b, day = _facet_briefing()
    s = Settings(out_dir=tmp_path / "out", formats=("html", "json", "md", "txt"))
    write_outputs(b, s)
    out = tmp_path / "out" / day.isoformat()
    for name in ("briefing.html", "briefing.md", "briefing.txt"):
        text = (out / name).read_text("utf-8")
        assert (
            "Police search the suspect&#39;s flat" in text
            or "Police search the suspect's flat" in text
        ), name
        # "· 5 reports" beside the title (in HTML inside a span)
        plain = text.replace('<span class="facet-size">', "").replace("</span>", "")
        assert "Chancellor visits the scene · 5 reports" in plain, name
    story = json.loads((out / "briefing.json").read_text("utf-8"))["days"][0]["stories"][0]
    assert story["facets"][1] == {
        "title": "Chancellor visits the scene",
        "title_original": "Kanzler besucht den Tatort",
        "reports": 5,
    }
    # read back (the archive, the day memo) with its facets
    back = briefing_from_dict(briefing_to_dict(b))
    assert back.days[-1].stories[0].facets == b.days[-1].stories[0].facets


def test_facet_titles_are_translated_with_the_story() -> None:
    story = Story(
        id="s",
        articles=tuple(_articles(FLOOD, "f")),
        title_original="Hochwasser in Passau",
        facets=(Facet("Scholz verspricht Soforthilfe", 3, "Scholz verspricht Soforthilfe"),),
    )
    items: list[tuple[str, str]] = []
    (index,) = _collect(Briefing(days=(Day(dt.date(2024, 6, 3), (story,)),)), "de", items)
    results = [TranslationResult(f"EN {t}", True) for t, _ in items]
    done = _translated_story(story, index, results, "en")
    assert done.facets == (
        Facet("EN Scholz verspricht Soforthilfe", 3, "Scholz verspricht Soforthilfe"),
    )
