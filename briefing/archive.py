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
from .fsutil import atomic_write_text
from .models import Article, Skipped

__all__ = [
    "ArchiveResult",
    "Progress",
    "translate_archive",
    "find_model",
    "article_key",
    "translate_chunk",
]

log = logging.getLogger(__name__)

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


def find_model(from_code: str, to_code: str) -> Path:
    """The installed Argos package directory for the pair; ``ModelError`` when there is none."""
    from argostranslate import package as argos_package  # package management only, no torch

    for pkg in argos_package.get_installed_packages():
        if pkg.from_code == from_code and pkg.to_code == to_code:
            return Path(pkg.package_path)
    raise ModelError(
        f"no translation model for {from_code}->{to_code} is installed; "
        f"install one with: briefing models install {from_code} {to_code}"
    )


class _Engine:
    """CTranslate2 + SentencePiece straight from an Argos package directory."""

    def __init__(self, package_dir: str, device: str, compute_type: str) -> None:
        import ctranslate2
        from argostranslate.package import Package

        pkg = Package(Path(package_dir))
        self.tokenizer = pkg.tokenizer
        self.target_prefix = pkg.target_prefix or ""
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        try:
            self.translator = ctranslate2.Translator(
                str(Path(package_dir) / "model"), device=device, compute_type=compute_type
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{package_dir}: cannot load the translation model: {exc}") from None

    def translate(self, sentences: list[str], beam_size: int, batch_size: int) -> list[str]:
        if not sentences:
            return []
        tokens = [self.tokenizer.encode(s) for s in sentences]
        # Sorted by length so each batch holds similar lengths (little padding).
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        prefix = [[self.target_prefix]] * len(order) if self.target_prefix else None
        results = self.translator.translate_batch(
            [tokens[i] for i in order],
            target_prefix=prefix,
            max_batch_size=batch_size,
            beam_size=beam_size,
            replace_unknowns=True,
        )
        out = [""] * len(sentences)
        for i, res in zip(order, results, strict=True):
            text = self.tokenizer.decode(res.hypotheses[0])
            if self.target_prefix and text.startswith(self.target_prefix):
                text = text[len(self.target_prefix) :]
            out[i] = text.strip()
        return out


def _engine(package_dir: str, device: str, compute_type: str) -> _Engine:
    from .executor import worker_resource

    return worker_resource(
        ("archive-engine", package_dir, device, compute_type),
        partial(_Engine, package_dir, device, compute_type),
    )


def _article_payload(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "path": a.path,
        "title": a.title,
        "date": a.date.isoformat() if a.date else None,
        "source": a.source,
        "url": a.url,
        "language": a.language,
        "paragraphs": [(p.text, p.heading) for p in a.paragraphs],
    }


def translate_chunk(
    chunk: list[dict[str, Any]],
    *,
    package_dir: str,
    from_code: str,
    to_code: str,
    device: str = "cpu",
    compute_type: str = "int8",
    beam_size: int = 2,
    batch_size: int = 32,
) -> list[dict[str, Any]]:
    """Translate a chunk of articles (payload dicts) in one batch stream; runs on a worker."""
    from .text import split_sentences

    engine = _engine(package_dir, device, compute_type)
    # Flatten every title and paragraph sentence of the chunk into one batch.
    flat: list[str] = []
    layout: list[tuple[int | None, list[tuple[bool, list[int]]]]] = []
    for art in chunk:
        title_ix: int | None = None
        if art["title"]:
            title_ix = len(flat)
            flat.append(art["title"])
        paras: list[tuple[bool, list[int]]] = []
        for text, heading in art["paragraphs"]:
            sents = [text] if heading else split_sentences(text, from_code)
            ixs = list(range(len(flat), len(flat) + len(sents)))
            flat.extend(sents)
            paras.append((heading, ixs))
        layout.append((title_ix, paras))
    translated = engine.translate(flat, beam_size, batch_size)

    out: list[dict[str, Any]] = []
    for art, (title_ix, paras) in zip(chunk, layout, strict=True):
        paragraphs = [
            {
                "heading": heading,
                "sentences": [{"original": flat[i], "text": translated[i]} for i in ixs],
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


def _write_index(out_dir: Path, articles: Sequence[Article], result: ArchiveResult,
                 model: Path) -> None:
    done = _finished(out_dir / ARTICLES_DIR)
    lines = []
    for a in articles:
        key = article_key(a.id)
        if key in done:
            lines.append(json.dumps({"id": a.id, "file": f"{ARTICLES_DIR}/{key}.json"},
                                    ensure_ascii=False))
    atomic_write_text(out_dir / "index.jsonl", "".join(line + "\n" for line in lines))
    summary = {
        "model": str(model),
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
    result = ArchiveResult(out_dir=out_dir)
    crash_after = int(os.environ.get(_CRASH_ENV, "0") or 0)

    with get_executor(settings) as executor:
        ingest = read_inputs_with(executor, list(settings.inputs), settings)
        result.skipped = list(ingest.skipped)
        for s in ingest.skipped:
            log.warning("skipped %s: %s", s.path, s.reason)
        # Unique ids, input order: a repeated id (same file named twice) is one article.
        articles: list[Article] = list({a.id: a for a in ingest.articles}.values())
        if not articles:
            raise InputError(
                "no readable article in " + ", ".join(str(p) for p in settings.inputs)
            )
        wrong = [a for a in articles if a.language != from_code]
        for a in wrong:
            log.warning("%s: language '%s', not '%s'; translated as '%s' anyway",
                        a.path, a.language, from_code, from_code)
        done = _finished(articles_dir)
        pending = [a for a in articles if article_key(a.id) not in done]
        result.total = len(articles)
        result.already_done = result.total - len(pending)
        if result.already_done:
            log.info("%d of %d articles already translated; resuming",
                     result.already_done, result.total)
        chunks = [
            [_article_payload(a) for a in pending[i : i + chunk_articles]]
            for i in range(0, len(pending), chunk_articles)
        ]
        task = partial(
            translate_chunk,
            package_dir=str(model),
            from_code=from_code,
            to_code=to_code,
            device=settings.device,
            compute_type=settings.compute_type,
            beam_size=settings.beam_size,
            batch_size=settings.translate_batch_size,
        )
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
                progress(Progress(result.already_done + result.translated, result.total,
                                  result.translated, time.monotonic() - start))
        result.seconds = time.monotonic() - start
    _write_index(out_dir, articles, result, model)
    return result
