"""Scoring of `briefing eval ingest`: date accuracy, snippet precision/recall/F1, the command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode, InputError
from briefing.evaluation.ingest import (
    BASELINE,
    BRIEFING,
    GoldPage,
    PageResult,
    evaluate,
    format_table,
    load_gold,
    normalise,
    score_system,
)

EVALSET = Path(__file__).parent / "data" / "ingest" / "html" / "evalset"


def gold(file: str, dates=(), with_=(), without=()) -> GoldPage:
    return GoldPage(
        file=file, url=None, dates=tuple(dates), with_=tuple(with_), without=tuple(without)
    )


def test_normalise_collapses_whitespace() -> None:
    assert normalise("  a\n\tb   c ") == "a b c"


def test_score_counts_snippets_and_dates() -> None:
    pages = [
        gold("a", ["2025-01-02"], ["eins zwei", "drei"], ["Werbung"]),
        gold("b", ["2025-01-03", "2025-01-04"], ["vier"], ["Kommentare", "Newsletter"]),
        gold("c", [], ["fünf"], []),
    ]
    results = [
        PageResult("a", "eins\n  zwei und mehr Werbung", "2025-01-02", 0.1),  # tp, fn, fp
        PageResult("b", "vier Kommentare", "2025-01-04", 0.3),  # tp, fp, tn; second gold date
        PageResult("c", "nichts", "2025-01-01", 0.2),  # fn; undated page not in date accuracy
    ]
    s = score_system("x", pages, results)
    assert (s.tp, s.fn, s.fp, s.tn) == (2, 2, 2, 1)
    assert (s.dated_pages, s.dates_correct) == (2, 2)
    assert s.date_accuracy == 1.0
    assert s.precision == pytest.approx(2 / 4)
    assert s.recall == pytest.approx(2 / 4)
    assert s.f1 == pytest.approx(0.5)
    assert s.median_seconds == pytest.approx(0.2)


def test_missing_result_counts_as_wrong() -> None:
    s = score_system("x", [gold("a", ["2025-01-02"], ["eins"], ["zwei"])], [])
    assert (s.date_accuracy, s.tp, s.fn, s.fp, s.tn) == (0.0, 0, 1, 0, 1)
    assert s.precision == 0.0 and s.f1 == 0.0


def test_wrong_date_is_not_counted() -> None:
    s = score_system("x", [gold("a", ["2025-01-02"])], [PageResult("a", "", "2025-01-03", 0.0)])
    assert s.dates_correct == 0


def test_load_gold(tmp_path: Path) -> None:
    pages = load_gold(EVALSET)
    assert [p.file for p in pages] == [
        "pages/radweg.html",
        "pages/haushalt.html",
        "pages/undated.html",
    ]
    assert pages[0].dates == ("2025-11-04",) and pages[2].dates == ()
    assert len(load_gold(EVALSET, limit=2)) == 2
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "gold.jsonl").write_text(
        '{"file": "a.html", "with": ["x"]}\nnot json\n', encoding="utf-8"
    )
    assert [p.file for p in load_gold(broken)] == ["a.html"]
    with pytest.raises(InputError, match=r"gold\.jsonl"):
        load_gold(tmp_path)


def test_evaluate_scores_both_systems_on_the_same_pages() -> None:
    scores = evaluate(EVALSET)
    assert [s.system for s in scores] == [BRIEFING, BASELINE]
    ours = scores[0]
    assert ours.pages == 3 and ours.dated_pages == 2
    assert ours.date_accuracy == 1.0
    assert ours.fp == 0 and ours.recall == 1.0  # chrome removed, text kept
    table = format_table(scores)
    assert BRIEFING in table and BASELINE in table and "F1" in table


def test_process_pool_gives_the_same_scores() -> None:
    one = evaluate(EVALSET, systems=[BRIEFING])[0]
    two = evaluate(EVALSET, systems=[BRIEFING], workers=2)[0]
    assert (two.dates_correct, two.tp, two.fn, two.fp, two.tn) == (
        one.dates_correct,
        one.tp,
        one.fn,
        one.fp,
        one.tn,
    )


def test_unknown_system() -> None:
    with pytest.raises(InputError, match="unknown system"):
        evaluate(EVALSET, systems=["nope"])


def test_missing_page_is_skipped_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(EVALSET, folder)
    (folder / "pages" / "haushalt.html").unlink()
    (score,) = evaluate(folder, systems=[BRIEFING])
    assert score.pages == 3 and score.dates_correct == 1


def test_cli_table_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "ingest", str(EVALSET), "--json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["system"] for s in data["systems"]] == [BRIEFING, BASELINE]
    assert data["systems"][0]["pages"] == 2
    assert {"date_accuracy", "precision", "recall", "f1", "median_seconds"} <= set(
        data["systems"][0]
    )
    result = runner.invoke(app, ["eval", "ingest", str(EVALSET), "--no-baseline"])
    assert result.exit_code == 0
    assert BRIEFING in result.stdout and BASELINE not in result.stdout


def test_cli_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "ingest", str(tmp_path / "nope")])
    assert result.exit_code == ExitCode.NO_INPUT
    assert "nope" in result.output


def test_split_halves_are_deterministic_disjoint_and_complete() -> None:
    from briefing.evaluation.ingest import select_split, split_of

    names = [f"pages/p{i}.html" for i in range(200)]
    tune = select_split(names, str, "tune")
    check = select_split(names, str, "check")
    assert set(tune).isdisjoint(check) and sorted(tune + check) == sorted(names)
    assert 60 < len(tune) < 140  # a hash, not a cut at one end
    # the half depends on the file name only, not on the folder or the order
    assert all(split_of("other/dir/" + n.rsplit("/", 1)[1]) == split_of(n) for n in names)
    with pytest.raises(InputError):
        select_split(names, str, "train")


def test_calibration_bins_count_right_dates_by_confidence() -> None:
    from briefing.evaluation.ingest import calibration, format_calibration

    pages = [gold(n, ["2025-01-02"]) for n in "abcd"] + [gold("e")]
    results = [
        PageResult("a", "", "2025-01-02", 0.0, 0.95),
        PageResult("b", "", "2025-01-03", 0.0, 0.92),
        PageResult("c", "", "2025-01-02", 0.0, 0.45),
        PageResult("d", "", None, 0.0, None),  # no date: lowest bin, wrong
        PageResult("e", "", "2025-01-02", 0.0, 0.99),  # undated gold: not counted
    ]
    rows = calibration(pages, results)
    top = next(r for r in rows if r.low >= 0.9)
    low = next(r for r in rows if r.low == 0.0)
    assert (top.pages, top.correct) == (2, 1)
    assert (low.pages, low.correct) == (2, 1)
    assert sum(r.pages for r in rows) == 4
    last = format_calibration(rows).splitlines()[-1]
    assert last.startswith(">= 0.8") and last.split()[2:] == ["2", "1", "0.500"]


def test_command_scores_one_half_and_prints_calibration(tmp_path: Path) -> None:
    from briefing.evaluation.ingest import split_of

    result = CliRunner().invoke(
        app, ["eval", "ingest", str(EVALSET), "--no-baseline", "--split", "tune"]
    )
    assert result.exit_code == 0, result.output
    tune = [p for p in load_gold(EVALSET) if split_of(p.file) == "tune"]
    assert f"pages: tune ({len(tune)})" in result.output
    assert "date confidence calibration" in result.output and ">= 0.8" in result.output


def test_snippets_match_whatever_soft_hyphens_the_gold_carries() -> None:
    s = score_system(
        "x",
        [gold("a", with_=["Über\u00adle\u00adbens aller"])],
        [PageResult("a", "des Überlebens aller Menschen", None, 0.0)],
    )
    assert s.tp == 1


def test_pages_where_briefing_breaks_htmldate_are_listed_with_their_sources() -> None:
    from briefing.evaluation.ingest import format_breaks, htmldate_breaks

    pages = [gold(n, ["2025-01-02"]) for n in "abcd"] + [gold("e")]
    ours = [
        PageResult("a", "", "2025-01-03", 0.0, 0.9, "url+meta"),  # broken, other sources
        PageResult("b", "", "2025-01-05", 0.0, 0.4, "htmldate"),  # broken, htmldate alone
        PageResult("c", "", "2025-01-02", 0.0, 0.9, "meta"),  # both right: not listed
        PageResult("d", "", "2025-01-04", 0.0, 0.9, "meta"),  # both wrong: not listed
        PageResult("e", "", "2025-01-04", 0.0, 0.9, "meta"),  # undated gold: not listed
    ]
    base = [
        PageResult(n, "", "2025-01-07" if n == "d" else "2025-01-02", 0.0, None, "htmldate")
        for n in "abcde"
    ]
    breaks = htmldate_breaks(pages, ours, base)
    assert [(b.file, b.contradicted) for b in breaks] == [("a", True), ("b", False)]
    text = format_breaks(breaks)
    assert text.splitlines()[0].endswith(": 2")
    assert (
        "a: gold 2025-01-02, briefing 2025-01-03, htmldate 2025-01-02 (overruled by url+meta)"
        in text
    )
    assert "b: " in text and "no source contradicts htmldate" in text


def test_a_page_skipped_as_not_an_article_is_left_out_and_listed_with_its_misses() -> None:
    from briefing.evaluation.ingest import format_skipped, kept_pages

    pages = [
        gold("a", ["2025-01-02"], ["eins"], ["Werbung"]),
        gold("shop", ["2025-01-03"], ["Kleintierstall", "Freigehege"], ["Warenkorb"]),
    ]
    results = [
        PageResult("a", "eins", "2025-01-02", 0.1),
        PageResult("shop", "", None, 0.1, skipped="a shop page"),
    ]
    scored = kept_pages(pages, results)
    assert [p.file for p in scored] == ["a"]
    s = score_system("x", scored, results)
    assert (s.dated_pages, s.date_accuracy, s.fn, s.f1) == (1, 1.0, 0, 1.0)
    text = format_skipped(pages, results)
    # the skip is not silent: the page, its reason and the figures with the skip as a miss
    assert text.splitlines()[0].startswith("pages skipped as not an article: 1 (1 dated, 2 'with'")
    assert "date acc 0.500" in text and "F1 0.500" in text
    assert "shop: a shop page" in text


def test_evaluation_marks_a_page_briefing_skips_as_not_an_article(tmp_path: Path) -> None:
    from briefing.evaluation.ingest import evaluate_pages

    (tmp_path / "pages").mkdir()
    warning = (
        "Warning: mysql_connect(): Access denied for user 'web'@'localhost' in "
        "/var/www/html/includes/db.php on line 12"
    )
    (tmp_path / "pages" / "w.html").write_text(
        f"<html><body><p>{warning}</p></body></html>", encoding="utf-8"
    )
    line = {"file": "pages/w.html", "url": None, "dates": ["2025-01-02"], "with": ["x"]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    scores, gold_pages, results = evaluate_pages(tmp_path, systems=[BRIEFING])
    assert "server error" in results[BRIEFING][0].skipped
    assert scores[0].pages == 0 and len(gold_pages) == 1
