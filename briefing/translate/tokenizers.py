"""The two tokenizers Argos packages ship, with argostranslate's own detokenization.

``sentencepiece.model`` (argos-train packages, OPUS-MT SentencePiece ports): encode with the
model; decode as ``argostranslate.tokenizer.SentencePieceTokenizer`` does, joining the pieces
and replacing the "▁" word marker itself. OPUS-MT ports ship only the *source* SentencePiece
model while the target vocabulary is the joint Marian one, so ``decode`` on the model alone
leaves "▁" in every target piece it does not know.

``bpe.model`` (OPUS-MT BPE ports): subword-nmt codes over Moses-tokenized text; decode removes
the "@@ " joints and Moses-detokenizes, as ``argostranslate.tokenizer.BPETokenizer``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from ..errors import ModelError

__all__ = ["BPETokenizer", "SentencePieceTokenizer", "Tokenizer", "load_tokenizer"]


class Tokenizer(Protocol):
    def encode(self, texts: list[str]) -> list[list[str]]: ...

    def decode(self, tokens: list[str]) -> str: ...


class SentencePieceTokenizer:
    def __init__(self, model_file: Path) -> None:
        import sentencepiece as spm

        self.processor = spm.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, texts: list[str]) -> list[list[str]]:
        tokens: list[list[str]] = self.processor.encode(texts, out_type=str)
        return tokens

    def decode(self, tokens: list[str]) -> str:
        # argostranslate 1.10+: decode_pieces (byte fallback), then the markers of pieces the
        # source model does not know, and "_" as argostranslate does.
        text: str = self.processor.decode_pieces(tokens)
        text = text.replace("▁", " ").replace("_", " ")
        return text[1:] if text.startswith(" ") else text


class BPETokenizer:
    def __init__(self, codes_file: Path, from_code: str, to_code: str) -> None:
        from sacremoses import MosesDetokenizer, MosesPunctNormalizer, MosesTokenizer
        from subword_nmt.apply_bpe import BPE

        self.normalizer = MosesPunctNormalizer(from_code)
        self.tokenizer = MosesTokenizer(from_code)
        self.detokenizer = MosesDetokenizer(to_code)
        with codes_file.open(encoding="utf-8") as fh:
            self.bpe = BPE(fh)

    def _encode_one(self, text: str) -> list[str]:
        normalized = self.normalizer.normalize(text)
        tokenized = " ".join(self.tokenizer.tokenize(normalized))
        segmented: list[str] = self.bpe.segment_tokens(tokenized.strip("\r\n ").split(" "))
        return segmented

    def encode(self, texts: list[str]) -> list[list[str]]:
        return [self._encode_one(t) for t in texts]

    def decode(self, tokens: list[str]) -> str:
        text: str = self.detokenizer.detokenize(" ".join(tokens).replace("@@ ", "").split(" "))
        return text[1:] if text.startswith(" ") else text


def load_tokenizer(folder: Path, from_code: str, to_code: str) -> Any:
    """The package's tokenizer: ``sentencepiece.model`` first (as argostranslate), else
    ``bpe.model``; ModelError naming the file and reason when it does not load."""
    sp_file, bpe_file = folder / "sentencepiece.model", folder / "bpe.model"
    if sp_file.is_file():
        try:
            return SentencePieceTokenizer(sp_file)
        except (OSError, RuntimeError, ValueError) as exc:
            raise ModelError(f"{folder}: cannot load sentencepiece.model ({exc})") from None
    if bpe_file.is_file():
        try:
            return BPETokenizer(bpe_file, from_code, to_code)
        except (OSError, UnicodeDecodeError, ValueError, IndexError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
            raise ModelError(f"{folder}: cannot load bpe.model ({reason})") from None
    raise ModelError(f"{folder}: no tokenizer (neither sentencepiece.model nor bpe.model)")
