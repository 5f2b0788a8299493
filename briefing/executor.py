"""Where the per-article work runs: in this process, or on a Dask distributed cluster.

``get_executor(settings)`` returns an :class:`Executor`. ``map(fn, items)`` keeps the order of
``items`` and returns exactly what ``[fn(x) for x in items]`` would, so a stage gives identical
results whichever executor runs it. ``fn`` must be a picklable top-level function (a
``functools.partial`` of one is fine) because Dask ships it to other processes.

``worker_resource(key, factory)`` is a per-process registry: a translation model is loaded once
per worker process (the first task that needs it) and reused by every later task there.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .errors import ConfigError
from .options import ExecutorOptions, IngestOptions

__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "clear_worker_resources",
    "get_executor",
    "read_inputs_with",
    "worker_resource",
    "worker_resource_loads",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    name: str

    def map(self, fn: Callable[[Any], R], items: Sequence[Any]) -> list[R]: ...

    def imap_unordered(
        self, fn: Callable[[Any], R], items: Sequence[Any]
    ) -> Iterator[tuple[int, R]]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...


class LocalExecutor:
    """The default: a plain loop in this process."""

    name = "local"
    workers = 1

    def map(self, fn: Callable[[Any], R], items: Sequence[Any]) -> list[R]:
        """``[fn(x) for x in items]``."""
        return [fn(x) for x in items]

    def imap_unordered(
        self, fn: Callable[[Any], R], items: Sequence[Any]
    ) -> Iterator[tuple[int, R]]:
        """Yield ``(index, fn(item))`` as each result is ready (here: in order)."""
        for i, x in enumerate(items):
            yield i, fn(x)

    def close(self) -> None:
        return None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _apply_chunk(fn: Callable[[Any], R], chunk: list[Any]) -> list[R]:
    # One Dask task per chunk of items: per-task overhead (~1 ms) would dominate cheap stages.
    return [fn(x) for x in chunk]


def _chunks(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class DaskExecutor:
    """Runs ``fn`` on a Dask distributed cluster: the one at ``scheduler`` when given, else a
    ``LocalCluster`` of worker processes started (and stopped on ``close``) by this object."""

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        n_workers: int | None = None,
        chunk_size: int | None = None,
        timeout: float = 20.0,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - depends on the install
            raise ConfigError(
                "executor 'dask' needs dask.distributed: pip install 'briefing[dask]'"
            ) from None
        self._cluster: Any = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout=f"{timeout}s")
            except (OSError, TimeoutError) as exc:
                raise ConfigError(
                    f"cannot reach the Dask scheduler at {scheduler}: {exc}"
                ) from None
        else:
            n = n_workers or os.cpu_count() or 1
            # Processes, one thread each: the stages are CPU-bound Python (the GIL), and
            # CTranslate2 uses its own threads inside a worker.
            self._cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: never clash with a running cluster
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or 1)
        self._chunk_size = chunk_size
        log.info("dask executor: %s, %d worker(s)", self._client.scheduler.address, self.workers)

    @property
    def client(self) -> Any:
        return self._client

    def _size(self, n: int) -> int:
        if self._chunk_size:
            return self._chunk_size
        # About four chunks per worker: balances load without drowning in tiny tasks.
        return max(1, -(-n // (self.workers * 4)))

    def map(self, fn: Callable[[Any], R], items: Sequence[Any]) -> list[R]:
        """Order-preserving ``[fn(x) for x in items]`` on the cluster (items sent in chunks)."""
        if not items:
            return []
        chunks = _chunks(items, self._size(len(items)))
        futures = self._client.map(_apply_chunk, [fn] * len(chunks), chunks, pure=False)
        out: list[R] = []
        for part in self._client.gather(futures):
            out.extend(part)
        return out

    def imap_unordered(
        self, fn: Callable[[Any], R], items: Sequence[Any], *, in_flight: int | None = None
    ) -> Iterator[tuple[int, R]]:
        """Yield ``(index, fn(item))`` as results arrive, with a bounded number of tasks in
        flight, so a huge job neither floods the scheduler nor holds every result in memory."""
        from distributed import as_completed

        limit = in_flight or self.workers * 2
        pending = iter(enumerate(items))
        index_of: dict[Any, int] = {}

        def submit(i: int, x: Any) -> Any:
            fut = self._client.submit(fn, x, pure=False)
            index_of[fut.key] = i
            return fut

        first = [submit(i, x) for i, x in _take(pending, limit)]
        if not first:
            return
        ac = as_completed(first)
        for fut in ac:
            i = index_of.pop(fut.key)
            result = fut.result()
            fut.release()
            for j, x in _take(pending, 1):
                ac.add(submit(j, x))
            yield i, result

    def close(self) -> None:
        try:
            self._client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()
                self._cluster = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _take(it: Iterator[T], n: int) -> list[T]:
    out: list[T] = []
    for x in it:
        out.append(x)
        if len(out) >= n:
            break
    return out


def get_executor(settings: ExecutorOptions) -> LocalExecutor | DaskExecutor:
    """The executor named by ``settings.executor`` ("local" or "dask")."""
    kind = (settings.executor or "local").strip().lower()
    if kind == "local":
        if settings.scheduler:
            log.warning("--scheduler %s ignored: the executor is 'local'", settings.scheduler)
        return LocalExecutor()
    if kind == "dask":
        workers = settings.workers
        return DaskExecutor(settings.scheduler, n_workers=int(workers) if workers else None)
    raise ConfigError(f"unknown executor '{settings.executor}': use 'local' or 'dask'")


def _read_target(target: Any, settings: IngestOptions, cwd: str = "") -> Any:
    from .ingest import read_inputs

    # A worker of a remote cluster runs in another folder: a relative input path is taken
    # from the client's folder (the inputs must be on a file system the workers share).
    if not (
        cwd and isinstance(target, Path) and not target.is_absolute() and str(Path.cwd()) != cwd
    ):
        return read_inputs([target], settings)
    import dataclasses

    full, given = str(Path(cwd) / target), str(target)

    def back(path: str) -> str:  # report the path as the user gave it, as a local run does
        return given + path[len(full) :] if path.startswith(full) else path

    got = read_inputs([Path(full)], settings)
    got.articles = [dataclasses.replace(a, path=back(a.path)) for a in got.articles]
    got.skipped = [dataclasses.replace(k, path=back(k.path)) for k in got.skipped]
    return got


def read_inputs_with(executor: Any, paths: Sequence[Any], settings: IngestOptions) -> Any:
    """``ingest.read_inputs(paths, settings)`` with the files read by ``executor``.

    Inputs are expanded here (folders, globs) exactly as ``read_inputs`` does; each file is
    then read on the executor; articles and skipped inputs come back in the same order as
    ``read_inputs`` gives them, so the result is identical to the single-process one.
    """
    from functools import partial

    from .ingest import IngestResult, expand_input, finish_articles, read_inputs

    if isinstance(executor, LocalExecutor):
        return read_inputs(list(paths), settings)
    result = IngestResult()
    plan: list[tuple[list[Any], list[Any]]] = []  # per input: (skips from expansion, targets)
    seen: set[str] = set()
    for item in paths:
        part = IngestResult()
        targets = [target for _key, target in expand_input(item, part, seen)]
        result.missing.extend(part.missing)
        plan.append((part.skipped, targets))
    flat = [t for _, targets in plan for t in targets]
    read = iter(executor.map(partial(_read_target, settings=settings, cwd=str(Path.cwd())), flat))
    for skips, targets in plan:
        result.skipped.extend(skips)
        for _ in targets:
            got = next(read)
            result.articles.extend(got.articles)
            result.skipped.extend(got.skipped)
    result.articles = finish_articles(result.articles, settings)
    return result


# --- per-process resources (a translation model loaded once per worker) -------------------

_RESOURCES: dict[Any, Any] = {}
_LOADS: dict[Any, int] = {}
_LOCK = threading.Lock()


def worker_resource(key: Any, factory: Callable[[], T]) -> T:
    """The object for ``key`` in this process, built by ``factory()`` on first use only.

    Each Dask worker is its own process, so a model keyed by its path is loaded once per
    worker and shared by every task that runs there (and once in total for the local run).
    """
    try:
        return _RESOURCES[key]  # type: ignore[no-any-return]
    except KeyError:
        pass
    with _LOCK:
        if key not in _RESOURCES:
            _RESOURCES[key] = factory()
            _LOADS[key] = _LOADS.get(key, 0) + 1
        return _RESOURCES[key]  # type: ignore[no-any-return]


def worker_resource_loads(keys: Iterable[Any] | None = None) -> dict[Any, int]:
    """How many times each resource was built in this process (for tests and benchmarks)."""
    if keys is None:
        return dict(_LOADS)
    return {k: _LOADS.get(k, 0) for k in keys}


def clear_worker_resources() -> None:
    """Forget every loaded resource in this process (tests; freeing models)."""
    with _LOCK:
        _RESOURCES.clear()
        _LOADS.clear()
