"""Inline codes between plain text and the three XML code vocabularies (TMX, XLIFF 1.2, XLIFF 2).

Each reader walks a segment element with a `Collector`, which keeps the text and records every code
at the character offset where it occurs; each writer turns the text and its codes back into a
sequence of text pieces and codes (`pieces`) and renders the codes in its own elements. Whether an
open/close code is a pair or an isolated half is decided per segment (`paired_ids`), so a format
that needs to know (TMX `<it>`, XLIFF `<it>`, XLIFF 2 `isolated`) gets it right whatever the source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from aligner.formats.xmlsafe import clean
from aligner.model import InlineCode


class Collector:
    """Accumulates the plain text of a segment and the codes met while walking it."""

    __slots__ = ("parts", "codes", "length", "_auto")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.codes: list[InlineCode] = []
        self.length = 0
        self._auto = 0

    def text(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def code(self, kind: str, id: str | None, data: str | None = None, type: str | None = None) -> None:
        if id is None:
            self._auto += 1
            id = f"auto{self._auto}"
        self.codes.append(InlineCode(self.length, kind, id, data or None, None if kind == "close" else type))

    def result(self) -> tuple[str, list[InlineCode]]:
        return "".join(self.parts), self.codes


def code_data(element: etree._Element) -> str:
    """The native code carried by a TMX/XLIFF 1.2 code element, `<sub>` text included."""
    return "".join(element.itertext())


def pieces(text: str, codes: Iterable[InlineCode]) -> list[str | InlineCode]:
    """`text` cut at the codes' offsets, codes in place; offsets past the end land at the end."""
    out: list[str | InlineCode] = []
    pos = 0
    for code in sorted(codes, key=lambda c: c.offset):
        offset = min(max(code.offset, 0), len(text))
        if offset > pos:
            out.append(text[pos:offset])
            pos = offset
        out.append(code)
    if pos < len(text):
        out.append(text[pos:])
    return out


def paired_ids(codes: Iterable[InlineCode]) -> set[str]:
    """Ids with an open code followed by a close code in the same segment."""
    opened: set[str] = set()
    paired: set[str] = set()
    for code in sorted(codes, key=lambda c: c.offset):
        if code.kind == "open":
            opened.add(code.id)
        elif code.kind == "close" and code.id in opened:
            paired.add(code.id)
    return paired


Rendered = tuple[str, dict[str, str], "str | None"]


def content(
    text: str, codes: list[InlineCode], render: Callable[[InlineCode, bool], Rendered]
) -> Iterator[str | Rendered]:
    """Text pieces (XML-illegal characters removed) and codes rendered by `render(code, paired)` as
    (tag, attributes, content). Cleaning happens piece by piece, so codes stay where they were.
    """
    if not codes:
        yield clean(text)
        return
    paired = paired_ids(codes)
    for piece in pieces(text, codes):
        if isinstance(piece, str):
            yield clean(piece)
        else:
            yield render(piece, piece.id in paired)


def fill(parent: etree._Element, items: Iterable[str | Rendered]) -> None:
    """Put `content(...)` into an element being built."""
    last: etree._Element | None = None
    for item in items:
        if isinstance(item, str):
            if last is None:
                parent.text = (parent.text or "") + item
            else:
                last.tail = (last.tail or "") + item
        else:
            tag, attrib, data = item
            last = etree.SubElement(parent, tag, attrib)
            last.text = data


def emit(xf: etree.xmlfile, items: Iterable[str | Rendered]) -> None:
    """Write `content(...)` straight into an `xmlfile` being streamed."""
    for item in items:
        if isinstance(item, str):
            if item:
                xf.write(item)
        else:
            tag, attrib, data = item
            with xf.element(tag, attrib):
                if data:
                    xf.write(data)


def code_text(data: str | None) -> str | None:
    return None if data is None else clean(data)

