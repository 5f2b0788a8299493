"""Plain-text articles as scrapers save them: an optional `` date YYYY-MM-DD`` header line, a
header region (kicker, title, date line, photo caption, paywall prompt), the body with section
headings, and the page's tail (tag line, comment counter, teaser list, reader comments).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from dataclasses import dataclass

from ..errors import InputError
from ..models import Article, Paragraph
from ..options import IngestOptions
from . import boilerplate as bp
from .dates import find_dates, find_weekdays, parse_date_string
from .meta import article_id, derive_title, detect_language, find_credits
from .sanitize import MAX_ARTICLE_CHARS
from .titles import is_opinion

__all__ = ["DateChoice", "choose_date", "parse_text"]

log = logging.getLogger(__name__)
# Text beyond this is not even parsed: twice what an article may keep (MAX_ARTICLE_CHARS).
_MAX_PARSED_CHARS = 2 * MAX_ARTICLE_CHARS
_HEAD_ONLY = f"text longer than {_MAX_PARSED_CHARS:,} characters; only its head read"

# "<BR \/>", "<br/>", "<br>" (the backslash is a JSON-escaping artefact of the scraper).
_BR_RE = re.compile(r"<\s*br\s*\\?/?\s*>", re.IGNORECASE)
_HEADER_RE = re.compile(r"^\s*date\s+(\d{4}-\d\d-\d\d)\b[ \t]*", re.IGNORECASE)
_BYLINE_RE = re.compile(
    r"^(?:(?i:von|quelle|quellen|autor|autorin|text)\s*:\s*\S"
    r"|[Vv]on\s+[A-ZÄÖÜ][\w.-]+(?:\s+(?:und\s+)?[A-ZÄÖÜ][\w.-]+){0,4}\s*(?:,.{0,40})?$)"
)
_CREDIT_LINE_RE = re.compile(r"^(foto|fotos|bild|bilder)\s*:", re.IGNORECASE)
_BODY_MIN = 80  # a body line is at least this long and ends like a sentence


@dataclass(frozen=True)
class DateChoice:
    """The publication date of an article and how sure we are."""

    date: dt.date | None
    published: dt.datetime | None
    confidence: float
    method: str
    warnings: tuple[str, ...] = ()


@dataclass
class _Line:
    text: str
    blank_before: bool


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    blank = True
    for raw in text.split("\n"):
        s = raw.replace("\u00a0", " ").strip()
        if not s:
            blank = True
            continue
        out.append(_Line(s, blank))
        blank = False
    return out


def _is_body(line: str) -> bool:
    return len(line) >= _BODY_MIN and (bp.is_sentence_like(line) or ". " in line)


def _is_dateline(line: str, tz: str) -> bool:
    """A line that is a date (with time, credit or weekday) rather than a sentence."""
    if len(line) > 90 or (bp.is_sentence_like(line) and len(line) > 40):
        return False
    got = parse_date_string(line, tz)
    if got is None:
        return False
    rest = re.sub(
        r"\d|[.:,\-–·|/()]|\b(uhr|um|am|aktualisiert|veröffentlicht|stand|quelle|von)\b",
        " ",
        line,
        flags=re.I,
    )
    rest = re.sub(
        r"(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
        r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)",
        " ",
        rest,
        flags=re.I,
    )
    return len(rest.split()) <= 3


def _hard_wrapped(lines: list[_Line]) -> bool:
    """Text wrapped at a fixed width: most lines that continue on the next line are 50-100
    characters long."""
    continued = [len(a.text) for a, b in itertools.pairwise(lines) if not b.blank_before]
    if len(continued) < 3:
        return False
    return sum(50 <= n <= 100 for n in continued) / len(continued) >= 0.8


def _is_caption_end(line: str) -> bool:
    return line.rstrip().endswith(":")


def _norm(s: str) -> str:
    return re.sub(r"\W+", "", s).lower()


def _pick_title(candidates: list[str]) -> str | None:
    """The title among the header lines: a line the page repeats (the second copy often has a
    separator the first lost), else the longest line of three or more words."""
    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            if _norm(a) == _norm(b):
                return max((a, b), key=lambda s: (s.count(" / "), s.count(" ")))
    many = [c for c in candidates if len(c.split()) >= 3]
    return max(many, key=len) if many else None


def _kicker(candidates: list[str], title: str | None) -> str | None:
    """The short label printed right above the headline ("Ukraine-Krieg", "Kommentar")."""
    if title is None or title not in candidates:
        return None
    i = candidates.index(title)
    if i == 0:
        return None
    above = candidates[i - 1]
    if len(above.split()) <= 4 and len(above) <= 40 and _norm(above) != _norm(title):
        return above
    return None


def _comment_start(lines: list[_Line], start: int, tz: str) -> int | None:
    """Index of the first reader comment: a short name line followed by a timestamp line."""
    for i in range(max(start, 1), len(lines)):
        if not bp.is_timestamp_line(lines[i].text, tz):
            continue
        name = lines[i - 1].text
        if len(name.split()) <= 5 and len(name) <= 50 and not bp.is_sentence_like(name):
            return i - 1
        return i
    return None


def _teaser_start(lines: list[_Line], start: int) -> int | None:
    """Index where a teaser list begins: the block holding the first "vor N Minuten" line."""
    for i in range(start, len(lines)):
        if bp.is_teaser_line(lines[i].text):
            j = i
            # the teaser's headline and snippet sit just above its time stamp, in one block
            while j > start and i - j < 2 and not lines[j].blank_before:
                j -= 1
            return j
    return None


def choose_date(
    candidates: list[tuple[dt.date, dt.datetime | None, float, str]],
    comment_dates: list[dt.date],
    body: str,
    *,
    today: dt.date | None = None,
) -> DateChoice:
    """The publication date from (date, datetime, confidence, method) candidates, checked
    against the dates of the page's reader comments and the weekdays its text names."""
    if not candidates:
        return DateChoice(None, None, 0.0, "none")
    day, stamp, conf, method = max(candidates, key=lambda c: c[2])
    warnings: list[str] = []
    if comment_dates and day > min(comment_dates):
        # A page date later than the article's own comments is the day the page was saved.
        first = min(comment_dates)
        named = find_weekdays(body)
        chosen, how = first, "earliest comment"
        for back in range(0, 7):
            d = first - dt.timedelta(days=back)
            if d.weekday() in named:
                chosen, how = d, "weekday named in the text"
                break
        warnings.append(
            f"page date {day.isoformat()} is later than the reader comments "
            f"(earliest {first.isoformat()}); used {chosen.isoformat()} ({how})"
        )
        conf = 0.6 if how.startswith("weekday") else 0.4
        return DateChoice(chosen, None, conf, "comments", tuple(warnings))
    today = today or dt.date.today()
    if day > today + dt.timedelta(days=1):
        warnings.append(f"date {day.isoformat()} is in the future; kept with low confidence")
        conf = min(conf, 0.2)
    return DateChoice(day, stamp, conf, method, tuple(warnings))


