"""A fixed sample Briefing for ``templates check``, ``preview`` and the rendering tests, built
from the model dataclasses alone (no pipeline, no models, deterministic)."""

from __future__ import annotations

import datetime as dt

from ..models import (
    Article,
    Briefing,
    Day,
    Notice,
    Paragraph,
    RunReport,
    Sentence,
    Skipped,
    Story,
    TimelineEntry,
)

__all__ = ["many_stories_briefing", "sample_briefing"]

D1 = dt.date(2025, 11, 28)
D2 = dt.date(2025, 11, 29)


def _article(
    n: int, title: str, source: str, day: dt.date, url: str | None, **kw: object
) -> Article:
    return Article(
        id=f"a{n}",
        path=f"inputs/{n:03d}.html",
        paragraphs=(Paragraph(f"Text of article {n}."),),
        title=title,
        date=day,
        date_confidence=kw.pop("date_confidence", 0.9),  # type: ignore[arg-type]
        source=source,
        url=url,
        **kw,  # type: ignore[arg-type]
    )


def _s(text: str, original: str, art: str, pos: int, **kw: object) -> Sentence:
    translated = bool(kw.pop("translated", True))
    return Sentence(
        text=text,
        original=original,
        article_id=art,
        position=pos,
        language="en" if translated else "de",
        original_language="de",
        translated=translated,
        **kw,  # type: ignore[arg-type]
    )


def sample_briefing() -> Briefing:
    """Two days, three stories: translated, flagged and untranslated sentences, a timeline,
    duplicates, a guessed date, a notice and a skipped input."""
    a1 = _article(
        1,
        "Ukraine talks resume in Geneva",
        "tagesschau.de",
        D2,
        "https://www.tagesschau.de/ausland/genf-gespraeche-100.html",
        credits=("dpa",),
        duplicates=("a9",),
        outlets=("tagesschau.de", "zeit.de"),
    )
    a2 = _article(
        2,
        "Witkoff meets delegation",
        "orf.at",
        D2,
        "https://orf.at/stories/3400000/",
        credits=("APA", "Reuters"),
    )
    a3 = _article(3, "Budget deal in the Bundestag", "spiegel.de", D2, None, date_confidence=0.3)
    a4 = _article(4, "Storm warning for the coast", "ndr.de", D1, "https://www.ndr.de/sturm.html")
    story1 = Story(
        id="t-genf",
        articles=(a1, a2),
        title="Ukraine talks resume in Geneva",
        title_original="Ukraine-Gespräche in Genf wieder aufgenommen",
        summary=(
            _s(
                "Delegations from Kyiv and Washington met in Geneva on Saturday.",
                "Delegationen aus Kiew und Washington trafen sich am Samstag in Genf.",
                "a1",
                0,
            ),
            _s(
                "The talks lasted 6 hours.",
                "Die Gespräche dauerten sechs Stunden und 20 Minuten.",
                "a2",
                2,
                flags=("number-lost",),
            ),
            _s(
                "A further meeting is planned for next week.",
                "Ein weiteres Treffen ist für nächste Woche geplant.",
                "a1",
                3,
                is_new=False,
            ),
        ),
        keywords=("Geneva", "Ukraine", "talks"),
        keywords_original=("Genf", "Ukraine", "Gespräche"),
        score=2.5,
        developing_since=D1,
        timeline=(
            TimelineEntry(
                D1, "The US plan was presented.", "Der US-Plan wurde vorgestellt.", reports=2
            ),
            TimelineEntry(
                D2, "Talks resumed in Geneva.", "Die Gespräche wurden in Genf fortgesetzt."
            ),
        ),
    )
    story2 = Story(
        id="t-budget",
        articles=(a3,),
        title="Budget deal in the Bundestag",
        title_original="Haushaltseinigung im Bundestag",
        summary=(
            _s(
                "Der Haushaltsausschuss hat sich auf den Etat geeinigt.",
                "Der Haushaltsausschuss hat sich auf den Etat geeinigt.",
                "a3",
                0,
                translated=False,
            ),
        ),
        keywords=("budget",),
        score=1.2,
    )
    story3 = Story(
        id="t-sturm",
        articles=(a4,),
        title="Storm warning for the coast",
        title_original="Sturmwarnung für die Küste",
        summary=(
            _s(
                "Winds of up to 120 km/h are expected on Friday night.",
                "In der Nacht zu Freitag werden Böen bis 120 km/h erwartet.",
                "a4",
                1,
            ),
        ),
        keywords=("storm", "North Sea"),
        score=0.8,
    )
    return Briefing(
        days=(Day(D1, (story3,)), Day(D2, (story1, story2))),
        source_languages=("de",),
        target_language="en",
        generated_at=dt.datetime(2025, 11, 30, 6, 0, tzinfo=dt.UTC),
        notices=(
            Notice(
                "warning",
                "Not translated: 1 sentence stayed in German (no de→en model "
                "for it); install one with: briefing models install de en",
                "untranslated",
            ),
        ),
        report=RunReport(
            read=5,
            skipped=(Skipped("inputs/broken.html", "not valid UTF-8 and no encoding detected"),),
            translated_sentences=4,
            cached_sentences=1,
        ),
    )


def many_stories_briefing(n: int = 40, sentences: int = 5) -> Briefing:
    """One day with ``n`` stories (for the rendering benchmark)."""
    stories = []
    for i in range(n):
        arts = tuple(
            _article(
                i * 3 + j,
                f"Report {i}.{j} on topic {i}",
                f"outlet{j}.example",
                D2,
                f"https://outlet{j}.example/{i}.html",
            )
            for j in range(3)
        )
        summary = tuple(
            _s(
                f"Story {i} sentence {k}: the committee met again and agreed on the next steps "
                f"after a long debate about the budget and the timetable.",
                f"Satz {k} der Meldung {i}: der Ausschuss tagte erneut.",
                arts[k % 3].id,
                k,
            )
            for k in range(sentences)
        )
        stories.append(
            Story(
                id=f"s{i}",
                articles=arts,
                title=f"Story number {i}: topic {i}",
                summary=summary,
                keywords=("budget", "committee"),
                score=n - i,
            )
        )
    return Briefing(
        days=(Day(D2, tuple(stories)),),
        source_languages=("de",),
        generated_at=dt.datetime(2025, 11, 30, 6, 0, tzinfo=dt.UTC),
    )
