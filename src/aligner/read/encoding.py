"""Turning a briefing's bytes into text.

Briefings come as UTF-8 (with or without BOM), UTF-16 with BOM (Windows "Unicode" exports) and
GB18030/GBK (older Chinese government sites). Anything else, or a file that is empty or binary, is a
one-line InputError naming the file: a translator must never get a corpus built from mojibake.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from aligner.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


def read_text(path: str | Path) -> str:
    """A text file's decoded content; a missing, unreadable, empty, binary or undecodable file is a
    one-line InputError naming it."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory", path) from None
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path) from None
    return decode(data, path)


def decode(data: bytes, path: str | Path) -> str:
    """Decode a file's bytes, normalise newlines to "\\n", and reject empty or binary content."""
    if not data.strip():
        raise InputError("empty file", path)
    text = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty file", path)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if controls:
        raise InputError("binary file (control characters in the text), not a briefing", path)
    return text


def _decode(data: bytes, path: str | Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"not valid {encoding.upper()} despite its byte-order mark ({err.reason} at byte {err.start})", path) from None
    if b"\x00" in data:
        raise InputError("binary file (NUL bytes; UTF-16 without a byte-order mark is not supported)", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise InputError(f"undecodable: neither UTF-8, UTF-16 with BOM nor GB18030 (byte {err.start})", path) from None
    if not _looks_like_text(text):
        raise InputError("undecodable: neither UTF-8, UTF-16 with BOM nor GB18030 text", path)
    return text


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes many byte soups; real GB text has (almost) no private-use or unassigned code points."""
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Co", "Cn"))
    return odd <= 0.01 * len(text)
