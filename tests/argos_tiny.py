"""Build tiny but valid Argos Translate packages offline (for tests and benchmarks).

A package holds a tokenizer trained on a few hundred sentences, a one-layer CTranslate2
Transformer with random weights, a ``metadata.json`` and a small MiniSBD ONNX sentence splitter
(so argostranslate's own ``translate()`` does not try to download one). Its output is
gibberish: it tests the mechanics, never the wording.

    from tests.argos_tiny import build_package
    path = build_package(tmp_dir, "de", "en")   # -> tmp_dir/translate-de_en-1_0.argosmodel

``layout`` builds each layout the Argos index has published (``LAYOUTS``):

- ``argos-train-1.5``: argos-train with CTranslate2 3+: ``model/config.json``, a JSON shared
  vocabulary, ``sentencepiece.model`` (the default);
- ``argos-train-1.0``: argos-train with CTranslate2 2.x: no ``config.json``, ``.txt``
  vocabularies (``source_vocabulary.txt``/``target_vocabulary.txt``), a ``stanza/`` folder;
- ``opus-spm``: an OPUS-MT port (Locomotive's ``opus_mt_convert.py`` + ``ct2-marian-converter``):
  ``sentencepiece.model`` is the *source* SentencePiece model, the vocabulary is Marian's joint
  one (``</s>``, ``<unk>``, pieces of a separate target model the source model does not know),
  ``config.json`` with ``add_source_eos`` and the start tokens;
- ``opus-spm-bos``: the same with ``add_source_bos`` in ``config.json`` (and ``<s>`` in the
  vocabulary): CTranslate2 adds the start token to every source itself, so the engine must not;
- ``opus-bpe``: an OPUS-MT BPE port: ``bpe.model`` holds subword-nmt codes learned on
  Moses-tokenized text, the vocabulary holds the ``@@`` pieces;
- ``target-prefix``: a multilingual package whose metadata names a ``target_prefix`` token.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import re
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path

import numpy as np

__all__ = ["LAYOUTS", "build_package", "training_sentences"]

LAYOUTS = (
    "argos-train-1.5",
    "argos-train-1.0",
    "opus-spm",
    "opus-spm-bos",
    "opus-bpe",
    "target-prefix",
)
TARGET_PREFIX = (
    "<2en>"  # argostranslate replaces "_" in outputs, so "__en__" would not be stripped by it
)

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
# (layers, d_model, ffn, heads): "tiny" for tests; "base" is the shape of argos-train's models
# (Transformer base, 6+6 layers, d=512) for the int8-vs-float32 benchmark (vocabulary stays tiny).
SIZES = {"tiny": (1, D_MODEL, FFN, HEADS), "base": (6, 512, 2048, 8)}


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


_TARGET_EXTRA = [
    "The minister said the talks would continue.",
    "Police reported three injured people on Sunday evening.",
    "Shares closed higher after the central bank decision.",
    "Voters will decide on the proposal in the spring.",
    "Rescue teams searched the area throughout the night.",
]


@functools.lru_cache(maxsize=4)
def _sentencepiece_bytes(side: str) -> bytes:
    """A SentencePiece model: ``source`` on every training sentence; ``target`` on English-only
    text with another vocabulary size (so it holds pieces the source model does not know)."""
    import sentencepiece as spm

    if side == "source":
        lines, size = training_sentences(), 400
    else:
        lines, size = [*_EXTRA[:3], *_TARGET_EXTRA] * 20, 150
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=size,
        character_coverage=1.0,
        hard_vocab_limit=False,
        model_type="unigram",
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(model: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _train_sentencepiece(dest: Path) -> list[str]:
    model = _sentencepiece_bytes("source")
    dest.write_bytes(model)
    return _pieces(model)


def _marian_vocab(pieces: list[str]) -> list[str]:
    """Marian's order: </s>, <unk>, then the pieces (no <s>)."""
    special = {"<s>", "</s>", "<unk>", "<pad>"}
    return ["</s>", "<unk>", *dict.fromkeys(p for p in pieces if p not in special)]


@functools.lru_cache(maxsize=2)
def _bpe_codes_and_vocab(from_code: str) -> tuple[str, tuple[str, ...]]:
    """subword-nmt codes learned on Moses-tokenized training text, and the BPE vocabulary."""
    from sacremoses import MosesTokenizer
    from subword_nmt.apply_bpe import BPE
    from subword_nmt.learn_bpe import learn_bpe

    tok = MosesTokenizer(from_code)
    lines = [" ".join(tok.tokenize(s)) for s in training_sentences() + _TARGET_EXTRA]
    codes = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):  # its progress bar
        learn_bpe(io.StringIO("\n".join(lines)), codes, num_symbols=300, min_frequency=2)
    text = codes.getvalue()
    bpe = BPE(io.StringIO(text))
    vocab = {t for line in lines for t in bpe.segment_tokens(line.split(" "))}
    return text, tuple(_marian_vocab(sorted(vocab)))


def _fill(shape_for: dict[str, tuple[int, ...]], rng: np.random.Generator, d_model: int):
    def fill(spec, name: str, value: object) -> None:
        if value is not None:
            return
        attr = name.rsplit("/", 1)[-1]
        if attr == "gamma":
            arr = np.ones(d_model, dtype=np.float32)
        elif attr == "beta":
            arr = np.zeros(d_model, dtype=np.float32)
        else:
            shape = next(s for key, s in shape_for.items() if key in name)
            scale = 0.3 if d_model <= 64 else 1.0 / np.sqrt(d_model)
            arr = (rng.standard_normal(shape) * scale).astype(np.float32)
        setattr(spec, attr, arr)

    return fill


