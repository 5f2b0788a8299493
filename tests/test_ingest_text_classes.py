"""Text classes of HTML pages, each with a made-up page: credits, breadcrumbs, gallery controls,
shortcodes, author notes, appeals, downloads, content boxes, and pages that are no article."""

from __future__ import annotations

import pytest

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest.html import parse_html
from briefing.ingest.html_clean import clean_paragraphs, is_chrome, non_article_reason
from briefing.models import Paragraph

PROSE = [
    "Der Gemeinderat von Oberweiler hat am Dienstagabend den Bau einer neuen Grundschule "
    "beschlossen, nachdem die alte Schule seit Jahren zu klein geworden war.",
    "Die Kosten von rund neun Millionen Euro teilen sich die Gemeinde und der Landkreis, "
    "der Freistaat gibt nach Angaben des Bürgermeisters einen Zuschuss dazu.",
    "Baubeginn soll im kommenden Frühjahr sein; die ersten Klassen könnten dann zum "
    "Schuljahr 2027 in das neue Gebäude am Ortsrand umziehen.",
]


def _page(*blocks: str) -> str:
    body = "".join(f"<p>{b}</p>" for b in blocks)
    return (
        "<html><head><title>Neue Schule</title></head><body><article><h1>Neue Schule für "
        f"Oberweiler</h1>{body}</article></body></html>"
    )


def _text(*blocks: str) -> str:
    return parse_html(_page(*blocks), path="p.html", settings=Settings()).text


@pytest.mark.parametrize(
    "line",
    [
        "picture alliance | Andrew Milligan",
        "imago images/Sven Simon",
        "Kay Nietfeld / dpa",
        "Screenshot, Kartendienst",
        "Startseite > Politik > Ausland",
        "Home / Region / Oberweiler",
        "Bild anzeigen Bild schließen",
        "Bild 3 von 12",
        "Vorheriges Bild Nächstes Bild",
        "Merkblatt zur Anmeldung PDF | 212 KB | Datei ist nicht barrierefrei",
        "Den Wasserkocher bei Amazon ansehen",
        "Lesezeit: 2 Minuten",  # real (html-de, an angling blog)
        "Lesedauer: ca. 7 Min.",  # made up
        "Lesezeit: weniger als eine Minute",  # made up
        "5 min read",  # made up
        "Temps de lecture : 3 minutes",  # made up
        # a contact line closing a firm's page (real: a tree surveyor's office) and made up ones
        "Planungsbüro G. & L. Hoppe * Eckleinjarten 6 * 27580 Bremerhaven Tel.: 0471 80 60 745 "
        "* info@buero-hoppe.de",
        "Bäckerei Lindner · Hauptstraße 12 · 8010 Graz · Telefon 0316 123456",
        "Musikverein Talheim e.V., Kirchweg 3, 74388 Talheim, vorstand@mv-talheim.de",
    ],
)
def test_credit_breadcrumb_gallery_and_button_lines_are_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Die Agentur dpa meldete am Abend, das Bild sei gefälscht gewesen.",
        "Bild und Ton fielen während der Übertragung mehrmals aus, sagte ein Sprecher.",
        "Von Berlin nach München fährt der Zug jetzt in vier Stunden.",
        "Die Lesezeit der Kinder stieg im Lockdown auf 40 Minuten am Tag.",
        "Die Polizei in 31167 Bockenem bittet unter Telefon 05063 9010 um Hinweise.",
        "Anmeldungen nimmt das Rathaus in 74388 Talheim unter info@talheim.de entgegen",
    ],
)
def test_sentences_about_pictures_or_agencies_are_kept(line: str) -> None:
    assert not is_chrome(line)


def test_chrome_is_dropped_from_a_page_and_the_article_stays() -> None:
    text = _text(
        "Startseite &gt; Region &gt; Oberweiler",
        PROSE[0],
        "picture alliance | Eva Beispiel",
        "Bild anzeigen Bild schließen",
        *PROSE[1:],
    )
    assert all(p in text for p in PROSE)
    assert "picture alliance" not in text and "Bild schließen" not in text
    assert "Startseite" not in text


