"""Publication dates of HTML pages, decided by the evidence for each candidate day.

Every candidate carries its source and a weight (``W_*`` below, tuned on the "tune" half of the
dev pages only): a full date in the URL (strong) and a URL's year/month (supports the days of
that month), JSON-LD ``datePublished`` of an article object (other objects, such as recipes or
videos, weakly), the publication ``<meta>`` tags, modification stamps (weakly), the short date
line next to the headline, dates labelled as published ("Erschienen am") or updated ("Stand:"),
and htmldate's extensive search (asked only when it could change the outcome). A day's support
is the sum over independent groups of sources (two tags copied from one CMS field count once);
the best-supported day wins, ties going to the earlier day.

Never publication dates: dates labelled as expiry ("Verfügbar bis"), events and deadlines,
member-since and birthday stamps, dates inside the headline, comment timestamps (a day later
than the first comment loses support instead), and days after ``now``, when the input was
saved. The confidence follows the agreement of groups and the margin over the best rival day,
so that on the dev pages a confidence of 0.8 or more is right at least 97% of the time
(``briefing eval ingest`` prints the calibration table).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from lxml import etree

from ..options import zone
from .page_kind import walk_ld

__all__ = ["PageDate", "find_page_date", "url_date"]

log = logging.getLogger(__name__)

# <meta> names (name/property/itemprop, lower case) that carry the publication date.
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "article.published", "article_date_original", "parsely-pub-date",
    "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
    "dc.date", "dcterms.date", "date", "pubdate", "publishdate", "publish-date", "publish_date",
    "published_time", "published-date", "article:published", "citation_publication_date",
    "citation_date", "originalpublicationdate", "cxenseparse:recs:publishtime", "date_published",
    "og:pubdate", "datecreated", "creation_date", "release_date",
)  # fmt: skip
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "dc.date.modified", "last-modified", "lastmod", "modified_time", "article.updated",
    "parsely-updated", "sailthru.lastmod",
)  # fmt: skip
_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle",
    "techarticle", "report", "liveblogposting", "socialmediaposting", "posting", "review",
}  # fmt: skip
_COMMENT_CLASS_RE = re.compile(r"comment|kommentar|disqus|replies|reply", re.IGNORECASE)
_PUBLISHED_LABEL_RE = re.compile(
    r"(?:\b(?:ver[öo]ffentlicht|erschienen|publiziert|published|posted|erstellt)(?:\s+(?:am|on))?"
    r"|\b(?:Datum|Date|Ver[öo]ffentlichungsdatum|Publikationsdatum))\s*:?\s*$",
    re.IGNORECASE,
)
# Post metadata that names the date in the middle of a sentence (WordPress themes): "Dieser
# Beitrag wurde am Samstag, 3. Dezember 2011 um 10:12 Uhr veröffentlicht und unter ... abgelegt".
_POST_SENTENCE_BEFORE_RE = re.compile(
    r"\b(?:Beitrag|Artikel|Text|Post|Eintrag|Meldung|Nachricht|Bericht)\s+(?:wurde|ist)\b"
    r"[^.!?]{0,20}\bam\s*$",
    re.IGNORECASE,
)
_POST_SENTENCE_AFTER_RE = re.compile(
    r"^[^.!?]{0,45}?\b(?:ver[öo]ffentlicht|publiziert|gepostet|erschienen|online gestellt)\b",
    re.IGNORECASE,
)
_MODIFIED_LABEL_RE = re.compile(
    r"(?:aktualisiert|zuletzt|letzte\s+[äa]nderung|ge[äa]ndert|updated|update|stand)"
    r"(?:\s+(?:am|on|:))?\s*:?\s*$",
    re.IGNORECASE,
)
# Dates that belong to something else: a forum member's sign-up, a birthday, the clock.
_OTHER_LABEL_RE = re.compile(
    r"(?:registriert|mitglied seit|dabei seit|angemeldet seit|beigetreten|geboren|geburtstag|"
    r"aktuelle zeit|heute ist|joined|member since)\s*(?:am|seit|:)?\s*:?\s*$",
    re.IGNORECASE,
)
_URL_DATE_RES = (
    # "/2023/10/31/", "/2023/10/31-slug"; "/2023/10/3-fragen-an/" is a month and a slug
    re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d(?:/|$)|[0-3]\d(?=[-_]))"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?!\d)"),
    re.compile(r"/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|$|[-_.])"),
)
# How far (in characters of visible text) a date may sit from the headline to count as its date.
_AFTER_HEADLINE = 700
# A dateline or byline is a short line; a date inside a longer text is about something else.
_MAX_STAMP_CHUNK = 80
_BEFORE_HEADLINE = 250
# A dateline opening the lead paragraph ("(21. November 2022) Energieverbraucher erhalten ...",
# "Berlin, 21.11.2022 – Die Regierung ..."): the date starts the paragraph, after at most an
# opening bracket or a place name, and a bracket, dash, colon or bar closes it.
_PARA_DATELINE_LEAD_RE = re.compile(r"^\s*[(\[]?\s*(?:[A-ZÄÖÜ][\w./ -]{1,30}(?:,|\s[-–—]))?\s*$")
_PARA_DATELINE_AFTER_RE = re.compile(r"^\s*(?:[)\]]|[-–—|]\s|:\s)")


@dataclass(frozen=True)
class PageDate:
    """The page's publication day, how sure we are (0..1) and which rule found it."""

    date: dt.date | None
    published: dt.datetime | None = None
    confidence: float = 0.0
    method: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Cand:
    date: dt.date
    stamp: dt.datetime | None
    source: str


