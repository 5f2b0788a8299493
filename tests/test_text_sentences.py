"""Sentence splitting used by summaries: a Roman or small arabic numeral with a period ends a
sentence when a sentence opener follows it (issue #12 item 7), and every other numeral with a
period ("27. November", "Benedikt XVI. sagte", "z. B.") stays inside its sentence."""

from __future__ import annotations

import pytest

from briefing.text import split_sentences


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # real (tagesschau 8 Sep 2022)
        (
            "Es zeigt die große Anteilnahme am Tod von Queen Elizabeth II. Für viele sei das "
            '"der größte Einschnitt der Nachkriegsgeschichte".',
            [
                "Es zeigt die große Anteilnahme am Tod von Queen Elizabeth II.",
                'Für viele sei das "der größte Einschnitt der Nachkriegsgeschichte".',
            ],
        ),
        (
            "Die Welt trauert um Königin Elizabeth II. Politiker würdigten ihre Stärke.",
            ["Die Welt trauert um Königin Elizabeth II.", "Politiker würdigten ihre Stärke."],
        ),
        # made up: a king, a rank, a score at the end of a sentence
        (
            "Gebaut wurde das Schloss unter Ludwig XIV. Er ließ es prächtig ausstatten.",
            ["Gebaut wurde das Schloss unter Ludwig XIV.", "Er ließ es prächtig ausstatten."],
        ),
        (
            "Am Ende reichte es nur für Platz 29. Auf dem Kurs in Rio gelten Sprinter als Favoriten.",
            [
                "Am Ende reichte es nur für Platz 29.",
                "Auf dem Kurs in Rio gelten Sprinter als Favoriten.",
            ],
        ),
    ],
)
def test_a_numeral_ends_a_sentence_before_an_opener(text: str, want: list[str]) -> None:
    assert split_sentences(text, "de") == want


@pytest.mark.parametrize(
    "text",
    [
        "Papst Benedikt XVI. sagte am Sonntag, die Kirche müsse sich erneuern.",
        "Am 27. November beginnt der Advent in diesem Jahr.",
        "Das gilt z. B. für Kinder unter zwölf Jahren.",
        "Er feierte am Montag seinen 80. Geburtstag in Berlin.",
        "Karl V. und Philipp II. regierten ein Weltreich.",
        "Der Schauspieler Michael C. Hall kam zur Premiere.",
        "1. Die Stadt baut eine neue Schule.",
    ],
)
def test_numerals_inside_a_sentence_stay(text: str) -> None:
    assert split_sentences(text, "de") == [text]


# Class: a dotted initialism ("D.O.Ca.", "n.Chr.", "Ph.D.", "U.N."): the next word decides,
# as after a numeral: a sentence opener cuts, any other word goes on in the same sentence.
@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        # real (html-de, a wine shop's page: "Die Region D.O.Ca. Rioja (...)")
        (
            "Die Region D.O.Ca. Rioja liegt am Ebro. Sie ist die älteste.",
            "de",
            ["Die Region D.O.Ca. Rioja liegt am Ebro.", "Sie ist die älteste."],
        ),
        # made up
        (
            "Die Stadt wurde 79 n.Chr. Opfer eines Vulkans. Das ist lange her.",
            "de",
            ["Die Stadt wurde 79 n.Chr. Opfer eines Vulkans.", "Das ist lange her."],
        ),
        (
            "Der Wein kommt aus einer D.O.Ca. Die Region liegt im Norden.",
            "de",
            ["Der Wein kommt aus einer D.O.Ca.", "Die Region liegt im Norden."],
        ),
        (
            "She has a Ph.D. She teaches in Boston.",
            "en",
            ["She has a Ph.D.", "She teaches in Boston."],
        ),
        (
            "He earned a Ph.D. Degree in Boston. Then he left.",
            "en",
            ["He earned a Ph.D. Degree in Boston.", "Then he left."],
        ),
    ],
)
def test_an_initialism_ends_a_sentence_only_before_an_opener(
    text: str, lang: str, want: list[str]
) -> None:
    assert split_sentences(text, lang) == want