def test_shortcodes_are_removed_and_their_text_kept() -> None:
    got = clean_paragraphs(
        [Paragraph('[box_colored color="blue"]' + PROSE[0] + "[/box_colored]"), Paragraph(PROSE[1])]
    )
    assert got[0].text == PROSE[0]
    assert clean_paragraphs([Paragraph("Der Satz [sic] bleibt, wie er ist, mit der Klammer.")])[
        0
    ].text.endswith("mit der Klammer.")


def test_author_notes_and_appeals_are_dropped() -> None:
    text = _text(
        *PROSE,
        "Redakteurin im Ressort Wirtschaft.",
        "Gefällt dir unser Ortsblatt? Wir haben uns gegen eine Bezahlschranke entschieden und "
        "bitten um eine kleine Spende.",
        "Eva Beispiel ist Redakteurin bei der Oberweiler Rundschau.",
    )
    assert all(p in text for p in PROSE)
    assert "Redakteurin" not in text and "Bezahlschranke" not in text


def test_an_about_us_box_that_is_the_page_is_kept() -> None:
    # "Über uns" closes many pages; on this one it opens the page's own text.
    about = [
        "Der Verein Freundeskreis Oberweiler wurde 1987 gegründet und kümmert sich seitdem um die "
        "Pflege des historischen Ortskerns und seiner Fachwerkhäuser.",
        "Unsere Mitglieder organisieren Führungen, sammeln Spenden für Restaurierungen und "
        "beraten Eigentümer bei Anträgen auf Fördermittel des Landes.",
        "Wer mitmachen möchte, ist bei unseren monatlichen Treffen im Gasthaus zur Linde "
        "jederzeit willkommen, eine Mitgliedschaft ist nicht nötig.",
    ]
    paragraphs = [
        Paragraph("Kurz vorgestellt: der Verein im Ort, seine Ziele, seine Geschichte."),
        Paragraph("Über uns"),
        *(Paragraph(t) for t in about),
    ]
    got = " ".join(p.text for p in clean_paragraphs(paragraphs))
    assert all(t in got for t in about)
    more = (
        [Paragraph(t) for t in PROSE]
        + [Paragraph("Weitere Informationen")]
        + [Paragraph(t) for t in about]
    )
    got = " ".join(p.text for p in clean_paragraphs(more))
    assert all(t in got for t in about)


def test_a_closing_link_list_is_still_cut() -> None:
    paragraphs = [Paragraph(t) for t in PROSE] + [
        Paragraph("Weitere Informationen"),
        Paragraph("Schulbau im Landkreis"),
        Paragraph("Elternbeirat wählt neuen Vorsitz"),
    ]
    got = [p.text for p in clean_paragraphs(paragraphs)]
    assert got == PROSE


@pytest.mark.parametrize(
    ("blocks", "reason"),
    [
        (
            [
                "Warning: mysql_connect(): Access denied for user 'web'@'localhost' in "
                "/var/www/html/includes/db.php on line 12",
                "Fatal error: Call to undefined function render_page() in "
                "/var/www/html/index.php on line 48",
            ],
            "server error",
        ),
        (
            [
                "Impressum",
                "Angaben gemäß § 5 TMG: Oberweiler Medien GmbH, Hauptstraße 1, 99999 Oberweiler",
                "Registergericht: Amtsgericht Musterstadt, Handelsregister HRB 12345",
                "Umsatzsteuer-Identifikationsnummer: DE123456789",
                "Verantwortlich für den Inhalt: Eva Beispiel",
            ],
            "imprint",
        ),
        (["Ihr Partner für Qualität und Frische seit 1950"], "slogan"),
    ],
)
def test_pages_that_are_no_article_are_skipped_with_the_reason(blocks, reason) -> None:
    assert reason in non_article_reason([Paragraph(b) for b in blocks])
    with pytest.raises(InputError, match=f"not an article: .*{reason}"):
        parse_html(_page(*blocks), path="p.html", settings=Settings())


def test_a_real_article_is_an_article() -> None:
    assert non_article_reason([Paragraph(t) for t in PROSE]) == ""
    assert non_article_reason([Paragraph("Der Bürgermeister ist zurückgetreten.")]) == ""


