"""The translate stage: every summary sentence, title, keyword and timeline entry of a briefing
in one batch stream, through the translation memory, with honesty checks.

``translate_briefing(briefing, settings, store)`` is what the pipeline calls;
``Translator(settings, store).translate(texts, from_code, to_code)`` serves ``briefing translate``.
Model management lives in ``briefing.translate.packages``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ModelError
from ..models import Briefing, Day, Notice, Sentence, Story
from ..options import TranslateOptions
from ..store import Store
from .checks import check_translation
from .engine import CT2Engine, Engine
from .memory import TranslationMemory
from .packages import (
    PIVOT,
    InstalledPackage,
    available_models,
    find_route,
    install_from_file,
    install_from_index,
    list_models,
    packages_dir,
    remove_model,
)

__all__ = [
    "CT2Engine",
    "Engine",
    "InstalledPackage",
    "TranslationResult",
    "Translator",
    "available_models",
    "find_route",
    "install_from_file",
    "install_from_index",
    "install_hint",
    "list_models",
    "packages_dir",
    "remove_model",
    "translate_briefing",
    "untranslated_notice",
]

log = logging.getLogger(__name__)


def install_hint(from_code: str, to_code: str) -> str:
    return (
        f"briefing models install {from_code} {to_code} "
        "(or: briefing models install --file PATH.argosmodel)"
    )


def untranslated_notice(from_code: str, to_code: str, reason: str = "") -> Notice:
    """The notice every output shows when a language pair could not be translated."""
    why = reason or f"no {from_code}→{to_code} translation model is installed"
    return Notice(
        level="warning",
        code="untranslated",
        text=f"Not translated: {why}. Install one with: {install_hint(from_code, to_code)}",
    )


@dataclass(frozen=True)
class TranslationResult:
    text: str
    translated: bool  # False: passed through (same language) or no model
    cached: bool = False  # every hop came from the translation memory
    flags: tuple[str, ...] = ()


class Translator:
    """Routes texts to installed packages (pivoting through English), the memory and the engine."""

    def __init__(
        self,
        settings: TranslateOptions,
        store: Store | None = None,
        *,
        engine: Engine | None = None,
        packages: list[InstalledPackage] | None = None,
    ) -> None:
        self.settings = settings
        self.engine: Engine = engine if engine is not None else CT2Engine(settings)
        self.memory = TranslationMemory(store) if store is not None and settings.use_cache else None
        self.packages = list_models() if packages is None else packages
        self.translated = 0  # distinct texts the model translated (all hops)
        self.cached = 0  # distinct texts served wholly from the memory

    def route(self, from_code: str, to_code: str) -> list[InstalledPackage] | None:
        return find_route(from_code, to_code, self.packages)

    def _hop(self, package: InstalledPackage, texts: list[str]) -> tuple[dict[str, str], set[str]]:
        """Translate distinct texts with one package; returns (translations, texts from memory)."""
        unique = [t for t in dict.fromkeys(texts) if t.strip()]
        known: dict[str, str] = {}
        model = ""
        if self.memory is not None and unique:
            model = package.fingerprint
            known = self.memory.get_many(package.pair, model, unique)
        todo = [t for t in unique if t not in known]
        if todo:
            fresh = dict(zip(todo, self.engine.translate(package, todo), strict=True))
            if self.memory is not None:
                self.memory.put_many(package.pair, model, fresh)
            known.update(fresh)
        hits = {t for t in unique if t not in todo}
        return known, hits

    def translate_many(
        self, items: list[tuple[str, str]], to_code: str
    ) -> tuple[list[TranslationResult], dict[str, str]]:
        """Translate ``(text, source language)`` items; returns the results and, per source
        language that could not be translated, the reason.

        Each package runs once over every text that needs it: first the packages out of the
        source languages (x->en, x->y), then those out of English (en->y), so French texts
        pivoting through English join the English texts' en->y batch."""
        missing: dict[str, str] = {}
        routes: dict[str, list[InstalledPackage]] = {}
        for lang in dict.fromkeys(lang for _, lang in items):
            route = self.route(lang, to_code)
            if route is None:
                missing[lang] = f"no {lang}→{to_code} translation model is installed"
            else:
                routes[lang] = route
        active = [i for i, (_, lang) in enumerate(items) if routes.get(lang)]
        current = {i: items[i][0] for i in active}
        step = dict.fromkeys(active, 0)
        all_cached = dict.fromkeys(active, True)
        failed: set[str] = set()
        for from_pivot in (False, True):  # out of the source languages first, then out of English
            groups: dict[Path, list[int]] = defaultdict(list)
            packages: dict[Path, InstalledPackage] = {}
            for i in active:
                lang = items[i][1]
                route = routes[lang]
                if (
                    lang in failed
                    or step[i] >= len(route)
                    or (route[step[i]].from_code == PIVOT) != from_pivot
                ):
                    continue
                pkg = route[step[i]]
                groups[pkg.path].append(i)
                packages[pkg.path] = pkg
            for path, idxs in groups.items():
                try:
                    mapping, hits = self._hop(packages[path], [current[i] for i in idxs])
                except ModelError as exc:
                    for i in idxs:
                        lang = items[i][1]
                        failed.add(lang)
                        missing[lang] = f"the {lang}→{to_code} model could not be used ({exc})"
                    continue
                for i in idxs:
                    text = current[i]
                    all_cached[i] = all_cached[i] and (text in hits or not text.strip())
                    current[i] = mapping.get(text, text)
                    step[i] += 1
        results: list[TranslationResult] = []
        distinct: set[str] = set()
        cached: set[str] = set()
        for i, (source, lang) in enumerate(items):
            if i not in current or lang in failed:
                results.append(TranslationResult(source, translated=False))
                continue
            out = current[i]
            flags = check_translation(source, out) if source.strip() else ()
            results.append(TranslationResult(out, True, all_cached[i], flags))
            if source.strip():
                (cached if all_cached[i] else distinct).add(source)
        self.cached += len(cached - distinct)
        self.translated += len(distinct)
        return results, missing

    def translate(self, texts: list[str], from_code: str, to_code: str) -> list[str]:
        """Translate texts from one language; ModelError when no path is installed."""
        if self.route(from_code, to_code) is None:
            raise ModelError(
                f"no {from_code}->{to_code} translation model is installed "
                f"(in {packages_dir()}); install one with: {install_hint(from_code, to_code)}"
            )
        results, missing = self.translate_many([(t, from_code) for t in texts], to_code)
        if from_code in missing:
            raise ModelError(missing[from_code])
        return [r.text for r in results]


