"""German (and ISO) date parsing: "27. November 2025, 19:30 Uhr", "27.11.2025", "Mittwoch5. November
2025", "6. September 2025 - 13.19", "2025-11-27T19:30:00+01:00"."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..options import zone

if TYPE_CHECKING:
    from ..models import Article

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "find_date_spans",
    "find_dates",
    "find_weekdays",
    "flag_future",
    "parse_date_string",
]

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3, "maerz": 3,
    "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    # English month names, for feeds and ISO-ish metadata written in English.
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "december": 12, "mar": 3, "oct": 10, "dec": 12,
}  # fmt: skip

WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6,
}  # fmt: skip

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_TIME = r"(?P<hh>[01]?\d|2[0-3])[:.](?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?"
# A time after the date: "19:30 Uhr", ", 19:30", " - 13.19", " um 19.30 Uhr".
_TIME_TAIL = rf"(?:\s*(?:,|-|–|—|·|\||um)?\s*{_TIME}(?:\s*Uhr)?)?"

_LONG_RE = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY_ALT}),?\s*)?(?<!\d)(?P<d>[0-3]?\d)\.\s*(?P<mon>{_MONTH_ALT})\.?\s+"
    rf"(?P<y>(?:19|20)\d\d)(?!\d){_TIME_TAIL}",
    re.IGNORECASE,
)
_NUMERIC_RE = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY_ALT}),?\s*)?(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)"
    rf"(?![\d]){_TIME_TAIL}",
    re.IGNORECASE,
)
_ISO_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d)(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d\d:?\d\d)?)?(?!\d)"
)
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_WEEKDAY_RE = re.compile(
    rf"\b(?:am\s+)?(?P<wd>{_WEEKDAY_ALT})(?:abend|morgen|nachmittag|vormittag|mittag|nacht)?\b",
    re.IGNORECASE,
)


def _build(m: re.Match[str], month: int, tz: str) -> tuple[dt.date, dt.datetime | None] | None:
    try:
        day = dt.date(int(m.group("y")), month, int(m.group("d")))
    except ValueError:
        return None
    hh = m.groupdict().get("hh")
    if hh is None:
        return day, None
    stamp = dt.datetime.combine(day, dt.time(int(hh), int(m.group("mm")), int(m.group("ss") or 0)))
    offset = m.groupdict().get("tz")
    if offset:
        if offset == "Z":
            return day, stamp.replace(tzinfo=dt.UTC)
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 18 or minutes > 59:  # no real zone is further than ±18:00: a broken value
            return None
        delta = dt.timedelta(hours=hours, minutes=minutes)
        return day, stamp.replace(tzinfo=dt.timezone(sign * delta))
    return day, stamp.replace(tzinfo=zone(tz))


def _match_at(m: re.Match[str], kind: str, tz: str) -> tuple[dt.date, dt.datetime | None] | None:
    if kind == "long":
        return _build(m, MONTHS[m.group("mon").lower()], tz)
    return _build(m, int(m.group("m")), tz)


def _iter_matches(text: str, tz: str):  # type: ignore[no-untyped-def]
    """Yield (start, end, date, datetime, weekday-name-or-None) for every date in ``text``.

    The forms are tried in order (ISO, long German, numeric); a match that overlaps one
    already taken is left out. Taken spans are kept sorted, so this stays linear-logarithmic.
    """
    starts: list[int] = []
    ends: list[int] = []
    for kind, rx in (("iso", _ISO_RE), ("long", _LONG_RE), ("numeric", _NUMERIC_RE)):
        for m in rx.finditer(text):
            k = bisect.bisect_left(starts, m.start())
            if (k > 0 and ends[k - 1] > m.start()) or (k < len(starts) and starts[k] < m.end()):
                continue
            got = _match_at(m, kind, tz)
            if got is None:
                continue
            starts.insert(k, m.start())
            ends.insert(k, m.end())
            yield m.start(), m.end(), got[0], got[1], m.groupdict().get("wd")


def parse_date_string(
    s: str, tz: str = "Europe/Berlin"
) -> tuple[dt.date, dt.datetime | None] | None:
    """The first date in ``s`` (German or ISO forms) and an aware datetime when a time is given.

    Naive times are read in ``tz``; ISO offsets are kept. None when no date is found.
    """
    if not s or not _YEAR_RE.search(s):  # every supported form has a four-digit year
        return None
    found = sorted(_iter_matches(s, tz), key=lambda t: t[0])
    if not found:
        # RFC 2822 ("Thu, 27 Nov 2025 19:30:00 +0100"), as feeds write it.
        from email.utils import parsedate_to_datetime

        try:
            stamp = parsedate_to_datetime(s.strip())
        except (TypeError, ValueError, IndexError):
            return None
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=zone(tz))
        return stamp.astimezone(zone(tz)).date(), stamp
    _, _, day, stamp, _ = found[0]
    return day, stamp


def find_dates(text: str, tz: str = "Europe/Berlin") -> list[tuple[dt.date, int]]:
    """Every date found in ``text`` with its character offset, in text order."""
    return [
        (day, start) for start, _, day, _, _ in sorted(_iter_matches(text, tz), key=lambda t: t[0])
    ]


def find_date_spans(text: str, tz: str = "Europe/Berlin") -> list[tuple[dt.date, int, int]]:
    """Every date found in ``text`` with its start and end offsets, in text order."""
    found = sorted(_iter_matches(text, tz), key=lambda t: t[0])
    return [(day, start, end) for start, end, day, _, _ in found]


def find_weekdays(text: str) -> set[int]:
    """Weekdays (0 = Monday) named in ``text`` ("am Freitag", "Dienstagabend")."""
    return {WEEKDAYS[m.group("wd").lower()] for m in _WEEKDAY_RE.finditer(text)}


def flag_future(article: Article, saved: dt.datetime | None) -> Article:
    """The article with a date later than when its input was saved flagged as suspect.

    "Future" is measured against the input's own save time (file modification time, a feed's
    ``lastBuildDate``, a record's ``crawled_at``), not the machine clock: an item dated a week
    after the feed that carried it was built is wrong, whenever the briefing runs. A day of
    slack covers time zones.
    """
    if saved is None or article.date is None:
        return article
    limit = saved.date() + dt.timedelta(days=1)
    if article.date <= limit or any("after the input was saved" in w for w in article.warnings):
        return article
    note = (
        f"date {article.date.isoformat()} is after the input was saved "
        f"({saved.date().isoformat()}); kept with low confidence"
    )
    return replace(
        article,
        date_confidence=min(article.date_confidence, 0.2),
        warnings=(*article.warnings, note),
    )
