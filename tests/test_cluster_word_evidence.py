"""One shared compound is one piece of evidence, not one per term it gives.

Class: a compound adds its parts as terms ("Lockdown" -> lockdown, lock, down; "Bundeswehr" ->
bundeswehr, wehr, bund), so two teasers that share that one word passed the short-text guard
"two shared terms" and the centroid guard "no term above 3/4 of the similarity". On the
synthetic teaser days England's Plan B and Austria's end of lockdown joined through
"Lockdown", a Bundeswehr procurement law and the Afghanistan inquiry through "Bundeswehr".
A made-up day: a horse rescued by the fire brigade and a barn fire share only "Feuerwehr".
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import FILLER_TEASERS, pair_joined

import briefing.cluster as cl

DAY = dt.date(2025, 3, 4)
ROWS = [
    ("a", "Feuerwehr rettet Pferd aus Graben", "In Lüneburg zogen Helfer am Morgen ein "
     "verletztes Pferd aus einem tiefen Graben am Stadtrand.", "kurier.example"),
    ("b", "Scheune brennt nieder", "Bei Celle brannte in der Nacht eine Scheune mit Heuballen "
     "ab, die Feuerwehr kämpfte stundenlang gegen die Flammen.", "welle.example"),
    *FILLER_TEASERS,
]  # fmt: skip


def joined() -> bool:
    return pair_joined(ROWS, DAY)


def test_one_shared_compound_does_not_join_two_events() -> None:
    assert not joined()


def test_counted_per_term_the_compound_joined_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cl, "WORD_EVIDENCE", False)
    assert joined()


def test_word_parts_and_the_share_of_one_word() -> None:
    from scipy.sparse import csr_matrix

    f = cl._Featurizer("de")
    out: dict[str, float] = {}
    f.add_text("Die Feuerwehr kommt.", 1.0, out)  # feuerwehr, its head wehr, modifier feu(er)
    vocab = {t: i for i, t in enumerate(sorted(out))}
    parts = cl.word_parts(vocab, {"de": f})
    whole, head = vocab["feuerwehr"], vocab["wehr"]
    assert sorted(parts[whole].indices.tolist()) == sorted([head, vocab["feu"]])
    assert parts[head].nnz == 0 and parts[vocab["kommt"]].nnz == 0
    # a row sharing the word and its head: per term half each, per word all of it
    row = csr_matrix(([1.0, 1.0], ([0, 0], [whole, head])), shape=(1, len(vocab)))
    assert cl._top_term_share(row, row) == pytest.approx(0.5)
    assert cl._top_term_share(row, row, parts) == pytest.approx(1.0)