def _source_text(s: Sentence) -> str:
    """What to translate: the shown text while it is still in the source language."""
    return (s.original or s.text) if s.translated else (s.text or s.original)


def _story_language(story: Story, default: str) -> str:
    if story.articles:
        return story.articles[0].language or default
    if story.summary:
        return story.summary[0].original_language
    return default


# Where one story's texts sit in the translation list: title, sentences, keywords, timeline,
# facet titles.
_StoryIndex = tuple[int, list[int], list[int], list[int], list[int]]


def _collect(
    briefing: Briefing, default_lang: str, items: list[tuple[str, str]]
) -> list[_StoryIndex]:
    """Append everything the reader sees to ``items`` (one list: one batch stream per model);
    returns each story's indexes into it, in order."""

    def add(text: str, lang: str) -> int:
        items.append((text, lang))
        return len(items) - 1

    plan: list[_StoryIndex] = []
    for day in briefing.days:
        for story in day.stories:
            lang = _story_language(story, default_lang)
            title_src = story.title_original or story.title
            kw_src = story.keywords_original or story.keywords
            plan.append(
                (
                    add(title_src, lang),
                    [add(_source_text(s), s.original_language or lang) for s in story.summary],
                    [add(k, lang) for k in kw_src],
                    [add(t.original or t.text, lang) for t in story.timeline],
                    [add(f.title_original or f.title, lang) for f in story.facets],
                )
            )
    return plan


