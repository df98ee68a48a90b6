"""XLIFF 1.2 (strict schema) and XLIFF 2.x (core + matches + metadata): streaming writers, readers.

One `<file>` per document. Where the metadata goes, so that CAT tools show it in their usual places:

- XLIFF 1.2: the target's `state`/`state-qualifier` (machine translation is
  `needs-review-translation` + `mt-suggestion`), an `<alt-trans>` carrying the engine as `origin`
  and the quality as `match-quality`, all properties (see `properties`) in a
  `<context-group purpose="information">` and notes as `<note from="aligner">`.
- XLIFF 2.x: the segment `state` (`initial` for machine translation), an `<mtc:match>` with `type`,
  `origin` and `matchQuality`, the properties in `<mda:metadata>` and notes in `<notes>`.

Inline codes: XLIFF 1.2 gets `<bpt>`/`<ept>`/`<ph>` when the native code is known and
`<bx/>`/`<ex/>`/`<x/>` when it is not (`<g>` is read, and written back as `<bx/>`/`<ex/>`), `<it>`
for isolated halves; XLIFF 2 gets `<sc>`/`<ec>`/`<ph>` with the native code in `<originalData>`
(`<pc>` is read, and written back as `<sc>`/`<ec>`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path

from lxml import etree

from aligner import __version__
from aligner.errors import InputError
from aligner.formats.atomic import atomic_paths
from aligner.formats.inline import Collector, Rendered, code_data, code_text, content, emit
from aligner.formats.locales import LocaleMap, matches
from aligner.formats.properties import apply, number, properties
from aligner.formats.xmlsafe import XML_SPACE, clean, iterparse, refuse_entity, release, root_of
from aligner.model import InlineCode, Unit

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS11 = "urn:oasis:names:tc:xliff:document:1.1"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSIONS_1 = ("1.1", "1.2")
VERSIONS_2 = ("2.0", "2.1", "2.2")

_STATE_12 = {
    "mt": ("needs-review-translation", "mt-suggestion"),
    "tm": ("needs-review-translation", "leveraged-tm"),
    "aligned": ("translated", None),
    "human": ("translated", None),
}
_STATE_2 = {"mt": "initial", "tm": "initial", "aligned": "translated", "human": "translated"}
_XTEND = re.compile(r"x-\S+")
_DELIMITERS = {"bold", "italic", "underlined", "link"}
_PLACEHOLDERS = {"image", "pb", "lb"}
_TYPES_2 = {"fmt", "ui", "quote", "link", "image", "other"}
_SUBTYPES_2 = {"bold": "xlf:b", "italic": "xlf:i", "underlined": "xlf:u", "lb": "xlf:lb", "pb": "xlf:pb"}
_FROM_SUBTYPE_2 = {v: k for k, v in _SUBTYPES_2.items()}
_NOT_NMTOKEN = re.compile(r"[^\w.\-:]")


# ----------------------------------------------------------------------------------------- writers


def write_xliff(
    path: Path,
    units: Iterable[Unit],
    *,
    src_locale: str = "zh-CN",
    tgt_locale: str = "en-US",
    version: str = "1.2",
) -> int:
    """Write `units` as XLIFF `version` (1.2, or 2.0/2.1/2.2); returns the number of units."""
    if version in VERSIONS_2:
        return _write_2(path, units, LocaleMap(src_locale, tgt_locale), version)
    if version == "1.2":
        return _write_12(path, units, LocaleMap(src_locale, tgt_locale))
    raise InputError(f"cannot write XLIFF version {version!r} (use 1.2, 2.0, 2.1 or 2.2)", path)


def _write_12(path: Path, units: Iterable[Unit], locales: LocaleMap) -> int:
    count = 0
    with atomic_paths(path) as (temp,), open(temp, "wb") as out, etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(_q12("xliff"), version="1.2", nsmap={None: NS12}), ExitStack() as file_scope:
            current: tuple | None = None
            for unit in units:
                src, tgt = locales(unit.src_lang), locales(unit.tgt_lang)
                if (unit.document, src, tgt) != current:
                    file_scope.close()
                    current = (unit.document, src, tgt)
                    _open_file_12(xf, file_scope, *current)
                count += 1
                _trans_unit(xf, unit, unit.id if unit.id is not None else f"u{count}")
            if current is None:  # the schema wants at least one <file>, which may be empty
                _open_file_12(xf, file_scope, None, locales.src, locales.tgt)
            file_scope.close()
            xf.write("\n")
    return count


def _open_file_12(xf: etree.xmlfile, scope: ExitStack, document: str | None, src: str, tgt: str) -> None:
    attrib = {
        "original": clean(document or ""),
        "source-language": src,
        "target-language": tgt,
        "datatype": "plaintext",
        "tool-id": "aligner",
        XML_SPACE: "preserve",
    }
    xf.write("\n")
    scope.enter_context(xf.element(_q12("file"), attrib, nsmap={"xml": XML_NS}))
    xf.write("\n")
    with xf.element(_q12("header")):
        with xf.element(_q12("tool"), {"tool-id": "aligner", "tool-name": "aligner", "tool-version": __version__}):
            pass
    xf.write("\n")
    scope.enter_context(xf.element(_q12("body")))
    scope.callback(xf.write, "\n")
    xf.write("\n")


def _trans_unit(xf: etree.xmlfile, unit: Unit, unit_id: str) -> None:
    with xf.element(_q12("trans-unit"), {"id": clean(unit_id)}):
        with xf.element(_q12("source")):
            emit(xf, content(unit.source, unit.source_codes, _render_12))
        state, qualifier = _STATE_12.get(unit.origin, (None, None))
        if not unit.target and not unit.target_codes:
            state, qualifier = "needs-translation", None
        attrib = {"state": state} if state else {}
        if qualifier:
            attrib["state-qualifier"] = qualifier
        with xf.element(_q12("target"), attrib):
            emit(xf, content(unit.target, unit.target_codes, _render_12))
        if unit.origin in ("mt", "tm") and (unit.engine or unit.quality is not None):
            attrib = {"tool-id": "aligner"}
            if unit.engine:
                attrib["origin"] = clean(unit.engine)
            if unit.quality is not None:
                attrib["match-quality"] = number(unit.quality)
            with xf.element(_q12("alt-trans"), attrib), xf.element(_q12("target")):
                emit(xf, content(unit.target, unit.target_codes, _render_12))
        with xf.element(_q12("context-group"), purpose="information"):
            for name, value in properties(unit, document=False):
                if _XTEND.fullmatch(name):
                    context_type, text = name, value
                else:
                    context_type, text = "x-prop", f"{name}={value}"
                with xf.element(_q12("context"), {"context-type": clean(context_type)}):
                    xf.write(clean(text))
        for note in unit.notes:
            with xf.element(_q12("note"), {"from": "aligner"}):
                xf.write(clean(note))
    xf.write("\n")


def _q12(tag: str) -> str:
    return f"{{{NS12}}}{tag}"


def _ctype(type: str | None, allowed: set[str]) -> dict[str, str]:
    if not type:
        return {}
    if type in allowed or _XTEND.fullmatch(type):
        return {"ctype": type}
    return {"ctype": f"x-{type}"} if not re.search(r"\s", type) else {}


def _render_12(code: InlineCode, paired: bool) -> Rendered:
    data = code_text(code.data)
    attrib = {"id": clean(code.id)}
    if code.kind == "ph":
        return (_q12("x") if data is None else _q12("ph")), attrib | _ctype(code.type, _PLACEHOLDERS), data
    if not paired:
        attrib["pos"] = "open" if code.kind == "open" else "close"
        return _q12("it"), attrib | _ctype(code.type, _DELIMITERS), data
    if code.kind == "open":
        return (_q12("bx") if data is None else _q12("bpt")), attrib | _ctype(code.type, _DELIMITERS), data
    return (_q12("ex") if data is None else _q12("ept")), attrib, data


def _write_2(path: Path, units: Iterable[Unit], locales: LocaleMap, version: str) -> int:
    count = 0
    root = {"version": version, "srcLang": locales.src, "trgLang": locales.tgt, XML_SPACE: "preserve"}
    with atomic_paths(path) as (temp,), open(temp, "wb") as out, etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(_q2("xliff"), root, nsmap={None: NS2, "mtc": MTC, "mda": MDA, "xml": XML_NS}), ExitStack() as file_scope:
            current: object = ()
            for unit in units:
                src, tgt = locales(unit.src_lang), locales(unit.tgt_lang)
                if (src, tgt) != (locales.src, locales.tgt):
                    raise InputError(
                        f"an XLIFF 2 file holds one language pair ({locales.src}→{locales.tgt}); "
                        f"unit {unit.id!r} is {src}→{tgt}",
                        path,
                    )
                if unit.document != current:
                    file_scope.close()
                    current = unit.document
                    attrib = {"id": f"f{count + 1}"}
                    if unit.document is not None:
                        attrib["original"] = clean(unit.document)
                    xf.write("\n")
                    file_scope.enter_context(xf.element(_q2("file"), attrib))
                    file_scope.callback(xf.write, "\n")
                    xf.write("\n")
                count += 1
                _unit_2(xf, unit, unit.id if unit.id is not None else f"u{count}")
            file_scope.close()
            if not count:
                raise InputError("nothing to write: an XLIFF 2 file needs at least one unit", path)
            xf.write("\n")
    return count


def _unit_2(xf: etree.xmlfile, unit: Unit, unit_id: str) -> None:
    token = _nmtoken(unit_id)
    meta = properties(unit, document=False)
    if token != unit_id:
        meta.append(("x-id", unit_id))
    data_ids: dict[str, str] = {}
    for code in (*unit.source_codes, *unit.target_codes):
        if code.data and code_text(code.data) not in data_ids:
            data_ids[code_text(code.data)] = f"d{len(data_ids) + 1}"  # type: ignore[index]

    def render(code: InlineCode, paired: bool) -> Rendered:
        attrib = {}
        if code.data:
            attrib["dataRef"] = data_ids[code_text(code.data)]  # type: ignore[index]
        if code.kind == "ph":
            return _q2("ph"), {"id": _nmtoken(code.id)} | attrib | _type_2(code.type), None
        if code.kind == "open":
            extra = {} if paired else {"isolated": "yes"}
            return _q2("sc"), {"id": _nmtoken(code.id)} | extra | attrib | _type_2(code.type), None
        ref = {"startRef": _nmtoken(code.id)} if paired else {"id": _nmtoken(code.id), "isolated": "yes"}
        return _q2("ec"), ref | attrib, None

    def source_and_target() -> None:
        with xf.element(_q2("source")):
            emit(xf, content(unit.source, unit.source_codes, render))
        with xf.element(_q2("target")):
            emit(xf, content(unit.target, unit.target_codes, render))

    def original_data() -> None:
        if data_ids:
            with xf.element(_q2("originalData")):
                for data, data_id in data_ids.items():
                    with xf.element(_q2("data"), id=data_id):
                        xf.write(data)

    with xf.element(_q2("unit"), id=token):
        if unit.origin in ("mt", "tm") and (unit.engine or unit.quality is not None):
            attrib = {"ref": "#s1", "type": unit.origin}
            if unit.engine:
                attrib["origin"] = clean(unit.engine)
            if unit.quality is not None and 0 <= unit.quality <= 100:
                attrib["matchQuality"] = format(Decimal(repr(float(unit.quality))), "f")
            with xf.element(f"{{{MTC}}}matches"), xf.element(f"{{{MTC}}}match", attrib):
                original_data()
                source_and_target()
        with xf.element(f"{{{MDA}}}metadata"), xf.element(f"{{{MDA}}}metaGroup", category="aligner"):
            for name, value in meta:
                with xf.element(f"{{{MDA}}}meta", type=clean(name)):
                    xf.write(clean(value))
        if unit.notes:
            with xf.element(_q2("notes")):
                for note in unit.notes:
                    with xf.element(_q2("note")):
                        xf.write(clean(note))
        original_data()
        state = _STATE_2.get(unit.origin, "initial") if (unit.target or unit.target_codes) else "initial"
        with xf.element(_q2("segment"), id="s1", state=state):
            source_and_target()
    xf.write("\n")


def _q2(tag: str) -> str:
    return f"{{{NS2}}}{tag}"


def _nmtoken(value: str) -> str:
    return _NOT_NMTOKEN.sub("_", clean(value)) or "_"


def _type_2(type: str | None) -> dict[str, str]:
    if not type:
        return {}
    if type in _TYPES_2:
        return {"type": type}
    if type in _SUBTYPES_2:
        return {"type": "fmt", "subType": _SUBTYPES_2[type]}
    if re.fullmatch(r"[^\s:]+", type):
        return {"type": "other", "subType": f"aligner:{type}"}
    return {"type": "other"}


def _type_from_2(element: etree._Element) -> str | None:
    sub = element.get("subType") or ""
    if sub.startswith("aligner:"):
        return sub[len("aligner:"):]
    return _FROM_SUBTYPE_2.get(sub) or element.get("type")


# ----------------------------------------------------------------------------------------- readers


def xliff_version(path: Path) -> str:
    """The XLIFF version of a file, checked against its namespace; InputError for anything else."""
    root = root_of(path)
    qname = etree.QName(root)
    if qname.localname != "xliff":
        raise InputError(f"not an XLIFF file (root element is <{qname.localname}>)", path)
    version = root.get("version", "")
    if version in VERSIONS_1 and qname.namespace in (None, NS11, NS12):
        return version
    if version in VERSIONS_2 and qname.namespace == NS2:
        return version
    raise InputError(f"unsupported XLIFF version {version!r} (aligner reads 1.1/1.2 and 2.0-2.2)", path)


def read_xliff(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Units of an XLIFF 1.x or 2.x file, in file order; languages are checked against the asked ones."""
    version = xliff_version(path)
    if version in VERSIONS_2:
        return _read_2(path, src_lang, tgt_lang)
    return _read_12(path, etree.QName(root_of(path)).namespace, src_lang, tgt_lang)


