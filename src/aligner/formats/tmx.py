"""TMX 1.4: a streaming writer (valid against tmx14.dtd) and an iterating reader.

The writer emits one `<tu>` at a time through lxml's `xmlfile`, the reader walks `<tu>` elements
with `iterparse` and frees each one after use, so memory stays flat whatever the corpus size.
Per-unit metadata travels as `<prop>`s named as in `properties`, notes as `<note>`s; inline codes
become `<bpt>`/`<ept>` (pairs), `<it>` (isolated halves) and `<ph>`, with the native code as content.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from lxml.etree import Element, SubElement

from aligner import __version__
from aligner.errors import InputError
from aligner.formats.atomic import atomic_paths
from aligner.formats.inline import Collector, Rendered, code_data, code_text, content, fill
from aligner.formats.locales import LocaleMap, matches
from aligner.formats.properties import apply, properties
from aligner.formats.xmlsafe import XML_LANG, clean, iterparse, refuse_entity, release, root_of
from aligner.model import InlineCode, Unit

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def write_tmx(path: Path, units: Iterable[Unit], *, src_locale: str = "zh-CN", tgt_locale: str = "en-US") -> int:
    """Write `units` as TMX 1.4; returns the number of units written."""
    locales = LocaleMap(src_locale, tgt_locale)
    header = Element(
        "header",
        creationtool="aligner",
        creationtoolversion=__version__,
        segtype="sentence",
        adminlang="en-US",
        srclang=src_locale,
        datatype="plaintext",
        creationdate=datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
    )
    header.set("o-tmf", "aligner")
    count = 0
    with atomic_paths(path) as (temp,), open(temp, "wb") as out, etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype(DOCTYPE)
        with xf.element("tmx", version="1.4"):
            xf.write("\n", header, "\n")
            with xf.element("body"):
                xf.write("\n")
                for unit in units:
                    xf.write(_tu(unit, locales), "\n")
                    count += 1
            xf.write("\n")
    return count


def _tu(unit: Unit, locales: LocaleMap) -> etree._Element:
    tu = Element("tu")
    if unit.id is not None:
        tu.set("tuid", clean(unit.id))
    src, tgt = locales(unit.src_lang), locales(unit.tgt_lang)
    if src != locales.src:
        tu.set("srclang", src)
    for note in unit.notes:
        SubElement(tu, "note").text = clean(note)
    for name, value in properties(unit):
        SubElement(tu, "prop", type=clean(name)).text = clean(value)
    for lang, text, codes in ((src, unit.source, unit.source_codes), (tgt, unit.target, unit.target_codes)):
        tuv = SubElement(tu, "tuv")
        tuv.set(XML_LANG, lang)
        seg = SubElement(tuv, "seg")
        if codes:
            fill(seg, content(text, codes, _render_code))
        else:
            seg.text = clean(text)
    return tu


def _render_code(code: InlineCode, paired: bool) -> Rendered:
    if code.kind == "ph":
        tag, attrib = "ph", {"x": code.id}
    elif paired and code.kind == "open":
        tag, attrib = "bpt", {"i": code.id, "x": code.id}
    elif paired:
        tag, attrib = "ept", {"i": code.id}
    else:
        tag, attrib = "it", {"pos": "begin" if code.kind == "open" else "end", "x": code.id}
    if code.type and tag != "ept":
        attrib["type"] = clean(code.type)
    return tag, attrib, code_text(code.data)


def read_tmx(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Units of a TMX file, in file order.

    `src_lang`/`tgt_lang` pick the variants of each `<tu>` (any region: `zh` matches `zh-CN`); a
    `<tu>` without the asked-for language is an InputError. Without them the header's `srclang`
    is the source and the first other variant the target.
    """
    root = root_of(path)
    if root.tag != "tmx":
        raise InputError(f"not a TMX file (root element is <{root.tag}>)", path)
    return _read_tmx(path, src_lang, tgt_lang)


