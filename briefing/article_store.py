"""The article store: every input read once, its articles kept in SQLite, days read back by date.

``ArticleStore(path)`` is one SQLite file (``store_path``, by default ``articles.sqlite`` in the
state directory, mode 0600). ``update(inputs, options)`` expands the inputs as ``briefing
build`` always has, and parses only what is new or changed: an input is known by its path,
size and modification time, and by a SHA-256 of its bytes, so a touched-but-unchanged file is
not parsed again. A changed file replaces its articles; a feed (file or URL) is merged entry by
entry (keyed by link, else id), so re-reading it adds only new entries; a file that disappeared
is marked gone (its articles kept: search, folding of later copies) until ``prune()``.

Each input is written in one transaction (articles, their near-duplicate signature and LSH
bands, the search index), so a run killed at any point leaves the store as it was before that
input, and the next run reads that input again. Near-duplicate groups (``dedup``) are kept
across the whole store: a wire copy arriving today is folded into the report stored yesterday.

``view(scope)`` gives the run's articles exactly as ``fold_duplicates`` over all of them would:
representatives in input order, by day; ``day_articles(day)`` loads one day only, so memory
follows the largest day, not the archive.
"""

from __future__ import annotations

import array
import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from .dedup import DEDUP_DAYS
from .errors import StateError
from .models import Article, Skipped
from .options import IngestOptions
from .store_parse import Extras

__all__ = ["FEED_SUFFIXES", "SCHEMA_VERSION", "ArticleStore", "Scope", "View"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
_BLOBS = 16384  # stored signatures kept between the transactions of a run (~1.3 KB each)
FEED_SUFFIXES = {".xml", ".rss", ".atom"}

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,          -- absolute file path, or the feed URL
    given TEXT NOT NULL,                -- the path as given when it was last parsed
    kind TEXT NOT NULL,                 -- file | feed
    size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    gone INTEGER NOT NULL DEFAULT 0,
    skipped TEXT NOT NULL DEFAULT '[]', -- [[path, reason, kind], ...] from reading it
    read_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles(
    rowid INTEGER PRIMARY KEY,
    input INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
    entry TEXT NOT NULL,                -- feeds: link or id; other files: record number
    seq INTEGER NOT NULL,               -- position in its input
    aid TEXT NOT NULL,                  -- Article.id
    path TEXT NOT NULL,
    day TEXT,
    when_key TEXT NOT NULL,             -- dedup.order_key's time, sortable
    body_len INTEGER NOT NULL,
    source TEXT, language TEXT NOT NULL, title TEXT,
    warnings TEXT NOT NULL, guessed INTEGER NOT NULL,
    grp INTEGER,                        -- near-duplicate group: rowid of its first member
    indexed INTEGER NOT NULL DEFAULT 0, -- its LSH bands are in ``bands``
    story TEXT,                         -- the story that last showed it
    data TEXT NOT NULL,                 -- serialize.article_to_dict
    shingles BLOB NOT NULL,             -- dedup.signature, sorted uint32
    UNIQUE(input, entry)
);
CREATE INDEX IF NOT EXISTS articles_day ON articles(day);
CREATE INDEX IF NOT EXISTS articles_grp ON articles(grp);
CREATE INDEX IF NOT EXISTS articles_aid ON articles(aid);
CREATE TABLE IF NOT EXISTS bands(
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY(key, article)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 0'
);
"""
# Forward migrations: version -> the SQL that brings version - 1 to it.
MIGRATIONS: dict[int, str] = {
    2: "ALTER TABLE articles ADD COLUMN story_title TEXT;",
    3: "CREATE TABLE outputs(out_dir TEXT NOT NULL, day TEXT NOT NULL, fingerprint TEXT NOT "
    "NULL, files TEXT NOT NULL, PRIMARY KEY(out_dir, day));",
    # the group of every indexed article (the ones in ``bands``), in a table of two integers:
    # the candidate query reads it instead of the rows of ``articles`` (several KB each)
    4: "CREATE TABLE lsh(article INTEGER PRIMARY KEY, grp INTEGER NOT NULL);"
    "INSERT INTO lsh(article, grp) SELECT rowid, grp FROM articles WHERE indexed=1;"
    "CREATE INDEX lsh_grp ON lsh(grp);",
    # the first day of every group (its earliest dated member; NULL: none dated): a new article
    # folds only into groups within the window of days (dedup.in_window). Groups formed by
    # older code keep their members; they are filled in as they are
    5: "CREATE TABLE groups(grp INTEGER PRIMARY KEY, first TEXT);"
    "INSERT INTO groups(grp, first) SELECT grp, min(day) FROM articles WHERE grp IS NOT NULL "
    "GROUP BY grp;",
}


def damaged(path: Path, exc: BaseException) -> StateError:
    return StateError(
        f"{path}: the article store is damaged or not a database ({exc}); it was left as it "
        f"is: move it aside (mv {path} {path}.damaged) and run again to start a new one, "
        "or restore a backup"
    )


# ---------------------------------------------------------------- what a run reads


@dataclass
class Scope:
    """The inputs of one run, in the order ``read_inputs`` reads them, and what was skipped."""

    inputs: list[int] = field(default_factory=list)  # input ids, in order
    skipped: list[Skipped] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    given: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (stored, now)
    parsed: int = 0  # inputs parsed this run
    unchanged: int = 0
    new_articles: int = 0
    gone: int = 0


@dataclass
class View:
    """The run's articles folded as ``fold_duplicates`` would fold them, by day."""

    read: int  # articles in scope, before folding
    # (rowid, day, group, members in scope) of each representative, in order; the members
    # themselves are read for the groups a day needs (``members``), not for the whole archive
    heads: list[tuple[int, str | None, int, int]]
    warnings: list[str]
    undated: list[str]  # paths of representatives without a day
    guessed: list[tuple[str, dt.date]]  # (path, day) of representatives with a guessed date
    languages: list[str]
    members: Callable[[Sequence[int]], dict[int, tuple[int, ...]]] = field(
        default=lambda groups: {}, repr=False, compare=False
    )  # group -> its members in scope, in input order (groups of two or more)

    @property
    def reps(self) -> list[tuple[int, str | None, tuple[int, ...]]]:
        """(rowid, day, group members or ()) of every representative: every group is read."""
        got = self.members([g for _r, _d, g, n in self.heads if n > 1])
        return [(r, d, got[g] if n > 1 else ()) for r, d, g, n in self.heads]

    def day_counts(self) -> dict[dt.date, int]:
        """Representatives per day, days in order."""
        counts: dict[str, int] = {}
        for _r, d, _g, _n in self.heads:
            if d:
                counts[d] = counts.get(d, 0) + 1
        return {dt.date.fromisoformat(d): counts[d] for d in sorted(counts)}


def _unpack(blob: bytes) -> frozenset[int]:
    a = array.array("I")
    a.frombytes(blob)
    return frozenset(a)


def _entries(extras: Sequence[Extras], kind: str) -> dict[str, tuple[int, Extras]]:
    """An input's articles by entry key (feeds: link, else id; other files: position)."""
    entries: dict[str, tuple[int, Extras]] = {}
    for n, ex in enumerate(extras):
        entry = (ex.url or ex.aid) if kind == "feed" else str(n)
        if entry in entries:  # two entries with one link: both kept
            entry = f"{entry}#{n}"
        entries[entry] = (n, ex)
    return entries


def _insert_article(c: sqlite3.Connection, iid: int, entry: str, n: int, ex: Extras) -> int:
    """One article's row and its search entry: its rowid."""
    rid = c.execute(
        "INSERT INTO articles(input, entry, seq, aid, path, day, when_key, body_len, "
        "source, language, title, warnings, guessed, data, shingles) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            iid,
            entry,
            n,
            ex.aid,
            ex.path,
            ex.day,
            ex.when,
            ex.body_len,
            ex.source,
            ex.language,
            ex.title,
            ex.warnings,
            ex.guessed,
            ex.data,
            ex.shingles,
        ),
    ).lastrowid
    assert rid is not None
    c.execute(
        "INSERT INTO search(rowid, title, body) VALUES(?,?,?)",
        (rid, ex.title_stems, ex.body_stems),
    )
    return rid


