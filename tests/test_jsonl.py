"""JSON Lines reading shared by the .jsonl reader and `briefing cluster`."""

from __future__ import annotations

from briefing.jsonl import json_lines


def test_values_come_with_their_line_numbers_and_blank_lines_count() -> None:
    text = '{"id": 1}\n\n  \n[2, 3]\r\n"four"\n'
    assert list(json_lines(text)) == [(1, {"id": 1}, ""), (4, [2, 3], ""), (5, "four", "")]


def test_a_line_separator_inside_a_string_does_not_end_the_line() -> None:
    # made-up record: a pasted headline with U+2028 and U+0085 (NEL) in its text
    text = '{"text": "Erste Zeile\u2028zweite\x85dritte"}\n{"id": 2}\n'
    assert [(n, v) for n, v, _ in json_lines(text)] == [
        (1, {"text": "Erste Zeile\u2028zweite\x85dritte"}),
        (2, {"id": 2}),
    ]


def test_broken_lines_are_named_and_the_rest_is_read() -> None:
    text = "\n".join(["not json", '{"n": 1' + "0" * 5000 + "}", "[" * 100_000, '{"ok": true}'])
    got = list(json_lines(text))
    assert [(n, p.split(" (")[0]) for n, _v, p in got[:3]] == [
        (1, "not valid JSON"),
        (2, "not valid JSON"),
        (3, "not valid JSON"),
    ]
    assert "digits" in got[1][2]
    assert got[3] == (4, {"ok": True}, "")
