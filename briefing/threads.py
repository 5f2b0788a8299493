"""Threads across days: a story that continues an earlier one keeps its id, across runs.

Each (thread, day) leaves one row in the SQLite state (table ``thread_days``): the story's
weighted term counts, its article ids, its normalised summary sentences and one sentence for
the timeline. A story of day D is linked to the most similar thread seen on one of the
``settings.thread_days`` days before D when their TF-IDF cosine reaches
``settings.thread_threshold`` (default 0.25; see ``docs/clustering.md``). Only days before D
are candidates, and the rows of D are replaced, never added to, so rerunning any day (also an
earlier one after a later one) gives the same ids and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .cluster import article_terms, template_paragraphs, term_vectors
from .models import Story, TimelineEntry
from .options import ThreadOptions
from .store import Store
from .text import split_sentences

__all__ = [
    "LINK_THRESHOLD",
    "SCHEMA",
    "RecentRows",
    "assign_threads",
    "normalize_sentence",
    "record_shown",
    "story_terms",
]

log = logging.getLogger(__name__)

LINK_THRESHOLD = 0.25
MAX_TERMS = 300  # terms kept per (thread, day) row
MAX_TIMELINE = 14  # earlier days shown per story
BACKGROUND_DAYS = 60  # earlier rows used for IDF (and, within thread_days, as candidates)
MAX_BACKGROUND = 5000

SCHEMA = """
CREATE TABLE IF NOT EXISTS thread_days (
    thread_id TEXT NOT NULL,
    day TEXT NOT NULL,
    terms TEXT NOT NULL,
    articles TEXT NOT NULL,
    sentences TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (thread_id, day)
);
CREATE INDEX IF NOT EXISTS thread_days_day ON thread_days(day);
"""

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize_sentence(text: str) -> str:
    """Lower-cased words only: quotes, punctuation and spacing do not make a sentence new."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def story_terms(
    story: Story, template: dict[str, frozenset[str]] | None = None
) -> dict[str, float]:
    """Weighted stem counts of all articles of a story (the same features as clustering)."""
    total: dict[str, float] = {}
    for a in story.articles:
        for term, weight in article_terms(a, (template or {}).get(a.id, frozenset())).items():
            total[term] = total.get(term, 0.0) + weight
    return total


def _new_id(day: dt.date, story: Story) -> str:
    key = day.isoformat() + "|" + "|".join(sorted(a.id for a in story.articles))
    return "s" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _note(story: Story, flags: Sequence[bool]) -> str:
    """One sentence for the timeline: the first summary sentence new that day."""
    for s, new in zip(story.summary, flags, strict=True):
        if new:
            return s.original
    if story.summary:
        return story.summary[0].original
    for a in sorted(story.articles, key=lambda a: a.id):
        sents = split_sentences(a.body, a.language or "de")
        if sents:
            return sents[0]
    return ""


def _parsed(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "thread": r["thread_id"],
            "day": dt.date.fromisoformat(r["day"]),
            "terms": json.loads(r["terms"]),
        }
        for r in rows
    ]


class RecentRows:
    """The earlier days' thread rows of one run, each day read and parsed once.

    Serves the class "a build of many days in a row": every day reads the rows of the
    ``BACKGROUND_DAYS`` days before it, so without this each earlier day is read and its JSON
    terms parsed again for every later day (60 times in a long build). A day's rows are read
    again after ``assign_threads`` rewrote them; days that no longer fall within the window or
    the ``MAX_BACKGROUND`` newest rows are forgotten, so memory stays at one window of rows.
    Only for one run under the build lock: rows written by another process are not seen.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._days: dict[str, list[dict[str, Any]]] = {}

    def forget(self, day: dt.date) -> None:
        """``day``'s rows were rewritten: read them again when next needed."""
        self._days.pop(day.isoformat(), None)

    def before(self, day: dt.date) -> list[dict[str, Any]]:
        """What ``SELECT ... ORDER BY day DESC, thread_id LIMIT MAX_BACKGROUND`` over the
        window before ``day`` returns, parsed."""
        conn = self._store.conn
        first = (day - dt.timedelta(days=BACKGROUND_DAYS)).isoformat()
        days = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT day FROM thread_days WHERE day >= ? AND day < ? ORDER BY day DESC",
                (first, day.isoformat()),
            )
        ]
        out: list[dict[str, Any]] = []
        kept: dict[str, list[dict[str, Any]]] = {}
        for d in days:
            if len(out) >= MAX_BACKGROUND:
                break
            rows = self._days.get(d)
            if rows is None:
                rows = _parsed(
                    conn.execute(
                        "SELECT thread_id, day, terms FROM thread_days WHERE day = ? "
                        "ORDER BY thread_id",
                        (d,),
                    ).fetchall()
                )
            kept[d] = rows
            out.extend(rows[: MAX_BACKGROUND - len(out)])
        self._days = kept
        return out


def _load_recent(store: Store, day: dt.date) -> list[dict[str, Any]]:
    """Rows of the ``BACKGROUND_DAYS`` days before ``day``: candidates and IDF background."""
    first = (day - dt.timedelta(days=BACKGROUND_DAYS)).isoformat()
    rows = store.conn.execute(
        "SELECT thread_id, day, terms FROM thread_days WHERE day >= ? AND day < ? "
        "ORDER BY day DESC, thread_id LIMIT ?",
        (first, day.isoformat(), MAX_BACKGROUND),
    ).fetchall()
    return _parsed(rows)


