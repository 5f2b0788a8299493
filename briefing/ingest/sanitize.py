"""The one text sanitiser every input format goes through, once, where an article enters
(``read_file`` applies ``clean_article`` to every article; JSON records clean their raw
strings first). No later stage and no output format has to repeat it (docs/threat-model.md).

Classes of character that a reader never sees but that break words for search, stems and
translation, or that break outputs and terminals:

- soft hyphens (U+00AD) and other format characters: zero-width space/joiners, word joiner,
  byte order marks, bidi marks and embeddings (Unicode category Cf);
- control characters other than newline and tab (they become a space), and the
  non-characters U+FFFE/U+FFFF (XML cannot hold them): none reaches briefing.txt/.md/.html/
  .json, a feed, an email body or a terminal;
- a lone surrogate (``"\\ud800"`` from a JSON escape) becomes U+FFFD, so encoding to UTF-8
  for hashing, printing or writing never fails;
- a word broken across a line ("Bundes-\\nregierung", as printed and scanned text and some feeds
  carry it) is joined again, unless the next word is a conjunction ("Ein- und Ausgang").

Limits: a title is capped at ``MAX_TITLE_CHARS`` (cut at a word boundary, with an ellipsis),
an article's text at ``MAX_ARTICLE_CHARS`` (cut after the last whole paragraph, with a
warning), an outlet name at ``MAX_SOURCE_CHARS``; a url longer than ``MAX_URL_CHARS`` or with
white space in it is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from ..models import Article, Paragraph, Skipped

__all__ = [
    "INVISIBLE",
    "MAX_ARTICLE_CHARS",
    "MAX_SOURCE_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_URL_CHARS",
    "cap_title",
    "clean_article",
    "clean_line",
    "clean_skipped",
    "clean_text",
    "escape_controls",
]

MAX_TITLE_CHARS = 300  # a real headline is under 200 characters
MAX_SOURCE_CHARS = 200
MAX_URL_CHARS = 2048  # what browsers and servers commonly accept
# A long newspaper feature is 30,000-60,000 characters; 200,000 leaves room for any real
# article and keeps one hostile record from costing minutes in every later stage.
MAX_ARTICLE_CHARS = 200_000

# Format characters removed outright (deleting them never joins two words that were apart).
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb\ufffe\uffff"
)
_DELETE = {ord(c): None for c in INVISIBLE}
# C0/C1 controls except \t and \n (a \r is a line end: the caller's lines are kept).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_CONJUNCTIONS = "und|oder|bzw|sowie|bis|als|noch|wie|and|or|to"
# "Bundes-\nregierung" -> "Bundesregierung"; "Ein-\nund Ausgang" stays as it is.
_BROKEN_WORD_RE = re.compile(
    rf"(?<=[^\W\d_]{{2}})-[ \t]*\r?\n[ \t]*(?!(?:{_CONJUNCTIONS})\b)(?=[a-zäöüß])"
)


def clean_text(text: str) -> str:
    """``text`` without invisible and control characters, lone surrogates as U+FFFD, broken
    words joined (NFC form)."""
    if not text:
        return text
    text = _SURROGATE_RE.sub("\ufffd", text)
    text = text.translate(_DELETE).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub(" ", text)
    if "-" in text and "\n" in text:
        text = _BROKEN_WORD_RE.sub("", text)
    for ch in set(text):
        if not ch.isascii() and unicodedata.category(ch) == "Cf" and ch not in INVISIBLE:
            text = text.replace(ch, "")
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """A one-line field (title, outlet, url): ``clean_text`` and white space collapsed."""
    return " ".join(clean_text(text).split())


def cap_title(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``title`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:  # a word boundary not too far back; else cut inside the word
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _cap_paragraphs(
    paragraphs: tuple[Paragraph, ...], limit: int
) -> tuple[tuple[Paragraph, ...], bool]:
    """The paragraphs that fit in ``limit`` characters (the first text paragraph cut when it
    alone is longer), and whether anything was cut."""
    if sum(len(p.text) + 2 for p in paragraphs) <= limit + 2:
        return paragraphs, False
    kept: list[Paragraph] = []
    used = 0
    for p in paragraphs:
        if used + len(p.text) > limit:
            break
        kept.append(p)
        used += len(p.text) + 2
    if not any(not p.heading for p in kept):
        first = next(p for p in paragraphs if not p.heading)
        cut = first.text[:limit]
        space = cut.rfind(" ")
        kept = [Paragraph(cut[:space] if space > limit // 2 else cut)]
    return tuple(kept), True


def _clean_optional(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    cleaned = clean_line(value)
    return (cap_title(cleaned, limit) if len(cleaned) > limit else cleaned) or None


# What a terminal must never receive raw: C0 and C1 controls, DEL, lone surrogates, and the
# bidirectional overrides that can make a name read as another ("Trojan source").
_TERMINAL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control characters, lone surrogates and bidi overrides shown as escapes
    (``\\x1b``): safe for a terminal, and still telling which name was meant."""
    if not _TERMINAL_RE.search(text):
        return text
    if keep_newlines:
        return "\n".join(_TERMINAL_RE.sub(_escape, part) for part in text.split("\n"))
    return _TERMINAL_RE.sub(_escape, text)