def _translated_sentence(s: Sentence, r: TranslationResult, target: str) -> Sentence:
    if r.translated:
        return replace(
            s,
            text=r.text,
            original=s.original or s.text,
            language=target,
            translated=True,
            flags=r.flags,
        )
    if s.original_language == target:
        return replace(s, language=target, translated=False, flags=())
    return s


def _translated_story(
    story: Story, index: _StoryIndex, results: list[TranslationResult], target: str
) -> Story:
    title_ix, sent_ix, kw_ix, tl_ix, facet_ix = index
    summary = [
        _translated_sentence(s, results[ix], target)
        for s, ix in zip(story.summary, sent_ix, strict=True)
    ]
    changes: dict[str, object] = {"summary": tuple(summary)}
    if results[title_ix].translated:
        changes["title"] = results[title_ix].text
        changes["title_original"] = story.title_original or story.title
    if kw_ix and results[kw_ix[0]].translated:
        changes["keywords"] = tuple(results[i].text for i in kw_ix)
        changes["keywords_original"] = story.keywords_original or story.keywords
    changes["timeline"] = tuple(
        replace(t, text=results[i].text, original=t.original or t.text)
        if results[i].translated
        else t
        for t, i in zip(story.timeline, tl_ix, strict=True)
    )
    changes["facets"] = tuple(
        replace(f, title=results[i].text, title_original=f.title_original or f.title)
        if results[i].translated
        else f
        for f, i in zip(story.facets, facet_ix, strict=True)
    )
    return replace(story, **changes)  # type: ignore[arg-type]


def _untranslated_notices(
    missing: dict[str, str], left_in: dict[str, set[dt.date]], all_days: set[dt.date], target: str
) -> list[Notice]:
    """One notice (and one warning line) per source language left untranslated."""
    notices = []
    for lang, reason in sorted(missing.items()):
        notice = untranslated_notice(lang, target, reason)
        where = left_in.get(lang, all_days)
        if where != all_days:  # one stray Latin article does not mark every day's page
            notice = replace(notice, scope="days", days=tuple(sorted(where)))
        notices.append(notice)
        log.warning(
            "not translated from %s to %s: %s; install one with: %s",
            lang,
            target,
            reason,
            install_hint(lang, target),
        )
    return notices


def translate_briefing(
    briefing: Briefing,
    settings: TranslateOptions,
    store: Store | None = None,
    *,
    engine: Engine | None = None,
) -> Briefing:
    """Translate the shown text of a briefing into ``briefing.target_language`` (originals kept).

    Where no model (or pivot path) is installed for a source language, that text stays in the
    source language, and an ``untranslated`` notice plus one warning line name the install command.
    """
    target = briefing.target_language or settings.target_language
    items: list[tuple[str, str]] = []
    # 1. Collect everything the reader sees, in one list (one batch stream per model).
    plan = _collect(briefing, settings.source_language or "de", items)

    own_store = store is None and settings.use_cache
    if own_store:
        store = Store(settings.state_path)
    try:
        translator = Translator(settings, store, engine=engine)
        results, missing = translator.translate_many(items, target)
    finally:
        if own_store and store is not None:
            store.close()

    # 2. Put the results back into new frozen objects.
    it = iter(plan)
    days = []
    left_in: dict[str, set[dt.date]] = {}  # language without a model -> days whose text it is
    for day in briefing.days:
        stories = []
        for story in day.stories:
            index = next(it)
            for ix in (index[0], *index[1]):
                if items[ix][1] in missing and not results[ix].translated:
                    left_in.setdefault(items[ix][1], set()).add(day.date)
            stories.append(_translated_story(story, index, results, target))
        days.append(Day(date=day.date, stories=tuple(stories)))

    all_days = {d.date for d in briefing.days}
    notices = [*briefing.notices, *_untranslated_notices(missing, left_in, all_days, target)]
    report = replace(
        briefing.report,
        translated_sentences=briefing.report.translated_sentences + translator.translated,
        cached_sentences=briefing.report.cached_sentences + translator.cached,
    )
    return replace(briefing, days=tuple(days), notices=tuple(notices), report=report)
