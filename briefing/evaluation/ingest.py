"""Score HTML ingest on a labelled folder laid out like ``evaldata/html-de/``.

The folder holds ``gold.jsonl`` (one object per page: ``file``, ``url``, ``dates``, ``with``,
``without``) and the pages it names. Dates are right when the extracted day equals one of the
gold ``dates`` (pages with gold dates only); boilerplate is scored over all pages: a ``with``
snippet found in the whitespace-normalised text is a true positive, missing a false negative;
a ``without`` snippet found is a false positive, absent a true negative.

A page briefing skips as "not an article" (a recipe, a shop page, a list of links) is left out
of every system's figures, so that both are scored on the same pages and a skip is neither a
silent date error and F1 loss nor a page that vanishes unseen: :func:`format_skipped` lists the
skipped pages with their reasons and the figures with each skip counted as a miss.
"""

from __future__ import annotations

import hashlib
import logging
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..config import Settings
from ..errors import InputError
from ..ingest.html_clean import NOT_AN_ARTICLE
from ..jsonl import json_lines

__all__ = [
    "SPLITS",
    "SYSTEMS",
    "Break",
    "CalibrationRow",
    "GoldPage",
    "PageResult",
    "SystemScore",
    "calibration",
    "evaluate",
    "evaluate_pages",
    "format_breaks",
    "format_calibration",
    "format_skipped",
    "format_table",
    "htmldate_breaks",
    "kept_pages",
    "load_gold",
    "normalise",
    "score_system",
    "select_split",
    "split_of",
]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

BRIEFING = "briefing"
BASELINE = "trafilatura+htmldate"
SYSTEMS = (BRIEFING, BASELINE)
# The dev pages are halved by a hash of their file name: rules are tuned on "tune" and checked
# on "check", so a figure on "check" says how a change generalises to pages it was not fitted to.
SPLITS = ("tune", "check")


def split_of(name: str) -> str:
    """The half ("tune" or "check") a page or record belongs to, from a hash of its name."""
    base = name.rsplit("/", 1)[-1]
    return SPLITS[hashlib.sha256(base.encode("utf-8")).digest()[0] % 2]


def select_split(items: Sequence[_T], key: Callable[[_T], str], split: str | None) -> list[_T]:
    """The items of one half (all of them when ``split`` is None)."""
    if split is None:
        return list(items)
    if split not in SPLITS:
        raise InputError(f"unknown split '{split}' (known: {', '.join(SPLITS)})")
    return [item for item in items if split_of(key(item)) == split]


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
    confidence: float | None = None  # the system's date confidence, when it gives one
    method: str = ""  # the sources that named the system's date ("url+meta", "htmldate")
    skipped: str = ""  # why the system skipped the page as not an article ("" when it did not)


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
    """Collapse every run of whitespace to one space and drop invisible characters (soft
    hyphens, zero-width spaces: some gold snippets carry them, and a reader never sees them)."""
    from ..ingest.sanitize import INVISIBLE

    if any(c in INVISIBLE for c in text):
        text = "".join(c for c in text if c not in INVISIBLE)
    return " ".join(text.split())


def load_gold(folder: Path, limit: int | None = None) -> list[GoldPage]:
    """Read ``folder/gold.jsonl``; a broken line is logged and left out."""
    path = Path(folder) / "gold.jsonl"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no gold.jsonl in the evaluation folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the gold file: {exc}") from None
    pages: list[GoldPage] = []
    for number, obj, problem in json_lines(text):
        if problem:
            log.warning("%s:%d: gold line skipped: %s", path, number, problem)
            continue
        try:
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


def kept_pages(gold: Sequence[GoldPage], results: Sequence[PageResult]) -> list[GoldPage]:
    """The gold pages the system (briefing) did not skip as not an article: the pages every
    system is scored on."""
    skipped = {r.file for r in results if r.skipped}
    return [page for page in gold if page.file not in skipped]


def format_skipped(gold: Sequence[GoldPage], results: Sequence[PageResult]) -> str:
    """The pages skipped as not an article, their reasons, and briefing's figures over all pages
    with each skipped page counted as a miss (its dates wrong, its ``with`` snippets lost)."""
    by_file = {r.file: r for r in results}
    skipped = [(p, by_file[p.file].skipped) for p in gold if p.file in by_file]
    skipped = [(p, why) for p, why in skipped if why]
    dated = sum(1 for p, _ in skipped if p.dates)
    snippets = sum(len(p.with_) for p, _ in skipped)
    strict = score_system(BRIEFING, gold, results)
    lines = [
        f"pages skipped as not an article: {len(skipped)} ({dated} dated, {snippets} 'with' "
        f"snippets), left out of every system's figures above; counted as misses instead: "
        f"date acc {strict.date_accuracy:.3f}, F1 {strict.f1:.3f}"
    ]
    lines.extend(f"  {p.file}: {why}" for p, why in skipped)
    return "\n".join(lines)


_Run = Callable[[GoldPage, str], tuple[str, str | None, float | None, str, str]]


def _briefing_system(settings: Settings) -> _Run:
    from ..ingest.html import parse_html

    options = settings.ingest_options()

    def run(page: GoldPage, html: str) -> tuple[str, str | None, float | None, str, str]:
        try:
            article = parse_html(html, path=page.file, settings=options, url=page.url)
        except InputError as exc:
            log.info("%s", exc)
            message = str(exc)
            why = message.partition(NOT_AN_ARTICLE)[2] if NOT_AN_ARTICLE in message else ""
            return "", None, None, "", why
        day = article.date.isoformat() if article.date else None
        conf = article.date_confidence if day else None
        return article.text, day, conf, article.date_method, ""

    return run


