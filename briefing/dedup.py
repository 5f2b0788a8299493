"""Wire copies and near-duplicates folded into one representative article.

Candidates come from MinHash LSH on word shingles (``band_keys``: datasketch's MinHash and band
layout computed in numpy, the keys the article store indexes); each candidate pair is then
checked on the exact shingle sets: similar overall (Jaccard) or one text almost wholly inside
the other (containment: a re-published update that added paragraphs). Deterministic: fixed
seeds, groups and members in input order.

Copies are folded within a window of days (``DEDUP_DAYS``, the ``dedup_days`` setting): wire
copies and updates of a report are published within days of it, not months. An article joins a
group only when the group's first day (its earliest dated member: the day of the report it is
folded into) is at most that many days before or after the article's own day, so a group never
spans more than about the window, and a text that recurs weeks later is a report of its own
day again. Undated articles (and groups without a dated member) are not bounded by it: an
undated copy still folds into its report, wherever that is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import zlib
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from .models import Article, article_outlets
from .text import words

__all__ = [
    "CONTAINMENT",
    "DEDUP_DAYS",
    "JACCARD",
    "SHINGLE",
    "band_keys",
    "duplicate_groups",
    "fold_duplicates",
    "fold_group",
    "in_window",
    "near_exact",
    "order_key",
    "signature",
    "similar",
]

log = logging.getLogger(__name__)

SHINGLE = 5  # words per shingle
NUM_PERM = 128
LSH_THRESHOLD = 0.15  # low, so that updates up to ~3x the original length are candidates;
# at 128 permutations (51 bands of 2) a pair with Jaccard 0.25 is a candidate with p ~ 0.96,
# one with 0.34 (an update of twice the length) with p ~ 0.998; the exact check decides.
JACCARD = 0.5  # same text with different chrome or light edits
CONTAINMENT = 0.8  # the shorter text almost wholly inside the longer one (an update)
NEAR_EXACT = 0.8  # a copy this close to a group member is not indexed itself
MIN_SHINGLES = 8  # shorter texts are only folded when identical
DEDUP_DAYS = 7  # copies are folded into a report first published at most this many days away


def in_window(day: int | None, first: int | None, days: int | None) -> bool:
    """May an article of ``day`` join a group whose first day is ``first`` (both as
    ``date.toordinal()``, None when undated)? Within ``days`` of each other, or either undated,
    or no window (``days`` None)."""
    return days is None or day is None or first is None or abs(day - first) <= days


def _shingles(article: Article) -> frozenset[int]:
    """The article's word 5-grams, lower-cased, as 32-bit CRCs (deterministic across runs)."""
    toks = words((article.body or article.text).lower())
    if len(toks) < SHINGLE:
        return frozenset([zlib.crc32(" ".join(toks).encode())]) if toks else frozenset()
    return frozenset(
        zlib.crc32(" ".join(toks[i : i + SHINGLE]).encode()) for i in range(len(toks) - SHINGLE + 1)
    )


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _similar(a: frozenset[int], b: frozenset[int]) -> bool:
    if not a or not b:
        return False
    inter = len(a & b)
    if min(len(a), len(b)) < MIN_SHINGLES:
        return a == b
    return inter / len(a | b) >= JACCARD or inter / min(len(a), len(b)) >= CONTAINMENT


def duplicate_groups(
    articles: list[Article], executor: Any = None, days: int | None = DEDUP_DAYS
) -> list[list[int]]:
    """Indexes of ``articles`` grouped by near-identical text; every index in one group. An
    article joins a group only within ``days`` of the group's first day (``in_window``).

    The shingle signatures are per-article work: ``executor`` (``briefing.executor``) may
    compute them elsewhere; the grouping itself runs here and gives the same result."""
    if executor is not None:
        sets = executor.map(_shingles, articles)
    else:
        sets = [_shingles(a) for a in articles]
    buckets: dict[int, list[int]] = {}  # LSH: band key -> indexed articles (as the store's)
    parent = list(range(len(articles)))
    ords = [a.date.toordinal() if a.date is not None else None for a in articles]
    first = list(ords)  # per root: the group's earliest day (None: no dated member)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, shingles in enumerate(sets):
        if not shingles:
            continue
        keys = band_keys(shingles)
        closest = 0.0
        cands = sorted({j for k in keys for j in buckets.get(k, ())})
        # the window is judged on each group as it was before this article joined any
        # (a group it has not joined keeps its root through the loop)
        open_ = {r for r in {find(j) for j in cands} if in_window(ords[i], first[r], days)}
        for j in cands:
            ri, rj = find(i), find(j)
            if ri == rj:  # same group already: no need to check
                continue
            if rj in open_ and _similar(sets[i], sets[j]):
                lo, hi = min(ri, rj), max(ri, rj)
                parent[hi] = lo
                first[lo] = _earliest(first[lo], first[hi])
                closest = max(closest, _jaccard(sets[i], sets[j]))
        # A near-exact copy adds nothing its group's indexed members do not already match;
        # leaving it out of the index keeps the buckets (and every later query) small.
        if closest < NEAR_EXACT:
            for k in keys:
                buckets.setdefault(k, []).append(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _earliest(a: int | None, b: int | None) -> int | None:
    """The earlier of two days (ordinals), either of which may be None (undated)."""
    return b if a is None else a if b is None else min(a, b)


def _when(a: Article) -> tuple[int, dt.datetime]:
    """Sort key: dated before undated, then the earliest moment (noon when only a day)."""
    if a.published is not None:
        stamp = a.published
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.UTC)
        return 0, stamp.astimezone(dt.UTC)
    if a.date is not None:
        return 0, dt.datetime.combine(a.date, dt.time(12), tzinfo=dt.UTC)
    return 1, dt.datetime.max.replace(tzinfo=dt.UTC)


