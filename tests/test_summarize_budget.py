"""Length by sentences or words per story, and the briefing-wide word budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.ingest import read_file
from briefing.models import Article, Sentence
from briefing.summarize import apply_budget, summarize_story
from briefing.text import words

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return [read_file(p, Settings())[0] for p in sorted(FIXTURES.glob("*.txt"))]


def _n(sentences: list[Sentence]) -> int:
    return sum(len(words(s.text)) for s in sentences)


@pytest.mark.parametrize("n", [1, 2, 4])
def test_sentence_count(articles: list[Article], n: int) -> None:
    assert len(summarize_story(articles[:2], sentences=n)) == n


@pytest.mark.parametrize("budget", [40, 80, 150])
@pytest.mark.parametrize("algorithm", ["default", "lead", "lexrank"])
def test_word_budget_respected(articles: list[Article], budget: int, algorithm: str) -> None:
    got = summarize_story(articles[:2], algorithm=algorithm, words=budget)
    assert got
    assert _n(got) <= budget
    # The budget is used, not ignored: a bigger budget never gives fewer words.
    bigger = summarize_story(articles[:2], algorithm=algorithm, words=budget * 2)
    assert _n(bigger) >= _n(got)


def test_tiny_word_budget_still_gives_one_sentence(articles: list[Article]) -> None:
    got = summarize_story(articles[:1], words=3)
    assert len(got) == 1


def _summaries(articles: list[Article]) -> list[list[Sentence]]:
    return [summarize_story([a], sentences=6) for a in articles]


def test_apply_budget_total_and_minimum(articles: list[Article]) -> None:
    summaries = _summaries(articles) * 12  # a 60-story day
    budget = 1500
    got = apply_budget(summaries, budget, min_sentences=1)
    assert len(got) == len(summaries)
    assert all(len(s) >= 1 for s in got)
    assert sum(_n(s) for s in got) <= budget
    for before, after in zip(summaries, got, strict=True):
        assert after == before[: len(after)]  # a prefix: the reading order is kept


def test_apply_budget_earlier_stories_keep_more(articles: list[Article]) -> None:
    summaries = _summaries(articles)
    total = sum(_n(s) for s in summaries)
    got = apply_budget(summaries, total // 2, min_sentences=1)
    kept = [len(s) / len(full) for s, full in zip(got, summaries, strict=True)]
    assert kept[0] == 1.0
    assert kept == sorted(kept, reverse=True)
    assert sum(_n(s) for s in got) <= total // 2


def test_apply_budget_none_and_generous_budget_change_nothing(articles: list[Article]) -> None:
    summaries = _summaries(articles)
    assert apply_budget(summaries, None) == summaries
    assert apply_budget(summaries, 10**6) == summaries
