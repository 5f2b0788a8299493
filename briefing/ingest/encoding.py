"""Reading bytes safely and decoding them: BOMs, UTF-8, UTF-16, cp1252/latin-1, mojibake repair."""

from __future__ import annotations

import codecs
import errno
import logging
import re
import stat
from pathlib import Path

from ..errors import InputError
from ..options import IngestOptions

__all__ = [
    "decode_html",
    "decode_text",
    "feed_bytes",
    "html_charset",
    "page_charset",
    "read_bytes",
    "repair_mojibake",
]  # fmt: skip

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Typical UTF-8-read-as-cp1252 sequences: "Ã¼" (ü), "â€ž" („), "Ã\x9f" (ß), "Â " (nbsp).
_MOJIBAKE_RE = re.compile(r"Ã[\x80-\xbf¡-ÿ]|â€|Â[\xa0-\xbf]")
_MB = 1_000_000


def _mb(n: int) -> str:
    return f"{n / _MB:.1f} MB"


def read_bytes(path: Path, settings: IngestOptions) -> bytes:
    """The file's bytes, or ``InputError`` naming the file and why it cannot be read."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file")
    if st.st_size > settings.max_file_bytes:
        raise InputError(
            f"{path}: {_mb(st.st_size)} is over the {_mb(settings.max_file_bytes)} limit"
            " (max_file_bytes)"
        )
    try:
        with path.open("rb") as fh:
            data = fh.read(settings.max_file_bytes + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise InputError(f"{path}: is a directory") from None
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > settings.max_file_bytes:  # grew while we looked
        raise InputError(f"{path}: over the {_mb(settings.max_file_bytes)} limit (max_file_bytes)")
    if not data:
        raise InputError(f"{path}: empty file")
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise InputError(f"{path}: empty file (only white space)")
    return data


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte NUL (ASCII-heavy text)."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


# Control characters (except tab, newlines, form feed), C1 controls and private-use code points:
# text a person wrote has almost none of them; a wrong decoding produces many.
_ODD_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _plausible(text: str, *, private_use: bool = False) -> bool:
    """Decoded text that a person wrote: few control characters and (unless ``private_use``)
    few private-use code points."""
    if not text:
        return False
    odd = _CONTROL_RE if private_use else _ODD_RE
    return len(odd.findall(text)) / len(text) < 0.01


def _latin_like(text: str) -> bool:
    """Most letters are ASCII, as in German, French or English (umlauts are a few per cent);
    a wrong single-byte code page turns nearly every letter of Cyrillic or Greek into "À-ÿ"."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        return True
    return sum(ch.isascii() for ch in letters) / len(letters) >= 0.7


def repair_mojibake(text: str) -> str:
    """Repair UTF-8 that was read as cp1252/latin-1 ("Ã¼" -> "ü") with ftfy; other text is kept."""
    if not _MOJIBAKE_RE.search(text):
        return text
    import ftfy

    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        log.debug("repaired mojibake")
    return fixed


def _decode_marked(data: bytes, name: str) -> str | None:
    """Text with a byte-order mark or in UTF-16 without one (NUL bytes); None for neither."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: undecodable bytes after a {enc} byte-order mark"
                ) from None
    if b"\x00" not in data:
        return None
    enc16 = _looks_utf16(data)
    if enc16:
        try:
            return data.decode(enc16)
        except UnicodeDecodeError:
            pass
    raise InputError(f"{name}: binary file (NUL bytes), not text")


def _decode_declared_or_utf8(data: bytes, declared: str | None) -> str | None:
    for enc in ([declared] if declared else []) + ["utf-8"]:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        # Bytes that are strict UTF-8 are UTF-8 (a wrong decoding does not produce it by
        # chance): private-use code points there are real text (icon-font glyphs of scraped
        # pages), not a sign of a wrong guess as after a single-byte decoding.
        if _plausible(text, private_use=enc == "utf-8"):
            return text
    return None


def _decode_guessed(data: bytes, name: str) -> str:
    # Not UTF-8. German text in the wild is then almost always cp1252 (a superset of latin-1's
    # printable range); charset-normalizer decides only when cp1252 does not fit.
    western: str | None = None
    try:
        text = data.decode("cp1252")
        if _plausible(text):
            if _latin_like(text):
                return text
            western = text  # e.g. Cyrillic cp1251 read as cp1252: let charset-normalizer judge
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            log.debug("%s: decoded as %s", name, best.encoding)
            return text
    if western is not None:
        return western
    raise InputError(f"{name}: undecodable bytes (not UTF-8, UTF-16, cp1252 or latin-1 text)")


def _decode(data: bytes, name: str, declared: str | None = None) -> str:
    text = _decode_marked(data, name)
    if text is None:
        text = _decode_declared_or_utf8(data, declared)
    return text if text is not None else _decode_guessed(data, name)


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a text file -> str with "\\n" line ends and mojibake repaired."""
    text = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return repair_mojibake(text)


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING_RE = re.compile(
    rb"""^((?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9_\-:.]+)(["'])"""
)