def _baseline_system() -> _Run:
    import trafilatura
    from htmldate import find_date

    def run(page: GoldPage, html: str) -> tuple[str, str | None, float | None, str, str]:
        text = trafilatura.extract(html, url=page.url) or ""
        date = find_date(html, url=page.url, extensive_search=True, original_date=True)
        return text, date, None, "htmldate", ""

    return run


def _runners(systems: Sequence[str], settings: Settings) -> dict[str, _Run]:
    runners: dict[str, _Run] = {}
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
            text, date, confidence, method, skipped = run(page, html)
            seconds = time.perf_counter() - start
            results[name].append(
                PageResult(page.file, text, date, seconds, confidence, method, skipped)
            )
    return results


def evaluate(folder: Path, settings: Settings | None = None, **options: Any) -> list[SystemScore]:
    """Run each system on every gold page (of one ``split`` half) and score it (the options
    of :func:`evaluate_pages`)."""
    return evaluate_pages(folder, settings, **options)[0]


def evaluate_pages(
    folder: Path,
    settings: Settings | None = None,
    *,
    limit: int | None = None,
    systems: Iterable[str] = SYSTEMS,
    workers: int = 1,
    split: str | None = None,
) -> tuple[list[SystemScore], list[GoldPage], dict[str, list[PageResult]]]:
    """The scores, the gold pages of the half and each system's page results (``workers`` > 1
    uses a process pool). The scores leave out the pages briefing skipped as not an article
    (:func:`kept_pages`)."""
    settings = settings or Settings()
    names = list(systems)
    _runners(names, settings)  # unknown system names fail before any work
    gold = select_split(load_gold(folder), lambda p: p.file, split)
    if limit is not None:
        gold = gold[:limit]
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
    scored = kept_pages(gold, results.get(BRIEFING, []))
    return [score_system(name, scored, results[name]) for name in names], gold, results


# Confidence bins of the calibration table: [low, high).
CALIBRATION_BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


@dataclass(frozen=True)
class CalibrationRow:
    low: float
    high: float
    pages: int
    correct: int

    @property
    def accuracy(self) -> float:
        return _ratio(self.correct, self.pages)


def calibration(gold: Sequence[GoldPage], results: Sequence[PageResult]) -> list[CalibrationRow]:
    """Dated pages by the system's date confidence: how often each confidence bin is right.

    A page with no date, or a date the system gives no confidence for, counts in the lowest bin.
    """
    by_file = {r.file: r for r in results}
    counts = [[0, 0] for _ in CALIBRATION_BINS]
    for page in gold:
        if not page.dates:
            continue
        result = by_file.get(page.file)
        conf = result.confidence if result and result.confidence is not None else 0.0
        right = bool(result and result.date in page.dates)
        for i, (low, high) in enumerate(CALIBRATION_BINS):
            if low <= conf < high:
                counts[i][0] += 1
                counts[i][1] += right
                break
    return [
        CalibrationRow(low, high, n, k)
        for (low, high), (n, k) in zip(CALIBRATION_BINS, counts, strict=True)
    ]


def format_calibration(rows: Sequence[CalibrationRow]) -> str:
    """The calibration table, plus the share right among dates of confidence >= 0.8."""
    lines = [f"{'confidence':<12} {'pages':>6} {'right':>6} {'accuracy':>8}"]
    for row in rows:
        high = min(row.high, 1.0)
        lines.append(
            f"{row.low:.1f}-{high:.1f}{'':<5} {row.pages:>6} {row.correct:>6} {row.accuracy:>8.3f}"
        )
    sure = [r for r in rows if r.low >= 0.8]
    n, k = sum(r.pages for r in sure), sum(r.correct for r in sure)
    lines.append(f"{'>= 0.8':<12} {n:>6} {k:>6} {_ratio(k, n):>8.3f}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Break:
    """A dated page whose date htmldate alone gets right and the system gets wrong."""

    file: str
    gold: tuple[str, ...]
    date: str | None
    htmldate: str
    method: str

    @property
    def contradicted(self) -> bool:
        """Whether a source other than htmldate named the system's day (a deliberate overrule,
        not htmldate's guess lost by the system's own rules failing)."""
        return self.date is not None and self.method not in {"", "htmldate"}


def htmldate_breaks(
    gold: Sequence[GoldPage], ours: Sequence[PageResult], baseline: Sequence[PageResult]
) -> list[Break]:
    """The dated pages where the baseline's (htmldate's) date is right and ours is wrong."""
    mine = {r.file: r for r in ours}
    theirs = {r.file: r for r in baseline}
    breaks: list[Break] = []
    for page in gold:
        got, base = mine.get(page.file), theirs.get(page.file)
        if not page.dates or base is None or base.date not in page.dates:
            continue
        if got is not None and got.date in page.dates:
            continue
        breaks.append(
            Break(
                page.file,
                page.dates,
                got.date if got else None,
                str(base.date),
                got.method if got else "",
            )
        )
    return breaks


def format_breaks(breaks: Sequence[Break]) -> str:
    """One line per page where the system breaks htmldate's right date, with its sources."""
    lines = [f"pages where briefing breaks htmldate's right date: {len(breaks)}"]
    for b in breaks:
        why = f"overruled by {b.method}" if b.contradicted else "no source contradicts htmldate"
        lines.append(
            f"  {b.file}: gold {'/'.join(b.gold)}, briefing {b.date or '-'}, "
            f"htmldate {b.htmldate} ({why})"
        )
    return "\n".join(lines)


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
