"""Days and stories: articles grouped by publication day, then into stories by text similarity.

Features (see ``docs/clustering.md``): Snowball stems of the content words (stop words and pure
numbers left out), names and places weighted up (capitalised tokens inside a sentence that do not
look like German common nouns, and acronyms), the headline weighted up, short chrome-like lines
(menus, teaser headlines, tag lines) and paragraphs an outlet repeats across its articles of the
day (its page template) weighted down; log term frequency times an IDF that averages the day's
smoothed IDF with one from general-language word frequencies (wordfreq), L2-normalised.

Stories are average-link clusters at cosine ``threshold``. The connected groups of the graph
"cosine >= threshold" come from a chunked sparse product reduced to a spanning forest after every
block (terms in more than ``max(200, 2 %)`` of the day's articles are dropped first, as with
scikit-learn's ``max_df``); average linkage then runs exactly inside each group of at most
``MAX_COMPONENT`` articles, and in slices joined by exact group-to-group average linkage above.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .models import Article, outlet_name
from .text import stems, stop_words

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = [
    "DEFAULT_THRESHOLD",
    "article_terms",
    "cluster_day",
    "group_by_day",
    "template_paragraphs",
    "term_vectors",
    "title_labels",
    "undated",
]

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.16
NAME_WEIGHT = 2.0  # a name or place counts twice
TITLE_WEIGHT = 1.5  # the article's own headline (not a derived one)
SHORT_LINE_WEIGHT = 0.4  # a line of fewer than 8 words without a sentence end: chrome-like
TEMPLATE_WEIGHT = 0.1  # a paragraph the same outlet repeats in other articles of the day
LABEL_WEIGHT = 0.1  # a headline the same outlet gives other articles of the day: a label
MAX_COMPONENT = 2000  # larger connected groups are clustered in slices of this many articles
_CHUNK = 500  # rows of the similarity product computed at a time (at most)
_BLOCK_PRODUCTS = 2_000_000  # similarity entries computed at a time (at most, about)
BACKGROUND_WEIGHT = 0.5  # share of the general-language IDF in a term's IDF (0: the day's only)
PART_WEIGHT = 0.5  # a part of a compound (hyphenated, or a closed one's head) counts half
ZIPF_MIN = 2.5  # rarer words count as unknown (Zipf 0): keeps the table small
ZIPF_MAX = 7.0  # words at least this frequent in general text get the lowest background IDF
# Short texts (RSS teasers: a headline and a sentence or two): fewer distinct terms than this
# scale their similarities up, by (SHORT_TERMS / terms) ** SHORT_EXPONENT, at most SHORT_MAX_SCALE
SHORT_TERMS = 40
SHORT_EXPONENT = 0.25
SHORT_MAX_SCALE = 1.2
SHORT_MIN_SHARED = 2  # only pairs sharing this many terms are scaled
# Stories holding a short text are joined on by centroid linkage at the clustering threshold:
# the cosine of the two stories' summed (unscaled) vectors (``_centroid_join``)
SHORT_CENTROID_JOIN = True
CENTROID_TOP_SHARE = 0.75  # ... unless one shared term carries more than this share of it
# Both guards count words, not terms: a compound and the parts it shares count once
# (``word_parts``)
WORD_EVIDENCE = True
COMPOUND_LANGUAGES = frozenset({"de"})  # closed compounds' heads are looked up in these
COMPOUND_MIN_LETTERS = 8  # a shorter word is not split
COMPOUND_HEAD_MIN = 4  # letters of a closed compound's head, at least
COMPOUND_MODIFIER_MIN = 4  # letters of its modifier (less a linking element), at least
COMPOUND_HEAD_ZIPF = 3.0  # both parts are common words: Zipf frequency this or more
MODIFIER_WEIGHT = 0.25  # a closed compound's modifier (when a common word) counts this much
BASE_WEIGHT = 0.25  # a term's base among the day's terms (see ``day_bases``) counts this much
BASE_MIN = 5  # letters of a base, at least
BASE_REST = 6  # letters after it, at most
STANDALONE_DAMP = 0.5  # a market report or roundup and an article of another kind: cosine times
LIVE_LEAD_SENTENCES = 2  # a live blog's lead: counted in full
LIVE_BODY_WEIGHT = 0.05  # the rest of a live blog (the day's other entries on its topic)

_TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_SENT_END_RE = re.compile(r"[.!?:;»«\"“”„‘’)\]…]\s*$")
# the first word of a line or of a sentence (after . ! ? : and an optional closing quote)
_START_RE = re.compile(r"(?:^|(?<=[.!?:])[«»\"“”„‚‘’]?\s+)[^\w\n]*(\w+(?:[-'’]\w+)*)", re.M)
_ACRONYM_RE = re.compile(r"^[A-ZÄÖÜ]{2,6}\d?$")
# Live blogs and tickers: a title that frames its headline item in plus signs ("++ … ++",
# "+++ … +++"), or a kicker or title that names the page a live blog or ticker.
_LIVE_TITLE_RE = re.compile(r"^\s*\+{2,}.+\+{2,}\s*$")
_LIVE_WORD_RE = re.compile(r"\b(?:live-?blog|live-?ticker|news-?blog|ticker)\b", re.IGNORECASE)
# Daily market reports (the labels' rule R6: the trading day is its own story): words that name
# a stock market, an index or its traders; a report names two or more distinct ones in its
# headline, kicker and lead.
_MARKET_RE = re.compile(
    r"\b(?:wall street|nasdaq|dow[- ]jones(?:-index)?|dow|s&p 500|euro stoxx|nikkei|[ms]?dax|"
    r"tecdax|leitindex|(?:[\w-]*börsen?)|anleger(?:innen)?|handelstag|aktienmärkte?|"
    r"ftse|cac 40|hang seng)\b",
    re.IGNORECASE,
)
_MARKET_HEAD = 800  # characters of the body the lead (two sentences) is looked for in
# A roundup: a headline that lists three or more items before its dash or colon ("§219a,
# BAföG, NATO - was entschieden wurde"; the labels' rule R6: a roundup naming no single event
# is its own story).
_ROUNDUP_RE = re.compile(r"^[^,:–—-]{1,40}(?:,[^,:–—-]{1,40}){2,}(?:\s[-–—:]|:)")
# Endings of German common nouns (and of capitalised adjectives at the start of a name):
# a capitalised word ending like this is treated as an ordinary noun, not as a name.
_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "ismus", "ität", "itäten", "nis", "nisse", "tum", "ment", "ling", "chen", "lein", "ei",
    "ik", "ur", "enz", "anz", "ie", "ien", "er", "ern", "en", "e", "es", "em",
)  # fmt: skip


def group_by_day(
    articles: Sequence[Article], tz: str = "Europe/Berlin"
) -> dict[date, list[Article]]:
    """Articles by publication day (``Article.date``, already in ``tz``), days in order.

    Articles without a date are left out; ``undated(articles)`` lists them for the run report.
    Within a day the input order is kept (``cluster_day`` does not depend on it).
    """
    days: dict[date, list[Article]] = {}
    for a in articles:
        if a.date is not None:
            days.setdefault(a.date, []).append(a)
    return {d: days[d] for d in sorted(days)}


def undated(articles: Sequence[Article]) -> list[Article]:
    """The articles ``group_by_day`` leaves out because they have no publication day."""
    return [a for a in articles if a.date is None]


def _is_name(token: str, sentence_start: bool) -> bool:
    if _ACRONYM_RE.match(token):
        return True
    if sentence_start or len(token) < 3 or not token[0].isupper() or token.isupper():
        return False
    low = token.lower()
    return not low.endswith(_NOUN_ENDINGS)


@functools.lru_cache(maxsize=1 << 17)
def _token_info(
    tok: str, lang: str
) -> tuple[str | None, int, float, tuple[tuple[str, float], ...]]:
    """A token's stem (None for stop words, numbers, single characters), name kind, Zipf
    frequency and the stems of its compound parts with their weights. Pure, so kept across
    calls: the day's clustering, the facets, threads and ranking look up the same words (about
    0.4 s a day). A sweep that changes the constants it reads (``COMPOUND_*``,
    ``MODIFIER_WEIGHT``, the stop words) must call
    ``_token_info.cache_clear()`` between settings."""
    stops = stop_words(lang)
    keep = not (tok.isdigit() or len(tok) < 2 or tok.lower() in stops)
    stem = stems([tok], lang)[0] if keep else None
    kind = 2 if _ACRONYM_RE.match(tok) else 1 if _is_name(tok, False) else 0
    if stem is None:
        return None, kind, 0.0, ()
    found = [p for p in compound_parts(tok, lang) if p.lower() not in stops]
    weights = [PART_WEIGHT] * len(found)
    modifier = compound_modifier(tok, lang) if MODIFIER_WEIGHT else None
    if modifier and modifier not in stops:
        found.append(modifier)
        weights.append(MODIFIER_WEIGHT)
    part_stems = stems(found, lang) if found else []
    parts = tuple((p, w) for p, w in zip(part_stems, weights, strict=True) if p != stem)
    return stem, kind, zipf(tok, lang), parts


class _Featurizer:
    """Token -> (stem, name kind) with per-call caches (a day has far fewer types than tokens)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.stops = stop_words(lang)
        # kind: 0 ordinary word, 1 name-like inside a sentence, 2 acronym (a name anywhere)
        self.info: dict[str, tuple[str | None, int]] = {}
        self.zipfs: dict[str, float] = {}  # stem -> Zipf frequency of its commonest form
        self.parts: dict[str, tuple[tuple[str, float], ...]] = {}  # token -> (part stem, weight)

    def _lookup(self, tok: str) -> tuple[str | None, int]:
        stem, kind, z, parts = _token_info(tok, self.lang)
        if stem is not None:
            if z > self.zipfs.get(stem, -1.0):
                self.zipfs[stem] = z
            self.parts[tok] = parts
        self.info[tok] = (stem, kind)
        return stem, kind

    def add_text(self, text: str, weight: float, out: dict[str, float]) -> None:
        """Add the weighted content stems of ``text`` (lines separated by newlines) to ``out``."""
        info = self.info
        get = out.get
        extra = NAME_WEIGHT - 1.0
        starts = Counter(_START_RE.findall(text))
        for tok, count in Counter(_TOKEN_RE.findall(text)).items():
            stem, kind = info.get(tok) or self._lookup(tok)
            if stem is None:
                continue
            if kind:
                # a capitalised word opening a sentence is no evidence of a name (acronyms are)
                named = count if kind == 2 else count - starts.get(tok, 0)
                out[stem] = get(stem, 0.0) + weight * (count + extra * named)
            else:
                out[stem] = get(stem, 0.0) + weight * count
            for part, part_weight in self.parts.get(tok, ()):
                out[part] = get(part, 0.0) + weight * part_weight * count


