"""A sentence that points back to the one before it ("Das kündigte Premier Morrison an.")
never opens a summary, nor follows a sentence of another report, without that sentence
(issue #12 item 7). The class: pronouns, demonstratives and pronominal adverbs as openers."""

from __future__ import annotations

import pytest

from briefing.models import Article, Paragraph
from briefing.summarize import summarize_story
from briefing.summarize._select import dangling_opener


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Das kündigte Premier Morrison an.", "de"),  # real (tagesschau 8 Dec 2021)
        (
            "Sie sei Vorbild und Inspiration für Millionen Menschen gewesen, erklärte Scholz.",
            "de",
        ),  # real
        ("Diese Flaniermeile ähnelt einer übergroßen Stolperfalle.", "de"),  # real (html-de)
        ("Der will erneut Staatshilfe in Anspruch nehmen.", "de"),  # real (tagesschau)
        ("Das teilte die Polizei am Abend mit.", "de"),  # made up
        ("Die sind seit Montag geschlossen.", "de"),
        ("Damit sollen Aufträge schneller vergeben werden.", "de"),
        ("Er nannte keine Details.", "de"),
        ("He did not give any details.", "en"),
        ("Cela a surpris les observateurs.", "fr"),
        ("Il a démissionné lundi.", "fr"),
    ],
)
def test_back_referring_openers(sentence: str, lang: str) -> None:
    assert dangling_opener(sentence, lang)


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Das Chaos an den Flughäfen geht weiter.", "de"),  # real: "Das" is an article here
        ("Das neue Gesetz gilt ab Mai.", "de"),
        ("Das letzte Wort hat der Bundesrat.", "de"),
        ("Das von Volker Wissing geführte Ministerium bekam die Zuständigkeit.", "de"),  # real
        ("Die drei Parteien der Ampel-Koalition verfügen über eine Mehrheit.", "de"),  # real
        ("Die rund 500 Gäste kamen aus ganz Europa.", "de"),
        ("Der frisch gewählte Bürgermeister dankte den Wählern.", "de"),
        ("Es gibt Verletzte.", "de"),  # expletive "es" points nowhere
        ("Die Polizei nahm einen Mann fest.", "de"),
        ("It rained all day in London.", "en"),
        ("Il y a des morts à Lyon.", "fr"),
    ],
)
def test_openers_that_stand_alone(sentence: str, lang: str) -> None:
    assert not dangling_opener(sentence, lang)


def _article(i: str, *paras: str) -> Article:
    return Article(id=i, path=f"{i}.txt", paragraphs=tuple(Paragraph(p) for p in paras))


def test_a_dangling_sentence_never_stands_without_its_antecedent() -> None:
    # made up, after the real case: the sentence before "Das kündigte ..." repeats an earlier
    # report and is dropped, which left the pointing sentence alone in the summary
    import datetime as dt
    from dataclasses import replace

    first = _article(
        "a",
        "Australien boykottiert die Olympischen Winterspiele in Peking diplomatisch.",
        "Die Sportler des Landes dürfen an den Spielen teilnehmen.",
    )
    second = _article(
        "b",
        "Australien boykottiert die Olympischen Winterspiele in Peking diplomatisch.",
        "Das kündigte Premier Morrison an.",
        "Auch Großbritannien und Kanada erwägen einen solchen Schritt.",
    )
    first = replace(first, published=dt.datetime(2021, 12, 8, 6, tzinfo=dt.UTC))
    second = replace(second, published=dt.datetime(2021, 12, 8, 9, tzinfo=dt.UTC))
    for n in (2, 3, 4):
        got = summarize_story([first, second], sentences=n)
        assert not any(s.text.startswith("Das kündigte") for s in got), [s.text for s in got]


def test_its_antecedent_brings_it_in() -> None:
    # made up: once the sentence before is chosen, the pointing one may follow it
    a = _article(
        "a",
        "Die Regierung von Musterland hat die Steuern auf Strom gesenkt.",
        "Das teilte Finanzminister Beispiel am Montag in der Hauptstadt von Musterland mit.",
    )
    got = [s.text for s in summarize_story([a], sentences=2)]
    assert got == [
        "Die Regierung von Musterland hat die Steuern auf Strom gesenkt.",
        "Das teilte Finanzminister Beispiel am Montag in der Hauptstadt von Musterland mit.",
    ]
