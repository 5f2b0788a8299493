"""Article and Briefing to and from JSON-ready dicts: the one place the models meet JSON.

``briefing ingest --format json``, ``briefing.json``, the translated archive, the article store
and the outbox's message bodies all go through these functions. ``*_to_dict`` gives a fixed key
order (the JSON files are compared byte for byte); ``*_from_dict`` is its inverse and tolerates
the shorter views (an article in ``briefing.json`` carries no text) and unknown extra keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .models import (
    Article,
    Briefing,
    Day,
    Facet,
    Notice,
    Paragraph,
    RunReport,
    Sentence,
    Skipped,
    Story,
    TimelineEntry,
)

__all__ = [
    "ARTICLE_KEYS",
    "BRIEF_ARTICLE_KEYS",
    "article_from_dict",
    "article_to_dict",
    "briefing_from_dict",
    "briefing_to_dict",
    "notice_applies",
    "notice_to_dict",
    "sentence_from_dict",
    "sentence_to_dict",
    "story_to_dict",
]

# Every key of an article, in output order (``briefing ingest --format json``).
ARTICLE_KEYS = (
    "id", "path", "title", "title_derived", "date", "published", "date_confidence",
    "date_method", "date_guessed", "source", "credits", "url", "language", "text",
    "paragraphs", "warnings", "duplicates", "outlets", "kicker", "teaser", "author", "opinion",
)  # fmt: skip
# The view of an article inside ``briefing.json`` and the templates (no text).
BRIEF_ARTICLE_KEYS = (
    "id", "path", "title", "date", "date_confidence", "date_guessed", "source", "credits",
    "url", "language", "duplicates", "outlets", "kicker", "author", "opinion",
)  # fmt: skip


def _iso(d: dt.date | dt.datetime | None) -> str | None:
    return d.isoformat() if d is not None else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _datetime(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(str(value)) if value else None


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


_ARTICLE_VALUES: dict[str, Callable[[Article], Any]] = {
    "id": lambda a: a.id,
    "path": lambda a: a.path,
    "title": lambda a: a.title,
    "title_derived": lambda a: a.title_derived,
    "date": lambda a: _iso(a.date),
    "published": lambda a: _iso(a.published),
    "date_confidence": lambda a: a.date_confidence,
    "date_method": lambda a: a.date_method,
    "date_guessed": lambda a: a.date_guessed,
    "source": lambda a: a.source,
    "credits": lambda a: list(a.credits),
    "url": lambda a: a.url,
    "language": lambda a: a.language,
    "text": lambda a: a.text,
    "paragraphs": lambda a: [{"text": p.text, "heading": p.heading} for p in a.paragraphs],
    "warnings": lambda a: list(a.warnings),
    "duplicates": lambda a: list(a.duplicates),
    "outlets": lambda a: list(a.outlets),
    "kicker": lambda a: a.kicker,
    "teaser": lambda a: a.teaser,
    "author": lambda a: a.author,
    "opinion": lambda a: a.opinion,
}


def article_to_dict(
    a: Article, keys: Iterable[str] = ARTICLE_KEYS, *, confidence_digits: int | None = None
) -> dict[str, Any]:
    """A JSON-ready dict of ``a`` with ``keys`` in that order (dates as ISO strings);
    ``confidence_digits`` rounds the date confidence (for display; the store keeps it whole)."""
    out = {k: _ARTICLE_VALUES[k](a) for k in keys}
    if confidence_digits is not None and "date_confidence" in out:
        out["date_confidence"] = round(a.date_confidence, confidence_digits)
    return out


def _paragraphs(d: Mapping[str, Any]) -> tuple[Paragraph, ...]:
    paras = d.get("paragraphs")
    if paras:
        out = []
        for p in paras:
            if isinstance(p, Mapping):
                out.append(Paragraph(str(p.get("text", "")), bool(p.get("heading", False))))
            else:  # (text, heading) pairs
                out.append(Paragraph(str(p[0]), bool(p[1])))
        return tuple(out)
    text = d.get("text") or ""
    return tuple(Paragraph(t.strip()) for t in str(text).split("\n\n") if t.strip())


def article_from_dict(d: Mapping[str, Any]) -> Article:
    """The inverse of ``article_to_dict`` (derived keys such as ``date_guessed`` ignored)."""
    return Article(
        id=str(d.get("id", "")),
        path=str(d.get("path", "")),
        paragraphs=_paragraphs(d),
        title=d.get("title"),
        title_derived=bool(d.get("title_derived", False)),
        date=_date(d.get("date")),
        published=_datetime(d.get("published")),
        date_confidence=float(d.get("date_confidence") or 0.0),
        date_method=str(d.get("date_method") or ""),
        source=d.get("source"),
        credits=_strs(d.get("credits")),
        url=d.get("url"),
        language=str(d.get("language") or ""),
        warnings=_strs(d.get("warnings")),
        duplicates=_strs(d.get("duplicates")),
        outlets=_strs(d.get("outlets")),
        kicker=d.get("kicker"),
        teaser=d.get("teaser"),
        author=d.get("author"),
        opinion=bool(d.get("opinion", False)),
    )


def sentence_to_dict(s: Sentence) -> dict[str, Any]:
    return {
        "text": s.text,
        "original": s.original,
        "article_id": s.article_id,
        "position": s.position,
        "language": s.language,
        "original_language": s.original_language,
        "translated": s.translated,
        "flags": list(s.flags),
        "is_new": s.is_new,
    }


def sentence_from_dict(d: Mapping[str, Any]) -> Sentence:
    return Sentence(
        text=str(d.get("text", "")),
        original=str(d.get("original", "")),
        article_id=str(d.get("article_id", "")),
        position=int(d.get("position", 0)),
        language=str(d.get("language", "")),
        original_language=str(d.get("original_language", "")),
        translated=bool(d.get("translated", False)),
        flags=_strs(d.get("flags")),
        is_new=bool(d.get("is_new", True)),
    )


def _headline_article(s: Story) -> Article | None:
    """The article whose headline became the story's title (its kicker labels the story)."""
    for a in s.articles:
        if a.title and not a.title_derived and " ".join(a.title.split()) == s.title_original:
            return a
    return None