def compound_parts(token: str, lang: str) -> list[str]:
    """The parts of a compound that also count (``PART_WEIGHT``): of a hyphenated one its
    parts ("GDL-Streik" -> GDL, Streik), of a closed one in a compounding language its head
    ("Bahnstreik" -> streik, see ``compound_head``), so that reports that write "Bahnstreik",
    "GDL-Streik" and "Streik der GDL" share a term."""
    if "-" in token:
        return [p for p in token.split("-") if len(p) >= 2 and not p.isdigit()]
    head = compound_head(token, lang) if lang in COMPOUND_LANGUAGES else None
    return [head] if head else []


def compound_modifier(token: str, lang: str) -> str | None:
    """The modifier of a closed compound (see ``compound_split``): the part before its head,
    without a linking element (-s-, -es-, -n-, -en-, -e-) when the bare part is no word
    ("Hafenarbeiter" -> hafen, "Zinserhöhung" -> zins, "Lokführergewerkschaft" -> lokführer).

    Class: closed compounds whose *modifier* names the event's actor or object (a Bahnstreik is
    a strike of the Bahn, a Hafenarbeiter works in the Hafen), so "Bahnstreik" shares a term with
    "die Bahn". Counts ``MODIFIER_WEIGHT``."""
    split = compound_split(token, lang)
    return split[0] if split else None


