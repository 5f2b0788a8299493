"""Bulk translation of whole articles (``briefing translate-archive``): resumable, incremental.

Every finished article is one JSON file ``OUT/articles/<key>.json`` written atomically, where
``key`` is derived from the article id. Those files are the state: a re-run (after a crash,
Ctrl-C or SIGKILL) skips every article whose file exists, so finished work is never redone and
never written twice. ``OUT/index.jsonl`` (article id -> file, in input order) and
``OUT/archive.json`` (counts, model) are rewritten atomically at the end of each run.

The work is split into chunks of articles; each chunk is one task for the executor
(``briefing.executor``), so on Dask the chunks run on the workers, and the translation model is
loaded once per worker process (``worker_resource``), not per task. Only this process writes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import InputError, ModelError
from .fsutil import atomic_write_text, clean_stale_temps
from .models import Article, Skipped
from .serialize import article_to_dict

__all__ = [
    "ArchiveResult",
    "Progress",
    "article_key",
    "find_model",
    "translate_archive",
    "translate_chunk",
]

log = logging.getLogger(__name__)

# what a worker needs of an article to translate it
_PAYLOAD_KEYS = ("id", "path", "title", "date", "source", "url", "language", "paragraphs")

ARTICLES_DIR = "articles"
# Test hook: SIGKILL this process after N articles were written, to prove resumability
# against a real crash at a known point (used by tests/test_scale_archive.py only).
_CRASH_ENV = "_BRIEFING_ARCHIVE_CRASH_AFTER"


@dataclass(frozen=True)
class Progress:
    done: int  # finished articles, this run and earlier runs
    total: int
    new: int  # written by this run
    elapsed: float  # seconds since this run started translating


@dataclass
class ArchiveResult:
    out_dir: Path
    total: int = 0
    translated: int = 0  # articles written by this run
    already_done: int = 0  # articles found finished from an earlier run
    sentences: int = 0  # sentences translated by this run
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0


def article_key(article_id: str) -> str:
    """File-name-safe key for an article id (ids hold paths and ``#N`` record numbers)."""
    return hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:24]


def find_model(from_code: str, to_code: str) -> list[Path]:
    """The installed Argos packages that translate the pair (one, or two through English);
    ``ModelError`` naming the install command when there is no route."""
    from .translate import install_hint
    from .translate.packages import find_route, packages_dir

    route = find_route(from_code, to_code)
    if not route:
        raise ModelError(
            f"no translation model for {from_code}->{to_code} is installed "
            f"(in {packages_dir()}); install one with: {install_hint(from_code, to_code)}"
        )
    return [p.path for p in route]


def _translator(settings: Settings) -> Any:
    """The project's ``Translator`` (CTranslate2 + SentencePiece, batched), built once per
    process: every task on a worker reuses its loaded models. No translation memory here:
    each archive sentence is translated once anyway, and workers share no SQLite file."""
    from .executor import worker_resource
    from .translate import Translator
    from .translate.packages import packages_dir

    key = (
        "archive-translator",
        str(packages_dir()),
        settings.device,
        settings.compute_type,
        settings.beam_size,
        settings.translate_batch_size,
    )
    return worker_resource(key, partial(Translator, settings.translate_options()))


def translate_chunk(
    chunk: list[dict[str, Any]], *, settings: Settings, from_code: str, to_code: str
) -> list[dict[str, Any]]:
    """Translate a chunk of articles (payload dicts) in one batch stream; runs on a worker."""
    from .text import split_sentences

    translator = _translator(settings)
    # Flatten every title and paragraph sentence of the chunk into one batch.
    flat: list[str] = []
    layout: list[tuple[int | None, list[tuple[bool, list[int]]]]] = []
    for art in chunk:
        title_ix: int | None = None
        if art["title"]:
            title_ix = len(flat)
            flat.append(art["title"])
        paras: list[tuple[bool, list[int]]] = []
        for para in art["paragraphs"]:
            text, heading = para["text"], para["heading"]
            sents = [text] if heading else split_sentences(text, from_code)
            ixs = list(range(len(flat), len(flat) + len(sents)))
            flat.extend(sents)
            paras.append((heading, ixs))
        layout.append((title_ix, paras))
    results, missing = translator.translate_many([(t, from_code) for t in flat], to_code)
    if from_code in missing:
        raise ModelError(missing[from_code])
    translated = [r.text for r in results]

    def sentence(i: int) -> dict[str, Any]:
        rec: dict[str, Any] = {"original": flat[i], "text": translated[i]}
        if results[i].flags:
            rec["flags"] = list(results[i].flags)
        return rec

    out: list[dict[str, Any]] = []
    for art, (title_ix, paras) in zip(chunk, layout, strict=True):
        paragraphs: list[dict[str, Any]] = [
            {
                "heading": heading,
                "sentences": [sentence(i) for i in ixs],
            }
            for heading, ixs in paras
        ]
        out.append(
            {
                "id": art["id"],
                "path": art["path"],
                "url": art["url"],
                "date": art["date"],
                "source": art["source"],
                "from": from_code,
                "to": to_code,
                "title": translated[title_ix] if title_ix is not None else None,
                "title_original": art["title"],
                "text": "\n\n".join(
                    " ".join(s["text"] for s in p["sentences"]) for p in paragraphs
                ),
                "paragraphs": paragraphs,
                "sentences": sum(len(ixs) for _, ixs in paras) + (title_ix is not None),
            }
        )
    return out