def _sha256(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "corrupt", "disk image"))


_Todo = tuple[str, Path | str, str, int | None, int | None, str | None]
# (key, target, kind, size, mtime_ns, sha256) of an input to parse


def _candidates(c: sqlite3.Connection, keys: list[int]) -> list[tuple[int, int, str | None]]:
    """(rowid, group, group's first day) of the stored articles sharing an LSH band, by rowid
    (from ``bands``, ``lsh`` and ``groups`` only: no row of ``articles`` is read)."""
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    return c.execute(
        "SELECT l.article, l.grp, g.first FROM lsh l LEFT JOIN groups g ON g.grp = l.grp "
        f"WHERE l.article IN (SELECT article FROM bands WHERE key IN ({marks})) "
        "ORDER BY l.article",
        keys,
    ).fetchall()


def _ordinal(day: str | None) -> int | None:
    return dt.date.fromisoformat(day).toordinal() if day else None


def join_group_rows(c: sqlite3.Connection, new: int, old: int) -> None:
    """Group ``old`` joins group ``new``: its members' rows (articles, lsh, groups) say so."""
    c.execute("UPDATE articles SET grp=? WHERE grp=?", (new, old))
    c.execute("UPDATE lsh SET grp=? WHERE grp=?", (new, old))
    c.execute("DELETE FROM groups WHERE grp=?", (old,))


def place_article_rows(
    c: sqlite3.Connection, rid: int, grp: int, keys: Sequence[int], first: str | None
) -> None:
    """Article ``rid`` is in group ``grp``, whose first day is now ``first``; with band
    ``keys`` it is also indexed under them (bands, indexed, lsh). Both folding paths (SQL and
    ``store_fold``) write through here."""
    c.execute("UPDATE articles SET grp=? WHERE rowid=?", (grp, rid))
    if grp != rid:
        c.execute("DELETE FROM groups WHERE grp=?", (rid,))
    c.execute("INSERT OR REPLACE INTO groups(grp, first) VALUES(?, ?)", (grp, first))
    if keys:
        c.executemany(
            "INSERT OR IGNORE INTO bands(key, article) VALUES(?, ?)", [(k, rid) for k in keys]
        )
        c.execute("UPDATE articles SET indexed=1 WHERE rowid=?", (rid,))
        c.execute("INSERT INTO lsh(article, grp) VALUES(?, ?)", (rid, grp))


# German words enough for py3langid to be called (detect_language needs 40 characters)
_WARM_TEXT = "Der Rat der Stadt hat am Abend den neuen Haushalt für das Jahr beschlossen."


