"""Headlines as the publisher wrote them: no site name or date glued on, never a fragment.

Pages and feeds append the outlet to a headline ("… | DW | 28.04.2023", "… - WELT",
"… | MDR.DE") or put it in front ("BMAS - …"). A segment after (or before) a separator is
removed when it *is* the site: it matches the page's site name, its domain, or is a date, or
it ends many of one outlet's titles (``strip_recurring_suffixes``). A segment that is
anything else is part of the headline ("Der Lockdown endet - für 2G" stays whole).

Kickers (the label above a headline) are kept: a genre label ("Kommentar", "Analyse",
"Opinion", "Éditorial") marks the piece, and an opinion piece is flagged as such.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from ..models import Article

__all__ = [
    "choose_title",
    "clean_title",
    "genre_of",
    "is_opinion",
    "is_quote_title",
    "registrable_domain",
    "secondary_title",
    "site_from_heading",
    "site_keys",
    "strip_recurring_suffixes",
]

# A separator between headline and site: a bar, dash, bullet, guillemet or " : " with spaces
# on both sides (a hyphen inside a word, "Impf- und Genesenennachweise", is none).
_SEP_RE = re.compile(r"\s+(?:[|│¦·•⋆»›«‹]|[-–—]{1,2}|::?|//|/)\s+")
_TRAILING_SEP_RE = re.compile(r"\s+(?:[|│¦·•⋆»›«‹:]|[-–—]{1,2}|//)\s*$")
_HOST_PREFIX_RE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+:\s+(?=\S)")
_ELLIPSIS_RE = re.compile(r"\s*(?:…|\.\.\.)\s*$")
# A segment made only of a date and time ("28.04.2023", "31.10.2023, 10.19 Uhr",
# "26 Oktober 2010", "2023-04-28", "March 3, 2024").
_MONTHS = (
    "januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
    "|january|february|march|may|june|july|october|december"
    "|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|jan|feb|mär|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dez|dec|déc"
)
_DATE_TOKEN_RE = re.compile(
    rf"\b(?:{_MONTHS}|uhr|am|um|stand|aktualisiert|updated|publié|le|à|h)\b\.?|[\d.:/,\-–h]+",
    re.IGNORECASE,
)
_STAMP_RE = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+ \d{1,2}, \d{4}"
)

# Genre labels, as the first word(s) of a kicker or a headline (case-insensitive). Compounds
# count by their ending: "Tagesthemen-Kommentar", "Wochenkolumne", "Gastkommentar".
_OPINION = (
    r"[\w-]*kommentar\b|kommentar\s+(?:zu|zum|zur|von)\b|meinung|leitartikel|[\w-]*kolumne"
    r"|gastbeitrag|standpunkt"
    r"|glosse|essay|zwischenruf|einwurf|pro\s*(?:und|&|\+)\s*contra"
    r"|opinion|comment|commentary|editorial|column|op-ed|viewpoint|point of view"
    r"|éditorial|édito|tribune|chronique|billet|point de vue"
)
_ANALYSIS = r"analyse|analysis|hintergrund|interview|entretien|fact check|faktencheck"
_GENRE_RE = re.compile(rf"^\s*(?:(?P<opinion>{_OPINION})|(?P<analysis>{_ANALYSIS}))\b", re.I)

# Words that go with a site's name without being news: "SPIEGEL online", "DER SPIEGEL".
_GENERIC = frozenset(
    "online news nachrichten aktuell aktuelles magazin magazine blog zeitung digital live plus "
    "tv de at ch com net org startseite homepage home mediathek portal der die das the le la les "
    "el il info infos service community forum".split()
)
_SUBDOMAINS = frozenset("www www2 m mobile amp news web de en fr".split())
# In a page's <title>, what follows a bar is the site's (pipes separate no headline's parts).
_BAR_RE = re.compile(r"\s+[|│¦·•⋆]\s+")
MIN_WORDS_LEFT = 2  # a title cleaned down to fewer words keeps its original form
RECURRING_MIN = 3  # a suffix on at least this many titles of one outlet ...
RECURRING_SHARE = 0.3  # ... and on at least this share of them is the outlet's, not news


def _fold(text: str) -> str:
    """Lower case, German umlauts spelled out (ö -> oe), accents and non-alphanumerics dropped."""
    t = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    t = unicodedata.normalize("NFKD", t)
    return "".join(c for c in t if c.isalnum() and not unicodedata.combining(c))


def registrable_domain(url: str | None) -> str | None:
    """The publisher's domain of ``url`` by the public-suffix list ("n-tv.de", "bbc.co.uk").

    The list ships inside the ``tld`` package; nothing is downloaded. Hosts the list does not
    know (an IP, ``localhost``) come back as they are, without ``www.``.
    """
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    from tld import get_fld

    found = get_fld(host, fix_protocol=True, fail_silently=True)
    return str(found) if found else host.removeprefix("www.")


def site_keys(site_names: Iterable[str | None], url: str | None = None) -> frozenset[str]:
    """Folded spellings a site goes by: each site name (and its parts), the host, the domain
    and its name without the suffix ("mdr.de" -> "mdrde", "mdr")."""
    keys: set[str] = set()
    for name in site_names:
        if not name:
            continue
        keys.add(_fold(name))
        keys.update(_fold(p) for p in _SEP_RE.split(name))
    if url:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
        domain = registrable_domain(url) or ""
        for h in {host.removeprefix("www."), domain}:
            if h:
                keys.add(_fold(h))
        label = domain.split(".", 1)[0] if domain else ""
        if label:
            keys.add(_fold(label))
        sub = host.removesuffix(domain).split(".") if domain else []
        keys.update(_fold(p) for p in sub if p and p not in _SUBDOMAINS and "--" not in p)
    return frozenset(k for k in keys if len(k) >= 2)


def _is_date(segment: str) -> bool:
    if not any(c.isdigit() for c in segment) or not _STAMP_RE.search(segment):
        return False
    return not _DATE_TOKEN_RE.sub("", segment).strip()


def _is_site(segment: str, keys: frozenset[str]) -> bool:
    """``segment`` names the site: equal to one of its spellings, or one of them with generic
    words around it ("brand eins online", "DER SPIEGEL", "Zoll online", "Management Circle
    Blog"). "Weltmeisterschaft beginnt" on welt.de is no site name: words count whole."""
    if not keys:
        return False
    f = _fold(segment)
    if not f:
        return False
    if f in keys:
        return True
    toks = segment.split()
    if len(toks) > 5:
        return False
    for j in range(1, len(toks)):
        head, tail = toks[:j], toks[j:]
        if _fold(" ".join(head)) in keys and all(_fold(t) in _GENERIC for t in tail):
            return True
        if _fold(" ".join(tail)) in keys and all(_fold(t) in _GENERIC for t in head):
            return True
    return False


def _site_or_date(segment: str, keys: frozenset[str]) -> bool:
    return _is_date(segment) or (bool(keys) and _is_site(segment, keys))


def _segments(title: str) -> tuple[list[str], list[str]]:
    """The title's segments and the separators between them."""
    parts = _SEP_RE.split(title)
    seps = _SEP_RE.findall(title)
    return parts, seps


def _join(parts: list[str], seps: list[str]) -> str:
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=False):
        out += sep + part
    return out


