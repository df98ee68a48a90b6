"""Corpus formats: TMX 1.4, XLIFF 1.2, XLIFF 2.x, TSV, JSONL and Moses pairs, read and written.

Two entry points, chosen by file extension: `write(path, units)` and `read(path)`. Every writer
streams and writes atomically (a temporary file renamed at the end), every reader iterates, so a
million-unit corpus converts in constant memory and a failure never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from aligner.errors import InputError
from aligner.model import Unit

FORMATS = ("tmx", "xliff", "xliff2", "tsv", "jsonl", "moses")
_BY_EXTENSION = {".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff", ".xlf2": "xliff2", ".tsv": "tsv", ".jsonl": "jsonl"}
_MOSES_SUFFIXES = (".zh", ".en")
_HELP = ".tmx, .xlf/.xliff (XLIFF 1.2), .xlf2 (XLIFF 2), .tsv, .jsonl, or a Moses pair (corpus.zh + corpus.en)"


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The format named by `fmt`, else by the extension of `path`."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    if suffix in _MOSES_SUFFIXES:
        return "moses"
    raise InputError(f"cannot tell the format from {suffix or 'a missing extension'!r}: use {_HELP}", path)


def write(
    path: str | Path,
    units: Iterable[Unit],
    *,
    src_locale: str = "zh-CN",
    tgt_locale: str = "en-US",
    fmt: str | None = None,
    xliff_version: str | None = None,
) -> int:
    """Write `units` to `path` (format from `fmt` or the extension); returns how many were written.

    `src_locale`/`tgt_locale` label the corpus; a unit in the same base language is written with
    these locales. `xliff_version` ("1.2", "2", "2.0", "2.1", "2.2") picks the XLIFF flavour and
    overrides the extension (`.xlf` is 1.2, `.xlf2` is 2.1 unless told otherwise). For `moses`,
    `path` is the prefix: `corpus` → `corpus.zh` and `corpus.en`.
    """
    path = Path(path)
    kind = format_of(path, fmt)
    if xliff_version is not None and kind in ("xliff", "xliff2"):
        kind = "xliff2" if xliff_version.startswith("2") else "xliff"
    locales = {"src_locale": src_locale, "tgt_locale": tgt_locale}
    if kind == "tmx":
        from aligner.formats.tmx import write_tmx

        return write_tmx(path, units, **locales)
    if kind in ("xliff", "xliff2"):
        from aligner.formats.xliff import write_xliff

        version = xliff_version or ("2.1" if kind == "xliff2" else "1.2")
        return write_xliff(path, units, version="2.1" if version == "2" else version, **locales)
    from aligner.formats import tabular

    writer = {"tsv": tabular.write_tsv, "jsonl": tabular.write_jsonl, "moses": tabular.write_moses}[kind]
    return writer(path, units, **locales)


def read(
    path: str | Path, *, fmt: str | None = None, src_lang: str | None = None, tgt_lang: str | None = None
) -> Iterator[Unit]:
    """The units of a corpus file, lazily, in file order.

    `src_lang`/`tgt_lang` (any form: `zh`, `zh-CN`) select the languages of a multilingual TMX and
    are checked everywhere: a file in other languages is an InputError, as are a missing file, bad
    XML, a TMX without header and an XLIFF version other than 1.1/1.2/2.0-2.2. For a Moses pair give
    either file: `corpus.zh` reads `corpus.zh` with `corpus.en`.
    """
    path = Path(path)
    kind = format_of(path, fmt) if fmt or path.suffix.lower() in (*_BY_EXTENSION, *_MOSES_SUFFIXES) else _sniff(path)
    if kind == "moses":
        from aligner.formats.tabular import read_moses

        return read_moses(path, src_lang=src_lang, tgt_lang=tgt_lang)
    if not path.is_file():
        raise InputError("no such file", path)
    langs = {"src_lang": src_lang, "tgt_lang": tgt_lang}
    if kind == "tmx":
        from aligner.formats.tmx import read_tmx

        return read_tmx(path, **langs)
    if kind in ("xliff", "xliff2"):
        from aligner.formats.xliff import read_xliff

        return read_xliff(path, **langs)
    from aligner.formats import tabular

    return (tabular.read_tsv if kind == "tsv" else tabular.read_jsonl)(path, **langs)


def _sniff(path: Path) -> str:
    """An XML corpus under another extension (`.xml`, `.sdlxliff`): TMX or XLIFF by its root."""
    if not path.is_file():
        raise InputError("no such file", path)
    from lxml import etree

    from aligner.formats.xmlsafe import root_of

    try:
        name = etree.QName(root_of(path)).localname
    except InputError:
        name = ""
    if name == "tmx":
        return "tmx"
    if name == "xliff":
        return "xliff"
    raise InputError(f"cannot tell the format of this file: use {_HELP}", path)
