"""Refit the default summarizer's sentence scorer and report cross-validated ROUGE.

    PYTHONPATH=. python scripts/fit_sentence_scorer.py \
        ../shared/evaldata/summaries/10kgnad-lead-dev.jsonl ../shared/evaldata/html-de \
        [--write briefing/summarize/_weights.py]

Each usable sentence of a document is one example: its features (``_scorer.FEATURES``,
standardised) and, as the target, its ROUGE-1 precision against the document's reference
summary (the share of its stemmed words that the reference uses), less the mean of its
document's sentences (the scorer only ever compares sentences of one story). A ridge
regression over these few features is the scorer; its penalty is chosen by cross-validation
grouped by outlet (the host of an html-de page's URL; every 10kGNAD record is one derStandard
document, so there a document is its own group): no fold ever scores a document of an outlet
it was fitted on.

The shipped weights are fitted on the whole dev sets (``--fit all``, the default; penalty chosen
by grouped cross-validation over them) and reported by their cross-validated figures (each fold
summarised by a fit that never saw it), never in-sample ones. Beside them, as held-back
evidence: a fit on the "tune" halves only (the file-name/id hash of ``briefing eval ...
--split``; penalty chosen by CV on the tune halves) scores the "check" halves, data it never
saw. ``--fit tune`` ships that tune-half fit instead. Lead-3 (the first three sentences of the
text, as ``briefing eval summaries`` scores it) is scored beside every figure. html-de pages
are read as the pipeline reads them (``briefing.evaluation.summaries.load_records``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from briefing.evaluation.ingest import split_of
from briefing.evaluation.summaries import (
    EvalRecord,
    lead_sentences,
    load_records,
    rouge_l,
    rouge_n,
    rouge_tokens,
)
from briefing.summarize import DEPTH_FACTOR, MIN_DEPTH, select_lead_length, text_to_article
from briefing.summarize._candidates import Candidate, candidates, first_lines
from briefing.summarize._scorer import FEATURES, sentence_features
from briefing.summarize._select import drop_repeats, rank_default, select

RIDGES = (10.0, 100.0, 1000.0, 3000.0, 10000.0, 30000.0)  # penalties tried (features standardised)
FOLDS = 5
SENTENCES = 3


class Doc:
    """One record's usable candidates, their features and targets, and its reference."""

    def __init__(self, source: str, group: str, record: EvalRecord) -> None:
        self.source = source
        self.group = group
        self.record = record
        self.ref = rouge_tokens(record.reference, record.language)
        article = record.article or text_to_article(record.text, language=record.language)
        depth = max(MIN_DEPTH, math.ceil(DEPTH_FACTOR * SENTENCES))
        self.cands = candidates([article], record.language, depth)
        self.usable: list[Candidate] = drop_repeats(self.cands)
        feats = sentence_features(self.usable)
        self.x = np.array([feats[id(c)] for c in self.usable], dtype=float).reshape(
            -1, len(FEATURES)
        )
        ref = set(self.ref)
        toks = [rouge_tokens(c.text, record.language) for c in self.usable]
        self.y = np.array([sum(t in ref for t in tk) / max(len(tk), 1) for tk in toks])
        lead = rouge_tokens(" ".join(lead_sentences(record.text, 3, record.language)))
        self.lead3 = (rouge_n(lead, self.ref, 1), rouge_l(lead, self.ref))


def fold_of(doc: Doc) -> int:
    return hashlib.sha256(f"{doc.source}:{doc.group}".encode()).digest()[1] % FOLDS


def fit(docs: Sequence[Doc], ridge: float) -> list[float]:
    """Ridge regression of sentence ROUGE-1 precision (less its document's mean) on the
    standardised features (intercept not penalised), each dev set weighted alike; weights
    returned on the raw feature scale."""
    used = [d for d in docs if len(d.y)]
    per_source: dict[str, int] = {}
    for d in used:
        per_source[d.source] = per_source.get(d.source, 0) + 1
    x = np.vstack([d.x for d in used])
    # A summary ranks sentences within one document: each target is taken from its document's
    # mean, so the features explain which sentence of a page is better, not which page is easier.
    y = np.concatenate([d.y - d.y.mean() for d in used])
    w = np.concatenate([np.full(len(d.y), 1.0 / per_source[d.source]) for d in used])
    w /= w.mean()
    mean = np.average(x, axis=0, weights=w)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w))
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    penalty = ridge * np.eye(z.shape[1])
    penalty[0, 0] = 0.0
    weighted = z * w[:, None]
    coef = np.linalg.solve(z.T @ weighted + penalty, weighted.T @ y)
    raw = coef[1:] / scale
    return [float(coef[0] - raw @ mean), *(float(v) for v in raw)]


def summary_scores(doc: Doc, weights: Sequence[float]) -> tuple[float, float, int]:
    """ROUGE-1 and ROUGE-L F1 and the words of the document's summary under ``weights``."""
    chosen = select_lead_length(rank_default(doc.usable, weights), SENTENCES, doc.cands)
    if not chosen:  # as summarize_story: no usable sentence, the text's first lines
        chosen = select(first_lines(doc.cands), sentences=SENTENCES, words=None)
    text = " ".join(c.text for c in chosen)
    cand = rouge_tokens(text, doc.record.language)
    return rouge_n(cand, doc.ref, 1), rouge_l(cand, doc.ref), len(text.split())


