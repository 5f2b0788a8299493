"""Refit the default summarizer's sentence scorer and report cross-validated ROUGE.

    PYTHONPATH=. python scripts/fit_sentence_scorer.py \
        ../shared/evaldata/summaries/10kgnad-lead-dev.jsonl ../shared/evaldata/html-de \
        [--write briefing/summarize/_weights.py]

Each usable sentence of a document is one example: its features (``_select.FEATURES``) and,
as the target, its ROUGE-1 precision against the document's reference summary (the share of
its stemmed words that the reference uses: references are short, so a sentence dense in their
words beats a long one that merely contains them; F1 and recall targets did worse in CV).
A ridge regression over these few features is the scorer. The shipped weights are fitted on
the "tune" halves of the dev sets only (the same file-name/id hash as
``briefing eval ingest --split``); the "check" halves are scored with them as data the fit
never saw. Cross-validated figures (five folds by document, each fold scored by a fit that
never saw it) are reported for the tune half and for the whole dev sets. Lead-3 is scored on
the same documents beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections.abc import Sequence
from pathlib import Path

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
from briefing.summarize import DEPTH_FACTOR, MIN_DEPTH, text_to_article
from briefing.summarize._candidates import Candidate, candidates
from briefing.summarize._select import (
    FEATURES,
    drop_repeats,
    rank_default,
    select,
    sentence_features,
)

# Chosen by 5-fold CV on the tune halves (0.01 .. 100 tried; F1, recall and precision targets;
# with and without weighting the dev sets alike).
RIDGE = 10.0
FOLDS = 5
SENTENCES = 3


class Doc:
    """One record's usable candidates, their features and targets, and its reference."""

    def __init__(self, source: str, record: EvalRecord) -> None:
        self.source = source
        self.record = record
        self.ref = rouge_tokens(record.reference, record.language)
        article = text_to_article(record.text, language=record.language)
        depth = max(MIN_DEPTH, math.ceil(DEPTH_FACTOR * SENTENCES))
        self.usable: list[Candidate] = drop_repeats(candidates([article], record.language, depth))
        feats = sentence_features(self.usable)
        self.x = np.array([feats[id(c)] for c in self.usable], dtype=float).reshape(
            -1, len(FEATURES)
        )
        ref = set(self.ref)
        toks = [rouge_tokens(c.text, record.language) for c in self.usable]
        self.y = np.array([sum(t in ref for t in tk) / max(len(tk), 1) for tk in toks])

    @property
    def key(self) -> str:
        return f"{self.source}:{self.record.id}"


def fold_of(doc: Doc) -> int:
    return hashlib.sha256(doc.key.encode()).digest()[1] % FOLDS


def fit(docs: Sequence[Doc]) -> list[float]:
    """Ridge regression (intercept not penalised) of sentence ROUGE-1 precision on the features,
    each dev set weighted alike (so the larger one does not decide alone)."""
    used = [d for d in docs if len(d.y)]
    per_source: dict[str, int] = {}
    for d in used:
        per_source[d.source] = per_source.get(d.source, 0) + 1
    x = np.vstack([d.x for d in used])
    y = np.concatenate([d.y for d in used])
    w = np.concatenate([np.full(len(d.y), 1.0 / per_source[d.source]) for d in used])
    w /= w.mean()
    x1 = np.hstack([np.ones((len(x), 1)), x])
    penalty = RIDGE * np.eye(x1.shape[1])
    penalty[0, 0] = 0.0
    weighted = x1 * w[:, None]
    coef = np.linalg.solve(x1.T @ weighted + penalty, weighted.T @ y)
    return [float(v) for v in coef]


def summary(doc: Doc, weights: Sequence[float]) -> str:
    chosen = select(rank_default(doc.usable, weights), sentences=SENTENCES, words=None)
    return " ".join(c.text for c in chosen)


def scores(docs: Sequence[Doc], summaries: Sequence[str]) -> tuple[float, float, float]:
    r1 = rl = words = 0.0
    for doc, text in zip(docs, summaries, strict=True):
        cand = rouge_tokens(text, doc.record.language)
        r1 += rouge_n(cand, doc.ref, 1)
        rl += rouge_l(cand, doc.ref)
        words += len(text.split())
    n = max(len(docs), 1)
    return 100 * r1 / n, 100 * rl / n, words / n


def cross_validated(docs: Sequence[Doc]) -> dict[int, str]:
    """Every document summarised by a fit on the other folds."""
    out: dict[int, str] = {}
    for k in range(FOLDS):
        train = [d for d in docs if fold_of(d) != k]
        weights = fit(train)
        for i, d in enumerate(docs):
            if fold_of(d) == k:
                out[i] = summary(d, weights)
    return out


def lead3(doc: Doc) -> str:
    return " ".join(lead_sentences(doc.record.text, 3, doc.record.language))


def report(label: str, docs: Sequence[Doc], got: dict[int, str]) -> None:
    for source in sorted({d.source for d in docs}):
        idx = [i for i, d in enumerate(docs) if d.source == source]
        mine = scores([docs[i] for i in idx], [got[i] for i in idx])
        lead = scores([docs[i] for i in idx], [lead3(docs[i]) for i in idx])
        print(
            f"{label:<28} {source:<8} {len(idx):>4}  scorer R-1 {mine[0]:5.1f} R-L {mine[1]:5.1f} "
            f"({mine[2]:4.0f} words)   lead-3 R-1 {lead[0]:5.1f} R-L {lead[1]:5.1f} "
            f"({lead[2]:4.0f} words)   "
            f"diff R-1 {mine[0] - lead[0]:+.1f} R-L {mine[1] - lead[1]:+.1f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path, help="JSONL files or html-de folders")
    parser.add_argument("--write", type=Path, help="write the tune-half fit to this module")
    args = parser.parse_args(argv)
    docs: list[Doc] = []
    for path in args.sources:
        source = "html-de" if path.is_dir() else "10kgnad"
        docs.extend(Doc(source, r) for r in load_records(path))
    tune = [d for d in docs if split_of(str(d.record.id)) == "tune"]
    check = [d for d in docs if split_of(str(d.record.id)) == "check"]
    weights = fit(tune)
    print("weights (fit on the tune halves):")
    print(f"  {'intercept':<16} {weights[0]:+.4f}")
    for name, w in zip(FEATURES, weights[1:], strict=True):
        print(f"  {name:<16} {w:+.4f}")
    report("tune half, 5-fold CV", tune, cross_validated(tune))
    report(
        "check half, tune-half fit", check, {i: summary(d, weights) for i, d in enumerate(check)}
    )
    report("whole dev, 5-fold CV", docs, cross_validated(docs))
    if args.write:
        names = ("intercept", *FEATURES)
        shown = "".join(f"\n    {w:.4f},  # {n}" for n, w in zip(names, weights, strict=True))
        args.write.write_text(
            '"""Fitted weights of the default sentence scorer (written by '
            'scripts/fit_sentence_scorer.py)."""\n\n'
            "# intercept, then one weight per feature of briefing.summarize._select.FEATURES;\n"
            "# fitted on the tune halves of 10kgnad-lead-dev.jsonl and html-de descriptions\n"
            f"WEIGHTS = ({shown}\n)\n",
            encoding="utf-8",
        )
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
