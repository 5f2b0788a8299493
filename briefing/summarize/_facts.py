"""Two sentences that state one fact in other words ("Nun ist Gail Halvorsen im Alter von 101
Jahren gestorben." / "Der 'Rosinenbomber'-Pilot Gail Halvorsen ist tot.").

A sentence's fact key: the names it is about (runs of two or more capitalised words inside the
sentence, keyed by their last word: "Gail Halvorsen", "Bundeskanzler Olaf Scholz"), its other
capitalised words, its numbers, its remaining content words, and the kind of event it reports
when it uses one of the common event words (died, resigned, elected, arrested, killed, won:
"gestorben" and "ist tot" are one fact). The shorter of two sentences repeats the longer when it
names no one and nothing else, no other number, and the rest is shared: most of its other
content words, or its event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..text import stems, stop_words, words

__all__ = ["FactKey", "distinct_facts", "fact_key", "same_fact"]

REST_SHARED = 0.5  # share of the shorter sentence's other content words found in the longer
# The events news states most often, by the words that report them (de, en, fr).
EVENTS: dict[str, frozenset[str]] = {
    name: frozenset(ws.split())
    for name, ws in {
        "death": "tot tote gestorben verstorben stirbt starb tod died dead dies death mort morte "
        "décédé décédée meurt décès",
        "resignation": "rücktritt zurückgetreten zurücktreten resigns resigned resignation "
        "démission démissionne",
        "election": "gewählt wählte elected élu élue",
        "arrest": "festgenommen verhaftet festnahme arrested arrest arrêté arrêtée interpellé",
        "killing": "getötet tötete killed tué tués tuée",
        "victory": "gewinnt gewonnen siegt sieg won wins victory gagne victoire",
    }.items()
}


# Auxiliary verbs carry tense, not content ("wurde ... eröffnet" / "eröffnete").
AUXILIARIES = frozenset(
    "wurde wurden wird werden worden ist sind war waren hat haben hatte hatten sei seien "
    "was were has have had been is are été est sont a ont".split()
)


@dataclass(frozen=True)
class FactKey:
    names: frozenset[str]
    capitalised: frozenset[str]
    numbers: frozenset[str]
    rest: frozenset[str]
    stems: frozenset[str]
    events: frozenset[str]
    n_words: int


@lru_cache(maxsize=4096)
def fact_key(text: str, lang: str = "de") -> FactKey:
    """The names, capitalised words, numbers and other content stems of one sentence."""
    toks = words(text, lang)
    stops = stop_words(lang)
    lowered = stems(toks, lang)
    names: set[str] = set()
    caps: set[str] = set()
    numbers: set[str] = set()
    rest: set[str] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= 2:
            names.add(lowered[run[-1]])
        elif run and run[0] > 0:  # a capital at the start is the sentence's, not a name's
            caps.add(lowered[run[0]])
        run.clear()

    for i, tok in enumerate(toks):
        if any(ch.isdigit() for ch in tok):
            close()
            numbers.add(tok)
            continue
        if tok[0].isupper() and (i > 0 or tok.lower() not in stops):
            run.append(i)
            continue
        close()
        if i > 0 and tok.lower() not in stops and tok.lower() not in AUXILIARIES:
            rest.add(lowered[i])
    close()
    low = {t.lower() for t in toks}
    events = frozenset(name for name, ws in EVENTS.items() if low & ws)
    # the parts of hyphenated compounds count as words of the sentence too ("Nordhausen-Nord"
    # names "Nord", "Spiel- und Freizeitanlage" the "Freizeitanlage")
    parts = [p for t in toks if "-" in t for p in t.split("-") if p and not p.isdigit()]
    return FactKey(
        frozenset(names),
        frozenset(caps),
        frozenset(numbers),
        frozenset(rest),
        frozenset(lowered) | frozenset(stems(parts, lang)),
        events,
        len(toks),
    )


def same_fact(a: str, b: str, lang: str = "de") -> bool:
    """Whether the shorter of ``a`` and ``b`` states nothing the longer does not: its names
    and capitalised words (at least one) all in the longer, no other number, and most of its
    other content words shared or the same event reported."""
    ka, kb = fact_key(a, lang), fact_key(b, lang)
    short, long = (ka, kb) if ka.n_words <= kb.n_words else (kb, ka)
    if not (short.names or short.capitalised) or not short.names <= long.names:
        return False
    if not short.numbers <= long.numbers or not short.capitalised <= long.stems:
        return False
    rest = short.rest - long.names
    if not rest or len(rest & long.stems) >= REST_SHARED * len(rest):
        return True
    return bool(short.events & long.events)


def distinct_facts(texts: Sequence[str], lang: str = "de") -> list[bool]:
    """For each of ``texts`` in order, whether it states a fact no earlier kept one states
    (a timeline whose days repeat one fact in other words shows it once, on its first day)."""
    kept: list[str] = []
    flags: list[bool] = []
    for text in texts:
        new = bool(text) and not any(text == k or same_fact(text, k, lang) for k in kept)
        if new:
            kept.append(text)
        flags.append(new)
    return flags
