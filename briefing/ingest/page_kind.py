"""Pages that ingest accepts as HTML but that are no news article: what kind of page it is.

Each class is decided from several signals together, never from one word: what the page
declares about itself (JSON-LD ``@type``, microdata ``itemtype``, ``og:type``) and what its
extracted text looks like (lines that are links, ingredient quantities, shop and booking
vocabulary, prices, minute-taking labels). A page that declares itself a news or blog article
is only called a recipe when it declares that too, and never a shop page (news pages embed
product boxes).

- a list of links: most lines end in a URL ("Headline via outlet https://..."), a digest of
  other sites' articles with no text of its own;
- a recipe: declared Recipe, a "Zutaten" line, ingredient quantities ("80 g Haferflocken",
  "2 EL Zucker"), a "Zubereitung" line; three of those four signals (the declaration counts
  twice);
- a shop or booking page: declared Product/Offer/lodging, shop or booking vocabulary (cart,
  VAT, delivery, per-night prices, deposit), prices; the declaration and some vocabulary, or,
  undeclared, much vocabulary and several prices;
- meeting minutes: labelled header fields of a minute-taker ("Protokoll:", "Anwesend:",
  "Traktanden:", "Zeit und Ort:") at the top.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Sequence

__all__ = ["declared_types", "page_kind_reason", "walk_ld"]

_I = re.IGNORECASE
ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
    }
)  # fmt: skip
_RECIPE_TYPES = frozenset({"recipe"})
_OFFER_TYPES = frozenset(
    {
        "product", "offer", "aggregateoffer", "productgroup", "og:product", "og:product.item",
        "lodgingbusiness", "hotel", "vacationrental", "accommodation", "house", "apartment",
    }
)  # fmt: skip


def walk_ld(obj: object) -> Iterator[dict[str, object]]:
    """Every object in parsed JSON-LD, nested ones included."""
    if isinstance(obj, dict):
        yield obj
        for value in obj.values():
            yield from walk_ld(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from walk_ld(value)


def declared_types(tree: object) -> frozenset[str]:
    """What a page says it is: its JSON-LD ``@type``s, microdata ``itemtype``s (the last part
    of the URL) and ``og:type`` (as "og:..."), lower-cased."""
    xpath = getattr(tree, "xpath", None)
    if xpath is None:
        return frozenset()
    found: set[str] = set()
    for script in xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads((script.text or "").strip() or "null")
        except ValueError:
            continue
        for obj in walk_ld(data):
            kind = obj.get("@type")
            for k in kind if isinstance(kind, list) else [kind]:
                if isinstance(k, str) and k:
                    found.add(k.rsplit("/", 1)[-1].lower())
    for value in xpath("//*[@itemtype]/@itemtype"):
        found.update(v.rstrip("/").rsplit("/", 1)[-1].lower() for v in str(value).split())
    for value in xpath('//meta[@property="og:type"]/@content'):
        if str(value).strip():
            found.add("og:" + str(value).strip().lower())
    return frozenset(found)


# Class: a line that ends in a link's address (a digest's "Headline via outlet https://...").
_URL_END_RE = re.compile(r"(?:https?://|www\.)\S+$", _I)
_LINK_LIST_MIN = 5
_LINK_LIST_SHARE = 0.6

# Class: recipe lines.
_INGREDIENTS_RE = re.compile(r"^Zutaten\b(?:\s+für\b.{0,40})?:?$|^Ingredients:?$", _I)
_STEPS_RE = re.compile(r"^(?:Zubereitung(?:sschritte)?|So wird'?s gemacht|Anleitung)\b.{0,30}$", _I)
_QUANTITY_RE = re.compile(
    r"^(?:\d+(?:[.,/]\d+)?|[½¼¾⅓]|\d+\s*[-–]\s*\d+)\s*(?:g|kg|mg|ml|cl|l|EL|TL|Prise|Prisen|"
    r"Stück|Stk\.|Bund|Dose|Dosen|Tasse|Tassen|Becher|Zehe|Zehen|Scheibe|Scheiben|Msp\.|"
    r"Pck\.|Päckchen|Packung|Blatt|Zweig|Zweige|Handvoll|kleine|große|mittelgroße)\b.{0,80}$",
    _I,
)
_QUANTITY_MIN = 3

# Class: shop and booking vocabulary (each distinct term counts once).
_OFFER_TERMS = (
    r"Warenkorb", r"in den Korb", r"inkl\.?\s*(?:MwSt|Mehrwertsteuer)", r"zzgl\.?\s*Versand",
    r"Versandkosten", r"Lieferzeit", r"Lieferumfang", r"Artikelnummer|Art\.-Nr\.",
    r"Produktinformationen|Produktdetails|Artikeldetails", r"Technische (?:Daten|Informationen)",
    r"Nettomenge|Füllmenge", r"Packungsgröße", r"pro Nacht", r"Anzahlung", r"Kaution",
    r"Reinigungskosten|Endreinigung", r"Mindestaufenthalt", r"Preise und Leistungen",
    r"auf Anfrage", r"Buchung(?:sanfrage)?|buchbar",
)  # fmt: skip
_OFFER_RES = tuple(re.compile(r"\b(?:" + t + r")", _I) for t in _OFFER_TERMS)
_PRICE_RE = re.compile(r"\d(?:[\d.,]*\d)?,?-?\s*(?:€|EUR\b|Euro\b|CHF\b)|(?:€|EUR|CHF)\s*\d", _I)

# Class: the header of meeting minutes, fields a minute-taker labels.
_MINUTES_LABEL_RES = tuple(
    re.compile(r"(?:^|\s)(?:" + t + r")[^:.\n]{0,30}:", _I)
    for t in (
        r"Protokoll(?:führung|führer(?:in)?)?",
        r"Anwesend(?:e)?|Teilnehmende|Teilnehmer(?:innen)?",
        r"Entschuldigt|Abwesend",
        r"Traktand(?:en|enliste)|Tagesordnung",
        r"Zeit und Ort|Sitzungsort",
        r"Vorsitz|Sitzungsleitung",
    )
)  # fmt: skip
_MINUTES_HEAD = 600
_MINUTES_MIN = 3


def _is_link_list(lines: Sequence[str]) -> bool:
    if len(lines) < _LINK_LIST_MIN:
        return False
    ending = sum(1 for line in lines if _URL_END_RE.search(line.strip()))
    return ending >= _LINK_LIST_SHARE * len(lines)


def _is_recipe(lines: Sequence[str], declared: Collection[str]) -> bool:
    score = 2 if _RECIPE_TYPES & set(declared) else 0
    stripped = [line.strip() for line in lines]
    score += any(_INGREDIENTS_RE.match(t) for t in stripped)
    score += any(_STEPS_RE.match(t) for t in stripped)
    score += sum(1 for t in stripped if _QUANTITY_RE.match(t)) >= _QUANTITY_MIN
    return score >= 3


def _is_offer(text: str, declared: Collection[str]) -> bool:
    terms = sum(1 for pattern in _OFFER_RES if pattern.search(text))
    prices = len(_PRICE_RE.findall(text))
    if _OFFER_TYPES & set(declared):
        return terms >= 2 or (terms >= 1 and prices >= 2)
    return terms >= 4 and prices >= 3


def _is_minutes(text: str) -> bool:
    head = text[:_MINUTES_HEAD]
    return sum(1 for pattern in _MINUTES_LABEL_RES if pattern.search(head)) >= _MINUTES_MIN


def page_kind_reason(lines: Sequence[str], declared: Collection[str] = frozenset()) -> str:
    """Which kind of non-article page the text lines are ("" when none): a list of links, a
    recipe, a shop or booking page, meeting minutes. ``declared`` is :func:`declared_types`."""
    text = "\n".join(lines)
    if _is_link_list(lines):
        return "a list of links to other pages, no text of its own"
    own = set(declared)
    says_article = bool(ARTICLE_TYPES & own)
    if _is_recipe(lines, own) and (not says_article or _RECIPE_TYPES & own):
        return "a recipe"
    if _is_offer(text, own) and not says_article:  # a news page may embed a product box
        return "a shop or booking page"
    if _is_minutes(text):
        return "meeting minutes"
    return ""