def _check_langs(path: Path, where: str, src: str, tgt: str, src_lang: str | None, tgt_lang: str | None) -> None:
    if not matches(src, src_lang) or (tgt_lang and not matches(tgt, tgt_lang)):
        raise InputError(f"{where} is {src}→{tgt or '?'}, not {src_lang or src}→{tgt_lang or tgt}", path)


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _read_12(path: Path, ns: str | None, src_lang: str | None, tgt_lang: str | None) -> Iterator[Unit]:
    q = (lambda tag: f"{{{ns}}}{tag}") if ns else (lambda tag: tag)
    src = tgt = ""
    document: str | None = None
    for event, element in iterparse(path, ("start", "end"), (q("file"), q("trans-unit"))):
        if element.tag == q("file"):
            if event == "start":
                src = element.get("source-language", "")
                tgt = element.get("target-language") or tgt_lang or "und"
                document = element.get("original") or None
                _check_langs(path, f"<file> {document or ''!r}", src, tgt, src_lang, tgt_lang)
            else:
                release(element)
        elif event == "end":
            yield from _segments_12(element, q, _unit_12(element, q, src, tgt, document, path), path)
            release(element)


def _segments_12(element: etree._Element, q, unit: Unit, path: Path) -> Iterator[Unit]:
    """A trans-unit segmented by another tool (`<seg-source>` with `<mrk mtype="seg">`, as Okapi and
    Trados write them) gives one unit per segment, id `<trans-unit id>.<mid>`; otherwise itself."""
    seg_source = element.find(q("seg-source"))
    marks = [] if seg_source is None else [m for m in seg_source.iter(q("mrk")) if m.get("mtype") == "seg"]
    if not marks:
        yield unit
        return
    target = element.find(q("target"))
    targets = {} if target is None else {m.get("mid"): m for m in target.iter(q("mrk")) if m.get("mtype") == "seg"}
    for mark in marks:
        piece = copy.deepcopy(unit)
        piece.id = f"{unit.id}.{mark.get('mid')}"
        piece.source, piece.source_codes = _segment(mark, _walk_12, path)
        found = targets.get(mark.get("mid"))
        piece.target, piece.target_codes = ("", []) if found is None else _segment(found, _walk_12, path)
        yield piece