def compound_head(token: str, lang: str) -> str | None:
    """The head of a closed compound noun (see ``compound_split``): "Weihnachtsmarkt" -> markt,
    "Zinserhöhung" -> erhöhung.

    Class: closed compounds (German writes most new nouns as one word), which otherwise share
    no term with the head noun they name. The head adds a half-weight term, the whole word
    keeps its own."""
    split = compound_split(token, lang)
    return split[1] if split else None


def compound_split(token: str, lang: str) -> tuple[str, str] | None:
    """(modifier, head) of a closed compound noun, both common words, the head the longest
    such final part; None for a short, lower-case or all-capitals word and in a language
    outside ``COMPOUND_LANGUAGES``. Lower case, ß as ss (wordfreq's spelling).

    A split needs both parts to be words: a head of ``COMPOUND_HEAD_MIN`` letters or more of
    Zipf ``COMPOUND_HEAD_ZIPF`` or more, and before it a modifier of ``COMPOUND_MODIFIER_MIN``
    letters or more, bare or less a linking -s-, -es-, -n-, -en- or -e-, of the same Zipf.
    Class: false heads, an ending that happens to be a word while the rest is none
    ("Österreich" -> reich, "Magdeburger" -> burger, "Präsident" -> dent, "Soldaten" ->
    daten): they tied unrelated reports through a word neither names. Shorter modifiers are
    mostly verb prefixes ("Aufgaben" is no compound of "gaben", "Verhandlung" none of
    "handlung"). A derived word (its final part a suffix of ``_SUFFIX_HEADS``: "Wahrheit",
    "Rezession") is no compound."""
    if lang not in COMPOUND_LANGUAGES:
        return None
    if len(token) < COMPOUND_MIN_LETTERS or not token[0].isupper() or token.isupper():
        return None
    low = _fold(token)
    freqs = _frequencies(lang)
    for i in range(COMPOUND_MODIFIER_MIN, len(low) - COMPOUND_HEAD_MIN + 1):
        head = low[i:]
        if head in _SUFFIX_HEADS:
            return None  # a derived word (the rest are parts of its suffix): no compound
        if freqs.get(head, 0.0) >= COMPOUND_HEAD_ZIPF:
            modifier = _modifier_word(low[:i], freqs)
            if modifier is not None:
                return modifier, head
    return None


def _modifier_word(low: str, freqs: Mapping[str, float]) -> str | None:
    """``low`` as a word of Zipf ``COMPOUND_HEAD_ZIPF`` or more, bare or less a linking
    element, of ``COMPOUND_MODIFIER_MIN`` letters or more; None when it is none."""
    for link in ("", "s", "es", "n", "en", "e"):
        if link and not low.endswith(link):
            continue
        stem_ = low[: len(low) - len(link)] if link else low
        if len(stem_) >= COMPOUND_MODIFIER_MIN and freqs.get(stem_, 0.0) >= COMPOUND_HEAD_ZIPF:
            return stem_
    return None


# Endings after a base that make another form of the same word: verb endings and the genitive
# -s that Snowball keeps ("steigt" / "steig(en)", "Obamas" / "Obama") and derivational endings
# ("Königin" / "König", "Ministerium" / "Minister", "europäisch" / "Europa"); see ``day_bases``.
_BASE_ENDINGS = frozenset({
    "t", "st", "et", "est", "s", "in", "innen", "isch", "ium", "erium", "er",
})  # fmt: skip


# Endings that wordfreq lists as words (from split gender forms, hyphenated writing, other
# languages) but that end derived words, not compounds: "Wahrheit" is no compound of "heit".
_SUFFIX_HEADS = frozenset({
    "heit", "heiten", "keit", "keiten", "schaft", "schaften", "ionen", "sion", "tion", "innen",
    "erin", "ung", "ungen", "lung", "lungen", "chung", "lich", "chen", "schen", "sche", "dings",
    "nis", "nisse", "tum", "ismus", "ität", "enten",
})  # fmt: skip


def _para_key(text: str) -> str:
    return " ".join(text.lower().split())


def template_paragraphs(articles: Sequence[Article]) -> dict[str, frozenset[str]]:
    """Per article id, the paragraphs its outlet repeats in other articles of the same set.

    A paragraph that one outlet (``Article.source``) prints in two different articles of a day
    is its page template (menus, teasers, cookie banners, comment prompts), not news; the same
    text carried by *different* outlets is wire copy and keeps its full weight.
    """
    seen: dict[tuple[str, str], set[str]] = {}
    for a in articles:
        if not a.source:
            continue
        for p in a.paragraphs:
            key = _para_key(p.text)
            if key:
                seen.setdefault((a.source, key), set()).add(a.id)
    out: dict[str, set[str]] = {}
    for (_, key), ids in seen.items():
        if len(ids) >= 2:
            for aid in ids:
                out.setdefault(aid, set()).add(key)
    return {aid: frozenset(keys) for aid, keys in out.items()}


def title_labels(articles: Sequence[Article]) -> frozenset[str]:
    """Ids of the articles whose headline their outlet also gives another article of the set.

    Class: series and rubric headlines ("Coronavirus-Pandemie", "Krieg gegen die Ukraine",
    "Die Lage am Morgen"): an outlet that heads two different items of a day alike names a
    topic or a series, not the event either reports, so the headline is a label
    (``LABEL_WEIGHT``) rather than the shared title evidence that two outlets' identical
    headlines are. The outlet is ``models.outlet_name`` (source, else the URL's domain);
    articles of no known outlet have no labels.
    """
    seen: dict[tuple[str, str], set[str]] = {}
    for a in articles:
        outlet = outlet_name(a.source, a.url)
        key = _para_key(a.title or "") if not a.title_derived else ""
        if outlet and key:
            seen.setdefault((outlet, key), set()).add(a.id)
    return frozenset(aid for ids in seen.values() if len(ids) >= 2 for aid in ids)


