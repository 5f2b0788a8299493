"""The day's word budget goes to stories by rank: the top stories full length, the tail one line."""

from __future__ import annotations

from briefing.models import Sentence
from briefing.summarize import apply_budget


def story(k: int, n: int = 5, words: int = 10) -> list[Sentence]:
    text = " ".join(["wort"] * (words - 1)) + "."
    return [Sentence(text, text, f"a{k}", i, "de", "de") for i in range(n)]


def test_top_stories_get_full_length_on_a_day_of_many_stories() -> None:
    day = [story(k) for k in range(300)]  # 300 one-liners alone would be 3,000 words
    out = apply_budget(day, 150, top=3)
    assert [len(s) for s in out[:3]] == [5, 5, 5]
    assert all(len(s) == 1 for s in out[3:])
    # without ``top`` the tail's lines take the whole budget: every story one sentence
    assert all(len(s) == 1 for s in apply_budget(day, 150))


def test_budget_still_bounds_the_top_stories() -> None:
    out = apply_budget([story(k) for k in range(5)], 60, top=3)
    # the top three first lines take 30 words; story 1 grows to 60, then the budget is spent
    assert [len(s) for s in out] == [4, 1, 1, 1, 1]
    assert apply_budget([story(0)], None, top=1) == [story(0)]
