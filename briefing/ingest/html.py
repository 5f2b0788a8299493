"""HTML pages -> ``Article``: main text without boilerplate, title, date, outlet, credits."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from ..config import Settings
from ..errors import InputError
from ..models import Article, Paragraph

__all__ = ["parse_html"]

log = logging.getLogger(__name__)


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def parse_html(html: str, *, path: str, settings: Settings, url: str | None = None) -> Article:
    """Extract one article from an HTML page (baseline: trafilatura + htmldate)."""
    import datetime as dt

    import trafilatura
    from htmldate import find_date

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, as_dict=True)
    if not doc or not (doc.get("text") or "").strip():
        raise InputError(f"{path}: no article text found in the HTML page")
    paragraphs = tuple(
        Paragraph(line.strip()) for line in doc["text"].split("\n") if line.strip()
    )
    date = None
    found = find_date(html, url=url, extensive_search=True, original_date=True)
    if found:
        date = dt.date.fromisoformat(found)
    page_url = doc.get("url") or url
    return Article(
        id=path,
        path=path,
        paragraphs=paragraphs,
        title=doc.get("title") or None,
        date=date,
        date_confidence=0.6 if date else 0.0,
        date_method="htmldate" if date else "",
        source=doc.get("sitename") or _domain(page_url),
        url=page_url,
    )
