"""Agency credits, language detection, derived titles and article ids."""

from __future__ import annotations

import re

import pytest

from briefing.ingest.meta import article_id, derive_title, detect_language, find_credits
from briefing.models import Paragraph


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        ("Bischkek (dpa) - Der russische Präsident sagte.", ("dpa",)),
        ("Berlin (dpa/AFP) – Die Regierung teilte mit.", ("dpa", "AFP")),
        ("Von: APA/Reuters/AFP\n\nNach dem Treffen ...", ("APA", "Reuters", "AFP")),
        ("27. November 2025, 19:30 Uhr · Quelle: dpa", ("dpa",)),
        ("Quellen: epd, KNA\nText.", ("epd", "KNA")),
        ("Kiew lehnt dies ab. (AFP)", ("AFP",)),
        ("Genf (SDA) - Der Bundesrat hat entschieden.", ("SDA",)),
        ("Washington (AP) - Der Kongress stimmte zu.", ("AP",)),
        ("New York (Bloomberg) - Die Börse schloss.", ("Bloomberg",)),
        ("Kiew/Bischkek/Brüssel - Der ukrainische Präsident sagte.", ()),
        ("Foto: Alexander Kazakov/Pool Sputnik Kremlin/AP/dpa", ()),
        ("Bild: AFP\nDie Nachrichtenagentur Reuters berichtete.", ()),
        ("Die AP-Journalistin und die dpa-Meldung sind Wörter, keine Credits.", ()),
        ("Informationen von AFP zufolge wurde niemand verletzt.", ()),
        ("Text: dpa\nDer Kanzler sagte.", ("dpa",)),
        ("Mit Material von Reuters und AFP", ("Reuters", "AFP")),
    ],
)
def test_find_credits(text: str, credits: tuple[str, ...]) -> None:
    assert find_credits(text) == credits


def test_credits_once_each_in_order() -> None:
    assert find_credits("Quelle: dpa\nBerlin (dpa) - Text. (AFP)") == ("dpa", "AFP")


def test_detect_language() -> None:
    assert (
        detect_language("Der russische Präsident hat am Freitag in Wladiwostok gesprochen.") == "de"
    )
    assert (
        detect_language("The Russian president spoke in Vladivostok on Friday about troops.")
        == "en"
    )
    assert (
        detect_language(
            "Le président russe a parlé vendredi à Vladivostok des troupes occidentales."
        )
        == "fr"
    )
    assert detect_language("ok") == "de"  # too short to tell


def test_derive_title_first_sentence_trimmed_on_word_boundary() -> None:
    paragraphs = [
        Paragraph("Ein Abschnitt", heading=True),
        Paragraph(
            "Putin hat Anschuldigungen von deutschen und anderen europäischen Politikern, Russland "
            "wolle nach der Ukraine auch andere Länder Europas überfallen, wiederholt zurückgewiesen. "
            "Zweiter Satz."
        ),
    ]
    title = derive_title(paragraphs)
    assert title.startswith("Putin hat Anschuldigungen")
    words = title.rstrip(" …").split()
    assert 4 <= len(words) <= 12
    assert words[-1].lower() not in {"und", "der", "die", "von", "mit"}
    assert "Zweiter" not in title
    assert title.rstrip(" …").endswith("Politikern")  # cut at the clause boundary (comma)
    assert derive_title([Paragraph("Kurzer Satz.")]) == "Kurzer Satz"
    assert derive_title([Paragraph("Frankfurt/Main (dpa) - Die Börse schloss fester.")]) == (
        "Die Börse schloss fester"
    )
    assert derive_title([Paragraph("Kiew/Bischkek/Brüssel – Selenskyj kündigt Gespräche an.")]) == (
        "Selenskyj kündigt Gespräche an"
    )
    assert derive_title([Paragraph("Das Ende - so sagte er - kam schnell.")]).startswith("Das Ende")
    assert derive_title([]) == ""


def test_article_id_stable_and_folder_independent() -> None:
    a = article_id("/a/b/001.txt", "Text")
    assert re.fullmatch(r"[0-9a-f]{12}", a)
    assert a == article_id("/elsewhere/001.txt", "Text")
    assert a != article_id("/a/b/002.txt", "Text")
    assert a != article_id("/a/b/001.txt", "Text.")
    assert article_id("x/f.jsonl#3", "T") != article_id("x/f.jsonl#4", "T")
