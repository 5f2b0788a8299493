"""News above sport, service items and features; German/EU policy news first (made-up items)."""

from __future__ import annotations

import datetime as dt

from briefing.config import Settings
from briefing.models import Article, Paragraph, Story
from briefing.rank import rank_stories
from briefing.sections import (
    FEATURE,
    NEWS,
    POLICY,
    SERVICE,
    SPORT,
    article_section,
    decision_evidence,
    story_decided,
    story_section,
)


def art(aid: str, title: str, lead: str, kicker: str | None = None, url: str | None = None,
        opinion: bool = False) -> Article:  # fmt: skip
    return Article(
        id=aid,
        path=f"{aid}.json#1",
        paragraphs=(Paragraph(lead),),
        title=title,
        kicker=kicker,
        url=url,
        opinion=opinion,
        date=dt.date(2024, 5, 2),
        source="example.org",
    )


def test_classes_from_url_kicker_headline_and_lead() -> None:
    match = art("m", "Leipzig dreht das Spiel", "RB Leipzig gewinnt 2:1 (0:1) gegen Mainz.",
                kicker="Bundesliga")  # fmt: skip
    assert article_section(match) == SPORT
    by_url = art("u", "Ein Abend zum Vergessen", "Die Gäste verloren deutlich.",
                 url="https://news.example/sport/fussball/abend-100.html")  # fmt: skip
    assert article_section(by_url) == SPORT
    recipe = art("r", "Spargel mit Kräuterbutter", "Ein Rezept für vier Personen.", kicker="Rezept")
    assert article_section(recipe) == SERVICE
    lotto = art("l", "Die Lottozahlen vom Mittwoch", "Die Gewinnzahlen: 3, 9, 17, 22, 31, 44.")
    assert article_section(lotto) == SERVICE
    essay = art("e", "Warum uns Brücken fehlen", "Ein Land vertagt seine Zukunft.", opinion=True)
    assert article_section(essay) == FEATURE
    law = art(
        "g", "Bundestag beschließt Heizungsgesetz", "Der Bundestag hat das Gesetz beschlossen."
    )
    assert article_section(law) == POLICY
    quake = art("q", "Erdbeben erschüttert Küste", "Ein Beben der Stärke 6,1 traf die Region.")
    assert article_section(quake) == NEWS
    # a common word that names a section counts only in a URL path or kicker
    assert (
        article_section(art("w", "Was wir wissen", "Wir wissen noch wenig über das Beben.")) == NEWS
    )


def test_cue_words_count_as_heads_of_closed_compounds() -> None:
    """Class: German compounds whose head is a cue word ("Wirtschaftsminister",
    "Energiesicherungsgesetz", "Bundestrainer", "Spartipps"). A teaser has no section and one
    sentence: its kicker and headline name the class only through such compounds (the real
    example: 2022-07-08's teaser kicked "Energiesicherungsgesetz"; made-up ones here)."""
    law = art("k", "Länder stimmen zu", "Die Länderkammer gab grünes Licht.",
              kicker="Heizungsgesetz")  # fmt: skip
    assert article_section(law) == POLICY
    minister = art("f", "Finanzministerin legt Etat vor", "Die Finanzministerin will sparen.")
    assert article_section(minister) == POLICY
    coach = art("t", "Cheftrainer muss gehen", "Der Cheftrainer wurde beurlaubt.")
    assert article_section(coach) == SPORT
    tips = art("s", "Spartipps für den Winter", "Zehn Heiztipps für Mieter.")
    assert article_section(tips) == SERVICE
    # a word that only ends like a cue is no cue: "Bürgermeister" names no sport, a state's
    # "Ministerpräsident" is no federal policy cue, a word that starts with one neither
    mayor = art("b", "Bürgermeister eröffnet Brücke", "Der Bürgermeister sprach von Glück.")
    assert article_section(mayor) == NEWS
    state = art("p", "Ministerpräsident besucht Werft", "Der Ministerpräsident lobte die Werft.")
    assert article_section(state) == NEWS
    assert article_section(art("z", "Gesetzeslücke bei Drohnen", "Drohnen fliegen frei.")) == NEWS


def test_story_class_from_evidence_over_its_articles() -> None:
    law = art("g", "Bundesrat billigt Heizungsgesetz", "Der Bundesrat stimmte dem Gesetz zu.")
    side = art("s", "Was Hausbesitzer jetzt tun", "Viele Eigentümer sind verunsichert.")
    assert story_section([law, side]) == POLICY  # 4 + 0 over two articles: mean 2
    one_match = art("m", "Derby endet 1:1 (0:0)", "Im Derby fielen spät die Tore.")
    plain = [
        art(f"n{k}", "Ein Beben der Stärke 6", "Die Region ist erschüttert.") for k in range(3)
    ]
    assert story_section([*plain, one_match]) == NEWS
    assert story_section([]) == NEWS


