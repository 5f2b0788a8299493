"""CSV (and TSV) exports, a common scraper output: a header row, then one article per row.

Columns (case-insensitive, any order, others ignored): ``title``, ``text`` or ``html`` (one of
them required), ``date``, ``url``, ``source``, ``language``, ``kicker``. Each row becomes a
record for ``record_to_article``, so its fields mean exactly what they mean in JSON. The
delimiter (comma, semicolon or tab) is found from the header line. See docs/input-formats.md.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

from ..errors import InputError
from ..models import Article, Skipped
from ..options import IngestOptions

__all__ = ["COLUMNS", "read_csv"]

COLUMNS = ("title", "text", "html", "date", "url", "source", "language", "kicker")
_ALIASES = {
    "link": "url",
    "outlet": "source",
    "lang": "language",
    "body": "text",
    "content": "text",
    "published": "date",
    "headline": "title",
    "dachzeile": "kicker",
}


def _dialect(header: str, path: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        raise InputError(f"{path}: not a CSV table (no comma, semicolon or tab in the header)")
    return best


def read_csv(
    data: bytes, *, path: str, settings: IngestOptions, skipped: list[Skipped]
) -> list[Article]:
    """One article per row; a row without text is skipped ("file.csv row N"), the rest read."""
    from .encoding import decode_text
    from .formats import record_to_article

    text = decode_text(data, path)
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        raise InputError(f"{path}: empty CSV file (no header row)")
    delimiter = "\t" if path.lower().endswith(".tsv") else _dialect(header_line, path)
    # A cell may hold a whole HTML page; the file is already within max_file_bytes.
    csv.field_size_limit(max(csv.field_size_limit(), settings.max_file_bytes))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(rows)]
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV header ({exc})") from None
    names = [_ALIASES.get(h, h) for h in header]
    if "text" not in names and "html" not in names:
        shown = ", ".join(header) or "(none)"
        raise InputError(f"{path}: no 'text' or 'html' column (header: {shown})")
    has_kicker = "kicker" in {f.name for f in dataclasses.fields(Article)}
    out: list[Article] = []
    n = 0
    try:
        for n, row in enumerate(rows, 1):
            if not any(cell.strip() for cell in row):
                continue
            record = {k: v for k, v in zip(names, row, strict=False) if k in COLUMNS and v}
            where = f"{path}#{n}"
            try:
                article = record_to_article(record, path=where, settings=settings)
            except InputError as exc:
                reason = str(exc).removeprefix(f"{where}: ")
                skipped.append(Skipped(f"{path} row {n}", reason, kind=exc.kind))
                continue
            kicker = " ".join(record.get("kicker", "").split())
            if kicker and has_kicker:
                extra: dict[str, Any] = {"kicker": kicker}
                article = dataclasses.replace(article, **extra)
            out.append(article)
    except csv.Error as exc:
        skipped.append(Skipped(f"{path} row {n + 1}", f"not valid CSV ({exc}); rest of file lost"))
    if not out:
        raise InputError(f"{path}: no readable row")
    return out