def _unit_12(element: etree._Element, q, src: str, tgt: str, document: str | None, path: Path) -> Unit:
    unit = Unit(source="", target="", src_lang=src, tgt_lang=tgt, id=element.get("id"), origin="tm", document=document)
    source = element.find(q("source"))
    if source is None:
        raise InputError(f"<trans-unit> {unit.id!r} has no <source>", path)
    unit.source, unit.source_codes = _segment(source, _walk_12, path)
    target = element.find(q("target"))
    if target is not None:
        unit.target, unit.target_codes = _segment(target, _walk_12, path)
    seen: set[str] = set()
    for group in element.iterchildren(q("context-group")):
        for context in group.iterchildren(q("context")):
            name, value = context.get("context-type", ""), context.text or ""
            if name == "x-prop" and "=" in value:
                name, value = value.split("=", 1)
            seen.add(name)
            apply(unit, name, value)
    unit.notes = [note.text or "" for note in element.iterchildren(q("note"))]
    # files from other tools: provenance from the target state and the first alternative translation
    if "x-origin" not in seen and target is not None:
        unit.origin = _origin_12(target.get("state"), target.get("state-qualifier")) or unit.origin
    alt = element.find(q("alt-trans"))
    if alt is not None:
        if "x-engine" not in seen and alt.get("origin"):
            unit.engine = alt.get("origin")
        if "x-quality" not in seen and alt.get("match-quality"):
            try:
                unit.quality = float(alt.get("match-quality", "").rstrip("%"))
            except ValueError:
                unit.props["match-quality"] = alt.get("match-quality", "")
    return unit