def _parse(value: str | None, tz: str, source: str) -> _Cand | None:
    """A date string (ISO, German, RFC 2822) -> candidate whose day is read in ``tz``."""
    from .dates import parse_date_string

    if not value:
        return None
    got = parse_date_string(value.strip()[:80], tz)
    if got is None:
        return None
    day, stamp = got
    if stamp is not None and stamp.tzinfo is not None:
        day = stamp.astimezone(zone(tz)).date()
    return _Cand(day, stamp, source)


def url_date(url: str | None) -> dt.date | None:
    """A full date written in the URL path ("/2023/10/31/", "2023-10-31", "/20231031/")."""
    if not url:
        return None
    for rx in _URL_DATE_RES:
        m = rx.search(url)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3).rstrip("/")))
            except ValueError:
                continue
    return None


# Day-first dates with slashes ("26/12/2019"), read only as the visible text of a <time> element.
_SLASH_DATE_RE = re.compile(r"(?<!\d)([0-3]?\d)/([01]?\d)/((?:19|20)\d\d)(?!\d)")


def _shown_day(text: str, tz: str) -> dt.date | None:
    """The day a <time> element shows its reader (German, ISO or day-first slash forms)."""
    from .dates import find_dates

    found = find_dates(text, tz)
    if found:
        return found[0][0]
    m = _SLASH_DATE_RE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _as_shown(cand: _Cand | None, shown: str, tz: str) -> _Cand | None:
    """Class: a <time> element whose machine stamp, read in our zone, crosses midnight
    (``datetime="2019-12-26T23:07:45+00:00"`` shown as "26/12/2019"): the publication day is the
    day the page shows, as htmldate reads it. Only a day next to the stamp's is taken, so a
    month-first "12/11/2019" or an unrelated text never moves it."""
    if cand is None or not shown.strip():
        return cand
    day = _shown_day(shown, tz)
    if day is None or abs((day - cand.date).days) != 1:
        return cand
    return replace(cand, date=day)


def _meta_candidates(tree: etree._Element, tz: str) -> tuple[list[_Cand], list[_Cand]]:
    published: list[_Cand] = []
    modified: list[_Cand] = []
    rank = {name: i for i, name in enumerate(PUBLISHED_META)}
    found: list[tuple[int, _Cand]] = []
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if not key:
            continue
        if key in rank:
            cand = _parse(el.get("content"), tz, "meta:" + key)
            if cand:
                found.append((rank[key], cand))
        elif key in MODIFIED_META:
            cand = _parse(el.get("content"), tz, "meta:" + key)
            if cand:
                modified.append(cand)
    published = [c for _, c in sorted(found, key=lambda t: t[0])]
    # itemprop on visible elements: <time itemprop="datePublished" datetime="...">
    for el in tree.xpath('//*[@itemprop="datePublished" or @itemprop="dateModified"]'):
        if el.tag == "meta":
            continue
        value = el.get("datetime") or el.get("content") or el.text_content()
        cand = _parse(value, tz, "itemprop")
        if el.get("datetime") or el.get("content"):
            cand = _as_shown(cand, el.text_content()[:80], tz)
        if cand:
            target = published if el.get("itemprop") == "datePublished" else modified
            target.append(cand)
    return published, modified


