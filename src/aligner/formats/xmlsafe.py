"""XML hygiene shared by the readers and writers: safe parsing and XML-legal text.

Corpus files come from anywhere, so parsing never resolves entities, never touches the network and
keeps libxml2's size limits; a document that declares entities at all is refused, since no TMX or
XLIFF needs them and they are the vehicle of entity-expansion and external-entity (XXE) attacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from aligner.errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Characters XML 1.0 forbids even as character references: C0 controls other than tab/LF/CR,
# lone surrogates and the non-characters U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` without the characters XML cannot carry (they would make lxml refuse the document)."""
    if text.isprintable():  # the common case, and a fast C scan: every illegal character is unprintable
        return text
    return _ILLEGAL.sub("", text)


def _parser_events(path: Path, events: tuple[str, ...], tag: object = None) -> etree.iterparse:
    return etree.iterparse(
        str(path),
        events=events,
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _refuse_entities(element: etree._Element, path: Path) -> None:
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.entities()):
        raise InputError("the document declares XML entities; refused (entity expansion/XXE risk)", path)


def root_of(path: Path) -> etree._Element:
    """The root element (tag and attributes only), read without parsing the rest of the file."""
    try:
        for _, element in _parser_events(path, ("start",)):
            _refuse_entities(element, path)
            return element
    except etree.XMLSyntaxError as err:
        raise InputError(f"malformed XML: {_one_line(err)}", path) from None
    raise InputError("empty XML document", path)


def iterparse(path: Path, events: tuple[str, ...], tag: object) -> Iterator[tuple[str, etree._Element]]:
    """`lxml.etree.iterparse` with the safe settings; syntax errors become one-line InputErrors."""
    root_of(path)
    try:
        yield from _parser_events(path, events, tag)
    except etree.XMLSyntaxError as err:
        raise InputError(f"malformed XML: {_one_line(err)}", path) from None


def release(element: etree._Element) -> None:
    """Drop a processed element and its already-processed siblings, so the tree never grows."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def refuse_entity(node: etree._Element, path: Path) -> None:
    """Called on any non-element node inside content: an unexpanded entity reference is refused."""
    if node.tag is etree.Entity:
        raise InputError(f"entity reference {node.text} is not allowed", path)


def _one_line(err: etree.XMLSyntaxError) -> str:
    msg = " ".join(str(err.msg or err).split())
    line = getattr(err, "lineno", None)
    return f"{msg} (line {line})" if line and f"line {line}" not in msg else msg
