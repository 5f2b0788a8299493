"""What kind of item a story is: policy news, other news, sport, service or feature.

A desk puts news above sport, service items (guides, recipes, lottery numbers) and features
(analysis, commentary, portraits), and a German policy desk puts news with consequences for
German and European policy first. Each class has cue words; the evidence of an article is
where its cues stand: a URL path segment (``/sport/``) counts most, then the kicker (the label
above the headline: "Analyse", "Kommentar"), then the headline, then the first paragraph; the
``opinion`` flag of ingest counts as a feature cue. The class with the strongest evidence wins
when it reaches ``MIN_EVIDENCE``; otherwise the item is plain news. A story's class is the one
with the strongest mean evidence over its articles (``story_section``). See ``docs/ranking.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Article

__all__ = [
    "FEATURE",
    "NEWS",
    "POLICY",
    "SERVICE",
    "SPORT",
    "article_section",
    "decision_evidence",
    "evidence",
    "story_decided",
    "story_section",
]  # fmt: skip

NEWS = "news"
POLICY = "policy"  # news with consequences for German or European policy
SPORT = "sport"
SERVICE = "service"
FEATURE = "feature"

W_URL = 4.0
W_KICKER = 3.0
W_TITLE = 2.0
W_LEAD = 1.0
MIN_EVIDENCE = 3.0  # one cue in the kicker, or one in the headline and one in the lead
TEASER_WORDS = 60  # a text this short is a teaser: its lead cue counts as a headline cue
STORY_EVIDENCE = 2.0  # mean evidence per article a story needs for a class (a headline cue)
DECISION_EVIDENCE = 1.0  # mean decision evidence a policy story needs to count as decided

# Cue words per class, lower case, matched as whole words or word starts ("bundesliga" also
# matches "Bundesliga-Spiel"). German first, English and French where a feed may use them.
CUES: dict[str, tuple[str, ...]] = {
    SPORT: (
        "sport", "fußball", "fussball", "bundesliga", "champions league", "europa league",
        "spieltag", "torschütze", "elfmeter", "halbzeit", "achtelfinale", "viertelfinale",
        "halbfinale", "trainer", "tabellenführer", "weltcup", "formel 1", "grand prix",
        "tennis", "handball", "eishockey", "basketball", "biathlon", "skispringen", "dfb",
        "fifa", "uefa", "football", "soccer", "premier league", "match", "olympiasieger",
    ),
    SERVICE: (
        "ratgeber", "verbraucher", "rezept", "rezepte", "tipps", "tipp", "lottozahlen",
        "gewinnzahlen", "lotto", "horoskop", "gutschein", "checkliste", "so gehen sie",
        "was sie wissen müssen", "stiftung warentest", "angebote", "kaufberatung",
        "how to", "recipe", "recette", "conseils",
    ),
    FEATURE: (
        "analyse", "kommentar", "meinung", "kolumne", "interview", "porträt", "portrait",
        "reportage", "essay", "rezension", "glosse", "feuilleton", "analysis", "opinion",
        "review", "éditorial", "tribune",
    ),
    POLICY: (
        "bundestag", "bundesrat", "bundesregierung", "bundeskanzler", "kanzler", "kanzlerin",
        "kanzleramt", "bundesminister", "ministerin", "minister", "ministerium", "koalition",
        "ampel", "gesetz", "gesetzentwurf", "kabinett", "regierungssprecher", "eu", "ezb",
        "eu-kommission", "europäische union", "europäische zentralbank", "leitzins",
        "bundesverfassungsgericht", "bundesländer", "innenpolitik", "staatshilfe",
        "bundesbank", "nato",
        # foreign and security policy, the desk's as much as a minister's ("diplomatischer
        # Boykott", "EU-Sanktionen", "Embargo", "Außenpolitik")
        "diplomatisch", "diplomatie", "außenpolitik", "sanktion", "embargo",
    ),
}  # fmt: skip
# Cue words that also count as the head of a closed German compound: "Wirtschaftsminister",
# "Infektionsschutzgesetz", "Vizekanzler", "Außenministerium" name the class as the bare word
# does. Only heads that no word of another class ends in ("Bürgermeister" is why "meister"
# is none; "Ministerpräsident" is a state's or a foreign head of government, so no head).
COMPOUND_HEADS: dict[str, tuple[str, ...]] = {
    SPORT: ("trainer", "liga", "weltmeister", "europameister", "meisterschaft", "turnier"),
    SERVICE: ("rezepte", "tipps", "ratgeber"),
    FEATURE: ("kommentar", "kolumne"),
    POLICY: (
        "minister", "ministerin", "ministerium", "gesetz", "gesetzes", "gesetzentwurf",
        "kanzler", "kanzlerin", "koalition",
    ),
}  # fmt: skip
# Compounds of a head that name an office no German or EU government has: a British or
# Italian "Premierministerin" is a foreign head of government, as "Ministerpräsident" is.
FOREIGN_OFFICES: dict[str, tuple[str, ...]] = {POLICY: ("premierminister",)}
# Section names that are common words in running text: evidence only in a URL path or kicker.
SECTION_CUES: dict[str, tuple[str, ...]] = {
    SPORT: ("sport", "sports"),
    SERVICE: ("service", "leben", "familie", "reise", "gesundheit"),
    FEATURE: ("kultur", "wissen", "hintergrund", "panorama", "kommentare", "meinung", "culture"),
    POLICY: ("inland", "innenpolitik", "wirtschaft", "politik", "deutschland", "europa"),
}  # fmt: skip


_INFLECTION = r"(?:e|s|es|n|en|nen)?"


def _pattern(cues: Sequence[str], heads: Sequence[str] = ()) -> re.Pattern[str]:
    # whole words, or the first part of a hyphenated compound ("Bundesliga-Spiel"); a head
    # also at the end of a closed or hyphenated compound ("Finanzminister", "Corona-Gesetz")
    # German nouns inflect: a cue's genitive and plural forms are the cue ("des Kanzlers",
    # "Staatshilfen", "Ministerien" no, "Koalitionen", "Gesetze", "Trainern")
    alternatives = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    words = r"(?<![\w-])(?:" + alternatives + r")" + _INFLECTION + r"(?![^\W\d_])"
    if heads:
        ends = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
        words += r"|(?<![\w-])[^\W\d_][\w-]*?(?:" + ends + r")" + _INFLECTION + r"(?![^\W\d_])"
    return re.compile(words, re.IGNORECASE)


_PATTERNS = {cls: _pattern(cues, COMPOUND_HEADS[cls]) for cls, cues in CUES.items()}
_SECTION_PATTERNS = {
    cls: _pattern(CUES[cls] + SECTION_CUES[cls], COMPOUND_HEADS[cls]) for cls in CUES
}
# A match result ("3:0 (2:0)", "2:1 n.V.") is sport evidence in a headline or lead.
_SCORE_RE = re.compile(r"(?<![\d:.])\d{1,2}:\d{1,2}(?:\s*\(\d{1,2}:\d{1,2}\))(?![\d:])")


# A decision taken: a vote, a law passed, an election or appointment, a ruling, an agreement,
# a rate decision ("Bundestag beschließt", "Bundesrat stimmt für", "EZB erhöht den Leitzins",
# "Senate passes", "l'Assemblée adopte"). Inside a policy story it marks what the desk must act
# on, as against debate, demands and plans of the same size. A negated decision ("nicht
# beschlossen", "keine Einigung") is none; "verabschiedet" is left out (as often a farewell).
_DECISION_RE = re.compile(
    r"(?<![\w-])(?<!nicht )(?<!keine )(?<!kein )(?<!no )(?:"
    r"beschlie(?:ß|ss)(?:t|en)|beschlo(?:ss|ß)(?:en)?|"
    r"billig(?:t|en)|gebilligt|stimm(?:t|en) (?:für|zu|dem|der|den)|zugestimmt|"
    r"ratifizier(?:t|en)|gewählt|vereidigt|ernenn(?:t|en)|ernannt|einig(?:t|en) sich|"
    r"geeinigt|einigung|tritt in kraft|treten in kraft|in kraft getreten|kipp(?:t|en)|gekippt|"
    r"entscheide(?:t|n)|entschieden|beschluss|zinserhöhung|zinssenkung|zinsschritt|"
    r"(?:erhöh|senk)(?:t|en) (?:den|die) (?:leitzins|zinsen)|"
    r"pass(?:es|ed)|approv(?:es|ed)|ratif(?:ies|ied)|elected|sworn in|appoint(?:s|ed)|"
    r"adopt(?:s|ed)|vot(?:es|ed) (?:for|to|against)|sign(?:s|ed) into law|"
    r"(?:raises|cuts) (?:interest )?rates|"
    r"adopt(?:e|é|ée|és|ées)|approuv(?:e|é|ée)|ratifi(?:e|é|ée)|élue?|(?:a|ont) voté|"
    r"promulgu(?:e|é|ée)"
    r")(?![^\W\d_])",
    re.IGNORECASE,
)


def decision_evidence(article: Article) -> float:
    """How strongly one article states a decision taken: kicker 3, headline 2, a teaser's
    sentence 2, a longer lead 1 (the weights of the class evidence)."""
    lead = next((p.text for p in article.paragraphs if not p.heading), "")[:600]
    short = len(article.body.split()) <= TEASER_WORDS
    return (
        W_KICKER * bool(_DECISION_RE.search(article.kicker or ""))
        + W_TITLE * bool(_DECISION_RE.search(article.title or ""))
        + (W_TITLE if short else W_LEAD) * bool(_DECISION_RE.search(lead))
    )


def story_decided(articles: Sequence[Article]) -> bool:
    """Whether a story reports a decision taken: mean decision evidence over its articles of at
    least ``DECISION_EVIDENCE`` (a decision in half the headlines, or in every lead)."""
    if not articles:
        return False
    total = sum(decision_evidence(a) for a in articles)
    return total / len(articles) >= DECISION_EVIDENCE


def _count(cls: str, text: str, section: bool = False) -> int:
    if not text:
        return 0
    found = (_SECTION_PATTERNS if section else _PATTERNS)[cls].findall(text)
    foreign = FOREIGN_OFFICES.get(cls, ())
    return sum(1 for m in found if not any(f in m.lower() for f in foreign))


def _url_segments(url: str | None) -> str:
    if not url:
        return ""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower())
    return " ".join(seg for seg in re.split(r"[/_.?=&]+", path)[:-1] if seg)


def evidence(article: Article) -> dict[str, float]:
    """Evidence per class for one article (0 where no cue stands)."""
    lead = next((p.text for p in article.paragraphs if not p.heading), "")[:600]
    url = _url_segments(article.url)
    # A teaser (the whole text a sentence or two, as an RSS item's) states its subject as its
    # headline does: one cue there weighs a headline's (a cue in a long lead weighs less).
    short = len(article.body.split()) <= TEASER_WORDS
    out: dict[str, float] = {}
    for cls in CUES:
        n_lead = _count(cls, lead)
        score = (
            W_URL * min(1, _count(cls, url, section=True))
            + W_KICKER * min(1, _count(cls, article.kicker or "", section=True))
            + W_TITLE * min(1, _count(cls, article.title or ""))
            + (W_TITLE * min(1, n_lead) if short else W_LEAD * min(2, n_lead))
        )
        if score:
            out[cls] = score
    if article.opinion:
        out[FEATURE] = out.get(FEATURE, 0.0) + W_KICKER
    if _SCORE_RE.search((article.kicker or "") + " " + (article.title or "") + " " + lead):
        out[SPORT] = out.get(SPORT, 0.0) + W_TITLE
    return out


def article_section(article: Article) -> str:
    """The class of one article: the best-evidenced class at ``MIN_EVIDENCE``, else news."""
    ev = evidence(article)
    if not ev:
        return NEWS
    cls, score = max(ev.items(), key=lambda kv: (kv[1], kv[0]))
    return cls if score >= MIN_EVIDENCE else NEWS


def story_section(articles: Sequence[Article]) -> str:
    """A story's class: the class whose evidence, averaged over its articles, is strongest and
    at least ``STORY_EVIDENCE``; else plain news. One sports report among a politics story's
    articles does not make it sport; many weak cues across many reports add up."""
    if not articles:
        return NEWS
    total: dict[str, float] = {}
    for a in articles:
        for cls, score in evidence(a).items():
            total[cls] = total.get(cls, 0.0) + score
    if not total:
        return NEWS
    order = (POLICY, FEATURE, SPORT, SERVICE)
    best = max(order, key=lambda c: (total.get(c, 0.0), -order.index(c)))
    return best if total.get(best, 0.0) / len(articles) >= STORY_EVIDENCE else NEWS
