"""German news chrome that survives trafilatura, removed paragraph by paragraph.

Three kinds of rule, all about what a paragraph *is*, never about a particular site:

- a section that ends the article: reader comments ("3 Kommentare", "Kommentar schreiben"),
  once it starts in the back half of the text everything after it goes;
- a teaser block: an intro line ("Lesen Sie auch", "Mehr zum Thema", "Das könnte Sie auch
  interessieren") and the short link titles that follow it;
- one-line chrome: photo credits ("Foto: dpa", "© Getty Images"), paywall and newsletter
  prompts ("Jetzt weiterlesen", "Artikel freischalten"), share/print/follow links, ad labels,
  bare date or time stamps.
"""

from __future__ import annotations

import re

from ..models import Paragraph

__all__ = ["clean_paragraphs", "is_chrome", "is_teaser_intro", "is_comment_start"]

_I = re.IGNORECASE

_COMMENT_START_RE = re.compile(
    r"^(?:#?\d+\s+)?(?:Leser)?Kommentare?\s*(?:\(\d+\))?\s*:?$|^#?\d+\s+Kommentar von\b"
    r"|^(?:Keine Kommentare|Kommentar(?:e)? (?:schreiben|verfassen|abgeben|anzeigen|lesen|"
    r"insgesamt|zu diesem)|Schreiben Sie (?:einen|den ersten) Kommentar|"
    r"Sie sind (?:aktuell )?nicht (?:eingeloggt|angemeldet)|Um (?:einen Kommentar|zu kommentieren)|"
    r"Kommentar von\b|Diskutieren Sie mit|Diskussion zum Artikel|Leserbriefe?\b|"
    r"Hinterlasse(?:n Sie)? einen Kommentar|Antwort hinterlassen|Eine Antwort schreiben|"
    r"Deine E-Mail-Adresse wird nicht veröffentlicht|Ihre E-Mail-Adresse wird nicht veröffentlicht|"
    r"Leave a (?:comment|reply)|\d+ (?:comments?|responses?)\b)",
    _I,
)
# Blocks that close a press release or a feature: contact boxes, "about us", author notes.
_TAIL_SECTION_RE = re.compile(
    r"^(?:Pressekontakt|Medienkontakt|Pressestelle|Kontakt|Ansprechpartner(?:in|innen)?\b.{0,40}|"
    r"Über (?:den Autor|die Autorin|die Autor(?:inn)?en|uns|diese Reihe|das Unternehmen))\s*:?$",
    _I,
)
_TEASER_INTRO_RE = re.compile(
    r"^(?:Lesen Sie (?:auch|mehr|hier|dazu|weiter)|Lies auch|Auch interessant|"
    r"Ebenfalls interessant|"
    r"Das (?:könnte|dürfte) (?:Sie|dich|Dich|euch) (?:auch |ebenfalls )?interessieren|"
    r"(?:Diese|Weitere) (?:Artikel|Beiträge|Themen) (?:könnten|dürften)|"
    r"Mehr (?:zum Thema|dazu|zu diesem Thema|aus (?:dem|der|diesem)|von|News|Artikel|"
    r"Nachrichten)\b|"
    r"Weitere (?:Artikel|Beiträge|Informationen|Nachrichten|Themen|News|Meldungen|Links)\b|"
    r"Schon gelesen|Siehe auch|Zum Weiterlesen|Weiterlesen\b|Top-?Themen|Auch auf |"
    r"(?:Beliebte|Verwandte|Ähnliche|Passende|Aktuelle|Neueste|Neue) "
    r"(?:Artikel|Beiträge|Themen|News)|"
    r"Empfehlungen der Redaktion|Unsere Empfehlungen?|Meistgelesen|Meist gelesen|"
    r"Vorschau auf|Beiträge aus dem Forum|Interessante Links|Passend (?:dazu|zum Thema)|"
    r"Zum Thema\b|Aktuell in\b|Related|Read more|You might also like)",
    _I,
)
_CHROME_RE = re.compile(
    r"^(?:Fotos?|Bild(?:er)?|Grafik|Quelle|Screenshot|Symbolbild|Titelbild|Beitragsbild|Bildquelle|"
    r"Bildnachweis|Video|Audio|Anzeige|Werbung|Short-URL|Kategorie|Kategorien|Tags|Schlagw[öo]rter|"
    r"Schlagworte|Themen|Stichw[öo]rter|Copyright|Credits?|Image|Photo)\s*[:|/]"
    r"|^(?:\*?Werbung|Anzeige|ANZEIGE)\b"
    r"|^(?:Jetzt (?:weiterlesen|abonnieren|registrieren|testen|anmelden|kostenlos|lesen|"
    r"bestellen|teilen|herunterladen|downloaden)|Artikel freischalten|Weiterlesen mit|"
    r"Sie möchten|Möchten Sie|Folgen Sie uns|Folge uns|Liken Sie uns|Teilen\b|Drucken\b|"
    r"Artikel (?:teilen|drucken|versenden|merken)|Newsletter\b|Gefällt (?:dir|Ihnen)|"
    r"Abonnieren Sie|Abonniere\b|Melden Sie sich|Registrieren Sie sich|Hier (?:klicken|anmelden)|"
    r"Einfach hier klicken|Mehr erfahren|Zum Newsletter|Zur Startseite|Zurück zur|Nach oben|"
    r"Seite drucken|Alle Rechte vorbehalten|Sofern nicht anders)",
    _I,
)
_CHROME_ANYWHERE_RE = re.compile(
    r"©|\(c\)\s|Alle Rechte vorbehalten|Newsletter|jetzt auch digital|Affiliate[- ]Links?|"
    r"Bei den Verlinkungen handelt es sich|Dieser Beitrag enthält Werbung",
    _I,
)
# A paragraph that is only a date, a time or both ("23.10.2018", "3:59 PM", "Stand: 12.01.2022").
_STAMP_RE = re.compile(
    r"^(?:(?:Stand|Aktualisiert(?: am)?|Veröffentlicht(?: am)?|Erstellt(?: am)?|Datum)\s*:?\s*)?"
    r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So)[a-z]*\.?,?\s*)?"
    r"[\d.:/\s,|-]*(?:\d{1,2}\.?\s*[A-Za-zäÄ]+\.?\s*\d{2,4})?[\d.:/\s,|-]*"
    r"(?:Uhr|AM|PM|am|pm)?\s*$"
)
_SHORT = 160  # a one-line paragraph: chrome rules apply only below this length
_TEASER_TITLE = 140  # link titles after a teaser intro are shorter than this


