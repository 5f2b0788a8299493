"""Language codes: the ISO 639-1 two-letter codes a briefing's languages are named by.

``check_language`` is used by the settings declaration (``target_language``,
``source_language``) and by the command-line options ``--to``/``--from``/``--language``,
so ``--to xx`` fails at once with a clear message instead of at the translation stage.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["ISO_639_1", "check_language", "normalize_language", "settle_language"]

ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
    hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
    lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
    or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    """.split()
)
# Names people type instead of the code.
_NAMES = {
    "english": "en",
    "german": "de",
    "deutsch": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "dutch": "nl",
    "polish": "pl",
    "russian": "ru",
    "ukrainian": "uk",
    "turkish": "tr",
    "arabic": "ar",
    "chinese": "zh",
    "japanese": "ja",
    "portuguese": "pt",
}


# Class: a text in one language with passages of another (German page with Latin phrases or
# placeholder text, English quotes in a French text): the character model can rank the other
# language first by a small margin. The runner-up wins when the margin is small and the
# text's function words are the runner-up's: its own stop words (not shared with the first
# guess) cover clearly more of the text than the first guess's own.
MAX_MARGIN_PER_CHAR = 0.5  # log-probability gap per character that a second guess may close
MIN_OWN_SHARE = 0.08  # the runner-up's own stop words must cover this share of the tokens
OWN_SHARE_RATIO = 1.5  # ... and this many times the first guess's own share
RUNNERS_UP = 2  # how many of the next guesses are weighed


@lru_cache(maxsize=64)
def _own_stop_words(lang: str) -> frozenset[str]:
    """Stop words of ``lang`` (stopwordsiso and the summarizer's lists), lower case."""
    import stopwordsiso

    from .text import stop_words

    iso = stopwordsiso.stopwords(lang) if stopwordsiso.has_lang(lang) else set()
    return frozenset({w.lower() for w in iso} | stop_words(lang))


def settle_language(text: str, ranked: list[tuple[str, float]]) -> str:
    """The language of ``text`` from a detector's ``ranked`` guesses ``(code, log-prob)``,
    best first: the first guess, unless a close runner-up has the text's function words."""
    if not ranked:
        return "de"
    first, best = ranked[0]
    from .text import words

    toks = [w.lower() for w in words(text)]
    if len(toks) < 20:
        return first
    first_stops = _own_stop_words(first)
    for lang, score in ranked[1 : 1 + RUNNERS_UP]:
        if (best - score) / max(len(text), 1) > MAX_MARGIN_PER_CHAR:
            break
        stops = _own_stop_words(lang)
        own = sum(1 for t in toks if t in stops and t not in first_stops) / len(toks)
        first_own = sum(1 for t in toks if t in first_stops and t not in stops) / len(toks)
        if own >= MIN_OWN_SHARE and own >= OWN_SHARE_RATIO * first_own:
            return lang
    return first


def normalize_language(value: str) -> str:
    """``DE``, ``de-AT``, ``de_CH`` -> ``de`` (the region is not used)."""
    return value.strip().lower().replace("_", "-").split("-")[0]


def check_language(value: str | None) -> str | None:
    """None when ``value`` is a known ISO 639-1 code (a region is allowed), else the problem."""
    if value is None:
        return None
    code = normalize_language(str(value))
    if code in ISO_639_1:
        return None
    hint = f" (did you mean {_NAMES[code]}?)" if code in _NAMES else ""
    return f"{value!r} is not a language code: use ISO 639-1, e.g. en, de, fr{hint}"
