"""Market reports and roundups: pages that report a whole field of the day, not one event.

By the labels' rule R6 a daily market report is its own story (the trading day) and a roundup
whose title names no single event too; but their words are those of the stories they mention
(the central bank's decision that moved prices, the decisions of a session), so they joined
those stories: on the labelled days the Wall Street report joined the TUI results, the
DAX report the US jobs report, the Fed report the ECB decision, and the Bundesrat roundup the
NATO ratification. A made-up day checks the class again.
"""

from __future__ import annotations

import datetime as dt

import pytest

import briefing.cluster as cl
from briefing.cluster import cluster_day, standalone_kind
from briefing.models import Article, Paragraph

DAY = dt.date(2024, 3, 14)


def article(aid: str, title: str, text: str, kicker: str | None = None) -> Article:
    return Article(
        id=aid,
        path=f"zeitung.jsonl#{aid}",
        paragraphs=tuple(Paragraph(p) for p in text.split("\n")),
        title=title,
        date=DAY,
        source="zeitung.example",
        kicker=kicker,
    )


ROWS = [
    ("n1", "Norwegens Notenbank erhöht überraschend den Leitzins", "Die norwegische Zentralbank "
     "Norges Bank hat den Leitzins überraschend um einen halben Prozentpunkt auf 4,5 Prozent "
     "angehoben. Notenbankchefin Ida Wolden Bache begründete die Zinserhöhung mit der "
     "hartnäckigen Inflation und der schwachen Krone.\nÖkonomen hatten mit einem kleineren "
     "Zinsschritt gerechnet. Die Krone legte nach der Entscheidung deutlich zu."),
    ("n2", "Oslo kämpft gegen die Inflation", "Mit der kräftigen Zinserhöhung will die Norges "
     "Bank die Inflation in Norwegen bremsen. Die Teuerung liegt seit Monaten über dem Ziel der "
     "Notenbank, die schwache Krone verteuert Importe.\nWolden Bache schloss weitere Zinsschritte "
     "nicht aus. Kreditnehmer in Norwegen müssen sich auf höhere Raten einstellen."),
    ("m1", "Ölaktien ziehen den Leitindex nach oben", "An der Frankfurter Börse hat der DAX am "
     "Donnerstag leicht zugelegt. Die Anleger reagierten gelassen auf die überraschende "
     "Zinserhöhung der norwegischen Notenbank, die Krone legte zu.\nGefragt waren Ölwerte, "
     "nachdem der Ölpreis gestiegen war. Der Leitindex schloss 0,4 Prozent höher bei 17.900 "
     "Punkten."),
    ("r1", "Mietpreisbremse, Tempolimit, Wolfsschutz: Was der Landtag beschlossen hat", "Der "
     "Landtag hat in seiner letzten Sitzung vor der Sommerpause mehrere Gesetze verabschiedet. "
     "Die Mietpreisbremse wird um drei Jahre verlängert, Mieterverbände sind zufrieden.\nVor "
     "Schulen und Kindergärten gilt auf Landstraßen künftig Tempo 30, die Gemeinden stellen die "
     "Schilder bis zum Herbst auf. Der Wolf darf in Ausnahmefällen schneller abgeschossen "
     "werden, wenn er Schafe oder Rinder reißt; Naturschützer protestierten vor dem Parlament.\n"
     "Auch ein neues Feuerwehrgesetz und mehr Geld für die Musikschulen gehörten zu den "
     "Beschlüssen."),
    ("w1", "Landtag verlängert die Mietpreisbremse", "Die Mietpreisbremse gilt drei weitere "
     "Jahre. Der Landtag stimmte der Verlängerung mit den Stimmen der Koalition zu, die "
     "Opposition kritisierte die Mietpreisbremse als wirkungslos, weil Vermieter sie umgehen "
     "könnten.\nMieterverbände begrüßten die Verlängerung der Mietpreisbremse, der Verband der "
     "Haus- und Grundbesitzer kündigte eine Klage vor dem Verfassungsgerichtshof an. In den "
     "Städten des Landes stiegen die Mieten zuletzt um sechs Prozent im Jahr."),
    ("s1", "Neuer Rekord bei Spargelpreisen", "Spargel kostet so viel wie nie, sagen Händler in "
     "Baden. Die Ernte begann wegen des kalten Frühjahrs spät."),
    ("z1", "Zoo Leipzig freut sich über Nachwuchs", "Im Zoo Leipzig ist ein Elefantenkalb "
     "geboren. Mutter und Kind sind wohlauf, teilte der Zoo mit."),
]  # fmt: skip


def groups() -> set[frozenset[str]]:
    return {frozenset(a.id for a in c) for c in cluster_day([article(*r) for r in ROWS])}


def test_market_reports_and_roundups_are_recognised() -> None:
    kinds = {r[0]: standalone_kind(article(*r)) for r in ROWS}
    assert kinds == {"n1": 0, "n2": 0, "m1": 1, "r1": 2, "w1": 0, "s1": 0, "z1": 0}
    # real: the labelled days' Wall Street report (headline, kicker, lead)
    nasdaq = article(
        "x",
        "Apple schiebt die Nasdaq an",
        "Nach den jüngsten Gewinnen ging es "
        "heute an der Wall Street ruhiger zu. Weiter robust präsentierte sich "
        "jedoch die Technologiebörse Nasdaq.",
        kicker="Robuste Wall Street",
    )
    assert standalone_kind(nasdaq) == 1
    # one market word is no market report: a company story that names its index
    appel = article(
        "y",
        "Post-Chef Appel hört 2023 auf",
        "Frank Appel, der älteste amtierende "
        "Vorstandschef eines DAX-Konzerns, will seinen Posten 2023 räumen.",
    )
    assert standalone_kind(appel) == 0
    assert standalone_kind(article("z", "§219a, BAföG, NATO - was entschieden wurde", "")) == 2
    # a headline with commas that lists no items before a dash or colon
    assert standalone_kind(article("v", "Er kam, sah und siegte", "Ein Märchen.")) == 0


def test_a_market_report_and_a_roundup_stay_their_own_stories() -> None:
    found = groups()
    assert frozenset({"n1", "n2"}) in found
    assert frozenset({"m1"}) in found and frozenset({"r1"}) in found


@pytest.mark.parametrize(("report", "story"), [("m1", {"n1", "n2"}), ("r1", {"w1"})])
def test_without_the_damping_they_join_a_story_they_mention(
    monkeypatch: pytest.MonkeyPatch, report: str, story: set[str]
) -> None:
    monkeypatch.setattr(cl, "STANDALONE_DAMP", 1.0)
    assert frozenset({report, *story}) in groups()
