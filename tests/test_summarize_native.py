"""sumy's Luhn, Edmundson, KL-Sum, SumBasic, Reduction and Random, computed without sumy, rank
sentences exactly as sumy's own classes do (run with the same words and stemmer)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from test_summarize_vector import _stories

from briefing.summarize import _sumy, summarize_story
from briefing.summarize._candidates import Candidate, candidates
from briefing.summarize._native import NATIVE_ALGORITHMS, rate_native
from briefing.summarize._select import drop_repeats
from briefing.text import stop_words, words


def _usable(story: list) -> list[Candidate]:
    """The candidates every algorithm ranks: near-copies dropped, as ``summarize_story`` does
    (sumy keys its ratings by sentence text, so verbatim repeats would share one rating)."""
    return drop_repeats(candidates(story, None, depth=None))


def _ranked(story: list, algorithm: str, loops: bool) -> list[str]:
    usable = _usable(story)
    _sumy.SUMY_LOOPS = loops
    try:
        return [c.text for c in _sumy.rank_sumy(usable, algorithm, "de")]
    finally:
        _sumy.SUMY_LOOPS = False


@pytest.mark.parametrize("algorithm", NATIVE_ALGORITHMS)
def test_rankings_equal_sumys(algorithm: str) -> None:
    for story in _stories():
        assert _ranked(story, algorithm, loops=False) == _ranked(story, algorithm, loops=True)


def test_reduction_and_luhn_ratings_equal_sumys() -> None:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    from briefing.text import SumyTokenizer

    tokenizer = SumyTokenizer("de")
    for story in _stories()[-3:]:
        usable = _usable(story)
        sents = [Sentence(c.text, tokenizer) for c in usable]
        doc = ObjectDocumentModel((Paragraph(sents),))
        ours_doc = ([s.words for s in sents], [0] * len(sents))
        stops, stem = stop_words("de"), _sumy._stemmer("de")
        red = _sumy._summarizer("reduction", "de")
        theirs = red.rate_sentences(doc)
        ours = rate_native("reduction", ours_doc, stops, stem)
        np.testing.assert_allclose(ours, [theirs[s] for s in sents], rtol=1e-12)
        luhn = _sumy._summarizer("luhn", "de")
        significant = luhn._get_significant_words(doc.words)
        theirs = [luhn.rate_sentence(s, significant) for s in sents]
        assert rate_native("luhn", ours_doc, stops, stem).tolist() == theirs


def _cand(text: str, article: int, position: int) -> Candidate:
    return Candidate(
        text=text,
        article_index=article,
        article_id=f"a{article}",
        position=position,
        rank=position,
        stems=frozenset(),
        n_words=len(words(text)),
        fragment="",
        paragraph_start=True,
        language="de",
    )


def test_made_up_story_ranks_as_sumy_for_every_algorithm() -> None:
    """A second, made-up story of three reports, with repeated words, a capitalised stop word
    and a one-word-overlap sentence: the classes of input where the quirks of sumy's code lie."""
    texts = [
        ["Die Fähre nach Helgoland fällt am Montag wegen Sturm aus.", "Der Sturm legt den Hafen lahm."],
        ["Wegen des Sturms fällt die Fähre aus, der Hafen ist gesperrt.", "Reisende warten."],
        ["Die Reederei erstattet die Tickets der Fähre.", "Sturm Sturm Sturm über dem Meer.",
         "Am Dienstag soll die Fähre wieder fahren."],
    ]  # fmt: skip
    cands = [_cand(t, a, p) for a, group in enumerate(texts) for p, t in enumerate(group)]
    for algorithm in NATIVE_ALGORITHMS:
        _sumy.SUMY_LOOPS = True
        try:
            theirs = [c.text for c in _sumy.rank_sumy(cands, algorithm, "de")]
        finally:
            _sumy.SUMY_LOOPS = False
        ours = [c.text for c in _sumy.rank_sumy(cands, algorithm, "de")]
        assert ours == theirs, algorithm


def test_random_leaves_the_callers_random_state_alone() -> None:
    random.seed(5)
    want = random.random()
    random.seed(5)
    rate_native(
        "random", ([words("Eins zwei drei."), words("Vier fünf.")], [0, 0]), frozenset(), str
    )
    assert random.random() == want


def test_kl_cap_ranks_the_leading_sentences_first() -> None:
    """A story longer than the KL cap: each report's leading sentences are ranked, the rest
    follow in document order."""
    cap = _sumy.SUMY_MAX_SENTENCES_KL
    cands = [
        _cand(f"Satz {p} aus Bericht {a} über den Hafen.", a, p)
        for a in range(4)
        for p in range(cap)
    ]
    got = _sumy.rank_sumy(cands, "kl", "de")
    assert len(got) == len(cands)
    assert max(c.position for c in got[:cap]) < cap // 4 + 1
    assert got[cap:] == [c for c in cands if c.position >= cap // 4 + (c.article_index < cap % 4)]


def test_summaries_do_not_import_nltk() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from briefing.summarize import summarize_text;"
        "t = 'Der Hafen ist gesperrt. Die Fähre fällt aus. Reisende warten am Kai. ' * 3;"
        "[summarize_text(t, algorithm=a) for a in ('luhn', 'kl', 'lexrank', 'edmundson')];"
        "print('nltk' in sys.modules, 'sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_same_summaries_as_sumy_for_a_real_story() -> None:
    story = _stories()[-1]
    for algorithm in NATIVE_ALGORITHMS:
        _sumy.SUMY_LOOPS = True
        try:
            theirs = [s.text for s in summarize_story(story, algorithm=algorithm, sentences=4)]
        finally:
            _sumy.SUMY_LOOPS = False
        assert [s.text for s in summarize_story(story, algorithm=algorithm, sentences=4)] == theirs