def _ld_types(obj: dict[str, object]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _jsonld_evidence(tree: etree._Element, tz: str) -> tuple[list[_Cand], list[_Cand], list[_Cand]]:
    """JSON-LD publication dates of article objects, of other objects, and modification dates."""
    article_pub: list[_Cand] = []
    other_pub: list[_Cand] = []
    modified: list[_Cand] = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for obj in walk_ld(data):
            is_article = bool(_ld_types(obj) & _ARTICLE_TYPES)
            pub = obj.get("datePublished") or obj.get("dateCreated")
            cand = _parse(pub, tz, "json-ld") if isinstance(pub, str) else None
            if cand:
                (article_pub if is_article else other_pub).append(cand)
            mod = obj.get("dateModified")
            cand = _parse(mod, tz, "json-ld:modified") if isinstance(mod, str) else None
            if cand:
                modified.append(cand)
    return article_pub, other_pub, modified


@dataclass
class _Chunk:
    text: str
    offset: int
    comment: bool
    datetime: str | None = None  # a <time datetime="..."> attribute at this position
    prev: str = ""  # the end of the text before this chunk (where a label would be)
    in_head: bool = False  # inside the headline: a date there is the story's topic
    shown: str = ""  # the visible text of a <time datetime="..."> element


_HAS_DIGIT = re.compile(r"\d").search
_INVISIBLE = {"script", "style", "noscript", "template"}


def _chunks(root: etree._Element, head: etree._Element | None) -> tuple[list[_Chunk], int | None]:
    """Text pieces with digits in document order (with their offset in the page's visible
    text), and the offset where ``head`` starts."""
    chunks: list[_Chunk] = []
    head_at: int | None = None
    pos = 0
    last = ""

    def add(text: str | None, comment: bool, in_head: bool) -> None:
        nonlocal pos, last
        if not text or text.isspace():
            return
        if _HAS_DIGIT(text):
            chunks.append(_Chunk(text, pos, comment, None, last[-40:], in_head))
        pos += len(text) + 1
        last = text

    def visit(el: etree._Element, comment: bool, in_head: bool) -> None:
        nonlocal head_at
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions
            return
        if not comment and tag not in {"body", "html", "main", "article"}:
            # Page-wide containers carry theme classes ("siteheader-navigation" on <body>).
            marks = el.get("class"), el.get("id")
            if any(marks):
                comment = bool(_COMMENT_CLASS_RE.search(f"{marks[0]} {marks[1]}"))
        if el is head:
            head_at = pos
            in_head = True
        if tag in _INVISIBLE:
            return
        if tag == "time" and el.get("datetime"):
            shown = el.text_content()[:80]
            chunks.append(_Chunk("", pos, comment, el.get("datetime"), last[-40:], in_head, shown))
        add(el.text, comment, in_head)
        for child in el:
            visit(child, comment, in_head)
            add(child.tail, comment, in_head)

    body = root.find(".//body")
    visit(body if body is not None else root, False, False)
    return chunks, head_at


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w{3,}", text.lower())}


def _best_match(heads: list[etree._Element], title: str) -> tuple[etree._Element, float]:
    """The heading whose words best match the title's (Jaccard), and that share."""
    want = _words(title)
    best, best_score = heads[0], -1.0
    for el in heads:
        got = _words(el.text_content())
        score = len(want & got) / (len(want | got) or 1)
        if score > best_score:
            best, best_score = el, score
    return best, best_score


def _page_title(tree: etree._Element, title: str | None) -> str:
    if title:
        return title
    og = tree.xpath('//meta[@property="og:title"]/@content') or tree.xpath("//title/text()")
    return str(og[0]) if og else ""


_LEAD_PROBE = 40
_LEAD_XPATH = (
    "//body//*[not(self::script or self::style or self::noscript or self::title)]"
    "[contains(normalize-space(text()), $probe)]"
)
_LOW_HEADINGS = "preceding::*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6][1]"


def _heading_above(tree: etree._Element, lead: str | None) -> etree._Element | None:
    """Class: pages without an <h1> (a site banner on top, the article's title in an <h4>):
    the heading right above the element where the article's text starts is its headline."""
    probe = " ".join((lead or "").split())[:_LEAD_PROBE]
    if len(probe) < _LEAD_PROBE:
        return None
    for el in tree.xpath(_LEAD_XPATH, probe=probe)[:1]:
        above = el.xpath(_LOW_HEADINGS)
        if above:
            return above[0]
    return None


def _headline(
    tree: etree._Element, title: str | None, lead: str | None = None
) -> etree._Element | None:
    """The article's headline element: the <h1> (or headline) that best matches the title;
    without one, the heading above the article's text, else the best of the first <h2>s."""
    heads = tree.xpath('//h1|//*[@itemprop="headline"]')
    if not heads:
        above = _heading_above(tree, lead)
        if above is not None:
            return above
        heads = tree.xpath("//h2")[:5]
    if not heads:
        return None
    title = _page_title(tree, title)
    if not title.strip():
        return heads[0]
    return _best_match(heads, title)[0]


@dataclass(frozen=True)
class _Seen:
    """A date found in the visible text: the candidate, its chunk (offset at the date), the
    text just before it, the text of its chunk before it (``lead``) and right after it."""

    cand: _Cand
    chunk: _Chunk
    before: str
    lead: str = ""
    after: str = ""


def _text_candidates(chunks: list[_Chunk], tz: str) -> Iterator[_Seen]:
    """Every date in the visible text, with its chunk and the text around it."""
    from .dates import find_date_spans

    for chunk in chunks:
        if chunk.datetime is not None:
            cand = _as_shown(_parse(chunk.datetime, tz, "time"), chunk.shown, tz)
            if cand:
                yield _Seen(cand, chunk, chunk.prev)
            continue
        for day, start, end in find_date_spans(chunk.text, tz):
            before = (chunk.prev + " " + chunk.text[:start])[-40:]
            cand = _parse(chunk.text[start : start + 40], tz, "text") or _Cand(day, None, "text")
            at = replace(chunk, offset=chunk.offset + start)
            yield _Seen(cand, at, before, chunk.text[:start], chunk.text[end : end + 60])


# Evidence weights (tuned on the "tune" half of the dev pages only). Each source belongs to a
# group; a day's support is the sum over groups of the strongest source of that group naming
# it, so two tags copied from one CMS field count once, and independent sources add up.
W_URL = 0.9  # /2023/10/31/ in the address: written when the article was published
W_URL_MONTH = 0.3  # /2019/10/: supports the days of that month
W_HEADLINE = 0.6  # the short date line next to the headline, what the reader sees
W_HEADLINE_FAR = 0.57  # further down (a byline under the lead)
W_LABELLED = 0.65  # "Veröffentlicht am", "Erschienen am"
W_LABELLED_UPDATE = 0.35  # "Stand:", "Aktualisiert am"
W_JSONLD_ARTICLE = 0.6  # datePublished of an Article/NewsArticle object
W_JSONLD_OTHER = 0.25  # datePublished of a Recipe, WebPage, Product, ...: often not the text's
W_META = 0.55  # article:published_time and the other publication <meta> tags
W_MODIFIED = 0.2  # a modification stamp: supports the day it names, weakly
W_HTMLDATE = 0.3  # htmldate's search (it reads the same metadata: a tie-breaker)
# A day later than the page's first comment is hardly its publication; comment stamps are found
# by class names, though, and a sidebar of old comments is not rare: they overrule weak evidence.
# A comment's own day is never taken as the publication date.
COMMENT_PENALTY = 0.3
_HEADLINE_NEAR = 150  # characters after the headline where a date line counts fully

# Labels of dates that are never the publication date: expiry, events, deadlines.
_EXPIRY_LABEL_RE = re.compile(
    r"(?:verf[üu]gbar|abrufbar|online|g[üu]ltig|zu sehen|l[äa]uft|befristet|available|"
    r"valid|expires?|sichtbar)\s+(?:bis|until|till)(?:\s+(?:zum|am|einschlie[ßs]lich))?\s*:?\s*$"
    r"|(?:bis|until)\s*(?:zum|am)?\s*:?\s*$"
    r"|(?:ablaufdatum|ablauf|frist|einsendeschluss|anmeldeschluss|deadline|termine?|"
    r"veranstaltung(?:sdatum)?|datum der veranstaltung|beginn|ende|start|findet\s+am|"
    r"event|konzert|premiere|spieltermin|anpfiff|abfahrt|ankunft|g[üu]ltig ab|ab dem|"
    r"bewerbungsschluss|stichtag|sendetermin|sendung vom|ausstrahlung)\s*(?:am|:)?\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Ev:
    """One piece of evidence: a day, its source, the group of independent sources it is in."""

    cand: _Cand
    weight: float
    group: str


def _url_month(url: str | None) -> tuple[int, int] | None:
    """The year and month of a URL like ".../2019/10/slug" (no day)."""
    if not url:
        return None
    m = re.search(r"/((?:19|20)\d\d)/([01]?\d)/(?![0-3]?\d(?:/|$|[-_]))", url)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)), int(m.group(2))


