"""Article metadata from the text: agency credits, language, derived titles, outlets and ids."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from ..models import Paragraph, outlet_name
from ..text import normalize_space

__all__ = [
    "AGENCIES",
    "article_id",
    "derive_title",
    "detect_language",
    "find_credits",
    "outlet_from",
]

# Canonical spelling of news agencies, keyed by lower case.
AGENCIES = {
    "dpa": "dpa", "afp": "AFP", "reuters": "Reuters", "ap": "AP", "apa": "APA", "epd": "epd",
    "kna": "KNA", "sda": "SDA", "bloomberg": "Bloomberg", "dts": "dts", "ddp": "ddp",
    "sid": "SID", "ots": "ots", "efe": "EFE", "ansa": "ANSA", "tass": "TASS", "ria": "RIA",
    "interfax": "Interfax", "ukrinform": "Ukrinform", "kap": "KAP", "belga": "Belga",
    "anp": "ANP", "pap": "PAP", "ctk": "ČTK", "čtk": "ČTK", "xinhua": "Xinhua",
    "dpa-afx": "dpa-AFX", "upi": "UPI", "afx": "AFX",
}  # fmt: skip

_AG_ALT = "|".join(sorted((re.escape(k) for k in AGENCIES), key=len, reverse=True))
_AG_LIST = rf"(?:{_AG_ALT})(?:\s*(?:/|,|und|&)\s*(?:{_AG_ALT}))*"
# "Bischkek (dpa) -", "Berlin (dpa/AFP) –", "(AFP)" at the end of a paragraph.
_PAREN_RE = re.compile(rf"\((?P<ag>{_AG_LIST})\)", re.IGNORECASE)
# "Quelle: dpa", "Von: APA/Reuters/AFP", "Quellen: dpa, AFP", "Mit Material von dpa"
# A label needs its colon ("Quelle: dpa") or must open a line ("Von APA/Reuters"), so that
# "Informationen von AFP zufolge" in a sentence is not taken for a credit.
_LABEL_RE = re.compile(
    r"(?:\b(?:Quellen?|Agenturen|Text|Mit Material von)\s*:\s*|(?:^|\n)[ \t]*(?:Von|Quelle|"
    rf"Mit Material von)\s*:?\s*|\bMaterial von\s+)(?P<ag>{_AG_LIST})\b",
    re.IGNORECASE,
)
# A dateline opening the lead: "Kiew - ", "Frankfurt/Main (dpa) - ", "Kiew/Bischkek/Brüssel – "
_DATELINE_RE = re.compile(
    r"^[A-ZÄÖÜ][\w.-]+(?:/[A-ZÄÖÜ][\w.-]+)*(?:\s*\([^)]{1,25}\))?\s+[-–—]\s+(?=\S)"
)
_SPLIT_RE = re.compile(r"\s*(?:/|,|\bund\b|&)\s*", re.IGNORECASE)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` (py3langid); "de" when the text is too short to tell."""
    sample = normalize_space(text[:3000])[:1500]  # plenty for a reliable guess
    if len(sample) < 40:
        return "de"
    import py3langid

    from ..languages import settle_language

    # the detector's first guess, unless a close runner-up has the text's function words
    return settle_language(sample, [(str(c), float(p)) for c, p in py3langid.rank(sample)[:3]])


def _agencies(group: str) -> list[str]:
    out = []
    for part in _SPLIT_RE.split(group):
        key = part.strip().lower()
        if key in AGENCIES:
            out.append(AGENCIES[key])
    return out


def find_credits(text: str) -> tuple[str, ...]:
    """Agency credits in datelines ("Bischkek (dpa) -"), labels ("Quelle: dpa", "Von:
    APA/Reuters/AFP") and paragraph-final "(AFP)"; in order of appearance, each once.

    Photo credits ("Foto: AFP") are not article credits and are ignored.
    """
    found: list[tuple[int, str]] = []  # (position, name): credits keep their order
    for rx in (_PAREN_RE, _LABEL_RE):
        for m in rx.finditer(text):
            # A photo credit line ("Foto: .../AP/dpa") is not a text credit.
            line_start = text.rfind("\n", 0, m.start()) + 1
            head = text[line_start : m.start()]
            if re.search(r"\b(Foto|Fotos|Bild|Grafik|Video)\s*:", head, re.IGNORECASE):
                continue
            for k, name in enumerate(_agencies(m.group("ag"))):
                found.append((m.start() * 100 + k, name))
    seen: dict[str, None] = {}
    for _, name in sorted(found):
        seen.setdefault(name, None)
    return tuple(seen)


def derive_title(paragraphs: Iterable[Paragraph] | Sequence[str], max_words: int = 12) -> str:
    """A short title from the text: the first sentence of the lead, cut on a word boundary."""
    from ..text import split_sentences

    first = ""
    for p in paragraphs:
        text = p.text if isinstance(p, Paragraph) else str(p)
        if isinstance(p, Paragraph) and p.heading:
            continue
        if text.strip():
            first = text
            break
    if not first:
        return ""
    first = _DATELINE_RE.sub("", first, count=1)  # "Berlin (dpa) - " is no part of a title
    sentences = split_sentences(first[:2000])  # the first sentence is all we need
    sentence = sentences[0] if sentences else normalize_space(first)
    sentence = sentence.rstrip(" .!?:;")
    words = sentence.split()
    if len(words) <= max_words:
        return sentence
    cut = words[:max_words]
    # Prefer ending at a clause boundary (a comma or dash) when one leaves at least six words.
    for k in range(len(cut) - 1, 5, -1):
        if cut[k - 1].endswith((",", ";", ":")) or cut[k] in {"-", "–", "—"}:
            cut = cut[:k]
            break
    # Do not end on a function word ("der", "und", "mit"): drop trailing short words.
    while len(cut) > 4 and cut[-1].lower().rstrip(",;:") in _WEAK_ENDINGS:
        cut.pop()
    return " ".join(cut).rstrip(",;:-–") + " …"


_WEAK_ENDINGS = frozenset(
    "der die das den dem des ein eine einen einem einer eines und oder aber mit von vom zu zum "
    "zur im in am an auf aus bei für nach über unter vor als wie dass auch noch nicht sich seit "
    "bis um es er sie wir ihr ihre sein seine seinen seiner".split()
)


def article_id(name: str, text: str) -> str:
    """12 hex characters: sha1 of the file's base name and the text (stable across folders)."""
    base = PurePath(name.split("#", 1)[0]).name + (
        "#" + name.split("#", 1)[1] if "#" in name else ""
    )
    return hashlib.sha1(f"{base}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()[:12]


def outlet_from(source: str | None, url: str | None, path: str) -> str:
    """The outlet that carried an article: its source name, else the URL's domain, else the file."""
    return outlet_name(source, url) or PurePath(path.split("#", 1)[0]).name
