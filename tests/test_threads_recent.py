"""Threads over many days in one run: the earlier days' rows are read once (``RecentRows``),
and what each day sees is what a separate run reading them from the state would see."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from test_threads_runs import D1, D2, D3, days, rows

from briefing import threads
from briefing.config import Settings
from briefing.store import Store
from briefing.threads import RecentRows, _load_recent, assign_threads

START = dt.date(2026, 1, 1)


def fill(store: Store, n_days: int, per_day: int) -> None:
    """Made-up thread rows: ``per_day`` threads on each of ``n_days`` days (some days empty)."""
    store.ensure(threads.SCHEMA)
    rng = random.Random(7)
    with store.transaction() as conn:
        for k in range(n_days):
            if k % 5 == 3:  # a day without stories
                continue
            day = (START + dt.timedelta(days=k)).isoformat()
            for _ in range(rng.randint(1, per_day)):
                terms = {f"w{rng.randint(0, 50)}": round(rng.random() * 3, 3) for _t in range(4)}
                conn.execute(
                    "INSERT INTO thread_days VALUES (?, ?, ?, '[]', '[]', '')",
                    (f"t{rng.randint(0, 10**6):07d}", day, json.dumps(terms)),
                )


@pytest.mark.parametrize("order", ["ascending", "shuffled"])
def test_recent_rows_are_what_the_window_query_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    # a small window and row limit, so that the limit cuts a day in two and days fall out
    monkeypatch.setattr(threads, "BACKGROUND_DAYS", 6)
    monkeypatch.setattr(threads, "MAX_BACKGROUND", 9)
    with Store(tmp_path / "state.sqlite") as store:
        fill(store, 30, 4)
        wanted = [START + dt.timedelta(days=k) for k in range(-2, 33)]
        if order == "shuffled":
            random.Random(3).shuffle(wanted)
        recent = RecentRows(store)
        for day in wanted:
            assert recent.before(day) == _load_recent(store, day), day
        # a day rewritten during the run is read again once forgotten
        day = START + dt.timedelta(days=10)
        recent.before(day + dt.timedelta(days=1))
        with store.transaction() as conn:
            conn.execute(
                "UPDATE thread_days SET terms = '{\"neu\": 1.0}' WHERE day = ?", (str(day),)
            )
        recent.forget(day)
        assert recent.before(day + dt.timedelta(days=1)) == _load_recent(
            store, day + dt.timedelta(days=1)
        )


def test_one_run_over_many_days_reads_each_earlier_day_once(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    plan = days(with_gnad=False)
    later = [D3 + dt.timedelta(days=k) for k in range(1, 4)]
    for k, d in enumerate(later):  # made-up days continuing the plan's stories
        plan[d] = plan[(D1, D2, D3)[k]]
    reads: list[str] = []
    with Store(state) as store:
        store.conn.set_trace_callback(reads.append)
        recent = RecentRows(store)
        opts = Settings(state_path=state)
        one_run = {d: assign_threads(d, plan[d], store, opts, recent) for d in sorted(plan)}
    term_reads = [s for s in reads if s.startswith("SELECT thread_id, day, terms")]
    assert len(term_reads) == len(plan) - 1  # every day but the last is read once, by the next

    separate = tmp_path / "separate.sqlite"
    for d in sorted(plan):
        with Store(separate) as store:
            alone = assign_threads(d, plan[d], store, Settings(state_path=separate))
        assert [(s.id, s.developing_since, s.timeline) for s in alone] == [
            (s.id, s.developing_since, s.timeline) for s in one_run[d]
        ]
    assert rows(separate) == rows(state)