def find_page_date(
    tree: etree._Element,
    *,
    url: str | None,
    tz: str = "Europe/Berlin",
    title: str | None = None,
    now: dt.datetime | None = None,
    lead: str | None = None,
) -> PageDate:
    """The publication day of one HTML page, decided by the evidence for each candidate day.

    ``now`` is when the input was saved (file time, feed build time, crawl time; the clock when
    unknown): a day after it is in the future and cannot be the publication date. ``lead`` is
    the start of the article's text, when known: on a page without an <h1> the heading above it
    is the headline.
    """
    today = (now or dt.datetime.now(zone(tz))).astimezone(zone(tz)).date()
    evidence = _metadata_evidence(tree, url, tz, today)
    text_evidence, first_comment = _visible_evidence(tree, _headline(tree, title, lead), tz, today)
    return _decide(evidence + text_evidence, tree, url, today, first_comment)


def _in_range(c: _Cand | None, today: dt.date) -> bool:
    """A plausible publication day: not before the web's early years, not after ``today``."""
    return c is not None and dt.date(1995, 1, 1) <= c.date <= today


def _metadata_evidence(tree: etree._Element, url: str | None, tz: str, today: dt.date) -> list[_Ev]:
    """Evidence of the JSON-LD, the <meta> tags and the URL."""
    evidence: list[_Ev] = []
    ld_article, ld_other, ld_mod = _jsonld_evidence(tree, tz)
    meta_pub, meta_mod = _meta_candidates(tree, tz)
    evidence += [_Ev(c, W_JSONLD_ARTICLE, "meta") for c in ld_article if _in_range(c, today)]
    evidence += [_Ev(c, W_JSONLD_OTHER, "meta") for c in ld_other if _in_range(c, today)]
    evidence += [_Ev(c, W_META, "meta") for c in meta_pub if _in_range(c, today)]
    evidence += [_Ev(c, W_MODIFIED, "modified") for c in ld_mod + meta_mod if _in_range(c, today)]
    day = url_date(url)
    if day is not None and day <= today and day.year >= 1995:
        evidence.append(_Ev(_Cand(day, None, "url"), W_URL, "url"))
    return evidence


