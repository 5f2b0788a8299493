"""German news chrome that survives trafilatura, removed paragraph by paragraph.

Three kinds of rule, all about what a paragraph *is*, never about a particular site:

- a section that ends the article: reader comments ("3 Kommentare", "Kommentar schreiben"),
  once it starts in the back half of the text everything after it goes;
- a teaser block: an intro line ("Lesen Sie auch", "Mehr zum Thema", "Das könnte Sie auch
  interessieren") and the short link titles that follow it;
- one-line chrome: photo credits ("Foto: dpa", "© Getty Images", "picture alliance | Name"),
  paywall and newsletter prompts ("Jetzt weiterlesen", "Artikel freischalten"), share/print/
  follow links, ad labels, bare date or time stamps, breadcrumb trails ("Startseite > Politik >
  Ausland"), gallery controls ("Bild anzeigen Bild schließen", "Bild 3 von 12"), reading-time
  labels ("Lesezeit: 2 Minuten");
- CMS shortcodes left in the text ("[box_colored color=...]", "[/caption]") are removed.

A run of paragraphs that are each one of the page's links (a navigation menu, a related-links
block, a table of contents) goes wherever it stands.

A closing section or link list is cut only while it is the page's tail: when the text after an
"Über uns" or "Weitere Informationen" line is most of the page, that box is the page's content.

:func:`non_article_reason` says why an extracted "article" is no article at all: a server error
message, an imprint, a slogan or label with no sentence to it, or one of the page kinds of
:mod:`briefing.ingest.page_kind` (a list of links, a recipe, a shop page, meeting minutes).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..models import Paragraph

__all__ = [
    "NOT_AN_ARTICLE",
    "clean_paragraphs",
    "is_chrome",
    "is_comment_start",
    "is_teaser_intro",
    "non_article_reason",
]

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
    r"Bei den Verlinkungen handelt es sich|Dieser Beitrag enthält Werbung|"
    # a download link: "Merkblatt PDF | 38 KB | Datei ist nicht barrierefrei"
    r"\b(?:PDF|DOCX?|XLSX?|ZIP|MP3)\s*[|,(]\s*\d+(?:[.,]\d+)?\s*[KkMm]B\b|nicht barrierefrei|"
    # a shop button: "Den Toaster bei Amazon ansehen"
    r"\bbei (?:Amazon|Otto|MediaMarkt|Saturn|eBay|Idealo|Galaxus|Zalando)\s+"
    r"(?:ansehen|kaufen|bestellen|anschauen)\b|"
    # a print issue's advert: "Die aktuelle Ausgabe jetzt am Kiosk, im Abo oder als E-Paper"
    r"\b(?:am|an jedem) (?:Bahnhofs)?[Kk]iosk\b|\bals E-Paper\b",
    _I,
)
# "Foto, dpa", "Screenshot,Strava": a credit word, a comma and a name, nothing more.
_CREDIT_COMMA_RE = re.compile(
    r"^(?:Fotos?|Bild(?:er)?|Grafik|Quelle|Screenshot|Symbolbild|Bildquelle)\s*,\s*[\w .&-]{1,40}"
    r"(?:\s+(?:Fotos?|Bild(?:er)?|Grafik|Quelle|Screenshot)\s*,\s*[\w .&-]{1,40})*$",
    _I,
)
# An author's note at the end: "Redakteur in der Wirtschaft.", "Inga Muster ist Redakteurin bei X".
_ROLE = (
    r"(?:Redakteur(?:in)?|Autor(?:in)?|Journalist(?:in)?|Head of|Chefredakteur(?:in)?|"
    r"Ressortleiter(?:in)?|Volontär(?:in)?|Korrespondent(?:in)?|freie[rn]? (?:Autor|Journalist)\w*)"
)
_ROLE_LINE_RE = re.compile(rf"^{_ROLE} (?:in|im|bei|für|der|des)\b.{{0,80}}$")
_BIO_RE = re.compile(
    rf"^[A-ZÄÖÜ][\w.-]+(?: [A-ZÄÖÜ][\w.-]+){{1,3}} (?:ist|war|arbeitet|schreibt)\b"
    rf".{{0,60}}\b{_ROLE}"
)
# An appeal for money or subscriptions: "Gefällt dir unser Magazin? ... keine Bezahlschranke".
_APPEAL_RE = re.compile(
    r"^(?:Gefällt (?:dir|Ihnen|euch) (?:unser|unsere|dieser|dieses)|Unterstützen Sie (?:uns|unsere|"
    r"unabhängigen)|Unterstütze (?:uns|unsere))\b|\b(?:keine|ohne) (?:Bezahlschranke|Paywall)\b",
    _I,
)
# A paragraph that is only a date, a time or both ("23.10.2018", "3:59 PM", "Stand: 12.01.2022").
_STAMP_RE = re.compile(
    r"^(?:(?:Stand|Aktualisiert(?: am)?|Veröffentlicht(?: am)?|Erstellt(?: am)?|Datum)\s*:?\s*)?"
    r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So)[a-z]*\.?,?\s*)?"
    r"[\d.:/\s,|-]*(?:\d{1,2}\.?\s*[A-Za-zäÄ]+\.?\s*\d{2,4})?[\d.:/\s,|-]*"
    r"(?:Uhr|AM|PM|am|pm)?\s*$"
)
# "picture alliance | Andrew Milligan", "imago images/Future Image", "dpa / Kay Nietfeld":
# an agency and a photographer, nothing else.
_AGENCY = (
    r"(?:picture[ -]alliance|imago(?: images)?|dpa|afp|ap|reuters|epa|keystone|getty(?: images)?|"
    r"shutterstock|istock(?:photo)?|adobe ?stock|ddp(?: images)?|sz photo|ullstein ?bild|"
    r"action press|xinhua|anadolu|apa|eibner|photothek|zuma(?: press)?|sipa|laif|mauritius images)"
)
_AGENCY_CREDIT_RE = re.compile(
    rf"^{_AGENCY}(?:\s*(?:/|\||,|via|:)\s*[\w .&/|,-]{{1,60}})?$|^[\w .-]{{2,40}}\s*(?:/|\|)\s*"
    rf"{_AGENCY}(?:\s*(?:/|\|)\s*[\w .-]{{1,40}})?$",
    _I,
)
# "Startseite > Politik > Ausland", "Home / News / Region": three or more short links.
_CRUMB_SEP_RE = re.compile(r"\s+(?:>|»|›|/|\\|→)\s+")
_CRUMB_START_RE = re.compile(r"^(?:Startseite|Home|Start|Übersicht|Sie sind hier:?)\b", _I)
# Slideshow buttons: "Bild anzeigen", "Bild schließen", "Bild 3 von 12", "Vorheriges Bild".
_GALLERY_WORD_RE = re.compile(
    r"\b(?:Bild|Foto|Galerie|Bildergalerie|Slideshow|Vollbild)\s+(?:anzeigen|schließen|öffnen|"
    r"vergrößern|herunterladen|teilen)\b|\b(?:Vorheriges|Nächstes|Voriges)\s+(?:Bild|Foto)\b|"
    r"^(?:Bild|Foto)\s+\d+\s+(?:von|/)\s+\d+\b|\b(?:zurück|weiter)\s+\d+\s*/\s*\d+\b|"
    r"^(?:Zur Galerie|Galerie starten|Alle Bilder anzeigen)\b",
    _I,
)
_SHORTCODE_RE = re.compile(
    r"\[/?[a-z][a-z0-9]*[_-][a-z0-9_-]*(?:\s[^\[\]]{0,300})?\]"  # [box_colored ...], [/vc_row]
    r"|\[[a-z][a-z0-9_-]*\s+[a-z_-]+=[^\[\]]{0,300}\]"  # [caption id="..."]
    r"|\[/[a-z][a-z0-9_-]*\]"  # [/caption]
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


def _is_breadcrumb(text: str) -> bool:
    if len(text) > 200 or text.rstrip().endswith((".", "!", "?")):
        return False
    parts = _CRUMB_SEP_RE.split(text.strip())
    short = all(0 < len(p.split()) <= 4 for p in parts)
    return short and (len(parts) >= 3 or (len(parts) == 2 and bool(_CRUMB_START_RE.match(text))))


def _is_gallery_control(text: str) -> bool:
    if len(text) > 120:
        return False
    hits = _GALLERY_WORD_RE.findall(text)
    # the controls alone, not a sentence that mentions a picture
    rest = _GALLERY_WORD_RE.sub("", text)
    return bool(hits) and len(rest.split()) <= 3


# Class: a date stamp and a section label on one line, either way round ("2021-10-16 |
# Botschaft", "Montag, 3. Mai 2021 · Lokales", "Politik | 16.10.2021"): the item's dateline.
_STAMP_LABEL_SPLIT_RE = re.compile(r"\s+[|·•]\s+")
# A day, not a bare year ("Fertigstellung | 2022" is a fact of the text): 16.10., 2021-10-16,
# 3. Mai 2021.
_HAS_DAY_RE = re.compile(
    r"\d{1,2}\.\s*\d{1,2}\.|\d{4}-\d\d-\d\d|\d{1,2}\.\s*[A-Za-zä]{3,}\.?\s+\d{4}"
)
_SECTION_LABEL_RE = re.compile(r"^[A-ZÄÖÜ][\w&/-]*(?:\s+[\w&/-]+){0,2}$")


def _is_labelled_stamp(text: str) -> bool:
    parts = _STAMP_LABEL_SPLIT_RE.split(text.strip())
    if len(parts) != 2 or len(text) > 60:
        return False
    for stamp, label in (parts, parts[::-1]):
        if (
            _HAS_DAY_RE.search(stamp)
            and _STAMP_RE.match(stamp)
            and _SECTION_LABEL_RE.match(label)
            and not re.search(r"\d", label)
        ):
            return True
    return False


# Class: a reading-time label ("Lesezeit: 2 Minuten", "Lesedauer ca. 7 Minuten", "5 min read",
# "Temps de lecture : 3 min").
_READING_TIME_RE = re.compile(
    r"^(?:(?:geschätzte )?Lese(?:zeit|dauer)|Reading time|Read time|Temps de lecture)\s*:?\s*"
    r"(?:ca\.|etwa|circa|rund|about|approx\.?|weniger als|less than|moins d'une?)?\s*"
    r"(?:\d+|eine?|one|une)\s*(?:Min(?:ute|uten|\.)?|minutes?|mins?)\b\.?$"
    r"|^\d+\s*(?:min(?:ute)?s?|Min(?:uten|\.)?)\.?\s*(?:read|Lesezeit|Lesedauer|de lecture)$",
    _I,
)


# Class: a contact or address line closing a press release, a firm's or a club's page
# ("Planungsbüro Muster * Hauptstraße 6 * 27580 Bremerhaven Tel.: 0471 123 * info@x.de",
# "Bäckerei Lindner · Hauptstraße 12 · 8010 Graz · Telefon 0316 123456"): a postcode with its
# place and a phone number or an e-mail address, and no clause (at most two lower-case words:
# "Die Polizei in 31167 Bockenem bittet unter Telefon 05063 9010 um Hinweise." is a sentence).
_POSTCODE_PLACE_RE = re.compile(r"(?:^|[\s*|·•,])(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÄÖÜ][\w.-]+")
_PHONE_OR_MAIL_RE = re.compile(
    r"\b(?:Tel(?:efon)?|Fon|Fax|Mobil|Handy|Phone)\.?\s*:?\s*\+?\(?\d[\d /().-]{4,}"
    r"|[\w.+-]+@[\w-]+\.[a-z]{2,}",
    _I,
)
_LOWER_WORD_RE = re.compile(r"(?<![\w@.])[a-zäöüß]{2,}\b(?![@.]\w)")


def _is_contact_line(text: str) -> bool:
    t = text.strip()
    if len(t) >= _SHORT or t.endswith(("?", "!")) or not _POSTCODE_PLACE_RE.search(t):
        return False
    if not _PHONE_OR_MAIL_RE.search(t):
        return False
    rest = _PHONE_OR_MAIL_RE.sub(" ", t)
    lower = [w for w in _LOWER_WORD_RE.findall(rest) if w not in ("und", "oder")]
    return len(lower) <= 2


def is_chrome(text: str) -> bool:
    """Whether a single paragraph is page chrome (credit, prompt, share link, bare stamp,
    breadcrumb trail, gallery control)."""
    if len(text) >= _SHORT * 2:
        return False
    if len(text) < 120 and (
        _AGENCY_CREDIT_RE.match(text.strip())
        or _CREDIT_COMMA_RE.match(text.strip())
        or _is_breadcrumb(text)
        or _is_gallery_control(text)
        or _READING_TIME_RE.match(text.strip())
    ):
        return True
    if _is_contact_line(text):
        return True
    if (_STAMP_RE.match(text) and re.search(r"\d", text)) or _is_labelled_stamp(text):
        return True
    if len(text) < _SHORT and _CHROME_RE.search(text):
        return True
    return len(text) < _SHORT and bool(_CHROME_ANYWHERE_RE.search(text))


def _is_title_like(text: str) -> bool:
    return len(text) < _TEASER_TITLE and not text.rstrip().endswith((".", "!", '"', "“", ")"))


def _strip_shortcodes(paragraphs: list[Paragraph]) -> list[Paragraph]:
    out: list[Paragraph] = []
    for p in paragraphs:
        if "[" in p.text and _SHORTCODE_RE.search(p.text):
            text = " ".join(_SHORTCODE_RE.sub(" ", p.text).split())
            if text:
                out.append(Paragraph(text, heading=p.heading))
        else:
            out.append(p)
    return out


def _rest_is_content(paragraphs: list[Paragraph], i: int, total: int) -> bool:
    """Whether what follows paragraph ``i`` is most of the page and reads as prose (then a
    closing "Über uns" or "Weitere Informationen" box is the page's content, not its tail)."""
    rest = paragraphs[i + 1 :]
    if not rest or _is_title_like(rest[0].text):
        return False  # a list of links follows
    prose = sum(len(p.text) for p in rest if not _is_title_like(p.text))
    return prose > 0.5 * total


# Class: a menu or link list the extractor kept (a site's navigation printed as text, a block
# of related links, a table of contents): a run of short paragraphs that are each the whole
# text of one link of the page (<a href>, or a custom element with an href), at least
# _LINK_RUN of them, with at most a short label between two (a menu's section name).
_LINK_RUN = 4
_LINK_TEXT = 100  # longer text is a paragraph, even when a link holds it
_LINK_RUN_SHARE = 0.75


def _drop_link_runs(paragraphs: list[Paragraph], links: Collection[str]) -> list[Paragraph]:
    flags = [len(p.text) < _LINK_TEXT and " ".join(p.text.split()) in links for p in paragraphs]
    out: list[Paragraph] = []
    i = 0
    while i < len(paragraphs):
        if not flags[i]:
            out.append(paragraphs[i])
            i += 1
            continue
        j = last = i
        count = 0
        while j < len(paragraphs):
            if flags[j]:
                count, last = count + 1, j
            elif not (_is_label(paragraphs[j].text) and j + 1 < len(flags) and flags[j + 1]):
                break
            j += 1
        end = last + 1
        intro = out[-1].text.strip() if out else ""
        if count < _LINK_RUN or count < _LINK_RUN_SHARE * (end - i) or is_teaser_intro(intro):
            # short, mixed, or a teaser block under its intro line ("Mehr zum Thema:"), which
            # the teaser rule weighs with the intro's position
            out.extend(paragraphs[i:end])
        elif out and _is_label(intro) and (out[-1].heading or intro.endswith(":")):
            out.pop()  # the run's own label ("Leistungen:") goes with it
        i = end
    return out


def _is_label(text: str) -> bool:
    return len(text) < 60 and _is_title_like(text)


def clean_paragraphs(paragraphs: list[Paragraph], links: Collection[str] = ()) -> list[Paragraph]:
    """Drop menus, teaser, comment, paywall, newsletter, share and photo-credit paragraphs
    (``links``: the whitespace-normalised texts of the page's links)."""
    paragraphs = _strip_shortcodes(paragraphs)
    if links:
        paragraphs = _drop_link_runs(paragraphs, links)
    total = sum(len(p.text) for p in paragraphs) or 1
    out: list[Paragraph] = []
    seen = 0
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        text = p.text.strip()
        position = seen / total
        seen += len(p.text)
        if position > 0.5 and is_comment_start(text):
            break
        if position > 0.5 and _is_tail_section(text) and not _rest_is_content(paragraphs, i, total):
            break
        if is_teaser_intro(text) and _rest_is_content(paragraphs, i, total):
            out.append(p)  # "Weitere Informationen" over the page's own text: a heading
            i += 1
            continue
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
        bio = (len(text) < 100 and _ROLE_LINE_RE.match(text)) or (
            position > 0.6 and len(text) < 250 and _BIO_RE.match(text)
        )
        appeal = len(text) < 700 and _APPEAL_RE.search(text)
        if not is_chrome(text) and not bio and not appeal:
            out.append(p)
        i += 1
    if links:
        out = _drop_closing_links(out, links)
    # A heading left with nothing after it introduced only what was removed.
    while out and out[-1].heading:
        out.pop()
    return out


# Class: links that close the page (a teaser card, "Hier das Tableau in X", a box of further
# reading without an intro line): from the end, a line that is one of the page's links, alone or
# with the one short blurb under it, while it stands in the last quarter of the text.
_CLOSING_BLURB = 160
_CLOSING_SHARE = 0.75


def _drop_closing_links(paragraphs: list[Paragraph], links: Collection[str]) -> list[Paragraph]:
    def is_link(p: Paragraph) -> bool:
        return _is_title_like(p.text) and " ".join(p.text.split()) in links

    total = sum(len(p.text) for p in paragraphs) or 1
    end = len(paragraphs)
    while end > 1:
        if is_link(paragraphs[end - 1]):
            start = end - 1
        elif (
            end > 2
            and is_link(paragraphs[end - 2])
            and len(paragraphs[end - 1].text) < _CLOSING_BLURB
        ):
            start = end - 2
        else:
            break
        if sum(len(p.text) for p in paragraphs[:start]) < _CLOSING_SHARE * total:
            break
        end = start
    return paragraphs[:end]


_PHP_ERROR_RE = re.compile(
    r"^(?:PHP )?(?:Warning|Notice|Fatal error|Parse error|Deprecated|Strict Standards|"
    r"Catchable fatal error|Uncaught \w+)\s*:.{0,400}?(?:\bon line \d+|\bin /\S+|"
    r"Stack trace|failed to open stream)",
    _I,
)
_IMPRINT_RE = re.compile(
    r"\bImpressum\b|Angaben gem(?:äß|\.) §\s*5\s*(?:TMG|DDG)|§\s*(?:55|18)\s*(?:Abs\.\s*2\s*)?"
    r"(?:RStV|MStV)|Verantwortlich (?:im Sinne|für den Inhalt|i\.\s*S\.\s*d\.)|Handelsregister|"
    r"Registergericht|Registernummer|USt[.-]?\s*Id(?:Nr|\.-?Nr)|Umsatzsteuer-Identifikationsnummer|"
    r"Vertretungsberechtigte|Haftung für (?:Inhalte|Links)|Streitschlichtung|"
    r"Inhaltlich Verantwortliche",
    _I,
)
# The words an InputError message puts before the reason a page is not an article.
NOT_AN_ARTICLE = "not an article: "
_SENTENCE_END_RE = re.compile(r"[.!?…][\"“”»«')]*(?:\s|$)")


def non_article_reason(
    paragraphs: list[Paragraph] | tuple[Paragraph, ...], declared: Collection[str] = frozenset()
) -> str:
    """Why the extracted text is not an article ("" when it is one).

    Classes: a server error message (PHP warnings, stack traces); an imprint (the legal
    notice's fixed phrases make up the page); a slogan or label (a few words, no sentence);
    the kinds of :func:`briefing.ingest.page_kind.page_kind_reason` (a list of links, a recipe,
    a shop or booking page, meeting minutes), ``declared`` being what the page says it is.
    """
    from .page_kind import page_kind_reason

    body = [p.text for p in paragraphs if not p.heading]
    text = " ".join(body)
    if not text.strip():
        return "no text"
    errors = sum(len(t) for t in body if _PHP_ERROR_RE.search(t))
    if errors >= 0.5 * len(text):
        return "a server error message"
    if len(text) < 4000 and len(_IMPRINT_RE.findall(text)) >= 3:
        return "an imprint (legal notice)"
    words = text.split()
    if len(words) < 15 and not _SENTENCE_END_RE.search(text):
        return "a slogan or label, no sentence to it"
    return page_kind_reason([p.text for p in paragraphs], declared)
