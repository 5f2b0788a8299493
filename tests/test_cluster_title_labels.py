"""A headline one outlet gives several items of a day is a label, not a shared headline.

Class: series and rubric headlines of RSS teasers ("Coronavirus-Pandemie", "Krieg gegen die
Ukraine" on the synthetic teaser days of ``benchmarks/teaser_days.py``, where the outlet that
heads its items with the kicker put a Covid death toll and a live blog from Denmark into one
story). A made-up climate day: one outlet heads a drought in Spain and a glacier report from
the Alps both "Klima und Umwelt"; they stay apart, and join when the label counts as a headline.
Two *different* outlets that print the same headline still share it as evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from helpers import teasers

import briefing.cluster as cl
from briefing.cluster import cluster_day, title_labels
from briefing.config import Settings
from briefing.models import Article

DAY = dt.date(2025, 8, 12)
ROWS = [
    ("d1", "Klima und Umwelt", "In Andalusien sind die Stauseen nur noch zu einem Fünftel gefüllt.",
     "welle.example"),
    ("g1", "Klima und Umwelt", "Der Rhonegletscher hat in diesem Sommer drei Meter Eis verloren.",
     "welle.example"),
    ("d2", "Spanien rationiert Wasser", "Andalusien verbietet das Füllen privater Pools, die "
     "Stauseen sind fast leer.", "kurier.example"),
    ("g2", "Gletscher schmelzen schneller", "Forscher messen am Rhonegletscher einen Rekord "
     "beim Verlust von Eis.", "blatt.example"),
    ("x1", "Neue Radwege in Dresden", "Die Stadt Dresden plant vierzig Kilometer neue Radwege.",
     "kurier.example"),
    ("x2", "Spargelsaison beginnt früh", "Die Bauern in Baden stechen den ersten Spargel.",
     "blatt.example"),
]  # fmt: skip


def items(rows: list[tuple[str, str, str, str]] = ROWS) -> list[Article]:
    return teasers(rows, DAY, hour=7)


def groups(rows: list[tuple[str, str, str, str]] = ROWS) -> set[frozenset[str]]:
    return {
        frozenset(a.id for a in c) for c in cluster_day(items(rows), Settings().cluster_threshold)
    }


def test_one_outlets_repeated_headline_is_a_label() -> None:
    assert title_labels(items()) == {"d1", "g1"}
    found = groups()
    assert not any({"d1", "g1"} <= g for g in found)


def test_the_label_joined_two_events_as_a_headline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cl, "LABEL_WEIGHT", cl.TITLE_WEIGHT)
    assert any({"d1", "g1"} <= g for g in groups())


def test_two_outlets_sharing_a_headline_still_share_it() -> None:
    rows = [
        ("a", "Klimakrise", "In Andalusien sind die Stauseen nur noch zu einem Fünftel gefüllt.",
         "welle.example"),
        ("b", "Klimakrise", "Der Rhonegletscher hat in diesem Sommer drei Meter Eis verloren.",
         "kurier.example"),
    ]  # fmt: skip
    assert title_labels(items(rows)) == frozenset()
    # no known outlet (no source, no URL): no labels
    assert title_labels([replace(a, source=None) for a in items()]) == frozenset()
