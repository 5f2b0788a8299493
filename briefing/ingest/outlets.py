"""An article's outlet is its publisher: the site name or registrable domain, never a feed title.

A feed's title names the feed ("n-tv.de - Startseite", "Deutschlandfunk - Fortlaufende
Nachrichten vom 21. Dezember 2024"); the publisher is the part of it that names the item
link's domain, else that domain. The section feeds of one publisher (one registrable domain)
are one outlet, under one name. A table from the configuration (``[outlets]``: a domain, a feed
URL or a name -> the outlet's name) overrides all of this.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..models import Article
from .titles import _SEP_RE, _is_site, registrable_domain, site_keys

__all__ = ["feed_publisher", "lookup_outlet", "unify_outlets"]


def feed_publisher(
    feed_title: str | None, item_url: str | None, feed_url: str | None = None
) -> str | None:
    """The publisher of a feed item: the segment of the feed's title that names the item's
    domain ("Deutschlandfunk" of "Deutschlandfunk - Fortlaufende Nachrichten", "n-tv.de" of
    "n-tv.de - Startseite"), else the registrable domain of the item (or feed) link."""
    url = item_url or feed_url
    domain = registrable_domain(url) if url else None
    if feed_title and url:
        keys = site_keys([], url)
        for part in _SEP_RE.split(" ".join(feed_title.split())):
            if _is_site(part, keys):
                return part.strip()
    if domain:
        return domain
    if feed_title:
        return _SEP_RE.split(" ".join(feed_title.split()))[0].strip() or None
    return None


def _norm_key(key: str) -> str:
    return re.sub(r"^https?://", "", key.strip().lower()).removeprefix("www.").rstrip("/")


def lookup_outlet(table: Mapping[str, str], article: Article) -> str | None:
    """The configured name for ``article``: by its feed's URL or file, its host or registrable
    domain, or its current outlet name (keys compare case-insensitively)."""
    if not table:
        return None
    return _lookup({_norm_key(k): v for k, v in table.items()}, article)


def _lookup(norm: Mapping[str, str], article: Article) -> str | None:
    if not norm:
        return None
    feed = _norm_key(article.path.split("#", 1)[0])
    candidates = [feed, feed.rsplit("/", 1)[-1]]
    if article.url:
        host = _norm_key(article.url).split("/", 1)[0]
        candidates += [host, registrable_domain(article.url) or ""]
    if article.source:
        candidates.append(_norm_key(article.source))
    for c in candidates:
        if c and c in norm:
            return norm[c]
    return None


def unify_outlets(
    articles: Sequence[Article], table: Mapping[str, str] | None = None
) -> list[Article]:
    """One outlet name per publisher: articles whose links share a registrable domain (the
    section feeds of one site) get the name most of them carry; a configured name wins."""
    norm = {_norm_key(k): v for k, v in (table or {}).items()}
    names: dict[str, Counter[str]] = {}
    for a in articles:
        domain = registrable_domain(a.url) if a.url else None
        if domain and a.source:
            names.setdefault(domain, Counter())[a.source] += 1
    chosen = {
        d: min(c.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for d, c in names.items()
    }
    out: list[Article] = []
    for a in articles:
        name = _lookup(norm, a)
        if name is None and a.url:
            name = chosen.get(registrable_domain(a.url) or "")
        if name and name != a.source:
            outlets = tuple(dict.fromkeys(name if o == a.source else o for o in a.outlets))
            a = replace(a, source=name, outlets=outlets)
        out.append(a)
    return out