def story_to_dict(s: Story) -> dict[str, Any]:
    head = _headline_article(s)
    return {
        "id": s.id,
        "title": s.title,
        "title_original": s.title_original,
        "kicker": head.kicker if head else None,
        # An opinion piece's headline must not read as news: the story says so.
        "opinion": bool(head and head.opinion),
        "keywords": list(s.keywords),
        "keywords_original": list(s.keywords_original),
        "score": s.score,
        "developing_since": _iso(s.developing_since),
        "timeline": [
            {"date": _iso(t.date), "text": t.text, "original": t.original, "reports": t.reports}
            for t in s.timeline
        ],
        "facets": [
            {"title": f.title, "title_original": f.title_original, "reports": f.reports}
            for f in s.facets
        ],
        "outlets": list(s.outlets),
        "original_reports": s.original_reports,
        "copies": s.copies,
        "articles": [article_to_dict(a, BRIEF_ARTICLE_KEYS) for a in s.articles],
        "summary": [sentence_to_dict(x) for x in s.summary],
    }


def _story_from_dict(d: Mapping[str, Any]) -> Story:
    return Story(
        id=str(d.get("id", "")),
        articles=tuple(article_from_dict(a) for a in d.get("articles") or ()),
        title=str(d.get("title") or ""),
        title_original=str(d.get("title_original") or ""),
        summary=tuple(sentence_from_dict(x) for x in d.get("summary") or ()),
        keywords=_strs(d.get("keywords")),
        keywords_original=_strs(d.get("keywords_original")),
        score=float(d.get("score") or 0.0),
        developing_since=_date(d.get("developing_since")),
        timeline=tuple(
            TimelineEntry(
                date=dt.date.fromisoformat(str(t["date"])[:10]),
                text=str(t.get("text", "")),
                original=str(t.get("original", "")),
                reports=int(t.get("reports") or 0),
            )
            for t in d.get("timeline") or ()
        ),
        facets=tuple(
            Facet(
                title=str(f.get("title") or ""),
                reports=int(f.get("reports") or 0),
                title_original=str(f.get("title_original") or ""),
            )
            for f in d.get("facets") or ()
            if isinstance(f, Mapping)
        ),
    )


