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


def rank_sumy(cands: Sequence[Candidate], algorithm: str, language: str) -> list[Candidate]:
    """Usable candidates ranked best first by the sumy ``algorithm``."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    usable = [c for c in cands if not c.fragment]
    if not usable:
        return []
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
    with warnings.catch_warnings():
        # sumy's LexRank divides by a zero norm on tiny documents (harmless, but noisy).
        warnings.simplefilter("ignore", RuntimeWarning)
        _run(summarizer, document, record, algorithm)
    out = [owner[id(s)] for s in ranked if id(s) in owner]
    seen = {id(c) for c in out}
    # Some algorithms rate only part of the document; the rest follow in document order.
    out.extend(c for c in usable if id(c) not in seen)
    return out