# Charsets a page or feed may declare: the encodings of the WHATWG Encoding Standard (what
# browsers accept), as Python codec names, each read as its browser superset ("iso-8859-1" and
# "ascii" as windows-1252, "gb2312" as gbk, ...). Any other codec Python knows is not a text
# encoding of a page (punycode and idna are quadratic on megabytes; rot13, base64, hex, zlib,
# bz2, uu, quopri are bytes-to-bytes; utf-7, unicode_escape, raw_unicode_escape decode markup
# into something else): such a declaration is ignored and the bytes are detected like an
# undeclared page's. A UTF-16/32 declaration in ASCII markup is read as UTF-8 (as browsers do:
# the declaration could not have been read otherwise).
_SUPERSET = {
    "iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874",
    "tis-620": "cp874", "gb2312": "gbk", "euc_kr": "cp949", "shift_jis": "cp932",
    "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8", "utf-32": "utf-8",
    "utf-32-le": "utf-8", "utf-32-be": "utf-8",
}  # fmt: skip
_TEXT_CHARSETS = frozenset({
    "utf-8", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6",
    "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
    "iso8859-16", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "cp1250", "cp1251",
    "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "gbk", "gb18030",
    "big5", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949",
})  # fmt: skip
# WHATWG labels Python does not know by that name.
_LABELS = {
    "windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic", "x-mac-roman": "mac-roman",
    "iso-8859-8-i": "iso8859-8", "x-sjis": "cp932", "x-gbk": "gbk", "x-euc-jp": "euc_jp",
}  # fmt: skip


def page_charset(label: str) -> str | None:
    """The Python codec for a charset a page or feed declares; None when ``label`` is not a
    real text encoding (``"punycode"``, ``"base64"``, ``"utf-7"``, an unknown name)."""
    label = label.strip().lower()
    try:
        name = codecs.lookup(_LABELS.get(label, label)).name
    except LookupError:
        return None
    name = _SUPERSET.get(name, name)
    return name if name in _TEXT_CHARSETS else None


def html_charset(data: bytes) -> str | None:
    """The codec of a page's ``<meta charset>`` when it names a real text encoding."""
    m = _META_CHARSET_RE.search(data[:4096])
    return page_charset(m.group(1).decode("ascii", "replace")) if m else None


def decode_html(data: bytes, name: str) -> str:
    """Bytes of an HTML page -> str, honouring a BOM, then a ``<meta charset>`` declaration
    (real text encodings only, see ``page_charset``)."""
    text = _decode(data, name, html_charset(data))
    return repair_mojibake(text.lstrip("\ufeff"))


def feed_bytes(data: bytes, name: str) -> bytes:
    """A feed's bytes as the XML parser may see them: unchanged when its ``<?xml encoding>``
    names a real text encoding (or none), else decoded like an undeclared file and given back
    as UTF-8 with the declaration saying so (feedparser would run any codec it names)."""
    m = _XML_ENCODING_RE.match(data[:1024])
    if m is None or page_charset(m.group(2).decode("ascii", "replace")) is not None:
        return data
    log.debug("%s: ignored the declared encoding %r", name, m.group(2))
    head = m.group(1) + b"utf-8" + m.group(3)
    rest = _decode(data[m.end() :], name)
    return head + rest.encode("utf-8")
