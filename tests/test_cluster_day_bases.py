"""A term also counts its base among the day's terms (``cluster.day_bases``).

Class: forms of one word that the Snowball stemmer leaves apart (verb endings, a name's
genitive -s, derivational endings) and compounds whose modifier is too rare for the frequency
list; on the synthetic teaser days "Entwicklungsministerin" / "Entwicklungsministeriums" and
"Rohölpreise" / "Rohöl". A made-up day: a resignation told as "Tuvalus Premier" by one outlet
and "der Regierungschef von Tuvalu" by another.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import FILLER_TEASERS, pair_joined

import briefing.cluster as cl
from briefing.cluster import day_bases

DAY = dt.date(2025, 3, 4)
ROWS = [
    ("a", "Tuvalus Premier tritt zurück", "Nach Protesten in der Hauptstadt Funafuti gibt der "
     "Inselstaat eine neue Richtung vor.", "kurier.example"),
    ("b", "Rücktritt im Pazifik", "Der Regierungschef von Tuvalu kündigt nach Protesten seinen "
     "Abschied an.", "welle.example"),
    *FILLER_TEASERS,
]  # fmt: skip


def joined() -> bool:
    return pair_joined(ROWS, DAY)


def test_two_forms_of_a_name_are_shared_evidence() -> None:
    assert joined()


def test_without_the_base_the_forms_share_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cl, "BASE_WEIGHT", 0.0)
    assert not joined()


def test_which_terms_get_a_base() -> None:
    vocab = {
        t: i
        for i, t in enumerate(
            ["tuvalu", "tuvalus", "konig", "konigin", "kobalt", "kobaltpreis", "preis",
             "palast", "palastina", "steig", "steigt", "haus"]
        )
    }  # fmt: skip
    b = day_bases(vocab, {})
    found = {(t, u) for t, i in vocab.items() for u, j in vocab.items() if b[i, j]}
    assert found == {
        ("tuvalus", "tuvalu"),  # a name's genitive
        ("konigin", "konig"),  # a derivational ending
        ("kobaltpreis", "kobalt"),  # the rest is a term of the day: a compound
        ("steigt", "steig"),  # a verb ending
    }  # "palastina" -> "palast": the rest "ina" is neither; "haus": shorter than a base


def test_a_known_compound_part_is_no_new_base() -> None:
    f = cl._Featurizer("de")
    out: dict[str, float] = {}
    f.add_text("Der Sturmschaden nach dem Sturm.", 1.0, out)
    vocab = {t: i for i, t in enumerate(sorted(out))}
    assert {"sturm", "sturmschad", "schad"} <= set(vocab)  # the modifier: already a part
    assert day_bases(vocab, {"de": f}).nnz == 0
    assert day_bases(vocab, {}).nnz == 1  # unknown as a part, it would be a base
