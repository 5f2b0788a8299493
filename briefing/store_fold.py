"""Folding many new articles into the article store at once, from an in-memory LSH index.

``ArticleStore._fold_in`` asks SQLite for every stored article that shares one of a new
article's LSH bands. On an archive whose stories recur (the same wire text day after day) those
buckets hold thousands of members, and the query returns all of them for every new article: a
cold build of such an archive costs time that grows with the square of its size. When an update
parses many inputs compared to what is stored (a cold build, a cold build resumed after a kill),
``BulkFolder`` keeps the store's buckets in memory instead (sorted numpy arrays of band key and
article, plus the entries added since they were last merged) and every article's group in an
array, so that a new article's candidate groups are found with a few vectorised look-ups; it
then compares only what ``_fold_in`` compares and writes exactly the rows ``_fold_in`` writes.

Why only the groups matter: ``_fold_in`` walks the candidates in rowid order and skips those of
a group it has joined already, so of each group it compares the members in rowid order up to
the first similar one, and joins it there. Which groups it joins, the group number (the lowest
rowid) and whether the new article is indexed (a near-exact copy of a member it joined is not)
follow from that first similar member of each group alone; the order of the groups changes
nothing. The window of days (``dedup.in_window``) is judged on each candidate group's first
day as stored before the new article, as ``_fold_in`` judges it, so it is a filter on the
candidates before any comparison. ``tests/test_store_bulk.py`` checks the rows against
``_fold_in``'s.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import OrderedDict
from typing import Any

__all__ = ["BULK_MIN", "BulkFolder", "use_bulk"]

BULK_MIN = 2000  # fewer new inputs than this are folded by SQL queries (no index to load)
_MERGE_EVERY = 50_000  # band entries kept in a dict before they are merged into the arrays
_SIGS_KEPT = 20_000  # signatures kept (the members compared most often: groups' first ones)


def _ordinal(day: str) -> int:
    return dt.date.fromisoformat(day).toordinal()


def use_bulk(new_inputs: int, stored_articles: int) -> bool:
    """Fold in memory: many new inputs, at least a quarter as many as the articles stored
    (loading the index reads every stored band; a morning's files over an archive do not)."""
    return new_inputs >= BULK_MIN and new_inputs * 4 >= stored_articles


class BulkFolder:
    """The store's LSH buckets and groups in memory, kept in step with the rows it writes."""

    def __init__(self, conn: sqlite3.Connection, days: int | None) -> None:
        import numpy as np

        self._np = np
        self._days = days
        keys, arts = [], []
        cur = conn.execute("SELECT key, article FROM bands")
        while rows := cur.fetchmany(100_000):
            block = np.array(rows, dtype=np.int64)
            keys.append(block[:, 0])
            arts.append(block[:, 1])
        k = np.concatenate(keys) if keys else np.zeros(0, np.int64)
        a = np.concatenate(arts) if arts else np.zeros(0, np.int64)
        order = np.lexsort((a, k))
        self._keys, self._arts = k[order], a[order]
        self._recent: dict[int, list[int]] = {}
        self._n_recent = 0
        top = conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
        self._grp = np.arange(max(1024, 2 * top + 2), dtype=np.int64)
        cur = conn.execute("SELECT article, grp FROM lsh")  # the groups of the candidates
        while rows := cur.fetchmany(100_000):
            block = np.array(rows, dtype=np.int64)
            self._grp[block[:, 0]] = block[:, 1]
        # every group's first day as a date ordinal (0: no dated member), by group number
        self._first = np.zeros(len(self._grp), dtype=np.int64)
        for grp, first in conn.execute("SELECT grp, first FROM groups WHERE first IS NOT NULL"):
            if grp < len(self._first):
                self._first[grp] = _ordinal(first)
        self._sigs: OrderedDict[int, Any] = OrderedDict()  # rowid -> sorted uint32 array

    # ------------------------------------------------------------ the index

    def _grow(self, rid: int) -> None:
        np = self._np
        if rid >= len(self._grp):
            more = np.arange(len(self._grp), 2 * rid + 2, dtype=np.int64)
            self._grp = np.concatenate([self._grp, more])
            self._first = np.concatenate([self._first, np.zeros(len(more), dtype=np.int64)])

    def _index(self, rid: int, keys: list[int]) -> None:
        for k in keys:
            self._recent.setdefault(k, []).append(rid)
        self._n_recent += len(keys)
        if self._n_recent >= _MERGE_EVERY:
            self._merge()

    def _merge(self) -> None:
        """The recent entries into the sorted arrays (one O(n) merge)."""
        np = self._np
        if not self._recent:
            return
        k = np.fromiter(
            (key for key, arts in self._recent.items() for _ in arts), np.int64, self._n_recent
        )
        a = np.fromiter(
            (r for arts in self._recent.values() for r in arts), np.int64, self._n_recent
        )
        order = np.lexsort((a, k))
        k, a = k[order], a[order]
        at = np.searchsorted(self._keys, k, side="right")  # after equal keys: rowids grow
        self._keys = np.insert(self._keys, at, k)
        self._arts = np.insert(self._arts, at, a)
        self._recent, self._n_recent = {}, 0

    def _candidates(self, keys: list[int]) -> Any:
        """The indexed articles sharing a band with ``keys``, by rowid (numpy array)."""
        np = self._np
        q = np.array(keys, dtype=np.int64)
        lo = np.searchsorted(self._keys, q, side="left")
        hi = np.searchsorted(self._keys, q, side="right")
        counts = hi - lo
        total = int(counts.sum())
        parts = []
        if total:
            starts = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
            parts.append(self._arts[np.arange(total) + starts])
        for k in keys:
            recent = self._recent.get(k)
            if recent:
                parts.append(np.array(recent, dtype=np.int64))
        if not parts:
            return np.zeros(0, np.int64)
        return np.unique(np.concatenate(parts))

    def _signature(self, c: sqlite3.Connection, rid: int) -> Any:
        """A stored signature as a sorted uint32 array (kept for the next comparisons)."""
        np = self._np
        sig = self._sigs.get(rid)
        if sig is None:
            blob = c.execute("SELECT shingles FROM articles WHERE rowid=?", (rid,)).fetchone()[0]
            sig = self._sigs[rid] = np.frombuffer(blob, dtype=np.uint32)
            if len(self._sigs) > _SIGS_KEPT:
                self._sigs.popitem(last=False)
        else:
            self._sigs.move_to_end(rid)
        return sig

    def _first_similar(self, c: sqlite3.Connection, sig: Any, members: list[int]) -> int:
        """The position of the first of ``members`` that ``dedup.similar`` finds a copy of the
        article with signature ``sig`` (sorted uint32), or -1. The first member alone, then up
        to 32 at once; the same integer sums and float64 comparisons as ``dedup._similar``."""
        from .dedup import CONTAINMENT, JACCARD, MIN_SHINGLES

        np = self._np
        la = len(sig)
        start, size = 0, 1
        while start < len(members):
            others = [self._signature(c, m) for m in members[start : start + size]]
            lb = np.array([len(o) for o in others], dtype=np.int64)
            flat = np.concatenate(others)
            pos = np.searchsorted(sig, flat)
            pos[pos == la] = 0
            hits = (sig[pos] == flat).astype(np.int64)
            inter = np.add.reduceat(hits, np.concatenate(([0], np.cumsum(lb)[:-1])))
            least = np.minimum(la, lb)
            with np.errstate(divide="ignore", invalid="ignore"):
                copy = np.where(
                    least < MIN_SHINGLES,
                    (lb == la) & (inter == la),
                    (inter / (la + lb - inter) >= JACCARD) | (inter / least >= CONTAINMENT),
                )
            found = np.flatnonzero(copy)
            if len(found):
                return start + int(found[0])
            start, size = start + size, 32
        return -1

    # ------------------------------------------------------------ what _fold_in does

    def fold_in(
        self,
        c: sqlite3.Connection,
        rid: int,
        shingles: frozenset[int],
        keys: list[int],
        day: str | None,
    ) -> None:
        """``ArticleStore._fold_in`` of a new article ``rid`` of ``day``: the same rows written."""
        from .article_store import join_group_rows, place_article_rows
        from .dedup import near_exact

        np = self._np
        self._grow(rid)
        joined: list[int] = []
        closest = False
        own = _ordinal(day) if day else 0
        if keys:
            cands = self._candidates(keys)
            cands = cands[cands != rid]
            if len(cands) and own and self._days is not None:  # the window (dedup.in_window)
                firsts = self._first[self._grp[cands]]
                cands = cands[(firsts == 0) | (np.abs(firsts - own) <= self._days)]
            if len(cands):
                groups = self._grp[cands]
                order = np.argsort(groups, kind="stable")  # by group, each in rowid order
                cands, groups = cands[order], groups[order]
                bounds = np.flatnonzero(np.diff(groups)) + 1
                sig = np.array(sorted(shingles), dtype=np.uint32)
                for part in np.split(cands, bounds):
                    members = part.tolist()
                    at = self._first_similar(c, sig, members)
                    if at >= 0:
                        joined.append(int(self._grp[members[at]]))
                        other = frozenset(self._signature(c, members[at]).tolist())
                        closest = closest or near_exact(shingles, other)
        grp = min([rid, *joined])
        firsts = [f for f in [own, *(int(self._first[g]) for g in joined)] if f]
        first = min(firsts) if firsts else 0
        for old in sorted(set(joined) - {grp}):
            join_group_rows(c, grp, old)
            self._grp[self._grp == old] = grp
        self._grp[rid] = grp
        self._first[grp] = first
        indexed = keys if not closest else []
        place_article_rows(
            c, rid, grp, indexed, dt.date.fromordinal(first).isoformat() if first else None
        )
        if indexed:
            self._index(rid, sorted(set(indexed)))
        self._sigs[rid] = np.array(sorted(shingles), dtype=np.uint32)
