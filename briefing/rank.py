"""Ranking, titles and keywords of a day's stories.

Importance (``Story.score``, see ``docs/ranking.md``) adds, on a log scale, the distinct
outlets, the distinct texts per outlet (depth: breadth is not counted twice), the reports
counted once per outlet (a wire copy printed by three outlets is three reports, an item
cross-posted in six section feeds of one outlet is one), the story's growth (reports in the
``GROWTH_HOURS`` before its latest one, after the story broke), a bonus for a running thread
that still has several new reports, and the weight of its class (``briefing.sections``: policy
news first, then news, features, sport, service). The first ``settings.top_stories`` lead the
briefing; the renderer lists the rest compactly.

Titles: the best real headline among the story's articles (the one closest to the story's
content; a question counts ``QUESTION_WEIGHT`` of its closeness), else its most central
sentence. Keywords: 3 to 6 words frequent in the story and rare in the day's other stories
(TF-IDF on the clustering features), in the source language, the two parts of a name as one
("Olaf Scholz"); the translate stage fills ``keywords`` in the target language later.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .cluster import article_terms, cluster_day, template_paragraphs
from .models import Article, Facet, Paragraph, Story, article_outlets
from .options import RankOptions
from .sections import FEATURE, NEWS, POLICY, SERVICE, SPORT, story_decided, story_section
from .text import normalize_space, split_sentences, stems, stop_words, words

__all__ = [
    "class_weight",
    "keyword_stops",
    "outlet_depth",
    "outlet_reports",
    "question_title",
    "rank_stories",
    "story_facets",
    "story_keywords",
    "story_score",
    "story_title",
]

log = logging.getLogger(__name__)

W_OUTLETS = 3.0
W_REPORTS = 2.0  # distinct texts per outlet (depth)
W_COPIES = 1.0  # reports counted once per outlet
W_GROWTH = 1.0
W_CONTINUES = 1.0
GROWTH_HOURS = 3.0
MIN_NEW_REPORTS = 2  # a running thread keeps its bonus only with this many reports today
W_POLICY = 1.2  # policy news: per ln(1 + distinct texts), on top of W_REPORTS
W_DECISION = 1.5  # a policy story that reports a decision taken: per ln(1 + texts), on top
SECTION_WEIGHTS = {NEWS: 0.0, FEATURE: -0.75, SPORT: -1.5, SERVICE: -2.0}
MAX_TITLE_WORDS = 30  # a real headline is kept whole up to this
SENTENCE_TITLE_WORDS = 12  # a title made from a sentence is cut to about this
CUT_SENTENCE_WEIGHT = 0.75  # a sentence that must be cut to be a title counts this much
QUESTION_WEIGHT = 0.6  # a question headline or sentence counts this much of its closeness
FACET_REPORTS = 2  # a facet shown as a sub-line holds at least this many reports
MAX_FACETS = 4  # sub-lines under a big story at most


def _outlets_of(a: Article) -> set[str]:
    return set(article_outlets(a))


def outlet_reports(story: Story) -> int:
    """Reports counted once per outlet: each text once for every outlet that carried it (a
    text of no known outlet once)."""
    return sum(len(_outlets_of(a)) or 1 for a in story.articles)


def outlet_depth(story: Story) -> float:
    """Distinct texts per outlet: how much of its own each outlet gave the story, on average.

    Breadth is ``story.outlets``; this is depth, so that a story told once by each of two
    outlets does not count its breadth a second time as "two texts" (one outlet's three reports
    on an event weigh more than one report each of two outlets; three outlets weigh more than
    either), and a wire text printed by three outlets is one text among three outlets (its
    reach counts in ``outlet_reports``). On a one-outlet day it is the story's texts, as before.
    """
    return story.original_reports / (len(story.outlets) or 1)


def growth(story: Story) -> int:
    """Reports (once per outlet) published in the ``GROWTH_HOURS`` up to the story's latest,
    after its first moment: what came in since the story broke."""
    stamps = []
    for a in story.articles:
        if a.published is None:
            continue
        t = a.published if a.published.tzinfo else a.published.replace(tzinfo=dt.UTC)
        stamps.append((t, len(_outlets_of(a)) or 1))
    if not stamps:
        return 0
    latest = max(t for t, _ in stamps)
    first = min(t for t, _ in stamps)
    window = dt.timedelta(hours=GROWTH_HOURS)
    return sum(n for t, n in stamps if latest - t <= window and t > first)


def story_score(story: Story, tz: str = "Europe/Berlin") -> float:
    """Importance of a story: outlets, texts per outlet, all reports, growth, continuation,
    class."""
    reports = outlet_reports(story)
    depth = outlet_depth(story)
    running = story.developing_since is not None and story.original_reports >= MIN_NEW_REPORTS
    return (
        W_OUTLETS * math.log1p(len(story.outlets))
        + W_REPORTS * math.log1p(depth)
        + W_COPIES * math.log1p(reports)
        + W_GROWTH * math.log1p(growth(story))
        + (W_CONTINUES if running else 0.0)
        + class_weight(story_section(story.articles), depth, story_decided(story.articles))
    )


def class_weight(section: str, texts: float, decided: bool = False) -> float:
    """The weight of a story's class: policy news by its size, the other classes flat.

    Class: news with consequences for German or European policy, the desk's first priority
    ahead of scale. Its bonus grows with the story's texts per outlet (``W_POLICY`` per
    ln(1 + texts)), so a policy story's texts weigh more than a plain news story's: four policy
    reports lead six of news, while one policy item from cue words alone gains little.
    Features, sport and service items lose a fixed amount, whatever their size.
    """
    if section == POLICY:
        return (W_POLICY + (W_DECISION if decided else 0.0)) * math.log1p(texts)
    return SECTION_WEIGHTS.get(section, 0.0)


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _terms_of(text: str, lang: str, featurizers: dict[str, Any]) -> dict[str, float]:
    one = Article(id="", path="", paragraphs=(Paragraph(text),), language=lang)
    return article_terms(one, featurizers=featurizers)


# A headline that asks ("Ökostromausbau in Gefahr?", "Welche Partei leitet welchen Ausschuss?",
# "Is the strike over?"): it names a question about the event, not the event; a member's
# statement headline names the story first. Closing quotes or brackets may follow the mark.
_QUESTION_RE = re.compile(r"[?\uff1f][?!\uff1f\s\"'»«“”„‘’)\]]*$")


def question_title(title: str) -> bool:
    """Whether a headline is a question (ends with a question mark)."""
    return _QUESTION_RE.search(title) is not None


def _shorten(text: str) -> str:
    # A headline is kept whole: "Der Lockdown endet - für 2G" is no dateline and a text
    # ("Kiew - ..."). Datelines are cut from text only, by derive_title.
    text = normalize_space(text)
    toks = text.split()
    if len(toks) > MAX_TITLE_WORDS:
        text = " ".join(toks[:MAX_TITLE_WORDS]).rstrip(",;:") + " …"
    return text


def story_title(story: Story, centroid: Mapping[str, float] | None = None) -> str:
    """The best headline among the articles, else the most central sentence (source language)."""
    lang = story.articles[0].language if story.articles else "de"
    centroid = centroid if centroid is not None else _centroid(story)
    featurizers: dict[str, Any] = {}
    heads = [
        (a, normalize_space(a.title))
        for a in story.articles
        if a.title and not a.title_derived and normalize_space(a.title)
    ]
    if heads:
        from .ingest.titles import secondary_title

        scored = [
            (
                # a quote, opinion, analysis or obituary names no event: a news headline first;
                # a question counts less than a statement that is about as close to the story
                secondary_title(t, a.kicker),
                -_cosine(_terms_of(t, lang, featurizers), centroid)
                * (QUESTION_WEIGHT if question_title(t) else 1.0),
                -len(a.outlets or (a.source,)),
                len(t),
                t,
            )
            for a, t in heads
        ]
        return _shorten(min(scored)[4])
    sentences = [s.original for s in story.summary]
    if not sentences:
        for a in story.articles:
            lead = "\n\n".join([p.text for p in a.paragraphs if not p.heading][:2])
            sentences.extend(split_sentences(lead, a.language or lang)[:3])
    if not sentences:
        return ""
    # A sentence short enough to stand whole beats a cut one unless the cut one is far more
    # central: a complete sentence reads as a headline, a fragment ending in "…" does not.
    scored_s = [
        (
            -_cosine(_terms_of(s, lang, featurizers), centroid)
            * (1.0 if len(s.split()) <= SENTENCE_TITLE_WORDS else CUT_SENTENCE_WEIGHT)
            * (QUESTION_WEIGHT if question_title(s) else 1.0),
            i,
            s,
        )
        for i, s in enumerate(sentences)
    ]
    # A sentence is no headline: cut it like ingest cuts derived titles (clause-aware, ~12 words).
    from .ingest.meta import derive_title

    return derive_title([min(scored_s)[2]], max_words=SENTENCE_TITLE_WORDS)


def story_facets(story: Story, title: str | None = None) -> tuple[Facet, ...]:
    """A big story's angles as sub-lines: each facet of at least ``FACET_REPORTS`` reports
    (the groups ``summarize.by_facets`` spreads the summary over), largest first, named by its
    best headline (``story_title`` of its reports), up to ``MAX_FACETS``.

    Only where useful: a story of ``FACET_MIN_ARTICLES`` reports or more that has two such
    facets; a facet that the story's own title already names is not repeated."""
    from .summarize import FACET_MIN_ARTICLES, FACET_THRESHOLD

    if len(story.articles) < FACET_MIN_ARTICLES:
        return ()
    groups = [
        g for g in cluster_day(list(story.articles), FACET_THRESHOLD) if len(g) >= FACET_REPORTS
    ]
    if len(groups) < 2:
        return ()
    title = story.title_original or story.title if title is None else title
    out: list[Facet] = []
    # largest first; among equals, the one whose first report came first (stable)
    order = {a.id: i for i, a in enumerate(story.articles)}
    for g in sorted(groups, key=lambda g: (-len(g), min(order[a.id] for a in g))):
        name = story_title(Story(id="", articles=tuple(g)))
        if name and name != title:
            out.append(Facet(title=name, reports=len(g), title_original=name))
    return tuple(out[:MAX_FACETS])