def _link(
    day: dt.date,
    terms: list[dict[str, float]],
    recent: list[dict[str, Any]],
    window: int,
    threshold: float,
) -> list[str | None]:
    """Greedy one-to-one matching of today's stories to threads of the last ``window`` days.

    IDF comes from today's stories and the recent rows, so words common to many stories
    (Präsident, Regierung, ...) count less than the names and places that make a thread.
    """
    links: list[str | None] = [None] * len(terms)
    first = day - dt.timedelta(days=max(window, 0))
    cand = [j for j, r in enumerate(recent) if r["day"] >= first]
    if not cand or not terms:
        return links
    vec = term_vectors(terms + [r["terms"] for r in recent])
    x = vec.matrix
    n = len(terms)
    sims = (x[:n] @ x[[n + j for j in cand]].T).toarray()
    best: dict[tuple[int, str], float] = {}
    for k, j in enumerate(cand):
        thread = recent[j]["thread"]
        for i in range(n):
            key = (i, thread)
            best[key] = max(best.get(key, 0.0), float(sims[i, k]))
    pairs = sorted(
        ((s, i, t) for (i, t), s in best.items() if s >= threshold),
        key=lambda p: (-round(p[0], 9), p[1], p[2]),
    )
    used: set[str] = set()
    for s, i, t in pairs:
        if links[i] is None and t not in used:
            links[i] = t
            used.add(t)
            log.debug("story %d of %s continues thread %s (similarity %.3f)", i, day, t, s)
    return links


def _language(story: Story) -> str:
    return (story.articles[0].language if story.articles else None) or "de"


def _timeline(rows: Sequence[Any], lang: str) -> tuple[TimelineEntry, ...]:
    """The earlier days' notes, each fact once (on the first day that stated it)."""
    from .summarize._facts import distinct_facts

    rows = [r for r in rows if r["note"]]
    keep = distinct_facts([r["note"] for r in rows], lang)
    return tuple(
        TimelineEntry(
            date=dt.date.fromisoformat(r["day"]),
            text=r["note"],
            original=r["note"],
            reports=len(json.loads(r["articles"])),
        )
        for r, k in zip(rows, keep, strict=True)
        if k
    )


def assign_threads(
    day: dt.date,
    stories: Sequence[Story],
    store: Store,
    settings: ThreadOptions,
    recent_rows: RecentRows | None = None,
) -> list[Story]:
    """Give each story of ``day`` its thread id, developing-since date, timeline and new flags.

    ``recent_rows`` (one per run over many days) keeps the earlier days' rows read."""
    store.ensure(SCHEMA)
    threshold = settings.thread_threshold
    template = template_paragraphs([a for s in stories for a in s.articles])
    terms = [story_terms(s, template) for s in stories]
    recent = _load_recent(store, day) if recent_rows is None else recent_rows.before(day)
    links = _link(day, terms, recent, settings.thread_days, threshold)

    out: list[Story] = []
    rows: list[tuple[str, str, str, str, str, str]] = []
    taken: set[str] = set()
    for story, counts, link in zip(stories, terms, links, strict=True):
        thread = link or _new_id(day, story)
        if thread in taken:  # two identical stories on one day: keep ids unique
            thread = _new_id(day, replace(story, articles=story.articles[::-1])) + "b"
        taken.add(thread)
        earlier = store.conn.execute(
            "SELECT day, sentences, note, articles FROM thread_days "
            "WHERE thread_id = ? AND day < ? ORDER BY day",
            (thread, day.isoformat()),
        ).fetchall()
        shown: set[str] = set()
        for r in earlier:
            shown.update(json.loads(r["sentences"]))
        flags = [normalize_sentence(s.original) not in shown for s in story.summary]
        summary = tuple(replace(s, is_new=new) for s, new in zip(story.summary, flags, strict=True))
        timeline = _timeline(earlier[-MAX_TIMELINE:], _language(story))
        since = dt.date.fromisoformat(earlier[0]["day"]) if earlier else None
        out.append(
            replace(story, id=thread, summary=summary, developing_since=since, timeline=timeline)
        )
        top = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS])
        rows.append(
            (
                thread,
                day.isoformat(),
                json.dumps({k: round(v, 3) for k, v in top.items()}, ensure_ascii=False),
                json.dumps(sorted(a.id for a in story.articles)),
                json.dumps(sorted({normalize_sentence(s.original) for s in story.summary})),
                _note(story, flags),
            )
        )
    with store.transaction() as conn:
        conn.execute("DELETE FROM thread_days WHERE day = ?", (day.isoformat(),))
        conn.executemany(
            "INSERT OR REPLACE INTO thread_days "
            "(thread_id, day, terms, articles, sentences, note) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    if recent_rows is not None:
        recent_rows.forget(day)
    return out


def record_shown(day: dt.date, stories: Sequence[Story], store: Store) -> None:
    """Record the sentences each story actually shows on ``day`` (after the word budget), so
    that a sentence trimmed today is still "new" when it appears on a later day."""
    store.ensure(SCHEMA)
    with store.transaction() as conn:
        conn.executemany(
            "UPDATE thread_days SET sentences = ? WHERE thread_id = ? AND day = ?",
            [
                (
                    json.dumps(sorted({normalize_sentence(s.original) for s in story.summary})),
                    story.id,
                    day.isoformat(),
                )
                for story in stories
            ],
        )
