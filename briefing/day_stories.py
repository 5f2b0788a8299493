"""The stories of a day (clustered and summarized), made one day ahead in a worker process.

A build of many days threads them in order in this process: a day's story threads need the
earlier days' rows in the state. Clustering and summarizing a day need only that day's
articles (pure functions), so while this process threads, ranks and records day D, one forked
worker clusters and summarizes day D+1. The second core works, the stories are the same as
made here, and memory holds two days' articles at most.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from .models import Article, Sentence, Story

__all__ = ["StoryOptions", "make_stories", "stories_ahead"]

K = TypeVar("K")

# what the worker sends back: each story's members (positions in the day's articles) and
# summary; the articles themselves stay in this process and need not travel back
_Made = list[tuple[list[int], tuple[Sentence, ...]]]


@dataclass(frozen=True)
class StoryOptions:
    threshold: float
    algorithm: str
    sentences: int
    words: int | None


def make_stories(articles: list[Article], options: StoryOptions) -> list[Story]:
    """The day's stories: its clusters, each with its summary (no thread, rank or budget)."""
    from . import cluster, summarize

    stories: list[Story] = []
    for members in cluster.cluster_day(articles, options.threshold):
        summary = summarize.summarize_story(
            members,
            algorithm=options.algorithm,
            sentences=options.sentences,
            words=options.words,
            language=members[0].language,
        )
        stories.append(Story(id="", articles=tuple(members), summary=tuple(summary)))
    return stories


def _made(articles: list[Article], options: StoryOptions) -> _Made:
    at = {id(a): i for i, a in enumerate(articles)}
    return [([at[id(a)] for a in s.articles], s.summary) for s in make_stories(articles, options)]


def _stories(articles: list[Article], made: _Made) -> list[Story]:
    return [
        Story(id="", articles=tuple(articles[i] for i in members), summary=summary)
        for members, summary in made
    ]


def _orphan_exits(parent: int) -> None:
    """Runs in the worker: end it when this process is gone (killed: no shutdown message
    comes, and a worker left waiting would hold the run's stdout and stderr open)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-exits", daemon=True).start()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def stories_ahead(
    days: Iterable[tuple[K, list[Article] | None]],
    options: StoryOptions,
    workers: int | None = None,
) -> Generator[tuple[K, list[Article] | None, list[Story] | None], None, None]:
    """``(key, articles, make_stories(articles))`` for each ``(key, articles)`` of ``days``, in
    order; ``articles`` None (a day not to build) gives None. With two or more cores (or
    ``workers``), a day's stories are made in a worker while the caller handles the day
    before: ``days`` is read one built day ahead of what is yielded."""
    if (workers or _cores()) < 2:
        for key, articles in days:
            yield key, articles, None if articles is None else make_stories(articles, options)
        return
    # fork: the worker starts at once with this process's modules (no re-import)
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_orphan_exits,
        initargs=(os.getpid(),),
    )
    try:
        queue: deque[tuple[K, list[Article] | None, Future[_Made] | None]] = deque()

        def ready() -> bool:  # the head can go: a day not built, or a built day behind it
            return bool(queue) and (
                queue[0][2] is None or sum(f is not None for _k, _a, f in queue) > 1
            )

        for key, articles in days:
            job = None if articles is None else pool.submit(_made, articles, options)
            queue.append((key, articles, job))
            while ready():
                yield _take(queue.popleft())
        while queue:
            yield _take(queue.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _take(
    item: tuple[K, list[Article] | None, Future[_Made] | None],
) -> tuple[K, list[Article] | None, list[Story] | None]:
    key, articles, job = item
    if job is None or articles is None:
        return key, articles, None
    return key, articles, _stories(articles, job.result())
