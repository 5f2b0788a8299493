"""HTML pages -> Article: main text without German news chrome, title, outlet, URL, credits."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest.html import parse_html
from briefing.ingest.html_clean import clean_paragraphs, is_chrome, is_teaser_intro
from briefing.models import Paragraph

DATA = Path(__file__).parent / "data" / "ingest" / "html"


@pytest.fixture(scope="module")
def article():
    html = (DATA / "news_article.html").read_text(encoding="utf-8")
    return parse_html(html, path="news_article.html", settings=Settings())


def test_main_text_kept(article) -> None:
    text = article.text
    assert "34 Ratsmitglieder stimmten für das Vorhaben" in text
    assert "insektenfreundlich zu gestalten" in text
    # the lead printed in the header block is part of the article
    assert article.paragraphs[0].text.startswith("Nach jahrelanger Debatte")


@pytest.mark.parametrize(
    "chrome",
    [
        "Startseite",  # navigation
        "Foto: dpa",  # photo credit
        "Lesen Sie auch",  # teaser intro
        "Neue Buslinie startet",  # teaser link
        "Jetzt weiterlesen",  # paywall prompt
        "Newsletter",  # newsletter box
        "Artikel teilen",  # share link
        "Kommentare",  # comment section
        "Endlich! Darauf warten",  # a reader comment
        "Alle Rechte vorbehalten",  # footer
    ],
)
def test_chrome_removed(article, chrome: str) -> None:
    assert chrome not in article.text


def test_section_heading_kept_as_heading(article) -> None:
    headings = [p.text for p in article.paragraphs if p.heading]
    assert headings == ["Baubeginn im Frühjahr"]
    assert "Baubeginn im Frühjahr" not in article.body


def test_metadata(article) -> None:
    assert article.title == "Stadtrat beschließt neuen Radweg am Fluss"
    assert not article.title_derived
    assert article.source == "Tagesblatt"
    assert article.url == "https://www.tagesblatt.example/lokales/radweg-am-fluss-100.html"
    assert article.credits == ("dpa",)
    assert article.language == "de"
    assert article.id and article.path == "news_article.html"


def test_source_falls_back_to_domain() -> None:
    body = "".join(
        f"<p>Dies ist der {n}. Absatz eines Berichts über die Sitzung des Gemeinderats, "
        f"in der lange über den Haushalt gestritten wurde.</p>"
        for n in range(1, 6)
    )
    html = (
        f"<html><head><title>Haushalt</title></head><body><article>{body}</article></body></html>"
    )
    a = parse_html(html, path="p.html", settings=Settings(), url="https://www.example-zeitung.de/x")
    assert a.source == "example-zeitung.de"
    assert a.url == "https://www.example-zeitung.de/x"


def test_language_from_text_and_from_html_lang() -> None:
    english = "".join(
        f"<p>This is paragraph number {n} of a report about the city council meeting, "
        f"where members argued about the budget for a long time.</p>"
        for n in range(1, 6)
    )
    a = parse_html(
        f"<html lang='de'><body><article>{english}</article></body></html>",
        path="en.html",
        settings=Settings(),
    )
    assert a.language == "en"  # the text wins over a wrong html lang when there is enough
    short = "<html lang='fr'><body><article><p>Le conseil a voté hier.</p></article></body></html>"
    b = parse_html(short, path="fr.html", settings=Settings())
    assert b.language == "fr"


def test_page_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"empty\.html"):
        parse_html(
            "<html><body><nav>Menü</nav></body></html>", path="empty.html", settings=Settings()
        )


def _p(*texts: str) -> list[Paragraph]:
    return [Paragraph(t) for t in texts]


LONG = (
    "Der Gemeinderat hat am Abend nach langer Debatte den Haushalt für das kommende Jahr beschlossen. "
    * 3
)


def test_teaser_block_in_the_middle_drops_only_its_links() -> None:
    paras = _p(
        LONG,
        "Mehr zum Thema",
        "Neue Buslinie startet",
        "Parkgebühren steigen",
        LONG + " Ende.",
        LONG,
    )
    out = [p.text for p in clean_paragraphs(paras)]
    assert out == [LONG, LONG + " Ende.", LONG]


def test_teaser_intro_near_the_end_drops_the_rest() -> None:
    paras = _p(LONG, LONG, LONG, "Das könnte Sie auch interessieren:", LONG)
    assert [p.text for p in clean_paragraphs(paras)] == [LONG, LONG, LONG]


def test_comment_section_drops_the_rest() -> None:
    paras = _p(LONG, LONG, "12 Kommentare", "Super Artikel, danke.", "Sehe ich anders.")
    assert [p.text for p in clean_paragraphs(paras)] == [LONG, LONG]


@pytest.mark.parametrize(
    "line",
    [
        "Foto: picture alliance/dpa",
        "Bild: Max Muster",
        "© Getty Images",
        "Jetzt weiterlesen mit Plus",
        "Artikel freischalten",
        "Anzeige",
        "Folgen Sie uns auf Twitter",
        "23.10.2018",
        "Stand: 12.01.2022, 14:30 Uhr",
        "Short-URL: https://example.org/x",
    ],
)
def test_one_line_chrome(line: str) -> None:
    assert is_chrome(line)
    assert clean_paragraphs(_p(LONG, line, LONG)) == _p(LONG, LONG)


@pytest.mark.parametrize(
    "line",
    [
        "Die Polizei sucht Zeugen.",
        "Am 23.10.2018 begann der Prozess vor dem Landgericht.",
        "Der Fotograf sagte, das Bild sei echt.",
        "Kommentare von Lesern hatten die Debatte angestoßen, sagte der Chefredakteur.",
    ],
)
def test_text_is_not_chrome(line: str) -> None:
    assert not is_chrome(line)
    assert not is_teaser_intro(line)


def test_trailing_heading_without_text_is_dropped() -> None:
    paras = [
        Paragraph(LONG),
        Paragraph("Weitere Themen", heading=False),
        Paragraph("Mehr", heading=True),
    ]
    assert clean_paragraphs([Paragraph(LONG), Paragraph("Zum Schluss", heading=True)]) == [
        Paragraph(LONG)
    ]
    assert clean_paragraphs(paras) == [Paragraph(LONG)]


def test_contact_box_closing_a_press_release_is_dropped() -> None:
    paras = _p(LONG, LONG, "Pressekontakt", "Anna Beispiel, Telefon 030 123456")
    assert [p.text for p in clean_paragraphs(paras)] == [LONG, LONG]
    # at the top of a page it is not the closing block: the article after it stays
    assert [p.text for p in clean_paragraphs(_p("Kontakt", LONG, LONG))] == ["Kontakt", LONG, LONG]


def test_inline_teaser_near_the_end_goes_alone() -> None:
    paras = _p(
        LONG, LONG, LONG, "Weiterlesen: Vitamin-D-Mangel im Winter – was wirklich hilft", LONG
    )
    assert [p.text for p in clean_paragraphs(paras)] == [LONG, LONG, LONG, LONG]
