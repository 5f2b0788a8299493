"""``briefing eval stories``: the README's metrics on made-up days, and the command end to end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import InputError
from briefing.evaluation.stories import GoldDay, evaluate, load_days, path_key, score_day

DAY = dt.date(2024, 3, 5)


def gold(labels: dict[str, str], top5: tuple[str, ...] = (), family=None) -> GoldDay:
    keys = {f"d.jsonl#{k}": v for k, v in labels.items()}
    fam = {f"d.jsonl#{k}": v for k, v in (family or labels).items()}
    return GoldDay(DAY, keys, fam, top5, ())


def k(*items: str) -> list[str]:
    return [f"d.jsonl#{i}" for i in items]


def test_path_key_ignores_the_folder() -> None:
    assert path_key("/a/b/x-2024.jsonl#3") == "x-2024.jsonl#3"
    assert path_key("rel/page.html") == "page.html"


def test_scores_by_hand() -> None:
    # gold: A = {1,2,3}, B = {4,5}, C = {6}; predicted: {1,2}, {3,4,5,6}
    g = gold({"1": "A", "2": "A", "3": "A", "4": "B", "5": "B", "6": "C"}, ("B", "A", "C"))
    s = score_day(g, [k("1", "2"), k("3", "4", "5", "6")])
    # gold pairs: 12 13 23 45 (4); predicted: 12, 34 35 36 45 46 56 (7); TP: 12 45
    assert s.pair_p == pytest.approx(2 / 7)
    assert s.pair_r == pytest.approx(2 / 4)
    # B-cubed precision: 1,1 for 1,2; 1/4 for 3; 2/4,2/4 for 4,5; 1/4 for 6
    assert s.b3_p == pytest.approx((1 + 1 + 0.25 + 0.5 + 0.5 + 0.25) / 6)
    # recall: 2/3, 2/3, 1/3, 1, 1, 1
    assert s.b3_r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 3) / 6)
    assert s.split == pytest.approx(0.5)  # A split, B whole
    # first predicted story represents A, the second B (2 of its 4 articles)
    assert s.top5_hits == 3 - 1  # C is represented by nothing
    assert s.rank1 == 2 and s.rank1_lenient == 2
    assert s.gold_stories == 3 and s.predicted_stories == 2


def test_all_singletons_and_missing_articles() -> None:
    g = gold({"1": "A", "2": "A", "3": "B"}, ("A",))
    s = score_day(g, [k("3"), k("9")])  # 1 and 2 missing: predicted singletons; 9 not gold
    assert s.pair_p is None and s.pair_f1 == 0.0 and s.pair_r == 0.0
    assert s.b3_p == 1.0 and s.b3_r == pytest.approx((0.5 + 0.5 + 1) / 3)
    assert s.split == 1.0 and s.rank1 is None and s.predicted_stories == 3


def test_representation_ties_go_to_the_larger_gold_story() -> None:
    g = gold({"1": "A", "2": "A", "3": "A", "4": "B"}, ("B", "A"))
    s = score_day(g, [k("3", "4"), k("1", "2")])
    # story 1 holds one A and one B article: tie -> A (larger); so gold #1 B is never represented
    assert s.rank1 is None and s.rank1_lenient == 1


def test_family_scores_use_the_coarse_label() -> None:
    g = gold({"1": "A", "2": "B"}, family={"1": "F", "2": "F"})
    s = score_day(g, [k("1", "2")])
    assert s.b3_f1 < 1.0 and s.family_b3_f1 == 1.0


def _write_day(folder: Path) -> None:
    """A made-up day: two reports of a ferry accident, one of a court ruling, one recipe."""
    texts = [
        (
            "Fähre vor Rügen gesunken",
            "Vor Rügen ist am Dienstag eine Fähre mit 40 Passagieren "
            "gesunken. Die Küstenwache rettete alle Passagiere der Fähre aus der Ostsee.",
        ),
        (
            "Alle Passagiere der Rügen-Fähre gerettet",
            "Nach dem Untergang der Fähre vor Rügen "
            "sind alle 40 Passagiere gerettet. Die Küstenwache sucht die Ursache des Untergangs.",
        ),
        (
            "Gericht kippt Mietendeckel in Kassel",
            "Das Verwaltungsgericht Kassel hat den "
            "Mietendeckel der Stadt gekippt. Die Richter sahen keine Rechtsgrundlage.",
        ),
        (
            "Rezept: Linsensuppe",
            "Für die Linsensuppe braucht man Linsen, Karotten, Sellerie "
            "und eine Zwiebel. Alles eine halbe Stunde köcheln lassen.",
        ),
    ]
    lines = [
        json.dumps(
            {"title": t, "text": x, "date": f"05.03.2024 {10 + i}:00 Uhr", "source": "example.org"},
            ensure_ascii=False,
        )
        for i, (t, x) in enumerate(texts)
    ]
    (folder / "news-2024-03-05.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    labels = ["faehre", "faehre", "mietendeckel", "rezept"]
    gold_lines = [
        json.dumps({"path": f"news-2024-03-05.jsonl#{i + 1}", "story": s})
        for i, s in enumerate(labels)
    ]
    (folder / "gold-2024-03-05.jsonl").write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    top = {
        "day": "2024-03-05",
        "top5": [{"rank": 1, "story": "faehre"}, {"rank": 2, "story": "mietendeckel"}],
    }
    (folder / "top5-2024-03-05.json").write_text(json.dumps(top), encoding="utf-8")


def test_load_days_and_evaluate(tmp_path: Path) -> None:
    _write_day(tmp_path)
    (day,) = load_days(tmp_path)
    assert day.day == DAY and day.top5 == ("faehre", "mietendeckel")
    assert [p.name for p in day.inputs] == ["news-2024-03-05.jsonl"]
    from briefing.config import Settings

    scores = {s.system: s for s in evaluate(tmp_path, Settings())}
    floor = scores["singletons"].days[0]
    assert floor.b3_p == 1.0 and floor.b3_r == pytest.approx((0.5 + 0.5 + 1 + 1) / 4)
    ours = scores["briefing"].days[0]
    assert ours.b3_f1 == 1.0 and ours.rank1 == 1 and ours.top5_hits == 2


def test_missing_input_is_named(tmp_path: Path) -> None:
    (tmp_path / "gold-2024-03-05.jsonl").write_text('{"path": "gone.jsonl#1", "story": "x"}\n')
    with pytest.raises(InputError, match=r"gone\.jsonl"):
        load_days(tmp_path)
    with pytest.raises(InputError, match="no gold"):
        load_days(_empty(tmp_path))


def _empty(tmp_path: Path) -> Path:
    p = tmp_path / "empty"
    p.mkdir()
    return p


def test_cli_table_and_json(tmp_path: Path) -> None:
    _write_day(tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["eval", "stories", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert (
        "tfidf-avg-0.2" in res.output and "singletons" in res.output and "2024-03-05" in res.output
    )
    res = runner.invoke(app, ["eval", "stories", str(tmp_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    names = [s["system"] for s in data["systems"]]
    assert names == ["briefing", "tfidf-avg-0.2", "singletons"]
    assert data["systems"][0]["mean"]["b3_f1"] == 1.0
    res = runner.invoke(app, ["eval", "stories", str(tmp_path / "nope")])
    assert res.exit_code != 0 and "not a folder" in res.output
