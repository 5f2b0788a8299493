"""German date parsing, dates found in text, and the choice of a publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.ingest.dates import find_dates, find_weekdays, parse_date_string
from briefing.ingest.textfile import choose_date


@pytest.mark.parametrize(
    ("text", "day", "hm"),
    [
        ("27. November 2025, 19:30 Uhr", dt.date(2025, 11, 27), (19, 30)),
        ("27. November 2025, 19:30 Uhr · Quelle: dpa", dt.date(2025, 11, 27), (19, 30)),
        ("27.11.2025", dt.date(2025, 11, 27), None),
        ("27.11.2025 · 19:30 Uhr", dt.date(2025, 11, 27), (19, 30)),
        ("Mittwoch, 5. November 2025", dt.date(2025, 11, 5), None),
        ("Mittwoch5. November 2025", dt.date(2025, 11, 5), None),
        ("6. September 2025 - 13.19", dt.date(2025, 9, 6), (13, 19)),
        ("5. September 2025 - 20.58", dt.date(2025, 9, 5), (20, 58)),
        ("3. März 2024", dt.date(2024, 3, 3), None),
        ("1. Jänner 2024", dt.date(2024, 1, 1), None),
        ("12. Dez. 2023 um 8:05 Uhr", dt.date(2023, 12, 12), (8, 5)),
        ("2025-11-27", dt.date(2025, 11, 27), None),
        ("2025-11-27T19:30:00", dt.date(2025, 11, 27), (19, 30)),
        ("Thu, 27 Nov 2025 18:30:00 GMT", dt.date(2025, 11, 27), (18, 30)),
    ],
)
def test_parse_forms(text: str, day: dt.date, hm: tuple[int, int] | None) -> None:
    got = parse_date_string(text)
    assert got is not None, text
    assert got[0] == day
    if hm is None:
        assert got[1] is None
    else:
        assert got[1] is not None and got[1].tzinfo is not None
        assert (got[1].hour, got[1].minute) == hm


def test_naive_time_is_read_in_the_given_zone() -> None:
    got = parse_date_string("27. November 2025, 19:30 Uhr", "Europe/Berlin")
    assert got is not None and got[1] is not None
    assert got[1].astimezone(dt.UTC).hour == 18
    got = parse_date_string("27. November 2025, 19:30 Uhr", "UTC")
    assert got is not None and got[1] is not None
    assert got[1].astimezone(dt.UTC).hour == 19


def test_iso_offset_is_kept() -> None:
    got = parse_date_string("2025-07-01T08:15:00+02:00", "UTC")
    assert got is not None and got[1] is not None
    assert got[1].utcoffset() == dt.timedelta(hours=2)
    assert parse_date_string("2025-07-01T06:15:00Z")[1].utcoffset() == dt.timedelta(0)  # type: ignore[index]


@pytest.mark.parametrize("text", ["", "kein Datum hier", "31.02.2025", "32. Mai 2025", "Mai 2025"])
def test_no_date(text: str) -> None:
    assert parse_date_string(text) is None


def test_find_dates_in_order_with_offsets() -> None:
    text = "Am 5. September 2025 sprach er; am 2025-09-06 und am 07.09.2025 folgten Antworten."
    found = find_dates(text)
    assert [d for d, _ in found] == [
        dt.date(2025, 9, 5),
        dt.date(2025, 9, 6),
        dt.date(2025, 9, 7),
    ]
    for day, offset in found:
        assert text[offset].isdigit()
        assert parse_date_string(text[offset:])[0] == day  # type: ignore[index]


def test_weekdays_named_in_text() -> None:
    assert find_weekdays("sagte er am Freitag in Wladiwostok; am Dienstagabend in Moskau") == {4, 1}
    assert find_weekdays("Ohne Wochentag.") == set()


def test_choose_date_prefers_the_most_confident_candidate() -> None:
    got = choose_date(
        [(dt.date(2025, 1, 2), None, 0.3, "text"), (dt.date(2025, 1, 3), None, 0.9, "dateline")],
        [],
        "",
        today=dt.date(2025, 6, 1),
    )
    assert (got.date, got.method, got.confidence) == (dt.date(2025, 1, 3), "dateline", 0.9)
    assert got.warnings == ()


def test_choose_date_against_comments_uses_named_weekday() -> None:
    # page saved on Wednesday 2025-11-05; comments from Sunday 2025-09-07 on; the text names a
    # Thursday: the latest Thursday not after the first comment is 2025-09-04.
    got = choose_date(
        [(dt.date(2025, 11, 5), None, 0.85, "dateline")],
        [dt.date(2025, 9, 8), dt.date(2025, 9, 7)],
        "Er sprach am Donnerstag vor der Presse.",
        today=dt.date(2025, 12, 1),
    )
    assert got.date == dt.date(2025, 9, 4)
    assert got.confidence < 0.85
    assert got.warnings and "2025-11-05" in got.warnings[0]


def test_choose_date_against_comments_without_weekday_is_guessed() -> None:
    got = choose_date(
        [(dt.date(2025, 11, 5), None, 0.85, "dateline")],
        [dt.date(2025, 9, 7)],
        "Kein Wochentag.",
        today=dt.date(2025, 12, 1),
    )
    assert got.date == dt.date(2025, 9, 7)
    assert got.confidence < 0.5  # guessed


def test_choose_date_flags_a_future_date() -> None:
    got = choose_date(
        [(dt.date(2031, 1, 1), None, 0.9, "dateline")], [], "", today=dt.date(2025, 1, 1)
    )
    assert got.confidence < 0.5
    assert got.warnings


def test_no_candidates_means_no_date() -> None:
    got = choose_date([], [], "")
    assert got.date is None and got.confidence == 0.0 and got.method == "none"


def test_many_dates_in_one_text_are_all_found() -> None:
    # 20,000 dates in one line: the overlap check must not be quadratic
    text = "Am 5. Mai 2025 und am 2025-05-06 sowie am 07.05.2025. " * 7000
    found = find_dates(text)
    assert len(found) == 21000
    assert [d.day for d, _ in found[:3]] == [5, 6, 7]