def _lead_of(head: str, body: str) -> list[str]:
    """The paragraphs after the lead is put back, the extractor having kept only PROSE."""
    from briefing.ingest.html import _load_tree, _with_lead

    tree = _load_tree(f"<html><head>{head}</head><body>{body}</body></html>", "p.html")
    return [p.text for p in _with_lead([Paragraph(t) for t in PROSE], tree)]


TEASER = (
    "Oberweiler bekommt eine neue Grundschule: Der Gemeinderat hat den Bau nach langem Streit "
    "beschlossen, die ersten Klassen ziehen 2027 um."
)


def test_the_og_teaser_is_the_lead_when_the_plain_description_is_the_sites_slogan() -> None:
    # the site's plain description is its motto, printed nowhere in the article
    head = (
        '<meta name="description" content="Ihr Heimatblatt für Oberweiler und Umgebung, '
        'seit 1950 aktuell, kritisch und unabhängig.">'
        f'<meta property="og:description" content="{TEASER}">'
    )
    body = f"<header><h1>Neue Schule</h1><p class='chapo'>{TEASER}</p></header>"
    got = _lead_of(head, body)
    assert got[0] == TEASER and got[1:] == PROSE


def test_a_standfirst_marked_as_the_articles_description_is_the_lead() -> None:
    body = (
        "<div itemscope itemtype='https://schema.org/Article'><h1>Neue Schule</h1>"
        f"<div class='teaser-text' itemprop='description'><p>{TEASER}</p></div>"
        "<div itemprop='publisher' itemscope itemtype='https://schema.org/Organization'>"
        "<p itemprop='description'>Der Verlag des Heimatblatts gibt seit 1950 Zeitungen und "
        "Magazine für die ganze Region heraus.</p></div></div>"
    )
    got = _lead_of("", body)
    assert got[0] == TEASER and got[1:] == PROSE
    # a picture's caption or an organisation's description is no lead
    caption = (
        "<div itemscope itemtype='https://schema.org/Article'><figure><img src='a.jpg'>"
        f"<figcaption itemprop='description'>{TEASER}</figcaption></figure>"
        "<div itemprop='publisher' itemscope itemtype='https://schema.org/Organization'>"
        f"<p itemprop='description'>{TEASER}</p></div></div>"
    )
    assert _lead_of("", caption) == PROSE


@pytest.mark.parametrize(
    "line",
    ["2023-05-02 | Vereinsleben", "Dienstag, 2. Mai 2023 · Lokales", "Sport | 02.05.2023"],
)
def test_a_dateline_with_its_section_label_is_chrome(line: str) -> None:
    assert is_chrome(line)
    assert line not in _text(line, *PROSE)


@pytest.mark.parametrize(
    "line",
    ["Baujahr | 2023", "Ergebnis | 2:1", "Der Sieg am 2. Mai 2023 | Ein Rückblick auf das Spiel"],
)
def test_fact_rows_and_sentences_with_a_bar_are_no_dateline(line: str) -> None:
    assert not is_chrome(line)


def _main_page(before: str = "", after: str = "") -> str:
    """A page whose main block holds ``before``, the article and ``after`` (the extractor
    keeps what stands in that block)."""
    body = "".join(f"<p class='text'>{p}</p>" for p in PROSE)
    return (
        "<html><head><title>Neue Schule</title></head><body><main><div class='content'>"
        f"{before}<h1>Neue Schule für Oberweiler</h1>{body}{after}</div></main></body></html>"
    )


def _main_text(before: str = "", after: str = "") -> str:
    return parse_html(_main_page(before, after), path="p.html", settings=Settings()).text


