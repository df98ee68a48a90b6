"""Line-based corpora: TSV with a header, JSON Lines, and Moses pairs (`corpus.zh` + `corpus.en`).

TSV and JSONL keep everything a unit holds, so they round-trip like the XML formats. In TSV, text
cells escape backslash, tab, newline and carriage return as `\\\\`, `\\t`, `\\n`, `\\r`; list and
mapping cells (notes, scores, props, inline codes) hold JSON; terms are `|`-separated as everywhere.
Moses files hold only the text, one segment per line (line breaks inside a segment become spaces),
which is what MT training tools expect.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from itertools import zip_longest
from pathlib import Path

from aligner.errors import InputError
from aligner.formats.atomic import atomic_paths
from aligner.formats.locales import LocaleMap, matches, primary
from aligner.formats.properties import number
from aligner.langs import base, locale
from aligner.model import InlineCode, Unit

COLUMNS = (
    "source", "target", "src_lang", "tgt_lang", "id", "origin", "engine", "quality", "band", "terms",
    "missed", "document", "notes", "scores", "props", "source_codes", "target_codes",
)  # fmt: skip
_FIELDS = tuple(field.name for field in dataclasses.fields(Unit))
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}
_ESCAPE = re.compile(r"[\\\t\n\r]")
_UNESCAPE = re.compile(r"\\[\\tnr]")


def _escape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: _UNESCAPES[m.group()], text)


def _codes_json(codes: list[InlineCode]) -> str:
    return json.dumps([dataclasses.asdict(c) for c in codes], ensure_ascii=False) if codes else ""


def _codes(value: object, where: str, path: Path) -> list[InlineCode]:
    if not value:
        return []
    try:
        items = json.loads(value) if isinstance(value, str) else value
        return [InlineCode(**item) for item in items or []]
    except (TypeError, ValueError) as err:
        raise InputError(f"{where}: bad inline codes ({err})", path) from None


def _localise(unit: Unit, locales: LocaleMap) -> tuple[str, str]:
    return locales(unit.src_lang), locales(unit.tgt_lang)


def write_tsv(path: Path, units: Iterable[Unit], *, src_locale: str = "zh-CN", tgt_locale: str = "en-US") -> int:
    locales = LocaleMap(src_locale, tgt_locale)
    count = 0
    with atomic_paths(path) as (temp,), open(temp, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for unit in units:
            src, tgt = _localise(unit, locales)
            cells = (
                unit.source, unit.target, src, tgt, unit.id or "", unit.origin, unit.engine or "",
                "" if unit.quality is None else number(unit.quality), unit.band or "", "|".join(unit.terms),
                "|".join(unit.missed), unit.document or "",
                json.dumps(unit.notes, ensure_ascii=False) if unit.notes else "",
                json.dumps(unit.scores) if unit.scores else "",
                json.dumps(unit.props, ensure_ascii=False) if unit.props else "",
                _codes_json(unit.source_codes), _codes_json(unit.target_codes),
            )  # fmt: skip
            out.write("\t".join(_escape(cell) for cell in cells) + "\n")
            count += 1
    return count


def read_tsv(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Units of a TSV file whose first line names the columns; `source` and `target` are required,
    unknown columns are kept as properties."""
    handle = open(path, encoding="utf-8-sig", newline="")
    try:
        header = handle.readline().rstrip("\r\n").split("\t")
    except UnicodeDecodeError:
        header = []
    if "source" not in header or "target" not in header:
        handle.close()
        raise InputError("the first line must name the columns, including 'source' and 'target'", path)
    return _utf8(path, _read_tsv(path, handle, header, src_lang, tgt_lang))


def _utf8(path: Path, units: Iterator[Unit]) -> Iterator[Unit]:
    """`units`, with a decoding failure reported as bad input rather than a traceback."""
    try:
        yield from units
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", path) from None


def _read_tsv(path: Path, handle, header: list[str], src_lang: str | None, tgt_lang: str | None) -> Iterator[Unit]:
    with handle:
        for number_, line in enumerate(handle, 2):
            line = line.rstrip("\r\n")
            if not line:
                continue
            cells = line.split("\t")
            if len(cells) != len(header):
                raise InputError(f"line {number_} has {len(cells)} columns, the header {len(header)}", path)
            row = {name: _unescape(cell) for name, cell in zip(header, cells, strict=True)}
            yield _unit_from_row(row, f"line {number_}", path, src_lang, tgt_lang)