def _enough(text: str, dropped: str = "") -> bool:
    """Enough headline is left; a date dropped after a number was a range ("14. - 20. Mai")."""
    if len(text.split()) < MIN_WORDS_LEFT:
        return False
    return not (dropped and _is_date(dropped) and re.search(r"\d\.?$", text))


def clean_title(
    title: str | None,
    site_names: Iterable[str | None] = (),
    url: str | None = None,
    *,
    page_title: bool = False,
) -> str | None:
    """``title`` without the site name or date the page appended or prefixed.

    Trailing segments go while one of the last three names the site or is a date (what
    follows the site name is its tagline: "Coincierge.de | Bitcoin-Blog"); a leading segment
    goes when it names the site. Everything else stays: a headline is never cut to a fragment.
    In a page's ``<title>`` (``page_title``) everything after the first bar goes too.
    """
    if title is None:
        return None
    text = " ".join(title.split())
    if not text:
        return None
    site_names = list(site_names)
    keys = site_keys(site_names, url)
    text = _TRAILING_SEP_RE.sub("", text) or text
    if page_title:
        bar = _BAR_RE.search(text)
        if bar and _enough(text[: bar.start()]):
            text = text[: bar.start()]
    m = _HOST_PREFIX_RE.match(text)
    if m and _is_site(m.group(0).rstrip(": "), keys | {_fold(m.group(0))}):
        text = text[m.end() :]
    parts, seps = _segments(text)
    # A whole site name with separators inside ("News zu VR, AR und KI | MIXED.de").
    for name in site_names:
        if name and len(parts) > 1:
            clean = " ".join(name.split())
            for sep in seps:
                if text.endswith(sep + clean) and _enough(text[: -len(sep + clean)]):
                    text = text[: -len(sep + clean)]
                    parts, seps = _segments(text)
                    break
    n = len(parts)
    for i in range(max(1, n - 3), n):
        if _site_or_date(parts[i], keys):
            kept = _join(parts[:i], seps[: i - 1])
            if _enough(kept, parts[i]):
                parts, seps = parts[:i], seps[: i - 1]
            break
    while len(parts) > 1 and _site_or_date(parts[0], keys):
        rest = _join(parts[1:], seps[1:])
        if not _enough(rest, parts[0]):
            break
        parts, seps = parts[1:], seps[1:]
    out = _join(parts, seps).strip()
    return out or text


