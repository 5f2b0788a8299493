"""Body sentences of an article with their provenance, and the fragments never worth selecting.

A *candidate* is one body sentence (section headings excluded, see ``_body``) with its position
in the article and the reason, if any, it must never reach a summary (a caption, byline,
dateline alone, a question used as a subhead, a sentence cut by the extractor, a very short
line, page chrome of one of the classes in ``briefing.chrome``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..chrome import chrome_class
from ..models import Article, Paragraph
from ..text import content_words, split_sentences, words

__all__ = [
    "MIN_WORDS",
    "TEXT_FRAGMENTS",
    "Candidate",
    "candidates",
    "first_lines",
    "fragment_reason",
    "lead_lines",
]

MIN_WORDS = 5  # shorter lines are labels, not sentences
# Fragments that are still the text's own lines (a headline without a stop, a line ending in a
# link, a piece of a quote, a cut sentence, a question): the last resort of a text without one
# usable sentence. Chrome, bylines, datelines, captions, labels and run-ons never are.
TEXT_FRAGMENTS = frozenset(("unfinished", "link", "quote-piece", "cut", "subhead-question"))
STANDFIRST_WORDS = 6
STANDFIRST_PARAGRAPHS = 5
_CHARS_PER_SENTENCE = 250  # German news sentences average about 130 characters
# The longest real news sentences run to about 80 words (600 characters); a longer "sentence"
# is an unsplit list, a run of text without stops, or a hostile record (one of 190,000
# characters made a 51-page PDF): never a summary sentence (docs/threat-model.md).
MAX_SENTENCE_CHARS = 1500

# A sentence ends with . ! ? or … , optionally followed by closing quotes/brackets.
_FINAL_RE = re.compile(r"[.!?…]['\"’”“«»‹›)\]]*$")
_CUT_RE = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|(?:…|\.\.\.)\s*$")
_BYLINE_RE = re.compile(
    r"^(?:von:\s|foto:|fotos:|bild:|bilder:|quelle:|grafik:|video:|audio:|mit material von"
    r"|text:|copyright|©|\(c\)\s|autor:|autorin:|redaktion:|aktualisiert:?|stand:"
    # a stamp that names what it dates: "Stand des Artikels: 26. Februar 2020, 12:30 Uhr."
    r"|stand (?:des artikels|des beitrags|der (?:information(?:en)?|meldung|daten|seite)"
    r"|dieser (?:meldung|seite|information(?:en)?))\s*:"
    r"|(?:artikel|beitrags|daten|informations)stand\s*:"
    r"|(?:letzte|zuletzt) (?:aktualisierung|änderung|aktualisiert|geändert)\s*(?:am\s*)?:?\s*\d)",
    re.IGNORECASE,
)
# "Von Anna Muster" is a byline, "Von den 340.000 Beschäftigten …" is not (checked by length).
_BY_RE = re.compile(r"^(?:von|by)\s+\S", re.IGNORECASE)
_PHOTO_CREDIT_RE = re.compile(r"^\s*(?:foto|fotos|bild|bilder|grafik)\s*:", re.IGNORECASE)
_CREDIT_TAIL_RE = re.compile(
    r"(?:foto|bild|grafik)\s*:\s*\S.*$|/\s*(?:dpa|afp|ap|reuters)\s*$", re.IGNORECASE
)
# "Berlin (dpa) -" or "Kiew/Bischkek/Brüssel -" with nothing after it.
_DATELINE_ONLY_RE = re.compile(r"^[\w/ .-]{2,60}\s*(?:\([\w/ ,.-]{1,40}\))?\s*[-–—:]\s*$")
_DATE_WORDS_RE = re.compile(
    r"\b(?:uhr|januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november"
    r"|dezember|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|stand|aktualisiert"
    r"|am|um|vor|minuten?|stunden?|tagen?)\b|[\W\d_]+",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"https?://|www\.\w|[\w.+-]@[\w-]+\.\w|(?:^|\s)[#@]\w")
_BOILERPLATE_RE = re.compile(
    r"^(?:lesen sie (?:auch|mehr)|mehr zum thema|mehr dazu|weiterlesen|jetzt weiterlesen"
    r"|anzeige|werbung|zum artikel|zur startseite|teilen|drucken|kommentare?\b|newsletter"
    r"|abonnieren|sie sind bereits|melden sie sich|hier klicken|klicken sie)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """One body sentence of one article."""

    text: str
    article_index: int  # index of the article in the story as given
    article_id: str
    position: int  # index among the article's body sentences (section headings excluded)
    rank: int  # index among the article's *usable* sentences (-1 for fragments)
    stems: frozenset[str]  # content-word stems, for redundancy and centrality
    n_words: int
    fragment: str  # "" when usable, else why not
    paragraph_start: bool  # first sentence of its paragraph
    language: str
    headline: frozenset[str] = frozenset()  # content stems of its report's headline
    top_heading: bool = False  # from a heading above the body (a standfirst, see ``_body``)


def _quote_piece(s: str) -> bool:
    """True when quote marks are unbalanced (the splitter cut a multi-sentence quote)."""
    if s.count("«") != s.count("»"):
        return True
    if s.count("„") and s.count("„") != s.count("“") + s.count("”"):
        return True
    return s.count('"') % 2 == 1


def fragment_reason(
    sentence: str,
    *,
    alone_in_paragraph: bool = False,
    paragraph_index: int | None = None,
    paragraph_start: bool = False,
) -> str:
    """Why ``sentence`` must never be a summary sentence ("" when it may be).

    A line without final punctuation is a caption, a label or an extractor cut, except the
    standfirst: a paragraph of its own of at least ``STANDFIRST_WORDS`` words among the first
    ``STANDFIRST_PARAGRAPHS`` body paragraphs (web pages often print the teaser without a stop).
    """
    s = sentence.strip()
    if len(s) > MAX_SENTENCE_CHARS:
        return "run-on"
    n = len(words(s))
    chrome = chrome_class(s)
    if chrome:
        return chrome  # the page talking about itself: a live blog's frame, a stamp, a credit
    if _CUT_RE.search(s):
        return "cut"
    if ("/" in s or "@" in s or "#" in s or "www." in s) and _URL_RE.search(s):
        return "link"
    if _BYLINE_RE.match(s) or _BOILERPLATE_RE.match(s) or (_BY_RE.match(s) and n <= 6):
        return "byline"
    if len(s) <= 80 and (_DATELINE_ONLY_RE.match(s) or not _DATE_WORDS_RE.sub("", s)):
        return "dateline"
    if n < MIN_WORDS:
        return "short"
    # A short question alone or at the head of a later paragraph is a subhead (sometimes run
    # into the paragraph by the extractor: "Steht ein Treffen mit Trump an? Im Raum steht …").
    # At the very top it is the teaser, and stays.
    in_body = paragraph_index is None or paragraph_index > 0
    subhead = (alone_in_paragraph and n <= 12) or (paragraph_start and n <= 8)
    if s.endswith("?") and in_body and subhead:
        return "subhead-question"
    if not _FINAL_RE.search(s):
        standfirst = (
            alone_in_paragraph
            and paragraph_index is not None
            and paragraph_index < STANDFIRST_PARAGRAPHS
            and n >= STANDFIRST_WORDS
            and not s.endswith((":", ",", ";", "-", "–"))
        )
        if not standfirst:
            return "unfinished"  # captions, labels, extractor cuts
    if _quote_piece(s):
        return "quote-piece"  # one sentence of a longer quote: unreadable alone
    if _CREDIT_TAIL_RE.search(s):
        return "caption"
    letters = [c for c in s if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return "shouting"
    return ""


def first_lines(cands: Sequence[Candidate]) -> list[Candidate]:
    """The :data:`TEXT_FRAGMENTS` among ``cands``, first lines first, round robin over reports."""
    lines = [c for c in cands if c.fragment in TEXT_FRAGMENTS]
    return sorted(lines, key=lambda c: (c.position, c.article_index))


def lead_lines(cands: Sequence[Candidate], n: int) -> list[Candidate]:
    """The first ``n`` lines of the story as its reports begin, round robin over the reports:
    usable sentences, :data:`TEXT_FRAGMENTS` and short lines of their own (a kicker, a headline
    of four words). A short sentence inside a paragraph ("Verletzt wurde niemand.") is prose
    the summary never picks: it takes no line."""
    ordered = sorted(cands, key=lambda c: (c.article_index, c.position))
    seen: dict[int, int] = {}
    keyed: list[tuple[int, int, Candidate]] = []
    for i, c in enumerate(ordered):
        if c.fragment == "short":
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            alone = c.paragraph_start and (
                nxt is None or nxt.paragraph_start or nxt.article_index != c.article_index
            )
            if not alone:
                continue
        elif c.fragment and c.fragment not in TEXT_FRAGMENTS:
            continue
        k = seen.get(c.article_index, 0)
        seen[c.article_index] = k + 1
        if k < n:
            keyed.append((k, c.article_index, c))
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [c for _, _, c in keyed[:n]]


def _split_head(text: str, lang: str, wanted: int | None) -> list[str]:
    """The sentences of ``text``, or only (at least) its first ``wanted`` when that is cheaper.

    The splitter decides each break from a word and the next one, so splitting a prefix cut at
    a space gives the same sentences, except the last (possibly cut) one, which is dropped.
    """
    if wanted is None or len(text) <= wanted * _CHARS_PER_SENTENCE:
        return split_sentences(text, lang)
    cut = text.rfind(" ", 0, wanted * _CHARS_PER_SENTENCE)
    if cut <= 0:
        return split_sentences(text, lang)
    head = split_sentences(text[:cut], lang)[:-1]
    return head if len(head) >= wanted else split_sentences(text, lang)


def _headline(article: Article, body: Sequence[Paragraph], lang: str) -> tuple[str, frozenset[str]]:
    """The report's headline and its content stems: the title found in the input, else (plain
    text and extracted pages, whose first line is the title) a first line without a final stop.
    """
    if article.title and not article.title_derived:
        return article.title.strip(), frozenset(content_words(article.title, lang))
    first = body[0].text.strip() if body else ""
    if first and "\n" not in first and not _FINAL_RE.search(first):
        return first, frozenset(content_words(first, lang))
    return "", frozenset()


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def _body(article: Article) -> list[tuple[Paragraph, bool]]:
    """The paragraphs whose sentences compete: the body, and above it the page's standfirst.

    Class: a standfirst or subheadline that the page marks up as a heading (an ``h2`` lead
    above the text: "Krebskongress in Linz über Schul- und Komplementärmedizin.", a teaser of
    three sentences). A heading among the first ``STANDFIRST_PARAGRAPHS`` paragraphs, above
    the first body paragraph, is read like a body line (its sentences still pass
    ``fragment_reason``: a kicker is "short", a byline a "byline"), unless it is the headline
    itself (the title, compared by its letters: a kicker glued to the title is still the title).
    Section headings further down never compete.
    """
    title = _letters(article.title or "")
    out: list[tuple[Paragraph, bool]] = []
    for i, p in enumerate(article.paragraphs):
        if not p.heading:
            out.append((p, False))
        elif (
            i < STANDFIRST_PARAGRAPHS
            and all(q.heading for q in article.paragraphs[:i])
            and _letters(p.text) not in ("", title)
        ):
            out.append((Paragraph(p.text), True))
    return out


def candidates(
    articles: Sequence[Article], language: str | None = None, depth: int | None = None
) -> list[Candidate]:
    """Body sentences of every article, in article order then position.

    ``depth`` keeps only the first ``depth`` body sentences of each article (large stories:
    deeper sentences cannot compete with the leads of many reports, and splitting is costly).
    """
    out: list[Candidate] = []
    for ai, article in enumerate(articles):
        lang = language or article.language or "de"
        position = 0
        rank = 0
        marked = _body(article)
        body = [p for p, _ in marked]
        headline_text, headline = _headline(article, body, lang)
        for pi, (para, top_heading) in enumerate(marked):
            if depth is not None and position >= depth:
                break
            wanted = None if depth is None else depth - position
            sents = _split_head(para.text, lang, wanted)
            # A line right above a photo credit is the photo's caption.
            above_credit = pi + 1 < len(body) and bool(_PHOTO_CREDIT_RE.match(body[pi + 1].text))
            for si, sent in enumerate(sents):
                if depth is not None and position >= depth:
                    break
                reason = fragment_reason(
                    sent,
                    alone_in_paragraph=len(sents) == 1,
                    paragraph_index=pi,
                    paragraph_start=si == 0,
                )
                if not reason and above_credit and len(sents) == 1 and not _FINAL_RE.search(sent):
                    reason = "caption"
                out.append(
                    Candidate(
                        text=sent,
                        article_index=ai,
                        article_id=article.id,
                        position=position,
                        rank=-1 if reason else rank,
                        stems=frozenset(content_words(sent, lang)),
                        n_words=len(words(sent, lang)),
                        fragment=reason,
                        paragraph_start=si == 0,
                        language=lang,
                        # the headline line itself gains nothing from matching itself
                        headline=frozenset() if sent == headline_text else headline,
                        top_heading=top_heading,
                    )
                )
                position += 1
                if not reason:
                    rank += 1
    return out