def _build_model(
    dest: Path,
    vocab: list[str],
    seed: int,
    eos_bias: float,
    config: dict | None = None,
    size: str = "tiny",
) -> None:
    from ctranslate2.specs import TransformerSpec

    layers, d, ffn, heads = SIZES[size]
    spec = TransformerSpec.from_config(layers, heads)
    n = len(vocab)
    shapes = {
        "embeddings": (n, d),
        "projection": (n, d),
        "self_attention/linear_0": (3 * d, d),
        "self_attention/linear_1": (d, d),
        "attention/linear_0": (d, d),
        "attention/linear_1": (2 * d, d),
        "attention/linear_2": (d, d),
        "ffn/linear_0": (ffn, d),
        "ffn/linear_1": (d, ffn),
    }
    spec._visit(_fill(shapes, np.random.default_rng(seed), d))
    # A bias on </s> so that random outputs end after a sentence-like length instead of
    # always running to the decoding limit.
    bias = np.zeros(n, dtype=np.float32)
    bias[vocab.index("</s>")] = eos_bias
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    for key, value in (config or {}).items():
        setattr(spec.config, key, value)
    spec.validate()
    spec.optimize(quantization="float32")
    dest.mkdir(parents=True, exist_ok=True)
    spec.save(str(dest))


def _ct2_2x_style(model_dir: Path) -> None:
    """What CTranslate2 2.x wrote: no config.json, one token per line in .txt vocabularies, and
    model.bin binary version 5 (CTranslate2 3+ reads special tokens from config.json only for
    version 6 files; the variables are serialised alike)."""
    (model_dir / "config.json").unlink()
    binary = model_dir / "model.bin"
    raw = binary.read_bytes()
    binary.write_bytes(struct.pack("I", 5) + raw[4:])
    shared = model_dir / "shared_vocabulary.json"
    tokens = json.loads(shared.read_text(encoding="utf-8"))
    shared.unlink()
    for side in ("source", "target"):
        (model_dir / f"{side}_vocabulary.txt").write_text(
            "".join(t + "\n" for t in tokens), encoding="utf-8"
        )


def _build_minisbd(dest: Path, lang: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(_minisbd_bytes(lang))


@functools.lru_cache(maxsize=8)
def _minisbd_bytes(lang: str) -> bytes:
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
            {
                "lang": lang,
                "idx": 0,
                "cutoff": 0,
                "lower": False,
                "_unit2id": {u: i for i, u in enumerate(id2unit)},
                "_id2unit": id2unit,
            }
        ),
        "lexicon": "null",
    }
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    return bytes(model.SerializeToString())


def build_package(
    dest_dir: Path,
    from_code: str,
    to_code: str,
    *,
    version: str = "1.0",
    eos_bias: float = 2.0,
    sbd: bool = True,
    layout: str = "argos-train-1.5",
    name: str | None = None,
    size: str = "tiny",
) -> Path:
    """Build ``translate-{from}_{to}-{version}.argosmodel`` (or ``{name}.argosmodel``) in
    ``dest_dir`` in one of ``LAYOUTS`` and return its path."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    name = name or top
    seed = int(hashlib.sha256(f"{top}/{layout}".encode()).hexdigest()[:8], 16)
    if layout == "argos-train-1.5":  # the seed of the first tiny packages, kept
        seed = int(hashlib.sha256(top.encode()).hexdigest()[:8], 16)
    work = Path(tempfile.mkdtemp(prefix="argos-tiny-", dir=dest_dir))
    try:
        root = work / top
        root.mkdir()
        extra_meta: dict[str, str] = {}
        if layout in ("argos-train-1.5", "argos-train-1.0", "target-prefix"):
            vocab = _train_sentencepiece(root / "sentencepiece.model")
            if layout == "target-prefix":
                vocab = [*vocab, TARGET_PREFIX]
                extra_meta["target_prefix"] = TARGET_PREFIX
            _build_model(root / "model", vocab, seed, eos_bias, size=size)
            if layout == "argos-train-1.0":
                _ct2_2x_style(root / "model")
                (root / "stanza" / from_code).mkdir(parents=True)
                (root / "stanza" / from_code / "tokenize").mkdir()
                (root / "stanza" / "resources.json").write_text("{}", encoding="utf-8")
        elif layout in ("opus-spm", "opus-spm-bos"):
            source = _train_sentencepiece(root / "sentencepiece.model")
            vocab = _marian_vocab(source + _pieces(_sentencepiece_bytes("target")))
            config: dict[str, object] = {"add_source_eos": True}
            if layout == "opus-spm-bos":
                vocab = [*vocab, "<s>"]
                config["add_source_bos"] = True
            _build_model(root / "model", vocab, seed, eos_bias, config)
        else:  # opus-bpe
            codes, bpe_vocab = _bpe_codes_and_vocab(from_code)
            (root / "bpe.model").write_text(codes, encoding="utf-8")
            _build_model(root / "model", list(bpe_vocab), seed, eos_bias, {"add_source_eos": True})
        if sbd:
            _build_minisbd(root / "minisbd" / f"{from_code}.onnx", from_code)
        metadata = {
            "package_version": version,
            "argos_version": "1.9.0" if layout != "argos-train-1.0" else "1.0",
            "from_code": from_code,
            "from_name": _NAMES.get(from_code, from_code),
            "to_code": to_code,
            "to_name": _NAMES.get(to_code, to_code),
            **extra_meta,
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