def _complete(a: str) -> str:
    return _ELLIPSIS_RE.sub("", a).strip()


def _continues(short: str, long: str) -> str | None:
    """What ``long`` adds after ``short`` when it starts with it at a word boundary."""
    s, t = _complete(short).lower(), long.lower()
    if len(s) < len(t) and t.startswith(s) and not t[len(s)].isalnum():
        return long[len(s) :]
    return None


def _truncated(short: str, rest: str) -> bool:
    """``short`` + ``rest`` is one headline and ``short`` a cut copy of it (not the headline
    with a tagline or site name after a separator, nor a sentence complete on its own)."""
    if _ELLIPSIS_RE.search(short):
        return True
    if _SEP_RE.match(rest) or re.match(r"\s*[|│·•⋆»›–—]", rest):
        return False
    return not re.search(r"[.!?»«“”\"']$", short.strip())


def choose_title(meta: str | None, heading: str | None) -> tuple[str | None, str | None]:
    """The page's headline from its metadata title (og:title or <title>, site removed) and its
    first <h1>: ``(title, kicker)``.

    A title cut short (a word prefix of the other that does not end a sentence, or one ending
    in "…") loses to the complete one; what follows a separator is a tagline, not the rest of
    the headline. When one is the other with a label in front ("Chronik: Lotte Tobisch ist
    tot" / "Lotte Tobisch ist tot"), the label is the kicker; a genre label ("Kommentar: …")
    stays in the headline, so that opinion never reads as news.
    """
    meta = " ".join(meta.split()) if meta else None
    heading = " ".join(heading.split()) if heading else None
    if not meta:
        return heading or None, None
    if not heading or heading.lower() == meta.lower():
        return meta, None
    for short, long in ((meta, heading), (heading, meta)):
        rest = _continues(short, long)
        if rest is not None:
            return (long if _truncated(short, rest) else _complete(short)), None
    for longer, shorter in ((meta, heading), (heading, meta)):
        if len(longer) > len(shorter) and longer.lower().endswith(shorter.lower()):
            cut = len(longer) - len(shorter)
            label = longer[:cut].strip(" :|-–—·")
            if label and len(label.split()) <= 5 and not longer[cut - 1].isalnum():
                if genre_of(label):
                    return longer, label
                return shorter, label
    return meta, None