# Class: a menu the extractor kept, a run of lines that are each one of the page's links. Real:
# a ministry's navigation drawn with custom elements (<pp-link href><p>Arbeitsförderung</p>);
# made up: a regional paper's sections as <a href> and as <x-link href>.
@pytest.mark.parametrize("tag", ["pp-link", "a", "x-link"])
def test_a_menu_of_links_kept_by_the_extractor_is_dropped(tag: str) -> None:
    sections = ["Politik", "Wirtschaft und Finanzen", "Sport", "Kultur", "Region Oberweiler"]
    menu = "".join(
        f'<{tag} href="/rubrik/{i}"><div><p class="text">{t}</p></div></{tag}>'
        for i, t in enumerate(sections)
    )
    text = _main_text(before=menu)
    assert all(p in text for p in PROSE)
    assert "Wirtschaft und Finanzen" not in text and "Region Oberweiler" not in text


def test_link_runs_need_four_links_and_keep_what_is_no_link() -> None:
    links = {"Politik", "Sport", "Kultur", "Region"}
    three = [Paragraph(PROSE[0]), *(Paragraph(t) for t in ("Politik", "Sport", "Kultur"))]
    assert clean_paragraphs([*three, Paragraph(PROSE[1])], links) == [
        *three,
        Paragraph(PROSE[1]),
    ]
    four = [Paragraph(t) for t in ("Politik", "Sport", "Kultur", "Region")]
    got = clean_paragraphs([Paragraph(PROSE[0]), *four, Paragraph(PROSE[1])], links)
    assert got == [Paragraph(PROSE[0]), Paragraph(PROSE[1])]
    # the same lines when they are no links of the page: an article's own short lines
    assert clean_paragraphs([Paragraph(PROSE[0]), *four, Paragraph(PROSE[1])], set()) == [
        Paragraph(PROSE[0]),
        *four,
        Paragraph(PROSE[1]),
    ]


# Class: links that close the page. Real: a tennis site's "Hier das Einzel-Tableau in Pune"
# under the report; made up: a teaser card (a linked headline and its blurb) after the article.
@pytest.mark.parametrize(
    "after",
    [
        '<p><a href="https://example.org/tableau-pune">Hier das Einzel-Tableau in Pune</a></p>',
        '<h3><a href="https://example.org/plaene">Die Pläne der Schule im Überblick</a></h3>'
        "<p class='text'>Alle Zeichnungen und Kosten auf einen Blick.</p>",
    ],
)
def test_links_closing_the_page_are_dropped(after: str) -> None:
    text = _main_text(after=after)
    assert text.endswith(PROSE[-1])


def test_a_closing_section_under_its_own_anchor_heading_stays() -> None:
    # a headline that links to its own section (a table of contents' target) is no teaser
    after = '<h3><a href="#fazit">Fazit</a></h3><p class="text">Die Schule kommt.</p>'
    assert _main_text(after=after).endswith("Die Schule kommt.")


_LEAD = (
    "Oberweiler bekommt eine neue Grundschule: Der Gemeinderat stimmt nach langem Streit "
    "für den Neubau am Ortsrand."
)


def _headed_page(lead_class: str) -> str:
    body = "".join(f"<p>{b}</p>" for b in PROSE)
    return (
        "<html><head><title>Neue Schule</title></head><body>"
        "<nav><ul><li><a href='/'>Start</a></li><li><a href='/p'>Politik</a></li></ul></nav>"
        "<div class='header col-12'><h1>Neue Schule für Oberweiler</h1>"
        "<div class='date'>3. Mai 2026 Oberweiler</div>"
        f"<div class='{lead_class}'><p>{_LEAD}</p></div></div>"
        f"<div class='content'><article>{body}</article></div>"
        "<aside><div class='teaser-text'><p>Ein anderer Artikel über den Sportverein und seine "
        "neue Halle, die im Sommer eröffnet werden soll.</p></div></aside></body></html>"
    )


@pytest.mark.parametrize("lead_class", ["teaser-text", "article-lead", "intro"])
def test_a_lead_block_under_the_headline_is_put_back(lead_class: str) -> None:
    # class: a standfirst in a block named as a lead right under the h1 (real: a hunters'
    # association page, <div class="teaser-text"> after the date line), dropped by the
    # extractor with the header; the same class on another article's teaser further down is
    # not the lead
    article = parse_html(_headed_page(lead_class), path="p.html", settings=Settings())
    assert article.paragraphs[0].text == _LEAD
    assert "Sportverein" not in article.text