_Cands = list[tuple[dt.date, dt.datetime | None, float, str]]


def _cut_head(text: str) -> tuple[str, bool]:
    """The text cut to what is parsed, and whether it was cut."""
    if len(text) <= _MAX_PARSED_CHARS:
        return text, False
    # Only the first MAX_ARTICLE_CHARS are kept (sanitize.clean_article); parsing the rest
    # of a 20 MB file would cost half a minute for nothing. Cut at a line break.
    line_end = text.rfind("\n", 0, _MAX_PARSED_CHARS)
    return text[: line_end if line_end > _MAX_PARSED_CHARS // 2 else _MAX_PARSED_CHARS], True


def _header_date(text: str, path: str, candidates: _Cands) -> str:
    """The text without its `` date YYYY-MM-DD`` header line (its date added to candidates)."""
    m = _HEADER_RE.match(text)
    if not m:
        return text
    try:
        candidates.append((dt.date.fromisoformat(m.group(1)), None, 0.95, "header"))
    except ValueError:
        log.warning("%s: bad header date %s", path, m.group(1))
    return text[m.end() :]


def _is_lead_sentence(lines: list[_Line], i: int, tz: str) -> bool:
    """A short sentence before the first long one that is text too ("Er kam.")."""
    ln = lines[i]
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return (
        bp.is_sentence_like(ln.text)
        and len(ln.text.split()) >= 3
        and not (bp.is_noise_line(ln.text) or bp.is_photo_credit(ln.text))
        and not (_is_dateline(ln.text, tz) or _BYLINE_RE.match(ln.text))
        and not (nxt and not nxt.blank_before and _CREDIT_LINE_RE.match(nxt.text))
    )


def _body_start(lines: list[_Line], tz: str) -> int:
    """Index of the first body line."""
    start = next((i for i, ln in enumerate(lines) if _is_body(ln.text)), None)
    if start is None:
        start = next(
            (
                i
                for i, ln in enumerate(lines)
                if len(ln.text) >= 40 and not _is_dateline(ln.text, tz)
            ),
            0,
        )
    return next((i for i in range(start) if _is_lead_sentence(lines, i, tz)), start)


def _article_end(lines: list[_Line], body_start: int, tz: str) -> tuple[int, int | None]:
    """Where the article ends (the first tag line/counter, teaser list or reader comment),
    and where the reader comments start."""
    end = len(lines)
    for i in range(body_start + 1, len(lines)):
        if bp.is_end_marker(lines[i].text):
            end = i
            break
    comments_at = _comment_start(lines, body_start + 1, tz)
    teaser_at = _teaser_start(lines, body_start + 1)
    for cut in (comments_at, teaser_at):
        if cut is not None and cut > body_start:
            end = min(end, cut)
    return end, comments_at


def _comment_dates(lines: list[_Line], comments_at: int | None, tz: str) -> list[dt.date]:
    if comments_at is None:
        return []
    days: list[dt.date] = []
    for ln in lines[comments_at:]:
        if bp.is_timestamp_line(ln.text, tz):
            got = parse_date_string(ln.text, tz)
            if got:
                days.append(got[0])
    return days


def _read_header(header: list[_Line], tz: str, candidates: _Cands) -> tuple[list[str], list[str]]:
    """Header region: datelines, bylines, kicker and title; nothing here is body text.
    Returns the credit lines and the title candidates (datelines added to candidates)."""
    credit_lines: list[str] = []
    titles: list[str] = []
    for i, ln in enumerate(header):
        s = ln.text
        nxt = header[i + 1] if i + 1 < len(header) else None
        if _is_dateline(s, tz):
            got = parse_date_string(s, tz)
            if got:
                conf = 0.9 if got[1] else 0.85
                candidates.append((got[0], got[1], conf, "dateline"))
            credit_lines.append(s)
        elif _BYLINE_RE.match(s):
            credit_lines.append(s)
        elif bp.is_photo_credit(s) or bp.is_noise_line(s):
            continue
        elif nxt is not None and not nxt.blank_before and _CREDIT_LINE_RE.match(nxt.text):
            continue  # a photo caption: the line right above its credit
        elif not bp.is_sentence_like(s):
            titles.append(s)
    return credit_lines, titles


def _joins_previous(kept: list[_Line], ln: _Line, wrapped: bool) -> bool:
    """A line that continues the kept line before it (hard wrap, or a broken-off line)."""
    return (
        bool(kept)
        and not ln.blank_before
        and len(kept[-1].text) >= 40
        and (
            wrapped
            or (not bp.is_sentence_like(kept[-1].text) and not _is_caption_end(kept[-1].text))
        )
    )


def _drop_body_line(body_lines: list[_Line], i: int, tz: str, candidates: _Cands) -> bool:
    """Noise, a teaser, a credit, a caption or a dateline (its date added to candidates)."""
    s = body_lines[i].text
    nxt = body_lines[i + 1] if i + 1 < len(body_lines) else None
    if bp.is_noise_line(s) or bp.is_teaser_line(s) or bp.is_photo_credit(s):
        return True
    if nxt is not None and not nxt.blank_before and _CREDIT_LINE_RE.match(nxt.text):
        return True
    if _is_dateline(s, tz) and len(s) < 60:
        got = parse_date_string(s, tz)
        if got:
            candidates.append((got[0], got[1], 0.7, "dateline"))
        return True
    return False


def _body(body_lines: list[_Line], title: str | None, tz: str, candidates: _Cands) -> list[_Line]:
    """Body: drop noise, captions and teasers; join hard-wrapped lines."""
    wrapped = _hard_wrapped(body_lines)
    kept: list[_Line] = []
    for i, ln in enumerate(body_lines):
        if _drop_body_line(body_lines, i, tz, candidates):
            continue
        if title and _norm(ln.text) == _norm(title):
            continue
        if _joins_previous(kept, ln, wrapped):
            kept[-1] = _Line(f"{kept[-1].text} {ln.text}", kept[-1].blank_before)
            continue
        kept.append(_Line(ln.text, ln.blank_before))
    return kept


def _paragraphs(kept: list[_Line], path: str) -> list[Paragraph]:
    """The kept lines as paragraphs, headings marked (a trailing heading dropped)."""
    paragraphs: list[Paragraph] = []
    for i, ln in enumerate(kept):
        following = kept[i + 1] if i + 1 < len(kept) else None
        heading = (
            bp.is_heading_like(ln.text)
            and following is not None
            and not bp.is_heading_like(following.text)
            and (ln.blank_before or i == 0)
        )
        text_ = ln.text if heading else bp.strip_trailing_credit(ln.text)
        if text_:
            paragraphs.append(Paragraph(text_, heading=heading))
    while paragraphs and paragraphs[-1].heading:
        paragraphs.pop()
    if not any(not p.heading for p in paragraphs):
        raise InputError(f"{path}: no article text found")
    return paragraphs


def parse_text(
    text: str,
    *,
    path: str,
    settings: IngestOptions,
    title: str | None = None,
    language: str | None = None,
) -> Article:
    """One plain-text article: boilerplate removed, headings marked, date, title and credits.

    ``title`` and ``language``, when the caller knows them (a JSON record), are used as given
    instead of being found, derived or detected.
    """
    given_title = title
    text, head_only = _cut_head(text)
    tz = settings.timezone
    candidates: _Cands = []
    text = _header_date(_BR_RE.sub("\n\n", text), path, candidates)
    lines = _lines(text)
    if not lines:
        raise InputError(f"{path}: no text")

    body_start = _body_start(lines, tz)
    end, comments_at = _article_end(lines, body_start, tz)
    comment_dates = _comment_dates(lines, comments_at, tz)
    header_credit_lines, title_candidates = _read_header(lines[:body_start], tz, candidates)
    title = _pick_title(title_candidates)
    kicker = _kicker(title_candidates, title)
    kept = _body(lines[body_start:end], title, tz, candidates)
    paragraphs = _paragraphs(kept, path)

    body_text = "\n\n".join(ln.text for ln in kept)
    if not candidates:
        for day, _ in find_dates(body_text[:20000], tz)[:1]:
            candidates.append((day, None, 0.3, "text"))
    choice = choose_date(candidates, comment_dates, body_text)

    credits = find_credits("\n".join([*header_credit_lines, body_text]))
    if given_title:
        title = given_title
    derived = title is None
    if derived:
        title = derive_title(paragraphs)
    article_text = "\n\n".join(p.text for p in paragraphs)
    language = language or settings.source_language or detect_language(article_text)
    return Article(
        id=article_id(path, article_text),
        path=path,
        paragraphs=tuple(paragraphs),
        title=title,
        title_derived=derived,
        date=choice.date,
        published=choice.published,
        date_confidence=choice.confidence,
        date_method=choice.method,
        credits=credits,
        language=language,
        warnings=choice.warnings + ((_HEAD_ONLY,) if head_only else ()),
        kicker=kicker,
        opinion=is_opinion(kicker, title),
    )
