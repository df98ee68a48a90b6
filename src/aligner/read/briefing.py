"""Reading a briefing file into a Document: the seed format, plain text, or an HTML page.

The seed format is what the briefing crawler writes: `title:`, `url:`, `author:` header lines, then
`content:` and the text. Each non-empty line of the content is a paragraph; segmentation never joins
lines, because in briefings a line break separates a speaker label, a numbered item or an answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from aligner.errors import InputError
from aligner.model import Document
from aligner.read.encoding import read_text

_HEADER = re.compile(r"^\s*(title|url|author|content)\s*[:：]\s?(.*)$", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE | re.DOTALL)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "main", "blockquote", "pre", "dd", "dt", "dl", "hr", "figcaption", "center", "td", "th",
}
_CONTENT_HINT = re.compile(r"(^|[\s_-])(content|article|main|text|TRS_Editor|detail|zoom|body-text|post)([\s_-]|$)", re.IGNORECASE)


def read_document(path: str | Path) -> Document:
    """Read any supported briefing file; the document id is the file's stem."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() in HTML_SUFFIXES or _HTML_START.match(text):
        doc = parse_html(text, path.stem)
    else:
        doc = parse_text(text, path.stem)
    doc.path = path
    if not doc.paragraphs:
        raise InputError("no text content", path)
    return doc


def parse_text(text: str, doc_id: str) -> Document:
    """The seed format when the text starts with its header, plain text otherwise."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    body_start = 0
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if _HEADER.match(lines[first]):
        for i in range(first, len(lines)):
            match = _HEADER.match(lines[i])
            if not match:
                if lines[i].strip():
                    break
                continue
            key, value = match.group(1).lower(), match.group(2).strip()
            if key == "content":
                lines[i] = value
                body_start = i
                break
            meta[key] = value
            body_start = i + 1
    return Document(
        id=doc_id,
        paragraphs=_paragraphs(lines[body_start:]),
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        author=meta.get("author") or None,
    )


def parse_html(text: str, doc_id: str) -> Document:
    """Main text of an HTML page: boilerplate dropped, the densest content block kept."""
    text = _XML_DECL.sub("", text, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"cannot parse HTML: {err}", doc_id) from None
    title_el = root.find(".//title")
    title = " ".join(title_el.text_content().split()) if title_el is not None else None
    for bad in root.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        bad.drop_tree()
    body = root.find("body")
    container = _main_container(body if body is not None else root)
    h1 = root.find(".//h1")
    if not title and h1 is not None:
        title = " ".join(h1.text_content().split())
    return Document(id=doc_id, paragraphs=_paragraphs(_block_text(container).split("\n")), title=title or None)


def _main_container(root: etree._Element) -> etree._Element:
    """The element holding the article: an explicit content block if marked, else the richest in <p> text."""
    best, best_len = root, 0
    for el in root.iter("article", "main", "div", "section", "td"):
        hint = f"{el.get('id', '')} {el.get('class', '')}"
        paragraph_text = sum(len(p.text_content().strip()) for p in el.findall("p"))
        score = paragraph_text * (2 if el.tag in ("article", "main") or _CONTENT_HINT.search(hint) else 1)
        if score > best_len:
            best, best_len = el, score
    if best_len == 0:
        return root
    return best


def _block_text(el: etree._Element) -> str:
    """Text with a line break at every block boundary, so paragraphs survive."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(el)
    return "".join(parts)


def _paragraphs(lines: list[str]) -> list[str]:
    """Non-empty lines with surrounding whitespace (including ideographic spaces) removed, inner runs collapsed."""
    paragraphs = []
    for line in lines:
        line = re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip()
        if line:
            paragraphs.append(line)
    return paragraphs
