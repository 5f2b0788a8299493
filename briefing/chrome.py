"""Page chrome in the text: sentences about the page, not the news, in German, English, French.

Each class is a pattern of what such sentences say, not a list of pages: a live blog speaking
about itself ("Damit beenden wir den Liveblog für heute."), a prompt to report an error, a
media item's availability ("Verfügbar bis 06.05.2024."), a machine-translation disclaimer, a
publication stamp ("Veröffentlicht am 13. Mai 2026 um 15:44"), an interview's credit line
("Robert Habeck im Gespräch mit Jörg Münchenberg"), a login or registration prompt, a notice
about the reader's browser (JavaScript, cookies, an old browser), a photo or copyright credit
glued into the text, a blog's or forum's frame (post navigation, "Posted by ... on ...", "Sent
from my phone"), a row of bar-separated meta fields. Inline chrome, a link's "(öffnet im neuen
Fenster)" or a teaser's "[mehr]", is cut out of the sentence it sits in.

``chrome_class`` names the class of a whole sentence (summaries never use one); ingest drops
paragraphs made only of such sentences and cuts the inline pieces (``clean_chrome``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .models import Article, Paragraph

__all__ = ["CHROME_CLASSES", "chrome_class", "clean_chrome", "strip_inline_chrome"]

_I = re.IGNORECASE
_BLOG = r"(?:live-?\s?blogs?|news-?blogs?|live-?ticker|ticker|live(?:-| )?updates?|direct)"
_MONTH = (
    r"(?:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november"
    r"|dezember|january|february|march|may|june|july|october|december|janvier|février|mars"
    r"|avril|juin|juillet|août|septembre|octobre|novembre|décembre|[a-zäéû]{3,4}\.)"
)
_DATE = (
    rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{2,4}}|\d{{4}}-\d\d-\d\d|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    rf"|\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
)
_TIME = r"(?:\d{1,2}[:.h]\d\d(?:\s?(?:uhr|[ap]\.m\.|am|pm|h))?)"
# a time zone after a stamp's time: "10:15 Uhr MEZ", "10:15 a.m. ET"
_ZONE = r"(?:\s*(?:uhr|mesz|mez|cest|cet|utc|gmt|edt|est|et))?"
# A name is capitalised even inside a case-blind pattern ("Das Gespräch führte zu keiner
# Einigung" names nobody).
_NAME = r"(?-i:[A-ZÄÖÜÉ][\w'’.-]+(?:\s+(?:von|van|de|da|del|der|le|la)\b)?)"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,3}}"

_LOGIN = (
    r"\b(?:log-?in|log(?:ged)? ?in|einlogg\w*|logg(?:en|e)|eingeloggt|registrier(?:en|t|ung)"
    r"|anmelden"
    r"|angemeldet|(?:benutzer|kunden|nutzer)konto|(?:ihr|dein)\w* konto|account"
    r"|sign(?:ed)? ?(?:in|up)|register"
    r"|connect(?:ez|é|ée)|inscri(?:vez|ption|re)|identifiez|passwor[dt]|mot de passe)\b"
)
_BROWSER = r"\b(?:javascript|js|cookies?|browser|navigateur|werbeblocker|ad-?blocker)\b"

# class name -> pattern of a whole sentence of that class
CHROME_CLASSES: dict[str, re.Pattern[str]] = {
    # a live blog (ticker, "direct") speaking about itself: opening, closing, where to read it
    "liveblog": re.compile(
        rf"\b{_BLOG}\b.*\b(?:beend|schließ|geschlossen|zum nachlesen|nachzulesen|für sie da"
        r"|nachlesen|bedanken|ihr interesse|weiter(?:geht|führen)|fortgesetzt|startet|beginnen"
        r"|hier lesen|est (?:terminé|clos|fermé)"
        r"|verfolgen|we(?:'re| are| will)\b|clos(?:e|ing)|paus|conclud|catch up|read (?:more|all)"
        r"|follow|ends? here|for today|thank|fin de|nous (?:clôturons|terminons|mettons fin)"
        r"|merci|retrouvez|suivre)"
        rf"|\b(?:damit|hiermit|an dieser stelle)\b.*\b(?:beenden|schließen)\b.*\b{_BLOG}\b"
        rf"|^(?:(?:die|alle) )?(?:entwicklungen|ereignisse|geschehnisse)\b.*\b{_BLOG}\b"
        rf"|^(?:der|the|le)?\s*{_BLOG}\b.{{0,40}}\b(?:zum nachlesen|to read|à relire)",
        _I,
    ),
    # a prompt to report an error to the newsroom
    "error-report": re.compile(
        r"^(?=.*\b(?:fehler|tippfehler|error|typo|mistake|erreur|faute)\w*\b)"
        r"(?=.*\b(?:meld|mitteil|schreib|entdeckt|gefunden|bemerkt|report|spotted|notice|found"
        r"|let us know|tell us|signal|repér|trouvé)\w*)"
        r"(?=.*\b(?:sie|ihnen|uns|redaktion|du|dir|you|us|newsroom|editors|vous|nous"
        r"|rédaction)\b)",
        _I,
    ),
    # a media item's availability: "Verfügbar bis 06.05.2024.", "Available until ..."
    "availability": re.compile(
        r"^(?:(?:video|audio|podcast|sendung|beitrag|film)\s+)?(?:verfügbar|abrufbar|online)"
        r"\s+bis\b|^(?:available|online)\s+(?:until|till)\b|^disponible\s+jusqu"
        # the date first: "Bis 06.05.2024 in der Mediathek verfügbar.", "Until ... available"
        rf"|^(?:bis|until|jusqu'(?:au|à))\s+(?:\w+,?\s+)?{_DATE}.{{0,40}}\b(?:verfügbar|abrufbar"
        r"|available|disponible)\W*$",
        _I,
    ),
    # a machine-translation disclaimer
    "machine-translation": re.compile(
        r"^(?=.*\b(?:übersetz|translat|tradu)\w*)"
        r"(?=.*\b(?:maschinell|automatisch|künstlich|ki|deepl|machine|automatic|artificial|ai"
        r"|automatiquement|ia|intelligence artificielle)\w*\b)"
        # it speaks of the text itself, or is a short note
        r"(?=.*\b(?:dieser|diese[rs]?|artikel|beitrag|text|this|article|story|cet|ce texte"
        r"|cette)\b|.{0,60}$)",
        _I,
    ),
    # a publication stamp standing alone: "Veröffentlicht am 13. Mai 2026 um 15:44"
    "stamp": re.compile(
        r"^(?:zuerst |zuletzt )?(?:veröffentlicht|aktualisiert|erschienen|erstellt"
        r"|erstveröffentlichung|stand(?: des (?:artikels|beitrags|textes)| der (?:informationen"
        r"|meldung))?|artikelstand|(?:first |last )?(?:published|updated|posted|modified)"
        r"|publié|(?:dernière )?mise? à jour|modifié)\b"
        rf"[\s:,]*(?:(?:am|on|le|vom|at)\s+)?(?:\w+,?\s+)?{_DATE}"
        rf"(?:[\s,]*(?:um|at|à)?\s*{_TIME})?{_ZONE}\W*$",
        _I,
    ),
    # an interview's credit line: "Robert Habeck im Gespräch mit Jörg Münchenberg"
    "interview-credit": re.compile(
        rf"^(?:das )?(?:interview|gespräch)?\s*(?:{_NAMES})?\s*(?:im gespräch mit|im interview mit"
        rf"|in conversation with|interviewed by|talks to|en entretien avec|au micro de"
        rf"|propos recueillis par|(?:das )?(?:interview|gespräch) führten?|die fragen stellten?"
        rf"|interview:|interview by|the interview was conducted by"
        rf"|l'entretien a été réalisé par)\s+"
        # the interviewer's outlet may follow: ", Deutschlandfunk", "(Deutschlandfunk)"
        rf"{_NAMES}(?:\s+(?:und|and|et)\s+{_NAMES})?(?:,\s*{_NAMES}|\s*\({_NAMES}\))?\W*$",
        _I,
    ),
    # a prompt to log in or register, addressed to the reader: "Registrieren Sie sich jetzt",
    # "Zum Login oder einen neuen Account Registrieren", "You must be logged in to comment"
    "login": re.compile(
        rf"^(?=.*{_LOGIN})(?=.*\b(?:sie|du|dich|euch|you|your|vous|votre|zum|jetzt|now|bitte"
        r"|please|müssen|musst|must|need|devez|oder|or|ou|hier|here|ici)\b)"
        # it speaks of the reader's access, not of someone registering something
        r"(?=.*\b(?:registrieren sie|melden sie sich|loggen sie sich|müssen sie|musst du"
        r"|you must|you need|please|bitte|zum login|log ?in|sign ?in|sign ?up|account"
        r"|connectez|inscrivez|vous devez|einloggen|eingeloggt)\b)",
        _I,
    ),
    # a notice about the reader's browser: JavaScript, cookies, an ad blocker, an old browser
    "browser": re.compile(
        rf"^(?=.*{_BROWSER})(?=.*\b(?:aktivier|activ|enable|erlaub|allow|akzept|accept|zulass"
        r"|deaktivier|disable|veraltet|outdated|update|aktualisier|unterstützt|support|verwend"
        r"|using|use|utilis|mettre à jour)\w*)(?=.*\b(?:sie|du|dein\w*|ihr\w*|bitte|you|your"
        r"|please|vous|votre)\b)",
        _I,
    ),
    # a photo or copyright credit glued into the text: "© ENERTRAG GmbH / Fotograf: J. R."
    "credit": re.compile(
        r"©\s*\w|\b(?:fotograf(?:in)?|photographer|photographe|bildnachweis|bildquelle"
        r"|image credit|photo credit|crédits? photo)\s*:\s*\w",
        _I,
    ),
    # a blog's or forum's frame: post navigation, a post header, a phone signature
    "blog-frame": re.compile(
        r"\b(?:newer|older) posts?\b|\b(?:neuere|ältere) (?:posts|beiträge|einträge)\b"
        r"|\bsubscribe to:\s*posts|\babonnieren:\s*posts|\bposts \(atom\)"
        rf"|\b(?:posted|eingestellt|gepostet|veröffentlicht|publié|geschrieben)\s+(?:am|on|le)?"
        rf"\s*{_DATE}\s+(?:von|by|par)\s+[A-ZÄÖÜ]"
        r"|\b(?:posted|eingestellt|gepostet) (?:by|von) [A-ZÄÖÜ]\w+(?: \w+)? (?:at|um)\b"
        r"|\b(?:sent from my|gesendet von meinem|envoyé de mon)\b"
        r"|\bvon meinem [\w. -]{2,40} (?:aus )?(?:gesendet|geschrieben)\b",
        _I,
    ),
    # a row of short bar-separated meta fields: "26 | 01 | 2022 | Schweiz | Praxis | Video"
    "meta-bar": re.compile(r"^(?:[^|]{0,25}\|){3,}[^|]{0,25}$"),
}
# Classes found anywhere in a sentence of any length (glued to text by the extractor).
_ANY_LENGTH = ("credit", "blog-frame")
# A paragraph of these stays in the text (a credit is often glued to a sentence of the news);
# summaries still never pick the sentence.
_KEPT_IN_TEXT = ("", "credit")

# Inline chrome: a link's hint for screen readers, a teaser's "more" link. Each pattern starts
# with its bracket, so that the search skips along the text quickly.
_INLINE_RES = (
    re.compile(r"\((?:link |externer link,? )?(?:öffnet|opens|s'ouvre|ouvre)\b[^()]{0,40}\)", _I),
    re.compile(r"\((?:externer link|link ist extern|external link|lien externe)\)", _I),
    re.compile(
        r"\[\s*(?:\.\.\.|…)?\s*(?:mehr|more|weiter|weiterlesen|read more|lire la suite|suite|plus)"
        r"\s*(?:\.\.\.|…|»|›|>)?\s*\]",
        _I,
    ),
    # in round brackets only at the paragraph's end: "Der Rat tagte. (mehr)"
    re.compile(
        r"\(\s*(?:mehr|weiterlesen|read more|lire la suite)\s*(?:\.\.\.|…|»|›)?\s*\)\s*$", _I
    ),
)
_MORE_END_RE = re.compile(r"\s(?:mehr|weiterlesen|read more|lire la suite)\s*[»›>…]\s*$", _I)
_GAP_RE = re.compile(r"[ \t]+(?=[.,;:!?)\]]|$)|(?<= )[ \t]+")


# A cheap first look: only text holding one of these words can hold a chrome sentence
# (substring tests on the lower-cased text: far faster than one regex of alternatives).
_PROBES = (
    "blog", "ticker", "direct", "fehler", "error", "erreur", "faute", "typo", "verfügbar",
    "abrufbar", "available", "disponible", "übersetz", "translat", "tradu", "veröffentlich",
    "aktualisiert", "erschienen", "stand", "published", "updated", "posted", "publié",
    "mis à jour", "mise à jour", "gespräch", "interview", "fragen", "conversation", "entretien",
    "micro", "propos",
    "log", "regist", "account", "konto", "anmeld", "angemeld", "sign", "connect", "inscri",
    "identifi", "passw", "mot de passe", "javascript", "js", "cookie", "browser", "navigateur",
    "blocker", "©", "fotograf", "photograph", "bildnachweis", "bildquelle", "credit", "crédit",
    "posts", "beiträge", "einträge", "gesendet", "envoyé", "sent from", "geschrieben", "|",
)  # fmt: skip


def _probe(text: str) -> bool:
    low = text.lower()
    return any(p in low for p in _PROBES)


_CHROME_PARAGRAPH = 400  # longer paragraphs are not made of chrome sentences only


def chrome_class(sentence: str) -> str:
    """The chrome class of ``sentence`` ("liveblog", "error-report", ...), "" when it is text.

    Long sentences are text: chrome is short (a blog frame, a prompt, a stamp, a credit)."""
    s = " ".join(sentence.split())
    if not s or not _probe(s):
        return ""
    for name, rx in CHROME_CLASSES.items():
        if (len(s) <= 220 or name in _ANY_LENGTH) and rx.search(s):
            return name
    return ""


def strip_inline_chrome(text: str) -> str:
    """``text`` without "(öffnet im neuen Fenster)", "(opens in a new tab)", "[mehr]", ..."""
    out = text
    if "(" in out or "[" in out:
        for rx in _INLINE_RES:
            out = rx.sub("", out)
    if out.rstrip().endswith(("»", "›", ">", "…")):
        out = _MORE_END_RE.sub("", out)
    return out if out == text else _GAP_RE.sub("", out).strip()


def clean_chrome(article: Article) -> Article:
    """The article without inline chrome, and without paragraphs that are only chrome."""
    from .text import split_sentences

    changed = False
    paragraphs: list[Paragraph] = []
    for p in article.paragraphs:
        text = strip_inline_chrome(p.text)
        if not p.heading and len(text) < _CHROME_PARAGRAPH and _probe(text):
            sents = split_sentences(text, article.language or "de")
            if sents and all(chrome_class(s) not in _KEPT_IN_TEXT for s in sents):
                changed = True
                continue
        if text != p.text:
            changed = True
            if not text:
                continue
            p = Paragraph(text, heading=p.heading)
        paragraphs.append(p)
    if not changed or not any(not p.heading for p in paragraphs):
        return article
    teaser = strip_inline_chrome(article.teaser) if article.teaser else article.teaser
    return replace(article, paragraphs=tuple(paragraphs), teaser=teaser or None)
