"""Cheap honesty checks on one translated sentence -> flags shown beside it.

``number-lost``   a number or date in the source is missing from the output
``too-short``     the output is far shorter than the source (dropped words)
``too-long``      the output is far longer than the source (hallucinated text)
``repetition``    the output repeats a word or phrase (a decoding loop)
``untranslated``  the output equals or mostly copies the source
``tokenizer-markers``  the output still holds a tokenizer's marks (SentencePiece "▁", BPE "@@"):
                  the package was not detokenized as it should be
"""

from __future__ import annotations

import re

__all__ = ["FLAGS", "LONG_RATIO", "SHORT_RATIO", "check_translation"]

FLAGS = ("number-lost", "too-short", "too-long", "repetition", "untranslated", "tokenizer-markers")
MARKERS = ("▁", "@@")

SHORT_RATIO = 0.45  # output chars / source chars below this: too short
LONG_RATIO = 2.2  # above this: too long
MIN_LEN_FOR_RATIO = 20  # titles and keywords vary too much to judge by length
COPY_SHARE = 0.75  # share of output words copied from the source that counts as untranslated

_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


def _numbers(text: str) -> tuple[set[str], set[str]]:
    """(whole numbers without separators, single digit runs), leading zeros dropped."""
    whole: set[str] = set()
    runs: set[str] = set()
    for m in _NUMBER.finditer(text):
        parts = re.findall(r"\d+", m.group())
        whole.add("".join(parts).lstrip("0") or "0")
        runs.update(p.lstrip("0") or "0" for p in parts)
    return whole, runs


def _number_lost(source: str, output: str) -> bool:
    out_whole, out_runs = _numbers(output)
    for m in _NUMBER.finditer(source):
        raw = re.findall(r"\d+", m.group())
        whole = "".join(raw).lstrip("0") or "0"
        parts = [p.lstrip("0") or "0" for p in raw]
        # "1.000" may become "1,000" or "1000"; "2,5" becomes "2.5"; "27." stays "27"
        if whole not in out_whole and not all(p in out_runs for p in parts):
            return True
    return False


def _repeats(words: list[str]) -> bool:
    n_words = len(words)
    for i in range(n_words):
        if i + 2 < n_words and words[i] == words[i + 1] == words[i + 2]:
            return True
        for n in range(2, 7):
            if i + 2 * n > n_words:
                break
            if words[i : i + n] == words[i + n : i + 2 * n]:
                return True
    counts: dict[tuple[str, ...], int] = {}
    for i in range(n_words - 2):
        key = tuple(words[i : i + 3])
        counts[key] = counts.get(key, 0) + 1
        if counts[key] >= 3:
            return True
    return False


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def check_translation(source: str, output: str) -> tuple[str, ...]:
    """The flags for one (source, translation) pair, in the order of ``FLAGS``."""
    flags: list[str] = []
    if _number_lost(source, output):
        flags.append("number-lost")
    src_len, out_len = len(source.strip()), len(output.strip())
    if src_len >= MIN_LEN_FOR_RATIO:
        ratio = out_len / src_len
        if ratio < SHORT_RATIO:
            flags.append("too-short")
        elif ratio > LONG_RATIO:
            flags.append("too-long")
    out_words = [w.lower() for w in _WORD.findall(output)]
    if _repeats(out_words):
        flags.append("repetition")
    if out_len and _normal(source) == _normal(output):
        flags.append("untranslated")
    else:
        src_words = {w.lower() for w in _WORD.findall(source)}
        content = [w for w in out_words if len(w) >= 3]
        if len(content) >= 4 and sum(w in src_words for w in content) / len(content) >= COPY_SHARE:
            flags.append("untranslated")
    if any(m in output and m not in source for m in MARKERS):
        flags.append("tokenizer-markers")
    return tuple(flags)
