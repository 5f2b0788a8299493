"""Score summarizers against reference summaries: ROUGE-1/2/L F1 on German Snowball stems.

Tokens are the lower-cased runs of letters of a text, each reduced to its German Snowball stem.
ROUGE-N is the F1 of clipped n-gram overlap; ROUGE-L the F1 of the longest common subsequence
of the two token sequences. Scores are averaged over records and shown as percentages.

References come from a JSONL file (records with ``text`` and ``reference``, the format of
``evaldata/summaries/``) or from a folder laid out like ``evaldata/html-de/`` (``gold.jsonl``
with a ``description`` per page). A page is read as the pipeline reads it (``briefing.ingest``:
a page it skips, e.g. as "not an article", is skipped here for every algorithm, with the
reason logged) and summarised as the article it becomes; ``extractor="trafilatura"`` scores
trafilatura's text instead (the baseline of the evaldata README's anchors).
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..jsonl import json_lines
from ..models import Article

__all__ = [
    "EXTRACTORS",
    "LEAD3",
    "AlgorithmScore",
    "EvalRecord",
    "Rouge",
    "evaluate",
    "format_table",
    "lead_sentences",
    "load_records",
    "rouge",
    "rouge_l",
    "rouge_n",
    "rouge_tokens",
]

log = logging.getLogger(__name__)

LEAD3 = "lead-3"  # the plain baseline: the first three sentences of the text, nothing filtered
_LETTERS_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
EXTRACTORS = ("briefing", "trafilatura")  # how an html-de page becomes the text summarised


@dataclass(frozen=True)
class EvalRecord:
    id: str
    text: str
    reference: str
    language: str = "de"
    article: Article | None = None  # the page as the pipeline read it (html-de folders)


@dataclass(frozen=True)
class Rouge:
    r1: float
    r2: float
    rl: float


@dataclass(frozen=True)
class AlgorithmScore:
    algorithm: str
    records: int
    r1: float  # mean F1 in percent
    r2: float
    rl: float
    seconds: float  # total summarizing time

    def to_dict(self) -> dict[str, object]:
        return {
            "algorithm": self.algorithm,
            "records": self.records,
            "rouge1": round(self.r1, 2),
            "rouge2": round(self.r2, 2),
            "rougeL": round(self.rl, 2),
            "seconds": round(self.seconds, 3),
        }


def rouge_tokens(text: str, language: str = "de") -> list[str]:
    """Lower-cased letter runs of ``text``, stemmed with the Snowball stemmer of ``language``."""
    from ..text import stems

    return stems(_LETTERS_RE.findall(text.lower()), language)


def _f1(overlap: int, n_candidate: int, n_reference: int) -> float:
    if overlap == 0 or n_candidate == 0 or n_reference == 0:
        return 0.0
    precision = overlap / n_candidate
    recall = overlap / n_reference
    return 2 * precision * recall / (precision + recall)


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    """ROUGE-N F1 of two token sequences (n-gram counts clipped to the reference's)."""
    cand = Counter(tuple(candidate[i : i + n]) for i in range(len(candidate) - n + 1))
    ref = Counter(tuple(reference[i : i + n]) for i in range(len(reference) - n + 1))
    overlap = sum((cand & ref).values())
    return _f1(overlap, sum(cand.values()), sum(ref.values()))


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-L F1: longest common subsequence over candidate and reference lengths."""
    return _f1(_lcs(candidate, reference), len(candidate), len(reference))


def rouge(summary: str, reference: str, language: str = "de") -> Rouge:
    """ROUGE-1/2/L F1 (0..1) of a summary text against a reference text."""
    cand = rouge_tokens(summary, language)
    ref = rouge_tokens(reference, language)
    return Rouge(rouge_n(cand, ref, 1), rouge_n(cand, ref, 2), rouge_l(cand, ref))


def lead_sentences(text: str, n: int, language: str = "de") -> list[str]:
    """The first ``n`` sentences of ``text`` (each line split on its own), nothing filtered."""
    from ..text import split_sentences

    out: list[str] = []
    for line in text.splitlines():
        for sentence in split_sentences(line, language):
            if len(out) >= n:
                return out
            out.append(sentence)
    return out


def _load_jsonl(path: Path, limit: int | None) -> list[EvalRecord]:
    records: list[EvalRecord] = []
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    for number, obj, problem in json_lines(raw):
        if problem:
            log.warning("%s:%d: record skipped: %s", path, number, problem)
            continue
        try:
            text, reference = obj["text"], obj["reference"]
            if not isinstance(text, str) or not isinstance(reference, str):
                raise TypeError("'text' and 'reference' must be strings")
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("%s:%d: record skipped: %s", path, number, exc)
            continue
        if not text.strip() or not reference.strip():
            log.warning("%s:%d: record skipped: empty text or reference", path, number)
            continue
        lang = obj.get("language") or "de"
        records.append(EvalRecord(str(obj.get("id", number)), text, reference, str(lang)))
        if limit is not None and len(records) >= limit:
            break
    return records


def _page_record(path: Path, name: str, reference: str, url: str | None) -> EvalRecord | None:
    """A page read as the pipeline reads a saved page: its article, or None (reason logged)."""
    from ..config import Settings
    from ..ingest import finish_articles, read_file

    options = Settings().ingest_options()
    try:
        articles = finish_articles(read_file(path, options), options)
    except InputError as exc:
        log.warning("%s: page skipped: %s", path, str(exc).removeprefix(f"{path}: "))
        return None
    if not articles or not articles[0].paragraphs:
        log.warning("%s: page skipped: no text extracted", path)
        return None
    article = articles[0]
    text = "\n".join(p.text for p in article.paragraphs)
    return EvalRecord(name, text, reference, article.language or "de", article)


def _trafilatura_record(
    path: Path, name: str, reference: str, url: str | None
) -> EvalRecord | None:
    import trafilatura

    from ..ingest.encoding import decode_html

    try:
        html = decode_html(path.read_bytes(), str(path))
    except OSError as exc:
        log.warning("%s: page skipped: %s", path, exc.strerror)
        return None
    text = trafilatura.extract(html, url=url) or ""
    if not text.strip():
        log.warning("%s: page skipped: no text extracted", path)
        return None
    return EvalRecord(name, text, reference, "de")


def _load_html_folder(folder: Path, limit: int | None, extractor: str) -> list[EvalRecord]:
    read = _trafilatura_record if extractor == "trafilatura" else _page_record
    gold = folder / "gold.jsonl"
    try:
        raw = gold.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{gold}: cannot read: {exc.strerror}") from None
    records: list[EvalRecord] = []
    for number, obj, problem in json_lines(raw):
        if problem:
            log.warning("%s:%d: gold line skipped: %s", gold, number, problem)
            continue
        try:
            name = str(obj["file"])
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("%s:%d: gold line skipped: %s", gold, number, exc)
            continue
        reference = (obj.get("description") or "").strip()
        if not reference:
            continue  # no teaser to compare with
        if not (folder / name).is_file():
            log.warning("%s: page skipped: no such file", folder / name)
            continue
        record = read(folder / name, name, reference, obj.get("url"))
        if record is None:
            continue
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records


def load_records(
    path: Path, limit: int | None = None, extractor: str = "briefing"
) -> list[EvalRecord]:
    """Records with text and reference from a JSONL file or an html-de style folder (its pages
    read by ``extractor``, one of :data:`EXTRACTORS`)."""
    path = Path(path)
    if extractor not in EXTRACTORS:
        raise InputError(f"unknown extractor '{extractor}' (known: {', '.join(EXTRACTORS)})")
    if path.is_dir():
        if not (path / "gold.jsonl").is_file():
            raise InputError(f"{path}: folder has no gold.jsonl")
        records = _load_html_folder(path, limit, extractor)
    elif path.is_file():
        records = _load_jsonl(path, limit)
    else:
        raise InputError(f"{path}: no such file or folder")
    if not records:
        raise InputError(f"{path}: no usable records (need 'text' and 'reference')")
    return records


Summarizer = Callable[[EvalRecord], str]


def _system(algorithm: str, sentences: int, words: int | None) -> Summarizer:
    if algorithm == LEAD3:
        return lambda r: " ".join(lead_sentences(r.text, 3, r.language))
    from ..summarize import summarize_story, summarize_text

    def run(record: EvalRecord) -> str:
        if record.article is not None:
            story = summarize_story(
                [record.article],
                algorithm=algorithm,
                sentences=sentences,
                words=words,
                language=record.language,
            )
            return " ".join(s.text for s in story)
        got = summarize_text(
            record.text,
            language=record.language,
            algorithm=algorithm,
            sentences=sentences,
            words=words,
        )
        return " ".join(got)

    return run


def evaluate(
    records: Sequence[EvalRecord],
    algorithms: Sequence[str],
    *,
    sentences: int = 3,
    words: int | None = None,
) -> list[AlgorithmScore]:
    """Mean ROUGE F1 of each algorithm over ``records``; Lead-3 is always scored first."""
    names = [LEAD3, *[a for a in algorithms if a != LEAD3]]
    refs = [rouge_tokens(r.reference, r.language) for r in records]
    scores: list[AlgorithmScore] = []
    for name in names:
        system = _system(name, sentences, words)
        totals = [0.0, 0.0, 0.0]
        seconds = 0.0
        for record, ref in zip(records, refs, strict=True):
            start = time.perf_counter()
            summary = system(record)
            seconds += time.perf_counter() - start
            cand = rouge_tokens(summary, record.language)
            totals[0] += rouge_n(cand, ref, 1)
            totals[1] += rouge_n(cand, ref, 2)
            totals[2] += rouge_l(cand, ref)
        n = max(len(records), 1)
        r1, r2, rl = (100 * t / n for t in totals)
        scores.append(AlgorithmScore(name, len(records), r1, r2, rl, seconds=seconds))
    return scores


def format_table(scores: Sequence[AlgorithmScore]) -> str:
    """A plain-text table: algorithm, records, ROUGE-1/2/L F1 (%), seconds."""
    lines = [f"{'algorithm':<12} {'records':>7} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'seconds':>8}"]
    for s in scores:
        lines.append(
            f"{s.algorithm:<12} {s.records:>7} {s.r1:>6.1f} {s.r2:>6.1f} {s.rl:>6.1f} "
            f"{s.seconds:>8.2f}"
        )
    return "\n".join(lines)
