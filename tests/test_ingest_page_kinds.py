"""Pages that are no news article (a list of links, a recipe, a shop or booking page, meeting
minutes) are skipped with that reason; news articles about the same things are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest.encoding import decode_html
from briefing.ingest.html import parse_html

HTML_DE = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata" / "html-de"


def _page(blocks: list[str], head: str = "", h1: str = "Oberweiler") -> str:
    body = "".join(f"<p>{b}</p>" for b in blocks)
    return (
        f"<html><head><title>{h1}</title>{head}</head><body><article><h1>{h1}</h1>{body}"
        "</article></body></html>"
    )


def _ld(kind: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "{kind}", "name": "x"}}</script>'


LINK_DIGEST = [  # made up: a blogger's daily digest of other sites' headlines
    f"{headline} via {outlet} https://{outlet}/{n}"
    for n, (headline, outlet) in enumerate(
        [
            ("Bahn streicht Nachtzüge nach Wien", "zeitung.example"),
            ("Stadtrat vertagt Haushalt erneut", "lokal.example"),
            ("Neue Regeln für E-Scooter in Innenstädten", "verkehr.example"),
            ("Wie Schulen mit Tablets umgehen", "bildung.example"),
            ("Forscher finden Mikroplastik im Bergsee", "wissen.example"),
            ("Warum die Mieten auf dem Land steigen", "wohnen.example"),
        ]
    )
]
RECIPE = [  # made up: a plum cake, no structured data at all
    "Ein saftiger Blechkuchen für den Spätsommer, schnell gemacht und gut vorzubereiten.",
    "Zutaten",
    "500 g Mehl",
    "200 ml Milch",
    "2 EL Zucker",
    "1 Prise Salz",
    "1 kg Zwetschgen",
    "Zubereitung",
    "Mehl, Milch, Zucker und Salz zu einem glatten Teig verkneten und eine Stunde gehen lassen.",
    "Die Zwetschgen entsteinen, auf den Teig legen und 40 Minuten bei 180 Grad backen.",
]
SHOP = [  # made up: a garden shop's product page, declared as a Product
    "Gartenbank Lindholm aus Akazienholz, 120 cm breit, wetterfest geölt.",
    "Die Bank bietet Platz für zwei bis drei Personen und passt auf jeden Balkon.",
    "Produktdetails",
    "Material: Akazie, Farbe: natur",
    "Lieferumfang: Bank, Schrauben, Anleitung",
    "129,99 € inkl. MwSt. zzgl. Versandkosten",
]
HOLIDAY_LET = [  # made up: a holiday flat, nothing declared
    "Die Ferienwohnung Seeblick liegt direkt am Ufer und bietet Platz für vier Personen.",
    "Preise und Leistungen: 2 Personen pro Nacht 70 €, jede weitere Person 15 € pro Nacht.",
    "Endreinigung einmalig 40 €, Bettwäsche und Handtücher sind inklusive.",
    "Buchung ab drei Nächten, 30 % Anzahlung bei Buchung, keine Kaution.",
    "Haustiere sind auf Anfrage willkommen.",
]
MINUTES = [  # made up: a sports club's board minutes
    "Sitzung vom 4. März. Anwesend: Eva Beispiel, Jan Muster, Ole Probe. Entschuldigt: Lea "
    "Test. Protokoll: Jan Muster. Tagesordnung: Finanzen, Sommerfest, Verschiedenes.",
    "Finanzen Der Kassenstand ist ausgeglichen, die Mitgliedsbeiträge werden im April "
    "eingezogen. Ole prüft die Rechnung für das neue Vereinsheim.",
    "Sommerfest Das Fest findet am 21. Juni statt. Eva fragt beim Bäcker wegen der Kuchen an.",
]


@pytest.mark.parametrize(
    ("blocks", "head", "reason"),
    [
        (LINK_DIGEST, "", "a list of links"),
        (RECIPE, "", "a recipe"),
        (RECIPE[:1] + RECIPE[7:], _ld("Recipe"), "a recipe"),  # declared, steps, no quantities
        (SHOP, _ld("Product"), "a shop or booking page"),
        (HOLIDAY_LET, "", "a shop or booking page"),
        (MINUTES, "", "meeting minutes"),
    ],
    ids=["link-list", "recipe", "declared-recipe", "product", "holiday-let", "minutes"],
)
def test_a_page_that_is_no_article_is_skipped_with_its_kind(blocks, head, reason) -> None:
    with pytest.raises(InputError, match=f"p.html: not an article: {reason}"):
        parse_html(_page(blocks, head), path="p.html", settings=Settings())


NEWS = {
    # a news report quoting links at the end (sources), most lines prose
    "sources": [
        "Die Stadt Oberweiler hat am Montag ihre neue Radwegeplanung vorgestellt, die bis 2030 "
        "rund 40 Kilometer neue Wege vorsieht.",
        "Der Verkehrsausschuss hatte zuvor zwei Entwürfe geprüft und sich für den günstigeren "
        "entschieden, sagte die Bürgermeisterin.",
        "Kritik kam von den Umweltverbänden, denen die Pläne nicht weit genug gehen.",
        "Die Pläne liegen im Rathaus aus und stehen online unter https://oberweiler.example/rad",
        "Stellungnahme des Umweltverbands: https://umwelt.example/rad",
    ],
    # a news report about holiday-let prices, with prices and booking words
    "holiday prices": [
        "Ferienwohnungen an der Ostsee sind in diesem Sommer so teuer wie nie: Im Schnitt kostet "
        "eine Nacht für vier Personen 140 €, meldet ein Buchungsportal.",
        "Vor drei Jahren waren es noch 95 €, in der Hauptsaison verlangen Vermieter sogar 190 €.",
        "Viele Gäste verzichten deshalb auf die Buchung oder reisen in der Nebensaison, sagte "
        "ein Sprecher des Tourismusverbands am Dienstag.",
    ],
    # a news report on a council meeting, quoting its agenda
    "council meeting": [
        "Der Gemeinderat von Oberweiler hat in seiner Sitzung am Dienstag den Haushalt für das "
        "kommende Jahr beschlossen. Auf der Tagesordnung: Schulbau, Feuerwehr und Straßen.",
        "Die Opposition kritisierte die hohen Kosten für das neue Feuerwehrhaus, stimmte am Ende "
        "aber zu, wie aus dem Protokoll hervorgeht.",
    ],
    # a newspaper's food column that names its ingredients in prose
    "food column": [
        "Zwetschgenkuchen gehört zum Spätsommer wie der Wandertag: Unsere Kolumnistin hat mit "
        "Bäckern in Oberweiler über alte Familienrezepte gesprochen.",
        "Die meisten schwören auf Hefeteig, 500 g Mehl und ein Kilo Früchte, manche auf Mürbeteig.",
        "Zubereitung und Backzeit seien weniger wichtig als reife Früchte, sagt Bäckermeister "
        "Jan Muster.",
    ],
}


@pytest.mark.parametrize("name", sorted(NEWS))
def test_news_articles_about_those_things_are_kept(name: str) -> None:
    article = parse_html(_page(NEWS[name]), path="p.html", settings=Settings())
    assert article.text


def test_a_news_page_with_a_product_box_is_kept() -> None:
    # a news article that declares itself one and embeds a product (an affiliate box)
    head = _ld("NewsArticle") + _ld("Product")
    blocks = [*NEWS["holiday prices"], "Produktdetails: Reiseführer Ostsee, 14,99 € inkl. MwSt."]
    assert parse_html(_page(blocks, head), path="p.html", settings=Settings()).text


REAL = {  # real html-de pages of each class (skipped when ../shared/evaldata is absent)
    "nurmeinstandpunkt.wordpress.com.blogposting.html": "a list of links",
    "eatsmarter.de.porridge.html": "a recipe",
    "oetker.de.bienenstich.html": "a recipe",
    "zooroyal.de.trixie.html": "a shop or booking page",
    "lavazza.de.qualita.html": "a shop or booking page",
    "mueritzurlauber.de.blockhaus.html": "a shop or booking page",
    "talent.ch.5031.html": "meeting minutes",
}


@pytest.mark.skipif(not HTML_DE.is_dir(), reason="../shared/evaldata/html-de is absent")
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_pages_of_each_kind_are_skipped(name: str) -> None:
    path = HTML_DE / "pages" / name
    html = decode_html(path.read_bytes(), str(path))
    with pytest.raises(InputError, match=f"not an article: {REAL[name]}"):
        parse_html(html, path=name, settings=Settings())