# The shape of a language code a record may name (anything else is detected instead).
LANGUAGE_SHAPE = re.compile(r"[a-z]{2,3}")


def _detect(paragraphs: tuple[Paragraph, ...]) -> str:
    from .meta import detect_language

    return detect_language("\n\n".join(p.text for p in paragraphs))


def clean_article(article: Article) -> Article:
    """The article with every string sanitised (empty paragraphs dropped), its title and text
    capped, a url that is not one dropped, a language that is not a code detected again."""
    a = article
    paragraphs: list[Paragraph] = []
    for p in a.paragraphs:
        text = clean_line(p.text) if p.heading else clean_text(p.text).strip()
        if text:
            paragraphs.append(p if text == p.text else Paragraph(text, heading=p.heading))
    kept, cut = _cap_paragraphs(tuple(paragraphs), MAX_ARTICLE_CHARS)
    warnings = tuple(clean_line(w) for w in a.warnings)
    if cut:
        length = sum(len(p.text) for p in paragraphs)
        warnings += (f"text of {length:,} characters cut to the first {MAX_ARTICLE_CHARS:,}",)
    title = cap_title(clean_line(a.title)) or None if a.title is not None else None
    url = _clean_optional(a.url, 2 * MAX_URL_CHARS)
    if url is not None and (" " in url or len(url) > MAX_URL_CHARS):
        url = None  # not a URL (or a hostile one): the article is kept without its link
    language = clean_line(a.language).lower()
    changes = {
        "path": escape_controls(a.path),
        "paragraphs": kept,
        "title": title,
        "source": _clean_optional(a.source, MAX_SOURCE_CHARS),
        "url": url,
        "credits": tuple(c for c in (clean_line(c) for c in a.credits) if c),
        "language": language if LANGUAGE_SHAPE.fullmatch(language) else _detect(kept),
        "warnings": warnings,
        "duplicates": tuple(clean_line(d) for d in a.duplicates),
        "outlets": tuple(o for o in (clean_line(o) for o in a.outlets) if o),
        "kicker": _clean_optional(a.kicker, MAX_SOURCE_CHARS),
        "teaser": _clean_optional(a.teaser, MAX_TITLE_CHARS * 4),
        "author": _clean_optional(a.author, MAX_SOURCE_CHARS),
    }
    if all(getattr(a, k) == v for k, v in changes.items()):
        return a
    return replace(a, **changes)  # type: ignore[arg-type]


def clean_skipped(s: Skipped) -> Skipped:
    """A skipped input's path (control characters, undecodable bytes as escapes) and reason,
    safe to print and to render."""
    path, reason = escape_controls(s.path), clean_line(s.reason)
    return s if (path, reason) == (s.path, s.reason) else Skipped(path, reason)
