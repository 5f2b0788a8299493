"""Extractive summaries of stories (several articles) and of single texts, in the source language.

Every algorithm ranks the usable body sentences of a story (headings and fragments never
compete); one shared selection then drops sentences that repeat one already chosen, stops at
``sentences`` or ``words``, and puts the result in reading order (article time, then position).

- ``default``: news structure first (the lead sentences of each independent report), then
  LexRank centrality over all articles of the story, sentence length, numbers, readability.
- ``lead``: the first sentences of each report, round robin over the articles.
- every sumy algorithm (:data:`SUMY_ALGORITHMS`), through a small adapter.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Sequence

from ..errors import ConfigError
from ..models import Article, Paragraph, Sentence
from ..text import words as _words
from ._candidates import Candidate, candidates, first_lines, fragment_reason, lead_lines
from ._select import drop_repeats, rank_default, rank_lead, select
from ._sumy import SUMY_ALGORITHMS, rank_sumy

__all__ = [
    "ALGORITHMS",
    "SUMY_ALGORITHMS",
    "UnknownAlgorithm",
    "apply_budget",
    "by_facets",
    "fragment_reason",
    "is_question",
    "not_only_questions",
    "summarize_story",
    "summarize_text",
    "text_to_article",
]

log = logging.getLogger(__name__)

ALGORITHMS: tuple[str, ...] = ("default", "lead", *SUMY_ALGORITHMS)
# Sentences read per article for default/lead: ceil(DEPTH_FACTOR * wanted / articles), at least
# MIN_DEPTH (one article, 5 sentences: 150, i.e. all; 200 articles: the first 6 of each).
DEPTH_FACTOR = 30
MIN_DEPTH = 6
# A story of this many reports is summarised across its facets (see ``by_facets``).
FACET_MIN_ARTICLES = 6
FACET_THRESHOLD = 0.30  # reports this similar tell one facet (the old story threshold)


class UnknownAlgorithm(ConfigError):
    """An algorithm name not in :data:`ALGORITHMS` (e.g. from the config file's ``algorithm``)."""


def _time_key(article: Article, index: int) -> tuple[float, int]:
    if article.published is not None:
        when = article.published
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return (when.timestamp(), index)
    if article.date is not None:
        midnight = dt.datetime.combine(article.date, dt.time(), tzinfo=dt.UTC)
        return (midnight.timestamp(), index)
    return (float("inf"), index)


def _rank(cands: list[Candidate], algorithm: str, language: str) -> list[Candidate]:
    usable = drop_repeats(cands)  # wire copies and repeated quotes count once, for every algorithm
    if algorithm == "default":
        return rank_default(usable)
    if algorithm == "lead":
        return rank_lead(usable)
    if algorithm in SUMY_ALGORITHMS:
        return rank_sumy(usable, algorithm, language)
    choices = ", ".join(ALGORITHMS)
    raise UnknownAlgorithm(f"unknown summarizer '{algorithm}' (choose from {choices})")


def summarize_story(
    articles: Sequence[Article],
    *,
    algorithm: str = "default",
    sentences: int = 5,
    words: int | None = None,
    language: str | None = None,
) -> list[Sentence]:
    """Summary sentences of one story, in the source language, each with its provenance."""
    if not articles:
        return []
    # Work in time order (then id), so the result does not depend on the order given: the
    # earliest report keeps a sentence that a later one repeats.
    articles = sorted(articles, key=lambda a: (_time_key(a, 0)[0], a.id))
    lang = language or articles[0].language or "de"
    depth = None
    if algorithm in ("default", "lead") or algorithm in SUMY_ALGORITHMS:
        # Only each report's first sentences can compete in a story of many reports (for the
        # sumy algorithms too: splitting every sentence of 50 reports costs more than ranking).
        wanted = sentences if words is None else math.ceil(words / 10)
        depth = max(MIN_DEPTH, math.ceil(DEPTH_FACTOR * max(wanted, 1) / len(articles)))
    cands = candidates(articles, language, depth=depth)
    ranked = _rank(cands, algorithm, lang)
    if len(articles) >= FACET_MIN_ARTICLES:
        ranked = by_facets(ranked, articles)
    if algorithm == "default" and words is None:
        # one report: Lead-N of its page (headline and standfirst lines count); several: the
        # reports' first sentences, round robin (their headlines are no summary's yardstick)
        lines = cands if len(articles) == 1 else None
        chosen = select_lead_length(ranked, max(sentences, 0), lines)
    else:
        chosen = select(ranked, sentences=max(sentences, 0), words=words)
    if chosen and all(is_question(c.text) for c in chosen):
        # A question alone is no summary: the best real sentence, else the teaser; a story
        # that only asks (a quiz, a list of open questions) keeps its questions, not nothing.
        telling = select(
            [c for c in ranked if not is_question(c.text)],
            sentences=max(sentences, 0),
            words=words,
        )
        if not telling:
            teaser = _teaser_summary(articles, lang)
            if teaser:
                return teaser
            log.debug("story of %d articles only asks: its questions stand", len(articles))
        else:
            chosen = telling
    if not chosen and cands:
        # No sentence of the text qualifies (a digest of linked headlines, a list of items):
        # the teaser, else the text's own first lines, never chrome, bylines or captions.
        teaser = _teaser_summary(articles, lang)
        if teaser:
            return teaser
        log.debug("story of %d articles has no usable sentence: its first lines", len(articles))
        chosen = select(first_lines(cands), sentences=max(sentences, 0), words=words)
    return [
        Sentence(
            text=c.text,
            original=c.text,
            article_id=c.article_id,
            position=c.position,
            language=c.language,
            original_language=c.language,
            translated=False,
        )
        for c in chosen
    ]


def select_lead_length(
    ranked: Sequence[Candidate], sentences: int, lines: Sequence[Candidate] | None = None
) -> list[Candidate]:
    """At most ``sentences`` of ``ranked`` in rank order, and at most as many words as the
    story's own first ``sentences`` lines (``lead_lines`` of ``lines``, a report's candidates;
    of ``ranked``, its usable sentences, when None), in reading order.

    Class: a summary of one report as long as Lead-N, the page's own top. A scorer that prefers
    a later, longer sentence does not make the summary longer; and a page that opens with short
    lines (a kicker, a headline, a one-sentence standfirst: what its publisher's teaser is) gets
    a summary that short, not the standfirst and two long body sentences after it. A story of
    several reports passes None: three reports' headlines would leave room for one sentence.
    """
    budget = sum(c.n_words for c in lead_lines(ranked if lines is None else lines, sentences))
    chosen = select(ranked, sentences=sentences, words=budget)
    if len(chosen) <= sentences:
        return chosen
    order = {id(c): i for i, c in enumerate(ranked)}
    best = sorted(chosen, key=lambda c: order[id(c)])[:sentences]
    return sorted(best, key=lambda c: (c.article_index, c.position))


def is_question(text: str) -> bool:
    """A sentence that asks rather than tells (closing quotes aside)."""
    return text.rstrip(" \"'“”„»«›‹)").endswith("?")


def _teaser_summary(articles: Sequence[Article], lang: str) -> list[Sentence]:
    """The first teaser that tells something (not a question, not chrome), as one sentence."""
    for a in articles:
        teaser = " ".join((a.teaser or "").split())
        if teaser and not is_question(teaser) and not fragment_reason(teaser):
            language = a.language or lang
            # position -1: the teaser stands above the body
            return [Sentence(teaser, teaser, a.id, -1, language, language, translated=False)]
    return []


def not_only_questions(kept: list[Sentence], full: Sequence[Sentence]) -> list[Sentence]:
    """``kept`` (a trimmed summary), unless it is questions only: then the first sentence of
    ``full`` that is no question, or nothing."""
    if kept and all(is_question(x.original or x.text) for x in kept):
        return [x for x in full if not is_question(x.original or x.text)][:1]
    return kept


def by_facets(ranked: list[Candidate], articles: Sequence[Article]) -> list[Candidate]:
    """Ranked candidates re-ordered so that the first ones come from different facets.

    A big story (the event, the victims, the suspect, the reactions) has facets: groups of its
    reports that are much closer to each other than to the rest (average-link clusters at
    ``FACET_THRESHOLD``). Facets take turns, largest first, each giving its best remaining
    candidate, so five sentences of a 50-report story are not five from one angle.
    """
    from ..cluster import cluster_day

    groups = cluster_day(articles, FACET_THRESHOLD)
    if len(groups) < 2:
        return ranked
    index = {a.id: i for i, a in enumerate(articles)}
    facet_of = {index[a.id]: k for k, g in enumerate(groups) for a in g}
    buckets: dict[int, list[Candidate]] = {}
    for c in ranked:
        buckets.setdefault(facet_of.get(c.article_index, -1), []).append(c)
    # largest facet first; among equals, the one whose best candidate ranks higher
    order = sorted(
        buckets, key=lambda k: (-len(groups[k]) if k >= 0 else 0, ranked.index(buckets[k][0]))
    )
    out: list[Candidate] = []
    depth = 0
    while len(out) < len(ranked):
        for k in order:
            if depth < len(buckets[k]):
                out.append(buckets[k][depth])
        depth += 1
    return out


def text_to_article(text: str, *, language: str = "de", article_id: str = "text") -> Article:
    """An article made of plain text: each line is a paragraph, except that a line broken
    inside a sentence (no final punctuation, next line starts in lower case) is joined."""
    paras: list[str] = []
    joinable = False
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            joinable = False
            continue
        if joinable and paras and line[0].islower():
            paras[-1] += " " + line
        else:
            paras.append(line)
        joinable = not paras[-1].endswith((".", "!", "?", ":", "…", "«", "»", "“", '"'))
    return Article(
        id=article_id,
        path=article_id,
        paragraphs=tuple(Paragraph(p) for p in paras),
        language=language,
    )


def summarize_text(
    text: str,
    *,
    language: str = "de",
    algorithm: str = "default",
    sentences: int = 5,
    words: int | None = None,
) -> list[str]:
    """Summary sentences of one plain-text document."""
    article = text_to_article(text, language=language)
    got = summarize_story(
        [article], algorithm=algorithm, sentences=sentences, words=words, language=language
    )
    return [s.text for s in got]


def _n_words(s: Sentence) -> int:
    return len(_words(s.original))


def apply_budget(
    summaries: list[list[Sentence]],
    budget_words: int | None,
    min_sentences: int = 1,
    top: int | None = None,
) -> list[list[Sentence]]:
    """Trim a day's summaries (stories in rank order) to ``budget_words`` words in all.

    Every story keeps its first ``min_sentences`` sentences; the rest of the budget goes to the
    stories in rank order, sentence by sentence, so earlier stories keep more. With ``top``,
    the budget goes to the first ``top`` stories only (up to their full length) and every later
    story is one line (its first ``min_sentences``), whatever the day's size: on a day of 500
    stories the tail's lines no longer eat the leading stories' words.
    """
    if budget_words is None:
        return [list(s) for s in summaries]
    keep = [min(len(s), max(min_sentences, 0)) for s in summaries]
    lead = len(summaries) if top is None else max(0, top)
    used = sum(
        _n_words(x) for s, k in zip(summaries[:lead], keep[:lead], strict=True) for x in s[:k]
    )
    for i, summary in enumerate(summaries[:lead]):
        while keep[i] < len(summary):
            cost = _n_words(summary[keep[i]])
            if used + cost > budget_words:
                break
            used += cost
            keep[i] += 1
    return [not_only_questions(list(s[:k]), s) for s, k in zip(summaries, keep, strict=True)]
