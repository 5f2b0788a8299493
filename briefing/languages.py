"""Language codes: the ISO 639-1 two-letter codes a briefing's languages are named by.

``check_language`` is used by the settings declaration (``target_language``,
``source_language``) and by the command-line options ``--to``/``--from``/``--language``,
so ``--to xx`` fails at once with a clear message instead of at the translation stage.
"""

from __future__ import annotations

__all__ = ["ISO_639_1", "check_language", "normalize_language"]

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
