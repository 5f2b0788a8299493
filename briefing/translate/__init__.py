"""The translate stage: every summary sentence, title, keyword and timeline entry of a briefing
in one batch stream, through the translation memory, with honesty checks.

``translate_briefing(briefing, settings, store)`` is what the pipeline calls;
``Translator(settings, store).translate(texts, from_code, to_code)`` serves ``briefing translate``.
Model management lives in ``briefing.translate.packages``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, replace

from ..config import Settings
from ..errors import ModelError
from ..models import Briefing, Day, Notice, Story
from ..store import Store
from .checks import check_translation
from .engine import CT2Engine, Engine
from .memory import TranslationMemory
from .packages import (
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
    "translate_briefing",
    "Translator",
    "TranslationResult",
    "untranslated_notice",
    "install_hint",
    "list_models",
    "available_models",
    "install_from_file",
    "install_from_index",
    "remove_model",
    "packages_dir",
    "find_route",
    "CT2Engine",
    "Engine",
    "InstalledPackage",
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
        settings: Settings,
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
        language that could not be translated, the reason."""
        results: list[TranslationResult | None] = [None] * len(items)
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, (_text, lang) in enumerate(items):
            by_lang[lang].append(i)
        missing: dict[str, str] = {}
        for lang, idxs in by_lang.items():
            route = self.route(lang, to_code)
            if not route:  # None: no model; []: same language, passed through
                if route is None:
                    missing[lang] = f"no {lang}→{to_code} translation model is installed"
                for i in idxs:
                    results[i] = TranslationResult(items[i][0], translated=False)
                continue
            current = {i: items[i][0] for i in idxs}
            all_cached = {i: True for i in idxs}
            try:
                for pkg in route:
                    mapping, hits = self._hop(pkg, list(current.values()))
                    for i, text in current.items():
                        all_cached[i] = all_cached[i] and (text in hits or not text.strip())
                        current[i] = mapping.get(text, text)
            except ModelError as exc:
                log.debug("translation %s->%s failed: %s", lang, to_code, exc)
                missing[lang] = f"the {lang}→{to_code} model could not be used ({exc})"
                for i in idxs:
                    results[i] = TranslationResult(items[i][0], translated=False)
                continue
            distinct = {items[i][0] for i in idxs if items[i][0].strip()}
            cached_texts = {items[i][0] for i in idxs if all_cached[i] and items[i][0].strip()}
            self.cached += len(cached_texts)
            self.translated += len(distinct - cached_texts)
            for i in idxs:
                source, out = items[i][0], current[i]
                flags = check_translation(source, out) if source.strip() else ()
                results[i] = TranslationResult(out, True, all_cached[i], flags)
        return [r for r in results if r is not None], missing

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


def _story_language(story: Story, default: str) -> str:
    if story.articles:
        return story.articles[0].language or default
    if story.summary:
        return story.summary[0].original_language
    return default


def translate_briefing(
    briefing: Briefing,
    settings: Settings,
    store: Store | None = None,
    *,
    engine: Engine | None = None,
) -> Briefing:
    """Translate the shown text of a briefing into ``briefing.target_language`` (originals kept).

    Where no model (or pivot path) is installed for a source language, that text stays in the
    source language, and an ``untranslated`` notice plus one warning line name the install command.
    """
    target = briefing.target_language or settings.target_language
    default_lang = settings.source_language or "de"
    items: list[tuple[str, str]] = []

    def add(text: str, lang: str) -> int:
        items.append((text, lang))
        return len(items) - 1

    # 1. Collect everything the reader sees, in one list (one batch stream per model).
    plan = []
    for day in briefing.days:
        for story in day.stories:
            lang = _story_language(story, default_lang)
            title_src = story.title_original or story.title
            kw_src = story.keywords_original or story.keywords
            plan.append(
                (
                    add(title_src, lang),
                    [add(s.original or s.text, s.original_language or lang) for s in story.summary],
                    [add(k, lang) for k in kw_src],
                    [add(t.original or t.text, lang) for t in story.timeline],
                )
            )

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
    for day in briefing.days:
        stories = []
        for story in day.stories:
            title_ix, sent_ix, kw_ix, tl_ix = next(it)
            summary = []
            for s, ix in zip(story.summary, sent_ix, strict=True):
                r = results[ix]
                src_text = s.original or s.text
                if r.translated:
                    summary.append(
                        replace(s, text=r.text, original=src_text, language=target,
                                translated=True, flags=r.flags)
                    )
                elif s.original_language == target:
                    summary.append(replace(s, language=target, translated=False, flags=()))
                else:
                    summary.append(s)
            title_r = results[title_ix]
            kws = tuple(results[i].text for i in kw_ix)
            timeline = tuple(
                replace(t, text=results[i].text, original=t.original or t.text)
                for t, i in zip(story.timeline, tl_ix, strict=True)
            )
            stories.append(
                replace(
                    story,
                    title=title_r.text,
                    title_original=story.title_original or story.title,
                    summary=tuple(summary),
                    keywords=kws,
                    keywords_original=story.keywords_original or story.keywords,
                    timeline=timeline,
                )
            )
        days.append(Day(date=day.date, stories=tuple(stories)))

    notices = list(briefing.notices)
    for lang, reason in sorted(missing.items()):
        notices.append(untranslated_notice(lang, target, reason))
        log.warning(
            "not translated from %s to %s: %s; install one with: %s",
            lang, target, reason, install_hint(lang, target),
        )
    report = replace(
        briefing.report,
        translated_sentences=briefing.report.translated_sentences + translator.translated,
        cached_sentences=briefing.report.cached_sentences + translator.cached,
    )
    return replace(briefing, days=tuple(days), notices=tuple(notices), report=report)

