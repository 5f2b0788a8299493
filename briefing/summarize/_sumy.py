"""The sumy adapter: every sumy algorithm ranks the usable sentences of a story.

The document is built from our own sentences with sumy's DOM classes (one sumy paragraph per
article) rather than re-parsed by ``PlaintextParser``: that keeps each sentence's provenance,
uses the same German splitter, and keeps headings and fragments out. sumy's ranking is read
through the ``sentences_count`` hook (a callable that receives the sentences best first).
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from ..text import SumyTokenizer, stop_words
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
# True: run sumy's own (pure-Python, quadratic) LexRank/TextRank/LSA instead of the
# vectorized ones (the tests compare the two; nothing else should set it).
SUMY_LOOPS = False
VECTOR_ALGORITHMS = ("lexrank", "textrank", "lsa")  # computed by _vector.py
# The other sumy algorithms (luhn, edmundson, kl, sumbasic, reduction, random) see at most this
# many sentences of a story: each report's first ones (documented in docs/ARCHITECTURE.md).
SUMY_MAX_SENTENCES = 150
SUMY_MAX_SENTENCES_KL = 40  # KL re-scores the whole summary for every candidate
_STEMMER_LANG = {"de": "german", "en": "english", "fr": "french", "es": "spanish",
                 "it": "italian", "pt": "portuguese", "nl": "dutch", "ru": "russian"}  # fmt: skip


def _summarizer(algorithm: str, language: str, key_words: Sequence[str] = ()) -> Any:
    from sumy.nlp.stemmers import Stemmer, null_stemmer
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
        "edmundson": EdmundsonSummarizer,
        "kl": KLSummarizer,
        "sumbasic": SumBasicSummarizer,
        "reduction": ReductionSummarizer,
        "random": RandomSummarizer,
    }
    name = _STEMMER_LANG.get(language)
    stemmer = Stemmer(name) if name else null_stemmer
    summarizer = classes[algorithm](stemmer)
    stops = stop_words(language)
    if algorithm == "edmundson":
        # Cue words need hand-made lists sumy does not ship: Edmundson here rates by key words
        # (the story's most frequent content words, as "bonus" words) and location.
        summarizer = EdmundsonSummarizer(
            stemmer, cue_weight=0.0, key_weight=1.0, title_weight=0.0, location_weight=1.0
        )
        summarizer.null_words = stops
        summarizer.bonus_words = tuple(key_words) or ("_",)
    else:
        summarizer.stop_words = stops
    return summarizer


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


def _sumy_words(summarizer: Any, document: Any, algorithm: str) -> list[list[str]]:
    """Each sentence's terms exactly as sumy's ``algorithm`` builds them."""
    stems: dict[str, str] = {}

    def stem(w: str) -> str:
        got = stems.get(w)
        if got is None:
            got = stems[w] = summarizer.stem_word(w)
        return got

    if algorithm != "lsa":
        stops = summarizer.stop_words
        return [
            [stem(w) for w in map(summarizer.normalize_word, s.words) if w not in stops]
            for s in document.sentences
        ]
    # LSA: the dictionary holds the stems of the document's non-stop words; a sentence counts
    # every word whose stem is in it (sumy stems the raw word there, stop word or not).
    stops = summarizer._stop_words
    dictionary = {stem(w) for w in map(summarizer.normalize_word, document.words) if w not in stops}
    return [[t for t in map(stem, s.words) if t in dictionary] for s in document.sentences]


def rank_sumy(cands: Sequence[Candidate], algorithm: str, language: str) -> list[Candidate]:
    """Usable candidates ranked best first by the sumy ``algorithm``."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    usable = [c for c in cands if not c.fragment]
    if not usable:
        return []
    cap = SUMY_MAX_SENTENCES_KL if algorithm == "kl" else SUMY_MAX_SENTENCES
    if algorithm not in VECTOR_ALGORITHMS and len(usable) > cap:
        # sumy's other algorithms are quadratic pure Python: they rank each report's leading
        # sentences, at most SUMY_MAX_SENTENCES in all (the rest follow in document order).
        keep = {id(c) for c in sorted(usable, key=lambda c: (c.position, c.article_index))[:cap]}
        rest = [c for c in usable if id(c) not in keep]
        return rank_sumy([c for c in usable if id(c) in keep], algorithm, language) + rest
    tokenizer = SumyTokenizer(language)
    by_article: dict[int, list[Any]] = {}
    owner: dict[int, Candidate] = {}
    for c in usable:
        s = Sentence(c.text, tokenizer)
        owner[id(s)] = c
        by_article.setdefault(c.article_index, []).append(s)
    document = ObjectDocumentModel(tuple(Paragraph(v) for v in by_article.values()))
    ranked: list[Any] = []

    def record(infos: list[Any]) -> list[Any]:
        ranked.extend(i.sentence for i in infos)
        return infos

    key_words: list[str] = []
    if algorithm == "edmundson":
        from collections import Counter

        stops = stop_words(language)
        counts = Counter(
            w.lower()
            for c in usable
            for w in tokenizer.to_words(c.text)
            if w.isalpha() and len(w) > 2 and w.lower() not in stops
        )
        key_words = [w for w, _ in counts.most_common(20)]
    summarizer = _summarizer(algorithm, language, key_words)
    if algorithm in VECTOR_ALGORITHMS and not SUMY_LOOPS:
        from ._vector import rate_sentences  # numpy/scipy: imported when used

        sentences = list(document.sentences)
        ratings = rate_sentences(algorithm, _sumy_words(summarizer, document, algorithm))
        # sumy's order: rating descending, document order among equals (a stable sort)
        order = sorted(range(len(sentences)), key=lambda i: -float(ratings[i]))
        ranked = [sentences[i] for i in order]
        out = [owner[id(s)] for s in ranked if id(s) in owner]
        seen = {id(c) for c in out}
        out.extend(c for c in usable if id(c) not in seen)
        return out
    with warnings.catch_warnings():
        # sumy's LexRank divides by a zero norm on tiny documents (harmless, but noisy).
        warnings.simplefilter("ignore", RuntimeWarning)
        _run(summarizer, document, record, algorithm)
    out = [owner[id(s)] for s in ranked if id(s) in owner]
    seen = {id(c) for c in out}
    # Some algorithms rate only part of the document; the rest follow in document order.
    out.extend(c for c in usable if id(c) not in seen)
    return out
