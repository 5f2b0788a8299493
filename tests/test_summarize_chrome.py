"""Page chrome never reaches a summary, a question alone is no summary, and no two summary
sentences state one fact (issue #12 item 7). Each class: the issue's real example (German), a
made-up one, and one in English and French."""

from __future__ import annotations

import pytest

from briefing.chrome import chrome_class, clean_chrome, strip_inline_chrome
from briefing.models import Article, Paragraph, Sentence
from briefing.summarize import apply_budget, fragment_reason, summarize_story, summarize_text
from briefing.summarize._facts import same_fact

CHROME = {
    "liveblog": [
        "Damit beenden wir den Liveblog für heute.",  # real (issue)
        "Die Entwicklungen vom Mittwoch im Liveblog zum Nachlesen.",  # real (issue)
        "Wir beenden an dieser Stelle für heute den Liveblog und bedanken uns für Ihr Interesse.",  # real (tagesschau)
        "Hiermit schließen wir unseren Newsblog zur Landtagswahl.",  # made up
        "We are closing this live blog for today, thank you for following.",
        "Nous clôturons ce direct, merci de nous avoir suivis.",
        "Hier können Sie den Liveblog vom Dienstag nachlesen.",  # made up
        "Ce direct est terminé.",  # made up
    ],
    "error-report": [
        "Mit nur zwei Klicks melden Sie den Fehler der Redaktion.",  # real (issue)
        "Haben Sie einen Tippfehler entdeckt? Schreiben Sie uns.",  # made up
        "Spotted an error? Report it to the newsroom.",
        "Vous avez repéré une erreur ? Signalez-la à la rédaction.",
    ],
    "availability": [
        "Verfügbar bis 06.05.2024.",  # real (issue)
        "Video abrufbar bis 31.12.2025",  # made up
        "Available until 05/06/2024.",
        "Disponible jusqu'au 06.05.2024.",
        "Bis 06.05.2024 in der Mediathek verfügbar.",  # made up: the date first
    ],
    "machine-translation": [
        "Dieser Artikel wurde maschinell übersetzt.",
        "Der Text wurde mithilfe künstlicher Intelligenz aus dem Englischen übersetzt.",  # made up
        "This article was machine translated.",
        "Cet article a été traduit automatiquement.",
    ],
    "stamp": [
        "Veröffentlicht am 13. Mai 2026 um 15:44",  # real (issue)
        "Zuletzt aktualisiert: 02.03.2025, 08:15 Uhr",  # made up
        "Published on May 13, 2026 at 3:44 pm",
        "Publié le 13 mai 2026 à 15h44",
        "Stand des Artikels: 12.03.2024",  # the class noticed last session (a page's stamp)
        "Artikelstand: 3. Februar 2023, 10:15 Uhr",  # made up
        "Erstveröffentlichung: 13.05.2026",  # made up
        "Dernière mise à jour : 12 mars 2024 à 10h15",  # made up
        "Mis à jour le 12/03/2024 à 10:15",  # made up
        "Updated March 12, 2024, 10:15 a.m. ET",  # made up
    ],
    "interview-credit": [
        "Robert Habeck im Gespräch mit Jörg Münchenberg",  # real (issue)
        "Anna Beispiel im Interview mit Ben Muster",  # made up
        "Angela Merkel in conversation with John Smith",
        "Emmanuel Macron au micro de Léa Salamé",
        "Robert Habeck im Gespräch mit Jörg Münchenberg (Deutschlandfunk)",  # made up: outlet
        "Das Gespräch führte Jörg Münchenberg.",  # made up
        "Das Interview führte Anna Beispiel, Deutschlandfunk.",  # made up
        "Die Fragen stellten Anna Beispiel und Ben Muster.",  # made up
        "The interview was conducted by John Smith.",  # made up
    ],
    "login": [
        "In einen existierenden Account Zum Login oder einen neuen Account Registrieren.",  # real (html-de)
        "Registrieren Sie sich jetzt und machen Sie mit: Bewerten Sie Ihre Lieblingsmarken.",  # real (html-de)
        "Bitte loggen Sie sich ein, um den Artikel zu kommentieren.",  # made up
        "You must be logged in to post a comment.",
        "Connectez-vous ou créez un compte pour lire la suite.",
    ],
    "browser": [
        "Für eine bessere Darstellung aktiviere bitte JavaScript in deinem Browser, bevor du fortfährst.",  # real (html-de)
        "Du verwendest einen veralteten Browser.",  # real (html-de)
        "Bitte deaktivieren Sie Ihren Werbeblocker.",  # made up
        "Please enable JavaScript in your browser to view this page.",
        "Veuillez activer JavaScript dans votre navigateur.",
    ],
    "credit": [
        "Pressemitteilungen © ENERTRAG Betrieb GmbH / Fotograf: Jewgeni Roppel 05.12.2022 | Paris (iwr-pressedienst) - Was in Deutschland schon seit diesem Jahr zum Standard gehört, wird ab 2023 auch in Frankreich angeboten.",  # real (html-de)
        "Bildnachweis: Stadtwerke Musterstadt Der neue Bus fährt ab Montag elektrisch.",  # made up
        "Photo credit: Jane Example The new bridge opens on Monday.",
        "Crédit photo : Jean Exemple Le nouveau pont ouvre lundi.",
    ],
    "blog-frame": [
        "Newer Posts Home Subscribe to: Posts (Atom)",  # real (html-de, a blog's footer)
        "KOA039 Live vom KnowledgeCamp 2019 Veröffentlicht am 17. Dezember 2019 von Simon Dückert Auch auf dem KnowledgeCamp haben wir live gepodcastet.",  # real (html-de)
        "Warum auch immer Mit der kostenlosen PocketPC.ch App von meinem HD7 T9292 aus geschrieben.",  # real (html-de, a forum signature)
        "Ältere Beiträge Startseite",  # made up
        "Posted by Jane Example at 10:15 No comments",
        "Envoyé de mon iPhone",
    ],
    "meta-bar": [
        "26 | 01 | 2022 | Schweiz | Praxis | Video | 0 | 337",  # real (html-de)
        "Politik | Inland | 12.03.2025 | Lesezeit 3 Min",  # made up
    ],
}

