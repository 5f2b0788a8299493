"""Build a tiny but valid Argos Translate package offline (for tests and benchmarks).

The package holds a SentencePiece model trained on a few hundred sentences, a one-layer
CTranslate2 Transformer with random weights, a ``metadata.json`` and a small MiniSBD ONNX
sentence splitter (so argostranslate's own ``translate()`` does not try to download one).
Its output is gibberish: it tests the mechanics, never the wording.

    from tests.argos_tiny import build_package
    path = build_package(tmp_dir, "de", "en")   # -> tmp_dir/translate-de_en-1_0.argosmodel
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

__all__ = ["build_package", "training_sentences"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

_NAMES = {"de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian"}

_EXTRA = [
    "The government announced new measures on Monday.",
    "Talks between the two sides will continue next week in Geneva.",
    "Prices rose by 2.5 percent in November, the statistics office said.",
    "Le gouvernement a annoncé de nouvelles mesures lundi.",
    "Les négociations reprendront la semaine prochaine à Genève.",
    "Die Regierung kündigte am Montag neue Maßnahmen an.",
    "Am 27. November 2025 trafen sich 12 Minister in Berlin.",
]

D_MODEL = 32
FFN = 64
HEADS = 2


def training_sentences() -> list[str]:
    """A few hundred short lines from the seed articles plus a few English/French ones."""
    lines: list[str] = []
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for part in re.split(r"(?<=[.!?])\s+|\n+", text):
            part = part.strip()
            if 20 <= len(part) <= 300:
                lines.append(part)
    lines.extend(_EXTRA * 5)
    return lines


def _train_sentencepiece(dest: Path) -> list[str]:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_sentences()),
        model_writer=model,
        vocab_size=400,
        character_coverage=1.0,
        hard_vocab_limit=False,
        model_type="unigram",
        minloglevel=2,
    )
    dest.write_bytes(model.getvalue())
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _fill(shape_for: dict[str, tuple[int, ...]], rng: np.random.Generator):
    def fill(spec, name: str, value: object) -> None:
        if value is not None:
            return
        attr = name.rsplit("/", 1)[-1]
        if attr == "gamma":
            arr = np.ones(D_MODEL, dtype=np.float32)
        elif attr == "beta":
            arr = np.zeros(D_MODEL, dtype=np.float32)
        else:
            shape = next(s for key, s in shape_for.items() if key in name)
            arr = (rng.standard_normal(shape) * 0.3).astype(np.float32)
        setattr(spec, attr, arr)

    return fill


def _build_model(dest: Path, vocab: list[str], seed: int, eos_bias: float) -> None:
    from ctranslate2.specs import TransformerSpec

    spec = TransformerSpec.from_config(1, HEADS)
    n = len(vocab)
    shapes = {
        "embeddings": (n, D_MODEL),
        "projection": (n, D_MODEL),
        "self_attention/linear_0": (3 * D_MODEL, D_MODEL),
        "self_attention/linear_1": (D_MODEL, D_MODEL),
        "attention/linear_0": (D_MODEL, D_MODEL),
        "attention/linear_1": (2 * D_MODEL, D_MODEL),
        "attention/linear_2": (D_MODEL, D_MODEL),
        "ffn/linear_0": (FFN, D_MODEL),
        "ffn/linear_1": (D_MODEL, FFN),
    }
    spec._visit(_fill(shapes, np.random.default_rng(seed)))
    # A bias on </s> so that random outputs end after a sentence-like length instead of
    # always running to the decoding limit.
    bias = np.zeros(n, dtype=np.float32)
    bias[vocab.index("</s>")] = eos_bias
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="float32")
    dest.mkdir(parents=True, exist_ok=True)
    spec.save(str(dest))


def _build_minisbd(dest: Path, lang: str) -> None:
    """A MiniSBD-compatible ONNX graph that never splits (one sentence per paragraph)."""
    import onnx
    from onnx import TensorProto, helper

    units = helper.make_tensor_value_info("units", TensorProto.INT64, ["B", "T"])
    features = helper.make_tensor_value_info("features", TensorProto.FLOAT, ["B", "T", "F"])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["B", "T", 5])
    nodes = [
        helper.make_node("Cast", ["units"], ["u_f"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["u_f", "zero"], ["u_zero"]),
        helper.make_node("Unsqueeze", ["u_zero", "axis"], ["u_3d"]),
        helper.make_node("Add", ["u_3d", "class_bias"], ["logits"]),
    ]
    inits = [
        helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("axis", TensorProto.INT64, [1], [-1]),
        helper.make_tensor("class_bias", TensorProto.FLOAT, [5], [1.0, 0, 0, 0, 0]),
    ]
    graph = helper.make_graph(nodes, "tiny_sbd", [units, features], [out], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    chars = sorted({c for s in training_sentences() for c in s} | {" ", "\n"})
    id2unit = ["<PAD>", "<UNK>", *chars]
    meta = {
        "lang_code": lang,
        "config": json.dumps({"feat_funcs": [], "max_seqlen": 1000, "batch_size": 32}),
        "vocab": json.dumps(
            {"lang": lang, "idx": 0, "cutoff": 0, "lower": False,
             "_unit2id": {u: i for i, u in enumerate(id2unit)}, "_id2unit": id2unit}
        ),
        "lexicon": "null",
    }
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    dest.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(dest))


def build_package(
    dest_dir: Path,
    from_code: str,
    to_code: str,
    *,
    version: str = "1.0",
    eos_bias: float = 2.0,
    sbd: bool = True,
) -> Path:
    """Build ``translate-{from}_{to}-{version}.argosmodel`` in ``dest_dir`` and return its path."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    work = Path(tempfile.mkdtemp(prefix="argos-tiny-", dir=dest_dir))
    try:
        root = work / name
        root.mkdir()
        vocab = _train_sentencepiece(root / "sentencepiece.model")
        _build_model(root / "model", vocab, seed, eos_bias)
        if sbd:
            _build_minisbd(root / "minisbd" / f"{from_code}.onnx", from_code)
        metadata = {
            "package_version": version,
            "argos_version": "1.9.0",
            "from_code": from_code,
            "from_name": _NAMES.get(from_code, from_code),
            "to_code": to_code,
            "to_name": _NAMES.get(to_code, to_code),
        }
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text("Tiny random test package (gibberish output).\n")
        out = dest_dir / f"{name}.argosmodel"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                zf.write(path, path.relative_to(work).as_posix())
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)