def _centroid(story: Story) -> dict[str, float]:
    total: dict[str, float] = {}
    for a in story.articles:
        for term, weight in article_terms(a).items():
            total[term] = total.get(term, 0.0) + weight
    return total


def story_keywords(story: Story, low: int = 3, high: int = 6) -> list[str]:
    """3 to 6 keywords of one story (see ``day_keywords``), in its source language."""
    return day_keywords([story], low, high)[0]


def day_keywords(stories: Sequence[Story], low: int = 3, high: int = 6) -> list[list[str]]:
    """3 to 6 keywords per story: its words that are frequent in it and rare in the day's other
    stories (the clustering features: names up, page templates down), as the story writes them.

    In German only capitalised forms (nouns, names) are keywords. Offline and fast; YAKE was
    tried first and cost 0.4 s CPU per story, the slowest stage of a 10,000-article build.
    """
    return _pick_keywords(stories, _story_features(stories), low, high)


# Words that name no topic: numbers written out and quantity or time nouns, per language.
_NUMBER_WORDS = {
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig "
    "vierzig fünfzig hundert hunderte tausend tausende million millionen milliarde milliarden",
    "en": "zero one two three four five six seven eight nine ten eleven twelve twenty thirty "
    "hundred hundreds thousand thousands million millions billion billions",
    "fr": "zéro un une deux trois quatre cinq six sept huit neuf dix onze douze vingt trente "
    "cent cents mille million millions milliard milliards",
}
_VAGUE_WORDS = {
    "de": "zahl zahlen anzahl prozent hälfte drittel viertel teil teile mal male ende anfang "
    "beginn mitte jahr jahre jahren jahres monat monate monaten woche wochen tag tage tagen "
    "stunde stunden minute minuten uhr seite seiten art weise fall fälle frage fragen "
    "angaben zufolge bericht berichten menschen leute januar februar märz april mai juni juli "
    "august september oktober november dezember montag dienstag mittwoch donnerstag freitag "
    "samstag sonntag nacht "
    # general nouns of place, aim, form and money that name no topic ("Stadt", "Bereich", "Euro")
    "stadt städte land länder welt region regionen ort orte bereich bereiche ziel ziele weg "
    "lage situation entwicklung ergebnis ergebnisse grund gründe problem probleme möglichkeit "
    "möglichkeiten information informationen person personen euro dollar cent gmbh abs "
    "artikel beitrag beiträge thema themen video videos foto fotos bild bilder blog",
    "en": "number numbers percent half part parts time times end beginning year years month "
    "months week weeks day days hour hours minute minutes way case cases people january "
    "february march april may june july august september october november december monday "
    "tuesday wednesday thursday friday saturday sunday night city cities country countries world "
    "region area place goal situation result problem person persons euro dollar cent article "
    "topic video photo picture blog",
    "fr": "nombre pour cent moitié partie fois fin début an ans année années mois semaine "
    "semaines jour jours heure heures cas gens janvier février mars avril mai juin juillet "
    "août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi "
    "dimanche nuit ville pays monde région lieu objectif situation résultat problème personne "
    "personnes euro dollar article sujet vidéo photo blog",
}


