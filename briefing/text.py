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

# Class: a Roman or small arabic numeral with a period ends a sentence when the next word is a
# capitalised function word, which opens a sentence and never follows an ordinal inside one:
# "... Queen Elizabeth II. Für viele ..." and "Sie wurde 3. Die ..." split, while "Papst
# Benedikt XVI. sagte", "am 27. November" and "der 80. Geburtstag" stay whole (the splitter's
# rules keep every numeral with a period inside the sentence).
_OPENERS = {
    "de": "der die das den dem des ein eine einer einen er sie es wir ich ihr man dies diese "
    "dieser dieses für in im am an auf aus bei mit nach von vor zu zum zur seit trotz wegen "
    "durch über unter um auch aber doch denn und oder so nun jetzt dann danach damit dabei "
    "dazu deshalb zudem außerdem als wie was wer wo wann warum wenn ob dass noch schon "
    "bereits heute gestern kein keine sein seine ihre unser",
    "en": "the a an he she it they we i this these that those in on at for with after but and "
    "so then now today yesterday his her their its there when while as",
    "fr": "le la les un une il elle ils elles nous je ce cette ces dans pour avec après mais "
    "et puis alors aujourd'hui hier son sa ses leur quand",
}
_OPENER_SETS = {
    lang: frozenset(w.capitalize() for w in ws.split()) for lang, ws in _OPENERS.items()
}


def _before_opener(token: str) -> dict[str, re.Pattern[str]]:
    """Per language: ``token`` (group 1) and the space after it, where a sentence opener
    follows."""
    return {
        lang: re.compile(rf"{token}\s+(?=(?:{'|'.join(sorted(words_))})\b)")
        for lang, words_ in _OPENER_SETS.items()
    }


_NUMERAL_END_RE = _before_opener(r"(?<!^)\b((?:[IVXLC]{1,6}|\d{1,3})\.)")
# A regnal numeral after a name ends the sentence before any capitalised word: "Königin
# Elizabeth II. Politiker rund um den Erdball ..." (a name's numeral is never followed by a
# noun of the same sentence; "Benedikt XVI. sagte" goes on in lower case).
_REGNAL_END_RE = re.compile(r"\b([A-ZÄÖÜ][\w’'-]+ (?:[IVXLC]{2,6}|[IVX])\.)\s+(?=[A-ZÄÖÜÉ])")
# Class: an initialism of dotted letter groups ("D.O.Ca.", "n.Chr.", "Ph.D.", "U.S."). The
# splitter cuts after one whose last group is not all capitals and keeps the others, whatever
# follows; here the next word decides for all of them, as for numerals: a sentence opener cuts
# ("... ist eine D.O.Ca. Die Region ...", "... has a Ph.D. She ..."), any other word joins
# ("... aus der D.O.Ca. Rioja ...", "... 79 n.Chr. Opfer ...").
_INITIALISM = r"(?:[^\W\d_]{1,3}\.){2,}"
_INITIALISM_END_RE = re.compile(rf"(?:^|[\s(]){_INITIALISM}$")
_INITIALISM_CUT_RE = _before_opener(rf"(?<=[\s(])({_INITIALISM})")
_FIRST_WORD_RE = re.compile(r"^\W*([\w'’]+)")
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
        for piece in _join_initialisms(_splitter(lang).split(block), lang):
            out.extend(_split_numeral_ends(piece.strip(), lang))
    return out


def _join_initialisms(pieces: list[str], lang: str) -> list[str]:
    """``pieces`` with a cut after a dotted initialism undone (see ``_INITIALISM_END_RE``)."""
    openers = _OPENER_SETS.get(lang)
    if openers is None or len(pieces) < 2:
        return pieces
    out = [pieces[0]]
    for piece in pieces[1:]:
        first = _FIRST_WORD_RE.match(piece)
        if (
            _INITIALISM_END_RE.search(out[-1].rstrip())
            and first is not None
            and first.group(1) not in openers
        ):
            out[-1] = f"{out[-1].rstrip()} {piece.lstrip()}"
        else:
            out.append(piece)
    return out


def _split_numeral_ends(sentence: str, lang: str) -> list[str]:
    """``sentence`` cut after a numeral or an initialism that ends a sentence (see
    ``_NUMERAL_END_RE``, ``_INITIALISM_CUT_RE``)."""
    rx = _NUMERAL_END_RE.get(lang)
    if rx is None or "." not in sentence[:-1]:
        return [sentence] if sentence else []
    cut = _REGNAL_END_RE.sub("\\1\n", rx.sub("\\1\n", sentence))
    cut = _INITIALISM_CUT_RE[lang].sub("\\1\n", cut)
    return [p for p in cut.split("\n") if p]


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