def _origin_12(state: str | None, qualifier: str | None) -> str | None:
    if qualifier in ("mt-suggestion", "leveraged-mt"):
        return "mt"
    if qualifier:
        return "tm"
    if state in ("translated", "final", "signed-off"):
        return "human"
    return None


def _segment(element: etree._Element, walk, path: Path, *args) -> tuple[str, list[InlineCode]]:
    collector = Collector()
    walk(element, collector, path, *args)
    return collector.result()


def _walk_12(element: etree._Element, out: Collector, path: Path) -> None:
    out.text(element.text)
    for child in element:
        tag = _local(child.tag)
        rid = child.get("rid") or child.get("id")
        if not tag:
            refuse_entity(child, path)
        elif tag == "g":
            out.code("open", child.get("id"), None, child.get("ctype"))
            _walk_12(child, out, path)
            out.code("close", child.get("id"))
        elif tag in ("x", "ph"):
            out.code("ph", child.get("id"), code_data(child) if tag == "ph" else None, child.get("ctype"))
        elif tag in ("bx", "bpt"):
            out.code("open", rid, code_data(child) if tag == "bpt" else None, child.get("ctype"))
        elif tag in ("ex", "ept"):
            out.code("close", rid, code_data(child) if tag == "ept" else None)
        elif tag == "it":
            kind = "open" if child.get("pos") == "open" else "close"
            out.code(kind, rid, code_data(child), child.get("ctype"))
        else:
            _walk_12(child, out, path)
        out.text(child.tail)


