"""Fuzzing the JSON and JSON Lines readers (hypothesis, bounded examples): any value in any
field, broken lines, nesting, NaN and huge numbers, lone surrogates. No exception but
``InputError`` leaves the reader, and every record is either read (an article at "file#N") or
skipped with a reason ("file line N" / "file#N"); what is read is safe to print (issue #18)."""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.config import Settings
from briefing.errors import InputError
from briefing.ingest.formats import read_json, read_jsonl
from briefing.ingest.sanitize import MAX_TITLE_CHARS

BODY = (
    "Berlin - Der Bundestag hat am Freitag über das neue Wehrdienstgesetz abgestimmt und eine "
    "lange Debatte geführt, in der alle Fraktionen zu Wort kamen."
)
FIELDS = [
    "text", "html", "title", "date", "published", "datePublished", "url", "link", "source",
    "outlet", "site", "language", "lang", "kicker", "teaser", "author", "authors", "articles",
]  # fmt: skip

# Any text: lone surrogates and control characters are drawn often on purpose.
ODD = st.sampled_from(["\ud800", "\udfff", "\x1b[2J", "\x00", "\x07", "\u202e", "\ufffe", "\r\n"])
ANY_TEXT = st.lists(st.characters(exclude_categories=()) | ODD, max_size=12).map("".join)
SCALARS = (
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True) | ANY_TEXT
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=6,
)
PLAUSIBLE = {
    "text": st.sampled_from([BODY, f"Titel\n\n{BODY}"]).flatmap(lambda b: ANY_TEXT.map(lambda t: b + t)),
    "html": st.sampled_from([f"<html><body><article><p>{BODY}</p></article></body></html>", "<p>"]),
    "date": st.sampled_from(["2025-11-27", "2025-11-27T10:00:00+99:00", "27.11.2025", "1e400"])
    | st.floats(allow_nan=True, allow_infinity=True) | st.integers(),
    "language": st.sampled_from(["de", "de-AT", "EN", "../x", "", "deu"]),
    "url": st.sampled_from(["https://example.org/a", "javascript:alert(1)", "http://a b", ""]),
}  # fmt: skip
# Every field: a value of its kind, any text, or any JSON value at all.
RECORDS = st.fixed_dictionaries(
    {}, optional={f: PLAUSIBLE.get(f, ANY_TEXT) | ANY_TEXT | VALUES for f in FIELDS}
)
# A line that is not JSON (no line break, no control character: those would change the lines).
GARBAGE = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
)
LINES = st.lists(
    RECORDS.map(lambda r: json.dumps(r)) | VALUES.map(json.dumps) | GARBAGE, min_size=1, max_size=5
)
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def _check_article(a) -> None:  # type: ignore[no-untyped-def]
    for value in (a.text, a.title or "", a.source or "", a.url or "", a.path, *a.warnings):
        value.encode("utf-8")  # no lone surrogate
        assert not any(ord(c) < 32 and c not in "\n\t" for c in value), value
    assert a.title is None or len(a.title) <= MAX_TITLE_CHARS
    assert a.date is None or 1900 <= a.date.year < 2100
    assert 0.0 <= a.date_confidence <= 1.0 and math.isfinite(a.date_confidence)


@FUZZ
@given(LINES)
def test_jsonl_reader_reads_or_skips_every_line(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8")
    skipped: list = []  # type: ignore[type-arg]
    try:
        articles = read_jsonl(data, path="f.jsonl", settings=Settings(), skipped=skipped)
    except InputError as exc:  # nothing readable: every line is skipped, with its reason
        assert "no readable record" in str(exc) or "empty file" in str(exc), exc
        articles = []
    read = {a.path for a in articles}
    skips = {s.path: s.reason for s in skipped}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        here = (f"f.jsonl#{n}" in read) + (f"f.jsonl line {n}" in skips)
        assert here == 1 or not data.strip(b" \t\r\n\x0b\x0c"), (n, line, read, skips)
    assert all(reason for reason in skips.values())
    for a in articles:
        _check_article(a)


@FUZZ
@given(st.lists(RECORDS | VALUES, min_size=1, max_size=4))
def test_json_reader_reads_or_skips_every_record(records: list) -> None:  # type: ignore[type-arg]
    data = json.dumps(records).encode("utf-8")
    skipped: list = []  # type: ignore[type-arg]
    try:
        articles = read_json(data, path="f.json", settings=Settings(), skipped=skipped)
    except InputError as exc:  # nothing readable: every record is skipped, with its reason
        assert "no readable record" in str(exc), exc
        articles = []
    read = {a.path for a in articles}
    skips = {s.path: s.reason for s in skipped}
    assert read.isdisjoint(skips) and all(skips.values())
    assert read | set(skips) == {f"f.json#{n}" for n in range(1, len(records) + 1)}
    for a in articles:
        _check_article(a)