def cross_validated(docs: Sequence[Doc], ridge: float) -> list[tuple[float, float, int]]:
    """Every document summarised by a fit on the folds that do not hold its outlet."""
    out: list[tuple[float, float, int]] = [(0.0, 0.0, 0)] * len(docs)
    for k in range(FOLDS):
        weights = fit([d for d in docs if fold_of(d) != k], ridge)
        for i, d in enumerate(docs):
            if fold_of(d) == k:
                out[i] = summary_scores(d, weights)
    return out


def table(docs: Sequence[Doc], got: Sequence[tuple[float, float, int]]) -> dict[str, list[float]]:
    """Per dev set: [ours R-1, ours R-L, Lead-3 R-1, Lead-3 R-L, documents, ours words]."""
    out: dict[str, list[float]] = {}
    for source in sorted({d.source for d in docs}):
        idx = [i for i, d in enumerate(docs) if d.source == source]
        n = len(idx)
        out[source] = [
            100 * sum(got[i][0] for i in idx) / n,
            100 * sum(got[i][1] for i in idx) / n,
            100 * sum(docs[i].lead3[0] for i in idx) / n,
            100 * sum(docs[i].lead3[1] for i in idx) / n,
            float(n),
            sum(got[i][2] for i in idx) / n,
        ]
    return out


def worst_margin(rows: dict[str, list[float]]) -> float:
    """The smallest of (ours - Lead-3) over the sets and ROUGE-1/-L: what the penalty maximises."""
    return min(min(r[0] - r[2], r[1] - r[3]) for r in rows.values())


def report(label: str, rows: dict[str, list[float]]) -> None:
    for source, r in rows.items():
        print(
            f"{label:<30} {source:<8} {int(r[4]):>4}  scorer R-1 {r[0]:5.1f} R-L {r[1]:5.1f} "
            f"({r[5]:3.0f} words)  lead-3 R-1 {r[2]:5.1f} R-L {r[3]:5.1f}  "
            f"diff R-1 {r[0] - r[2]:+.1f} R-L {r[1] - r[3]:+.1f}"
        )


def outlets(folder: Path) -> dict[str, str]:
    """File name -> outlet (URL host without www.) of an html-de style folder."""
    out: dict[str, str] = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            host = urlsplit(str(obj.get("url") or "")).hostname or str(obj["file"])
            out[str(obj["file"])] = host.removeprefix("www.")
    return out


def load_docs(paths: Sequence[Path]) -> list[Doc]:
    docs: list[Doc] = []
    for path in paths:
        if path.is_dir():
            hosts = outlets(path)
            docs.extend(Doc("html-de", hosts.get(r.id, r.id), r) for r in load_records(path))
        else:
            docs.extend(Doc("10kgnad", r.id, r) for r in load_records(path))
    return docs


def write_weights(path: Path, weights: Sequence[float], ridge: float, data: str) -> None:
    names = ("intercept", *FEATURES)
    shown = "".join(f"\n    {w:.5f},  # {n}" for n, w in zip(names, weights, strict=True))
    text = (
        '"""Fitted weights of the default sentence scorer (written by '
        'scripts/fit_sentence_scorer.py)."""\n\n'
        "# intercept, then one weight per feature of briefing.summarize._scorer.FEATURES (raw\n"
        f"# feature scale); ridge fit on {data} of 10kgnad-lead-dev.jsonl and html-de\n"
        f"# descriptions, penalty {ridge:g} chosen by cross-validation grouped by outlet\n"
        f"WEIGHTS = ({shown}\n)\n"
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def choose_ridge(label: str, docs: Sequence[Doc]) -> tuple[float, dict[str, list[float]]]:
    """The penalty whose grouped-CV worst margin over Lead-3 is largest, and its CV table."""
    tried = {ridge: table(docs, cross_validated(docs, ridge)) for ridge in RIDGES}
    for ridge, rows in tried.items():
        report(f"{label}, CV, ridge {ridge:g}", rows)
    best = max(RIDGES, key=lambda r: (worst_margin(tried[r]), r))
    return best, tried[best]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path, help="JSONL files or html-de folders")
    parser.add_argument("--write", type=Path, help="write the shipped fit to this module")
    parser.add_argument(
        "--fit",
        choices=("all", "tune"),
        default="all",
        help="fit the shipped weights on the whole dev sets (default) or the tune halves only",
    )
    args = parser.parse_args(argv)
    docs = load_docs(args.sources)
    tune = [d for d in docs if split_of(str(d.record.id)) == "tune"]
    check = [d for d in docs if split_of(str(d.record.id)) == "check"]
    tune_ridge, tune_cv = choose_ridge("tune half", tune)
    tune_weights = fit(tune, tune_ridge)
    all_ridge, all_cv = choose_ridge("whole dev", docs)
    if args.fit == "all":
        ridge, weights = all_ridge, fit(docs, all_ridge)
    else:
        ridge, weights = tune_ridge, tune_weights
    shipped = "the whole dev sets" if args.fit == "all" else "the tune halves"
    print(f"weights (fit on {shipped}, ridge {ridge:g}):")
    print(f"  {'intercept':<18} {weights[0]:+.4f}")
    for name, w in zip(FEATURES, weights[1:], strict=True):
        print(f"  {name:<18} {w:+.4f}")
    report(f"tune half, grouped CV (r {tune_ridge:g})", tune_cv)
    checked = table(check, [summary_scores(d, tune_weights) for d in check])
    report("check half, tune-half fit", checked)
    report(f"whole dev, grouped CV (r {all_ridge:g})", all_cv)
    if args.write:
        write_weights(args.write, weights, ridge, shipped)
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
