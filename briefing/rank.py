"""Ranking, titles and keywords of a day's stories.

Importance (``Story.score``) adds, on a log scale, the distinct outlets, the original reports
(articles after wire copies were folded), all copies, the time of the latest report within the
day, and a bonus for a story that continues a running thread. The first
``settings.top_stories`` lead the briefing; the renderer lists the rest compactly.

Titles: the best real headline among the story's articles (the one closest to the story's
content), else its most central sentence. Keywords: 3 to 6 YAKE key phrases (offline), in the
source language; the translate stage fills ``keywords`` in the target language later.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .cluster import article_terms
from .config import Settings
from .models import Article, Paragraph, Story
from .text import normalize_space, split_sentences, stems, stop_words, words

__all__ = ["rank_stories", "story_score", "story_title", "story_keywords"]

log = logging.getLogger(__name__)

W_OUTLETS = 3.0
W_REPORTS = 2.0
W_COPIES = 1.0
W_RECENCY = 0.5
W_CONTINUES = 1.0
MAX_TITLE_WORDS = 30
MAX_KEYWORD_TEXT = 20_000  # characters of story text given to YAKE
# "Kiew/Bischkek/Brüssel - ", "Bischkek (dpa) - ": a dateline is not part of a title
_DATELINE_RE = re.compile(r"^[A-ZÄÖÜ][\w./ -]{0,60}?(?:\s*\([^)]{1,30}\))?\s+[-–—]\s+")


def _recency(story: Story, tz: str) -> float:
    """Time of the latest report as a fraction of its day (0 when no time is known)."""
    from zoneinfo import ZoneInfo

    try:
        zone = ZoneInfo(tz)
    except Exception:  # noqa: BLE001 - an unknown zone name only costs the recency term
        zone = None
    best = 0.0
    for a in story.articles:
        if a.published is None:
            continue
        t = a.published.astimezone(zone) if zone and a.published.tzinfo else a.published
        best = max(best, (t.hour * 3600 + t.minute * 60 + t.second) / 86400)
    return best


def story_score(story: Story, tz: str = "Europe/Berlin") -> float:
    """Importance of a story: outlets, reports, copies, recency, continuation."""
    return (
        W_OUTLETS * math.log1p(len(story.outlets))
        + W_REPORTS * math.log1p(story.original_reports)
        + W_COPIES * math.log1p(story.copies)
        + W_RECENCY * _recency(story, tz)
        + (W_CONTINUES if story.developing_since is not None else 0.0)
    )


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _terms_of(text: str, lang: str) -> dict[str, float]:
    return article_terms(Article(id="", path="", paragraphs=(Paragraph(text),), language=lang))


def _shorten(text: str) -> str:
    text = _DATELINE_RE.sub("", normalize_space(text))
    toks = text.split()
    if len(toks) > MAX_TITLE_WORDS:
        text = " ".join(toks[:MAX_TITLE_WORDS]).rstrip(",;:") + " …"
    return text


def story_title(story: Story, centroid: Mapping[str, float] | None = None) -> str:
    """The best headline among the articles, else the most central sentence (source language)."""
    lang = story.articles[0].language if story.articles else "de"
    centroid = centroid if centroid is not None else _centroid(story)
    heads = [
        (a, normalize_space(a.title))
        for a in story.articles
        if a.title and not a.title_derived and normalize_space(a.title)
    ]
    if heads:
        scored = [
            (-_cosine(_terms_of(t, lang), centroid), -len(a.outlets or (a.source,)), len(t), t)
            for a, t in heads
        ]
        return _shorten(min(scored)[3])
    sentences = [s.original for s in story.summary]
    if not sentences:
        for a in story.articles:
            sentences.extend(split_sentences(a.body, a.language or lang)[:3])
    if not sentences:
        return ""
    scored_s = [(-_cosine(_terms_of(s, lang), centroid), i, s) for i, s in enumerate(sentences)]
    return _shorten(min(scored_s)[2])


def _centroid(story: Story) -> dict[str, float]:
    total: dict[str, float] = {}
    for a in story.articles:
        for term, weight in article_terms(a).items():
            total[term] = total.get(term, 0.0) + weight
    return total


def story_keywords(story: Story, low: int = 3, high: int = 6) -> list[str]:
    """3 to 6 key phrases (YAKE, offline) in the story's source language."""
    import yake

    lang = story.articles[0].language if story.articles else "de"
    parts: list[str] = []
    for a in story.articles:
        if a.title and not a.title_derived:
            parts.append(a.title)
        parts.append(a.body)
    text = "\n\n".join(parts)[:MAX_KEYWORD_TEXT]
    if not text.strip():
        return []
    stops = stop_words(lang)
    extractor = yake.KeywordExtractor(lan=lang, n=2, dedup_lim=0.7, top=4 * high)
    candidates: list[tuple[str, set[str]]] = []
    for phrase, _score in extractor.extract_keywords(text):
        toks = words(phrase, lang)
        if not toks or any(t.isdigit() or t.lower() in stops for t in toks):
            continue
        if not _good_phrase(toks, phrase, text, lang):
            continue
        st = set(stems(toks, lang))
        if any(len(st & other) * 2 >= min(len(st), len(other)) for _, other in candidates):
            continue
        candidates.append((normalize_space(phrase), st))
    chosen = [p for p, _ in candidates][:high]
    if len(chosen) < low:
        log.debug("only %d keyword(s) for a story of %d articles", len(chosen), len(story.articles))
    return chosen


def _good_phrase(toks: list[str], phrase: str, text: str, lang: str) -> bool:
    """German key phrases are nouns and names (capitalised); two-word phrases must recur."""
    if lang == "de" and not all(t[0].isupper() or any(c.isdigit() for c in t) for t in toks):
        return False
    return len(toks) == 1 or text.count(phrase) >= 2


def rank_stories(stories: Sequence[Story], settings: Settings) -> list[Story]:
    """Stories ordered by importance, with score, title and keywords filled in."""
    out: list[Story] = []
    for s in stories:
        centroid = _centroid(s)
        title = s.title_original or s.title or story_title(s, centroid)
        keywords = list(s.keywords_original) or story_keywords(s)
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
    return out