def keyword_stops(languages: Sequence[str]) -> frozenset[str]:
    """Lower-cased words never worth a keyword in any of ``languages``: their stop words
    (stopwordsiso and the summarizer's lists), numbers written out, vague quantity nouns."""
    return _keyword_stops(tuple(sorted(set(languages) | {"de", "en"})))


@lru_cache(maxsize=16)
def _keyword_stops(languages: tuple[str, ...]) -> frozenset[str]:
    import stopwordsiso

    out: set[str] = set()
    for lang in languages:
        out |= stop_words(lang)
        if stopwordsiso.has_lang(lang):
            out |= {w.lower() for w in stopwordsiso.stopwords(lang)}
        out |= set(_NUMBER_WORDS.get(lang, "").split()) | set(_VAGUE_WORDS.get(lang, "").split())
    return frozenset(out)


# Two capitalised words side by side inside a sentence, nothing between them but one space
# ("Olaf Scholz", "Shinzo Abe", "Wall Street"): the parts of one name. A pair that opens a
# headline or sentence is left out: there a German adjective is capitalised too ("Falsche
# Angaben", "Erstmals Obergrenze"). Overlapping matches through the lookahead.
_NAME_PAIR_RE = re.compile(
    r"(?<![\w-])(?<![.!?:\n]\s)(?<!^)([^\W\d_][\w-]*) (?=([^\W\d_][\w-]*)(?![\w-]))",
    re.MULTILINE,
)
NAME_SHARE = 0.6  # a keyword joins a neighbour when this share of its uses stands beside it
NAME_PAIRS = 2  # ... and the pair stands twice or more (a one-off pair is often two nouns)


