"""Stories told in short texts are joined by their centroids (``cluster._centroid_join``).

Class: one event told in RSS teasers of several outlets, each naming another facet (the
flood, the evacuation, the visit, the damage): the mean cosine of a facet's teaser to the rest
stays below the threshold, the cosine of its vector to the story's summed vector does not. A
made-up flood day (the real case: the synthetic teaser days of ``benchmarks/teaser_days.py``,
where the Abe attack's teaser "Er soll von zwei Kugeln getroffen worden sein" joins its story).
Guard: a teaser that shares only one word with the story (a bishop appointed "im Bistum
Passau") does not join, however much weight that word has in the centroid.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import teasers

import briefing.cluster as cl
from briefing.cluster import cluster_day
from briefing.config import Settings
from briefing.models import Article

DAY = dt.date(2024, 6, 3)
FLOOD = [
    ("f1", "Hochwasser in Passau", "Die Donau ist in Passau über die Ufer getreten, die Altstadt "
     "steht unter Wasser.", "kurier.example"),
    ("f2", "Feuerwehr evakuiert Altstadt", "Einsatzkräfte brachten in Passau Hunderte Anwohner "
     "in Sicherheit.", "welle.example"),
    ("f3", "Söder besucht Passau", "Der Ministerpräsident sagte den Betroffenen des Hochwassers "
     "schnelle Hilfe zu.", "blatt.example"),
    ("f4", "Pegel der Donau sinkt", "In Passau erreichte der Fluss 12,5 Meter, nun fällt das "
     "Wasser.", "radio.example"),
    ("f5", "Bahnstrecke gesperrt", "Wegen des Hochwassers fahren zwischen Plattling und Passau "
     "keine Züge.", "bahnpost.example"),
    ("f6", "Soforthilfen nach dem Hochwasser", "Die Staatsregierung will den Opfern in Passau "
     "rasch mit Geld beistehen.", "welle.example"),
    ("f7", "Versicherer rechnen mit Schäden", "Die Schäden des Hochwassers an der Donau gehen nach "
     "Schätzungen der Versicherer in die Millionen: Möbel, Autos, Heizungen und ganze "
     "Ladengeschäfte sind zerstört.", "extra.example"),
]  # fmt: skip
OTHERS = [
    ("x1", "Neuer Bischof ernannt", "Papst Franziskus ernannte einen Regensburger Weihbischof "
     "zum Oberhirten im Bistum Passau.", "kurier.example"),
    ("x2", "Neue Radwege in Dresden", "Die Stadt Dresden plant vierzig Kilometer neue Radwege.",
     "welle.example"),
    ("x3", "Spargelsaison beginnt früh", "Die Bauern in Baden stechen den ersten Spargel.",
     "welle.example"),
    ("x4", "Glätte sorgt für Unfälle", "Auf glatten Straßen in Oberbayern krachte es oft.",
     "kurier.example"),
]  # fmt: skip


def items(leave_out: str = "") -> list[Article]:
    return teasers([r for r in FLOOD + OTHERS if r[0] != leave_out], DAY)


def groups(leave_out: str = "") -> set[frozenset[str]]:
    clusters = cluster_day(items(leave_out), Settings().cluster_threshold)
    return {frozenset(a.id for a in c) for c in clusters}


FLOOD_IDS = frozenset(aid for aid, *_ in FLOOD)


def test_the_facets_of_one_event_form_one_story() -> None:
    found = groups()
    assert FLOOD_IDS in found
    assert all(len(g) == 1 for g in found - {FLOOD_IDS})


def test_without_the_centroid_join_a_facet_splits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cl, "SHORT_CENTROID_JOIN", False)
    found = groups()
    assert FLOOD_IDS not in found
    assert frozenset({"f7"}) in found  # the damage teaser: mean cosine below the threshold


def test_one_shared_word_alone_does_not_join(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the guard the bishop's teaser joins through "Passau" alone (on the day without
    the damage teaser, which does not name the city: with it "Passau" weighs less)."""
    rest = FLOOD_IDS - {"f7"}
    assert rest in groups("f7") and frozenset({"x1"}) in groups("f7")
    monkeypatch.setattr(cl, "CENTROID_TOP_SHARE", 1.0)
    assert rest | {"x1"} in groups("f7")


def test_top_term_share() -> None:
    from scipy.sparse import csr_matrix

    a = csr_matrix([[1.0, 1.0, 0.0]])
    b = csr_matrix([[3.0, 1.0, 5.0]])
    assert cl._top_term_share(a, b) == pytest.approx(0.75)
    assert cl._top_term_share(a, csr_matrix([[0.0, 0.0, 1.0]])) == 1.0  # nothing shared
