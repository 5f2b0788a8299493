"""``build_briefing(settings) -> Briefing``: the stages, called in order.

ingest -> dedup -> days -> stories -> summaries -> threads -> ranking -> budget -> translation,
then ``run_build`` renders the outputs. Each stage lives in its own module; this one only
wires them together and collects the run report.
"""

from __future__ import annotations

import datetime as dt
import glob
import logging
import os
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .day_stories import StoryOptions, stories_ahead
from .errors import ExitCode, InputError
from .models import Article, Briefing, Day, Notice, RunReport, Skipped
from .progress import Progress

if TYPE_CHECKING:
    from .article_store import ArticleStore
    from .memo import DayMemo

__all__ = ["BuildResult", "build_briefing", "check_inputs", "run_build"]

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    briefing: Briefing
    written: list[Path] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.OK
    kept: list[Path] = field(default_factory=list)  # files of days found up to date
    pdfs: dict[str, bytes] = field(default_factory=dict)  # a dry run's PDFs, by day, unwritten


def check_inputs(inputs: tuple[Path, ...] | list[Path]) -> None:
    """Fail early, naming the path, when an input does not exist (globs and URLs pass)."""
    if not inputs:
        raise InputError("no input given: name files, folders or globs of articles")
    for p in inputs:
        s = str(p)
        # (a URL that went through Path() has lost one slash: "https:/host/feed")
        if s.startswith(("http:/", "https:/")) or glob.has_magic(s):
            continue
        if not Path(s).exists():
            raise InputError(f"{s}: no such file or directory")


def _generated_at() -> dt.datetime:
    # SOURCE_DATE_EPOCH makes the output reproducible (byte-for-byte comparable runs).
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _date_notices(articles: list[Article]) -> list[Notice]:
    """One notice per day whose articles have guessed dates: it concerns that day's page only."""
    return _guessed_notices(
        [(a.path, a.date) for a in articles if a.date is not None and a.date_guessed]
    )


def _guessed_notices(guessed: list[tuple[str, dt.date]]) -> list[Notice]:
    """``_date_notices`` from (path, day) of the articles whose date is a guess, in order."""
    by_day: dict[dt.date, list[str]] = {}
    for path, day in guessed:
        by_day.setdefault(day, []).append(path)
    notices = []
    for day, paths in sorted(by_day.items()):
        names = ", ".join(Path(p).name for p in paths[:5])
        more = f" and {len(paths) - 5} more" if len(paths) > 5 else ""
        notices.append(
            Notice(
                level="warning",
                code="date-guessed",
                text=f"Publication date guessed (low confidence) for {len(paths)} article(s): "
                f"{names}{more}.",
                scope="days",
                days=(day,),
            )
        )
    return notices


class _Source:
    """Where the days' articles come from: the article store, or a fresh read of every input."""

    read: int
    skipped: list[Skipped]
    warnings: list[str]
    undated: list[str]
    guessed: list[tuple[str, dt.date]]
    languages: list[str]

    def day_counts(self) -> dict[dt.date, int]:
        """Articles (after folding) per publication day, days in order."""
        raise NotImplementedError

    def day(self, day: dt.date) -> list[Article]:
        raise NotImplementedError

    def shown(self, briefing: Briefing) -> None:
        return None


class _MemorySource(_Source):
    """Every input read again and folded in memory (``use_store = false``)."""

    def __init__(self, settings: Settings, progress: Progress) -> None:
        from . import cluster
        from .dedup import fold_duplicates
        from .executor import get_executor, read_inputs_with

        with get_executor(settings.executor_options()) as executor:
            with progress.stage("ingest") as bar:
                result = read_inputs_with(
                    executor, list(settings.inputs), settings.ingest_options()
                )
                bar.advance(len(result.articles) + len(result.skipped))
            _log_skipped(result.skipped)
            self.read, self.skipped = len(result.articles), list(result.skipped)
            if not result.articles:
                return
            with progress.stage("dedup", total=len(result.articles)) as bar:
                articles = fold_duplicates(
                    list(result.articles), executor=executor, days=settings.dedup_days
                )
                bar.advance(len(result.articles))
        self.warnings = [f"{a.path}: {w}" for a in articles for w in a.warnings]
        self.undated = [a.path for a in articles if a.date is None]
        self.guessed = [(a.path, a.date) for a in articles if a.date is not None and a.date_guessed]
        self.languages = sorted({a.language for a in articles})
        self._by_day = cluster.group_by_day(articles)

    def day_counts(self) -> dict[dt.date, int]:
        return {d: len(v) for d, v in self._by_day.items()}

    def day(self, day: dt.date) -> list[Article]:
        return self._by_day.pop(day, [])