NEWS = [
    # sentences of the news that share words with the classes: they stay
    "Da habe er aber dazugelernt, sagte sie im Gespräch mit dem RBB-Inforadio.",
    "Der Ticker der Börse zeigte am Mittag ein Minus von drei Prozent.",
    "Das Gesetz wurde am 13. Mai veröffentlicht und tritt im Juni in Kraft.",
    "Der Impfstoff ist ab Montag in allen Apotheken verfügbar.",
    "Die Rede des Präsidenten wurde in zwölf Sprachen übersetzt.",
    "Die Regierung hat einen Fehler gemacht, sagte uns der Minister.",
    "The error rate of the test was reported at five percent.",
    "Le direct de la chaîne a été interrompu par une panne de courant.",
    # ... and of the classes added for html pages
    "Jeder kann seine Daten, weil sie in der Blockchain registriert sind, mitnehmen.",  # real
    "Auf das Konto des kongenialen Duos gehen etwa Willkommen Österreich oder Braunschlag.",  # real
    "Bis einschließlich 9. November registrierte die Bundespolizei 1.246 unerlaubte Einreisen.",  # real
    "Auf dem Foto zu sehen: die neu gewählte Bürgermeisterin von Skopje.",  # real
    "Der Browser-Hersteller Mozilla hat eine neue Version von Firefox veröffentlicht.",
    "The company said its cookies recipe was updated for the holiday season.",
    "Anmeldungen sind bis 15. Februar 2022 möglich.",  # real
    "Die Polizei hat den Blog des Täters am Montag gesperrt, teilte ein Sprecher mit.",
    # ... and of the stamp, availability and interview-credit forms added for #12 item 7
    "Das Gespräch führte zu keiner Einigung.",
    "Die Fragen stellte am Montag der Ausschuss, sagte Müller.",
    "Die Fragen stellten sich nach der Wahl neu.",
    "Bis 2025 soll das Netz überall verfügbar sein.",
    "Stand der Dinge ist, dass die Regierung am 12.03.2024 neu verhandelt.",
    "Die Veröffentlichung am 13.05.2026 war ein Fehler.",
    "The interview was conducted in a hurry, Smith said.",
]