def _warm_up(
    settings: IngestOptions, detect_language: Callable[[str], str]
) -> threading.Thread | None:
    """Class: a run whose new inputs are parsed on this machine. The first one is parsed in
    this process, before the workers are forked (``store_parse.parsed``), and it loads the
    language identifier (py3langid: a 4.6 MB xz model, ~1 s, mostly decompression that frees
    the GIL): here it is loaded in a thread while the inputs are walked and checked against
    the store, instead of after. Nothing to load when the inputs' language is given."""
    if settings.source_language:
        return None

    def load() -> None:
        try:
            detect_language(_WARM_TEXT)
        except Exception as exc:  # (the parse meets the same failure and reports it)
            log.debug("language identifier not loaded ahead: %s", exc)

    thread = threading.Thread(target=load, name="briefing-language-model", daemon=False)
    thread.start()
    return thread


def _folder(item: Path | str) -> Path | None:
    """The folder an input names (as given, ``~`` expanded), or None."""
    text = str(item)
    if text.startswith(("http:/", "https:/")):
        return None
    p = Path(text).expanduser()
    return p if p.is_dir() else None


def _targets(
    item: Path | str, root: Path | None, part: Any
) -> list[tuple[str, str, os.stat_result | None, bool]]:
    """(path or URL, store key, stat or None, is a URL) of every input ``item`` names."""
    from .ingest import _expand

    if root is not None:
        return _walk(root)
    out: list[tuple[str, str, os.stat_result | None, bool]] = []
    for target in _expand(item, part):
        if isinstance(target, str):
            out.append((target, target, None, True))
            continue
        try:
            st: os.stat_result | None = target.stat()
        except OSError:
            st = None
        out.append((str(target), str(target.resolve()), st, False))
    return out


def _child(folder: str, name: str) -> str:
    return (folder if folder.endswith(os.sep) else folder + os.sep) + name


def _walk(top: Path) -> list[tuple[str, str, os.stat_result | None, bool]]:
    """A folder's files exactly as ``ingest._expand`` lists them (recursively, not into linked
    folders, hidden names left out, dangling links kept, sorted by path), each with its store
    key (the resolved path) and its stat, from one scandir pass: no resolve per file."""
    out: list[tuple[str, str, os.stat_result | None, bool]] = []
    stack = [(str(top), str(top.resolve()))]
    while stack:
        shown, real = stack.pop()
        try:
            with os.scandir(shown) as it:
                entries = list(it)
        except PermissionError:  # as rglob: an unreadable folder lists nothing
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                stack.append((e.path, _child(real, e.name)))
                continue
            link = e.is_symlink()
            try:
                st: os.stat_result | None = e.stat()
            except OSError:
                st = None  # a dangling link: listed, so that it is reported
            if (st is None and not link) or (st is not None and not stat.S_ISREG(st.st_mode)):
                continue  # gone meanwhile; a link to a folder, a pipe: not a file
            key = str(Path(e.path).resolve()) if link else _child(real, e.name)
            out.append((e.path, key, st, False))
    out.sort(key=lambda t: t[0])
    return out