def notice_applies(notice: Notice, day: dt.date | None, n_days: int) -> bool:
    """Whether ``notice`` belongs on the output of ``day`` (None: the index page / whole run).

    A notice about some days' articles (a guessed date) shows on those days' pages only; one
    about the run (skipped inputs) on the index and in the run report, and on a day's page
    only when the run built that one day.
    """
    if notice.scope == "days":
        return day is None or day in notice.days
    if notice.scope == "run":
        return day is None or n_days <= 1
    return True


def notice_to_dict(n: Notice) -> dict[str, Any]:
    return {
        "level": n.level,
        "code": n.code,
        "text": n.text,
        "scope": n.scope,
        "days": [d.isoformat() for d in n.days],
    }


def briefing_to_dict(briefing: Briefing, day: dt.date | None = None) -> dict[str, Any]:
    """The JSON content of a briefing (only ``day`` when given, with the notices that concern
    that day), in a fixed key order."""
    days = [d for d in briefing.days if day is None or d.date == day]
    r = briefing.report
    n_days = len(briefing.days)
    return {
        "generated_at": _iso(briefing.generated_at),
        "target_language": briefing.target_language,
        "source_languages": list(briefing.source_languages),
        "notices": [notice_to_dict(n) for n in briefing.notices if notice_applies(n, day, n_days)],
        "report": {
            "read": r.read,
            "skipped": [{"path": s.path, "reason": s.reason, "kind": s.kind} for s in r.skipped],
            "warnings": list(r.warnings),
            "translated_sentences": r.translated_sentences,
            "cached_sentences": r.cached_sentences,
        },
        "days": [
            {"date": _iso(d.date), "stories": [story_to_dict(s) for s in d.stories]} for d in days
        ],
    }


def briefing_from_dict(d: Mapping[str, Any]) -> Briefing:
    """The inverse of ``briefing_to_dict`` (articles without their text, as the file has them).

    Raises ``ValueError``/``TypeError``/``KeyError`` on a malformed document."""
    r = d.get("report") or {}
    generated = _datetime(d.get("generated_at"))
    extra = {"generated_at": generated} if generated is not None else {}
    return Briefing(
        days=tuple(
            Day(
                date=dt.date.fromisoformat(str(day["date"])[:10]),
                stories=tuple(_story_from_dict(s) for s in day.get("stories") or ()),
            )
            for day in d.get("days") or ()
        ),
        source_languages=_strs(d.get("source_languages")),
        target_language=str(d.get("target_language") or "en"),
        notices=tuple(
            Notice(
                level=str(n.get("level", "info")),
                text=str(n.get("text", "")),
                code=str(n.get("code", "")),
                scope=str(n.get("scope") or "every"),
                days=tuple(_date(x) or dt.date.min for x in n.get("days") or ()),
            )
            for n in d.get("notices") or ()
        ),
        report=RunReport(
            read=int(r.get("read", 0)),
            skipped=tuple(
                Skipped(
                    str(s.get("path", "")),
                    str(s.get("reason", "")),
                    str(s.get("kind") or "input"),
                )
                for s in r.get("skipped") or ()
            ),
            warnings=_strs(r.get("warnings")),
            translated_sentences=int(r.get("translated_sentences", 0)),
            cached_sentences=int(r.get("cached_sentences", 0)),
        ),
        **extra,
    )