def _name_pairs(text: str) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for m in _NAME_PAIR_RE.finditer(text):
        a, b = m.group(1), m.group(2)
        if a[0].isupper() and b[0].isupper():
            out[(a, b)] = out.get((a, b), 0) + 1
    return out


@dataclass(frozen=True)
class _DayFeatures:
    """What the keywords read from a day's stories."""

    terms: list[dict[str, float]]  # per story: weighted stem counts (the clustering features)
    forms: list[dict[str, dict[str, int]]]  # per story: stem -> written form -> count
    pairs: list[dict[str, int]]  # per story: "Olaf Scholz" -> times the two stand side by side


def _story_features(stories: Sequence[Story]) -> _DayFeatures:
    """Per story: weighted stem counts, how often each stem appears in each written form, and
    the pairs of capitalised words side by side (``_name_pairs``)."""
    template = template_paragraphs([a for s in stories for a in s.articles])
    featurizers: dict[str, Any] = {}
    out = _DayFeatures([], [], [])
    for st in stories:
        terms: dict[str, float] = {}
        forms: dict[str, dict[str, int]] = {}
        pairs: dict[str, int] = {}
        for a in st.articles:
            lang = a.language or "de"
            counts = article_terms(a, template.get(a.id, frozenset()), featurizers)
            for term, weight in counts.items():
                terms[term] = terms.get(term, 0.0) + weight
            text = (a.title or "") + "\n" + a.body
            # Stop words are counted too, so that a stem whose usual form is one ("Mann",
            # "Weg") is left out rather than shown in a rarer form ("Mannes").
            toks = [t for t in words(text, lang) if not t.isdigit()]
            for tok, stem in zip(toks, stems(toks, lang), strict=True):
                bucket = forms.setdefault(stem, {})
                bucket[tok] = bucket.get(tok, 0) + 1
            for (x, y), n in _name_pairs(text).items():
                key = f"{x} {y}"
                pairs[key] = pairs.get(key, 0) + n
        out.terms.append(terms)
        out.forms.append(forms)
        out.pairs.append(pairs)
    return out