def _finished(articles_dir: Path) -> set[str]:
    if not articles_dir.is_dir():
        return set()
    return {
        e.name[:-5]
        for e in os.scandir(articles_dir)
        if e.name.endswith(".json") and not e.name.startswith(".")
    }


def _write_index(
    out_dir: Path, articles: Sequence[Article], result: ArchiveResult, model: list[Path]
) -> None:
    done = _finished(out_dir / ARTICLES_DIR)
    lines = []
    for a in articles:
        key = article_key(a.id)
        if key in done:
            lines.append(
                json.dumps({"id": a.id, "file": f"{ARTICLES_DIR}/{key}.json"}, ensure_ascii=False)
            )
    atomic_write_text(out_dir / "index.jsonl", "".join(line + "\n" for line in lines))
    summary = {
        "models": [str(m) for m in model],
        "total": result.total,
        "finished": len(lines),
        "translated_this_run": result.translated,
        "sentences_this_run": result.sentences,
        "skipped_inputs": [{"path": s.path, "reason": s.reason} for s in result.skipped],
    }
    atomic_write_text(out_dir / "archive.json", json.dumps(summary, indent=2, ensure_ascii=False))


def translate_archive(
    settings: Settings,
    out_dir: Path,
    from_code: str,
    to_code: str,
    *,
    chunk_articles: int = 16,
    progress: Callable[[Progress], None] | None = None,
) -> ArchiveResult:
    """Translate every article of ``settings.inputs`` into ``out_dir``, skipping finished ones."""
    from .executor import get_executor, read_inputs_with

    model = find_model(from_code, to_code)
    out_dir = Path(out_dir)
    articles_dir = out_dir / ARTICLES_DIR
    articles_dir.mkdir(parents=True, exist_ok=True)
    for folder in (out_dir, articles_dir):  # what a killed earlier run was writing
        clean_stale_temps(folder)
    result = ArchiveResult(out_dir=out_dir)
    crash_after = int(os.environ.get(_CRASH_ENV, "0") or 0)

    with get_executor(settings.executor_options()) as executor:
        ingest = read_inputs_with(executor, list(settings.inputs), settings.ingest_options())
        result.skipped = list(ingest.skipped)
        for s in ingest.skipped:
            log.warning("skipped %s: %s", s.path, s.reason)
        # Unique ids, input order: a repeated id (same file named twice) is one article.
        articles: list[Article] = list({a.id: a for a in ingest.articles}.values())
        if not articles:
            raise InputError("no readable article in " + ", ".join(str(p) for p in settings.inputs))
        wrong = [a for a in articles if a.language != from_code]
        for a in wrong:
            log.warning(
                "%s: language '%s', not '%s'; translated as '%s' anyway",
                a.path,
                a.language,
                from_code,
                from_code,
            )
        done = _finished(articles_dir)
        pending = [a for a in articles if article_key(a.id) not in done]
        result.total = len(articles)
        result.already_done = result.total - len(pending)
        if result.already_done:
            log.info(
                "%d of %d articles already translated; resuming", result.already_done, result.total
            )
        chunks = [
            [article_to_dict(a, _PAYLOAD_KEYS) for a in pending[i : i + chunk_articles]]
            for i in range(0, len(pending), chunk_articles)
        ]
        task = partial(translate_chunk, settings=settings, from_code=from_code, to_code=to_code)
        start = time.monotonic()
        if progress:
            progress(Progress(result.already_done, result.total, 0, 0.0))
        for _, records in executor.imap_unordered(task, chunks):
            for rec in records:
                path = articles_dir / f"{article_key(rec['id'])}.json"
                atomic_write_text(path, json.dumps(rec, ensure_ascii=False, indent=1))
                result.translated += 1
                result.sentences += rec["sentences"]
                if crash_after and result.translated >= crash_after:
                    os.kill(os.getpid(), signal.SIGKILL)
            if progress:
                progress(
                    Progress(
                        result.already_done + result.translated,
                        result.total,
                        result.translated,
                        time.monotonic() - start,
                    )
                )
        result.seconds = time.monotonic() - start
    _write_index(out_dir, articles, result, model)
    return result
