"""The domain objects every stage passes along.

Stages are plain functions over these; keeping them small dataclasses (not dicts) means a reader, a
writer and an engine cannot disagree about a field's name or meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Document:
    """One briefing as read from disk: its text content split into paragraphs, plus metadata.

    `content` is the paragraphs joined by "\\n"; segment offsets point into it, so outputs can be traced
    back to the exact characters of the source.
    """

    id: str
    paragraphs: list[str]
    path: Path | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    lang: str | None = None

    @property
    def content(self) -> str:
        return "\n".join(self.paragraphs)

    def paragraph_offsets(self) -> list[int]:
        """Start offset of each paragraph in `content`."""
        offsets, pos = [], 0
        for para in self.paragraphs:
            offsets.append(pos)
            pos += len(para) + 1
        return offsets


@dataclass(frozen=True)
class Segment:
    """A sentence (or a label line) of a document, with where it came from.

    `start`/`end` are character offsets into `Document.content`: `content[start:end] == text`.
    """

    text: str
    lang: str
    document: str
    paragraph: int
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Bead:
    """An alignment bead: 0-based sentence indices on each side (either may be empty) and its score."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0


@dataclass(frozen=True)
class InlineCode:
    """A formatting code inside a segment (bold on/off, a line break, a link) that is not text.

    `Unit.source`/`Unit.target` stay plain text so that engines, the glossary and metrics never see
    markup; codes ride alongside, anchored at `offset` (a character index into that plain text).
    `kind` is `open`, `close` or `ph` (standalone); an open and a close with the same `id` form a
    pair, and the same `id` on the source and the target side marks the same code. `data` is the
    original native markup (`<b>`) when the file carried it, `type` the code's type (`bold`, `link`).
    """

    offset: int
    kind: str
    id: str
    data: str | None = None
    type: str | None = None


@dataclass
class Unit:
    """A bilingual translation unit, the common currency of every output format.

    `origin` is one of mt, tm, aligned, human. `quality` is the 0-100 combined score (None when not
    scored), `scores` the named components behind it. `terms` are the glossary sources applied in the
    target, `missed` those that were expected but not found. `notes` carry human-readable reasons
    (low-quality reasons, reviewer notes). `props` keeps any other per-unit property a reader found so a
    conversion does not drop it. `source_codes`/`target_codes` are the inline codes of TMX/XLIFF
    segments, kept beside the plain text (see `InlineCode`).
    """

    source: str
    target: str
    src_lang: str = "zh-CN"
    tgt_lang: str = "en-US"
    id: str | None = None
    origin: str = "mt"
    engine: str | None = None
    quality: float | None = None
    band: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    document: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    source_codes: list[InlineCode] = field(default_factory=list)
    target_codes: list[InlineCode] = field(default_factory=list)


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a source text, direction-resolved.

    `source` is the term as it stands in the source (`text[start:end]`), `target` the approved
    rendering in the target language and `variants` other acceptable renderings. Engines receive these
    as hints; the check afterwards looks for `target` or a variant in the hypothesis.
    """

    source: str
    target: str
    start: int
    end: int
    variants: tuple[str, ...] = ()
