"""Score HTML ingest on a labelled folder laid out like ``evaldata/html-de/``.

The folder holds ``gold.jsonl`` (one object per page: ``file``, ``url``, ``dates``, ``with``,
``without``) and the pages it names. Dates are right when the extracted day equals one of the
gold ``dates`` (pages with gold dates only); boilerplate is scored over all pages: a ``with``
snippet found in the whitespace-normalised text is a true positive, missing a false negative;
a ``without`` snippet found is a false positive, absent a true negative.
"""

from __future__ import annotations

import json
import logging
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..config import Settings
from ..errors import InputError

__all__ = [
    "GoldPage",
    "PageResult",
    "SystemScore",
    "normalise",
    "load_gold",
    "score_system",
    "evaluate",
    "format_table",
    "SYSTEMS",
]

log = logging.getLogger(__name__)

BRIEFING = "briefing"
BASELINE = "trafilatura+htmldate"
SYSTEMS = (BRIEFING, BASELINE)


@dataclass(frozen=True)
class GoldPage:
    file: str
    url: str | None
    dates: tuple[str, ...]
    with_: tuple[str, ...]
    without: tuple[str, ...]
    html_lang: str = ""


@dataclass(frozen=True)
class PageResult:
    file: str
    text: str
    date: str | None  # YYYY-MM-DD
    seconds: float


@dataclass(frozen=True)
class SystemScore:
    system: str
    pages: int
    dated_pages: int
    dates_correct: int
    date_accuracy: float
    tp: int
    fn: int
    fp: int
    tn: int
    precision: float
    recall: float
    f1: float
    median_seconds: float

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space (the snippet matching rule)."""
    return " ".join(text.split())


def load_gold(folder: Path, limit: int | None = None) -> list[GoldPage]:
    """Read ``folder/gold.jsonl``; a broken line is logged and left out."""
    path = Path(folder) / "gold.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no gold.jsonl in the evaluation folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the gold file: {exc}") from None
    pages: list[GoldPage] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            pages.append(
                GoldPage(
                    file=str(obj["file"]),
                    url=obj.get("url") or None,
                    dates=tuple(obj.get("dates") or ()),
                    with_=tuple(obj.get("with") or ()),
                    without=tuple(obj.get("without") or ()),
                    html_lang=obj.get("html_lang") or "",
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("%s:%d: gold line skipped: %s", path, number, exc)
            continue
        if limit is not None and len(pages) >= limit:
            break
    if not pages:
        raise InputError(f"{path}: no usable gold pages")
    return pages


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _ratio_f(a: float, b: float) -> float:
    return a / b if b else 0.0


def score_system(
    system: str, gold: Sequence[GoldPage], results: Sequence[PageResult]
) -> SystemScore:
    """Score one system's results against the gold pages (matched by ``file``)."""
    by_file = {r.file: r for r in results}
    dated = correct = tp = fn = fp = tn = 0
    seconds: list[float] = []
    for page in gold:
        result = by_file.get(page.file)
        text = normalise(result.text) if result else ""
        if result:
            seconds.append(result.seconds)
        if page.dates:
            dated += 1
            if result and result.date in page.dates:
                correct += 1
        for snippet in page.with_:
            if normalise(snippet) in text:
                tp += 1
            else:
                fn += 1
        for snippet in page.without:
            if normalise(snippet) in text:
                fp += 1
            else:
                tn += 1
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio_f(2 * precision * recall, precision + recall)
    return SystemScore(
        system=system,
        pages=len(gold),
        dated_pages=dated,
        dates_correct=correct,
        date_accuracy=_ratio(correct, dated),
        tp=tp,
        fn=fn,
        fp=fp,
        tn=tn,
        precision=precision,
        recall=recall,
        f1=f1,
        median_seconds=statistics.median(seconds) if seconds else 0.0,
    )


def _briefing_system(settings: Settings) -> Callable[[GoldPage, str], tuple[str, str | None]]:
    from ..ingest.html import parse_html

    def run(page: GoldPage, html: str) -> tuple[str, str | None]:
        try:
            article = parse_html(html, path=page.file, settings=settings, url=page.url)
        except InputError as exc:
            log.info("%s", exc)
            return "", None
        return article.text, article.date.isoformat() if article.date else None

    return run


def _baseline_system() -> Callable[[GoldPage, str], tuple[str, str | None]]:
    import trafilatura
    from htmldate import find_date

    def run(page: GoldPage, html: str) -> tuple[str, str | None]:
        text = trafilatura.extract(html, url=page.url) or ""
        date = find_date(html, url=page.url, extensive_search=True, original_date=True)
        return text, date

    return run


def _runners(
    systems: Sequence[str], settings: Settings
) -> dict[str, Callable[[GoldPage, str], tuple[str, str | None]]]:
    runners: dict[str, Callable[[GoldPage, str], tuple[str, str | None]]] = {}
    for name in systems:
        if name == BRIEFING:
            runners[name] = _briefing_system(settings)
        elif name == BASELINE:
            runners[name] = _baseline_system()
        else:
            raise InputError(f"unknown system '{name}' (known: {', '.join(SYSTEMS)})")
    return runners


def _run_pages(
    folder: Path, pages: Sequence[GoldPage], systems: Sequence[str], settings: Settings
) -> dict[str, list[PageResult]]:
    """Each system on each page, the systems interleaved page by page (same load for both)."""
    from ..ingest.encoding import decode_html

    runners = _runners(systems, settings)
    results: dict[str, list[PageResult]] = {name: [] for name in runners}
    for page in pages:
        path = Path(folder) / page.file
        try:
            html = decode_html(path.read_bytes(), str(path))
        except OSError as exc:
            log.warning("%s: cannot read page: %s", path, exc.strerror)
            continue
        except InputError as exc:
            log.warning("%s", exc)
            continue
        for name, run in runners.items():
            start = time.perf_counter()
            text, date = run(page, html)
            results[name].append(PageResult(page.file, text, date, time.perf_counter() - start))
    return results


def evaluate(
    folder: Path,
    settings: Settings | None = None,
    *,
    limit: int | None = None,
    systems: Iterable[str] = SYSTEMS,
    workers: int = 1,
) -> list[SystemScore]:
    """Run each system on every gold page and score it; ``workers`` > 1 uses a process pool."""
    settings = settings or Settings()
    names = list(systems)
    _runners(names, settings)  # unknown system names fail before any work
    gold = load_gold(folder, limit)
    if workers <= 1:
        results = _run_pages(folder, gold, names, settings)
    else:
        from concurrent.futures import ProcessPoolExecutor

        shares = [gold[i::workers] for i in range(workers)]
        results = {name: [] for name in names}
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_run_pages, folder, share, names, settings) for share in shares]
            for future in futures:
                for name, got in future.result().items():
                    results[name].extend(got)
    return [score_system(name, gold, results[name]) for name in names]


def format_table(scores: Sequence[SystemScore]) -> str:
    """A plain-text table: one row per system."""
    header = (
        f"{'system':<22} {'date acc':>8} {'P':>6} {'R':>6} {'F1':>6} {'s/page':>7}  "
        f"(dated pages, snippets)"
    )
    rows = [header, "-" * len(header)]
    for s in scores:
        rows.append(
            f"{s.system:<22} {s.date_accuracy:>8.3f} {s.precision:>6.3f} {s.recall:>6.3f} "
            f"{s.f1:>6.3f} {s.median_seconds:>7.3f}  "
            f"({s.dates_correct}/{s.dated_pages}, tp={s.tp} fn={s.fn} fp={s.fp} tn={s.tn})"
        )
    return "\n".join(rows)
