"""Frozen dataclasses passed between the stages (ingest, cluster, summarize, translate, render).

Every stage takes these and returns new ones (``dataclasses.replace``); nothing is mutated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = [
    "Article",
    "Briefing",
    "Day",
    "Facet",
    "Notice",
    "Paragraph",
    "RunReport",
    "Sentence",
    "Skipped",
    "Story",
    "TimelineEntry",
    "article_outlets",
    "outlet_name",
]


@dataclass(frozen=True)
class Paragraph:
    """One block of article text: a paragraph, or a section heading (``heading=True``)."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Article:
    """One ingested article, boilerplate removed."""

    id: str  # stable: derived from the file path (and record index for JSON/feeds)
    path: str  # file it came from (for JSON/feeds: "file.jsonl#3")
    paragraphs: tuple[Paragraph, ...]
    title: str | None = None
    title_derived: bool = False  # True when the title was made from the text, not found
    date: dt.date | None = None  # publication day (in the configured time zone)
    published: dt.datetime | None = None  # aware datetime when a time is known
    date_confidence: float = 0.0  # 0..1; below 0.5 means "guessed"
    date_method: str = ""  # where the date came from: header, dateline, metadata, url, ...
    source: str | None = None  # outlet: site name or domain
    credits: tuple[str, ...] = ()  # agency credits found in the text: dpa, AFP, Reuters, ...
    url: str | None = None
    language: str = "de"
    warnings: tuple[str, ...] = ()  # e.g. "page date later than its comments"
    duplicates: tuple[str, ...] = ()  # ids of near-identical copies folded into this article
    outlets: tuple[str, ...] = ()  # outlets that carried this text (this one and its copies)
    kicker: str | None = None  # the label above the headline: "Kommentar", "Analyse", a topic
    teaser: str | None = None  # the publisher's standfirst, when the input gives one apart
    author: str | None = None
    opinion: bool = False  # a commentary, column or editorial rather than a news report

    @property
    def text(self) -> str:
        """The main text: paragraphs (headings included) separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def body(self) -> str:
        """The main text without section headings."""
        return "\n\n".join(p.text for p in self.paragraphs if not p.heading)

    @property
    def date_guessed(self) -> bool:
        return self.date is None or self.date_confidence < 0.5


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, and why.

    ``kind`` "input": a file or feed that could not be read at all (the run is partial, exit 3);
    "empty": one entry or record of a readable file that has no text (an image-only feed item),
    counted and named in the run report but no failure."""

    path: str
    reason: str
    kind: str = "input"


def outlet_name(source: str | None, url: str | None) -> str:
    """The outlet of one text: its source name, else its URL's domain, else "" (unknown)."""
    if source:
        return source
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def article_outlets(article: Article) -> tuple[str, ...]:
    """The outlets that carried a text: those dedup gathered from its copies, else its own.

    The one rule for every count of outlets (dedup's folding, ``Story.outlets``, ranking): the
    publisher's name, else the URL's domain; a text with neither has no known outlet (a file
    name is no publisher), which the renderer says ("unknown outlet")."""
    if article.outlets:
        return article.outlets
    name = outlet_name(article.source, article.url)
    return (name,) if name else ()


@dataclass(frozen=True)
class Sentence:
    """A summary sentence with its provenance and (after translation) its original."""

    text: str  # what the reader sees: the translation when there is one
    original: str  # the source-language text as it stood in the article
    article_id: str
    position: int  # index of the sentence within its article's body (0-based)
    language: str  # language of ``text``
    original_language: str
    translated: bool = False
    flags: tuple[str, ...] = ()  # honesty checks: "number-lost", "too-short", "repeats", ...
    is_new: bool = True  # False when the story showed this sentence on an earlier day


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    text: str  # one sentence about that day (translated when possible)
    original: str = ""
    reports: int = 0  # the story's reports that day (0: not known)


@dataclass(frozen=True)
class Facet:
    """One angle of a big story (the event, the suspect, the reactions): a group of its reports
    much closer to each other than to the rest, named by the group's best headline."""

    title: str  # translated when possible
    reports: int  # the distinct texts that tell it
    title_original: str = ""


@dataclass(frozen=True)
class Story:
    """Articles about one event on one day, with their summary."""

    id: str  # stable thread id: the same story keeps it across days and runs
    articles: tuple[Article, ...]
    title: str = ""
    title_original: str = ""
    summary: tuple[Sentence, ...] = ()
    keywords: tuple[str, ...] = ()
    keywords_original: tuple[str, ...] = ()
    score: float = 0.0
    developing_since: dt.date | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    facets: tuple[Facet, ...] = ()  # a big story's angles, shown as sub-lines (rank.story_facets)

    @property
    def outlets(self) -> tuple[str, ...]:
        """The distinct outlets of the story's texts and their copies (``article_outlets``)."""
        seen: dict[str, None] = {}
        for a in self.articles:
            for o in article_outlets(a):
                seen.setdefault(o, None)
        return tuple(seen)

    @property
    def original_reports(self) -> int:
        return len(self.articles)

    @property
    def copies(self) -> int:
        return sum(1 + len(a.duplicates) for a in self.articles)


@dataclass(frozen=True)
class Day:
    date: dt.date
    stories: tuple[Story, ...]


@dataclass(frozen=True)
class Notice:
    """Something every output must show the reader (e.g. "not translated")."""

    level: str  # "info" | "warning"
    text: str
    code: str = ""  # machine-readable: "untranslated", "date-guessed", "skipped-inputs"
    # Which outputs show it: "every" output; the pages of ``days`` only ("days"); or the run as
    # a whole ("run": the index page and the run report, a day's page only in a one-day run).
    scope: str = "every"
    days: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class RunReport:
    read: int = 0
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
    translated_sentences: int = 0
    cached_sentences: int = 0


@dataclass(frozen=True)
class Briefing:
    days: tuple[Day, ...]
    source_languages: tuple[str, ...] = ()
    target_language: str = "en"
    generated_at: dt.datetime = field(
        default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0)
    )
    notices: tuple[Notice, ...] = ()
    report: RunReport = RunReport()

    @property
    def partial(self) -> bool:
        """Some input could not be read at all (entries without text do not count)."""
        return any(s.kind == "input" for s in self.report.skipped)
