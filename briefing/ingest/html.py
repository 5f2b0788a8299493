"""HTML pages -> ``Article``: main text without boilerplate, title, date, outlet, credits.

Text comes from trafilatura (comments left out), then German news chrome that survives it is
removed paragraph by paragraph (``html_clean``); the date comes from ``html_dates``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from ..errors import InputError
from ..models import Article, Paragraph
from ..options import IngestOptions

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["Extracted", "extract_paragraphs", "parse_html"]

log = logging.getLogger(__name__)

# Below this many characters of text the language is read from <html lang> instead.
_MIN_LANG_TEXT = 200
_LANG_SAMPLE = 2000  # plenty to tell the language; the classifier's time grows with the text


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def _load_tree(html: str, path: str) -> HtmlElement:
    """Parse the page once, as trafilatura does (its parser, its repairs of broken markup)."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise InputError(f"{path}: not a readable HTML page")
    return tree


def _text(el) -> str:  # type: ignore[no-untyped-def]
    """The element's text, whitespace-normalised; inline markup does not split words."""
    from .sanitize import clean_text

    for br in el.iter("lb"):
        br.text = " "
    return " ".join(clean_text("".join(el.itertext())).split())


def _body_paragraphs(body) -> list[Paragraph]:  # type: ignore[no-untyped-def]
    """trafilatura's XML body (<head>, <p>, <list>, <quote>, <table>) -> paragraphs."""
    out: list[Paragraph] = []
    for el in body:
        if el.tag == "list":
            out.extend(Paragraph(t) for t in (_text(i) for i in el.iter("item")) if t)
        elif el.tag == "table":
            for row in el.iter("row"):
                line = " | ".join(t for t in (_text(c) for c in row) if t)
                if line:
                    out.append(Paragraph(line))
        else:
            text = _text(el)
            if text:
                out.append(Paragraph(text, heading=el.tag == "head"))
    return out


@dataclass(frozen=True)
class Extracted:
    """What the extractor found on a page, chrome removed from ``paragraphs``."""

    paragraphs: tuple[Paragraph, ...]
    raw_text: str  # before chrome removal: credits lines ("Quelle: dpa") are read here
    title: str | None = None
    sitename: str | None = None
    url: str | None = None
    kicker: str | None = None


def extract_paragraphs(tree: HtmlElement, *, url: str | None = None) -> Extracted:
    """Main-text paragraphs of a parsed page (lead put back, chrome removed) and its metadata.

    trafilatura works on a copy of ``tree``; its metadata search is skipped (it costs a third
    of the time): title, site name and URL are read from the page's own tags here.
    """
    import trafilatura

    from .html_clean import clean_paragraphs

    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if doc is None or isinstance(doc, dict) or doc.body is None:
        return Extracted((), "")
    paragraphs = _body_paragraphs(doc.body)
    if paragraphs:
        paragraphs = _with_lead(paragraphs, tree)
    site = _site_name(tree)
    title, kicker = _title(tree, site)
    return Extracted(
        paragraphs=tuple(clean_paragraphs(paragraphs, _link_texts(tree))),
        raw_text="\n\n".join(p.text for p in paragraphs),
        title=title,
        sitename=site,
        url=_canonical_url(tree),
        kicker=kicker,
    )


def _link_texts(tree: HtmlElement) -> frozenset[str]:
    """The whitespace-normalised texts of the page's links to other pages: <a href> and the
    custom elements some sites draw their menus with (<pp-link href=...>); not the anchors of
    the page's own sections (href="#...", a headline that links to itself)."""
    found = tree.xpath('//body//*[@href][not(starts-with(normalize-space(@href), "#"))]')
    texts = (" ".join(el.text_content().split()) for el in found)
    return frozenset(t for t in texts if t)


_INLINE = {"span", "strong", "b", "em", "i", "a", "font", "small"}
_LEAD_XPATH = (
    "//body//*[not(self::script or self::style or self::noscript or self::a or self::title)]"
    "[contains(normalize-space(text()), $probe)]"
)