def site_from_heading(meta: str | None, heading: str | None) -> str | None:
    """The <h1> is the site's logo when it is the last segment of the page title
    ("Was ist Virales Marketing? | DimidoBlog" / "DimidoBlog")."""
    if not meta or not heading:
        return None
    parts, seps = _segments(" ".join(meta.split()))
    if len(parts) < 2 or ":" in seps[-1] or _fold(parts[-1]) != _fold(heading):
        return None
    before = len(" ".join(parts[:-1]).split())
    if len(heading.split()) <= 5 and before > len(heading.split()):
        return " ".join(heading.split())
    return None


# Class: a headline that is only a quote ('"Eine Tragödie für Japan"', "„Wir schaffen das“"):
# it gives a voice, not the event, so a story prefers a member's headline that names it.
_QUOTE_TITLE_RE = re.compile(r"^\s*[\"„“”«»‚‘’'‹›][^\"„“”«»]{2,}[\"“”«»‘’'‹›]\s*$")


def is_quote_title(title: str | None) -> bool:
    """Whether ``title`` is nothing but a quotation."""
    return bool(title) and _QUOTE_TITLE_RE.match(title or "") is not None


# Kickers of pieces about a person rather than the event: an obituary, a portrait.
_PORTRAIT_RE = re.compile(r"^\s*(?:nachruf|porträt|portrait|obituary|nécrologie|hommage)\b", re.I)


# A live blog's headline names its latest entry, not the event: "++ Habeck: ... ++",
# "Liveblog: ...", "LIVE – ...", "Ticker zum ...", "Live updates: ...", "EN DIRECT - ...".
_LIVE_TITLE_RE = re.compile(
    r"^\s*(?:\+\+|\s*(?:live-?\s?blog|live-?ticker|newsblog|ticker|live(?:\s?updates?)?|en direct"
    r"|direct)\b(?:\s*:|\s+[|+–—-]+\s|\s+zu[mr]?\b))",
    re.I,
)


def secondary_title(title: str | None, kicker: str | None = None) -> bool:
    """A headline a story shows only when no member has a plain news headline: a quote, an
    opinion or analysis piece, an obituary or portrait (by its kicker or its first words), a
    live blog's headline."""
    if is_quote_title(title) or genre_of(kicker) or genre_of(title):
        return True
    if title and _LIVE_TITLE_RE.match(title):
        return True
    return bool(kicker) and _PORTRAIT_RE.match(kicker or "") is not None


def genre_of(text: str | None) -> str:
    """ "opinion" or "analysis" when ``text`` (a kicker or headline) opens with a genre label."""
    if not text:
        return ""
    m = _GENRE_RE.match(text)
    if not m:
        return ""
    return "opinion" if m.group("opinion") else "analysis"


def is_opinion(kicker: str | None, title: str | None) -> bool:
    """An opinion piece: its kicker, or the first segment of its headline, is an opinion label
    ("Kommentar", "Kommentar zu …", "Meinung", "Leitartikel", "Opinion", "Éditorial")."""
    if genre_of(kicker) == "opinion":
        return True
    if not title:
        return False
    head = re.split(r":\s|\s[-–—|]\s", title, maxsplit=1)[0]
    return len(head.split()) <= 6 and genre_of(head) == "opinion"


def strip_recurring_suffixes(articles: Sequence[Article]) -> list[Article]:
    """Remove a last title segment that recurs across one outlet's titles (its site name or
    tagline, where the page carried no metadata to recognise it by)."""
    by_outlet: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        if a.title and not a.title_derived:
            by_outlet.setdefault(a.source or "", []).append(i)
    out = list(articles)
    for idx in by_outlet.values():
        if len(idx) < RECURRING_MIN:
            continue
        tails: Counter[str] = Counter()
        for i in idx:
            parts, _ = _segments(articles[i].title or "")
            if len(parts) > 1:
                tails[parts[-1]] += 1
        for tail, count in tails.items():
            if count < RECURRING_MIN or count < RECURRING_SHARE * len(idx):
                continue
            for i in idx:
                title = articles[i].title or ""
                parts, seps = _segments(title)
                if len(parts) > 1 and parts[-1] == tail:
                    kept = _join(parts[:-1], seps[:-1])
                    if _enough(kept):
                        out[i] = replace(out[i], title=kept)
    return out
