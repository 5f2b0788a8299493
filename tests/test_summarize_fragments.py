"""Fragments never reach a summary: headings, captions, bylines, datelines, subhead questions,
cut sentences, short lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.models import Article, Paragraph
from briefing.summarize import ALGORITHMS, fragment_reason, summarize_story, summarize_text

DATA = Path(__file__).parent / "data" / "summarize"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Foto: Alexander Kazakov/Pool Sputnik Kremlin/AP/dpa", "byline"),
        ("Von Anna Beispiel", "byline"),
        ("Bischkek (dpa) -", "dateline"),
        ("27.11.2025 · 19:30 Uhr", "dateline"),
        ("Mehr zum Thema", "byline"),
        ("Die Opposition kritisierte, das Gesetz lasse zentrale Fragen offen und […]", "cut"),
        ("Die Opposition kritisierte, das Gesetz lasse zentrale Fragen offen und ...", "cut"),
        ("Russlands Präsident Putin bei Gipfeltreffen", "unfinished"),
        ("Kurz und knapp.", "short"),
        ("Der Rat hat " + "lange und " * 200 + "entschieden.", "run-on"),  # 2,000+ characters
        (
            "Wenn sie sich nicht zurückziehen, erreichen wir das militärisch», sagte er.",
            "quote-piece",
        ),
        ("Mehr unter https://example.org/artikel im Netz nachlesen.", "link"),
        # a sentence about the state of something is a sentence, not a stamp
        ("Die Forschung sei auf dem Stand der Krebsforschung vor 20 Jahren.", ""),
        ("Stand der Dinge ist, dass die Regierung noch nicht entschieden hat.", ""),
    ],
)
def test_fragment_reasons(line: str, reason: str) -> None:
    assert fragment_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        # class: a stamp naming what it dates (real: spektrum.de; the rest made up); a byline
        # here or a chrome "stamp" (briefing.chrome), never a summary sentence
        "Stand des Artikels: 26. Februar 2020, 12:30 Uhr.",
        "Stand der Informationen: 01.02.2024.",
        "Letzte Aktualisierung: 3. Mai 2022, 10:00 Uhr.",
        "Artikelstand: 3. Mai 2022",
    ],
)
def test_a_stamp_naming_what_it_dates_is_no_sentence(line: str) -> None:
    assert fragment_reason(line) in {"byline", "stamp"}


def test_question_as_subhead_but_not_inside_a_paragraph() -> None:
    q = "Was bedeutet das für junge Männer?"
    assert fragment_reason(q, alone_in_paragraph=True) == "subhead-question"
    assert fragment_reason(q, paragraph_start=True) == "subhead-question"  # run into the text
    assert fragment_reason(q, alone_in_paragraph=False) == ""


def test_ordinary_sentences_pass() -> None:
    for s in (
        "Der Bundestag hat am Freitag das Gesetz beschlossen.",
        "Von den rund 340.000 Beschäftigten seien derzeit etwa 145.000 Aktionäre, sagte er.",
        "Putin nahm ihn in Schutz: «Er ist ein amerikanischer Bürger.»",
        "Es sei am 27. November z. B. so gewesen, sagte Dr. Müller u. a. in Berlin.",
        # a long real sentence (about 100 words) is still a sentence
        "Die Landesregierung, die seit Monaten mit den Kommunen, den Verkehrsverbünden, den "
        "Gewerkschaften der Beschäftigten und den Verbänden der Fahrgäste über die Finanzierung "
        "des Nahverkehrs verhandelt, hat am Dienstag nach einer mehr als zehnstündigen Sitzung "
        "im Kabinett beschlossen, die Zuschüsse für Busse und Bahnen im kommenden Jahr um rund "
        "zwölf Prozent zu erhöhen, die Preise für das Monatsticket bis zum Sommer nicht "
        "anzuheben und zusätzlich ein Programm aufzulegen, mit dem in ländlichen Regionen, in "
        "denen viele Linien in den vergangenen Jahren gestrichen worden waren, neue Verbindungen "
        "am Abend und am Wochenende eingerichtet werden sollen, wobei die Opposition bereits "
        "ankündigte, die Pläne im Landtag genau zu prüfen.",
    ):
        assert fragment_reason(s) == "", s


def test_standfirst_without_stop_is_a_sentence_at_the_top_only() -> None:
    line = "Bundestag beschließt neues Wehrdienstgesetz nach langer Debatte"
    assert fragment_reason(line, alone_in_paragraph=True, paragraph_index=0) == ""
    assert fragment_reason(line, alone_in_paragraph=True, paragraph_index=9) == "unfinished"


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_fragments_never_selected(algorithm: str) -> None:
    text = (DATA / "fragments.txt").read_text(encoding="utf-8")
    got = summarize_text(text, algorithm=algorithm, sentences=20)
    allowed = {
        "Bundestag beschließt neues Wehrdienstgesetz nach langer Debatte",
        "Der Bundestag hat am Freitag mit klarer Mehrheit das neue Wehrdienstgesetz beschlossen, "
        "das ab dem kommenden Jahr gelten soll.",
        "Verteidigungsminister Boris Pistorius sprach nach der Abstimmung von einem wichtigen Tag "
        "für die Sicherheit des Landes.",
        "Alle jungen Männer sollen künftig einen Fragebogen zu ihrer Bereitschaft und Eignung "
        "ausfüllen, Frauen können das freiwillig tun.",
        "Die Grünen stimmten gegen den Entwurf, die Linke ebenfalls, während die AfD sich "
        "enthielt und eigene Pläne ankündigte.",
    }
    assert got, "the usable sentences are found"
    assert set(got) <= allowed


def test_headings_are_never_summary_sentences_and_positions_skip_them() -> None:
    heading = "Der Minister erklärte am Freitag in Berlin seine Pläne für das Land."
    article = Article(
        id="a",
        path="a.txt",
        paragraphs=(
            Paragraph("Der Bundestag hat am Freitag das neue Gesetz mit Mehrheit beschlossen."),
            Paragraph(heading, heading=True),
            Paragraph("Die Opposition kündigte an, vor dem Verfassungsgericht zu klagen."),
        ),
    )
    got = summarize_story([article], algorithm="lead", sentences=5)
    assert [s.text for s in got] == [article.paragraphs[0].text, article.paragraphs[2].text]
    assert [s.position for s in got] == [0, 1]


def test_no_usable_sentence_gives_empty_summary() -> None:
    assert summarize_text("Mehr zum Thema\n\nFoto: dpa\n\nSuchbegriff") == []


def test_caption_above_a_photo_credit_is_not_a_standfirst() -> None:
    text = (
        "Russlands Präsident Putin bei Gipfeltreffen in Kirgistan\n"
        "Foto: Alexander Kazakov/Pool Sputnik Kremlin/AP/dpa\n"
        "Putin ist nach eigenen Angaben bereit, einen Verzicht auf einen Angriff festzuhalten.\n"
    )
    got = summarize_text(text, algorithm="lead", sentences=3)
    assert got == [
        "Putin ist nach eigenen Angaben bereit, einen Verzicht auf einen Angriff festzuhalten."
    ]
    # Without the credit below it, the same line at the top reads as a standfirst.
    alone = summarize_text(
        text.replace("Foto: Alexander Kazakov/Pool Sputnik Kremlin/AP/dpa\n", ""), algorithm="lead"
    )
    assert alone[0] == "Russlands Präsident Putin bei Gipfeltreffen in Kirgistan"


def test_a_text_without_one_usable_sentence_gets_its_first_lines() -> None:
    # class: a text whose every line is a fragment of its own text (real: a blog's digest of
    # linked headlines, html-de nurmeinstandpunkt; made up: a programme of linked items under a photo credit)
    digest = (
        "- Presseförderung: Studie zweifelt an Stütze vom Staat via Horizont https://ift.tt/2lo\n"
        "- Gewalt im Netz – Schuldzuweisung statt Opferschutz via netzpolitik.org https://np.org\n"
        "- Künstliche Intelligenz – EU erwägt Verbot von Gesichtserkennung https://np.org"
    )
    got = summarize_text(digest, sentences=2)
    assert len(got) == 2 and got[0].startswith("- Presseförderung")
    programme = (
        "Foto: Max Beispiel\n"
        "Konzert der Stadtkapelle im Stadtpark: https://neustadt.example/konzert\n"
        "Lesung mit der Autorin Erika Muster am See: https://neustadt.example/lesung"
    )
    got = summarize_text(programme, sentences=3)
    assert got == [
        "Konzert der Stadtkapelle im Stadtpark: https://neustadt.example/konzert",
        "Lesung mit der Autorin Erika Muster am See: https://neustadt.example/lesung",
    ]  # never the photo credit