# Where a page states its teaser, best first: a site's plain "description" is often its slogan
# ("Nachrichten und Luftfahrtinformationen") while og:description is the article's teaser.
_DESCRIPTION_XPATHS = (
    '//meta[@property="og:description"]/@content',
    '//meta[@name="twitter:description"]/@content',
    '//meta[@name="description"]/@content',
)
_MIN_LEAD = 60
# A visible standfirst the page marks as its article's description (<div class="teaser-text"
# itemprop="description"> inside the Article's itemscope): not a picture's caption, not the
# description of an organisation, an author or a teaser of another page (other scopes).
_STANDFIRST_XPATH = (
    '//body//*[@itemprop="description" and not(self::meta or self::figcaption)]'
    "[not(ancestor::figure or ancestor::a)]"
    '[ancestor::*[@itemscope][1][contains(@itemtype, "Article") or '
    'contains(@itemtype, "BlogPosting") or contains(@itemtype, "Report")]]'
)
_MAX_STANDFIRST = 800
# Class: a standfirst printed right under the headline in a block whose class names it a lead
# (<h1>…</h1><div class="date">…</div><div class="teaser-text"><p>Das Forum fordert …</p>,
# "article-lead", "intro-text", "standfirst", "subline"), which boilerplate removal drops with
# the header. Only the headline's next few siblings count: the same classes on a list of other
# articles' teasers further down (or inside a link or a list item) are not the article's lead.
_HEADLINE_LEAD_XPATH = (
    "(//body//h1)[1]/following-sibling::*[position() <= 3]"
    "/descendant-or-self::*[re:test(@class, $classes, 'i')]"
    "[not(ancestor-or-self::a or ancestor-or-self::li or ancestor-or-self::figure)]"
)
_LEAD_CLASSES = r"(?:^|[\s_-])(?:teaser|lead|intro|standfirst|subline|summary|abstract)(?:$|[\s_-])"


def _descriptions(tree: HtmlElement) -> list[str]:
    """The page's teasers from its metadata (og, twitter, plain; long enough to be one),
    whitespace-normalised, best first."""
    from .sanitize import clean_text

    found: list[str] = []
    for xpath in _DESCRIPTION_XPATHS:
        for value in tree.xpath(xpath):
            text = " ".join(clean_text(str(value)).split())
            if len(text) >= _MIN_LEAD and text not in found:
                found.append(text)
    return found


def _lead_element_text(tree: HtmlElement, description: str) -> str | None:
    """The text of the block that holds the start of ``description`` (None when there is none,
    or when it is far longer than the teaser: a whole page, not a lead)."""
    from .sanitize import clean_text

    # The search runs in libxml2: an element whose own text holds the start of the description.
    for el in tree.xpath(_LEAD_XPATH, probe=description[:50]):
        while el.tag in _INLINE and el.getparent() is not None:
            el = el.getparent()
        lead = " ".join(clean_text(el.text_content()).split())
        if len(lead) > 3 * len(description) + 200:
            return None
        return lead
    return None


def _standfirst(tree: HtmlElement) -> str | None:
    """The visible block marked itemprop="description" of the article, when it is a lead."""
    from .sanitize import clean_text

    for el in tree.xpath(_STANDFIRST_XPATH)[:3]:
        text = " ".join(clean_text(el.text_content()).split())
        if _MIN_LEAD <= len(text) <= _MAX_STANDFIRST:
            return text
    return None


def _with_lead(paragraphs: list[Paragraph], tree: HtmlElement) -> list[Paragraph]:
    """Put the lead paragraph back when the extractor dropped it.

    News pages print their teaser (the ``description`` metadata) as the first paragraph, often in
    a header block that boilerplate removal throws away with the rest of the header; some mark
    that block itemprop="description" and write other words into the metadata.
    """
    text = " ".join(" ".join(p.text for p in paragraphs).split())
    for description in _descriptions(tree):
        if description[:50] in text:
            continue
        lead = _lead_element_text(tree, description)
        if lead is not None:
            return [Paragraph(lead), *paragraphs]
    standfirst = _standfirst(tree) or _headline_lead(tree)
    if standfirst and standfirst[:50] not in text:
        return [Paragraph(standfirst), *paragraphs]
    return paragraphs


