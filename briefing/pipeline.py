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
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import Settings
from .errors import ExitCode, InputError
from .models import Article, Briefing, Day, Notice, RunReport, Skipped, Story
from .progress import Progress

__all__ = ["BuildResult", "build_briefing", "run_build", "check_inputs"]

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    briefing: Briefing
    written: list[Path] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.OK


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
    by_day: dict[dt.date, list[Article]] = {}
    for a in articles:
        if a.date is not None and a.date_guessed:
            by_day.setdefault(a.date, []).append(a)
    notices = []
    for day, guessed in sorted(by_day.items()):
        names = ", ".join(Path(a.path).name for a in guessed[:5])
        more = f" and {len(guessed) - 5} more" if len(guessed) > 5 else ""
        notices.append(
            Notice(
                level="warning",
                code="date-guessed",
                text=f"Publication date guessed (low confidence) for {len(guessed)} article(s): "
                f"{names}{more}.",
                scope="days",
                days=(day,),
            )
        )
    return notices


def _no_articles_on(day: dt.date, by_day: dict[dt.date, list[Article]]) -> str:
    """"no article was published on D; nearest days with articles: ..." (up to three)."""
    msg = f"no article was published on {day.isoformat()}"
    if not by_day:
        return msg + " (no article has a publication date)"
    near = sorted(sorted(by_day, key=lambda d: (abs((d - day).days), d))[:3])
    shown = ", ".join(f"{d.isoformat()} ({len(by_day[d])})" for d in near)
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
        log.info("%d entr%s without text skipped (listed in the run report)",
                 len(empty), "y" if len(empty) == 1 else "ies")


def build_briefing(settings: Settings, *, progress: Progress | None = None) -> Briefing:
    """Read ``settings.inputs`` and return the translated briefing (nothing written)."""
    from . import cluster, rank, summarize, threads
    from .dedup import fold_duplicates
    from .executor import get_executor, read_inputs_with
    from .store import Store
    from .translate import translate_briefing

    progress = progress or Progress.null()
    check_inputs(settings.inputs)
    # The per-article work (reading and parsing files, language detection, near-duplicate
    # signatures) is what --executor dask spreads out.
    with get_executor(settings) as executor:
        with progress.stage("ingest") as bar:
            result = read_inputs_with(executor, list(settings.inputs), settings)
            bar.advance(len(result.articles) + len(result.skipped))
        _log_skipped(result.skipped)
        if not result.articles:
            raise InputError(
                "no readable article in "
                + ", ".join(str(p) for p in settings.inputs)
                + (f" ({len(result.skipped)} file(s) skipped)" if result.skipped else "")
            )
        with progress.stage("dedup", total=len(result.articles)) as bar:
            articles = fold_duplicates(list(result.articles), executor=executor)
            bar.advance(len(result.articles))

    warnings: list[str] = []
    for a in articles:
        warnings.extend(f"{a.path}: {w}" for w in a.warnings)
    by_day = cluster.group_by_day(articles, settings.timezone)
    undated = [a for a in articles if a.date is None]
    for a in undated:
        warnings.append(f"{a.path}: no publication date found; left out of the days")
        log.warning("%s: no publication date found; left out of the days", a.path)
    notices = _date_notices(articles)
    if settings.date is not None:
        if settings.date not in by_day:
            raise InputError(_no_articles_on(settings.date, by_day))
        by_day = {settings.date: by_day[settings.date]}
    unread = [s for s in result.skipped if s.kind == "input"]
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
    with (
        Store(settings.state_path) as store,
        progress.stage("stories", total=len(by_day)) as bar,
    ):
        for day in sorted(by_day):
            stories: list[Story] = []
            for members in cluster.cluster_day(by_day[day], settings.cluster_threshold):
                language = members[0].language
                summary = summarize.summarize_story(
                    members,
                    algorithm=settings.algorithm,
                    sentences=settings.sentences,
                    words=settings.words,
                    language=language,
                )
                stories.append(Story(id="", articles=tuple(members), summary=tuple(summary)))
            stories = threads.assign_threads(day, stories, store, settings)
            stories = rank.rank_stories(stories, settings)
            budgeted = summarize.apply_budget(
                [list(s.summary) for s in stories],
                settings.budget_words,
                top=settings.top_stories,
            )
            stories = [replace(s, summary=tuple(b)) for s, b in zip(stories, budgeted, strict=True)]
            threads.record_shown(day, stories, store)
            days.append(Day(date=day, stories=tuple(stories)))
            bar.advance()

    languages = sorted({a.language for a in articles})
    briefing = Briefing(
        days=tuple(days),
        source_languages=tuple(languages),
        target_language=settings.target_language,
        generated_at=_generated_at(),
        notices=tuple(notices),
        report=RunReport(
            read=len(result.articles),
            skipped=tuple(result.skipped),
            warnings=tuple(warnings),
        ),
    )
    with Store(settings.state_path) as store, progress.stage("translate") as bar:
        translated = translate_briefing(briefing, settings, store)
        bar.advance()
    return translated


def run_build(settings: Settings, *, progress: Progress | None = None) -> BuildResult:
    """Build the briefing and write its outputs; the exit code says whether inputs were skipped."""
    from .render import write_outputs

    progress = progress or Progress.null()
    briefing = build_briefing(settings, progress=progress)
    with progress.stage("render", total=len(briefing.days)) as bar:
        written = write_outputs(briefing, settings)
        bar.advance(len(briefing.days))
    code = ExitCode.PARTIAL if briefing.partial else ExitCode.OK
    return BuildResult(briefing=briefing, written=list(written), exit_code=code)