class _StoreSource(_Source):
    """New and changed inputs parsed into the article store; days read back one by one."""

    def __init__(self, store: ArticleStore, settings: Settings, progress: Progress) -> None:
        from .executor import LocalExecutor, get_executor

        self.store = store
        with get_executor(settings.executor_options()) as executor, progress.stage("ingest") as bar:
            spread = None if isinstance(executor, LocalExecutor) else executor
            scope = store.update(
                settings.inputs,
                settings.ingest_options(),
                spread,
                on_input=bar.advance,
                workers=settings.workers,
            )
        log.info(
            "article store: %d input(s) parsed, %d unchanged, %d new article(s), %d gone",
            scope.parsed,
            scope.unchanged,
            scope.new_articles,
            scope.gone,
        )
        _log_skipped(scope.skipped)
        self.skipped = scope.skipped
        self.view = store.view(scope)
        self.read = self.view.read
        self.warnings = self.view.warnings
        self.undated = self.view.undated
        self.guessed = self.view.guessed
        self.languages = self.view.languages

    def day_counts(self) -> dict[dt.date, int]:
        return self.view.day_counts()

    def day(self, day: dt.date) -> list[Article]:
        return self.store.day_articles(self.view, day)

    def shared(self) -> dict[str, object]:
        """What every day's page carries besides its own stories (for ``briefing.memo``)."""
        return {
            "read": self.read,
            "skipped": [(s.path, s.reason, s.kind) for s in self.skipped],
            "warnings": self.warnings,
            "undated": self.undated,
            "guessed": [(p, d.isoformat()) for p, d in self.guessed],
            "languages": self.languages,
        }

    def shown(self, briefing: Briefing) -> None:
        seen: dict[str, tuple[str, str]] = {}
        for d in briefing.days:
            for story in d.stories:
                for a in story.articles:
                    for aid in (a.id, *a.duplicates):
                        seen[aid] = (story.id, story.title)
        self.store.record_stories(seen)


def _no_articles_on(day: dt.date, counts: dict[dt.date, int]) -> str:
    """ "no article was published on D; nearest days with articles: ..." (up to three)."""
    msg = f"no article was published on {day.isoformat()}"
    if not counts:
        return msg + " (no article has a publication date)"
    near = sorted(sorted(counts, key=lambda d: (abs((d - day).days), d))[:3])
    shown = ", ".join(f"{d.isoformat()} ({counts[d]})" for d in near)
    return f"{msg}; nearest days with articles: {shown}"


def _log_skipped(skipped: list[Skipped]) -> None:
    """A warning per input that could not be read; entries without text (image-only feed
    items) are normal, so they are one info line, each named at debug level."""
    empty = [s for s in skipped if s.kind != "input"]
    for s in skipped:
        if s.kind == "input":
            log.warning("skipped %s: %s", s.path, s.reason)
        else:
            log.debug("skipped entry %s: %s", s.path, s.reason)
    if empty:
        log.info(
            "%d entr%s without text skipped (listed in the run report)",
            len(empty),
            "y" if len(empty) == 1 else "ies",
        )


def _wanted(days: list[dt.date], settings: Settings) -> list[dt.date]:
    if settings.date is not None:
        return [d for d in days if d == settings.date]
    return [
        d
        for d in days
        if (settings.since is None or d >= settings.since)
        and (settings.until is None or d <= settings.until)
    ]


def build_briefing(settings: Settings, *, progress: Progress | None = None) -> Briefing:
    """Read ``settings.inputs`` and return the translated briefing (nothing written).

    With the article store (``use_store``, the default) only new or changed inputs are parsed
    and each day's articles are read back from the store one day at a time."""
    return _run(settings, progress or Progress.null(), write=False).briefing


