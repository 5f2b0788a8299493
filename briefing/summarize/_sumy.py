"""sumy's algorithms rank the usable sentences of a story, computed without importing sumy.

The document is our own sentences (one sumy paragraph per report, in report order), so each
sentence keeps its provenance, the German splitter is ours, and headings and fragments stay out.
Ratings come from ``_vector.py`` (LexRank, TextRank, LSA on matrices) and ``_native.py`` (the
others); both equal sumy's own code run with the same words and stemmer (PyStemmer's Snowball),
which ``SUMY_LOOPS`` still runs (the tests compare the two; importing sumy's summarizers imports
NLTK, about 2 s of CPU). Equal ratings keep document order, as sumy's stable sort does.
"""

from __future__ import annotations

import random
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ..text import SumyTokenizer, stem, stop_words, words
from ._candidates import Candidate

__all__ = ["SUMY_ALGORITHMS", "rank_sumy"]

SUMY_ALGORITHMS = (
    "lexrank",
    "textrank",
    "lsa",
    "luhn",
    "edmundson",
    "kl",
    "sumbasic",
    "reduction",
    "random",
)
# True: run sumy's own (pure-Python, quadratic) code instead of ours (the tests compare the
# two; nothing else should set it).
SUMY_LOOPS = False
VECTOR_ALGORITHMS = ("lexrank", "textrank", "lsa")  # computed by _vector.py, the rest _native.py
# KL-Sum re-scores every candidate against the summary so far for each sentence it adds (n^2
# rows of the vocabulary): it ranks each report's leading sentences, at most this many in all
# (the rest follow in document order; documented in docs/ARCHITECTURE.md).
SUMY_MAX_SENTENCES_KL = 150


def _summarizer(algorithm: str, language: str, key_words: Sequence[str] = ()) -> Any:
    """sumy's own summarizer for ``algorithm``, stemming as ours do (for ``SUMY_LOOPS``)."""
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.random import RandomSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes: dict[str, Callable[..., Any]] = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "kl": KLSummarizer,
        "sumbasic": SumBasicSummarizer,
        "reduction": ReductionSummarizer,
        "random": RandomSummarizer,
    }
    stemmer = _stemmer(language)
    stops = stop_words(language)
    if algorithm == "edmundson":
        # Cue words need hand-made lists sumy does not ship: Edmundson here rates by key words
        # (the story's most frequent content words, as "bonus" words) and location.
        summarizer = EdmundsonSummarizer(
            stemmer, cue_weight=0.0, key_weight=1.0, title_weight=0.0, location_weight=1.0
        )
        summarizer.null_words = stops
        summarizer.bonus_words = tuple(key_words) or ("_",)
        return summarizer
    summarizer = classes[algorithm](stemmer)
    summarizer.stop_words = stops
    return summarizer


def _stemmer(language: str) -> Callable[[str], str]:
    """A cached stem function for ``language`` (Snowball via PyStemmer, else lower case)."""
    cache: dict[str, str] = {}

    def stem_word(word: str) -> str:
        got = cache.get(word)
        if got is None:
            got = cache[word] = stem(word, language)
        return got

    return stem_word


def _vector_words(
    sentences: Sequence[Sequence[str]], algorithm: str, language: str
) -> list[list[str]]:
    """Each sentence's terms exactly as sumy's LexRank/TextRank (stems of the non-stop words)
    or LSA (every word whose stem is among the document's non-stop stems) build them."""
    stem_word = _stemmer(language)
    stops = stop_words(language)
    if algorithm != "lsa":
        return [[stem_word(w.lower()) for w in s if w.lower() not in stops] for s in sentences]
    dictionary = {stem_word(w.lower()) for s in sentences for w in s if w.lower() not in stops}
    return [[t for t in (stem_word(w.lower()) for w in s) if t in dictionary] for s in sentences]


def _key_words(texts: Sequence[Sequence[str]], language: str) -> list[str]:
    """Edmundson's bonus words: the story's 20 most frequent content words."""
    stops = stop_words(language)
    counts = Counter(
        w.lower() for s in texts for w in s if w.isalpha() and len(w) > 2 and w.lower() not in stops
    )
    return [w for w, _ in counts.most_common(20)]


