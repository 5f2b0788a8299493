"""The text-file rules generalised beyond the seeds: teaser lists without a tag line, other
comment styles, share links, hard-wrapped text; and the line rules one by one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest import boilerplate as bp
from briefing.ingest import read_file
from briefing.ingest.textfile import parse_text

TEXT = Path(__file__).resolve().parent / "data" / "ingest" / "text"


def test_teaser_list_without_tag_line_and_share_links() -> None:
    (a,) = read_file(TEXT / "teasers.txt", Settings())
    assert a.title == "Haushalt 2026: Kabinett beschließt Entwurf"
    assert a.date == dt.date(2025, 12, 3) and a.published is None
    assert a.text.endswith("im Frühjahr gefunden werden.")
    for junk in (
        "Politik\n",
        "Teilen",
        "Drucken",
        "WhatsApp",
        "FC Bayern",
        "Schnee",
        "vor 3 Stunden",
    ):
        assert junk not in a.text, junk
    assert [p.text for p in a.paragraphs if p.heading] == ["Streit um die Schuldenbremse"]


def test_comment_section_in_another_style() -> None:
    (a,) = read_file(TEXT / "comments.txt", Settings())
    assert a.credits == ("AFP",)
    assert a.published == dt.datetime(2025, 12, 12, 8, 40, tzinfo=a.published.tzinfo)  # type: ignore[union-attr]
    assert a.text.endswith("Baustellen im Netz.")
    for junk in ("Kommentare", "Max Mustermann", "Typisch Bahn", "Erika", "09:15"):
        assert junk not in a.text, junk
    # comments on the same day as the article: no conflict, no warning
    assert a.warnings == () and a.date_method == "dateline"


def test_hard_wrapped_lines_are_joined() -> None:
    (a,) = read_file(TEXT / "hardwrapped.txt", Settings())
    assert a.date == dt.date(2025, 10, 14)
    assert len(a.paragraphs) == 2
    assert "warnt vor Konflikten mit dem Naturschutz." in a.paragraphs[0].text
    assert "\n" not in a.paragraphs[0].text


def test_body_only_text_gets_a_derived_title_and_text_date() -> None:
    a = parse_text(
        "Die Konferenz beginnt am 14. Januar 2026 in Genf. Erwartet werden Delegationen aus "
        "mehr als vierzig Staaten, die über humanitäre Hilfe beraten.",
        path="x.txt",
        settings=Settings(),
    )
    assert a.title_derived and a.title.startswith("Die Konferenz beginnt")
    assert a.date == dt.date(2026, 1, 14) and a.date_method == "text" and a.date_guessed


def test_text_without_any_date() -> None:
    a = parse_text(
        "Ein kurzer Text ohne jedes Datum, aber mit Inhalt.", path="x.txt", settings=Settings()
    )
    assert a.date is None and a.date_confidence == 0.0 and a.date_method == "none"


def test_only_boilerplate_is_refused() -> None:
    with pytest.raises(InputError, match=r"^x\.txt: no article text found$"):
        parse_text(
            "Teilen\n\nDrucken\n\nJetzt weiterlesen!\n\nZU DEN ABOS\n",
            path="x.txt",
            settings=Settings(),
        )


def test_bad_header_date_does_not_crash() -> None:
    a = parse_text(
        " date 2025-13-45 Ein Satz über die Lage in der Ukraine und die Verhandlungen.",
        path="x.txt",
        settings=Settings(),
    )
    assert a.date is None
    assert a.paragraphs[0].text.startswith("Ein Satz")


@pytest.mark.parametrize(
    "line",
    [
        "Jetzt weiterlesen!",
        "Für 0,99 € können Sie diesen Artikel erwerben:",
        "Oder schließen Sie ein Abo ab:",
        "ZU DEN ABOS",
        "Sie sind bereits Kunde?",
        "Foto: Alexander Kazakov/Pool Sputnik Kremlin/AP/dpa",
        "[17 Kommentare] · [zum Forum]",
        "Konflikte / Krieg / Ukraine / Russland / Kirgistan / USA",
        "Suchbegriff",
        "Artikel teilen",
        "Facebook · Twitter · WhatsApp",
        "\u00a0",
        "· · ·",
    ],
)
def test_noise_lines(line: str) -> None:
    assert bp.is_noise_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Putin reagiert auf Koalition der Willigen / Westliche Soldaten in der Ukraine wären ein „legitimes“ Angriffsziel",
        "Der Kremlchef sagte, er werde nicht teilen, was besprochen wurde.",
        "Besuch von US-Unterhändler Witkoff bestätigt",
        "Für die Bürger wird es teurer.",
    ],
)
def test_not_noise(line: str) -> None:
    assert not bp.is_noise_line(line)


def test_teaser_and_timestamp_lines() -> None:
    assert bp.is_teaser_line("vor 9 Minuten")
    assert bp.is_teaser_line("vor 1 Stunde")
    assert bp.is_teaser_line(
        "Köln - Wer beim Nikolaus auf Bio-Produkte setzt, muss [\u2026]\u00a0(01)"
    )
    assert not bp.is_teaser_line("Er war vor 9 Minuten noch im Saal.")
    assert bp.is_timestamp_line("6. September 2025 - 13.19")
    assert bp.is_timestamp_line("12.12.2025 um 09:15 Uhr")
    assert not bp.is_timestamp_line("Mittwoch5. November 2025")  # no time: a page date
    assert not bp.is_timestamp_line("Am 6. September 2025 um 13.19 Uhr sprach Putin in Moskau.")


def test_headings_and_photo_credits() -> None:
    assert bp.is_heading_like("„Nicht an der Front“")
    assert bp.is_heading_like("28-Punkte-Entwurf hatte für Beunruhigung in Europa gesorgt")
    assert not bp.is_heading_like("Die Themen im Überblick:")
    assert not bp.is_heading_like("Kiew lehnt dies ab.")
    assert bp.is_photo_credit(
        "Putin und Kim Jong-un vor wenigen Tagen in China: Der Diktator droht Foto: AFP"
    )
    assert not bp.is_photo_credit("Das Foto zeigt Putin.")
    assert bp.strip_trailing_credit("Kiew lehnt dies ab. (AFP)") == "Kiew lehnt dies ab."
    assert bp.strip_trailing_credit("Er sagte (in Moskau) etwas.") == "Er sagte (in Moskau) etwas."


def test_short_first_sentence_is_kept() -> None:
    a = parse_text(
        "Eilmeldung\n\nEr ist zurückgetreten.\n\nDer Minister hat am Montag in Berlin seinen Rücktritt "
        "erklärt und dies mit persönlichen Gründen begründet, wie ein Sprecher mitteilte.",
        path="x.txt",
        settings=Settings(),
    )
    assert a.paragraphs[0].text == "Er ist zurückgetreten."
    # a one-word kicker is not a title: the title comes from the lead
    assert a.title == "Er ist zurückgetreten" and a.title_derived
    assert "Eilmeldung" not in a.text


def test_elided_quote_does_not_end_the_article() -> None:
    a = parse_text(
        "Der Minister sagte im Bundestag, man werde „alle Optionen prüfen […]“ und bald entscheiden. [...]\n\n"
        "Die Opposition forderte eine schnelle Entscheidung und kritisierte die lange Dauer der Prüfung.",
        path="x.txt",
        settings=Settings(),
    )
    assert a.text.endswith("die lange Dauer der Prüfung.")


def test_author_byline_is_not_the_title() -> None:
    a = parse_text(
        "Putin droht dem Westen\n\nVon Max Mustermann und Erika Musterfrau, Moskau\n\n"
        "27.11.2025\n\nDer russische Präsident hat den Westen erneut vor der Entsendung von "
        "Truppen in die Ukraine gewarnt und mit Konsequenzen gedroht.",
        path="x.txt",
        settings=Settings(),
    )
    assert a.title == "Putin droht dem Westen"
    assert "Mustermann" not in a.text
    assert a.date == dt.date(2025, 11, 27)