_TRACKING = ("utm_", "wt_", "at_", "ref", "fbclid", "gclid", "xtor", "ns_")


def item_key(url: str | None) -> str | None:
    """A link as an item identity: host without ``www.``, path without a final slash, query
    without tracking parameters, no fragment ("same item in two feeds" has one key)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.hostname:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith(_TRACKING)]
    host = parts.hostname.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{urlencode(sorted(query))}" if query else "")


def same_items(articles: list[Article]) -> list[Article]:
    """The same item read from several feeds of one publisher (the same link) is one report:
    the longest copy stays, where the first one stood; the others are dropped, not counted."""
    best: dict[str, int] = {}
    for i, a in enumerate(articles):
        key = item_key(a.url)
        if key is None:
            continue
        j = best.get(key)
        if j is None or len(a.body) > len(articles[j].body):
            best[key] = i
    first: dict[str, int] = {}
    out: list[Article] = []
    for i, a in enumerate(articles):
        key = item_key(a.url)
        if key is None:
            out.append(a)
        elif key not in first:
            first[key] = i
            out.append(articles[best[key]])
    if len(out) < len(articles):
        log.debug("%d cross-posted item(s) counted once", len(articles) - len(out))
    return out


def fold_duplicates(
    articles: list[Article], executor: Any = None, days: int | None = DEDUP_DAYS
) -> list[Article]:
    """One representative per group of near-identical articles (the earliest, then the
    longest), with ``duplicates`` = ids of the folded copies and ``outlets`` = every outlet
    that carried the text; copies fold within ``days`` of their group's first day.
    Articles without copies are returned unchanged, in input order.
    The same item in several feeds (one link) is one article before that (``same_items``)."""
    articles = same_items(articles)
    if len(articles) < 2:
        return list(articles)
    out: list[Article] = []
    for group in duplicate_groups(articles, executor, days):
        members = [articles[i] for i in group]
        if len(members) == 1:
            out.append(members[0])
            continue
        out.append(fold_group(members))
    return out


def order_key(a: Article) -> tuple[tuple[int, dt.datetime], int, str]:
    """Which member of a group represents it: the earliest, then the longest, then by id."""
    return (_when(a), -len(a.body), a.id)


def fold_group(members: list[Article]) -> Article:
    """The representative of ``members`` (two or more, in input order) with ``duplicates`` =
    the ids of the others and ``outlets`` = every outlet that carried the text."""
    rep = min(members, key=order_key)
    others = [a for a in members if a is not rep]
    dup_ids: dict[str, None] = dict.fromkeys(rep.duplicates)
    outlets: dict[str, None] = dict.fromkeys(article_outlets(rep))
    for a in others:
        if a.id != rep.id:
            dup_ids.setdefault(a.id, None)
        for d in a.duplicates:
            dup_ids.setdefault(d, None)
        for o in article_outlets(a):
            outlets.setdefault(o, None)
    log.debug("folded %d copies into %s", len(others), rep.path)
    return dataclasses.replace(rep, duplicates=tuple(dup_ids), outlets=tuple(outlets))


# --- folding against an archive: signatures stored by briefing.article_store ----------------


def signature(article: Article) -> frozenset[int]:
    """The article's shingle set, as ``fold_duplicates`` compares them (store it once)."""
    return _shingles(article)


def similar(a: frozenset[int], b: frozenset[int]) -> bool:
    """Two signatures are copies of one text (the same test ``fold_duplicates`` applies)."""
    return _similar(a, b)


def near_exact(a: frozenset[int], b: frozenset[int]) -> bool:
    """A copy this close need not be indexed itself (its group's members find it)."""
    return _jaccard(a, b) >= NEAR_EXACT


# The LSH layout datasketch's MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM) picks
# (its optimal bands x rows; tests/test_ingest_dedup.py checks that it still does).
BANDS, ROWS = 51, 2

# MinHash of a signature as datasketch 2's MinHash(num_perm=NUM_PERM, seed=1, hashfunc=lambda
# x: x) computes it (the shingles are hashed already; scheme "affine32": a MurmurHash3 fmix32
# pre-mix, then h -> a*h + b mod 2**32 per permutation, the minimum of each), here in numpy:
# importing datasketch loads scipy (~0.8 s of every run), and the store's band keys must not
# change with its version. tests/test_ingest_dedup.py checks the values against datasketch's.
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    import numpy as np

    gen = np.random.RandomState(1)  # datasketch's draw order for seed=1, affine32
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _minhash_values(shingles: frozenset[int]) -> Any:
    """The MinHash values (uint32 array of NUM_PERM) of a non-empty signature."""
    import numpy as np

    s1, m1, s2, m2, s3 = (np.uint32(v) for v in _FMIX32)
    hv = np.array(sorted(shingles), dtype=np.uint32).reshape(-1, 1)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    a, b = _permutations()
    return (hv * a + b).min(axis=0)


def band_keys(shingles: frozenset[int]) -> list[int]:
    """The LSH band keys of a signature (the bands ``fold_duplicates`` buckets by), as signed
    64-bit integers, so an archive can keep its buckets in a database index."""
    if not shingles:
        return []
    ranges = [(i * ROWS, (i + 1) * ROWS) for i in range(BANDS)]
    values = _minhash_values(shingles)
    keys = []
    for band, (start, end) in enumerate(ranges):
        digest = hashlib.blake2b(
            values[start:end].tobytes(), digest_size=8, salt=band.to_bytes(4, "little")
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys
