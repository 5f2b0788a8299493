"""Language-aware sentence splitting, word tokens, stems and stop words, shared by every stage.

Sentence splitting uses the ``sentence-splitter`` package (Koehn/Schroeder non-breaking-prefix
rules), which keeps "27. November", "z. B.", "Dr." and "u. a." inside their sentences and
needs no downloaded data. Stems come from PyStemmer (Snowball). Everything works offline.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

__all__ = [
    "SumyTokenizer",
    "content_words",
    "normalize_space",
    "split_sentences",
    "stem",
    "stems",
    "stop_words",
    "words",
]

# ISO 639-1 -> Snowball stemmer / sumy stop-word names.
_LANG_NAMES = {
    "de": "german",
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "sv": "swedish",
    "da": "danish",
    "nb": "norwegian",
    "no": "norwegian",
    "fi": "finnish",
    "ru": "russian",
    "hu": "hungarian",
    "ro": "romanian",
    "tr": "turkish",
}
_SPLITTER_LANGS = {
    "ca", "cs", "da", "de", "el", "en", "es", "fi", "fr", "hu", "is", "it", "lt", "lv", "nl",
    "no", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "tr",
}  # fmt: skip

_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """Collapse runs of white space to one space and strip the ends."""
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=32)
def _splitter(lang: str):  # type: ignore[no-untyped-def]
    from sentence_splitter import SentenceSplitter

    return SentenceSplitter(language=lang if lang in _SPLITTER_LANGS else "en")


def split_sentences(text: str, lang: str = "de") -> list[str]:
    """Split one paragraph (or several, separated by blank lines) into sentences."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = normalize_space(block)
        if not block:
            continue
        out.extend(s.strip() for s in _splitter(lang).split(block) if s.strip())
    return out


def words(text: str, lang: str = "de") -> list[str]:
    """Word tokens (letters/digits, inner hyphens and apostrophes kept), original case."""
    return _WORD_RE.findall(text)


@lru_cache(maxsize=32)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import Stemmer

    name = _LANG_NAMES.get(lang)
    if name is None or name not in Stemmer.algorithms():
        return None
    return Stemmer.Stemmer(name, 50_000)


def stem(word: str, lang: str = "de") -> str:
    """Snowball stem of a lower-cased word (the word itself where no stemmer exists)."""
    st = _stemmer(lang)
    w = word.lower()
    return st.stemWord(w) if st is not None else w


def stems(words_: list[str], lang: str = "de") -> list[str]:
    st = _stemmer(lang)
    lowered = [w.lower() for w in words_]
    return st.stemWords(lowered) if st is not None else lowered


@lru_cache(maxsize=32)
def stop_words(lang: str = "de") -> frozenset[str]:
    """Lower-cased stop words for ``lang`` (sumy's lists), empty when none is known."""
    name = _LANG_NAMES.get(lang)
    if name is None:
        return frozenset()
    try:
        data = (
            resources.files("sumy")
            .joinpath("data", "stopwords", f"{name}.txt")
            .read_text(encoding="utf-8")
        )
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    return frozenset(w.strip().lower() for w in data.splitlines() if w.strip())


def content_words(text: str, lang: str = "de") -> list[str]:
    """Stems of the words of ``text`` that are not stop words and not pure numbers."""
    stops = stop_words(lang)
    toks = [w for w in words(text, lang) if w.lower() not in stops and not w.isdigit()]
    return stems(toks, lang)


class SumyTokenizer:
    """A tokenizer for sumy's parsers (``to_sentences``/``to_words``) that needs no NLTK data."""

    def __init__(self, language: str = "de") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self.language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence, self.language))