# Class: the end of a date range ("Wochenbericht 14. - 20. Januar 2022", "3.–5.6.2022"): a
# period's last day (a weekly report, a festival), not when the page was published.
_RANGE_END_RE = re.compile(r"(?<![\d.])[0-3]?\d\.\s*[-–—]\s*$")


def _is_foreign(chunk: _Chunk, before: str) -> bool:
    """A date in the headline, labelled as someone's sign-up, birthday, expiry or event, or
    ending a range."""
    return bool(
        chunk.in_head
        or _OTHER_LABEL_RE.search(before)
        or _EXPIRY_LABEL_RE.search(before)
        or _RANGE_END_RE.search(before)
    )


def _labelled(seen: _Seen) -> _Ev | None:
    """A date labelled as published ("Erschienen am", "Dieser Beitrag wurde am ...
    veröffentlicht") or updated ("Stand:")."""
    cand, before = seen.cand, seen.before
    if _PUBLISHED_LABEL_RE.search(before) or (
        _POST_SENTENCE_BEFORE_RE.search(before) and _POST_SENTENCE_AFTER_RE.search(seen.after)
    ):
        return _Ev(replace(cand, source="labelled"), W_LABELLED, "label")
    if _MODIFIED_LABEL_RE.search(before):
        return _Ev(replace(cand, source="labelled-update"), W_LABELLED_UPDATE, "label")
    return None


