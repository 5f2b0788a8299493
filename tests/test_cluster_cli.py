"""``briefing cluster FILE.jsonl``: the evaluation hook."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import ExitCode

DATA = Path(__file__).parent / "data" / "cluster"


def seed_lines() -> list[dict]:
    out = []
    for line in (DATA / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        text = "\n\n".join(p["text"] for p in r["paragraphs"])
        out.append({"id": r["file"][:3], "text": text, "date": r["date"], "title": r["title"]})
    return out


def write(path: Path, records: list[dict], extra: str = "") -> Path:
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + extra
    path.write_text(body, encoding="utf-8")
    return path


def labels(output: str) -> dict[str, int]:
    return {r["id"]: r["cluster"] for r in map(json.loads, output.splitlines())}


def test_cluster_prints_one_label_per_line_in_input_order(tmp_path: Path) -> None:
    records = seed_lines()
    f = write(tmp_path / "seeds.jsonl", records)
    result = CliRunner().invoke(app, ["cluster", str(f)])
    assert result.exit_code == ExitCode.OK, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == [r["id"] for r in records]
    assert all(set(x) == {"id", "cluster"} and isinstance(x["cluster"], int) for x in lines)
    got = labels(result.stdout)
    assert got["000"] == got["001"]
    # different days never share a label, even when the stories continue each other
    assert len({got["000"], got["002"], got["003"], got["004"]}) == 4


def test_threshold_option_and_same_day(tmp_path: Path) -> None:
    records = [dict(r, date="2025-11-27") for r in seed_lines()]
    f = write(tmp_path / "day.jsonl", records)
    strict = labels(CliRunner().invoke(app, ["cluster", str(f), "--threshold", "0.99"]).stdout)
    assert len(set(strict.values())) == len(records)
    loose = labels(CliRunner().invoke(app, ["cluster", str(f), "--threshold", "0.05"]).stdout)
    assert len(set(loose.values())) < len(records)
    again = labels(CliRunner().invoke(app, ["cluster", str(f), "--threshold", "0.05"]).stdout)
    assert again == loose


def test_undated_and_numeric_ids(tmp_path: Path) -> None:
    records = [{"id": k, "text": r["text"]} for k, r in enumerate(seed_lines())]
    f = write(tmp_path / "undated.jsonl", records)
    result = CliRunner().invoke(app, ["cluster", str(f)])
    assert result.exit_code == ExitCode.OK, result.output
    ids = [json.loads(x)["id"] for x in result.stdout.splitlines()]
    assert ids == [0, 1, 2, 3, 4]


def test_bad_lines_are_named_and_the_rest_is_clustered(tmp_path: Path) -> None:
    records = seed_lines()[:2]
    f = write(tmp_path / "mixed.jsonl", records, extra='not json\n{"id": "x"}\n')
    result = CliRunner().invoke(app, ["cluster", str(f)])
    assert result.exit_code == ExitCode.PARTIAL
    assert "mixed.jsonl:3" in result.stderr and "not valid JSON" in result.stderr
    assert "mixed.jsonl:4" in result.stderr
    assert list(labels(result.stdout)) == ["000", "001"]


def test_missing_or_empty_file_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["cluster", str(tmp_path / "nowhere.jsonl")])
    assert result.exit_code == ExitCode.NO_INPUT
    assert "nowhere.jsonl" in result.stderr and "no such file" in result.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["cluster", str(empty)])
    assert result.exit_code == ExitCode.NO_INPUT and "empty.jsonl" in result.stderr
