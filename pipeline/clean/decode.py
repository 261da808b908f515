"""Bytes to text: the encoding is decided once, here, and never guessed again downstream.

Order of evidence: byte-order mark, transport header (HTTP/WARC), the page's own
`<meta charset>`, then statistical detection (charset-normalizer). Legacy Chinese
labels are widened to their supersets, because pages that say gb2312 routinely
contain GBK characters and Big5 pages contain HKSCS ones.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pipeline.records import PageError

# Declared labels mapped to the codec that actually decodes such pages.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "iso-8859-1": "cp1252",  # browsers read latin-1 labels as windows-1252
    "latin-1": "cp1252",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# File signatures of formats that are not pages: reported as binary, never decoded.
_BINARY_MAGIC = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip data",
    b"\xd0\xcf\x11\xe0": "OLE document (doc/xls)",
    b"RIFF": "RIFF media",
    b"\x7fELF": "ELF executable",
}

# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)

# A decoding may replace at most this share of characters before it counts as wrong;
# real GBK pages often end in half a character, but mojibake replaces far more.
_MAX_REPLACED = 0.001


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec used
    evidence: str  # bom, header, meta, detected


def codec_for(label: str | None) -> str | None:
    """The Python codec that decodes pages labelled `label`, or None if unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # unknown, or not a name at all (a NUL in a header)
        return None
    # base64, zlib, rot13 and their kin are codecs too, but of bytes to bytes: no page's charset.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of `data`, or None if it may be text."""
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:4096]
    # NUL bytes do not occur in any 8-bit or multibyte Chinese encoding of text.
    if head.count(0) > len(head) // 100 and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary data (NUL bytes)"
    return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 saved without a byte-order mark. Its NULs (the high byte of every ASCII
    character) make it look binary; decoded strictly in the right byte order it reads
    as text, while binary data, or the wrong byte order, gives code points all over the
    Unicode range, which `_plausible` rejects."""
    head = data[:4096]
    if len(data) % 2 or not head.count(0):
        return None
    little = head[1::2].count(0) >= head[0::2].count(0)  # ASCII's NULs sit second in little-endian
    for codec in ("utf-16-le", "utf-16-be") if little else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return Decoded(text, codec, "detected")
    return None


def _try(data: bytes, codec: str) -> str | None:
    """Decode strictly, tolerating a handful of broken sequences (a cut last character)."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    except (UnicodeError, LookupError, ValueError):  # idna and other codecs that are no charsets
        return None
    try:
        text = data.decode(codec, errors="replace")
    except (UnicodeError, LookupError, ValueError):
        return None
    if text.count("\ufffd") <= max(2, len(text) * _MAX_REPLACED):
        return text
    return None


def _strict_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, header_charset: str | None = None, is_html: bool = True) -> Decoded:
    """Decode page bytes; raise PageError('decode', ...) rather than return mojibake."""
    decoded = _decode(data, header_charset, is_html)
    # Blanks in a wide encoding, or a byte-order mark and nothing else, are no page either.
    if not decoded.text.lstrip("\ufeff").strip():
        raise PageError("decode", "empty", "the page has no content")
    return decoded


def _decode(data: bytes, header_charset: str | None, is_html: bool) -> Decoded:
    if not data.strip():
        raise PageError("decode", "empty", "the page has no content")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    binary = sniff_binary(data)
    if binary:
        raise PageError("decode", "binary", f"not a text page: {binary}")

    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is not None:
                return Decoded(text, codecs.lookup(codec).name, "bom")

    candidates: list[tuple[str, str]] = []
    if header_charset:
        m = _HEADER_CHARSET.search(header_charset)
        codec = codec_for(m.group(1) if m else header_charset)
        if codec:
            candidates.append((codec, "header"))
    if is_html:
        m = _META_CHARSET.search(data[:8192])
        codec = codec_for(m.group(1).decode("ascii", "ignore")) if m else None
        if codec:
            candidates.append((codec, "meta"))
    for codec, evidence in candidates:
        text = _try(data, codec)
        if text is not None and _plausible(text):
            return Decoded(text, codec, evidence)

    # UTF-8 is self-validating: if it decodes strictly it is almost surely right,
    # and detection on short Chinese texts is less reliable than that.
    text = _try(data, "utf-8")
    if text is not None and (_plausible(text) or _strict_utf8(data)):
        # Strict UTF-8 of unusual symbols is still the page's text; only the legacy encodings
        # below accept any bytes and would invent Han characters for it.
        return Decoded(text, "utf-8", "detected")
    best = from_bytes(data[:200_000]).best()
    if best is not None:
        codec = codec_for(best.encoding) or best.encoding
        text = _try(data, codec)
        if text is not None and _plausible(text):
            return Decoded(text, codec, "detected")
    # Chinese legacy encodings are the usual suspects when detection hesitates.
    for codec in ("gb18030", "big5hkscs"):
        text = _try(data, codec)
        if text is not None and _plausible(text):
            return Decoded(text, codec, "detected")
    raise PageError("decode", "undecodable", "no encoding decodes these bytes to readable text")


# Full-width forms count, half-width katakana and hangul (U+FF61-FFDC) do not: they never
# occur in Chinese text but fill Big5 or GBK bytes misread as Shift-JIS (･ﾁｱﾚｹﾎｵｲ for 民族團結).
# Counted by their complement, which is rare in real text: a scan that finds few matches.
_UNREADABLE = re.compile(r"[^\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff01-\uff60\uffe0-\uffef\x20-\x7e\s\u00a0-\u024f\u2000-\u206f]")


def _plausible(text: str) -> bool:
    """Reject decodings that are mostly unusual symbols (the signature of mojibake)."""
    sample = text[:20_000]
    if not sample:
        return False
    readable = len(sample) - len(_UNREADABLE.findall(sample))
    return readable / len(sample) >= 0.95
