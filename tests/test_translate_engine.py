"""The CTranslate2 + SentencePiece engine: sorted batches, order restored, bounds, loading once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import ModelError
from briefing.translate.engine import (
    CT2Engine,
    LoadedModel,
    ModelRegistry,
    decode_sorted,
    resolve_compute_type,
    resolve_device,
)
from briefing.translate.packages import find_model

DATA = Path(__file__).parent / "data" / "translate"


@dataclass
class _Result:
    hypotheses: list[list[str]]


class EchoTranslator:
    """Stands in for ctranslate2.Translator: returns each source unchanged, records calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[list[str]], dict]] = []

    def translate_batch(self, batch: list[list[str]], **kwargs) -> list[_Result]:
        self.calls.append(([list(b) for b in batch], kwargs))
        return [_Result([list(b)]) for b in batch]


def test_device_and_compute_type_resolution() -> None:
    import ctranslate2

    assert resolve_device("cpu") == "cpu"
    has_cuda = ctranslate2.get_cuda_device_count() > 0
    assert resolve_device("auto") == ("cuda" if has_cuda else "cpu")
    if not has_cuda:
        with pytest.raises(ModelError, match="no CUDA device"):
            resolve_device("cuda")
    with pytest.raises(ModelError, match="unknown device"):
        resolve_device("tpu")
    assert resolve_compute_type("cpu", "int8") == "int8"
    assert resolve_compute_type("cpu", "bogus16") == "default"


def test_sorted_chunks_restore_order_and_bound_each_chunk(tiny_de_en: Path) -> None:
    texts = [ln for ln in (DATA / "sentences_de.txt").read_text(encoding="utf-8").splitlines()]
    texts += ["Kurz.", "Ein etwas längerer, aber immer noch kurzer Satz."]
    settings = Settings(translate_batch_size=3, beam_size=3)
    echo = EchoTranslator()
    pkg = find_model("de", "en")
    assert pkg is not None
    real = ModelRegistry().get(pkg)
    registry = ModelRegistry(models={str(pkg.path): LoadedModel(echo, real.tokenizer)})
    engine = CT2Engine(settings, registry)
    out = engine.translate(pkg, texts)
    assert [" ".join(o.split()) for o in out] == [" ".join(t.split()) for t in texts]
    assert [len(batch) for batch, _ in echo.calls] == [3, 3, 1]
    lengths = [len(t) for batch, _ in echo.calls for t in batch]
    assert lengths == sorted(lengths), "sentences reach the model sorted by length"
    for batch, kwargs in echo.calls:
        assert kwargs["beam_size"] == 3
        assert kwargs["max_decoding_length"] == 2 * max(len(t) for t in batch) + 16
    assert engine.calls == 1 and engine.sentences == len(texts)


def test_decode_sorted_passes_the_target_prefix() -> None:
    echo = EchoTranslator()
    out = decode_sorted(echo, [["a"], ["b", "c"]], {"beam_size": 1}, 8, ["__de__"])
    assert out == [["a"], ["b", "c"]]
    assert echo.calls[0][1]["target_prefix"] == [["__de__"], ["__de__"]]


def test_real_model_is_loaded_once_per_engine(tiny_de_en: Path) -> None:
    engine = CT2Engine(Settings(beam_size=1))
    pkg = find_model("de", "en")
    assert pkg is not None
    first = engine.translate(pkg, ["Die Regierung tagt.", "Guten Morgen."])
    second = engine.translate(pkg, ["Guten Morgen.", "Die Regierung tagt."])
    assert len(engine.registry.models) == 1
    assert second == first[::-1], "deterministic, and each output stays with its input"
    assert all(isinstance(s, str) for s in first)


def test_a_broken_model_is_a_model_error(tiny_de_en: Path) -> None:
    (tiny_de_en / "model" / "model.bin").write_bytes(b"not a model")
    pkg = find_model("de", "en")
    assert pkg is not None
    with pytest.raises(ModelError, match="cannot load the translation model"):
        CT2Engine(Settings()).translate(pkg, ["Hallo."])