def _headline_lead(tree: HtmlElement) -> str | None:
    """The lead block right under the page's headline (``_HEADLINE_LEAD_XPATH``), when it is
    prose of a lead's length."""
    from .sanitize import clean_text

    found = tree.xpath(
        _HEADLINE_LEAD_XPATH,
        namespaces={"re": "http://exslt.org/regular-expressions"},
        classes=_LEAD_CLASSES,
    )
    for el in found[:2]:
        text = " ".join(clean_text(el.text_content()).split())
        if _MIN_LEAD <= len(text) <= _MAX_STANDFIRST and text.rstrip().endswith(
            (".", "!", "?", '"', "“")
        ):
            return text
    return None


def parse_html(
    html: str,
    *,
    path: str,
    settings: IngestOptions,
    url: str | None = None,
    saved: dt.datetime | None = None,
) -> Article:
    """Extract one article from an HTML page: text, title, date, outlet, credits, language.

    ``saved`` is when the page was saved: a date after it is in the page's future.
    """
    from .html_clean import NOT_AN_ARTICLE, non_article_reason
    from .html_dates import find_page_date
    from .meta import article_id, derive_title, detect_language, find_credits
    from .page_kind import declared_types
    from .sanitize import clean_article
    from .titles import is_opinion

    tree = _load_tree(html, path)
    found = extract_paragraphs(tree, url=url)
    paragraphs = found.paragraphs
    if not paragraphs:
        raise InputError(f"{path}: no article text found in the HTML page")
    why = non_article_reason(paragraphs, declared_types(tree))
    if why:
        raise InputError(f"{path}: {NOT_AN_ARTICLE}{why}")
    text = "\n\n".join(p.text for p in paragraphs)
    page_url = found.url or url
    title = found.title
    # the article's first paragraph of prose (a short date line or kicker is no anchor)
    lead = next((p.text for p in paragraphs if not p.heading and len(p.text) >= 40), None)
    dated = find_page_date(
        tree, url=url or page_url, tz=settings.timezone, title=title, now=saved, lead=lead
    )
    if len(text) >= _MIN_LANG_TEXT:
        language = detect_language(text[:_LANG_SAMPLE])
    else:
        language = (tree.get("lang") or "").split("-")[0].lower() or detect_language(text)
    source = found.sitename or _domain(page_url) or _domain(url)
    return clean_article(
        Article(
            id=article_id(path, text),
            path=path,
            paragraphs=paragraphs,
            title=title or derive_title(paragraphs) or None,
            title_derived=not title,
            date=dated.date,
            published=dated.published,
            date_confidence=dated.confidence,
            date_method=dated.method,
            source=source,
            credits=find_credits(found.raw_text),
            url=page_url,
            language=language,
            warnings=dated.warnings,
            kicker=found.kicker,
            opinion=is_opinion(found.kicker, title),
        )
    )


def _canonical_url(tree: HtmlElement) -> str | None:
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = [str(v).strip() for v in tree.xpath(xpath) if str(v).strip().startswith("http")]
        if found:
            return found[0]
    return None


def _site_name(tree: HtmlElement) -> str | None:
    found = tree.xpath('//meta[@property="og:site_name"]/@content')
    name = " ".join(str(found[0]).split()) if found else ""
    return name or None


def _first_text(tree: HtmlElement, xpath: str) -> str:
    found = tree.xpath(xpath)
    if not len(found):
        return ""
    first = found[0]
    return " ".join((first if isinstance(first, str) else first.text_content()).split())


def _title(tree: HtmlElement, site: str | None = None) -> tuple[str | None, str | None]:
    """The headline and its kicker: og:title (else twitter:title, else <title>) with the site
    name and dates removed, weighed against the first <h1> (``titles.choose_title``)."""
    from .titles import choose_title, clean_title, site_from_heading

    url = _canonical_url(tree)
    meta = ""
    for xpath in (
        '//meta[@property="og:title"]/@content',
        '//meta[@name="twitter:title"]/@content',
        "//title",
    ):
        meta = _first_text(tree, xpath)
        if meta:
            break
    page_title = xpath == "//title"
    heading = _first_text(tree, "//h1")
    logo = site_from_heading(meta, heading)
    if logo:
        return clean_title(meta, [site, logo], url, page_title=page_title), None
    return choose_title(
        clean_title(meta, [site], url, page_title=page_title), clean_title(heading, [site], url)
    )
