"""Live blogs and tickers join the story of their headline item (made-up days).

Class: a running page of the day's entries on one topic ("++ … ++" titles, or a kicker or title
naming a live blog or ticker). Its later entries share the topic's words with every story of
that topic; only its title and lead say which event it leads with (the labels' rule R6).
"""

from __future__ import annotations

import datetime as dt

import pytest

import briefing.cluster as cl
from briefing.cluster import cluster_day, is_live_blog
from briefing.models import Article, Paragraph

DAY = dt.date(2025, 2, 11)


def art(aid: str, title: str, text: str, kicker: str | None = None) -> Article:
    return Article(
        id=aid,
        path=f"{aid}.json#1",
        paragraphs=(Paragraph(text),),
        title=title,
        kicker=kicker,
        date=DAY,
        source="zeitung.example",
    )


# Two stories of one topic (a storm over northern Germany): the railway stops, and a dike breaks.
RAIL = (
    "Wegen des Orkantiefs Yvonne stellt die Deutsche Bahn den Fernverkehr in Norddeutschland "
    "ein. Umgestürzte Bäume blockieren die Strecken zwischen Hamburg und Hannover. Reisende "
    "sollen ihre Fahrt verschieben, Tickets bleiben gültig."
)
DIKE = (
    "An der Elbe bei Stade ist in der Nacht ein Deich gebrochen. Feuerwehr und "
    "Technisches Hilfswerk evakuieren zwei Dörfer, das Wasser steht in den Straßen. Der "
    "Landkreis ruft den Katastrophenfall aus, Sandsäcke werden knapp."
)
DIKE_ENTRIES = " ".join(
    f"{h}:{m} Uhr: Am Deich bei Stade füllen Helfer Sandsäcke, die Elbe steigt weiter, das "
    f"Technische Hilfswerk pumpt Wasser aus den evakuierten Dörfern, der Landkreis meldet den "
    f"Katastrophenfall und neue Evakuierungen."
    for h, m in ((11, 10), (12, 40), (14, 5), (15, 30), (17, 45), (19, 20))
)


def day(title: str, kicker: str | None = None) -> list[Article]:
    blog = art(
        "live",
        title,
        "Die Bahn stellt wegen des Orkantiefs Yvonne den Fernverkehr im Norden ein. Reisende "
        "stranden in Hamburg und Hannover. " + DIKE_ENTRIES,
        kicker,
    )
    return [
        art("rail1", "Bahn stoppt Fernverkehr im Norden", RAIL),
        art("rail2", "Orkan legt Bahnstrecken lahm", RAIL.replace("Reisende", "Fahrgäste")),
        art("dike1", "Deich bei Stade gebrochen", DIKE),
        art("dike2", "Katastrophenfall an der Elbe", DIKE.replace("Dörfer", "Ortschaften")),
        blog,
        art("x1", "Zoo Leipzig zeigt Elefantenkalb", "Im Zoo Leipzig ist ein Elefantenkalb "
            "geboren, Besucher dürfen es ab Sonntag sehen."),
        art("x2", "Spargelpreise auf Rekordhoch", "Händler in Baden verlangen so viel für "
            "Spargel wie nie, die Ernte fällt wegen Frost klein aus."),
        art("x3", "Kunsthalle eröffnet Modersohn-Schau", "Die Kunsthalle Bremen zeigt ab Freitag "
            "achtzig Werke von Paula Modersohn-Becker."),
    ]  # fmt: skip


def story_of(items: list[Article], aid: str) -> set[str]:
    return next({a.id for a in c} for c in cluster_day(items) if any(a.id == aid for a in c))


@pytest.mark.parametrize(
    ("title", "kicker"),
    [
        ("++ Bahn stellt Fernverkehr im Norden ein ++", None),
        ("+++ Orkan: Fernzüge fallen aus +++", None),
        ("Orkantief Yvonne: Bahn stoppt Fernzüge", "Liveblog"),
    ],
)
def test_a_live_blog_joins_its_headline_item(title: str, kicker: str | None) -> None:
    items = day(title, kicker)
    assert is_live_blog(next(a for a in items if a.id == "live"))
    assert story_of(items, "live") == {"live", "rail1", "rail2"}


def test_without_the_rule_its_entries_would_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cl, "LIVE_BODY_WEIGHT", 1.0)
    assert "live" not in story_of(day("++ Bahn stellt Fernverkehr im Norden ein ++"), "rail1")


def test_ordinary_articles_are_no_live_blogs() -> None:
    assert not is_live_blog(art("a", "Bahn stoppt Fernverkehr", RAIL))
    assert not is_live_blog(art("b", "Plus für Pendler: Tickets bleiben gültig", RAIL, "Verkehr"))
