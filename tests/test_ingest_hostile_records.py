"""Hostile records in JSON/JSON Lines: a bad value costs only that value (a warning naming the
file, the record and the reason), a record without usable text only that record, never the
rest of the file (issue #18, cases 3, 4, 5, 14 and 13b). Every input is built here."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import BODY, OTHER, cli_runner

from briefing.cli import app
from briefing.config import Settings
from briefing.errors import ExitCode
from briefing.ingest import read_file, read_inputs
from briefing.ingest.sanitize import MAX_ARTICLE_CHARS, MAX_TITLE_CHARS, cap_title, clean_text


def _good(title: str = "Guter Bericht", date: str = "2025-11-27") -> str:
    return json.dumps({"title": title, "date": date, "text": BODY})


def _jsonl(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _by_title(articles: list) -> dict:  # type: ignore[type-arg]
    return {a.title: a for a in articles}


# --- case 3: an impossible offset, NaN, a lone surrogate --------------------------------------


def test_impossible_offset_nan_and_surrogate_cost_only_their_value(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _jsonl(
        tmp_path,
        "mixed.jsonl",
        [
            _good("Erster"),
            f'{{"title": "Versatz", "date": "2025-11-27T10:00:00+99:00", "text": "{BODY}"}}',
            f'{{"title": "Keine Zahl", "date": NaN, "text": "{BODY}"}}',
            f'{{"title": "Halb \\ud800 Zeichen", "date": "2025-11-27", "text": "{BODY} \\udfff"}}',
            _good("Letzter"),
        ],
    )
    with caplog.at_level("WARNING", logger="briefing"):
        result = read_inputs([path], Settings())
    got = _by_title(result.articles)
    assert list(got) == ["Erster", "Versatz", "Keine Zahl", "Halb \ufffd Zeichen", "Letzter"]
    assert result.skipped == []
    # the two bad dates are ignored, with a warning on the article naming the value
    for title, shown in (("Versatz", "+99:00"), ("Keine Zahl", "nan")):
        a = got[title]
        assert a.date is None and a.date_method != "metadata"
        assert any("unreadable date" in w and shown in w for w in a.warnings), a.warnings
    # ... and in the log, with the file and the record number
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith(f"{path}#2: unreadable date") and "+99:00" in m for m in logged)
    assert any(m.startswith(f"{path}#3: unreadable date nan") for m in logged)
    # the surrogates became U+FFFD; the date of that record is kept
    surrogate = got["Halb \ufffd Zeichen"]
    assert surrogate.text.endswith("\ufffd") and str(surrogate.date) == "2025-11-27"
    surrogate.text.encode("utf-8")  # no UnicodeEncodeError anywhere later


def test_offset_beyond_any_zone_is_not_a_date_but_real_offsets_are() -> None:
    from briefing.ingest.dates import parse_date_string

    assert parse_date_string("2025-11-27T10:00:00+99:00") is None
    assert parse_date_string("2025-11-27T10:00:00-19:30") is None
    got = parse_date_string("2025-11-27T10:00:00+14:00")  # Kiritimati: the furthest real zone
    assert (
        got is not None and got[1] is not None and got[1].utcoffset().total_seconds() == 14 * 3600
    )


def test_json_file_with_bad_values_keeps_every_record(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        "[" + ",".join([
            _good("A"),
            f'{{"title": "B", "date": "2025-11-27T09:00+25:00", "text": "{BODY}"}}',
            f'{{"title": "C", "date": -Infinity, "text": "{OTHER}"}}',
        ]) + "]",
        encoding="utf-8",
    )  # fmt: skip
    articles = read_file(path, Settings())
    assert [a.title for a in articles] == ["A", "B", "C"]
    assert [a.path for a in articles] == [f"{path}#1", f"{path}#2", f"{path}#3"]


# --- case 4: numeric dates out of range ------------------------------------------------------


@pytest.mark.parametrize("raw", ["1e400", "1e30", "Infinity", "-Infinity", "-1e30", "1" + "0" * 30])
def test_numeric_date_out_of_range_is_ignored_and_the_record_kept(tmp_path: Path, raw: str) -> None:
    path = _jsonl(
        tmp_path,
        "dates.jsonl",
        [f'{{"title": "Zahl", "date": {raw}, "text": "{BODY}"}}', _good("Gut")],
    )
    got = _by_title(read_file(path, Settings()))
    assert set(got) == {"Zahl", "Gut"}
    assert got["Zahl"].date is None
    assert any(w.startswith("unreadable date") for w in got["Zahl"].warnings)
    assert str(got["Gut"].date) == "2025-11-27"


def test_numeric_dates_in_range_still_work(tmp_path: Path) -> None:
    seconds = 1764235800  # 2025-11-27 09:30 UTC
    path = _jsonl(
        tmp_path,
        "ok.jsonl",
        [
            json.dumps({"title": "s", "date": seconds, "text": BODY}),
            json.dumps({"title": "ms", "date": seconds * 1000, "text": BODY}),
            json.dumps({"title": "float", "date": seconds + 0.5, "text": BODY}),
        ],
    )
    assert [str(a.date) for a in read_file(path, Settings())] == ["2025-11-27"] * 3


def test_a_bad_date_is_a_warning_a_broken_line_a_skip(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        "run.jsonl",
        [
            f'{{"title": "Unendlich", "date": 1e400, "text": "{BODY}"}}',
            '{"title": "kaputt", ',
            _good("Gut"),
        ],
    )
    first = cli_runner().invoke(app, ["ingest", str(path)])
    assert first.exit_code == ExitCode.PARTIAL, first.stderr
    assert f"briefing: skipped {path} line 2: not valid JSON" in first.stderr
    assert f"briefing: warning: {path}#1: unreadable date inf; ignored" in first.stderr
    titles = [json.loads(line)["title"] for line in first.stdout.splitlines()]
    assert titles == ["Unendlich", "Gut"]
    # the next run, over the file without the bad record, succeeds
    _jsonl(tmp_path, "run.jsonl", [f'{{"title": "Unendlich", "date": 1e400, "text": "{BODY}"}}'])
    again = cli_runner().invoke(app, ["ingest", str(path)])
    assert again.exit_code == ExitCode.OK, again.stderr


# --- every field: type and range at the boundary ---------------------------------------------


def test_fields_of_the_wrong_type_are_ignored_one_by_one(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        "types.jsonl",
        [
            json.dumps({
                "title": ["eine", "Liste"], "date": {"y": 2025}, "text": BODY, "url": 5,
                "source": {"name": "X"}, "language": 7,
            }),
            json.dumps({"title": "Nur HTML", "text": 17, "html": f"<html><body><p>{OTHER}</p></body></html>"}),
            json.dumps({"title": "Kein Text", "text": ["a"], "html": None}),
            json.dumps({"title": "Sprache", "text": BODY, "language": "../../etc", "url": "http://a b"}),
            json.dumps({"title": True, "text": BODY, "date": True, "link": "https://example.org/a"}),
        ],
    )  # fmt: skip
    skipped: list = []  # type: ignore[type-arg]
    articles = read_file(path, Settings(), skipped=skipped)
    first, html, lang, flags = articles
    assert first.title_derived and first.url is None and first.source is None
    assert first.language == "de" and first.date is None
    assert {w.split(" is ")[0] for w in first.warnings if " is " in w} >= {
        "'title'", "'url'", "'source'", "'language'"
    }  # fmt: skip
    assert html.title == "Nur HTML" and "Wohnungsbau" in html.text
    assert any(w.startswith("'text' is a number") for w in html.warnings)
    assert [(s.path, s.reason) for s in skipped] == [
        (
            f"{path} line 3",
            "no 'text' or 'html' field with content ('text' is a list, not a string; ignored)",
        )
    ]
    assert lang.language == "de" and lang.url is None
    assert any("not a language code" in w for w in lang.warnings)
    assert flags.url == "https://example.org/a" and flags.date is None


def test_deep_nesting_and_huge_integers_cost_one_line(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        "deep.jsonl",
        ["[" * 100_000 + "]" * 100_000, '{"text": 1' + "0" * 5000 + "}", _good("Gut")],
    )
    skipped: list = []  # type: ignore[type-arg]
    articles = read_file(path, Settings(), skipped=skipped)
    assert [a.title for a in articles] == ["Gut"]
    assert [s.path for s in skipped] == [f"{path} line 1", f"{path} line 2"]
    assert all(s.reason.startswith("not valid JSON") for s in skipped)


# --- case 5: lone surrogates reach no printer and no renderer --------------------------------


def test_surrogates_everywhere_print_as_replacement_characters(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        "sur.jsonl",
        [
            '{"title": "\\ud800 Titel \\udc00", "source": "Blatt \\udbff", "text": "'
            + BODY
            + ' \\ud83d", "url": "https://example.org/\\udfff"}',
        ],
    )
    for fmt in ("json", "text"):
        result = cli_runner().invoke(app, ["ingest", str(path), "--format", fmt])
        assert result.exit_code == ExitCode.OK, result.stderr
        assert "\ufffd Titel \ufffd" in result.stdout
        assert result.exception is None


# --- case 14: control characters ---------------------------------------------------------------


def test_control_characters_leave_article_text_but_newlines_and_tabs_stay(tmp_path: Path) -> None:
    text = f"Kopf\x1b]0;pwn\x07 Zeile\n\n{BODY}\x1b[2J\x00\x7f\x9b\tEnde.\r\n\r\n{OTHER}\ufffe"
    path = _jsonl(
        tmp_path,
        "ctrl.jsonl",
        [json.dumps({"title": "Titel\x1b[31m rot\x0b", "source": "Blatt\x08", "text": text})],
    )
    (a,) = read_file(path, Settings())
    for field in (a.text, a.title, a.source):
        assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in field)
        assert "\ufffe" not in field
    assert a.title == "Titel [31m rot" and a.source == "Blatt"
    assert "\t" in a.text and "\n\n" in a.text


def test_control_characters_of_a_text_file_and_feed_are_removed(tmp_path: Path) -> None:
    # a few control characters in a page of text (many would make it "undecodable")
    page = f"{BODY} {OTHER}\n\n{OTHER} {BODY}\x07\n"
    (tmp_path / "a.txt").write_text(f"Titel\x1b[2J\n\n{page}", encoding="utf-8")
    (tmp_path / "b.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Kanal</title><item>'
        f"<title>Feed&#x1b;[2J Titel</title><description>{OTHER} &#x1b;]0;x&#x7;</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    result = read_inputs([tmp_path], Settings())
    assert len(result.articles) == 2, result.skipped
    for a in result.articles:
        assert "\x1b" not in a.text + (a.title or "") and "\x07" not in a.text


def test_file_names_with_escapes_are_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(f"Titel\n\n{BODY}\n", encoding="utf-8")
    (folder / "evil\x1b]0;owned\x07\x1b[2J.txt").write_bytes(b"")
    raw = os.fsencode(folder) + b"/odd\xff\n.txt"
    with open(raw, "wb") as fh:  # noqa: PTH123 - a bytes name (not UTF-8) that Path cannot hold
        fh.write(f"Titel\n\n{OTHER}\n".encode())
    result = cli_runner().invoke(app, ["ingest", str(folder), "--format", "json"])
    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert (
        f"briefing: skipped {folder}/evil\\x1b]0;owned\\x07\\x1b[2J.txt: empty file"
        in result.stderr
    )
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    assert paths == [f"{folder}/good.txt", f"{folder}/odd\\xff\\x0a.txt"]


def test_terminal_helper_escapes_log_lines_too() -> None:
    import logging

    from briefing.cli._apps import _Formatter, shown

    assert shown("a\x1b[2Jb\u202e") == "a\\x1b[2Jb\\u202e"
    record = logging.LogRecord(
        "briefing", logging.WARNING, "", 0, "skipped %s: %s", ("x\ny\x1b", "r"), None
    )
    assert _Formatter().format(record) == "briefing: warning: skipped x\\x0ay\\x1b: r"


# --- case 13b: titles and text are capped ----------------------------------------------------


def test_cap_title_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    title = "Bundestag " * 100
    capped = cap_title(title.strip())
    assert len(capped) <= MAX_TITLE_CHARS and capped.endswith("Bundestag…")
    assert cap_title("x" * 1000) == "x" * (MAX_TITLE_CHARS - 1) + "…"
    assert cap_title("Kurzer Titel") == "Kurzer Titel"


def test_huge_title_and_text_are_capped_with_a_warning(tmp_path: Path) -> None:
    long_text = "\n\n".join([BODY] * (MAX_ARTICLE_CHARS // len(BODY) + 50))
    path = _jsonl(
        tmp_path,
        "big.jsonl",
        [
            json.dumps({"title": "Sehr langer Titel " * 100_000, "text": BODY}),
            json.dumps({"title": "Langer Text", "text": long_text}),
            json.dumps({"text": "Wort" * 300_000}),  # one paragraph, no space: cut inside it
        ],
    )
    big_title, big_text, blob = read_file(path, Settings())
    title = big_title.title
    assert len(title) <= MAX_TITLE_CHARS and title.endswith("…")
    assert ("Sehr langer Titel " * 100).startswith(title[:-1] + " ")  # cut between words
    assert big_text.title == "Langer Text"
    assert MAX_ARTICLE_CHARS - len(BODY) - 4 <= len(big_text.text) <= MAX_ARTICLE_CHARS
    assert big_text.text.endswith(BODY)  # whole paragraphs only
    assert any("cut to the first 200,000" in w for w in big_text.warnings)
    assert len(blob.text) == MAX_ARTICLE_CHARS
    assert len(blob.title or "") <= MAX_TITLE_CHARS


def test_a_text_file_of_megabytes_is_parsed_only_as_far_as_it_is_kept(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Titel\n\n" + "\n\n".join([BODY] * 30_000), encoding="utf-8")  # 4.5 MB
    (a,) = read_file(big, Settings())
    assert len(a.text) <= MAX_ARTICLE_CHARS and a.text.startswith(BODY)
    assert any("only its head read" in w for w in a.warnings)
    assert any("cut to the first 200,000" in w for w in a.warnings)


def test_clean_text_keeps_ordinary_text_as_it_is() -> None:
    text = f"{BODY}\n\n\tEingerückt – „Zitat“ ✓ 😀"
    assert clean_text(text) == text


def test_cluster_command_survives_surrogate_ids_and_huge_numbers(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        "ids.jsonl",
        [
            f'{{"id": "a\\ud800", "text": "{BODY}"}}',
            '{"id": "big", "text": 1' + "0" * 5000 + "}",
            json.dumps({"id": "b", "text": OTHER}),
        ],
    )
    run = cli_runner().invoke(app, ["cluster", str(path)])
    assert run.exit_code == ExitCode.PARTIAL, run.stderr
    assert f"{path}:2: not valid JSON (Exceeds the limit (4300 digits)" in run.stderr
    got = [json.loads(line) for line in run.stdout.splitlines()]
    assert [g["id"] for g in got] == ["a\ud800", "b"]  # the same id, given back escaped
