"""Batched inference straight from an installed Argos package: CTranslate2 + its tokenizer.

No ``argostranslate.translate`` (torch via stanza, a sentence-splitter download): the package's
``model/`` folder is loaded with ``ctranslate2.Translator`` and its tokenizer
(``sentencepiece.model`` or ``bpe.model``, see ``tokenizers``). All sentences of one call go
through one sorted batch stream.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import ModelError
from ..options import TranslateOptions
from .packages import InstalledPackage, _read_installed
from .tokenizers import load_tokenizer

__all__ = [
    "CT2Engine",
    "Engine",
    "LoadedModel",
    "ModelRegistry",
    "decode_sorted",
    "load_package_model",
    "resolve_device",
]

log = logging.getLogger(__name__)

# Argos's own decoding options (argostranslate.translate.apply_packaged_translation).
LENGTH_PENALTY = 0.2


class Engine(Protocol):
    """Translates a list of source strings with one package; tests swap in a fake."""

    def translate(self, package: InstalledPackage, texts: list[str]) -> list[str]: ...


@dataclass
class LoadedModel:
    translator: Any  # ctranslate2.Translator
    tokenizer: Any  # tokenizers.SentencePieceTokenizer or BPETokenizer
    target_prefix: str = ""


def resolve_device(device: str) -> str:
    """``auto`` -> ``cuda`` when CTranslate2 sees a GPU, else ``cpu``."""
    import ctranslate2

    if device not in {"auto", "cpu", "cuda"}:
        raise ModelError(f"unknown device '{device}' (use auto, cpu or cuda)")
    cuda = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if cuda else "cpu"
    if device == "cuda" and not cuda:
        raise ModelError("device 'cuda' requested but CTranslate2 sees no CUDA device")
    return device


def resolve_compute_type(device: str, wanted: str) -> str:
    """The wanted compute type when the device supports it, else CTranslate2's default."""
    import ctranslate2

    supported = set(ctranslate2.get_supported_compute_types(device))
    if wanted in supported or wanted in {"default", "auto"}:
        return wanted
    fallback = "default"
    log.info("compute type %s not supported on %s; using %s", wanted, device, fallback)
    return fallback


def load_package_model(
    folder: Path, *, device: str = "cpu", compute_type: str = "default", intra_threads: int = 0
) -> LoadedModel:
    """Load one package folder: its tokenizer and its CTranslate2 model; ModelError with the
    reason when either does not load (CTranslate2 raises IndexError, KeyError, RuntimeError ...
    on a damaged model.bin)."""
    import ctranslate2

    pkg = _read_installed(folder)
    if pkg is None:
        raise ModelError(f"{folder}: not a usable translation package (metadata, model, tokenizer)")
    tokenizer = load_tokenizer(folder, pkg.from_code, pkg.to_code)
    try:
        translator = ctranslate2.Translator(
            str(folder / "model"),
            device=device,
            compute_type=compute_type,
            inter_threads=1,
            intra_threads=intra_threads,
        )
    except Exception as exc:  # see above
        raise ModelError(
            f"{folder}: cannot load the translation model ({type(exc).__name__}: {exc})"
        ) from None
    return LoadedModel(translator, tokenizer, pkg.target_prefix)


@dataclass
class ModelRegistry:
    """Loads each package once (per registry object, i.e. per engine) and keeps it."""

    device: str = "cpu"
    compute_type: str = "default"
    intra_threads: int = 0
    models: dict[str, LoadedModel] = field(default_factory=dict)

    def get(self, package: InstalledPackage) -> LoadedModel:
        key = str(package.path)
        if key not in self.models:
            self.models[key] = self._load(package)
        return self.models[key]

    def _load(self, package: InstalledPackage) -> LoadedModel:
        model = load_package_model(
            package.path,
            device=self.device,
            compute_type=self.compute_type,
            intra_threads=self.intra_threads,
        )
        log.debug("loaded %s on %s (%s)", package.pair, self.device, self.compute_type)
        return model


class CT2Engine:
    """Sentences sorted by length, one ``translate_batch`` stream, original order restored."""

    def __init__(self, settings: TranslateOptions, registry: ModelRegistry | None = None) -> None:
        self.settings = settings
        self._registry = registry
        self.calls = 0  # translate_batch calls
        self.sentences = 0  # sentences sent to the model

    @property
    def registry(self) -> ModelRegistry:
        if self._registry is None:
            device = resolve_device(self.settings.device)
            self._registry = ModelRegistry(
                device=device,
                compute_type=resolve_compute_type(device, self.settings.compute_type),
                intra_threads=(os.cpu_count() or 0) if device == "cpu" else 0,
            )
        return self._registry

    def options(self) -> dict[str, Any]:
        """Decoding options of every ``translate_batch`` call (Argos's beam and length penalty)."""
        return {
            "beam_size": max(1, self.settings.beam_size),
            "length_penalty": LENGTH_PENALTY,
            "replace_unknowns": True,
        }

    def translate(self, package: InstalledPackage, texts: list[str]) -> list[str]:
        if not texts:
            return []
        model = self.registry.get(package)
        try:
            tokens: list[list[str]] = model.tokenizer.encode(texts)
        except Exception as exc:  # a tokenizer fault costs the pair, not the run
            reason = f"{type(exc).__name__}: {exc}"
            raise ModelError(f"{package.path}: cannot tokenize ({reason})") from None
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        batch = [tokens[i] for i in order]
        prefix = [model.target_prefix] if model.target_prefix else None
        try:
            results = decode_sorted(
                model.translator, batch, self.options(), self.settings.translate_batch_size, prefix
            )
        except Exception as exc:  # CTranslate2 raises several kinds
            raise ModelError(
                f"{package.path}: translation failed ({type(exc).__name__}: {exc})"
            ) from None
        self.calls += 1
        self.sentences += len(batch)
        out = [""] * len(texts)
        for pos, hyp in zip(order, results, strict=True):
            if prefix and hyp[:1] == prefix:
                hyp = hyp[1:]
            out[pos] = model.tokenizer.decode(hyp)
        return out


def max_decoding_length(chunk: list[list[str]]) -> int:
    """Output bound for a chunk of similar-length sentences: a decoding loop must not run to
    256 tokens when the sources have 20 (real translations stay well under twice the source)."""
    return min(512, 2 * max((len(t) for t in chunk), default=0) + 16)


def decode_sorted(
    translator: Any,
    batch: list[list[str]],
    options: dict[str, Any],
    batch_size: int,
    target_prefix: list[str] | None = None,
) -> list[list[str]]:
    """Translate length-sorted token lists chunk by chunk (each chunk its own output bound);
    returns the best hypothesis of each, in input order. Also used by the benchmark."""
    out: list[list[str]] = []
    size = max(1, batch_size)
    for start in range(0, len(batch), size):
        chunk = batch[start : start + size]
        kwargs = dict(options, max_decoding_length=max_decoding_length(chunk))
        if target_prefix:
            kwargs["target_prefix"] = [target_prefix] * len(chunk)
        results = translator.translate_batch(chunk, **kwargs)
        out.extend(list(r.hypotheses[0]) for r in results)
    return out
