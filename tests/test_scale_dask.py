"""The Dask executor gives exactly what the single-process run gives (issue 9).

One ``LocalCluster`` (2 worker processes) is started for the module; tests that go through
``Settings`` reach it by its scheduler address, which also covers ``--scheduler ADDRESS``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from functools import partial
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import ConfigError
from briefing.executor import (
    DaskExecutor,
    LocalExecutor,
    get_executor,
    read_inputs_with,
    worker_resource,
    worker_resource_loads,
)

pytest.importorskip("distributed")

from helpers import install_tiny_de_en

DATA = Path(__file__).parent / "data" / "scale" / "articles"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
N_ARTICLES = len(list(DATA.glob("*.txt")))


@pytest.fixture(scope="module")
def dask_ex():
    ex = DaskExecutor(n_workers=2)
    try:
        yield ex
    finally:
        ex.close()


@pytest.fixture(scope="module")
def de_en_model(argos_tiny_files: dict[str, Path]) -> Path:
    return install_tiny_de_en(argos_tiny_files)


def _affine(x: int, *, a: int, b: int) -> int:
    return a * x + b


def _pid_and_loads(_: int, *, key: str) -> tuple[int, int, int]:
    obj = worker_resource(key, object)
    return os.getpid(), id(obj), worker_resource_loads([key])[key]


def _fail_on(x: int, *, bad: int) -> int:
    if x == bad:
        raise ValueError(f"item {x} is bad")
    return x


def test_dask_map_matches_plain_loop_in_order(dask_ex: DaskExecutor) -> None:
    items = list(range(257))[::-1]
    fn = partial(_affine, a=3, b=-7)
    expected = [fn(x) for x in items]
    assert dask_ex.map(fn, items) == expected
    assert LocalExecutor().map(fn, items) == expected
    assert dask_ex.map(fn, []) == []


def test_dask_imap_unordered_yields_every_index_once(dask_ex: DaskExecutor) -> None:
    items = list(range(40))
    got = list(dask_ex.imap_unordered(partial(_affine, a=2, b=1), items))
    assert sorted(i for i, _ in got) == items
    assert all(r == 2 * items[i] + 1 for i, r in got)


def test_dask_map_raises_the_task_error(dask_ex: DaskExecutor) -> None:
    with pytest.raises(ValueError, match="item 5 is bad"):
        dask_ex.map(partial(_fail_on, bad=5), list(range(10)))


def test_worker_resource_is_built_once_per_worker_process(dask_ex: DaskExecutor) -> None:
    key = "model-once-per-worker"
    results = dask_ex.map(partial(_pid_and_loads, key=key), list(range(64)))
    pids = {pid for pid, _, _ in results}
    assert len(pids) == 2  # both workers did some of the work
    for pid in pids:
        mine = [(obj, loads) for p, obj, loads in results if p == pid]
        assert len(mine) > 1
        assert {obj for obj, _ in mine} == {mine[0][0]}  # the same object for every task
        assert {loads for _, loads in mine} == {1}  # built once
    assert pids.isdisjoint({os.getpid()})


def test_get_executor_by_settings(dask_ex: DaskExecutor) -> None:
    assert isinstance(get_executor(Settings()), LocalExecutor)
    with pytest.raises(ConfigError, match="unknown executor 'spark'"):
        get_executor(Settings(executor="spark"))
    address = dask_ex.client.scheduler.address
    with get_executor(Settings(executor="dask", scheduler=address)) as ex:
        assert isinstance(ex, DaskExecutor)
        assert ex.workers == 2
        assert ex.map(partial(_affine, a=1, b=1), [1, 2, 3]) == [2, 3, 4]


def test_unreachable_scheduler_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"127\.0\.0\.1:9"):
        DaskExecutor("tcp://127.0.0.1:9", timeout=1.0)


def test_ingest_on_dask_equals_single_process(dask_ex: DaskExecutor, tmp_path: Path) -> None:
    from briefing.ingest import read_inputs

    inputs = tmp_path / "in"
    shutil.copytree(DATA, inputs / "scale")
    shutil.copytree(FIXTURES, inputs / "seeds", ignore=shutil.ignore_patterns("*.md"))
    (inputs / "seeds" / "empty.txt").write_bytes(b"")
    (inputs / "notes.docx").write_bytes(b"PK\x03\x04")
    paths = [inputs, inputs / "seeds" / "000_093606144557ac8d.txt", tmp_path / "missing.txt"]
    settings = Settings()
    local = read_inputs(paths, settings)
    dist = read_inputs_with(dask_ex, paths, settings)
    assert len(local.articles) == len(list(DATA.glob("*.txt"))) + 5
    assert dist.articles == local.articles
    assert dist.skipped == local.skipped
    assert {Path(s.path).name for s in local.skipped} >= {"notes.docx", "missing.txt"}


def test_duplicate_signatures_on_dask_fold_the_same(dask_ex: DaskExecutor) -> None:
    from briefing.dedup import fold_duplicates
    from briefing.ingest import read_inputs

    articles = read_inputs([DATA, FIXTURES], Settings()).articles
    # a wire copy of seed 000 under another name, so there is something to fold
    original = articles[-5]
    copy = dataclasses.replace(original, id="copy000", path="elsewhere/copy.txt")
    articles = [*articles, copy]
    local = fold_duplicates(articles)
    dist = fold_duplicates(articles, executor=dask_ex)
    assert dist == local
    assert len(local) == len(articles) - 1
    (folded,) = [a for a in local if a.duplicates]
    assert {folded.id, *folded.duplicates} == {original.id, "copy000"}


def test_build_on_dask_writes_the_same_briefing_json(
    dask_ex: DaskExecutor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import get_task_stream

    from briefing.pipeline import run_build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")
    base = Settings(
        inputs=(FIXTURES, DATA),
        formats=("json",),
        target_language="en",
    )
    outputs = {}
    for name, extra in {
        "local": {},
        "dask": {"executor": "dask", "scheduler": dask_ex.client.scheduler.address},
    }.items():
        settings = dataclasses.replace(
            base,
            out_dir=tmp_path / name,
            state_path=tmp_path / f"{name}.sqlite",
            store_path=tmp_path / f"{name}-articles.sqlite",
            **extra,
        )
        with get_task_stream(client=dask_ex.client) as stream:
            run_build(settings)
        if name == "dask":  # the per-article stages really ran on the cluster
            assert stream.data, "run_build with executor='dask' sent no task to the cluster"
        outputs[name] = {
            p.relative_to(tmp_path / name).as_posix(): p.read_bytes()
            for p in sorted((tmp_path / name).rglob("briefing.json"))
        }
    assert len(outputs["local"]) >= 4  # the seeds' days and the scale articles' days
    assert outputs["dask"] == outputs["local"]


def test_archive_on_dask_equals_one_process(
    dask_ex: DaskExecutor, de_en_model: Path, tmp_path: Path
) -> None:
    from briefing.archive import translate_archive
    from briefing.executor import clear_worker_resources

    clear_worker_resources()

    seen = []
    local = translate_archive(
        Settings(inputs=(DATA,)),
        tmp_path / "local",
        "de",
        "en",
        chunk_articles=3,
        progress=seen.append,
    )
    assert local.translated == N_ARTICLES and local.already_done == 0
    assert seen[-1].done == seen[-1].total == N_ARTICLES
    assert [p.done for p in seen] == sorted(p.done for p in seen)

    # Same chunks as the local run: the engine bounds output length per batch, so a sentence's
    # translation may depend on its batch neighbours (it does with the tiny random model).
    address = dask_ex.client.scheduler.address
    dist = translate_archive(
        Settings(inputs=(DATA,), executor="dask", scheduler=address),
        tmp_path / "dask",
        "de",
        "en",
        chunk_articles=3,
    )
    assert dist.translated == N_ARTICLES
    # The model was loaded once in each worker that translated, never per task (4 tasks).
    loads = dask_ex.client.run(worker_resource_loads)
    engine = [n for per in loads.values() for k, n in per.items() if k[0] == "archive-translator"]
    assert engine and set(engine) == {1}
    # ... and once here for the local run.
    assert [n for k, n in worker_resource_loads().items() if k[0] == "archive-translator"] == [1]
    for path in (tmp_path / "local" / "articles").glob("*.json"):
        assert (tmp_path / "dask" / "articles" / path.name).read_bytes() == path.read_bytes()


def test_remote_worker_in_another_folder_reads_relative_inputs_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.executor import _read_target
    from briefing.ingest import read_inputs

    client_dir = tmp_path / "client"
    shutil.copytree(DATA, client_dir / "in")
    monkeypatch.chdir(client_dir)
    local = read_inputs([Path("in/03.txt"), Path("in/nope.txt")], Settings())
    (tmp_path / "worker").mkdir()
    monkeypatch.chdir(tmp_path / "worker")  # a worker started elsewhere
    got = [
        _read_target(Path(p), Settings(), cwd=str(client_dir)) for p in ("in/03.txt", "in/nope.txt")
    ]
    assert got[0].articles == local.articles
    assert got[1].skipped == local.skipped
    assert local.articles[0].path == "in/03.txt"
