"""Line rules for the boilerplate of saved news pages in plain text: paywall prompts, photo
credits and captions, tag lines, comment counters, teaser lists, share links, reader comments.

The rules describe kinds of lines (a teaser ends with "vor N Minuten" or "[…] (00)"; a comment
is a short name line followed by a date with a time), not the strings of particular pages.
"""

from __future__ import annotations

import re

from .dates import parse_date_string

__all__ = [
    "is_end_marker",
    "is_heading_like",
    "is_noise_line",
    "is_photo_credit",
    "is_sentence_like",
    "is_tag_line",
    "is_teaser_line",
    "is_timestamp_line",
    "strip_trailing_credit",
]

_NOISE_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # paywall prompts
        r"^jetzt (weiter)?lesen\b.*$",
        r"^weiterlesen\W*$",
        r"^für \d+[,.]\d\d\s*(€|eur\b|euro\b).*(erwerben|kaufen|lesen|freischalten)",
        r"^oder schließen sie ein abo ab\b",
        r"^(zu den abos|jetzt abonnieren|abo abschließen|abonnieren|zum abo)\W*$",
        r"^sie sind bereits (kunde|abonnent)(in)?\W*",
        r"^(anmelden|einloggen|login|registrieren|hier anmelden)\W*$",
        r"^(dieser artikel|der vollständige artikel) ist (nur )?für (abonnenten|abonnentinnen)",
        r"^(plus|premium|exklusiv für abonnenten)\W*$",
        # share / print / navigation
        r"^(artikel )?(teilen|drucken|versenden|merken|vorlesen|kommentieren)\W*$",
        r"^(facebook|twitter|x|whatsapp|e-?mail|telegram|linkedin|pinterest|link kopieren)"
        r"(\s*[·|/,]\s*(facebook|twitter|x|whatsapp|e-?mail|telegram|linkedin|pinterest|"
        r"link kopieren|drucken|teilen))*\W*$",
        r"^(zur startseite|nach oben|zurück|mehr anzeigen|alle artikel|zum thema)\W*$",
        r"^suchbegriff\W*$",
        r"^(suche|suchen|menü|navigation|schließen)\W*$",
        r"^(anzeige|werbung|sponsored|advertorial)\W*$",
        # counters and forum links
        r"^\[?\d+\s+kommentare?\]?(\s*·\s*\[?zum forum\]?)?\W*$",
        r"^\[?zum forum\]?\W*$",
        r"^kommentare?\s*\(\d+\)\W*$",
        # photo credits on their own line
        r"^(foto|fotos|bild|bilder|grafik|quelle foto|video)\s*:\s*\S.{0,120}$",
        r"^©.{0,100}$",
        # cookie / consent
        r"^(wir verwenden cookies|cookie-einstellungen|datenschutz(erklärung)?|impressum)\b",
    )
]
_END_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\[?\d+\s+kommentare?\]?",
        r"^\[?zum forum\]?",
        r"^(lesen sie auch|mehr zum thema|weitere (artikel|nachrichten|meldungen)|"
        r"das könnte sie auch interessieren|empfehlungen|meistgelesen|top-themen|"
        r"auch interessant|ähnliche artikel|neueste artikel|kommentare|leserkommentare|"
        r"diskutieren sie mit|ihre meinung)\W*$",
    )
]
_TEASER_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^vor (\d+|einer|einem|wenigen) (sekunden?|minuten?|stunden?|tag(en)?)\W*$",
        r"(\[…\]|\[\.\.\.\]|…)\s*\(\d+\)\s*$",  # "... [...] (04)": teaser with a comment count
    )
]
_PHOTO_TAIL_RE = re.compile(
    r"\s(?:foto|fotos|bild|bilder)\s*:\s*[^.!?]{1,80}$|\((?:foto|bild)\s*:[^)]{1,80}\)\s*$",
    re.IGNORECASE,
)
_TRAILING_CREDIT_RE = re.compile(
    r"\s*\((?:dpa|afp|reuters|ap|apa|epd|kna|sda|dts|ddp|sid|kap|red|jm|ots)"
    r"(?:\s*/\s*[a-z]{2,10})*\)\s*$",
    re.IGNORECASE,
)
_SEP_RE = re.compile(r"^[\s·|•\-–—/*_=]*$")
_TERMINAL = ".!?:;,…"
_CLOSERS = "“”\"'»«›‹’)]"


def strip_trailing_credit(text: str) -> str:
    """Drop a paragraph-final agency credit "(AFP)" (the credit itself is kept on the Article)."""
    return _TRAILING_CREDIT_RE.sub("", text).rstrip()


def is_photo_credit(line: str) -> bool:
    """A caption ending in a photo credit ("... Foto: AFP") or a credit line ("Foto: ...")."""
    s = line.strip()
    return bool(re.match(r"^(foto|fotos|bild|bilder)\s*:", s, re.I)) or bool(
        _PHOTO_TAIL_RE.search(s)
    )


def is_tag_line(line: str) -> bool:
    """A tag line: three or more short items separated by " / " ("Konflikte / Krieg / USA")."""
    parts = [p.strip() for p in line.split(" / ")]
    return len(parts) >= 3 and all(0 < len(p.split()) <= 3 and len(p) <= 30 for p in parts)


def is_noise_line(line: str) -> bool:
    """A line that is never article text: paywall, share links, credits, counters, separators."""
    s = line.strip().strip("\u00a0")
    if not s or _SEP_RE.match(s):
        return True
    return any(rx.search(s) for rx in _NOISE_RES) or is_tag_line(s)


def is_end_marker(line: str) -> bool:
    """A line after which the rest of the page is not the article (tags, counters, "Mehr zum")."""
    s = line.strip()
    return is_tag_line(s) or any(rx.search(s) for rx in _END_RES)


def is_teaser_line(line: str) -> bool:
    """A teaser-list line: "vor 9 Minuten", or a snippet ending in "[…] (00)"."""
    s = line.strip().replace("\u00a0", " ")
    return any(rx.search(s) for rx in _TEASER_RES)


def is_timestamp_line(line: str, tz: str = "Europe/Berlin") -> bool:
    """A line that is only a date with a time ("6. September 2025 - 13.19"), as comments have."""
    s = line.strip()
    if len(s) > 50:
        return False
    got = parse_date_string(s, tz)
    if got is None or got[1] is None:
        return False
    rest = re.sub(r"[\d.:,\-–·|/\s]|uhr|am|um", "", s, flags=re.I)
    rest = re.sub(
        r"(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
        r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)",
        "",
        rest,
        flags=re.I,
    )
    return len(rest) <= 2


def _core(line: str) -> str:
    return line.strip().rstrip(_CLOSERS).rstrip()


def is_sentence_like(line: str) -> bool:
    """Ends like a sentence (after closing quotes): ".", "!", "?", "…"."""
    c = _core(line)
    return bool(c) and c[-1] in ".!?…"


def is_heading_like(line: str) -> bool:
    """A section heading: short, starts like a title, no final punctuation."""
    s = line.strip()
    c = _core(s)
    if not c or c[-1] in _TERMINAL:
        return False
    n = len(s.split())
    if not 1 <= n <= 14 or len(s) > 110:
        return False
    return s[0].isupper() or s[0].isdigit() or s[0] in "„“\"»«‚'"
