"""The vectorized LexRank, TextRank and LSA rate sentences exactly as sumy's own code does."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from briefing.config import Settings
from briefing.ingest import read_file
from briefing.summarize import _sumy, summarize_story, text_to_article
from briefing.summarize._candidates import candidates
from briefing.summarize._vector import rate_sentences
from briefing.text import SumyTokenizer

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "evaldata" / "summaries" / "10kgnad-lead-dev.jsonl"


def _stories() -> list[list]:
    """Real German articles: each seed alone, the seeds as one story, and (when the shared data
    is there) groups of dev bodies of several sizes."""
    seeds = [read_file(p, Settings())[0] for p in sorted((ROOT / "fixtures").glob("*.txt"))]
    stories = [[a] for a in seeds] + [seeds]
    if DEV.is_file():
        bodies = [json.loads(ln)["text"] for ln in DEV.read_text("utf-8").splitlines()[:24]]
        arts = [text_to_article(t, article_id=f"dev-{i}") for i, t in enumerate(bodies)]
        stories += [arts[i : i + k] for i, k in ((0, 1), (1, 3), (4, 8), (12, 12))]
    return stories


def _sumy_ratings(algorithm: str, summarizer, document) -> np.ndarray:
    """The ratings sumy's own (looping) code computes for ``document``."""
    if algorithm == "lexrank":
        words = [summarizer._to_words_set(s) for s in document.sentences]
        tf, idf = summarizer._compute_tf(words), summarizer._compute_idf(words)
        matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
        return np.asarray(summarizer.power_method(matrix, summarizer.epsilon))
    if algorithm == "textrank":
        r = summarizer.rate_sentences(document)
        return np.array([r[s] for s in document.sentences])
    d = summarizer._create_dictionary(document)
    m = summarizer._compute_term_frequency(summarizer._create_matrix(document, d))
    _u, sigma, v = np.linalg.svd(m, full_matrices=False)
    return np.array(summarizer._compute_ranks(sigma, v))


@pytest.mark.parametrize("algorithm", ["lexrank", "textrank", "lsa"])
def test_ratings_equal_sumys(algorithm: str) -> None:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = SumyTokenizer("de")
    for story in _stories():
        usable = [c for c in candidates(story, None, depth=None) if not c.fragment]
        by_article: dict[int, list] = {}
        for c in usable:
            by_article.setdefault(c.article_index, []).append(Sentence(c.text, tokenizer))
        doc = ObjectDocumentModel(tuple(Paragraph(v) for v in by_article.values()))
        summarizer = _sumy._summarizer(algorithm, "de")
        sentences = [s.words for s in doc.sentences]
        ours = rate_sentences(algorithm, _sumy._vector_words(sentences, algorithm, "de"))
        theirs = _sumy_ratings(algorithm, summarizer, doc)
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_lexrank_of_sentences_without_edges_is_not_nan() -> None:
    """Sentences sharing no word (every word's IDF log(n / (1 + df)) is 0 for two sentences):
    no edge at all, so every sentence is equally central (sumy's power method gives NaN)."""
    for docs in ([["Hafen"], ["Streik"]], [["Bahn", "Tarif"], ["Wetter", "Regen"]], [[], []]):
        got = rate_sentences("lexrank", docs)
        assert np.isfinite(got).all()
        assert got.tolist() == [0.0] * len(docs)


@pytest.mark.parametrize("algorithm", ["lexrank", "textrank"])
def test_same_summaries_as_sumy(algorithm: str) -> None:
    """Where ratings are not tied by construction, the summaries are the very same."""
    try:
        for story in _stories()[:6]:
            _sumy.SUMY_LOOPS = True
            theirs = [s.text for s in summarize_story(story, algorithm=algorithm, sentences=4)]
            _sumy.SUMY_LOOPS = False
            ours = [s.text for s in summarize_story(story, algorithm=algorithm, sentences=4)]
            assert ours == theirs
    finally:
        _sumy.SUMY_LOOPS = False
