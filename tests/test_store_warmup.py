"""The article store loads the language identifier while it walks the inputs: in a thread,
before the first new input is parsed in this process (not after the walk)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import briefing.ingest.meta as meta
from briefing.article_store import ArticleStore
from briefing.config import Settings

# made-up: a short German notice, one file
NOTICE = (
    "Die Stadtbibliothek am Marktplatz bleibt wegen der Renovierung des Lesesaals bis Ende des "
    "Monats geschlossen. Bücher können in der Zweigstelle am Bahnhof zurückgegeben werden."
)


def _calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **options: object) -> list[str]:
    """The threads that asked for a language, in order, over one update of a new file."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    record = {"title": "Bibliothek zu", "date": "2025-12-05", "text": NOTICE}
    (inbox / "a.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    names: list[str] = []
    real = meta.detect_language

    def spy(text: str) -> str:
        names.append(threading.current_thread().name)
        return real(text)

    monkeypatch.setattr(meta, "detect_language", spy)
    s = Settings(inputs=(inbox,), store_path=tmp_path / "a.sqlite", workers=1, **options)
    with ArticleStore(s.store_path) as store:
        store.update(s.inputs, s.ingest_options(), workers=1)
    return names


def test_the_language_model_loads_in_a_thread_before_the_first_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: a run that parses new inputs here: the model is loaded ahead, in its own thread."""
    names = _calls(tmp_path, monkeypatch)
    assert names[:1] == ["briefing-language-model"]
    assert all(t.name != "briefing-language-model" for t in threading.enumerate())  # joined


def test_no_model_is_loaded_ahead_when_the_language_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: inputs of a given language (``source_language``): nothing to detect, no thread."""
    assert "briefing-language-model" not in _calls(tmp_path, monkeypatch, source_language="de")