class ArticleStore:
    """The SQLite article store (see the module doc)."""

    _data_version: int | None = None  # PRAGMA data_version when the signatures were kept

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._sigs: dict[int, frozenset[int]] = {}  # see _tx
        self._bulk: Any = None  # store_fold.BulkFolder while a big update is folded in memory
        self._blobs: dict[int, bytes] = {}  # see _signature
        self._days: int | None = DEDUP_DAYS  # the folding window (``dedup_days``) of a run
        self._warm: threading.Thread | None = None  # see _warm_up
        self._written: dict[str, tuple[int, str]] = {}  # input key -> (id, skipped) this run
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        try:
            self.conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            # the LSH index and the folding's tables are read at random: a page cache of 64 MiB
            # (SQLite's default 2 MiB) keeps what a run's batches meet again, and a batch's dirty
            # pages stay in memory until its commit; checkpoints every 64 MiB of WAL, not 4 MiB,
            # write a page dirtied by several batches once
            self.conn.execute("PRAGMA cache_size=-65536")
            self.conn.execute("PRAGMA wal_autocheckpoint=16384")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                raise damaged(self.path, exc) from None
            raise StateError(f"{self.path}: cannot open the article store: {exc}") from None

    # ------------------------------------------------------------ schema

    def _version(self) -> int:
        has_meta = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        if not has_meta:
            return 0
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self, target: int = SCHEMA_VERSION) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StateError(
                f"{self.path}: the article store has schema version {version}, newer than this "
                f"briefing knows ({SCHEMA_VERSION}); upgrade briefing or use another store_path"
            )
        if version >= target:
            return
        with self._tx() as c:
            if version == 0:
                c.executescript(_SCHEMA_V1.replace("\n", "\n"))  # executescript commits
                c.execute("BEGIN IMMEDIATE")
                version = 1
            for v in range(version + 1, target + 1):
                log.info("article store %s: migrating to schema version %d", self.path, v)
                for stmt in MIGRATIONS[v].split(";"):
                    if stmt.strip():
                        c.execute(stmt)
            c.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)", (target,)
            )

    @property
    def schema_version(self) -> int:
        return self._version()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        # signatures read in this transaction, by rowid (folding reads the same group members
        # for many new articles); kept no longer than the write lock, dropped on a delete
        self._sigs = {}
        # their stored bytes are kept longer (``_signature``), until another connection writes
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._blobs, self._data_version = {}, version
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self._blobs = {}  # rows inserted in it are gone and their rowids free again
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        finally:
            self._sigs = {}

    @contextmanager
    def guard(self) -> Iterator[None]:
        """SQLite errors of the store as one clear ``StateError``."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                raise damaged(self.path, exc) from None
            raise StateError(f"{self.path}: article store: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ reading inputs

    def update(
        self,
        inputs: Sequence[Path | str],
        settings: IngestOptions,
        executor: Any = None,
        on_input: Callable[[], None] | None = None,
        workers: int | None = None,
    ) -> Scope:
        """Parse what is new or changed among ``inputs``, mark vanished files gone; the run's
        ``Scope`` (its inputs in reading order, what was skipped). Many new inputs are parsed
        in ``workers`` local processes (default: one per core) unless ``executor`` is given."""
        from .ingest.meta import detect_language  # (imported here, not in the thread)

        with self.guard():
            self._check_parser(settings)
            self._days = settings.dedup_days
            self._warm = None if executor is not None else _warm_up(settings, detect_language)
            try:
                return self._update(inputs, settings, executor, on_input, workers)
            finally:
                self._joined()

    def _joined(self) -> None:
        """Wait for ``_warm_up`` (before a parse here and before forking workers)."""
        if self._warm is not None:
            self._warm.join()
            self._warm = None

    def _check_parser(self, settings: IngestOptions) -> None:
        """Mark every stored input stale when the parser (its code, libraries or ingest
        options) differs from the one that wrote the store, so that each is parsed again as
        it is met; the marks and the new fingerprint go in one transaction, so a run killed
        while re-parsing leaves the rest marked for the next one."""
        from .store_parse import parser_fingerprint

        now = parser_fingerprint(settings)
        row = self.conn.execute("SELECT value FROM meta WHERE key='parser'").fetchone()
        if row and row[0] == now:
            return
        with self._tx() as c:
            stale = c.execute("UPDATE inputs SET size=-1, sha256=NULL").rowcount
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('parser', ?)", (now,))
        if row and stale:
            log.info(
                "article store %s: the parser changed; %d stored input(s) are parsed again",
                self.path,
                stale,
            )

    def _update(
        self,
        inputs: Sequence[Path | str],
        settings: IngestOptions,
        executor: Any,
        on_input: Callable[[], None] | None,
        workers: int | None,
    ) -> Scope:
        from .ingest import IngestResult

        scope = Scope()
        # every stored input, read once: what to parse, what is gone, the run's ids and skips
        known = {
            r[0]: r[1:]
            for r in self.conn.execute(
                "SELECT path, id, size, mtime_ns, sha256, gone, given, kind, skipped FROM inputs"
            )
        }
        self._written = {}
        seen: set[str] = set()
        plan: list[tuple[list[Skipped], list[str]]] = []  # per input: expansion skips, keys
        todo: list[_Todo] = []
        touched: list[tuple[int, int, int]] = []  # (size, mtime, id): same bytes, new time
        roots: list[str] = []
        plan_roots: list[str | None] = []
        for item in inputs:
            part = IngestResult()
            keys: list[str] = []
            folder = _folder(item)
            if folder is not None:
                roots.append(str(folder.resolve()))
            plan_roots.append(roots[-1] if folder is not None else None)
            for target, key, st, url in _targets(item, folder, part):
                if key in seen:
                    continue
                seen.add(key)
                keys.append(key)
                job = self._check(key, target, st, url, known.get(key), settings, scope, touched)
                if job is not None:
                    todo.append(job)
            scope.missing.extend(part.missing)
            plan.append((part.skipped, keys))
        if touched:
            with self._tx() as c:
                c.executemany("UPDATE inputs SET size=?, mtime_ns=?, gone=0 WHERE id=?", touched)
        self._parse(todo, settings, executor, scope, on_input, workers)
        gone = self._mark_gone(roots, seen, known)
        scope.gone = len(gone)
        self._keep_gone(plan, plan_roots, seen, known, gone)
        self._scope_inputs(plan, scope, known)
        return scope

    def _keep_gone(
        self,
        plan: list[tuple[list[Skipped], list[str]]],
        plan_roots: list[str | None],
        seen: set[str],
        known: dict[str, tuple[Any, ...]],
        gone: list[str],
    ) -> None:
        """A folder's files that were deleted stay part of it (the archive) until prune.

        The inputs marked gone are those ``known`` as gone when the run began, and ``gone``,
        marked by this run (an input seen this run is not gone: it is in ``seen``)."""
        if not any(plan_roots):
            return
        marked = sorted({p for p, row in known.items() if row[4] == 1}.union(gone))
        for (_skips, keys), root in zip(plan, plan_roots, strict=True):
            if root is None:
                continue
            prefix = root.rstrip(os.sep) + os.sep
            for path in marked:
                if path.startswith(prefix) and path not in seen:
                    seen.add(path)
                    keys.append(path)

    def _scope_inputs(
        self,
        plan: list[tuple[list[Skipped], list[str]]],
        scope: Scope,
        known: dict[str, tuple[Any, ...]],
    ) -> None:
        """The run's inputs (stored ids) and their skips, in the order they were given: from
        the rows written this run, else as ``known`` when it began (not read again)."""
        written = self._written
        for skips, keys in plan:
            scope.skipped.extend(skips)
            for key in keys:
                got = written.get(key)
                if got is None and key in known:
                    got = (known[key][0], known[key][7])
                if got is not None:
                    iid, skipped = got
                    scope.inputs.append(iid)
                    if skipped != "[]":
                        scope.skipped.extend(Skipped(*entry) for entry in json.loads(skipped))

    def _check(
        self,
        key: str,
        target: str,
        st: os.stat_result | None,
        url: bool,
        row: tuple[Any, ...] | None,
        settings: IngestOptions,
        scope: Scope,
        touched: list[tuple[int, int, int]],
    ) -> _Todo | None:
        """What to parse of one input, or None when the store has it as it is now: same size
        and time, or same bytes (then its new time goes into ``touched``)."""
        if url:
            return (key, target, "feed", None, None, None)
        if row and st and row[1] == st.st_size and row[2] == st.st_mtime_ns and not row[4]:
            scope.unchanged += 1
            self._note_given(scope, row[0], row[5], target)
            return None
        path = Path(target)
        kind = "feed" if path.suffix.lower() in FEED_SUFFIXES else "file"
        if st is None:
            return (key, path, kind, None, None, None)
        sha = _sha256(path) if st.st_size <= settings.max_file_bytes else None
        if row and sha is not None and row[3] == sha:
            touched.append((st.st_size, st.st_mtime_ns, row[0]))
            scope.unchanged += 1
            self._note_given(scope, row[0], row[5], target)
            return None
        return (key, path, kind, st.st_size, st.st_mtime_ns, sha)

    @staticmethod
    def _note_given(scope: Scope, iid: int, stored: str, now: str) -> None:
        if stored != now:
            scope.given[iid] = (stored, now)

    def _parse(
        self,
        todo: list[_Todo],
        settings: IngestOptions,
        executor: Any,
        scope: Scope,
        on_input: Callable[[], None] | None,
        workers: int | None = None,
    ) -> None:
        """Parse ``todo`` and write it, ``PARSE_BATCH`` inputs per transaction (a run killed
        loses at most the batch being written; the next run parses it again)."""
        from .store_parse import PARSE_BATCH, parsed

        if not todo:
            return
        self._joined()
        results = parsed([t[1] for t in todo], settings, executor, workers)
        self._bulk = self._bulk_folder(len(todo))
        try:
            for start in range(0, len(todo), PARSE_BATCH):
                chunk = todo[start : start + PARSE_BATCH]
                got = list(islice(results, len(chunk)))
                with self._tx() as c:
                    for item, (result, extras) in zip(chunk, got, strict=True):
                        self._store_input(c, item, result, extras, scope)
                scope.parsed += len(chunk)
                if on_input:
                    for _ in chunk:
                        on_input()
        finally:
            self._bulk = None  # (after a rollback it no longer matches the store)

    def _bulk_folder(self, new_inputs: int) -> Any:
        """An in-memory LSH index for folding (``store_fold``) when many inputs are new."""
        from .store_fold import BULK_MIN, BulkFolder, use_bulk

        if new_inputs < BULK_MIN:
            return None
        stored = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        return BulkFolder(self.conn, self._days) if use_bulk(new_inputs, stored) else None

    def _store_input(
        self,
        c: sqlite3.Connection,
        item: _Todo,
        got: Any,
        extras: list[Extras],
        scope: Scope,
    ) -> None:
        """One parsed input into the store (inside the caller's transaction)."""
        kind = item[2]
        iid = self._input_row(c, item, got)
        self._written[item[0]] = (iid, self._skipped_json(got))
        old = {
            r[0]: (r[1], r[2])
            for r in c.execute("SELECT entry, rowid, data FROM articles WHERE input=?", (iid,))
        }
        entries = _entries(extras, kind)
        drop, fresh = [], []
        for entry, (n, ex) in entries.items():
            if entry in old and old[entry][1] == ex.data:
                c.execute("UPDATE articles SET seq=? WHERE rowid=?", (n, old[entry][0]))
                continue
            if entry in old:
                drop.append(old[entry][0])
            fresh.append((entry, n, ex))
        if kind != "feed":  # a file replaces its articles; a feed keeps what it dropped
            drop += [rid for e, (rid, _d) in old.items() if e not in entries]
        groups = self._delete_articles(c, drop)
        for entry, n, ex in fresh:
            rid = _insert_article(c, iid, entry, n, ex)
            if self._bulk is not None:
                self._bulk.fold_in(c, rid, _unpack(ex.shingles), list(ex.bands), ex.day)
            else:
                self._fold_in(c, rid, _unpack(ex.shingles), ex.day, list(ex.bands))
            scope.new_articles += 1
        self._regroup(c, groups)

    @staticmethod
    def _skipped_json(got: Any) -> str:
        """An input's skips as its row stores them."""
        return json.dumps([[s.path, s.reason, s.kind] for s in got.skipped], ensure_ascii=False)

    @staticmethod
    def _input_row(
        c: sqlite3.Connection,
        item: _Todo,
        got: Any,
    ) -> int:
        """The input's row, inserted or brought up to date: its id."""
        key, target, kind, size, mtime, sha = item
        skipped = ArticleStore._skipped_json(got)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        row = c.execute("SELECT id FROM inputs WHERE path=?", (key,)).fetchone()
        if row is not None:
            c.execute(
                "UPDATE inputs SET given=?, kind=?, size=?, mtime_ns=?, sha256=?, gone=0, "
                "skipped=?, read_at=? WHERE id=?",
                (str(target), kind, size, mtime, sha, skipped, now, row[0]),
            )
            return int(row[0])
        iid = c.execute(
            "INSERT INTO inputs(path, given, kind, size, mtime_ns, sha256, skipped, "
            "read_at) VALUES(?,?,?,?,?,?,?,?)",
            (key, str(target), kind, size, mtime, sha, skipped, now),
        ).lastrowid
        assert iid is not None
        return iid

    # ------------------------------------------------------------ near-duplicate groups

    def _fold_in(
        self,
        c: sqlite3.Connection,
        rid: int,
        shingles: frozenset[int],
        day: str | None,
        keys: list[int] | None = None,
    ) -> None:
        """Join article ``rid`` (of ``day``) to every stored group it copies (LSH candidates,
        exact check) whose first day is within the window (``dedup.in_window``); index its
        bands (``keys``, else computed) unless it is a near-exact copy of one member."""
        from .dedup import band_keys, in_window, near_exact, similar

        keys = band_keys(shingles) if keys is None else keys
        grp = rid
        closest = False
        first = day
        merged: dict[int, int] = {}  # group -> the group it joined in this call
        own = _ordinal(day)
        for cid, cgrp, cfirst in _candidates(c, keys):
            # the window is judged on the group as stored before this article (its first day)
            if not in_window(own, _ordinal(cfirst), self._days):
                continue
            while cgrp in merged:  # its group as the updates below left it
                cgrp = merged[cgrp]
            if cid == rid or cgrp == grp:
                continue  # (a group joined already: its other members are not read)
            other = self._sigs.get(cid)
            if other is None:
                other = self._sigs[cid] = self._signature(c, cid)
            if similar(shingles, other):
                new, old = min(grp, cgrp), max(grp, cgrp)
                # only the members of the later group change (an archive's group can be large)
                join_group_rows(c, new, old)
                merged[old] = new
                grp = new
                first = min(d for d in (first, cfirst) if d) if first or cfirst else None
                closest = closest or near_exact(shingles, other)
        place_article_rows(c, rid, grp, keys if not closest else [], first)

    def _signature(self, c: sqlite3.Connection, rowid: int) -> frozenset[int]:
        """A stored article's signature. Its bytes are kept for the next transactions of this
        connection (the groups a run's new articles meet recur from batch to batch), at most
        ``_BLOBS`` of them; dropped when the article is deleted, when a transaction is rolled
        back and when another connection has written to the store (``PRAGMA data_version``)."""
        blob = self._blobs.get(rowid)
        if blob is None:
            blob = c.execute("SELECT shingles FROM articles WHERE rowid=?", (rowid,)).fetchone()[0]
            if len(self._blobs) >= _BLOBS:
                self._blobs = {}
            self._blobs[rowid] = blob
        return _unpack(blob)

    def _delete_articles(self, c: sqlite3.Connection, rowids: Sequence[int]) -> set[int]:
        groups: set[int] = set()
        if rowids:
            self._bulk = None  # the in-memory index follows inserts only: SQL from here on
        for rid in rowids:
            row = c.execute(
                "SELECT grp, indexed, shingles FROM articles WHERE rowid=?", (rid,)
            ).fetchone()
            if row and row[0] is not None:
                groups.add(row[0])
            self._unindex(c, rid, row[2] if row and row[1] else None)
            c.execute("DELETE FROM search WHERE rowid=?", (rid,))
            c.execute("DELETE FROM articles WHERE rowid=?", (rid,))
            c.execute("DELETE FROM groups WHERE grp=?", (rid,))  # (its group is re-folded)
            self._sigs.pop(rid, None)  # its rowid may be given to a new article
            self._blobs.pop(rid, None)
        return groups

    @staticmethod
    def _unindex(c: sqlite3.Connection, rid: int, shingles: bytes | None) -> None:
        """Article ``rid`` out of the LSH index (its bands and its ``lsh`` row); ``shingles``
        is its stored signature when it is indexed, None when it is not (no bands to drop).

        ``bands`` is keyed by (key, article): its rows are deleted by the band keys of the
        signature (the keys they were written under), one index lookup each, not by a scan of
        the whole index (~0.3 s at 100,000 articles, for every changed or re-folded article).
        Keys written by other code (fewer rows found than keys) are removed by the scan."""
        if shingles is not None:
            from .dedup import band_keys

            keys = sorted(set(band_keys(_unpack(shingles))))
            found = c.executemany(
                "DELETE FROM bands WHERE key=? AND article=?", [(k, rid) for k in keys]
            ).rowcount
            if found < len(keys):
                c.execute("DELETE FROM bands WHERE article=?", (rid,))
        c.execute("DELETE FROM lsh WHERE article=?", (rid,))

    def _regroup(self, c: sqlite3.Connection, groups: set[int]) -> None:
        """Re-fold the remaining members of groups that lost one (a group may split)."""
        for g in sorted(groups):
            members = c.execute(
                "SELECT rowid, shingles, day, indexed FROM articles WHERE grp=? ORDER BY rowid",
                (g,),
            ).fetchall()
            c.execute("DELETE FROM groups WHERE grp=?", (g,))
            for rid, sig, _d, indexed in members:
                self._unindex(c, rid, sig if indexed else None)
                c.execute("UPDATE articles SET grp=rowid, indexed=0 WHERE rowid=?", (rid,))
            for rid, sig, day, _i in members:
                self._fold_in(c, rid, _unpack(sig), day)

    def _mark_gone(
        self, roots: list[str], seen: set[str], known: dict[str, tuple[Any, ...]]
    ) -> list[str]:
        """Files under a folder read this run that no longer exist are marked gone: their
        paths. (An input written or touched this run is in ``seen``; the others are as
        ``known`` when the run began.)"""
        gone: dict[int, str] = {}
        for root in roots:
            prefix = root.rstrip(os.sep) + os.sep
            for path, row in known.items():
                if (
                    row[4] == 0
                    and row[6] in ("file", "feed")
                    and path.startswith(prefix)
                    and path not in seen
                    and not os.path.lexists(path)
                ):
                    gone[row[0]] = path
        if gone:
            with self._tx() as c:
                c.executemany("UPDATE inputs SET gone=1 WHERE id=?", [(i,) for i in gone])
        return list(gone.values())

    def prune(self, dedup_days: int | None = DEDUP_DAYS) -> tuple[int, int]:
        """Forget the inputs marked gone and their articles: (inputs, articles) removed (the
        groups that lose a member are folded again, within ``dedup_days``)."""
        self._days = dedup_days
        with self.guard(), self._tx() as c:
            ids = [r[0] for r in c.execute("SELECT id FROM inputs WHERE gone=1")]
            rowids = [
                r[0]
                for i in ids
                for r in c.execute("SELECT rowid FROM articles WHERE input=?", (i,))
            ]
            groups = self._delete_articles(c, rowids)
            c.executemany("DELETE FROM inputs WHERE id=?", [(i,) for i in ids])
            self._regroup(c, groups)
        return len(ids), len(rowids)

    # ------------------------------------------------------------ reading days back

    def view(self, scope: Scope) -> View:
        """The scope's articles folded into groups (as ``fold_duplicates``), in input order."""
        with self.guard():
            return self._view(scope)

    def _scope_table(self, scope: Scope) -> None:
        c = self.conn
        c.execute("CREATE TEMP TABLE IF NOT EXISTS scope(input INTEGER PRIMARY KEY, ord INTEGER)")
        c.execute("DELETE FROM scope")
        c.executemany(
            "INSERT OR IGNORE INTO scope(input, ord) VALUES(?, ?)",
            [(iid, n) for n, iid in enumerate(scope.inputs)],
        )

    def _view(self, scope: Scope) -> View:
        self._scope_table(scope)
        self._given = scope.given
        c = self.conn
        read = c.execute(
            "SELECT count(*) FROM articles a JOIN scope s ON a.input = s.input"
        ).fetchone()[0]
        # One row per group (an article without a group is one): its representative, as
        # fold_duplicates picks it (earliest time, longest text, id; then the first in input
        # order), groups in the order of their first member. SQLite ranks the archive's rows;
        # only the representatives come back to Python (at 100,000 articles in ~5,000 groups
        # of copies: 8,150 rows, not 101,000).
        heads = c.execute(
            "SELECT w.rid, a.day, w.g, w.n, a.path, a.warnings, a.guessed, a.language, a.input "
            "FROM (SELECT rid, g, row_number() OVER (PARTITION BY g ORDER BY when_key, "
            "body_len DESC, aid, pos) AS rn, min(pos) OVER (PARTITION BY g) AS first, "
            "count(*) OVER (PARTITION BY g) AS n FROM (SELECT a.rowid AS rid, "
            "coalesce(a.grp, -a.rowid) AS g, a.when_key, a.body_len, a.aid, "
            "row_number() OVER (ORDER BY s.ord, a.seq, a.rowid) AS pos "
            "FROM articles a JOIN scope s ON a.input = s.input)) w "
            "JOIN articles a ON a.rowid = w.rid WHERE w.rn = 1 ORDER BY w.first"
        ).fetchall()
        warnings: list[str] = []
        undated, guessed = [], []
        for _rid, day, _g, _n, stored, warned, guess, _lang, iid in heads:
            if warned == "[]" and day is not None and not guess:
                continue
            path = self._path(iid, stored)
            warnings.extend(f"{path}: {w}" for w in json.loads(warned))
            if day is None:
                undated.append(path)
            elif guess:
                guessed.append((path, dt.date.fromisoformat(day)))
        order: dict[int, int] = {}  # (an input met twice keeps its first place, as in scope)
        for n, iid in enumerate(scope.inputs):
            order.setdefault(iid, n)
        return View(
            read=read,
            heads=[(h[0], h[1], h[2], h[3]) for h in heads],
            warnings=warnings,
            undated=undated,
            guessed=guessed,
            languages=sorted({h[7] for h in heads}),
            members=lambda groups: self._members(groups, order),
        )

    def _members(self, groups: Sequence[int], order: dict[int, int]) -> dict[int, tuple[int, ...]]:
        """The members in scope (inputs ``order``) of ``groups``, each in input order."""
        found: dict[int, list[tuple[int, int, int]]] = {}
        with self.guard():
            for start in range(0, len(groups), 500):
                part = list(groups[start : start + 500])
                marks = ",".join("?" * len(part))
                for rid, grp, iid, seq in self.conn.execute(
                    f"SELECT rowid, grp, input, seq FROM articles WHERE grp IN ({marks})", part
                ):
                    if iid in order:
                        found.setdefault(grp, []).append((order[iid], seq, rid))
        return {g: tuple(m[2] for m in sorted(ms)) for g, ms in found.items()}

    def _path(self, iid: int, path: str) -> str:
        """An article's path as this run gave its input (a folder given another way)."""
        given: dict[int, tuple[str, str]] = getattr(self, "_given", {})
        stored_now = given.get(iid)
        if stored_now and path.startswith(stored_now[0]):
            return stored_now[1] + path[len(stored_now[0]) :]
        return path

    def articles(self, rowids: Sequence[int]) -> dict[int, Article]:
        """The stored articles by rowid (paths as this run gave them)."""
        from .serialize import article_from_dict

        out: dict[int, Article] = {}
        with self.guard():
            for start in range(0, len(rowids), 500):
                part = list(rowids[start : start + 500])
                marks = ",".join("?" * len(part))
                for rid, iid, data in self.conn.execute(
                    f"SELECT rowid, input, data FROM articles WHERE rowid IN ({marks})", part
                ):
                    a = article_from_dict(json.loads(data))
                    path = self._path(iid, a.path)
                    out[rid] = replace(a, path=path) if path != a.path else a
        return out

    def day_articles(self, view: View, day: dt.date) -> list[Article]:
        """The representatives of ``day`` in input order, copies folded in (``fold_group``)."""
        from .dedup import fold_group

        iso = day.isoformat()
        heads = [(rid, g, n) for rid, d, g, n in view.heads if d == iso]
        got = view.members([g for _r, g, n in heads if n > 1])
        wanted = [(rid, got[g] if n > 1 else ()) for rid, g, n in heads]
        need = [rid for rid, _m in wanted] + [m for _r, ms in wanted for m in ms]
        loaded = self.articles(need)
        return [
            fold_group([loaded[m] for m in members]) if members else loaded[rid]
            for rid, members in wanted
        ]

    def record_stories(self, shown: dict[str, tuple[str, str]]) -> None:
        """Remember which story (id, title) last showed each article id."""
        if not shown:
            return
        with self.guard(), self._tx() as c:
            c.executemany(
                "UPDATE articles SET story=?, story_title=? WHERE aid=?",
                [(sid, title, aid) for aid, (sid, title) in shown.items()],
            )

    # ------------------------------------------------------------ what was written

    def output_record(
        self, out_dir: str, day: str
    ) -> tuple[str, list[tuple[str, int, int]]] | None:
        """The fingerprint and files recorded for ``day`` of ``out_dir`` (``briefing.memo``)."""
        with self.guard():
            row = self.conn.execute(
                "SELECT fingerprint, files FROM outputs WHERE out_dir=? AND day=?", (out_dir, day)
            ).fetchone()
        return (row[0], [tuple(f) for f in json.loads(row[1])]) if row else None

    def record_outputs(
        self, out_dir: str, days: dict[str, tuple[str, list[tuple[str, int, int]]]]
    ) -> None:
        with self.guard(), self._tx() as c:
            c.executemany(
                "INSERT OR REPLACE INTO outputs(out_dir, day, fingerprint, files) VALUES(?,?,?,?)",
                [(out_dir, d, fp, json.dumps(files)) for d, (fp, files) in days.items()],
            )

    # ------------------------------------------------------------ search and stats

    def search(
        self,
        query: str,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        source: str | None = None,
        language: str | None = None,
        limit: int = 50,
    ) -> list[dict[str, Any]]:
        """Articles matching every word of ``query`` by stem (German and English), newest first."""
        from .text import stem, words

        terms = []
        for w in words(query):
            forms = sorted({stem(w, "de"), stem(w, "en"), w.lower()})
            terms.append("(" + " OR ".join('"' + f.replace('"', '""') + '"' for f in forms) + ")")
        if not terms:
            return []
        sql = (
            "SELECT a.day, a.source, a.title, a.story, a.story_title, a.path, a.language, "
            "a.aid, i.gone FROM search JOIN articles a ON a.rowid = search.rowid "
            "JOIN inputs i ON i.id = a.input WHERE search MATCH ?"
        )
        args: list[Any] = [" AND ".join(terms)]
        if since:
            sql += " AND a.day >= ?"
            args.append(since.isoformat())
        if until:
            sql += " AND a.day <= ?"
            args.append(until.isoformat())
        if source:
            sql += " AND lower(a.source) = lower(?)"
            args.append(source)
        if language:
            sql += " AND a.language = ?"
            args.append(language)
        sql += " ORDER BY a.day DESC, rank LIMIT ?"
        args.append(limit)
        keys = ("date", "source", "title", "story", "story_title", "path", "language", "id", "gone")
        with self.guard():
            rows = self.conn.execute(sql, args).fetchall()
        return [dict(zip(keys, r, strict=True)) | {"gone": bool(r[8])} for r in rows]

    def stats(self) -> dict[str, Any]:
        """Inputs, articles per day, languages and outlets."""
        with self.guard():
            c = self.conn
            inputs = dict(c.execute("SELECT gone, count(*) FROM inputs GROUP BY gone").fetchall())
            return {
                "path": str(self.path),
                "schema_version": self._version(),
                "bytes": self.path.stat().st_size if self.path.exists() else 0,
                "inputs": inputs.get(0, 0),
                "inputs_gone": inputs.get(1, 0),
                "articles": c.execute("SELECT count(*) FROM articles").fetchone()[0],
                "groups": c.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY grp HAVING count(*)>1)"
                ).fetchone()[0],
                "days": dict(
                    c.execute(
                        "SELECT coalesce(day, 'undated'), count(*) FROM articles GROUP BY day "
                        "ORDER BY day"
                    ).fetchall()
                ),
                "languages": dict(
                    c.execute(
                        "SELECT language, count(*) FROM articles GROUP BY language "
                        "ORDER BY count(*) DESC"
                    ).fetchall()
                ),
                "outlets": dict(
                    c.execute(
                        "SELECT coalesce(source, '(none)'), count(*) FROM articles "
                        "GROUP BY source ORDER BY count(*) DESC LIMIT 20"
                    ).fetchall()
                ),
            }

    def integrity(self) -> str:
        """``PRAGMA integrity_check``: "ok" when the file is sound."""
        with self.guard():
            return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])