def article_terms(
    article: Article,
    template: frozenset[str] = frozenset(),
    featurizers: dict[str, _Featurizer] | None = None,
    label: bool = False,
) -> dict[str, float]:
    """Weighted stem counts of one article: headline and names up, chrome-like lines down.

    Paragraphs in ``template`` (see ``template_paragraphs``) count ``TEMPLATE_WEIGHT``; with
    ``label`` (see ``title_labels``) the headline counts ``LABEL_WEIGHT``.
    ``featurizers`` (language -> cache) may be shared by the calls of one clustering run.
    """
    lang = article.language or "de"
    if featurizers is None:
        featurizers = {}
    f = featurizers.get(lang) or featurizers.setdefault(lang, _Featurizer(lang))
    out: dict[str, float] = {}
    if article.title and not article.title_derived:
        f.add_text(article.title, LABEL_WEIGHT if label else TITLE_WEIGHT, out)
    if is_live_blog(article):
        _add_live_blog(article, f, out)
        return out
    groups: dict[float, list[str]] = {}
    for p in article.paragraphs:
        text = p.text.strip()
        if not text:
            continue
        if template and _para_key(text) in template:
            weight = TEMPLATE_WEIGHT
        elif len(text.split()) < 8 and not _SENT_END_RE.search(text) and not p.heading:
            weight = SHORT_LINE_WEIGHT
        else:
            weight = 1.0
        groups.setdefault(weight, []).append(text)
    for weight, texts in groups.items():
        f.add_text("\n".join(texts), weight, out)
    return out


def standalone_kind(article: Article) -> int:
    """1 for a daily market report, 2 for a roundup, 0 for any other article.

    Class: pages that report a whole field of the day rather than one event. A market report
    names the day's news that moved prices (the central bank, a jobs report, a company's
    results), a roundup several decisions; by the labels' rule R6 each is its own story, but
    its words are those of the stories it mentions, so its similarity to an article of
    another kind counts ``STANDALONE_DAMP`` (two market reports of a day still join)."""
    from .text import split_sentences

    title = article.title or ""
    if _ROUNDUP_RE.match(title):
        return 2
    # the lead lies in the body's first characters: splitting whole bodies tripled the day's
    # clustering time; most articles name no two market words even there and stop here
    body = article.body[:_MARKET_HEAD]
    if len({m.lower() for m in _MARKET_RE.findall(f"{title}\n{article.kicker or ''}\n{body}")}) < 2:
        return 0
    lead = " ".join(split_sentences(body, article.language or "de")[:2])
    text = f"{title}\n{article.kicker or ''}\n{lead}"
    found = {m.lower().replace("-", " ") for m in _MARKET_RE.findall(text)}
    return 1 if len(found) >= 2 else 0


def is_live_blog(article: Article) -> bool:
    """A live blog or ticker (class: a running page of the day's entries on one topic)."""
    title = article.title or ""
    if _LIVE_TITLE_RE.match(title):
        return True
    return bool(_LIVE_WORD_RE.search(f"{article.kicker or ''} {title}"))


def _add_live_blog(article: Article, f: _Featurizer, out: dict[str, float]) -> None:
    """A live blog belongs to the story of its headline item (the labels' rule R6), but its
    body runs through the whole topic of the day (a war, a pandemic): the title and the lead
    count in full, the later entries ``LIVE_BODY_WEIGHT``, so the page joins its headline
    item's story rather than whichever story shares the most of the topic's words."""
    from .text import split_sentences

    sentences = split_sentences(article.body, f.lang)
    f.add_text(" ".join(sentences[:LIVE_LEAD_SENTENCES]), 1.0, out)
    if len(sentences) > LIVE_LEAD_SENTENCES:
        f.add_text(" ".join(sentences[LIVE_LEAD_SENTENCES:]), LIVE_BODY_WEIGHT, out)


@dataclass
class _Vectors:
    matrix: csr_matrix  # rows L2-normalised
    vocabulary: dict[str, int]
    df: Any  # numpy array of document frequencies
    bases: csr_matrix | None = None  # terms x terms: 1 where the second is the first's base


def max_df(n: int) -> int:
    """Terms in more articles than this say nothing about which story an article tells."""
    return max(200, int(0.02 * n))


# langcodes' distance up to which two codes are one language (no/nb 1, sr/sh 5, hr/sh 9);
# another language is farther (la/it 24, af/nl 24).
_SAME_LANGUAGE_DISTANCE = 10


@functools.lru_cache(maxsize=8)
def _frequencies(lang: str) -> Mapping[str, float]:
    """Zipf frequency per word (lower case) of general ``lang`` text, for words of Zipf
    ``ZIPF_MIN`` or more (wordfreq's large list, read bin by bin); empty when unsupported.

    A regional or macro-language variant takes its language's list (no -> nb, de-AT -> de); a
    language wordfreq does not have gets none, never a neighbour's (wordfreq alone would give
    Latin the Italian list, and say so on stderr)."""
    import langcodes
    from wordfreq import available_languages, get_frequency_list

    try:
        match, distance = langcodes.closest_match(lang, list(available_languages("best")))
        if match == "und" or distance >= _SAME_LANGUAGE_DISTANCE:
            return {}
        bins = get_frequency_list(match, wordlist="best")
    except (LookupError, ValueError, OSError):
        return {}
    finally:
        # wordfreq keeps every list it read (600,000 words for German): drop it, keep ours
        clear = getattr(get_frequency_list, "cache_clear", None)
        if clear is not None:
            clear()
    out: dict[str, float] = {}
    for i, words_ in enumerate(bins):  # bin i holds the words of frequency 10^(-i/100)
        z = 9.0 - i / 100.0
        if z < ZIPF_MIN:
            break
        for w in words_:
            out[w] = z
    return out


