"""Seed-style plain-text articles: header date line, German date lines, ``<BR \\/>`` breaks."""

from __future__ import annotations

import re

from ..config import Settings
from ..errors import InputError
from ..models import Article, Paragraph
from .meta import article_id, derive_title, detect_language, find_credits

__all__ = ["parse_text"]

_BR_RE = re.compile(r"<\s*br\s*\\?/?\s*>", re.IGNORECASE)


def parse_text(text: str, *, path: str, settings: Settings) -> Article:
    """One plain-text article (first version: paragraphs, derived title, credits)."""
    text = _BR_RE.sub("\n\n", text)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if not blocks:
        raise InputError(f"{path}: no text")
    paragraphs = tuple(Paragraph(b) for b in blocks)
    body = "\n\n".join(blocks)
    return Article(
        id=article_id(path, body),
        path=path,
        paragraphs=paragraphs,
        title=derive_title(paragraphs),
        title_derived=True,
        credits=find_credits(body),
        language=detect_language(body),
    )