def run_build(
    settings: Settings, *, progress: Progress | None = None, dry_run: bool = False
) -> BuildResult:
    """Build the briefing and write its outputs; the exit code says whether inputs were skipped.

    Days whose inputs, settings and code did not change since their files were written are
    kept as they are (``briefing.memo``). With ``dry_run`` no output is written: up-to-date
    days are still read back, and only the PDFs of the days built are rendered, in memory
    (``BuildResult.pdfs``)."""
    return _run(settings, progress or Progress.null(), write=True, dry_run=dry_run)


def _run(
    settings: Settings, progress: Progress, *, write: bool, dry_run: bool = False
) -> BuildResult:
    from .runlock import build_lock

    check_inputs(settings.inputs)
    with build_lock(settings):  # one run at a time writes the store, the state and the outputs
        return _run_locked(settings, progress, write=write, dry_run=dry_run)


def _run_locked(
    settings: Settings, progress: Progress, *, write: bool, dry_run: bool = False
) -> BuildResult:
    if not settings.use_store:
        briefing, _fps, _kept = _build(settings, _MemorySource(settings, progress), progress)
        if not write:
            return BuildResult(briefing)
        if dry_run:
            return _dry_result(briefing, settings, frozenset(), None)
        return _write(briefing, settings, progress, frozenset())
    from .article_store import ArticleStore

    with ArticleStore(settings.store_path) as store:
        source = _StoreSource(store, settings, progress)
        memo = None
        if write and "json" in settings.formats:
            from .memo import DayMemo
            from .store import Store

            Store(settings.state_path).close()  # it exists before it is fingerprinted
            memo = DayMemo(store, settings, source.shared())
        briefing, fps, kept = _build(settings, source, progress, memo)
        source.shown(briefing)
        if not write:
            return BuildResult(briefing)
        if dry_run:
            return _dry_result(briefing, settings, kept, memo)
        result = _write(briefing, settings, progress, kept)
        if memo is not None:
            memo.record(fps, result.written)
            for day in sorted(kept):
                result.kept.extend(memo.files(day))
            if kept:
                log.info("%d day(s) up to date: their files were kept", len(kept))
        return result


def _dry_result(
    briefing: Briefing, settings: Settings, kept: frozenset[dt.date], memo: DayMemo | None
) -> BuildResult:
    """A dry run's result: nothing written; the files of the days found up to date are listed
    (``kept``), the PDFs of the days built are rendered in memory (``pdfs``)."""
    code = ExitCode.PARTIAL if briefing.partial else ExitCode.OK
    result = BuildResult(briefing=briefing, exit_code=code)
    if memo is not None:
        for day in sorted(kept):
            result.kept.extend(memo.files(day))
    if any(f.strip().lower() == "pdf" for f in settings.formats) and len(kept) < len(briefing.days):
        from .render import render_all

        pdf_only = replace(settings, formats=("pdf",)).render_options()
        files = render_all(briefing, pdf_only, keep=kept)
        result.pdfs = {p.parent.name: data for p, data in files.items() if p.suffix == ".pdf"}
    return result


def _write(
    briefing: Briefing, settings: Settings, progress: Progress, kept: frozenset[dt.date]
) -> BuildResult:
    from .render import write_outputs

    out = Path(settings.out_dir)
    written: list[Path] = []
    if not (kept and len(kept) == len(briefing.days) and (out / "index.html").is_file()):
        # (every day up to date: so is the index)
        with progress.stage("render", total=len(briefing.days) - len(kept)) as bar:
            written = write_outputs(briefing, settings.render_options(), keep=kept)
            bar.advance(len(briefing.days) - len(kept))
    code = ExitCode.PARTIAL if briefing.partial else ExitCode.OK
    return BuildResult(briefing=briefing, written=list(written), exit_code=code)


