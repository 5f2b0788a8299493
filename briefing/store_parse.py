"""Parsing new inputs for the article store: here, on the Dask executor, or in worker processes.

Everything per article that does not need the store is done where the input is parsed: the
near-duplicate signature, its LSH band keys and the stemmed search text. A run with many new
inputs (a cold build, a morning's 1,000 files) parses them in local worker processes (one per
core, or ``workers``); the results come back in input order, a batch at a time, and the client
writes each batch in one transaction while the workers parse the next ones.
"""

from __future__ import annotations

import array
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .options import IngestOptions

__all__ = [
    "PARSE_BATCH",
    "POOL_MIN",
    "Extras",
    "pack",
    "parse_target",
    "parsed",
    "parser_fingerprint",
]

PARSE_BATCH = 64  # inputs written per store transaction
POOL_MIN = 48  # fewer new inputs than this are parsed in this process (a pool costs ~0.2 s)
_AHEAD = 2  # batches parsed ahead of the one being written (bounds the results held)


@dataclass(frozen=True)
class Extras:
    """An article as the store writes it, computed where it was parsed (so only these rows,
    not the parsed articles, travel back from a worker process)."""

    shingles: bytes  # dedup.signature, sorted uint32
    bands: tuple[int, ...]  # dedup.band_keys of the signature
    title_stems: str
    body_stems: str
    data: str  # serialize.article_to_dict as JSON
    when: str  # dedup.order_key's time, sortable
    aid: str
    url: str | None
    path: str
    day: str | None
    body_len: int
    source: str | None
    language: str
    title: str | None
    warnings: str  # JSON list
    guessed: int


# What a stored parse depends on: the modules that read inputs into articles and their store
# rows, and the libraries they call. A store written by other code or with other ingest
# options is parsed again (a parser fix reaches the archive; see ArticleStore.update).
_PARSER_MODULES = (
    "ingest/*.py",
    "chrome.py",
    "dedup.py",
    "errors.py",
    "jsonl.py",
    "languages.py",
    "models.py",
    "options.py",
    "serialize.py",
    "store_parse.py",
    "text.py",
)
_PARSER_LIBRARIES = ("trafilatura", "htmldate", "charset-normalizer", "py3langid", "lxml")


def parser_fingerprint(options: IngestOptions) -> str:
    """A digest of the parsing code (file contents), its libraries' versions and the ingest
    options that shape a parse (zone, size limit, language, outlet names)."""
    import hashlib
    from importlib import metadata

    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for pattern in _PARSER_MODULES:
        for path in sorted(root.glob(pattern)):
            h.update(f"{path.relative_to(root)}\n".encode())
            h.update(path.read_bytes())
    for name in _PARSER_LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\n".encode())
    shape = (
        options.timezone,
        options.max_file_bytes,
        options.source_language,
        sorted(options.outlets.items()),
    )
    h.update(json.dumps(shape, default=str).encode())
    return h.hexdigest()


def pack(shingles: frozenset[int]) -> bytes:
    """A signature as sorted uint32 bytes (the store's ``shingles`` column)."""
    return array.array("I", sorted(shingles)).tobytes()


def _stems(text: str, lang: str) -> str:
    from .text import stems, words

    return " ".join(stems(words(text), lang or "de"))


def _when_key(a: Any) -> str:
    from .dedup import order_key

    (flag, stamp), _len, _id = order_key(a)
    return f"{flag}{stamp.year:04d}{stamp.strftime('%m%d%H%M%S')}{stamp.microsecond:06d}"


def extras_of(a: Any) -> Extras:
    """The store's row of one parsed article."""
    from .dedup import band_keys, signature
    from .serialize import article_to_dict

    sig = signature(a)
    return Extras(
        shingles=pack(sig),
        bands=tuple(band_keys(sig)),
        title_stems=_stems(a.title or "", a.language),
        body_stems=_stems(a.text, a.language),
        data=json.dumps(article_to_dict(a), ensure_ascii=False),
        when=_when_key(a),
        aid=a.id,
        url=a.url,
        path=a.path,
        day=a.date.isoformat() if a.date else None,
        body_len=len(a.body),
        source=a.source,
        language=a.language,
        title=a.title,
        warnings=json.dumps(list(a.warnings), ensure_ascii=False),
        guessed=int(a.date is not None and a.date_guessed),
    )


def parse_target(
    target: Path | str, settings: IngestOptions, cwd: str = ""
) -> tuple[Any, list[Extras]]:
    """Read one input (in any process): its IngestResult, without the articles, and each
    article's store row (``Extras``)."""
    from . import ingest

    if cwd and isinstance(target, Path) and not target.is_absolute() and str(Path.cwd()) != cwd:
        target = Path(cwd) / target
    got = ingest.read_inputs([target], settings)
    extras = [extras_of(a) for a in got.articles]
    got.articles = []  # what is stored is in the rows; the parsed articles need not travel
    return got, extras


def _pool_size(workers: int | None, n: int) -> int:
    if n < POOL_MIN:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(workers or cores, n // 16 or 1))


def parsed(
    targets: Sequence[Path | str],
    settings: IngestOptions,
    executor: Any = None,
    workers: int | None = None,
) -> Iterator[tuple[Any, list[Extras]]]:
    """``parse_target`` of every target, in order: on ``executor`` when given (Dask), in local
    worker processes when there are many, else in this process."""
    fn = partial(parse_target, settings=settings, cwd=str(Path.cwd()))
    if executor is not None:
        for start in range(0, len(targets), PARSE_BATCH):
            yield from executor.map(fn, targets[start : start + PARSE_BATCH])
        return
    workers = _pool_size(workers, len(targets))
    if workers <= 1:
        yield from (fn(t) for t in targets)
        return
    # The first input is parsed here: the readers, the language model and the LSH layout are
    # loaded once, before the fork, instead of once in every worker.
    yield fn(targets[0])
    yield from _pooled(fn, targets[1:], workers)


def _pooled(
    fn: Any, targets: Sequence[Path | str], workers: int
) -> Iterator[tuple[Any, list[Extras]]]:
    # fork: the workers start at once with this process's modules (no re-import per worker)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        ahead: deque[Iterator[tuple[Any, list[Extras]]]] = deque()
        for start in range(0, len(targets), PARSE_BATCH):
            ahead.append(pool.map(fn, targets[start : start + PARSE_BATCH], chunksize=4))
            if len(ahead) > _AHEAD:
                yield from ahead.popleft()
        while ahead:
            yield from ahead.popleft()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
