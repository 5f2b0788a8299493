"""Headlines: site names and dates appended to titles go, headlines are never cut to fragments,
truncated og:titles lose to the h1, kickers are kept and opinion is marked (issue #12 item 5).

Each quoted example of the issue is a case; each class has a made-up second example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.ingest import read_file, read_inputs
from briefing.ingest.html import parse_html
from briefing.ingest.titles import (
    choose_title,
    clean_title,
    is_opinion,
    registrable_domain,
    strip_recurring_suffixes,
)
from briefing.models import Article, Paragraph, Sentence, Story
from briefing.rank import story_title

BODY = "<p>" + "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen. " * 6 + "</p>"


@pytest.mark.parametrize(
    ("title", "site", "url", "want"),
    [
        # the examples: site name, then date; a site name alone
        (
            "Neue Brücke in Dresden eröffnet | DW | 28.04.2023",
            "DW",
            "https://www.dw.com/de/a",
            "Neue Brücke in Dresden eröffnet",
        ),
        (
            "Habeck legt Plan für Kraftwerke vor - WELT",
            "WELT",
            "https://www.welt.de/a",
            "Habeck legt Plan für Kraftwerke vor",
        ),
        (
            "EZB erhöht den Leitzins | Börsen-Zeitung",
            None,
            "https://www.boersen-zeitung.de/a",
            "EZB erhöht den Leitzins",
        ),
        (
            "Neues Pixel-Telefon vorgestellt - Golem.de",
            None,
            "https://www.golem.de/news/a",
            "Neues Pixel-Telefon vorgestellt",
        ),
        (
            "Autohäuser rechnen mit langsamem Anlaufen | MDR.DE",
            None,
            "https://www.mdr.de/a",
            "Autohäuser rechnen mit langsamem Anlaufen",
        ),
        # made up: a site name with generic words around it, a date and time, a site in front
        (
            "Schulen öffnen wieder - Kreisblatt Online",
            "Kreisblatt",
            "https://kreisblatt.example/a",
            "Schulen öffnen wieder",
        ),
        ("Hochwasser am Rhein : 03.02.2024, 09.15 Uhr", None, None, "Hochwasser am Rhein"),
        (
            "KREISBLATT | Stadtrat beschließt Haushalt",
            None,
            "https://www.kreisblatt.example/a",
            "Stadtrat beschließt Haushalt",
        ),
        ("Stadtrat beschließt Haushalt |", None, None, "Stadtrat beschließt Haushalt"),
    ],
)
def test_site_names_and_dates_leave_titles(title, site, url, want) -> None:
    assert clean_title(title, [site], url) == want


@pytest.mark.parametrize(
    ("title", "site", "url"),
    [
        # real tagesschau headlines of the form "A - B": B is no site, the headline stays whole
        ("Der Lockdown endet - für 2G", "tagesschau.de", "https://www.tagesschau.de/a"),
        ("Lawrow zündelt - und verlässt den Gipfel", "tagesschau.de", None),
        ("Geflohene Frauen unterstützen - nur wie?", "tagesschau.de", None),
        # the fragments "oder nie", "mit Glück" as the B of a headline (heads made up)
        ("Klimaschutz im Hafen - jetzt oder nie", "tagesschau.de", "https://www.tagesschau.de/a"),
        ("Das Gesetz kommt - oder nie", "tagesschau.de", None),
        ("Gladbach gewinnt in Mainz - mit Glück", "tagesschau.de", None),
        # made up: the last segment starts like the domain but is a word of the headline
        ("Katar im Fokus - Weltmeisterschaft beginnt", "WELT", "https://www.welt.de/a"),
        ("Wochenbericht 14. - 20. Januar 2022", None, None),  # a date range, not an added date
    ],
)
def test_headlines_of_the_form_a_dash_b_stay_whole(title, site, url) -> None:
    assert clean_title(title, [site], url) == title


def test_story_title_never_cuts_a_headline_into_a_fragment() -> None:
    for headline in (
        "Der Lockdown endet - für 2G",
        "Streik am Flughafen - und kein Ende",
        "Das Gesetz kommt - oder nie",  # the fragments "oder nie" and "mit Glück"
        "Gladbach gewinnt in Mainz - mit Glück",
    ):
        a = Article(id="a", path="a.json#1", paragraphs=(Paragraph("Text. " * 10),), title=headline)
        assert story_title(Story(id="s", articles=(a,))) == headline
    # a dateline is still cut from text made into a title
    a = Article(id="b", path="b.txt", paragraphs=(Paragraph("x"),), title="x …", title_derived=True)
    line = "Hamburg (dpa) - Der Hafen meldet einen neuen Umschlagrekord."
    st = Story(id="s", articles=(a,), summary=(Sentence(line, line, "b", 0, "de", "de"),))
    assert story_title(st).startswith("Der Hafen")


@pytest.mark.parametrize(
    ("meta", "h1", "want"),
    [
        # the class: og:title cut mid-phrase loses to the complete h1
        (
            "Marathon in Berlin: Überlegener Sieger und",
            "Marathon in Berlin: Überlegener Sieger und neuer Streckenrekord",
            "Marathon in Berlin: Überlegener Sieger und neuer Streckenrekord",
        ),
        (
            "Landtag streitet über den Haushalt …",
            "Landtag streitet über den Haushalt für 2025",
            "Landtag streitet über den Haushalt für 2025",
        ),
        # the h1 cut short: the complete og:title wins
        (
            "Zweite F13 kurz vor der Zulassung in Dessau",
            "Zweite F13 kurz vor der",
            "Zweite F13 kurz vor der Zulassung in Dessau",
        ),
        # a tagline after a separator is no rest of the headline; a complete sentence neither
        (
            "Was ist Freie Software",
            "Was ist Freie Software - Community Forum",
            "Was ist Freie Software",
        ),
        (
            "Wasserstoff als Schlüssel.",
            "Wasserstoff als Schlüssel. Kanzler besucht Werk.",
            "Wasserstoff als Schlüssel.",
        ),
    ],
)
def test_a_truncated_title_loses_to_the_complete_one(meta, h1, want) -> None:
    assert choose_title(meta, h1)[0] == want


def test_html_page_keeps_the_h1_over_a_truncated_og_title_and_drops_the_site() -> None:
    html = (
        '<html lang="de"><head><meta property="og:title" content="Marathon in Berlin: Überlegener Sieger und">'
        '<meta property="og:site_name" content="Stadtanzeiger"><title>Marathon | Stadtanzeiger</title></head>'
        f"<body><article><h1>Marathon in Berlin: Überlegener Sieger und neuer Rekord</h1>{BODY}</article></body></html>"
    )
    a = parse_html(html, path="p.html", settings=Settings())
    assert a.title == "Marathon in Berlin: Überlegener Sieger und neuer Rekord"
    html2 = (
        "<html><head><title>Neue Radwege für die Innenstadt | Stadtanzeiger</title></head>"
        f"<body><h1>Stadtanzeiger</h1><article>{BODY}</article></body></html>"
    )
    assert (
        parse_html(html2, path="q.html", settings=Settings()).title
        == "Neue Radwege für die Innenstadt"
    )


def test_kickers_are_kept_and_opinion_is_marked() -> None:
    # a topic label in front of the h1 is the kicker
    assert choose_title("Chronik: Lotte Tobisch ist tot", "Lotte Tobisch ist tot") == (
        "Lotte Tobisch ist tot",
        "Chronik",
    )
    # a genre label stays in the headline, so that opinion never reads as news
    assert choose_title("Kommentar: Ein Tag der Schande", "Ein Tag der Schande") == (
        "Kommentar: Ein Tag der Schande",
        "Kommentar",
    )
    assert is_opinion(None, "Kommentar zu Magdeburg: Die Fragen nach dem Anschlag")
    assert is_opinion("Kommentar", "Ein Tag der Schande")
    assert is_opinion("Tagesthemen-Kommentar", None) and is_opinion("Meinung", None)
    assert is_opinion(None, "Éditorial - La France doit choisir") and is_opinion("Opinion", None)
    assert not is_opinion("Analyse", "Wie Instagram zu Magersucht verleiten kann")
    assert not is_opinion(None, "Kommentare zum Gesetz wurden gelöscht und die Debatte geht weiter")


def test_json_input_carries_kicker_teaser_author(tmp_path: Path) -> None:
    rows = [
        {
            "title": "Ein Tag der Schande",
            "kicker": "Kommentar",
            "teaser": "Der Anschlag verlangt Antworten.",
            "author": ["Anna Muster", "Ben Beispiel"],
            "date": "2024-12-21",
            "source": "Beispielblatt",
            "text": "Der Anschlag von Magdeburg verlangt Antworten. " * 4,
        },
        {
            "title": "Wie Instagram zu Magersucht verleiten kann",
            "kicker": "Analyse",
            "date": "2024-12-21",
            "text": "Es braucht nur einen Account und ein paar Fotos, um Hunderte Follower zu gewinnen. "
            * 3,
        },
    ]
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    first, second = read_file(f, Settings())
    assert (first.kicker, first.teaser, first.author) == (
        "Kommentar",
        "Der Anschlag verlangt Antworten.",
        "Anna Muster, Ben Beispiel",
    )
    assert first.opinion and not second.opinion and second.kicker == "Analyse"
    assert first.title == "Ein Tag der Schande"


def test_a_suffix_recurring_across_an_outlets_titles_goes(tmp_path: Path) -> None:
    def art(i: int, title: str) -> Article:
        return Article(
            id=str(i), path=f"f.json#{i}", paragraphs=(Paragraph("t"),), title=title, source="Blatt"
        )

    titles = [
        "Stadtrat tagt - Das Abendblatt",
        "Neue Brücke eröffnet - Das Abendblatt",
        "Der Lockdown endet - für 2G",
        "Schulen schließen früher - Das Abendblatt",
    ]
    got = [a.title for a in strip_recurring_suffixes([art(i, t) for i, t in enumerate(titles)])]
    assert got == [
        "Stadtrat tagt",
        "Neue Brücke eröffnet",
        "Der Lockdown endet - für 2G",
        "Schulen schließen früher",
    ]
    # fewer than three titles: nothing recurs
    two = [art(i, t) for i, t in enumerate(titles[:2])]
    assert [a.title for a in strip_recurring_suffixes(two)] == titles[:2]


def test_registrable_domain_uses_the_bundled_public_suffix_list() -> None:
    assert registrable_domain("https://www.n-tv.de/politik/a.html") == "n-tv.de"
    assert registrable_domain("https://news.bbc.co.uk/a") == "bbc.co.uk"
    assert registrable_domain("http://localhost:8000/a") == "localhost"
    assert registrable_domain(None) is None


def test_feed_titles_lose_a_site_suffix_from_the_feed(tmp_path: Path) -> None:
    feed = tmp_path / "f.rss"
    items = "".join(
        f"<item><title>{t}</title><link>https://www.kreisblatt.example/{i}.html</link>"
        f"<description>Der Rat hat am Montag lange über die Pläne beraten und entschieden. Nr. {i}.</description></item>"
        for i, t in enumerate(
            ["Stadtrat beschließt Haushalt - Kreisblatt", "Der Lockdown endet - für 2G"]
        )
    )
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kreisblatt - Startseite</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    arts = read_inputs([feed], Settings()).articles
    assert [a.title for a in arts] == [
        "Stadtrat beschließt Haushalt",
        "Der Lockdown endet - für 2G",
    ]


def test_text_files_keep_the_kicker_above_the_headline(tmp_path: Path) -> None:
    seed = read_file(
        Path(__file__).resolve().parent.parent / "fixtures" / "000_093606144557ac8d.txt", Settings()
    )[0]
    assert (seed.kicker, seed.opinion) == ("Ukraine-Krieg", False)
    f = tmp_path / "k.txt"
    f.write_text(
        "Kommentar\n\nEin Tag der Schande für den Stadtrat\n\n3. Dezember 2025, 08:00 Uhr\n\n"
        + "Der Stadtrat hat gestern eine Entscheidung getroffen, die niemand verstehen kann. " * 3,
        encoding="utf-8",
    )
    a = read_file(f, Settings())[0]
    assert (a.kicker, a.title, a.opinion) == (
        "Kommentar",
        "Ein Tag der Schande für den Stadtrat",
        True,
    )


def _member(i: str, title: str, kicker: str | None = None, text: str = "") -> Article:
    body = text or f"Bericht {i}: " + "Der Anschlag auf Shinzo Abe erschüttert Japan. " * 3
    return Article(
        id=i, path=f"{i}.json#1", paragraphs=(Paragraph(body),), title=title, kicker=kicker
    )


def test_a_quote_headline_loses_to_a_member_headline_that_names_the_event() -> None:
    # real (tagesschau 8 Jul 2022): the quote was chosen over every headline naming the event
    abe = Story(
        id="s",
        articles=(
            _member("a", '"Eine Tragödie für Japan"', "Entsetzen über Anschlag auf Abe"),
            _member("b", "Shinzo Abe stirbt nach Attentat", "Japans Ex-Regierungschef"),
            _member("c", "Ein Strippenzieher, der Japan prägte", "Nachruf auf Shinzo Abe"),
        ),
    )
    assert story_title(abe) == "Shinzo Abe stirbt nach Attentat"
    # made up: a quote and a commentary beside one news headline
    text = "Der Stadtrat von Musterstadt hat den Bau der neuen Brücke beschlossen. " * 3
    bridge = Story(
        id="t",
        articles=(
            _member("d", "„Ein guter Tag für Musterstadt“", text=text),
            _member("e", "Kommentar: Die Brücke ist zu teuer", text=text),
            _member("f", "Stadtrat beschließt Bau der Brücke", text=text),
        ),
    )
    assert story_title(bridge) == "Stadtrat beschließt Bau der Brücke"
    # a quote is still the title when it is the only headline
    alone = Story(id="u", articles=(_member("g", "„Ein guter Tag für Musterstadt“", text=text),))
    assert story_title(alone) == "„Ein guter Tag für Musterstadt“"


def test_without_headline_a_sentence_that_stands_whole_beats_a_cut_one() -> None:
    # real (seed 002): the title was "Der ukrainische Präsident Wolodymyr Selenskyj deutet für
    # kommende Woche Verhandlungen auf höchster …" although the lead has a short sentence
    seed = next(
        json.loads(line)
        for line in (Path(__file__).parent / "data" / "cluster" / "seeds.jsonl").open()
        if line.startswith('{"file": "002')
    )
    a = Article(
        id="s2",
        path="002.txt",
        paragraphs=tuple(Paragraph(p["text"], heading=p["heading"]) for p in seed["paragraphs"]),
        title="Die Diplomatie für ein Ende des Ukraine-Kriegs verteilt sich auf viele Orte …",
        title_derived=True,
    )
    title = story_title(Story(id="s", articles=(a,)))
    assert not title.endswith("…"), title
    assert len(title.split()) <= 12
    # made up: a central long sentence and a short one on the same facts
    long = (
        "Der Stadtrat von Musterstadt hat am Dienstagabend nach einer langen und hitzigen "
        "Debatte den Bau der neuen Brücke über den Fluss mit knapper Mehrheit beschlossen."
    )
    short = "Musterstadt baut die neue Brücke über den Fluss."
    b = Article(id="b", path="b.txt", paragraphs=(Paragraph(f"{long} {short}"),))
    b = Article(id="b", path="b.txt", paragraphs=b.paragraphs, title="x …", title_derived=True)
    sents = tuple(Sentence(t, t, "b", i, "de", "de") for i, t in enumerate((long, short)))
    assert story_title(Story(id="t", articles=(b,), summary=sents)) == short.rstrip(".")


@pytest.mark.parametrize(
    "title",
    [
        '++ Habeck: "Werden viele Debatten führen" ++',  # real (tagesschau live blog)
        "++ Tote in Charkiw und Kramatorsk ++",  # real
        "Liveblog: Anschlag in Magdeburg",  # made up
        "Live updates: Attack in Magdeburg",
        "EN DIRECT - Attaque à Magdebourg",
    ],
)
def test_a_live_blog_headline_loses_to_a_news_headline(title: str) -> None:
    text = "Der Anschlag auf den Weihnachtsmarkt in Magdeburg erschüttert das Land. " * 3
    st = Story(
        id="s",
        articles=(
            _member("a", title, text=text),
            _member("b", "Tote bei Anschlag auf Weihnachtsmarkt", text=text),
        ),
    )
    assert story_title(st) == "Tote bei Anschlag auf Weihnachtsmarkt"


@pytest.mark.parametrize(
    "title", ["Live-Musik im Park begeistert Tausende", "Tickets für das Finale ausverkauft"]
)
def test_headlines_that_only_start_like_a_live_blog_are_news(title: str) -> None:
    from briefing.ingest.titles import secondary_title

    assert not secondary_title(title)