def _fold(token: str) -> str:
    """A word as wordfreq's lists spell it: case-folded, so "groß" is "gross" (class: words
    with ß, which ``str.lower`` keeps and the lists never hold: each was an unknown word)."""
    return token.casefold()


def zipf(token: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of ``token`` in general ``lang`` text; 0 when
    rarer than ``ZIPF_MIN`` or unknown."""
    return _frequencies(lang).get(_fold(token), 0.0)


def background_idf(zipfs: Any) -> Any:
    """An IDF from general-language frequency: 1 for the commonest words, about 9 for unseen.

    Zipf values are capped at ``ZIPF_MAX``; each Zipf unit below it adds ln(10)/2 (one tenth the
    frequency is worth half a natural log unit, on the scale of the day's smoothed IDF).
    """
    import numpy as np

    return (ZIPF_MAX - np.minimum(zipfs, ZIPF_MAX)) * (math.log(10) / 2) + 1.0


def _normalize_rows(matrix: csr_matrix) -> None:
    """Scale each CSR row to unit L2 norm in place (empty rows stay zero), as scikit-learn's
    ``normalize``: importing scikit-learn for this alone cost a second of every build."""
    import numpy as np

    lengths = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    norms = np.sqrt(np.bincount(rows, weights=np.square(matrix.data), minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, lengths)


def term_vectors(
    docs: Iterable[Mapping[str, float]],
    prune: bool = False,
    background: Mapping[str, float] | None = None,
    featurizers: Mapping[str, _Featurizer] | None = None,
) -> _Vectors:
    """Log-TF x smoothed-IDF vectors (L2-normalised) of weighted term counts, as CSR rows.

    ``docs`` may be a generator: each is read once, so a day's term dicts need not all be in
    memory at once. With ``prune``, terms in more than ``max_df(n)`` documents are dropped first.
    With
    ``background`` (term -> Zipf frequency in general text), the IDF is the mean of the day's
    IDF and ``background_idf``: a term the day repeats because one event dominates it keeps the
    weight its general rarity gives it. With ``featurizers`` (those that made ``docs``) a term
    also counts its base among the day's terms, ``BASE_WEIGHT`` times its own count
    (``day_bases``).
    """
    from array import array

    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    # 32-bit positions (a day has far fewer than 2**31 terms): half the index memory
    indptr = array("i", [0])
    indices = array("i")
    data = array("d")
    for counts in docs:
        for term in sorted(counts):
            indices.append(vocab.setdefault(term, len(vocab)))
            data.append(math.log1p(counts[term]))
        indptr.append(len(indices))
    counts_m = csr_matrix(
        (np.frombuffer(data, dtype=np.float64), np.frombuffer(indices, dtype=np.int32), indptr),
        shape=(len(indptr) - 1, max(len(vocab), 1)),
    )
    del data, indices
    counts_m.sort_indices()
    bases = None
    if featurizers is not None:
        bases = day_bases(vocab, featurizers)
        if bases.nnz:
            counts_m = (counts_m + BASE_WEIGHT * (counts_m @ bases)).tocsr()
            counts_m.sort_indices()
    df = np.bincount(counts_m.indices, minlength=counts_m.shape[1])
    n = len(indptr) - 1
    keep = np.flatnonzero(df <= max_df(n))
    if prune and 0 < len(keep) < len(df):
        counts_m = counts_m[:, keep].tocsr()
        if bases is not None:
            bases = bases[keep][:, keep].tocsr()
        inverse = {i: k for k, i in enumerate(keep.tolist())}
        vocab = {t: inverse[i] for t, i in vocab.items() if i in inverse}
        df = df[keep]
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0  # as scikit-learn's smooth_idf
    if background is not None:
        z = np.zeros(len(df))
        for term, i in vocab.items():
            z[i] = background.get(term, 0.0)
        idf = (1.0 - BACKGROUND_WEIGHT) * idf + BACKGROUND_WEIGHT * background_idf(z)
    matrix = counts_m if counts_m.data.flags.writeable else counts_m.copy()
    matrix.data = matrix.data * idf[matrix.indices]
    _normalize_rows(matrix)
    return _Vectors(matrix=matrix, vocabulary=vocab, df=df, bases=bases)


def day_bases(vocabulary: Mapping[str, int], featurizers: Mapping[str, _Featurizer]) -> csr_matrix:
    """Terms x terms, 1 where the second term is the first's base: its longest beginning of
    ``BASE_MIN`` letters or more that is another of the day's terms, when the rest (at most
    ``BASE_REST`` letters) is an ending of ``_BASE_ENDINGS`` or another of the day's terms of
    four letters or more, and the base is not already one of the word's compound parts.

    Class: forms of one word that the stemmer leaves apart and compounds of a modifier too
    rare for the frequency list: "steigt" / "steigen", "Obamas" / "Obama", "Königin" /
    "König", "Entwicklungsministerin" / "Entwicklungsministerium", "Rohölpreise" / "Rohöl"
    ("Rohöl" has Zipf 2.99). Short texts name an event in such varying forms; the base
    counts ``BASE_WEIGHT``, so a false base ("Palästina" / "Palast") adds little."""
    known = set(_compound_pairs(featurizers))
    rows: list[int] = []
    cols: list[int] = []
    get = vocabulary.get
    for term, i in vocabulary.items():
        for k in range(len(term) - 1, max(BASE_MIN, len(term) - BASE_REST) - 1, -1):
            j = get(term[:k])
            if j is None:
                continue
            rest = term[k:]
            if rest in _BASE_ENDINGS or (len(rest) >= 4 and rest in vocabulary):
                if (term, term[:k]) not in known:
                    rows.append(i)
                    cols.append(j)
                break
    return _term_pairs(rows, cols, len(vocabulary))


def _compound_pairs(featurizers: Mapping[str, _Featurizer]) -> Iterator[tuple[str, str]]:
    """(whole term, part) of every compound the featurizers split: its head, modifier or
    hyphenated parts ("bundeswehr", "wehr")."""
    for f in featurizers.values():
        for tok, found in f.parts.items():
            whole = f.info[tok][0] or ""
            for part, _ in found:
                yield whole, part


def _term_pairs(rows: list[int], cols: list[int], n: int) -> csr_matrix:
    """Terms x terms (``n`` of them), 1 at each (row, col) pair, a pair given twice once."""
    import numpy as np
    from scipy.sparse import csr_matrix as csr

    n = max(n, 1)
    m = csr((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    m.data[:] = 1.0
    return m


def _blocks(x: csr_matrix, budget: int = _BLOCK_PRODUCTS) -> list[tuple[int, int]]:
    """Row ranges whose similarity products stay within ``budget`` entries each.

    A row's product has at most sum(df of its terms) entries: counting them first keeps a block
    of a day of near-identical items as small in memory as one of ordinary news.
    """
    import numpy as np

    df = np.bincount(x.indices, minlength=x.shape[1])
    running = np.concatenate([[0], np.cumsum(df[x.indices])])
    cost = running[x.indptr[1:]] - running[x.indptr[:-1]]
    out: list[tuple[int, int]] = []
    lo, acc = 0, 0
    for i, c in enumerate(cost.tolist()):
        if i > lo and (acc + c > budget or i - lo >= _CHUNK):
            out.append((lo, i))
            lo, acc = i, 0
        acc += c
    if lo < x.shape[0]:
        out.append((lo, x.shape[0]))
    return out


def _components(x: csr_matrix, threshold: float) -> list[Any]:
    """Connected groups of the graph "cosine >= threshold", never holding all its edges.

    Blocks of rows are multiplied one at a time; after each, the edges found so far are reduced
    to a spanning forest (every member linked to its group's smallest row), so memory follows
    the number of articles, not the number of similar pairs (all n² on a day of copies).
    """
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = x.shape[0]
    xt = x.T.tocsr()
    labels = np.arange(n)
    for lo, hi in _blocks(x):
        block = (x[lo:hi] @ xt).tocoo()
        keep = (block.data >= threshold - 1e-12) & (block.col > block.row + lo)
        rows = np.concatenate([block.row[keep] + lo, np.arange(n)])
        cols = np.concatenate([block.col[keep], labels])
        del block
        graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
        _, comp = connected_components(graph, directed=False)
        first = np.full(comp.max() + 1, n)
        np.minimum.at(first, comp, np.arange(n))
        labels = first[comp]
    order = np.argsort(labels, kind="stable")
    splits = np.flatnonzero(np.diff(labels[order])) + 1
    return list(np.split(order, splits))


def _average_link(
    x: csr_matrix,
    members: Any,
    threshold: float,
    scale: Any = None,
    kinds: Any = None,
    parts: csr_matrix | None = None,
) -> list[list[int]]:
    """Exact average-link clusters of ``members`` (row indices), cut at cosine ``threshold``.

    With ``scale`` (per row, see ``short_text_scale``) the rows of ``x`` are scaled ones: the
    scaling is undone for a pair that shares fewer than ``SHORT_MIN_SHARED`` terms. With
    ``kinds`` (per row, see ``standalone_kind``) a pair of two kinds, one of them a market
    report or a roundup, counts ``STANDALONE_DAMP``."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(members) < 2:
        return [[int(m) for m in members]]
    sub = x[members]
    dist = (sub @ sub.T).toarray()
    if scale is not None:
        _unscale_weak_pairs(sub, dist, scale[members], parts)
    if kinds is not None:
        k = kinds[members]
        dist[(k[:, None] != k[None, :]) & ((k[:, None] > 0) | (k[None, :] > 0))] *= STANDALONE_DAMP
    np.subtract(1.0, dist, out=dist)
    np.clip(dist, 0.0, 2.0, out=dist)
    np.fill_diagonal(dist, 0.0)
    condensed = squareform(dist, checks=False)
    del dist
    tree = linkage(condensed, method="average")
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    groups: dict[int, list[int]] = {}
    for m, lab in zip(members, labels, strict=True):
        groups.setdefault(int(lab), []).append(int(m))
    return list(groups.values())


def _unscale_weak_pairs(
    sub: csr_matrix, sim: Any, scale: Any, parts: csr_matrix | None = None
) -> None:
    """Undo, in place, the scaling of pairs with a short text that share too few words:
    terms, less (with ``parts``, see ``word_parts``) the parts a pair shares along with
    their word (a shared "Bundeswehr" is one word, not three terms)."""
    import numpy as np

    short = np.flatnonzero(scale > 1.0)
    if not len(short):
        return
    binary = sub.copy()
    binary.data[:] = 1.0
    shared = binary[short] @ binary.T  # short rows x all rows, sparse
    if parts is not None and WORD_EVIDENCE and parts.nnz:
        whole, part = parts.nonzero()
        both = binary[:, whole].multiply(binary[:, part]).tocsr()  # row holds word and part
        shared = shared - both[short] @ both.T
    weak = shared.toarray() < SHORT_MIN_SHARED
    rows = sim[short]
    np.divide(rows, np.outer(scale[short], scale), out=rows, where=weak)
    sim[short] = rows
    sim[:, short] = rows.T


def _merge_groups(x: csr_matrix, groups: list[list[int]], threshold: float) -> list[list[int]]:
    """Average linkage over groups of rows (not single rows), exact, cut at ``threshold``.

    With L2-normalised rows the mean cosine between two groups is the dot product of their sum
    vectors divided by both sizes, so an m x m matrix of groups replaces the n x n one of
    articles. Reciprocal nearest neighbours are merged (the nearest-neighbour chain; exact for
    average linkage) and a group whose best link is below the threshold is final.
    """
    import numpy as np
    from scipy.sparse import csr_matrix as csr

    m = len(groups)
    if m <= 1:
        return groups
    rows = np.concatenate([np.full(len(g), k) for k, g in enumerate(groups)])
    cols = np.concatenate([np.asarray(g) for g in groups])
    member_of = csr((np.ones(len(rows)), (rows, cols)), shape=(m, x.shape[0]))
    sums = member_of @ x
    size = np.asarray([len(g) for g in groups], dtype=np.float64)
    sim = (sums @ sums.T).toarray() / np.outer(size, size)
    np.fill_diagonal(sim, -np.inf)
    active = np.ones(m, dtype=bool)
    members = [list(g) for g in groups]
    done: list[list[int]] = []
    chain: list[int] = []
    while active.any():
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        a = chain[-1]
        row = np.where(active, sim[a], -np.inf)
        row[a] = -np.inf
        b = int(np.argmax(row))
        if len(chain) > 1 and row[chain[-2]] >= row[b]:
            b = chain[-2]  # ties go back along the chain, so it cannot cycle
        if row[b] < threshold - 1e-12:
            active[a] = False  # its best link is too weak: averages with it only fall
            done.append(members[a])
            chain.pop()
            continue
        if len(chain) > 1 and b == chain[-2]:
            chain.pop()
            chain.pop()
            new = (size[a] * sim[a] + size[b] * sim[b]) / (size[a] + size[b])
            sim[a], sim[:, a] = new, new
            sim[a, a] = -np.inf
            active[b] = False
            size[a] += size[b]
            members[a].extend(members[b])
            members[b] = []
            continue
        chain.append(b)
    return done


def _cluster_component(
    x: csr_matrix,
    comp: Any,
    threshold: float,
    scale: Any = None,
    kinds: Any = None,
    parts: csr_matrix | None = None,
) -> list[list[int]]:
    """Average-link clusters of one connected group, bounded in memory and time.

    Up to ``MAX_COMPONENT`` articles: exact. A larger group (a day of near-identical items, or
    stories chaining into each other) is cut into slices of ``MAX_COMPONENT`` articles (by id),
    clustered exactly within each slice, and the slices' clusters are then joined by exact
    average linkage between clusters (``_merge_groups``), slice by slice again while there are
    too many: never more than a ``MAX_COMPONENT``² matrix at once.
    """
    if len(comp) < 2:
        return [[int(i) for i in comp]]
    if len(comp) <= MAX_COMPONENT:
        exact = _average_link(x, comp, threshold, scale, kinds, parts)
        if scale is not None and SHORT_CENTROID_JOIN and len(exact) > 1:
            return _centroid_join(x, exact, threshold, scale, kinds, parts)
        return exact
    log.debug("average linkage in slices for a group of %d articles", len(comp))
    ordered = sorted(int(i) for i in comp)
    groups: list[list[int]] = []
    for lo in range(0, len(ordered), MAX_COMPONENT):
        groups.extend(_average_link(x, ordered[lo : lo + MAX_COMPONENT], threshold, scale, kinds))
    # between the slices' clusters: the scaled rows, without the pair guard or the damping
    while True:
        groups.sort(key=min)
        if len(groups) <= MAX_COMPONENT:
            return _merge_groups(x, groups, threshold)
        merged: list[list[int]] = []
        for lo in range(0, len(groups), MAX_COMPONENT):
            merged.extend(_merge_groups(x, groups[lo : lo + MAX_COMPONENT], threshold))
        if len(merged) == len(groups):  # no slice could merge anything: stop here
            return merged
        groups = merged


def _centroid_join(
    x: csr_matrix,
    groups: list[list[int]],
    threshold: float,
    scale: Any,
    kinds: Any = None,
    parts: csr_matrix | None = None,
) -> list[list[int]]:
    """Join, best pair first, clusters of which one holds a short text (``scale`` > 1) while
    the cosine of their centroids (summed rows, the short texts' scaling undone) reaches
    ``threshold``.

    Class: stories told in short texts (RSS teasers of several outlets: a headline and a
    sentence or two). Each teaser names one facet of the event (the vote, the oath, the
    congratulations) and shares only the event's core words with most others, so the *mean*
    cosine of two such groups stays below the threshold even where every report names the
    event; the summed vectors keep the core words the reports share and average the facets
    out (the centroid of topic detection and tracking). Pairs of two groups of full articles
    keep average linkage alone. With ``kinds`` (see ``standalone_kind``) a market report or
    roundup joins only a group of its own kind."""
    import numpy as np
    from scipy.sparse import csr_matrix as csr

    m = len(groups)
    rows = np.concatenate([np.full(len(g), k) for k, g in enumerate(groups)])
    cols = np.concatenate([np.asarray(g) for g in groups])
    member_of = csr((1.0 / scale[cols], (rows, cols)), shape=(m, x.shape[0]))
    sums = member_of @ x  # the groups' summed rows, the short texts' scaling undone
    dots = (sums @ sums.T).toarray()
    rows_ = [sums[k] for k in range(m)]
    blocked = np.zeros((m, m), dtype=bool)
    short = np.asarray([bool((scale[g] > 1.0).any()) for g in groups])
    kind = np.asarray([int(kinds[g].max()) for g in groups]) if kinds is not None else None
    members = [list(g) for g in groups]
    active = np.ones(m, dtype=bool)
    while True:
        norms = np.sqrt(np.maximum(np.diag(dots), 1e-30))
        sim = dots / np.outer(norms, norms)
        allowed = (short[:, None] | short[None, :]) & active[:, None] & active[None, :]
        if kind is not None:
            allowed &= kind[:, None] == kind[None, :]
        np.fill_diagonal(allowed, False)
        sim[~allowed | blocked] = -np.inf
        a, b = divmod(int(np.argmax(sim)), m)
        if sim[a, b] < threshold - 1e-12:
            break
        a, b = min(a, b), max(a, b)
        if _top_term_share(rows_[a], rows_[b], parts) > CENTROID_TOP_SHARE:
            blocked[a, b] = blocked[b, a] = True  # one shared word (a city, a party) alone
            continue
        rows_[a] = rows_[a] + rows_[b]
        blocked[a] = blocked[:, a] = False
        dots[a] += dots[b]
        dots[:, a] += dots[:, b]
        active[b] = False
        short[a] |= short[b]
        members[a].extend(members[b])
        members[b] = []
    return [g for g in members if g]


def _top_term_share(a: csr_matrix, b: csr_matrix, parts: csr_matrix | None = None) -> float:
    """The largest share one word has in the dot product of two (1 x terms) rows: one term's,
    or with ``parts`` (see ``word_parts``) a term's together with its shared parts."""
    c = a.multiply(b).tocsr()
    total = float(c.data.sum())
    if total <= 0:
        return 1.0
    if parts is not None and WORD_EVIDENCE:
        grouped = (c + c @ parts.T).multiply(c > 0)  # a word with the parts it shares
        return float(grouped.max()) / total
    return float(c.data.max()) / total


def word_parts(vocabulary: Mapping[str, int], featurizers: Mapping[str, _Featurizer]) -> csr_matrix:
    """Terms x terms, 1 where the second term is a part of the first (a compound's head,
    modifier or hyphenated part: "bundeswehr" -> "wehr", "bund"), both in ``vocabulary``.

    Class: one shared compound counted as several pieces of evidence. "Lockdown" gives
    lockdown, lock and down, "Omikron-Variante" three terms too: two reports that share only
    that word pass a guard asking for two shared terms, or for no term carrying more than
    3/4 of their similarity, though they share one word (``_unscale_weak_pairs``,
    ``_top_term_share``)."""
    rows: list[int] = []
    cols: list[int] = []
    for whole_term, part in _compound_pairs(featurizers):
        whole, col = vocabulary.get(whole_term), vocabulary.get(part)
        if whole is not None and col is not None and col != whole:
            rows.append(whole)
            cols.append(col)
    return _term_pairs(rows, cols, len(vocabulary))  # a pair found through several tokens: once


def short_text_scale(x: csr_matrix) -> Any:
    """Per row, the factor its cosines are scaled by (class: RSS teasers and other items of a
    headline and a sentence or two); 1 for a full article.

    Two reports of one event share a few core words whatever their length; in a text of 15
    terms those few give a cosine of about 0.1, in one of 150 terms (with the facts around
    them) 0.2 or more. So a row of ``n`` < ``SHORT_TERMS`` distinct terms gets
    ``(SHORT_TERMS / n) ** SHORT_EXPONENT``, at most ``SHORT_MAX_SCALE``: the similarity of
    two teasers grows by at most 1.44, of a teaser and a full article by at most 1.2, of two
    full articles not at all. Guards against merging different events that share one word (a
    city, a party): the cap, and only pairs that share ``SHORT_MIN_SHARED`` terms or more are
    scaled (``_average_link``).
    """
    import numpy as np

    terms = np.maximum(np.diff(x.indptr), 1).astype(np.float64)
    return np.minimum(np.maximum(SHORT_TERMS / terms, 1.0) ** SHORT_EXPONENT, SHORT_MAX_SCALE)


def _scale_rows(x: csr_matrix, scale: Any) -> None:
    """Multiply each row of ``x`` by its ``scale``, in place (no copy of the matrix)."""
    import numpy as np

    x.data *= np.repeat(scale, np.diff(x.indptr))


class _Background(Mapping[str, float]):
    """The Zipf frequencies the featurizers found, read once they are done (after the day's
    terms were all computed): ``term_vectors`` reads it only after its single pass."""

    def __init__(self, featurizers: Mapping[str, _Featurizer]) -> None:
        self._featurizers = featurizers
        self._merged: dict[str, float] | None = None

    def _all(self) -> dict[str, float]:
        if self._merged is None:
            self._merged = {}
            for f in self._featurizers.values():
                self._merged.update(f.zipfs)
        return self._merged

    def __getitem__(self, key: str) -> float:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _sort_key(a: Article) -> tuple[str, str]:
    return (a.id, a.path)


def cluster_day(
    articles: Sequence[Article], threshold: float = DEFAULT_THRESHOLD
) -> list[list[Article]]:
    """Stories of one day: average-link clusters of TF-IDF vectors at cosine ``threshold``.

    Pure and deterministic: the result does not depend on the input order. Members are sorted
    by article id; clusters by size (largest first), then by their first member's id.
    """
    docs = sorted(articles, key=_sort_key)
    if len(docs) <= 1:
        return [list(docs)] if docs else []
    template = template_paragraphs(docs)
    labels = title_labels(docs) if LABEL_WEIGHT != TITLE_WEIGHT else frozenset()
    featurizers: dict[str, _Featurizer] = {}
    # one article's term dict at a time (all of a 10,000-article day's take 200 MiB)
    terms = (
        article_terms(a, template.get(a.id, frozenset()), featurizers, a.id in labels) for a in docs
    )
    vectors = term_vectors(
        terms, prune=True, background=_Background(featurizers), featurizers=featurizers
    )
    x = vectors.matrix
    scale = short_text_scale(x)
    short = bool((scale > 1.0).any())
    if short:  # the graph of the scaled rows holds every pair the guarded scaling can link
        _scale_rows(x, scale)
    import numpy as np

    kinds = np.asarray([standalone_kind(a) for a in docs]) if STANDALONE_DAMP != 1.0 else None
    if kinds is not None and not kinds.any():
        kinds = None
    parts = word_parts(vectors.vocabulary, featurizers) if short else None
    if parts is not None and vectors.bases is not None:
        parts = parts + vectors.bases  # a form and its base are one word too
    groups: list[list[int]] = []
    for comp in _components(x, threshold):
        groups.extend(
            _cluster_component(x, comp, threshold, scale if short else None, kinds, parts)
        )
    clusters = [[docs[i] for i in sorted(g)] for g in groups]
    clusters.sort(key=lambda c: (-len(c), _sort_key(c[0])))
    return clusters