@pytest.mark.parametrize(("cls", "sentence"), [(c, s) for c, ss in CHROME.items() for s in ss])
def test_chrome_sentences_are_classed_and_never_candidates(cls: str, sentence: str) -> None:
    assert chrome_class(sentence) == cls
    assert fragment_reason(sentence, paragraph_index=2) == cls


@pytest.mark.parametrize("sentence", NEWS)
def test_news_sentences_are_not_chrome(sentence: str) -> None:
    assert chrome_class(sentence) == ""


def test_inline_chrome_is_cut_out_of_its_sentence() -> None:
    assert (
        strip_inline_chrome("Die Stadt (öffnet im neuen Fenster) plant neue Radwege.")
        == "Die Stadt plant neue Radwege."
    )
    assert (
        strip_inline_chrome("Die Studie (Öffnet neues Fenster) ist online.")
        == "Die Studie ist online."
    )
    assert (
        strip_inline_chrome("Der Rat tagte bis spät in die Nacht. [mehr]")
        == "Der Rat tagte bis spät in die Nacht."
    )
    assert (
        strip_inline_chrome("Read the report (opens in a new tab) here.") == "Read the report here."
    )
    assert (
        strip_inline_chrome("Lisez le rapport (s'ouvre dans une nouvelle fenêtre) ici.")
        == "Lisez le rapport ici."
    )
    # made up: the hint with "Link", a "more" link with dots or an arrow, "(mehr)" at the end
    assert (
        strip_inline_chrome("Der Bericht (Link öffnet in neuem Fenster) ist online.")
        == "Der Bericht ist online."
    )
    assert strip_inline_chrome("Der Rat tagte bis spät. [Mehr...]") == "Der Rat tagte bis spät."
    assert strip_inline_chrome("The council met late. [more »]") == "The council met late."
    assert strip_inline_chrome("Le conseil a siégé. (lire la suite)") == "Le conseil a siégé."
    assert strip_inline_chrome("Der Rat tagte bis spät. (mehr)") == "Der Rat tagte bis spät."
    # a word in brackets inside a sentence stays
    text = "Sie verdienen (mehr) Geld als im Vorjahr."
    assert strip_inline_chrome(text) == text


def test_ingest_drops_chrome_paragraphs_and_inline_hints() -> None:
    a = Article(
        id="a",
        path="a.txt",
        paragraphs=(
            Paragraph("Die Regierung hat das Gesetz beschlossen (öffnet im neuen Fenster)."),
            Paragraph("Damit beenden wir den Liveblog für heute."),
            Paragraph("Mehr dazu morgen. [mehr]"),
        ),
    )
    assert [p.text for p in clean_chrome(a).paragraphs] == [
        "Die Regierung hat das Gesetz beschlossen.",
        "Mehr dazu morgen.",
    ]


def _article(i: str, *paras: str, teaser: str | None = None) -> Article:
    return Article(
        id=i, path=f"{i}.txt", paragraphs=tuple(Paragraph(p) for p in paras), teaser=teaser
    )


def test_a_summary_never_carries_chrome() -> None:
    a = _article(
        "a",
        "Damit beenden wir den Liveblog für heute. Die EU hat neue Sanktionen gegen Russland beschlossen.",
        "Mit nur zwei Klicks melden Sie den Fehler der Redaktion.",
    )
    got = [s.text for s in summarize_story([a], sentences=3)]
    assert got == ["Die EU hat neue Sanktionen gegen Russland beschlossen."]