def _read_2(path: Path, src_lang: str | None, tgt_lang: str | None) -> Iterator[Unit]:
    root = root_of(path)
    src, tgt = root.get("srcLang", ""), root.get("trgLang", "")
    _check_langs(path, "the XLIFF file", src, tgt, src_lang, tgt_lang)
    document: str | None = None
    for event, element in iterparse(path, ("start", "end"), (_q2("file"), _q2("unit"))):
        if element.tag == _q2("file"):
            if event == "start":
                document = element.get("original")
            else:
                release(element)
            continue
        if event == "start":
            continue
        yield from _units_2(element, src, tgt or tgt_lang or "und", document, path)
        release(element)


def _units_2(element: etree._Element, src: str, tgt: str, document: str | None, path: Path) -> Iterator[Unit]:
    meta: list[tuple[str, str]] = []
    metadata = element.find(f"{{{MDA}}}metadata")
    if metadata is not None:
        meta = [(m.get("type", ""), m.text or "") for m in metadata.iter(f"{{{MDA}}}meta")]
    notes = [n.text or "" for n in element.iterfind(f"{_q2('notes')}/{_q2('note')}")]
    data = {d.get("id"): "".join(d.itertext()) for d in element.iterfind(f"{_q2('originalData')}/{_q2('data')}")}
    match = element.find(f"{{{MTC}}}matches/{{{MTC}}}match")
    segments = list(element.iterchildren(_q2("segment")))
    unit_id = element.get("id")
    for number_, segment in enumerate(segments, 1):
        source = segment.find(_q2("source"))
        if source is None:
            raise InputError(f"<unit> {unit_id!r} has a <segment> without <source>", path)
        seg_id = unit_id if len(segments) == 1 else f"{unit_id}.{segment.get('id') or number_}"
        unit = Unit(source="", target="", src_lang=src, tgt_lang=tgt, id=seg_id, origin="tm", document=document)
        unit.source, unit.source_codes = _segment(source, _walk_2, path, data)
        target = segment.find(_q2("target"))
        if target is not None:
            unit.target, unit.target_codes = _segment(target, _walk_2, path, data)
        names = {name for name, _ in meta}
        for name, value in meta:
            if name == "x-id":
                unit.id = value
            else:
                apply(unit, name, value)
        unit.notes = list(notes)
        if match is not None:
            if "x-engine" not in names and match.get("origin"):
                unit.engine = match.get("origin")
            if "x-quality" not in names and match.get("matchQuality"):
                unit.quality = float(match.get("matchQuality", "0"))
            if "x-origin" not in names and match.get("type") in ("mt", "tm"):
                unit.origin = match.get("type", "tm")
        if "x-origin" not in names and (match is None or match.get("type") not in ("mt", "tm")):
            if segment.get("state") in ("translated", "reviewed", "final"):
                unit.origin = "human"
        yield unit


def _walk_2(element: etree._Element, out: Collector, path: Path, data: dict) -> None:
    out.text(element.text)
    for child in element:
        tag = _local(child.tag) if str(child.tag).startswith(f"{{{NS2}}}") else ""
        if not isinstance(child.tag, str):
            refuse_entity(child, path)
        elif tag == "ph":
            out.code("ph", child.get("id"), data.get(child.get("dataRef")), _type_from_2(child))
        elif tag == "pc":
            out.code("open", child.get("id"), data.get(child.get("dataRefStart")), _type_from_2(child))
            _walk_2(child, out, path, data)
            out.code("close", child.get("id"), data.get(child.get("dataRefEnd")))
        elif tag == "sc":
            out.code("open", child.get("id"), data.get(child.get("dataRef")), _type_from_2(child))
        elif tag == "ec":
            out.code("close", child.get("startRef") or child.get("id"), data.get(child.get("dataRef")))
        elif tag == "cp":
            out.text(chr(int(child.get("hex", "0"), 16)))
        elif tag in ("sm", "em"):
            pass
        else:
            _walk_2(child, out, path, data)
        out.text(child.tail)