def _is_stamp(seen: _Seen) -> bool:
    """A date line: a short chunk, or a dateline opening a longer paragraph."""
    if len(seen.chunk.text.strip()) <= _MAX_STAMP_CHUNK:
        return True
    return bool(
        _PARA_DATELINE_LEAD_RE.match(seen.lead) and _PARA_DATELINE_AFTER_RE.match(seen.after)
    )


def _near_headline(seen: _Seen, head_at: int | None) -> tuple[int, _Ev] | None:
    """A date line near the headline, ranked by its distance (smaller is nearer)."""
    if head_at is None or not _is_stamp(seen):
        return None  # a date in running prose is no dateline
    distance = seen.chunk.offset - head_at
    if not -_BEFORE_HEADLINE <= distance <= _AFTER_HEADLINE:
        return None
    rank = distance if distance >= 0 else -2 * distance
    if _MODIFIED_LABEL_RE.search(seen.before):
        rank += _AFTER_HEADLINE  # an update stamp: only when nothing else is there
    weight = W_HEADLINE if 0 <= distance <= _HEADLINE_NEAR else W_HEADLINE_FAR
    return rank, _Ev(replace(seen.cand, source="headline"), weight, "headline")


def _visible_evidence(
    tree: etree._Element, head: etree._Element | None, tz: str, today: dt.date
) -> tuple[list[_Ev], dt.date | None]:
    """Evidence of the visible text (labelled dates, the date line nearest the headline
    ``head``) and the day of the page's first comment."""
    chunks, head_at = _chunks(tree, head)
    evidence: list[_Ev] = []
    comments: list[dt.date] = []
    nearest: tuple[int, _Ev] | None = None
    for seen in _text_candidates(chunks, tz):
        if not _in_range(seen.cand, today):
            continue
        if seen.chunk.comment:
            comments.append(seen.cand.date)
            continue
        if _is_foreign(seen.chunk, seen.before):
            continue
        label = _labelled(seen)
        if label is not None:
            evidence.append(label)
        near = _near_headline(seen, head_at)
        if near is not None and (nearest is None or near[0] < nearest[0]):
            nearest = near
    if nearest is not None:
        evidence.append(nearest[1])
    return evidence, min(comments) if comments else None


def _support(evidence: list[_Ev], url_month: tuple[int, int] | None) -> dict[dt.date, float]:
    best: dict[tuple[dt.date, str], float] = {}
    for ev in evidence:
        key = (ev.cand.date, ev.group)
        best[key] = max(best.get(key, 0.0), ev.weight)
    support: dict[dt.date, float] = {}
    for (day, _), weight in best.items():
        support[day] = support.get(day, 0.0) + weight
    if url_month is not None:
        for day in support:
            if (day.year, day.month) == url_month:
                support[day] += W_URL_MONTH
    return support


def _ranked(
    evidence: list[_Ev], url: str | None, first_comment: dt.date | None
) -> list[tuple[dt.date, float]]:
    """Candidate days by support, strongest first; ties go to the earlier day (a later one is
    more often an update or a sidebar's date)."""
    support = _support(evidence, _url_month(url))
    if first_comment is not None:
        for day in support:
            if day > first_comment:
                support[day] -= COMMENT_PENALTY
    return sorted(support.items(), key=lambda t: (-t[1], t[0]))


