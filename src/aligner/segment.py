"""Sentence segmentation for Chinese and English briefings, paragraph aware.

A line break always ends a segment: in briefings it separates speaker labels, numbered items and
answers. Within a paragraph the rules follow what a careful human translator would cut:

Chinese — a sentence ends at 。！？, at ASCII ! and ? used as sentence ends, and at ……; closing quotes
and brackets stay with their sentence; ； and ： never end a sentence inside a line; a numbered item
(一、 （一） 1.) starts a segment and keeps its number.

English — a sentence ends at . ! ? (and an ellipsis before a capital) followed by a space and a
plausible sentence start; abbreviations (Mr., U.S., Jan., No. 5), initials, decimals and enumerators
do not end one; closing quotes stay with their sentence.

Segments carry character offsets into `Document.content` so every output can point back to its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from aligner import langs
from aligner.model import Document, Segment

# --- Chinese ---------------------------------------------------------------------------------------
_ZH_CLOSERS = "”’」』）》〉】〕)]\"'"
_ZH_END = re.compile(
    r"(?:[。！？]+|……+|…+|(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef”’」』）])[!?]+(?=$|[\s\u4e00-\u9fff”’」』）\"'\u3000-\u303f]))"
    rf"[{re.escape(_ZH_CLOSERS)}]*"
)
_ZH_NUMBER = r"[一二三四五六七八九十百]+"
# A numbered item that starts a new segment inside a line, after a colon, semicolon or space.
_ZH_ITEM = re.compile(rf"(?<=[：；:;\s])(?=(?:{_ZH_NUMBER}、|[（(]{_ZH_NUMBER}[）)]|\d+[、．.](?!\d)))")
# After an ellipsis, text that continues the same sentence (……等, ……，) is not a new one.
_ZH_CONTINUES = re.compile(r"[，、；：,;:等）)]")

# --- English ---------------------------------------------------------------------------------------
_EN_CANDIDATE = re.compile(r"(?:\.{3,}|…|[.!?]+)[\"'”’)\]]*(?=\s+|$)")
_EN_START = re.compile(r"\s*[\"'“‘(\[]*([A-Z0-9\u4e00-\u9fff])")
# Abbreviations that (almost) never end a sentence.
_EN_NEVER_FINAL = {
    "mr", "mrs", "ms", "dr", "prof", "st", "mt", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "adm", "maj", "cmdr", "hon", "amb", "pres", "rev", "fr", "vs", "e.g", "i.e", "cf", "fig", "figs",
    "vol", "vols", "pp", "para", "art", "arts", "sec", "ch", "approx", "est", "dept", "univ", "messrs",
}
# Months and "No." only bind to a following number ("Jan. 5", "No. 1").
_EN_BEFORE_NUMBER = {"no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# Abbreviations that may end a sentence: they end one only when a typical sentence opener follows.
_EN_MAYBE_FINAL = {"etc", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "a.m", "p.m"}
_EN_OPENERS = {
    "the", "this", "that", "these", "those", "there", "we", "i", "you", "it", "he", "she", "they", "our",
    "his", "her", "its", "their", "my", "in", "on", "at", "as", "but", "and", "so", "however", "meanwhile",
    "what", "why", "how", "when", "where", "who", "which", "if", "a", "an", "china", "chinese", "q", "also",
    "since", "for", "with", "after", "before", "during", "over", "under", "to", "from", "according",
}
_EN_ENUMERATOR = re.compile(r"^\s*(?:\(?\d+|[ivxlcdm]+|[a-z])\.$", re.IGNORECASE)


def segment_document(doc: Document, lang: str | None = None) -> list[Segment]:
    """Split every paragraph of a document; the language is detected from the script when not given."""
    lang = langs.base(lang) if lang else langs.detect(doc.content)
    split = _split_zh if lang == "zh" else _split_en
    segments: list[Segment] = []
    for number, (offset, paragraph) in enumerate(zip(doc.paragraph_offsets(), doc.paragraphs)):
        for start, end in split(paragraph):
            segments.append(
                Segment(
                    text=paragraph[start:end],
                    lang=lang,
                    document=doc.id,
                    paragraph=number,
                    index=len(segments),
                    start=offset + start,
                    end=offset + end,
                )
            )
    return segments


def segment_text(text: str, lang: str, document: str = "") -> list[Segment]:
    """Segment a bare string (one paragraph per line)."""
    return segment_document(Document(id=document, paragraphs=_lines(text)), lang)


def presegmented(doc: Document, lang: str | None = None) -> list[Segment]:
    """One segment per non-empty line, for input that is already split into sentences."""
    lang = langs.base(lang) if lang else langs.detect(doc.content)
    return [
        Segment(text=p, lang=lang, document=doc.id, paragraph=i, index=i, start=offset, end=offset + len(p))
        for i, (offset, p) in enumerate(zip(doc.paragraph_offsets(), doc.paragraphs))
    ]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _trimmed(text: str, cuts: list[int]) -> Iterator[tuple[int, int]]:
    """Spans between cut points with surrounding whitespace removed; empty spans dropped."""
    bounds = [0, *sorted(set(cuts)), len(text)]
    for start, end in zip(bounds, bounds[1:]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield start, end


def _split_zh(text: str) -> list[tuple[int, int]]:
    cuts = []
    for match in _ZH_END.finditer(text):
        end = match.end()
        if match.group().startswith("…") and end < len(text) and _ZH_CONTINUES.match(text, end):
            continue
        cuts.append(end)
    cuts.extend(m.start() for m in _ZH_ITEM.finditer(text))
    return list(_trimmed(text, cuts))


def _split_en(text: str) -> list[tuple[int, int]]:
    cuts = []
    for match in _EN_CANDIDATE.finditer(text):
        end = match.end()
        if end >= len(text):
            continue
        if _en_sentence_ends(text, match.start(), end):
            cuts.append(end)
    return list(_trimmed(text, cuts))


def _en_sentence_ends(text: str, mark: int, end: int) -> bool:
    """Whether the punctuation at text[mark:end] ends a sentence, judged from the words around it."""
    following = _EN_START.match(text, end)
    if not following:
        return False
    next_word = re.match(r"[\w']+", text[following.start(1) :])
    next_word_text = next_word.group() if next_word else ""
    punct = text[mark:end].rstrip("\"'”’)]")
    if punct[0] in "!?":
        return True
    if punct.startswith("...") or punct.startswith("…"):
        return following.group(1).isupper()
    word = text[:mark].rsplit(None, 1)[-1] if text[:mark].strip() else ""
    word = word.lstrip("\"'“‘([")
    key = word.lower()
    if not word:
        return False
    if _EN_ENUMERATOR.match(text[:end].rstrip("\"'”’)]")) and not text[:mark].strip()[:-len(word)].strip():
        return False
    if key in _EN_NEVER_FINAL:
        return False
    if key in _EN_BEFORE_NUMBER and following.group(1).isdigit():
        return False
    if len(word) == 1 and word.isupper():
        return False
    if key in _EN_MAYBE_FINAL or re.fullmatch(r"(?:[a-z]\.)+[a-z]", key):
        return next_word_text.lower() in _EN_OPENERS
    return True
