"""The one text sanitiser every input format goes through (titles and paragraphs).

Classes of character that a reader never sees but that break words for search, stems and
translation:

- soft hyphens (U+00AD) and other format characters: zero-width space/joiners, word joiner,
  byte order marks, bidi marks and embeddings (Unicode category Cf);
- control characters other than newline and tab (they become a space);
- a word broken across a line ("Bundes-\\nregierung", as printed and scanned text and some feeds
  carry it) is joined again, unless the next word is a conjunction ("Ein- und Ausgang").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from ..models import Article, Paragraph

__all__ = ["clean_text", "clean_article", "INVISIBLE"]

# Format characters removed outright (deleting them never joins two words that were apart).
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb"
)
_DELETE = {ord(c): None for c in INVISIBLE}
# C0/C1 controls except \t and \n (a \r is a line end: the caller's lines are kept).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONJUNCTIONS = "und|oder|bzw|sowie|bis|als|noch|wie|and|or|to"
# "Bundes-\nregierung" -> "Bundesregierung"; "Ein-\nund Ausgang" stays as it is.
_BROKEN_WORD_RE = re.compile(
    rf"(?<=[^\W\d_]{{2}})-[ \t]*\r?\n[ \t]*(?!(?:{_CONJUNCTIONS})\b)(?=[a-zäöüß])"
)


def clean_text(text: str) -> str:
    """``text`` without invisible and control characters, broken words joined (NFC form)."""
    if not text:
        return text
    text = text.translate(_DELETE).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub(" ", text)
    if "-" in text and "\n" in text:
        text = _BROKEN_WORD_RE.sub("", text)
    for ch in set(text):
        if not ch.isascii() and unicodedata.category(ch) == "Cf" and ch not in INVISIBLE:
            text = text.replace(ch, "")
    return unicodedata.normalize("NFC", text)


def clean_article(article: Article) -> Article:
    """The article with its title and paragraphs sanitised (empty paragraphs dropped)."""
    paragraphs = tuple(
        Paragraph(t, heading=p.heading)
        for p in article.paragraphs
        if (t := clean_text(p.text).strip())
    )
    title = clean_text(article.title).strip() if article.title else article.title
    if paragraphs == article.paragraphs and title == article.title:
        return article
    return replace(article, paragraphs=paragraphs, title=title or None)