def test_news_ranks_above_sport_and_service_of_the_same_size() -> None:
    stories = [
        Story(
            id="a-sport",
            articles=(
                art(
                    "m",
                    "Leipzig dreht das Spiel",
                    "RB Leipzig gewinnt 2:1 (0:1) gegen Mainz.",
                    kicker="Bundesliga",
                ),
            ),
        ),
        Story(
            id="b-service",
            articles=(
                art(
                    "r",
                    "Spargel mit Kräuterbutter",
                    "Ein Rezept für vier Personen.",
                    kicker="Rezept",
                ),
            ),
        ),
        Story(
            id="c-news",
            articles=(
                art("q", "Erdbeben erschüttert Küste", "Ein Beben der Stärke 6,1 traf die Region."),
            ),
        ),
        Story(
            id="d-policy",
            articles=(
                art(
                    "g",
                    "Bundestag beschließt Heizungsgesetz",
                    "Der Bundestag hat das Gesetz beschlossen.",
                ),
            ),
        ),
    ]
    ranked = [s.id for s in rank_stories(stories, Settings())]
    assert ranked == ["d-policy", "c-news", "a-sport", "b-service"]


def test_policy_weight_grows_with_the_story() -> None:
    """Class: German/EU policy news, the desk's first priority ahead of scale (made-up items).

    A four-report policy story leads a six-report news story; one policy item, known from its
    cue words alone (a debate, no decision), does not lead a news story of two reports."""
    from briefing.rank import class_weight

    def reports(prefix: str, n: int, title: str, lead: str) -> tuple[Article, ...]:
        return tuple(art(f"{prefix}{k}", f"{title} ({k})", lead) for k in range(n))

    law = reports("g", 4, "Bundesrat billigt Rentengesetz", "Der Bundesrat stimmte dem Gesetz zu.")
    storm = reports("q", 6, "Sturmflut an der Küste", "Das Hochwasser traf drei Häfen.")
    assert story_section(law) == POLICY and story_section(storm) == NEWS
    big = rank_stories(
        [Story(id="a-news", articles=storm), Story(id="b-law", articles=law)], Settings()
    )
    assert [s.id for s in big] == ["b-law", "a-news"]
    debate = reports("d", 1, "Streit um das Rentengesetz", "Die Koalition ringt um die Rente.")
    assert story_section(debate) == POLICY and not story_decided(debate)
    small = rank_stories(
        [Story(id="a-law", articles=debate), Story(id="b-news", articles=storm[:2])], Settings()
    )
    assert [s.id for s in small] == ["b-news", "a-law"]
    # the bonus grows with the texts (the flat +1 of before let six news reports lead)
    assert class_weight(POLICY, 4) - class_weight(POLICY, 1) > 1.0


def test_a_teasers_lead_cue_counts_as_a_headline_cue() -> None:
    """Class: RSS teasers (a headline and a sentence or two, no section, no kicker). Their one
    sentence states the subject as a headline does, so a cue there weighs a headline cue; in a
    long article's lead the same cue weighs less. Made-up items; the real case is the teaser
    days' "Lawrow verlässt G20-Treffen vorzeitig" ("... Außenminister ...")."""
    teaser = art("t", "Mehr Geld für Pendler",
                 "Das Kabinett hat am Mittwoch eine höhere Pauschale beschlossen.")  # fmt: skip
    assert story_section([teaser]) == POLICY
    filler = " Die Reaktionen fielen gemischt aus, viele Fragen bleiben noch offen." * 8
    article = art("a", "Mehr Geld für Pendler",
                  "Das Kabinett hat am Mittwoch eine höhere Pauschale beschlossen." + filler)  # fmt: skip
    assert story_section([article]) == NEWS
    real = art("l", "Lawrow verlässt G20-Treffen vorzeitig",
               "Russlands Außenminister Lawrow hat das Treffen auf Bali vorzeitig verlassen.")  # fmt: skip
    assert story_section([real]) == POLICY