def _unit_from_row(row: dict, where: str, path: Path, src_lang: str | None, tgt_lang: str | None) -> Unit:
    """A unit from a TSV row or a JSON object (strings for TSV, native JSON types for JSONL)."""
    try:
        unit = Unit(source=str(row.pop("source")), target=str(row.pop("target")))
    except KeyError as err:
        raise InputError(f"{where}: no {err.args[0]!r}", path) from None
    unit.src_lang = row.pop("src_lang", "") or _default_locale(src_lang, "zh-CN")
    unit.tgt_lang = row.pop("tgt_lang", "") or _default_locale(tgt_lang, "en-US")
    if not matches(unit.src_lang, src_lang) or not matches(unit.tgt_lang, tgt_lang):
        raise InputError(f"{where} is {unit.src_lang}→{unit.tgt_lang}, not {src_lang or unit.src_lang}→{tgt_lang or unit.tgt_lang}", path)
    try:
        unit.id = row.pop("id", None) or None
        unit.origin = row.pop("origin", "") or unit.origin
        unit.engine = row.pop("engine", None) or None
        quality = row.pop("quality", None)
        unit.quality = None if quality in (None, "") else float(quality)
        unit.band = row.pop("band", None) or None
        for name in ("terms", "missed"):
            value = row.pop(name, None) or []
            setattr(unit, name, value.split("|") if isinstance(value, str) else list(value))
        unit.document = row.pop("document", None) or None
        for name in ("notes", "scores", "props"):
            value = row.pop(name, None)
            if value:
                setattr(unit, name, json.loads(value) if isinstance(value, str) else value)
        unit.scores = {k: float(v) for k, v in unit.scores.items()}
    except (TypeError, ValueError, AttributeError) as err:
        raise InputError(f"{where}: {err}", path) from None
    unit.source_codes = _codes(row.pop("source_codes", None), where, path)
    unit.target_codes = _codes(row.pop("target_codes", None), where, path)
    unit.props.update({k: str(v) for k, v in row.items() if v not in (None, "")})
    return unit


def _default_locale(wanted: str | None, default: str) -> str:
    return locale(wanted) if wanted else default


def write_jsonl(path: Path, units: Iterable[Unit], *, src_locale: str = "zh-CN", tgt_locale: str = "en-US") -> int:
    locales = LocaleMap(src_locale, tgt_locale)
    count = 0
    with atomic_paths(path) as (temp,), open(temp, "w", encoding="utf-8", newline="\n") as out:
        for unit in units:
            record = {name: getattr(unit, name) for name in _FIELDS}  # asdict() deep-copies, 3x slower
            record["source_codes"] = [vars(code) for code in unit.source_codes]
            record["target_codes"] = [vars(code) for code in unit.target_codes]
            record["src_lang"], record["tgt_lang"] = _localise(unit, locales)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_jsonl(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Units of a JSON Lines file, one object per line with at least `source` and `target`."""
    return _utf8(path, _read_jsonl(path, src_lang, tgt_lang))


def _read_jsonl(path: Path, src_lang: str | None, tgt_lang: str | None) -> Iterator[Unit]:
    with open(path, encoding="utf-8-sig") as handle:
        for number_, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"line {number_} is not JSON ({err.msg})", path) from None
            if not isinstance(record, dict):
                raise InputError(f"line {number_} is not a JSON object", path)
            yield _unit_from_row(record, f"line {number_}", path, src_lang, tgt_lang)


def moses_paths(path: Path, src_locale: str, tgt_locale: str) -> tuple[Path, Path]:
    """`corpus` (or `corpus.zh`) → (`corpus.zh`, `corpus.en`)."""
    src, tgt = primary(src_locale), primary(tgt_locale)
    stem = path.with_suffix("") if path.suffix[1:].lower() in (src, tgt) else path
    return stem.with_name(f"{stem.name}.{src}"), stem.with_name(f"{stem.name}.{tgt}")


def write_moses(path: Path, units: Iterable[Unit], *, src_locale: str = "zh-CN", tgt_locale: str = "en-US") -> int:
    """Write the source side to `<path>.<src>` and the target side to `<path>.<tgt>`, line-aligned."""
    count = 0
    with atomic_paths(*moses_paths(path, src_locale, tgt_locale)) as (src_temp, tgt_temp):
        with open(src_temp, "w", encoding="utf-8", newline="\n") as src, open(tgt_temp, "w", encoding="utf-8", newline="\n") as tgt:
            for unit in units:
                src.write(_one_line(unit.source) + "\n")
                tgt.write(_one_line(unit.target) + "\n")
                count += 1
    return count


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n\u2028\u2029]+", " ", text)


def read_moses(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Units from `corpus.zh` + `corpus.en`: `path` is either file (its suffix is the source language)
    or the common prefix with `src_lang`/`tgt_lang` given."""
    suffix = path.suffix[1:].lower()
    if src_lang is None and suffix in ("zh", "en"):
        src_lang = suffix
    src_lang = src_lang or "zh"
    tgt_lang = tgt_lang or ("en" if base(src_lang) == "zh" else "zh")
    src_path, tgt_path = moses_paths(path, src_lang, tgt_lang)
    for needed in (src_path, tgt_path):
        if not needed.is_file():
            raise InputError(f"Moses pair incomplete: {needed} not found", path)
    return _utf8(path, _read_moses(src_path, tgt_path, locale(src_lang), locale(tgt_lang)))


def _read_moses(src_path: Path, tgt_path: Path, src_locale: str, tgt_locale: str) -> Iterator[Unit]:
    with open(src_path, encoding="utf-8-sig", newline="") as src, open(tgt_path, encoding="utf-8-sig", newline="") as tgt:
        for number_, (source, target) in enumerate(zip_longest(src, tgt), 1):
            if source is None or target is None:
                shorter = src_path if source is None else tgt_path
                raise InputError(f"has only {number_ - 1} lines, its pair has more", shorter)
            yield Unit(
                source=source.rstrip("\r\n"), target=target.rstrip("\r\n"), src_lang=src_locale,
                tgt_lang=tgt_locale, id=str(number_), origin="aligned",
            )  # fmt: skip