def _build(
    settings: Settings, source: _Source, progress: Progress, memo: DayMemo | None = None
) -> tuple[Briefing, dict[dt.date, str], frozenset[dt.date]]:
    """The briefing of the wanted days; with ``memo`` also each built day's fingerprint and
    the days found up to date (read back from their files, not built again)."""
    from . import rank, summarize, threads
    from .store import Store
    from .translate import translate_briefing

    if not source.read:
        raise InputError(
            "no readable article in "
            + ", ".join(str(p) for p in settings.inputs)
            + (f" ({len(source.skipped)} file(s) skipped)" if source.skipped else "")
        )
    warnings = list(source.warnings)
    for path in source.undated:
        warnings.append(f"{path}: no publication date found; left out of the days")
        log.warning("%s: no publication date found; left out of the days", path)
    notices = _guessed_notices(source.guessed)
    counts = source.day_counts()
    if settings.date is not None and settings.date not in counts:
        raise InputError(_no_articles_on(settings.date, counts))
    wanted = _wanted(list(counts), settings)
    unread = [s for s in source.skipped if s.kind == "input"]
    if unread:
        # Readers see what concerns them; the paths and reasons are in the run report.
        n = len(unread)
        notices.append(
            Notice(
                level="warning",
                code="skipped-inputs",
                text=f"{n} source{'s' if n != 1 else ''} could not be read today.",
                scope="run",
            )
        )

    days: list[Day] = []
    fps: dict[dt.date, str] = {}
    kept: dict[dt.date, Day] = {}
    thread_options, rank_options = settings.thread_options(), settings.rank_options()
    with (
        Store(settings.state_path) as store,
        progress.stage("stories", total=len(wanted)) as bar,
    ):
        recent_rows = threads.RecentRows(store)  # earlier days' rows, read once per run

        def plan() -> Iterator[tuple[dt.date, list[Article] | None]]:
            """Each wanted day's articles, or None for a day found up to date."""
            for day in wanted:
                articles = source.day(day)
                if memo is not None:
                    fp = memo.fingerprint(day, articles)
                    up_to_date = memo.reuse(day, fp)
                    if up_to_date is not None:
                        kept[day] = up_to_date
                        yield day, None
                        continue
                    fps[day] = fp
                    memo.built(day)
                yield day, articles

        story_options = StoryOptions(
            settings.cluster_threshold, settings.algorithm, settings.sentences, settings.words
        )
        # a worker pays off from the second day to build on: one day (daily, --date) would only
        # send its articles to another process and wait for them
        ahead = settings.workers if len(wanted) > 1 else 1
        with closing(stories_ahead(plan(), story_options, ahead)) as made:
            for day, articles, stories in made:
                if articles is None or stories is None:
                    days.append(kept[day])
                    bar.advance()
                    continue
                stories = threads.assign_threads(day, stories, store, thread_options, recent_rows)
                stories = rank.rank_stories(stories, rank_options)
                budgeted = summarize.apply_budget(
                    [list(s.summary) for s in stories],
                    settings.budget_words,
                    top=settings.top_stories,
                )
                stories = [
                    replace(s, summary=tuple(b)) for s, b in zip(stories, budgeted, strict=True)
                ]
                threads.record_shown(day, stories, store)
                # The outputs show an article's metadata, never its text: dropping the text here
                # keeps memory at the largest day rather than the archive.
                stories = [
                    replace(s, articles=tuple(replace(a, paragraphs=()) for a in s.articles))
                    for s in stories
                ]
                days.append(Day(date=day, stories=tuple(stories)))
                bar.advance()

    briefing = Briefing(
        days=tuple(days),
        source_languages=tuple(source.languages),
        target_language=settings.target_language,
        generated_at=_generated_at(),
        notices=tuple(notices),
        report=RunReport(
            read=source.read,
            skipped=tuple(source.skipped),
            warnings=tuple(warnings),
        ),
    )
    # Days read back from their files are translated already.
    fresh = replace(briefing, days=tuple(d for d in briefing.days if d.date not in kept))
    with Store(settings.state_path) as store, progress.stage("translate") as bar:
        translated = translate_briefing(fresh, settings.translate_options(), store)
        bar.advance()
    if kept:
        done = {d.date: d for d in translated.days}
        translated = replace(
            translated, days=tuple(done.get(d.date) or kept[d.date] for d in briefing.days)
        )
    return translated, fps, frozenset(kept)