def is_comment_start(text: str) -> bool:
    """Whether ``text`` opens a reader-comment section."""
    return len(text) < 120 and bool(_COMMENT_START_RE.search(text))


def _is_tail_section(text: str) -> bool:
    return len(text) < 80 and bool(_TAIL_SECTION_RE.match(text))


def is_teaser_intro(text: str) -> bool:
    """Whether ``text`` introduces a list of links to other articles."""
    return len(text) < 100 and bool(_TEASER_INTRO_RE.search(text))


def is_chrome(text: str) -> bool:
    """Whether a single paragraph is page chrome (credit, prompt, share link, bare stamp)."""
    if len(text) >= _SHORT * 2:
        return False
    if _STAMP_RE.match(text) and re.search(r"\d", text):
        return True
    if len(text) < _SHORT and _CHROME_RE.search(text):
        return True
    return len(text) < _SHORT and bool(_CHROME_ANYWHERE_RE.search(text))


def _is_title_like(text: str) -> bool:
    return len(text) < _TEASER_TITLE and not text.rstrip().endswith((".", "!", '"', "“", ")"))


def clean_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drop teaser, comment, paywall, newsletter, share and photo-credit paragraphs."""
    total = sum(len(p.text) for p in paragraphs) or 1
    out: list[Paragraph] = []
    seen = 0
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        text = p.text.strip()
        position = seen / total
        seen += len(p.text)
        if position > 0.5 and (is_comment_start(text) or _is_tail_section(text)):
            break
        if is_teaser_intro(text):
            # A bare intro line near the end opens the closing link list; an inline teaser
            # ("Weiterlesen: <title>") is one link and goes alone.
            if position > 0.65 and len(text) < 50:
                break
            i += 1
            while i < len(paragraphs) and _is_title_like(paragraphs[i].text):
                seen += len(paragraphs[i].text)
                i += 1
            continue
        if not is_chrome(text):
            out.append(p)
        i += 1
    # A heading left with nothing after it introduced only what was removed.
    while out and out[-1].heading:
        out.pop()
    return out
