"""translate_briefing: what is translated, what is kept, pivoting, the memory, the fallback.

The tiny packages produce gibberish: these tests check the mechanics, never the wording.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.models import Article, Briefing, Day, Paragraph, Sentence, Story, TimelineEntry
from briefing.store import Store
from briefing.translate import CT2Engine, Translator, translate_briefing
from briefing.translate.packages import InstalledPackage, install_from_file

DATA = Path(__file__).parent / "data" / "translate"
DAY = dt.date(2025, 11, 27)


def lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


class CountingEngine:
    """Wraps the real engine and records every call (pair, texts)."""

    def __init__(self, settings: Settings) -> None:
        self.inner = CT2Engine(settings)
        self.calls: list[tuple[str, list[str]]] = []

    def translate(self, package: InstalledPackage, texts: list[str]) -> list[str]:
        self.calls.append((package.pair, list(texts)))
        return self.inner.translate(package, texts)

    @property
    def texts(self) -> int:
        return sum(len(t) for _, t in self.calls)


def story(sid: str, lang: str, sentences: list[str], title: str = "") -> Story:
    art = Article(
        id=f"{sid}-a",
        path=f"{sid}.txt",
        paragraphs=(Paragraph(" ".join(sentences)),),
        title=title or sentences[0][:40],
        language=lang,
    )
    summary = tuple(
        Sentence(
            text=s, original=s, article_id=art.id, position=i, language=lang, original_language=lang
        )
        for i, s in enumerate(sentences)
    )
    return Story(
        id=sid,
        articles=(art,),
        title=title or sentences[0][:40],
        summary=summary,
        keywords=("Regierung", "Berlin") if lang == "de" else (),
        timeline=(TimelineEntry(date=DAY - dt.timedelta(days=1), text=sentences[-1]),),
    )


def briefing_of(*stories: Story) -> Briefing:
    return Briefing(days=(Day(date=DAY, stories=tuple(stories)),), target_language="en")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(state_path=tmp_path / "state.sqlite", beam_size=1)


@pytest.fixture
def german() -> Briefing:
    de = lines("sentences_de.txt")
    return briefing_of(story("s1", "de", de[:3], "Neue Maßnahmen"), story("s2", "de", de[3:]))


def test_everything_shown_is_translated_and_originals_kept(
    tiny_de_en: Path, settings: Settings, german: Briefing
) -> None:
    engine = CountingEngine(settings)
    out = translate_briefing(german, settings, engine=engine)
    assert [p for p, _ in engine.calls] == ["de-en"], "one batch stream for the whole briefing"
    for before, after in zip(german.days[0].stories, out.days[0].stories, strict=True):
        assert after.title_original == before.title
        assert after.keywords_original == before.keywords
        assert len(after.keywords) == len(before.keywords)
        for s0, s1 in zip(before.summary, after.summary, strict=True):
            assert s1.original == s0.original and s1.original_language == "de"
            assert s1.translated and s1.language == "en"
            assert s1.text != s0.text
            assert (s1.article_id, s1.position) == (s0.article_id, s0.position)
            assert set(s1.flags) <= {
                "number-lost",
                "too-short",
                "too-long",
                "repetition",
                "untranslated",
            }
        assert after.timeline[0].original == before.timeline[0].text
        assert after.timeline[0].date == before.timeline[0].date
    sent = set(engine.calls[0][1])
    expected = {s.original for st in german.days[0].stories for s in st.summary}
    expected |= {st.title for st in german.days[0].stories} | {"Regierung", "Berlin"}
    assert sent == expected, "each distinct text is sent to the model exactly once"
    assert out.report.translated_sentences == len(expected)
    assert out.report.cached_sentences == 0
    assert not [n for n in out.notices if n.code == "untranslated"]


def test_translation_is_the_model_output_in_input_order(
    tiny_de_en: Path, settings: Settings, german: Briefing
) -> None:
    out = translate_briefing(german, settings, store=None)
    texts = [s.original for st in german.days[0].stories for s in st.summary]
    direct = Translator(settings).translate(texts, "de", "en")
    assert [s.text for st in out.days[0].stories for s in st.summary] == direct


def test_second_run_translates_nothing(
    tiny_de_en: Path, settings: Settings, german: Briefing
) -> None:
    with Store(settings.state_path) as store:
        first_engine = CountingEngine(settings)
        first = translate_briefing(german, settings, store, engine=first_engine)
        second_engine = CountingEngine(settings)
        second = translate_briefing(german, settings, store, engine=second_engine)
    assert first_engine.texts > 0
    assert second_engine.calls == []
    assert second.report.translated_sentences == 0
    assert second.report.cached_sentences == first.report.translated_sentences
    assert second.days == first.days


def test_memory_is_keyed_by_model_version(
    argos_dir: Path,
    argos_tiny_files: dict[str, Path],
    settings: Settings,
    german: Briefing,
    tmp_path: Path,
) -> None:
    from argos_tiny import build_package

    install_from_file(argos_tiny_files["de-en"])
    with Store(settings.state_path) as store:
        translate_briefing(german, settings, store)
        newer = build_package(tmp_path / "v2", "de", "en", version="1.1")
        install_from_file(newer)
        engine = CountingEngine(settings)
        out = translate_briefing(german, settings, store, engine=engine)
    assert engine.texts > 0, "a new model version translates again"
    assert out.report.cached_sentences == 0


def test_use_cache_false_never_reads_the_memory(
    tiny_de_en: Path, settings: Settings, german: Briefing
) -> None:
    nocache = replace(settings, use_cache=False)
    with Store(settings.state_path) as store:
        translate_briefing(german, settings, store)
        engine = CountingEngine(nocache)
        translate_briefing(german, nocache, store, engine=engine)
    assert engine.texts > 0


def test_mixed_languages_pivot_and_pass_through(
    argos_dir: Path, argos_tiny_files: dict[str, Path], settings: Settings
) -> None:
    for key in ("fr-en", "en-de"):
        install_from_file(argos_tiny_files[key])
    fr, en = lines("sentences_fr.txt"), lines("sentences_en.txt")
    b = replace(briefing_of(story("f", "fr", fr), story("e", "en", en)), target_language="de")
    engine = CountingEngine(settings)
    out = translate_briefing(b, settings, engine=engine)
    pairs = [p for p, _ in engine.calls]
    assert pairs == ["fr-en", "en-de"], (
        "French goes through English; the English story joins the en->de batch"
    )
    en_batch = engine.calls[1][1]
    assert set(en) <= set(en_batch)
    fr_story, en_story = out.days[0].stories
    assert all(s.translated and s.language == "de" for s in fr_story.summary + en_story.summary)
    assert not [n for n in out.notices if n.code == "untranslated"]


def test_same_language_passes_through_unflagged(argos_dir: Path, settings: Settings) -> None:
    en = lines("sentences_en.txt")
    b = briefing_of(story("e", "en", [*en, en[0]]))
    engine = CountingEngine(settings)
    out = translate_briefing(b, settings, engine=engine)
    assert engine.calls == []
    s = out.days[0].stories[0].summary
    assert [x.text for x in s] == [*en, en[0]]
    assert all(not x.translated and x.flags == () and x.language == "en" for x in s)
    assert out.notices == ()


def test_no_model_leaves_text_with_a_notice_and_one_warning(
    argos_dir: Path, settings: Settings, german: Briefing, caplog: pytest.LogCaptureFixture
) -> None:
    engine = CountingEngine(settings)
    with caplog.at_level(logging.WARNING, logger="briefing"):
        out = translate_briefing(german, settings, engine=engine)
    assert engine.calls == []
    assert out.days == german.days, "text stays in the source language"
    notices = [n for n in out.notices if n.code == "untranslated"]
    assert len(notices) == 1 and notices[0].level == "warning"
    assert notices[0].text == (
        "Not translated: no de→en translation model is installed. Install one with: "
        "briefing models install de en (or: briefing models install --file PATH.argosmodel)"
    )
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "briefing models install de en" in warnings[0].getMessage()
    assert out.report.translated_sentences == 0


def test_only_the_missing_language_stays_untranslated(tiny_de_en: Path, settings: Settings) -> None:
    de, fr = lines("sentences_de.txt"), lines("sentences_fr.txt")
    out = translate_briefing(briefing_of(story("d", "de", de[:2]), story("f", "fr", fr)), settings)
    d, f = out.days[0].stories
    assert all(s.translated for s in d.summary)
    assert [s.text for s in f.summary] == fr and not any(s.translated for s in f.summary)
    assert [n.text.split(".")[0] for n in out.notices] == [
        "Not translated: no fr→en translation model is installed"
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("la", ["Gallia est omnis divisa in partes tres.", "Quarum unam incolunt Belgae."]),
        ("fr", lines("sentences_fr.txt")[:2]),
    ],
)
def test_a_language_on_some_days_only_marks_those_days(
    argos_dir: Path, settings: Settings, lang: str, text: list[str]
) -> None:
    from briefing.serialize import notice_applies

    later = DAY + dt.timedelta(days=1)
    de = lines("sentences_de.txt")
    b = Briefing(
        days=(
            Day(date=DAY, stories=(story("d1", "de", de[:2]),)),
            Day(date=later, stories=(story("d2", "de", de[2:4]), story("x", lang, text))),
        ),
        target_language="en",
    )
    notices = {n.text.split(" translation")[0]: n for n in translate_briefing(b, settings).notices}
    every, some = notices["Not translated: no de→en"], notices[f"Not translated: no {lang}→en"]
    assert every.scope == "every", "German is on every day"
    assert (some.scope, some.days) == ("days", (later,))
    assert not notice_applies(some, DAY, 2) and notice_applies(some, later, 2)


def test_a_broken_installed_model_is_a_notice_not_a_crash(
    tiny_de_en: Path, settings: Settings, german: Briefing
) -> None:
    (tiny_de_en / "model" / "model.bin").write_bytes(b"garbage")
    out = translate_briefing(german, settings)
    assert out.days == german.days
    [notice] = [n for n in out.notices if n.code == "untranslated"]
    assert "could not be used" in notice.text and "model" in notice.text


def test_empty_briefing(argos_dir: Path, settings: Settings) -> None:
    b = Briefing(days=())
    assert translate_briefing(b, settings).days == ()


def test_a_day_in_three_languages_gives_one_english_briefing(
    argos_dir: Path, argos_tiny_files: dict[str, Path], settings: Settings
) -> None:
    for key in ("de-en", "fr-en"):
        install_from_file(argos_tiny_files[key])
    de, fr, en = lines("sentences_de.txt"), lines("sentences_fr.txt"), lines("sentences_en.txt")
    b = briefing_of(story("d", "de", de[:2]), story("f", "fr", fr), story("e", "en", en))
    with Store(settings.state_path) as store:
        engine = CountingEngine(settings)
        out = translate_briefing(b, settings, store, engine=engine)
        again_engine = CountingEngine(settings)
        again = translate_briefing(b, settings, store, engine=again_engine)
    assert sorted(p for p, _ in engine.calls) == ["de-en", "fr-en"]
    d, f, e = out.days[0].stories
    assert all(s.language == "en" for st in (d, f, e) for s in st.summary)
    assert all(s.translated for s in d.summary + f.summary)
    assert [s.text for s in e.summary] == en and not any(s.translated for s in e.summary)
    assert {s.original_language for st in (d, f, e) for s in st.summary} == {"de", "fr", "en"}
    assert out.notices == ()
    assert again_engine.calls == [] and again.days == out.days
    assert again.report.cached_sentences == out.report.translated_sentences > 0