def _pick_keywords(
    stories: Sequence[Story], features: _DayFeatures, low: int, high: int
) -> list[list[str]]:
    df: dict[str, int] = {}
    for terms in features.terms:
        for term in terms:
            df[term] = df.get(term, 0) + 1
    n = len(stories)
    stops = keyword_stops([a.language or "de" for s in stories for a in s.articles])
    out: list[list[str]] = []
    for st, terms, forms, pairs in zip(
        stories, features.terms, features.forms, features.pairs, strict=True
    ):
        lang = st.articles[0].language if st.articles else "de"
        ranked = sorted(
            terms.items(),
            key=lambda kv: (-kv[1] * (math.log((1 + n) / (1 + df[kv[0]])) + 1.0), kv[0]),
        )
        chosen: list[str] = []
        uses: dict[str, int] = {}
        for term, _ in ranked:
            if term not in forms:
                continue
            form, count = min(forms[term].items(), key=lambda kv: (-kv[1], kv[0]))
            if len(form) < 3 or (lang == "de" and not form[0].isupper()):
                continue
            if form.lower() in stops:
                continue
            if form.lower() in {w.lower() for c in chosen for w in c.split()}:
                continue
            uses[form] = count
            if not _join_name(chosen, form, uses, pairs):
                chosen.append(form)
            if len(chosen) >= high:
                break
        if len(chosen) < low:
            log.debug(
                "only %d keyword(s) for a story of %d articles", len(chosen), len(st.articles)
            )
        out.append(chosen)
    return out


def _join_name(
    chosen: list[str], form: str, uses: Mapping[str, int], pairs: Mapping[str, int]
) -> bool:
    """Join ``form`` to a chosen keyword it mostly stands beside as one name ("Olaf" +
    "Scholz" -> "Olaf Scholz"): the pair makes ``NAME_SHARE`` of the rarer word's uses."""
    for i, c in enumerate(chosen):
        if " " in c:  # a name of two parts is whole
            continue
        for left, right in ((form, c), (c, form)):
            n = pairs.get(f"{left} {right}", 0)
            if n >= NAME_PAIRS and n >= NAME_SHARE * min(uses.get(left, n), uses.get(right, n)):
                chosen[i] = f"{left} {right}"
                return True
    return False


def rank_stories(stories: Sequence[Story], settings: RankOptions) -> list[Story]:
    """Stories ordered by importance, with score, title and keywords filled in."""
    out: list[Story] = []
    features = _story_features(stories)
    day_kw = _pick_keywords(stories, features, 3, 6)
    for s, centroid, computed in zip(stories, features.terms, day_kw, strict=True):
        title = s.title_original or s.title or story_title(s, centroid)
        keywords = list(s.keywords_original) or computed
        out.append(
            replace(
                s,
                score=round(story_score(s, settings.timezone), 6),
                title=s.title or title,
                title_original=title,
                keywords=tuple(s.keywords) or tuple(keywords),
                keywords_original=tuple(keywords),
            )
        )
    out.sort(key=lambda s: (-s.score, s.id, s.articles[0].id if s.articles else ""))
    # Facets only for the stories that lead the briefing (shown in full): a facet clustering
    # per big story of a 3,000-article day cost 2.8 s CPU for all of them.
    return [
        replace(s, facets=s.facets or story_facets(s)) if i < settings.top_stories else s
        for i, s in enumerate(out)
    ]