def test_offices_only_foreign_governments_have_are_no_policy_cue() -> None:
    """Class: titles of foreign heads of government built on a policy head ("Premierminister",
    as "Ministerpräsident" is no federal cue); a German or EU minister stays a cue."""
    pm = art(
        "p", "Premierministerin kündigt Neuwahl an", "Die Premierministerin löst das Parlament auf."
    )
    assert article_section(pm) == NEWS
    uk = art("u", "Truss stellt Entlastung vor",
             "Die britische Premierministerin Truss deckelt die Energiepreise.")  # fmt: skip
    assert story_section([uk]) == NEWS
    fm = art("f", "Außenministerin reist nach Kiew", "Die Außenministerin sagte Hilfe zu.")
    assert article_section(fm) == POLICY


def test_a_decision_taken_leads_policy_debate_of_the_same_size() -> None:
    """Class: policy news that reports a decision taken (a vote, a law passed, an election, a
    ruling, a rate decision), the thing a policy desk must act on, against debate, demands and
    plans of the same size (the teaser day's "Bundesrat stimmt für Gas-Schutzschirm" and "EZB
    beschließt historische Zinserhöhung"; made-up items here, German, English and French). A
    single decided item also leads two reports of plain news; a negated decision is none."""
    passed = art("p", "Landtag stimmt für Ladenschluss", "Die Länderkammer folgte dem Kabinett.",
                 kicker="Ladenschlussgesetz")  # fmt: skip
    talk = art("t", "Streit um Ladenschlussgesetz", "Die Koalition ringt weiter um die Regeln.")
    rate = art("r", "Notenbank in der Zwickmühle",
               "Die EZB erhöht den Leitzins um einen halben Punkt.")  # fmt: skip
    senate = art("s", "Senate passes budget bill", "The minister welcomed the vote.")
    vote = art("v", "L'Assemblée adopte la loi", "Le gouvernement salue le vote des députés.")
    adopted = art("w", "Parliament adopted the housing act", "The minister welcomed it.")
    voted = art("x", "Les sénateurs ont voté la réforme", "Le ministre salue le texte.")
    pending = art("n", "Bundestag: Heizungsgesetz noch nicht beschlossen",
                  "Die Koalition vertagt das Gesetz.")  # fmt: skip
    for a in (passed, rate, senate, vote, adopted, voted):
        assert decision_evidence(a) >= 2, a.title
        assert story_decided([a]), a.title
    assert not story_decided([talk]) and not story_decided([pending])
    # half the reports naming the decision in their headline make a story decided
    assert story_decided([passed, talk]) and not story_decided([passed, talk, talk])
    news = tuple(art(f"q{k}", "Sturmflut an der Küste", "Das Wasser stieg.") for k in range(2))
    ranked = rank_stories(
        [
            Story(id="a-debate", articles=(talk,)),
            Story(id="b-news", articles=news),
            Story(id="c-decided", articles=(passed,)),
        ],
        Settings(),
    )
    assert [s.id for s in ranked] == ["c-decided", "b-news", "a-debate"]


def test_inflected_cue_words_are_cues() -> None:
    """Class: German cue words in their genitive and plural forms ("des Vizekanzlers",
    "Staatshilfen", "den Bundesländern", "Trainern"): the same cue as the base form; a longer
    word that only starts like one ("Gesetzeslücke") still is none (made-up items)."""
    vice = art("v", "Druck auf den Stern des Vizekanzlers", "Die Kritik wächst.")
    aid = art("a", "Werft hofft auf Staatshilfen", "Die Werft braucht Geld.")
    coaches = art("c", "Streit unter Trainern", "Zwei Cheftrainern droht das Aus.")
    assert story_section([vice]) == POLICY
    assert story_section([aid]) == POLICY
    assert story_section([coaches]) == SPORT
    assert article_section(art("z", "Gesetzeslücke bei Drohnen", "Drohnen fliegen frei.")) == NEWS


def test_foreign_policy_vocabulary_is_policy() -> None:
    """Class: foreign and security policy told without a minister or institution: diplomacy,
    sanctions, embargoes ("diplomatischer Boykott der Spiele", "neue Sanktionen gegen ...";
    made-up items). Plain foreign news without them stays news."""
    boycott = art("b", "Auch Kanada bleibt den Spielen fern",
                  "Kanada schließt sich dem diplomatischen Boykott der Winterspiele an.")  # fmt: skip
    sanctions = art("s", "Neue Sanktionen gegen Reederei", "Die Flotte darf nicht mehr auslaufen.")
    embargo = art("e", "Embargo trifft Ölexporte", "Die Tanker bleiben im Hafen.")
    assert story_section([boycott]) == POLICY
    assert story_section([sanctions]) == POLICY
    assert story_section([embargo]) == POLICY
    fire = art("f", "Waldbrand in Kanada", "Die Feuerwehr kämpft gegen die Flammen.")
    assert story_section([fire]) == NEWS