def _confidence(top: float, runner_up: float, groups: int) -> float:
    """Support -> a calibrated confidence (bins checked by ``briefing eval ingest``)."""
    margin = top - runner_up
    if groups >= 3 and margin >= 0.5:
        return 0.95
    if groups >= 2 and margin >= 0.4:
        return 0.9
    if top >= 0.55 and margin >= 0.55:
        return 0.85
    if margin >= 0.3:
        return 0.7
    return 0.55


def _decide(
    evidence: list[_Ev],
    tree: etree._Element,
    url: str | None,
    today: dt.date,
    first_comment: dt.date | None,
) -> PageDate:
    warnings: list[str] = []
    ranked = _ranked(evidence, url, first_comment)
    if len(ranked) < 2 or ranked[0][1] - ranked[1][1] <= W_HTMLDATE:
        # htmldate could still change the outcome: ask it (it costs as much as the rest).
        guess = _htmldate_guess(tree, url, today)
        if guess is not None:
            # htmldate reads the same metadata: naming the one metadata day it is no new source
            # (when the metadata disagree among themselves, its pick among them is one).
            meta_days = {ev.cand.date for ev in evidence if ev.group == "meta"}
            group = "meta" if meta_days == {guess.date} else "htmldate"
            evidence = [*evidence, _Ev(guess, W_HTMLDATE, group)]
            ranked = _ranked(evidence, url, first_comment)
    if not ranked:
        return PageDate(None, None, 0.0, "", ("no publication date found",))
    day, top = ranked[0]
    mine = [ev for ev in evidence if ev.cand.date == day]
    groups = {ev.group for ev in mine}
    # A later day named only by modification stamps is an update, consistent with ``day``.
    rivals = [
        (d, v)
        for d, v in ranked[1:]
        if not (d > day and {ev.group for ev in evidence if ev.cand.date == d} <= {"modified"})
    ]
    runner_up = rivals[0][1] if rivals else 0.0
    confidence = _confidence(top, runner_up, len(groups - {"modified"}))
    stamp = next(
        (ev.cand.stamp for ev in mine if ev.cand.stamp is not None and ev.group == "meta"), None
    ) or next((ev.cand.stamp for ev in mine if ev.cand.stamp is not None), None)
    if groups <= {"htmldate"}:
        confidence = min(confidence, 0.45)
        warnings.append(f"date {day} is a guess (htmldate search)")
    if first_comment is not None and day > first_comment:
        confidence = min(confidence, 0.45)
        warnings.append(f"page date {day} later than its first comment ({first_comment})")
    if rivals and runner_up > 0 and confidence < 0.8:
        other = rivals[0][0]
        warnings.append(f"date {day} contradicted by {other} ({_sources(evidence, other)})")
    return PageDate(day, stamp, confidence, _method(mine), tuple(warnings))


def _name(ev: _Ev) -> str:
    return "metadata" if ev.group == "modified" else ev.cand.source


def _method(mine: list[_Ev]) -> str:
    """The sources that name the chosen day, strongest first (htmldate only when alone)."""
    best: dict[str, _Ev] = {}
    for ev in mine:
        if ev.group not in best or ev.weight > best[ev.group].weight:
            best[ev.group] = ev
    if len(best) > 1:
        best.pop("htmldate", None)
    ranked = sorted(best.values(), key=lambda ev: -ev.weight)
    return "+".join(dict.fromkeys(_name(ev) for ev in ranked))


def _sources(evidence: list[_Ev], day: dt.date) -> str:
    return ", ".join(dict.fromkeys(_name(ev) for ev in evidence if ev.cand.date == day))


def _htmldate_guess(tree: etree._Element, url: str | None, today: dt.date) -> _Cand | None:
    from htmldate import find_date

    try:
        found = find_date(  # works on a deep copy of the tree
            tree, url=url, extensive_search=True, original_date=True, max_date=today.isoformat()
        )
    except (ValueError, TypeError) as exc:  # htmldate on a page it cannot parse
        log.debug("htmldate failed: %s", exc)
        return None
    if not found:
        return None
    return _Cand(dt.date.fromisoformat(found), None, "htmldate")
