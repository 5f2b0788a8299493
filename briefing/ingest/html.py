"""HTML pages -> ``Article``: main text without boilerplate, title, date, outlet, credits.

Text comes from trafilatura (comments left out), then German news chrome that survives it is
removed paragraph by paragraph (``html_clean``); the date comes from ``html_dates``.
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from ..config import Settings
from ..errors import InputError
from ..models import Article, Paragraph

__all__ = ["parse_html", "extract_paragraphs"]

log = logging.getLogger(__name__)

# Below this many characters of text the language is read from <html lang> instead.
_MIN_LANG_TEXT = 200


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def _load_tree(html: str, path: str):  # type: ignore[no-untyped-def]
    from lxml import etree
    from lxml import html as lxml_html

    data = html.encode("utf-8", errors="replace")
    try:
        return lxml_html.document_fromstring(data, parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{path}: not a readable HTML page ({exc})") from None


def _body_paragraphs(body) -> list[Paragraph]:  # type: ignore[no-untyped-def]
    """trafilatura's XML body (<head>, <p>, <list>, <quote>, <table>) -> paragraphs."""
    out: list[Paragraph] = []
    for el in body:
        tag = el.tag
        if tag == "list":
            items = [" ".join(i.itertext()).split() for i in el.iter("item")]
            for words in items:
                if words:
                    out.append(Paragraph(" ".join(words)))
            continue
        if tag == "table":
            for row in el.iter("row"):
                cells = [" ".join(" ".join(c.itertext()).split()) for c in row]
                line = " | ".join(c for c in cells if c)
                if line:
                    out.append(Paragraph(line))
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if text:
            out.append(Paragraph(text, heading=tag == "head"))
    return out


def extract_paragraphs(
    html: str, *, url: str | None = None, tree=None  # type: ignore[no-untyped-def]
) -> tuple[list[Paragraph], dict]:  # type: ignore[type-arg]
    """Main-text paragraphs of a page and trafilatura's metadata (title, sitename, url, ...)."""
    import trafilatura

    from .html_clean import clean_paragraphs

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if doc is None:
        return [], {}
    meta = {
        "title": doc.title,
        "sitename": doc.sitename,
        "url": doc.url,
        "hostname": doc.hostname,
        "language": doc.language,
    }
    paragraphs = _body_paragraphs(doc.body) if doc.body is not None else []
    if tree is not None and paragraphs:
        paragraphs = _with_lead(paragraphs, tree)
    return clean_paragraphs(paragraphs), meta


_INLINE = {"span", "strong", "b", "em", "i", "a", "font", "small"}


def _with_lead(paragraphs: list[Paragraph], tree) -> list[Paragraph]:  # type: ignore[no-untyped-def]
    """Put the lead paragraph back when the extractor dropped it.

    News pages print their teaser (the ``description`` metadata) as the first paragraph, often in
    a header block that boilerplate removal throws away with the rest of the header.
    """
    found = tree.xpath('//meta[@property="og:description" or @name="description"]/@content')
    description = " ".join(str(found[0]).split()) if found else ""
    if len(description) < 60:
        return paragraphs
    probe = description[:50]
    text = " ".join(" ".join(p.text for p in paragraphs).split())
    if probe in text:
        return paragraphs
    body = tree.find(".//body")
    if body is None:
        return paragraphs
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in {"script", "style", "noscript", "a", "title"}:
            continue
        own = " ".join((el.text or "").split())
        if not own or probe not in own:
            continue
        while el.tag in _INLINE and el.getparent() is not None:
            el = el.getparent()
        lead = " ".join(el.text_content().split())
        if len(lead) > 3 * len(description) + 200:
            return paragraphs
        return [Paragraph(lead), *paragraphs]
    return paragraphs


def parse_html(html: str, *, path: str, settings: Settings, url: str | None = None) -> Article:
    """Extract one article from an HTML page: text, title, date, outlet, credits, language."""
    from .html_dates import find_page_date
    from .meta import article_id, derive_title, detect_language, find_credits

    tree = _load_tree(html, path)
    paragraphs, meta = extract_paragraphs(html, url=url, tree=tree)
    if not paragraphs:
        raise InputError(f"{path}: no article text found in the HTML page")
    text = "\n\n".join(p.text for p in paragraphs)
    canonical = _canonical_url(tree)
    page_url = canonical or meta.get("url") or url
    title = meta.get("title") or None
    found = find_page_date(tree, html, url=page_url or url, tz=settings.timezone, title=title)
    warnings = list(found.warnings)
    if len(text) >= _MIN_LANG_TEXT:
        language = detect_language(text)
    else:
        language = (tree.get("lang") or "").split("-")[0].lower() or detect_language(text)
    source = _site_name(tree) or meta.get("sitename") or _domain(page_url) or _domain(url)
    return Article(
        id=article_id(path, text),
        path=path,
        paragraphs=tuple(paragraphs),
        title=title or derive_title(paragraphs) or None,
        title_derived=not title,
        date=found.date,
        published=found.published,
        date_confidence=found.confidence,
        date_method=found.method,
        source=source,
        credits=find_credits(text),
        url=page_url,
        language=language,
        warnings=tuple(warnings),
    )


def _canonical_url(tree) -> str | None:  # type: ignore[no-untyped-def]
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = [str(v).strip() for v in tree.xpath(xpath) if str(v).strip().startswith("http")]
        if found:
            return found[0]
    return None


def _site_name(tree) -> str | None:  # type: ignore[no-untyped-def]
    found = tree.xpath('//meta[@property="og:site_name"]/@content')
    name = " ".join(str(found[0]).split()) if found else ""
    return name or None
