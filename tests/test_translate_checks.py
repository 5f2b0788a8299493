"""Honesty checks on single translated sentences."""

from __future__ import annotations

import pytest

from briefing.translate.checks import check_translation

SRC = "Die Preise stiegen im November um 2,5 Prozent, teilte das Statistikamt am Montag mit."
GOOD = "Prices rose by 2.5 percent in November, the statistics office said on Monday."


def test_a_faithful_translation_has_no_flags() -> None:
    assert check_translation(SRC, GOOD) == ()


@pytest.mark.parametrize(
    "source, output",
    [
        (
            "Am 27. November 2025 trafen sich 12 Minister.",
            "On November 27, 2025, 12 ministers met.",
        ),
        ("Es kostete 1.000 Euro.", "It cost 1,000 euros."),
        ("Es kostete 1.000 Euro.", "It cost 1000 euros."),
        ("Um 19:30 Uhr begann die Sitzung in Saal 05.", "The meeting began at 19:30 in hall 5."),
    ],
)
def test_numbers_in_another_notation_are_kept(source: str, output: str) -> None:
    assert "number-lost" not in check_translation(source, output)


@pytest.mark.parametrize(
    "output",
    [
        "Prices rose by 2 percent in November, the statistics office said on Monday.",
        "Prices rose in November, the statistics office said on Monday, quite a lot.",
    ],
)
def test_lost_numbers_are_flagged(output: str) -> None:
    assert "number-lost" in check_translation(SRC, output)


def test_lost_year_is_flagged() -> None:
    src = "Am 27. November 2025 trafen sich die Minister in Berlin."
    assert "number-lost" in check_translation(src, "On November 27 the ministers met in Berlin.")


def test_length_band() -> None:
    assert "too-short" in check_translation(SRC, "Prices rose 2.5.")
    long = GOOD + " " + " ".join(f"Also word{i} happened there today." for i in range(8))
    assert "too-long" in check_translation(SRC, long)
    assert not {"too-short", "too-long"} & set(check_translation(SRC, GOOD))


def test_short_sources_are_not_judged_by_length() -> None:
    assert check_translation("Krieg in der Ukraine", "War in Ukraine") == ()
    assert check_translation("Gipfel", "Summit meeting of the heads of state") == ()


@pytest.mark.parametrize(
    "output",
    [
        "Prices rose rose rose by 2.5 percent in November, the office said Monday.",
        "Prices rose by 2.5 percent in November, in November, the office said on Monday.",
        "the office said 2.5 the office said that the office said it on Monday.",
    ],
)
def test_repetition_is_flagged(output: str) -> None:
    assert "repetition" in check_translation(SRC, output)


def test_untranslated_output_is_flagged() -> None:
    assert "untranslated" in check_translation(SRC, SRC)
    assert "untranslated" in check_translation(SRC, "  " + SRC.upper() + " ")
    mostly = "Die Preise stiegen im November um 2,5 Prozent, said the Statistikamt am Montag."
    assert "untranslated" in check_translation(SRC, mostly)


def test_shared_names_do_not_count_as_untranslated() -> None:
    src = "Wolodymyr Selenskyj traf Emmanuel Macron und Friedrich Merz in Berlin."
    out = "Volodymyr Zelensky met Emmanuel Macron and Friedrich Merz in Berlin."
    assert check_translation(src, out) == ()


def test_flags_combine_in_a_fixed_order() -> None:
    flags = check_translation(SRC, "office office office")
    assert flags == ("number-lost", "too-short", "repetition")