def _read_tmx(path: Path, src_lang: str | None, tgt_lang: str | None) -> Iterator[Unit]:
    header_src: str | None = None
    number = 0
    for _, element in iterparse(path, ("end",), ("header", "tu")):
        if element.tag == "header":
            header_src = element.get("srclang") or "*all*"
            continue
        if header_src is None:
            raise InputError("not a valid TMX file: <header> is missing", path)
        number += 1
        yield _unit(element, number, header_src, src_lang, tgt_lang, path)
        release(element)
    if header_src is None:
        raise InputError("not a valid TMX file: <header> is missing", path)


def _unit(tu: etree._Element, number: int, header_src: str, src_lang: str | None, tgt_lang: str | None, path: Path) -> Unit:
    tuid = tu.get("tuid")
    variants: list[tuple[str, etree._Element]] = []
    meta: list[etree._Element] = []
    for child in tu:
        if child.tag == "tuv":
            lang = child.get(XML_LANG) or child.get("lang")
            seg = child.find("seg")
            if not lang or seg is None:
                raise InputError(f"{_where(tuid, number)} has a <tuv> without xml:lang or <seg>", path)
            variants.append((lang, seg))
        elif child.tag in ("prop", "note"):
            meta.append(child)
    if not variants:
        raise InputError(f"{_where(tuid, number)} has no <tuv>", path)
    wanted_src = src_lang or (None if header_src == "*all*" else tu.get("srclang", header_src))
    source = next((i for i, (lang, _) in enumerate(variants) if matches(lang, wanted_src)), None)
    if source is None:
        if src_lang:
            raise InputError(f"{_where(tuid, number)} has no {src_lang!r} text (it has {_langs(variants)})", path)
        source = 0
    target = next((i for i, (lang, _) in enumerate(variants) if i != source and matches(lang, tgt_lang)), None)
    if target is None and tgt_lang:
        raise InputError(f"{_where(tuid, number)} has no {tgt_lang!r} text (it has {_langs(variants)})", path)
    src_text, src_codes = _segment(variants[source][1], path)
    unit = Unit(source=src_text, target="", src_lang=variants[source][0], tgt_lang="und", id=tuid, origin="tm")
    unit.source_codes = src_codes
    if target is not None:
        unit.tgt_lang = variants[target][0]
        unit.target, unit.target_codes = _segment(variants[target][1], path)
    for child in meta:
        if child.tag == "note":
            unit.notes.append(child.text or "")
        elif child.get("type"):
            apply(unit, child.get("type"), child.text or "")
    return unit


def _where(tuid: str | None, number: int) -> str:
    return f"<tu> {tuid!r}" if tuid else f"<tu> #{number}"


def _langs(variants: list[tuple[str, etree._Element]]) -> str:
    return ", ".join(lang for lang, _ in variants)


def _segment(seg: etree._Element, path: Path) -> tuple[str, list[InlineCode]]:
    if not len(seg):  # plain text, the common case
        return seg.text or "", []
    collector = Collector()
    _walk(seg, collector, {}, path)
    return collector.result()


def _walk(element: etree._Element, out: Collector, pairs: dict[str | None, str | None], path: Path) -> None:
    out.text(element.text)
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            refuse_entity(child, path)
        elif tag == "bpt":
            pairs[child.get("i")] = child.get("x") or child.get("i")
            out.code("open", pairs[child.get("i")], code_data(child), child.get("type"))
        elif tag == "ept":
            out.code("close", pairs.get(child.get("i"), child.get("i")), code_data(child))
        elif tag in ("ph", "ut"):
            out.code("ph", child.get("x"), code_data(child), child.get("type"))
        elif tag == "it":
            out.code("open" if child.get("pos") == "begin" else "close", child.get("x"), code_data(child), child.get("type"))
        else:
            _walk(child, out, pairs, path)
        out.text(child.tail)