def _ratings(
    algorithm: str, sentences: Sequence[Sequence[str]], paragraphs: Sequence[int], language: str
) -> list[float]:
    """Our ratings of ``sentences`` (higher is better), equal to sumy's."""
    key_words = _key_words(sentences, language) if algorithm == "edmundson" else ()
    if algorithm in VECTOR_ALGORITHMS:
        from ._vector import rate_sentences  # numpy/scipy: imported when used

        got = rate_sentences(algorithm, _vector_words(sentences, algorithm, language))
    else:
        from ._native import rate_native

        doc = (sentences, paragraphs)
        got = rate_native(algorithm, doc, stop_words(language), _stemmer(language), key_words)
    return [float(x) for x in got]


def _sumy_order(
    algorithm: str, texts: Sequence[str], paragraphs: Sequence[int], language: str
) -> list[int]:
    """sumy's own ranking (indices into ``texts``, best first), read through its
    ``sentences_count`` hook (a callable that receives the sentences best first)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = SumyTokenizer(language)
    sents = [Sentence(t, tokenizer) for t in texts]
    groups: dict[int, list[Any]] = {}
    for s, p in zip(sents, paragraphs, strict=True):
        groups.setdefault(p, []).append(s)
    document = ObjectDocumentModel(tuple(Paragraph(v) for v in groups.values()))
    key_words = _key_words([s.words for s in sents], language) if algorithm == "edmundson" else ()
    summarizer = _summarizer(algorithm, language, key_words)
    ranked: list[Any] = []

    def record(infos: list[Any]) -> list[Any]:
        ranked.extend(i.sentence for i in infos)
        return infos

    with warnings.catch_warnings():
        # sumy's LexRank divides by a zero norm on tiny documents (harmless, but noisy).
        warnings.simplefilter("ignore", RuntimeWarning)
        _run(summarizer, document, record, algorithm)
    index = {id(s): i for i, s in enumerate(sents)}
    return [index[id(s)] for s in ranked if id(s) in index]


def _run(summarizer: Any, document: Any, record: Callable[..., Any], algorithm: str) -> None:
    if algorithm != "random":
        summarizer(document, record)
        return
    # Deterministic "random": a fixed seed, without disturbing the caller's random state.
    state = random.getstate()
    random.seed(0)
    try:
        summarizer(document, record)
    finally:
        random.setstate(state)


def rank_sumy(cands: Sequence[Candidate], algorithm: str, language: str) -> list[Candidate]:
    """Usable candidates ranked best first by the sumy ``algorithm``."""
    usable = [c for c in cands if not c.fragment]
    if not usable:
        return []
    if algorithm == "kl" and len(usable) > SUMY_MAX_SENTENCES_KL:
        keep = sorted(usable, key=lambda c: (c.position, c.article_index))[:SUMY_MAX_SENTENCES_KL]
        kept = {id(c) for c in keep}
        rest = [c for c in usable if id(c) not in kept]
        return rank_sumy([c for c in usable if id(c) in kept], algorithm, language) + rest
    # sumy's document order: report by report, in the order the reports first appear
    first: dict[int, int] = {}
    for c in usable:
        first.setdefault(c.article_index, len(first))
    ordered = sorted(usable, key=lambda c: first[c.article_index])  # stable within a report
    paragraphs = [c.article_index for c in ordered]
    if SUMY_LOOPS:
        order = _sumy_order(algorithm, [c.text for c in ordered], paragraphs, language)
    else:
        ratings = _ratings(algorithm, [words(c.text) for c in ordered], paragraphs, language)
        # rating descending, document order among equals (sumy's stable sort); the rounding
        # keeps ratings that are equal in exact arithmetic equal, however the floats were summed
        order = sorted(range(len(ordered)), key=lambda i: -round(ratings[i], 12))
    out = [ordered[i] for i in order]
    seen = {id(c) for c in out}
    # Some algorithms rate only part of the document; the rest follow in document order.
    out.extend(c for c in ordered if id(c) not in seen)
    return out
