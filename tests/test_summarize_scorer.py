"""The learned default scorer: shipped weights, the refit script, standfirsts, no glued lines."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

from briefing.models import Article, Paragraph
from briefing.summarize import select_lead_length, summarize_story, summarize_text, text_to_article
from briefing.summarize._candidates import candidates, lead_lines
from briefing.summarize._scorer import FEATURES, scores
from briefing.summarize._select import drop_repeats, rank_default, rank_lead
from briefing.summarize._weights import WEIGHTS

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "fit_sentence_scorer.py"

STORY = (
    "Schwimmbad in Talheim öffnet nach zwei Jahren Umbau wieder\n"
    "Von Jana Beispiel\n"
    "Das Hallenbad in Talheim ist nach zwei Jahren Umbau am Samstag wieder eröffnet worden. "
    "Die Sanierung kostete die Gemeinde rund 4,2 Millionen Euro, mehr als zunächst geplant. "
    "Bürgermeisterin Petra Lang sprach bei der Eröffnung von einem Tag der Freude. "
    "Schon am ersten Tag kamen mehr als 600 Besucher in das neue Bad. "
    "Die Eintrittspreise bleiben nach Angaben der Stadtwerke vorerst unverändert. "
    "Ein neues Kursprogramm für Kinder beginnt im Oktober."
)


def test_shipped_weights_fit_the_features() -> None:
    assert len(WEIGHTS) == len(FEATURES) + 1
    assert all(isinstance(w, float) for w in WEIGHTS)


def test_shipped_coefficients_rank_a_made_up_report_sensibly() -> None:
    # class: a news report whose lead tells the news and whose tail is a dangling aside
    text = (
        "Die Stadtwerke Kassel senken zum 1. März die Strompreise um acht Prozent.\n"
        "Ein Haushalt mit 3000 Kilowattstunden spart damit rund 90 Euro im Jahr.\n"
        "Der Vorstand begründete den Schritt mit gesunkenen Einkaufspreisen an der Börse.\n"
        "Dort ist es am Nachmittag oft ruhig, sagte jemand.\n"
        "Das sei aber eigentlich nicht so wichtig, hieß es dazu noch."
    )
    usable = drop_repeats(candidates([text_to_article(text)], "de"))
    got = scores(usable)
    assert len(got) == len(usable) == 5
    ranked = rank_default(usable)
    assert ranked[0].position == 0  # the lead tells the news
    assert {c.position for c in ranked[-2:]} == {3, 4}  # the vague asides come last


def test_three_sentences_in_reading_order_and_no_longer_than_the_lead() -> None:
    got = summarize_text(STORY, sentences=3)
    assert len(got) == 3
    assert [STORY.index(s) for s in got] == sorted(STORY.index(s) for s in got)
    body = STORY.split("\n", 2)[2]
    lead3_words = sum(len(s.split()) for s in body.split(". ")[:3])
    assert sum(len(s.split()) for s in got) <= lead3_words + 5


def test_heading_and_byline_are_never_glued_to_a_sentence() -> None:
    for sentence in summarize_text(STORY, sentences=5):
        assert "Umbau wieder Das" not in sentence and "Beispiel Das" not in sentence
        assert not sentence.startswith("Von Jana")  # a byline is never a summary sentence


def test_a_top_standfirst_without_a_full_stop_is_kept() -> None:
    text = (
        "Mehr Geld für die Kitas im Landkreis: Der Kreistag beschließt ein neues Förderprogramm\n"
        "Der Kreistag hat am Montag ein Förderprogramm für Kindertagesstätten beschlossen. "
        "Es umfasst zwölf Millionen Euro über drei Jahre. "
        "Die Träger können ab Januar Anträge stellen. "
        "Kritik kam von der Opposition, die das Programm für zu klein hält."
    )
    got = summarize_text(text, sentences=3)
    assert got[0].startswith("Mehr Geld für die Kitas im Landkreis")


def test_refit_script_fits_and_writes_weights(tmp_path: Path, monkeypatch) -> None:
    records = [
        {"id": i, "text": STORY.split("\n", 2)[2], "reference": "Das Hallenbad ist wieder offen."}
        for i in range(8)
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    out = tmp_path / "_weights.py"
    monkeypatch.setattr(sys, "argv", ["fit", str(data), "--write", str(out)])
    try:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    except SystemExit as exc:
        assert exc.code == 0
    namespace = runpy.run_path(str(out))
    assert len(namespace["WEIGHTS"]) == len(FEATURES) + 1


def test_a_short_standfirst_sentence_under_the_headline_is_kept() -> None:
    # class: headline line, then a one-sentence standfirst that is a real sentence (the teaser)
    text = (
        "Zweite Brücke für Halle\n"
        "Die Stadt baut eine neue Saalebrücke.\n"
        "Der Stadtrat hat am Dienstag den Bau einer zweiten Brücke über die Saale beschlossen. "
        "Sie soll 30 Millionen Euro kosten und 2029 fertig sein. "
        "Die Arbeiten beginnen im Frühjahr mit dem Abriss einer alten Lagerhalle. "
        "Anwohner hatten jahrelang über Staus in der Innenstadt geklagt."
    )
    got = summarize_text(text, sentences=3)
    assert got[0] == "Die Stadt baut eine neue Saalebrücke."
    assert all(not s.startswith("Zweite Brücke für Halle") for s in got)  # no glued headline


def test_dateline_and_section_label_are_never_glued_to_the_lead() -> None:
    # class: a section label and a dateline line above the first sentence of a report
    text = (
        "Wirtschaft\n"
        "Hamburg -\n"
        "Die Reederei Nordlicht stellt 400 neue Seeleute ein. "
        "Grund ist die Übernahme von sechs Frachtern aus Dänemark. "
        "Die Gewerkschaft begrüßte die Entscheidung ausdrücklich."
    )
    got = summarize_text(text, sentences=3)
    assert got[0] == "Die Reederei Nordlicht stellt 400 neue Seeleute ein."
    assert not any("Wirtschaft" in s or "Hamburg -" in s for s in got)


def _report(aid: str, texts: list[str]) -> Article:
    return Article(id=aid, path=aid, paragraphs=tuple(Paragraph(t) for t in texts), language="de")


def test_length_matches_the_lead_of_as_many_sentences() -> None:
    # class: a report whose later sentence is long and full of names and figures (what a scorer
    # likes): the summary still has at most the lead's words and at most the sentences asked for
    long = (
        "Nach Angaben von Innenministerin Klara Weiß, Polizeipräsident Jonas Brandt und dem "
        "Landrat des Kreises Lüneburg, Peter Sommer, waren am Samstag 1200 Einsatzkräfte aus "
        "Niedersachsen, Hamburg und Schleswig-Holstein mit 300 Fahrzeugen im Einsatz."
    )
    body = [
        "Ein Großbrand hat in Lüneburg eine Lagerhalle zerstört.",
        "Verletzt wurde niemand.",
        "Die Feuerwehr löschte bis zum Abend.",
        long,
    ]
    usable = drop_repeats(candidates([_report("a", body)], "de"))
    lead_words = sum(c.n_words for c in rank_lead(usable)[:3])
    ranked = sorted(usable, key=lambda c: -c.n_words)  # the long sentence ranked first
    chosen = select_lead_length(ranked, 3)
    assert 1 <= len(chosen) <= 3
    assert sum(c.n_words for c in chosen) <= lead_words
    got = summarize_story([_report("a", body)], sentences=3)
    assert len(got) <= 3
    assert sum(len(s.text.split()) for s in got) <= lead_words
    assert got[0].text == body[0]


def test_headline_overlap_reads_the_title_or_the_first_line() -> None:
    # class: a title given by the input, and plain text whose first line is the headline
    titled = Article(
        id="t",
        path="t",
        title="Fähre nach Helgoland fällt aus",
        paragraphs=(Paragraph("Die Fähre nach Helgoland fällt wegen Sturm bis Freitag aus."),),
        language="de",
    )
    (cand,) = candidates([titled], "de")
    assert cand.headline and cand.headline <= cand.stems
    plain = text_to_article("Fähre fällt aus\nDie Fähre nach Helgoland fällt wegen Sturm aus.")
    first, second = candidates([plain], "de")
    assert not first.headline  # the headline line does not match itself
    assert second.headline and second.headline & second.stems


def _page(title: str, blocks: list[tuple[str, bool]]) -> Article:
    paragraphs = tuple(Paragraph(text, heading=heading) for text, heading in blocks)
    return Article(id="p", path="p", paragraphs=paragraphs, title=title, language="de")


def test_a_standfirst_marked_as_a_heading_above_the_body_competes() -> None:
    # class: the page marks its standfirst up as a heading above the body (real: nachrichten.at,
    # kicker, title, then "Krebskongress in Linz über Schul- und Komplementärmedizin." as h2)
    real = _page(
        'Was bringen "alternative" Therapien bei Krebs?',
        [
            ("Gesundheit", True),
            ('Was bringen "alternative" Therapien bei Krebs?', True),
            ("Krebskongress in Linz über Schul- und Komplementärmedizin.", True),
            ("Krebspatienten bedienen sich oft komplementärmedizinischer Methoden.", False),
            ("Darüber diskutieren Experten seit gestern bei einem Kongress in Linz.", False),
        ],
    )
    texts = [c.text for c in candidates([real], "de") if not c.fragment]
    assert texts[0] == "Krebskongress in Linz über Schul- und Komplementärmedizin."
    assert not any("Was bringen" in t or t == "Gesundheit" for t in texts)  # title, kicker
    # made up: a kicker glued to the title (still the title), a standfirst heading without a
    # stop, a byline heading, and a section heading further down that never competes
    made_up = _page(
        "Hafen Kiel – Neue Fähre nach Oslo",
        [
            ("Hafen KielNeue Fähre nach Oslo", True),
            (
                "Die Reederei Nordlicht verbindet Kiel ab Mai täglich mit der norwegischen Hauptstadt",
                True,
            ),
            ("Von Jana Beispiel", True),
            ("Die neue Fähre bietet Platz für 2000 Fahrgäste und 500 Autos.", False),
            ("Was die Fahrt kosten soll", True),
            ("Ein Ticket kostet in der Hauptsaison 120 Euro pro Person.", False),
        ],
    )
    cands = [c for c in candidates([made_up], "de") if not c.fragment]
    assert [c.top_heading for c in cands] == [True, False, False]
    assert cands[0].text.startswith("Die Reederei Nordlicht verbindet Kiel")
    assert "Was die Fahrt kosten soll" not in [c.text for c in cands]
    got = [s.text for s in summarize_story([made_up], sentences=2)]
    assert got[0].startswith("Die Reederei Nordlicht verbindet Kiel")


def test_a_page_that_opens_with_short_lines_gets_a_summary_that_short() -> None:
    # class: a page whose top is a kicker, a short headline and a one-sentence standfirst (what
    # its publisher's teaser is): the summary is no longer than those first three lines (Lead-3's
    # length), not the standfirst and two long body sentences after it
    text = (
        "Verkehr\n"
        "Neue Buslinie für Sulzbach\n"
        "Ab Montag fährt der Bus alle zwanzig Minuten bis zum Bahnhof.\n"
        "Die Verkehrsgesellschaft des Kreises hat nach monatelangen Verhandlungen mit der "
        "Gemeinde und dem Land eine neue Linie zwischen dem Ortskern und dem Bahnhof eingerichtet. "
        "Nach Angaben des Landrats Bernd Kühn kostet der Betrieb jährlich rund 800.000 Euro, die "
        "sich Kreis, Gemeinde und Land in den kommenden fünf Jahren zu gleichen Teilen teilen. "
        "Fahrgäste können alle Tickets des Verbunds nutzen, auch das Deutschlandticket."
    )
    got = summarize_text(text, sentences=3)
    top_words = sum(len(line.split()) for line in text.split("\n")[:3])
    assert got[0] == "Ab Montag fährt der Bus alle zwanzig Minuten bis zum Bahnhof."
    assert sum(len(s.split()) for s in got) <= top_words


def test_a_short_sentence_inside_a_paragraph_takes_no_line_of_the_lead() -> None:
    # class: running prose with a short sentence ("Verletzt wurde niemand."), which never
    # competes: the lead's length is that of the first three sentences that can
    article = text_to_article(
        "Ein Feuer hat am Morgen eine Scheune in Brackwede zerstört. Verletzt wurde niemand. "
        "Die Feuerwehr war mit vierzig Kräften vor Ort. Die Ursache ist noch unklar.\n"
        "Kurz notiert\n"
        "Der Schaden wird auf 200.000 Euro geschätzt."
    )
    lines = lead_lines(candidates([article], "de"), 3)
    assert [c.text for c in lines] == [
        "Ein Feuer hat am Morgen eine Scheune in Brackwede zerstört.",
        "Die Feuerwehr war mit vierzig Kräften vor Ort.",
        "Die Ursache ist noch unklar.",
    ]
    # a short line of its own (a kicker, a label) is a line of the page's top
    kicker = text_to_article("Kurz notiert\n" + article.paragraphs[0].text)
    assert lead_lines(candidates([kicker], "de"), 1)[0].text == "Kurz notiert"


def test_a_story_of_several_reports_is_as_long_as_their_first_sentences() -> None:
    # class: a story of several pages, each opening with its headline line: their headlines
    # are no yardstick (three of them leave room for one sentence); the length is the reports'
    # first sentences, round robin
    reports = [
        _report(
            "a",
            [
                "Sturm über Kiel",
                STORM[0],
                "Verletzt wurden nach Angaben der Polizei drei Menschen.",
            ],
        ),
        _report(
            "b",
            ["Orkan in Kiel", STORM[1], "Auch mehrere Fähren nach Skandinavien blieben im Hafen."],
        ),
        _report(
            "c",
            ["Kiel räumt auf", STORM[2], "Die Aufräumarbeiten sollen bis Ende der Woche dauern."],
        ),
    ]
    got = [s.text for s in summarize_story(reports, sentences=3)]
    assert len(got) == 3
    assert sum(len(s.split()) for s in got) <= sum(len(s.split()) for s in STORM)


STORM = [
    "Ein Orkan hat am Montag in Kiel Dächer abgedeckt und Bäume entwurzelt, die Feuerwehr rückte "
    "mehr als 300 Mal aus.",
    "Der Zugverkehr zwischen Kiel und Hamburg war nach dem Sturm bis zum Abend unterbrochen, "
    "meldete die Bahn.",
    "Die Stadt Kiel beziffert die Schäden des Orkans vom Montag auf mehrere Millionen Euro.",
]