def test_a_question_alone_is_never_a_summary() -> None:
    q = "Wie geht es nach dem Anschlag in Magdeburg weiter?"
    a = _article("a", q, "Die Ermittler haben am Morgen die Wohnung des Verdächtigen durchsucht.")
    assert [s.text for s in summarize_story([a], sentences=1)] == [
        "Die Ermittler haben am Morgen die Wohnung des Verdächtigen durchsucht."
    ]
    # only a question in the text: the teaser, else the question (something, not nothing)
    b = _article(
        "b",
        "Was bedeutet die Zinswende für Sparer?",
        teaser="Die EZB hebt den Leitzins um 0,75 Punkte an.",
    )
    got = summarize_story([b], sentences=3)
    assert [(s.text, s.position) for s in got] == [
        ("Die EZB hebt den Leitzins um 0,75 Punkte an.", -1)
    ]
    only_asks = summarize_story(
        [_article("c", "Was bedeutet die Zinswende für Sparer?")], sentences=3
    )
    assert [s.text for s in only_asks] == ["Was bedeutet die Zinswende für Sparer?"]
    # made up: a text of questions only, as plain text (an eval record, a quiz)
    quiz = "Wer zahlt am Ende die Rechnung?\nWas bedeutet das für die Mieter?\nWie geht es weiter?"
    assert summarize_text(quiz, sentences=3) == ["Wer zahlt am Ende die Rechnung?"]
    # the day's budget never leaves a question alone either
    s1 = Sentence(q, q, "a", 0, "de", "de")
    s2 = Sentence(
        "Die Polizei nahm einen Mann fest.", "Die Polizei nahm einen Mann fest.", "a", 1, "de", "de"
    )
    assert apply_budget([[s1, s2]], budget_words=3) == [[s2]]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # real (issue): the same death in other words
        (
            "Nun ist Gail Halvorsen im Alter von 101 Jahren gestorben.",
            "Der 'Rosinenbomber'-Pilot Gail Halvorsen ist tot.",
        ),
        # made up: the same death, the same arrest, in English
        (
            "Der frühere Bürgermeister Hans Muster ist verstorben.",
            "Hans Muster starb am Sonntag im Alter von 88 Jahren.",
        ),
        (
            "Die Polizei nahm in Magdeburg einen Verdächtigen fest.",
            "In Magdeburg nahm die Polizei nach dem Anschlag einen 50-jährigen Verdächtigen fest.",
        ),
        # real (html-de): one opening, told with and without the names around it
        (
            'In Nord wurde am Freitag die neue Spiel- und Freizeitanlage, der "Nordpark" eröffnet.',
            "Gemeinsam mit Kindern der Grundschule eröffnete Oberbürgermeister Kai Buchmann am "
            "vergangenen Freitag die Spiel- und Freizeitanlage „Nordpark“ in Nordhausen-Nord.",
        ),
        # made up: the part of a compound ("Musterstadt-Süd") names the place
        (
            "In Süd wurde am Montag das neue Hallenbad eröffnet.",
            "Bürgermeisterin Anna Beispiel eröffnete am Montag das Hallenbad „Welle“ in "
            "Musterstadt-Süd.",
        ),
        (
            "Former mayor John Example has died.",
            "John Example died on Sunday at the age of 88, his family said.",
        ),
    ],
)
def test_one_fact_in_other_words_is_a_repeat(a: str, b: str) -> None:
    assert same_fact(a, b, "en" if a.startswith("Former") else "de")
    story = [_article("x", a), _article("y", b)]
    assert len(summarize_story(story, sentences=5, language="de")) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Olaf Scholz trifft Emmanuel Macron in Paris.",
            "Olaf Scholz kritisiert Emmanuel Macron wegen der Zölle für Autos aus China.",
        ),
        (
            "Gail Halvorsen flog 1948 Einsätze für die Luftbrücke.",
            "Nun ist Gail Halvorsen im Alter von 101 Jahren gestorben.",
        ),
        (
            "Der Bundestag beschloss das Gesetz am Freitag.",
            "Der Bundestag debattierte am Freitag lange über das Gesetz.",
        ),
        (
            "So arbeitete der Regisseur Klaus Lemke, unangepasst und gegen den Mainstream.",
            "Der Filmemacher Klaus Lemke ist tot.",
        ),
    ],
)
def test_different_facts_about_the_same_names_stay(a: str, b: str) -> None:
    assert not same_fact(a, b)
