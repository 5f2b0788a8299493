"""Background word frequencies: a language's own list, a variant's parent, never a neighbour's."""

from __future__ import annotations

import logging

import pytest

from briefing.cluster import _frequencies, zipf


def test_a_language_wordfreq_has_gets_its_own_list() -> None:
    assert zipf("und", "de") > 6 and zipf("the", "en") > 6


@pytest.mark.parametrize("code", ["no", "de-AT"])
def test_a_regional_or_macro_language_code_takes_its_languages_list(code: str) -> None:
    assert len(_frequencies(code)) > 1000


@pytest.mark.parametrize(("code", "neighbours_word"), [("la", "della"), ("af", "het")])
def test_a_language_without_a_list_gets_none_and_no_stray_message(
    code: str,
    neighbours_word: str,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _frequencies.cache_clear()
    with caplog.at_level(logging.DEBUG):
        assert _frequencies(code) == {}
        assert zipf(neighbours_word, code) == 0.0
    assert not [r for r in caplog.records if r.name.startswith("wordfreq")]
    assert "nearest match" not in capsys.readouterr().err
